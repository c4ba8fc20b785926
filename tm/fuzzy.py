"""Fuzzy translation-memory lookup: candidate retrieval from a character-trigram index, then
rapidfuzz rescoring, then CAT-style scores.

How a lookup works
1. The query and every stored source are *normalised* (``normalise``): Markdown markup is
   reduced to its visible text, case is folded and whitespace collapsed. Similarity is
   ``rapidfuzz.fuzz.ratio`` (normalised Indel similarity, 0-100) on normalised text.
2. Candidates come from an in-memory inverted index of hashed character trigrams
   (``IndexSegment``), built from the pairs table with numpy. Only the query's rarest trigrams
   are looked up (a budget of postings per query keeps the worst case bounded), the documents
   are counted with one ``bincount``, and the best-counted ones are rescored exactly.
   Documents are stored sorted by length, so the exact length bound of the ratio (a source
   much shorter or longer than the query cannot reach ``min_score``) is a slice, not a scan.
3. Every candidate gets an exact ratio; the best ones get penalties for numbers, inline tags
   and placeholders that differ from the query, and the final quality:
   100 for an identical source, 101 for an identical source whose previous and next segments
   are the query's too, otherwise ``min(99, ratio - penalties)``. Penalties are listed in the
   match, never hidden.

Why not SQLite FTS5 (trigram tokenizer, available since SQLite 3.34): ranking a 1M-row FTS5
table by an OR of ~40 trigrams reads the full posting lists of common trigrams ("the", "ion")
through SQL and bm25, tens to hundreds of milliseconds per query; the numpy index answers in a
few milliseconds and keeps the SQL side to plain reads of the pairs table.

On PostgreSQL the candidates come from the database instead (``Memory.fuzzy_searcher``: a
pg_trgm GIN index over the normalised sources, tm.store.pgsearch), so every worker and machine
shares one index that is current at every commit; the rescoring, penalties and qualities here
are the same for both engines.

On SQLite the index lives in the server process (or the ``tm lookup`` process) and follows the database:
``FuzzyIndex.refresh`` reads pairs with an id above the highest one indexed and adds them as a
new segment; segments are merged when there are too many. Deleted pairs drop out when their
row is fetched (a candidate whose row is gone is skipped).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from tm import inline
from tm.fuzzykeys import lang_key, length_bounds, normalise


# ----- normalisation and scoring ---------------------------------------------------------------

_MARKUP_CHARS = re.compile(r"[`*_<\[!]")

# Numbers as translators see them: 12, 3.5, 1,000.50, 57 504 is two numbers (rare, harmless).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Placeholders of the common message formats: printf (%s, %d, %(name)s, %1$s), Python/ICU/.NET
# braces ({0}, {name}, {{ var }}), and shell/template variables ($name, ${name}).
_PLACEHOLDER = re.compile(
    r"%(?:\([A-Za-z0-9_.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXoeEgGcr%]"
    r"|%\d+\$[sdif]"
    r"|\{\{\s*[^{}]*?\s*\}\}"
    r"|\{[A-Za-z0-9_.:!]*\}"
    r"|\$\{[A-Za-z0-9_]+\}"
)

DEFAULT_MIN_SCORE = 75.0
NUMBER_PENALTY = 2.0  # per number present on one side only
TAG_PENALTY = 2.0  # per inline tag (link, emphasis, code, HTML) present on one side only
PLACEHOLDER_PENALTY = 2.0  # per placeholder present on one side only
FUZZY_CAP = 99.0  # a source that is not identical never scores 100


def similarity(query_norm: str, source_norm: str) -> float:
    """The base score: rapidfuzz ``fuzz.ratio`` on normalised text (0-100)."""
    return fuzz.ratio(query_norm, source_norm)


@dataclass(frozen=True)
class Difference:
    """Something the query and the match differ in that lowers the score."""

    kind: str  # number | tag | placeholder
    query: list[str]  # items only the query has
    match: list[str]  # items only the match has
    penalty: float

    def as_dict(self) -> dict:
        return {"kind": self.kind, "query": self.query, "match": self.match, "penalty": self.penalty}


def _tag_codes(text: str) -> list[str]:
    if not _MARKUP_CHARS.search(text):
        return []
    return [t.code for t in inline.tags(text)]


def differences(query: str, source: str) -> list[Difference]:
    """Numbers, inline tags and placeholders that one side has and the other has not."""
    found: list[Difference] = []
    placeholders_q = _PLACEHOLDER.findall(query)
    placeholders_s = _PLACEHOLDER.findall(source)
    # Digits inside a placeholder (%1$s, {0}) are not numbers of the text.
    numbers_q = _NUMBER.findall(_PLACEHOLDER.sub(" ", query))
    numbers_s = _NUMBER.findall(_PLACEHOLDER.sub(" ", source))
    for kind, q_items, s_items, weight in (
        ("number", numbers_q, numbers_s, NUMBER_PENALTY),
        ("tag", _tag_codes(query), _tag_codes(source), TAG_PENALTY),
        ("placeholder", placeholders_q, placeholders_s, PLACEHOLDER_PENALTY),
    ):
        if not q_items and not s_items:
            continue
        cq, cs = Counter(q_items), Counter(s_items)
        only_q = sorted((cq - cs).elements())
        only_s = sorted((cs - cq).elements())
        if only_q or only_s:
            found.append(Difference(kind, only_q, only_s, weight * max(len(only_q), len(only_s))))
    return found


def quality(ratio: float, identical: bool, same_context: bool, diffs: Sequence[Difference]) -> float:
    """The CAT-style score: 101 identical in context, 100 identical, else capped at 99."""
    if identical:
        return 101.0 if same_context else 100.0
    return round(max(0.0, min(FUZZY_CAP, ratio) - sum(d.penalty for d in diffs)), 2)


_DIFF_TOKEN = re.compile(r"\w+|[^\w\s]+", re.UNICODE)


def word_diff(query: str, source: str) -> list[dict]:
    """Word-level edit script turning the query into the match's source.

    A list of ``{"op": "equal"|"insert"|"delete"|"replace", "query": str, "match": str}``;
    "insert" words are in the match only, "delete" words in the query only.
    """
    q_spans = [m.span() for m in _DIFF_TOKEN.finditer(query)]
    s_spans = [m.span() for m in _DIFF_TOKEN.finditer(source)]
    q_words = [query[a:b] for a, b in q_spans]
    s_words = [source[a:b] for a, b in s_spans]
    ops: list[dict] = []
    for op in Indel.opcodes(q_words, s_words):
        tag = op.tag
        q_text = _span_text(query, q_spans, op.src_start, op.src_end)
        s_text = _span_text(source, s_spans, op.dest_start, op.dest_end)
        if ops and ops[-1]["op"] in ("delete", "insert") and tag in ("delete", "insert") and ops[-1]["op"] != tag:
            # A delete next to an insert is a replacement; say so, it reads better.
            prev = ops.pop()
            ops.append(
                {
                    "op": "replace",
                    "query": prev["query"] or q_text,
                    "match": prev["match"] or s_text,
                }
            )
            continue
        ops.append({"op": tag, "query": q_text, "match": s_text})
    return ops


def _span_text(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    if start >= end:
        return ""
    return text[spans[start][0] : spans[end - 1][1]]


# ----- the trigram index -----------------------------------------------------------------------

HASH_BITS = 31  # trigram hashes: the distinct trigrams of a large TM are ~10^5, so collisions are rare
_MASK = np.uint64((1 << HASH_BITS) - 1)
_M1, _M2, _M3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
POSTINGS_BUDGET = 200_000  # postings read per query and segment, rarest trigrams first
# When the first pass finds nothing good, the match (if any) shares mostly common trigrams
# with the query: a second pass reads up to this many postings.
WIDE_BUDGET = 3_000_000
WIDE_BELOW = 80.0  # best ratio of the first pass under which the second pass runs
MIN_CANDIDATES = 1500  # rescored exactly per query and segment (rapidfuzz: ~0.1 ms per 1000)
MAX_CANDIDATES = 4000
BUILD_CHUNK = 200_000


def _gram_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(document index, trigram hash) for every trigram of every text, texts padded with a
    space each side so that word starts and one- or two-letter texts have trigrams too."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    big = "\x00".join(" " + t + " " for t in texts) + "\x00"
    cps = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 3 for t in texts), dtype=np.int64, count=len(texts))
    a, b, c = cps[:-2], cps[1:-1], cps[2:]
    pos = np.flatnonzero((a != 0) & (b != 0) & (c != 0))
    h = (a[pos].astype(np.uint64) * _M1) ^ (b[pos].astype(np.uint64) * _M2) ^ (c[pos].astype(np.uint64) * _M3)
    h = (h ^ (h >> np.uint64(29))) & _MASK
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[pos]
    return doc, h


def query_grams(text_norm: str) -> np.ndarray:
    _, h = _gram_hashes([text_norm])
    return np.unique(h).astype(np.int64)


class IndexSegment:
    """An immutable trigram index over a batch of sources of one language pair.

    Documents are renumbered in order of normalised length; ``ids`` maps them back to pair ids.
    """

    def __init__(self, pair_ids: Sequence[int], texts_norm: Sequence[str]):
        lengths = np.fromiter((len(t) for t in texts_norm), dtype=np.int32, count=len(texts_norm))
        order = np.argsort(lengths, kind="stable")
        self.ids = np.asarray(pair_ids, dtype=np.int64)[order]
        self.lengths = lengths[order]
        self.texts: list[str] = [texts_norm[i] for i in order]
        self.size = len(self.texts)
        parts = []
        for lo in range(0, self.size, BUILD_CHUNK):
            doc, h = _gram_hashes(self.texts[lo : lo + BUILD_CHUNK])
            parts.append((h << np.uint64(32)) | (doc + lo).astype(np.uint64))
        # One key per (trigram, document): sorted, the postings come grouped by trigram and in
        # document order; equal neighbours are a trigram repeated within a document.
        keys = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        del parts
        keys.sort()
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        self.postings = (keys & np.uint64(0xFFFFFFFF)).astype(np.int32)
        grams = (keys >> np.uint64(32)).astype(np.int64)
        del keys
        # The trigrams present, sorted, and where each one's postings start (a compact table:
        # a small segment does not pay for all 2^HASH_BITS buckets).
        first = np.concatenate(([True], grams[1:] != grams[:-1])) if len(grams) else np.zeros(0, bool)
        self.gram_keys = grams[first]
        self.gram_starts = np.append(np.flatnonzero(first), len(grams)).astype(np.int64)

    @property
    def nbytes(self) -> int:
        return int(
            self.postings.nbytes + self.gram_keys.nbytes + self.gram_starts.nbytes + self.ids.nbytes + self.lengths.nbytes
        )

    def _postings_of(self, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(start, length) in ``postings`` of each of ``grams`` that the segment has."""
        if len(self.gram_keys) == 0 or len(grams) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        idx = np.minimum(np.searchsorted(self.gram_keys, grams), len(self.gram_keys) - 1)
        idx = idx[self.gram_keys[idx] == grams]
        starts = self.gram_starts[idx]
        return starts, self.gram_starts[idx + 1] - starts

    def candidates(self, grams: np.ndarray, length: int, min_score: float, budget: int = 0) -> np.ndarray:
        """Document numbers worth rescoring, best trigram overlap first (unordered within)."""
        lo_len, hi_len = length_bounds(length, min_score)
        d0 = int(np.searchsorted(self.lengths, lo_len, side="left"))
        d1 = int(np.searchsorted(self.lengths, hi_len, side="right"))
        width = d1 - d0
        if width <= 0 or len(grams) == 0:
            return np.zeros(0, np.int64)
        if width <= MIN_CANDIDATES:
            return np.arange(d0, d1)
        starts, dfs = self._postings_of(grams)
        order = np.argsort(dfs, kind="stable")
        lists, used = [], 0
        for i in order:
            df = int(dfs[i])
            if df == 0:
                continue
            if used and used + df > (budget or POSTINGS_BUDGET):
                break
            s = int(starts[i])
            lists.append(self.postings[s : s + df])
            used += df
        if not lists:
            return np.zeros(0, np.int64)
        hits = np.concatenate(lists) if len(lists) > 1 else lists[0]
        hits = hits[(hits >= d0) & (hits < d1)]
        if len(hits) == 0:
            return np.zeros(0, np.int64)
        counts = np.bincount(hits - d0, minlength=width)
        hist = np.bincount(counts)
        # Lowest overlap count that still keeps at least MIN_CANDIDATES documents.
        kept = np.cumsum(hist[::-1])[::-1]
        level = int(np.searchsorted(-kept, -MIN_CANDIDATES, side="right")) - 1
        level = max(level, 1)
        cand = np.flatnonzero(counts >= level)
        if len(cand) > MAX_CANDIDATES:
            # Too many at the lowest kept level: prefer more overlap, then length closest to
            # the query's (the ratio's upper bound falls with the length difference).
            key = counts[cand].astype(np.int64) * 100_000 - np.abs(self.lengths[cand + d0] - length)
            cand = cand[np.argpartition(-key, MAX_CANDIDATES)[:MAX_CANDIDATES]]
        return cand + d0

    def search(self, query_norm: str, grams: np.ndarray, min_score: float, limit: int) -> list[tuple[int, float]]:
        """(pair id, ratio) of the ``limit`` best-scoring candidates with ratio >= min_score."""
        found = self._rescore(query_norm, self.candidates(grams, len(query_norm), min_score), min_score, limit)
        if (not found or found[0][1] < WIDE_BELOW) and len(grams):
            wide = self.candidates(grams, len(query_norm), min_score, WIDE_BUDGET)
            found = sorted(set(found) | set(self._rescore(query_norm, wide, min_score, limit)), key=lambda x: (-x[1], x[0]))
        return found[:limit]

    def _rescore(self, query_norm: str, cand: np.ndarray, min_score: float, limit: int) -> list[tuple[int, float]]:
        if len(cand) == 0:
            return []
        texts = self.texts
        choices = [texts[i] for i in cand.tolist()]
        found = process.extract(
            query_norm, choices, scorer=fuzz.ratio, processor=None, limit=limit, score_cutoff=min_score
        )
        ids = self.ids
        return [(int(ids[cand[k]]), float(score)) for _, score, k in found]


