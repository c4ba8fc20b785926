"""The concordance word index (pairs_fts, defined in tm.store.schema): filling it, and reading
candidate pairs through it. The lemma-aware matching on top is tm.concordance.

The index is filled lazily: it holds exactly the pairs with id <= its watermark, and only
``update`` moves it (``tm index``, the writable server's background refresh). Imports and
alignments do not touch it; ``rows`` scans the pairs above the watermark. Triggers keep the
indexed part in step with deletes and updates, whoever writes (re-alignments, older tm
versions), and act on indexed rows only, so the index never gets a 'delete' for a row it does
not hold; a delete that removes the highest ids lowers the watermark to the highest id left,
so a new pair that reuses an id (SQLite gives max(id) + 1) is above it, not silently missed.
"""

from __future__ import annotations

import heapq
import re
import sqlite3
from typing import Callable, Iterable, Iterator

import sqlite_utils

from tm.errors import InputError
from tm.store.db import write_transaction
from tm.store.schema import FTS_TABLE, FTS_UPTO, PAIR_COLUMNS, words_upto

# Pairs indexed per transaction: each batch holds the write lock for well under a second
# (about 5-20 us a pair), so an import waiting on the busy timeout never fails behind it.
INDEX_BATCH = 20_000
FTS_SUFFIX = "*"  # patterns match as word prefixes
_HAS_TOKEN = re.compile(r"[^\W_]")  # a pattern with no letter or digit has no token to match
_SIDES = (("source", "src_lang"), ("target", "tgt_lang"))


def upto(db: sqlite_utils.Database) -> int | None:
    """The index's watermark, or None when the file has no complete index."""
    return words_upto(db)


def behind(db: sqlite_utils.Database) -> bool:
    """True when the file has the index and pairs above its watermark (cheap: one primary-key
    probe), so ``update`` would have work to do."""
    mark = upto(db)
    if mark is None:
        return False
    return db.execute("select exists (select 1 from pairs where id > ?)", [mark]).fetchone()[0] == 1


def update(db: sqlite_utils.Database, path: str, progress: Callable[[int, int], None] | None = None) -> int:
    """Index the pairs above the watermark and move it to the highest pair id; returns how
    many pairs were indexed (0 when none were waiting).

    In batches of ``INDEX_BATCH`` ids, one transaction each, so other writers get the lock
    between them; a failed batch leaves the watermark where the last one put it. One
    ``INSERT ... SELECT`` per batch: FTS5 flushes its pending tokens at every statement that
    writes it, so a statement per pair would cost several times more. InputError when this
    SQLite has no FTS5 (``path`` names the file)."""
    total = 0
    top = _max_id(db)
    while True:
        with write_transaction(db):
            # A write first, so this transaction holds the write lock before it reads upto:
            # two updaters cannot index the same pairs twice.
            db.execute("update meta set value = value where key = ?", [FTS_UPTO])
            mark = upto(db)
            if mark is None:
                raise InputError(path, "no concordance index: this SQLite has no FTS5")
            top = max(top, _max_id(db))
            if top <= mark:
                return total
            end = min(top, mark + INDEX_BATCH)
            total += _index_range(db, mark, end)
        if progress:
            progress(end, top)


def _max_id(db: sqlite_utils.Database) -> int:
    return db.execute("select coalesce(max(id), 0) from pairs").fetchone()[0]


def _index_range(db: sqlite_utils.Database, after: int, end: int) -> int:
    """Index the pairs with after < id <= end and move the watermark to ``end``."""
    n = db.execute("select count(*) from pairs where id > ? and id <= ?", [after, end]).fetchone()[0]
    db.execute(
        f"insert into {FTS_TABLE}(rowid, source, target)"
        " select id, source, target from pairs where id > ? and id <= ? order by id",
        [after, end],
    )
    db.execute("update meta set value = ? where key = ?", [str(end), FTS_UPTO])
    return n


def rows(
    db: sqlite_utils.Database, lang: str, patterns: Iterable[str], *, side: str = "both", limit: int = 2000,
    method: str = "auto", file: str | None = None, since: str | None = None,
) -> Iterator[dict]:
    """Pairs with a side in language ``lang`` (primary subtag) containing any of ``patterns``.

    Read lazily in id order, at most ``limit`` rows: the caller checks words and lemmas on
    what comes back and stops when it has enough. ``side`` is source, target or both.

    ``file`` and ``since`` narrow the pairs in the same statement, so ``limit`` counts only
    pairs that pass (``filter_sql``): ``file``, a substring of the pair's file (origin_file,
    or its context when it has none), case folded as Python's str.lower; ``since``, a date
    YYYY-MM-DD: pairs created that day or later.

    ``method`` "fts" matches the patterns as word prefixes in the word index (case-insensitive;
    a pattern of several tokens, "e-mail", "3.5", is matched as a phrase of them), which holds
    the pairs up to its watermark only; "like" is a substring scan of the whole table (LIKE,
    which folds ASCII case only, so the caller passes capitalised forms too); "auto" reads the
    index for the pairs it holds and then scans the pairs above its watermark (a primary-key
    range: cheap while the unindexed tail is small), or scans everything when the file has no
    index.
    """
    patterns = [p for p in patterns if p]
    where = filter_sql("p.", file, since)
    if file:
        db.conn.create_function("tm_lower", 1, _lower, deterministic=True)
    if method == "like":
        return _like(db, lang, patterns, side, limit, 0, where)
    if method not in ("auto", "fts"):
        raise ValueError(f"unknown concordance method: {method!r}")
    mark = upto(db)
    if mark is None:
        if method == "fts":
            raise sqlite3.OperationalError(f"no such table: {FTS_TABLE}")
        return _like(db, lang, patterns, side, limit, 0, where)
    indexed = _fts(db, lang, patterns, side, limit, mark, where)
    if method == "fts":
        return indexed
    # Every indexed id is <= mark < every scanned id: the tail simply follows, and is only
    # queried when the index gave fewer than ``limit`` rows.
    return _chain_limited(indexed, lambda n: _like(db, lang, patterns, side, limit - n, mark, where), limit)


