"""How sure the aligner is of a bead: its own evidence, and a logistic confidence model.

``_evidence`` is the aligner's internal test of a pair (which first-pass pairs teach the
dictionary, whether a moved block's pairs translate each other); ``_confidence`` is what
output pairs carry, a logistic model over the bead's evidence and its context.
"""

from __future__ import annotations

import math
from collections import Counter

from tm.align.keys import SegmentInfo, codes
from tm.align.scoring import HEADING_KINDS, BeadCosts, similarity

LOW_CONFIDENCE = 0.5
# Weights of the confidence model, fitted by ``benchmarks/align_confidence.py --fit`` on the
# development documents of corpora/real only; LOW_CONFIDENCE is its even-odds point.
CONFIDENCE_WEIGHTS = {"bias": -2.41, "similarity": 2.14, "margin": 3.57, "context": 4.42, "codes": 1.06, "merge": -3.2}


class ConfidenceModel(BeadCosts):
    """Evidence and confidence of beads; a part of ``Aligner``, over its segments
    (``_src``/``_tgt`` SegmentInfo, ``_src_raw``/``_tgt_raw`` text) and bead costs."""

    _src: list[SegmentInfo]
    _tgt: list[SegmentInfo]
    _src_raw: list[str]
    _tgt_raw: list[str]

    def _evidence(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """A 0..1 score of a bead's own words, lengths and structure, without its context."""
        if not s or not t:
            return 0.0
        skeys = frozenset().union(*(self._src[i].keys for i in s))
        tkeys = frozenset().union(*(self._tgt[j].keys for j in t))
        ssize = sum(self._src[i].size for i in s)
        tsize = sum(self._tgt[j].size for j in t)
        sim = similarity(skeys, tkeys, ssize, tsize)
        ls = sum(self._src[i].length for i in s)
        lt = sum(self._tgt[j].length for j in t)
        length_p = math.exp(-self.length_cost(ls, lt) / 2)
        lexical = min(1.0, sim / 0.4)
        score = 0.55 * lexical + 0.45 * length_p
        s_kind, t_kind = self._src[s[0]].kind, self._tgt[t[0]].kind
        if s_kind in HEADING_KINDS and t_kind in HEADING_KINDS or s_kind == t_kind == "description":
            score = max(score, 0.5 + 0.5 * score)  # paired headings carry structural evidence
        snums = frozenset().union(*(self._src[i].numbers for i in s))
        tnums = frozenset().union(*(self._tgt[j].numbers for j in t))
        if snums ^ tnums:
            score *= 0.7
        return round(min(1.0, score), 3)

    def _confidence(self, beads, k: int) -> float:
        """The probability that bead ``k`` is right: a logistic model over its evidence."""
        s, t = beads[k]
        if not s or not t:
            return 0.0
        f = self._confidence_features(beads, k)
        z = CONFIDENCE_WEIGHTS["bias"] + sum(CONFIDENCE_WEIGHTS[name] * x for name, x in f.items())
        return round(1 / (1 + math.exp(-z)), 3)

    def _confidence_features(self, beads, k: int) -> dict[str, float]:
        """What says a (non-null) bead is right, each feature roughly in -1..1."""
        s, t = beads[k]
        skeys = frozenset().union(*(self._src[i].keys for i in s))
        tkeys = frozenset().union(*(self._tgt[j].keys for j in t))
        sim = similarity(skeys, tkeys, sum(self._src[i].size for i in s), sum(self._tgt[j].size for j in t))
        # Position: a bead between two paired beads (or a document edge) sits in a run the
        # programme is sure of; one next to an unpaired segment may have taken its neighbour's place.
        paired = [q < 0 or q >= len(beads) or bool(beads[q][0] and beads[q][1]) for q in (k - 1, k + 1)]
        src_codes = Counter(c for i in s for c in codes(self._src_raw[i]))
        tgt_codes = Counter(c for j in t for c in codes(self._tgt_raw[j]))
        return {
            "similarity": sim,
            "margin": max(-1.0, min(1.0, self._margin(s, t) / 10)),
            "context": sum(paired) / 2,
            "codes": 0.0 if not src_codes and not tgt_codes else 1.0 if src_codes == tgt_codes else -1.0,
            "merge": float(len(s) + len(t) > 2),
        }

    def _prime_margins(self, beads) -> None:
        """Cost, in one compiled call, every bead ``_margin`` will ask for."""
        self.forget_costs()
        wanted = []
        for s, t in beads:
            if s and t:
                a, b, i, j = len(s), len(t), s[-1] + 1, t[-1] + 1
                wanted += [(i + di, j + dj, a, b) for di, dj in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1))
                           if a <= i + di <= len(self._src) and b <= j + dj <= len(self._tgt)]
        self.prime_costs(wanted)

    def _margin(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """How much cheaper the bead is than the same shape shifted by one segment on either side
        (vecalign and LASER judge a pair against its neighbours in the same way)."""
        a, b = len(s), len(t)
        if s != tuple(range(s[0], s[0] + a)) or t != tuple(range(t[0], t[0] + b)):
            return 0.0  # a bead of a recovered moved block: no shape to shift
        i, j = s[-1] + 1, t[-1] + 1
        own = self.bead_cost(i, j, a, b)
        alternatives = [
            self.bead_cost(i + di, j + dj, a, b)
            for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1))
            if a <= i + di <= len(self._src) and b <= j + dj <= len(self._tgt)
        ]
        return min(alternatives) - own if alternatives else 0.0
