"""The HTTP service over real HTTP: uvicorn on 127.0.0.1 on a free port, httpx as the client."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import httpx
import pytest
import uvicorn

from conftest import ENGINES, ROOT, SEED_EN, SEED_PL, connect, new_database
from tm.formats.tmx import read_tmx, write_tmx
from tm.store import Memory
from tm.model import TranslationUnit
from tm.service import create_app

TOKEN = "test-token-1234"
SLASH_SOURCE = "Save and/or publish 3 pages?"
SLASH_TARGET = "Zapisz i/lub opublikuj 3 strony?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(app):
    """Serve ``app`` with uvicorn in a thread; yields the base URL; stops it afterwards."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module", params=ENGINES)
def seed_db(tmp_path_factory, request):
    """The seed article aligned into a database, plus one unit whose source contains '/'; on
    each engine."""
    from tm.align import align_files

    db = new_database(request.param, tmp_path_factory.mktemp("service"), request)
    result = align_files(SEED_EN, SEED_PL, db=db, src_lang="en", tgt_lang="pl")
    with Memory(db) as m:
        m.add_units([TranslationUnit(SLASH_SOURCE, SLASH_TARGET, "en", "pl")], "slash.tmx")
    return db, result


@pytest.fixture(scope="module")
def server(seed_db):
    db, _ = seed_db
    with running(create_app(db, token=TOKEN, max_body=64 * 1024, max_query=500)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


@pytest.fixture(scope="module")
def readonly(seed_db):
    db, _ = seed_db
    with running(create_app(db)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def aligned_pairs(result):
    return [p for p in result.pairs if p.source and p.target]


# -- lookup -----------------------------------------------------------------------------------------


def test_health_and_openapi(server):
    health = server.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["indexed_pairs"] > 30 and health["writable"] is True
    spec = server.get("/openapi.json").json()
    assert "/api/v1/lookup" in spec["paths"] and "/tmserver/{slang}/{tlang}/unit/{text}" in spec["paths"]


def test_lookup_exact_context_and_fuzzy(server, seed_db):
    _, result = seed_db
    pairs = aligned_pairs(result)
    k = next(i for i in range(1, len(pairs) - 1) if len(pairs[i].source_text) > 40)
    prev, this, nxt = pairs[k - 1].source_text, pairs[k].source_text, pairs[k + 1].source_text
    r = server.get("/api/v1/lookup", params={"q": this, "src": "en", "tgt": "pl", "prev": prev, "next": nxt})
    assert r.status_code == 200
    top = r.json()["matches"][0]
    assert top["quality"] == 101 and top["target"] == pairs[k].target_text
    assert top["provenance"]["origin"] == "align" and top["provenance"]["context"].startswith("en.md#")
    top = server.get("/api/v1/lookup", params={"q": this}).json()["matches"][0]
    assert top["quality"] == 100 and top["diff"] == []
    # A number that differs: the score drops below the plain similarity and the number is shown.
    q = this.rstrip(".") + " 42 times."
    top = server.get("/api/v1/lookup", params={"q": q, "min_score": 50}).json()["matches"][0]
    assert top["source"] == this
    numbers = [d for d in top["differences"] if d["kind"] == "number"]
    assert numbers and numbers[0]["query"] == ["42"]
    assert top["quality"] < top["similarity"]
    assert any(op["op"] in ("insert", "delete", "replace") and "42" in op["query"] for op in top["diff"])


def test_lookup_errors_are_json(server):
    r = server.get("/api/v1/lookup", params={"q": "x", "src": "en", "tgt": "xx"})
    assert r.status_code == 404 and r.json() == {"error": "no translation memory for en → xx", "status": 404}
    r = server.get("/api/v1/lookup", params={"q": "zzqx wvvk", "src": "en", "tgt": "pl"})
    assert r.status_code == 200 and r.json()["matches"] == []
    r = server.get("/api/v1/lookup")
    assert r.status_code == 422 and "q" in r.json()["error"]
    r = server.get("/api/v1/lookup", params={"q": "x", "limit": 0})
    assert r.status_code == 422 and r.json()["status"] == 422
    r = server.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]


# -- amaGama ----------------------------------------------------------------------------------------


def test_amagama_unit_exact_response_shape(server, seed_db):
    _, result = seed_db
    text = aligned_pairs(result)[5].source_text
    for prefix in ("/tmserver", "/api/v1"):
        r = server.get(f"{prefix}/en/pl/unit/{quote(text, safe='')}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        body = r.json()
        assert isinstance(body, list) and body
        for item in body:
            assert set(item) == {"source", "target", "quality", "rank"}
            assert isinstance(item["quality"], (int, float)) and 75 <= item["quality"] <= 100
        assert body[0]["source"] == text and body[0]["quality"] == 100
        assert [i["quality"] for i in body] == sorted((i["quality"] for i in body), reverse=True)


def test_amagama_text_with_slash_and_query_form(server):
    # Clients send "/" unencoded in the path; the text must arrive whole.
    r = server.get("/tmserver/en/pl/unit/" + quote(SLASH_SOURCE, safe="/"))
    assert r.json()[0] == {"source": SLASH_SOURCE, "target": SLASH_TARGET, "quality": 100.0, "rank": 100.0}
    r = server.get("/tmserver/en/pl/unit/", params={"source": SLASH_SOURCE})
    assert r.json()[0]["target"] == SLASH_TARGET
    # Near miss: same text with another number is a fuzzy match below 100.
    r = server.get("/tmserver/en/pl/unit/" + quote("Save and/or publish 4 pages?", safe=""))
    assert r.json()[0]["target"] == SLASH_TARGET and r.json()[0]["quality"] < 100


def test_amagama_parameters_and_errors(server):
    assert server.get("/tmserver/en/pl/unit/" + quote("zzqx wvvk", safe="")).json() == []
    # as amaGama: a known source language with an unknown target is an empty answer, not a 404
    r = server.get("/tmserver/en/de/unit/hello")
    assert r.status_code == 200 and r.json() == []
    assert server.get("/tmserver/de/pl/unit/hello").status_code == 404
    assert server.get("/tmserver/en/en/unit/hello").status_code == 404
    assert server.get("/tmserver/pl/en/unit/hello").json()["error"]
    r = server.get("/tmserver/en/pl/unit/Account%20Executive", params={"max_candidates": 1, "min_similarity": 30})
    assert len(r.json()) == 1
    many = server.get("/tmserver/en/pl/unit/Account%20Executive", params={"max_candidates": 1000, "min_similarity": 30}).json()
    assert 1 < len(many) <= 30
    strict = server.get("/tmserver/en/pl/unit/Account%20Executives", params={"min_similarity": 99}).json()
    assert all(i["quality"] >= 99 for i in strict)
    r = server.get("/tmserver/en/pl/unit/Account%20Executive", params={"jsoncallback": "cb"})
    assert r.headers["content-type"].startswith("application/javascript")
    assert r.text.startswith("cb(") and json.loads(r.text[3:-1])[0]["quality"] == 100
    assert server.get("/tmserver/en/pl/unit/x", params={"jsoncallback": "alert(1)"}).status_code == 400


def test_amagama_languages(server):
    for prefix in ("/tmserver", "/api/v1"):
        assert server.get(f"{prefix}/languages/").json() == {"sourceLanguages": ["en"], "targetLanguages": ["pl"]}


# -- terms, concordance, check ----------------------------------------------------------------------


def test_terms(server, seed_db, tmp_path):
    from tm.glossary import import_glossary
    from tm.store import TermBase

    db, _ = seed_db
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("account executive\tkierownik konta\n", encoding="utf-8")
    with TermBase(db, "en", "pl") as tb:
        import_glossary(tb, glossary)
    r = server.get("/api/v1/terms", params={"q": "Our account executives call clients.", "src": "en", "tgt": "pl"})
    assert r.status_code == 200, r.text
    terms = r.json()["terms"]
    hit = next(t for t in terms if t["source"].lower() == "account executive")
    assert hit["preferred"] == "kierownik konta" and hit["surface"].lower() == "account executives"
    # The target side: an inflected rendering is recognised too.
    r = server.get("/api/v1/terms", params={"q": "Rozmawiałem z kierownikiem konta.", "side": "target"})
    assert any(t["source"].lower() == "account executive" for t in r.json()["terms"])


def test_concordance_is_lemma_aware(server):
    r = server.get("/api/v1/concordance", params={"q": "kierownik konta", "lang": "pl", "limit": 200})
    hits = r.json()["hits"]
    assert r.status_code == 200 and hits
    seen = set()
    for h in hits:
        for start, end in h["highlights"]["target"]:
            seen.add(h["target"][start:end].lower())
    # Inflected forms are found, not only the base form.
    assert "kierownik konta" in seen and seen - {"kierownik konta"}
    assert all(s.startswith("kierowni") for s in seen)
    en = server.get("/api/v1/concordance", params={"q": "account executive", "lang": "en", "side": "source"}).json()
    assert en["hits"] and all("source" in h["highlights"] for h in en["hits"])


def test_check(server):
    r = server.post(
        "/api/v1/check",
        json={"src_lang": "en", "tgt_lang": "pl", "segments": [{"id": "s1", "source": "Pay 5 dollars now.", "target": "Zapłać 6 dolarów teraz."}]},
    )
    assert r.status_code == 200
    findings = r.json()["findings"]
    assert any(f["check"] == "numbers" and f["segment_ids"] == ["s1"] for f in findings)
    assert server.post("/api/v1/check", json={"segments": "nope"}).status_code == 422


def test_check_uses_the_stored_term_base(server, seed_db, tmp_path):
    from tm.glossary import import_glossary
    from tm.store import TermBase

    db, _ = seed_db
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("account executive\tkierownik konta\n", encoding="utf-8")
    with TermBase(db, "en", "pl") as tb:
        import_glossary(tb, glossary)
    segments = [
        {"id": "bad", "source": "The account executive calls the client.", "target": "Dyrektor handlowy dzwoni do klienta."},
        {"id": "good", "source": "The account executive calls the client.", "target": "Kierownik konta dzwoni do klienta."},
    ]
    r = server.post("/api/v1/check", json={"src_lang": "en", "tgt_lang": "pl", "segments": segments})
    assert r.status_code == 200
    report = r.json()
    # The term checks ran on the memory's stored term base (the report names where its
    # renderings came from); what they find is tm.check's business, tested in test_check.py.
    assert any("stored term base" in n for n in report["notes"]), report["notes"]
    assert not any("term checks skipped" in n for n in report["notes"])
    assert any(f["check"] == "inconsistent-target" for f in report["findings"])


# -- align, import, export, writes -------------------------------------------------------------------


def test_align_without_storing_needs_no_token(server):
    r = server.post("/api/v1/align", json={"source": "One cat. Two dogs.", "target": "Jeden kot. Dwa psy.", "src_lang": "en", "tgt_lang": "pl"})
    assert r.status_code == 200 and r.json()["stored"] is False
    assert [(p["source_text"], p["target_text"]) for p in r.json()["pairs"]] == [("One cat.", "Jeden kot."), ("Two dogs.", "Dwa psy.")]


def test_writes_need_the_token(server, readonly, seed_db):
    db, _ = seed_db
    with Memory(db) as m:
        before = m.fuzzy_max_id()
    body = {"source": "Three birds sing.", "target": "Trzy ptaki śpiewają.", "src_lang": "en", "tgt_lang": "pl", "store": True}
    r = server.post("/api/v1/align", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert server.post("/api/v1/align", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = readonly.post("/api/v1/align", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "read-only" in r.json()["error"]
    assert readonly.put("/tmserver/en/pl/unit/x", json={"source": "x", "target": "y"}).status_code == 403
    assert server.post("/api/v1/import?format=tmx", content=b"<tmx/>").status_code == 401
    with Memory(db) as m:
        assert m.fuzzy_max_id() == before  # nothing was written
    r = server.post("/api/v1/align", json={**body, "source_name": "birds.en.md", "target_name": "birds.pl.md"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["stored"] is True
    top = server.get("/api/v1/lookup", params={"q": "Three birds sing."}).json()["matches"][0]
    assert top["target"] == "Trzy ptaki śpiewają." and top["quality"] == 100
    # the documents are recorded under the names the client gave, not the service's temp files
    with connect(db) as con:
        paths = {row[0] for row in con.execute("SELECT path FROM documents")}
    assert {"birds.en.md", "birds.pl.md"} <= paths and not any("tm-align-" in p for p in paths)


def test_import_and_amagama_add_with_token(server, tmp_path):
    tmx = tmp_path / "new.tmx"
    write_tmx([TranslationUnit("Archive this workflow", "Zarchiwizuj ten proces", "en", "pl")], tmx, src_lang="en")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = server.post("/api/v1/import", params={"format": "tmx", "name": "new.tmx"}, content=tmx.read_bytes(), headers=auth)
    assert r.status_code == 200 and r.json()["added"] == 1
    assert server.get("/api/v1/lookup", params={"q": "Archive this workflow"}).json()["matches"][0]["quality"] == 100
    bad = server.post("/api/v1/import", params={"format": "tmx", "name": "bad.tmx"}, content=b"<tmx><body><tu>", headers=auth)
    assert bad.status_code == 400 and bad.json()["error"].startswith("bad.tmx")
    r = server.put("/tmserver/en/pl/unit/x", json={"source": "Unpublish the snippet", "target": "Cofnij publikację fragmentu"}, headers=auth)
    assert r.status_code == 200 and r.json()["added"] == 1
    assert server.get("/tmserver/en/pl/unit/Unpublish%20the%20snippet").json()[0]["target"] == "Cofnij publikację fragmentu"


def test_export(server, tmp_path, seed_db):
    db, _ = seed_db
    r = server.get("/api/v1/export/tmx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-tmx+xml")
    out = tmp_path / "out.tmx"
    out.write_bytes(r.content)
    units = list(read_tmx(out))
    with Memory(db) as m:
        assert len(units) == len(list(m.units()))
    assert any(u.source == SLASH_SOURCE and u.target == SLASH_TARGET for u in units)
    po = server.get("/api/v1/export/po", params={"src": "en", "tgt": "pl"})
    assert po.status_code == 200 and 'msgid "Account Executive"' in po.text
    assert server.get("/api/v1/export/docx").status_code == 404
    tbx = server.get("/api/v1/export/tbx")
    if tbx.status_code == 200:  # the term base has entries (test_terms adds one)
        assert b"<tbx" in tbx.content or b"<martif" in tbx.content
    else:
        assert tbx.status_code == 400 and "term base" in tbx.json()["error"]


@pytest.fixture(scope="module", params=ENGINES)
def export_server(tmp_path_factory, request):
    """A memory with three pairs and the shipped glossary as its term base, on each engine."""
    from tm.glossary import import_glossary_file

    db = new_database(request.param, tmp_path_factory.mktemp("export"), request)
    with Memory(db) as m:
        m.add_units([TranslationUnit("The report is ready.", "Raport jest gotowy.", "en", "pl"),
                     TranslationUnit("Delete the file.", "Usuń plik.", "en", "pl", confidence=0.4, low_confidence=True),
                     TranslationUnit(SLASH_SOURCE, SLASH_TARGET, "en", "pl")], "three.tmx")
    import_glossary_file(db, ROOT / "glossaries" / "en-pl.tsv")
    with running(create_app(db)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def test_export_xliff_in_both_versions(export_server, tmp_path):
    from tm.formats.xliff import read_xliff

    plain = export_server.get("/api/v1/export/xliff")
    v12 = export_server.get("/api/v1/export/xliff", params={"version": "1.2"})
    v20 = export_server.get("/api/v1/export/xliff", params={"version": "2.0"})
    for r in (plain, v12, v20):
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/xliff+xml")
        assert r.headers["content-disposition"] == 'attachment; filename="memory.xlf"'
    assert plain.content == v12.content  # 1.2 is the default, as in tm export
    assert b'version="1.2"' in v12.content and b"urn:oasis:names:tc:xliff:document:1.2" in v12.content
    assert b'version="2.0"' in v20.content and b"urn:oasis:names:tc:xliff:document:2.0" in v20.content
    for name, r in (("v12.xlf", v12), ("v20.xlf", v20)):
        (tmp_path / name).write_bytes(r.content)
        units = list(read_xliff(tmp_path / name))
        assert {(u.source, u.target) for u in units} == {
            ("The report is ready.", "Raport jest gotowy."), ("Delete the file.", "Usuń plik."), (SLASH_SOURCE, SLASH_TARGET)}
        assert [u.low_confidence for u in units if u.source == "Delete the file."] == [True]  # states from confidence


def test_export_tbx_dialects_and_tsv_statuses(export_server):
    v3 = export_server.get("/api/v1/export/tbx")
    martif = export_server.get("/api/v1/export/tbx", params={"dialect": "martif"})
    assert v3.status_code == martif.status_code == 200
    assert b"<tbx" in v3.content and b"<martif" not in v3.content
    assert b"<martif" in martif.content and b"<tbx " not in martif.content
    assert export_server.get("/api/v1/export/tbx", params={"dialect": "v3"}).content == v3.content

    marked = export_server.get("/api/v1/export/tsv")
    omitted = export_server.get("/api/v1/export/tsv", params={"statuses": "omit"})
    assert marked.status_code == omitted.status_code == 200
    assert marked.headers["content-type"].startswith("text/tab-separated-values")
    assert export_server.get("/api/v1/export/tsv", params={"statuses": "mark"}).content == marked.content
    # the glossary's forbidden rendering: marked in the comment column, or left out
    forbidden = [line for line in marked.text.splitlines() if "kierownik księgowości" in line]
    assert len(forbidden) == 1 and "forbidden" in forbidden[0]
    assert "kierownik księgowości" not in omitted.text and "kierownik konta" in omitted.text
    assert "kierownik księgowości" in export_server.get("/api/v1/export/csv").text


def test_export_refuses_unknown_variants(export_server):
    r = export_server.get("/api/v1/export/xliff", params={"version": "3.0"})
    assert r.status_code == 422 and r.json() == {
        "error": "unknown version '3.0' for xliff; use one of 1.2, 2.0, 2", "status": 422}
    r = export_server.get("/api/v1/export/tbx", params={"dialect": "tbx-basic"})
    assert r.status_code == 422 and "v3, martif" in r.json()["error"]
    r = export_server.get("/api/v1/export/tsv", params={"statuses": "hide"})
    assert r.status_code == 422 and "mark, omit" in r.json()["error"]
    r = export_server.get("/api/v1/export/tmx", params={"version": "2.0"})
    assert r.status_code == 422 and r.json()["error"] == "tmx takes no 'version' parameter"
    r = export_server.get("/api/v1/export/xliff", params={"dialect": "martif"})
    assert r.status_code == 422 and r.json()["error"] == "xliff takes no 'dialect' parameter; it takes 'version'"
    assert export_server.get("/api/v1/export/xlsx").status_code == 404


# -- limits ------------------------------------------------------------------------------------------


def test_oversized_requests_are_refused(server):
    big = {"source": "x" * 70_000, "target": "y", "src_lang": "en", "tgt_lang": "pl"}
    r = server.post("/api/v1/align", json=big)
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks():  # no Content-Length: the limit holds on the bytes as they arrive
        for _ in range(20):
            yield b"x" * 8192

    r = server.post("/api/v1/import?format=tmx", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413
    r = server.get("/api/v1/lookup", params={"q": "word " * 200})
    assert r.status_code == 414 and "500" in r.json()["error"]
    r = server.get("/tmserver/en/pl/unit/" + "a" * 600)
    assert r.status_code == 414
    r = server.get("/api/v1/lookup", params={"q": "a" * 20_000})
    assert r.status_code == 414


# -- concurrency ------------------------------------------------------------------------------------


def test_server_answers_while_tm_import_writes(tmp_path):
    """A `tm import` in another process writes while the server answers; nothing fails, and
    the imported pairs become visible to lookups."""
    db = tmp_path / "tm.db"
    with Memory(db) as m:
        m.add_units([TranslationUnit(f"Base message number {i}", f"Wiadomość {i}", "en", "pl") for i in range(2000)], "base.tmx")
    tmx = tmp_path / "big.tmx"
    units = [TranslationUnit(f"Imported sentence about item {i} and its owner", f"Zdanie {i}", "en", "pl") for i in range(20_000)]
    write_tmx(units, tmx, src_lang="en")
    statuses: list[int] = []
    with running(create_app(db)) as base, httpx.Client(base_url=base, timeout=30) as client:
        proc = subprocess.Popen([sys.executable, "-m", "tm.cli", "import", str(tmx), "--db", str(db)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            r = client.get("/api/v1/lookup", params={"q": "Base message number 17"})
            statuses.append(r.status_code)
            assert "locked" not in r.text
        output = proc.stdout.read().decode()
        assert proc.returncode == 0, output
        assert statuses and set(statuses) == {200}
        deadline = time.monotonic() + 60
        while True:
            found = client.get("/api/v1/lookup", params={"q": "Imported sentence about item 12345 and its owner"}).json()["matches"]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert found and found[0]["target"] == "Zdanie 12345" and found[0]["quality"] == 100


def test_a_server_without_a_token_never_writes_the_memory(tmp_path):
    import hashlib

    from tm.align import align_files

    db = tmp_path / "tm.db"
    align_files(SEED_EN, SEED_PL, db=db, src_lang="en", tgt_lang="pl")
    # An old memory without the term tables: a read-only server must not add them.
    con = sqlite3.connect(db)
    with con:
        for table in ("term_renderings", "term_entries", "term_meta"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    con.close()  # the last connection: its close checkpoints the WAL into the file

    def content() -> str:
        # A write may sit in the -wal file: fold it into the file first (a checkpoint of an
        # empty WAL changes nothing), then hash the file.
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        return hashlib.sha256(db.read_bytes()).hexdigest()

    digest = content()
    with running(create_app(db)) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/api/v1/lookup", params={"q": "An account executive sells."}).status_code == 200
        assert client.get("/api/v1/concordance", params={"q": "kierownik konta", "lang": "pl"}).status_code == 200
        assert client.get("/api/v1/terms", params={"q": "Our account executives call"}).status_code == 200
        assert client.get("/api/v1/export/tmx").status_code == 200
        assert client.post("/api/v1/check", json={"src_lang": "en", "tgt_lang": "pl", "segments": [{"source": "Pay $5.", "target": "Zapłać 6 USD."}]}).status_code == 200
    assert content() == digest
    con = sqlite3.connect(db)
    assert not {r[0] for r in con.execute("SELECT name FROM sqlite_master")} & {"term_entries", "term_meta"}
    con.close()
