"""The store: the memory (an SQLite file, or a PostgreSQL database) and everything in it.
Only this package talks SQL.

- engine: which engine a name means (a path or a ``postgresql://`` URL)
- db: opening a file (read-write, read-only), the refusals, ``write_transaction``
- postgres: PostgreSQL connections (psycopg pool) behind sqlite_utils' method names
- pgsearch: PostgreSQL's fuzzy candidates (pg_trgm), word index (tsvector) and COPY import
- schema: every table and index, and the numbered migrations
- memory: ``Memory``: documents, segments, alignments, pairs, imports
- concordance: the FTS5 word index over the pairs
- termbase: ``TermBase``: term entries and their renderings
"""

from tm.store.db import DEFAULT_DB, require_memory_file, write_transaction
from tm.store.engine import database_exists, display_name, is_url
from tm.store.memory import Memory, StoredAlignment, UnitsAdded, content_hash
from tm.store.schema import SCHEMA_VERSION, pair_hash
from tm.store.termbase import BuildReport, ImportReport, Suggestion, TermBase

__all__ = [
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "BuildReport",
    "ImportReport",
    "Memory",
    "StoredAlignment",
    "Suggestion",
    "TermBase",
    "UnitsAdded",
    "content_hash",
    "database_exists",
    "display_name",
    "is_url",
    "pair_hash",
    "require_memory_file",
    "write_transaction",
]
