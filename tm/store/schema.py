"""Every table and index of a tm memory file, and the numbered migrations that make them.

Tables
- meta: key/value; ``schema_version`` and the word index's watermark (``pairs_fts_upto``).
- documents: one row per distinct file content and language (sha256 + lang).
- segments: the sentences of a document, by position, with their block, kind and line.
- alignments: one row per aligned document pair; aligning the same pair again is a no-op.
- pairs: translation units with provenance (alignment or import, positions, confidence,
  origin, time, line); ``pair_hash`` is the dedup key of imported pairs.
- imports: one row per imported file (path, format, size, time, counts).
- term_entries, term_renderings, term_meta: the term base (tm.store.termbase).
- pairs_fts (FTS5, with its delete and update triggers): the concordance word index.

Migrations: ``MIGRATIONS[n - 1]`` brings a file from version n - 1 to n, and ``upgrade`` runs
the ones a file lacks, in order, recording each number in meta.schema_version. Version 1 is
special: tm versions before this module added the import columns, the term tables and the word
index to existing files without moving the version, so a file that says 1 may lack any of
them. Step 1 therefore creates whatever part of the version-1 layout is missing, and runs
whenever a file lacks one (at any version: the word index is left out by an SQLite without
FTS5 and made by the first writable open with one); every later step runs exactly once.

Nothing here opens a transaction: the caller holds one (``tm.store.db.migrate``). The SQL text
is what sqlite-utils generated when these tables were first made, so files made by any tm
version have the same definitions.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from typing import Callable

import sqlite_utils

from tm.store.engine import POSTGRESQL, dialect

# Tables every tm memory has had since schema version 1 (meta holds schema_version). A file
# without them is another program's database, or an empty one.
TM_TABLES = ("meta", "documents", "segments", "alignments", "pairs")
TERM_TABLES = ("term_entries", "term_renderings", "term_meta")
# The pairs columns that fuzzy lookup and concordance hand out.
PAIR_COLUMNS = "id, src_lang, tgt_lang, source, target, origin, origin_file, context, created, confidence"

MEMORY_SQL = (
    """CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
)""",
    """CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "path" TEXT,
   "name" TEXT,
   "sha256" TEXT NOT NULL,
   "lang" TEXT NOT NULL,
   "format" TEXT,
   "segments" INTEGER,
   "created" TEXT
)""",
    """CREATE UNIQUE INDEX "idx_documents_sha256_lang"
    ON "documents" ("sha256", "lang")""",
    """CREATE TABLE "segments" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER REFERENCES "documents"("id"),
   "position" INTEGER,
   "block" INTEGER,
   "kind" TEXT,
   "text" TEXT
)""",
    """CREATE UNIQUE INDEX "idx_segments_document_id_position"
    ON "segments" ("document_id", "position")""",
    """CREATE TABLE "alignments" (
   "id" INTEGER PRIMARY KEY,
   "source_document_id" INTEGER REFERENCES "documents"("id"),
   "target_document_id" INTEGER REFERENCES "documents"("id"),
   "method" TEXT,
   "created" TEXT
)""",
    """CREATE UNIQUE INDEX "idx_alignments_source_document_id_target_document_id"
    ON "alignments" ("source_document_id", "target_document_id")""",
    # origin: align | import; props: JSON object of extra metadata. pair_hash and import_id
    # are added by IMPORT_COLUMNS (files made before them gain them the same way).
    """CREATE TABLE "pairs" (
   "id" INTEGER PRIMARY KEY,
   "alignment_id" INTEGER REFERENCES "alignments"("id"),
   "src_lang" TEXT NOT NULL,
   "tgt_lang" TEXT NOT NULL,
   "source" TEXT NOT NULL,
   "target" TEXT NOT NULL,
   "source_positions" TEXT,
   "target_positions" TEXT,
   "confidence" REAL,
   "low_confidence" INTEGER,
   "context" TEXT,
   "note" TEXT,
   "origin" TEXT,
   "origin_file" TEXT,
   "unit_id" TEXT,
   "props" TEXT,
   "created" TEXT
)""",
    """CREATE INDEX "idx_pairs_alignment_id"
    ON "pairs" ("alignment_id")""",
    """CREATE INDEX "idx_pairs_src_lang_tgt_lang"
    ON "pairs" ("src_lang", "tgt_lang")""",
)

# units: units read from the file; skipped_detail: JSON object, reason -> count.
IMPORTS_SQL = """CREATE TABLE "imports" (
   "id" INTEGER PRIMARY KEY,
   "path" TEXT,
   "name" TEXT,
   "format" TEXT,
   "size" INTEGER,
   "started" TEXT,
   "finished" TEXT,
   "units" INTEGER,
   "added" INTEGER,
   "duplicates" INTEGER,
   "skipped" INTEGER,
   "skipped_detail" TEXT
)"""
# pair_hash: 16-byte BLAKE2b (``pair_hash``), set for imported pairs only, under a unique
# index: the same pair imported twice is stored once (INSERT OR IGNORE) and counted as a
# duplicate; aligned pairs keep NULL (a repeated sentence is legitimate in a document).
# import_id: the import a pair came from. Not indexed: every index costs each imported row
# ~2 us, and the per-import counts in stats() come from one grouped scan instead.
IMPORT_COLUMNS = {
    "pair_hash": "alter table pairs add column pair_hash blob",
    "import_id": "alter table pairs add column import_id integer references imports(id)",
}
PAIR_HASH_INDEX = "pairs_pair_hash"
PAIR_HASH_INDEX_SQL = f"create unique index if not exists {PAIR_HASH_INDEX} on pairs(pair_hash)"

TERMS_SQL = (
    # origin: extracted | glossary | edited; count: pairs where the term occurs; source_key
    # and fallback: JSON lists.
    """CREATE TABLE "term_entries" (
   "id" INTEGER PRIMARY KEY,
   "src_lang" TEXT NOT NULL,
   "tgt_lang" TEXT NOT NULL,
   "source" TEXT NOT NULL,
   "source_key" TEXT NOT NULL,
   "pos" TEXT,
   "status" TEXT,
   "notes" TEXT,
   "confidence" REAL,
   "origin" TEXT NOT NULL,
   "count" INTEGER,
   "fallback" TEXT,
   "updated" TEXT
)""",
    """CREATE UNIQUE INDEX "idx_term_entries_src_lang_tgt_lang_source_key"
    ON "term_entries" ("src_lang", "tgt_lang", "source_key")""",
    # The renderings of an entry, in order; key, segment_ids, surfaces, fallback: JSON.
    """CREATE TABLE "term_renderings" (
   "id" INTEGER PRIMARY KEY,
   "entry_id" INTEGER NOT NULL REFERENCES "term_entries"("id"),
   "position" INTEGER,
   "text" TEXT NOT NULL,
   "key" TEXT NOT NULL,
   "count" INTEGER,
   "status" TEXT,
   "note" TEXT,
   "segment_ids" TEXT,
   "surfaces" TEXT,
   "fallback" TEXT,
   "origin" TEXT
)""",
    """CREATE INDEX "idx_term_renderings_entry_id"
    ON "term_renderings" ("entry_id")""",
    # Per language pair: the sentencepiece stemmer of the last build and its report.
    """CREATE TABLE "term_meta" (
   "src_lang" TEXT,
   "tgt_lang" TEXT,
   "key" TEXT,
   "value" TEXT,
   PRIMARY KEY ("src_lang", "tgt_lang", "key")
)""",
)

# The concordance word index: FTS5 over pairs.source/pairs.target with external content (the
# text stays in pairs; the index holds tokens and positions). Tokens are runs of letters,
# marks and digits, as in tm.lang's words, case folded, with diacritics kept ("konta" and
# "kontą" differ, as Polish needs). It is filled lazily: meta's FTS_UPTO says it holds exactly
# the pairs with id <= it, and only tm.store.concordance.update moves it. No insert trigger:
# indexing in an import's transaction cost a 400k-unit TMX import a quarter of its speed.
FTS_TABLE = "pairs_fts"
FTS_UPTO = "pairs_fts_upto"  # meta key: pairs_fts holds exactly the pairs with id <= it
FTS_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* M* N*'"
FTS_SCHEMA_NAMES = (FTS_TABLE, "pairs_fts_delete", "pairs_fts_update")
FTS_EAGER_TRIGGER = "pairs_fts_insert"  # an unreleased eager version's; its presence makes the index stale
_FTS_INDEXED = f"(select cast(value as integer) from meta where key = '{FTS_UPTO}')"
FTS_SQL = (
    f"""create virtual table {FTS_TABLE} using fts5(source, target, content='pairs', content_rowid='id',
        tokenize="{FTS_TOKENIZE}")""",
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


def pair_hash(src_lang: str, tgt_lang: str, source: str, target: str) -> bytes:
    """The dedup key of an imported pair. The source's length makes the split unambiguous."""
    key = f"{src_lang}\x00{tgt_lang}\x00{len(source)}\x00{source}{target}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def words_upto(db: sqlite_utils.Database) -> int | None:
    """The word index's watermark (every pair with id <= it is indexed, no other), or None
    when the file has no complete index (a read-only open of an older file, no FTS5, a
    half-made index)."""
    marks = ",".join("?" * len(FTS_SCHEMA_NAMES))
    row = db.execute(
        f"select (select count(*) from sqlite_master where name in ({marks}))"
        f", (select count(*) from sqlite_master where name = ?)"
        f", (select value from meta where key = ?)",
        [*FTS_SCHEMA_NAMES, FTS_EAGER_TRIGGER, FTS_UPTO],
    ).fetchone()
    if row[0] != len(FTS_SCHEMA_NAMES) or row[1] or row[2] is None:
        return None
    return int(row[2])


