"""The translation memory: an SQLite file, written and read through sqlite-utils.

Only this module talks SQL. Every write is one transaction (``write_transaction``: BEGIN IMMEDIATE), so a
failed alignment or import leaves the file exactly as it was.

Tables
- documents: one row per distinct file content and language (sha256 + lang).
- segments: the sentences of a document, by position, with their block and kind.
- alignments: one row per aligned document pair; aligning the same pair again is a no-op.
- pairs: translation units with provenance (document, positions, confidence, origin, time).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import heapq
import json
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from tm.errors import InputError
from tm.model import AlignedPair, Segment, TranslationUnit

SCHEMA_VERSION = 1
DEFAULT_DB = "tm.db"
# Tables every tm memory has had since schema version 1 (meta holds schema_version). A file
# without them is another program's database, or an empty one.
TM_TABLES = ("meta", "documents", "segments", "alignments", "pairs")


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
def _props_encoder() -> Callable[[dict], str]:
    """json.dumps(props, ensure_ascii=False, sort_keys=True), about twice as fast.

    json.dumps builds a new C encoder on every call, which costs more than encoding a
    small dict; this builds it once (falling back to json where the C module is missing).
    """
    try:
        from json.encoder import c_make_encoder, encode_basestring
    except ImportError:  # pragma: no cover
        c_make_encoder = None
    if c_make_encoder is None:  # pragma: no cover
        encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
        return encoder.encode
    c = c_make_encoder(None, None, encode_basestring, None, ": ", ", ", True, False, True)
    return lambda props: "".join(c(props, 0))


_encode_props = _props_encoder()


def pair_hash(src_lang: str, tgt_lang: str, source: str, target: str) -> bytes:
    """The dedup key of an imported pair. The source's length makes the split unambiguous."""
    key = f"{src_lang}\x00{tgt_lang}\x00{len(source)}\x00{source}{target}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Memory:
    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False):
        """Open the memory at ``path``; a new or empty file becomes one.

        ``readonly`` is for commands that only read: the file is opened with SQLite's
        ``mode=ro``, the journal mode is left alone and no schema hook runs, so the file stays
        byte-identical; a file that is not a tm memory raises InputError. A writable open
        refuses an SQLite file that holds another program's tables instead of adding its own.
        """
        self.path = str(path)
        self.readonly = readonly
        self._tidy = False
        if readonly:
            self._open_readonly()
            return
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA busy_timeout=10000")
        try:
            self._require_memory(allow_empty=True)  # before WAL mode: that already writes the file
        except InputError:
            self.close()
            raise
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        # Each feature creates its own tables if missing, so older files gain new tables.
        for ensure in (
            self._ensure_schema,
            self._ensure_import_schema,
            self._ensure_termbase_schema,
            self._ensure_concordance_schema,
        ):
            ensure()

    def _open_readonly(self) -> None:
        if not os.path.isfile(self.path):
            raise InputError(self.path, "not a tm database: no such file")
        # Reading a WAL file creates its -wal and -shm files, which a read-only connection
        # cannot remove when it closes: close() has them removed if they were not there.
        self._tidy = not any(os.path.exists(self.path + s) for s in _SIDE_FILES)
        self.db = sqlite_utils.Database(sqlite3.connect(_uri(self.path, "ro"), uri=True))
        try:
            self.db.execute("PRAGMA busy_timeout=10000")
            self._require_memory(allow_empty=False)
        except BaseException:
            self.close()
            raise

    def _require_memory(self, *, allow_empty: bool) -> None:
        """InputError unless the file is a tm memory, or has no tables yet and ``allow_empty``."""
        try:
            names = set(self.db.table_names())
        except sqlite3.OperationalError as e:  # locked, or not readable by us
            raise InputError(self.path, f"cannot read the database: {e}") from None
        except sqlite3.DatabaseError as e:  # not SQLite at all, or damaged
            raise InputError(self.path, f"not a tm database: SQLite cannot read it ({e})") from None
        version = None
        if names >= set(TM_TABLES):
            try:
                row = self.db.execute("select value from meta where key = 'schema_version'").fetchone()
                version = row[0] if row else None
            except sqlite3.OperationalError:  # another program's "meta" table
                pass
        if version is not None:
            try:
                newer = int(version) > SCHEMA_VERSION
            except ValueError:
                newer = True
            if newer:
                # Reading or writing a layout this tm does not know could lose data silently.
                raise InputError(self.path, f"made by a newer tm (schema {version}; this tm knows up to {SCHEMA_VERSION}): upgrade tm")
            return
        if allow_empty and not names:
            return
        if not names:
            raise InputError(self.path, "not a tm database: it holds no tables")
        shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
        raise InputError(self.path, f"not a tm database: it holds other tables ({shown}); tm leaves it as it is")

    def _ensure_termbase_schema(self) -> None:
        """Tables of the term base (term_entries, term_renderings, term_meta); their SQL lives in tm.termbase."""
        from tm.termbase import ensure_schema

        ensure_schema(self.db)

    def close(self) -> None:
        self.db.close()
        if self._tidy:
            self._tidy = False
            _remove_side_files(self.path)

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        with write_transaction(self.db):
            yield self

    def _ensure_schema(self) -> None:
        """Tables of the translation memory proper: documents, segments, alignments, pairs."""
        if "documents" in self.db.table_names():
            return
        with write_transaction(self.db):
            self.db["meta"].create({"key": str, "value": str}, pk="key")
            self.db["meta"].insert({"key": "schema_version", "value": str(SCHEMA_VERSION)})
            self.db["documents"].create(
                {"id": int, "path": str, "name": str, "sha256": str, "lang": str, "format": str, "segments": int, "created": str},
                pk="id",
                not_null={"sha256", "lang"},
            )
            self.db["documents"].create_index(["sha256", "lang"], unique=True)
            self.db["segments"].create(
                {"id": int, "document_id": int, "position": int, "block": int, "kind": str, "text": str},
                pk="id",
                foreign_keys=[("document_id", "documents", "id")],
            )
            self.db["segments"].create_index(["document_id", "position"], unique=True)
            self.db["alignments"].create(
                {
                    "id": int,
                    "source_document_id": int,
                    "target_document_id": int,
                    "method": str,
                    "created": str,
                },
                pk="id",
                foreign_keys=[("source_document_id", "documents", "id"), ("target_document_id", "documents", "id")],
            )
            self.db["alignments"].create_index(["source_document_id", "target_document_id"], unique=True)
            self.db["pairs"].create(
                {
                    "id": int,
                    "alignment_id": int,
                    "src_lang": str,
                    "tgt_lang": str,
                    "source": str,
                    "target": str,
                    "source_positions": str,
                    "target_positions": str,
                    "confidence": float,
                    "low_confidence": int,
                    "context": str,
                    "note": str,
                    "origin": str,  # align | import
                    "origin_file": str,
                    "unit_id": str,
                    "props": str,  # JSON object of extra metadata
                    "created": str,
                },
                pk="id",
                not_null={"source", "target", "src_lang", "tgt_lang"},
                foreign_keys=[("alignment_id", "alignments", "id")],
            )
            self.db["pairs"].create_index(["alignment_id"])
            self.db["pairs"].create_index(["src_lang", "tgt_lang"])

    # ----- writing -----------------------------------------------------------------------

    def _document_id(self, path: str, text_hash: str, lang: str, fmt: str, segments: list[Segment]) -> int:
        rows = list(self.db["documents"].rows_where("sha256 = ? and lang = ?", [text_hash, lang]))
        if rows:
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
            {"document_id": doc_id, "position": s.index, "block": s.block, "kind": s.kind, "text": s.text} for s in segments
        )
        return doc_id

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
            existing = list(
                self.db["alignments"].rows_where("source_document_id = ? and target_document_id = ?", [src_id, tgt_id])
            )
            if existing and existing[0]["method"] == method:
                return StoredAlignment(existing[0]["id"], len(aligned), unaligned_s, unaligned_t, low, unchanged=True)
            if existing:  # aligned before by another version of the method: replace its pairs
                alignment_id = existing[0]["id"]
                self.db.execute("delete from pairs where alignment_id = ?", [alignment_id])
                self.db["alignments"].update(alignment_id, {"method": method, "created": now()})
            else:
                alignment_id = self.db["alignments"].insert(
                    {"source_document_id": src_id, "target_document_id": tgt_id, "method": method, "created": now()}
                ).last_pk
            name = Path(source_path).name
            created = now()
            self.db["pairs"].insert_all(
                {
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
                }
                for p in aligned
            )
        return StoredAlignment(alignment_id, len(aligned), unaligned_s, unaligned_t, low, unchanged=False)

    def _ensure_import_schema(self) -> None:
        """Provenance and deduplication of imported pairs (migrates files made before them).

        - imports: one row per imported file (path, format, size, time, counts).
        - pairs.import_id: the import a pair came from (not indexed); pairs.unit_id holds its
          id in the file.
        - pairs.pair_hash: 16-byte BLAKE2b of (src_lang, tgt_lang, source, target), set for
          imported pairs only, under a unique index: the same pair imported twice is stored
          once (INSERT OR IGNORE) and counted as a duplicate. Aligned pairs keep NULL here:
          they belong to their alignment, where a repeated sentence is legitimate.
        """
        def missing() -> set[str]:
            cols = {c.name for c in self.db["pairs"].columns}
            want = {"pair_hash", "import_id"} - cols
            if "imports" not in self.db.table_names():
                want.add("imports")
            if not any(i.name == "pairs_pair_hash" for i in self.db["pairs"].indexes):
                want.add("index")
            return want

        if not missing():
            return
        with write_transaction(self.db):
            todo = missing()  # again inside the transaction: another process may have migrated
            if "imports" in todo:
                self.db["imports"].create(
                    {
                        "id": int,
                        "path": str,
                        "name": str,
                        "format": str,
                        "size": int,
                        "started": str,
                        "finished": str,
                        "units": int,  # units read from the file
                        "added": int,
                        "duplicates": int,
                        "skipped": int,
                        "skipped_detail": str,  # JSON object: reason -> count
                    },
                    pk="id",
                )
            if "pair_hash" in todo:
                self.db.execute("alter table pairs add column pair_hash blob")
            if "import_id" in todo:
                self.db.execute("alter table pairs add column import_id integer references imports(id)")
            if "index" in todo:
                # Pairs imported by older versions get their hash; a repeat keeps NULL.
                seen: set[bytes] = set()
                rows = self.db.execute(
                    "select id, src_lang, tgt_lang, source, target from pairs"
                    " where origin = 'import' and pair_hash is null order by id"
                ).fetchall()
                for row_id, s_lang, t_lang, source, target in rows:
                    digest = pair_hash(s_lang, t_lang, source, target)
                    if digest not in seen:
                        seen.add(digest)
                        self.db.execute("update pairs set pair_hash = ? where id = ?", [digest, row_id])
                # No index on import_id: every index costs each imported row ~2 us, and the
                # per-import counts in stats() come from one grouped scan instead.
                self.db.execute("create unique index if not exists pairs_pair_hash on pairs(pair_hash)")

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
        sql = (
            "insert or ignore into pairs (src_lang, tgt_lang, source, target, confidence, low_confidence,"
            " context, note, origin, origin_file, unit_id, props, created, pair_hash, import_id)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?, ?)"
        )
        created = now()
        encode = _encode_props
        added = seen = 0
        batch: list[tuple] = []
        cache = self.db.execute("pragma cache_size").fetchone()[0]
        self.db.execute(f"pragma cache_size = {-IMPORT_CACHE_KIB}")
        try:
            with write_transaction(self.db):
                cursor = self.db.conn.cursor()
                for item in units:
                    if isinstance(item, tuple):
                        u, unit_id = item
                    else:
                        u, unit_id = item, None
                    batch.append(
                        (
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
                        )
                    )
                    if len(batch) >= batch_size:
                        cursor.executemany(sql, batch)
                        added += cursor.rowcount  # rows this statement inserted; ignored ones are 0
                        seen += len(batch)
                        batch.clear()
                        if progress:
                            progress(seen)
                if batch:
                    cursor.executemany(sql, batch)
                    added += cursor.rowcount
                    seen += len(batch)
                    if progress:
                        progress(seen)
        finally:
            self.db.execute(f"pragma cache_size = {cache}")
        return UnitsAdded(added=added, duplicates=seen - added)

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
        for row in self.db.query(sql, args):
            props = json.loads(row["props"]) if row["props"] else {}
            if row["origin_file"]:
                props.setdefault("x-origin", row["origin_file"])
            props.setdefault("x-created", row["created"])
            yield TranslationUnit(
                source=row["source"],
                target=row["target"],
                src_lang=row["src_lang"],
                tgt_lang=row["tgt_lang"],
                confidence=row["confidence"] if row["confidence"] is not None else 1.0,
                low_confidence=bool(row["low_confidence"]),
                context=row["context"],
                note=row["note"],
                props=props,
            )

    def language_pairs(self) -> list[tuple[str, str, int]]:
        return [
            (r["src_lang"], r["tgt_lang"], r["n"])
            for r in self.db.query("select src_lang, tgt_lang, count(*) as n from pairs group by 1, 2 order by 3 desc")
        ]

    def has_imports(self) -> bool:
        """Whether the file has the import tables (files made before them, opened read-only, do not)."""
        return "imports" in self.db.table_names()

    def stats(self) -> dict:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "database": self.path,
            "documents": count("select count(*) from documents"),
            "segments": count("select count(*) from segments"),
            "alignments": count("select count(*) from alignments"),
            "pairs": count("select count(*) from pairs"),
            "low_confidence_pairs": count("select count(*) from pairs where low_confidence"),
            "language_pairs": [{"source": s, "target": t, "pairs": n} for s, t, n in self.language_pairs()],
            "origins": [
                {"origin": r["origin"], "file": r["origin_file"], "pairs": r["n"]}
                for r in self.db.query(
                    "select origin, origin_file, count(*) as n from pairs group by 1, 2 order by 3 desc, 2"
                )
            ],
            # One entry per imported file, oldest first; "pairs" is what it still holds.
            # (pairs.import_id came with the imports table, in the same migration.)
            "imports": [] if not self.has_imports() else [
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
            ],
        }

    # ----- fuzzy lookup and concordance (tm.fuzzy, tm.service) ----------------------------
    # Plain reads of the pairs table. The trigram index itself is built in memory from
    # fuzzy_rows (see tm/fuzzy.py for why), so fuzzy lookup adds no table: the neighbour reads
    # use the existing indexes on pairs(alignment_id) and pairs(import_id). Concordance has
    # its word index in the file (pairs_fts, below).

    _PAIR_COLUMNS = "id, src_lang, tgt_lang, source, target, origin, origin_file, context, created, confidence"

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

    def pairs_by_id(self, ids: Iterable[int]) -> dict[int, dict]:
        """Rows of the given pairs (ids that no longer exist are left out)."""
        wanted = list(dict.fromkeys(int(i) for i in ids))
        found: dict[int, dict] = {}
        for k in range(0, len(wanted), 500):
            part = wanted[k : k + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"select {self._PAIR_COLUMNS} from pairs where id in ({marks})", part):
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

    def _ensure_concordance_schema(self) -> None:
        """The concordance word index (pairs_fts), added empty to files made before it.

        An FTS5 table over pairs.source and pairs.target with external content (the text
        stays in pairs only; the index holds tokens and positions). It is filled lazily: the
        meta key ``pairs_fts_upto`` says it holds exactly the pairs with id <= upto, and only
        ``update_concordance_index`` moves it (``tm index``, the writable server's background
        refresh). Imports and alignments do not touch it (no insert trigger: indexing in the
        import's transaction cost a 400k-unit TMX import a quarter of its speed); concordance
        scans the pairs above upto (concordance_rows). Triggers keep the indexed part in step
        with deletes and updates, whoever writes (re-alignments, older tm versions), and act
        on indexed rows only, so the index never gets a 'delete' for a row it does not hold;
        a delete that removes the highest ids lowers upto to the highest id left, so a new
        pair that reuses an id (SQLite gives max(id) + 1) is above upto, not silently missed.
        Creating the empty index costs a few milliseconds whatever the size of the file.
        A SQLite built without FTS5 leaves the file as it is: concordance then scans.
        """
        if self._concordance_upto() is not None:
            return
        try:
            with write_transaction(self.db):
                if self._concordance_upto() is not None:  # another process added it meanwhile
                    return
                # A half-made index (a table without its triggers or watermark, or the
                # eager insert trigger of an unreleased version) is stale: make it again.
                for trigger in (*_FTS_SCHEMA_NAMES[1:], "pairs_fts_insert"):
                    self.db.execute(f"drop trigger if exists {trigger}")
                self.db.execute(f"drop table if exists {FTS_TABLE}")
                for sql in _FTS_SCHEMA:
                    self.db.execute(sql)
                self.db.execute("insert or replace into meta (key, value) values (?, '0')", [FTS_UPTO])
        except sqlite3.OperationalError as e:
            if "fts5" not in str(e).lower():
                raise

    def _concordance_upto(self) -> int | None:
        """The index's watermark (every pair with id <= it is indexed, no other), or None
        when the file has no complete index (a read-only open of an older file, no FTS5)."""
        marks = ",".join("?" * len(_FTS_SCHEMA_NAMES))
        row = self.db.execute(
            f"select (select count(*) from sqlite_master where name in ({marks}))"
            f", (select count(*) from sqlite_master where name = 'pairs_fts_insert')"
            f", (select value from meta where key = ?)",
            [*_FTS_SCHEMA_NAMES, FTS_UPTO],
        ).fetchone()
        if row[0] != len(_FTS_SCHEMA_NAMES) or row[1] or row[2] is None:
            return None
        return int(row[2])

    def _concordance_index_ready(self) -> bool:
        """Whether the file has a complete pairs_fts (table, triggers, watermark)."""
        return self._concordance_upto() is not None

    def concordance_index_behind(self) -> bool:
        """True when the file has the word index and pairs above its watermark (cheap: one
        primary-key probe), so update_concordance_index would have work to do."""
        upto = self._concordance_upto()
        if upto is None:
            return False
        return self.db.execute("select exists (select 1 from pairs where id > ?)", [upto]).fetchone()[0] == 1

    # Pairs indexed per transaction: each batch holds the write lock for well under a second
    # (about 5-20 us a pair), so an import waiting on the busy timeout never fails behind it.
    INDEX_BATCH = 20_000

    def update_concordance_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index the pairs above the watermark and move it to the highest pair id; returns how
        many pairs were indexed (0 when none were waiting).

        In batches of ``INDEX_BATCH`` ids, one transaction each, so other writers get the lock
        between them; a failed batch leaves the watermark where the last one put it. One
        ``INSERT ... SELECT`` per batch: FTS5 flushes its pending tokens at every statement
        that writes it, so a statement per pair would cost several times more. Writable opens
        only; InputError when the file is read-only or this SQLite has no FTS5.
        """
        if self.readonly:
            raise InputError(self.path, "opened read-only: the concordance index cannot be updated")
        total = 0
        top = self.fuzzy_max_id()
        while True:
            with write_transaction(self.db):
                # A write first, so this transaction holds the write lock before it reads upto:
                # two updaters cannot index the same pairs twice.
                self.db.execute("update meta set value = value where key = ?", [FTS_UPTO])
                upto = self._concordance_upto()
                if upto is None:
                    raise InputError(self.path, "no concordance index: this SQLite has no FTS5")
                top = max(top, self.fuzzy_max_id())
                if top <= upto:
                    return total
                end = min(top, upto + self.INDEX_BATCH)
                total += self.db.execute("select count(*) from pairs where id > ? and id <= ?", [upto, end]).fetchone()[0]
                self.db.execute(
                    f"insert into {FTS_TABLE}(rowid, source, target)"
                    " select id, source, target from pairs where id > ? and id <= ? order by id",
                    [upto, end],
                )
                self.db.execute("update meta set value = ? where key = ?", [str(end), FTS_UPTO])
            if progress:
                progress(end, top)

    def concordance_rows(
        self, lang: str, patterns: Iterable[str], *, side: str = "both", limit: int = 2000, method: str = "auto"
    ) -> Iterator[dict]:
        """Pairs with a side in language ``lang`` (primary subtag) containing any of ``patterns``.

        Read lazily in id order, at most ``limit`` rows: the caller checks words and lemmas on
        what comes back and stops when it has enough. ``side`` is source, target or both.

        ``method`` "fts" matches the patterns as word prefixes in the word index (pairs_fts,
        case-insensitive; a pattern of several tokens, "e-mail", "3.5", is matched as a
        phrase of them), which holds the pairs up to its watermark only; "like" is a
        substring scan of the whole table (LIKE, which folds ASCII case only, so the caller
        passes capitalised forms too); "auto" reads the index for the pairs it holds and
        then scans the pairs above its watermark (a primary-key range: cheap while the
        unindexed tail is small), or scans everything when the file has no index.
        """
        patterns = [p for p in patterns if p]
        if method == "like":
            return self._concordance_like(lang, patterns, side, limit, 0)
        if method not in ("auto", "fts"):
            raise ValueError(f"unknown concordance method: {method!r}")
        upto = self._concordance_upto()
        if upto is None:
            if method == "fts":
                raise sqlite3.OperationalError(f"no such table: {FTS_TABLE}")
            return self._concordance_like(lang, patterns, side, limit, 0)
        indexed = self._concordance_fts(lang, patterns, side, limit, upto)
        if method == "fts":
            return indexed
        # Every indexed id is <= upto < every scanned id: the tail simply follows, and is
        # only queried when the index gave fewer than ``limit`` rows.
        return _chain_limited(indexed, lambda n: self._concordance_like(lang, patterns, side, limit - n, upto), limit)

    def _concordance_like(self, lang: str, patterns: list[str], side: str, limit: int, after_id: int) -> Iterator[dict]:
        pats = ["%" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for p in patterns]
        if not pats or limit <= 0:
            return iter(())
        clauses, args = [], []
        for column, lang_column in (("source", "src_lang"), ("target", "tgt_lang")):
            if side not in ("both", column):
                continue
            likes = " or ".join(f"{column} like ? escape '\\'" for _ in pats)
            clauses.append(f"(({lang_column} = ? or {lang_column} like ?) and ({likes}))")
            args += [lang, lang + "-%", *pats]
        sql = f"select {self._PAIR_COLUMNS} from pairs where id > ? and ({' or '.join(clauses)}) order by id limit ?"
        return self.db.query(sql, [after_id, *args, limit])

    _fts_suffix = "*"

    def _concordance_fts(self, lang: str, patterns: list[str], side: str, limit: int, upto: int) -> Iterator[dict]:
        # Whole tokens, case folded by the tokenizer: one quoted string per distinct form.
        forms = sorted({p.lower() for p in patterns if _HAS_TOKEN.search(p)})
        if not forms:
            return iter(())
        expr = " OR ".join('"' + f.replace('"', '""') + '"' + self._fts_suffix for f in forms)
        columns = ", ".join(f"p.{c.strip()}" for c in self._PAIR_COLUMNS.split(","))
        arms = []
        for column, lang_column in (("source", "src_lang"), ("target", "tgt_lang")):
            if side not in ("both", column):
                continue
            # The index drives (its rowids come in order, so LIMIT stops early); the pair's
            # language is checked on the row it points at. The rowid bound keeps this part
            # apart from the scanned tail even if an update moves upto meanwhile.
            sql = (
                f"select {columns} from {FTS_TABLE} f join pairs p on p.id = f.rowid"
                f" where {FTS_TABLE} match ? and f.rowid <= ? and (p.{lang_column} = ? or p.{lang_column} like ?)"
                " order by f.rowid limit ?"
            )
            arms.append(self.db.query(sql, [f"{{{column}}} : ({expr})", upto, lang, lang + "-%", limit]))
        if len(arms) == 1:
            return arms[0]
        return _merge_by_id(arms, limit)

    def add_unit(self, unit: TranslationUnit, origin_file: str) -> int:
        """Store one unit (amaGama-style unit upload) in its own transaction; returns 1 if added, 0 if a duplicate."""
        return self.add_units([unit], origin_file).added


# The concordance word index: FTS5 over pairs.source/pairs.target with external content.
# Tokens are runs of letters, marks and digits, as in tm.lang's words, case folded, with
# diacritics kept ("konta" and "kontą" differ, as Polish needs); tm's words that join pieces
# with hyphens, apostrophes or dots ("e-mail", "3.5") are phrases of tokens here.
FTS_TABLE = "pairs_fts"
FTS_UPTO = "pairs_fts_upto"  # meta key: pairs_fts holds exactly the pairs with id <= it
FTS_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* M* N*'"
_FTS_SCHEMA_NAMES = (FTS_TABLE, "pairs_fts_delete", "pairs_fts_update")
_FTS_INDEXED = f"(select cast(value as integer) from meta where key = '{FTS_UPTO}')"
_FTS_SCHEMA = (
    f"""create virtual table {FTS_TABLE} using fts5(source, target, content='pairs', content_rowid='id',
        tokenize="{FTS_TOKENIZE}")""",
    # No insert trigger: new pairs wait above the watermark for update_concordance_index.
    # After a delete: the row leaves the index if it was in it; and once the highest pairs
    # are gone SQLite hands their ids out again (max(id) + 1), so the watermark comes down to
    # the highest id left and those new pairs are above it (every pair at or below the
    # lowered mark was at or below the old one, so it is indexed). One trigger, in this
    # order, for every deleted row: a row above the mark may be the last one deleted.
    f"""create trigger pairs_fts_delete after delete on pairs begin
        insert into {FTS_TABLE}({FTS_TABLE}, rowid, source, target)
            select 'delete', old.id, old.source, old.target where old.id <= {_FTS_INDEXED};
        update meta set value = (select coalesce(max(id), 0) from pairs)
            where key = '{FTS_UPTO}' and cast(value as integer) > (select coalesce(max(id), 0) from pairs);
    end""",
    f"""create trigger pairs_fts_update after update of id, source, target on pairs
        when old.id <= {_FTS_INDEXED} or new.id <= {_FTS_INDEXED} begin
        insert into {FTS_TABLE}({FTS_TABLE}, rowid, source, target)
            select 'delete', old.id, old.source, old.target where old.id <= {_FTS_INDEXED};
        insert into {FTS_TABLE}(rowid, source, target)
            select new.id, new.source, new.target where new.id <= {_FTS_INDEXED};
    end""",
)
_HAS_TOKEN = re.compile(r"[^\W_]")  # a pattern with no letter or digit has no token to match


def _chain_limited(first: Iterable[dict], then: Callable[[int], Iterable[dict]], limit: int) -> Iterator[dict]:
    """The rows of ``first``, then of ``then(n)`` (n: rows given so far), at most ``limit``;
    ``then`` is called only when ``first`` ran out before the limit."""
    n = 0
    for row in first:
        yield row
        n += 1
        if n >= limit:
            return
    for row in then(n):
        yield row
        n += 1
        if n >= limit:
            return


def _merge_by_id(streams: list[Iterable[dict]], limit: int) -> Iterator[dict]:
    """Rows of several id-ordered streams in id order, each id once, at most ``limit``."""
    last = None
    n = 0
    for row in heapq.merge(*streams, key=lambda r: r["id"]):
        if row["id"] == last:
            continue
        last = row["id"]
        yield row
        n += 1
        if n >= limit:
            return


@contextmanager
def write_transaction(db: sqlite_utils.Database):
    """One write transaction, or a savepoint inside one already open.

    BEGIN IMMEDIATE takes the write lock at the start, waiting up to the busy timeout. A plain
    BEGIN takes it at the first write, and in WAL mode that upgrade fails at once with
    "database is locked" when another connection has written since this one first read (the
    server's background index update against an import, say)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.conn.execute("COMMIT")
    except BaseException:
        # Also when COMMIT itself fails (disk full): the lock must not stay with this connection.
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def require_memory_file(path: str | Path) -> None:
    """InputError now when ``path`` exists, is not empty and is not a tm memory: a long job
    that will write to it (an alignment) fails before the work, not after. A missing or empty
    file is fine: writing makes it a memory."""
    if os.path.isfile(path) and os.path.getsize(path) > 0:
        Memory(path, readonly=True).close()


_SIDE_FILES = ("-wal", "-shm")


def _uri(path: str, mode: str) -> str:
    """An SQLite URI for ``path``; ``mode`` ro or rw (rw never creates the file)."""
    return Path(path).resolve().as_uri() + f"?mode={mode}"


def _remove_side_files(path: str) -> None:
    """Have SQLite remove the -wal and -shm files a read-only connection left behind.

    A read-write connection that reads and closes removes them when it is the last one on the
    file (checkpointing a WAL that only readers touched writes nothing); while another process
    has the file open it is not the last and leaves them to that process. It runs no write.
    """
    if not any(os.path.exists(path + s) for s in _SIDE_FILES):
        return
    try:
        conn = sqlite3.connect(_uri(path, "rw"), uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a file we may not write keeps them, as after any other reader


def _positions(indices: tuple[int, ...]) -> str:
    if not indices:
        return ""
    return str(indices[0]) if len(indices) == 1 else f"{indices[0]}-{indices[-1]}"
