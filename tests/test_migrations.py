"""Schema versions and migrations (tm.store.schema) against a file made by an older tm.

tests/data/memory-v1.sqlite is a version-1 memory made by tm at commit 5426fde (before
tm/store existed), with PYTHONHASHSEED=0:

    tm align corpora/account-executive/en.md corpora/account-executive/pl.md --db tests/data/memory-v1.sqlite
    tm terms build --db tests/data/memory-v1.sqlite

(37 aligned en→pl pairs, 40 extracted term entries with 63 renderings, the word index empty).
The tests copy it: opening it in place would leave -wal/-shm files next to it. Version 2 adds
segments.line and pairs.line (NULL in a migrated file until the documents are aligned again).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from conftest import connect, dump_db

from tm.align import align_texts
from tm.check import pairs_from_memory
from tm.errors import InputError
from tm.store import Memory, TermBase, schema, write_transaction

FIXTURE = Path(__file__).resolve().parent / "data" / "memory-v1.sqlite"


@pytest.fixture
def v1(tmp_path) -> Path:
    path = tmp_path / "memory-v1.sqlite"
    shutil.copy(FIXTURE, path)
    return path


def _schema(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("select type, name, tbl_name, sql from sqlite_master order by type, name").fetchall()
    finally:
        con.close()


def _version(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("select value from meta where key = 'schema_version'").fetchone()[0]
    finally:
        con.close()


def test_todays_code_reads_the_version_1_file(v1):
    before = v1.read_bytes()
    with Memory(v1, readonly=True) as m:
        assert m.language_pairs() == [("en", "pl", 37)]
        units = list(m.units("en", "pl"))
        assert m.stats()["pairs"] == 37 and m.stats()["documents"] == 2
    assert len(units) == 37
    assert (units[0].source, units[0].target) == ("Account Executive", "Kierownik konta")
    assert units[0].props["x-origin"] == "corpora/account-executive/en.md"
    with TermBase(v1, readonly=True) as tb:
        entries = tb.entries()
        entry = tb.get("account executives")
        assert tb.stemmer() is not None
    assert (tb.src_lang, tb.tgt_lang) == ("en", "pl")
    assert len(entries) == 40 and sum(len(e.renderings) for e in entries) == 63
    assert entry is not None and entry.origin == "extracted"
    assert ("kierownik", "konto") in {r.key for r in entry.renderings}
    assert v1.read_bytes() == before  # a read-only open writes nothing


def test_a_migrated_version_1_file_has_todays_schema(v1, tmp_path):
    fresh = tmp_path / "fresh.db"
    Memory(fresh).close()
    assert _version(v1) == "1"
    Memory(v1).close()  # a writable open migrates
    assert _schema(fresh) == _schema(v1)
    assert _version(fresh) == _version(v1) == "2" == str(schema.SCHEMA_VERSION)


def test_migrating_the_version_1_file_adds_empty_lines_once(v1):
    before = dump_db(v1)
    with Memory(v1):  # a writable open runs the migration it lacks: step 2, the line columns
        pass
    migrated = dump_db(v1)
    assert _version(v1) == "2"
    # every row as it was, with a NULL line at the end of each segment and pair
    for table in ("segments", "pairs"):
        assert migrated[table] == [(*row, None) for row in before[table]]
    assert {t: rows for t, rows in migrated.items() if t not in ("segments", "pairs", "meta")} == {
        t: rows for t, rows in before.items() if t not in ("segments", "pairs", "meta")
    }
    with Memory(v1):  # nothing left to do
        pass
    db = sqlite_utils.Database(v1)
    try:
        assert not schema.pending(db)
        for _ in range(2):
            with write_transaction(db):
                schema.upgrade(db)
    finally:
        db.close()
    assert dump_db(v1) == migrated and _version(v1) == "2"


def test_an_added_migration_runs_once_in_order(v1, monkeypatch):
    Memory(v1).close()  # today's version first
    calls = []

    def add_notes(db):
        calls.append(3)
        db.execute("create table notes (pair_id integer references pairs(id), text text)")

    def fill_notes(db):
        calls.append(4)
        db.execute("insert into notes (pair_id, text) select id, 'checked' from pairs where low_confidence")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_notes, fill_notes])
    before = dump_db(v1)
    with Memory(v1) as m:
        assert m.language_pairs() == [("en", "pl", 37)]
    assert calls == [3, 4] and _version(v1) == "4"
    after = dump_db(v1)
    assert len(after["notes"]) == 2  # the two low-confidence pairs
    assert {t: rows for t, rows in after.items() if t not in ("notes", "meta")} == {
        t: rows for t, rows in before.items() if t != "meta"
    }
    with Memory(v1), Memory(v1, readonly=True):
        pass
    assert calls == [3, 4]  # applied once
    assert dump_db(v1) == after

    monkeypatch.undo()  # a tm that knows up to version 2 refuses the file
    with pytest.raises(InputError, match=r"made by a newer tm \(schema 4; this tm knows up to 2\)"):
        Memory(v1, readonly=True)
    with pytest.raises(InputError, match="newer tm"):
        Memory(v1)
    assert dump_db(v1) == after


def test_a_failing_migration_leaves_the_file_as_it_was(v1, monkeypatch):
    def broken(db):
        db.execute("create table half (x)")
        raise RuntimeError("migration failed")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    before = dump_db(v1)
    with pytest.raises(RuntimeError, match="migration failed"):
        Memory(v1)
    assert dump_db(v1) == before and _version(v1) == "1"


def test_a_new_file_gets_every_migration(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, lambda db: calls.append(3)])
    path = tmp_path / "new.db"
    with Memory(path) as m:
        assert m.stats()["pairs"] == 0
        assert m.has_lines
    assert calls == [3] and _version(path) == "3"


# -- version 2: lines ------------------------------------------------------------------------------
# The lines below are counted by hand in the two documents: the heading is on line 1, the
# paragraph starts on line 3 with two sentences (the second wraps onto line 4), the item is on 6.
EN = "# Opening hours\n\nThe shop opens at nine. It closes at five\non weekdays.\n\n- Closed on Sundays.\n"
PL = "# Godziny otwarcia\n\nSklep otwiera się o dziewiątej. Zamyka się o piątej\nw dni robocze.\n\n- Zamknięte w niedziele.\n"
EN_LINES = [1, 3, 3, 6]
EN_OTHER = "# Opening hours\n\nThe shop opens at ten.\nIt closes at five on weekdays.\n\n- Closed on Sundays.\n"


def _align(db, en=EN, name="docs/hours.en.md"):
    return align_texts(en, PL, source_name=name, target_name="docs/hours.pl.md", src_lang="en", tgt_lang="pl", db=db)


def _pair_lines(db) -> list:
    with connect(db) as con:
        return [r[0] for r in con.execute("select line from pairs order by id").fetchall()]


def _segment_lines(db) -> list:
    with connect(db) as con:
        return [r[0] for r in con.execute(
            "select s.line from segments s join documents d on d.id = s.document_id where d.lang = 'en' order by s.position"
        ).fetchall()]


def _as_version_1(db) -> None:
    """Make ``db`` what a tm that knew schema 1 only left: no line columns, version 1."""
    with connect(db) as con:
        for table in ("segments", "pairs"):
            con.execute(f"alter table {table} drop column line")
        con.execute("update meta set value = '1' where key = 'schema_version'")
        if hasattr(con, "commit"):
            con.commit()


def test_aligning_stores_the_line_of_each_segment_and_pair(db_url):
    result = _align(db_url)
    assert [s.line for s in result.source_segments] == EN_LINES
    assert [s.line for s in result.target_segments] == [1, 3, 3, 6]
    assert _segment_lines(db_url) == EN_LINES and _pair_lines(db_url) == EN_LINES
    pairs, _s, _t = pairs_from_memory(db_url)
    # the stored path as given, the line; two sentences starting on line 3 stay apart
    assert [p.id for p in pairs] == ["docs/hours.en.md:1", "docs/hours.en.md:3", "docs/hours.en.md:3~2", "docs/hours.en.md:6"]


def test_a_version_1_memory_migrates_and_aligning_fills_its_lines(db_url):
    _align(db_url)
    _as_version_1(db_url)
    with Memory(db_url, readonly=True) as m:  # read-only: not migrated, still readable
        assert not m.has_lines
        rows = m.pairs_by_id([1, 2])
        assert [rows[i]["line"] for i in (1, 2)] == [None, None]
        assert [u.line for u in m.units()] == [None] * 4
    pairs, _s, _t = pairs_from_memory(db_url)
    assert [p.id for p in pairs] == ["hours.en.md#0", "hours.en.md#1", "hours.en.md#2", "hours.en.md#3"]  # the old form

    with Memory(db_url) as m:  # writable: migrated to version 2, lines unknown
        assert m.has_lines
    with connect(db_url) as con:
        assert con.execute("select value from meta where key = 'schema_version'").fetchone()[0] == "2"
    assert _pair_lines(db_url) == [None] * 4 and _segment_lines(db_url) == [None] * 4

    stored = _align(db_url).stored  # the same documents again: unchanged, and now with lines
    assert stored is not None and stored.unchanged
    assert _segment_lines(db_url) == EN_LINES and _pair_lines(db_url) == EN_LINES
    assert [p.id for p in pairs_from_memory(db_url)[0]][:2] == ["docs/hours.en.md:1", "docs/hours.en.md:3"]

    _align(db_url, EN_OTHER, "docs/hours-v0.en.md")  # another document: lines from the start
    assert _pair_lines(db_url)[4:] == [1, 3, 4, 6]


def test_the_version_1_fixture_keeps_its_contexts_after_migrating(v1):
    with Memory(v1) as m:
        units = list(m.units("en", "pl"))
    assert [u.line for u in units] == [None] * 37
    pairs, _s, _t = pairs_from_memory(v1)
    assert pairs[0].id == "en.md#0" and pairs[-1].id.startswith("en.md#")
