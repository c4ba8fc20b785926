"""Concordance through the word index (pairs_fts, FTS5) finds what the substring scan (LIKE)
found: the same hits, in the same order, with the same highlights, whether the index holds
every pair, some (the pairs above its watermark are scanned) or none. The index is lazy:
imports and alignments never touch it, Memory.update_concordance_index (``tm index``, the
writable server's refresh) fills it; files made before it keep working, read-only opens
without writing, writable opens by adding it empty."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3

import pytest
from conftest import SEED_EN, SEED_PL

from tm.concordance import concordance
from tm.errors import InputError
from tm.store import Memory
from tm.store import concordance as words
from tm.store.schema import FTS_SCHEMA_NAMES as _FTS_SCHEMA_NAMES, FTS_TABLE, FTS_UPTO
from tm.model import TranslationUnit

# (lang, query): Polish inflected forms, English plurals, hyphenated words, words with digits
# and dots, an abbreviation, a word that is a prefix of others ("konta" / "kontaktowej").
SEED_QUERIES = [
    ("pl", "kierownika konta"),
    ("pl", "kierownik konta"),
    ("pl", "kierownicy"),
    ("pl", "kierownik"),
    ("pl", "konta"),
    ("pl", "konto"),
    ("pl", "sprzedaży"),
    ("pl", "osoba kontaktowa"),
    ("pl", "kierownik ds. rachunków"),
    ("en", "Account Executives"),
    ("en", "account executive"),
    ("en", "executive"),
    ("en", "sales"),
    ("en", "broker-dealer"),
    ("pl", "brokerów-dealerów"),
    ("pl", "broker-dealer"),
    ("en", "fast-food"),
    ("pl", "fast-food"),
    ("en", "day-to-day"),
    ("en", "red-carpet"),
    ("en", "client's"),
    ("en", "Glassdoor.com"),
    ("pl", "Glassdoor.com"),
    ("en", "Rule 3220"),
    ("pl", "3220"),
    ("en", "2021"),
    ("pl", "2021"),
    ("en", "57,504"),
    ("pl", "57 504"),
    ("en", "U.S."),
    ("en", "FINRA"),
]


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    from tm.align import align_files

    db = tmp_path_factory.mktemp("concordance") / "seed.db"
    align_files(SEED_EN, SEED_PL, db=db)
    with Memory(db) as m:
        assert words.upto(m.db) == 0  # the alignment indexed nothing
        assert m.update_concordance_index() > 30
    return db


def _check_index(m: Memory, *, full: bool = False) -> None:
    """The index holds exactly the pairs with id <= the watermark and is sound; ``full``:
    every pair is indexed, and the index's tokens are checked against the pairs' text."""
    upto = words.upto(m.db)
    held = [r[0] for r in m.db.execute(f"select id from {FTS_TABLE}_docsize order by id")]
    assert held == [r[0] for r in m.db.execute("select id from pairs where id <= ? order by id", [upto])]
    m.db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('integrity-check')")
    if full:
        assert not m.concordance_index_behind()
        m.db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rank) values ('integrity-check', 1)")


def _drop_index(path) -> None:
    """Make ``path`` look like a memory written before the index."""
    conn = sqlite3.connect(path)
    with conn:
        for name in _FTS_SCHEMA_NAMES[1:]:
            conn.execute(f"drop trigger {name}")
        conn.execute(f"drop table {FTS_TABLE}")
        conn.execute("delete from meta where key = ?", [FTS_UPTO])
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()


def _digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_a_new_memory_has_the_index_filled_by_update(seed_db, tmp_path):
    with Memory(tmp_path / "new.db") as m:
        assert words.upto(m.db) == 0 and not m.concordance_index_behind()
        assert m.update_concordance_index() == 0
    with Memory(seed_db, readonly=True) as m:
        assert words.upto(m.db) is not None
        n = m.db.execute("select count(*) from pairs").fetchone()[0]
        indexed = m.db.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0]
        assert n == indexed > 30
        assert words.upto(m.db) == m.fuzzy_max_id()
    with Memory(seed_db) as m:
        _check_index(m, full=True)


@pytest.mark.parametrize("side", ["both", "source", "target"])
def test_fts_and_like_give_the_same_hits_on_the_seed(seed_db, side):
    with Memory(seed_db, readonly=True) as m:
        found = 0
        for lang, query in SEED_QUERIES:
            like = concordance(m, query, lang, side=side, limit=200, method="like")
            fts = concordance(m, query, lang, side=side, limit=200, method="fts")
            assert fts == like, (lang, query, side)
            assert concordance(m, query, lang, side=side, limit=200) == fts  # auto: the index
            found += bool(fts)
        if side == "both":
            assert found == len(SEED_QUERIES)  # every query finds something


def test_seed_hits_are_whole_words(seed_db):
    with Memory(seed_db, readonly=True) as m:
        hits = concordance(m, "kierownika konta", "pl", limit=200, method="fts")
        texts = {m_["target"][a:b] for m_ in hits for a, b in m_["highlights"]["target"]}
        assert "kierownika konta" in {t.lower() for t in texts}
        plural = concordance(m, "kierownicy", "pl", limit=200, method="fts")
        forms = {h["target"][a:b].lower() for h in plural for a, b in h["highlights"]["target"]}
        assert {"kierownik", "kierownicy", "kierownika"} <= forms
        konta = concordance(m, "konta", "pl", limit=200, method="fts")
        spans = {h["target"][a:b].lower() for h in konta for a, b in h["highlights"]["target"]}
        assert spans and not any(s.startswith("kontakt") for s in spans)
        en = concordance(m, "Account Executives", "en", side="source", limit=200, method="fts")
        assert en and all(h["highlights"]["source"] for h in en)
        assert [h["id"] for h in en] == sorted(h["id"] for h in en)


def test_limit_keeps_id_order(seed_db):
    with Memory(seed_db, readonly=True) as m:
        every = concordance(m, "kierownik", "pl", limit=200, method="fts")
        assert len(every) > 3
        assert concordance(m, "kierownik", "pl", limit=3, method="fts") == every[:3]
        assert concordance(m, "kierownik", "pl", limit=3, method="like") == every[:3]


def test_old_memory_read_only_scans_and_writable_open_adds_the_empty_index(seed_db, tmp_path):
    with Memory(seed_db, readonly=True) as m:
        expected = {(lang, q): concordance(m, q, lang, limit=200, method="fts") for lang, q in SEED_QUERIES}
    old = tmp_path / "old.db"
    shutil.copy(seed_db, old)
    _drop_index(old)
    before = _digest(old)

    with Memory(old, readonly=True) as m:
        assert words.upto(m.db) is None
        for lang, q in SEED_QUERIES:
            assert concordance(m, q, lang, limit=200) == expected[lang, q]  # auto: the LIKE scan
        with pytest.raises(sqlite3.OperationalError):
            concordance(m, "konto", "pl", method="fts")
        with pytest.raises(InputError):
            m.update_concordance_index()
    assert _digest(old) == before
    assert not any(os.path.exists(str(old) + s) for s in ("-wal", "-shm"))

    with Memory(old) as m:  # a writable open adds the index, empty: opens stay fast
        assert words.upto(m.db) == 0 and m.concordance_index_behind()
        assert m.db.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0] == 0
        _check_index(m)
        for lang, q in SEED_QUERIES:
            assert concordance(m, q, lang, limit=200) == expected[lang, q]  # auto: all scanned
            assert concordance(m, q, lang, limit=200, method="fts") == []  # nothing indexed yet
        n = m.db.execute("select count(*) from pairs").fetchone()[0]
        assert m.update_concordance_index() == n
        _check_index(m, full=True)
        for lang, q in SEED_QUERIES:
            assert concordance(m, q, lang, limit=200) == expected[lang, q]
            assert concordance(m, q, lang, limit=200, method="fts") == expected[lang, q]


@pytest.mark.parametrize("missing", ["pairs_fts_delete", "watermark", "eager insert trigger"])
def test_half_made_index_is_made_again(seed_db, tmp_path, missing):
    db = tmp_path / "half.db"
    shutil.copy(seed_db, db)
    conn = sqlite3.connect(db)
    with conn:
        if missing == "watermark":
            conn.execute("delete from meta where key = ?", [FTS_UPTO])
        elif missing == "eager insert trigger":  # the unreleased eager version's
            conn.execute(
                f"create trigger pairs_fts_insert after insert on pairs begin insert into {FTS_TABLE}(rowid, source,"
                f" target) values (new.id, new.source, new.target); end"
            )
        else:
            conn.execute(f"drop trigger {missing}")
        conn.execute("insert into pairs (src_lang, tgt_lang, source, target) values ('en', 'pl', 'x', 'Zegarmistrz')")
    conn.close()
    with Memory(db, readonly=True) as m:
        assert words.upto(m.db) is None  # stale: not used
        assert concordance(m, "zegarmistrz", "pl")
    with Memory(db) as m:
        assert words.upto(m.db) == 0
        assert concordance(m, "zegarmistrz", "pl")
        assert m.update_concordance_index() == m.db.execute("select count(*) from pairs").fetchone()[0]
        assert concordance(m, "zegarmistrz", "pl", method="fts")
        _check_index(m, full=True)


def _unit(source: str, target: str) -> TranslationUnit:
    return TranslationUnit(source=source, target=target, src_lang="en", tgt_lang="pl")


def test_imports_and_alignments_do_not_touch_the_index(tmp_path):
    from tm.align import align_files

    db = tmp_path / "lazy.db"
    with Memory(db) as m:
        m.add_units([_unit(f"Clock {i}.", f"Zegar {i}.") for i in range(50)], "a.tmx")
        assert words.upto(m.db) == 0
        assert m.db.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0] == 0
        sql = {r[0] for r in m.db.execute("select name from sqlite_master where type = 'trigger' and tbl_name = 'pairs'")}
        assert sql == {"pairs_fts_delete", "pairs_fts_update"}  # no insert trigger
        assert m.update_concordance_index() == 50
    align_files(SEED_EN, SEED_PL, db=db)
    with Memory(db) as m:
        assert words.upto(m.db) == 50 and m.concordance_index_behind()
        assert m.db.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0] == 50
        _check_index(m)
        n = m.update_concordance_index()
        assert n == m.fuzzy_max_id() - 50 > 30
        assert m.update_concordance_index() == 0  # nothing left
        _check_index(m, full=True)


def test_half_indexed_memory_gives_the_same_hits(seed_db, tmp_path):
    """Index part of the pairs: the index for those, the scan for the rest, as one id-ordered
    stream; hits, order, highlights and limits as the scan's, before and after the update."""
    db = tmp_path / "half-indexed.db"
    shutil.copy(seed_db, db)
    with Memory(db) as m:
        n = m.fuzzy_max_id()
        middle = n // 2
        with m.db.atomic():  # as if the second half had been imported after the last update
            m.db.execute(f"delete from {FTS_TABLE}")
            m.db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('rebuild')")
            m.db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, source, target) select 'delete', id, source, target from pairs where id > ?", [middle])
            m.db.execute("update meta set value = ? where key = ?", [str(middle), FTS_UPTO])
        _check_index(m)
    with Memory(db, readonly=True) as m:  # a read-only open uses what is indexed, scans the rest
        before = _digest(db)
        for side in ("both", "source", "target"):
            for lang, q in SEED_QUERIES:
                like = concordance(m, q, lang, side=side, limit=200, method="like")
                assert concordance(m, q, lang, side=side, limit=200) == like, (lang, q, side)
                fts_only = concordance(m, q, lang, side=side, limit=200, method="fts")
                assert fts_only == [h for h in like if h["id"] <= middle]
        every = concordance(m, "kierownik", "pl", limit=200, method="like")
        assert any(h["id"] <= middle for h in every) and any(h["id"] > middle for h in every)
        for k in range(1, len(every) + 1):
            assert concordance(m, "kierownik", "pl", limit=k) == every[:k]
        with pytest.raises(InputError):
            m.update_concordance_index()
    assert _digest(db) == before
    with Memory(db) as m:
        assert m.update_concordance_index() == n - middle
        _check_index(m, full=True)
        for lang, q in SEED_QUERIES:
            assert concordance(m, q, lang, limit=200) == concordance(m, q, lang, limit=200, method="like")


