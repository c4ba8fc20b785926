"""Language-specific knowledge behind one small interface.

``get_language("pl")`` gives Polish (morfeusz2), ``"en"`` English, anything else a
generic fallback (simplemma where it knows the language, lower-casing otherwise).
Everything that matches, groups or counts words goes through ``lemmas``/``lemma``,
never through surface strings, because Polish inflects.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, Sequence


class Word(NamedTuple):
    # A tuple, not a frozen dataclass: millions are made when a large memory is checked, and
    # a named tuple is several times cheaper to create.
    text: str
    start: int  # character offsets in the text it came from
    end: int


class Language(Protocol):
    code: str  # BCP 47 primary subtag: "en", "pl", "de", ...

    def words(self, text: str) -> list[Word]:
        """Word tokens (letters and digits; hyphenated compounds and apostrophes kept whole)."""

    def lemmas(self, word: str) -> tuple[str, ...]:
        """Every lemma the word may have, lower-cased, the likeliest first; never empty."""

    def lemma(self, word: str) -> str:
        """The likeliest lemma (``lemmas(word)[0]``)."""

    def is_stopword(self, word: str) -> bool: ...

    def base_form(self, words: Sequence[str]) -> str:
        """Dictionary form of a multi-word term, as a glossary shows it."""

    def forms(self, lemma: str) -> set[str]:
        """Every inflected form of a lemma (lower-cased); {lemma} where unknown."""


def get_language(code: str) -> Language:
    from tm.lang.registry import get_language as _get

    return _get(code)


def detect_language(text: str, candidates: Sequence[str] = ("en", "pl")) -> str | None:
    from tm.lang.registry import detect_language as _detect

    return _detect(text, candidates)
