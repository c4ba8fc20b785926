"""XLIFF 1.2 and 2.0 writer and reader: exact round trips, other tools' files, states, hostile input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import FINRA_EN, FINRA_PL, unit

from tm.errors import InputError
from tm.formats.xliff import NS_12, NS_20, STATE_CONFIDENCE, read_xliff, write_xliff
from tm.model import TranslationUnit

HOSTILE = Path(__file__).parent / "data" / "hostile"


SAMPLE = [
    unit("Account Executive", "Kierownik konta", context="en.md#0", confidence=0.97),
    unit(FINRA_EN, FINRA_PL, context="en.md#22", confidence=0.8, note="markup kept as written"),
    unit("Some **bold** and *italic* text.", "Trochę **pogrubionego** i *pochyłego* tekstu.", context="en.md#3"),
    unit("Run `tm align` now.", "Uruchom teraz `tm align`.", context="en.md#4"),
    unit("An <b>x</b> tag & a < sign.", "Znacznik <b>x</b> i znak <.", context="en.md#5"),
    unit("  leading and trailing spaces  ", " zażółć gęślą jaźń "),
    unit("![logo](/logo.png) see <https://example.com>", "![logo](/logo.png) zob. <https://example.com>"),
    unit("Low one.", "Niska.", confidence=0.21, low_confidence=True, context="en.md#9", props={"document": "ae", "x-y": "z"}),
    unit("Line one\nline two\r\nthree\rend", "Wiersz\tjeden\nwiersz dwa", note="multi\nline note ", context=""),
    unit("Empty target", "", context="en.md#11", note=""),
    unit("Broken [link](oops and lone * star", "Zepsuty [link](ups i samotna * gwiazdka"),
    unit("Emoji 🎉 and CJK 漢字", "Emoji 🎉 i CJK 漢字"),
]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_round_trip_is_exact(tmp_path, version):
    path = tmp_path / f"rt-{version}.xlf"
    assert write_xliff(SAMPLE, path, src_lang="en", tgt_lang="pl", version=version) == len(SAMPLE)
    assert list(read_xliff(path)) == SAMPLE


def test_written_12_structure(tmp_path):
    path = tmp_path / "a.xlf"
    write_xliff(SAMPLE, path, src_lang="en", tgt_lang="pl")
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{NS_12}}}xliff" and root.get("version") == "1.2"
    file = root.find(f"{{{NS_12}}}file")
    assert (file.get("source-language"), file.get("target-language")) == ("en", "pl")
    units = file.findall(f".//{{{NS_12}}}trans-unit")
    assert [u.get("id") for u in units] == [str(i) for i in range(1, len(SAMPLE) + 1)]
    finra = units[1]
    assert finra.get("resname") == "en.md#22"
    source = finra.find(f"{{{NS_12}}}source")
    # Markdown links become paired bpt/ept holding the native markup.
    assert [(c.tag.split("}")[1], c.text) for c in source] == [
        ("bpt", "["), ("ept", "](/finra)"), ("bpt", "["), ("ept", "](/broker-dealer)")]
    states = [u.find(f"{{{NS_12}}}target").get("state") for u in units]
    # states from confidence: 0.97 translated, low needs review, 1.0 final
    assert states[7] == "needs-review-translation" and states[0] == "translated" and states[2] == "final"


def test_written_20_structure(tmp_path):
    path = tmp_path / "a.xlf"
    write_xliff(SAMPLE, path, src_lang="en", tgt_lang="pl", version="2.0")
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{NS_20}}}xliff" and (root.get("srcLang"), root.get("trgLang")) == ("en", "pl")
    units = root.findall(f".//{{{NS_20}}}unit")
    bold = units[2]
    data = {d.get("id"): d.text for d in bold.iter(f"{{{NS_20}}}data")}
    pcs = list(bold.iter(f"{{{NS_20}}}pc"))
    assert pcs and all(data[pc.get("dataRefStart")] in ("**", "*") for pc in pcs)
    segments = list(root.iter(f"{{{NS_20}}}segment"))
    assert (segments[7].get("state"), segments[7].get("subState")) == ("translated", "tm:needs-review")
    assert [segments[i].get("state") for i in (0, 2)] == ["translated", "final"]


def test_units_of_another_pair_are_refused(tmp_path):
    with pytest.raises(ValueError, match="de"):
        write_xliff([unit("a", "b", tgt_lang="de")], tmp_path / "x.xlf", src_lang="en", tgt_lang="pl")
    assert not (tmp_path / "x.xlf").exists()


def test_12_refuses_what_xml_cannot_hold_20_carries_it(tmp_path):
    bad = [unit("bell \x07 here", "dzwonek \x07 tu", context="d.md#1")]
    with pytest.raises(InputError) as err:
        write_xliff(bad, tmp_path / "a.xlf", src_lang="en", tgt_lang="pl")
    assert "U+0007" in str(err.value) and "d.md#1" in str(err.value)
    assert os.listdir(tmp_path) == []
    write_xliff(bad, tmp_path / "a.xlf", src_lang="en", tgt_lang="pl", invalid_chars="strip")
    assert list(read_xliff(tmp_path / "a.xlf"))[0].source == "bell  here"
    write_xliff(bad, tmp_path / "b.xlf", src_lang="en", tgt_lang="pl", version="2.0")
    assert b'<cp hex="0007"/>' in (tmp_path / "b.xlf").read_bytes()
    assert list(read_xliff(tmp_path / "b.xlf")) == bad


# ----------------------------------------------------------------------------- properties

_BAD = [chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)] + ["\ufffe", "\uffff"]
xml_chars = st.characters(codec="utf-8", exclude_characters=_BAD)
any_chars = st.characters(codec="utf-8")  # no lone surrogates: they cannot be encoded at all
MARKUP_BITS = ["[", "]", "](/x)", "](/a b)", "(", ")", "**", "*", "_", "__", "`", "<b>", "</b>",
               "<br/>", "![i](/i.png)", "<https://e.x>", "&", "&amp;", "<", ">", "]]>", "\r", "\n",
               "\r\n", " ", "\t", '"', "'", "\u00a0", "\u2028", "\x85"]


def segment_text(chars):
    return st.lists(st.one_of(st.text(chars, max_size=12), st.sampled_from(MARKUP_BITS)), max_size=12).map("".join)


def units_strategy(chars):
    return st.lists(
        st.builds(
            TranslationUnit,
            source=segment_text(chars),
            target=segment_text(chars),
            src_lang=st.just("en"),
            tgt_lang=st.just("pl"),
            confidence=st.floats(allow_nan=False),
            low_confidence=st.booleans(),
            context=st.none() | st.text(xml_chars, max_size=20),
            note=st.none() | segment_text(xml_chars),
            props=st.dictionaries(st.text(xml_chars, min_size=1, max_size=10), st.text(xml_chars, max_size=20), max_size=3),
        ),
        min_size=1,
        max_size=5,
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=units_strategy(xml_chars))
def test_round_trip_property_12(units):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.xlf"
        write_xliff(units, path, src_lang="en", tgt_lang="pl", version="1.2")
        assert list(read_xliff(path)) == units


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=units_strategy(any_chars))
def test_round_trip_property_20_any_character(units):
    """2.0 carries even C0 controls in source and target (as <cp>)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.xlf"
        write_xliff(units, path, src_lang="en", tgt_lang="pl", version="2.0")
        assert list(read_xliff(path)) == units


