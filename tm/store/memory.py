"""The translation memory: documents, segments, alignments and pairs in an SQLite file,
written and read through sqlite-utils (tables: tm.store.schema), or in a PostgreSQL
database through the same calls (tm.store.postgres; a few statements differ, marked).

Every write is one transaction (``write_transaction``: BEGIN IMMEDIATE), so a failed alignment
or import leaves the file exactly as it was.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Callable, Iterable, Iterator

from tm.errors import InputError
from tm.model import AlignedPair, Segment, TranslationUnit
import tm.store.concordance as word_index
from tm.store import pgsearch
from tm.store.db import DEFAULT_DB, close_connection, open_readonly, open_readwrite, write_transaction
from tm.store.engine import POSTGRESQL, dialect, display_name
from tm.store.schema import PAIR_COLUMNS, has_column, pair_hash

try:  # the C encoder; CPython builds without it fall back to json.dumps
    from json.encoder import c_make_encoder
except ImportError:  # pragma: no cover
    c_make_encoder = None


@dataclass(frozen=True)
class StoredAlignment:
    id: int
    pairs: int  # pairs stored (both sides non-empty)
    unaligned_source: int
    unaligned_target: int
    low_confidence: int
    unchanged: bool  # the same documents were aligned before with the same method


@dataclass(frozen=True)
class UnitsAdded:
    added: int
    duplicates: int


# Rows per executemany call when importing: large enough to amortise the call, small
# enough that a batch of long segments stays a few MB.
IMPORT_BATCH = 5000
# SQLite page cache while importing. The pair_hash index is written in random order; at
# 2 million pairs it is about 75 MB, and once it no longer fits, every insert evicts and
# re-reads index pages (measured: the rate halves). 128 MB keeps it in memory up to
# about 3 million imported pairs, within the importer's 300 MB budget.
IMPORT_CACHE_KIB = 131072
_INSERT_UNIT = (
    "insert or ignore into pairs (src_lang, tgt_lang, source, target, confidence, low_confidence,"
    " context, note, origin, origin_file, unit_id, props, created, pair_hash, import_id, line)"
    " values (?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?, ?, ?)"
)


def _props_encoder() -> Callable[[dict], str]:
    """json.dumps(props, ensure_ascii=False, sort_keys=True), about twice as fast.

    json.dumps builds a new C encoder on every call, which costs more than encoding a
    small dict; this builds it once (falling back to json where the C module is missing).
    """
    if c_make_encoder is None:  # pragma: no cover
        encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
        return encoder.encode
    c = c_make_encoder(None, None, encode_basestring, None, ": ", ", ", True, False, True)
    return lambda props: "".join(c(props, 0))


_encode_props = _props_encoder()


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Memory:
    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False):
        """Open the memory at ``path``; a new or empty file becomes one.

        ``readonly`` is for commands that only read: the file is opened with SQLite's
        ``mode=ro``, the journal mode is left alone and no migration runs, so the file stays
        byte-identical; a file that is not a tm memory raises InputError. A writable open
        refuses an SQLite file that holds another program's tables instead of adding its own,
        and gives an older file the tables it lacks (tm.store.schema).
        """
        self.path = str(path)
        self.readonly = readonly
        self._tidy = False
        if readonly:
            self.db, self._tidy = open_readonly(self.path)
        else:
            self.db = open_readwrite(self.path)
        self.dialect = dialect(self.db)
        self.postgres = self.dialect == POSTGRESQL
        self._has_lines: bool | None = None

    @property
    def has_lines(self) -> bool:
        """Whether the file has the line columns (schema 2): a version-1 file opened
        read-only has not been migrated and reads its lines as None."""
        if self._has_lines is None:
            self._has_lines = has_column(self.db, "pairs", "line")
        return self._has_lines

    @property
    def name(self) -> str:
        """The memory as messages show it (a URL without its password)."""
        return display_name(self.path)

    def close(self) -> None:
        tidy, self._tidy = self._tidy, False
        close_connection(self.db, self.path, tidy=tidy)

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        with write_transaction(self.db):
            yield self

    # ----- writing: alignments -----------------------------------------------------------

    def _document_id(self, path: str, text_hash: str, lang: str, fmt: str, segments: list[Segment]) -> int:
        rows = list(self.db["documents"].rows_where("sha256 = ? and lang = ?", [text_hash, lang]))
        if rows:
            self._fill_segment_lines(rows[0]["id"], segments)
            return rows[0]["id"]
        doc_id = self.db["documents"].insert(
            {
                "path": path,
                "name": Path(path).name,
                "sha256": text_hash,
                "lang": lang,
                "format": fmt,
                "segments": len(segments),
                "created": now(),
            }
        ).last_pk
        self.db["segments"].insert_all(
            {"document_id": doc_id, "position": s.index, "block": s.block, "kind": s.kind, "text": s.text, "line": s.line}
            for s in segments
        )
        return doc_id

    def _fill_segment_lines(self, doc_id: int, segments: list[Segment]) -> None:
        """Lines for the segments of a document stored before schema 2, where the stored
        segment is the one read now (same position and text)."""
        if not self.db.execute("select exists (select 1 from segments where document_id = ? and line is null)",
                               [doc_id]).fetchone()[0]:
            return
        for s in segments:
            if s.line is not None:
                self.db.execute(
                    "update segments set line = ? where document_id = ? and position = ? and text = ? and line is null",
                    [s.line, doc_id, s.index, s.text],
                )

    def add_alignment(
        self,
        *,
        source_path: str,
        target_path: str,
        source_hash: str,
        target_hash: str,
        src_lang: str,
        tgt_lang: str,
        source_segments: list[Segment],
        target_segments: list[Segment],
        pairs: list[AlignedPair],
        method: str,
        source_format: str = "markdown",
        target_format: str = "markdown",
    ) -> StoredAlignment:
        """Store two documents and their alignment in one transaction; a repeat is a no-op."""
        aligned = [p for p in pairs if p.source and p.target]
        unaligned_s = sum(len(p.source) for p in pairs if not p.target)
        unaligned_t = sum(len(p.target) for p in pairs if not p.source)
        low = sum(1 for p in aligned if p.low_confidence)
        with write_transaction(self.db):
            src_id = self._document_id(source_path, source_hash, src_lang, source_format, source_segments)
            tgt_id = self._document_id(target_path, target_hash, tgt_lang, target_format, target_segments)
            alignment_id, unchanged = self._alignment_id(src_id, tgt_id, method)
            lines = {s.index: s.line for s in source_segments}
            if not unchanged:
                self._insert_aligned(alignment_id, aligned, source_path, src_lang, tgt_lang, lines)
            else:
                self._fill_pair_lines(alignment_id, aligned, lines)
        return StoredAlignment(alignment_id, len(aligned), unaligned_s, unaligned_t, low, unchanged=unchanged)

    def _alignment_id(self, src_id: int, tgt_id: int, method: str) -> tuple[int, bool]:
        """The alignment of the two documents, and whether it exists already with ``method``.
        Aligned before by another version of the method: its pairs go, to be stored again."""
        existing = list(self.db["alignments"].rows_where("source_document_id = ? and target_document_id = ?", [src_id, tgt_id]))
        if existing and existing[0]["method"] == method:
            return existing[0]["id"], True
        if existing:
            alignment_id = existing[0]["id"]
            self.db.execute("delete from pairs where alignment_id = ?", [alignment_id])
            self.db["alignments"].update(alignment_id, {"method": method, "created": now()})
            return alignment_id, False
        row = {"source_document_id": src_id, "target_document_id": tgt_id, "method": method, "created": now()}
        return self.db["alignments"].insert(row).last_pk, False

    def _insert_aligned(self, alignment_id: int, aligned: list[AlignedPair], source_path: str, src_lang: str,
                        tgt_lang: str, lines: dict[int, int | None]) -> None:
        name = Path(source_path).name
        created = now()
        # PostgreSQL's pairs also hold the fuzzy index's key and text (tm.store.pgsearch).
        extra = (lambda p: dict(zip(("norm", "lang_key"), pgsearch.pair_keys(src_lang, tgt_lang, p.source_text)))) \
            if self.postgres else (lambda p: {})
        self.db["pairs"].insert_all(
            {
                **extra(p),
                "alignment_id": alignment_id,
                "src_lang": src_lang,
                "tgt_lang": tgt_lang,
                "source": p.source_text,
                "target": p.target_text,
                "source_positions": _positions(p.source),
                "target_positions": _positions(p.target),
                "confidence": p.confidence,
                "low_confidence": int(p.low_confidence),
                "context": f"{name}#{_positions(p.source)}",
                "origin": "align",
                "origin_file": source_path,
                "created": created,
                "line": lines.get(p.source[0]),
            }
            for p in aligned
        )

    def _fill_pair_lines(self, alignment_id: int, aligned: list[AlignedPair], lines: dict[int, int | None]) -> None:
        """Lines for the pairs of an alignment stored before schema 2, aligned again unchanged
        (the same beads, so the same source positions)."""
        if not self.db.execute("select exists (select 1 from pairs where alignment_id = ? and line is null)",
                               [alignment_id]).fetchone()[0]:
            return
        for p in aligned:
            line = lines.get(p.source[0])
            if line is not None:
                self.db.execute(
                    "update pairs set line = ? where alignment_id = ? and source_positions = ? and line is null",
                    [line, alignment_id, _positions(p.source)],
                )

    # ----- writing: imports --------------------------------------------------------------

    def start_import(self, path: str, fmt: str, size: int | None) -> int:
        """Record the start of a file's import; call inside the transaction that adds its units."""
        return self.db["imports"].insert(
            {"path": path, "name": Path(path).name, "format": fmt, "size": size, "started": now()}
        ).last_pk

    def finish_import(self, import_id: int, *, units: int, added: int, duplicates: int, skipped: dict[str, int]) -> None:
        self.db["imports"].update(
            import_id,
            {
                "finished": now(),
                "units": units,
                "added": added,
                "duplicates": duplicates,
                "skipped": sum(skipped.values()),
                "skipped_detail": json.dumps(skipped, sort_keys=True) if skipped else None,
            },
        )

    def add_units(
        self,
        units: Iterable[TranslationUnit | tuple[TranslationUnit, str | None]],
        origin_file: str,
        *,
        import_id: int | None = None,
        batch_size: int = IMPORT_BATCH,
        progress: Callable[[int], None] | None = None,
    ) -> UnitsAdded:
        """Store imported units in one transaction (a savepoint inside the caller's).

        ``units`` may be TranslationUnits or ``(unit, unit_id)`` pairs, from a generator:
        rows go in with executemany in batches of ``batch_size``, so memory does not grow
        with the number of units. A pair already imported (same languages, source and
        target) is skipped and counted as a duplicate. ``progress`` gets the number of
        units handled so far after each batch. An exception raised while iterating
        ``units`` rolls everything back.

        (A reader thread overlapping parsing with inserting was measured slower: both
        sides hold the GIL for most of their work, so they only take turns.)
        """
        if self.postgres:
            with write_transaction(self.db):
                added, seen = pgsearch.copy_units(self.db, _unit_rows(units, origin_file, import_id, now()), progress)
            return UnitsAdded(added=added, duplicates=seen - added)
        cache = self.db.execute("pragma cache_size").fetchone()[0]
        self.db.execute(f"pragma cache_size = {-IMPORT_CACHE_KIB}")
        try:
            with write_transaction(self.db):
                rows = _unit_rows(units, origin_file, import_id, now())
                added, seen = self._insert_batches(rows, batch_size, progress)
        finally:
            self.db.execute(f"pragma cache_size = {cache}")
        return UnitsAdded(added=added, duplicates=seen - added)

    def _insert_batches(self, rows: Iterable[tuple], batch_size: int, progress: Callable[[int], None] | None) -> tuple[int, int]:
        """(rows inserted, rows handled): executemany per ``batch_size`` rows."""
        cursor = self.db.conn.cursor()
        added = seen = 0
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) < batch_size:
                continue
            cursor.executemany(_INSERT_UNIT, batch)
            added += cursor.rowcount  # rows this statement inserted; ignored ones are 0
            seen += len(batch)
            batch.clear()
            if progress:
                progress(seen)
        if batch:
            cursor.executemany(_INSERT_UNIT, batch)
            added += cursor.rowcount
            seen += len(batch)
            if progress:
                progress(seen)
        return added, seen

    def add_unit(self, unit: TranslationUnit, origin_file: str) -> int:
        """Store one unit (amaGama-style unit upload) in its own transaction; returns 1 if added, 0 if a duplicate."""
        return self.add_units([unit], origin_file).added

    # ----- reading -----------------------------------------------------------------------

    def units(self, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[TranslationUnit]:
        """Every stored pair as a TranslationUnit, in a stable order (alignment, then position)."""
        where, args = [], []
        if src_lang:
            where.append("src_lang = ?")
            args.append(src_lang)
        if tgt_lang:
            where.append("tgt_lang = ?")
            args.append(tgt_lang)
        sql = "select * from pairs" + (" where " + " and ".join(where) if where else "") + " order by id"
        for row in (self.db.stream if self.postgres else self.db.query)(sql, args):
            yield _unit(row)

    def pair_texts(self, src_lang: str, tgt_lang: str) -> list[tuple[int, str, str]]:
        """(id, source, target) of every pair of the language pair, by id."""
        return [
            (r[0], r[1], r[2])
            for r in self.db.execute(
                "select id, source, target from pairs where src_lang = ? and tgt_lang = ? order by id", [src_lang, tgt_lang]
            ).fetchall()
        ]

    def language_pairs(self) -> list[tuple[str, str, int]]:
        return [
            (r["src_lang"], r["tgt_lang"], r["n"])
            for r in self.db.query("select src_lang, tgt_lang, count(*) as n from pairs group by 1, 2 order by 3 desc, 1, 2")
        ]

    def has_imports(self) -> bool:
        """Whether the file has the import tables (files made before them, opened read-only, do not)."""
        return "imports" in self.db.table_names()

    def stats(self) -> dict:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "database": self.name,
            "documents": count("select count(*) from documents"),
            "segments": count("select count(*) from segments"),
            "alignments": count("select count(*) from alignments"),
            "pairs": count("select count(*) from pairs"),
            "low_confidence_pairs": count("select count(*) from pairs where low_confidence <> 0"),
            "language_pairs": [{"source": s, "target": t, "pairs": n} for s, t, n in self.language_pairs()],
            "origins": [
                {"origin": r["origin"], "file": r["origin_file"], "pairs": r["n"]}
                for r in self.db.query(
                    "select origin, origin_file, count(*) as n from pairs group by 1, 2 order by 3 desc, 2, 1"
                )
            ],
            "imports": self._import_stats(),
        }

    def _import_stats(self) -> list[dict]:
        """One entry per imported file, oldest first; "pairs" is what it still holds.
        (pairs.import_id came with the imports table, in the same migration.)"""
        if not self.has_imports():
            return []
        return [
            {
                "file": r["path"],
                "format": r["format"],
                "imported": r["finished"],
                "units": r["units"],
                "added": r["added"],
                "duplicates": r["duplicates"],
                "skipped": json.loads(r["skipped_detail"]) if r["skipped_detail"] else {},
                "pairs": r["n"],
            }
            for r in self.db.query(
                "select i.*, coalesce(c.n, 0) as n from imports i left join"
                " (select import_id, count(*) as n from pairs where import_id is not null group by 1) c"
                " on c.import_id = i.id order by i.id"
            )
        ]

    # ----- fuzzy lookup (tm.fuzzy, tm.service) -------------------------------------------
    # Plain reads of the pairs table. The trigram index itself is built in memory from
    # fuzzy_rows (see tm/fuzzy.py for why), so fuzzy lookup adds no table: the neighbour reads
    # use the existing indexes on pairs(alignment_id) and pairs(import_id).

    def fuzzy_max_id(self) -> int:
        """The highest pair id (0 for an empty memory): the index's watermark."""
        return self.db.execute("select coalesce(max(id), 0) from pairs").fetchone()[0]

    def fuzzy_rows(self, after_id: int = 0, batch: int = 50_000) -> Iterator[tuple[int, str, str, str]]:
        """(id, src_lang, tgt_lang, source) of every pair with an id above ``after_id``, by id.

        Read in batches by id range, so a long read never holds one huge cursor open.
        """
        last = after_id
        while True:
            rows = self.db.execute(
                "select id, src_lang, tgt_lang, source from pairs where id > ? order by id limit ?", [last, batch]
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def fuzzy_candidates(self, query_norm: str, src_lang: str, tgt_lang: str, min_score: float, limit: int) -> list[tuple[int, str]]:
        """(pair id, normalised source) of the sources most trigram-similar to the query, from
        PostgreSQL's index (tm.store.pgsearch); SQLite memories use tm.fuzzy's own index."""
        return pgsearch.fuzzy_candidates(self.db, query_norm, src_lang, tgt_lang, min_score, limit)

    def fuzzy_searcher(self) -> Callable[..., list[tuple[int, str]]]:
        """``fuzzy_candidates`` on connections of its own (the pool's), so it outlives this
        Memory: tm.fuzzy.FuzzyIndex keeps it to search a PostgreSQL memory."""
        return pgsearch.pooled_candidates(self.path)

    def fuzzy_languages(self) -> dict[tuple[str, str], int]:
        return pgsearch.language_keys(self.db)

    def pairs_by_id(self, ids: Iterable[int]) -> dict[int, dict]:
        """Rows of the given pairs (ids that no longer exist are left out)."""
        wanted = list(dict.fromkeys(int(i) for i in ids))
        found: dict[int, dict] = {}
        line = "line" if self.has_lines else "null as line"
        for k in range(0, len(wanted), 500):
            part = wanted[k : k + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"select {PAIR_COLUMNS}, {line} from pairs where id in ({marks})", part):
                found[row["id"]] = row
        return found

    def neighbour_sources(self, pair_id: int) -> tuple[str | None, str | None] | None:
        """Sources of the pairs before and after this one in its document: the same alignment
        (aligned pairs) or the same imported file (imported pairs), in id order. None when the
        pair has neither, so its context is unknown; (None, x) at the start of a document."""
        columns = "alignment_id, " + ("import_id" if self.has_imports() else "null")
        row = self.db.execute(f"select {columns} from pairs where id = ?", [pair_id]).fetchone()
        if row is None:
            return None
        alignment_id, import_id = row
        if alignment_id is not None:
            column, value = "alignment_id", alignment_id
        elif import_id is not None:
            column, value = "import_id", import_id
        else:
            return None
        before = self.db.execute(
            f"select source from pairs where {column} = ? and id < ? order by id desc limit 1", [value, pair_id]
        ).fetchone()
        after = self.db.execute(
            f"select source from pairs where {column} = ? and id > ? order by id limit 1", [value, pair_id]
        ).fetchone()
        return (before[0] if before else None, after[0] if after else None)

    # ----- concordance (tm.store.concordance) --------------------------------------------

    def concordance_index_behind(self) -> bool:
        """True when the file has the word index and pairs above its watermark."""
        if self.postgres:
            return pgsearch.words_behind(self.db)
        return word_index.behind(self.db)

    def update_concordance_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index the pairs added since the last update (``tm.store.concordance.update``);
        returns how many. Writable opens only: InputError when the file is opened read-only
        or this SQLite has no FTS5."""
        if self.readonly:
            raise InputError(self.name, "opened read-only: the concordance index cannot be updated")
        if self.postgres:
            return pgsearch.update_words(self.db, progress)
        return word_index.update(self.db, self.path, progress)

    def concordance_rows(
        self, lang: str, patterns: Iterable[str], *, side: str = "both", limit: int = 2000, method: str = "auto",
        file: str | None = None, since: str | None = None,
    ) -> Iterator[dict]:
        """Candidate pairs for concordance (``tm.store.concordance.rows``), only those whose
        file contains ``file`` and created on or after the date ``since`` when given."""
        if self.postgres:
            return pgsearch.concordance_rows(self.db, lang, list(patterns), side, limit, method, file, since)
        return word_index.rows(self.db, lang, patterns, side=side, limit=limit, method=method, file=file, since=since)


def _unit_rows(
    units: Iterable[TranslationUnit | tuple[TranslationUnit, str | None]], origin_file: str, import_id: int | None,
    created: str,
) -> Iterator[tuple]:
    """The pairs rows (_INSERT_UNIT's parameters) of imported units."""
    encode = _encode_props
    for item in units:
        if isinstance(item, tuple):
            u, unit_id = item
        else:
            u, unit_id = item, None
        yield (
            u.src_lang,
            u.tgt_lang,
            u.source,
            u.target,
            u.confidence,
            1 if u.low_confidence else 0,
            u.context,
            u.note,
            origin_file,
            unit_id,
            encode(u.props) if u.props else None,
            created,
            pair_hash(u.src_lang, u.tgt_lang, u.source, u.target),
            import_id,
            u.line,
        )


def _unit(row: dict) -> TranslationUnit:
    """A stored pair as a TranslationUnit; the props get its origin file and creation time."""
    props = json.loads(row["props"]) if row["props"] else {}
    if row["origin_file"]:
        props.setdefault("x-origin", row["origin_file"])
    props.setdefault("x-created", row["created"])
    return TranslationUnit(
        source=row["source"],
        target=row["target"],
        src_lang=row["src_lang"],
        tgt_lang=row["tgt_lang"],
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
        low_confidence=bool(row["low_confidence"]),
        context=row["context"],
        note=row["note"],
        props=props,
        line=row.get("line"),
    )


def _positions(indices: tuple[int, ...]) -> str:
    if not indices:
        return ""
    return str(indices[0]) if len(indices) == 1 else f"{indices[0]}-{indices[-1]}"