def filter_sql(prefix: str, file: str | None, since: str | None, *, postgres: bool = False) -> tuple[str, list]:
    """The file and date conditions on a pairs row (``prefix``: its alias and a dot) as
    `` and ...`` SQL and its arguments ("" when neither is given), for SQLite or PostgreSQL.

    The file is matched as the workbench always did, ``file.lower() in (origin_file or
    context or "").lower()``: on SQLite with ``tm_lower``, Python's str.lower registered by
    the caller (SQLite's lower folds ASCII only); on PostgreSQL with ``translate`` (``_folds``). ``created >= since`` (compared bytewise) is
    ``created[:10] >= since`` for any ``since`` of at most ten characters (a date) and drops
    NULL as "" would be; a longer ``since`` is refused."""
    sql, args = "", []
    if since:
        if len(since) > 10:
            raise ValueError(f"since must be a date YYYY-MM-DD, not {since!r}")
        collate = ' collate "C"' if postgres else ""
        sql += f" and {prefix}created{collate} >= ?"
        args.append(since)
    if file:
        needle = file.lower()
        hay = f"coalesce(nullif({prefix}origin_file, ''), {prefix}context, '')"
        if postgres:
            upper, lower = _folds(needle)
            sql += f" and strpos(translate({hay}, ?, ?), ?) > 0"
            args += [upper, lower, needle]
        else:
            # An ASCII file name (length in characters = in bytes) is folded by LIKE exactly
            # as by str.lower, natively; only the others cost a call into Python.
            sql += (
                f" and (case when length({hay}) = length(cast({hay} as blob)) then {hay} like ? escape '\\'"
                f" else instr(tm_lower({hay}), ?) > 0 end)"
            )
            args += ["%" + _escape_like(needle) + "%", needle]
    return sql, args


_LOWERS: dict[str, str] = {}  # lower-case character -> every character str.lower maps to it alone


def _folds(needle: str) -> tuple[str, str]:
    """translate()'s from and to strings that fold, as str.lower does, every character that
    lowers to one of ``needle``'s (PostgreSQL's lower follows the database's locale: under C
    it folds ASCII only). The others cannot meet the needle whatever their case, so they are
    left as they are; a character that lowers to two (U+0130) is not folded."""
    if not _LOWERS:
        for code in range(0x110000):
            c = chr(code)
            low = c.lower()
            if low != c and len(low) == 1:
                _LOWERS[low] = _LOWERS.get(low, "") + c
    pairs = [(u, ch) for ch in sorted(set(needle)) for u in _LOWERS.get(ch, "")]
    return "".join(u for u, _ in pairs), "".join(ch for _, ch in pairs)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _lower(text: str | None) -> str | None:
    return None if text is None else text.lower()


def _like(
    db: sqlite_utils.Database, lang: str, patterns: list[str], side: str, limit: int, after_id: int,
    where: tuple[str, list],
) -> Iterator[dict]:
    pats = ["%" + _escape_like(p) + "%" for p in patterns]
    if not pats or limit <= 0:
        return iter(())
    clauses, args = [], []
    for column, lang_column in _SIDES:
        if side not in ("both", column):
            continue
        likes = " or ".join(f"{column} like ? escape '\\'" for _ in pats)
        clauses.append(f"(({lang_column} = ? or {lang_column} like ?) and ({likes}))")
        args += [lang, lang + "-%", *pats]
    # The filter first: it is cheaper than the substring tests and, when it is selective,
    # rejects most rows before them.
    sql = (
        f"select {PAIR_COLUMNS} from pairs p where id > ?{where[0]} and ({' or '.join(clauses)}) order by id limit ?"
    )
    return db.query(sql, [after_id, *where[1], *args, limit])


def _fts(
    db: sqlite_utils.Database, lang: str, patterns: list[str], side: str, limit: int, mark: int,
    where: tuple[str, list],
) -> Iterator[dict]:
    # Whole tokens, case folded by the tokenizer: one quoted string per distinct form.
    forms = sorted({p.lower() for p in patterns if _HAS_TOKEN.search(p)})
    if not forms:
        return iter(())
    expr = " OR ".join('"' + f.replace('"', '""') + '"' + FTS_SUFFIX for f in forms)
    columns = ", ".join(f"p.{c.strip()}" for c in PAIR_COLUMNS.split(","))
    arms = []
    for column, lang_column in _SIDES:
        if side not in ("both", column):
            continue
        # The index drives (its rowids come in order, so LIMIT stops early); the pair's
        # language is checked on the row it points at. The rowid bound keeps this part
        # apart from the scanned tail even if an update moves the watermark meanwhile.
        sql = (
            f"select {columns} from {FTS_TABLE} f join pairs p on p.id = f.rowid"
            f" where {FTS_TABLE} match ? and f.rowid <= ? and (p.{lang_column} = ? or p.{lang_column} like ?)"
            f"{where[0]} order by f.rowid limit ?"
        )
        arms.append(db.query(sql, [f"{{{column}}} : ({expr})", mark, lang, lang + "-%", *where[1], limit]))
    if len(arms) == 1:
        return arms[0]
    return _merge_by_id(arms, limit)


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
