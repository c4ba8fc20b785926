"""Commands that only read open the memory read-only: the file, and its -wal and -shm side
files, are byte-identical afterwards. Another program's SQLite file is refused, by readers
and writers alike, with one line and exit status 2, and left as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, SEED_EN, SEED_PL
from typer.testing import CliRunner

from tm.cli import app
from tm.errors import InputError
from tm.store import Memory

GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"
TERM_TABLES = ("term_renderings", "term_entries", "term_meta")
runner = CliRunner()

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="test" creationtool="test" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>The account executive manages the clients.</seg></tuv>
<tuv xml:lang="pl"><seg>Kierownik konta zarządza klientami.</seg></tuv></tu></body></tmx>
"""

# Every command that only reads the memory; "{out}" is a file the command may write.
READ_COMMANDS = {
    "check": ["check", "--db", "{db}", "--format", "json", "-o", "{out}", "--fail-on", "never"],
    "check-stored": ["check", "--db", "{db}", "--termbase", "stored", "--format", "json", "-o", "{out}", "--fail-on", "never"],
    "stats": ["stats", "--db", "{db}", "--format", "json"],
    "export-tmx": ["export", "tmx", "--db", "{db}", "-o", "{out}"],
    "export-po": ["export", "po", "--db", "{db}", "-o", "{out}"],
    "export-tbx": ["export", "tbx", "--db", "{db}", "-o", "{out}"],
    "export-tsv": ["export", "tsv", "--db", "{db}", "-o", "{out}"],
    "lookup": ["lookup", "The account executive manages clients.", "--db", "{db}"],
    "terms-list": ["terms", "list", "--db", "{db}", "--limit", "5"],
    "terms-suggest": ["terms", "suggest", "Our account executives earn a base salary.", "--db", "{db}"],
}


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def run_command(name: str, db: Path, tmp_path: Path):
    out = tmp_path / f"out-{name}"
    return run(*(a.format(db=db, out=out) for a in READ_COMMANDS[name]))


def fingerprint(db: Path) -> dict[str, str | None]:
    """sha256 of the file and of its -wal and -shm files (None: absent)."""
    return {
        suffix: hashlib.sha256(Path(f"{db}{suffix}").read_bytes()).hexdigest() if os.path.exists(f"{db}{suffix}") else None
        for suffix in ("", "-wal", "-shm", "-journal")
    }


def tables(db: Path) -> set[str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    finally:
        con.close()


def foreign_db(path: Path, wal: bool = False) -> Path:
    """Another program's database: one table of its own, closed (no side files)."""
    con = sqlite3.connect(path)
    if wal:
        con.execute("pragma journal_mode=wal")
    con.execute("create table notes(id integer primary key, text text)")
    con.execute("insert into notes(text) values ('not a translation memory')")
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="module")
def memory_db(tmp_path_factory) -> Path:
    """The shipped pair aligned and its term base built: a valid memory with every table."""
    db = tmp_path_factory.mktemp("memory") / "tm.db"
    assert run("align", SEED_EN, SEED_PL, "--db", db).exit_code == 0
    result = run("terms", "build", "--db", db, "--glossary", GLOSSARY)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def memory(memory_db, tmp_path) -> Path:
    db = tmp_path / "tm.db"
    shutil.copyfile(memory_db, db)
    return db


@pytest.fixture
def older_memory(memory) -> Path:
    """A memory made before the term base: the same file without the term tables."""
    con = sqlite3.connect(memory)
    for table in TERM_TABLES:
        con.execute(f"drop table {table}")
    con.commit()
    con.close()
    return memory


# -- read-only commands ------------------------------------------------------------------------


@pytest.mark.parametrize("wal", [False, True], ids=["rollback", "wal"])
@pytest.mark.parametrize("name", READ_COMMANDS)
def test_read_command_refuses_a_foreign_database(name, wal, tmp_path):
    db = foreign_db(tmp_path / "notes.db", wal=wal)
    before = fingerprint(db)
    result = run_command(name, db, tmp_path)
    assert result.exit_code == 2, result.output
    assert f"{db}: not a tm database" in result.output
    assert "Traceback" not in result.output
    assert fingerprint(db) == before
    assert tables(db) == {"notes"}


@pytest.mark.parametrize("name", READ_COMMANDS)
def test_read_command_leaves_a_memory_byte_identical(name, memory, tmp_path):
    before = fingerprint(memory)
    assert before["-wal"] is None and before["-shm"] is None  # closed cleanly
    result = run_command(name, memory, tmp_path)
    assert result.exit_code == 0, result.output
    assert fingerprint(memory) == before


@pytest.mark.parametrize("content", [b"", b"hello, world\n" * 100], ids=["empty", "text"])
def test_read_commands_refuse_what_is_not_a_memory(content, tmp_path):
    db = tmp_path / "x.db"
    db.write_bytes(content)
    for name in ("stats", "check", "export-tmx", "terms-list"):
        result = run_command(name, db, tmp_path)
        assert result.exit_code == 2 and f"{db}: not a tm database" in result.output, (name, result.output)
        assert db.read_bytes() == content and fingerprint(db)["-wal"] is None


def test_a_reader_keeps_the_side_files_another_connection_uses(memory, tmp_path):
    """The -wal and -shm files of a memory another process has open are that process's:
    a read-only command leaves them, and the other connection goes on writing."""
    other = sqlite3.connect(memory)
    try:
        other.execute("select count(*) from pairs").fetchone()
        assert os.path.exists(f"{memory}-wal") and os.path.exists(f"{memory}-shm")
        assert run_command("stats", memory, tmp_path).exit_code == 0
        assert os.path.exists(f"{memory}-wal") and os.path.exists(f"{memory}-shm")
        other.execute("insert into meta(key, value) values ('probe', '1')")
        other.commit()
    finally:
        other.close()
    assert fingerprint(memory)["-wal"] is None  # the last connection removed them
    with Memory(memory, readonly=True) as m:
        assert m.db.execute("select value from meta where key = 'probe'").fetchone() == ("1",)