# ----- the index over a memory -----------------------------------------------------------------


class IndexRows(Protocol):
    """What the index needs from the store (tm.store.Memory implements it)."""

    def fuzzy_rows(self, after_id: int) -> Iterator[tuple[int, str, str, str]]: ...

    def fuzzy_max_id(self) -> int: ...


# Candidates read from PostgreSQL per query and rescored with rapidfuzz: the ones with the
# most trigrams in common (measured with benchmarks/pg_lookup.py).
DB_CANDIDATES = 400


@dataclass
class _PairIndex:
    segments: list[IndexSegment] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(s.size for s in self.segments)


MAX_SEGMENTS = 4


class FuzzyIndex:
    """The trigram index of every source in a memory, per language pair, kept up to date.

    Thread-safe: searches read an immutable snapshot of the segment lists; ``refresh`` adds
    segments under a lock and swaps the snapshot.
    """

    def __init__(self) -> None:
        self._pairs: dict[tuple[str, str], _PairIndex] = {}
        self.max_id = 0
        self._lock = threading.Lock()
        self.last_refresh = 0.0
        # On PostgreSQL: search(query_norm, src, tgt, min_score, limit) -> [(id, norm)], and the
        # language pairs as of the last refresh; no in-process index.
        self._searcher: Callable[..., list[tuple[int, str]]] | None = None
        self._db_languages: dict[tuple[str, str], int] = {}

    @classmethod
    def build(cls, rows: IndexRows, progress: Callable[[int], None] | None = None) -> "FuzzyIndex":
        index = cls()
        index.refresh(rows, progress=progress)
        return index

    def languages(self) -> list[tuple[str, str]]:
        if self._searcher is not None:
            return sorted(self._db_languages)
        return sorted(k for k, v in self._pairs.items() if v.size)

    @property
    def size(self) -> int:
        if self._searcher is not None:
            return sum(self._db_languages.values())
        return sum(p.size for p in self._pairs.values())

    def refresh(self, rows: IndexRows, progress: Callable[[int], None] | None = None) -> int:
        """Index the pairs added since the last refresh; returns how many were added.
        A memory in PostgreSQL has its own index: only its watermark and language pairs are
        read (every new pair is searchable at its commit already)."""
        if getattr(rows, "postgres", False):
            with self._lock:
                top = rows.fuzzy_max_id()
                added = max(top - self.max_id, 0)
                if self._searcher is None or top != self.max_id:
                    self._db_languages = rows.fuzzy_languages()
                self._searcher = rows.fuzzy_searcher()
                self.max_id = top
                self.last_refresh = time.monotonic()
            return added
        with self._lock:
            if rows.fuzzy_max_id() <= self.max_id:
                self.last_refresh = time.monotonic()
                return 0
            batches: dict[tuple[str, str], tuple[list[int], list[str]]] = {}
            top = self.max_id
            n = 0
            for pair_id, src, tgt, source in rows.fuzzy_rows(self.max_id):
                ids, texts = batches.setdefault((lang_key(src), lang_key(tgt)), ([], []))
                norm = normalise(source)
                if norm:
                    ids.append(pair_id)
                    texts.append(norm)
                top = max(top, pair_id)
                n += 1
                if progress and n % 50_000 == 0:
                    progress(n)
            new_pairs = dict(self._pairs)
            for key, (ids, texts) in batches.items():
                if not ids:
                    continue
                old = new_pairs.get(key, _PairIndex())
                segments = old.segments + [IndexSegment(ids, texts)]
                if len(segments) > MAX_SEGMENTS:
                    segments = [_merge(segments)]
                new_pairs[key] = _PairIndex(segments)
            self._pairs = new_pairs
            self.max_id = top
            self.last_refresh = time.monotonic()
            return n

    def search(self, query: str, src_lang: str, tgt_lang: str, min_score: float = DEFAULT_MIN_SCORE, limit: int = 50) -> list[tuple[int, float]]:
        """(pair id, ratio) best first: the ``limit`` most similar sources with ratio >= min_score."""
        if self._searcher is not None:
            return self._search_db(normalise(query), src_lang, tgt_lang, min_score, limit)
        pair = self._pairs.get((lang_key(src_lang), lang_key(tgt_lang)))
        q = normalise(query)
        if pair is None or not q:
            return []
        grams = query_grams(q)
        found: list[tuple[int, float]] = []
        for segment in pair.segments:
            found.extend(segment.search(q, grams, min_score, limit))
        found.sort(key=lambda x: (-x[1], x[0]))
        return found[:limit]


    def _search_db(self, q: str, src_lang: str, tgt_lang: str, min_score: float, limit: int) -> list[tuple[int, float]]:
        """(pair id, ratio) best first from PostgreSQL's candidates, rescored as above."""
        if not q:
            return []
        cand = self._searcher(q, src_lang, tgt_lang, min_score, DB_CANDIDATES)
        found = process.extract(q, [n for _, n in cand], scorer=fuzz.ratio, processor=None, limit=len(cand), score_cutoff=min_score)
        scored = sorted(((cand[k][0], float(score)) for _, score, k in found), key=lambda x: (-x[1], x[0]))
        return scored[:limit]


