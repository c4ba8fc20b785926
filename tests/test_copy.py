"""tm copy: a memory goes SQLite → PostgreSQL → SQLite without loss (the TMX exported from the
last is the first's, byte for byte but the header's export time), the term base and imports included."""

from __future__ import annotations

import re

import pytest

from conftest import SEED_EN, SEED_PL, run_cli


@pytest.fixture
def cluster(pg_cluster):
    return pg_cluster


def test_sqlite_to_postgresql_to_sqlite_exports_the_same_tmx(cluster, tmp_path):
    first = tmp_path / "first.db"
    assert run_cli("align", SEED_EN, SEED_PL, "--db", first).exit_code == 0
    # A second source of pairs: an import with a note, props, a placeholder, Polish letters.
    from tm.exchange import export_memory
    from tm.formats.tmx import write_tmx
    from conftest import unit

    tmx_in = tmp_path / "extra.tmx"
    write_tmx([unit("Save 5 files to {dir}", "Zapisz 5 plików w {dir}", note="a note", props={"x-client": "ACME"}),
               unit("Resize the window to fit the screen", "Zmień rozmiar okna, aby pasowało do ekranu", confidence=0.123456789012345)], tmx_in, src_lang="en")
    assert run_cli("import", tmx_in, "--db", first).exit_code == 0
    url = cluster.create_database("copytest")
    back = tmp_path / "back.db"
    r1 = run_cli("copy", first, url)
    assert r1.exit_code == 0, r1.output
    r2 = run_cli("copy", url, back)
    assert r2.exit_code == 0, r2.output
    outputs = []
    for db in (first, url, back):
        out = tmp_path / f"out-{len(outputs)}.tmx"
        export_memory(db, "tmx", out)
        # the header's creationdate is the time of export: the three exports may straddle a second
        outputs.append(re.sub(rb'creationdate="[0-9TZ]+"', b'creationdate=""', out.read_bytes(), count=1))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]) > 1000
    # Statistics agree too (but for the database's name).
    stats = [run_cli("stats", "--db", db, "--format", "json").stdout.split("\n", 2)[2] for db in (first, url, back)]
    assert stats[0] == stats[1] == stats[2]


def test_copy_refuses_a_destination_that_is_not_empty(cluster, tmp_path):
    a = tmp_path / "a.db"
    assert run_cli("align", SEED_EN, SEED_PL, "--db", a).exit_code == 0
    url = cluster.create_database("copyfull")
    assert run_cli("copy", a, url).exit_code == 0
    again = run_cli("copy", a, url)
    assert again.exit_code == 2 and "not empty" in again.output and len(again.output.strip().splitlines()) == 1
    missing = run_cli("copy", tmp_path / "missing.db", url)
    assert missing.exit_code == 2 and "no such database" in missing.output