# ----- version 1: each part is created when missing ---------------------------------------


def create_memory_tables(db: sqlite_utils.Database) -> None:
    """meta (saying version 1), documents, segments, alignments, pairs: the memory proper."""
    db.execute(MEMORY_SQL[0])
    db.execute("insert into meta (key, value) values ('schema_version', '1')")
    for sql in MEMORY_SQL[1:]:
        db.execute(sql)


def _missing_import_parts(db: sqlite_utils.Database) -> list[str]:
    """The import parts a file lacks: the imports table, pairs columns, the pair_hash index."""
    columns = {c.name for c in db["pairs"].columns}
    missing = [] if "imports" in db.table_names() else ["imports"]
    missing += [name for name in IMPORT_COLUMNS if name not in columns]
    if not any(i.name == PAIR_HASH_INDEX for i in db["pairs"].indexes):
        missing.append("index")
    return missing


def _add_import_parts(db: sqlite_utils.Database, missing: list[str]) -> None:
    """Provenance and deduplication of imported pairs, added to files made before them."""
    if "imports" in missing:
        db.execute(IMPORTS_SQL)
    for name, sql in IMPORT_COLUMNS.items():
        if name in missing:
            db.execute(sql)
    if "index" in missing:
        # Pairs imported by older versions get their hash; a repeat keeps NULL.
        seen: set[bytes] = set()
        rows = db.execute(
            "select id, src_lang, tgt_lang, source, target from pairs where origin = 'import' and pair_hash is null order by id"
        ).fetchall()
        for row_id, s_lang, t_lang, source, target in rows:
            digest = pair_hash(s_lang, t_lang, source, target)
            if digest not in seen:
                seen.add(digest)
                db.execute("update pairs set pair_hash = ? where id = ?", [digest, row_id])
        db.execute(PAIR_HASH_INDEX_SQL)