def _merge(segments: list[IndexSegment]) -> IndexSegment:
    ids: list[int] = []
    texts: list[str] = []
    for s in segments:
        ids.extend(s.ids.tolist())
        texts.extend(s.texts)
    return IndexSegment(ids, texts)


# ----- matches ---------------------------------------------------------------------------------


@dataclass
class Match:
    """One TM match for a query, as the lookup endpoints and ``tm lookup`` show it."""

    pair_id: int
    source: str
    target: str
    quality: float  # 101 / 100 / fuzzy below, after penalties
    similarity: float  # the plain ratio on normalised text
    differences: list[Difference]
    diff: list[dict]
    src_lang: str
    tgt_lang: str
    provenance: dict

    def as_dict(self) -> dict:
        return {
            "id": self.pair_id,
            "source": self.source,
            "target": self.target,
            "quality": self.quality,
            "similarity": round(self.similarity, 2),
            "differences": [d.as_dict() for d in self.differences],
            "diff": self.diff,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "provenance": self.provenance,
        }


class PairRows(Protocol):
    def pairs_by_id(self, ids: Iterable[int]) -> dict[int, dict]: ...

    def neighbour_sources(self, pair_id: int) -> tuple[str | None, str | None] | None: ...


def rank(
    query: str,
    scored: list[tuple[int, float]],
    store: PairRows,
    *,
    limit: int,
    min_score: float,
    prev: str | None = None,
    next: str | None = None,
) -> list[Match]:
    """Turn (pair id, ratio) candidates into Matches, best quality first.

    Quality never exceeds the ratio (identical sources aside), so candidates are read in ratio
    order and reading stops once the ratio is below the ``limit``-th best quality found.
    """
    rows = store.pairs_by_id([pid for pid, _ in scored])
    # The same pair stored twice (two imports, two documents) shows once, at its best score.
    best: dict[tuple[str, str], Match] = {}
    matches: list[Match] = []
    q_stripped = query.strip()
    q_norm = normalise(query)
    for pair_id, ratio in scored:
        if len(matches) >= limit and ratio < matches[limit - 1].quality:
            break
        row = rows.get(pair_id)
        if row is None:  # deleted since it was indexed
            continue
        source = row["source"]
        # Scored again on the stored row: it is what the match shows, even if the row
        # changed since it was indexed.
        ratio = similarity(q_norm, normalise(source))
        identical = source.strip() == q_stripped
        diffs = [] if identical else differences(query, source)
        same_context = False
        if identical and (prev is not None or next is not None):
            neighbours = store.neighbour_sources(pair_id)
            same_context = neighbours is not None and _same(neighbours[0], prev) and _same(neighbours[1], next)
        score = quality(ratio, identical, same_context, diffs)
        key = (source, row["target"])
        if score < min_score or (key in best and best[key].quality >= score):
            continue
        best[key] = Match(
            pair_id=pair_id,
            source=source,
            target=row["target"],
            quality=score,
            similarity=ratio,
            differences=diffs,
            diff=[] if identical else word_diff(query, source),
            src_lang=row["src_lang"],
            tgt_lang=row["tgt_lang"],
            provenance={
                k: row.get(k) for k in ("origin", "origin_file", "context", "line", "created", "confidence")
                if row.get(k) is not None
            },
        )
        matches = sorted(best.values(), key=lambda m: (-m.quality, -m.similarity, m.pair_id))
    return matches[:limit]


