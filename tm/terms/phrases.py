"""Candidate phrases of one segment.

English (and any language without a grammar here): stopword-bounded n-grams of one to four
words ("of" may stand inside: "table of contents"), verbs left out. Polish: noun phrases checked
against morfeusz2 readings (``tm.lang.pl.noun_phrase_spans``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from tm.lang import en, pl
from tm.terms.model import Key
from tm.terms.tokens import Tokens, has_letter, language

_ENGLISH_INNER = frozenset({"of"})
MAX_NGRAM = 4


@dataclass(frozen=True)
class Span:
    """A candidate phrase in a segment: words [start, end)."""

    start: int
    end: int


@lru_cache(maxsize=400_000)
def is_content_word(word: str, lang_code: str) -> bool:
    if not has_letter(word) or word[:1].isdigit():
        return False
    if language(lang_code).is_stopword(word):
        return False
    return not (lang_code == "pl" and pl.is_function_word(word))


def phrase_spans(tok: Tokens, lang_code: str, verbs: Sequence[bool] | None = None) -> list[Span]:
    """Candidate phrases of a tokenized segment (see the module docstring). ``verbs`` marks
    words known to be verbs (they stay out of phrases); by default the rule tagger decides."""
    if lang_code == "pl":
        return [Span(i, j) for i, j in pl.noun_phrase_spans(tok.words, tok.joined)]
    if verbs is None:
        verbs = en.guess_verbs(tok.words) if lang_code == "en" else [False] * len(tok.words)
    return _ngram_spans(tok.words, tok.joined, lang_code, verbs)


def _ngram_spans(words: Sequence[str], joined: Sequence[bool], lang_code: str, verbs: Sequence[bool]) -> list[Span]:
    content = [is_content_word(w, lang_code) and len(w) > 1 and not v for w, v in zip(words, verbs)]
    inner_ok = [c or (w.lower() in _ENGLISH_INNER and lang_code == "en") for w, c in zip(words, content)]
    out: list[Span] = []
    n = len(words)
    for i in range(n):
        if not content[i]:
            continue
        for j in range(i + 1, min(n, i + MAX_NGRAM) + 1):
            if j - 1 > i and not joined[j - 2]:
                break
            if not inner_ok[j - 1]:
                break
            if content[j - 1]:
                out.append(Span(i, j))
    return out


def starts_with_verb(tok: Tokens, lang_code: str) -> bool:
    """Does a (Polish) segment start with a word that can only be a verb ("Usuń", "Zapisz")?
    Software messages start with imperatives, and the English then does too: "Delete page"
    -> "Usuń stronę" marks "Delete" as a verb, which English spelling alone cannot."""
    if lang_code != "pl" or len(tok.words) < 2:
        return False
    return pl.is_imperative(tok.words[0])


def can_be_verb(word: str, lang_code: str) -> bool:
    """Can the word be a verb (or a verbal noun or participle)? Unknown words can, and so can
    every word of a language without a grammar here."""
    return lang_code != "pl" or pl.can_be_verb(word)


@dataclass
class Analysis:
    """A segment's candidate phrases and their lemma keys."""

    tok: Tokens
    spans: list[Span]
    keys: list[Key]  # per span
    verbs: list[bool] = field(default_factory=list)  # per word: a verb by the rule tagger