def test_triggers_follow_deletes_and_updates_of_indexed_rows_only(tmp_path):
    db = tmp_path / "sync.db"
    with Memory(db) as m:
        m.add_units([_unit("The watchmaker.", "Zegarmistrz."), _unit("The clock.", "Zegar.")], "a.tmx")
        m.add_units([_unit("The watchmaker.", "Zegarmistrz.")], "b.tmx")  # a duplicate, ignored
        assert m.update_concordance_index() == 2
        m.add_units([_unit("The alarm clock.", "Stary zegar."), _unit("The hourglass.", "Klepsydra.")], "c.tmx")
        assert m.concordance_index_behind()
        assert [h["target"] for h in concordance(m, "zegarmistrz", "pl", method="fts")] == ["Zegarmistrz."]
        assert [h["target"] for h in concordance(m, "zegar", "pl")] == ["Zegar.", "Stary zegar."]
        indexed_id = concordance(m, "zegar", "pl")[0]["id"]
        tail_id = concordance(m, "zegar", "pl")[1]["id"]
        # Updates: an indexed row is re-indexed, a row of the tail stays out of the index.
        m.db.execute("update pairs set target = 'Budzik.' where id in (?, ?)", [indexed_id, tail_id])
        _check_index(m)
        assert concordance(m, "zegar", "pl") == []
        assert [h["id"] for h in concordance(m, "budzik", "pl")] == [indexed_id, tail_id]
        assert [h["id"] for h in concordance(m, "budzik", "pl", method="fts")] == [indexed_id]
        # Deletes: the index forgets an indexed row and never hears of a tail row.
        m.db.execute("delete from pairs where id in (?, ?)", [indexed_id, tail_id])
        _check_index(m)
        assert concordance(m, "budzik", "pl") == []
        raw = m.db.execute(f"select count(*) from {FTS_TABLE} where {FTS_TABLE} match 'budzik OR zegar'").fetchone()[0]
        assert raw == 0
        assert m.update_concordance_index() == 1  # the hourglass
        _check_index(m, full=True)


