"""English: simplemma lemmas, a built-in stopword list, regular inflection for ``forms``."""

from __future__ import annotations

from typing import Sequence

from tm.lang.base import Word
from tm.lang.generic import has_letters, match_case, simplemma_lemma, tokenize_words

# Abbreviations written with a dot; the dot stays part of the word ("Mr.", "etc."). Words that
# also end sentences as ordinary words ("no", "co", "mar") are left out.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr vs etc approx inc ltd corp dept est fig vol
    jan feb apr jun jul aug sep sept oct nov dec""".split()
)

STOPWORDS = frozenset(
    """a about above after again against all almost also although am among an and another any
    anyone anything are aren't around as at be became because become been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
    down during each either else enough etc even ever every few for from further had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just least less
    let's many may me might more most much must mustn't my myself neither no nor not now of off
    often on once one only or other others otherwise ought our ours ourselves out over own per
    rather same several shall shan't she she'd she'll she's should shouldn't since so some such
    than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those though through thus to too toward towards under until up
    upon us very via was wasn't we we'd we'll we're we've were weren't what what's whatever when
    when's where where's whether which while who who's whom whose why why's will with within
    without won't would wouldn't yet you you'd you'll you're you've your yours yourself
    yourselves""".split()
)

# Plural-looking nouns that a glossary shows as they are ("public relations", "sales").
_KEEP_PLURAL = frozenset(
    """sales news goods earnings savings headquarters means series species arrears thanks
    clothes premises proceeds customs logistics analytics economics ethics politics physics
    mathematics statistics relations operations communications""".split()
)
_IRREGULAR_PLURALS = ("men", "women", "people", "children", "feet", "teeth", "mice")
_PREPOSITIONS = frozenset("of for in on at to from with by per about".split())


def _possessive_stripped(word: str) -> str:
    for suffix in ("'s", "\u2019s"):
        if word.lower().endswith(suffix) and len(word) > 2:
            return word[: -len(suffix)]
    return word


def is_stopword(word: str) -> bool:
    return word.lower().replace("\u2019", "'") in STOPWORDS


class English:
    code = "en"

    def __repr__(self) -> str:
        return "English()"

    def words(self, text: str) -> list[Word]:
        # Space-grouped numbers are not English ("in 12 500 cases" is rare but real).
        return tokenize_words(text, ABBREVIATIONS, space_groups=False)

    def lemmas(self, word: str) -> tuple[str, ...]:
        return (self.lemma(word),)

    def lemma(self, word: str) -> str:
        if not has_letters(word) or "." in word:
            return word.lower()  # numbers, "U.S.", "Glassdoor.com", "Mr."
        return simplemma_lemma(_possessive_stripped(word), "en").lower()

    def lemma_source(self, word: str) -> str:
        return "simplemma" if self.lemma(word) != word.lower() else "surface"

    def is_stopword(self, word: str) -> bool:
        return is_stopword(word)

    def base_form(self, words: Sequence[str]) -> str:
        """The head noun in the singular: the last word, or the word before "of"/"for"/...:
        "account executives" -> "account executive", "heads of sales" -> "head of sales"."""
        if not words:
            return ""
        out = list(words)
        head = len(out) - 1
        for i, w in enumerate(out[1:], start=1):
            if w.lower() in _PREPOSITIONS:
                head = i - 1
                break
        out[head] = self._singular(out[head])
        return " ".join(out)

    def _singular(self, word: str) -> str:
        low = word.lower()
        if low in _KEEP_PLURAL or not has_letters(word) or "." in word:
            return word
        # Only plural nouns change: "advertising" must not become "advertise".
        if not (low.endswith("s") or low.endswith(_IRREGULAR_PLURALS)):
            return word
        lemma = self.lemma(word)
        if lemma == low or (low.endswith("s") and len(lemma) < len(low) - 3):
            return word  # unchanged, or a lemma too far from a plural to trust
        return match_case(lemma, word)

    def lemma_key(self, words: Sequence[str]) -> tuple[str, ...]:
        """Grouping key of a multi-word term: every word lemmatized."""
        return tuple(self.lemma(w) for w in words)

    def forms(self, lemma: str) -> set[str]:
        """Regular noun and verb inflection: plural/3rd person, past, -ing."""
        w = lemma.lower()
        out = {w}
        if not w.isalpha():
            return out
        if w.endswith(("s", "x", "z", "ch", "sh")):
            out.add(w + "es")
        elif len(w) > 1 and w.endswith("y") and w[-2] not in "aeiou":
            out.add(w[:-1] + "ies")
        else:
            out.add(w + "s")
        if w.endswith("e"):
            out |= {w + "d", w[:-1] + "ing"}
        elif len(w) > 1 and w.endswith("y") and w[-2] not in "aeiou":
            out |= {w[:-1] + "ied", w + "ing"}
        else:
            out |= {w + "ed", w + "ing"}
            # Short consonant-vowel-consonant verbs double the last letter: "plan" -> "planned".
            if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
                out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
        for irregular_singular, plural in (("man", "men"), ("person", "people"), ("child", "children")):
            if w.endswith(irregular_singular):
                out.add(w[: -len(irregular_singular)] + plural)
        return out


# -- verbs ---------------------------------------------------------------------------------------
#
# A small rule tagger: terms are noun phrases, and a verb that is kept out of them ("expected to
# bring", "may be assigned") must not take the target words of a noun.

_MODALS = frozenset("can could may might must shall should will would cannot can't won't don't doesn't didn't do does did".split())
_BE = frozenset("be is are was were been being am 's 're".split())
_SUBJECTS = frozenset("i you he she it we they who which that".split())
_ADVERBS = frozenset(
    "often usually always never also sometimes generally then just still typically frequently rarely normally not".split()
)


def guess_verbs(words: Sequence[str]) -> list[bool]:
    """Which words are verbs by their left context: after "to", a modal, a subject pronoun, or
    a form of "be" (for -ed/-ing words), adverbs in between allowed."""
    out = [False] * len(words)
    low = [w.lower() for w in words]
    for i, w in enumerate(low):
        j = i - 1
        while j >= 0 and low[j] in _ADVERBS:
            j -= 1
        prev = low[j] if j >= 0 else ""
        if prev == "to" or prev in _MODALS or prev in _SUBJECTS:
            out[i] = not is_stopword(w)
        elif prev in _BE and (w.endswith("ed") or w.endswith("ing") or w.endswith("en")):
            out[i] = True
        elif j < i - 1 and prev and w.endswith("s") is False and low[i - 1] in _ADVERBS and low[i - 1] not in ("not", "then", "just", "still"):
            out[i] = True  # "often receive", "usually include"
    return out
