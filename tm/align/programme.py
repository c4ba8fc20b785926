"""The dynamic programme and the bead costs, compiled with numba.

Segments are turned into flat arrays once (``SegmentArrays``): lengths, sizes, blocks, kinds
and their keys as integer ids (CSR form). The programme runs row by row inside the band; a
first sweep stores, for every cell of the band, how many keys source segment i-1 and target
segment j-1 share, so that every bead shape is costed from the same lexical and length
evidence as a 1-1 bead: a merged side counts the keys of its union, exactly (a key two
members share with the other side is counted once).

The cost of a bead of ``a`` source and ``b`` target segments is

    prior(a, b) + length(Ls, Lt) + LEXICAL_WEIGHT * (LEXICAL_BASE - sim) + numbers + structure

with ``sim`` the Dice share of matched keys of the two sides (each side the union of its
members) and ``length`` the Gale-Church cost with the ratio and variance fitted on this pair of
documents. A null bead costs its prior plus half the neutral lexical term.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from tm.align.keys import SegmentInfo

# Bead shapes, in the order the programme tries them (index = the back pointer).
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
# Gale & Church's priors (as in NLTK); 3-1 and 1-3 are not in their table.
PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011,
         (3, 1): 0.01, (1, 3): 0.01}
PRIOR_COST = {b: -math.log(p) for b, p in PRIOR.items()}

LEXICAL_WEIGHT = 7.0  # how much a fully matched bead is worth against a length mismatch
LEXICAL_BASE = 0.35  # Dice similarity that counts as neutral evidence
NUMBER_MISMATCH = 2.5  # per number present on one side only
KIND_MISMATCH = 4.0  # a heading paired with body text
CROSS_BLOCK = 3.0  # a bead that joins segments of two blocks
DEAD_WEIGHT = 4.0  # a merged member that matches nothing on the other side: likely an insertion
SHORT_SLACK = 15.0  # characters added to the length in the variance term
DEAD_SIZE = 3  # content words from which a member that matches nothing costs the full DEAD_WEIGHT

HEADING_KINDS = frozenset({"heading", "title"})
_NO_MATCH = -1


@dataclass
class SegmentArrays:
    """One side's segments as arrays (ids of keys in a vocabulary shared by both sides)."""

    ptr: np.ndarray  # int64 [n+1]: keys of segment i are ids[ptr[i]:ptr[i+1]], sorted
    ids: np.ndarray  # int32
    length: np.ndarray  # float64 [n]
    size: np.ndarray  # int64 [n]
    block: np.ndarray  # int64 [n]
    kind: np.ndarray  # int64 [n]: an id per kind name
    heading: np.ndarray  # int8 [n]
    block_start: np.ndarray  # int8 [n]


def side_arrays(infos: list[SegmentInfo], vocab: dict[str, int], kinds: dict[str, int]) -> SegmentArrays:
    """The arrays of one side; ``vocab`` and ``kinds`` grow with the names they meet."""
    ptr = np.zeros(len(infos) + 1, dtype=np.int64)
    ids: list[int] = []
    for k, info in enumerate(infos):
        ids.extend(sorted(vocab.setdefault(key, len(vocab)) for key in info.keys))
        ptr[k + 1] = len(ids)
    return SegmentArrays(
        ptr=ptr,
        ids=np.array(ids, dtype=np.int32),
        length=np.array([s.length for s in infos], dtype=np.float64),
        size=np.array([s.size for s in infos], dtype=np.int64),
        block=np.array([s.block for s in infos], dtype=np.int64),
        kind=np.array([kinds.setdefault(s.kind, len(kinds)) for s in infos], dtype=np.int64),
        heading=np.array([s.kind in HEADING_KINDS for s in infos], dtype=np.int8),
        block_start=np.array([s.block_start for s in infos], dtype=np.int8),
    )


def number_flags(vocab: dict[str, int]) -> np.ndarray:
    flags = np.zeros(max(1, len(vocab)), dtype=np.int8)
    for key, k in vocab.items():
        flags[k] = key.startswith("#")
    return flags


def parameters(ratio: float, variance: float, prior_cost: dict[tuple[int, int], float]) -> np.ndarray:
    """The float parameters the compiled code reads: ratio, variance, then the shape priors."""
    return np.array([ratio, variance] + [prior_cost[s] for s in SHAPES], dtype=np.float64)


