"""The shape every language module has: ``Word`` tokens and the ``Language`` interface."""

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