def test_deleting_the_highest_pairs_lowers_the_watermark(tmp_path):
    """SQLite gives a new pair max(id) + 1: after the highest indexed pairs are deleted, new
    pairs reuse their ids, and must be above the watermark (scanned), not taken as indexed."""
    db = tmp_path / "reuse.db"
    with Memory(db) as m:
        m.add_units([_unit(f"Clock {i}.", f"Zegar {i}.") for i in range(10)], "a.tmx")
        m.add_units([_unit(f"Watch {i}.", f"Zegarek {i}.") for i in range(3)], "b.tmx")
        assert m.update_concordance_index() == 13
        m.add_units([_unit("Sundial.", "Zegar słoneczny.")], "c.tmx")  # id 14, in the tail
        m.db.execute("delete from pairs where id >= 8")  # indexed 8..13 and the tail's 14
        assert words.upto(m.db) == 7
        _check_index(m)
        m.add_units([_unit(f"Hourglass {i}.", f"Klepsydra {i}.") for i in range(4)], "d.tmx")  # ids 8..11
        assert [h["id"] for h in concordance(m, "klepsydra", "pl")] == [8, 9, 10, 11]
        assert concordance(m, "klepsydra", "pl", method="fts") == []
        assert m.update_concordance_index() == 4
        _check_index(m, full=True)
        m.db.execute("delete from pairs")
        assert words.upto(m.db) == 0
        _check_index(m, full=True)


