"""Glossary files: TBX v3 (write/read), TBX v2 (read), OmegaT TSV and CSV (tm.glossary, tm.formats)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tm.errors import InputError
from tm.formats.tbx import TBX_NS, read_tbx
from tm.formats import read_glossary, write_glossary
from tm.terms import Rendering, TermEntry, phrase_key

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"


def _content(entries):
    """What a glossary carries (no counts: those are observations of a memory)."""
    return sorted(
        (e.source, e.source_key, e.pos, e.status, e.notes, tuple((r.text, r.key, r.status, r.note) for r in e.renderings))
        for e in entries
    )


@pytest.fixture(scope="module")
def shipped():
    return read_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def mixed_entries(shipped):
    """The shipped glossary plus entries as extraction makes them: no statuses, odd characters."""
    extra = [
        TermEntry(None, "email address", ("email", "address"), renderings=[
            Rendering("adres e-mail", phrase_key("adres e-mail", "pl"), count=53),
            Rendering("adres email", phrase_key("adres email", "pl"), count=4),
        ]),
        TermEntry(None, "R&D <team> | \"quoted\"", phrase_key("R&D <team> | \"quoted\"", "en"), notes="tab\tand | bar",
                  renderings=[Rendering("dział B+R & co.", phrase_key("dział B+R & co.", "pl"), note="a < b")]),
        TermEntry(None, "untranslated", ("untranslated",), renderings=[]),
    ]
    return shipped.entries + extra


def test_shipped_glossary(shipped):
    assert (shipped.src_lang, shipped.tgt_lang) == ("en", "pl")
    assert 20 <= len(shipped.entries) <= 40
    ae = next(e for e in shipped.entries if e.source == "account executive")
    assert ae.preferred.text == "kierownik konta"
    statuses = {r.text: r.status for r in ae.renderings}
    assert statuses["kierownik ds. obsługi klienta"] == "deprecated"
    assert statuses["kierownik księgowości"] == "forbidden"
    assert all(sum(r.status == "preferred" for r in e.renderings) == 1 for e in shipped.entries)
    finra = next(e for e in shipped.entries if e.source == "FINRA")
    assert finra.preferred.text == "FINRA"
    assert (ROOT / "glossaries" / "README.md").read_text(encoding="utf-8").count("Apache-2.0") >= 1


# ----- TBX --------------------------------------------------------------------------------------


def test_tbx_v3_is_well_formed_and_declares_the_dialect(mixed_entries, tmp_path):
    out = tmp_path / "terms.tbx"
    assert write_glossary(mixed_entries, "tbx", out, src_lang="en", tgt_lang="pl") == len(mixed_entries)
    tree = etree.parse(str(out))  # raises on malformed XML
    root = tree.getroot()
    assert root.tag == f"{{{TBX_NS}}}tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert tree.docinfo.encoding == "UTF-8"
    models = [pi for pi in root.itersiblings(preceding=True) if isinstance(pi, etree._ProcessingInstruction)]
    assert len(models) == 2 and all(pi.target == "xml-model" for pi in models)
    ns = {"t": TBX_NS}
    assert len(root.findall(".//t:conceptEntry", ns)) == len(mixed_entries)
    statuses = {s.text for s in root.iterfind(".//t:termNote[@type='administrativeStatus']", ns)}
    assert statuses == {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
    if shutil.which("xmllint"):  # an independent parser
        run = subprocess.run(["xmllint", "--noout", str(out)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr


def test_tbx_round_trip_gives_the_same_entries(mixed_entries, tmp_path):
    out = tmp_path / "terms.tbx"
    write_glossary(mixed_entries, "tbx", out, src_lang="en", tgt_lang="pl")
    back = read_glossary(out)
    assert (back.src_lang, back.tgt_lang) == ("en", "pl")
    assert _content(back.entries) == _content(mixed_entries)


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_tsv_and_csv_round_trip(mixed_entries, tmp_path, fmt):
    out = tmp_path / f"terms.{fmt}"
    write_glossary(mixed_entries, fmt, out, src_lang="en", tgt_lang="pl")
    back = read_glossary(out)
    assert (back.src_lang, back.tgt_lang) == ("en", "pl")
    expected = _content(mixed_entries)
    # TSV lines hold no tab and no " | " inside a field: those are written as a space and " / "
    if fmt == "tsv":
        expected = [(*x[:4], "tab and / bar" if x[4] == "tab\tand | bar" else x[4], x[5]) for x in expected]
        expected = sorted(
            (x[0].replace(" | ", " / "), phrase_key(x[0].replace(" | ", " / "), "en"), *x[2:]) for x in expected
        )
    assert _content(back.entries) == sorted(expected)


def test_tsv_is_omegat_shaped(shipped, tmp_path):
    out = tmp_path / "g.utf8"
    write_glossary(shipped.entries, "tsv", out, src_lang="en", tgt_lang="pl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# tm glossary: source=en target=pl"
    assert all(1 <= line.count("\t") <= 2 for line in lines[1:])
    assert "account executive\tkierownik księgowości\tforbidden | mistranslation: means accounting manager" in lines
    assert lines[1].startswith("account executive\tkierownik konta\tpreferred | entry: a salaried employee")


def test_tbx_v2_martif_is_read(tmp_path):
    v2 = tmp_path / "old.tbx"
    v2.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>from another tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="definition">sells to clients</descrip>
      <note>demo</note>
      <langSet xml:lang="en-US"><tig><term>account executive</term>
        <termNote type="partOfSpeech">noun</termNote></tig></langSet>
      <langSet xml:lang="pl-PL">
        <tig><term>kierownik konta</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>kierownik księgowości</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp>
          <note>forbidden: accounting manager</note></ntig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
""",
        encoding="utf-8",
    )
    g = read_glossary(v2)
    assert (g.src_lang, g.tgt_lang) == ("en", "pl")
    (e,) = g.entries
    assert (e.source, e.pos, e.notes) == ("account executive", "noun", "demo")
    assert [(r.text, r.status, r.note) for r in e.renderings] == [
        ("kierownik konta", "preferred", None),
        ("kierownik księgowości", "forbidden", "accounting manager"),
    ]
    assert read_tbx(v2).version == 2


