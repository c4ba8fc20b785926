"""What of a segment is prose: markup, link targets, code, placeholders and URLs masked out.

Shared by the checks, with the patterns several of them use.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from tm import inline
from tm.lang import Word
from tm.lang import get_language as _get_language
from tm.terms import tokens

LETTER = regex.compile(r"\p{L}")


@lru_cache(maxsize=None)
def get_language(code: str):
    # The registry normalises the code with a regex on every call; checks ask per pair.
    return _get_language(code)


# printf and format-string placeholders (gettext catalogues, templates). A space is not taken as
# a printf flag: "50 % sprzedaży" is text, not "% s".
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
BARE_URL = regex.compile(
    r"(?:https?|ftp)://\w[^\s<>\"'()\[\]\p{Pi}\p{Pf}]*|(?<![\w.@/])www\.\w[^\s<>\"'()\[\]\p{Pi}\p{Pf}]*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


# Quick tests that let most plain sentences skip the markup, URL and placeholder parsers.
MARKUP_HINT = regex.compile(r"[\[\]*_`<!]")
URL_HINT = regex.compile(r"://|www\.|@")
PLACEHOLDER_HINT = regex.compile(r"[%{$]")
BRACKET_HINT = regex.compile(r"[()\[\]*`<>]")


@lru_cache(maxsize=100_000)
def tokens_with_offsets(text: str) -> tuple[tuple[int, inline.Token], ...]:
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
    for pattern in (PLACEHOLDER, BARE_URL):
        for m in pattern.finditer(masked):
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    return masked


@lru_cache(maxsize=100_000)
def cached_words(lang: str, text: str):
    """``lang``'s words of ``text`` (cached: several checks read the same segment)."""
    return tuple(get_language(lang).words(text))


def prose_words(text: str, lang: str):
    """Words of ``text`` outside markup, code, placeholders and URLs, with offsets into it.
    Shares tm.terms' cached tokenization, which the term checks use on the same text."""
    vis = visible(text)
    tok = tokens(text, lang)
    if vis is text:  # nothing masked: every word is prose
        return list(map(Word, tok.words, tok.starts, tok.ends))
    return [
        Word(w, a, b) for w, a, b in zip(tok.words, tok.starts, tok.ends) if vis[a:b] == w
    ]


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def snippet(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
