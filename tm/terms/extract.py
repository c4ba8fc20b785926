"""Term extraction: source terms of aligned pairs, with every rendering seen.

Source candidates (``tm.terms.phrases``) are ranked by termhood (C-value for nesting, times a
weirdness factor against wordfreq's general-language frequency); the selected terms and every
other candidate then compete for the target words of each pair (``tm.terms.pairing``). Every
rendering seen is kept with its count, pair ids and surfaces.

Determinism: everything here iterates lists, or dicts filled in pair order; the set of selected
terms is walked in sorted order, so the output never depends on string hashing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from tm.lang import en
from tm.terms.keys import Keys, phrase_key
from tm.terms.links import PairLinks
from tm.terms.model import Key, Rendering, TermEntry, is_untranslated, preferred_rendering
from tm.terms.pairing import ID_STRIDE, Evidence, Unit, link_pair, segment_units
from tm.terms.phrases import Analysis, can_be_verb, is_content_word, phrase_spans, starts_with_verb
from tm.terms.render import rendering_span
from tm.terms.stem import SubwordStemmer
from tm.terms.termhood import term_shape
from tm.terms.tokens import Tokens, language, tokens

# A longer phrase seen in under this share of the places its multi-word part is seen is that
# term plus a neighbour ("account executives work"), not a term of its own.
WEAK_EXTENSION = 0.1
# The aligner's rendering is taken when its strongest link for the term is at least this strong
# (geometric mean of both directions' translation probabilities) and no target word of it is
# linked outside the term; otherwise competitive linking (tm.terms.pairing) decides.
CONFIDENT_LINK = 0.2
TERMHOOD_HALF = 2.0  # the termhood (C-value × weirdness) at which the termhood factor is 0.5


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
    stemmer = _train_stemmer(tgt_toks, stats) if use_sentencepiece else None
    src_keys = Keys(src_lang, None)
    tgt_keys = Keys(tgt_lang, stemmer)

    # 2. candidates and frequencies (in pairs)
    cands = _candidates(pairs, src_toks, tgt_toks, src_keys, tgt_keys)
    tick(total)
    stats.source_candidates = len(cands.f_src)

    # 3. which source phrases are terms: C-value with a weirdness factor
    gloss_by_key, gloss_lemmas, gloss_render_keys = _glossary_priors(glossary, src_lang, tgt_keys)
    n_words = sum(len(a.tok.words) for a in cands.src) or 1
    termhood = _termhood(cands.f_src, src_lang, n_words, min_count)
    selected = _select(cands.f_src, termhood, min_count) | set(gloss_by_key)
    stats.terms_selected = len(selected)

    # 4. which words translate which: the word aligner trained on these pairs
    links = PairLinks.train([(src, tgt) for _i, src, tgt in pairs], src_lang, tgt_lang, glossary=glossary)
    tick(total)

    # 5. each occurrence's rendering: the target noun phrase its words align to; where the
    # aligner has no confident link, competitive linking on co-occurrence decides
    units_per_pair, cooc, lemma_ids = _cooccurrence(cands, selected, gloss_by_key, termhood, src_lang)
    ev = Evidence(cands.f_src, cands.f_lemma, cooc, lemma_ids, gloss_lemmas, gloss_render_keys)
    found = _render_all(pairs, cands, selected, units_per_pair, ev, links, src_lang)
    tick(total)

    # 6. entries
    entries = [
        e
        for key in sorted(selected)  # sorted: ties in the ranking below keep this order
        if (e := _entry(key, found, gloss_by_key.get(key), cands.f_tgt_span, src_keys, tgt_keys,
                        termhood.get(key, 0.0))) is not None
    ]
    entries.sort(key=lambda e: (-rank(e), -e.count, e.source))
    _count_entries(entries, stats)
    tick(1)
    return Extraction(entries, stats, stemmer)


def _ticker(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None]:
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(min(done[0], total), total)

    return tick


def _train_stemmer(tgt_toks: list[Tokens], stats: ExtractionStats) -> SubwordStemmer:
    vocab = {w for tk in tgt_toks for w in tk.words}  # the trainer sorts them
    stemmer = SubwordStemmer.train(vocab)
    stats.sentencepiece = (
        f"trained on {len({w for w in vocab if w.isalpha() and len(w) > 1})} distinct words"
        if stemmer.available
        else "too little text"
    )
    return stemmer


# -- 2. candidates ---------------------------------------------------------------------------------


@dataclass
class _Candidates:
    """Every pair's candidate phrases, and how many pairs each phrase and lemma occurs in."""

    src: list[Analysis] = field(default_factory=list)
    tgt: list[Analysis] = field(default_factory=list)
    tgt_lemmas: list[list[tuple[str, ...]]] = field(default_factory=list)  # per word; () if no content word
    tgt_content: list[list[bool]] = field(default_factory=list)  # per word
    f_src: Counter = field(default_factory=Counter)
    f_tgt_span: Counter = field(default_factory=Counter)
    f_lemma: Counter = field(default_factory=Counter)


