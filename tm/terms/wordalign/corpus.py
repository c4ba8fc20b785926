"""The training corpus as arrays, and every candidate link of one direction flattened.

All candidate links of all pairs are flattened into one array per direction (one entry per
(generated token, conditioning position or NULL), grouped by generated token, NULL first), each
entry pointing to its (conditioning word, generated word) parameter id.
"""

from __future__ import annotations

import numpy as np


class Corpus:
    """Token ids of one side of the corpus: concatenated, with per-pair offsets and lengths."""

    __slots__ = ("ids", "off", "len")

    def __init__(self, ids: np.ndarray, lengths: np.ndarray):
        self.ids = ids
        self.len = lengths
        self.off = np.zeros(len(lengths), dtype=np.int64)
        if len(lengths):
            np.cumsum(lengths[:-1], out=self.off[1:])


_CHUNK = 1 << 21  # candidate links per chunk while building the flat arrays


class Flat:
    """All candidate links of one direction, flattened (see the module docstring).

    The direction generates the words of side G, each from a word of side C or from NULL.
    Entries are grouped by G token (global index), NULL first, then C positions in order.
    """

    pid: np.ndarray  # int32 per entry: parameter id
    h: np.ndarray | None  # float32 per entry: -|relative distance| (0 at NULL entries)
    starts: np.ndarray  # int64 per G token: its first entry
    sizes: np.ndarray  # int64 per G token: 1 + length of the C side of its pair
    tok_m: np.ndarray  # int64 per G token: length of the C side
    group: np.ndarray  # int64 per parameter: its conditioning C word id (0 = NULL)
    lookup_keys: np.ndarray  # sorted int64 c * v_g + g
    lookup_order: np.ndarray | None  # parameter id of each sorted key (None: identity)
    n_params: int


def _layout(C: Corpus, G: Corpus, flat: Flat) -> np.ndarray:
    K = len(C.len)
    tok_pair = np.repeat(np.arange(K, dtype=np.int64), G.len)
    flat.tok_m = C.len[tok_pair]
    flat.sizes = flat.tok_m + 1
    flat.starts = np.zeros(len(tok_pair), dtype=np.int64)
    if len(tok_pair):
        np.cumsum(flat.sizes[:-1], out=flat.starts[1:])
    return tok_pair


def _chunks(flat: Flat):
    """(first token, end token, first entry, end entry) ranges of at most about _CHUNK entries."""
    T = len(flat.starts)
    N = int(flat.starts[-1] + flat.sizes[-1]) if T else 0
    cuts = np.searchsorted(flat.starts, np.arange(_CHUNK, N, _CHUNK)).tolist()
    bounds = sorted(set([0, *cuts, T]))
    for t0, t1 in zip(bounds, bounds[1:]):
        lo = int(flat.starts[t0])
        hi = int(flat.starts[t1]) if t1 < T else N
        yield t0, t1, lo, hi


def _chunk_entries(flat: Flat, tok_pair: np.ndarray, t0: int, t1: int):
    sz = flat.sizes[t0:t1]
    tok = np.repeat(np.arange(t0, t1, dtype=np.int64), sz)
    cpos = np.arange(len(tok), dtype=np.int64)
    cpos -= np.repeat(flat.starts[t0:t1] - flat.starts[t0], sz)
    cpos -= 1  # -1 = NULL
    return tok, cpos, tok_pair[tok]


def _distance(C: Corpus, G: Corpus, tok: np.ndarray, cpos: np.ndarray, k: np.ndarray) -> np.ndarray:
    m = np.maximum(C.len[k], 1).astype(np.float32)
    n = G.len[k].astype(np.float32)
    g = (tok - G.off[k]).astype(np.float32)
    h = (cpos.astype(np.float32) + np.float32(0.5)) / m
    h -= (g + np.float32(0.5)) / n
    np.abs(h, out=h)
    np.negative(h, out=h)
    h[cpos < 0] = 0.0
    return h


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    a = np.sort(a)
    if len(a) < 2:
        return a
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def build_forward(C: Corpus, G: Corpus, v_g: int, need_h: bool) -> Flat:
    flat = Flat()
    tok_pair = _layout(C, G, flat)
    N = int(flat.sizes.sum())
    flat.pid = np.empty(N, dtype=np.int32)
    flat.h = np.empty(N, dtype=np.float32) if need_h else None
    uniqs = []
    chunks = list(_chunks(flat))
    for t0, t1, lo, hi in chunks:
        tok, cpos, k = _chunk_entries(flat, tok_pair, t0, t1)
        c = C.ids[np.minimum(C.off[k] + np.maximum(cpos, 0), max(len(C.ids) - 1, 0))] if len(C.ids) else 0
        key = np.where(cpos >= 0, c, 0) * v_g
        key += G.ids[tok]
        u, inv = np.unique(key, return_inverse=True)
        uniqs.append(u)
        flat.pid[lo:hi] = inv.ravel()  # chunk-local for now
        if need_h:
            flat.h[lo:hi] = _distance(C, G, tok, cpos, k)
        del tok, cpos, k, c, key, inv
    keys = _sorted_unique(np.concatenate(uniqs)) if uniqs else np.zeros(0, dtype=np.int64)
    for (t0, t1, lo, hi), u in zip(chunks, uniqs):
        remap = np.searchsorted(keys, u).astype(np.int32)
        flat.pid[lo:hi] = remap[flat.pid[lo:hi]]
    flat.n_params = len(keys)
    flat.group = keys // v_g
    flat.lookup_keys = keys
    flat.lookup_order = None
    return flat


def build_reverse(fw: Flat, C: Corpus, G: Corpus, v_c: int, v_g: int, need_h: bool) -> Flat:
    """The opposite direction of ``fw`` (which generated C from G): it shares fw's parameters
    for non-NULL word pairs (same co-occurring pairs) and adds one NULL parameter per G word;
    its candidate links are fw's, transposed within each pair (no sort of the links)."""
    flat = Flat()
    tok_pair = _layout(C, G, flat)
    N = int(flat.sizes.sum())
    P = fw.n_params
    g_of = fw.lookup_keys // v_c  # fw conditioned on G words, generated C words
    c_of = fw.lookup_keys % v_c
    flat.n_params = P + v_g
    flat.group = np.concatenate([c_of, np.zeros(v_g, dtype=np.int64)])
    rkey = np.concatenate([c_of * v_g + g_of, np.arange(v_g, dtype=np.int64)])
    order = np.argsort(rkey, kind="stable")
    flat.lookup_keys = rkey[order]
    flat.lookup_order = order
    flat.pid = np.empty(N, dtype=np.int32)
    flat.h = np.empty(N, dtype=np.float32) if need_h else None
    n_ftok = len(fw.starts)
    for t0, t1, lo, hi in _chunks(flat):
        tok, cpos, k = _chunk_entries(flat, tok_pair, t0, t1)
        g_pos = tok - G.off[k]
        ctok = np.minimum(C.off[k] + np.maximum(cpos, 0), max(n_ftok - 1, 0))
        if n_ftok:
            fidx = fw.starts[ctok] + g_pos + 1
            np.minimum(fidx, len(fw.pid) - 1, out=fidx)
            shared = fw.pid[fidx]
        else:
            shared = np.zeros(len(tok), dtype=np.int32)
        flat.pid[lo:hi] = np.where(cpos >= 0, shared, P + G.ids[tok])
        if need_h:
            flat.h[lo:hi] = _distance(C, G, tok, cpos, k)
        del tok, cpos, k, g_pos, ctok, shared
    return flat
