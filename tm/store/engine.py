"""Which engine holds a memory: an SQLite file (the default) or a PostgreSQL database.

A memory is named by a path (SQLite) or a ``postgresql://`` URL (``--db``, ``TM_DB``). The
rest of the store talks to either through the same small surface: sqlite_utils' ``Database``
for SQLite, and ``tm.store.postgres.PgDatabase`` (the same methods, over psycopg) for
PostgreSQL. SQL is written once with ``?`` placeholders; the few statements that differ
between the engines branch on ``dialect``.

Errors of PostgreSQL come out as subclasses of sqlite3's exception classes
(``StoreError``, ``StoreOperationalError``), so the callers' existing ``except sqlite3.Error``
turn them into one-line messages too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

URL_SCHEMES = ("postgresql://", "postgres://")
SQLITE = "sqlite"
POSTGRESQL = "postgresql"


class StoreError(sqlite3.DatabaseError):
    """A database error of the PostgreSQL engine (sqlite3.DatabaseError for the callers)."""


class StoreOperationalError(sqlite3.OperationalError):
    """A PostgreSQL error outside the data: connection lost, lock timeout, server gone."""


def is_url(db: str | Path) -> bool:
    """Whether ``db`` names a PostgreSQL database rather than an SQLite file."""
    return isinstance(db, str) and db.startswith(URL_SCHEMES)


def dialect(db) -> str:
    """``sqlite`` or ``postgresql`` for an open database (sqlite_utils or PgDatabase)."""
    return getattr(db, "dialect", SQLITE)


def database_exists(db: str | Path) -> bool:
    """Whether the memory named by ``db`` can be opened for reading: an existing file, or any
    PostgreSQL URL (the server says whether it exists when tm connects)."""
    return is_url(str(db)) or os.path.exists(db)


def display_name(db: str | Path) -> str:
    """``db`` as messages show it: a URL without its password."""
    text = str(db)
    if not is_url(text):
        return text
    scheme, _, rest = text.partition("://")
    auth, at, host = rest.rpartition("@")
    if at and ":" in auth:
        auth = auth.split(":", 1)[0] + ":***"
    return f"{scheme}://{auth}{at}{host}"
