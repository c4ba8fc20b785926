"""The workbench driven in a real browser: Debian's chromium through Playwright
(``executable_path``; pip's playwright needs no browser download). Each flow runs on the shipped
article, aligned and term-extracted by tm itself, and again on a real memory (2,201 human
translations of Django, allauth and Wagtail messages from corpora/real, imported as TMX with
``tm import``); each is judged by the CLI (``tm check``, ``tm export``) reading the same files.
Screenshots of every page go to build/web-screenshots/ (git-ignored). axe-core (vendored,
MPL-2.0, tests/data/vendor/axe-core) checks accessibility."""

from __future__ import annotations

import sqlite3

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_EN, SEED_PL, run_cli
from tm.align.evaluate import read_beads
from tm.formats.tmx import read_tmx
from tm.service import create_app
from webserver import REAL, TOKEN, Served, build_article_memory, build_real_memory, copy_memory

pytestmark = pytest.mark.chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None
if CHROMIUM is None or sync_playwright is None:
    reason = "chromium (scripts/system-deps.sh) and playwright (pip install -e '.[test]') are needed"
    if os.environ.get("CI"):
        raise RuntimeError(reason)
    pytest.skip(reason, allow_module_level=True)

SHOTS = ROOT / "build" / "web-screenshots"
AXE = Path(__file__).parent / "data" / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    where = tmp_path_factory.mktemp("webbrowser")
    db = copy_memory(build_article_memory(where / "template.db"), where / "served")
    supp = where / "glossaries" / "suppressions.tsv"
    served = Served(create_app(db, TOKEN, suppressions=supp))
    yield {"url": served.url, "db": db, "supp": supp, "where": where}
    served.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site["url"], viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    yield p
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, name: str = "Ola Reviewer") -> None:
    page.goto("/login")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def check_json(site) -> dict:
    r = run_cli("check", "--db", site["db"], "--suppressions", site["supp"], "--format", "json", "--fail-on", "never")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


# ----- search ------------------------------------------------------------------------------------


def test_search_finds_a_fuzzy_match_with_differences(page):
    page.goto("/")
    shot(page, "home")
    page.get_by_role("link", name="Search", exact=True).click()
    # a sentence of en.md with two words changed: a fuzzy match, not an exact one
    page.get_by_label("Text").fill("An account executive is a worker who has primary responsibility for the ongoing business relationship with a customer on a day-to-day basis.")
    page.get_by_role("button", name="Search").click()
    first = page.locator(".hit").first
    expect(first).to_contain_text("Account Executive to pracownik")
    score = int(first.locator(".score").inner_text().rstrip("%"))
    assert 70 <= score < 100
    expect(first.locator("ins").first).to_be_visible()  # the match's own words are marked
    only_query = " ".join(first.locator(".query del").all_inner_texts())
    assert "worker" in only_query and "customer" in only_query and "account" not in only_query
    shot(page, "search-fuzzy")
    first.get_by_role("link", name="Pair").click()
    expect(page.locator("h1")).to_contain_text("Pair")
    expect(page.locator(".seg.tgt")).to_contain_text("Account Executive to pracownik")
    shot(page, "pair")


def test_concordance_is_inflection_aware(page):
    page.goto("/search?q=kierownik+konta&mode=concordance&side=target")
    marks = [m.lower() for m in page.locator(".hit .tgt mark").all_inner_texts()]
    assert "kierownika konta" in marks  # "Obowiązki kierownika konta": a genitive found by its lemma
    assert all(m.split()[0].startswith("kierowni") for m in marks)
    shot(page, "search-concordance")


# ----- access -----------------------------------------------------------------------------------


def test_a_write_without_login_is_refused(page, site):
    page.goto("/terms?q=account+executive")
    page.get_by_role("link", name="account executive", exact=True).click()
    expect(page.locator("h1")).to_have_text("account executive")
    entry = page.url
    page.get_by_label("Notes on this term").fill("written without logging in")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_role("alert")).to_contain_text("log in to make changes")
    page.goto(entry)
    expect(page.get_by_label("Notes on this term")).not_to_have_value("written without logging in")


# ----- terms ------------------------------------------------------------------------------------


