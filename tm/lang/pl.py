"""Polish: morfeusz2 readings for lemmas, forms and the base form of multi-word terms.

Polish words are ambiguous ("kierownicy" is kierownik pl:nom or kierownica sg:gen), so
``lemmas`` gives every reading, and the multi-word functions (``base_form``, ``lemma_key``)
pick one reading per word from the phrase as a whole: the head noun and the adjectives that
agree with it in number, case and gender (see ``_phrase``).

One Morfeusz instance serves the process; it is not thread-safe, so every call holds a lock.
Results are cached per word, so the lock is taken once per distinct word.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from tm.lang.base import Word
from tm.lang.generic import has_letters, match_case, simplemma_lemma, tokenize_words

# Abbreviations written with a dot; the dot stays part of the word ("ds.", "r.", "tzw.").
ABBREVIATIONS = frozenset(
    """ds np tzw r ok tj itd itp ul al pl nr dr prof mgr inż hab doc gen płk godz min maks tys
    mln mld gr w wg zob por cd cdn jw ww wyd str s tab rys pkt ust art poz sygn tel św ks bp
    abp gm pow woj ang łac niem franc ros ob ew lic br ub zw śr""".split()
)

STOPWORDS = frozenset(
    """a aby ach acz aczkolwiek aj albo ale ależ ani aż bardziej bardzo bez bo bowiem by byli
    bym byś był była było były być będzie będą cali cała cały ci cię ciebie co cokolwiek coś
    czasami czasem czemu czy czyli daleko dla dlaczego dlatego do dobrze dokąd dość dużo dwa
    dwaj dwie dwoje dziś dzisiaj gdy gdyby gdyż gdzie gdziekolwiek gdzieś go i ich ile im inna
    inne inny innych iż ja ją jak jakaś jakby jaki jakichś jakie jakiś jakiż jakkolwiek jako
    jakoś je jeden jedna jedno jednak jednakże jego jej jemu jest jestem jeszcze jeśli jeżeli
    już ją każdy kiedy kilka kimś kto ktokolwiek ktoś która które którego której który których
    którym którzy ku lat lecz lub ma mają mam mi mimo między mną mnie mogą moi moim moja moje
    może możliwe można mój mu musi my na nad nam nami nas nasi nasz nasza nasze naszego naszych
    natomiast natychmiast nawet nią nic nich nie niech niego niej niemu nigdy nim nimi niż no o
    obok od około on ona one oni ono oraz oto owszem pan pana pani po pod podczas pomimo ponad
    ponieważ powinien powinna powinni powinno poza prawie przecież przed przede przedtem przez
    przy roku również sam sama są się skąd sobie sobą sposób swoje ta tak taka taki takie także
    tam te tego tej temu ten teraz też to tobą tobie toteż trzeba tu tutaj twoi twoim twoja
    twoje twym twój ty tych tylko tym u w wam wami was wasz wasza wasze we według wiele wielu
    więc więcej wszyscy wszystkich wszystkie wszystkim wszystko wtedy wy właśnie z za zapewne
    zawsze ze zł znowu znów został żaden żadna żadne żadnych że żeby""".split()
)

_NOUN = ("subst", "ger", "depr")  # heads of a noun phrase, best first
_AGREEING = ("adj", "ppas", "pact")  # words that agree with the head
_PROPER_NAMES = ("nazwisko", "imię")  # personal names: homographs of common words ("Stanach")
_POS_RANK = {"subst": 0, "adj": 0, "ger": 1, "ppas": 1, "pact": 1, "num": 1, "depr": 2}


@dataclass(frozen=True)
class Reading:
    """One morfeusz interpretation of a word."""

    lemma_id: str  # as morfeusz gives it, with the homonym suffix: "kierownik:Sm1"
    tag: str  # "subst:pl:nom.voc:m1"
    names: tuple[str, ...] = ()  # "nazwa_pospolita", "nazwisko", ...
    labels: tuple[str, ...] = ()  # usage qualifiers: "pot.", "rzad.", "daw.", ...

    @property
    def lemma(self) -> str:
        """The lemma as a key: no homonym suffix, lower-case."""
        return self.lemma_id.split(":", 1)[0].replace("_", " ").lower()

    @property
    def pos(self) -> str:
        return self.tag.split(":", 1)[0]

    def field(self, i: int) -> set[str]:
        parts = self.tag.split(":")
        return set(parts[i].split(".")) if i < len(parts) else set()

    @property
    def is_proper_name(self) -> bool:
        return any(n in _PROPER_NAMES for n in self.names)


# -- morfeusz access ---------------------------------------------------------------------------

_lock = threading.Lock()
_morfeusz = None


def _instance():
    global _morfeusz
    if _morfeusz is None:
        import morfeusz2  # loads its dictionaries: only once a Polish word is analysed

        _morfeusz = morfeusz2.Morfeusz()
    return _morfeusz


def _analyse_raw(text: str) -> list:
    with _lock:
        return _instance().analyse(text)


@lru_cache(maxsize=50_000)
def _generate(lemma_id: str) -> tuple[tuple[str, Reading], ...]:
    with _lock:
        try:
            out = _instance().generate(lemma_id)
        except RuntimeError:  # unknown lemma
            return ()
    return tuple(
        (form, Reading(lem, tag, tuple(names), tuple(labels)))
        for form, lem, tag, names, labels in out
        if tag != "ign"  # an unknown lemma comes back as itself
    )


@lru_cache(maxsize=200_000)
def _word_readings(word: str) -> tuple[Reading, ...]:
    """Readings of a single word; () when morfeusz does not know it.

    A word morfeusz splits ("zrobiłem" = zrobił + em) gives the readings of its first part
    when the rest is only an agglutinate or the particle "by".
    """
    if not has_letters(word) or word.endswith("."):
        return ()
    analysis = _analyse_raw(word)
    if not analysis:
        return ()
    by_end: dict[int, list[Reading]] = {}
    rest_ok: dict[int, bool] = {}
    for start, end, (_form, lemma_id, tag, names, labels) in analysis:
        if start == 0:
            by_end.setdefault(end, []).append(Reading(lemma_id, tag, tuple(names), tuple(labels)))
    final = max(end for _s, end, _i in analysis)
    for end in by_end:
        later = [i for s, _e, i in analysis if s >= end]
        rest_ok[end] = end == final or all(i[2].startswith("aglt") or i[1] == "by:T" for i in later)
    for end in sorted(by_end, reverse=True):
        if rest_ok[end]:
            readings = [r for r in by_end[end] if r.pos not in ("ign", "interp")]
            return tuple(readings)
    return ()


@lru_cache(maxsize=200_000)
def _is_brev(stem: str) -> bool:
    """Morfeusz knows ``stem`` + "." as one abbreviation ("ds.", "m.in."; not "U.S.")."""
    return any(
        s == 0 and i[2].startswith("brev") and i[0].lower() == stem.lower()
        for s, _e, i in _analyse_raw(stem + ".")
    )


@lru_cache(maxsize=50_000)
def _zipf(lemma: str) -> float:
    import wordfreq  # about a second to import: only when readings are ranked

    return wordfreq.zipf_frequency(lemma, "pl")


def _reading_rank(r: Reading, surface: str) -> tuple:
    """Sort key of a reading out of context: common-noun and adjective readings first,
    no personal names, no colloquial/rare/archaic readings, capitalisation as written
    ("Stanach" -> Stany, "stanach" -> stan), then the more frequent lemma."""
    proper_lemma = r.lemma_id[:1].isupper()
    return (
        r.is_proper_name,
        bool(r.labels),
        _POS_RANK.get(r.pos, 2),
        proper_lemma != surface[:1].isupper(),
        -_zipf(r.lemma),
    )


def readings(word: str) -> list[Reading]:
    """Morfeusz readings of ``word``, likeliest first (see ``_reading_rank``)."""
    return sorted(_word_readings(word), key=lambda r: _reading_rank(r, word))


def is_stopword(word: str) -> bool:
    return word.lower() in STOPWORDS


# -- the language ------------------------------------------------------------------------------


class Polish:
    code = "pl"

    def __repr__(self) -> str:
        return "Polish()"

    def words(self, text: str) -> list[Word]:
        return tokenize_words(text, ABBREVIATIONS)

    def readings(self, word: str) -> list[Reading]:
        """Morfeusz readings of ``word``, likeliest first (see ``_reading_rank``)."""
        return readings(word)

    def tags(self, word: str) -> list[tuple[str, str]]:
        """(lemma, morfeusz tag) for every reading, likeliest first; [] for unknown words."""
        return [(r.lemma, r.tag) for r in self.readings(word)]

    def analyse(self, text: str) -> list[tuple[Word, list[tuple[str, str]]]]:
        """Every word of ``text`` with its readings, for noun-phrase detection."""
        return [(w, self.tags(w.text)) for w in self.words(text)]

    def lemmas(self, word: str) -> tuple[str, ...]:
        return _lemmas(word)

    def lemma(self, word: str) -> str:
        return _lemmas(word)[0]

    def lemma_source(self, word: str) -> str:
        """Where ``lemma(word)`` came from: "morfeusz", "simplemma" or "surface"."""
        return _lemmas_with_source(word)[1]

    def is_stopword(self, word: str) -> bool:
        return is_stopword(word)

    def forms(self, lemma: str) -> set[str]:
        forms = {form.lower() for form, _r in _generate(lemma)}
        return forms or {lemma.lower()}

    def base_form(self, words: Sequence[str]) -> str:
        """Display form of a term: the head noun and its agreeing adjectives in the nominative
        singular (plural for pluralia tantum), everything else as written:
        "kierownicy kont" -> "kierownik kont", "głównej osoby kontaktowej" -> "główna osoba
        kontaktowa". A phrase without a noun is shown as written; a single word as its lemma."""
        words = list(words)
        phrase = _phrase(words)
        if phrase is None:
            if len(words) == 1 and _word_readings(words[0]):
                return match_case(self.lemma(words[0]), words[0])
            return " ".join(words)
        out = list(words)
        for i, reading in phrase.agreeing.items():
            out[i] = _inflect_word(words[i], reading, phrase)
        return " ".join(out)

    def lemma_key(self, words: Sequence[str]) -> tuple[str, ...]:
        """Grouping key of a term: every word lemmatized, the head and its adjectives with the
        reading the phrase chose ("kierownicy kont" -> ("kierownik", "konto"))."""
        words = list(words)
        phrase = _phrase(words)
        key = [self.lemma(w) for w in words]
        if phrase is not None:
            for i, reading in phrase.agreeing.items():
                if "-" not in words[i]:
                    key[i] = reading.lemma
        return tuple(key)


