"""Schema versions and migrations (tm.store.schema) against a file made by an older tm.

tests/data/memory-v1.sqlite is a version-1 memory made by tm at commit 5426fde (before
tm/store existed), with PYTHONHASHSEED=0:

    tm align corpora/account-executive/en.md corpora/account-executive/pl.md --db tests/data/memory-v1.sqlite
    tm terms build --db tests/data/memory-v1.sqlite

(37 aligned en→pl pairs, 40 extracted term entries with 63 renderings, the word index empty).
The tests copy it: opening it in place would leave -wal/-shm files next to it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from conftest import dump_db

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


def test_version_1_is_todays_schema(v1, tmp_path):
    fresh = tmp_path / "fresh.db"
    Memory(fresh).close()
    assert _schema(fresh) == _schema(v1)
    assert _version(fresh) == _version(v1) == "1" == str(schema.SCHEMA_VERSION)


def test_migrating_the_version_1_file_is_idempotent(v1):
    before = dump_db(v1)
    with Memory(v1):  # a writable open runs the migrations it lacks: none
        pass
    assert dump_db(v1) == before
    db = sqlite_utils.Database(v1)
    try:
        assert not schema.pending(db)
        for _ in range(2):
            with write_transaction(db):
                schema.upgrade(db)
    finally:
        db.close()
    assert dump_db(v1) == before and _version(v1) == "1"


def test_an_added_migration_runs_once_in_order(v1, monkeypatch):
    calls = []

    def add_notes(db):
        calls.append(2)
        db.execute("create table notes (pair_id integer references pairs(id), text text)")

    def fill_notes(db):
        calls.append(3)
        db.execute("insert into notes (pair_id, text) select id, 'checked' from pairs where low_confidence")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_notes, fill_notes])
    before = dump_db(v1)
    with Memory(v1) as m:
        assert m.language_pairs() == [("en", "pl", 37)]
    assert calls == [2, 3] and _version(v1) == "3"
    after = dump_db(v1)
    assert len(after["notes"]) == 2  # the two low-confidence pairs
    assert {t: rows for t, rows in after.items() if t not in ("notes", "meta")} == {
        t: rows for t, rows in before.items() if t != "meta"
    }
    with Memory(v1), Memory(v1, readonly=True):
        pass
    assert calls == [2, 3]  # applied once
    assert dump_db(v1) == after

    monkeypatch.undo()  # a tm that knows version 1 only refuses the file
    with pytest.raises(InputError, match=r"made by a newer tm \(schema 3; this tm knows up to 1\)"):
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
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, lambda db: calls.append(2)])
    path = tmp_path / "new.db"
    with Memory(path) as m:
        assert m.stats()["pairs"] == 0
    assert calls == [2] and _version(path) == "2"
