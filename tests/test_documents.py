"""Reading documents: the seed as it is, other Markdown, plain and pre-segmented text, bad input."""

from __future__ import annotations

import pytest
from conftest import SEED_EN, SEED_PL

from tm.read.documents import parse_document, read_document
from tm.errors import InputError


def test_seed_blocks_read_as_written():
    doc = read_document(SEED_PL)
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:4] == ["title", "description", "heading", "heading"]
    assert doc.blocks[0].text == "Kierownik konta"
    # "##Przegląd…" has no space after the hashes: still a heading.
    moved = next(b for b in doc.blocks if b.text == "Przegląd najważniejszych wydarzeń")
    assert moved.kind == "heading" and moved.level == 2 and moved.line == 52
    # The broken link around FINRA is kept byte for byte, not repaired or dropped.
    finra = next(b for b in doc.blocks if "Zasadę 3220" in b.text)
    assert "( [FINRA ), która ma zastosowanie do](/finra) [brokerów-dealerów](/broker-dealer)" in finra.text
    assert finra.text.endswith("gratyfikacji.")
    # The empty quote line (">") makes no block; the quote with text does.
    quotes = [b for b in doc.blocks if b.kind == "quote"]
    assert [q.text for q in quotes] == ["W świecie finansów kierownicy ds. rachunków muszą przestrzegać wytycznych ustanowionych przez FINRA."]
    assert kinds.count("item") == 7
    # Front matter keys other than title and description are metadata, not text.
    assert all(b.text != "Careers" for b in doc.blocks)


def test_english_source_structure():
    doc = read_document(SEED_EN)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == [
        "Account Executive",
        "What Is an Account Executive?",
        "Key Takeaways",
        "Understanding the Account Executive",
        "Regulations Apply",
        "Account Executive Responsibilities",
        "Where Account Executives Work",
    ]


def test_markdown_variety():
    text = (
        "Intro line one\ncontinues here.\n\n"
        "Setext Heading\n==============\n\n"
        "> quoted *text*\n> more\n\n"
        "1. first item\n2. second `code` item\n\n"
        "```\ncode block is not prose\n```\n\n"
        "<!-- a comment -->\n"
        "---\n\n"
        "Last **bold** paragraph with [a link](http://example.com \"t\")."
    )
    doc = parse_document(text, "x.md")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Intro line one continues here."),
        ("heading", "Setext Heading"),
        ("quote", "quoted *text* more"),
        ("item", "first item"),
        ("item", "second `code` item"),
        ("paragraph", 'Last **bold** paragraph with [a link](http://example.com "t").'),
    ]


def test_presegmented_keeps_line_numbers():
    doc = parse_document("one\ntwo\n\nfour\n", "x.txt", "presegmented")
    assert [b.text for b in doc.blocks] == ["one", "two", "", "four"]


def test_plain_text_paragraphs():
    doc = parse_document("# not a heading in plain text\n\nsecond\nparagraph\n", "x.txt", "text")
    assert [b.text for b in doc.blocks] == ["# not a heading in plain text", "second paragraph"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Zażółć gęślą jaźń".encode("iso-8859-2"), "not valid UTF-8"),
    ],
)
def test_bad_bytes_refused_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_document(path)
    line = str(e.value)
    assert "\n" not in line and line.startswith(str(path)) and message in line


def test_undecodable_byte_is_located(tmp_path):
    path = tmp_path / "latin2.md"
    path.write_bytes("ok line\nsecond line\nza\u017c\u00f3\u0142\u0107\n".encode("utf-8").replace("ż".encode(), b"\xbf"))
    with pytest.raises(InputError) as e:
        read_document(path)
    assert str(e.value).startswith(f"{path}:3 ")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.md")


def test_bom_and_crlf_are_read(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\nBody text.\r\n")
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Title"), ("paragraph", "Body text.")]
