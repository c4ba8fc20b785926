"""TMX writer and reader: DTD validity (OmegaT's tmx14.dtd), exact round trips, hostile input."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import tm
from conftest import FINRA_EN, FINRA_PL, unit

from tm.errors import InputError
from tm.formats import detect_format
from tm.formats.tmx import read_tmx, write_tmx
from tm.model import TranslationUnit

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

SAMPLE = [
    unit("Account Executive", "Kierownik konta", context="en.md#0", confidence=0.97),
    unit(FINRA_EN, FINRA_PL, context="en.md#22", confidence=0.8, note="markup kept as written"),
    unit("Some **bold** and *italic* text.", "Trochę **pogrubionego** i *pochyłego* tekstu.", context="en.md#3"),
    unit("Run `tm align` now.", "Uruchom teraz `tm align`.", context="en.md#4"),
    unit("An <b>x</b> tag & a < sign.", "Znacznik <b>x</b> i znak <.", context="en.md#5"),
    unit('Quotes "double" and \'single\'.', "Cudzysłowy „podwójne” i ‚pojedyncze’.", context="en.md#6"),
    unit("  leading and trailing spaces  ", " zażółć gęślą jaźń ", context="en.md#7"),
    unit("![logo](/logo.png) see <https://example.com>", "![logo](/logo.png) zob. <https://example.com>"),
    unit("Low one.", "Niska.", confidence=0.21, low_confidence=True, context="en.md#9",
         props={"document": "account-executive", "x-origin": "aligner"}),
    unit("Line one\nline two\r\nthree\rend", "Wiersz\tjeden\nwiersz dwa", note="multi\nline note "),
    unit("Empty target", "", context="en.md#11"),
    unit("Broken [link](oops and lone * star", "Zepsuty [link](ups i samotna * gwiazdka"),
    unit("Emoji 🎉 and CJK 漢字", "Emoji 🎉 i CJK 漢字", tgt_lang="pl-PL"),
]


@pytest.fixture(scope="module")
def tmx_dtd():
    """The TMX 1.4b DTD shipped inside OmegaT.jar (Debian package omegat)."""
    if not OMEGAT_JAR.is_file():
        reason = (
            "omegat is not installed (bash scripts/system-deps.sh installs it): "
            "no TMX 1.4b DTD to validate against"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        data = jar.read("schemas/tmx14.dtd")
    return etree.DTD(io.BytesIO(data)), data


def validate(path, dtd):
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    tree = etree.parse(str(path), parser)
    ok = dtd.validate(tree)
    assert ok, "\n".join(str(e) for e in dtd.error_log.filter_from_errors())
    return tree


# ----------------------------------------------------------------------------- writing


def test_written_tmx_is_valid_tmx14(tmp_path, tmx_dtd):
    dtd, _ = tmx_dtd
    path = tmp_path / "out.tmx"
    assert write_tmx(SAMPLE, path, src_lang="en") == len(SAMPLE)
    tree = validate(path, dtd)

    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    assert tree.docinfo.system_url == "tmx14.dtd"
    root = tree.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("creationtool") == "tm"
    assert header.get("creationtoolversion") == tm.__version__
    assert header.get("segtype") == "sentence"
    assert header.get("srclang") == "en"
    assert header.get("datatype") == "markdown"
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))

    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == [str(i) for i in range(1, len(SAMPLE) + 1)]
    first = tus[0]
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props == {"x-context": "en.md#0", "x-confidence": "0.97", "x-low-confidence": "false"}
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in first.findall("tuv")] == ["en", "pl"]
    low = tus[8]
    props = {p.get("type"): p.text for p in low.findall("prop")}
    assert props["x-low-confidence"] == "true" and props["document"] == "account-executive"
    assert tus[1].find("note").text == "markup kept as written"


def test_xmllint_agrees(tmp_path, tmx_dtd):
    """A second, independent validator: xmllint --dtdvalid."""
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        if os.environ.get("CI"):
            pytest.fail("xmllint missing (bash scripts/system-deps.sh installs libxml2-utils)")
        pytest.skip("xmllint missing (libxml2-utils)")
    _, data = tmx_dtd
    (tmp_path / "tmx14.dtd").write_bytes(data)
    path = tmp_path / "out.tmx"
    write_tmx(SAMPLE, path, src_lang="en")
    run = subprocess.run(
        [xmllint, "--noout", "--nonet", "--dtdvalid", str(tmp_path / "tmx14.dtd"), str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr


def test_inline_markup_becomes_tmx_inline_elements(tmp_path, tmx_dtd):
    path = tmp_path / "inline.tmx"
    write_tmx([unit(FINRA_EN, FINRA_PL), SAMPLE[2], SAMPLE[3], SAMPLE[4]], path, src_lang="en")
    validate(path, tmx_dtd[0])
    raw = path.read_text(encoding="utf-8")
    assert (
        '<seg>Zasadę 3220 ( <bpt i="1" type="link">[</bpt>FINRA ), która ma zastosowanie do'
        '<ept i="1">](/finra)</ept> <bpt i="2" type="link">[</bpt>brokerów-dealerów'
        '<ept i="2">](/broker-dealer)</ept></seg>'
    ) in raw
    assert '<bpt i="1" type="bold">**</bpt>bold<ept i="1">**</ept>' in raw
    assert '<bpt i="2" type="italic">*</bpt>italic<ept i="2">*</ept>' in raw
    assert '<ph type="x-code">`tm align`</ph>' in raw
    # native code is element content, escaped
    assert '<ph type="x-html">&lt;b&gt;</ph>x<ph type="x-html">&lt;/b&gt;</ph> tag &amp; a &lt; sign.' in raw
    segs = etree.parse(str(path)).getroot().iter("seg")
    for seg in segs:
        opened = [e.get("i") for e in seg if e.tag == "bpt"]
        closed = [e.get("i") for e in seg if e.tag == "ept"]
        assert sorted(opened) == sorted(closed)


def test_level1_option_writes_markup_as_text(tmp_path, tmx_dtd):
    path = tmp_path / "l1.tmx"
    write_tmx([unit(FINRA_EN, FINRA_PL)], path, src_lang="en", inline_elements=False)
    validate(path, tmx_dtd[0])
    seg = etree.parse(str(path)).find("body/tu/tuv/seg")
    assert len(seg) == 0 and seg.text == FINRA_EN
    assert [u.source for u in read_tmx(path)] == [FINRA_EN]


def test_write_to_binary_file_object_and_fixed_date(tmx_dtd):
    buf = io.BytesIO()
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert write_tmx(iter(SAMPLE[:2]), buf, src_lang="en", creationdate=when) == 2
    tree = etree.fromstring(buf.getvalue())
    assert tree.find("header").get("creationdate") == "20240506T070809Z"
    assert tmx_dtd[0].validate(tree), tmx_dtd[0].error_log


def test_unit_with_other_source_language_gets_tu_srclang(tmp_path, tmx_dtd):
    path = tmp_path / "mixed.tmx"
    units = [unit("Hello", "Cześć"), unit("Dzień dobry", "Good morning", src_lang="pl", tgt_lang="en")]
    write_tmx(units, path, src_lang="en")
    validate(path, tmx_dtd[0])
    assert list(read_tmx(path)) == units


# ----------------------------------------------------------------------------- round trip


def test_round_trip_is_exact(tmp_path):
    path = tmp_path / "rt.tmx"
    write_tmx(SAMPLE, path, src_lang="en")
    assert list(read_tmx(path)) == SAMPLE


# Characters XML 1.0 can hold (no C0 controls but tab/LF/CR, no U+FFFE/U+FFFF, no surrogates).
_BAD = [chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)] + ["\ufffe", "\uffff"]
xml_chars = st.characters(codec="utf-8", exclude_characters=_BAD)
MARKUP_BITS = ["[", "]", "](/x)", "](/a b)", "(", ")", "**", "*", "_", "__", "`", "<b>", "</b>",
               "<br/>", "![i](/i.png)", "<https://e.x>", "&", "&amp;", "<", ">", "]]>", "\r", "\n",
               "\r\n", " ", "\t", '"', "'", "\u00a0", "\u2028", "\x85"]
segment_text = st.lists(
    st.one_of(st.text(xml_chars, max_size=12), st.sampled_from(MARKUP_BITS)), max_size=12
).map("".join)
langs = st.sampled_from(["en", "pl", "de", "pt-BR", "zh-Hans"])
prop_key = st.text(xml_chars, min_size=1, max_size=10).filter(
    lambda k: k not in ("x-context", "x-confidence", "x-low-confidence")
)
units_strategy = st.lists(
    st.builds(
        TranslationUnit,
        source=segment_text,
        target=segment_text,
        src_lang=st.just("en"),
        tgt_lang=langs.filter(lambda x: x != "en"),
        confidence=st.floats(allow_nan=False),
        low_confidence=st.booleans(),
        context=st.none() | st.text(xml_chars, max_size=20),
        note=st.none() | segment_text,
        props=st.dictionaries(prop_key, st.text(xml_chars, max_size=20), max_size=3),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=units_strategy)
def test_round_trip_property(units):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.tmx"
        write_tmx(units, path, src_lang="en")
        assert list(read_tmx(path)) == units


@settings(max_examples=50, deadline=None)
@given(text=st.text(st.characters(codec="utf-8"), max_size=30))
def test_text_xml_cannot_hold_is_refused_or_stripped(text):
    """Writer policy: refuse (default, InputError, no file left) or strip (invalid_chars='strip')."""
    bad = [c for c in text if c in _BAD]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bad.tmx"
        u = unit(text, "ok", context="doc.md#1")
        if bad:
            with pytest.raises(InputError) as err:
                write_tmx([u], path, src_lang="en")
            assert f"U+{ord(bad[0]):04X}" in str(err.value) and "doc.md#1" in str(err.value)
            assert os.listdir(d) == []
        else:
            write_tmx([u], path, src_lang="en")
        write_tmx([u], path, src_lang="en", invalid_chars="strip")
        (back,) = read_tmx(path)
        assert back.source == "".join(c for c in text if c not in _BAD)


def test_writer_does_not_need_a_list(tmp_path):
    """Units may come from a generator consumed once (streaming write)."""
    def gen():
        for i in range(3000):
            yield unit(f"Sentence {i} with **bold**.", f"Zdanie {i} z **pogrubieniem**.", context=f"d.md#{i}")

    path = tmp_path / "big.tmx"
    assert write_tmx(gen(), path, src_lang="en") == 3000
    back = read_tmx(path)
    assert next(back).context == "d.md#0"
    assert sum(1 for _ in back) == 2999


# ----------------------------------------------------------------------------- reading others' TMX

HEADER = (
    '<header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
    'adminlang="en" srclang="{src}" datatype="plaintext"/>'
)


def tmx_file(tmp_path, body, *, src="en", doctype="", version="1.4", name="in.tmx"):
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tmx version="{version}">\n'
        f"{HEADER.format(src=src)}\n<body>\n{body}\n</body>\n</tmx>\n",
        encoding="utf-8",
    )
    return path


def test_multi_target_tu_yields_one_unit_per_target(tmp_path):
    path = tmp_path / "m.tmx"
    path.write_text(
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" '
        'o-tmf="x" adminlang="en" srclang="EN-US" datatype="plaintext"/><body>'
        '<tu tuid="42"><note>tu note</note><prop type="file">a.txt</prop>'
        '<tuv xml:lang="de-DE"><seg>Hallo</seg></tuv>'
        '<tuv xml:lang="en-us"><note>src note</note><seg>Hello</seg></tuv>'
        '<tuv xml:lang="pl-PL"><prop type="x-who">me</prop><seg>Cześć</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>Hello there</seg></tuv>'
        "</tu><tu><tuv xml:lang=\"en-US\"><seg>alone</seg></tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    units = list(read_tmx(path))
    assert [(u.source, u.src_lang, u.target, u.tgt_lang) for u in units] == [
        ("Hello", "en-us", "Hallo", "de-DE"),
        ("Hello", "en-us", "Cześć", "pl-PL"),
        ("Hello", "en-us", "Hello there", "en-GB"),
    ]
    assert all(u.context == "42" for u in units)  # a foreign tuid is the context
    assert units[0].note == "tu note\nsrc note"
    assert units[0].props == {"file": "a.txt"}
    assert units[1].props == {"file": "a.txt", "x-who": "me"}


def test_inline_elements_of_other_tools_become_native_text(tmp_path):
    body = (
        '<tu><tuv xml:lang="en"><seg>A <bpt i="1" x="1">&lt;a href="<sub>t</sub>"&gt;</bpt>link'
        '<ept i="1">&lt;/a&gt;</ept> <it pos="begin">&lt;b&gt;</it>and <hi type="x">high '
        '<ph>{0}</ph></hi> <ut>\\par</ut><!-- c -->end</seg></tuv>'
        '<tuv xml:lang="pl"><seg>B</seg></tuv></tu>'
    )
    (u,) = read_tmx(tmx_file(tmp_path, body))
    assert u.source == 'A <a href="t">link</a> <b>and high {0} \\parend'
    assert u.context is None and u.confidence == 1.0 and not u.low_confidence


def test_tmx_11_lang_attribute_and_srclang_all(tmp_path):
    body = '<tu><tuv lang="EN"><seg>one</seg></tuv><tuv lang="PL"><seg>jeden</seg></tuv></tu>'
    (u,) = read_tmx(tmx_file(tmp_path, body, version="1.1"))
    assert (u.source, u.src_lang, u.target, u.tgt_lang) == ("one", "EN", "jeden", "PL")
    (u,) = read_tmx(tmx_file(tmp_path, body, src="*all*", name="all.tmx"))
    assert (u.source, u.target) == ("one", "jeden")
    (u,) = read_tmx(tmx_file(tmp_path, body, name="o.tmx"), src_lang="pl")
    assert (u.source, u.target) == ("jeden", "one")


def test_doctype_with_url_reads_without_network(tmp_path):
    path = tmx_file(
        tmp_path,
        '<tu><tuv xml:lang="en"><seg>a &amp; b</seg></tuv><tuv xml:lang="pl"><seg>a i b</seg></tuv></tu>',
        doctype='<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">\n',
    )
    start = time.monotonic()
    assert [(u.source, u.target) for u in read_tmx(path)] == [("a & b", "a i b")]
    assert time.monotonic() - start < 5
    path2 = tmx_file(
        tmp_path,
        '<tu><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="pl"><seg>y</seg></tuv></tu>',
        doctype='<!DOCTYPE tmx SYSTEM "/nonexistent/dir/tmx14.dtd">\n',
        name="local.tmx",
    )
    assert len(list(read_tmx(path2))) == 1


# ----------------------------------------------------------------------------- hostile and broken input

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4">
<header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en"
 datatype="plaintext"/>
<body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="pl"><seg>&lol9;</seg></tuv></tu></body>
</tmx>
"""


