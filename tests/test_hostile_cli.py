"""Hostile input for the tm command (issue #13): bracket markup in text and paths, unwritable
and impossible paths, bad ports, bad formats, wrong language order.

Every refusal must be one line on stderr naming the file or the option, exit status 2, no
traceback, nothing written, and the memory's content equal before and after (dump_db: every
row of every table). Text with markup in it must be printed literally. The inputs are in
tests/data/hostile-cli/ (see its README) or made here in a temporary directory.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_EN, SEED_PL, dump_db
from typer.testing import CliRunner

from tm.cli import app

DATA = Path(__file__).parent / "data" / "hostile-cli"
BB_EN = DATA / "bbcode-en.txt"
BB_PL = DATA / "bbcode-pl.txt"
runner = CliRunner()


def tm(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **(env or {})})


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """An en→pl memory made from the shipped article pair (made once, copied per test)."""
    db = tmp_path_factory.mktemp("seed") / "tm.db"
    result = tm("align", SEED_EN, SEED_PL, "--db", db)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def place(tmp_path, seeded):
    """A working directory holding a copy of the memory, and a regular file."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(seeded, work / "tm.db")
    (work / "plain.txt").write_text("not a directory\n", encoding="utf-8")
    return work


@pytest.fixture
def busy_port():
    """A TCP port some other program listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def listing(path: Path) -> dict[str, int]:
    return {str(p.relative_to(path)): p.stat().st_size for p in sorted(path.rglob("*")) if p.is_file()}


def assert_refused(result, *expected: str) -> None:
    """One line on stderr, ``tm: error: ...`` naming the place, exit status 2, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    message = result.stderr.strip()
    assert "\n" not in message and message.startswith("tm: error: "), message
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stdout == "", result.stdout
    for text in expected:
        assert text in message, (text, message)


