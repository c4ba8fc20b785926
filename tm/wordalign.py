"""Word alignment learnt from the memory itself: which words translate which.

A standalone module: it takes sentence pairs already tokenised into word keys (lists of str,
e.g. lemmas or lower-cased words) and knows nothing of languages.

Model
-----
For each direction (source generates target, and target generates source):

1. IBM Model 1 with a NULL word, a few EM iterations from uniform translation tables.
2. A diagonal-favouring reparameterisation of the alignment prior in the spirit of
   fast_align (Dyer, Chahuneau & Smith 2013, "A Simple, Fast, and Effective
   Reparameterization of IBM Model 2"): a target word at position j of n aligns to NULL with
   probability p0, else to source word i of m with probability proportional to
   ``exp(-tension * |(i + .5)/m - (j + .5)/n|)``. The tension is fixed (default 1.0) or
   re-estimated after every E-step by Newton steps on the expected complete-data
   log-likelihood (concave in the tension); p0 is fixed. Written from the paper's
   description, not from its code.

The two directions' Viterbi alignments are symmetrised (intersection, union, grow-diag,
grow-diag-final, grow-diag-final-and; Koehn et al. 2003/2005).

Implementation
--------------
All candidate links of all pairs are flattened into one array per direction (one entry per
(target token, source position or NULL), grouped by target token, NULL first), each entry
pointing to its (source word, target word) parameter id. An EM iteration is a gather
``t[pid]``, a segmented sum (``np.add.reduceat``) for the per-token normaliser and a
``np.bincount`` of posteriors into the parameter counts: no Python loop over words.

Priors
------
:class:`Priors` holds pseudo-counts added to the expected counts in every M-step, in both
directions: glossary pairs (:meth:`Priors.add_glossary`), any word pairs
(:meth:`Priors.add_pair`) and, at training time, a cognate prior over co-occurring word pairs
whose normalised forms are similar (``cognates=0.8``: rapidfuzz ratio ≥ 80 on forms without
diacritics and with a few spelling correspondences, "serwer" ~ "server", both at least 4
letters, same first letter).

Determinism: vocabularies are numbered in first-seen order, all reductions are over arrays in
a fixed order, nothing iterates over a set or dict of unknown order: the result does not
depend on PYTHONHASHSEED.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "WordAligner",
    "Priors",
    "aligned_span",
    "symmetrise",
    "cognate_form",
    "cognate_similarity",
]

Link = tuple[int, int]
_FLOOR = 1e-7  # translation probability of a pair never seen together
_SYMMETRISATIONS = ("intersection", "union", "grow-diag", "grow-diag-final", "grow-diag-final-and",
                    "forward", "reverse")


# ------------------------------------------------------------------------------------ priors


@dataclass
class Priors:
    """Pseudo-counts for (source word, target word) pairs, added in every M-step.

    A pair that never co-occurs in a training pair has no parameter and its prior is ignored.
    """

    pairs: dict[tuple[str, str], float] = field(default_factory=dict)

    def add_pair(self, src: str, tgt: str, weight: float = 1.0) -> "Priors":
        key = (src, tgt)
        self.pairs[key] = self.pairs.get(key, 0.0) + float(weight)
        return self

    def add_glossary(
        self,
        entries: Mapping[str | Sequence[str], str | Sequence[str] | Iterable[Sequence[str]]]
        | Iterable[tuple[str | Sequence[str], str | Sequence[str]]],
        weight: float = 2.0,
    ) -> "Priors":
        """Known translations: ``{"file": ["plik"], "email address": ["adres", "e-mail"]}`` or
        an iterable of ``(source, target)``; a side is a word key, a space-separated string of
        keys or a sequence of keys. A mapping value may also be a list of renderings, each a
        sequence of keys (``{"file": [["plik"], ["zbiór"]]}``).

        An entry is used like an extra training pair with a uniform alignment: every source word
        spreads ``weight`` over the target words of the rendering (Model 1's first E-step).
        """
        items = entries.items() if isinstance(entries, Mapping) else entries
        for src, tgt in items:
            s_words = _words(src)
            renderings: list[list[str]]
            if isinstance(tgt, str):
                renderings = [_words(tgt)]
            elif tgt and all(isinstance(x, str) for x in tgt):
                # a list of keys: one rendering per key when the source is a single word and
                # the value was given as a list of alternatives is ambiguous; treat a list of
                # str as ONE rendering's words.
                renderings = [list(tgt)]
            else:
                renderings = [_words(r) for r in tgt]
            for t_words in renderings:
                if not s_words or not t_words:
                    continue
                for s in s_words:
                    for t in t_words:
                        self.add_pair(s, t, weight / len(t_words))
        return self


def _words(x: str | Sequence[str]) -> list[str]:
    return x.split() if isinstance(x, str) else [str(w) for w in x]


_COGNATE_MAP = str.maketrans({"w": "v", "k": "c", "y": "i", "ł": "l", "j": "i"})


def cognate_form(word: str) -> str:
    """A normalised form for spotting cognates across Latin-script languages: lower case,
    diacritics removed, a few spelling correspondences merged (w/v, k/c, y/i/j, ł/l)."""
    w = word.lower().translate(_COGNATE_MAP)
    w = unicodedata.normalize("NFKD", w)
    return "".join(c for c in w if not unicodedata.combining(c))


def cognate_similarity(a: str, b: str) -> float:
    """rapidfuzz ratio (0..1) of the normalised forms."""
    from rapidfuzz.fuzz import ratio

    return ratio(cognate_form(a), cognate_form(b)) / 100.0


# ------------------------------------------------------------------------------- numerics


def _digamma(x: np.ndarray) -> np.ndarray:
    """psi(x) for x > 0 (recurrence up to 6, then the asymptotic series)."""
    x = np.asarray(x, dtype=np.float64).copy()
    out = np.zeros_like(x)
    for _ in range(6):
        small = x < 6.0
        if not small.any():
            break
        out[small] -= 1.0 / x[small]
        x[small] += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    out += np.log(x) - 0.5 * inv - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252)))
    return out


class _Corpus:
    """Token ids of one side of the corpus: concatenated, with per-pair offsets and lengths."""

    __slots__ = ("ids", "off", "len")

    def __init__(self, ids: np.ndarray, lengths: np.ndarray):
        self.ids = ids
        self.len = lengths
        self.off = np.zeros(len(lengths), dtype=np.int64)
        if len(lengths):
            np.cumsum(lengths[:-1], out=self.off[1:])


_CHUNK = 1 << 21  # candidate links per chunk while building the flat arrays


class _Flat:
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


def _layout(C: _Corpus, G: _Corpus, flat: _Flat) -> np.ndarray:
    K = len(C.len)
    tok_pair = np.repeat(np.arange(K, dtype=np.int64), G.len)
    flat.tok_m = C.len[tok_pair]
    flat.sizes = flat.tok_m + 1
    flat.starts = np.zeros(len(tok_pair), dtype=np.int64)
    if len(tok_pair):
        np.cumsum(flat.sizes[:-1], out=flat.starts[1:])
    return tok_pair


def _chunks(flat: _Flat):
    """(first token, end token, first entry, end entry) ranges of at most about _CHUNK entries."""
    T = len(flat.starts)
    N = int(flat.starts[-1] + flat.sizes[-1]) if T else 0
    cuts = np.searchsorted(flat.starts, np.arange(_CHUNK, N, _CHUNK)).tolist()
    bounds = sorted(set([0, *cuts, T]))
    for t0, t1 in zip(bounds, bounds[1:]):
        lo = int(flat.starts[t0])
        hi = int(flat.starts[t1]) if t1 < T else N
        yield t0, t1, lo, hi


def _chunk_entries(flat: _Flat, tok_pair: np.ndarray, t0: int, t1: int):
    sz = flat.sizes[t0:t1]
    tok = np.repeat(np.arange(t0, t1, dtype=np.int64), sz)
    cpos = np.arange(len(tok), dtype=np.int64)
    cpos -= np.repeat(flat.starts[t0:t1] - flat.starts[t0], sz)
    cpos -= 1  # -1 = NULL
    return tok, cpos, tok_pair[tok]


def _distance(C: _Corpus, G: _Corpus, tok: np.ndarray, cpos: np.ndarray, k: np.ndarray) -> np.ndarray:
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


def _build_forward(C: _Corpus, G: _Corpus, v_g: int, need_h: bool) -> _Flat:
    flat = _Flat()
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


def _build_reverse(fw: _Flat, C: _Corpus, G: _Corpus, v_c: int, v_g: int, need_h: bool) -> _Flat:
    """The opposite direction of ``fw`` (which generated C from G): it shares fw's parameters
    for non-NULL word pairs (same co-occurring pairs) and adds one NULL parameter per G word;
    its candidate links are fw's, transposed within each pair (no sort of the links)."""
    flat = _Flat()
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


class _Direction:
    """Parameters of one direction: t(g | c) over co-occurring (c, g), tension, p0."""

    def __init__(self, flat: _Flat, t: np.ndarray, v_g: int, tension: float, p0: float,
                 viterbi: np.ndarray, diagonal: bool):
        self.keys = flat.lookup_keys
        self.order = flat.lookup_order
        self.t = t
        self.v_f = v_g
        self.tension = tension
        self.p0 = p0
        self.viterbi = viterbi  # per generated token (global index): conditioning position, -1 = NULL
        self.diagonal = diagonal

    def prob(self, e: np.ndarray, f: np.ndarray) -> np.ndarray:
        """t(f | e) for id arrays (e = 0 is NULL; unknown ids < 0 give the floor)."""
        e = np.asarray(e, dtype=np.int64)
        f = np.asarray(f, dtype=np.int64)
        if not len(self.keys) or not len(e):
            return np.full(len(e), _FLOOR)
        key = e * self.v_f + f
        pos = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        found = (self.keys[pos] == key) & (e >= 0) & (f >= 0)
        param = pos if self.order is None else self.order[pos]
        out = np.where(found, self.t[param].astype(np.float64), _FLOOR)
        return np.maximum(out, _FLOOR)

    def align(self, e_ids: np.ndarray, f_ids: np.ndarray) -> list[int]:
        """Viterbi alignment of one pair: for each F position, its E position or -1."""
        m, n = len(e_ids), len(f_ids)
        if n == 0:
            return []
        if m == 0:
            return [-1] * n
        E = np.concatenate([[0], e_ids]).astype(np.int64)  # NULL first
        score = self.prob(np.tile(E, n), np.repeat(f_ids.astype(np.int64), m + 1)).reshape(n, m + 1)
        if self.diagonal:
            i = (np.arange(m) + 0.5) / m
            j = (np.arange(n) + 0.5) / n
            w = np.exp(-self.tension * np.abs(i[None, :] - j[:, None]))
            prior = np.empty((n, m + 1))
            prior[:, 0] = self.p0
            prior[:, 1:] = (1 - self.p0) * w / w.sum(axis=1, keepdims=True)
        else:
            prior = np.full((n, m + 1), 1.0 / (m + 1))
        best = np.argmax(score * prior, axis=1)
        # a word pair never seen together is no evidence: such a "link" is left out
        known = score[np.arange(n), best] > _FLOOR
        return [int(a) - 1 if ok else -1 for a, ok in zip(best, known)]


def _train_direction(
    flat: _Flat,
    v_c: int,
    v_g: int,
    model1_iterations: int,
    diagonal_iterations: int,
    p0: float,
    tension: float,
    optimise_tension: bool,
    alpha: float | None,
    pseudo: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    log: Callable[[str], None] | None,
) -> _Direction:
    P = flat.n_params
    pid, starts, sizes = flat.pid, flat.starts, flat.sizes
    group = flat.group
    T = len(starts)
    # pseudo-counts: (c ids, g ids, weights) -> parameter ids present in this direction
    pseudo_counts = None
    if pseudo is not None and len(pseudo[0]) and len(flat.lookup_keys):
        pk = pseudo[0].astype(np.int64) * v_g + pseudo[1]
        pos = np.minimum(np.searchsorted(flat.lookup_keys, pk), len(flat.lookup_keys) - 1)
        ok = flat.lookup_keys[pos] == pk
        if ok.any():
            param = pos[ok] if flat.lookup_order is None else flat.lookup_order[pos[ok]]
            pseudo_counts = np.bincount(param, weights=pseudo[2][ok], minlength=P)
    t = np.full(P, 1.0 / v_g, dtype=np.float32)
    null_tok = flat.tok_m == 0  # G tokens of pairs with an empty C side: NULL only

    def prior_array(lam: float) -> np.ndarray:
        w = flat.h * np.float32(-lam if lam < 0 else lam)
        np.exp(w, out=w)
        w[starts] = 0.0
        Z = np.add.reduceat(w, starts)
        Z[Z == 0] = 1.0
        scale = ((1.0 - p0) / Z).astype(np.float32)
        w *= np.repeat(scale, sizes)
        w[starts] = np.where(null_tok, 1.0, p0)
        return w

    def m_step(counts: np.ndarray) -> np.ndarray:
        if pseudo_counts is not None:
            counts += pseudo_counts
        tot = np.bincount(group, weights=counts, minlength=v_c)
        if alpha is not None:
            num = np.exp(_digamma(counts + alpha))
            den = np.exp(_digamma(tot + alpha * v_g))
            return (num / den[group]).astype(np.float32)
        tot[tot == 0] = 1.0
        return (counts / tot[group]).astype(np.float32)

    # the tension is one number: estimate it on a prefix of the tokens
    sub_t = int(np.searchsorted(starts, 1_500_000)) if T else 0
    sub_t = max(sub_t, min(T, 1))
    lam = float(tension)
    for it in range(model1_iterations + diagonal_iterations):
        diag = it >= model1_iterations
        if not T:
            break
        p = t[pid]
        if diag:
            prior = prior_array(lam)
            p *= prior
            del prior
        denom = np.add.reduceat(p, starts)
        denom[denom == 0] = 1.0
        ll = float(np.log(denom.astype(np.float64)).sum())
        p /= np.repeat(denom, sizes)
        counts = np.bincount(pid, weights=p, minlength=P)
        if diag and optimise_tension:
            lam = _newton_tension(flat, p, lam, sub_t)
        del p
        t = m_step(counts)
        del counts
        if log:
            log(f"iteration {it + 1} ({'diagonal' if diag else 'model 1'}): log-likelihood {ll:.1f}"
                + (f", tension {lam:.3f}" if diag else ""))

    # Viterbi alignment of every training pair
    if T:
        score = t[pid]
        if diagonal_iterations > 0:
            score *= prior_array(lam)
        viterbi = (_segment_argmax(score, starts, sizes) - 1).astype(np.int32)
        del score
    else:
        viterbi = np.zeros(0, dtype=np.int32)
    return _Direction(flat, t, v_g, lam, p0, viterbi, diagonal_iterations > 0)


def _segment_argmax(x: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Index within each segment of its first maximum."""
    mx = np.maximum.reduceat(x, starts)
    idx = np.arange(len(x), dtype=np.int64)
    big = np.int64(len(x))
    cand = np.where(x == np.repeat(mx, sizes), idx, big)
    first = np.minimum.reduceat(cand, starts)
    return first - starts


def _newton_tension(flat: _Flat, post: np.ndarray, lam: float, n_tok: int, steps: int = 6) -> float:
    """Maximise sum_j sum_{i>0} post_ij log(exp(lam h_ij) / Z_j(lam)) over lam (concave), on
    the first ``n_tok`` generated tokens."""
    starts, tok_m = flat.starts[:n_tok], flat.tok_m[:n_tok]
    end = int(starts[-1] + flat.sizes[n_tok - 1])
    h, post = flat.h[:end], post[:end]
    A = float(np.dot(post.astype(np.float64), h.astype(np.float64)))  # h = 0 at NULL entries
    M = 1.0 - post[starts].astype(np.float64)  # non-NULL posterior mass per token
    M[tok_m == 0] = 0.0
    for _ in range(steps):
        w = h * np.float32(lam)
        np.exp(w, out=w)
        w[starts] = 0.0
        Z = np.add.reduceat(w.astype(np.float64), starts)
        Z[Z == 0] = 1.0
        wh = w * h
        Eh = np.add.reduceat(wh.astype(np.float64), starts) / Z
        wh *= h
        Eh2 = np.add.reduceat(wh.astype(np.float64), starts) / Z
        g = A - float(np.dot(M, Eh))
        H = -float(np.dot(M, np.maximum(Eh2 - Eh * Eh, 0.0)))
        if H >= -1e-12:
            break
        new = min(max(lam - g / H, 0.0), 100.0)
        if abs(new - lam) < 1e-4:
            lam = new
            break
        lam = new
    return lam


# --------------------------------------------------------------------------- symmetrisation


_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def symmetrise(forward: Iterable[Link], reverse: Iterable[Link], method: str = "grow-diag-final-and") -> list[Link]:
    """Combine two directional alignments, both given as (source position, target position)
    links. ``method``: intersection, union, grow-diag, grow-diag-final, grow-diag-final-and,
    forward or reverse. Returns sorted links."""
    fwd = set(forward)
    rev = set(reverse)
    if method == "forward":
        return sorted(fwd)
    if method == "reverse":
        return sorted(rev)
    if method == "intersection":
        return sorted(fwd & rev)
    union = fwd | rev
    if method == "union":
        return sorted(union)
    if method not in _SYMMETRISATIONS:
        raise ValueError(f"unknown symmetrisation {method!r}; one of {', '.join(_SYMMETRISATIONS)}")
    a = fwd & rev
    src_aligned = {i for i, _ in a}
    tgt_aligned = {j for _, j in a}
    union_sorted = sorted(union)
    grew = True
    while grew:
        grew = False
        for i, j in sorted(a):
            for di, dj in _NEIGHBOURS:
                p = (i + di, j + dj)
                if p in union and p not in a and (p[0] not in src_aligned or p[1] not in tgt_aligned):
                    a.add(p)
                    src_aligned.add(p[0])
                    tgt_aligned.add(p[1])
                    grew = True
    if method in ("grow-diag-final", "grow-diag-final-and"):
        both = method == "grow-diag-final-and"
        for d in (fwd, rev):
            for p in union_sorted:
                if p not in d:
                    continue
                s_free, t_free = p[0] not in src_aligned, p[1] not in tgt_aligned
                if (s_free and t_free) if both else (s_free or t_free):
                    a.add(p)
                    src_aligned.add(p[0])
                    tgt_aligned.add(p[1])
    return sorted(a)


def aligned_span(links: Iterable[Link], src_start: int, src_end: int, *, consistent: bool = True) -> tuple[int, int] | None:
    """The rendering of source words ``[src_start, src_end)``: the minimal contiguous target
    span ``(tgt_start, tgt_end)`` (end exclusive) covering their links, or None when they have
    no link, or (``consistent``) when a target word inside the span is linked to a source word
    outside the phrase (phrase-extraction consistency; unaligned target words inside the span
    are allowed)."""
    links = list(links)
    tgt = [j for i, j in links if src_start <= i < src_end]
    if not tgt:
        return None
    lo, hi = min(tgt), max(tgt) + 1
    if consistent:
        for i, j in links:
            if lo <= j < hi and not (src_start <= i < src_end):
                return None
    return lo, hi


# ------------------------------------------------------------------------------------ model


class WordAligner:
    """A trained two-direction word aligner; build it with :meth:`train`."""

    def __init__(self, src_vocab: dict[str, int], tgt_vocab: dict[str, int], forward: _Direction,
                 reverse: _Direction, src: _Corpus, tgt: _Corpus, symmetrisation: str):
        self.src_vocab = src_vocab  # word -> id (1-based; 0 is NULL)
        self.tgt_vocab = tgt_vocab
        self.forward = forward  # source generates target: t(tgt | src)
        self.reverse = reverse  # target generates source: t(src | tgt)
        self._src = src
        self._tgt = tgt
        self.symmetrisation = symmetrisation
        self._links_cache: dict[tuple[int, str], list[Link]] = {}

    # -- training ---------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        pairs: Iterable[tuple[Sequence[str], Sequence[str]]],
        *,
        iterations: int = 5,
        diagonal_iterations: int = 5,
        priors: Priors | None = None,
        cognates: float | None = None,
        cognate_weight: float = 1.0,
        cognate_min_length: int = 4,
        null_prob: float = 0.08,
        tension: float = 1.0,
        optimise_tension: bool = False,
        alpha: float | None = None,
        symmetrisation: str = "grow-diag-final-and",
        log: Callable[[str], None] | None = None,
    ) -> "WordAligner":
        """Train both directions on ``pairs`` of (source keys, target keys).

        ``iterations`` Model 1 iterations, then ``diagonal_iterations`` with the
        diagonal-favouring prior (0 = Model 1 only). ``priors``: pseudo-counts
        (:class:`Priors`). ``cognates``: a similarity threshold in 0..1 (e.g. 0.8); co-occurring
        word pairs at least that similar (:func:`cognate_similarity`, both words at least
        ``cognate_min_length`` long) get ``cognate_weight × similarity`` pseudo-counts.
        ``alpha``: a symmetric Dirichlet prior on t with mean-field (variational Bayes)
        updates, as fast_align's ``-v`` (None = maximum likelihood).

        ``tension``: the diagonal prior's sharpness; with ``optimise_tension`` it is only the
        starting value and is re-estimated each iteration (fast_align's behaviour). The default
        is a fixed, gentle 1.0: on English–Polish software messages (short, with noun–adjective
        inversions) the re-estimated tension (~5.4) cost 11 points of term-span recall
        (benchmarks/wordalign_eval.py).
        """
        if symmetrisation not in _SYMMETRISATIONS:
            raise ValueError(f"unknown symmetrisation {symmetrisation!r}")
        if not 0.0 < null_prob < 1.0:
            raise ValueError("null_prob must be in (0, 1)")
        src_vocab: dict[str, int] = {}
        tgt_vocab: dict[str, int] = {}
        s_ids: list[int] = []
        t_ids: list[int] = []
        s_len: list[int] = []
        t_len: list[int] = []
        for src, tgt in pairs:
            if isinstance(src, str) or isinstance(tgt, str):
                raise TypeError("pairs must hold sequences of word keys, not strings")
            for w in src:
                s_ids.append(src_vocab.setdefault(w, len(src_vocab) + 1))
            for w in tgt:
                t_ids.append(tgt_vocab.setdefault(w, len(tgt_vocab) + 1))
            s_len.append(len(src))
            t_len.append(len(tgt))
        S = _Corpus(np.asarray(s_ids, dtype=np.int64), np.asarray(s_len, dtype=np.int64))
        Tg = _Corpus(np.asarray(t_ids, dtype=np.int64), np.asarray(t_len, dtype=np.int64))
        del s_ids, t_ids
        v_s, v_t = len(src_vocab) + 1, len(tgt_vocab) + 1

        pe: list[int] = []
        pf: list[int] = []
        pw: list[float] = []
        if priors is not None:
            for (a, b), w in priors.pairs.items():  # insertion order: deterministic
                ia, ib = src_vocab.get(a), tgt_vocab.get(b)
                if ia is not None and ib is not None and w > 0:
                    pe.append(ia)
                    pf.append(ib)
                    pw.append(w)
        if cognates is not None:
            for ia, ib, w in _cognate_pairs(S, Tg, src_vocab, tgt_vocab, cognates, cognate_min_length):
                pe.append(ia)
                pf.append(ib)
                pw.append(cognate_weight * w)
        pe_a = np.asarray(pe, dtype=np.int64)
        pf_a = np.asarray(pf, dtype=np.int64)
        pw_a = np.asarray(pw, dtype=np.float64)

        common = dict(model1_iterations=iterations, diagonal_iterations=diagonal_iterations, p0=null_prob,
                      tension=tension, optimise_tension=optimise_tension, alpha=alpha)
        need_h = diagonal_iterations > 0
        flat = _build_forward(S, Tg, v_t, need_h)
        fwd = _train_direction(flat, v_s, v_t, pseudo=(pe_a, pf_a, pw_a),
                               log=(lambda s: log("forward " + s)) if log else None, **common)
        rflat = _build_reverse(flat, Tg, S, v_t, v_s, need_h)
        del flat
        rev = _train_direction(rflat, v_t, v_s, pseudo=(pf_a, pe_a, pw_a),
                               log=(lambda s: log("reverse " + s)) if log else None, **common)
        del rflat
        return cls(src_vocab, tgt_vocab, fwd, rev, S, Tg, symmetrisation)

    # -- queries ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._src.len)

    def directional_links(self, pair_index: int) -> tuple[list[Link], list[Link]]:
        """(forward, reverse) Viterbi links of a training pair, as (source, target) positions."""
        k = int(pair_index)
        if not 0 <= k < len(self):
            raise IndexError(pair_index)
        so, sl = int(self._src.off[k]), int(self._src.len[k])
        to, tl = int(self._tgt.off[k]), int(self._tgt.len[k])
        fa = self.forward.viterbi[to: to + tl]
        ra = self.reverse.viterbi[so: so + sl]
        fwd = [(int(i), j) for j, i in enumerate(fa) if i >= 0]
        rev = [(i, int(j)) for i, j in enumerate(ra) if j >= 0]
        return fwd, rev

    def links(self, pair_index: int, method: str | None = None) -> list[Link]:
        """Symmetrised links (source position, target position) of training pair
        ``pair_index`` (positions into the key lists given to :meth:`train`)."""
        method = method or self.symmetrisation
        key = (int(pair_index), method)
        got = self._links_cache.get(key)
        if got is None:
            fwd, rev = self.directional_links(pair_index)
            got = symmetrise(fwd, rev, method)
            if len(self._links_cache) < 200_000:
                self._links_cache[key] = got
        return list(got)

    def align(self, src_tokens: Sequence[str], tgt_tokens: Sequence[str], method: str | None = None) -> list[Link]:
        """Symmetrised links of a new pair (word keys as in training; a word pair never seen
        together in training is never linked, so unknown words stay unaligned)."""
        method = method or self.symmetrisation
        e = np.asarray([self.src_vocab.get(w, -1) for w in src_tokens], dtype=np.int64)
        f = np.asarray([self.tgt_vocab.get(w, -1) for w in tgt_tokens], dtype=np.int64)
        fa = self.forward.align(e, f)
        ra = self.reverse.align(f, e)
        fwd = [(i, j) for j, i in enumerate(fa) if i >= 0]
        rev = [(i, j) for i, j in enumerate(ra) if j >= 0]
        return symmetrise(fwd, rev, method)

    def translation_prob(self, src_word: str, tgt_word: str) -> float:
        """t(tgt_word | src_word), source-to-target direction (0.0 for unknown words)."""
        a, b = self.src_vocab.get(src_word), self.tgt_vocab.get(tgt_word)
        if a is None or b is None:
            return 0.0
        p = float(self.forward.prob(np.array([a]), np.array([b]))[0])
        return 0.0 if p == _FLOOR else p

    def reverse_prob(self, src_word: str, tgt_word: str) -> float:
        """t(src_word | tgt_word), target-to-source direction."""
        a, b = self.src_vocab.get(src_word), self.tgt_vocab.get(tgt_word)
        if a is None or b is None:
            return 0.0
        p = float(self.reverse.prob(np.array([b]), np.array([a]))[0])
        return 0.0 if p == _FLOOR else p

    def translations(self, src_word: str, n: int = 5) -> list[tuple[str, float]]:
        """The ``n`` likeliest target words of a source word, t(tgt | src) descending (ties by
        first-seen order)."""
        a = self.src_vocab.get(src_word)
        if a is None:
            return []
        v = self.forward.v_f
        lo = np.searchsorted(self.forward.keys, a * v)
        hi = np.searchsorted(self.forward.keys, (a + 1) * v)
        ids = self.forward.keys[lo:hi] % v
        probs = self.forward.t[lo:hi]
        order = np.lexsort((ids, -probs))[:n]
        inv = {i: w for w, i in self.tgt_vocab.items()}
        return [(inv[int(ids[k])], float(probs[k])) for k in order]

    @property
    def tension(self) -> tuple[float, float]:
        return self.forward.tension, self.reverse.tension


def _cognate_pairs(S: _Corpus, Tg: _Corpus, src_vocab: dict[str, int], tgt_vocab: dict[str, int],
                   threshold: float, min_len: int):
    """(src id, tgt id, similarity) for co-occurring word pairs whose normalised forms are at
    least ``threshold`` similar; computed once per distinct pair."""
    from rapidfuzz.fuzz import ratio

    s_words = [""] * (len(src_vocab) + 1)
    for w, i in src_vocab.items():
        s_words[i] = w
    t_words = [""] * (len(tgt_vocab) + 1)
    for w, i in tgt_vocab.items():
        t_words[i] = w
    s_ok = np.array([len(w) >= min_len and any(c.isalpha() for c in w) for w in s_words], dtype=bool)
    t_ok = np.array([len(w) >= min_len and any(c.isalpha() for c in w) for w in t_words], dtype=bool)
    s_form = [cognate_form(w) for w in s_words]
    t_form = [cognate_form(w) for w in t_words]
    s_len = np.array([len(f) for f in s_form])
    t_len = np.array([len(f) for f in t_form])
    # distinct co-occurring (src, tgt) pairs of eligible words, vectorised per pair of lengths
    K = len(S.len)
    keep_s = s_ok[S.ids]
    keep_t = t_ok[Tg.ids]
    s_pair = np.repeat(np.arange(K), S.len)[keep_s]
    t_pair = np.repeat(np.arange(K), Tg.len)[keep_t]
    s_ids = S.ids[keep_s]
    t_ids = Tg.ids[keep_t]
    if not len(s_ids) or not len(t_ids):
        return
    # cross product within each pair: per pair counts
    sc = np.bincount(s_pair, minlength=K)
    tc = np.bincount(t_pair, minlength=K)
    s_off = np.concatenate([[0], np.cumsum(sc)[:-1]])
    t_off = np.concatenate([[0], np.cumsum(tc)[:-1]])
    # every eligible source token repeated by the number of eligible target tokens of its pair
    rep = tc[s_pair]
    a = np.repeat(s_ids, rep)
    start_t = np.repeat(t_off[s_pair], rep)
    within = np.arange(len(a)) - np.repeat(np.cumsum(rep) - rep, rep)
    b = t_ids[start_t + within]
    # quick filters: ratio >= thr needs 2*min/(sum) >= thr; cognates share the first letter of
    # their normalised forms (serwer/server, kategoria/category -> c...)
    la, lb = s_len[a], t_len[b]
    ok = 2.0 * np.minimum(la, lb) >= threshold * (la + lb)
    s_first = np.array([ord(f[0]) if f else -1 for f in s_form])
    t_first = np.array([ord(f[0]) if f else -2 for f in t_form])
    ok &= s_first[a] == t_first[b]
    keys = np.unique(a[ok].astype(np.int64) * (len(tgt_vocab) + 1) + b[ok])
    del a, b, start_t, within, s_off
    cutoff = threshold * 100.0
    v = len(tgt_vocab) + 1
    for k in keys.tolist():
        i, j = divmod(k, v)
        r = ratio(s_form[i], t_form[j], score_cutoff=cutoff)
        if r:
            yield i, j, r / 100.0