def _candidates(
    pairs: list[tuple[int, str, str]], src_toks: list[Tokens], tgt_toks: list[Tokens], src_keys: Keys, tgt_keys: Keys
) -> _Candidates:
    out = _Candidates()
    src_lang, tgt_lang = src_keys.code, tgt_keys.code
    src_cache: dict[tuple[str, bool], Analysis] = {}
    tgt_cache: dict[str, tuple[Analysis, list[tuple[str, ...]], list[bool]]] = {}
    for n, (_pid, s, t) in enumerate(pairs):
        imperative = src_lang == "en" and starts_with_verb(tgt_toks[n], tgt_lang)
        a = src_cache.get((s, imperative))
        if a is None:
            a = src_cache[(s, imperative)] = _source_analysis(src_toks[n], src_keys, imperative)
        out.src.append(a)
        out.f_src.update(_distinct(a.keys))
        hit = tgt_cache.get(t)
        if hit is None:
            hit = tgt_cache[t] = _target_analysis(tgt_toks[n], tgt_keys)
        b, lem, content = hit
        out.tgt.append(b)
        out.tgt_lemmas.append(lem)
        out.tgt_content.append(content)
        out.f_tgt_span.update(_distinct(b.keys))
        out.f_lemma.update(_distinct(l for ls in lem for l in ls))
    return out


def _distinct(items: Iterable) -> list:
    """Each item once, in order of first appearance (a set would order them by hash)."""
    return list(dict.fromkeys(items))


def _source_analysis(tk: Tokens, keys: Keys, imperative: bool) -> Analysis:
    lang_code = keys.code
    verbs = en.guess_verbs(tk.words) if lang_code == "en" else [False] * len(tk.words)
    if imperative and tk.words and not language(lang_code).is_stopword(tk.words[0]):
        verbs[0] = True
    spans = [sp for sp in phrase_spans(tk, lang_code, verbs)
             if term_shape(tk.words[sp.start : sp.end], verbs[sp.start : sp.end], lang_code)]
    return Analysis(tk, spans, [keys.key(tk.words[sp.start : sp.end])[0] for sp in spans], verbs)


def _target_analysis(tk: Tokens, keys: Keys) -> tuple[Analysis, list[tuple[str, ...]], list[bool]]:
    """The target segment's phrases, each word's lemmas (content words only), content words."""
    lang_code = keys.code
    spans = phrase_spans(tk, lang_code)
    b = Analysis(tk, spans, [keys.key(tk.words[sp.start : sp.end])[0] for sp in spans])
    # Every content word competes, verbs too: "follow" must be able to win
    # "przestrzegać" so that it does not take a word of someone else's noun phrase.
    content = [is_content_word(w, lang_code) for w in tk.words]
    b.verbs = [can_be_verb(w, lang_code) for w in tk.words]
    lem = [keys.lemmas(w)[0] if content[i] else () for i, w in enumerate(tk.words)]
    return b, lem, content


# -- 3. termhood -----------------------------------------------------------------------------------


def _glossary_priors(
    glossary: Sequence[TermEntry], src_lang: str, tgt_keys: Keys
) -> tuple[dict[Key, TermEntry], dict[Key, set[str]], dict[Key, set[Key]]]:
    """Glossary entries by source key, the target lemmas of their renderings, their keys."""
    by_key: dict[Key, TermEntry] = {}
    lemmas_of: dict[Key, set[str]] = {}
    render_keys: dict[Key, set[Key]] = {}
    tgt_lang = language(tgt_keys.code)
    for e in glossary:
        k = tuple(e.source_key) or phrase_key(e.source, src_lang)
        by_key[k] = e
        lemmas = lemmas_of.setdefault(k, set())
        rkeys = render_keys.setdefault(k, set())
        for r in e.renderings:
            rkeys.add(tuple(r.key))
            lemmas.update(r.key)
            for w in tgt_lang.words(r.text):
                lemmas.update(tgt_keys.lemmas(w.text)[0])
    return by_key, lemmas_of, render_keys


