"""Lemma keys of words and phrases, and their display forms.

Polish is inflected, so every key is a tuple of lemmas, never a surface string: a Polish phrase
picks each word's reading from the phrase as a whole ("kierownicy kont" -> kierownik, konto);
words no dictionary knows fall back on the memory's ``SubwordStemmer``.
"""

from __future__ import annotations

from typing import Callable, Sequence

from tm.terms.model import Key
from tm.terms.stem import SubwordStemmer
from tm.terms.tokens import has_letter, language, tokens


def word_lemmas(word: str, lang_code: str, stemmer: SubwordStemmer | None = None) -> tuple[tuple[str, ...], str]:
    """Every lemma ``word`` may have, and where the first came from (morfeusz, simplemma,
    sentencepiece or surface)."""
    lang = language(lang_code)
    lemmas = lang.lemmas(word)
    source = lang.lemma_source(word) if hasattr(lang, "lemma_source") else "surface"
    if source == "surface" and stemmer is not None and stemmer.available and word.isalpha() and not word.isupper():
        stem = stemmer.stem(word)
        if stem != word.lower():
            return (stem,) + tuple(l for l in lemmas if l != stem), "sentencepiece"
    return lemmas, source


class Keys:
    """Lemma keys and display forms of phrases in one language, with the subword fallback."""

    def __init__(self, lang_code: str, stemmer: SubwordStemmer | None = None):
        self.code = lang_code
        self.lang = language(lang_code)
        self.stemmer = stemmer
        self._key: dict[tuple[str, ...], tuple[Key, tuple[str, ...]]] = {}
        self._lemmas: dict[str, tuple[tuple[str, ...], str]] = {}
        self._display: dict[tuple[str, ...], str] = {}

    def lemmas(self, word: str) -> tuple[tuple[str, ...], str]:
        hit = self._lemmas.get(word)
        if hit is None:
            hit = self._lemmas[word] = word_lemmas(word, self.code, self.stemmer)
        return hit

    def key(self, words: Sequence[str]) -> tuple[Key, tuple[str, ...]]:
        """(lemma key, words keyed by a fallback as "word:source")."""
        words = tuple(words)
        hit = self._key.get(words)
        if hit is not None:
            return hit
        if len(words) > 1 and self.code == "pl":
            # Polish picks each word's reading from the phrase ("kierownicy kont": kierownik)
            base = list(self.lang.lemma_key(words))
        else:
            base = [self.lemmas(w)[0][0] for w in words]
        fallback = []
        for i, w in enumerate(words):
            lemmas, source = self.lemmas(w)
            if source == "sentencepiece":
                base[i] = lemmas[0]
            if source in ("simplemma", "sentencepiece") and has_letter(w):
                fallback.append(f"{w}:{source}")
        result = (tuple(x.lower() for x in base), tuple(fallback))
        self._key[words] = result
        return result

    def display(self, words: Sequence[str], lowercase: Callable[[str], bool]) -> str:
        """Dictionary form, each word lower-cased unless it is only ever written capitalised."""
        shown = tuple(w.lower() if lowercase(w) else w for w in words)
        hit = self._display.get(shown)
        if hit is None:
            hit = self._display[shown] = self.lang.base_form(shown)
        return hit


def phrase_key(text: str, lang_code: str, stemmer: SubwordStemmer | None = None) -> Key:
    """Lemma key of a phrase written out ("kierownicy kont" -> ("kierownik", "konto"))."""
    tok = tokens(text, lang_code)
    if not tok.words:
        return ()
    return Keys(lang_code, stemmer).key(tok.words)[0]
