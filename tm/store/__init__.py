"""The store: the SQLite memory file and everything in it. Only this package talks SQL.

- db: opening a file (read-write, read-only), the refusals, ``write_transaction``
- schema: every table and index, and the numbered migrations
- memory: ``Memory``: documents, segments, alignments, pairs, imports
- concordance: the FTS5 word index over the pairs
- termbase: ``TermBase``: term entries and their renderings
"""

from tm.store.db import DEFAULT_DB, require_memory_file, write_transaction
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
    "pair_hash",
    "require_memory_file",
    "write_transaction",
]
