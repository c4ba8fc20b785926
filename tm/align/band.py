"""The band the programme runs in: a chain of anchors and a corridor around it.

Anchors are rare keys that pair one source segment with one target segment; the chain is the
longest run of them increasing on both sides, so the programme's cost grows linearly with
length instead of with the product of the two lengths.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from typing import Callable

from tm.align.keys import SegmentInfo
from tm.align.scoring import similarity


def band(n: int, m: int, anchors: list[tuple[int, int]], min_band: int) -> tuple[list[int], list[int]]:
    """For each source prefix i, the range lo[i]..hi[i] of target prefixes the programme explores."""
    anchors = [(0, 0)] + anchors + [(n, m)]
    lo, hi = [0] * (n + 1), [0] * (n + 1)
    for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
        width = min_band + abs((j1 - j0) - (i1 - i0))
        for i in range(i0, i1 + 1):
            centre = j0 + (j1 - j0) * ((i - i0) / (i1 - i0) if i1 > i0 else 1.0)
            lo[i] = max(0, int(centre) - width)
            hi[i] = min(m, int(math.ceil(centre)) + width)
    for i in range(1, n + 1):  # keep the band monotone and connected
        lo[i] = min(max(lo[i], lo[i - 1]), hi[i - 1])
    for i in range(n - 1, -1, -1):
        hi[i] = max(min(hi[i], hi[i + 1]), lo[i + 1])
    lo[0], hi[n] = 0, m
    return lo, hi


def anchor_chain(
    src: list[SegmentInfo], tgt: list[SegmentInfo], min_band: int, length_cost: Callable[[int, int], float]
) -> list[tuple[int, int]]:
    """Segment pairs sharing rare keys, thinned to the longest increasing chain."""
    n, m = len(src), len(tgt)
    if n * m <= (4 * min_band) ** 2:
        return []  # small enough for the full table
    df_src: Counter[str] = Counter(k for s in src for k in s.keys)
    where: dict[str, list[int]] = defaultdict(list)
    for j, t in enumerate(tgt):
        for k in t.keys:
            where[k].append(j)
    points = []
    for i, s in enumerate(src):
        votes: Counter[int] = Counter()
        for k in s.keys:
            js = where.get(k)
            if js and len(js) <= 3 and df_src[k] <= 3:
                for j in js:
                    votes[j] += 1
        if not votes:
            continue
        # A tie for the most votes is no anchor, so the order of the votes does not matter.
        (j, v), *rest = votes.most_common(2)
        if v >= 2 and (not rest or rest[0][1] < v):
            sim = similarity(s.keys, tgt[j].keys, s.size, tgt[j].size)
            if sim >= 0.3 and length_cost(s.length, tgt[j].length) < 4:
                points.append((i + 1, j + 1))
    return longest_chain(points)


def longest_chain(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain strictly increasing in both coordinates (patience sorting, O(k log k))."""
    points = sorted(set(points), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(points)
    for k, (_, j) in enumerate(points):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(points[k])
        k = prev[k]
    chain.reverse()
    # Rows must increase strictly too: keep the first point of each row.
    out: list[tuple[int, int]] = []
    for p in chain:
        if not out or (p[0] > out[-1][0] and p[1] > out[-1][1]):
            out.append(p)
    return out
