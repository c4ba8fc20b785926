"""The cost of a bead, as the aligner's Python code asks for it: the compiled costs of
tm.align.programme, cached per bead, and the similarity and length cost used outside the
programme (anchors, moved blocks, evidence).

A bead is ``a`` source segments and ``b`` target segments taken together; its cost adds the
prior of its shape (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1, 1-3), the Gale-Church length cost with
the length ratio and variance fitted on this very pair of documents, a lexical term (Dice
over the keys of both sides, each side the union of its members), numbers present on one side
only, and structure penalties (a heading paired with a paragraph, a bead that crosses a block
boundary, a merged member that matches nothing).
"""

from __future__ import annotations

import math

from tm.align.keys import SegmentInfo
from tm.align.programme import HEADING_KINDS, PRIOR, PRIOR_COST, SHAPES, SHORT_SLACK, Programme, parameters

BEADS = SHAPES
__all__ = ["BEADS", "HEADING_KINDS", "PRIOR", "PRIOR_COST", "BeadCosts", "similarity"]


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
    _programme: Programme | None = None
    _cost_cache: dict[tuple[int, int, int, int], float] | None = None

    def programme(self) -> Programme:
        if self._programme is None:
            self._programme = Programme(self._src, self._tgt)
            self._cost_cache = {}
        return self._programme

    def forget_costs(self) -> None:
        """Segments or keys changed: the arrays and cached costs are stale."""
        self._programme = None
        self._cost_cache = None

    def params(self):
        return parameters(self.ratio, self.variance, self.prior_cost)

    def prime_costs(self, beads: list[tuple[int, int, int, int]]) -> None:
        """Cost many beads (i, j, a, b) in one compiled call, for ``bead_cost`` to look up."""
        programme = self.programme()
        assert self._cost_cache is not None
        todo = [q for q in dict.fromkeys(beads) if q not in self._cost_cache]
        for q, c in zip(todo, programme.costs(todo, self.params())):
            self._cost_cache[q] = float(c)

    def bead_cost(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the bead made of source segments [i-a, i) and target segments [j-b, j)."""
        self.prime_costs([(i, j, a, b)])
        assert self._cost_cache is not None
        return self._cost_cache[(i, j, a, b)]

    def length_cost(self, ls: float, lt: float) -> float:
        # SHORT_SLACK keeps short segments (headings, UI strings) from being judged on a
        # few characters, where Gale-Church's variance-proportional-to-length breaks down.
        mean = (ls + lt / self.ratio) / 2 + SHORT_SLACK
        z = (lt - ls * self.ratio) / math.sqrt(self.variance * self.ratio * mean)
        p = math.erfc(abs(z) / math.sqrt(2))  # two-sided tail of the normal
        return -math.log(max(p, 1e-12))