def _create_term_tables(db: sqlite_utils.Database) -> None:
    for sql in TERMS_SQL:
        db.execute(sql)


def _create_word_index(db: sqlite_utils.Database) -> None:
    """The word index, empty (a few milliseconds whatever the size of the file: update fills
    it later). A half-made one (a table without its triggers or watermark, or with the eager
    insert trigger) is stale and made again. An SQLite built without FTS5 leaves the file
    without it (in a savepoint, so the rest of the step stands): concordance then scans."""
    try:
        with db.atomic():
            for trigger in (*FTS_SCHEMA_NAMES[1:], FTS_EAGER_TRIGGER):
                db.execute(f"drop trigger if exists {trigger}")
            db.execute(f"drop table if exists {FTS_TABLE}")
            for sql in FTS_SQL:
                db.execute(sql)
            db.execute("insert or replace into meta (key, value) values (?, '0')", [FTS_UPTO])
    except sqlite3.OperationalError as e:
        if "fts5" not in str(e).lower():
            raise


def _version_1_complete(db: sqlite_utils.Database) -> bool:
    """Whether the file has every part of the version-1 layout."""
    tables = db.table_names()
    return (
        "documents" in tables
        and not _missing_import_parts(db)
        and "term_entries" in tables
        and words_upto(db) is not None
    )