def test_term_statuses_drive_the_check(page, site):
    before = check_json(site)
    about = [f for f in before["findings"] if f["term"] == "account executive" and f["found"] == "kierownik księgowości"]
    assert about and {f["check"] for f in about} == {"term-inconsistency"}
    log_in(page)
    page.goto("/terms")
    page.get_by_label("Term or rendering").fill("account executive")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="account executive", exact=True).click()
    shot(page, "term-entry")
    for rendering, status in (("kierownik konta", "preferred"), ("kierownik księgowości", "forbidden")):
        page.get_by_label(f"Status of {rendering}", exact=True).select_option(status)
        page.get_by_role("button", name=f"Set status of {rendering}", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page.locator("tr.st-forbidden th")).to_have_text("kierownik księgowości")
    expect(page.locator("tr.st-preferred th")).to_have_text("kierownik konta")
    shot(page, "term-entry-edited")
    page.screenshot(path=str(SHOTS / "readme.png"))  # the viewport: docs/images/workbench.png is a copy
    after = check_json(site)
    about = [f for f in after["findings"] if f["term"] == "account executive" and f["found"] == "kierownik księgowości"]
    assert about and all(f["check"] != "term-inconsistency" for f in about) and all(f["severity"] == "error" for f in about)
    # the same edit drives tm terms suggest and the exports
    r = run_cli("terms", "suggest", "Our account executive calls.", "--db", site["db"], "--format", "json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    s = s["terms"] if isinstance(s, dict) else s
    found = [x for x in s if x["source"] == "account executive"]
    assert found and found[0]["preferred"] == "kierownik konta" and "kierownik księgowości" in found[0]["forbidden"]
    r = page.request.get("/terms/export.tsv")
    assert "account executive\tkierownik księgowości\tforbidden" in r.text()


def test_term_list_search_sort_and_glossary_import(page, site, tmp_path):
    log_in(page)
    page.goto("/terms?sort=frequency")
    counts = [int(c) for c in page.locator("#entries tbody tr td:nth-child(4)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and len(counts) > 5
    shot(page, "terms")
    gloss = tmp_path / "extra.tsv"
    gloss.write_text("# tm glossary: source=en target=pl\nbrand manager\tkierownik marki\tpreferred\n", encoding="utf-8")
    page.get_by_label("Import a glossary (TSV, CSV or TBX)").set_input_files(str(gloss))
    page.get_by_role("button", name="Import", exact=True).click()
    page.goto("/terms?q=brand+manager")
    expect(page.locator("#entries tbody")).to_contain_text("kierownik marki")


# ----- review -----------------------------------------------------------------------------------


def test_suppress_a_false_alarm_and_the_cli_agrees(page, site):
    before = check_json(site)
    alarm = next(f for f in before["findings"] if f["check"] == "untranslated" and f["term"] == "public relations")
    log_in(page, "Ola Reviewer")
    page.goto("/review?group=check")
    shot(page, "review")
    card = page.locator(f"#f-{alarm['id']}")
    expect(card.locator("mark").first).to_have_text("public relations")
    card.get_by_label("Reason").fill("public relations is used in Polish as is")
    card.get_by_role("button", name="Suppress").click()
    expect(page.locator(f"#f-{alarm['id']}")).to_have_count(0)
    after = check_json(site)
    assert alarm["id"] not in {f["id"] for f in after["findings"]}
    dismissed = {d["id"]: d for d in after["dismissed"]} if isinstance(after["dismissed"], list) else after["dismissed"]
    assert alarm["id"] in json.dumps(dismissed) and "used in Polish as is" in json.dumps(dismissed)
    page.goto("/review?status=all")
    history = page.locator("table", has_text="Who decided what")
    expect(history).to_contain_text("Ola Reviewer")
    expect(history).to_contain_text("suppressed")
    shot(page, "review-decided")
    page.locator(f"#f-{alarm['id']}").get_by_role("button", name="Undo").click()
    assert alarm["id"] in {f["id"] for f in check_json(site)["findings"]}
    expect(page.locator("table", has_text="Who decided what")).to_contain_text("undone")


# ----- suggestions ------------------------------------------------------------------------------


def test_suggestions_for_a_sentence(page):
    page.goto("/suggest")
    page.get_by_label("Source sentence").fill("Two account executives met the client.")
    page.get_by_role("button", name="Suggest").click()
    row = page.locator("tbody tr").filter(has=page.locator("td:first-child", has_text="account executives"))
    expect(row.locator("td").nth(1)).to_have_text("account executive")  # the inflected form found
    expect(page.locator("p.seg mark").first).to_have_text("account executives")
    shot(page, "suggest")


# ----- align ------------------------------------------------------------------------------------


def test_align_fix_save_and_export(page, site, tmp_path):
    log_in(page)
    page.goto("/align")
    page.get_by_label("File (Markdown or text)").first.set_input_files(str(SEED_EN))
    page.locator("#target_file").set_input_files(str(SEED_PL))
    page.get_by_role("button", name="Align").click()
    rows = page.locator("tr[data-bead]")
    expect(rows.first).to_be_visible()
    assert page.locator("tr.low").count() >= 1  # the 2-1 and 1-2 beads are marked low-confidence
    shot(page, "align")
    # The aligner got the 1-2 bead right; split it (as a wrong alignment would show it), save,
    # then join it again with the keyboard and save: the TMX export has the joined pair.
    bead = page.locator("tr[data-bead]", has_text="Account executives are usually expected")
    bead.get_by_role("button", name="Split").click()
    alone = page.locator("tr[data-bead]", has_text="Mogą być również")
    expect(alone).to_contain_text("(no source)")
    page.get_by_role("button", name="Save into the memory").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    # re-aligning the same documents keeps the person's fixes
    page.goto("/align")
    page.locator("#source_file").set_input_files(str(SEED_EN))
    page.locator("#target_file").set_input_files(str(SEED_PL))
    page.get_by_role("button", name="Align").click()
    expect(page.get_by_text("pairs kept from your saved fixes")).to_be_visible()
    expect(page.locator("tr[data-bead]", has_text="Mogą być również")).to_contain_text("(no source)")
    page.locator("tr[data-bead]", has_text="Account executives are usually expected").focus()
    page.keyboard.press("j")  # join with the next pair
    joined = page.locator("tr[data-bead]", has_text="Account executives are usually expected")
    expect(joined).to_contain_text("Mogą być również")
    shot(page, "align-fixed")
    page.get_by_role("button", name="Save into the memory").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    out = tmp_path / "memory.tmx"
    r = run_cli("export", "tmx", "--db", site["db"], "-o", out)
    assert r.exit_code == 0, r.output
    tmx = out.read_text(encoding="utf-8")
    tu = next(t for t in re.split(r"<tu[ >]", tmx) if "Account executives are usually expected" in t)
    assert "Od kierowników księgowości" in tu and "Mogą być również" in tu


# ----- escaping, keyboard, accessibility --------------------------------------------------------


def test_a_script_in_a_segment_shows_as_text(page, site):
    from tm.model import TranslationUnit
    from tm.store import Memory

    with Memory(site["db"]) as m:
        m.add_units([TranslationUnit('<script>alert("owned")</script> senior account executive', "<img src=x onerror=alert(1)> kierownik",
                                     "en", "pl")], "hostile.tmx")
    page.goto("/search?q=senior&mode=concordance")
    expect(page.locator(".hit .src").first).to_contain_text('<script>alert("owned")</script>')
    expect(page.locator(".hit .tgt").first).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.dialogs == [] and page.locator(".hit img").count() == 0


def test_every_action_is_reachable_by_keyboard(page):
    page.goto("/search")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        if seen[-1] == "Search":
            break
    assert "q" in seen and seen[-1] == "Search"
    page.get_by_label("Text").focus()
    page.keyboard.type("account executive")
    page.keyboard.press("Enter")
    expect(page.locator(".hit").first).to_be_visible()


@pytest.mark.parametrize("url", ["/", "/search?q=account+executive", "/terms", "/terms/1", "/review", "/suggest?text=account+executive",
                                 "/align", "/login", "/docs"])
def test_axe_finds_no_serious_violations(browser, site, url):
    context = browser.new_context(base_url=site["url"], bypass_csp=True)  # to inject axe
    p = context.new_page()
    p.goto(url)
    p.add_script_tag(path=str(AXE))
    result = p.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


# ----- the same flows on an imported real memory -------------------------------------------------
# Human translations of software messages (corpora/real: the packages' own PO files, so nothing
# here was made by tm), imported as TMX; the term base is tm's extraction from them.


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    where = tmp_path_factory.mktemp("webreal")
    db = build_real_memory(where / "tm.db")
    supp = where / "suppressions.tsv"
    served = Served(create_app(db, TOKEN, suppressions=supp))
    yield {"url": served.url, "db": db, "supp": supp}
    served.stop()


@pytest.fixture
def real_page(browser, real_site):
    context = browser.new_context(base_url=real_site["url"], viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()


def tm_cli(*args) -> subprocess.CompletedProcess:
    """``tm ARGS`` in a process of its own, as a person or CI runs it."""
    return subprocess.run([sys.executable, "-m", "tm.cli", *map(str, args)], capture_output=True, text=True, timeout=120)


def real_check(site, *checks: str) -> list[dict]:
    """The open findings ``tm check --db`` reports (only ``checks``, to keep it quick)."""
    r = tm_cli("check", "--db", site["db"], "--suppressions", site["supp"], "--format", "json", "--fail-on", "never",
               *[a for c in checks for a in ("--check", c)])
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["findings"]


def test_real_search_finds_a_fuzzy_match(real_page):
    # allauth's "You must type the same password each time." with one word changed
    real_page.goto("/search")
    real_page.get_by_label("Text").fill("You must enter the same password each time.")
    real_page.get_by_role("button", name="Search").click()
    first = real_page.locator(".hit").first
    expect(first.locator(".src")).to_have_text("You must type the same password each time.")
    expect(first.locator(".tgt")).to_have_text("Musisz wpisać za każdym razem to samo hasło.")
    score = int(first.locator(".score").inner_text().rstrip("%"))
    assert 70 <= score < 100
    assert first.locator(".src ins").all_inner_texts() == ["type"]  # only the changed word is marked
    assert first.locator(".query del").all_inner_texts() == ["enter"]
    shot(real_page, "real-search-fuzzy")
    first.get_by_role("link", name="Pair").click()
    expect(real_page.locator("main")).to_contain_text("allauth.tmx")  # the pair's provenance: the imported file


def test_real_concordance_finds_other_forms(real_page):
    real_page.goto("/search?q=has%C5%82a&mode=concordance&side=target")  # "hasła", genitive
    marks = [m.lower() for m in real_page.locator(".hit .tgt mark").all_inner_texts()]
    assert "hasło" in marks  # the nominative, found by its lemma
    # every mark is a form of "hasło" (its declension, written out here, not asked of tm)
    assert len(marks) >= 20 and set(marks) <= {"hasło", "hasła", "hasłu", "hasłem", "haśle", "haseł", "hasłom", "hasłami", "hasłach"}
    shot(real_page, "real-search-concordance")
    real_page.get_by_role("link", name="Next page").click()  # more than one page of real hits
    expect(real_page.locator("h2")).to_contain_text("page 2")
    expect(real_page.locator(".hit .tgt mark").first).to_be_visible()


def _targets_with(db, source_phrase: str, target_pattern: str) -> set[str]:
    """Targets of the memory's pairs whose source holds ``source_phrase`` and whose target
    matches ``target_pattern``: counted from the database itself, not asked of tm's matcher."""
    with sqlite3.connect(db) as con:
        rows = con.execute("select source, target from pairs").fetchall()
    return {t for s, t in rows if source_phrase in s.lower() and re.search(target_pattern, t, re.I)}


def test_real_term_statuses_drive_the_check(real_page, real_site):
    checks = ("term-inconsistency", "forbidden-term", "glossary-term")
    before = [f for f in real_check(real_site, *checks) if f["term"] == "authenticator app"]
    # allauth renders "authenticator app" two ways: "aplikacja uwierzytelniająca" and "aplikacja
    # autoryzacyjna"; with no status set, no rendering is an error
    assert not [f for f in before if f["check"] in ("forbidden-term", "glossary-term")]
    other = _targets_with(real_site["db"], "authenticator app", r"aplikacj\w*\s+autoryzacyjn")
    assert len(other) == 5  # the regex over the whole memory, not tm's matcher
    log_in(real_page)
    real_page.goto("/terms")
    real_page.get_by_label("Term or rendering").fill("authenticator")
    real_page.get_by_role("button", name="Show").click()
    real_page.get_by_role("link", name="authenticator app", exact=True).click()
    expect(real_page.locator("h1")).to_have_text("authenticator app")
    for rendering, status in (("aplikacja uwierzytelniająca", "preferred"), ("aplikacja autoryzacyjna", "forbidden")):
        real_page.get_by_label(f"Status of {rendering}", exact=True).select_option(status)
        real_page.get_by_role("button", name=f"Set status of {rendering}", exact=True).click()
        expect(real_page.get_by_role("status")).to_contain_text("Saved")
    shot(real_page, "real-term-entry-edited")
    after = [f for f in real_check(real_site, *checks) if f["term"] == "authenticator app"]
    # the "aplikacja autoryzacyjna" segments are now forbidden-term errors, and nothing else is an error
    forbidden = {f["target"] for f in after if f["check"] == "forbidden-term"}
    assert len(forbidden) >= 4 and forbidden <= other
    assert all(f["severity"] == "error" for f in after if f["check"] == "forbidden-term")
    assert not [f for f in after if f["check"] == "term-inconsistency" and f["found"] == "aplikacja autoryzacyjna"]


def test_real_suppress_false_alarms_and_the_cli_agrees(real_page, real_site):
    before = real_check(real_site, "untranslated")
    # product names left in English are false alarms: "Dokumentacja Django", "Użytkownicy Wagtail"
    django = next(f for f in before if f["found"] == "Django" and f["source"] == "Django Documentation")
    wagtail = [f for f in before if f["check"] == "untranslated" and f["found"] == "Wagtail"]
    assert len(wagtail) > 5
    log_in(real_page, "Ola Reviewer")
    real_page.goto("/review")
    real_page.get_by_label("Check", exact=True).select_option("untranslated")
    real_page.get_by_label("Term or text contains").fill("Django Documentation")
    real_page.get_by_role("button", name="Show").click()
    expect(real_page.locator("article.finding")).to_have_count(1)
    card = real_page.locator(f"#f-{django['id']}")
    expect(card.locator(".tgt mark")).to_have_text("Django")
    card.get_by_label("Reason").fill("Django is a product name")
    card.get_by_role("button", name="Suppress").click()
    expect(real_page.locator(f"#f-{django['id']}")).to_have_count(0)
    # every "Wagtail" finding at once, from one of them
    real_page.get_by_label("Term or text contains").fill("Wagtail")
    real_page.get_by_role("button", name="Show").click()
    card = real_page.locator(f"#f-{wagtail[0]['id']}")
    card.get_by_label("Reason").fill("Wagtail is a product name")
    card.get_by_label(f"all {len(wagtail)} findings of “Wagtail”").check()
    card.get_by_role("button", name="Suppress").click()
    expect(real_page.locator(f"#f-{wagtail[-1]['id']}")).to_have_count(0)
    shot(real_page, "real-review-decided")
    after = {f["id"] for f in real_check(real_site, "untranslated")}
    gone = {django["id"]} | {f["id"] for f in wagtail}
    assert not gone & after and after == {f["id"] for f in before} - gone
    decided = real_site["supp"].read_text(encoding="utf-8")
    assert "Django is a product name" in decided and decided.count("Wagtail is a product name") == len(wagtail)


def test_real_align_fix_save_and_export(real_page, real_site, tmp_path):
    # wagtail-small: one message is two English sentences translated by one Polish sentence (gold
    # bead [68, 69]:[68]); the aligner pairs the first and leaves the second alone: join them.
    en, pl = (REAL / f"wagtail-small.{s}.txt" for s in ("en", "pl"))
    real_page.goto("/align")
    real_page.get_by_label("or paste the text").first.fill(en.read_text(encoding="utf-8"))
    real_page.locator("#target_text").fill(pl.read_text(encoding="utf-8"))
    real_page.get_by_label("One segment per line").check()
    real_page.get_by_role("button", name="Align").click()
    rows = real_page.locator("tr[data-bead]")
    expect(rows).to_have_count(98)
    draft = real_page.url
    first = real_page.locator("tr[data-bead]", has_text="This locale's current language code is not supported.")
    expect(first).to_contain_text("Lokalizacja dla tego kodu języka nie jest wspierana.")
    alone = real_page.locator("tr[data-bead]", has_text="Please choose a new language or delete this locale.")
    expect(alone).to_contain_text("(no translation)")
    first.focus()
    real_page.keyboard.press("j")
    joined = real_page.locator("tr[data-bead]", has_text="This locale's current language code is not supported.")
    expect(joined).to_contain_text("Please choose a new language or delete this locale.")
    expect(joined).to_contain_text("Lokalizacja dla tego kodu języka nie jest wspierana.")
    expect(rows).to_have_count(97)
    shot(real_page, "real-align-fixed")
    # saving without logging in is refused and stores nothing
    real_page.get_by_role("button", name="Save into the memory").click()
    expect(real_page.get_by_role("alert")).to_contain_text("log in to make changes")
    out = tmp_path / "before.tmx"
    assert tm_cli("export", "tmx", "--db", real_site["db"], "-o", out).returncode == 0
    assert "Lokalizacja dla tego kodu" not in out.read_text(encoding="utf-8")
    log_in(real_page)
    real_page.goto(draft)  # the draft and its fix live in the server
    expect(real_page.locator("tr[data-bead]", has_text="This locale's current")).to_contain_text("delete this locale")
    real_page.get_by_role("button", name="Save into the memory").click()
    gold = read_beads(REAL / "wagtail-small.gold")  # 97 beads, each with both sides
    expect(real_page.get_by_role("status")).to_contain_text(f"saved: {len(gold)} pairs")
    out = tmp_path / "after.tmx"
    r = tm_cli("export", "tmx", "--db", real_site["db"], "-o", out)
    assert r.returncode == 0, r.stderr
    tus = re.split(r"<tu[ >]", out.read_text(encoding="utf-8"))
    tu = next(t for t in tus if "This locale's current language code is not supported." in t)
    assert "Please choose a new language or delete this locale." in tu and "Lokalizacja dla tego kodu" in tu
    # with the fix, every gold pair of the document is in the memory as the gold says
    en_lines, pl_lines = en.read_text(encoding="utf-8").splitlines(), pl.read_text(encoding="utf-8").splitlines()
    exported = {(x.source, x.target) for x in read_tmx(out)}
    assert [b for b in gold if (" ".join(en_lines[i] for i in b[0]), " ".join(pl_lines[j] for j in b[1])) not in exported] == []


def test_real_search_filters_fill_the_page(real_page, real_site):
    # The filters apply to every candidate, not to the best 200: a filtered page is as full as
    # the memory allows. The expected hits come from tm.fuzzy / tm.concordance unfiltered.
    from tm import fuzzy
    from tm.concordance import concordance
    from tm.store import Memory

    q = "Delete the selected items"
    every = fuzzy.lookup_db(real_site["db"], q, "en", "pl", min_score=30, limit=100_000)
    docs = [m for m in every if "wagtail-documents.tmx" in m.provenance.get("origin_file", "")]
    assert len(docs) > 20 > sum("wagtail-documents.tmx" in m.provenance.get("origin_file", "") for m in every[:200])
    real_page.goto("/search")
    real_page.get_by_label("Text").fill(q)
    real_page.get_by_label("Minimum match %").fill("30")
    real_page.get_by_label("Source file contains").fill("wagtail-documents")
    real_page.get_by_role("button", name="Search").click()
    expect(real_page.locator(".hit")).to_have_count(20)
    assert all("wagtail-documents.tmx" in m for m in real_page.locator(".hit .meta").all_inner_texts())
    real_page.get_by_role("link", name="Next page").click()
    expect(real_page.locator(".hit")).to_have_count(len(docs) - 20)
    shot(real_page, "real-search-filtered")
    # by date: every pair but wagtail-users' as if imported in 2020 (the date the filter reads)
    with Memory(real_site["db"]) as m:
        m.db.execute("update pairs set created = '2020-01-01T00:00:00Z' where origin_file not like '%wagtail-users.tmx'")
        found = concordance(m, "page", "en", side="source", limit=5000)
        users = [h for h in found if h["context"].startswith("wagtail-users#")]
    assert users and all(h not in found[:200] for h in users)  # past the first 200 hits
    real_page.goto("/search?q=page&mode=concordance&since=2021-01-01")
    expect(real_page.locator(".hit")).to_have_count(len(users))
    assert {t.split()[-1] for t in real_page.locator(".hit .meta").all_inner_texts()} == {h["context"] for h in users}
