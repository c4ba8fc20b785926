"""Terms: candidate phrases per language, pairing source terms with their renderings, matching.

The pieces, in the order a build uses them:

* ``phrase_spans`` finds candidate phrases in one segment. English (and any language without a
  grammar here): stopword-bounded n-grams of one to four words ("of" may stand inside: "table of
  contents"). Polish: noun phrases checked against morfeusz2 readings, a head noun with the
  adjectives that agree with it, then optionally a genitive complement (itself a noun phrase),
  which may follow the abbreviation "ds." ("kierownik ds. obsługi klienta"), or an
  uninflected apposition ("adres e-mail", "kod SMS").
* ``SubwordStemmer`` is the fallback for words neither morfeusz2 nor simplemma knows (names,
  coinages, typos): a sentencepiece model trained on the memory's own words (no download) splits
  "vouchera" into "voucher" + "a", and the stem is the grouping key. Every word whose key came from
  a fallback is recorded on the rendering (``Rendering.fallback``) so a person can see where the
  fallback changed the grouping.
* ``extract_terms`` pairs terms across aligned segments. Source candidates are ranked by termhood
  (C-value for nesting, times a weirdness factor against wordfreq's general-language frequency);
  every source phrase occurrence in a pair then competes for the target words of that pair
  (Melamed's competitive linking: one target word goes to one source phrase, best association
  first) with Dice association over all pairs on lemma keys, a position prior, and glossary
  entries as a strong prior. Each source phrase's rendering in a pair is the target noun phrase
  around its best word made of words it won (or that nobody won). Every rendering seen is kept with
  its count, pair ids and surfaces.
* ``TermMatcher`` finds known terms in any inflected form: every word is looked up under every
  lemma it may have (Polish words are ambiguous), phrases are indexed by their first lemma.

Polish is inflected, so every key here is a tuple of lemmas, never a surface string.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from tm import inline
from tm.lang import get_language as _get_language

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")


@lru_cache(maxsize=None)
def _lang(code: str):
    """The shared Language object (get_language parses the code on every call)."""
    return _get_language(code)
ORIGINS = ("extracted", "glossary", "edited")
Key = tuple[str, ...]


# ----------------------------------------------------------------------------- data types


@dataclass
class Rendering:
    """One way a source term is (or must not be) translated."""

    text: str  # display base form: "kierownik konta"
    key: Key  # every word lemmatized: ("kierownik", "konto")
    count: int = 0  # aligned pairs where the term is rendered this way
    status: str | None = None  # preferred | admitted | deprecated | forbidden | None
    segment_ids: list[int] = field(default_factory=list)  # pair ids in the memory
    surfaces: set[str] = field(default_factory=set)  # forms seen: "kierownikowi konta", ...
    note: str | None = None  # a person's note on this rendering ("mistranslation: ...")
    fallback: list[str] = field(default_factory=list)  # "word:simplemma" / "word:sentencepiece"
    origin: str = "extracted"  # extracted | glossary | edited: who listed this rendering

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "origin": self.origin,
            "key": list(self.key),
            "count": self.count,
            "status": self.status,
            "segment_ids": list(self.segment_ids),
            "surfaces": sorted(self.surfaces),
            "note": self.note,
            "fallback": list(self.fallback),
        }


@dataclass
class TermEntry:
    """A source term and every rendering of it."""

    id: int | None
    source: str  # display form: "account executive"
    source_key: Key  # ("account", "executive")
    pos: str | None = "noun"
    status: str | None = None  # status of the source term itself (TBX), usually None
    notes: str | None = None
    confidence: float = 0.0  # 0..1
    origin: str = "extracted"  # extracted | glossary | edited
    renderings: list[Rendering] = field(default_factory=list)
    count: int = 0  # aligned pairs where the source term occurs
    src_lang: str = "en"
    tgt_lang: str = "pl"
    fallback: list[str] = field(default_factory=list)  # source words keyed by a fallback

    @property
    def preferred(self) -> Rendering | None:
        """The preferred rendering; else the most frequent one that is not deprecated/forbidden."""
        for r in self.renderings:
            if r.status == "preferred":
                return r
        usable = [r for r in self.renderings if r.status not in ("deprecated", "forbidden")]
        if not usable:
            return None
        return max(usable, key=lambda r: (r.status == "admitted", r.count))

    @property
    def target(self) -> str | None:
        p = self.preferred
        return p.text if p else None

    def with_status(self, *statuses: str | None) -> list[Rendering]:
        return [r for r in self.renderings if r.status in statuses]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "source_key": list(self.source_key),
            "target": self.target,
            "pos": self.pos,
            "status": self.status,
            "notes": self.notes,
            "confidence": round(self.confidence, 4),
            "origin": self.origin,
            "count": self.count,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "fallback": list(self.fallback),
            "renderings": [r.to_dict() for r in self.renderings],
        }


@dataclass(frozen=True)
class TermMatch:
    start: int  # character offsets in the text given
    end: int
    surface: str
    key: Key
    payload: Any


# ----------------------------------------------------------------------------- text helpers

# Placeholders of software messages: %s, %(name)s, %1$s, {name}, {0}, HTML entities.
_PLACEHOLDER = re.compile(r"%(?:\([^)\s]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]|%\d+\$[sd]|\{[^{}\s]*\}|&#?\w+;")
_BARRIER = "\x1f"  # ends a phrase, like punctuation
# Code identifiers in running text ("css_file", "MAX_LENGTH"): names, not words of a term.
_SNAKE_CASE = re.compile(r"(?<![\w.])[^\W_]+(?:_[^\W_]+)+(?![\w])")


def visible_text(text: str) -> str:
    """``text`` with markup replaced by spaces, and placeholders and snake_case identifiers by
    barrier characters, same length, so offsets into it are offsets into ``text`` and phrases
    never run through a placeholder."""
    out: list[str] = []
    for t in inline.tokenize(text):
        if isinstance(t, inline.Text):
            out.append(t.text)
        elif t.type == "code":
            out.append(" " + t.code[1:-1] + " " if len(t.code) >= 2 else " " * len(t.code))
        else:
            out.append(" " * len(t.code) if t.type in ("link", "bold", "italic") else _BARRIER * len(t.code))
    joined = "".join(out)
    joined = _PLACEHOLDER.sub(lambda m: _BARRIER * len(m.group()), joined)
    return _SNAKE_CASE.sub(lambda m: _BARRIER * len(m.group()), joined) if "_" in joined else joined


@dataclass(frozen=True)
class Tokens:
    """A segment's words: surfaces, offsets, and which neighbours are joined."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    joined: tuple[bool, ...]  # joined[i]: word i and word i+1 are in one run