# ----- compiled code ------------------------------------------------------------------------


@njit(cache=True, nogil=True, inline="always")
def length_cost(ls, lt, ratio, variance):
    # SHORT_SLACK keeps short segments (headings, UI strings) from being judged on a few
    # characters, where Gale-Church's variance-proportional-to-length breaks down.
    mean = (ls + lt / ratio) / 2.0 + SHORT_SLACK
    z = (lt - ls * ratio) / math.sqrt(variance * ratio * mean)
    p = math.erfc(abs(z) / math.sqrt(2.0))
    return -math.log(max(p, 1e-12))


@njit(cache=True, nogil=True, inline="always")
def _shared(sp, si, x, tp, ti, y, is_num):
    """Keys (and numbers) segment x of the source shares with segment y of the target."""
    a, a_end, b, b_end = sp[x], sp[x + 1], tp[y], tp[y + 1]
    n = 0
    nn = 0
    while a < a_end and b < b_end:
        if si[a] == ti[b]:
            n += 1
            nn += is_num[si[a]]
            a += 1
            b += 1
        elif si[a] < ti[b]:
            a += 1
        else:
            b += 1
    return n, nn


@njit(cache=True, nogil=True, inline="always")
def _union_shared(sp, si, s0, s1, tp, ti, t0, t1, is_num, mark_s, mark_t, stamp):
    """Exact keys and numbers shared by the union of sources [s0, s1) and of targets [t0, t1)."""
    for y in range(t0, t1):
        for k in range(tp[y], tp[y + 1]):
            mark_t[ti[k]] = stamp
    shared = 0
    shared_nums = 0
    for x in range(s0, s1):
        for k in range(sp[x], sp[x + 1]):
            key = si[k]
            if mark_s[key] != stamp:
                mark_s[key] = stamp
                if mark_t[key] == stamp:
                    shared += 1
                    shared_nums += is_num[key]
    return shared, shared_nums


@njit(cache=True, nogil=True)
def _table(lo, hi, off, sp, si, tp, ti, is_num, n):
    """Keys and numbers shared by source segment i-1 and target segment j-1, for each band cell."""
    width = off[n + 1]
    keys = np.zeros(width, dtype=np.int32)
    nums = np.zeros(width, dtype=np.int32)
    for i in range(1, n + 1):
        for j in range(max(lo[i], 1), hi[i] + 1):
            c = off[i] + j - lo[i]
            keys[c], nums[c] = _shared(sp, si, i - 1, tp, ti, j - 1, is_num)
    return keys, nums


@njit(cache=True, nogil=True, inline="always")
def _cell(i, j, lo, hi, off, table):
    """The table entry of cell (i, j), or -1 outside the band."""
    if j < lo[i] or j > hi[i]:
        return -1
    return table[off[i] + j - lo[i]]


