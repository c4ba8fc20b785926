"""Priors of the word aligner: pseudo-counts for known translations and for cognates."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from tm.terms.wordalign.corpus import Corpus


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


def cognate_pairs(S: Corpus, Tg: Corpus, src_vocab: dict[str, int], tgt_vocab: dict[str, int],
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
