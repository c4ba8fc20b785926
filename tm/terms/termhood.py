"""Is a phrase a term: the shape a glossary entry has, and how specific it is to the memory.

A term is a noun phrase (or a name) a translator would put in a glossary. English shape, from
the word classes LemmInflect's lexicon lists for each word (MIT, its data ships in the wheel):
the last word can be a noun (or is unknown to the lexicon: a name, an acronym, a coinage), every
word before it can be a noun, an adjective or an -ing form ("shipping address"), but not a very common adjective ("new",
"important"; "of" may stand inside: "table of contents"), and
no word is a verb in its sentence (``tm.lang.en.guess_verbs``). A single word that general
English uses all the time ("use", "way", "need", "set": wordfreq Zipf frequency of at least
``GENERIC_ZIPF``) is no term however often the memory has it, unless a person lists it.

The other side: a rendering must be a Polish noun phrase (``tm.lang.pl.noun_phrase_spans``);
``tm.terms.render`` only ever picks one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from lemminflect import getAllLemmas
from wordfreq import zipf_frequency

GENERIC_ZIPF = 5.3  # "name" 5.6, "use" 5.8, "way" 6.0; "page" 5.1 and "file" 4.8 stay terms
# An adjective this common is a description, not part of a name: "new product", "important
# client" ("new" 6.3, "important" 5.6); "financial" 4.9 and "regular" 4.9 may start terms.
GENERIC_ADJECTIVE_ZIPF = 5.0
_NOMINAL = frozenset({"NOUN", "PROPN"})
_MODIFIER = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
_INNER = frozenset({"of"})


@lru_cache(maxsize=200_000)
def word_classes(word: str) -> frozenset[str]:
    """Universal POS tags the lexicon lists for ``word`` (empty: unknown to it). A hyphenated
    compound takes its last part's classes ("broker-dealer": "dealer")."""
    low = word.lower()
    found = getAllLemmas(low) or getAllLemmas(word)
    if not found and "-" in low:
        last = low.rsplit("-", 1)[1]
        found = getAllLemmas(last) if last else {}
    return frozenset(found)


def is_name(word: str) -> bool:
    """An acronym or a word written with a capital inside ("FINRA", "WordPress")."""
    return (len(word) > 1 and word.isupper()) or any(c.isupper() for c in word[1:])


@lru_cache(maxsize=200_000)
def is_generic(word: str, lang_code: str) -> bool:
    """A word general language uses all the time (Zipf frequency >= GENERIC_ZIPF)."""
    return not is_name(word) and zipf_frequency(word.lower(), lang_code) >= GENERIC_ZIPF


def term_shape(words: Sequence[str], verbs: Sequence[bool], lang_code: str) -> bool:
    """Does the phrase have a term's shape (see the module docstring)? ``verbs``: per word,
    a verb in its sentence. Languages without a lexicon here: no verb, not a generic single
    word."""
    if not words or any(verbs):
        return False
    if len(words) == 1 and is_generic(words[0], lang_code):
        return False
    if lang_code != "en":
        return True
    head = words[-1]
    if not is_name(head):
        classes = word_classes(head)
        if classes and not classes & _NOMINAL:
            return False
    for w in words[:-1]:
        if w.lower() in _INNER or is_name(w):
            continue
        classes = word_classes(w)
        # a verb's -ing form may name a kind of thing ("shipping address", "billing address")
        if classes and not classes & _MODIFIER and not w.lower().endswith("ing"):
            return False
        if classes == {"ADJ"} and zipf_frequency(w.lower(), lang_code) >= GENERIC_ADJECTIVE_ZIPF:
            return False
    return True