# (case id, arguments, what the one line must name); {db} is the memory, {dir} the working
# directory, {file} a regular file there.
REFUSALS = [
    ("db-missing-dir-stats", ["stats", "--db", "/nonexistent/dir/tm.db"], ["/nonexistent/dir/tm.db", "no such database"]),
    ("db-is-directory-stats", ["stats", "--db", "{dir}"], ["{dir}", "is a directory"]),
    ("db-in-proc-stats", ["stats", "--db", "/proc/x"], ["/proc/x"]),
    ("db-missing-dir-align", ["align", BB_EN, BB_PL, "--presegmented", "--db", "/nonexistent/dir/tm.db"], ["/nonexistent/dir/tm.db", "no such directory"]),
    ("db-is-directory-align", ["align", BB_EN, BB_PL, "--presegmented", "--db", "{dir}"], ["{dir}", "is a directory"]),
    ("db-in-proc-align", ["align", BB_EN, BB_PL, "--presegmented", "--db", "/proc/tm.db"], ["/proc/tm.db", "cannot create"]),
    ("db-under-a-file-import", ["import", DATA / "de-fr.tmx", "--db", "{file}/tm.db"], ["{file}/tm.db", "not a directory"]),
    ("db-in-proc-import", ["import", DATA / "de-fr.tmx", "--db", "/proc/tm.db"], ["/proc/tm.db", "cannot create"]),
    ("db-is-directory-lookup", ["lookup", "Account Executive", "--db", "{dir}"], ["{dir}", "is a directory"]),
    ("db-is-directory-terms", ["terms", "list", "--db", "{dir}"], ["{dir}", "is a directory"]),
    ("db-is-directory-index", ["index", "--db", "{dir}"], ["{dir}", "is a directory"]),
    ("db-not-a-memory", ["stats", "--db", "{file}"], ["{file}", "not a tm database"]),
    ("export-missing-dir", ["export", "tmx", "--db", "{db}", "-o", "/nonexistent/x.tmx"], ["/nonexistent/x.tmx", "no such directory"]),
    ("export-to-directory", ["export", "tmx", "--db", "{db}", "-o", "{dir}"], ["{dir}", "is a directory"]),
    ("export-into-proc", ["export", "po", "--db", "{db}", "-o", "/proc/x.po"], ["/proc/x.po", "cannot write"]),
    ("export-under-a-file", ["export", "tsv", "--db", "{db}", "-o", "{file}/terms.tsv"], ["{file}/terms.tsv", "not a directory"]),
    ("check-report-missing-dir", ["check", "--db", "{db}", "--termbase", "off", "--format", "html", "-o", "/nonexistent/r.html"], ["/nonexistent/r.html"]),
    ("serve-port-too-big", ["serve", "--db", "{db}", "--port", "99999"], ["--port", "99999", "1-65535"]),
    ("serve-port-negative", ["serve", "--db", "{db}", "--port", "-1"], ["--port", "-1"]),
    ("serve-port-zero", ["serve", "--db", "{db}", "--port", "0"], ["--port", "0"]),
    ("serve-port-not-a-number", ["serve", "--db", "{db}", "--port", "http"], ["--port", "integer", "tm serve --help"]),
    ("serve-db-missing", ["serve", "--db", "/nonexistent/dir/tm.db", "--port", "8765"], ["/nonexistent/dir/tm.db"]),
    ("format-stats", ["stats", "--db", "{db}", "--format", "xml"], ["--format", "xml", "'table', 'json'"]),
    ("format-lookup", ["lookup", "x", "--db", "{db}", "--format", "xml"], ["--format", "'table', 'json'"]),
    ("format-terms-list", ["terms", "list", "--db", "{db}", "--format", "xml"], ["--format", "'table', 'json'"]),
    ("format-terms-suggest", ["terms", "suggest", "x", "--db", "{db}", "--format", "xml"], ["--format", "'table', 'json'"]),
    ("format-terms-build", ["terms", "build", "--db", "{db}", "--format", "xml"], ["--format", "'text', 'json'"]),
    ("format-import", ["import", DATA / "de-fr.tmx", "--db", "{db}", "--format", "xml"], ["--format", "'text', 'json'"]),
    ("format-align", ["align", BB_EN, BB_PL, "--db", "{db}", "--format", "xml"], ["--format", "'table', 'json', 'beads'"]),
    ("format-check", ["check", "--db", "{db}", "--format", "xml"], ["--format", "'table', 'json', 'csv', 'html'"]),
    ("format-export", ["export", "xml", "--db", "{db}", "-o", "{dir}/x.xml"], ["FORMAT", "xml"]),
    ("side-terms-suggest", ["terms", "suggest", "x", "--db", "{db}", "--side", "both"], ["--side", "both"]),
    ("limit-zero", ["lookup", "x", "--db", "{db}", "--limit", "0"], ["--limit"]),
    ("score-above-101", ["lookup", "x", "--db", "{db}", "--min-score", "200"], ["--min-score"]),
    ("lookup-pair-not-held", ["lookup", "Account Executive", "--db", "{db}", "--src-lang", "de", "--tgt-lang", "fr"], ["de→fr", "en→pl"]),
    ("swapped-documents", ["align", SEED_PL, SEED_EN, "--db", "{db}"], [str(SEED_PL), "reads as pl", "en→pl", "swap the files"]),
    ("swapped-given-languages", ["align", SEED_EN, SEED_PL, "--db", "{db}", "--src-lang", "pl", "--tgt-lang", "en"], ["the reverse of --src-lang pl --tgt-lang en"]),
    ("missing-document-bracket-path", ["align", "{dir}/d[/x]/en.md", SEED_PL, "--db", "{db}"], ["{dir}/d[/x]/en.md", "no such file"]),
    ("import-a-directory", ["import", "{dir}", "--db", "{db}"], ["{dir}"]),
    ("unknown-command", ["stat", "--db", "{db}"], ["No such command", "stat"]),
    ("unknown-option", ["stats", "--db", "{db}", "--colour"], ["--colour", "tm stats --help"]),
    ("only-source-for-check", ["check", SEED_EN, "--db", "{db}"], ["SOURCE and TARGET"]),
]


@pytest.mark.parametrize("args, expected", [pytest.param(a, e, id=i) for i, a, e in REFUSALS])
def test_refused_in_one_line_and_nothing_changes(place, args, expected):
    fill = {"db": str(place / "tm.db"), "dir": str(place), "file": str(place / "plain.txt")}
    args = [str(a).format(**fill) for a in args]
    expected = [e.format(**fill) for e in expected]
    before, files = dump_db(place / "tm.db"), listing(place)
    assert_refused(tm(*args), *expected)
    assert dump_db(place / "tm.db") == before
    assert listing(place) == files


def test_busy_port_refused(place, busy_port):
    before = dump_db(place / "tm.db")
    assert_refused(tm("serve", "--db", place / "tm.db", "--port", busy_port), f"127.0.0.1:{busy_port}", "already in use")
    assert dump_db(place / "tm.db") == before


# -- text from the data is printed as it is ------------------------------------------------------


def test_markup_in_aligned_text_is_printed_literally(tmp_path):
    result = tm("align", BB_EN, BB_PL, "--presegmented", "--db", tmp_path / "t.db")
    assert result.exit_code == 0, result.output
    for text in ("[b]account executive[/b]", "[/i] reports :smile: for", "[red]the board[/red]", "[the guide](/guide)",
                 "[bold", "magenta]the rules[/bold magenta]", "[red]zarządu[/red]"):
        assert text in result.stdout, text
    assert "😄" not in result.stdout  # no emoji code expanded
    assert len(dump_db(tmp_path / "t.db")["pairs"]) == 3


