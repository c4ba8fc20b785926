"""PO writer and reader: msgfmt --check as judge, exact round trips, plural and MO input, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FINRA_EN, FINRA_PL, unit

from tm.errors import InputError
from tm.formats.po import PLURAL_FORMS, read_po, write_po
from tm.model import TranslationUnit

PL_PLURAL = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
SAMPLE = [
    unit("Account Executive", "Kierownik konta", context="en.md#0", confidence=0.97),
    unit("Account Executive", "Kierownik konta", context="en.md#2", confidence=0.97),
    unit(FINRA_EN, FINRA_PL, context="en.md#22", confidence=0.8, note="markup kept as written"),
    unit("Some **bold**, `code` and <b>x</b> & < >.", "Trochę **pogrubienia**, `code` i <b>x</b> & < >."),
    unit('Quotes "double" and \'single\' \\ backslash.', "Cudzysłowy „podwójne” i ‚pojedyncze’ \\ ukośnik."),
    unit("  leading and trailing spaces  ", " zażółć gęślą jaźń ", context="en.md#7"),
    unit("Low one.", "Niska.", confidence=0.21, low_confidence=True, context="en.md#9",
         props={"document": "account-executive"}),
    unit("Line one\nline two", "Wiersz jeden\nwiersz dwa", note="multi\nline note"),
    unit("Same context", "Ten sam kontekst", context="en.md#9"),
    unit("No context", "Bez kontekstu"),
    unit("No context", "Bez kontekstu, inny"),
    unit("Note with trailing space", "Notatka", note="trailing "),
    unit("Empty note", "Pusta notatka", note=""),
    unit("Emoji 🎉 and CJK 漢字", "Emoji 🎉 i CJK 漢字"),
    unit("Untranslated", ""),
]


def msgfmt():
    path = shutil.which("msgfmt")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt missing (bash scripts/system-deps.sh installs gettext)")
        pytest.skip("msgfmt missing (gettext)")
    return path


def check_with_msgfmt(path, *extra):
    run = subprocess.run(
        [msgfmt(), "--check", *extra, "-o", "/dev/null", str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run


def test_msgfmt_check_passes(tmp_path):
    path = tmp_path / "pl.po"
    assert write_po(SAMPLE, path, src_lang="en", tgt_lang="pl") == len(SAMPLE)
    run = check_with_msgfmt(path)
    assert "warning" not in run.stderr, run.stderr  # header complete too
    check_with_msgfmt(path, "--statistics")


def test_header(tmp_path):
    path = tmp_path / "pl.po"
    write_po(SAMPLE[:1], path, src_lang="en", tgt_lang="pl",
             now=datetime(2024, 5, 6, 7, 8, tzinfo=timezone.utc))
    meta = polib.pofile(str(path)).metadata
    assert meta["Language"] == "pl"
    assert meta["X-Source-Language"] == "en"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Plural-Forms"] == PL_PLURAL == PLURAL_FORMS["pl"]
    assert meta["X-Generator"].startswith("tm ")
    assert meta["PO-Revision-Date"] == "2024-05-06 07:08+0000"
    raw = path.read_text(encoding="utf-8")
    assert f'"Plural-Forms: {PL_PLURAL}\\n"' in raw


def test_entries_msgctxt_flags_and_comments(tmp_path):
    path = tmp_path / "pl.po"
    write_po(SAMPLE, path, src_lang="en", tgt_lang="pl")
    entries = list(polib.pofile(str(path)))
    ctxts = [e.msgctxt for e in entries]
    assert len(set(ctxts)) == len(ctxts), ctxts  # unique even for the same source text
    assert ctxts[:3] == ["en.md#0", "en.md#2", "en.md#22"]
    assert ctxts[8] == "en.md#9~2"  # a context used twice gets a suffix
    assert ctxts[9] == "#10" and ctxts[10] == "#11"  # no context: the position
    low = entries[6]
    assert "fuzzy" in low.flags
    assert "fuzzy" not in entries[0].flags
    assert "tm-confidence: 0.21" in low.comment.split("\n")
    assert "tm-document: en.md" in low.comment.split("\n")
    assert entries[2].tcomment == "markup kept as written"
    assert entries[2].msgid == FINRA_EN and entries[2].msgstr == FINRA_PL


def test_round_trip_is_exact(tmp_path):
    path = tmp_path / "pl.po"
    write_po(SAMPLE, path, src_lang="en", tgt_lang="pl")
    assert list(read_po(path)) == SAMPLE


def test_unit_of_another_language_pair_is_refused(tmp_path):
    with pytest.raises(ValueError, match="de"):
        write_po([unit("a", "b", tgt_lang="de")], tmp_path / "x.po", src_lang="en", tgt_lang="pl")


# ---------------------------------------------------------------------------- property tests

# Anything Python can encode as UTF-8 but NUL (a gettext catalog is made of C strings)
# and EOT (the MO context separator); the writer refuses those two (tested below).
po_chars = st.characters(codec="utf-8", exclude_characters=["\x00", "\x04"])
text = st.text(po_chars, max_size=40)
units_strategy = st.lists(
    st.builds(
        TranslationUnit,
        source=text,
        target=text,
        src_lang=st.just("en"),
        tgt_lang=st.just("pl"),
        confidence=st.floats(allow_nan=False),
        low_confidence=st.booleans(),
        context=st.none() | st.text(po_chars, max_size=15),
        note=st.none() | text,
        props=st.dictionaries(
            st.text(po_chars, min_size=1, max_size=8).filter(lambda k: not k.startswith("po-")),
            st.text(po_chars, max_size=15),
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=units_strategy)
def test_round_trip_property(units):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.po"
        write_po(units, path, src_lang="en", tgt_lang="pl")
        assert list(read_po(path)) == units


def _newlines_agree(u):
    # msgfmt --check: msgid and msgstr must both begin (and both end) with \n, or neither.
    s, t = u.source, u.target
    return t == "" or (s.startswith("\n") == t.startswith("\n") and s.endswith("\n") == t.endswith("\n"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=units_strategy.filter(lambda us: all(_newlines_agree(u) for u in us)))
def test_msgfmt_accepts_arbitrary_text(units):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.po"
        write_po(units, path, src_lang="en", tgt_lang="pl")
        check_with_msgfmt(path)


@pytest.mark.parametrize("char", ["\x00", "\x04"])
def test_nul_and_eot_are_refused_or_stripped(tmp_path, char):
    path = tmp_path / "nul.po"
    bad = unit(f"a{char}b", "c", context="doc.md#3")
    with pytest.raises(InputError, match=rf"U\+{ord(char):04X}") as err:
        write_po([bad], path, src_lang="en", tgt_lang="pl")
    assert "doc.md#3" in str(err.value)
    assert list(tmp_path.iterdir()) == []
    write_po([bad], path, src_lang="en", tgt_lang="pl", invalid_chars="strip")
    assert [u.source for u in read_po(path)] == ["ab"]


# ---------------------------------------------------------------------------- reading others' catalogs

FOREIGN = r'''# Polish translation of a program.
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\n"
"Language: pl\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

# Translator says hi
#. TRANSLATORS: a button
#: src/main.c:12 src/other.c:7
#, fuzzy, c-format
msgctxt "button"
msgid "Open %s"
msgstr "Otwórz %s"

#: src/main.c:20
#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d plik"
msgstr[1] "%d pliki"
msgstr[2] "%d plików"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "Stare"
'''


def test_foreign_po(tmp_path):
    path = tmp_path / "demo.po"
    path.write_text(FOREIGN, encoding="utf-8")
    check_with_msgfmt(path)
    units = list(read_po(path))
    assert len(units) == 3  # header and obsolete entries skipped
    button, plural, untranslated = units
    assert (button.source, button.target, button.context) == ("Open %s", "Otwórz %s", "button")
    assert (button.src_lang, button.tgt_lang) == ("en", "pl")
    assert button.low_confidence and button.confidence == 1.0
    assert button.note == "Translator says hi"
    assert button.props == {
        "po-comment": "TRANSLATORS: a button",
        "po-references": "src/main.c:12 src/other.c:7",
        "po-flags": "c-format",
    }
    # plural entry: one unit for the singular, other forms in the note
    assert (plural.source, plural.target) == ("%d file", "%d plik")
    assert plural.note == "msgid_plural: %d files\nmsgstr[1]: %d pliki\nmsgstr[2]: %d plików"
    assert not plural.low_confidence and plural.context is None
    assert untranslated.target == ""

    # writing the units back keeps comments, references and flags where gettext expects them
    again = tmp_path / "again.po"
    write_po(units, again, src_lang="en", tgt_lang="pl")
    check_with_msgfmt(again)
    entry = polib.pofile(str(again))[0]
    assert entry.occurrences == [("src/main.c", "12"), ("src/other.c", "7")]
    assert entry.flags == ["fuzzy", "c-format"]
    assert "TRANSLATORS: a button" in entry.comment.split("\n")
    assert list(read_po(again)) == [
        u if u.context is not None else TranslationUnit(**{**u.__dict__, "context": None})
        for u in units
    ]


def test_pot_and_language_override(tmp_path):
    pot = tmp_path / "demo.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n',
                   encoding="utf-8")
    (u,) = read_po(pot)
    assert (u.source, u.target, u.src_lang, u.tgt_lang) == ("Hello", "", "en", "")
    (u,) = read_po(pot, src_lang="en-GB", tgt_lang="pl")
    assert (u.src_lang, u.tgt_lang) == ("en-GB", "pl")


def test_mo_file(tmp_path):
    po = tmp_path / "pl.po"
    write_po(SAMPLE, po, src_lang="en", tgt_lang="pl")
    mo = tmp_path / "pl.mo"
    subprocess.run([msgfmt(), "--check", "-o", str(mo), str(po)], check=True, timeout=60)
    units = list(read_po(mo))
    # msgfmt leaves out fuzzy and untranslated entries
    expected = [u for u in SAMPLE if not u.low_confidence and u.target]
    got = {(u.context, u.source): u.target for u in units}
    assert len(units) == len(expected)
    assert got[("en.md#22", FINRA_EN)] == FINRA_PL
    assert got[("en.md#0", "Account Executive")] == "Kierownik konta"
    assert all(u.tgt_lang == "pl" and u.src_lang == "en" for u in units)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b'msgid "a"\nmsgstr "b\n', 2, "unterminated"),
        (b'msgid "a"\nmsgstr "b\\"\n', 2, "unterminated"),
        (b'msgid "a"\nmsgstr "b"\nfoo bar\n', 3, "Syntax error"),
        (b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d "e" f"\n', 5, "unescaped double quote"),
        (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "\xff\xfe"\nmsgstr "x"\n',
         None, "cannot decode"),
        (b"", None, "empty file"),
        (b"\xde\x12\x04\x95\x00\x00\x07\x00", None, "unpack"),
    ],
)
def test_bad_catalogs(tmp_path, content, line, message):
    path = tmp_path / ("bad.mo" if content.startswith(b"\xde\x12") else "bad.po")
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        list(read_po(path))
    assert err.value.path == str(path)
    assert err.value.place == line
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file_is_not_taken_for_catalog_text(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_po(tmp_path / 'msgid "a"')