@pytest.mark.parametrize("where", ["content", "attribute"])
def test_billion_laughs_is_refused(tmp_path, where):
    text = BILLION_LAUGHS
    if where == "attribute":
        text = text.replace('<tmx version="1.4">', '<tmx version="&lol9;">')
    path = tmp_path / "lol.tmx"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        list(read_tmx(path))
    assert time.monotonic() - start < 5
    assert err.value.path == str(path) and err.value.place == 3
    assert "entity" in str(err.value) and str(err.value).startswith(f"{path}:3: ")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "decl",
    ['<!ENTITY x SYSTEM "file:///etc/passwd">', '<!ENTITY % p SYSTEM "file:///etc/passwd">\n%p;'],
)
def test_external_entities_are_refused(tmp_path, decl):
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n{decl}\n]>\n<tmx version="1.4">'
        + HEADER.format(src="en")
        + '<body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv><tuv xml:lang="pl"><seg>b</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        list(read_tmx(path))
    assert err.value.place == 3
    assert "root:" not in str(err.value)


def test_malformed_xml_names_file_and_line(tmp_path):
    path = tmx_file(
        tmp_path,
        '<tu><tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="pl"><seg>b</sg></tuv></tu>',
    )
    with pytest.raises(InputError) as err:
        list(read_tmx(path))
    assert err.value.path == str(path)
    assert err.value.place == 6
    assert "malformed XML" in str(err.value)