# ----- bad input --------------------------------------------------------------------------------


def _write(tmp_path, name, data: bytes | str) -> Path:
    p = tmp_path / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("missing.tsv", None, "{p}: no such file"),
        ("empty.tsv", b"", "{p}: empty file"),
        ("blank.csv", b"\n\n", "{p}: empty file"),
        ("binary.tsv", b"a\tb\nc\td\x00\x01", "{p}:2: binary file (contains NUL bytes), not a glossary"),
        ("latin1.tsv", "a\tb\nklient\tkierownik księgowości\n".encode("latin-1", "replace").replace(b"?", b"\xea"),
         "{p}:2: not UTF-8: byte 0xea cannot be decoded"),
        ("cols.tsv", "a\tb\tc\td\n", "{p}:1: 4 tab-separated columns; a glossary line has source, target and comment"),
        ("nosource.tsv", "\tb\n", "{p}:1: no source term before the first tab"),
        ("comments.tsv", "# only a comment\n", "{p}: no glossary lines (only comments or blank lines)"),
        ("status.csv", "source,target,status\na,b,maybe\n", "{p}:2: unknown status 'maybe'; use one of preferred, admitted, deprecated, forbidden"),
        ("header.csv", "term,meaning\na,b\n", "{p}:1: the header row must name a source and a target column (found: term, meaning)"),
        ("nostatus.tsv", "a\t\tpreferred\n", "{p}:1: status 'preferred' without a target term"),
        ("bad.tbx", "<tbx><text><body><conceptEntry>\n<langSec></conceptEntry>", "{p}:2: malformed XML: Opening and ending tag mismatch: langSec line 2 and conceptEntry"),
        ("other.tbx", "<?xml version='1.0'?>\n<html/>", "{p}:2: not a TBX file: root element is <html>, not <tbx> or <martif>"),
        ("bomb.tbx", '<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;">\n]>\n<tbx>&b;</tbx>',
         "{p}:3: entity declarations are refused (entity expansion and external entities are not allowed in TBX)"),
        ("xxe.tbx", '<?xml version="1.0"?>\n<!DOCTYPE tbx [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<tbx>&x;</tbx>',
         "{p}:2: entity declarations are refused (entity expansion and external entities are not allowed in TBX)"),
        ("nolang.tbx", f'<tbx xmlns="{TBX_NS}" type="TBX-Basic"><text><body><conceptEntry id="c">\n<langSec><termSec><term>x</term></termSec></langSec>'
         "</conceptEntry></body></text></tbx>", "{p}:2: <langSec> without xml:lang"),
        ("unknown.xyz", "a\tb\n", "{p}: unknown glossary type; expected .tbx, .tsv/.tab/.txt/.utf8 or .csv"),
    ],
)
def test_bad_glossaries_give_one_line_errors(tmp_path, name, data, message):
    path = tmp_path / name if data is None else _write(tmp_path, name, data)
    with pytest.raises(InputError) as e:
        read_glossary(path)
    assert str(e.value) == message.format(p=path)
    assert "\n" not in str(e.value)


def test_tsv_header_row_is_not_an_entry(tmp_path):
    with_header = tmp_path / "with-header.tsv"
    with_header.write_text("Source\tTarget\tComment\naccount executive\tkierownik konta\tpreferred\n", encoding="utf-8")
    entries = read_glossary(with_header, src_lang="en", tgt_lang="pl").entries
    assert [e.source for e in entries] == ["account executive"]
    # a real entry that merely starts with such a word stays an entry
    plain = tmp_path / "plain.tsv"
    plain.write_text("source\tźródło\npassword\thasło\n", encoding="utf-8")
    assert [e.source for e in read_glossary(plain, src_lang="en", tgt_lang="pl").entries] == ["source", "password"]