def tokens(text: str, lang_code: str) -> Tokens:
    return _tokens(text, lang_code)


_MAY_HAVE_MARKUP = re.compile(r"[\[*_`<!%{&]").search


@lru_cache(maxsize=100_000)
def _tokens(text: str, lang_code: str) -> Tokens:
    lang = _lang(lang_code)
    vis = visible_text(text) if _MAY_HAVE_MARKUP(text) else text
    ws = [w for w in lang.words(vis) if _BARRIER not in w.text]
    starts = tuple(w.start for w in ws)
    ends = tuple(w.end for w in ws)
    # Two words belong to one phrase only with nothing but spaces between them (inline: this
    # runs for every word of every segment).
    joined = tuple(
        [(gap := vis[a:b]) == " " or (gap != "" and gap.strip(" \t\u00a0") == "") for a, b in zip(ends, starts[1:])]
        + [False]
    ) if ws else ()
    return Tokens(tuple(w.text for w in ws), starts, ends, joined)


def _has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)


# ----------------------------------------------------------------------------- sentencepiece


class SubwordStemmer:
    """Stems of words no dictionary knows, from a sentencepiece model of the memory's own words.

    Trained in-process on the distinct words of the memory (not running text, so a frequent
    inflected form does not become a piece of its own), with a vocabulary of about half as many
    pieces as words. A word's stem is the word without its last piece when that piece is an
    ending (a piece that ends at least three different words, or any piece of one or two
    letters) and what is left is itself a word of the memory, or the stem of two or more of its
    words: "vouchera" = "voucher" + "a", "Executives" = "Executive" + "s". Requiring a known
    stem means the fallback only ever groups a word with another word seen in the memory. Too
    little text (under 200 distinct words) gives no model, and every stem is the word itself.
    """

    MIN_WORDS = 200

    def __init__(self, model_proto: bytes | None = None, endings: Iterable[str] = (), known: Iterable[str] = ()):
        self.model_proto = model_proto
        self._sp = None
        self.endings: frozenset[str] = frozenset(endings)
        self.known: frozenset[str] = frozenset(known)  # stems a word may be grouped under
        if model_proto:
            import sentencepiece as spm

            self._sp = spm.SentencePieceProcessor(model_proto=model_proto)
        self._cache: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return self._sp is not None

    @classmethod
    def train(cls, words: Iterable[str]) -> "SubwordStemmer":
        import io

        distinct = sorted({w for w in words if w.isalpha() and len(w) > 1})
        if len(distinct) < cls.MIN_WORDS:
            return cls(None)
        import sentencepiece as spm

        model = io.BytesIO()
        vocab = max(100, min(8000, len(distinct) // 2))
        try:
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(distinct),
                model_writer=model,
                vocab_size=vocab,
                model_type="unigram",
                hard_vocab_limit=False,
                character_coverage=1.0,
                num_threads=1,
                minloglevel=2,
                split_digits=True,
            )
        except (RuntimeError, OSError):  # too little or odd text: no fallback
            return cls(None)
        stemmer = cls(model.getvalue())
        stemmer._learn(distinct)
        return stemmer

    def _learn(self, words: list[str]) -> None:
        """Endings: last pieces that end at least three different words. Known stems: the
        words themselves, and candidate stems shared by two or more words, so a stem only ever
        groups a word with another one ("Executives" with "Executive", never "Executive" alone
        into "Executiv")."""
        stems_by_ending: dict[str, set[str]] = defaultdict(set)
        split = {}
        for w in sorted({w.lower() for w in words}):
            pieces = self._pieces(w)
            if len(pieces) >= 2:
                rest = "".join(pieces[:-1]).lower()
                stems_by_ending[pieces[-1]].add(rest)
                split[w] = (rest, pieces[-1])
        self.endings = frozenset(e for e, stems in stems_by_ending.items() if len(stems) >= 3 and len(e) <= 4)
        sharing = Counter(rest for rest, end in split.values() if end in self.endings)
        self.known = frozenset({w.lower() for w in words} | {r for r, n in sharing.items() if n >= 2})

    def _pieces(self, word: str) -> list[str]:
        assert self._sp is not None
        pieces = [p.replace("\u2581", "") for p in self._sp.encode_as_pieces(word)]
        return [p for p in pieces if p]

    def stem(self, word: str) -> str:
        """Lower-case stem of ``word`` (the word itself when there is no model or no ending)."""
        low = word.lower()
        if self._sp is None or not word.isalpha():
            return low
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        pieces = self._pieces(word)
        stem = low
        if len(pieces) >= 2 and (pieces[-1] in self.endings or len(pieces[-1]) <= 2):
            rest = "".join(pieces[:-1]).lower()
            if len(rest) >= 3 and rest in self.known:
                stem = rest
        self._cache[word] = stem
        return stem

    def to_json(self) -> dict[str, Any]:
        import base64

        return {
            "model": base64.b64encode(self.model_proto).decode("ascii") if self.model_proto else None,
            "endings": sorted(self.endings),
            "known": sorted(self.known),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "SubwordStemmer":
        import base64

        if not data or not data.get("model"):
            return cls(None)
        return cls(base64.b64decode(data["model"]), data.get("endings", ()), data.get("known", ()))


def word_lemmas(word: str, lang_code: str, stemmer: SubwordStemmer | None = None) -> tuple[tuple[str, ...], str]:
    """Every lemma ``word`` may have, and where the first came from (morfeusz, simplemma,
    sentencepiece or surface)."""
    lang = _lang(lang_code)
    lemmas = lang.lemmas(word)
    source = lang.lemma_source(word) if hasattr(lang, "lemma_source") else "surface"
    if source == "surface" and stemmer is not None and stemmer.available and word.isalpha() and not word.isupper():
        stem = stemmer.stem(word)
        if stem != word.lower():
            return (stem,) + tuple(l for l in lemmas if l != stem), "sentencepiece"
    return lemmas, source


# ----------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Span:
    """A candidate phrase in a segment: words [start, end)."""

    start: int
    end: int


_ENGLISH_INNER = frozenset({"of"})
MAX_NGRAM = 4
MAX_NP = 5

# Polish pronoun-adjectives and quantifiers: never part of a term ("Twoje konto" -> "konto").
_PL_DETERMINERS = frozenset(
    """ten tamten ów taki jaki który każdy wszystek wszelki inny sam swój mój twój nasz wasz
    jego jej ich żaden niektóry pewien jakiś któryś kilka wiele oba obaj cały ów tenże
    pierwszy drugi ostatni następny poprzedni""".split()
)
_PL_NOUN = ("subst", "ger", "depr")
_PL_ADJ = ("adj", "ppas", "pact")
_PL_LINKERS = frozenset({"ds."})  # "kierownik ds. kont": the abbreviation links head and complement


@lru_cache(maxsize=400_000)
def is_content_word(word: str, lang_code: str) -> bool:
    if not _has_letter(word) or word[:1].isdigit():
        return False
    lang = _lang(lang_code)
    if lang.is_stopword(word):
        return False
    if lang_code == "pl":
        if word.lower() in _PL_LINKERS:
            return False
        readings = _pl_readings(word)
        if readings and all(r[0] in _PL_DETERMINERS or r[0] in _PL_STOP_LEMMAS for r in readings):
            return False
    return True


def phrase_spans(tok: Tokens, lang_code: str, verbs: Sequence[bool] | None = None) -> list[Span]:
    """Candidate phrases of a tokenized segment (see the module docstring). ``verbs`` marks
    words known to be verbs (they stay out of phrases); by default the rule tagger decides."""
    if lang_code == "pl":
        return _polish_spans(tok.words, tok.joined)
    if verbs is None:
        verbs = english_verbs(tok.words) if lang_code == "en" else [False] * len(tok.words)
    return _ngram_spans(tok.words, tok.joined, lang_code, verbs)


# Imperatives and infinitives only: a finite verb ("Zachęcamy": we encourage) has its own
# subject, and the English sentence then starts with a noun ("Account executives are...").
_PL_MOOD = frozenset({"impt", "inf"})


def _starts_with_verb(tok: Tokens, lang_code: str) -> bool:
    """Does a (Polish) segment start with a word that can only be a verb ("Usuń", "Zapisz")?
    Software messages start with imperatives, and the English then does too: "Delete page"
    -> "Usuń stronę" marks "Delete" as a verb, which English spelling alone cannot."""
    if lang_code != "pl" or len(tok.words) < 2:
        return False
    readings = _pl_readings(tok.words[0])
    return bool(readings) and all(r[1] in _PL_MOOD for r in readings)


# A small rule tagger for English verbs: terms are noun phrases, and a verb that is kept out of
# them ("expected to bring", "may be assigned") must not take the target words of a noun.
_EN_MODALS = frozenset("can could may might must shall should will would cannot can't won't don't doesn't didn't do does did".split())
_EN_BE = frozenset("be is are was were been being am 's 're".split())
_EN_SUBJECTS = frozenset("i you he she it we they who which that".split())
_EN_ADVERBS = frozenset(
    "often usually always never also sometimes generally then just still typically frequently rarely normally not".split()
)


def english_verbs(words: Sequence[str]) -> list[bool]:
    """Which words are verbs by their left context: after "to", a modal, a subject pronoun, or
    a form of "be" (for -ed/-ing words), adverbs in between allowed."""
    out = [False] * len(words)
    low = [w.lower() for w in words]
    for i, w in enumerate(low):
        j = i - 1
        while j >= 0 and low[j] in _EN_ADVERBS:
            j -= 1
        prev = low[j] if j >= 0 else ""
        if prev == "to" or prev in _EN_MODALS or prev in _EN_SUBJECTS:
            out[i] = not _lang("en").is_stopword(w)
        elif prev in _EN_BE and (w.endswith("ed") or w.endswith("ing") or w.endswith("en")):
            out[i] = True
        elif j < i - 1 and prev and w.endswith("s") is False and low[i - 1] in _EN_ADVERBS and low[i - 1] not in ("not", "then", "just", "still"):
            out[i] = True  # "often receive", "usually include"
    return out


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


# Polish grammar -------------------------------------------------------------------------------

_PL_STOP_LEMMAS = frozenset(
    {"być", "mieć", "móc", "się", "to", "co", "jak", "albo", "oraz", "kto", "coś", "ktoś", "nic", "nikt", "siebie"}
)


@lru_cache(maxsize=200_000)
def _pl_readings(word: str) -> tuple[tuple[str, str, frozenset, frozenset, frozenset], ...]:
    """(lemma, pos, numbers, cases, genders) of the morfeusz readings; () for unknown words.

    Readings morfeusz labels archaic, rare, colloquial or slang ("umowy" as an archaic
    adjective) are dropped when the word has an unlabelled reading: they would let almost any
    pair of words agree."""
    pl = _lang("pl")
    readings = pl.readings(word)  # type: ignore[attr-defined]
    plain = [r for r in readings if not r.labels]
    out = []
    for r in plain or readings:
        parts = r.tag.split(":")

        def f(i: int) -> frozenset:
            return frozenset(parts[i].split(".")) if i < len(parts) else frozenset()

        out.append((r.lemma, r.pos, f(1), f(2), f(3)))
    return tuple(out)


_ANY = frozenset({"*"})


@lru_cache(maxsize=200_000)
def _pl_word_class(word: str) -> tuple[tuple, tuple, bool, bool]:
    """(noun readings, adjective readings, is_wildcard, is_stop) of a Polish word.

    Unknown alphabetic words (foreign names and titles: "Account Executive") are wildcards that
    agree with anything."""
    low = word.lower()
    if low in _PL_LINKERS:
        return (), (), False, False
    if not _has_letter(word) or word[:1].isdigit():
        return (), (), False, True
    pl = _lang("pl")
    if pl.is_stopword(word):
        return (), (), False, True
    readings = _pl_readings(word)
    if not readings:
        return (), (), True, False
    if all(r[0] in _PL_DETERMINERS or r[0] in _PL_STOP_LEMMAS for r in readings):
        return (), (), False, True
    nouns = tuple((r[2], r[3], r[4]) for r in readings if r[1] in _PL_NOUN)
    adjs = tuple((r[2], r[3], r[4]) for r in readings if r[1] in _PL_ADJ and r[0] not in _PL_DETERMINERS)
    return nouns, adjs, False, False


def _meet(a: frozenset, b: frozenset) -> frozenset:
    if a is _ANY or "*" in a:
        return b
    if b is _ANY or "*" in b:
        return a
    return a & b


_PL_VERBAL = frozenset("fin inf impt praet bedzie imps pcon pant ppas pact ger pred winien".split())


def _verbish(word: str, lang_code: str) -> bool:
    """Can the word be a verb (or a verbal noun or participle)? Unknown words can."""
    if lang_code != "pl":
        return True
    readings = _pl_readings(word)
    return not readings or any(r[1] in _PL_VERBAL for r in readings)


def _apposition_ok(word: str) -> bool:
    """An uninflected noun after the head: foreign words, acronyms, hyphenated loans ("e-mail")."""
    nouns, _adjs, wild, _stop = _pl_word_class(word)
    if wild:
        return True
    if not nouns:
        return False
    if (len(word) > 1 and word.isupper()) or "-" in word:
        return any("nom" in cases for _n, cases, _g in nouns)
    return False


@lru_cache(maxsize=400_000)
def _pl_np(words: tuple[str, ...], need_gen: bool) -> bool:
    """Do ``words`` form a noun phrase (in the genitive when ``need_gen``)?"""
    n = len(words)
    if n == 0:
        return False
    classes = [_pl_word_class(w) for w in words]
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
            if not all(_agrees(classes[i], numbers, want_cases, genders) for i in range(h)):
                continue
            # after the head: agreeing adjectives, then nothing, an apposition or a complement
            k = h + 1
            while True:
                if _rest_ok(words, k):
                    return True
                if k < n and _agrees(classes[k], numbers, want_cases, genders):
                    k += 1
                    continue
                break
    return False


def _agrees(cls: tuple, numbers: frozenset, cases: frozenset, genders: frozenset) -> bool:
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
    if words[k].lower() in _PL_LINKERS:
        return k + 1 < n and _pl_np(words[k + 1 :], True)
    return _pl_np(words[k:], True)


def _polish_spans(words: Sequence[str], joined: Sequence[bool]) -> list[Span]:
    out: list[Span] = []
    n = len(words)
    classes = [_pl_word_class(w) for w in words]
    linker = [w.lower() in _PL_LINKERS for w in words]
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
            if _pl_np(tuple(words[i:j]), False):
                out.append(Span(i, j))
    return out


# ----------------------------------------------------------------------------- keys and display


class Keys:
    """Lemma keys and display forms of phrases in one language, with the subword fallback."""

    def __init__(self, lang_code: str, stemmer: SubwordStemmer | None = None):
        self.code = lang_code
        self.lang = _lang(lang_code)
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
            if source in ("simplemma", "sentencepiece") and _has_letter(w):
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


# ----------------------------------------------------------------------------- extraction


@dataclass
class Analysis:
    tok: Tokens
    spans: list[Span]
    keys: list[Key]  # per span
    verbs: list[bool] = field(default_factory=list)  # per word: a verb by the rule tagger


@dataclass
class ExtractionStats:
    pairs: int = 0
    source_candidates: int = 0
    terms_selected: int = 0
    entries: int = 0
    renderings: int = 0
    fallback_words: dict[str, int] = field(default_factory=dict)  # source -> distinct words
    fallback_entries: int = 0  # entries with a rendering or source keyed through a fallback
    sentencepiece: str = "off"  # "trained on N words" | "too little text" | "off"


@dataclass
class Extraction:
    entries: list[TermEntry]
    stats: ExtractionStats
    stemmer: SubwordStemmer | None = None


class _Unit:
    __slots__ = ("key", "start", "end", "pos", "cap", "kid", "verb")

    def __init__(self, key: Key, start: int, end: int, pos: float, cap: int, kid: int, verb: bool = False):
        self.key, self.start, self.end, self.pos, self.cap, self.kid, self.verb = key, start, end, pos, cap, kid, verb


# Tuning, chosen on the seed corpus and the real corpus (see docs/terms.md).
MIN_ASSOC = 0.05  # a source phrase does not claim a target word with less Dice than this
POSITION_WEIGHT = 1.5  # exp(-w * |relative position difference|)
GLOSSARY_PRIOR = 1.0  # added to the association of a word of a glossary rendering
RELIABILITY_K = 2.0  # a phrase seen f times has its associations weighted by f / (f + K)
# A frequent target word (low Dice) may still join a phrase's rendering when it is in at least
# this share of the phrase's pairs: "IP address" -> "adres IP", where "adres" is everywhere.
MIN_SHARE = 0.5
WEAK_EXTENSION = 0.1


def extract_terms(
    pairs: Iterable[tuple[int, str, str]],
    src_lang: str = "en",
    tgt_lang: str = "pl",
    *,
    glossary: Sequence[TermEntry] = (),
    min_count: int = 2,
    use_sentencepiece: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Source terms of ``pairs`` (id, source, target) with every rendering seen.

    ``glossary`` entries are strong priors: their words win target words first, their rendering
    keys win the choice of span, and their source terms are kept even when seen once.
    """
    pairs = [(int(i), s, t) for i, s, t in pairs]
    total = len(pairs)
    stats = ExtractionStats(pairs=total)
    tick = _ticker(progress, 3 * total + 1)

    # 1. tokens; the subword model needs every target word before target keys are made
    src_toks = [tokens(s, src_lang) for _i, s, _t in pairs]
    tick(total)
    tgt_toks = [tokens(t, tgt_lang) for _i, _s, t in pairs]
    stemmer: SubwordStemmer | None = None
    if use_sentencepiece:
        vocab = {w for tk in tgt_toks for w in tk.words}
        stemmer = SubwordStemmer.train(vocab)
        stats.sentencepiece = (
            f"trained on {len({w for w in vocab if w.isalpha() and len(w) > 1})} distinct words"
            if stemmer.available
            else "too little text"
        )
    src_keys = Keys(src_lang, None)
    tgt_keys = Keys(tgt_lang, stemmer)

    # 2. candidates and frequencies (in pairs)
    src_an: list[Analysis] = []
    tgt_an: list[Analysis] = []
    f_src: Counter = Counter()
    f_tgt_span: Counter = Counter()
    f_lemma: Counter = Counter()
    tgt_word_lemmas: list[list[tuple[str, ...]]] = []
    tgt_content: list[list[bool]] = []
    an_cache_s: dict[tuple[str, bool], Analysis] = {}
    an_cache_t: dict[str, tuple[Analysis, list[tuple[str, ...]], list[bool]]] = {}
    for n, (_pid, s, t) in enumerate(pairs):
        imperative = src_lang == "en" and _starts_with_verb(tgt_toks[n], tgt_lang)
        a = an_cache_s.get((s, imperative))
        if a is None:
            tk = src_toks[n]
            verbs = english_verbs(tk.words) if src_lang == "en" else [False] * len(tk.words)
            if imperative and tk.words and not _lang(src_lang).is_stopword(tk.words[0]):
                verbs[0] = True
            spans = phrase_spans(tk, src_lang, verbs)
            a = an_cache_s[(s, imperative)] = Analysis(
                tk, spans, [src_keys.key(tk.words[sp.start : sp.end])[0] for sp in spans], verbs
            )
        src_an.append(a)
        f_src.update(set(a.keys))
        hit = an_cache_t.get(t)
        if hit is None:
            tk = tgt_toks[n]
            spans = phrase_spans(tk, tgt_lang)
            b = Analysis(tk, spans, [tgt_keys.key(tk.words[sp.start : sp.end])[0] for sp in spans])
            # Every content word competes, verbs too: "follow" must be able to win
            # "przestrzegać" so that it does not take a word of someone else's noun phrase.
            content = [is_content_word(w, tgt_lang) for w in tk.words]
            b.verbs = [_verbish(w, tgt_lang) for w in tk.words]
            lem = [tgt_keys.lemmas(w)[0] if content[i] else () for i, w in enumerate(tk.words)]
            hit = an_cache_t[t] = (b, lem, content)
        b, lem, content = hit
        tgt_an.append(b)
        tgt_word_lemmas.append(lem)
        tgt_content.append(content)
        f_tgt_span.update(set(b.keys))
        f_lemma.update({l for ls in lem for l in ls})
    tick(total)
    stats.source_candidates = len(f_src)

    # 3. which source phrases are terms: C-value with a weirdness factor
    gloss_by_key: dict[Key, TermEntry] = {}
    gloss_lemmas: dict[Key, set[str]] = {}
    gloss_render_keys: dict[Key, set[Key]] = {}
    for e in glossary:
        k = tuple(e.source_key) or phrase_key(e.source, src_lang)
        gloss_by_key[k] = e
        lemmas = gloss_lemmas.setdefault(k, set())
        rkeys = gloss_render_keys.setdefault(k, set())
        for r in e.renderings:
            rkeys.add(tuple(r.key))
            lemmas.update(r.key)
            for w in _lang(tgt_lang).words(r.text):
                lemmas.update(tgt_keys.lemmas(w.text)[0])
    termhood = _termhood(f_src, src_lang, sum(len(a.tok.words) for a in src_an) or 1, min_count)
    selected = {k for k, th in termhood.items() if f_src[k] >= min_count and th > 0}
    # A longer phrase seen in under a tenth of the places its multi-word part is seen is that
    # term plus a neighbour ("account executives work"), not a term of its own.
    selected = {
        k for k in selected
        if not any(
            k[i:j] in selected and f_src[k] < WEAK_EXTENSION * f_src[k[i:j]]
            for i in range(len(k)) for j in range(i + 2, len(k) + 1) if (i, j) != (0, len(k))
        )
    }
    selected |= set(gloss_by_key)
    stats.terms_selected = len(selected)

    # 4. co-occurrence of source phrases with target lemmas, both seen at least twice
    source_ids: dict[Key, int] = {}
    lemma_ids: dict[str, int] = {}

    units_per_pair: list[list[_Unit]] = []
    cooc: Counter = Counter()
    for n in range(total):
        a = src_an[n]
        units = _segment(a, selected, gloss_by_key, termhood, src_lang)
        for u in units:
            u.kid = source_ids.setdefault(u.key, len(source_ids))
        units_per_pair.append(units)
        lemmas = {l for ls in tgt_word_lemmas[n] for l in ls if f_lemma[l] >= 2}
        if not lemmas:
            continue
        lids = [lemma_ids.setdefault(l, len(lemma_ids)) for l in lemmas]
        kids = {u.kid for u in units if f_src[u.key] >= 2}
        cooc.update(k * 4_194_304 + l for k in kids for l in lids)
    tick(total)

    # 5. competitive linking in each pair, then the rendering span of each source phrase
    found: dict[Key, dict[Key, Rendering]] = defaultdict(dict)
    forms: dict[Key, dict[Key, Counter]] = defaultdict(lambda: defaultdict(Counter))
    occurrences: Counter = Counter()
    source_forms: dict[Key, Counter] = defaultdict(Counter)
    source_fallback: dict[Key, set[str]] = defaultdict(set)
    case_src = _CaseSeen()
    case_tgt = _CaseSeen()
    for n, (pid, _s, _t) in enumerate(pairs):
        a, b = src_an[n], tgt_an[n]
        case_src.see(a.tok.words)
        case_tgt.see(b.tok.words)
        units = units_per_pair[n]
        for u in units:
            if u.key in selected:
                occurrences[u.key] += 1
                source_forms[u.key][a.tok.words[u.start : u.end]] += 1
        if not units or not b.spans:
            continue
        links = _link_pair(
            units, b, tgt_word_lemmas[n], tgt_content[n], f_src, f_lemma, cooc, lemma_ids, gloss_lemmas, gloss_render_keys
        )
        for u, (span, key) in links.items():
            if u.key not in selected:
                continue
            words = b.tok.words[span.start : span.end]
            r = found[u.key].get(key)
            if r is None:
                r = found[u.key][key] = Rendering(text="", key=key)
            r.count += 1
            if len(r.segment_ids) < 1000:
                r.segment_ids.append(pid)
            r.surfaces.add(" ".join(words))
            forms[u.key][key][words] += 1
    tick(total)

    # 6. entries
    src_lower, tgt_lower = case_src.lowercase, case_tgt.lowercase

    entries: list[TermEntry] = []
    for key in selected:
        renderings = list(found.get(key, {}).values())
        g = gloss_by_key.get(key)
        if not renderings and g is None:
            continue
        for r in renderings:
            best_words = forms[key][r.key].most_common(1)[0][0]
            r.text = tgt_keys.display(best_words, tgt_lower)
            r.fallback = sorted({fb for ws in forms[key][r.key] for fb in tgt_keys.key(ws)[1]})
        if source_forms.get(key):
            shown: Counter = Counter()
            for ws, n in source_forms[key].items():
                shown[src_keys.display(ws, src_lower)] += n
            source = sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            for ws in source_forms[key]:
                source_fallback[key].update(src_keys.key(ws)[1])
        else:
            source = g.source if g else " ".join(key)
        entry = TermEntry(
            id=None,
            source=source,
            source_key=key,
            renderings=sorted(renderings, key=lambda r: (-r.count, r.text)),
            count=occurrences.get(key, 0),
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            fallback=sorted(source_fallback.get(key, ())),
        )
        best = entry.preferred
        if best is not None:
            f_s = max(entry.count, 1)
            f_t = max(f_tgt_span.get(best.key, 0), best.count)
            dice = 2 * best.count / (f_s + f_t)
            entry.confidence = round(dice * best.count / (best.count + 1), 6)
        entries.append(entry)
    entries.sort(key=lambda e: (-e.confidence, -e.count, e.source))
    stats.entries = len(entries)
    stats.renderings = sum(len(e.renderings) for e in entries)
    fb_words: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        marks = list(e.fallback) + [fb for r in e.renderings for fb in r.fallback]
        if any(m.endswith(":sentencepiece") for m in marks):
            stats.fallback_entries += 1
        for m in marks:
            w, _, src = m.rpartition(":")
            fb_words[src].add(w)
    stats.fallback_words = {k: len(v) for k, v in sorted(fb_words.items())}
    tick(1)
    return Extraction(entries, stats, stemmer)


class _CaseSeen:
    """How words are written, to show terms in lower case unless they are names or acronyms."""

    def __init__(self) -> None:
        self.lower: set[str] = set()
        self.capital_inside: set[str] = set()

    def see(self, words: Sequence[str]) -> None:
        for i, w in enumerate(words):
            if w.islower():
                self.lower.add(w)
            elif i and w[:1].isupper():
                self.capital_inside.add(w.lower())

    def lowercase(self, w: str) -> bool:
        """Lower-case a word unless it is an acronym, or written capitalised inside a sentence
        and never in lower case (a name: "Wagtail", "Account Executive")."""
        if len(w) > 1 and w.isupper():
            return False
        low = w.lower()
        return low in self.lower or low not in self.capital_inside


def _ticker(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None]:
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(min(done[0], total), total)

    return tick


def _termhood(freq: Counter, lang_code: str, n_words: int, min_count: int) -> dict[Key, float]:
    """C-value (Frantzi, Ananiadou & Mima 2000) times a weirdness factor.

    C-value discounts a phrase by the mean frequency of the longer candidates that contain it
    (only those seen at least ``min_count`` times), so a phrase seen mostly inside one longer
    term ("executives work" in "account executives work") scores low; the length factor is
    log2(|a| + 1) so that single words count too. The weirdness factor is 1 + log of the
    phrase's frequency here over its general-language frequency (wordfreq), floored at 1:
    "basket" is more of a term in a shop's messages than "new"."""
    import wordfreq

    containers: dict[Key, list[int]] = defaultdict(list)
    for k, f in freq.items():
        if len(k) > 1 and f >= min_count:
            subs = {k[i:j] for i in range(len(k)) for j in range(i + 1, len(k) + 1) if (i, j) != (0, len(k))}
            for sub in subs:
                containers[sub].append(f)
    out: dict[Key, float] = {}
    have = lang_code in wordfreq.available_languages()
    for k, f in freq.items():
        nested = containers.get(k)
        independent = max(f - (sum(nested) / len(nested) if nested else 0.0), 0.0)
        cvalue = math.log2(len(k) + 1) * independent
        weird = 1.0
        if have and cvalue > 0:
            general = _general_frequency(" ".join(k), lang_code)
            weird = 1.0 + max(0.0, math.log((f / n_words) / general))
        out[k] = cvalue * weird
    return out


@lru_cache(maxsize=200_000)
def _general_frequency(phrase: str, lang_code: str) -> float:
    import wordfreq

    return max(wordfreq.word_frequency(phrase, lang_code), 1e-9)


def _segment(a: Analysis, selected: set[Key], glossary: dict[Key, TermEntry], termhood: dict[Key, float], lang_code: str) -> list[_Unit]:
    """Non-overlapping source phrases of a segment: glossary terms first, then terms, longer
    before shorter ("email address" before "address"), then by termhood; every other
    candidate too, so that each content word competes for the target words."""
    order = sorted(
        range(len(a.spans)),
        key=lambda i: (
            a.keys[i] not in glossary,
            a.keys[i] not in selected,
            -(a.spans[i].end - a.spans[i].start),
            -termhood.get(a.keys[i], 0.0),
            a.spans[i].start,
        ),
    )
    taken = [False] * len(a.tok.words)
    n = max(len(a.tok.words), 1)
    by_key: dict[Key, _Unit] = {}
    for i in order:
        sp = a.spans[i]
        if any(taken[sp.start : sp.end]):
            continue
        for x in range(sp.start, sp.end):
            taken[x] = True
        if a.keys[i] in by_key:
            # The same term twice in a segment is usually rendered once (or by a pronoun):
            # one phrase, so that the second occurrence does not take a word of another phrase.
            continue
        content = sum(1 for w in a.tok.words[sp.start : sp.end] if is_content_word(w, lang_code))
        by_key[a.keys[i]] = _Unit(a.keys[i], sp.start, sp.end, (sp.start + sp.end) / 2 / n, max(1, content) + 1, -1)
    # Verbs are no term candidates, but they compete for (verb) target words all the same.
    for x, verb in enumerate(a.verbs):
        if verb and not taken[x]:
            key = (_lang(lang_code).lemma(a.tok.words[x]),)
            if key not in by_key:
                by_key[key] = _Unit(key, x, x + 1, (x + 0.5) / n, 1, -1, verb=True)
    return list(by_key.values())


def _link_pair(
    units: list[_Unit],
    b: Analysis,
    word_lemmas: list[tuple[str, ...]],
    content: list[bool],
    f_src: Counter,
    f_lemma: Counter,
    cooc: Counter,
    ids: dict,
    gloss_lemmas: dict[Key, set[str]],
    gloss_render_keys: dict[Key, set[Key]],
) -> dict[_Unit, tuple[Span, Key]]:
    """Competitive linking of one pair: returns each source phrase's rendering span."""
    n_t = max(len(b.tok.words), 1)
    exp = math.exp
    cooc_get = cooc.get
    # the target words that compete, with their lemmas' frequencies and ids, once per pair
    words = [
        (j, (j + 0.5) / n_t, b.verbs[j], [(l, f_lemma[l], ids.get(l)) for l in word_lemmas[j]])
        for j, ok in enumerate(content)
        if ok
    ]
    cands: list[tuple[float, int, int, str, int]] = []
    for ui, u in enumerate(units):
        fu = f_src[u.key]
        # Dice of a phrase seen once is 1.0 with any word seen once: trust frequent phrases more.
        reliability = fu / (fu + RELIABILITY_K)
        g = gloss_lemmas.get(u.key)
        uk = u.kid * 4_194_304
        counted = fu >= 2
        upos, uverb = u.pos, u.verb
        for j, wpos, verbish, lemmas in words:
            if uverb and not verbish:
                continue
            best, best_l, best_c = 0.0, "", 0
            for l, fl, lid in lemmas:
                c = cooc_get(uk + lid, 1) if counted and fl >= 2 and lid is not None else 1
                a = 2.0 * c / (fu + fl)
                if g and l in g:
                    a += GLOSSARY_PRIOR
                    c += 2
                if a > best:
                    best, best_l, best_c = a, l, c
            weak = best < MIN_ASSOC
            if weak and not (best_c >= 2 and best_c >= fu * MIN_SHARE):
                continue
            score = best * reliability * exp(-POSITION_WEIGHT * abs(upos - wpos))
            cands.append((score, ui, j, best_l, -best_c if weak else best_c))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    owner = [-1] * len(b.tok.words)
    claimed: dict[int, list[int]] = defaultdict(list)
    claimed_lemmas: dict[int, set[str]] = defaultdict(set)
    for score, ui, j, lemma, c in cands:
        if owner[j] >= 0 or len(claimed[ui]) >= units[ui].cap or lemma in claimed_lemmas[ui]:
            continue
        if c < 0:  # a frequent word with little Dice: only as part of a phrase already begun
            if not claimed[ui]:
                continue
            c = -c
        if len(claimed[ui]) >= units[ui].cap - 1 and c < 2:
            continue  # a word more than the phrase has needs evidence: seen together twice
        if claimed[ui] and not _connected(b.spans, owner, ui, claimed[ui][0], j):
            continue  # a phrase's words form one target phrase around its first (best) word
        owner[j] = ui
        claimed[ui].append(j)
        claimed_lemmas[ui].add(lemma)
    out: dict[_Unit, tuple[Span, Key]] = {}
    for ui, words in claimed.items():
        if not words:
            continue
        anchor = words[0]  # the best-scoring word this phrase won
        gkeys = gloss_render_keys.get(units[ui].key, set())
        best_span, best_score = None, None
        for si, sp in enumerate(b.spans):
            if not (sp.start <= anchor < sp.end):
                continue
            mine = unowned = 0
            ok = True
            for x in range(sp.start, sp.end):
                if not content[x]:
                    continue
                if owner[x] == ui:
                    mine += 1
                elif owner[x] < 0:
                    unowned += 1
                else:
                    ok = False
                    break
            if not ok:
                continue
            score = (b.keys[si] in gkeys, mine, -unowned, -(sp.end - sp.start))
            if best_score is None or score > best_score:
                best_span, best_score = si, score
        if best_span is not None:
            out[units[ui]] = (b.spans[best_span], b.keys[best_span])
    return out


def _connected(spans: list[Span], owner: list[int], ui: int, anchor: int, j: int) -> bool:
    """Is there a candidate phrase holding both words with no word of another phrase between?"""
    lo, hi = min(anchor, j), max(anchor, j)
    if any(owner[x] not in (-1, ui) for x in range(lo, hi + 1)):
        return False
    return any(sp.start <= lo and hi < sp.end for sp in spans)


# ----------------------------------------------------------------------------- matching


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

    def _word_lemmas(self, word: str) -> frozenset[str]:
        lemmas, _src = self.keys.lemmas(word)
        return frozenset(lemmas) | {word.lower()}

    def find(self, text: str, *, overlapping: bool = False) -> list[TermMatch]:
        """Matches in ``text``; leftmost-longest and non-overlapping unless ``overlapping``.
        Phrases with the same key all match at the same place (one TermMatch per payload)."""
        tok = tokens(text, self.lang_code)
        n = len(tok.words)
        lemma_sets = [self._word_lemmas(w) for w in tok.words]
        found: list[TermMatch] = []
        i = 0
        while i < n:
            hits: list[tuple[int, Key, Any]] = []
            for lemma in lemma_sets[i]:
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


def phrase_key(text: str, lang_code: str, stemmer: SubwordStemmer | None = None) -> Key:
    """Lemma key of a phrase written out ("kierownicy kont" -> ("kierownik", "konto"))."""
    tok = tokens(text, lang_code)
    if not tok.words:
        return ()
    return Keys(lang_code, stemmer).key(tok.words)[0]