def test_errors_surface_while_streaming(tmp_path):
    """The reader streams: units before a late error are delivered first."""
    good = "".join(
        f'<tu><tuv xml:lang="en"><seg>s{i}</seg></tuv><tuv xml:lang="pl"><seg>t{i}</seg></tuv></tu>\n'
        for i in range(20000)
    )
    path = tmx_file(tmp_path, good + "<tu><oops></tu>")
    units = read_tmx(path)
    assert next(units).source == "s0"
    with pytest.raises(InputError) as err:
        for _ in units:
            pass
    assert err.value.place == 20000 + 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"<html><body/></html>", "not a TMX file"),
        (b"\x00\x01\x02binary", "malformed XML"),
        (b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu>', "malformed XML"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        list(read_tmx(path))
    assert message in str(err.value) and str(path) in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_tmx(tmp_path / "nope.tmx")


def test_bad_confidence_prop_names_line(tmp_path):
    body = (
        '<tu>\n<prop type="x-confidence">high</prop><tuv xml:lang="en"><seg>a</seg></tuv>'
        '<tuv xml:lang="pl"><seg>b</seg></tuv></tu>'
    )
    with pytest.raises(InputError) as err:
        list(read_tmx(tmx_file(tmp_path, body)))
    assert err.value.place == 6 and "x-confidence" in str(err.value)


# ----------------------------------------------------------------------------- detect_format


def test_detect_format(tmp_path):
    assert detect_format("a.TMX") == "tmx"
    assert detect_format("a.po") == detect_format("a.pot") == detect_format("a.mo") == "po"
    assert detect_format("a.xliff") == "xliff"
    sniff = tmp_path / "memory.data"
    write_tmx(SAMPLE[:1], sniff, src_lang="en")
    assert detect_format(sniff) == "tmx"
    other = tmp_path / "catalog.data"
    other.write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert detect_format(other) == "po"
    assert detect_format(tmp_path / "missing.data") is None
