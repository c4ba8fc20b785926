"""Stems of words no dictionary knows (names, coinages, typos), learnt from the memory itself.

A sentencepiece model trained on the memory's own words (no download) splits "vouchera" into
"voucher" + "a", and the stem is the grouping key. Every word whose key came from this
fallback is recorded on the rendering (``Rendering.fallback``) so a person can see where the
fallback changed the grouping.
"""

from __future__ import annotations

import base64
import io
from collections import Counter, defaultdict
from typing import Any, Iterable


class SubwordStemmer:
    """Stems of words no dictionary knows, from a sentencepiece model of the memory's own words.

    Trained in-process on the distinct words of the memory (not running text, so a frequent
    inflected form does not become a piece of its own), with a vocabulary of about half as many
    pieces as words. A word's stem is the word without its last piece when that piece is an
    ending (a piece that ends at least three different words, or any piece of one or two
    letters) and what is left is itself a word of the memory, or the stem of two or more of its
    words: "vouchera" = "voucher" + "a", "Executives" = "Executive" + "s". Requiring a known
    stem means the fallback only ever groups a word with another word seen in the memory. Too
    little text (under 200 distinct words) gives no model, and every stem is the word itself.
    """

    MIN_WORDS = 200

    def __init__(self, model_proto: bytes | None = None, endings: Iterable[str] = (), known: Iterable[str] = ()):
        self.model_proto = model_proto
        self._sp = None
        self.endings: frozenset[str] = frozenset(endings)
        self.known: frozenset[str] = frozenset(known)  # stems a word may be grouped under
        if model_proto:
            import sentencepiece as spm  # a native library: loaded only once a model exists

            self._sp = spm.SentencePieceProcessor(model_proto=model_proto)
        self._cache: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return self._sp is not None

    @classmethod
    def train(cls, words: Iterable[str]) -> "SubwordStemmer":
        distinct = sorted({w for w in words if w.isalpha() and len(w) > 1})
        if len(distinct) < cls.MIN_WORDS:
            return cls(None)
        import sentencepiece as spm  # a native library: loaded only when there is text to train on

        model = io.BytesIO()
        vocab = max(100, min(8000, len(distinct) // 2))
        try:
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(distinct),
                model_writer=model,
                vocab_size=vocab,
                model_type="unigram",
                hard_vocab_limit=False,
                character_coverage=1.0,
                num_threads=1,
                minloglevel=2,
                split_digits=True,
            )
        except (RuntimeError, OSError):  # too little or odd text: no fallback
            return cls(None)
        stemmer = cls(model.getvalue())
        stemmer._learn(distinct)
        return stemmer

    def _learn(self, words: list[str]) -> None:
        """Endings: last pieces that end at least three different words. Known stems: the
        words themselves, and candidate stems shared by two or more words, so a stem only ever
        groups a word with another one ("Executives" with "Executive", never "Executive" alone
        into "Executiv")."""
        stems_by_ending: dict[str, set[str]] = defaultdict(set)
        split = {}
        for w in sorted({w.lower() for w in words}):
            pieces = self._pieces(w)
            if len(pieces) >= 2:
                rest = "".join(pieces[:-1]).lower()
                stems_by_ending[pieces[-1]].add(rest)
                split[w] = (rest, pieces[-1])
        self.endings = frozenset(e for e, stems in stems_by_ending.items() if len(stems) >= 3 and len(e) <= 4)
        sharing = Counter(rest for rest, end in split.values() if end in self.endings)
        self.known = frozenset({w.lower() for w in words} | {r for r, n in sharing.items() if n >= 2})

    def _pieces(self, word: str) -> list[str]:
        assert self._sp is not None
        pieces = [p.replace("\u2581", "") for p in self._sp.encode_as_pieces(word)]
        return [p for p in pieces if p]

    def stem(self, word: str) -> str:
        """Lower-case stem of ``word`` (the word itself when there is no model or no ending)."""
        low = word.lower()
        if self._sp is None or not word.isalpha():
            return low
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        pieces = self._pieces(word)
        stem = low
        if len(pieces) >= 2 and (pieces[-1] in self.endings or len(pieces[-1]) <= 2):
            rest = "".join(pieces[:-1]).lower()
            if len(rest) >= 3 and rest in self.known:
                stem = rest
        self._cache[word] = stem
        return stem

    def to_json(self) -> dict[str, Any]:
        return {
            "model": base64.b64encode(self.model_proto).decode("ascii") if self.model_proto else None,
            "endings": sorted(self.endings),
            "known": sorted(self.known),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "SubwordStemmer":
        if not data or not data.get("model"):
            return cls(None)
        return cls(base64.b64decode(data["model"]), data.get("endings", ()), data.get("known", ()))