# ----------------------------------------------------------------------------- other tools' files


def write(tmp_path, text, name="in.xlf"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_other_tools_12_with_inline_codes_groups_notes_and_alt_trans(tmp_path):
    path = write(tmp_path, f"""<?xml version="1.0"?>
<xliff version="1.2" xmlns="{NS_12}">
 <file original="site.html" source-language="en-US" target-language="pl-PL" datatype="html">
  <header><note>file note</note></header>
  <body>
   <group id="g1">
    <trans-unit id="t1" resname="welcome">
     <source>Click <g id="1" ctype="bold">here</g> to <x id="2"/>start.</source>
     <target state="final">Kliknij <g id="1" ctype="bold">tutaj</g>, aby <x id="2"/>zacząć.</target>
     <note from="dev">keep it short</note>
     <alt-trans match-quality="80"><target>Naciśnij tutaj</target></alt-trans>
    </trans-unit>
   </group>
   <trans-unit id="t2" approved="yes">
     <source>Save <bpt id="1">&lt;b&gt;</bpt>now<ept id="1">&lt;/b&gt;</ept></source>
     <target xml:lang="pl">Zapisz <bpt id="1">&lt;b&gt;</bpt>teraz<ept id="1">&lt;/b&gt;</ept></target>
   </trans-unit>
   <trans-unit id="t3" translate="no"><source>ACME</source><target>ACME</target></trans-unit>
   <trans-unit id="t4"><source>Draft</source><target state="needs-review-translation">Szkic</target>
     <prop-group><prop prop-type="client">ACME</prop></prop-group></trans-unit>
   <trans-unit id="t5"><source>New</source><target state="new">Nowy</target></trans-unit>
  </body>
 </file>
</xliff>""")
    units = list(read_xliff(path, with_ids=True))
    assert [uid for _, uid in units] == ["t1", "t2", "t4", "t5"]
    u1, u2, u4, u5 = (u for u, _ in units)
    assert (u1.source, u1.target) == ("Click here to start.", "Kliknij tutaj, aby zacząć.")
    assert (u1.src_lang, u1.tgt_lang, u1.context, u1.note) == ("en-US", "pl-PL", "welcome", "keep it short")
    assert (u1.confidence, u1.low_confidence, u1.props) == (1.0, False, {"xliff-state": "final"})
    assert (u2.source, u2.target, u2.tgt_lang, u2.context) == ("Save <b>now</b>", "Zapisz <b>teraz</b>", "pl", "t2")
    assert (u2.confidence, u2.low_confidence) == (1.0, False)  # approved="yes" and no state
    assert (u4.confidence, u4.low_confidence, u4.props) == (0.5, True, {"client": "ACME", "xliff-state": "needs-review-translation"})
    assert (u5.confidence, u5.low_confidence) == STATE_CONFIDENCE["new"]


def test_segmented_12_yields_one_unit_per_mrk_and_sdl_confidence(tmp_path):
    path = write(tmp_path, f"""<?xml version="1.0"?>
<xliff version="1.2" xmlns="{NS_12}" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
 <file original="a.docx" source-language="en-US" target-language="pl-PL" datatype="x-sdlfilterframework2">
  <body>
   <trans-unit id="u1">
    <source>One. Two.</source>
    <seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
    <target><mrk mtype="seg" mid="1">Jeden.</mrk> <mrk mtype="seg" mid="2">Dwa.</mrk></target>
    <sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff"/><sdl:seg id="2" conf="Draft"/></sdl:seg-defs>
   </trans-unit>
  </body>
 </file>
</xliff>""")
    units = list(read_xliff(path, with_ids=True))
    assert [(u.source, u.target, uid) for u, uid in units] == [("One.", "Jeden.", "u1#1"), ("Two.", "Dwa.", "u1#2")]
    assert [(u.confidence, u.low_confidence) for u, _ in units] == [(1.0, False), (0.5, True)]


def test_20_segments_originaldata_states_and_ids(tmp_path):
    path = write(tmp_path, f"""<?xml version="1.0"?>
<xliff xmlns="{NS_20}" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" version="2.1" srcLang="en-GB" trgLang="pl-PL">
 <file id="f7">
  <unit id="u1" name="intro">
   <mda:metadata><mda:metaGroup><mda:meta type="domain">finance</mda:meta></mda:metaGroup></mda:metadata>
   <notes><note>n1</note><note>n2</note></notes>
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data></originalData>
   <segment id="s1" state="reviewed"><source>Hello <pc id="1" dataRefStart="d1" dataRefEnd="d2">world</pc>.</source>
     <target>Witaj <pc id="1" dataRefStart="d1" dataRefEnd="d2">świecie</pc>.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment state="initial"><source>Line<ph id="2" dataRef="d3"/>break <sc id="3" dataRef="d1"/>x<ec startRef="3" dataRef="d2"/></source>
     <target>Wiersz<ph id="2" dataRef="d3"/>podział <sc id="3" dataRef="d1"/>x<ec startRef="3" dataRef="d2"/></target></segment>
   <segment id="s3"><source>Untranslated <mrk id="m1" type="term">term</mrk></source></segment>
  </unit>
 </file>
</xliff>""")
    units = list(read_xliff(path, with_ids=True))
    assert [uid for _, uid in units] == ["f7/u1/s1", "f7/u1/2", "f7/u1/s3"]
    a, b, c = (u for u, _ in units)
    assert (a.source, a.target, a.src_lang, a.tgt_lang) == ("Hello <b>world</b>.", "Witaj <b>świecie</b>.", "en-GB", "pl-PL")
    assert (a.note, a.context, a.confidence, a.low_confidence) == ("n1\nn2", "intro", 1.0, False)
    assert a.props == {"domain": "finance", "xliff-state": "reviewed"}
    assert (b.source, b.target) == ("Line<br/>break <b>x</b>", "Wiersz<br/>podział <b>x</b>")
    assert (b.confidence, b.low_confidence) == (0.3, True)
    assert (c.source, c.target) == ("Untranslated term", "")
    assert c.props["xliff-state"] == "initial"  # the 2.x default


def test_languages_from_arguments_where_the_file_has_none(tmp_path):
    path = write(tmp_path, f'<xliff version="1.2" xmlns="{NS_12}"><file original="x" datatype="plaintext"><body>'
                 '<trans-unit id="1"><source>a</source><target>b</target></trans-unit></body></file></xliff>')
    (u,) = read_xliff(path, src_lang="en", tgt_lang="pl")
    assert (u.src_lang, u.tgt_lang) == ("en", "pl")
    (u,) = read_xliff(path)
    assert (u.src_lang, u.tgt_lang) == ("", "")


# ----------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("name", ["billion-laughs.xlf", "external-entity.xlf"])
def test_entities_are_refused(name):
    with pytest.raises(InputError) as err:
        list(read_xliff(HOSTILE / name))
    message = str(err.value)
    assert "entity declarations are refused" in message and name in message and "\n" not in message
    assert err.value.place is not None


def test_truncated_file_names_the_line():
    with pytest.raises(InputError) as err:
        list(read_xliff(HOSTILE / "truncated.xlf"))
    assert "malformed XML" in str(err.value) and isinstance(err.value.place, int)


def test_doctype_with_a_url_is_not_fetched(tmp_path):
    path = write(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/xliff.dtd">\n'
                 f'<xliff version="1.2" xmlns="{NS_12}"><file original="x" source-language="en" target-language="pl" '
                 'datatype="plaintext"><body><trans-unit id="1"><source>a</source><target>b</target></trans-unit>'
                 "</body></file></xliff>")
    (u,) = read_xliff(path)
    assert (u.source, u.target) == ("a", "b")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"<tmx version='1.4'><body/></tmx>", "not an XLIFF file"),
        (f'<xliff version="1.2" xmlns="{NS_12}"><file><body><trans-unit id="9"/></body></file></xliff>'.encode(), "has no <source>"),
        (f'<xliff version="2.0" xmlns="{NS_20}"><file id="f"><unit id="u"><segment><source>'
         '<cp hex="zz"/></source></segment></unit></file></xliff>'.encode(), "not a code point"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.xlf"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        list(read_xliff(path))
    assert message in str(err.value) and str(path) in str(err.value)


def test_streaming_delivers_units_before_a_late_error(tmp_path):
    body = "".join(f'<trans-unit id="{i}"><source>s{i}</source><target>t{i}</target></trans-unit>' for i in range(500))
    path = write(tmp_path, f'<xliff version="1.2" xmlns="{NS_12}"><file original="x" source-language="en" '
                 f'target-language="pl" datatype="plaintext"><body>{body}<trans-unit id="x"><source>broken</sourc>')
    units = read_xliff(path)
    assert next(units).source == "s0"
    with pytest.raises(InputError, match="malformed XML"):
        list(units)
