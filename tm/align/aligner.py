"""Sentence alignment: a banded dynamic programme over beads, scored by length and words.

The programme follows Gale & Church (1993) for lengths and hunalign/Moore for words:

1. Each segment is reduced to a set of *keys* in one shared space: numbers (normalised, so
   "$57,504" meets "57 504 USD"), link targets, names and codes written the same on both
   sides (FINRA, Glassdoor.com, %s, --help), cognate stems ("finan" in financial/finansów),
   glossary entries, and, in the second pass, lemma translations learnt from the confident
   pairs of the first pass.
2. A bead's cost adds the prior of its shape (1-1, 1-0, 0-1, 1-2, 2-1, 2-2), the Gale-Church
   length cost with the length ratio and variance fitted on this very pair of documents,
   a lexical term (Dice over keys), and structure penalties (a heading paired with a
   paragraph, a bead that crosses a block boundary).
3. The programme runs inside a band around a chain of anchors (rare keys that pair one
   source segment with one target segment), so its cost grows linearly with length.
4. Runs left unaligned on both sides are paired afterwards when they translate each
   other: that is how a block moved to another place in the translation is recovered.

Keys are made in tm.align.keys, costs in tm.align.scoring, the band in tm.align.band and the
confidence of output pairs in tm.align.confidence; this module holds the programme itself.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from tm import inline
from tm.align.band import anchor_chain, band
from tm.align.confidence import LOW_CONFIDENCE, ConfidenceModel
from tm.align.keys import content_words, glossary_dictionary, segment_base, segment_info
from tm.align.scoring import BEADS, PRIOR, PRIOR_COST, similarity
from tm.model import AlignedPair

MIN_BAND = 25  # half-width of the band around the anchor path
# Merges are rare in a first pass that missed them: their learnt prior never falls below this.
PRIOR_FLOOR = {(2, 1): 0.03, (1, 2): 0.03, (2, 2): 0.005, (3, 1): 0.003, (1, 3): 0.003}
MOVED_EVIDENCE = 0.5  # evidence a pair of a moved block needs to count as a translation

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Aligner(ConfidenceModel):
    """Aligns two lists of segments. Use ``align_segments`` for the one-call form."""

    src_lang: str = "en"
    tgt_lang: str = "pl"
    glossary: Sequence[tuple[str, str]] = ()
    min_band: int = MIN_BAND
    progress: Callable[[int, int], None] | None = None
    dictionary: dict[str, set[str]] = field(default_factory=dict)
    ratio: float = 1.0
    variance: float = 6.8
    prior_cost: dict[tuple[int, int], float] = field(default_factory=lambda: dict(PRIOR_COST))

    def align(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        src_blocks: Sequence[int] | None = None,
        tgt_blocks: Sequence[int] | None = None,
        src_kinds: Sequence[str] | None = None,
        tgt_kinds: Sequence[str] | None = None,
    ) -> list[AlignedPair]:
        # No blocks given: one block, so no bead is charged for crossing a boundary nobody drew.
        src_blocks = src_blocks or [0] * len(src)
        tgt_blocks = tgt_blocks or [0] * len(tgt)
        src_kinds = src_kinds or ["line"] * len(src)
        tgt_kinds = tgt_kinds or ["line"] * len(tgt)
        self._src_text = [inline.plain_text(s) for s in src]
        self._tgt_text = [inline.plain_text(t) for t in tgt]
        self._src_raw, self._tgt_raw = list(src), list(tgt)
        self._glossary_dictionary = glossary_dictionary(self.glossary, self.src_lang, self.tgt_lang)
        self._src_words = [content_words(t, self.src_lang) for t in self._src_text]
        self._tgt_words = [content_words(t, self.tgt_lang) for t in self._tgt_text]
        self._src_base = [segment_base(r, t, w, True) for r, t, w in zip(self._src_raw, self._src_text, self._src_words)]
        self._tgt_base = [segment_base(r, t, w, False) for r, t, w in zip(self._tgt_raw, self._tgt_text, self._tgt_words)]
        self._src_blocks, self._tgt_blocks = list(src_blocks), list(tgt_blocks)
        self._src_kinds, self._tgt_kinds = list(src_kinds), list(tgt_kinds)
        self._fit_lengths_from_totals()

        # Pass 1: length, anchors, cognates, glossary. Pass 2: plus the learnt dictionary.
        self.dictionary = {k: set(v) for k, v in self._glossary_dictionary.items()}
        self._build_infos()
        beads = self._align_monotone()
        self._learn(beads)
        self._build_infos()
        beads = self._align_monotone()
        beads = self._recover_moved(beads)
        self._prime_margins(beads)
        return [self._pair(beads, k) for k in range(len(beads))]

    def _build_infos(self) -> None:
        self._src = [segment_info(i, b, self._src_blocks, self._src_kinds, self.dictionary, True)
                     for i, b in enumerate(self._src_base)]
        self._tgt = [segment_info(j, b, self._tgt_blocks, self._tgt_kinds, self.dictionary, False)
                     for j, b in enumerate(self._tgt_base)]

    def _fit_lengths_from_totals(self) -> None:
        total_s = sum(len(t) for t in self._src_text) or 1
        total_t = sum(len(t) for t in self._tgt_text) or 1
        self.ratio = total_t / total_s
        self.variance = 6.8

    # ----- the programme --------------------------------------------------------------------

    def _align_monotone(self) -> list[Bead]:
        """The cheapest monotone sequence of beads inside the band (Gale & Church's programme)."""
        n, m = len(self._src), len(self._tgt)
        self.forget_costs()
        lo, hi = band(n, m, anchor_chain(self._src, self._tgt, self.min_band, self.length_cost), self.min_band)
        if self.progress:
            self.progress(0, n)
        shapes = self.programme().run(lo, hi, self.params())
        if self.progress:
            self.progress(n, n)
        beads: list[Bead] = []
        i = j = 0
        for a, b in shapes:
            beads.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
            i, j = i + a, j + b
        return beads

    # ----- learning -------------------------------------------------------------------------

    def _learn(self, beads) -> None:
        """Fit priors, lengths and a lemma dictionary on the first pass (Moore 2002).

        Bead priors are re-estimated from the first pass's shapes, smoothed towards Gale &
        Church's: a catalogue with half its messages untranslated needs cheap 1-0 beads.
        """
        shapes = Counter((len(s), len(t)) for s, t in beads)
        pseudo = 50
        total = sum(shapes.values()) + pseudo
        self.prior_cost = {
            b: -math.log(max((shapes[b] + pseudo * PRIOR[b]) / total, PRIOR_FLOOR.get(b, 0.0))) for b in BEADS
        }
        confident = []
        for s, t in beads:
            if len(s) == 1 and len(t) == 1:
                si, ti = self._src[s[0]], self._tgt[t[0]]
                if self._evidence(s, t) >= 0.6:
                    confident.append((si, ti))
        if len(confident) >= 20:
            ratios = [t.length / s.length for s, t in confident]
            ratio = sum(ratios) / len(ratios)
            devs = [((t.length - s.length * ratio) ** 2) / (s.length * ratio) for s, t in confident]
            self.ratio = ratio
            self.variance = min(20.0, max(4.0, sorted(devs)[len(devs) // 2] * 2.2))
        pair_count: Counter[tuple[str, str]] = Counter()
        src_count: Counter[str] = Counter()
        tgt_count: Counter[str] = Counter()
        for s, t in confident:
            src_count.update(s.lemmas)
            tgt_count.update(t.lemmas)
            for a in s.lemmas:
                for b in t.lemmas:
                    pair_count[(a, b)] += 1
        learnt: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (a, b), c in pair_count.items():
            if c < 2:
                continue
            dice = 2 * c / (src_count[a] + tgt_count[b])
            if dice >= 0.4:
                learnt[a].append((dice, b))
        self.dictionary = {k: set(v) for k, v in self._glossary_dictionary.items()}
        for a, cands in learnt.items():
            cands.sort(reverse=True)
            self.dictionary.setdefault(a, set()).update(b for _, b in cands[:2])

    # ----- moved blocks ---------------------------------------------------------------------

    def _recover_moved(self, beads):
        """Pair a run of source-only beads with a run of target-only beads elsewhere."""
        src_runs = _null_runs(beads, side=0)
        tgt_runs = _null_runs(beads, side=1)
        if not src_runs or not tgt_runs:
            return beads
        candidates = []
        for si, (s_from, s_to, s_idx) in enumerate(src_runs):
            s_keys = frozenset().union(*(self._src[i].keys for i in s_idx))
            s_size = sum(self._src[i].size for i in s_idx)
            s_len = sum(self._src[i].length for i in s_idx)
            for ti, (t_from, t_to, t_idx) in enumerate(tgt_runs):
                t_keys = frozenset().union(*(self._tgt[j].keys for j in t_idx))
                t_size = sum(self._tgt[j].size for j in t_idx)
                t_len = sum(self._tgt[j].length for j in t_idx)
                sim = similarity(s_keys, t_keys, s_size, t_size)
                if sim >= 0.15 and self.length_cost(s_len, t_len) < 6:
                    candidates.append((sim, si, ti))
        candidates.sort(reverse=True)
        used_s, used_t = set(), set()
        replace: dict[int, list] = {}
        drop: set[int] = set()
        for sim, si, ti in candidates:
            if si in used_s or ti in used_t:
                continue
            s_from, s_to, s_idx = src_runs[si]
            t_from, t_to, t_idx = tgt_runs[ti]
            sub = Aligner(self.src_lang, self.tgt_lang, min_band=max(len(s_idx), len(t_idx)) + 2)
            sub._adopt(self, s_idx, t_idx)
            inner = sub._align_monotone()
            mapped = [(tuple(s_idx[k] for k in s), tuple(t_idx[k] for k in t)) for s, t in inner]
            good = sum(1 for s, t in mapped if s and t and self._evidence(s, t) >= MOVED_EVIDENCE)
            if good * 2 < len([1 for s, t in mapped if s and t]) or good == 0:
                continue
            used_s.add(si)
            used_t.add(ti)
            # Target-only leftovers stay where the target run was.
            replace[s_from] = [(s, t) for s, t in mapped if s]
            drop.update(range(s_from + 1, s_to))
            replace[t_from] = [(s, t) for s, t in mapped if not s]
            drop.update(range(t_from + 1, t_to))
        if not replace:
            return beads
        out = []
        for k, bead in enumerate(beads):
            if k in replace:
                out.extend(replace[k])
            elif k not in drop:
                out.append(bead)
        return out

    def _adopt(self, parent: "Aligner", s_idx: list[int], t_idx: list[int]) -> None:
        """Become an aligner over a subset of the parent's segments."""
        self.ratio, self.variance, self.dictionary = parent.ratio, parent.variance, parent.dictionary
        self.prior_cost = parent.prior_cost
        self.forget_costs()
        self._src = [parent._src[i] for i in s_idx]
        self._tgt = [parent._tgt[j] for j in t_idx]
        self._src_text = [parent._src_text[i] for i in s_idx]
        self._tgt_text = [parent._tgt_text[j] for j in t_idx]

    # ----- output ---------------------------------------------------------------------------

    def _pair(self, beads, k: int) -> AlignedPair:
        s, t = beads[k]
        confidence = self._confidence(beads, k)
        return AlignedPair(
            source=s,
            target=t,
            source_text=" ".join(self._src_raw[i] for i in s),
            target_text=" ".join(self._tgt_raw[j] for j in t),
            confidence=confidence,
            low_confidence=bool(s and t) and confidence < LOW_CONFIDENCE,
        )


def align_segments(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str = "en",
    tgt_lang: str = "pl",
    *,
    src_blocks: Sequence[int] | None = None,
    tgt_blocks: Sequence[int] | None = None,
    src_kinds: Sequence[str] | None = None,
    tgt_kinds: Sequence[str] | None = None,
    glossary: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[AlignedPair]:
    """Align two lists of sentences; returns every bead, null beads included, in source order."""
    aligner = Aligner(src_lang, tgt_lang, glossary=list(glossary), progress=progress)
    return aligner.align(src, tgt, src_blocks, tgt_blocks, src_kinds, tgt_kinds)


# ----- helpers ------------------------------------------------------------------------------


def _null_runs(beads, side: int) -> list[tuple[int, int, list[int]]]:
    """Maximal runs of beads that have segments on ``side`` only: (first bead, end bead, indices)."""
    runs = []
    k = 0
    while k < len(beads):
        if beads[k][side] and not beads[k][1 - side]:
            start = k
            idx: list[int] = []
            while k < len(beads) and beads[k][side] and not beads[k][1 - side]:
                idx.extend(beads[k][side])
                k += 1
            runs.append((start, k, idx))
        else:
            k += 1
    return runs
