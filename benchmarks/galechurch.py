"""A plain Gale-Church sentence aligner: the baseline for benchmarks/align_eval.py.

Gale & Church (1993), "A Program for Aligning Sentences in Bilingual Corpora",
Computational Linguistics 19(1).  Parameters as in NLTK's
``nltk.translate.gale_church`` (itself following the paper's C reference code):
character lengths, c = 1 (mean target characters per source character),
s² = 6.8, and bead priors 1-1 0.89, 1-0 and 0-1 0.0099, 2-1 and 1-2 0.089,
2-2 0.011.

The cost of a bead whose source side has l_s characters and target side l_t is

    -log P(bead type) - log 2(1 - Φ(|δ|)),   δ = (l_s·c - l_t) / sqrt(s² · m),
    m = (l_s + l_t / c) / 2

(the mean of both lengths in the denominator, as in the C code, so that 1-0
and 0-1 beads have a finite cost).  A full dynamic programme over the whole
(n+1)×(m+1) grid finds the cheapest monotone sequence of beads: no band, no
paragraph anchors.  Pure Python, O(n·m) time; this is a baseline, not the
product's aligner (that is tm.align).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MEAN = 1.0  # c
VARIANCE = 6.8  # s²
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
}

_LOG2 = math.log(2.0)
_SQRT2 = math.sqrt(2.0)
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def _log_sf(z: float) -> float:
    """log(1 - Φ(z)) for z ≥ 0, finite even where erfc underflows."""
    v = 0.5 * math.erfc(z / _SQRT2)
    if v > 0.0:
        return math.log(v)
    # Mills-ratio asymptote: 1 - Φ(z) ~ φ(z) / z
    return -0.5 * z * z - math.log(z) - _HALF_LOG_2PI


def match_cost(ls: int, lt: int, mean: float = MEAN, variance: float = VARIANCE) -> float:
    """-log 2(1 - Φ(|δ|)): the length part of a bead's cost."""
    m = (ls + lt / mean) / 2.0
    if m <= 0:
        return 0.0
    delta = (ls * mean - lt) / math.sqrt(m * variance)
    return -(_LOG2 + _log_sf(abs(delta)))


def align_lengths(src_lens: Sequence[int], tgt_lens: Sequence[int],
                  priors: dict[tuple[int, int], float] | None = None,
                  mean: float = MEAN, variance: float = VARIANCE) -> list[Bead]:
    """Align two sequences of segment lengths; returns beads in order."""
    priors = PRIORS if priors is None else priors
    types = [(a, b, -math.log(p)) for (a, b), p in priors.items()]
    n, m = len(src_lens), len(tgt_lens)
    INF = math.inf
    cache: dict[tuple[int, int], float] = {}

    def cost(ls: int, lt: int) -> float:
        key = (ls, lt)
        c = cache.get(key)
        if c is None:
            c = cache[key] = match_cost(ls, lt, mean, variance)
        return c

    # rows[i][j]: best cost of aligning src[:i] with tgt[:j]; keep only the
    # last max(a) + 1 rows of costs, but every row of back-pointers.
    max_a = max(a for a, _, _ in types)
    rows: dict[int, list[float]] = {}
    back: list[bytearray] = []
    for i in range(n + 1):
        row = [INF] * (m + 1)
        bp = bytearray(m + 1)
        for j in range(m + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                bp[0] = 255
                continue
            best = INF
            best_k = 255
            for k, (a, b, prior_cost) in enumerate(types):
                if a > i or b > j:
                    continue
                prev = (row if a == 0 else rows[i - a])[j - b]
                if prev == INF:
                    continue
                ls = sum(src_lens[i - a:i]) if a else 0
                lt = sum(tgt_lens[j - b:j]) if b else 0
                c = prev + prior_cost + cost(ls, lt)
                if c < best:
                    best = c
                    best_k = k
            row[j] = best
            bp[j] = best_k
        rows[i] = row
        rows.pop(i - max_a - 1, None)
        back.append(bp)

    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = back[i][j]
        a, b, _ = types[k]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i -= a
        j -= b
    beads.reverse()
    return beads


def align(src: Sequence[str], tgt: Sequence[str], **kw) -> list[Bead]:
    """Align two lists of segments by their character lengths."""
    return align_lengths([len(s) for s in src], [len(t) for t in tgt], **kw)


if __name__ == "__main__":  # python benchmarks/galechurch.py SRC.txt TGT.txt > out.beads
    import sys

    a = open(sys.argv[1], encoding="utf-8").read().splitlines()
    b = open(sys.argv[2], encoding="utf-8").read().splitlines()
    for s, t in align(a, b):
        print(f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]")
