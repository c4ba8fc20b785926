"""Inline markup inside segments (tm.inline): which angle brackets are HTML/XML tags, and what
the readers of the tokens (visible text, TMX and XLIFF writers) make of the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.inline import Tag, Text, is_html_tag, join, plain_text, tags, tokenize
from tm.model import TranslationUnit


def html_codes(text: str) -> list[str]:
    return [t.code for t in tags(text) if t.type == "html"]


# -- angle-bracketed words in software messages are text -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<missing product>",
        "<<original entry>>",
        "(The <<original entry>> is located in %s, line %d.)",
        "<no title>",
        "<unknown>",
        "<Unknown>",
        "<TAB>",
        "<command>",
        "<file>",
        "<T>",
        "<a new product>",  # "a" is an element, but "new" and "product" are no attributes
        "<time unknown>",
        "<no title/>",
        "<a = b>",
        "</b foo>",
        "1 < 2 and 3 > 2",
    ],
)
def test_words_in_angle_brackets_are_text(text):
    assert tokenize(text) == [Text(text)]
    assert plain_text(text) == text


@pytest.mark.parametrize(
    "text,codes",
    [
        ("<strong>product</strong>", ["<strong>", "</strong>"]),
        ("An <b>x</b> tag & a < sign.", ["<b>", "</b>"]),
        ("<B>old</B> HTML", ["<B>", "</B>"]),
        ("Line<br/>break, <br /> and <br>", ["<br/>", "<br />", "<br>"]),
        ('See <a href="%(url)s">this</a>', ['<a href="%(url)s">', "</a>"]),
        ("use <a rel=\"noreferrer\" …> for links", ["<a rel=\"noreferrer\" …>"]),
        ('<span class="w-sr-only">x</span>', ['<span class="w-sr-only">', "</span>"]),
        ("<img src=a.png alt=''>", ["<img src=a.png alt=''>"]),
        ("<input disabled> <details open>", ["<input disabled>", "<details open>"]),
        ("<p>Weight band deleted", ["<p>"]),  # an opening tag whose closing one is elsewhere
        ('<g id="1">x</g>', ['<g id="1">', "</g>"]),  # XML with attributes, any name
        ("<x/> and <term>t</term>", ["<x/>", "<term>", "</term>"]),  # self-closing; closed later
        ("…</g>", ["</g>"]),  # a closing tag alone
    ],
)
def test_html_and_xml_tags_are_tags(text, codes):
    assert html_codes(text) == codes


def test_text_around_rejected_brackets_is_still_tokenized():
    # the "<" of a run that is not a tag does not hide the markup inside it
    assert tokenize("see <missing `code` here>") == [
        Text("see <missing "),
        Tag("placeholder", 1, "`code`", "code"),
        Text(" here>"),
    ]
    assert [t.code if isinstance(t, Tag) else t.text for t in tokenize("<<b>x</b>>")] == ["<", "<b>", "x", "</b>", ">"]
    assert html_codes("**<missing product>** and <em>x</em>") == ["<em>", "</em>"]


def test_is_html_tag_reads_the_given_span():
    text = "a <b>bold</b> and <missing product>"
    assert is_html_tag(text, 2, 5) and is_html_tag(text, 9, 13)
    start = text.index("<missing")
    assert not is_html_tag(text, start, len(text))
    assert not is_html_tag("no tag", 0, 6)


def test_visible_text_keeps_the_words_of_bracketed_text():
    from tm.terms import tokens, visible_text

    assert visible_text("<missing product>") == "<missing product>"
    assert visible_text("<strong>product</strong>")[8:15] == "product"
    assert "product" in tokens("<missing product>", "en").words
    assert "towar" in tokens("<brakujący towar>", "pl").words
    assert "strong" not in tokens("<strong>product</strong>", "en").words


def test_writers_keep_bracketed_text_as_text(tmp_path):
    from tm.formats.tmx import read_tmx, write_tmx
    from tm.formats.xliff import read_xliff, write_xliff

    units = [
        TranslationUnit(source="<missing product> in <b>stock</b>", target="<brakujący towar> w <b>magazynie</b>",
                        src_lang="en", tgt_lang="pl"),
    ]
    tmx = tmp_path / "a.tmx"
    write_tmx(units, tmx, src_lang="en")
    raw = tmx.read_text(encoding="utf-8")
    assert "<seg>&lt;missing product&gt; in <ph" in raw and "&lt;missing product&gt;</ph>" not in raw
    assert '<ph type="x-html">&lt;b&gt;</ph>stock<ph type="x-html">&lt;/b&gt;</ph>' in raw
    assert list(read_tmx(tmx)) == units
    xlf = tmp_path / "a.xlf"
    write_xliff(units, xlf, src_lang="en", tgt_lang="pl")
    raw = xlf.read_text(encoding="utf-8")
    assert "&lt;missing product&gt; in <ph" in raw and "&lt;missing product&gt;</ph>" not in raw
    assert [(u.source, u.target) for u in read_xliff(xlf)] == [(u.source, u.target) for u in units]


_BITS = ["<", ">", "</", "/>", "b", "a", " ", "x", "=", '"', "'", "`", "*", "[", "](/u)", "missing", "href", "…"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_BITS), st.text(max_size=4)), max_size=16).map("".join))
def test_tokens_join_back_to_the_text(text):
    tokens = tokenize(text)
    assert join(tokens) == text
    pos = 0
    for t in tokens:
        if isinstance(t, Tag) and t.type == "html":
            assert is_html_tag(text, pos, pos + len(t.code))
        pos += len(t.text) if isinstance(t, Text) else len(t.code)
