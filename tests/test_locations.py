"""file:line locations (docs/cli.md, "Locations"): the line the readers give each sentence and
unit, stored in the memory (schema 2) and shown as path:line by tm lookup, tm check --db and
tm translate. Every expected line here was counted by hand in the literal files below (the
line numbers are in the comments), not taken from the code under test.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tm.align.pipeline import segment_document
from tm.check import pairs_from_memory
from tm.cli import app
from tm.exchange import import_bytes
from tm.formats.po import read_po
from tm.formats.source import Source
from tm.formats.tmx import read_tmx
from tm.formats.xliff import read_xliff
from tm.fuzzy import lookup_db
from tm.pretranslate import pretranslate
from tm.read.documents import parse_document

runner = CliRunner()

MARKDOWN = """---
title: Opening hours
---

# When we are open

The shop opens at nine. It closes at
five on weekdays. On Saturdays it
closes at noon.

- Closed on Sundays. Also closed
  on holidays.

> Prices may change. Ask
> at the desk.
"""
# 2 title; 5 heading; 7 "The shop opens…" and "It closes at five…" (both start on 7), 8 "On
# Saturdays…" (starts after "five on weekdays." on 8); 11 "Closed on Sundays." and "Also
# closed…"; 14 "Prices may change." and "Ask at the desk."
MARKDOWN_LINES = [2, 5, 7, 7, 8, 11, 11, 14, 14]

TEXT = "First line here.\n\nA paragraph that\nwraps. Then a second\nsentence.\n"
# 1; 3 "A paragraph that wraps."; 4 "Then a second sentence."
TEXT_LINES = [1, 3, 4]

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body>
<tu>
  <tuv xml:lang="en"><seg>The report is ready.</seg></tuv>
  <tuv xml:lang="pl"><seg>Raport jest gotowy.</seg></tuv>
</tu>
<tu tuid="second"><tuv xml:lang="en"><seg>Delete the file now.</seg></tuv><tuv xml:lang="pl"><seg>Usuń teraz plik.</seg></tuv></tu>
</body>
</tmx>
"""
TMX_LINES = [5, 9]  # the <tu> start tags

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: src/app.c:12
msgid "The report is ready."
msgstr "Raport jest gotowy."

msgctxt "menu"
msgid "Delete the file now."
msgstr "Usuń teraz plik."
"""
PO_LINES = [5, 9]  # where each entry starts (its first comment or keyword)

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="app" source-language="en" target-language="pl" datatype="plaintext">
<body>
<trans-unit id="1">
  <source>The report is ready.</source>
  <target>Raport jest gotowy.</target>
</trans-unit>
<trans-unit id="2"><source>Delete the file now.</source><target>Usuń teraz plik.</target></trans-unit>
</body>
</file>
</xliff>
"""
XLIFF_12_LINES = [5, 9]

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="pl">
<file id="f1">
<unit id="u1">
  <segment>
    <source>The report is ready.</source>
    <target>Raport jest gotowy.</target>
  </segment>
  <segment><source>Delete the file now.</source><target>Usuń teraz plik.</target></segment>
</unit>
</file>
</xliff>
"""
XLIFF_20_LINES = [5, 9]  # the <segment> start tags


def test_markdown_sentences_get_the_line_they_start_on():
    doc = parse_document(MARKDOWN, "hours.md", "markdown")
    segments = segment_document(doc, "en")
    assert [s.text.split()[0] for s in segments] == ["Opening", "When", "The", "It", "On", "Closed", "Also", "Prices", "Ask"]
    assert [s.line for s in segments] == MARKDOWN_LINES


def test_plain_text_and_presegmented_lines():
    segments = segment_document(parse_document(TEXT, "a.txt", "text"), "en")
    assert [s.line for s in segments] == TEXT_LINES
    lines = "One.\nTwo.\n\nFour.\n"  # one segment per line, the empty third line too
    segments = segment_document(parse_document(lines, "a.txt", "presegmented"), "en")
    assert [(s.text, s.line) for s in segments] == [("One.", 1), ("Two.", 2), ("", 3), ("Four.", 4)]


def test_the_readers_give_each_unit_its_line():
    assert [u.line for u in read_tmx(Source("m.tmx", data=TMX.encode()))] == TMX_LINES
    assert [u.line for u in read_po(Source("m.po", data=PO.encode()), src_lang="en", tgt_lang="pl")] == PO_LINES
    assert [u.line for u in read_xliff(Source("m.xlf", data=XLIFF_12.encode()))] == XLIFF_12_LINES
    assert [u.line for u in read_xliff(Source("m.xlf", data=XLIFF_20.encode()))] == XLIFF_20_LINES


def test_imported_units_are_found_at_file_line(db_url):
    for name, data in (("exports/memory.tmx", TMX), ("exports/app.po", PO)):
        import_bytes(db_url, data.encode(), name, src_lang="en", tgt_lang="pl")
    pairs, _s, _t = pairs_from_memory(db_url)
    # the second import's pairs are duplicates of the first's: stored once, at the TMX's lines
    assert [(p.source, p.id) for p in pairs] == [
        ("The report is ready.", "exports/memory.tmx:5"), ("Delete the file now.", "exports/memory.tmx:9")]
    match = lookup_db(db_url, "Delete the file now.", "en", "pl")[0]
    assert match.provenance["origin_file"] == "exports/memory.tmx" and match.provenance["line"] == 9


def test_lookup_shows_path_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "hours.en.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "docs" / "hours.pl.md").write_text(
        "---\ntitle: Godziny otwarcia\n---\n\n# Kiedy jesteśmy otwarci\n\nSklep otwiera się o dziewiątej. Zamyka się o\n"
        "piątej w dni robocze. W soboty\nzamyka się w południe.\n\n- Zamknięte w niedziele. Zamknięte także\n"
        "  w święta.\n\n> Ceny mogą się zmienić. Zapytaj\n> w recepcji.\n", encoding="utf-8")
    r = runner.invoke(app, ["align", "docs/hours.en.md", "docs/hours.pl.md", "--db", "tm.db", "--src-lang", "en",
                            "--tgt-lang", "pl"], env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    assert "docs/hours.en.md:8" in r.stdout and "docs/hours.pl.md:8" in r.stdout  # "On Saturdays" / "W soboty"
    r = runner.invoke(app, ["lookup", "On Saturdays it closes at noon.", "--db", "tm.db"], env={"COLUMNS": "120"})
    assert r.exit_code == 0 and "docs/hours.en.md:8" in r.stdout, r.output
    r = runner.invoke(app, ["lookup", "On Saturdays it closes at noon.", "--db", "tm.db", "--format", "json"])
    assert json.loads(r.stdout)[0]["provenance"]["line"] == 8

    (tmp_path / "new.md").write_text("# Hours\n\nOn Saturdays it closes at twelve.\n", encoding="utf-8")
    pretranslate(tmp_path / "new.md", tmp_path / "new.pl.md", "tm.db", threshold=75, terms=False)
    assert "<!-- tm: fuzzy" in (out := (tmp_path / "new.pl.md").read_text(encoding="utf-8"))
    assert "from docs/hours.en.md:8 -->" in out, out
