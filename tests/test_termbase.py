"""The term base store (tm.store.termbase) and the `tm terms` commands."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app
from tm.errors import InputError
from tm.glossary import import_glossary
from tm.store import TermBase
from tm.terms import rank, rank_of

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"
SEED_EN = ROOT / "corpora" / "account-executive" / "en.md"
SEED_PL = ROOT / "corpora" / "account-executive" / "pl.md"
runner = CliRunner()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    """The seed pair aligned into a memory once; tests copy it."""
    from tm.align import align_files

    path = tmp_path_factory.mktemp("seed") / "seed.db"
    align_files(SEED_EN, SEED_PL, db=path, src_lang="en", tgt_lang="pl")
    return path


@pytest.fixture
def db(seed_db, tmp_path):
    path = tmp_path / "tm.db"
    shutil.copy(seed_db, path)
    return path


def _dump(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "select e.id, e.source, e.source_key, e.origin, e.confidence, e.status, e.notes, r.position, r.text,"
            " r.count, r.status, r.note, r.segment_ids, r.surfaces from term_entries e"
            " left join term_renderings r on r.entry_id = e.id order by e.id, r.position"
        ).fetchall()
        # the stored stemmer too; the report of the last build says what that build changed
        meta = con.execute("select key, value from term_meta where key != 'build' order by key").fetchall()
    finally:
        con.close()
    return rows + meta


def test_build_without_glossary_lists_every_rendering(db):
    with TermBase(db) as tb:
        report = tb.build()
        entry = tb.get("Account Executives")
    assert (report.src_lang, report.tgt_lang) == ("en", "pl")
    assert report.pairs > 30 and report.entries == report.extracted > 10 and report.person == 0
    assert entry is not None and entry.origin == "extracted"
    keys = {r.key: r.count for r in entry.renderings}
    assert keys.get(("kierownik", "konto"), 0) >= 3
    assert ("kierownik", "księgowość") in keys and ("doradca", "klient") in keys
    assert all(r.status is None for r in entry.renderings)  # nobody has said which is right


def test_with_the_shipped_glossary_the_preferred_is_kierownik_konta(db):
    with TermBase(db) as tb:
        import_glossary(tb, GLOSSARY)
        report = tb.build()
        entry = tb.get("account executive")
        listed = tb.entries()
    assert report.person == 34 and report.extracted > 0
    assert entry.origin == "glossary" and entry.confidence == 1.0
    assert entry.preferred.text == "kierownik konta" and entry.target == "kierownik konta"
    by_text = {r.text: r for r in entry.renderings}
    assert by_text["kierownik konta"].count >= 3  # observed in the memory, not only listed
    assert by_text["kierownik księgowości"].status == "forbidden"
    assert by_text["kierownik księgowości"].count == 1
    assert by_text["kierownik ds. obsługi klienta"].status == "deprecated"
    assert listed[0].confidence >= listed[-1].confidence
    # a person's entries first, then best first by termhood × pairing confidence × frequency
    person = [e for e in listed if e.origin in ("glossary", "edited")]
    assert listed[: len(person)] == person
    ranks = [rank(e) for e in listed[len(person):]]
    assert ranks == sorted(ranks, reverse=True)


def test_rebuilding_is_idempotent(db):
    with TermBase(db) as tb:
        import_glossary(tb, GLOSSARY)
        tb.build()
    first = _dump(db)
    with TermBase(db) as tb:
        report = tb.build()
    assert report.added == 0 and report.removed == 0
    assert _dump(db) == first


def test_person_entries_are_never_overwritten(db, tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text(
        "# tm glossary: source=en target=pl\n"
        "account executive\topiekun klienta\tpreferred | our house style\n"
        "client\tzleceniodawca\tadmitted\n",
        encoding="utf-8",
    )
    with TermBase(db) as tb:
        tb.build()
        import_glossary(tb, mine)
        tb.build()
        tb.build()
        ae = tb.get("account executive")
        client = tb.get("client")
    assert ae.origin == "glossary"
    assert ae.preferred.text == "opiekun klienta" and ae.preferred.note == "our house style"
    assert ae.preferred.count == 0  # listed by a person, not seen in the memory
    # what extraction saw is still there, as observations without a status
    observed = {r.key: r for r in ae.renderings if r.origin == "extracted"}
    assert ("kierownik", "konto") in observed and observed[("kierownik", "konto")].status is None
    assert {r.text for r in client.renderings if r.status == "admitted"} == {"zleceniodawca"}


def test_importing_a_second_glossary_adds_to_the_first(db, tmp_path):
    second = tmp_path / "second.csv"
    second.write_text("source,target,status\naccount executive,opiekun klienta,admitted\n", encoding="utf-8")
    with TermBase(db) as tb:
        import_glossary(tb, GLOSSARY)
        report = import_glossary(tb, second)
        entry = tb.get("account executive")
    assert (report.added, report.updated) == (0, 1)
    statuses = {r.text: r.status for r in entry.renderings}
    assert statuses["kierownik konta"] == "preferred" and statuses["opiekun klienta"] == "admitted"


def test_bad_glossary_leaves_the_database_as_it_was(db, tmp_path):
    with TermBase(db) as tb:
        import_glossary(tb, GLOSSARY)
        tb.build()
    before = _dump(db)
    bad = tmp_path / "bad.tsv"
    bad.write_text("good term\tdobry termin\tpreferred\n\tno source\n", encoding="utf-8")
    with TermBase(db) as tb:
        with pytest.raises(InputError) as e:
            import_glossary(tb, bad)
    assert str(e.value) == f"{bad}:2: no source term before the first tab"
    assert _dump(db) == before
    twice = tmp_path / "twice.tsv"
    twice.write_text("client\tklient\tpreferred\nclient\tklientka\tpreferred\n", encoding="utf-8")
    with TermBase(db) as tb:
        with pytest.raises(InputError, match=r"twice.tsv:2: .*more than one preferred"):
            import_glossary(tb, twice)
    assert _dump(db) == before


def test_glossary_only_term_base_matches_inflected_polish(tmp_path):
    """No memory at all: the glossary entry alone finds "kierownikom kont" (--side target)."""
    only = tmp_path / "only.tsv"
    only.write_text("account executive\tkierownik konta\tpreferred\n", encoding="utf-8")
    path = tmp_path / "empty.db"
    with TermBase(path, "en", "pl") as tb:
        import_glossary(tb, only)
        found = tb.suggest("Premie wypłacamy kierownikom kont co kwartał.", side="target")
        wheel = tb.suggest("Kierownica i kierownictwo to co innego.", side="target")
    assert [(s.surface, s.source, s.matched_status) for s in found] == [("kierownikom kont", "account executive", "preferred")]
    assert wheel == []


def test_suggest_gives_renderings_and_examples(db):
    with TermBase(db) as tb:
        import_glossary(tb, GLOSSARY)
        tb.build()
        found = tb.suggest("Our Account Executives earn a base salary plus sales commissions.")
    by_term = {s.source: s for s in found}
    ae = by_term["account executive"]
    assert ae.surface == "Account Executives" and ae.preferred == "kierownik konta"
    assert "kierownik księgowości" in ae.forbidden and "menedżer konta" in ae.admitted
    assert 1 <= len(ae.examples) <= 2 and all("pair_id" in x and x["target"] for x in ae.examples)
    assert by_term["base salary"].preferred == "wynagrodzenie podstawowe"
    assert by_term["sales commission"].surface == "sales commissions"


# ----- CLI ----------------------------------------------------------------------------------------


def test_cli_build_list_suggest_json(db):
    r = runner.invoke(app, ["terms", "build", "--db", str(db), "--glossary", str(GLOSSARY), "--format", "json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["person"] == 34
    r = runner.invoke(app, ["terms", "list", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    entries = json.loads(r.stdout)
    extracted = [e for e in entries if e["origin"] == "extracted"]
    assert entries[-len(extracted):] == extracted
    ranks = [rank_of(e["confidence"], e["count"], len(e["source_key"])) for e in extracted]
    assert all(a >= b - 1e-3 for a, b in zip(ranks, ranks[1:]))  # confidences are rounded in JSON
    for e in entries:
        assert {"source", "target", "renderings", "confidence", "origin", "source_key"} <= set(e)
        assert all({"text", "count", "status"} <= set(x) for x in e["renderings"])
    ae = next(e for e in entries if e["source"] == "account executive")
    assert ae["target"] == "kierownik konta"
    r = runner.invoke(app, ["terms", "suggest", "Kierownicy kont i doradcy klienta", "--side", "target", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    found = json.loads(r.stdout)
    assert [(s["surface"], s["source"], s["matched_status"]) for s in found] == [
        ("Kierownicy kont", "account executive", "preferred"),  # a form of "kierownik konta"
        ("doradcy klienta", "account executive", "deprecated"),
    ]


def test_cli_export_and_import_glossaries(db, tmp_path):
    runner.invoke(app, ["terms", "build", "--db", str(db), "--glossary", str(GLOSSARY)])
    for fmt in ("tbx", "tsv", "csv"):
        out = tmp_path / f"terms.{fmt}"
        r = runner.invoke(app, ["export", fmt, "--db", str(db), "-o", str(out)])
        assert r.exit_code == 0, r.output
        fresh = tmp_path / f"fresh-{fmt}.db"
        r = runner.invoke(app, ["import", str(out), "--db", str(fresh)])
        assert r.exit_code == 0, r.output
        with TermBase(fresh) as tb:
            entry = tb.get("account executive")
        assert entry.preferred.text == "kierownik konta"
        assert {r.text for r in entry.renderings if r.status == "forbidden"} == {"kierownik księgowości"}


def test_cli_errors_are_one_line(tmp_path):
    r = runner.invoke(app, ["terms", "list", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and r.stderr.strip() == f"tm: error: {tmp_path / 'none.db'}: no such database"
    binary = tmp_path / "g.tsv"
    binary.write_bytes(b"a\tb\n\x00\x01\x02")
    r = runner.invoke(app, ["import", str(binary), "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2
    assert not (tmp_path / "x.db").exists()
    for cmd in (["terms", "build", "--help"], ["terms", "list", "--help"], ["terms", "suggest", "--help"]):
        r = runner.invoke(app, cmd)
        assert r.exit_code == 0 and "Example: tm terms" in r.stdout