@lru_cache(maxsize=200_000)
def _lemmas(word: str) -> tuple[str, ...]:
    return _lemmas_with_source(word)[0]


@lru_cache(maxsize=200_000)
def _lemmas_with_source(word: str) -> tuple[tuple[str, ...], str]:
    if not has_letters(word):
        return (word.lower(),), "surface"
    if word.endswith("."):
        # Abbreviations and initialisms keep their written form: "ds.", "r.", "m.in.".
        return (word.lower(),), ("morfeusz" if _is_brev(word[:-1]) else "surface")
    readings = sorted(_word_readings(word), key=lambda r: _reading_rank(r, word))
    if readings:
        return tuple(dict.fromkeys(r.lemma for r in readings)), "morfeusz"
    if "-" in word.strip("-"):
        # A compound morfeusz does not know as a whole: lemmatize the parts ("broker-dealer").
        parts = [_lemmas_with_source(p) for p in word.split("-") if p]
        joined = "-".join(p[0][0] for p in parts)
        sources = {p[1] for p in parts}
        source = "morfeusz" if sources == {"morfeusz"} else ("simplemma" if "simplemma" in sources else "surface")
        if source == "morfeusz" or "simplemma" in sources:
            return (joined,), source
    # simplemma is only asked about words that look like Polish words, not acronyms ("FINRA")
    # or codes: its Polish dictionary takes seconds to load.
    if word.isalpha() and not (len(word) > 1 and word.isupper()):
        guess = simplemma_lemma(word, "pl").lower()
        if guess != word.lower():
            return (guess,), "simplemma"
    return (word.lower(),), "surface"


