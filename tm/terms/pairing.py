"""Pairing source phrases with target words in one aligned pair (competitive linking).

Every source phrase occurrence in a pair competes for the target words of that pair
(Melamed's competitive linking: one target word goes to one source phrase, best association
first) with Dice association over all pairs on lemma keys, a position prior, and glossary
entries as a strong prior. Each source phrase's rendering in a pair is the target noun phrase
around its best word made of words it won (or that nobody won).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from tm.terms.model import Key, TermEntry
from tm.terms.phrases import Analysis, Span, is_content_word
from tm.terms.tokens import language

# Tuning, chosen on the seed corpus and the real corpus (see docs/terms.md).
MIN_ASSOC = 0.05  # a source phrase does not claim a target word with less Dice than this
POSITION_WEIGHT = 1.5  # exp(-w * |relative position difference|)
GLOSSARY_PRIOR = 1.0  # added to the association of a word of a glossary rendering
RELIABILITY_K = 2.0  # a phrase seen f times has its associations weighted by f / (f + K)
# A frequent target word (low Dice) may still join a phrase's rendering when it is in at least
# this share of the phrase's pairs: "IP address" -> "adres IP", where "adres" is everywhere.
MIN_SHARE = 0.5
# Co-occurrence counts are keyed by source id * ID_STRIDE + lemma id (one int, not a tuple).
ID_STRIDE = 4_194_304


class Unit:
    """One source phrase (or verb) of a pair, competing for target words."""

    __slots__ = ("key", "start", "end", "pos", "cap", "kid", "verb")

    def __init__(self, key: Key, start: int, end: int, pos: float, cap: int, kid: int, verb: bool = False):
        self.key, self.start, self.end, self.pos, self.cap, self.kid, self.verb = key, start, end, pos, cap, kid, verb


@dataclass
class Evidence:
    """What linking weighs, counted over all pairs."""

    f_src: Counter  # source phrase key -> pairs it occurs in
    f_lemma: Counter  # target lemma -> pairs it occurs in
    cooc: Counter  # source id * ID_STRIDE + lemma id -> pairs with both
    lemma_ids: dict[str, int]
    gloss_lemmas: dict[Key, set[str]]  # glossary source key -> lemmas of its renderings
    gloss_render_keys: dict[Key, set[Key]]  # glossary source key -> its renderings' keys


def segment_units(
    a: Analysis, selected: set[Key], glossary: dict[Key, TermEntry], termhood: dict[Key, float], lang_code: str
) -> list[Unit]:
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
    by_key: dict[Key, Unit] = {}
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
        by_key[a.keys[i]] = Unit(a.keys[i], sp.start, sp.end, (sp.start + sp.end) / 2 / n, max(1, content) + 1, -1)
    # Verbs are no term candidates, but they compete for (verb) target words all the same.
    for x, verb in enumerate(a.verbs):
        if verb and not taken[x]:
            key = (language(lang_code).lemma(a.tok.words[x]),)
            if key not in by_key:
                by_key[key] = Unit(key, x, x + 1, (x + 0.5) / n, 1, -1, verb=True)
    return list(by_key.values())


def link_pair(
    units: list[Unit], b: Analysis, word_lemmas: list[tuple[str, ...]], content: list[bool], ev: Evidence
) -> dict[Unit, tuple[Span, Key]]:
    """Competitive linking of one pair: each source phrase's rendering span and its key."""
    owner, claimed = _claim(_candidates(units, b, word_lemmas, content, ev), units, b)
    out: dict[Unit, tuple[Span, Key]] = {}
    for ui, words in claimed.items():
        if not words:
            continue
        # around the best-scoring word this phrase won
        gkeys = ev.gloss_render_keys.get(units[ui].key, set())
        best = _rendering_span(b, content, owner, ui, words[0], gkeys)
        if best is not None:
            out[units[ui]] = (b.spans[best], b.keys[best])
    return out


def _candidates(
    units: list[Unit], b: Analysis, word_lemmas: list[tuple[str, ...]], content: list[bool], ev: Evidence
) -> list[tuple[float, int, int, str, int]]:
    """(score, unit, target word, lemma, co-occurrences; negative when the association is
    weak) of every link a unit may make, best first."""
    f_src, f_lemma, ids, gloss_lemmas = ev.f_src, ev.f_lemma, ev.lemma_ids, ev.gloss_lemmas
    n_t = max(len(b.tok.words), 1)
    exp = math.exp
    cooc_get = ev.cooc.get
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
        uk = u.kid * ID_STRIDE
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
    return cands


def _claim(
    cands: list[tuple[float, int, int, str, int]], units: list[Unit], b: Analysis
) -> tuple[list[int], dict[int, list[int]]]:
    """Links taken best first: (owner unit of each target word or -1, words each unit won)."""
    owner = [-1] * len(b.tok.words)
    claimed: dict[int, list[int]] = defaultdict(list)
    claimed_lemmas: dict[int, set[str]] = defaultdict(set)
    for _score, ui, j, lemma, c in cands:
        if owner[j] >= 0 or len(claimed[ui]) >= units[ui].cap or lemma in claimed_lemmas[ui]:
            continue
        if c < 0:  # a frequent word with little Dice: only as part of a phrase already begun
            if not claimed[ui]:
                continue
            c = -c
        if len(claimed[ui]) >= units[ui].cap - 1 and c < 2:
            continue  # a word more than the phrase has needs evidence: seen together twice
        if claimed[ui] and not connected(b.spans, owner, ui, claimed[ui][0], j):
            continue  # a phrase's words form one target phrase around its first (best) word
        owner[j] = ui
        claimed[ui].append(j)
        claimed_lemmas[ui].add(lemma)
    return owner, claimed


def _rendering_span(b: Analysis, content: list[bool], owner: list[int], ui: int, anchor: int, gkeys: set[Key]) -> int | None:
    """The target phrase around ``anchor`` that renders unit ``ui``: no content word of another
    unit in it; a glossary rendering first, then most words won, fewest unowned, shortest."""
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
    return best_span


def connected(spans: list[Span], owner: list[int], ui: int, anchor: int, j: int) -> bool:
    """Is there a candidate phrase holding both words with no word of another phrase between?"""
    lo, hi = min(anchor, j), max(anchor, j)
    if any(owner[x] not in (-1, ui) for x in range(lo, hi + 1)):
        return False
    return any(sp.start <= lo and hi < sp.end for sp in spans)
