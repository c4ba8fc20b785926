"""Fallback language for any code: a Unicode word tokenizer, simplemma lemmas where simplemma
knows the language (lower-casing otherwise) and wordfreq's most frequent words as stopwords.

The tokenizer is shared with English and Polish. What counts as one word:

- letters, marks and digits, with hyphens and apostrophes inside kept whole:
  "brokerów-dealerów", "fast-food", "don't", "company's";
- a dot followed by a lower-case letter joins ("Glassdoor.com", "node.js"); a dot followed by
  an upper-case letter does not, so a missing space after a full stop ("end.Next") still
  separates the words;
- initialisms keep their dots, the last one included: "U.S.", "e.g.", "i.e.", "m.in.", "Ph.D."
  (pieces of one or two letters, at least two pieces);
- numbers keep their separators: "57,504", "3.5", "1,000.50"; with ``space_groups`` a
  space-grouped number is one word too ("57 504", groups of exactly three digits after a
  first group of one to three, so "2021 500" stays two words);
- a language may list abbreviations written with a dot ("ds", "np", "Mr"): the dot after them
  is part of the word ("ds.", "Mr."), so a term keeps it ("kierownik ds. kont").
Currency signs, percent signs and other punctuation are never part of a word.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import regex

from tm.files import replaced_atomically
from tm.lang.base import Word

_AN = r"[\p{L}\p{M}\p{N}]"
_INITIALISM = r"(?<![\p{L}\p{M}\p{N}.])(?:\p{L}{1,2}\.){2,}(?![\p{L}\p{M}\p{N}])"
_SPACED_NUMBER = r"(?<![\p{L}\p{M}\p{N}])\p{Nd}{1,3}(?:[ \u00a0\u202f]\p{Nd}{3})+(?![\p{L}\p{M}\p{N}]|[.,]\p{Nd})"
_WORD = (
    rf"{_AN}+(?:(?:[-\u2010\u2011'\u2019]|\.(?=\p{{Ll}})|(?<=\p{{Nd}})[.,](?=\p{{Nd}})){_AN}+)*"
)
_TOKEN = regex.compile(f"{_INITIALISM}|{_WORD}")
_TOKEN_SPACED = regex.compile(f"{_INITIALISM}|{_SPACED_NUMBER}|{_WORD}")
# The same patterns without the alternatives a text cannot match (an initialism needs a dot, a
# spaced number a digit): the full pattern tries them at every position, which doubles the time.
_PLAIN = regex.compile(_WORD)
_NUMBERED = regex.compile(f"{_SPACED_NUMBER}|{_WORD}")
_DOTTED = _TOKEN
_DIGIT = regex.compile(r"\p{Nd}")
_LETTER = regex.compile(r"\p{L}")


def _pattern(text: str, space_groups: bool):
    dot = "." in text
    if space_groups and _DIGIT.search(text) is not None:
        return _TOKEN_SPACED if dot else _NUMBERED
    return _DOTTED if dot else _PLAIN


def tokenize_words(text: str, abbreviations: frozenset[str] = frozenset(), space_groups: bool = True) -> list[Word]:
    """Words of ``text`` with their offsets (see the module docstring for the rules).

    ``abbreviations`` are lower-case, without the dot.
    """
    words: list[Word] = []
    n = len(text)
    new = tuple.__new__  # Word(...) without the named tuple's Python-level __new__
    for m in _pattern(text, space_groups).finditer(text):
        start, end = m.span()
        if abbreviations and end < n and text[end] == "." and m.group().lower() in abbreviations:
            end += 1
        words.append(new(Word, (text[start:end], start, end)))
    return words


def has_letters(word: str) -> bool:
    return _LETTER.search(word) is not None


def match_case(form: str, like: str) -> str:
    """``form`` written with the capitalisation of ``like`` (all caps, capitalised or as is)."""
    if len(like) > 1 and like.isupper():
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


@lru_cache(maxsize=None)
def simplemma_supports(code: str) -> bool:
    # simplemma takes half a second to import: only when a word needs it
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return code in SUPPORTED_LANGUAGES


_simplemma_lock = threading.Lock()


def cache_folder() -> Path:
    """Where tm keeps what it derives from installed packages: $TM_CACHE_DIR, else the user's
    cache folder (~/.cache/tm on Linux)."""
    env = os.environ.get("TM_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir  # 0.1 s to import, for a path needed once

    return Path(user_cache_dir("tm"))


def _trie_factory():
    """simplemma's dictionaries as MARISA tries kept in the cache folder, or None (then
    simplemma's own loader). Decoding simplemma's compressed Polish dictionary takes about 4 s
    in every process; the cached trie loads in milliseconds. It is built once, from the
    installed simplemma package (nothing is downloaded), about 9 s for Polish."""
    try:  # simplemma takes half a second to import: only when a word needs it
        import simplemma
        from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory
    except ImportError:  # marisa-trie or platformdirs missing
        return None

    class AtomicTrieFactory(TrieDictionaryFactory):
        # Written under a temporary name and renamed, so a process reading the cache never
        # sees half a file from another that is still writing it.
        def _write_trie_to_disk(self, lang, trie):
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            with replaced_atomically(self._cache_dir / f"{lang}.dic") as tmp:
                trie.save(tmp)

    folder = cache_folder() / "simplemma" / simplemma.__version__
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None  # no writable cache: building a trie each run would be slower than no trie
    return AtomicTrieFactory(disk_cache_dir=str(folder))


@lru_cache(maxsize=None)
def _simplemma():
    """(lemmatizer, dictionary lookup) sharing one dictionary factory."""
    # simplemma takes half a second to import: only when a word needs it
    import simplemma
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    factory = _trie_factory() or DEFAULT_DICTIONARY_FACTORY
    lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
    return lemmatizer, DictionaryLookupStrategy(factory)


@lru_cache(maxsize=200_000)
def simplemma_lemma(word: str, code: str) -> str:
    """simplemma's lemma, or ``word`` itself when simplemma does not know the language."""
    if not simplemma_supports(code):
        return word
    # The first call loads the language's dictionary; one load at a time.
    with _simplemma_lock:
        return _simplemma()[0].lemmatize(word, code)