def _select(f_src: Counter, termhood: dict[Key, float], min_count: int) -> set[Key]:
    """Candidates seen ``min_count`` times with some termhood, less weak extensions."""
    selected = {k for k, th in termhood.items() if f_src[k] >= min_count and th > 0}
    return {
        k for k in selected
        if not any(
            k[i:j] in selected and f_src[k] < WEAK_EXTENSION * f_src[k[i:j]]
            for i in range(len(k)) for j in range(i + 2, len(k) + 1) if (i, j) != (0, len(k))
        )
    }


def _termhood(freq: Counter, lang_code: str, n_words: int, min_count: int) -> dict[Key, float]:
    """C-value (Frantzi, Ananiadou & Mima 2000) times a weirdness factor.

    C-value discounts a phrase by the mean frequency of the longer candidates that contain it
    (only those seen at least ``min_count`` times), so a phrase seen mostly inside one longer
    term ("executives work" in "account executives work") scores low; the length factor is
    log2(|a| + 1) so that single words count too. The weirdness factor is 1 + log of the
    phrase's frequency here over its general-language frequency (wordfreq), floored at 1:
    "basket" is more of a term in a shop's messages than "new"."""
    import wordfreq  # slow to import (word lists); only a build needs it

    containers: dict[Key, list[int]] = defaultdict(list)
    for k, f in freq.items():
        if len(k) > 1 and f >= min_count:
            subs = dict.fromkeys(k[i:j] for i in range(len(k)) for j in range(i + 1, len(k) + 1) if (i, j) != (0, len(k)))
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
    import wordfreq  # slow to import (word lists); only a build needs it

    return max(wordfreq.word_frequency(phrase, lang_code), 1e-9)


# -- 4. co-occurrence ------------------------------------------------------------------------------


def _cooccurrence(
    cands: _Candidates, selected: set[Key], glossary: dict[Key, TermEntry], termhood: dict[Key, float], src_lang: str
) -> tuple[list[list[Unit]], Counter, dict[str, int]]:
    """Each pair's competing source units, and how many pairs hold a source phrase and a
    target lemma together (both seen at least twice), keyed by their ids."""
    f_src, f_lemma = cands.f_src, cands.f_lemma
    source_ids: dict[Key, int] = {}
    lemma_ids: dict[str, int] = {}
    units_per_pair: list[list[Unit]] = []
    cooc: Counter = Counter()
    for n, a in enumerate(cands.src):
        units = segment_units(a, selected, glossary, termhood, src_lang)
        for u in units:
            u.kid = source_ids.setdefault(u.key, len(source_ids))
        units_per_pair.append(units)
        lemmas = _distinct(l for ls in cands.tgt_lemmas[n] for l in ls if f_lemma[l] >= 2)
        if not lemmas:
            continue
        lids = [lemma_ids.setdefault(l, len(lemma_ids)) for l in lemmas]
        kids = {u.kid for u in units if f_src[u.key] >= 2}
        cooc.update(k * ID_STRIDE + l for k in kids for l in lids)
    return units_per_pair, cooc, lemma_ids


# -- 5. linking ------------------------------------------------------------------------------------


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


