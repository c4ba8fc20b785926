"""Known terms in a text, in any inflected form."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Sequence

from tm.terms.keys import Keys
from tm.terms.model import Key, TermMatch
from tm.terms.stem import SubwordStemmer
from tm.terms.tokens import tokens


class TermMatcher:
    """Find phrases, given by lemma keys, in any inflected form.

    ``phrases`` are (key, payload); a key is a tuple of lemmas as ``Keys.key`` (or a language's
    ``lemma_key``) makes them. A word matches a key lemma when any of its readings has that lemma,
    so "kierownicy" matches both kierownik and kierownica, and context (the next word) decides.
    Phrases are indexed by their first lemma, so the cost per text grows with its words, not with
    the number of phrases.
    """

    def __init__(self, phrases: Iterable[tuple[Sequence[str], Any]], lang_code: str, stemmer: SubwordStemmer | None = None):
        self.lang_code = lang_code
        self.keys = Keys(lang_code, stemmer)
        self._index: dict[str, list[tuple[Key, Any]]] = defaultdict(list)
        self.size = 0
        for key, payload in phrases:
            key = tuple(k.lower() for k in key)
            if not key:
                continue
            self._index[key[0]].append((key, payload))
            self.size += 1
        for lst in self._index.values():
            lst.sort(key=lambda kp: -len(kp[0]))  # longest first

    def word_lemmas(self, word: str) -> tuple[str, ...]:
        """The word's lemmas, likeliest first, then the word itself (a tuple, not a set: the
        order in which a word's lemmas are tried decides the order of matches found at one
        place, and must not depend on string hashing). Subclasses may add lemmas (the check adds
        those of a compound's hyphenated parts)."""
        lemmas, _src = self.keys.lemmas(word)
        return tuple(dict.fromkeys((*lemmas, word.lower())))

    def find(self, text: str, *, overlapping: bool = False) -> list[TermMatch]:
        """Matches in ``text``; leftmost-longest and non-overlapping unless ``overlapping``.
        Phrases with the same key all match at the same place (one TermMatch per payload)."""
        tok = tokens(text, self.lang_code)
        n = len(tok.words)
        lemma_lists = [self.word_lemmas(w) for w in tok.words]
        lemma_sets = [frozenset(ls) for ls in lemma_lists]
        found: list[TermMatch] = []
        i = 0
        while i < n:
            hits: list[tuple[int, Key, Any]] = []
            for lemma in lemma_lists[i]:
                for key, payload in self._index.get(lemma, ()):
                    m = len(key)
                    if i + m > n:
                        continue
                    if all(key[x] in lemma_sets[i + x] and (x == 0 or tok.joined[i + x - 1]) for x in range(m)):
                        hits.append((m, key, payload))
            if not hits:
                i += 1
                continue
            longest = max(h[0] for h in hits)
            keep = hits if overlapping else [h for h in hits if h[0] == longest]
            seen: set[int] = set()
            for m, key, payload in sorted(keep, key=lambda h: -h[0]):
                if id(payload) in seen and not overlapping:
                    continue
                seen.add(id(payload))
                start, end = tok.starts[i], tok.ends[i + m - 1]
                found.append(TermMatch(start, end, text[start:end], key, payload))
            i += 1 if overlapping else longest
        return found
