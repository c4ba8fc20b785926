"""Report renderers (tm.check.report): JSON schema, CSV, terminal table, HTML escaping and marks."""

from __future__ import annotations

import csv
import io
import json

from tm.check import SCHEMA, KeepList, Pair, RenderingCount, Span, TermGroup, check_pairs
from tm.check.report import CSV_COLUMNS, _mark, render

PAIRS = [
    Pair("doc#1", "See [the rules](/finra).", "Zobacz [zasady](/finra-pl)."),
    Pair("doc#2", "in the office", "w w biurze"),
    Pair("doc#3", "<b>Bold</b> claim", "<script>alert('x')</script> & twierdzenie"),
]


def report():
    r = check_pairs(PAIRS, "en", "pl", keep=KeepList())
    r.groups = [
        TermGroup(
            "account executive",
            "kierownik konta",
            "glossary",
            ["kierownik konta"],
            [
                RenderingCount("kierownik konta", "kierownik konto", 3, ["a", "b", "c"], "preferred", False),
                RenderingCount("kierownik ds. rachunków", "kierownik ds. rachunek", 2, ["d", "e"], "deprecated", True),
            ],
        )
    ]
    return r


def test_json_schema_is_stable():
    data = json.loads(render(report(), "json"))
    assert data["schema"] == SCHEMA == "tm-check/1"
    assert set(data) == {
        "schema", "src_lang", "tgt_lang", "checked", "pairs_checked", "summary", "notes",
        "findings", "groups", "dismissed", "stale_suppressions",
    }
    assert set(data["summary"]) == {
        "error", "warning", "info", "findings", "by_check", "accepted", "suppressed", "stale_suppressions",
    }
    f = next(f for f in data["findings"] if f["check"] == "urls")
    assert f["segment_ids"] == ["doc#1"] and f["severity"] == "error"
    assert f["expected"] == ["/finra"] and f["found"] == "/finra-pl"
    span = next(s for s in f["spans"] if s["side"] == "target")
    assert PAIRS[0].target[span["start"] : span["end"]] == "/finra-pl"
    g = data["groups"][0]
    assert g["term"] == "account executive" and g["proposed"] == "kierownik konta"
    assert g["renderings"][1] == {
        "text": "kierownik ds. rachunków", "key": "kierownik ds. rachunek", "count": 2,
        "segment_ids": ["d", "e"], "status": "deprecated", "flagged": True,
    }
    assert data["summary"]["findings"] == len(data["findings"]) == sum(data["summary"][s] for s in ("error", "warning", "info"))


def test_csv_has_one_row_per_finding():
    r = report()
    rows = list(csv.reader(io.StringIO(render(r, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(r.findings)
    ids = {row[0] for row in rows[1:]}
    assert ids == {f.id for f in r.findings}
    urls = next(row for row in rows[1:] if row[1] == "urls")
    assert urls[3] == "doc#1" and urls[9] == PAIRS[0].target


def test_table_groups_by_term_and_check():
    text = render(report(), "table", width=200)
    assert "term: account executive — proposed: kierownik konta (glossary)" in text
    assert "[FINRA" in render(check_pairs([Pair("x", "a [FINRA] b", "a [FINRA b")], "en", "pl"), "table")
    assert "kierownik ds. rachunków" in text and "deprecated" in text
    assert "urls: URLs or link targets differ" in text
    assert "doubled-word: doubled word" in text
    assert text.index("urls:") < text.index("doubled-word:")  # errors first, in check order


def test_html_escapes_the_data_and_marks_spans():
    page = render(report(), "html")
    assert "<script>alert('x')</script>" not in page
    assert "<mark>&lt;script&gt;</mark>alert(&#x27;x&#x27;)<mark>&lt;/script&gt;</mark> &amp; twierdzenie" in page
    assert "<mark>w w</mark> biurze" in page
    assert page.count("<script>") == 1  # the page's own sorting script only


def test_mark_merges_overlaps_and_ignores_bad_spans():
    text = "abcdef"
    spans = [Span("target", 1, 3), Span("target", 2, 4), Span("source", 0, 1), Span("target", 5, 99)]
    assert _mark(text, spans, "target") == "a<mark>bcd</mark>ef"
    assert _mark("<x>", [Span("target", 0, 3)], "target") == "<mark>&lt;x&gt;</mark>"
