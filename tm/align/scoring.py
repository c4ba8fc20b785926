"""The cost of a bead: shape prior, Gale-Church length cost, lexical similarity, structure.

A bead is ``a`` source segments and ``b`` target segments taken together; its cost adds the
prior of its shape (1-1, 1-0, 0-1, 1-2, 2-1, 2-2), the Gale-Church length cost with the length
ratio and variance fitted on this very pair of documents, a lexical term (Dice over keys), and
structure penalties (a heading paired with a paragraph, a bead that crosses a block boundary).
"""

from __future__ import annotations

import math

from tm.align.keys import SegmentInfo

# Bead shapes and their priors (Gale & Church, as in NLTK).
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
PRIOR_COST = {b: -math.log(p) for b, p in PRIOR.items()}

LEXICAL_WEIGHT = 7.0  # how much a fully matched bead is worth against a length mismatch
LEXICAL_BASE = 0.35  # Dice similarity that counts as neutral evidence
NUMBER_MISMATCH = 2.5  # per number present on one side only
KIND_MISMATCH = 4.0  # a heading paired with body text
CROSS_BLOCK = 3.0  # a bead that joins segments of two blocks
DEAD_WEIGHT = 7.0  # a 2-1 or 1-2 bead one of whose sentences matches nothing
SHORT_SLACK = 15  # characters added to the length in the variance term

HEADING_KINDS = frozenset({"heading", "title"})


def similarity(skeys: frozenset[str], tkeys: frozenset[str], ssize: int, tsize: int) -> float:
    """Dice-like share of matched keys, 0..1."""
    if not ssize or not tsize:
        return 0.0
    shared = len(skeys & tkeys)
    return min(1.0, 2 * min(shared, ssize, tsize) / (ssize + tsize))


class BeadCosts:
    """Bead costs over ``self._src``/``self._tgt`` (lists of SegmentInfo), with the aligner's
    fitted ``ratio``, ``variance`` and ``prior_cost``. A part of ``Aligner``."""

    _src: list[SegmentInfo]
    _tgt: list[SegmentInfo]
    ratio: float
    variance: float
    prior_cost: dict[tuple[int, int], float]

    def bead_cost(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the bead made of source segments [i-a, i) and target segments [j-b, j)."""
        if a == 0 or b == 0:
            return self.prior_cost[(a, b)] + 0.5 * LEXICAL_WEIGHT * LEXICAL_BASE
        src, tgt = self._src, self._tgt
        if a == 1:
            s = src[i - 1]
            ls, skeys, ssize, snums = s.length, s.keys, s.size, s.numbers
        else:
            s1, s = src[i - 2], src[i - 1]
            ls, skeys, ssize, snums = s1.length + s.length, s1.keys | s.keys, s1.size + s.size, s1.numbers | s.numbers
        if b == 1:
            t = tgt[j - 1]
            lt, tkeys, tsize, tnums = t.length, t.keys, t.size, t.numbers
        else:
            t1, t = tgt[j - 2], tgt[j - 1]
            lt, tkeys, tsize, tnums = t1.length + t.length, t1.keys | t.keys, t1.size + t.size, t1.numbers | t.numbers
        cost = self.prior_cost[(a, b)] + self.length_cost(ls, lt)
        sim = similarity(skeys, tkeys, ssize, tsize)
        cost += LEXICAL_WEIGHT * (LEXICAL_BASE - sim)
        if snums or tnums:
            cost += NUMBER_MISMATCH * len(snums ^ tnums)
        cost += self._structure_cost(i, j, a, b)
        if a == 2:
            cost += _dead_weight(src[i - 2], src[i - 1], tkeys)
        if b == 2:
            cost += _dead_weight(tgt[j - 2], tgt[j - 1], skeys)
        return cost

    def _structure_cost(self, i: int, j: int, a: int, b: int) -> float:
        src, tgt = self._src, self._tgt
        cost = 0.0
        if a == 2 and src[i - 1].block != src[i - 2].block:
            cost += CROSS_BLOCK + KIND_MISMATCH * (src[i - 1].kind in HEADING_KINDS or src[i - 2].kind in HEADING_KINDS)
        if b == 2 and tgt[j - 1].block != tgt[j - 2].block:
            cost += CROSS_BLOCK + KIND_MISMATCH * (tgt[j - 1].kind in HEADING_KINDS or tgt[j - 2].kind in HEADING_KINDS)
        s_head = src[i - a].kind in HEADING_KINDS
        t_head = tgt[j - b].kind in HEADING_KINDS
        if s_head != t_head:
            cost += KIND_MISMATCH
        elif src[i - a].kind != tgt[j - b].kind:
            cost += 0.5
        if src[i - a].block_start != tgt[j - b].block_start:
            cost += 1.0
        return cost

    def length_cost(self, ls: int, lt: int) -> float:
        # SHORT_SLACK keeps short segments (headings, UI strings) from being judged on a
        # few characters, where Gale-Church's variance-proportional-to-length breaks down.
        mean = (ls + lt / self.ratio) / 2 + SHORT_SLACK
        z = (lt - ls * self.ratio) / math.sqrt(self.variance * self.ratio * mean)
        p = math.erfc(abs(z) / math.sqrt(2))  # two-sided tail of the normal
        return -math.log(max(p, 1e-12))


def _dead_weight(first: SegmentInfo, second: SegmentInfo, other_keys: frozenset[str]) -> float:
    """A merge where one sentence shares nothing with the other side is likely an insertion."""
    cost = 0.0
    for member in (first, second):
        if member.size >= 3 and not (member.keys & other_keys):
            cost += DEAD_WEIGHT
    return cost
