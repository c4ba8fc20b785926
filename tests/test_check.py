"""The consistency checks (tm.check): each check on hand-made pairs, the review workflow, the
CLI, and the shipped corpus against findings written down by hand from reading pl.md."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, SEED_EN, SEED_PL, dump_db
from typer.testing import CliRunner

from tm.check import (
    KeepList,
    Pair,
    Suppressions,
    check_pairs,
    finding_id,
    number_values,
    review,
    run_check,
)
from tm.cli import app
from tm.errors import InputError

GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"
runner = CliRunner()


def only(check: str, source: str, target: str, keep=()):
    report = check_pairs([Pair("p1", source, target)], "en", "pl", keep=KeepList(keep), checks=[check])
    return report.findings


def marked(f, side="target"):
    text = f.target if side == "target" else f.source
    return [text[s.start : s.end] for s in f.spans if s.side == side]


# -- numbers -----------------------------------------------------------------------------------


def test_number_values_read_both_locales():
    assert number_values("57,504") == {"57504", "57.504"}  # English thousands or Polish decimal
    assert number_values("57 504") == {"57504"}
    assert number_values("57\u00a0504") == {"57504"}
    assert number_values("3,5") == {"3.5"}
    assert number_values("1,000.50") == {"1000.5"}
    assert number_values("1.2.3") == {"1.2.3"}  # a version, compared as written


@pytest.mark.parametrize(
    "source,target",
    [
        ("the average base pay was $57,504 as of May 2021.", "średnia płaca wynosiła 57 504 USD w maju 2021 r."),
        ("It costs 3.5 dollars.", "Kosztuje 3,5 dolara."),
        ("There is one matching page", "Znaleziono 1 pasującą stronę"),
        ("Filter by up to ten tags.", "Filtruj według maks. 10 tagów."),
        ("Rule 3220 applies.", "Zasada 3220 obowiązuje."),
    ],
)
def test_numbers_equal_in_other_locale_formats_pass(source, target):
    assert only("numbers", source, target) == []


def test_numbers_that_differ_are_errors_with_both_sides_marked():
    (f,) = only("numbers", "The average pay was $57,504.", "Średnia płaca wynosiła 57 540 USD.")
    assert f.severity == "error"
    assert marked(f, "source") == ["57,504"]
    assert marked(f) == ["57 540"]
    assert "57,504" in f.message and "57 540" in f.message


def test_currency_that_differs_is_flagged():
    (f,) = only("numbers", "It costs $10.", "Kosztuje 10 EUR.")
    assert "USD" in f.message and "EUR" in f.message
    assert marked(f) == ["EUR"]
    assert only("numbers", "It costs $10.", "Kosztuje 10 dolarów.") == []


# -- URLs, placeholders, markup ----------------------------------------------------------------


def test_link_target_changed():
    (f,) = only("urls", "See [the rules](/finra).", "Zobacz [zasady](/finra-pl).")
    assert f.severity == "error" and marked(f) == ["/finra-pl"] and marked(f, "source") == ["/finra"]
    assert only("urls", "See [the rules](/finra).", "Zobacz [zasady](/finra).") == []
    assert only("urls", "Visit https://example.com/a.", "Odwiedź https://example.com/a.") == []
    assert len(only("urls", "Visit https://example.com/a.", "Odwiedź https://example.com/b.")) == 1


def test_placeholders_must_carry_over():
    (f,) = only("placeholders", "Deleted %(count)d pages of %(name)s.", "Usunięto %(count)d stron.")
    assert f.severity == "error" and "%(name)s" in f.message and marked(f, "source") == ["%(name)s"]
    assert only("placeholders", "Hello {name}, 100% done", "Witaj {name}, gotowe w 100%") == []
    assert only("placeholders", "You need to select some %ss", "Musisz wybrać jakieś %s") == []


def test_inline_markup_differs():
    (f,) = only("markup", "This is **important**.", "To jest ważne.")
    assert f.severity == "warning" and "bold" in f.message
    assert only("markup", "Run `tm check` now.", "Uruchom `tm check` teraz.") == []
    assert len(only("markup", "Run `tm check` now.", "Uruchom `tm sprawdź` teraz.")) == 1
    # "<missing product>" is text, not an HTML tag
    assert only("markup", "<missing product>", "<brakujący produkt>") == []


# -- broken markup, doubled punctuation and words ------------------------------------------------


def test_broken_link_markup_around_finra():
    source = "Rule 3220 of the [Financial Industry Regulatory Authority (FINRA)](/finra) applies."
    target = "Zasadę 3220 Urzędu Regulacji Przemysłu Finansowego ( [FINRA ), która ma zastosowanie do](/finra) i"
    (f,) = only("broken-markup", source, target)
    assert f.severity == "error"
    assert marked(f) == ["( [FINRA )"]  # from the "(" to the ")" that closes it inside the link


def test_unbalanced_brackets_copied_from_the_source_are_not_broken():
    assert only("broken-markup", "Options: a) one, b) two", "Opcje: a) jeden, b) dwa") == []
    assert len(only("broken-markup", "Use (this) one", "Użyj (tego jednego")) == 1
    assert len(only("broken-markup", "A **bold** word", "Słowo **pogrubione")) == 1


def test_doubled_punctuation():
    (f,) = only("doubled-punctuation", "advisors and restricts gifts.", "doradców,. która ogranicza prezenty.")
    assert marked(f) == [",."]
    assert only("doubled-punctuation", "as of May 2021, the pay", "w maju 2021 r., płaca") == []  # abbreviation
    assert only("doubled-punctuation", "Loading...", "Ładowanie...") == []
    # markup between the two marks: not doubled
    assert only("doubled-punctuation", 'Only type "%(type)s".', "Tylko typ: %(type)s.") == []


def test_doubled_word():
    (f,) = only("doubled-word", "in the office", "w w biurze")
    assert marked(f) == ["w w"]
    assert only("doubled-word", "at <b>%(task)s</b> in stage", "w <b>%(task)s</b> w etapie") == []


# -- untranslated --------------------------------------------------------------------------------


def test_target_equal_to_source():
    (f,) = only("untranslated", "Breadcrumbs", "Breadcrumbs")
    assert f.severity == "warning"
    (f,) = only("untranslated", "Status", "Status")  # a Polish word too: only a hint
    assert f.severity == "info"
    assert only("untranslated", "FINRA", "FINRA") == []  # an acronym
    assert only("untranslated", "Glassdoor", "Glassdoor", keep=["Glassdoor"]) == []


def test_english_left_in_polish_is_flagged_and_the_keep_list_silences_it():
    source = "In the advertising and public relations industries, the account executive leads."
    target = "W branży reklamowej i public relations prowadzi Account Executive."
    found = only("untranslated", source, target)
    assert sorted(f.term for f in found) == ["Account Executive", "public relations"]
    assert all(f.severity == "warning" for f in found)
    kept = only("untranslated", source, target, keep=["public relations"])
    assert [f.term for f in kept] == ["Account Executive"]
    assert marked(kept[0]) == ["Account Executive"]


def test_polish_loanwords_and_names_are_not_untranslated():
    assert only("untranslated", "Compensation according to Glassdoor.com", "Wynagrodzenie według Glassdoor.com") == []
    assert only("untranslated", "Send the link", "Wyślij link") == []  # "link" is Polish too
    assert only("untranslated", "Value must be “last”", "Wartość musi być „last”") == []  # a quoted literal


def test_target_still_in_english():
    (f,) = only("untranslated", "uid", "Unique Identification Number")
    assert "still in the source language" in f.message


# -- segment consistency -------------------------------------------------------------------------


def test_same_source_different_targets_and_the_reverse():
    pairs = [
        Pair("a", "Delete", "Usuń"),
        Pair("b", "Delete", "Usuń"),
        Pair("c", "Delete", "Skasuj"),
        Pair("d", "Remove", "Usuń"),
    ]
    report = check_pairs(pairs, "en", "pl", checks=["inconsistent-target", "inconsistent-source"])
    by = {f.check: f for f in report.findings}
    t = by["inconsistent-target"]
    assert t.target == "Skasuj" and t.segment_ids[0] == "c" and set(t.segment_ids) == {"a", "b", "c"}
    assert t.severity == "warning" and t.expected == ["Usuń"]
    s = by["inconsistent-source"]
    assert s.source == "Remove" and s.severity == "info"


# -- ids, suppressions, fail-on --------------------------------------------------------------------


def test_finding_ids_are_stable_and_follow_the_text():
    a = only("doubled-word", "in the office", "w w biurze")[0]
    b = only("doubled-word", "in the office", "w w biurze")[0]
    assert a.id == b.id == finding_id("doubled-word", "in the office", "w w biurze", None, "w")
    fixed = only("doubled-word", "in the office", "w w biurze.")[0]
    assert fixed.id != a.id


def test_identical_pairs_merge_into_one_finding():
    pairs = [Pair("1", "in the office", "w w biurze"), Pair("2", "in the office", "w w biurze")]
    (f,) = check_pairs(pairs, "en", "pl", checks=["doubled-word"]).findings
    assert f.segment_ids == ["1", "2"]


def test_suppress_then_rerun_then_fix(tmp_path):
    path = tmp_path / "suppressions.tsv"
    pairs = [Pair("1", "in the office", "w w biurze"), Pair("2", "Price: $5", "Cena: 6 USD")]
    report = check_pairs(pairs, "en", "pl", suppressions=Suppressions.load(path), checks=["doubled-word", "numbers"])
    assert {f.check for f in report.findings} == {"doubled-word", "numbers"}
    doubled = next(f for f in report.findings if f.check == "doubled-word")
    review(report, Suppressions.load(path), suppress=[doubled.id], reason="dialect")
    assert [f.check for f in report.findings] == ["numbers"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:2] == ["id", "status"]
    assert lines[1].split("\t")[:3] == [doubled.id, "suppressed", "doubled-word"]
    # a later run stays quiet about it
    again = check_pairs(pairs, "en", "pl", suppressions=Suppressions.load(path), checks=["doubled-word", "numbers"])
    assert [f.check for f in again.findings] == ["numbers"]
    assert [(f.id, s.status) for f, s in again.dismissed] == [(doubled.id, "suppressed")]
    # the number is fixed: its finding is gone; the decision on the other one still holds
    fixed = [pairs[0], Pair("2", "Price: $5", "Cena: 5 USD")]
    after = check_pairs(fixed, "en", "pl", suppressions=Suppressions.load(path), checks=["doubled-word", "numbers"])
    assert after.findings == [] and after.stale == []
    # and when the doubled word is fixed too, the decision matches nothing any more
    clean = [Pair("1", "in the office", "w biurze"), fixed[1]]
    done = check_pairs(clean, "en", "pl", suppressions=Suppressions.load(path), checks=["doubled-word", "numbers"])
    assert done.findings == [] and [s.id for s in done.stale] == [doubled.id]


def test_unknown_id_is_refused_and_nothing_written(tmp_path):
    path = tmp_path / "suppressions.tsv"
    report = check_pairs([Pair("1", "in the office", "w w biurze")], "en", "pl", checks=["doubled-word"])
    with pytest.raises(InputError, match="no finding with id 0123456789ab"):
        review(report, Suppressions.load(path), accept=["0123456789ab"])
    assert not path.exists()
    assert len(report.findings) == 1


@pytest.mark.parametrize(
    "content,place",
    [
        ("id\tstatus\nnot-an-id\tsuppressed\n", ":2:"),
        ("id\tstatus\n0123456789ab\tignored\n", ":2:"),
        ("0123456789ab\n", ":1:"),
    ],
)
def test_malformed_suppressions_file_names_the_line(tmp_path, content, place):
    path = tmp_path / "suppressions.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as e:
        Suppressions.load(path)
    assert f"{path}{place}" in str(e.value)


def test_binary_suppressions_file_is_an_input_error(tmp_path):
    path = tmp_path / "suppressions.tsv"
    path.write_bytes(b"\x00\x01\x02\xff" * 50)
    with pytest.raises(InputError):
        Suppressions.load(path)


def test_fail_on_levels():
    report = check_pairs([Pair("1", "in the office", "w w biurze")], "en", "pl", checks=["doubled-word"])
    assert report.findings[0].severity == "warning"
    assert report.fails("warning") and report.fails("info")
    assert not report.fails("error") and not report.fails("never")


# -- the shipped corpus, expectations written by hand ------------------------------------------------
#
# Written by reading corpora/account-executive/pl.md next to en.md, before looking at the tool's
# output: every Polish sentence whose English sentence has "account executive", with how it
# renders the term. Each sentence is named by a phrase of it that occurs in that sentence only.
# (The alignment itself is the pipeline's; tests/test_align_seed.py judges it against its gold.)

KIEROWNIK_KONTA = [  # rendered as the glossary wants, in some case: never flagged for the term
    "Obowiązki kierownika konta",
    "Wynagrodzenie dla kierownika konta",
]
OTHER_RENDERINGS = {  # base form of the rendering -> sentences using it
    "Account Executive": [
        "Account Executive to menedżer",
        "Kim jest Account Executive",
        "Account Executive to pracownik",
        "Zrozumienie Account Executive",
        "Account executive może również",
        "Account Executives mają",
    ],
    "menedżer konta": ["Tytuł zawodowy menedżera konta"],
    "kierownik ds. kont": [
        "przydzielają kierowników ds. kont",
        "Zachęcamy kierowników ds. kont",
        "Jeden kierownik ds. konta",
    ],
    "kierownik ds. obsługi klienta": [
        "jest główną osobą kontaktową",
        "jest zwykle widoczny",
        "Po przedstawieniu oferty",
    ],
    "kierownik ds. rachunków": [
        "oczekuje się, że kierownicy ds. rachunków",
        "kierownicy ds. rachunków muszą przestrzegać",
        "W różnych branżach kierownicy ds. rachunków",
    ],
    "menedżer ds. rachunków": ["Inni menedżerowie ds. rachunków", "Menedżerowie ds. rachunków pracują"],
    "kierownik księgowości": ["Od kierowników księgowości"],
    "doradca klienta": ["doradcy klienta można było"],
}
# The English sentence names the term, the Polish one leaves it out or uses a pronoun.
NO_RENDERING = ["Gdzie można je znaleźć", "Wynagrodzenie zazwyczaj obejmuje"]
# Renderings the term base itself cannot tell apart here (each seen once in a sentence that also
# holds other new words); the test asks only that these sentences are flagged, not how grouped.
LOOSELY_GROUPED: set[str] = set()


def _segment(findings, phrase):
    hits = [f for f in findings if phrase in f.target]
    return hits


def _key(text):
    from tm.terms import phrase_key

    return phrase_key(text, "pl")


@pytest.fixture(scope="module")
def seed_report_glossary():
    assert GLOSSARY.exists(), "the shipped glossary glossaries/en-pl.tsv is missing"
    report, _ = run_check(source=SEED_EN, target=SEED_PL, glossary=GLOSSARY, src_lang="en", tgt_lang="pl")
    return report


@pytest.fixture(scope="module")
def seed_report_plain():
    report, _ = run_check(source=SEED_EN, target=SEED_PL, src_lang="en", tgt_lang="pl")
    return report


TERM_CHECKS = {"glossary-term", "forbidden-term", "deprecated-term", "term-inconsistency"}


def test_seed_every_other_rendering_of_account_executive_is_flagged(seed_report_glossary):
    ae = [f for f in seed_report_glossary.findings if f.check in TERM_CHECKS and f.term == "account executive"]
    for rendering, phrases in OTHER_RENDERINGS.items():
        for phrase in phrases:
            hits = _segment(ae, phrase)
            assert len(hits) == 1, f"{phrase!r} ({rendering}) not flagged once: {hits}"
            if rendering not in LOOSELY_GROUPED:
                assert _key(hits[0].found) == _key(rendering), (phrase, hits[0].found)
            assert hits[0].expected[0] == "kierownik konta"
    for phrase in NO_RENDERING:
        assert len(_segment(ae, phrase)) == 1, f"{phrase!r} not flagged"
    for phrase in KIEROWNIK_KONTA:
        assert _segment(ae, phrase) == [], f"{phrase!r} uses kierownik konta but is flagged"
    # the title and heading "Kierownik konta" are not flagged either
    assert not [f for f in ae if f.target == "Kierownik konta"]
    expected_total = sum(len(p) for p in OTHER_RENDERINGS.values()) + len(NO_RENDERING)
    assert len(ae) == expected_total


def test_seed_renderings_grouped_with_counts_and_segments(seed_report_glossary):
    (group,) = [g for g in seed_report_glossary.groups if g.term == "account executive"]
    assert group.proposed == "kierownik konta" and group.basis == "glossary"
    by_key = {tuple(r.key.split()): r for r in group.renderings}
    by_id = {}
    for f in seed_report_glossary.findings:
        for sid in f.segment_ids:
            by_id.setdefault(sid, f.target)
    for rendering, phrases in OTHER_RENDERINGS.items():
        if rendering in LOOSELY_GROUPED:
            continue
        r = by_key[_key(rendering)]
        assert r.flagged and r.count == len(phrases), (rendering, r)
        targets = [by_id[s] for s in r.segment_ids]
        for phrase in phrases:
            assert any(phrase in t for t in targets), (rendering, phrase)
    ok = by_key[_key("kierownik konta")]
    assert not ok.flagged and ok.status == "preferred"
    assert ok.count == len(KIEROWNIK_KONTA) + 2  # + the title and the heading


def test_seed_without_glossary_the_renderings_form_one_inconsistency_group(seed_report_plain):
    groups = [g for g in seed_report_plain.groups if g.term == "account executive"]
    assert len(groups) == 1
    (group,) = groups
    assert group.basis == "majority"
    keys = {tuple(r.key.split()) for r in group.renderings}
    for rendering in OTHER_RENDERINGS:
        if rendering not in LOOSELY_GROUPED:
            assert _key(rendering) in keys, rendering
    assert _key("kierownik konta") in keys
    # Counted by hand: "kierownik konta" 4 times, the next translations 3 times each; the
    # English copy "Account Executive" (6) is not proposed as a translation.
    assert group.proposed == "kierownik konta"
    flagged = {tuple(r.key.split()) for r in group.renderings if r.flagged}
    assert {_key(r) for r in OTHER_RENDERINGS if r not in LOOSELY_GROUPED} <= flagged
    assert _key("kierownik konta") not in flagged


def test_seed_report_shows_the_other_problems(seed_report_glossary):
    findings = seed_report_glossary.findings
    untranslated = [f for f in findings if f.check == "untranslated"]
    assert {f.term for f in untranslated} >= {"Account Executive", "Account executive", "Account Executives"}
    # kept in English by the glossary (preferred rendering = the term) and by keep-untranslated.txt
    assert not {"public relations", "fast-food", "FINRA"} & {f.term for f in untranslated}
    (broken,) = [f for f in findings if f.check == "broken-markup"]
    assert "[FINRA )" in broken.target and "( [FINRA )" in marked(broken)
    (doubled,) = [f for f in findings if f.check == "doubled-punctuation"]
    assert marked(doubled) == [",."]
    # "$57,504" and "57 504 USD" are the same amount
    assert not [f for f in findings if f.check == "numbers"]


def test_seed_base_salary_renderings_differ(seed_report_glossary):
    salary = [g for g in seed_report_glossary.groups if g.term in ("base salary", "base pay")]
    shown = {r.key for g in salary for r in g.renderings}
    assert {" ".join(_key("wynagrodzenie podstawowe")), " ".join(_key("pensja podstawowa"))} <= shown | {
        " ".join(_key(x)) for g in salary for x in g.expected
    }
    flagged = {f.found for f in seed_report_glossary.findings if f.term in ("base salary", "base pay") and f.check in TERM_CHECKS}
    # "pensję podstawową" (admitted, not preferred) and "podstawowa płaca" (word order of neither)
    assert {_key(x) for x in flagged} == {_key("pensja podstawowa"), _key("podstawowa płaca")}


# -- CLI ---------------------------------------------------------------------------------------


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_cli_check_two_files_json_and_fail_on(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", SEED_EN, SEED_PL, "--format", "json", "-o", out, "--fail-on", "never", "--termbase", "off")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "tm-check/1" and data["pairs_checked"] >= 35
    assert {"broken-markup", "doubled-punctuation", "untranslated"} <= set(data["summary"]["by_check"])
    f = data["findings"][0]
    # tm-check/1 only ever adds fields: "confidence" (0..1 for term findings, null otherwise) came later
    assert set(f) == {"id", "check", "severity", "segment_ids", "source", "target", "term", "found", "expected", "message", "spans", "confidence"}
    # broken markup is an error: --fail-on error exits 1, never exits 0
    assert run("check", SEED_EN, SEED_PL, "--termbase", "off", "--format", "csv", "-o", tmp_path / "r.csv").exit_code == 1


def test_cli_check_db_and_suppress_roundtrip(tmp_path):
    db = tmp_path / "tm.db"
    assert run("align", SEED_EN, SEED_PL, "--db", db).exit_code == 0
    supp = tmp_path / "decisions.tsv"
    first = run("check", "--db", db, "--format", "json", "--termbase", "off", "--check", "broken-markup", "--suppressions", supp)
    assert first.exit_code == 1
    (finding,) = json.loads(first.output)["findings"]
    result = run(
        "check", "--db", db, "--format", "json", "--termbase", "off", "--check", "broken-markup",
        "--suppressions", supp, "--accept", finding["id"], "--reason", "kept as in the source document",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []
    again = run("check", "--db", db, "--format", "json", "--termbase", "off", "--check", "broken-markup", "--suppressions", supp)
    assert again.exit_code == 0
    data = json.loads(again.output)
    assert data["findings"] == [] and data["summary"]["accepted"] == 1
    assert data["dismissed"][0]["reason"] == "kept as in the source document"


def test_cli_check_bad_input(tmp_path):
    result = run("check", "--db", tmp_path / "missing.db")
    assert result.exit_code == 2 and "missing.db: no such database" in result.output
    result = run("check", SEED_EN)
    assert result.exit_code == 2 and "give both SOURCE and TARGET" in result.output
    result = run("check", SEED_EN, SEED_PL, "--check", "spelling")
    assert result.exit_code == 2 and "unknown check spelling" in result.output
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"\x00\xff\x00" * 100)
    result = run("check", SEED_EN, binary)
    assert result.exit_code == 2 and str(binary) in result.output
    bad = tmp_path / "s.tsv"
    bad.write_text("id\tstatus\nxyz\tsuppressed\n", encoding="utf-8")
    result = run("check", SEED_EN, SEED_PL, "--termbase", "off", "--suppressions", bad)
    assert result.exit_code == 2 and f"{bad}:2:" in result.output


def test_cli_check_leaves_the_database_as_it_was(tmp_path):
    db = tmp_path / "tm.db"
    assert run("align", SEED_EN, SEED_PL, "--db", db).exit_code == 0
    before = dump_db(db)
    run("check", "--db", db, "--termbase", "build", "--format", "json")
    run("check", "--db", db, "--suppressions", tmp_path / "s.tsv", "--suppress", "0123456789ab")
    assert dump_db(db) == before


def test_cli_check_help_has_an_example():
    result = run("check", "--help")
    assert result.exit_code == 0 and "Example: tm check" in result.output


def test_parallel_run_gives_the_same_report(monkeypatch, seed_alignment):
    from tm.check import pool as check_module
    from tm.check import build_index, pairs_from_alignment

    pairs = pairs_from_alignment(seed_alignment)
    index = build_index(pairs, "en", "pl")
    one = check_pairs(pairs, "en", "pl", terms=index).to_dict()  # library default: one process
    assert check_module._workers(len(pairs), None) == 1
    monkeypatch.setattr(check_module, "_CHUNK", 7)  # several chunks, finished out of order
    assert check_module._workers(len(pairs), 2) == 2
    two = check_pairs(pairs, "en", "pl", terms=build_index(pairs, "en", "pl"), workers=2).to_dict()
    assert two == one and one["groups"]


def test_default_workers_follow_the_environment(monkeypatch):
    from tm.check import default_workers

    monkeypatch.setenv("TM_CHECK_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("TM_CHECK_WORKERS")
    assert 1 <= default_workers() <= 4
    monkeypatch.setenv("TM_CHECK_WORKERS", "many")
    with pytest.raises(InputError, match="TM_CHECK_WORKERS"):
        default_workers()


def test_check_leaves_the_garbage_collector_as_it_found_it(seed_alignment, monkeypatch):
    import gc

    from tm.check import pool as check_module
    from tm.check import pairs_from_alignment

    monkeypatch.setattr(check_module, "_PAUSE_FROM", 0)  # the seed is small: pause anyway
    pairs = pairs_from_alignment(seed_alignment)
    assert gc.isenabled()
    check_pairs(pairs, "en", "pl")
    assert gc.isenabled()
    gc.disable()
    try:
        check_pairs(pairs, "en", "pl")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_threads_turn_the_collector_back_on():
    import gc
    import sys
    import threading

    from tm.check import collector_paused

    def churn():
        for _ in range(3000):
            with collector_paused():
                pass

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to provoke the race
    try:
        threads = [threading.Thread(target=churn) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert gc.isenabled()


def test_glossary_terms_in_compounds_count_and_in_identifiers_do_not(tmp_path):
    from tm.check import TermIndex, load_glossary_entries

    glossary = tmp_path / "g.tsv"
    glossary.write_text("# tm glossary: source=en target=pl\npassword\thasło\tpreferred\nfile\tplik\tpreferred\n", encoding="utf-8")
    index = TermIndex(load_glossary_entries(glossary, "en", "pl"), "en", "pl")
    pairs = [
        # "password-based" has the term; the Polish renders it with another word: flagged
        Pair("a", "Disable password-based authentication", "Wyłącz uwierzytelnianie oparte na kodzie dostępu"),
        # ... and with the glossary word in any case: not flagged
        Pair("b", "Disable password-based authentication", "Wyłącz uwierzytelnianie oparte na haśle"),
        # "css_file" is a setting's name, not the word "file"
        Pair("c", "invalid css_file: %r, ignored", "nieprawidłowy css_file: %r, zignorowano"),
    ]
    report = check_pairs(pairs, "en", "pl", terms=index, checks=["glossary-term"])
    flagged = {(s, f.term) for f in report.findings for s in f.segment_ids}
    assert flagged == {("a", "password")}


def _glossary_index(tmp_path, rows: str):
    from tm.check import TermIndex, load_glossary_entries

    glossary = tmp_path / "g.tsv"
    glossary.write_text("# tm glossary: source=en target=pl\n" + rows, encoding="utf-8")
    return TermIndex(load_glossary_entries(glossary, "en", "pl"), "en", "pl")


def test_words_in_angle_brackets_are_checked_against_the_glossary(tmp_path):
    """"<missing product>" is a message, not an HTML tag: its "product" must be rendered as the
    glossary says; inside real HTML ("<strong>") the words are checked as before."""
    index = _glossary_index(tmp_path, "product\tprodukt\tpreferred\n")
    pairs = [
        Pair("a", "<missing product>", "<brakujący towar>"),
        Pair("b", "<strong>product</strong>", "<strong>produkt</strong>"),
        Pair("c", "<missing product>", "<brakujący produkt>"),
        Pair("d", "(The <<original product>> is located in %s.)", "(<<Oryginalny towar>> znajduje się w %s.)"),
    ]
    report = check_pairs(pairs, "en", "pl", terms=index)
    terms = [(f.segment_ids, f.check, f.severity, f.term) for f in report.findings if f.check.endswith("term")]
    assert terms == [(["a"], "glossary-term", "warning", "product"), (["d"], "glossary-term", "warning", "product")]
    (f,) = [f for f in report.findings if f.segment_ids == ["a"]]
    assert marked(f, "source") == ["product"]
    # nor are they markup: nothing to carry over, nothing broken
    assert not [f for f in report.findings if f.check in ("markup", "broken-markup")]


def test_bracketed_words_after_an_element_name_are_not_an_unclosed_element():
    # "data" is an HTML element, "<data nieznana>" is not one
    assert only("broken-markup", "<unknown date>", "<data nieznana>") == []
    assert only("broken-markup", "<unknown time>", "<time nieznany>") == []
    (f,) = only("broken-markup", "<b>Save</b> now", "<b>Zapisz teraz")
    assert marked(f) == ["<b>"]


def test_glossary_term_rendered_otherwise_in_a_one_sentence_pair_is_flagged(tmp_path):
    """Two one-sentence documents, a glossary where "account executive" is "kierownik konta",
    and the Polish "Dyrektor handlowy": flagged in every term base mode (pinned: it was
    reported as missed, and was not)."""
    en, pl = tmp_path / "en.txt", tmp_path / "pl.txt"
    en.write_text("Our account executive called.\n", encoding="utf-8")
    pl.write_text("Dyrektor handlowy zadzwonił.\n", encoding="utf-8")
    tiny = tmp_path / "tiny" / "g.tsv"
    tiny.parent.mkdir()
    tiny.write_text("# tm glossary: source=en target=pl\naccount executive\tkierownik konta\tpreferred\n", encoding="utf-8")
    for glossary in (GLOSSARY, tiny):
        for termbase in ("off", "auto"):
            report, _ = run_check(
                source=en, target=pl, glossary=glossary, termbase=termbase, suppressions=tmp_path / "s.tsv"
            )
            assert (report.src_lang, report.tgt_lang) == ("en", "pl")  # detected from one sentence each
            (f,) = report.findings
            assert (f.check, f.term, f.segment_ids) == ("glossary-term", "account executive", ["en.txt#0"])
            assert marked(f, "source") == ["account executive"]
            if termbase == "off":
                # the glossary alone knows no rendering in the target: "none present"
                assert (f.severity, f.found) == ("warning", None)
            else:
                # the term base built from the pair links the term with "dyrektor handlowy",
                # another known rendering: an error naming it
                assert (f.severity, f.found) == ("error", "dyrektor handlowy")
                assert marked(f) == ["Dyrektor handlowy"]
    # the same pair through check_pairs with a glossary-only index
    index = _glossary_index(tmp_path, "account executive\tkierownik konta\tpreferred\n")
    report = check_pairs([Pair("p", "Our account executive called.", "Dyrektor handlowy zadzwonił.")], "en", "pl",
                         terms=index, checks=["glossary-term"])
    assert [(f.check, f.severity, f.found) for f in report.findings] == [("glossary-term", "warning", None)]


# -- what the term checks read, and every occurrence (issue #11) -----------------------------------


def _term_findings(index, pairs, checks=("glossary-term", "forbidden-term", "deprecated-term")):
    report = check_pairs(pairs, "en", "pl", terms=index, checks=list(checks))
    return sorted((s, f.term, f.severity, f.found) for f in report.findings for s in f.segment_ids)


def test_text_that_is_not_prose_is_not_checked_for_terms(tmp_path):
    """Option names, $VARIABLES, metavariables, paths, code and URLs name things; a glossary
    term inside them is no use of the term. The same words in prose are checked."""
    index = _glossary_index(tmp_path, "directory\tkatalog\tpreferred\nfile\tplik\tpreferred\nshell\tpowłoka\tpreferred\n")
    pairs = [
        Pair("opt", "  -t, --target-directory=DIRECTORY  copy all SOURCE arguments into DIRECTORY",
             "  -t, --target-directory=KATALOG  kopiuje wszystkie argumenty ŹRÓDŁO do KATALOGU"),
        Pair("var", "The value of $SHELL is used.", "Używana jest wartość $SHELL."),
        Pair("meta", "Usage: cat [OPTION]... [FILE]...", "Użycie: cat [OPCJA]... [FILE]..."),
        Pair("path", "Edit /etc/shell.conf or `file.txt` at https://example.com/file", "Edytuj /etc/shell.conf lub `file.txt` pod https://example.com/file"),
        # prose: checked, and the deviation found
        Pair("prose", "Choose a file.", "Wybierz dokument."),
    ]
    assert _term_findings(index, pairs) == [("prose", "file", "warning", None)]


def test_a_rendering_split_by_a_line_break_or_markup_is_matched(tmp_path):
    index = _glossary_index(tmp_path, "standard output\tstandardowe wyjście\tpreferred\n")
    pairs = [
        Pair("nl", "write to standard\noutput", "zapisuje na standardowe\nwyjście"),
        Pair("tag", "write to <b>standard</b> output", "zapisuje na <b>standardowe</b> wyjście"),
        Pair("accel", "_Standard output", "_Standardowe wyjście"),
        Pair("bad", "write to standard output", "zapisuje na standardowy wynik"),
    ]
    assert [f[0] for f in _term_findings(index, pairs)] == ["bad"]


def test_glossary_term_inside_a_longer_term_base_phrase_is_checked(tmp_path):
    from tm.check import TermIndex, load_glossary_entries
    from tm.check.termsources import merge_glossary
    from tm.terms import Rendering, TermEntry

    glossary = tmp_path / "g.tsv"
    glossary.write_text("# tm glossary: source=en target=pl\npermission\tuprawnienie\tpreferred\n", encoding="utf-8")
    phrase = TermEntry(None, "preserving permissions", ("preserve", "permission"), renderings=[
        Rendering("zachowanie uprawnień", ("zachowanie", "uprawnienie"), count=5)])
    index = TermIndex(merge_glossary([phrase], load_glossary_entries(glossary, "en", "pl")), "en", "pl")
    pairs = [
        Pair("ok", "copy while preserving permissions", "kopiuje z zachowaniem uprawnień"),
        Pair("bad", "copy while preserving permissions", "kopiuje z zachowaniem praw dostępu"),
    ]
    assert [(f[0], f[1]) for f in _term_findings(index, pairs)] == [("bad", "permission")]


def test_every_occurrence_is_checked_on_its_own(tmp_path):
    """A pair holding the preferred rendering and a banned one, or the term twice and its
    rendering once, is reported; the term once and its rendering twice is not."""
    index = _glossary_index(tmp_path, "symbolic link\tdowiązanie symboliczne\tpreferred\n"
                                      "symbolic link\tskrót\tforbidden\n")
    pairs = [
        Pair("both", "Make a symbolic link to the symbolic link target.",
             "Utwórz dowiązanie symboliczne do celu skrótu."),
        Pair("short", "Remove the symbolic link, then the symbolic link's target.",
             "Usuń dowiązanie symboliczne, a następnie jego cel."),
        Pair("twice", "Make a symbolic link.", "Utwórz dowiązanie symboliczne (dowiązanie symboliczne to plik)."),
        Pair("once", "Make a symbolic link.", "Utwórz dowiązanie symboliczne."),
    ]
    got = _term_findings(index, pairs)
    assert got == [("both", "symbolic link", "error", "skrót"), ("short", "symbolic link", "warning", None)]
    report = check_pairs(pairs, "en", "pl", terms=index, checks=["glossary-term", "forbidden-term"])
    (short,) = [f for f in report.findings if f.segment_ids == ["short"]]
    assert "2× in the source" in short.message and short.confidence < 0.5
    (group,) = report.groups
    assert group.summary.startswith("rendered 2 ways: dowiązanie symboliczne 4×, skrót 1×")


def test_seed_glued_heading_marker_is_a_formatting_finding(seed_report_glossary):
    """pl.md line 52 is "##Przegląd najważniejszych wydarzeń": no space after the marker, so
    Markdown shows the hashes as text (the reader is lenient and still aligns it)."""
    (f,) = [f for f in seed_report_glossary.findings if f.check == "heading-markup"]
    assert f.target == "Przegląd najważniejszych wydarzeń" and "line 52" in f.message and f.severity == "warning"
    # no other finding is about headings, and "57 504 USD" ($57,504) is no number finding
    assert not [f for f in seed_report_glossary.findings if f.check == "numbers"]


def test_glued_heading_marker_in_a_segment():
    (f,) = only("heading-markup", "## Overview", "##Przegląd")
    assert marked(f) == ["##"]
    assert only("heading-markup", "## Overview", "## Przegląd") == []
    assert only("heading-markup", "##Overview", "##Przegląd") == []  # copied from the source
    assert only("heading-markup", "Issue #12 fixed", "#12 naprawiony") == []


class _StubLinks:
    """Word links for the evidence tests: each pair's term aligns to the given target words."""

    def __init__(self, pairs, spans):
        from tm.terms import Keys

        self.pairs, self.spans, self.keys = pairs, spans, Keys("pl")

    def span(self, i, start, end):
        t = self.pairs[i].target
        a = t.find(self.spans[i])
        return (a, a + len(self.spans[i])) if a >= 0 else None

    def target_key(self, i, start, end):
        from tm.terms import tokens

        return self.keys.key(tokens(self.pairs[i].target[start:end], "pl").words)[0]


