"""Opening a memory file: read-write or read-only connections, the refusals, transactions.

A writable open refuses an SQLite file that holds another program's tables instead of adding
its own, and brings the file's schema up to date (tm.store.schema). A read-only open uses
SQLite's ``mode=ro``, leaves the journal mode alone and runs no migration, so the file stays
byte-identical. Both refuse a file made by a newer tm: reading or writing a layout this tm
does not know could lose data silently.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from tm.errors import InputError
from tm.store.engine import POSTGRESQL, dialect, display_name, is_url
from tm.store.schema import TM_TABLES, latest, pending, upgrade

DEFAULT_DB = "tm.db"
BUSY_TIMEOUT_MS = 10000
SIDE_FILES = ("-wal", "-shm")


def open_readwrite(path: str):
    """A writable connection to the memory at ``path``; a new or empty file becomes one.
    A ``postgresql://`` URL opens a PostgreSQL database instead (an empty one becomes a memory)."""
    if is_url(path):
        return _open_postgres(path, readonly=False)
    try:
        db = sqlite_utils.Database(path)
    except sqlite3.OperationalError as e:  # a directory that does not exist, /proc, a read-only mount
        raise InputError(path, f"cannot open or create the database: {e}") from None
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        check_memory(db, path, allow_empty=True)  # before WAL mode: that already writes the file
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def open_readonly(path: str) -> tuple[sqlite_utils.Database, bool]:
    """A read-only connection to the memory at ``path``, and whether ``close_connection``
    should remove the -wal and -shm files: reading a WAL file creates them, and a read-only
    connection cannot remove them when it closes, so they go if they were not there before."""
    if is_url(path):
        return _open_postgres(path, readonly=True), False
    if not os.path.isfile(path):
        raise InputError(path, "not a tm database: no such file")
    tidy = not any(os.path.exists(path + s) for s in SIDE_FILES)
    db = sqlite_utils.Database(sqlite3.connect(_uri(path, "ro"), uri=True))
    try:
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        check_memory(db, path, allow_empty=False)
    except BaseException:
        close_connection(db, path, tidy=tidy)
        raise
    return db, tidy


def close_connection(db, path: str, *, tidy: bool = False) -> None:
    db.close()
    if tidy:
        _remove_side_files(path)


def _open_postgres(url: str, *, readonly: bool):
    """A pooled connection to the PostgreSQL memory at ``url``, checked (and migrated when
    writable) as a file is."""
    from tm.store.postgres import PgDatabase  # psycopg only when a URL is given

    db = PgDatabase(url, readonly=readonly)
    try:
        check_memory(db, display_name(url), allow_empty=not readonly)
        if not readonly:
            with db.transaction():
                # One migrating process at a time; the others wait here, then find nothing to do.
                db.execute("select pg_advisory_xact_lock(7270001)")
                if pending(db):
                    upgrade(db)
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the file to this tm's schema in one write transaction (nothing when it is)."""
    if not pending(db):
        return
    with write_transaction(db):
        upgrade(db)  # checks again inside: another process may have migrated meanwhile


def check_memory(db: sqlite_utils.Database, path: str, *, allow_empty: bool) -> None:
    """InputError unless the file is a tm memory this tm can read, or has no tables yet and
    ``allow_empty``."""
    try:
        names = set(db.table_names())
        if dialect(db) == POSTGRESQL:
            names.discard("pairs_words")
    except sqlite3.OperationalError as e:  # locked, or not readable by us
        raise InputError(path, f"cannot read the database: {e}") from None
    except sqlite3.DatabaseError as e:  # not SQLite at all, or damaged
        raise InputError(path, f"not a tm database: SQLite cannot read it ({e})") from None
    version = _schema_version(db) if names >= set(TM_TABLES) else None
    if version is not None:
        _refuse_newer(path, version)
        return
    if allow_empty and not names:
        return
    if not names:
        raise InputError(path, "not a tm database: it holds no tables")
    shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
    raise InputError(path, f"not a tm database: it holds other tables ({shown}); tm leaves it as it is")


def _schema_version(db: sqlite_utils.Database) -> str | None:
    try:
        row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:  # another program's "meta" table
        return None
    return row[0] if row else None


def _refuse_newer(path: str, version: str) -> None:
    try:
        newer = int(version) > latest()
    except ValueError:
        newer = True
    if newer:
        raise InputError(path, f"made by a newer tm (schema {version}; this tm knows up to {latest()}): upgrade tm")


@contextmanager
def write_transaction(db: sqlite_utils.Database):
    """One write transaction, or a savepoint inside one already open.

    BEGIN IMMEDIATE takes the write lock at the start, waiting up to the busy timeout. A plain
    BEGIN takes it at the first write, and in WAL mode that upgrade fails at once with
    "database is locked" when another connection has written since this one first read (the
    server's background index update against an import, say)."""
    if dialect(db) == POSTGRESQL:
        with db.transaction():
            yield
        return
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
    file is fine: writing makes it a memory. A PostgreSQL URL is checked when it is opened."""
    if is_url(str(path)):
        return
    if os.path.isfile(path) and os.path.getsize(path) > 0:
        name = str(path)
        db, tidy = open_readonly(name)
        close_connection(db, name, tidy=tidy)


def _uri(path: str, mode: str) -> str:
    """An SQLite URI for ``path``; ``mode`` ro or rw (rw never creates the file)."""
    return Path(path).resolve().as_uri() + f"?mode={mode}"


def _remove_side_files(path: str) -> None:
    """Have SQLite remove the -wal and -shm files a read-only connection left behind.

    A read-write connection that reads and closes removes them when it is the last one on the
    file (checkpointing a WAL that only readers touched writes nothing); while another process
    has the file open it is not the last and leaves them to that process. It runs no write.
    """
    if not any(os.path.exists(path + s) for s in SIDE_FILES):
        return
    try:
        conn = sqlite3.connect(_uri(path, "rw"), uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a file we may not write keeps them, as after any other reader