def test_replaced_alignment_leaves_no_stale_tokens(tmp_path):
    from tm.align import align_files

    db = tmp_path / "realign.db"
    align_files(SEED_EN, SEED_PL, db=db)
    with Memory(db) as m:
        m.update_concordance_index()
        before = concordance(m, "kierownik", "pl", limit=200, method="fts")
        m.db.execute("update alignments set method = 'older-version'")
    align_files(SEED_EN, SEED_PL, db=db)  # aligned again by "another version": pairs replaced
    with Memory(db, readonly=True) as m:
        after = concordance(m, "kierownik", "pl", limit=200)  # the new pairs: scanned
        assert len(after) == len(before) and after == concordance(m, "kierownik", "pl", limit=200, method="like")
        # Every old pair's entry was deleted with it; the new pairs reuse the ids, unindexed.
        assert m.db.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0] == 0
        assert words.upto(m.db) == 0
    with Memory(db) as m:
        _check_index(m)
        assert m.update_concordance_index() == m.db.execute("select count(*) from pairs").fetchone()[0]
        _check_index(m, full=True)
        assert concordance(m, "kierownik", "pl", limit=200, method="fts") == after


def test_update_goes_in_batches_and_a_second_updater_finds_nothing(tmp_path, monkeypatch):
    import threading

    db = tmp_path / "two.db"
    with Memory(db) as m:
        m.add_units([_unit(f"Clock {i}.", f"Zegar {i}.") for i in range(20)], "a.tmx")
    monkeypatch.setattr(words, "INDEX_BATCH", 3)  # 7 transactions for 20 pairs
    seen = []
    with Memory(db) as a:
        assert a.update_concordance_index(progress=lambda done, top: seen.append(done)) == 20
    assert seen == [3, 6, 9, 12, 15, 18, 20]
    with Memory(db) as m:
        m.add_units([_unit(f"Bell {i}.", f"Dzwon {i}.") for i in range(30)], "b.tmx")
    # Two updaters at once (threads, own connections): every new pair indexed exactly once.
    counts = []

    def update():
        with Memory(db) as m:
            counts.append(m.update_concordance_index())

    threads = [threading.Thread(target=update) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts)[-1] >= 3 and sum(counts) == 30
    with Memory(db) as b:
        assert b.update_concordance_index() == 0
        _check_index(b, full=True)