@njit(cache=True, nogil=True, inline="always")
def bead_cost(i, j, a, b, shape, bound, D, P, lo, hi, off, tkeys, tnums, mark_s, mark_t, stamp):
    """Cost of source [i-a, i) with target [j-b, j); returns inf when it cannot beat ``bound``."""
    (sp, si, slen, ssize, sblock, skind, shead, sstart, snum,
     tp, ti, tlen, tsize, tblock, tkind, thead, tstart, tnum, is_num) = D
    prior = P[2 + shape]
    if a == 0 or b == 0:
        return prior + 0.5 * LEXICAL_WEIGHT * LEXICAL_BASE
    ls = 0.0
    ss = 0
    ns = 0
    for x in range(i - a, i):
        ls += slen[x]
        ss += ssize[x]
        ns += snum[x]
    lt = 0.0
    st = 0
    nt = 0
    for y in range(j - b, j):
        lt += tlen[y]
        st += tsize[y]
        nt += tnum[y]
    cost = prior + length_cost(ls, lt, P[0], P[1])
    cost += _structure(i - a, i, j - b, j, sblock, tblock, shead, thead, skind, tkind, sstart, tstart)
    if cost + LEXICAL_WEIGHT * (LEXICAL_BASE - 1.0) >= bound:
        return math.inf  # cannot win even with every key matched
    # Pairwise evidence: exact for 1-1, an upper bound of what the unions share otherwise.
    shared = 0
    shared_nums = 0
    pairs_hit = 0
    for x in range(i - a, i):
        for y in range(j - b, j):
            k = _cell(x + 1, y + 1, lo, hi, off, tkeys)
            if k < 0:
                k, kn = _shared(sp, si, x, tp, ti, y, is_num)
            else:
                kn = _cell(x + 1, y + 1, lo, hi, off, tnums)
            shared += k
            shared_nums += kn
            pairs_hit += k > 0
    if ss == 0 or st == 0:
        sim = 0.0
    else:
        sim = min(1.0, 2.0 * min(shared, ss, st) / (ss + st))
    cost += LEXICAL_WEIGHT * (LEXICAL_BASE - sim)
    if cost >= bound:
        return math.inf
    if pairs_hit > 1 and a + b > 2:
        shared, shared_nums = _union_shared(sp, si, i - a, i, tp, ti, j - b, j, is_num, mark_s, mark_t, stamp)
        sim2 = 0.0 if ss == 0 or st == 0 else min(1.0, 2.0 * min(shared, ss, st) / (ss + st))
        cost += LEXICAL_WEIGHT * (sim - sim2)
    mismatched = ns + nt - 2 * shared_nums
    if mismatched > 0:
        cost += NUMBER_MISMATCH * mismatched
    # A merged member that shares no key with the other side is not evidence of a merge: it
    # costs as much as it would unaligned, scaled down for members of one or two words.
    if a > 1:
        for x in range(i - a, i):
            if ssize[x] > 0 and _hits(x, j - b, j, lo, hi, off, tkeys, sp, si, tp, ti, is_num, True) == 0:
                cost += DEAD_WEIGHT * min(1.0, ssize[x] / DEAD_SIZE)
    if b > 1:
        for y in range(j - b, j):
            if tsize[y] > 0 and _hits(y, i - a, i, lo, hi, off, tkeys, sp, si, tp, ti, is_num, False) == 0:
                cost += DEAD_WEIGHT * min(1.0, tsize[y] / DEAD_SIZE)
    return cost


@njit(cache=True, nogil=True, inline="always")
def _hits(x, y0, y1, lo, hi, off, tkeys, sp, si, tp, ti, is_num, source):
    """Keys member x shares with each segment of the other side's range, summed."""
    total = 0
    for y in range(y0, y1):
        if source:
            k = _cell(x + 1, y + 1, lo, hi, off, tkeys)
            if k < 0:
                k = _shared(sp, si, x, tp, ti, y, is_num)[0]
        else:
            k = _cell(y + 1, x + 1, lo, hi, off, tkeys)
            if k < 0:
                k = _shared(sp, si, y, tp, ti, x, is_num)[0]
        total += k
    return total


@njit(cache=True, nogil=True, inline="always")
def _structure(s0, s1, t0, t1, sblock, tblock, shead, thead, skind, tkind, sstart, tstart):
    cost = 0.0
    for x in range(s0 + 1, s1):
        if sblock[x] != sblock[x - 1]:
            cost += CROSS_BLOCK + KIND_MISMATCH * (shead[x] or shead[x - 1])
    for y in range(t0 + 1, t1):
        if tblock[y] != tblock[y - 1]:
            cost += CROSS_BLOCK + KIND_MISMATCH * (thead[y] or thead[y - 1])
    if shead[s0] != thead[t0]:
        cost += KIND_MISMATCH
    elif skind[s0] != tkind[t0]:
        cost += 0.5
    if sstart[s0] != tstart[t0]:
        cost += 1.0
    return cost


@njit(cache=True, nogil=True)
def run(lo, hi, D, P, shapes_a, shapes_b, vocab_size):
    """The cheapest monotone path of beads through the band: the shape index of each bead."""
    n = lo.shape[0] - 1
    off = np.zeros(n + 2, dtype=np.int64)
    for i in range(n + 1):
        off[i + 1] = off[i] + hi[i] - lo[i] + 1
    sp, si, tp, ti, is_num = D[0], D[1], D[9], D[10], D[18]
    tkeys, tnums = _table(lo, hi, off, sp, si, tp, ti, is_num, n)
    cost = np.full(off[n + 1], np.inf)
    back = np.zeros(off[n + 1], dtype=np.int8)
    mark_s = np.zeros(vocab_size + 1, dtype=np.int64)
    mark_t = np.zeros(vocab_size + 1, dtype=np.int64)
    stamp = 0
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            c = off[i] + j - lo[i]
            if i == 0 and j == 0:
                cost[c] = 0.0
                continue
            best = np.inf
            best_k = 0
            for k in range(shapes_a.shape[0]):
                a = shapes_a[k]
                b = shapes_b[k]
                pi = i - a
                pj = j - b
                if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                prev = cost[off[pi] + pj - lo[pi]]
                if prev == np.inf:
                    continue
                stamp += 1
                bc = bead_cost(i, j, a, b, k, best - prev, D, P, lo, hi, off, tkeys, tnums, mark_s, mark_t, stamp)
                if prev + bc < best:
                    best = prev + bc
                    best_k = k
            cost[c] = best
            back[c] = best_k
    # Trace back from (n, m).
    out = np.empty(n + hi[n] + 1, dtype=np.int8)
    count = 0
    i = n
    j = hi[n]
    while i > 0 or j > 0:
        k = back[off[i] + j - lo[i]]
        out[count] = k
        count += 1
        i -= shapes_a[k]
        j -= shapes_b[k]
    return out[:count][::-1].copy()