def test_without_a_glossary_a_rendering_is_flagged_on_alignment_evidence():
    """No glossary: the term base knows "dowiązanie symboliczne"; the word links say which
    target words render each occurrence. Another lemma phrase is flagged; an inflection, another
    word order, and a rendering always used in one context of its own ("FTP") are not."""
    from tm.check import TermIndex
    from tm.terms import Rendering, TermEntry

    entry = TermEntry(None, "symbolic link", ("symbolic", "link"), confidence=0.8, renderings=[
        Rendering("dowiązanie symboliczne", ("dowiązanie", "symboliczny"), count=6)])
    rows = [(f"Create a symbolic link to file{i}.", f"Utwórz dowiązanie symboliczne do pliku{i}.", "dowiązanie symboliczne")
            for i in range(4)]
    rows += [
        ("Remove the symbolic link now.", "Usuń teraz link symboliczny.", "link symboliczny"),
        ("Copy the symbolic links.", "Kopiuj dowiązania symboliczne.", "dowiązania symboliczne"),
        ("Keep the symbolic link.", "Zachowaj symboliczne dowiązanie.", "symboliczne dowiązanie"),
        ("Open the FTP symbolic link.", "Otwórz odnośnik symboliczny FTP.", "odnośnik symboliczny"),
        ("Close the FTP symbolic link.", "Zamknij odnośnik symboliczny FTP.", "odnośnik symboliczny"),
    ]
    pairs = [Pair(f"p{i}", s, t) for i, (s, t, _a) in enumerate(rows)]
    index = TermIndex([entry], "en", "pl")
    index.attach_links(_StubLinks(pairs, [a for _s, _t, a in rows]), [p.id for p in pairs])
    report = check_pairs(pairs, "en", "pl", terms=index, checks=["term-inconsistency"])
    assert [(f.segment_ids, f.found) for f in report.findings] == [(["p4"], "link symboliczny")]
    (group,) = report.groups
    assert group.proposed == "dowiązanie symboliczne" and 0 < report.findings[0].confidence <= 1
    assert group.summary.startswith("rendered 3 ways: dowiązanie symboliczne")  # "odnośnik" stays apart, unflagged
