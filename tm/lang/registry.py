"""Which Language object serves a code, and which language a text is written in."""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from typing import Sequence

import regex

from tm.lang.base import Language
from tm.lang.en import English
from tm.lang.generic import GenericLanguage, simplemma_known, simplemma_supports
from tm.lang.pl import Polish
from tm.text import language_code

_lock = threading.Lock()
_languages: dict[str, Language] = {}


def get_language(code: str) -> Language:
    """The Language for ``code``; one shared object per language."""
    key = language_code(code)
    with _lock:
        language = _languages.get(key)
        if language is None:
            language = _languages[key] = _make(key)
        return language


def _make(code: str) -> Language:
    if code == "pl":
        return Polish()
    if code == "en":
        return English()
    return GenericLanguage(code)


# -- detection ---------------------------------------------------------------------------------
#
# A unigram model per candidate: the text's words scored by their wordfreq frequency in each
# language, unknown words at a floor. Frequent function words ("który", "na", "the", "of")
# decide quickly, and a few foreign names ("Account Executive" in Polish text) cannot outvote
# a sentence of them. Letters only one candidate's alphabet uses (ą, ę, ł, ...) add evidence
# for languages wordfreq lacks.

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'\u2019]*")
_FLOOR = 1e-8  # probability of a word a language's list does not have
_MIN_LETTERS = 12  # fewer letters than this: too little to tell
_MIN_MARGIN = 2.0  # log-likelihood lead needed to name a language
_NAME_WEIGHT = 0.3

# Letters that mark a language among the Latin-script ones tm meets most.
_SPECIAL_LETTERS = {
    "pl": "ąćęłńóśźż",
    "cs": "čďěňřšťůž",
    "sk": "äčďĺľňôŕšťž",
    "de": "äöüß",
    "fr": "àâçèéêëîïôûùüÿœ",
    "es": "áéíñóúü¿¡",
    "pt": "ãõáâçéêíóôú",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "tr": "çğıöşü",
    "da": "æøå",
    "nb": "æøå",
    "no": "æøå",
    "sv": "åäö",
    "fi": "äö",
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
}


@lru_cache(maxsize=None)
def _wordfreq_has(code: str) -> bool:
    import wordfreq  # about a second to import: only when a language is detected

    return code in wordfreq.available_languages()


def _word_logprob(word: str, code: str) -> float:
    if _wordfreq_has(code):
        import wordfreq  # about a second to import: only when a language is detected

        try:
            return math.log(max(wordfreq.word_frequency(word, code), _FLOOR))
        except ImportError:  # Chinese and Japanese need tokenizers that are not installed
            return math.log(_FLOOR)
    if simplemma_supports(code):
        return math.log(1e-5 if simplemma_known(word, code) else _FLOOR)
    return math.log(_FLOOR)


def detect_language(text: str, candidates: Sequence[str] = ("en", "pl")) -> str | None:
    """The candidate ``text`` is most likely written in, or None when it has too few letters
    or no candidate leads clearly."""
    codes = list(dict.fromkeys(language_code(c) for c in candidates))
    if not codes:
        return None
    found = _WORD.findall(text)
    words = [w.lower() for w in found]
    if sum(len(w) for w in words) < _MIN_LETTERS:
        return None
    if len(codes) == 1:
        return codes[0]
    letters = [c for w in words for c in w]
    # Capitalised words after the first are often names and titles in the other language
    # ("Account Executive" in Polish text): they count for less.
    weights = [_NAME_WEIGHT if i and w[:1].isupper() else 1.0 for i, w in enumerate(found)]
    scores = {}
    for code in codes:
        # Letters of this alphabet that no other candidate uses: evidence wordfreq may lack
        # for rare words and names.
        others = set().union(*(_SPECIAL_LETTERS.get(c, "") for c in codes if c != code))
        own = set(_SPECIAL_LETTERS.get(code, "")) - others
        scores[code] = sum(wt * _word_logprob(w, code) for w, wt in zip(words, weights)) + 2.0 * sum(
            c in own for c in letters
        )
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if ranked[0][1] - ranked[1][1] < _MIN_MARGIN:
        return None
    return ranked[0][0]

