"""What of a segment is prose: markup, link targets, code, placeholders and URLs masked out.

Shared by the checks; the patterns and the masker itself are tm.text's.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from tm.lang import Word
from tm.lang import get_language as _get_language
from tm.terms import tokens
from tm.text import visible

LETTER = regex.compile(r"\p{L}")


@lru_cache(maxsize=None)
def get_language(code: str):
    # The registry normalises the code with a regex on every call; checks ask per pair.
    return _get_language(code)


BRACKET_HINT = regex.compile(r"[()\[\]*`<>]")  # a quick test before the bracket parser


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
