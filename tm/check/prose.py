"""What the term checks read of a segment: its prose only.

Software text mixes prose with things no translator renders: option names
(``--target-directory``), ``$VARIABLES``, metavariables of help text (``FILE``, ``<DIR>``),
placeholders, code, paths, URLs. A glossary term inside one of them ("file" in
``--file=FILE``) is no term use, and looking for its rendering in the target is a false alarm.
``term_view`` blanks them out, same length, so offsets into the view are offsets into the
segment; a blanked run is a barrier (``\\x1f``): a phrase never runs through it.

The reverse problem is a rendering split by a line break of wrapped help text
("standardowe\\nwyjście") or by inline markup ("<b>standardowe</b> wyjście"): line breaks and
tags become plain spaces in the view, so the words stand side by side. Accelerator markers of UI
catalogues ("_Plik", "&Otwórz", "Pl_ik") are dropped so the word reads as a word.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from tm.text import PLACEHOLDER, TERM_PLACEHOLDER, URL, tokens_with_offsets
from tm import inline

BARRIER = "\x1f"

# --foo, --foo=BAR, -f, -print (a single dash needs no word character before it: "e-mail" stays)
_OPTION = re.compile(r"(?<![\w/.\-])--?[A-Za-z0-9][\w-]*(?:=[^\s,;:)\]}>]*)?")
_VARIABLE = re.compile(r"\$[A-Za-z_]\w*|\$\{[^{}\s]*\}|%[A-Z_][A-Z0-9_]*%")
_PATH = re.compile(r"(?<![\w.:/])(?:~|\.{1,2})?/[\w.+\-]+(?:/[\w.+\-]*)*")
# dotted names (org.gnome.Weather, foo.conf) and camelCase identifiers (gtkWidget, setValue)
_IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w.]?\w)|(?<!\w)[a-z]+[A-Z]\w*")
# ALL-CAPS words, any alphabet ("PLIK", "ŹRÓDŁO"), with a lower-case plural "s" ("FILEs")
_CAPS = regex.compile(r"(?<![\w\-])\p{Lu}[\p{Lu}0-9_]*[\p{Lu}0-9](?:[-_][\p{Lu}0-9]+)*s?(?![\w\-])")
# a metavariable's place: after an option ("-o FILE", "--file=FILE"), in brackets ("<FILE>",
# "[FILE]"), before "..." ("FILE...")
_META_PLACE = re.compile(r"(?:--?[A-Za-z][\w-]*[= ]|[<\[]\s*)$")
# "&Plik", "_Plik", and mid-word in a capitalised or non-ASCII word ("Pl_ik", "otwó_rz"); a
# lower-case ASCII "css_file" is an identifier
_ACCEL = re.compile(r"(?<!&)&(?=\w)(?!#?\w+;)|(?<![\w_])_(?=\w)|(?<=\w)_(?=\w)")
# Anything term_view would change; most sentences have none and are returned as they are.
_HINT = regex.compile(r"(?:^|[\s(\[|,])--?[A-Za-z0-9]|[$%/{}<>\[\]`_&\n\r\t@\u2028]|\p{Lu}[\p{Lu}0-9_]|\w\.\w|[a-z][A-Z]|://")


def term_view(text: str, other: str = "", *, source: bool = True) -> str:
    """``text`` as the term checks read it (see the module doc); ``other`` is the pair's other
    side: an ALL-CAPS word copied into it unchanged ("FILE" in both) is a name, not prose.
    In a ``source`` text, ALL-CAPS words of help text are metavariables too (with an option
    in the text, after an option, in brackets, before "..."); in a target, a translated one
    ("PLIKU") stays: it may be the rendering of the prose word "file" beside it."""
    if not _HINT.search(text):
        return text
    return _view(text, _copied_caps(other) if other else frozenset(), source)


def _copied_caps(other: str) -> frozenset[str]:
    return frozenset(m.group() for m in _CAPS.finditer(other)) if any(c.isupper() for c in other) else frozenset()


# a dotted name or a camelCase word may be there
_IDENTIFIER_HINT = re.compile(r"\w\.[A-Za-z_]|[a-z][A-Z]")

# (pattern, characters one of which the text must hold for the pattern to be tried): most
# texts skip most patterns, which keeps the view cheap on a large memory
_BLANKED = (
    (URL, ("://", "www.", "@")),
    (PLACEHOLDER, ("%", "{", "$")),
    (TERM_PLACEHOLDER, ("%", "{", "&")),
    (_VARIABLE, ("$", "%")),
    (_OPTION, ("-",)),
    (_PATH, ("/",)),
    (_IDENTIFIER, _IDENTIFIER_HINT),
)
_MARKUP = re.compile(r"[\[\]*_`<!]")
_TWO_CAPS = regex.compile(r"\p{Lu}[\p{Lu}0-9_]")
_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " "})


@lru_cache(maxsize=100_000)
def _view(text: str, copied: frozenset[str], source: bool = True) -> str:
    view = _drop_accelerators(text)
    blanks: list[tuple[int, int, str]] = []
    if _MARKUP.search(view):
        for pos, t in tokens_with_offsets(view):
            if isinstance(t, inline.Tag):
                # code and images are no prose; link, emphasis and HTML marks are spaces, so the
                # words they wrap stand side by side ("<b>standardowe</b> wyjście")
                blanks.append((pos, pos + len(t.code), BARRIER if t.type in ("code", "image", "autolink") else " "))
        view = _apply(view, blanks)
        blanks = []
    for pattern, needs in _BLANKED:
        if needs.search(view) if isinstance(needs, re.Pattern) else any(n in view for n in needs):
            blanks += [(m.start(), m.end(), BARRIER) for m in pattern.finditer(view)]
    if _TWO_CAPS.search(view):
        has_option = "-" in view and bool(_OPTION.search(view))
        for m in _CAPS.finditer(view):
            if m.group() in copied or source and (
                has_option
                or _META_PLACE.search(view, 0, m.start())
                or view.startswith("...", m.end())
            ):
                blanks.append((m.start(), m.end(), BARRIER))
    return _apply(view, blanks).translate(_BREAKS)


def _apply(text: str, blanks: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, fill) run overwritten by ``fill``."""
    if not blanks:
        return text
    chars = list(text)
    for a, b, fill in blanks:
        chars[a:b] = fill * (b - a)
    return "".join(chars)


def _drop_accelerators(text: str) -> str:
    """``text`` without UI accelerator markers, same length: "_Plik" -> " Plik", "Pl_ik" ->
    "Plik " (the rest of the word moves left by one). Only when the text has exactly one
    marker: two underscores are an identifier or emphasis, not an accelerator."""
    if "_" not in text and "&" not in text:
        return text
    marks = list(_ACCEL.finditer(text))
    if len(marks) != 1:
        return text
    i = marks[0].start()
    if i == 0 or not text[i - 1].isalnum():
        return text[:i] + " " + text[i + 1 :]
    k = i
    while k > 0 and text[k - 1].isalnum():
        k -= 1
    if text[i] == "_" and text[k:i].isascii() and text[k:i].islower():
        return text  # an identifier, not a marker
    j = i + 1
    while j < len(text) and (text[j].isalnum()):
        j += 1
    return text[:i] + text[i + 1 : j] + " " + text[j:]
