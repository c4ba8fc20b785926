"""The workbench over HTTP (FastAPI's TestClient, no browser): escaping, login, CSRF, bad input on
every form (a message on the page, nothing changed), and the library parts it uses (term edits,
decisions, alignment edits). The browser flows are in test_web_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import SEED_EN, SEED_PL, dump_db
from tm.service import create_app
from tm.store import Memory
from tm.store.termedit import TermEditor
from tm.web import alignfix
from webserver import TOKEN, build_article_memory, copy_memory

from tm.model import TranslationUnit

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(scope="module")
def article_db(tmp_path_factory) -> Path:
    return build_article_memory(tmp_path_factory.mktemp("webmem") / "tm.db")


@pytest.fixture
def app_db(article_db, tmp_path):
    db = copy_memory(article_db, tmp_path / "m")
    with Memory(db) as m:
        m.add_units([TranslationUnit(HOSTILE + " account executive", "kierownik konta " + HOSTILE, "en", "pl")], "hostile.tmx")
    return db


@pytest.fixture
def client(app_db, tmp_path):
    app = create_app(app_db, TOKEN, suppressions=tmp_path / "glossaries" / "suppressions.tsv")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def csrf(client: TestClient) -> str:
    client.get("/")
    return client.cookies["tm_csrf"]


def login(client: TestClient) -> str:
    token = csrf(client)
    r = client.post("/login", data={"csrf": token, "token": TOKEN, "name": "Ola"}, follow_redirects=False)
    assert r.status_code == 303
    return token


def error_of(html: str) -> str:
    m = re.search(r'class="error" role="alert">([^<]*)<', html)
    return m.group(1) if m else ""


# ----- escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/search?q=script+alert+account+executive&min=10", "/search?q=bold&mode=concordance",
                                 "/suggest?text=" + HOSTILE])
def test_data_is_escaped(client, url):
    html = client.get(url).text
    assert "&lt;script&gt;alert(" in html  # shown as text ...
    assert "<script>alert(" not in html  # ... never as markup
    assert "<b>bold</b>" not in html


def test_pair_page_escapes(client, app_db):
    with Memory(app_db, readonly=True) as m:
        pid = m.db.execute("select id from pairs where origin_file = 'hostile.tmx'").fetchone()[0]
    html = client.get(f"/pairs/{pid}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert "<script>alert" not in html


# ----- access --------------------------------------------------------------------------------------


def test_write_without_login_is_refused(client, app_db):
    before = dump_db(app_db)
    token = csrf(client)
    r = client.post("/terms/new", data={"csrf": token, "source": "pitch", "target": "prezentacja"})
    assert r.status_code == 403 and "log in" in error_of(r.text)
    assert dump_db(app_db) == before


def test_login_sets_strict_httponly_cookie_and_never_puts_the_token_in_it(client):
    token = csrf(client)
    r = client.post("/login", data={"csrf": token, "token": TOKEN, "name": "Ola"}, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "tm_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert TOKEN not in cookie and TOKEN not in r.headers.get("location", "")


def test_wrong_token_and_missing_csrf_are_refused(client, app_db):
    token = csrf(client)
    r = client.post("/login", data={"csrf": token, "token": "nope", "name": "Ola"})
    assert r.status_code == 403 and error_of(r.text) == "wrong token"
    login(client)
    before = dump_db(app_db)
    r = client.post("/terms/new", data={"source": "pitch", "target": "prezentacja"})  # no csrf field
    assert r.status_code == 403 and "CSRF" in error_of(r.text)
    r = client.post("/terms/new", data={"csrf": "forged", "source": "pitch", "target": "prezentacja"})
    assert r.status_code == 403
    assert dump_db(app_db) == before


def test_read_only_server_offers_no_login(app_db):
    with TestClient(create_app(app_db, None)) as c:
        assert "Read-only server" in c.get("/").text
        token = (c.get("/"), c.cookies["tm_csrf"])[1]
        r = c.post("/login", data={"csrf": token, "token": "x", "name": "Ola"})
        assert r.status_code == 403 and "read-only" in error_of(r.text)


def test_api_docs_work_offline(client):
    html = client.get("/docs").text
    assert "/api/v1/lookup" in html and "cdn" not in html.lower()
    assert "http" not in re.sub(r'href="/[^"]*"|http://127|https?://www\.w3\.org', "", html).split("<body", 1)[1]


# ----- bad input: a message on the page, nothing changed --------------------------------------------


@pytest.mark.parametrize(
    "url,expected",
    [
        ("/search?q=", "the search is empty"),
        ("/search?q=" + "a" * 2500, "limit is 2000"),
        ("/search?q=account&pair=de-fr", "no translation memory for de → fr"),
        ("/search?q=account&since=yesterday", "not YYYY-MM-DD"),
        ("/suggest?text=%20", "the sentence is empty"),
        ("/terms?sort=colour", "sort must be one of"),
        ("/review?severity=fatal", "unknown filter"),
        ("/review?check=spelling", "unknown check"),
        ("/review?q=" + "x" * 300, "too long"),
    ],
)
def test_bad_queries(client, url, expected):
    r = client.get(url)
    assert r.status_code == 400 and expected in error_of(r.text)


BINARY = bytes(range(256)) * 40


@pytest.mark.parametrize(
    "files,data,expected",
    [
        ({}, {"source_text": "", "target_text": "Tekst."}, "the source document is empty"),
        ({"source_file": ("en.md", BINARY), "target_file": ("pl.md", SEED_PL.read_bytes())}, {}, "en.md"),
        ({"source_file": ("en.md", b"x" * (1024 * 1024 + 10))}, {"target_text": "Tekst."}, "larger than 1024 KB"),
        ({}, {"source_text": SEED_EN.read_text(), "target_text": SEED_EN.read_text()}, "same language"),
        ({}, {"source_text": SEED_EN.read_text(), "target_text": SEED_PL.read_text(), "src_lang": "pl", "tgt_lang": "pl"}, "same language"),
        ({}, {"source_text": SEED_EN.read_text(), "target_text": Path(__file__).with_name("conftest.py").read_text()}, ""),
        ({}, {"source_text": SEED_EN.read_text(), "target_text": "Ala ma kota. " * 3 + "\n\nPies je. Kot śpi. Dom stoi.\n", "tgt_lang": "pl"},
         "do not look like a document and its translation"),
    ],
)
def test_bad_alignment_input(client, app_db, files, data, expected):
    before = dump_db(app_db)
    token = csrf(client)
    r = client.post("/align", data={"csrf": token, **data}, files=files or {"x": ("", b"")})
    assert r.status_code == 400, r.text[:300]
    assert expected in error_of(r.text) and error_of(r.text)
    assert dump_db(app_db) == before


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("g.tsv", b"", "empty"),
        ("g.tbx", BINARY, "g.tbx"),
        ("g.csv", b"\xff\xfe\x00garbage\x00" * 10, "g.csv"),
        ("g.tsv", b"# tm glossary: source=de target=fr\nHaus\tmaison\n", "de"),
    ],
)
def test_bad_glossary_upload(client, app_db, name, data, expected):
    token = login(client)
    before = dump_db(app_db)
    r = client.post("/terms/import", data={"csrf": token}, files={"file": (name, data)})
    assert r.status_code == 400 and expected in error_of(r.text), error_of(r.text)
    assert dump_db(app_db) == before


def test_bad_term_edits(client, app_db):
    token = login(client)
    before = dump_db(app_db)
    with TermEditor(app_db, readonly=True) as tb:
        e = tb.page(q="account executive")[0][0]
    cases = [
        (f"/terms/{e.id}/status", {"rendering": "no such rendering", "status": "preferred"}, "has no rendering"),
        (f"/terms/{e.id}/status", {"rendering": e.renderings[0].text, "status": "holy"}, "status must be one of"),
        (f"/terms/{e.id}/notes", {"notes": "n" * 5000}, "limit is 4000"),
        (f"/terms/{e.id}/renderings", {"text": "  "}, "is empty"),
        (f"/terms/{e.id}/delete", {}, "tick the box"),
        ("/terms/new", {"source": "account executives", "target": "x"}, "already in the term base"),
        ("/terms/new", {"source": ""}, "is empty"),
        ("/terms/999999/notes", {"notes": "x"}, "no term entry 999999"),
    ]
    for url, data, expected in cases:
        r = client.post(url, data={"csrf": token, **data})
        assert r.status_code == 400 and expected in error_of(r.text), (url, error_of(r.text))
    assert dump_db(app_db) == before


def test_bad_review_decisions(client, tmp_path):
    token = login(client)
    supp = tmp_path / "glossaries" / "suppressions.tsv"
    r = client.post("/review/decide", data={"csrf": token, "id": "000000000000", "decision": "suppressed", "reason": "x"})
    assert r.status_code == 400 and "no open finding" in error_of(r.text)
    fid = re.search(r'name="id" value="([0-9a-f]{12})"', client.get("/review").text).group(1)
    r = client.post("/review/decide", data={"csrf": token, "id": fid, "decision": "suppressed", "reason": "  "})
    assert r.status_code == 400 and "give a reason" in error_of(r.text)
    r = client.post("/review/undo", data={"csrf": token, "id": fid})
    assert r.status_code == 400 and "no decision" in error_of(r.text)
    assert not supp.exists()


def test_review_filters_and_decisions_keep_them(client):
    token = login(client)
    html = client.get("/review?check=untranslated&q=public+relations&status=open").text
    ids = re.findall(r'name="id" value="([0-9a-f]{12})"', html)
    checks = re.findall(r'<h3><span class="sev">\w+</span> ([\w-]+) ·', html)
    assert ids and set(checks) == {"untranslated"}
    assert len(ids) < len(re.findall(r'name="id" value="', client.get("/review?status=open").text))
    back = "check=untranslated&q=public+relations&next=//evil.example&status=open"
    r = client.post("/review/decide", data={"csrf": token, "id": ids[0], "decision": "accepted", "reason": "fine", "back": back},
                    follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/review?check=untranslated&q=public+relations&status=open&decided=1"


# ----- the library parts ------------------------------------------------------------------------


def test_person_edits_survive_a_rebuild(app_db):
    with TermEditor(app_db) as tb:
        e = tb.page(q="account executive")[0][0]
        tb.set_status(e.id, "kierownik księgowości", "forbidden")
        tb.set_status(e.id, "kierownik konta", "preferred")
        tb.set_notes(e.id, "not a bookkeeper")
        tb.build()
        after = tb.entry(e.id)
    statuses = {r.text: r.status for r in after.renderings}
    assert after.origin == "edited" and after.notes == "not a bookkeeper"
    assert statuses["kierownik konta"] == "preferred" and statuses["kierownik księgowości"] == "forbidden"


def test_one_preferred_rendering(app_db):
    with TermEditor(app_db) as tb:
        e = tb.page(q="account executive")[0][0]
        tb.set_status(e.id, "kierownik konta", "preferred")
        e = tb.set_status(e.id, "menedżer konta", "preferred")
    assert [r.text for r in e.renderings if r.status == "preferred"] == ["menedżer konta"]
    assert {r.text: r.status for r in e.renderings}["kierownik konta"] == "admitted"


def test_alignment_edits():
    beads = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,)), ((4,), (3, 4))]
    assert alignfix.join(beads, 0)[0] == ((0, 1, 2), (0, 1))
    assert alignfix.split(beads, 1)[1:3] == [((1,), (1,)), ((2,), ())]
    assert alignfix.unlink(beads, 0)[:2] == [((0,), ()), ((), (0,))]
    assert alignfix.link(beads, 3, 2)[2] == ((3,), (2,))
    assert alignfix.move(beads, 4, -1)[3] == ((), (2, 3))
    with pytest.raises(Exception, match="nothing to split"):
        alignfix.split(beads, 0)
    kept = [((1,), (1,))]
    merged = alignfix.merge([((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))], kept, 4, 3)
    assert merged == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