def test_a_reader_leaves_side_files_to_a_connection_opened_after_it(memory):
    """A reader removes the side files it made only when it is the last one on the file."""
    reader = Memory(memory, readonly=True)
    assert reader.stats()["pairs"] == 37
    other = sqlite3.connect(memory)
    try:
        other.execute("select count(*) from pairs").fetchone()
        reader.close()
        assert os.path.exists(f"{memory}-wal") and os.path.exists(f"{memory}-shm")
        other.execute("insert into meta(key, value) values ('probe', '1')")
        other.commit()
        assert other.execute("select value from meta where key = 'probe'").fetchone() == ("1",)
    finally:
        other.close()
    assert fingerprint(memory)["-wal"] is None and fingerprint(memory)["-shm"] is None


# -- a memory from before the term base ---------------------------------------------------------


def test_an_older_memory_is_checked_and_counted_read_only(older_memory, tmp_path):
    before = fingerprint(older_memory)
    result = run_command("check", older_memory, tmp_path)
    assert result.exit_code == 0, result.output
    assert "built in memory" in (tmp_path / "out-check").read_text(encoding="utf-8")
    result = run_command("stats", older_memory, tmp_path)
    assert result.exit_code == 0, result.output
    assert '"pairs": 37' in result.output
    for name in ("terms-list", "terms-suggest", "lookup", "export-tmx"):
        assert run_command(name, older_memory, tmp_path).exit_code == 0, name
    assert fingerprint(older_memory) == before
    assert not tables(older_memory) & set(TERM_TABLES)


def test_an_older_memory_without_a_term_base_says_so(older_memory, tmp_path):
    before = fingerprint(older_memory)
    result = run_command("check-stored", older_memory, tmp_path)
    assert result.exit_code == 2 and "has no term base" in result.output
    result = run_command("export-tbx", older_memory, tmp_path)
    assert result.exit_code == 2 and "run tm terms build first" in result.output
    assert fingerprint(older_memory) == before


def test_a_memory_from_before_imports_reads_as_without_imports(older_memory):
    con = sqlite3.connect(older_memory)
    con.execute("drop table imports")
    con.execute("drop index pairs_pair_hash")
    con.execute("alter table pairs drop column pair_hash")
    con.execute("alter table pairs drop column import_id")
    con.commit()
    con.close()
    before = fingerprint(older_memory)
    with Memory(older_memory, readonly=True) as m:
        figures = m.stats()
        assert figures["imports"] == [] and figures["pairs"] == 37
        assert m.neighbour_sources(2) is not None
    assert fingerprint(older_memory) == before


def test_memory_readonly_errors_name_the_file(tmp_path):
    for path, expected in (
        (tmp_path / "missing.db", "no such file"),
        (foreign_db(tmp_path / "notes.db"), "other tables (notes)"),
    ):
        with pytest.raises(InputError) as caught:
            Memory(path, readonly=True)
        assert str(caught.value).startswith(f"{path}: not a tm database") and expected in str(caught.value)
    assert not (tmp_path / "missing.db").exists()


# -- writing commands ----------------------------------------------------------------------------


def writing_commands(db: Path, tmp_path: Path) -> dict[str, list]:
    tmx = tmp_path / "one.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    return {
        "align": ["align", SEED_EN, SEED_PL, "--db", db],
        "import-tmx": ["import", tmx, "--db", db],
        "import-glossary": ["import", GLOSSARY, "--db", db],
        "terms-build": ["terms", "build", "--db", db],
    }


@pytest.mark.parametrize("name", ["align", "import-tmx", "import-glossary", "terms-build"])
def test_write_command_refuses_a_foreign_database(name, tmp_path):
    db = foreign_db(tmp_path / "notes.db")
    before = fingerprint(db)
    result = run(*writing_commands(db, tmp_path)[name])
    assert result.exit_code == 2, result.output
    assert f"{db}: not a tm database" in result.output and "Traceback" not in result.output
    assert fingerprint(db) == before


def test_write_command_makes_an_empty_file_a_memory(tmp_path):
    db = tmp_path / "new.db"
    db.write_bytes(b"")
    result = run(*writing_commands(db, tmp_path)["import-tmx"])
    assert result.exit_code == 0, result.output
    assert {"meta", "pairs", "imports", "term_entries"} <= tables(db)
    assert '"pairs": 1' in run_command("stats", db, tmp_path).output


def test_align_refuses_a_foreign_database_before_aligning(tmp_path, monkeypatch):
    from tm.align import pipeline

    db = foreign_db(tmp_path / "notes.db")
    monkeypatch.setattr(pipeline, "read_document", lambda *a, **k: pytest.fail("the documents were read first"))
    with pytest.raises(InputError, match="not a tm database"):
        pipeline.align_files(SEED_EN, SEED_PL, db=db)


@pytest.mark.parametrize("readonly", [True, False])
def test_a_memory_from_a_newer_tm_is_refused(memory, tmp_path, readonly):
    from tm.store import Memory

    newer = tmp_path / "newer.db"
    shutil.copy(memory, newer)
    with sqlite3.connect(newer) as con:
        con.execute("update meta set value = '99' where key = 'schema_version'")
    con.close()
    before = fingerprint(newer)
    with pytest.raises(InputError, match="newer tm"):
        Memory(newer, readonly=readonly)
    assert fingerprint(newer) == before