@njit(cache=True, nogil=True)
def costs_of(beads_i, beads_j, beads_k, D, P, shapes_a, shapes_b, vocab_size):
    """Costs of given beads (shape index k, ending at source i and target j), without a band."""
    n = D[2].shape[0]
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.full(n + 1, -1, dtype=np.int64)  # an empty band: every cell is computed directly
    off = np.zeros(n + 2, dtype=np.int64)
    empty = np.zeros(1, dtype=np.int32)
    mark_s = np.zeros(vocab_size + 1, dtype=np.int64)
    mark_t = np.zeros(vocab_size + 1, dtype=np.int64)
    out = np.empty(beads_i.shape[0])
    for q in range(beads_i.shape[0]):
        k = beads_k[q]
        out[q] = bead_cost(beads_i[q], beads_j[q], shapes_a[k], shapes_b[k], k, np.inf, D, P, lo, hi, off,
                           empty, empty, mark_s, mark_t, q + 1)
    return out


# ----- Python side --------------------------------------------------------------------------

SHAPES_A = np.array([a for a, _ in SHAPES], dtype=np.int64)
SHAPES_B = np.array([b for _, b in SHAPES], dtype=np.int64)


class Programme:
    """The arrays of a pair of documents and the compiled calls over them."""

    def __init__(self, src: list[SegmentInfo], tgt: list[SegmentInfo]) -> None:
        vocab: dict[str, int] = {}
        kinds: dict[str, int] = {}
        s, t = side_arrays(src, vocab, kinds), side_arrays(tgt, vocab, kinds)
        is_num = number_flags(vocab)
        s_num = _numbers_per_segment(s, is_num)
        t_num = _numbers_per_segment(t, is_num)
        self.vocab_size = len(vocab)
        self.data = (s.ptr, s.ids, s.length, s.size, s.block, s.kind, s.heading, s.block_start, s_num,
                     t.ptr, t.ids, t.length, t.size, t.block, t.kind, t.heading, t.block_start, t_num, is_num)

    def run(self, lo: list[int], hi: list[int], params: np.ndarray) -> list[tuple[int, int]]:
        """Shapes (a, b) of the cheapest path inside the band lo..hi."""
        path = run(np.array(lo, dtype=np.int64), np.array(hi, dtype=np.int64), self.data, params, SHAPES_A,
                   SHAPES_B, self.vocab_size)
        return [SHAPES[k] for k in path]

    def costs(self, beads: list[tuple[int, int, int, int]], params: np.ndarray) -> np.ndarray:
        """Costs of beads given as (i, j, a, b): source [i-a, i), target [j-b, j)."""
        if not beads:
            return np.zeros(0)
        index = {shape: k for k, shape in enumerate(SHAPES)}
        arr = np.array([(i, j, index[(a, b)]) for i, j, a, b in beads], dtype=np.int64)
        return costs_of(arr[:, 0], arr[:, 1], arr[:, 2], self.data, params, SHAPES_A, SHAPES_B, self.vocab_size)


def _numbers_per_segment(side: SegmentArrays, is_num: np.ndarray) -> np.ndarray:
    flags = is_num[side.ids].astype(np.int64) if side.ids.size else np.zeros(0, dtype=np.int64)
    sums = np.concatenate([[0], np.cumsum(flags)])
    return (sums[side.ptr[1:]] - sums[side.ptr[:-1]]).astype(np.int64)