def version_1(db: sqlite_utils.Database) -> None:
    """Today's layout: every table above, each part created if it is missing."""
    if "documents" not in db.table_names():
        create_memory_tables(db)
    missing = _missing_import_parts(db)
    if missing:
        _add_import_parts(db, missing)
    if "term_entries" not in db.table_names():
        _create_term_tables(db)
    if words_upto(db) is None:
        _create_word_index(db)


# ----- PostgreSQL ------------------------------------------------------------------------
# The same tables, from the same definitions: ``postgres_ddl`` turns the SQLite text above
# into PostgreSQL's (identity ids, 64-bit integers, double precision, bytea, byte-order "C"
# collation so that ORDER BY sorts as SQLite does whatever the server's locale). Three things
# only PostgreSQL has, used by fuzzy lookup and concordance (tm.store.pgsearch):
# - pairs.norm: the normalised source (tm.fuzzy.normalise), written with the pair, under a
#   pg_trgm GIN index, and pairs.lang_key ("en pl"), the language pair as the index groups it;
# - pairs_words: per pair, tsvectors of the lemmas of each side (tm.lang), filled lazily up
#   to meta's FTS_UPTO like SQLite's pairs_fts.
PG_WORDS_TABLE = "pairs_words"
PG_SQL = (
    "create extension if not exists pg_trgm",
    "alter table pairs add column norm text collate \"C\"",
    "alter table pairs add column lang_key text collate \"C\"",
    "create index pairs_norm_trgm on pairs using gin (norm gin_trgm_ops)",
    f"""create table {PG_WORDS_TABLE} (
   id bigint primary key references pairs(id) on delete cascade,
   source_words tsvector,
   target_words tsvector
)""",
    f"create index {PG_WORDS_TABLE}_source on {PG_WORDS_TABLE} using gin (source_words)",
    f"create index {PG_WORDS_TABLE}_target on {PG_WORDS_TABLE} using gin (target_words)",
)
_PG_TYPES = (
    (re.compile(r'"id" INTEGER PRIMARY KEY'), '"id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'),
    (re.compile(r"\binteger\b", re.IGNORECASE), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\bblob\b", re.IGNORECASE), "BYTEA"),
)


def postgres_ddl(sql: str) -> str:
    """An SQLite table or index definition above, in PostgreSQL's types."""
    for pattern, replacement in _PG_TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


def pg_version_1(db) -> None:
    """Version 1 on PostgreSQL: every table at once (no older PostgreSQL layouts exist)."""
    if "documents" in db.table_names():
        return
    create_memory_tables_sql = [postgres_ddl(s) for s in MEMORY_SQL]
    db.execute(create_memory_tables_sql[0])
    db.execute("insert into meta (key, value) values ('schema_version', '1')")
    for sql in create_memory_tables_sql[1:]:
        db.execute(sql)
    db.execute(postgres_ddl(IMPORTS_SQL))
    for sql in IMPORT_COLUMNS.values():
        db.execute(postgres_ddl(sql))
    db.execute(PAIR_HASH_INDEX_SQL)
    for sql in TERMS_SQL:
        db.execute(postgres_ddl(sql))
    for sql in PG_SQL:
        db.execute(sql)
    db.execute("insert into meta (key, value) values (?, '0')", [FTS_UPTO])


def pg_words_upto(db) -> int | None:
    row = db.execute("select value from meta where key = ?", [FTS_UPTO]).fetchone()
    return int(row[0]) if row else None


# ----- the migrations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Migration:
    """One step, in each engine's words. A plain function in MIGRATIONS is one step written
    for both (it can ask ``tm.store.engine.dialect(db)``)."""

    sqlite: Callable
    postgresql: Callable


def _run_step(step, db) -> None:
    if isinstance(step, Migration):
        (step.postgresql if dialect(db) == POSTGRESQL else step.sqlite)(db)
    else:
        step(db)


# ----- version 2: where each segment and pair is in its file ------------------------------
# segments.line: the 1-based line of the document where the segment starts. pairs.line: the
# line of the pair's place, shown as origin_file:line ("docs/en.md:14", tm.model.location):
# its first source segment's for an aligned pair, the unit's start in the file for an imported
# one. Nullable: pairs and segments stored before version 2, and units whose reader does not
# know their line (MO), have none, and the old context ("en.md#12") stands in.
LINE_COLUMNS = (
    "alter table segments add column line integer",
    "alter table pairs add column line integer",
)


def version_2(db) -> None:
    """The line columns, in either engine's types (NULL in every existing row)."""
    postgres = dialect(db) == POSTGRESQL
    for sql in LINE_COLUMNS:
        db.execute(postgres_ddl(sql) if postgres else sql)


def has_column(db, table: str, column: str) -> bool:
    """Whether ``table`` has ``column``: a file opened read-only is not migrated, so a reader
    of a column added after version 1 asks first."""
    if dialect(db) == POSTGRESQL:
        row = db.execute(
            "select count(*) from information_schema.columns"
            " where table_schema = current_schema() and table_name = ? and column_name = ?",
            [table, column],
        ).fetchone()
        return bool(row[0])
    return any(row[1] == column for row in db.execute(f"pragma table_info({table})").fetchall())


# MIGRATIONS[n - 1] takes a file from version n - 1 to version n. Append, never reorder.
MIGRATIONS: list[Migration | Callable] = [Migration(sqlite=version_1, postgresql=pg_version_1), version_2]
SCHEMA_VERSION = len(MIGRATIONS)


def latest() -> int:
    """The version this tm makes and reads (the length of MIGRATIONS, read when called)."""
    return len(MIGRATIONS)


def stored_version(db) -> int:
    """meta.schema_version of the file; 0 for a file without tm's tables yet."""
    if "meta" not in db.table_names():
        return 0
    row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def pending(db) -> bool:
    """Whether ``upgrade`` has anything to do (cheap: a few reads of sqlite_master)."""
    version = stored_version(db)
    if dialect(db) == POSTGRESQL:
        return version < latest()
    return version < latest() or not _version_1_complete(db)


def upgrade(db) -> None:
    """Run the migrations the file lacks, in order, inside the caller's write transaction."""
    version = stored_version(db)
    if version <= 1 or (dialect(db) != POSTGRESQL and not _version_1_complete(db)):
        # Also on a file of version 1 or later that lacks a part of the version-1 layout (see
        # the module docstring): a word index half made, or not made by an SQLite without FTS5.
        _run_step(MIGRATIONS[0], db)
        _record_version(db, max(version, 1))
    for number in range(max(version, 1) + 1, latest() + 1):
        _run_step(MIGRATIONS[number - 1], db)
        _record_version(db, number)


def _record_version(db, number: int) -> None:
    """Set meta.schema_version, writing nothing when it already says ``number``."""
    db.execute(
        "insert into meta (key, value) values ('schema_version', ?)"
        " on conflict(key) do update set value = excluded.value where meta.value <> excluded.value",
        [str(number)],
    )