def test_tm_index_command(tmp_path):
    from typer.testing import CliRunner

    from tm.cli import app

    runner = CliRunner()
    db = tmp_path / "cli.db"
    with Memory(db) as m:
        m.add_units([_unit(f"Clock {i}.", f"Zegar {i}.") for i in range(7)], "a.tmx")
    result = runner.invoke(app, ["index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "7 pairs indexed" in result.output and " s" in result.output
    assert "0 pairs indexed" in runner.invoke(app, ["index", "--db", str(db)]).output
    assert "Example: tm index" in runner.invoke(app, ["index", "--help"]).output
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite")
    result = runner.invoke(app, ["index", "--db", str(bad)])
    assert result.exit_code == 2 and "tm: error:" in result.output
    result = runner.invoke(app, ["index", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("token", [None, "secret"])
def test_service_refresh_updates_the_index_when_writable(tmp_path, token):
    import time

    from tm.service import Service

    db = tmp_path / "served.db"
    with Memory(db) as m:
        m.add_units([_unit(f"Clock {i}.", f"Zegar {i}.") for i in range(30)], "a.tmx")
    before = _digest(db)
    service = Service(db, token)
    service.refresh_index(wait=True)
    deadline = time.monotonic() + 20
    while service._indexing_words.locked() and time.monotonic() < deadline:  # taken before the thread starts
        time.sleep(0.02)
    with Memory(db, readonly=True) as m:
        if token:
            assert words.upto(m.db) == 30
        else:  # a read-only server writes nothing, and concordance scans what is not indexed
            assert words.upto(m.db) == 0
            assert len(concordance(service.memory(), "zegar", "pl", limit=50)) == 30
    if not token:
        service.memory().close()
        assert _digest(db) == before


def test_where_the_index_finds_what_the_scan_did_not(tmp_path):
    """Differences, all in the index's favour: mixed case beyond ASCII, typographic apostrophes."""
    db = tmp_path / "diff.db"
    with Memory(db) as m:
        m.add_units(
            [
                _unit("BANK HOLIDAYS", "śWIĘTA BANKOWE"),  # LIKE folds ASCII case only
                _unit("You\u2019re late.", "Spóźniłeś się."),  # ’ vs ' in the query
                _unit("You did not create any tasks.", "Nie utworzyłeś żadnych zadań."),  # agglutinate
            ],
            "t.tmx",
        )
        m.update_concordance_index()
        fts = concordance(m, "święto", "pl", method="fts")
        assert [h["target"] for h in fts] == ["śWIĘTA BANKOWE"]
        assert concordance(m, "święto", "pl", method="like") == []
        assert [h["source"] for h in concordance(m, "You're", "en", method="fts")] == ["You\u2019re late."]
        assert concordance(m, "You're", "en", method="like") == []
        # "utworzyłeś" is "utworzył" + "eś": no generated form, found by prefix, as LIKE found it.
        for method in ("fts", "like"):
            assert [h["target"] for h in concordance(m, "utworzyć", "pl", method=method)] == ["Nie utworzyłeś żadnych zadań."]


def test_all_capital_polish_is_found_before_and_after_indexing(tmp_path):
    db = tmp_path / "caps.db"
    with Memory(db) as m:
        m.add_units(
            [
                TranslationUnit("Bank holidays", "ŚWIĘTA BANKOWE", "en", "pl"),
                TranslationUnit("Bank holidays apply", "Święta bankowe obowiązują", "en", "pl"),
            ],
            "caps.tmx",
        )
        before = [h["id"] for h in concordance(m, "święto", "pl")]
        m.update_concordance_index()
        after = [h["id"] for h in concordance(m, "święto", "pl")]
    assert before == after and len(after) == 2


# (file, since) as the workbench's form sends them: substrings in any case (ASCII and Polish
# capitals), the aligned pairs' context ("en.md#12"), dates that split the memory.
FILTERS = [
    ("", "2021-06-01"),
    ("", "2022-01-01"),
    ("", "2030-01-01"),
    ("django", ""),
    ("ŁÓDŹ", ""),
    ("łódź/wagtail", "2021-06-01"),
    ("EN.MD", ""),
    ("en.md#1", "2020-01-01"),
    (".tmx", "2021-12-31"),
    ("no-such-file", ""),
    ("d_ango", ""),
    ("%", "2021-06-01"),
]


def test_store_filters_give_the_workbench_filters_hits(db_url, tmp_path, seed_units, monkeypatch):
    """The file and date filters in the store's query keep exactly the hits the workbench's
    Python test (tm.web.search._keep) keeps from the unfiltered concordance, on both engines,
    by the scan and by the word index."""
    import tm.store.memory as memory_module
    from tm.align import align_files
    from tm.web.search import _keep

    files = {"Django.tmx": "2020-05-01T10:00:00Z", "Łódź/Wagtail.tmx": "2021-06-01T00:00:00Z", "": "2022-03-04T05:06:07Z"}
    with Memory(db_url) as m:
        for i, (origin_file, created) in enumerate(files.items()):
            monkeypatch.setattr(memory_module, "now", lambda c=created: c)
            part = seed_units[i::3]
            m.add_units([TranslationUnit(u.source, u.target, "en", "pl", context=None if i == 1 else u.context)
                         for u in part], origin_file)
    monkeypatch.setattr(memory_module, "now", lambda: "2021-12-31T23:59:59Z")
    align_files(SEED_EN, SEED_PL, db=db_url, src_lang="en", tgt_lang="pl")

    def check(m: Memory, methods: tuple[str, ...]) -> int:
        kept = 0
        for lang, query in SEED_QUERIES:
            for method in methods:
                every = concordance(m, query, lang, limit=500, method=method)
                rows = m.pairs_by_id([h["id"] for h in every])
                for file, since in FILTERS:
                    f = {"file": file, "since": since}
                    expected = [h for h in every if _keep(rows[h["id"]], f)]
                    got = concordance(m, query, lang, limit=500, method=method, file=file, since=since)
                    assert got == expected, (query, method, file, since)
                    assert concordance(m, query, lang, limit=2, method=method, file=file, since=since) == expected[:2]
                    kept += len(expected)
        return kept

    with Memory(db_url) as m:
        assert check(m, ("auto", "like")) > 100  # nothing indexed yet: the scan
        assert m.update_concordance_index() > 50
        assert check(m, ("auto", "fts")) > 100
