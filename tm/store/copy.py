"""Copying a whole memory between engines (``tm copy``): SQLite to PostgreSQL and back.

Every row of every tm table goes over with its id, in one write transaction on the
destination, read from the source in id order and batches (memory stays bounded). The
destination must be empty of pairs, documents and terms: a copy never merges. What each
engine derives by itself is not copied but made again: PostgreSQL's fuzzy keys (pairs.norm,
lang_key) are computed as the rows go in, and both concordance word indexes start empty
(``tm index`` fills them). Nothing is lost: TMX exported before and after is the same byte
for byte (tests/test_copy.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from tm.errors import InputError
from tm.store import pgsearch
from tm.store.memory import Memory
from tm.store.schema import FTS_UPTO

# Parents before children (foreign keys), the term base last.
TABLES = ("documents", "segments", "alignments", "imports", "pairs", "term_entries", "term_renderings", "term_meta")
DERIVED = {"norm", "lang_key"}  # PostgreSQL's own columns of pairs
BATCH = 5000


@dataclass
class CopyReport:
    source: str
    destination: str
    rows: dict[str, int] = field(default_factory=dict)


def copy_memory(src: str, dst: str, progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy the memory ``src`` into the empty memory ``dst`` (paths or postgresql:// URLs)."""
    if str(src) == str(dst):
        raise InputError(str(dst), "the source and the destination are the same memory")
    with Memory(src, readonly=True) as source, Memory(dst) as target:
        _require_empty(target)
        report = CopyReport(source.name, target.name)
        present = set(source.db.table_names())
        with target.transaction():
            for table in TABLES:
                if table in present:
                    report.rows[table] = _copy_table(source, target, table, progress)
            _copy_meta(source, target)
            if target.postgres:
                for table in TABLES[:-1]:
                    target.db.execute(
                        f"select setval(pg_get_serial_sequence('{table}', 'id'), (select coalesce(max(id), 0) + 1 from {table}), false)"
                    )
    return report


def _require_empty(target: Memory) -> None:
    for table in ("documents", "pairs", "imports", "term_entries"):
        if target.db.execute(f"select exists (select 1 from {table})").fetchone()[0]:
            raise InputError(target.name, f"the destination is not empty ({table}); tm copy never merges memories")


def _copy_table(source: Memory, target: Memory, table: str, progress: Callable[[str, int], None] | None) -> int:
    """Rows of one table, in key order and batches; returns how many."""
    key = "src_lang, tgt_lang, key" if table == "term_meta" else "id"
    wanted = _columns(target, table)
    n = 0
    offset_key = None
    while True:
        if table == "term_meta":  # small: one read
            rows = list(source.db.query(f"select * from {table} order by {key}")) if offset_key is None else []
        else:
            rows = list(source.db.query(f"select * from {table} where id > ? order by id limit ?", [offset_key or 0, BATCH]))
        if not rows:
            return n
        offset_key = rows[-1].get("id", 0)
        columns = [c for c in rows[0] if c in wanted and c not in DERIVED]
        extra = target.postgres and table == "pairs"
        out_columns = columns + (["norm", "lang_key"] if extra else [])
        values = []
        for r in rows:
            row = [r[c] for c in columns]
            if extra:
                row += list(pgsearch.pair_keys(r["src_lang"], r["tgt_lang"], r["source"]))
            values.append(row)
        sql = f"insert into {table} ({', '.join(out_columns)}) values ({', '.join('?' * len(out_columns))})"
        if target.postgres:
            with target.db.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), values)
        else:
            target.db.conn.executemany(sql, values)
        n += len(rows)
        if progress:
            progress(table, n)


def _columns(memory: Memory, table: str) -> set[str]:
    if memory.postgres:
        rows = memory.db.execute(
            "select column_name from information_schema.columns where table_schema = current_schema() and table_name = ?", [table]
        ).fetchall()
        return {r[0] for r in rows}
    return {c.name for c in memory.db[table].columns}


def _copy_meta(source: Memory, target: Memory) -> None:
    """meta keys other than the schema version and the word index's watermark (each engine's own)."""
    for key, value in source.db.execute("select key, value from meta order by key").fetchall():
        if key in ("schema_version", FTS_UPTO):
            continue
        target.db.execute("insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value", [key, value])
