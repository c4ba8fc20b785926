"""tm import: the hostile-file corpus, all-or-nothing per file, normalisation, dedup, provenance,
--keep-going, --as-documents, language checks, schema migration, and round trips through the
memory (hypothesis)."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ENGINES, connect, dump_db, new_database, unit

from tm.cli import app
from tm.errors import InputError
from tm.exchange import import_file, import_files, sniff_format
from tm.text import normalise_language
from tm.formats.po import write_po
from tm.formats.tmx import write_tmx
from tm.formats.xliff import write_xliff
from tm.store import Memory, schema, write_transaction
from tm.model import TranslationUnit

HOSTILE = Path(__file__).parent / "data" / "hostile"
runner = CliRunner()

# What each file of tests/data/hostile does (README.md there says the same in prose):
# ("refused", text in the one-line error, place) or ("imported", added, skipped by reason).
EXPECTED = {
    "bad-language-tag.tmx": ("refused", "'English' is not a BCP 47 language tag", "unit 1, id 1"),
    "bilingual-bad-columns.txt": ("refused", "expected source<TAB>target[<TAB>note], found 1 column(s)", 5),
    "bilingual-bom-crlf.txt": ("imported", 10, {}),
    "bilingual-cp1250.txt": ("refused", "not valid UTF-8", 1),
    "billion-laughs.tmx": ("refused", "entity declarations are refused", 3),
    "billion-laughs.xlf": ("refused", "entity declarations are refused", 3),
    "binary.tmx": ("refused", "binary file", None),
    "bom-crlf.po": ("imported", 10, {}),
    "bom-utf8.tmx": ("imported", 10, {}),
    "crlf-nfd.tmx": ("imported", 12, {}),
    "doctype-url.tmx": ("imported", 10, {}),
    "empty.tmx": ("refused", "empty file", None),
    "external-entity.tmx": ("refused", "entity declarations are refused", 3),
    "external-entity.xlf": ("refused", "entity declarations are refused", 3),
    "fuzzy-obsolete-plural.po": ("imported", 15, {"untranslated": 1}),
    "latin2-declared-utf8.po": ("refused", "not valid UTF-8 as its charset says", 8),
    "latin2-declared.tmx": ("imported", 10, {}),
    "missing-target.xlf": ("imported", 6, {"untranslated": 1}),
    "mixed-languages.tmx": ("imported", 5, {"same-language": 1}),
    "no-target-language.xlf": ("refused", "does not name its languages; pass --src-lang and --tgt-lang", "unit 1, id 1"),
    "not-a-tm.xml": ("refused", "XML with root <html>: not TMX, XLIFF or TBX", None),
    "states-2.0.xlf": ("imported", 10, {}),
    "swapped-languages.tmx": ("refused", "the source text reads as pl, but the file says en", None),
    "syntax-error-at-end.po": ("refused", "unterminated or unquoted string", 37),
    "truncated.mo": ("refused", "not a valid MO file", None),
    "truncated.tmx": ("refused", "malformed XML: Premature end of data", 11),
    "truncated.xlf": ("refused", "malformed XML: Premature end of data", 9),
    "utf16-crlf.tmx": ("imported", 10, {}),
    "wrong-encoding-declared.tmx": ("refused", "declares encoding ISO-8859-2 but its bytes are UTF-8", 5),
}


# None of these is in the hostile files.
SEED = [
    unit("Account Executive", "Kierownik konta", context="en.md#0"),
    unit("An account executive works with clients.", "Kierownik konta pracuje z klientami."),
    unit("The pay is good.", "Płaca jest dobra."),
]


@pytest.fixture(params=ENGINES)
def seeded(tmp_path, request):
    """A database holding one imported TMX (and so every table of the schema), on each engine."""
    tmx = tmp_path / "seed.tmx"
    write_tmx(SEED, tmx, src_lang="en")
    db = new_database(request.param, tmp_path, request)
    import_file(db, tmx, check_languages=False)
    return db


def options(name):
    return {"as_documents": True} if name.endswith(".txt") else {}


# ----------------------------------------------------------------------------- the hostile corpus


def test_every_corpus_file_is_described():
    files = {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}
    assert files == set(EXPECTED)
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(seeded, name):
    expected = EXPECTED[name]
    before = dump_db(seeded)
    if expected[0] == "refused":
        _, text, place = expected
        with pytest.raises(InputError) as err:
            import_file(seeded, HOSTILE / name, **options(name))
        message = str(err.value)
        assert "\n" not in message and text in message and str(HOSTILE / name) in message
        assert err.value.place == place
        assert dump_db(seeded) == before
    else:
        _, added, skipped = expected
        result = import_file(seeded, HOSTILE / name, **options(name))
        assert (result.added, result.duplicates, result.skipped) == (added, 0, skipped)
        after = dump_db(seeded)
        assert len(after["pairs"]) - len(before["pairs"]) == added
        assert len(after["imports"]) == len(before["imports"]) + 1


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[0] == "refused"))
def test_refused_file_creates_no_database(tmp_path, name):
    db = tmp_path / "new.db"
    with pytest.raises(InputError):
        import_file(db, HOSTILE / name, **options(name))
    assert list(tmp_path.iterdir()) == []


def test_cli_refusal_is_one_line_and_exit_2(seeded):
    before = dump_db(seeded)
    result = runner.invoke(app, ["import", str(HOSTILE / "billion-laughs.tmx"), "--db", str(seeded)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error: ") and "billion-laughs.tmx:3:" in lines[0]
    assert dump_db(seeded) == before


def test_what_the_imported_hostile_files_hold(tmp_path):
    db = tmp_path / "h.db"
    for name in ("crlf-nfd.tmx", "mixed-languages.tmx", "latin2-declared.tmx", "utf16-crlf.tmx"):
        import_file(db, HOSTILE / name)
    con = sqlite3.connect(db)
    rows = con.execute("select source, target, src_lang, tgt_lang, props from pairs order by id").fetchall()
    by_source = {r[0]: r for r in rows}
    # CRLF inside a segment becomes LF, surrounding spaces go, NFD becomes NFC.
    assert by_source["First line,\nsecond line."][1] == "Pierwszy wiersz,\ndrugi wiersz."
    nfc = by_source["Yellow test"][1]
    assert nfc == unicodedata.normalize("NFC", nfc) and nfc.startswith("Zażółć")
    # Tags normalised to primary subtags, the full tag kept in props.
    assert by_source["The client is happy."][2:4] == ("en", "de")
    assert json.loads(by_source["The client is happy."][4])["x-target-locale"] == "de-DE"
    assert by_source["Wymagane są wyjątkowe umiejętności komunikacyjne."][2:4] == ("pl", "en")
    assert "Colour" not in by_source  # en-GB → en-US: same language, skipped
    # The ISO-8859-2 file and the UTF-16 file hold the same pairs as the UTF-8 ones: duplicates.
    assert "Kierownik konta zarządza relacją z klientem." in {r[1] for r in rows}
    assert len(rows) == len({(r[0], r[1], r[2], r[3]) for r in rows})


def test_xliff_states_and_po_flags_become_confidence(tmp_path):
    conf = {}
    for name in ("states-2.0.xlf", "missing-target.xlf", "fuzzy-obsolete-plural.po"):
        db = tmp_path / f"{name}.db"  # one each: the files share sentences, which would be duplicates
        import_file(db, HOSTILE / name)
        con = sqlite3.connect(db)
        conf[name] = {s: (c, low, json.loads(p) if p else {}, note, ctx) for s, c, low, p, note, ctx in con.execute(
            "select source, confidence, low_confidence, props, note, context from pairs")}
        con.close()
    states, missing, po = conf["states-2.0.xlf"], conf["missing-target.xlf"], conf["fuzzy-obsolete-plural.po"]
    assert states["The account executive manages the client relationship."][:2] == (1.0, 0)  # final
    assert states["Sales commissions are paid every quarter."][:2] == (1.0, 0)  # reviewed
    assert states["The base salary depends on experience."][:2] == (0.9, 0)  # translated
    assert states["Exceptional communication skills are required."][:2] == (0.3, 1)  # initial
    assert states["She works for a broker-dealer in New York."][:2] == (0.3, 1)  # no state: initial (2.x default)
    assert missing["The account executive manages the client relationship."][:2] == (0.9, 0)  # 1.2 without state
    assert missing["The company hired three new account executives this year."][:2] == (0.5, 1)  # needs-review
    assert "Account executives often travel to meet clients." not in missing  # no target
    assert po["The report is ready."][1] == 1  # fuzzy: imported but marked
    assert po["An old message."][1] == 1 and po["An old message."][2]["po-obsolete"] == "yes"
    assert "msgstr[2]: %d plików" in po["%d file"][3]
    assert "Not translated yet." not in po
    con = sqlite3.connect(tmp_path / "fuzzy-obsolete-plural.po.db")
    targets = dict(con.execute("select context, target from pairs where source = 'Open'").fetchall())
    assert targets == {"button": "Otwórz", "state": "Otwarty"}


# ----------------------------------------------------------------------------- all or nothing


def big_tmx(path, n, tail):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
                'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" '
                'datatype="plaintext"/>\n<body>\n')
        for i in range(1, n + 1):
            f.write(f'<tu tuid="{i}"><tuv xml:lang="en"><seg>Sentence number {i} is about the client.</seg></tuv>'
                    f'<tuv xml:lang="pl"><seg>Zdanie numer {i} mówi o kliencie.</seg></tuv></tu>\n')
        f.write(tail)


@pytest.mark.parametrize(
    "tail, message, place",
    [
        ('<tu tuid="x"><tuv xml:lang="en"><seg>broken</seg></tuv><tuv xml:lang="pl"><seg>zepsute</tuv></tu>',
         "malformed XML", 50_004),
        ('<tu tuid="last"><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="Polish!"><seg>b</seg></tuv></tu>'
         "</body></tmx>", "'Polish!' is not a BCP 47 language tag", "unit 50001, id last"),
    ],
)
def test_a_file_that_breaks_at_unit_50000_leaves_the_database_as_it_was(seeded, tmp_path, tail, message, place):
    path = tmp_path / "late.tmx"
    big_tmx(path, 50_000, tail)
    before = dump_db(seeded)
    with pytest.raises(InputError) as err:
        import_file(seeded, path)
    assert message in str(err.value) and err.value.place == place
    assert dump_db(seeded) == before


def test_keep_going_imports_the_valid_files_and_lists_the_refused(seeded, tmp_path):
    good = HOSTILE / "bom-utf8.tmx"
    bad = HOSTILE / "truncated.xlf"
    also_good = HOSTILE / "states-2.0.xlf"
    before = len(dump_db(seeded)["pairs"])
    result = runner.invoke(app, ["import", str(good), str(bad), str(also_good), "--db", str(seeded), "--keep-going"])
    assert result.exit_code == 2
    assert f"{good}: 10 units added, 0 duplicates, 0 skipped [tmx, 10 units read" in result.stdout
    assert f"{also_good}: 0 units added, 10 duplicates, 0 skipped [xliff" in result.stdout  # the same sentences
    assert f"tm: error: {bad}:9: malformed XML" in result.stderr
    assert f"refused 1 of 3 files: {bad}" in result.stderr
    after = dump_db(seeded)
    assert len(after["pairs"]) == before + 10
    assert [r[1] for r in after["imports"]] == [str(tmp_path / "seed.tmx"), str(good), str(also_good)]


def test_without_keep_going_the_batch_stops_at_the_first_refusal(seeded):
    batch = import_files(seeded, [HOSTILE / "bom-utf8.tmx", HOSTILE / "empty.tmx", HOSTILE / "states-2.0.xlf"])
    assert [r.path for r in batch.imported] == [str(HOSTILE / "bom-utf8.tmx")]
    assert [e.path for e in batch.refused] == [str(HOSTILE / "empty.tmx")]
    assert batch.not_attempted == [str(HOSTILE / "states-2.0.xlf")]


def test_cli_json_output(seeded):
    result = runner.invoke(app, ["import", str(HOSTILE / "mixed-languages.tmx"), str(HOSTILE / "empty.tmx"),
                                 "--db", str(seeded), "--keep-going", "--format", "json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    (imported,) = report["imported"]
    assert imported["language_pairs"] == {"en→de": 1, "en→pl": 3, "pl→en": 1}
    assert imported["skipped"] == {"same-language": 1} and imported["format"] == "tmx"
    assert report["refused"] == [{"file": str(HOSTILE / "empty.tmx"), "place": None, "message": "empty file"}]


# ----------------------------------------------------------------------------- dedup, provenance, stats


def test_the_same_pair_twice_is_stored_once_and_counted(seeded, tmp_path):
    tmx = tmp_path / "again.tmx"
    write_tmx(SEED + [unit("New one.", "Nowe.")], tmx, src_lang="en")
    first = import_file(seeded, tmx, check_languages=False)
    assert (first.added, first.duplicates) == (1, 3)
    # The same pairs through another format, with other contexts and Windows line ends: still duplicates.
    po = tmp_path / "again.po"
    write_po([unit(u.source, u.target + "\r\n", context=f"other#{i}") for i, u in enumerate(SEED)], po,
             src_lang="en", tgt_lang="pl")
    second = import_file(seeded, po, check_languages=False)
    assert (second.added, second.duplicates) == (0, 3)


def test_provenance_and_stats(seeded, tmp_path):
    before = {r[0] for r in connect(seeded).execute("select id from pairs")}
    import_file(seeded, HOSTILE / "missing-target.xlf")
    con = connect(seeded)
    rows = con.execute("select origin, origin_file, unit_id, import_id, created, pair_hash from pairs"
                       f" where id not in ({','.join(map(str, before))}) order by id").fetchall()
    assert [r[2] for r in rows] == ["1", "2", "3", "4", "5", "7"]
    assert {(r[0], r[1]) for r in rows} == {("import", str(HOSTILE / "missing-target.xlf"))}
    assert all(r[3] == 2 and r[4] and len(r[5]) == 16 for r in rows)
    result = runner.invoke(app, ["stats", "--db", str(seeded), "--format", "json"])
    figures = json.loads(result.stdout)
    xliff = figures["imports"][1]
    assert xliff["file"] == str(HOSTILE / "missing-target.xlf") and xliff["format"] == "xliff"
    assert (xliff["units"], xliff["added"], xliff["duplicates"], xliff["skipped"], xliff["pairs"]) == (
        7, 6, 0, {"untranslated": 1}, 6)
    assert {"origin": "import", "file": str(HOSTILE / "missing-target.xlf"), "pairs": 6} in figures["origins"]
    table = runner.invoke(app, ["stats", "--db", str(seeded)])
    assert table.exit_code == 0 and "missing-target.xlf" in table.stdout


# ----------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    "tag, expected",
    [("pl-PL", ("pl", "pl-PL")), ("pl_PL", ("pl", "pl-PL")), ("PL", ("pl", None)), ("pl_PL.UTF-8", ("pl", "pl-PL")),
     ("pol", ("pl", None)), ("en-us", ("en", "en-US")), ("zh-hant-tw", ("zh", "zh-Hant-TW")), ("sr@latin", ("sr", None))],
)
def test_language_tags(tag, expected):
    assert normalise_language(tag) == expected


@pytest.mark.parametrize("tag", ["", "*all*", "English", "123"])
def test_bad_language_tags(tag):
    with pytest.raises(ValueError, match="not a BCP 47 language tag"):
        normalise_language(tag)


def test_target_language_option_filters_and_refuses_a_file_without_that_pair(tmp_path):
    db = tmp_path / "f.db"
    result = import_file(db, HOSTILE / "mixed-languages.tmx", tgt_lang="de-DE")
    assert result.language_pairs == {"en→de": 1} and result.skipped["other-language"] == 4
    before = dump_db(db)
    with pytest.raises(InputError, match="no unit in the language pair asked for .*en→pl \\(10 units\\)"):
        import_file(db, HOSTILE / "bom-utf8.tmx", tgt_lang="fr")
    assert dump_db(db) == before


def test_languages_from_options_where_the_file_has_none(tmp_path):
    result = import_file(tmp_path / "n.db", HOSTILE / "no-target-language.xlf", tgt_lang="pl")
    assert result.added == 10 and result.language_pairs == {"en→pl": 10}


def test_swapped_languages_import_when_the_check_is_off(tmp_path):
    result = import_file(tmp_path / "s.db", HOSTILE / "swapped-languages.tmx", check_languages=False)
    assert result.added == 10
    result = runner.invoke(app, ["import", str(HOSTILE / "swapped-languages.tmx"), "--db", str(tmp_path / "t.db"),
                                 "--no-language-check"])
    assert result.exit_code == 0


def test_tmx_source_language_option_picks_the_direction(tmp_path):
    result = import_file(tmp_path / "d.db", HOSTILE / "bom-utf8.tmx", src_lang="pl")
    assert result.language_pairs == {"pl→en": 10}


# ----------------------------------------------------------------------------- formats


def test_format_by_content_before_extension(tmp_path):
    po_named_tmx = tmp_path / "really-po.tmx"
    po_named_tmx.write_bytes((HOSTILE / "bom-crlf.po").read_bytes())
    assert sniff_format(str(po_named_tmx)) == "po"
    xliff_no_ext = tmp_path / "export"
    xliff_no_ext.write_bytes((HOSTILE / "states-2.0.xlf").read_bytes())
    assert sniff_format(str(xliff_no_ext)) == "xliff"
    assert import_file(tmp_path / "x.db", xliff_no_ext).added == 10
    # .txt, .tab and .utf8 are OmegaT's names for a tab-separated glossary (issue #13); text
    # without an extension is still refused with the hint for bilingual text.
    for name in ("pairs.txt", "glossary.utf8", "terms.tab"):
        (tmp_path / name).write_text("Hello\tCześć\n", encoding="utf-8")
        assert sniff_format(str(tmp_path / name)) == "tsv"
    text = tmp_path / "pairs"
    text.write_text("Hello\tCześć\n", encoding="utf-8")
    with pytest.raises(InputError, match="pass --as-documents"):
        sniff_format(str(text))
    # Glossaries go to the term base (tm.glossary), not to the pairs.
    before = len(dump_db(tmp_path / "x.db")["pairs"])
    assert import_file(tmp_path / "x.db", _glossary(tmp_path)).format == "tsv"
    assert len(dump_db(tmp_path / "x.db")["pairs"]) == before
    with pytest.raises(InputError, match="no such file"):
        import_file(tmp_path / "x.db", tmp_path / "missing.tmx")


def _glossary(tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_text("account executive\tkierownik konta\n", encoding="utf-8")
    return path


def test_as_documents_detects_languages_and_keeps_notes(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "The account executive manages the client relationship.\tKierownik konta zarządza relacją z klientem.\tchecked\n"
        "\n"
        "Sales commissions are paid every quarter.\tProwizje od sprzedaży są wypłacane co kwartał.\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    result = import_file(db, path, as_documents=True)
    assert (result.added, result.language_pairs) == (2, {"en→pl": 2})
    rows = sqlite3.connect(db).execute("select note, unit_id from pairs order by id").fetchall()
    assert rows == [("checked", "line 1"), (None, "line 3")]


# ----------------------------------------------------------------------------- migration


def test_older_database_gains_provenance_and_dedup(tmp_path):
    db = tmp_path / "old.db"
    old = sqlite_utils.Database(db)  # the schema as it was before imports had provenance
    with write_transaction(old):
        schema.create_memory_tables(old)
    old.close()
    con = sqlite3.connect(db)
    assert "pair_hash" not in {r[1] for r in con.execute("pragma table_info(pairs)")}
    con.executescript(
        "insert into pairs (src_lang, tgt_lang, source, target, origin, created)"
        " values ('en', 'pl', 'Account Executive', 'Kierownik konta', 'import', 'then'),"
        "        ('en', 'pl', 'Account Executive', 'Kierownik konta', 'import', 'then');"
    )
    con.commit()
    con.close()
    tmx = tmp_path / "s.tmx"
    write_tmx(SEED, tmx, src_lang="en")
    result = import_file(db, tmx, check_languages=False)
    assert (result.added, result.duplicates) == (2, 1)
    hashes = sqlite3.connect(db).execute("select pair_hash is not null from pairs order by id").fetchall()
    assert hashes[:2] == [(1,), (0,)]  # the older copy keeps its row, without a hash


# ----------------------------------------------------------------------------- round trips (hypothesis)

_BAD_XML = [chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)] + ["\ufffe", "\uffff"]
xml_chars = st.characters(codec="utf-8", exclude_characters=_BAD_XML)
MARKUP = ["[", "]", "](/x)", "**", "*", "_", "`", "<b>", "</b>", "<br/>", "![i](/i.png)", "&", "<", ">",
          "\r", "\n", "\r\n", " ", "\t", "\u00a0", "e\u0301", "\u00e9", "ż", "Ł"]
text = st.lists(st.one_of(st.text(xml_chars, max_size=10), st.sampled_from(MARKUP)), max_size=8).map("".join)
units_strategy = st.lists(
    st.builds(
        TranslationUnit,
        source=text,
        target=text,
        src_lang=st.just("en"),
        tgt_lang=st.sampled_from(["pl", "pl-PL"]),
        confidence=st.floats(min_value=0, max_value=1),
        low_confidence=st.booleans(),
        context=st.none() | st.text(xml_chars, max_size=10),
    ),
    min_size=1,
    max_size=6,
)


def expected_pairs(units):
    """What the memory must hold after importing ``units``, and how many units are not
    skipped: an independent statement of the rules in docs/import.md."""
    seen, out, kept = set(), [], 0
    for u in units:
        def clean(s):
            return unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n").strip())
        s, t = clean(u.source), clean(u.target)
        if not s or not t:
            continue
        kept += 1
        key = ("en", "pl", s, t)
        if key not in seen:
            seen.add(key)
            out.append((s, t, "en", "pl", u.confidence, u.low_confidence))
    return out, kept


def stored_pairs(db):
    with Memory(db) as m:
        return [(u.source, u.target, u.src_lang, u.tgt_lang, u.confidence, u.low_confidence) for u in m.units()]


@pytest.mark.parametrize("fmt", ["tmx", "po", "xliff-1.2", "xliff-2.0"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(units=units_strategy)
def test_import_round_trip_property(fmt, units):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"in.{fmt.split('-')[0]}"
        if fmt == "tmx":
            write_tmx(units, path, src_lang="en")
        elif fmt == "po":
            by_lang = [TranslationUnit(**{**u.__dict__, "tgt_lang": "pl"}) for u in units]
            write_po(by_lang, path, src_lang="en", tgt_lang="pl")
            units = by_lang
        else:
            by_lang = [TranslationUnit(**{**u.__dict__, "tgt_lang": "pl"}) for u in units]
            write_xliff(by_lang, path, src_lang="en", tgt_lang="pl", version=fmt.split("-")[1])
            units = by_lang
        expected, kept = expected_pairs(units)
        db = Path(d) / "m.db"
        result = import_file(db, path, check_languages=False)
        assert stored_pairs(db) == expected
        assert (result.added, result.duplicates) == (len(expected), kept - len(expected))
        again = import_file(db, path, check_languages=False)
        assert (again.added, again.duplicates) == (0, kept)