# -- noun phrases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    number: str  # of the base form: "sg", or "pl" for pluralia tantum
    gender: str
    found_number: str  # as the phrase was written
    found_case: str
    agreeing: dict[int, Reading]  # the head and its adjectives, with the chosen readings


def _structural_readings(word: str) -> tuple[Reading, ...]:
    """Readings that decide the phrase structure; a hyphenated compound morfeusz does not
    know as a whole ("brokerów-dealerów") behaves like its last part."""
    readings = _word_readings(word)
    if not readings and "-" in word.strip("-"):
        readings = _word_readings(word.rsplit("-", 1)[1])
    return readings


def _agrees(r: Reading, number: str, case: str, gender: str) -> bool:
    return number in r.field(1) and case in r.field(2) and gender in r.field(3)


def _phrase(words: list[str]) -> _Phrase | None:
    """Choose the head noun and the reading of it and of its adjectives.

    Candidates: every noun reading of every word whose preceding words are all adjectives
    agreeing with it; the adjectives right after it that agree join it. The best candidate
    covers the most words; ties go to readings that are not personal names, carry no usage
    label (colloquial, rare), are nouns rather than gerunds, are capitalised as written, are
    masculine-personal (m1: terms here are mostly about people, so "kierownicy kont" is
    kierownik pl:nom, not kierownica sg:gen), have the more frequent lemma, start earlier.
    A phrase whose words before the first noun do not agree with it keeps them as written.
    """
    if not words:
        return None
    readings = [_structural_readings(w) for w in words]
    best: tuple[tuple, _Phrase] | None = None
    for strict in (True, False):
        for h, word in enumerate(words):
            for r in readings[h]:
                if r.pos not in _NOUN:
                    continue
                # sorted: of equal candidates the first one found wins, so the order must not
                # depend on string hashing
                for number in sorted(r.field(1)):
                    for case in sorted(r.field(2)):
                        for gender in sorted(r.field(3)):
                            cand = _candidate(words, readings, h, r, number, case, gender, strict)
                            if cand is not None and (best is None or cand[0] > best[0]):
                                best = cand
            if not strict and best is not None:
                break  # relaxed: the first noun only
        if best is not None:
            break
    return None if best is None else best[1]


