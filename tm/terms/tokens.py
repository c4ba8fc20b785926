"""A segment's words for term work: markup, placeholders and code identifiers masked, offsets kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tm import inline
from tm.lang import Language, get_language
from tm.text import TERM_PLACEHOLDER


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    """The shared Language object (get_language parses the code on every call)."""
    return get_language(code)


# Placeholders of software messages: %s, %(name)s, %1$s, {name}, {0}, HTML entities.
_BARRIER = "\x1f"  # ends a phrase, like punctuation
# Code identifiers in running text ("css_file", "MAX_LENGTH"): names, not words of a term.
_SNAKE_CASE = re.compile(r"(?<![\w.])[^\W_]+(?:_[^\W_]+)+(?![\w])")


def visible_text(text: str) -> str:
    """``text`` with markup replaced by spaces, and placeholders and snake_case identifiers by
    barrier characters, same length, so offsets into it are offsets into ``text`` and phrases
    never run through a placeholder."""
    out: list[str] = []
    for t in inline.tokenize(text):
        if isinstance(t, inline.Text):
            out.append(t.text)
        elif t.type == "code":
            out.append(" " + t.code[1:-1] + " " if len(t.code) >= 2 else " " * len(t.code))
        else:
            out.append(" " * len(t.code) if t.type in ("link", "bold", "italic") else _BARRIER * len(t.code))
    joined = "".join(out)
    joined = TERM_PLACEHOLDER.sub(lambda m: _BARRIER * len(m.group()), joined)
    return _SNAKE_CASE.sub(lambda m: _BARRIER * len(m.group()), joined) if "_" in joined else joined


@dataclass(frozen=True)
class Tokens:
    """A segment's words: surfaces, offsets, and which neighbours are joined."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    joined: tuple[bool, ...]  # joined[i]: word i and word i+1 are in one run


def tokens(text: str, lang_code: str) -> Tokens:
    return _tokens(text, lang_code)


_MAY_HAVE_MARKUP = re.compile(r"[\[*_`<!%{&]").search


@lru_cache(maxsize=100_000)
def _tokens(text: str, lang_code: str) -> Tokens:
    lang = language(lang_code)
    vis = visible_text(text) if _MAY_HAVE_MARKUP(text) else text
    ws = [w for w in lang.words(vis) if _BARRIER not in w.text]
    starts = tuple(w.start for w in ws)
    ends = tuple(w.end for w in ws)
    # Two words belong to one phrase only with nothing but spaces between them (inline: this
    # runs for every word of every segment).
    joined = tuple(
        [(gap := vis[a:b]) == " " or (gap != "" and gap.strip(" \t\u00a0") == "") for a, b in zip(ends, starts[1:])]
        + [False]
    ) if ws else ()
    return Tokens(tuple(w.text for w in ws), starts, ends, joined)


def has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)
