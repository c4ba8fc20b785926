from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "account-executive"
SEED_EN = CORPUS / "en.md"
SEED_PL = CORPUS / "pl.md"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_alignment():
    """The shipped pair aligned once per test session (no database)."""
    from tm.align import align_files

    return align_files(SEED_EN, SEED_PL, src_lang="en", tgt_lang="pl")


@pytest.fixture(scope="session")
def seed_units(seed_alignment):
    """The shipped pair's aligned sentence pairs as TranslationUnits (en → pl)."""
    from tm.model import TranslationUnit

    return [
        TranslationUnit(
            source=p.source_text,
            target=p.target_text,
            src_lang="en",
            tgt_lang="pl",
            confidence=p.confidence,
            low_confidence=p.low_confidence,
            context=f"en.md#{p.source[0]}",
        )
        for p in seed_alignment.pairs
        if p.source and p.target
    ]


# -- helpers shared by the test modules ---------------------------------------------------------

# The seed's broken link markup, as in the Polish entry.
FINRA_EN = "Rule 3220 ( [FINRA ), which applies to](/finra) [broker-dealers](/broker-dealer)"
FINRA_PL = "Zasadę 3220 ( [FINRA ), która ma zastosowanie do](/finra) [brokerów-dealerów](/broker-dealer)"


def unit(source, target, **kw):
    """An en → pl TranslationUnit."""
    from tm.model import TranslationUnit

    kw.setdefault("src_lang", "en")
    kw.setdefault("tgt_lang", "pl")
    return TranslationUnit(source=source, target=target, **kw)


def dump_db(db):
    """Every row of every table: the database's whole content, for before/after comparisons."""
    import sqlite3

    if str(db).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(db)) as con:
            tables = [r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_schema = current_schema() order by 1")]
            return {t: con.execute(f'select * from "{t}" order by 1').fetchall() for t in tables}

    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' order by name")]
        return {t: con.execute(f"select * from [{t}] order by 1").fetchall() for t in tables}
    finally:
        con.close()


def run_cli(*args):
    """``tm ARGS...`` through typer's test runner (arguments may be paths)."""
    from typer.testing import CliRunner

    from tm.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


# -- engines: every memory suite runs on SQLite and on a real PostgreSQL ----------------------

ENGINES = ("sqlite", "postgresql")
_databases = iter(range(1, 1_000_000))


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session (Debian's postgresql, tests/pgcluster.py).
    Skipped when the binaries are missing, except under CI (``make test`` installs them)."""
    import os

    from pgcluster import Cluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries not found (scripts/system-deps.sh installs postgresql)")
        pytest.skip("PostgreSQL binaries not found (install Debian's postgresql)")
    cluster = Cluster(bindir).start()
    yield cluster
    from tm.store.postgres import close_pools

    close_pools()
    cluster.stop()


def new_database(engine: str, directory: Path, request) -> str:
    """A new, empty memory on ``engine``: a file name in ``directory``, or a new PostgreSQL
    database in the session's cluster."""
    if engine == "sqlite":
        return str(directory / f"tm-{next(_databases)}.db")
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"tm{next(_databases)}")


@pytest.fixture(params=ENGINES)
def db_url(request, tmp_path):
    """A new, empty memory on each engine in turn (a path or a postgresql:// URL)."""
    return new_database(request.param, tmp_path, request)


def sqlite_only(db) -> None:
    """Skip the rest of a test that reads the SQLite file itself (its bytes, its side files)."""
    if str(db).startswith("postgresql://"):
        pytest.skip("reads the SQLite file itself")


def connect(db):
    """A DB-API connection to the memory ``db`` on either engine (autocommit on PostgreSQL),
    for tests that read or change rows directly; use literal SQL without placeholders."""
    import sqlite3

    if str(db).startswith("postgresql://"):
        import psycopg

        return psycopg.connect(str(db), autocommit=True)
    return sqlite3.connect(db)