@lru_cache(maxsize=200_000)
def simplemma_known(word: str, code: str) -> bool:
    """Is ``word`` in simplemma's dictionary of ``code``?"""
    if not simplemma_supports(code):
        return False
    with _simplemma_lock:
        return _simplemma()[1].get_lemma(unicodedata.normalize("NFC", word), code) is not None


@lru_cache(maxsize=None)
def frequent_words(code: str, n: int = 50) -> frozenset[str]:
    """wordfreq's ``n`` most frequent words: nearly all function words in any language."""
    import wordfreq  # about a second to import: only for languages without a stopword list

    if code not in wordfreq.available_languages():
        return frozenset()
    return frozenset(wordfreq.top_n_list(code, n))


class GenericLanguage:
    """Any language: simplemma lemmas where available, else the lower-cased word."""

    def __init__(self, code: str):
        self.code = code

    def __repr__(self) -> str:
        return f"GenericLanguage({self.code!r})"

    def words(self, text: str) -> list[Word]:
        return tokenize_words(text)

    def lemmas(self, word: str) -> tuple[str, ...]:
        return (self.lemma(word),)

    def lemma(self, word: str) -> str:
        if not has_letters(word):
            return word.lower()
        return simplemma_lemma(word, self.code).lower()

    def lemma_source(self, word: str) -> str:
        """"simplemma" when simplemma changed the word, else "surface"."""
        if has_letters(word) and simplemma_lemma(word, self.code).lower() != word.lower():
            return "simplemma"
        return "surface"

    def is_stopword(self, word: str) -> bool:
        return word.lower() in frequent_words(self.code)

    def base_form(self, words: Sequence[str]) -> str:
        # Without a grammar of the language the term is shown as found.
        return " ".join(words)

    def lemma_key(self, words: Sequence[str]) -> tuple[str, ...]:
        """Grouping key of a multi-word term: every word lemmatized."""
        return tuple(self.lemma(w) for w in words)

    def forms(self, lemma: str) -> set[str]:
        return {lemma.lower()}