def _agreeing(readings: tuple[Reading, ...], number: str, case: str, gender: str) -> Reading | None:
    return next((r for r in readings if r.pos in _AGREEING and _agrees(r, number, case, gender)), None)


def _candidate(
    words: list[str],
    readings: list[tuple[Reading, ...]],
    h: int,
    head: Reading,
    number: str,
    case: str,
    gender: str,
    strict: bool,
) -> tuple[tuple, _Phrase] | None:
    """Score and phrase for ``head`` at ``h`` read in this number, case and gender."""
    agreeing = {h: head}
    for i in range(h):
        match = _agreeing(readings[i], number, case, gender)
        if match is not None:
            agreeing[i] = match
        elif strict:
            return None
    for j in range(h + 1, len(words)):
        match = _agreeing(readings[j], number, case, gender)
        if match is None:
            break
        agreeing[j] = match
    plurale_tantum = "pt" in head.tag.split(":")
    score = (
        len(agreeing),
        not head.is_proper_name,
        not head.labels,
        -_NOUN.index(head.pos),
        head.lemma_id[:1].isupper() == words[h][:1].isupper(),
        gender == "m1",
        _zipf(head.lemma),
        -h,
    )
    return score, _Phrase("pl" if plurale_tantum else "sg", gender, number, case, agreeing)


def _inflect_word(word: str, reading: Reading, phrase: _Phrase) -> str:
    """``word`` (read as ``reading``) in the nominative of the phrase's number and gender."""
    if "-" in word.strip("-") and not _word_readings(word):
        # Compound of two words morfeusz knows apart: inflect each part that can agree.
        out = []
        for part in word.split("-"):
            same = next((r for r in _word_readings(part) if _agrees_part(r, phrase)), None)
            out.append(_inflect(part, same, phrase) if same is not None else part)
        return "-".join(out)
    return _inflect(word, reading, phrase)


def _agrees_part(r: Reading, phrase: _Phrase) -> bool:
    """A reading of one part of a compound that stands in the phrase's number and case."""
    if r.pos in _NOUN:
        return phrase.found_number in r.field(1) and phrase.found_case in r.field(2)
    return r.pos in _AGREEING and _agrees(r, phrase.found_number, phrase.found_case, phrase.gender)


