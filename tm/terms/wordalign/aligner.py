"""The trained two-direction word aligner."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from tm.terms.wordalign.corpus import Corpus, build_forward, build_reverse
from tm.terms.wordalign.em import FLOOR, Direction, train_direction
from tm.terms.wordalign.priors import Priors, cognate_pairs
from tm.terms.wordalign.symmetrise import SYMMETRISATIONS, Link, symmetrise


class WordAligner:
    """A trained two-direction word aligner; build it with :meth:`train`."""

    def __init__(self, src_vocab: dict[str, int], tgt_vocab: dict[str, int], forward: Direction,
                 reverse: Direction, src: Corpus, tgt: Corpus, symmetrisation: str):
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
        if symmetrisation not in SYMMETRISATIONS:
            raise ValueError(f"unknown symmetrisation {symmetrisation!r}")
        if not 0.0 < null_prob < 1.0:
            raise ValueError("null_prob must be in (0, 1)")
        src_vocab: dict[str, int] = {}
        tgt_vocab: dict[str, int] = {}
        S, Tg = _encode(pairs, src_vocab, tgt_vocab)
        v_s, v_t = len(src_vocab) + 1, len(tgt_vocab) + 1
        pe_a, pf_a, pw_a = _pseudo_counts(S, Tg, src_vocab, tgt_vocab, priors, cognates, cognate_weight,
                                          cognate_min_length)

        common = dict(model1_iterations=iterations, diagonal_iterations=diagonal_iterations, p0=null_prob,
                      tension=tension, optimise_tension=optimise_tension, alpha=alpha)
        need_h = diagonal_iterations > 0
        flat = build_forward(S, Tg, v_t, need_h)
        fwd = train_direction(flat, v_s, v_t, pseudo=(pe_a, pf_a, pw_a),
                               log=(lambda s: log("forward " + s)) if log else None, **common)
        rflat = build_reverse(flat, Tg, S, v_t, v_s, need_h)
        del flat
        rev = train_direction(rflat, v_t, v_s, pseudo=(pf_a, pe_a, pw_a),
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
        return 0.0 if p == FLOOR else p

    def reverse_prob(self, src_word: str, tgt_word: str) -> float:
        """t(src_word | tgt_word), target-to-source direction."""
        a, b = self.src_vocab.get(src_word), self.tgt_vocab.get(tgt_word)
        if a is None or b is None:
            return 0.0
        p = float(self.reverse.prob(np.array([b]), np.array([a]))[0])
        return 0.0 if p == FLOOR else p

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


def _encode(pairs: Iterable[tuple[Sequence[str], Sequence[str]]], src_vocab: dict[str, int],
            tgt_vocab: dict[str, int]) -> tuple[Corpus, Corpus]:
    """Both sides as word ids (1-based, numbered in first-seen order; 0 is NULL)."""
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
    S = Corpus(np.asarray(s_ids, dtype=np.int64), np.asarray(s_len, dtype=np.int64))
    Tg = Corpus(np.asarray(t_ids, dtype=np.int64), np.asarray(t_len, dtype=np.int64))
    return S, Tg


def _pseudo_counts(S: Corpus, Tg: Corpus, src_vocab: dict[str, int], tgt_vocab: dict[str, int],
                   priors: Priors | None, cognates: float | None, cognate_weight: float,
                   cognate_min_length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(source ids, target ids, weights) of the priors and the cognate pairs."""
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
        for ia, ib, w in cognate_pairs(S, Tg, src_vocab, tgt_vocab, cognates, cognate_min_length):
            pe.append(ia)
            pf.append(ib)
            pw.append(cognate_weight * w)
    return (np.asarray(pe, dtype=np.int64), np.asarray(pf, dtype=np.int64), np.asarray(pw, dtype=np.float64))
