"""A memory in PostgreSQL: connections from a psycopg pool, behind the subset of sqlite_utils'
``Database`` API that the store uses (``execute``, ``query``, ``table_names``, tables with
``insert``, ``insert_all``, ``update``, ``upsert``, ``rows_where``), so Memory and TermBase run
the same code on both engines.

Connections run in autocommit mode: a read sees every committed write at once (several
server workers, several machines), and a write transaction is ``transaction()`` (psycopg's
``conn.transaction()``, a savepoint when nested). One pool per URL and mode per process; a
read-only pool sets ``default_transaction_read_only`` on its connections, so a read-only open
cannot write even by mistake.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from tm.errors import InputError
from tm.store.engine import POSTGRESQL, StoreError, StoreOperationalError, display_name

POOL_MAX = 8  # connections per process and URL: service threads, the index refresh
CONNECT_TIMEOUT = 10.0  # seconds waiting for a free connection or the server
LOCK_TIMEOUT_MS = 10000  # as SQLite's busy timeout: a writer waits this long for a lock

_pools: dict[tuple[str, bool], ConnectionPool] = {}
_pools_lock = threading.Lock()
_PLACEHOLDER = re.compile(r"%|\?")
_translated: dict[str, str] = {}


def to_pg(sql: str) -> str:
    """SQLite-style SQL (``?`` placeholders) as psycopg wants it (``%s``, a literal % doubled)."""
    out = _translated.get(sql)
    if out is None:
        out = _translated[sql] = _PLACEHOLDER.sub(lambda m: "%%" if m.group() == "%" else "%s", sql)
    return out


def _configure(readonly: bool):
    def configure(conn: psycopg.Connection) -> None:
        conn.autocommit = True
        conn.execute(f"set lock_timeout = {LOCK_TIMEOUT_MS}")
        conn.execute("set statement_timeout = 0")
        if readonly:
            conn.execute("set default_transaction_read_only = on")

    return configure


def pool(url: str, readonly: bool) -> ConnectionPool:
    """The process's pool of connections to ``url`` (read-only or read-write)."""
    key = (url, readonly)
    with _pools_lock:
        found = _pools.get(key)
        if found is None:
            found = ConnectionPool(
                url, min_size=0, max_size=POOL_MAX, open=True, configure=_configure(readonly), timeout=CONNECT_TIMEOUT,
                name=f"tm-{'ro' if readonly else 'rw'}",
            )
            _pools[key] = found
    return found


def close_pools() -> None:
    """Close every pool of this process (tests, and before a fork)."""
    with _pools_lock:
        for p in _pools.values():
            p.close()
        _pools.clear()


def translate_errors(e: psycopg.Error) -> Exception:
    """A psycopg error as the sqlite3-compatible class the callers catch."""
    if isinstance(e, psycopg.OperationalError):
        return StoreOperationalError(str(e).strip())
    return StoreError(str(e).strip())


class _Inserted:
    def __init__(self, last_pk: Any):
        self.last_pk = last_pk


class PgTable:
    """The sqlite_utils ``Table`` methods the store calls, for one PostgreSQL table."""

    def __init__(self, db: "PgDatabase", name: str):
        self.db = db
        self.name = name

    def insert(self, row: dict) -> _Inserted:
        columns = list(row)
        sql = (
            f'insert into "{self.name}" ({", ".join(columns)}) values ({", ".join("?" * len(columns))}) returning id'
        )
        return _Inserted(self.db.execute(sql, [row[c] for c in columns]).fetchone()[0])

    def insert_all(self, rows: Iterable[dict]) -> None:
        rows = list(rows)
        if not rows:
            return
        columns = list(rows[0])
        sql = to_pg(f'insert into "{self.name}" ({", ".join(columns)}) values ({", ".join("?" * len(columns))})')
        with self.db.cursor() as cur:
            cur.executemany(sql, [[r[c] for c in columns] for r in rows])

    def update(self, pk: int, row: dict) -> None:
        sets = ", ".join(f"{c} = ?" for c in row)
        self.db.execute(f'update "{self.name}" set {sets} where id = ?', [*row.values(), pk])

    def upsert(self, row: dict, pk: tuple[str, ...]) -> None:
        columns = list(row)
        rest = [c for c in columns if c not in pk]
        sql = (
            f'insert into "{self.name}" ({", ".join(columns)}) values ({", ".join("?" * len(columns))})'
            f' on conflict ({", ".join(pk)}) do update set ' + ", ".join(f"{c} = excluded.{c}" for c in rest)
        )
        self.db.execute(sql, [row[c] for c in columns])

    def rows_where(self, where: str, args: list) -> Iterator[dict]:
        return self.db.query(f'select * from "{self.name}" where {where}', args)


class PgDatabase:
    """One pooled connection to a PostgreSQL memory, with sqlite_utils' method names."""

    dialect = POSTGRESQL

    def __init__(self, url: str, *, readonly: bool):
        self.url = url
        self.readonly = readonly
        self._pool = pool(url, readonly)
        try:
            self.conn = self._pool.getconn()
        except psycopg.Error as e:
            raise InputError(display_name(url), f"cannot connect to PostgreSQL: {_first_line(e)}") from None
        except Exception as e:  # psycopg_pool.PoolTimeout: the server did not answer in time
            raise InputError(display_name(url), f"cannot connect to PostgreSQL: {_first_line(e)}") from None

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            self._pool.putconn(conn)

    @contextmanager
    def cursor(self, **kwargs) -> Iterator[psycopg.Cursor]:
        try:
            with self.conn.cursor(**kwargs) as cur:
                yield cur
        except psycopg.Error as e:
            raise translate_errors(e) from e

    def execute(self, sql: str, params: Iterable | None = None) -> psycopg.Cursor:
        """Run one statement; the cursor is returned for fetchone/fetchall/rowcount."""
        cur = self.conn.cursor()
        try:
            cur.execute(to_pg(sql), list(params) if params is not None else None)
        except psycopg.Error as e:
            raise translate_errors(e) from e
        return cur

    def query(self, sql: str, params: Iterable | None = None) -> Iterator[dict]:
        """Rows as dicts (read at once: callers interleave queries on this connection)."""
        with self.cursor(row_factory=dict_row) as cur:
            cur.execute(to_pg(sql), list(params) if params is not None else None)
            rows = cur.fetchall()
        return iter(rows)

    def stream(self, sql: str, params: Iterable | None = None, batch: int = 10_000) -> Iterator[dict]:
        """Rows as dicts without holding them all: a server-side cursor in a transaction
        (the connection serves nothing else until the rows are read)."""
        try:
            with self.conn.transaction():
                with self.conn.cursor(name="tm_stream", row_factory=dict_row) as cur:
                    cur.itersize = batch
                    cur.execute(to_pg(sql), list(params) if params is not None else None)
                    yield from cur
        except psycopg.Error as e:
            raise translate_errors(e) from e

    def table_names(self) -> list[str]:
        return [
            r[0]
            for r in self.execute(
                "select table_name from information_schema.tables where table_schema = current_schema() order by 1"
            ).fetchall()
        ]

    def __getitem__(self, name: str) -> PgTable:
        return PgTable(self, name)

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    @contextmanager
    def transaction(self):
        """A transaction, or a savepoint inside the one already open."""
        try:
            with self.conn.transaction():
                yield
        except psycopg.Error as e:
            raise translate_errors(e) from e


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