def _inflect(word: str, reading: Reading, phrase: _Phrase) -> str:
    number = phrase.number
    if reading.pos in _NOUN:
        # A noun keeps its own plurale tantum status (a compound's parts may differ).
        number = "pl" if "pt" in reading.tag.split(":") else "sg"
    fixed = reading.tag.split(":")[4:]  # degree, aspect, negation, collectivity: keep them
    best: tuple | None = None
    for form, r in _generate(reading.lemma_id):
        if r.pos != reading.pos or number not in r.field(1) or "nom" not in r.field(2):
            continue
        if reading.pos in _AGREEING and phrase.gender not in r.field(3):
            continue
        if reading.pos in _NOUN and not (r.field(3) & reading.field(3)):
            continue
        score = (r.tag.split(":")[4:] == fixed, not r.labels, r.lemma_id == reading.lemma_id)
        if best is None or score > best[0]:
            best = (score, form)
    if best is None:
        return word
    return match_case(best[1], word)


# -- noun phrases as term candidates -----------------------------------------------------------
#
# Cheaper than ``_phrase`` and permissive: a candidate is a head noun with the adjectives that
# agree with it, then optionally a genitive complement (itself a noun phrase), which may follow
# the abbreviation "ds." ("kierownik ds. obsługi klienta"), or an uninflected apposition
# ("adres e-mail", "kod SMS").

# Pronoun-adjectives and quantifiers: never part of a term ("Twoje konto" -> "konto").
DETERMINERS = frozenset(
    """ten tamten ów taki jaki który każdy wszystek wszelki inny sam swój mój twój nasz wasz
    jego jej ich żaden niektóry pewien jakiś któryś kilka wiele oba obaj cały ów tenże
    pierwszy drugi ostatni następny poprzedni""".split()
)
STOP_LEMMAS = frozenset(
    {"być", "mieć", "móc", "się", "to", "co", "jak", "albo", "oraz", "kto", "coś", "ktoś", "nic", "nikt", "siebie"}
)
LINKERS = frozenset({"ds."})  # "kierownik ds. kont": the abbreviation links head and complement
MAX_NP = 5  # words in a candidate noun phrase
# Imperatives and infinitives only: a finite verb ("Zachęcamy": we encourage) has its own
# subject, and the English sentence then starts with a noun ("Account executives are...").
_MOOD = frozenset({"impt", "inf"})
_VERBAL = frozenset("fin inf impt praet bedzie imps pcon pant ppas pact ger pred winien".split())
_ANY = frozenset({"*"})

# (lemma, pos, numbers, cases, genders)
TagSets = tuple[str, str, frozenset, frozenset, frozenset]


def _has_alpha(word: str) -> bool:
    return any(c.isalpha() for c in word)


@lru_cache(maxsize=200_000)
def tag_sets(word: str) -> tuple[TagSets, ...]:
    """(lemma, pos, numbers, cases, genders) of the morfeusz readings; () for unknown words.

    Readings morfeusz labels archaic, rare, colloquial or slang ("umowy" as an archaic
    adjective) are dropped when the word has an unlabelled reading: they would let almost any
    pair of words agree."""
    found = readings(word)
    plain = [r for r in found if not r.labels]
    out = []
    for r in plain or found:
        parts = r.tag.split(":")

        def f(i: int) -> frozenset:
            return frozenset(parts[i].split(".")) if i < len(parts) else frozenset()

        out.append((r.lemma, r.pos, f(1), f(2), f(3)))
    return tuple(out)


def is_function_word(word: str) -> bool:
    """"ds.", or a word whose every reading is a determiner or a function lemma ("być", "się")."""
    if word.lower() in LINKERS:
        return True
    found = tag_sets(word)
    return bool(found) and all(r[0] in DETERMINERS or r[0] in STOP_LEMMAS for r in found)


def is_imperative(word: str) -> bool:
    """Can the word only be an imperative or an infinitive ("Usuń", "Zapisz")?"""
    found = tag_sets(word)
    return bool(found) and all(r[1] in _MOOD for r in found)


def can_be_verb(word: str) -> bool:
    """Can the word be a verb (or a verbal noun or participle)? Unknown words can."""
    found = tag_sets(word)
    return not found or any(r[1] in _VERBAL for r in found)


