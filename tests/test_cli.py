"""The tm command, run in process through typer's runner: one test group per command."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import SEED_EN, SEED_PL, dump_db
from typer.testing import CliRunner

from tm.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "tm.db"
    result = run("align", SEED_EN, SEED_PL, "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_align_stores_pairs_with_provenance(seeded_db):
    rows = dump_db(seeded_db)
    assert len(rows["documents"]) == 2
    pairs = sqlite3.connect(seeded_db).execute(
        "select source, target, source_positions, confidence, context, created from pairs order by id"
    ).fetchall()
    assert len(pairs) >= 35
    assert pairs[0][:3] == ("Account Executive", "Kierownik konta", "0")
    assert all(0 <= p[3] <= 1 and p[4].startswith("en.md#") and p[5] for p in pairs)


def test_align_again_is_idempotent(seeded_db):
    before = dump_db(seeded_db)
    result = run("align", SEED_EN, SEED_PL, "--db", seeded_db)
    assert result.exit_code == 0
    assert "unchanged" in result.output
    assert dump_db(seeded_db) == before


def test_stats_json(seeded_db):
    result = run("stats", "--db", seeded_db, "--format", "json")
    figures = json.loads(result.output)
    assert figures["documents"] == 2 and figures["alignments"] == 1
    assert figures["language_pairs"] == [{"source": "en", "target": "pl", "pairs": figures["pairs"]}]


def test_beads_output_needs_no_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("The pay was $57,504 in 2021.\nIt is a good job.\nThe end.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Płaca wynosiła 57 504 USD w 2021 r.\nTo dobra praca.\nKoniec.\n", encoding="utf-8")
    result = run("align", "a.txt", "b.txt", "--presegmented", "--format", "beads")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().split("\n")
    assert [line.rsplit(":", 1)[0] for line in lines] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    assert all(0 <= float(line.rsplit(":", 1)[1]) <= 1 for line in lines)
    assert not (tmp_path / "tm.db").exists()


@pytest.mark.parametrize(
    "content, expected",
    [(b"", "empty file"), (b"\x00\x01\x02binary", "binary file"), (b"Zarobki: 57 504 z\xb3 rocznie", "not valid UTF-8")],
)
def test_bad_input_leaves_database_untouched(seeded_db, tmp_path, content, expected):
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    before = dump_db(seeded_db)
    result = runner.invoke(app, ["align", str(SEED_EN), str(bad), "--db", str(seeded_db)])
    assert result.exit_code == 2
    message = result.output.strip()
    assert "\n" not in message and str(bad) in message and expected in message
    assert dump_db(seeded_db) == before


def test_missing_file(seeded_db, tmp_path):
    result = runner.invoke(app, ["align", str(SEED_EN), str(tmp_path / "nope.md"), "--db", str(seeded_db)])
    assert result.exit_code == 2 and "nope.md: no such file" in result.output


def test_same_language_refused(tmp_path):
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["align", str(SEED_EN), str(SEED_EN), "--db", str(db)])
    assert result.exit_code == 2
    other = tmp_path / "copy.md"
    other.write_bytes(SEED_EN.read_bytes())
    result = runner.invoke(app, ["align", str(SEED_EN), str(other), "--db", str(db)])
    assert result.exit_code == 2 and "same language (en)" in result.output
    assert not db.exists() or dump_db(db).get("pairs", []) == []


def test_export_and_import_round_trip(seeded_db, tmp_path):
    tmx = tmp_path / "out.tmx"
    result = run("export", "tmx", "--db", seeded_db, "-o", tmx)
    assert result.exit_code == 0, result.output
    po = tmp_path / "out.po"
    assert run("export", "po", "--db", seeded_db, "-o", po).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = run("import", tmx, "--db", fresh)
    assert result.exit_code == 0, result.output
    query = "select src_lang, tgt_lang, source, target, context from pairs order by id"
    original = sqlite3.connect(seeded_db).execute(query).fetchall()
    # An import stores each pair once (the article repeats "Account Executive" → "Kierownik
    # konta"); the first occurrence keeps its context.
    first = {}
    for row in original:
        first.setdefault(row[:4], row)
    assert sqlite3.connect(fresh).execute(query).fetchall() == list(first.values())
    # Importing the same file again adds nothing.
    result = run("import", tmx, "--db", fresh)
    assert f"0 units added, {len(original)} duplicates" in result.output


def test_export_of_missing_database(tmp_path):
    result = runner.invoke(app, ["export", "tmx", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "x.tmx")])
    assert result.exit_code == 2 and "no such database" in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("command", [[], ["align"], ["export"], ["import"], ["stats"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output