def test_markdown_links_survive_in_the_demo_table(seeded):
    # Aligned again into the same memory: unchanged, and the table printed in full.
    result = tm("align", SEED_EN, SEED_PL, "--db", seeded, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "[broker-dealers](/broker-dealer)" in result.stdout
    assert "[brokerów-dealerów](/broker-dealer)" in result.stdout


def test_bracket_path_for_stats_and_lookup(tmp_path):
    odd = tmp_path / "d[" / "x]"  # "d[/x]/t.db"
    odd.mkdir(parents=True)
    db = odd / "t.db"
    assert tm("align", BB_EN, BB_PL, "--presegmented", "--db", db).exit_code == 0
    result = tm("stats", "--db", db)
    assert result.exit_code == 0, result.output
    assert str(db) in result.stdout and f"align: {BB_EN}" in result.stdout
    result = tm("lookup", "She writes [/i] reports :smile: for [red]the board[/red] every week.", "--db", db)
    assert result.exit_code == 0, result.output
    assert "[/i] raporty :smile:" in result.stdout and str(BB_EN) in result.stdout


# -- languages from the memory ---------------------------------------------------------------


def test_lookup_takes_the_languages_of_a_one_pair_memory(tmp_path):
    db = tmp_path / "de-fr.db"
    assert tm("import", DATA / "de-fr.tmx", "--db", db).exit_code == 0
    result = tm("lookup", "Das Grundgehalt wird jeden Monat gezahlt.", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)
    assert [(m["quality"], m["src_lang"], m["tgt_lang"], m["target"]) for m in matches][:1] == [
        (100, "de", "fr", "Le salaire de base est versé chaque mois.")
    ]


def test_several_pairs_need_a_choice_and_the_error_lists_them(tmp_path, seeded):
    db = tmp_path / "two.db"
    shutil.copy(seeded, db)
    assert tm("import", DATA / "de-fr.tmx", "--db", db).exit_code == 0
    before = dump_db(db)
    assert_refused(tm("lookup", "Account Executive", "--db", db), str(db), "several language pairs", "en→pl", "de→fr")
    result = tm("lookup", "Account Executive", "--db", db, "--src-lang", "en")
    assert result.exit_code == 0 and "Kierownik konta" in result.stdout
    assert dump_db(db) == before


def test_swapped_documents_stored_when_the_languages_are_given(place):
    # The user's word, checked against the text: pl.md read as pl → en, as asked.
    result = tm("align", SEED_PL, SEED_EN, "--db", place / "tm.db", "--src-lang", "pl", "--tgt-lang", "en", "--format", "json")
    assert result.exit_code == 0, result.output
    pairs = {(s, t) for s, t in [r[2:4] for r in dump_db(place / "tm.db")["pairs"]]}
    assert pairs == {("en", "pl"), ("pl", "en")}


# -- glossaries by OmegaT's names ------------------------------------------------------------


@pytest.mark.parametrize("name", ["glossary.utf8", "glossary.tab", "glossary.txt"])
def test_omegat_glossary_names_import_into_the_term_base(tmp_path, seeded, name):
    db = tmp_path / "tm.db"
    shutil.copy(seeded, db)
    glossary = tmp_path / name
    glossary.write_text("account executive\tkierownik konta\nbase salary\twynagrodzenie podstawowe\n", encoding="utf-8")
    pairs_before = dump_db(db)["pairs"]
    result = tm("import", glossary, "--db", db, "--src-lang", "en", "--tgt-lang", "pl")
    assert result.exit_code == 0, result.output
    assert "glossary into the term base: 2 entries added" in result.stdout
    rows = dump_db(db)
    assert rows["pairs"] == pairs_before
    assert {r[3] for r in rows["term_entries"]} >= {"account executive", "base salary"}


# -- the last line of defence -----------------------------------------------------------------


def test_unexpected_exception_is_one_line_unless_debugging(place, monkeypatch):
    from tm.store import Memory

    def broken(*args, **kwargs):
        raise RuntimeError("simulated\nbug")

    monkeypatch.setattr(Memory, "stats", broken)
    result = tm("stats", "--db", place / "tm.db")
    assert result.exit_code == 3
    assert result.stderr.strip() == "tm: internal error: RuntimeError: simulated bug (a bug in tm; TM_DEBUG=1 shows the traceback)"
    result = tm("stats", "--db", place / "tm.db", env={"TM_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)


# -- the real command, in its own process ------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (["serve", "--port", "99999"], "--port: 99999 is not a TCP port"),
        (["export", "tmx", "-o", "/nonexistent/x.tmx"], "/nonexistent/x.tmx: cannot write here"),
        (["stats", "--db", "d[/x]/none.db"], "d[/x]/none.db: no such database"),
    ],
)
def test_real_process_prints_one_line(place, args, expected):
    env = {**os.environ, "TM_DB": str(place / "tm.db"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tm.cli", *args], cwd=place, env=env, capture_output=True, text=True,
                          timeout=120)
    message = done.stderr.strip()
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert "\n" not in message and message.startswith(f"tm: error: {expected}"), message