@lru_cache(maxsize=200_000)
def word_class(word: str) -> tuple[tuple, tuple, bool, bool]:
    """(noun readings, adjective readings, is_wildcard, is_stop) of a word.

    Unknown alphabetic words (foreign names and titles: "Account Executive") are wildcards that
    agree with anything."""
    low = word.lower()
    if low in LINKERS:
        return (), (), False, False
    if not _has_alpha(word) or word[:1].isdigit():
        return (), (), False, True
    if is_stopword(word):
        return (), (), False, True
    found = tag_sets(word)
    if not found:
        return (), (), True, False
    if all(r[0] in DETERMINERS or r[0] in STOP_LEMMAS for r in found):
        return (), (), False, True
    nouns = tuple((r[2], r[3], r[4]) for r in found if r[1] in _NOUN)
    adjs = tuple((r[2], r[3], r[4]) for r in found if r[1] in _AGREEING and r[0] not in DETERMINERS)
    return nouns, adjs, False, False


def _meet(a: frozenset, b: frozenset) -> frozenset:
    if a is _ANY or "*" in a:
        return b
    if b is _ANY or "*" in b:
        return a
    return a & b


def _apposition_ok(word: str) -> bool:
    """An uninflected noun after the head: foreign words, acronyms, hyphenated loans ("e-mail")."""
    nouns, _adjs, wild, _stop = word_class(word)
    if wild:
        return True
    if not nouns:
        return False
    if (len(word) > 1 and word.isupper()) or "-" in word:
        return any("nom" in cases for _n, cases, _g in nouns)
    return False


@lru_cache(maxsize=400_000)
def is_noun_phrase(words: tuple[str, ...], need_gen: bool) -> bool:
    """Do ``words`` form a noun phrase (in the genitive when ``need_gen``)?"""
    n = len(words)
    if n == 0:
        return False
    classes = [word_class(w) for w in words]
    if any(c[3] for c in classes):
        return False
    for h in range(n):
        nouns, _adjs, wild, _stop = classes[h]
        heads = list(nouns)
        if wild:
            heads.append((_ANY, _ANY, _ANY))
        for numbers, cases, genders in heads:
            if need_gen and not wild and "gen" not in cases:
                continue
            want_cases = frozenset({"gen"}) if need_gen and not wild else cases
            if not all(_class_agrees(classes[i], numbers, want_cases, genders) for i in range(h)):
                continue
            # after the head: agreeing adjectives, then nothing, an apposition or a complement
            k = h + 1
            while True:
                if _rest_ok(words, k):
                    return True
                if k < n and _class_agrees(classes[k], numbers, want_cases, genders):
                    k += 1
                    continue
                break
    return False


def _class_agrees(cls: tuple, numbers: frozenset, cases: frozenset, genders: frozenset) -> bool:
    _nouns, adjs, wild, _stop = cls
    if wild:
        return True
    for n2, c2, g2 in adjs:
        if _meet(numbers, n2) and _meet(cases, c2) and (_meet(genders, g2) or not g2):
            return True
    return False


def _rest_ok(words: tuple[str, ...], k: int) -> bool:
    n = len(words)
    if k == n:
        return True
    if k == n - 1 and _apposition_ok(words[k]):
        return True
    if words[k].lower() in LINKERS:
        return k + 1 < n and is_noun_phrase(words[k + 1 :], True)
    return is_noun_phrase(words[k:], True)


def noun_phrase_spans(words: Sequence[str], joined: Sequence[bool]) -> list[tuple[int, int]]:
    """Candidate noun phrases, as word ranges [start, end), of up to ``MAX_NP`` words that are
    joined (``joined[i]``: nothing but spaces between word i and word i + 1)."""
    out: list[tuple[int, int]] = []
    n = len(words)
    classes = [word_class(w) for w in words]
    linker = [w.lower() in LINKERS for w in words]
    # a phrase starts with a noun or an adjective, and ends with a noun, an adjective or an
    # uninflected word; cheap tests that spare most grammar checks
    can_start = [bool(c[0] or c[1] or c[2]) and not c[3] for c in classes]
    for i in range(n):
        if not can_start[i] or linker[i]:
            continue
        for j in range(i + 1, min(n, i + MAX_NP) + 1):
            if j - 1 > i and not joined[j - 2]:
                break
            c = classes[j - 1]
            if c[3]:
                break
            if linker[j - 1] or not (c[0] or c[1] or c[2]):
                continue
            if is_noun_phrase(tuple(words[i:j]), False):
                out.append((i, j))
    return out
