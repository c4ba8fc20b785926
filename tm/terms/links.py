"""Which words of a pair translate which: the word aligner trained on a memory, in characters.

``PairLinks.train`` tokenises every pair (``tm.terms.tokens``: markup and placeholders masked),
turns each word into its lemma key (one key per distinct word, cached: "plikach" and "pliku"
are both "plik", so the aligner learns one translation), adds the glossary's renderings and
cognates ("serwer" ~ "server") as priors and trains the aligner in both directions, symmetrised
(``tm.terms.wordalign``). Queries speak character offsets, so a caller never sees tokens.

Deterministic: the aligner numbers words in first-seen order and pairs are taken in the order
given.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from tm.terms.keys import Keys
from tm.terms.model import PERSON, Key, TermEntry
from tm.terms.phrases import is_content_word
from tm.terms.tokens import Tokens, tokens
from tm.terms.wordalign import Priors, WordAligner, aligned_span

GLOSSARY_WEIGHT = 4.0  # pseudo-counts a glossary rendering adds to each of its word pairs
COGNATES = 0.8  # rapidfuzz similarity (0..1) from which two co-occurring words are cognates


class PairLinks:
    """Word links of every training pair, queried by character offsets."""

    def __init__(self, aligner: WordAligner, src_tok: list[Tokens], tgt_tok: list[Tokens], tgt_keys: Keys,
                 src_words: list[tuple[int, ...]], tgt_words: list[tuple[int, ...]],
                 keyed: list[tuple[list[str], list[str]]]):
        self.aligner = aligner
        self._src = src_tok
        self._tgt = tgt_tok
        self._tgt_keys = tgt_keys
        # the aligner saw content words only: their token indices, per pair
        self._src_words = src_words
        self._tgt_words = tgt_words
        self._keyed = keyed  # the aligner's word keys, per pair
        self._strength: dict[tuple[str, str], float] = {}

    @classmethod
    def train(
        cls,
        pairs: Sequence[tuple[str, str]],
        src_lang: str,
        tgt_lang: str,
        *,
        glossary: Sequence[TermEntry] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> "PairLinks":
        """Train on ``pairs`` of (source text, target text); ``glossary`` entries are priors.
        ``progress(done, total)`` is called as pairs are read and once training is over."""
        total = len(pairs)
        src_keys, tgt_keys = Keys(src_lang), Keys(tgt_lang)
        src_word_key: dict[str, str | None] = {}
        tgt_word_key: dict[str, str | None] = {}
        src_tok: list[Tokens] = []
        tgt_tok: list[Tokens] = []
        src_words: list[tuple[int, ...]] = []
        tgt_words: list[tuple[int, ...]] = []
        keyed: list[tuple[list[str], list[str]]] = []
        for n, (s, t) in enumerate(pairs):
            a, b = tokens(s, src_lang), tokens(t, tgt_lang)
            src_tok.append(a)
            tgt_tok.append(b)
            sk, si = _content_keys(a.words, src_keys, src_word_key)
            tk, ti = _content_keys(b.words, tgt_keys, tgt_word_key)
            src_words.append(si)
            tgt_words.append(ti)
            keyed.append((sk, tk))
            if progress is not None and n % 5000 == 4999:
                progress(n + 1, total + 1)
        priors = _glossary_priors(glossary, src_keys, tgt_keys, src_word_key, tgt_word_key)
        # a small memory needs more EM iterations to separate co-occurring words
        iterations = 5 if total >= 20_000 else 10
        aligner = WordAligner.train(keyed, priors=priors, cognates=COGNATES, iterations=iterations)
        if progress is not None:
            progress(total + 1, total + 1)
        return cls(aligner, src_tok, tgt_tok, tgt_keys, src_words, tgt_words, keyed)

    def __len__(self) -> int:
        return len(self._src)

    def span(self, pair_index: int, src_start: int, src_end: int) -> tuple[int, int] | None:
        """Character offsets of a source phrase in pair ``pair_index`` → character offsets of
        the target span its words align to (None: unaligned, or not consistent: a target word
        inside the span is linked to a source word outside the phrase)."""
        a = self._src[pair_index]
        i0, i1 = _word_range(a, src_start, src_end)
        if i0 >= i1:
            return None
        got = aligned_span(self.links(pair_index), i0, i1)
        if got is None:
            return None
        b = self._tgt[pair_index]
        return b.starts[got[0]], b.ends[got[1] - 1]

    def links(self, pair_index: int) -> list[tuple[int, int]]:
        """Symmetrised links as (source word index, target word index) of ``tokens()``."""
        si, ti = self._src_words[pair_index], self._tgt_words[pair_index]
        return [(si[i], ti[j]) for i, j in self.aligner.links(pair_index)]

    def strong_links(self, pair_index: int) -> list[tuple[int, int, float]]:
        """Links as (source word index, target word index, strength): the geometric mean of
        the two directions' translation probabilities of the words' lemma keys (cached per
        key pair), so a link learnt from many pairs outweighs one two rare words happen to
        share."""
        si, ti = self._src_words[pair_index], self._tgt_words[pair_index]
        sk, tk = self._keyed[pair_index]
        out = []
        for i, j in self.aligner.links(pair_index):
            key = (sk[i], tk[j])
            got = self._strength.get(key)
            if got is None:
                got = self._strength[key] = (self.aligner.translation_prob(*key) * self.aligner.reverse_prob(*key)) ** 0.5
            out.append((si[i], ti[j], got))
        return out

    def unlinked_candidates(self, pair_index: int, src_start: int, src_end: int,
                            minimum: float = 0.01) -> list[tuple[int, int, float]]:
        """For source words [src_start, src_end) (word indices) that have no link: the target
        words that no link uses, as (source index, target index, strength) with the strength
        of ``strong_links`` at least ``minimum`` (the words were seen together in training)."""
        si, ti = self._src_words[pair_index], self._tgt_words[pair_index]
        sk, tk = self._keyed[pair_index]
        linked = self.aligner.links(pair_index)
        used_s = {i for i, _ in linked}
        used_t = {j for _, j in linked}
        out = []
        for i, s_word in enumerate(si):
            if not src_start <= s_word < src_end or i in used_s:
                continue
            for j, t_word in enumerate(ti):
                if j in used_t:
                    continue
                key = (sk[i], tk[j])
                got = self._strength.get(key)
                if got is None:
                    got = self._strength[key] = (self.aligner.translation_prob(*key)
                                                 * self.aligner.reverse_prob(*key)) ** 0.5
                if got >= minimum:
                    out.append((s_word, t_word, got))
        return out

    def target_key(self, pair_index: int, tgt_start: int, tgt_end: int) -> Key:
        """Lemma key of that target span as a phrase (same keys as tm.terms.phrase_key), so
        inflection never makes a second rendering."""
        b = self._tgt[pair_index]
        j0, j1 = _word_range(b, tgt_start, tgt_end)
        if j0 >= j1:
            return ()
        return self._tgt_keys.key(b.words[j0:j1])[0]

    def source_tokens(self, pair_index: int) -> Tokens:
        return self._src[pair_index]

    def target_tokens(self, pair_index: int) -> Tokens:
        return self._tgt[pair_index]


def _word_range(tok: Tokens, start: int, end: int) -> tuple[int, int]:
    """Indices [i0, i1) of the words overlapping characters [start, end)."""
    return bisect_right(tok.ends, start), bisect_left(tok.starts, end)


def _content_keys(words: Sequence[str], keys: Keys, cache: dict[str, str | None]) -> tuple[list[str], tuple[int, ...]]:
    """Lemma keys of the content words, and their token indices (function words, numbers and
    punctuation-only tokens have no counterpart worth learning on a small memory)."""
    out: list[str] = []
    idx: list[int] = []
    for i, w in enumerate(words):
        k = cache.get(w, "")
        if k == "":
            k = cache[w] = keys.lemmas(w)[0][0].lower() if is_content_word(w, keys.code) else None
        if k is not None:
            out.append(k)
            idx.append(i)
    return out, tuple(idx)


def _glossary_priors(glossary: Sequence[TermEntry], src_keys: Keys, tgt_keys: Keys,
                     src_word_key: dict[str, str | None], tgt_word_key: dict[str, str | None]) -> Priors | None:
    """Every word pair of a glossary term and the renderings a person listed (not deprecated
    or forbidden), keyed as the training words are."""
    if not glossary:
        return None
    priors = Priors()
    src_lang, tgt_lang = src_keys.lang, tgt_keys.lang
    for e in glossary:
        s_words = _content_keys([w.text for w in src_lang.words(e.source)], src_keys, src_word_key)[0]
        for r in e.renderings:
            # a person's renderings only: what an earlier build observed must not steer this one
            if r.status in ("deprecated", "forbidden") or (r.origin not in PERSON and r.status is None):
                continue
            t_words = _content_keys([w.text for w in tgt_lang.words(r.text)], tgt_keys, tgt_word_key)[0]
            if s_words and t_words:
                priors.add_glossary([(s_words, t_words)], weight=GLOSSARY_WEIGHT)
    return priors