def _same(stored: str | None, given: str | None) -> bool:
    """Context agrees: both absent (start/end of document) or equal up to whitespace."""
    norm = lambda s: " ".join(s.split()) if s else ""  # noqa: E731
    return norm(stored) == norm(given)


def lookup(
    index: FuzzyIndex,
    store: PairRows,
    query: str,
    src_lang: str,
    tgt_lang: str,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int = 5,
    prev: str | None = None,
    next: str | None = None,
) -> list[Match]:
    """The best TM matches for ``query``, best first, each with quality >= ``min_score``."""
    # Rescore a few more than asked: penalties can reorder the top.
    scored = index.search(query, src_lang, tgt_lang, min_score=min_score, limit=max(limit * 4, 20))
    return rank(query, scored, store, limit=limit, min_score=min_score, prev=prev, next=next)


def lookup_db(
    db_path: str,
    query: str,
    src_lang: str,
    tgt_lang: str,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int = 5,
    progress: Callable[[int], None] | None = None,
) -> list[Match]:
    """One lookup against a database file (``tm lookup``): builds the index, then looks up."""
    from tm.errors import InputError
    from tm.store import Memory, database_exists

    if not database_exists(db_path):
        raise InputError(db_path, "no such database")
    with Memory(db_path, readonly=True) as memory:  # a lookup never writes the memory
        index = FuzzyIndex.build(memory, progress=progress)
        return lookup(index, memory, query, src_lang, tgt_lang, min_score=min_score, limit=limit)