@dataclass
class _Links:
    """What linking found, per selected source key (dicts filled in pair order)."""

    found: dict[Key, dict[Key, Rendering]] = field(default_factory=lambda: defaultdict(dict))
    forms: dict[Key, dict[Key, Counter]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    occurrences: Counter = field(default_factory=Counter)
    source_forms: dict[Key, Counter] = field(default_factory=lambda: defaultdict(Counter))
    case_src: _CaseSeen = field(default_factory=_CaseSeen)
    case_tgt: _CaseSeen = field(default_factory=_CaseSeen)


def _render_all(
    pairs: list[tuple[int, str, str]], cands: _Candidates, selected: set[Key], units_per_pair: list[list[Unit]],
    ev: Evidence, links: PairLinks, src_lang: str,
) -> _Links:
    out = _Links()
    for n, (pid, _s, _t) in enumerate(pairs):
        a, b = cands.src[n], cands.tgt[n]
        out.case_src.see(a.tok.words)
        out.case_tgt.see(b.tok.words)
        units = units_per_pair[n]
        terms = [u for u in units if u.key in selected]
        for u in terms:
            out.occurrences[u.key] += 1
            out.source_forms[u.key][a.tok.words[u.start : u.end]] += 1
        if not terms or not b.spans:
            continue
        word_links = links.strong_links(n)
        fallback = None
        for u in terms:
            words = a.tok.words[u.start : u.end]
            size = sum(1 for w in words if is_content_word(w, src_lang))
            best = rendering_span(word_links, b, cands.tgt_content[n], u.start, u.end, size,
                                  ev.gloss_render_keys.get(u.key, ()), min_anchor=CONFIDENT_LINK)
            if best is None:
                if fallback is None:
                    fallback = link_pair(units, b, cands.tgt_lemmas[n], cands.tgt_content[n], ev)
                got = fallback.get(u)
                best = b.spans.index(got[0]) if got is not None else None
            if best is not None:
                _record(out, u.key, b, best, pid)
    return out


def _record(out: _Links, key: Key, b: Analysis, span_index: int, pid: int) -> None:
    span, rkey = b.spans[span_index], b.keys[span_index]
    words = b.tok.words[span.start : span.end]
    r = out.found[key].get(rkey)
    if r is None:
        r = out.found[key][rkey] = Rendering(text="", key=rkey)
    r.count += 1
    if len(r.segment_ids) < 1000:
        r.segment_ids.append(pid)
    r.surfaces.add(" ".join(words))
    out.forms[key][rkey][words] += 1


# -- 6. entries ------------------------------------------------------------------------------------


def _entry(
    key: Key, links: _Links, g: TermEntry | None, f_tgt_span: Counter, src_keys: Keys, tgt_keys: Keys,
    termhood: float,
) -> TermEntry | None:
    """The entry of a selected source key; None when it was never rendered and is no glossary term."""
    renderings = list(links.found.get(key, {}).values())
    if not renderings and g is None:
        return None
    for r in renderings:
        forms = links.forms[key][r.key]
        best_words = forms.most_common(1)[0][0]  # ties: the form seen first
        r.text = tgt_keys.display(best_words, links.case_tgt.lowercase)
        r.fallback = sorted({fb for ws in forms for fb in tgt_keys.key(ws)[1]})
    fallback: set[str] = set()
    seen = links.source_forms.get(key)
    if seen:
        shown: Counter = Counter()
        for ws, n in seen.items():
            shown[src_keys.display(ws, links.case_src.lowercase)] += n
        source = sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for ws in seen:
            fallback.update(src_keys.key(ws)[1])
    else:
        source = g.source if g else " ".join(key)
    entry = TermEntry(
        id=None,
        source=source,
        source_key=key,
        renderings=sorted(renderings, key=lambda r: (-r.count, r.text)),
        count=links.occurrences.get(key, 0),
        src_lang=src_keys.code,
        tgt_lang=tgt_keys.code,
        fallback=sorted(fallback),
    )
    entry.confidence = confidence(entry, f_tgt_span, termhood)
    return entry


def confidence(entry: TermEntry, f_tgt_span: Counter, termhood: float) -> float:
    """Termhood × pairing confidence, in 0..1. Pairing: Dice of the term and its preferred
    rendering over the pairs (how often they go together, against how often either occurs
    without the other), times n / (n + 1) for a rendering seen n times; an untranslated copy
    with nothing else counts half. Termhood: C-value × weirdness, squashed as t / (t + 2)."""
    best = preferred_rendering(entry)
    copy = best is None and bool(entry.renderings)
    if copy:
        best = entry.renderings[0]
    if best is None:
        return 0.0
    # renderings with the preferred one's head word agree on what the term is ("kierownik
    # konta", "kierownik ds. kont"): they count for it
    agree = sum(r.count for r in entry.renderings if r.key[:1] == best.key[:1] and (copy or r is best
                                                                                  or not is_untranslated(entry, r)))
    f_s = max(entry.count, 1)
    f_t = max(f_tgt_span.get(best.key, 0), agree)
    pairing = 2 * agree / (f_s + f_t) * agree / (agree + 1) * (0.5 if copy else 1.0)
    return round(pairing * termhood / (termhood + TERMHOOD_HALF), 6)


def rank(entry: TermEntry) -> float:
    """The term list's order: termhood × pairing confidence (``confidence``) × frequency
    (log2 of 1 + the pairs the term occurs in, so frequency counts without swamping) ×
    C-value's length factor (log2 of 1 + its words: a multi-word term is more of a term)."""
    return rank_of(entry.confidence, entry.count, len(entry.source_key))


def rank_of(confidence: float, count: int, words: int) -> float:
    return confidence * math.log2(1 + max(count, 1)) * math.log2(1 + max(words, 1))


def _count_entries(entries: list[TermEntry], stats: ExtractionStats) -> None:
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
