"""What in a segment is not prose (placeholders, numbers, URLs, markup) and language codes.

Placeholders: one pattern per purpose. They differ on purpose and each caller's behaviour
(the check's findings, lookup penalties, term boundaries, the aligner's fitted confidence
weights) depends on its exact pattern, so the differences are kept, named and documented here
rather than merged:

- ``PLACEHOLDER``: the placeholder check and ``visible``. Strict printf (a space is not a
  flag: "50 % sprzedaży" is text), ``%%``, Jinja/Django ``{{ }}`` and ``{% %}``, ``${name}``,
  Python format fields with conversion and spec, ``{}``.
- ``LOOKUP_PLACEHOLDER``: fuzzy lookup penalties. printf with a space flag, ``%1$s``,
  ``{{ var }}``, ``{name}``, ``${name}``.
- ``TERM_PLACEHOLDER``: where a term phrase must stop. Wider: any ``{...}`` without spaces and
  HTML entities (``&amp;``) too.
- ``ALIGN_PLACEHOLDER``: the aligner's "codes" confidence feature (its weights were fitted with
  this pattern): printf with any letter as conversion, ``{name}``.

Numbers, likewise: ``NUMBER`` reads locale formats (the check parses each into its possible
values), ``GROUPED_NUMBER`` with ``numbers_in`` gives one normalised key per number (the
aligner), ``PLAIN_NUMBER`` is digits with inner separators (lookup penalties).

Language codes, from the most lenient: ``primary_subtag`` (unchecked; ``locale=True`` also takes
POSIX locale names), ``language_code`` (validated), ``normalise_language`` (BCP 47 via
langcodes, "pol" -> "pl", and the full tag).
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache

import langcodes
import regex

from tm import inline

# ----- placeholders -------------------------------------------------------------------------

PLACEHOLDER = regex.compile(
    r"""%%
    | %\([^()\s]+\)[-#0+]*\d*(?:\.\d+)?[sdifFrxXeEgGcoa]
    | %(?:\d+\$)?[-#0+]*\d*(?:\.\d+)?[sdifFrxXeEgGco]
    | \{\{[^{}]*\}\}
    | \{%[^{}]*%\}
    | \$\{[^{}]+\}
    | \{[A-Za-z_0-9][\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}
    | \{\}""",
    regex.X,
)
# printf (%s, %d, %(name)s, %1$s), Python/ICU/.NET braces ({0}, {name}, {{ var }}), ${name}.
LOOKUP_PLACEHOLDER = re.compile(
    r"%(?:\([A-Za-z0-9_.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXoeEgGcr%]"
    r"|%\d+\$[sdif]"
    r"|\{\{\s*[^{}]*?\s*\}\}"
    r"|\{[A-Za-z0-9_.:!]*\}"
    r"|\$\{[A-Za-z0-9_]+\}"
)
TERM_PLACEHOLDER = re.compile(r"%(?:\([^)\s]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]|%\d+\$[sd]|\{[^{}\s]*\}|&#?\w+;")
ALIGN_PLACEHOLDER = re.compile(r"%\([\w.]+\)[a-zA-Z]|%[-#0+]*\d*(?:\.\d+)?[a-zA-Z]|\{[\w.]*\}")

# ----- numbers ------------------------------------------------------------------------------

NUMBER = regex.compile(r"(?<![\p{L}\p{N}_])\p{Nd}+(?:(?:[.,]|[ \u00a0\u202f](?=\p{Nd}{3}(?!\p{Nd})))\p{Nd}+)*")
GROUPED_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:(?:[ \u00a0\u202f]|,(?=\d{3}\b)|\.(?=\d{3}\b))\d{3})+(?:[.,]\d+)?(?!\w)|\d+(?:[.,]\d+)?"
)
# 12, 3.5, 1,000.50; "57 504" is two numbers (rare, harmless for a penalty).
PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f]")
_GROUPED_THOUSANDS = re.compile(r"\d{1,3}([,.]\d{3})+")


def numbers_in(text: str) -> list[str]:
    """Numbers with their group separators removed: "$57,504" and "57 504 USD" both give "57504"."""
    out = []
    for m in GROUPED_NUMBER.finditer(text):
        digits = _GROUP_SPACE.sub("", m.group(0))
        if _GROUPED_THOUSANDS.fullmatch(digits):
            digits = re.sub(r"[,.]", "", digits)
        out.append(digits.replace(",", "."))
    return out


# ----- URLs ---------------------------------------------------------------------------------

URL = regex.compile(
    r"(?:https?|ftp)://\w[^\s<>\"'()\[\]\p{Pi}\p{Pf}]*|(?<![\w.@/])www\.\w[^\s<>\"'()\[\]\p{Pi}\p{Pf}]*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
HTML_URL_ATTRIBUTE = regex.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", regex.I)

# ----- masking ------------------------------------------------------------------------------

# Quick tests that let most plain sentences skip the markup, URL and placeholder parsers.
MARKUP_HINT = regex.compile(r"[\[\]*_`<!]")
URL_HINT = regex.compile(r"://|www\.|@")
PLACEHOLDER_HINT = regex.compile(r"[%{$]")


@lru_cache(maxsize=100_000)
def tokens_with_offsets(text: str) -> tuple[tuple[int, inline.Token], ...]:
    """``inline.tokenize(text)`` with the offset of each token in ``text``."""
    if not MARKUP_HINT.search(text):
        return ((0, inline.Text(text)),) if text else ()
    out = []
    pos = 0
    for t in inline.tokenize(text):
        out.append((pos, t))
        pos += len(t.text) if isinstance(t, inline.Text) else len(t.code)
    return tuple(out)


@lru_cache(maxsize=100_000)
def visible(text: str) -> str:
    """``text`` with everything that is not translatable prose blanked out (same length, so
    offsets still point into ``text``): markup, link targets, code, HTML tags, placeholders and
    URLs become spaces."""
    if not (MARKUP_HINT.search(text) or PLACEHOLDER_HINT.search(text) or URL_HINT.search(text)):
        return text
    chars = list(text)
    for pos, t in tokens_with_offsets(text):
        if isinstance(t, inline.Tag):
            for i in range(pos, pos + len(t.code)):
                chars[i] = " "
    masked = "".join(chars)
    for pattern in (PLACEHOLDER, URL):
        for m in pattern.finditer(masked):
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    return masked


# ----- language codes -----------------------------------------------------------------------


def primary_subtag(code: str, *, locale: bool = False) -> str:
    """The primary subtag, lower-case, unchecked: "pl-PL", "pl_PL", "PL" -> "pl". With
    ``locale``, the code is stripped and may be a POSIX locale name: " pl.UTF-8", "sr@latin"."""
    if locale:
        return re.split(r"[-_@.]", code.strip(), maxsplit=1)[0].lower()
    return code.replace("_", "-").split("-")[0].lower()


def language_code(code: str) -> str:
    """The primary language subtag, lower-case: "pl-PL", "pl_PL", " PL" -> "pl"; ValueError for
    what cannot be one (2 to 8 letters)."""
    primary = primary_subtag(code.strip())
    if not regex.fullmatch(r"[a-z]{2,8}", primary):
        raise ValueError(f"not a language code: {code!r}")
    return primary


_LOCALE_JUNK = re.compile(r"[.@].*\Z")  # POSIX locale suffixes: pl_PL.UTF-8, sr_RS@latin


@functools.lru_cache(maxsize=1024)
def normalise_language(tag: str, what: str = "language") -> tuple[str, str | None]:
    """BCP 47 primary subtag and the full canonical tag when it says more.

    ``pl-PL``, ``pl_PL``, ``pl_PL.UTF-8`` → ``("pl", "pl-PL")``; ``PL`` → ``("pl", None)``;
    ``pol`` → ``("pl", None)`` (the shortest code, as BCP 47 wants). ValueError for what is
    not a language tag (``*all*``, ``English``, ``""``).
    """
    raw = (tag or "").strip()
    cleaned = _LOCALE_JUNK.sub("", raw).replace("_", "-")
    try:
        full = langcodes.standardize_tag(cleaned)
    except (ValueError, LookupError):
        raise ValueError(f"{what} {raw!r} is not a BCP 47 language tag") from None
    primary = full.split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        raise ValueError(f"{what} {raw!r} is not a BCP 47 language tag")
    return primary, (full if full.lower() != primary else None)
