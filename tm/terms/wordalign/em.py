"""EM for one direction: IBM Model 1, then the diagonal-favouring prior; Viterbi links.

An EM iteration is a gather ``t[pid]``, a segmented sum (``np.add.reduceat``) for the per-token
normaliser and a ``np.bincount`` of posteriors into the parameter counts: no Python loop over
words.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tm.terms.wordalign.corpus import Flat

FLOOR = 1e-7  # translation probability of a pair never seen together


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


class Direction:
    """Parameters of one direction: t(g | c) over co-occurring (c, g), tension, p0."""

    def __init__(self, flat: Flat, t: np.ndarray, v_g: int, tension: float, p0: float,
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
            return np.full(len(e), FLOOR)
        key = e * self.v_f + f
        pos = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        found = (self.keys[pos] == key) & (e >= 0) & (f >= 0)
        param = pos if self.order is None else self.order[pos]
        out = np.where(found, self.t[param].astype(np.float64), FLOOR)
        return np.maximum(out, FLOOR)

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
        known = score[np.arange(n), best] > FLOOR
        return [int(a) - 1 if ok else -1 for a, ok in zip(best, known)]


def train_direction(
    flat: Flat,
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
) -> Direction:
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
            prior = _prior_array(flat, lam, p0)
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
        t = _m_step(counts, pseudo_counts, group, v_c, v_g, alpha)
        del counts
        if log:
            log(f"iteration {it + 1} ({'diagonal' if diag else 'model 1'}): log-likelihood {ll:.1f}"
                + (f", tension {lam:.3f}" if diag else ""))

    # Viterbi alignment of every training pair
    if T:
        score = t[pid]
        if diagonal_iterations > 0:
            score *= _prior_array(flat, lam, p0)
        viterbi = (_segment_argmax(score, starts, sizes) - 1).astype(np.int32)
        del score
    else:
        viterbi = np.zeros(0, dtype=np.int32)
    return Direction(flat, t, v_g, lam, p0, viterbi, diagonal_iterations > 0)


def _segment_argmax(x: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Index within each segment of its first maximum."""
    mx = np.maximum.reduceat(x, starts)
    idx = np.arange(len(x), dtype=np.int64)
    big = np.int64(len(x))
    cand = np.where(x == np.repeat(mx, sizes), idx, big)
    first = np.minimum.reduceat(cand, starts)
    return first - starts


def _newton_tension(flat: Flat, post: np.ndarray, lam: float, n_tok: int, steps: int = 6) -> float:
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


def _prior_array(flat: Flat, lam: float, p0: float) -> np.ndarray:
    """The diagonal-favouring prior of every entry (NULL entries: p0, or 1 when the
    conditioning side is empty)."""
    starts, sizes = flat.starts, flat.sizes
    w = flat.h * np.float32(-lam if lam < 0 else lam)
    np.exp(w, out=w)
    w[starts] = 0.0
    Z = np.add.reduceat(w, starts)
    Z[Z == 0] = 1.0
    scale = ((1.0 - p0) / Z).astype(np.float32)
    w *= np.repeat(scale, sizes)
    w[starts] = np.where(flat.tok_m == 0, 1.0, p0)
    return w


def _m_step(counts: np.ndarray, pseudo_counts: np.ndarray | None, group: np.ndarray, v_c: int, v_g: int,
            alpha: float | None) -> np.ndarray:
    if pseudo_counts is not None:
        counts += pseudo_counts
    tot = np.bincount(group, weights=counts, minlength=v_c)
    if alpha is not None:
        num = np.exp(_digamma(counts + alpha))
        den = np.exp(_digamma(tot + alpha * v_g))
        return (num / den[group]).astype(np.float32)
    tot[tot == 0] = 1.0
    return (counts / tot[group]).astype(np.float32)
