"""tm translate: pre-translation and its leverage summary.

* The leverage counts of a small catalogue are checked against counts made by hand (the
  similarity of each fuzzy query worked out on paper with the Indel ratio the lookup uses:
  2·LCS / (len(a) + len(b)) on the case-folded text; see the comments on each entry).
* A real catalogue (the msgids of Django's admin catalogue, corpora/real) is pre-translated from
  a memory of every corpora/real pair; msgfmt --check must accept the result, and every filled
  entry must carry a translation the gold alignment gives for that msgid.
* The shipped English article is pre-translated from a memory of corpora/real plus the shipped
  pair (aligned by tm align).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from conftest import SEED_EN, SEED_PL
from tm.cli import app
from tm.exchange import import_file
from tm.formats.tmx import write_tmx
from tm.model import TranslationUnit
from tm.pretranslate import pretranslate, word_count

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpora" / "real"
runner = CliRunner()

MEMORY = [  # imported in this order: the order gives each pair its neighbours (101% context)
    ("The report is ready.", "Raport jest gotowy."),
    ("Click Save to keep your changes.", "Kliknij Zapisz, aby zachować zmiany."),
    ("Open the settings page.", "Otwórz stronę ustawień."),
    ("Delete the selected files permanently.", "Usuń trwale wybrane pliki."),
    ("Your account executive will call you tomorrow morning.", "Twój opiekun klienta zadzwoni jutro rano."),
]

# The small catalogue, in order, with the band and word count worked out by hand.
SMALL = [
    # first entry, next entry = the stored pair's next: identical in context -> 101; 4 words
    ("The report is ready.", "101%", 4),
    # previous entry agrees, next does not -> 100; Click Save to keep your changes: 6 words
    ("Click Save to keep your changes.", "100%", 6),
    # "open the settings pages." (24) vs "open the settings page." (23): LCS 23, 46/47 = 97.9; 4 words
    ("Open the settings pages.", "95-99%", 4),
    # 36 vs 38 characters; LCS = "delete the " 11 + chosen/selected 2 ("ce") + " files permanently." 19
    # = 32; 64/74 = 86.5; 5 words
    ("Delete the chosen files permanently.", "85-94%", 5),
    # 44 vs 54; LCS = "your account " 13 + manager/executive 1 ("e") + " will call you tomorrow" 23
    # + "." 1 = 38; 76/98 = 77.6; 7 words
    ("Your account manager will call you tomorrow.", "75-84%", 7),
    # nothing alike; 8 words
    ("Bananas grow on tall plants in warm countries.", "no match", 8),
    # nothing alike; Send, e-mails, don't, wait: 4 words (%(count)s is a placeholder, not a word)
    ("Send %(count)s e-mails, don't wait.", "no match", 4),
]
HAND_COUNTS = {  # band -> (segments, words), added up from SMALL by hand
    "101%": (1, 4), "100%": (1, 6), "95-99%": (1, 4), "85-94%": (1, 5), "75-84%": (1, 7), "no match": (2, 12),
}


def make_memory(path: Path, pairs) -> Path:
    tmx = path.with_suffix(".tmx")
    write_tmx([TranslationUnit(s, t, "en", "pl") for s, t in pairs], tmx, src_lang="en")
    import_file(path, tmx, check_languages=False)
    return path


def write_po(path: Path, msgids, flags=lambda m: ["python-format"] if "%(" in m else []) -> Path:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pl",
                   "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}
    for m in msgids:
        po.append(polib.POEntry(msgid=m, msgstr="", flags=flags(m)))
    po.save(str(path))
    return path


def msgfmt_check(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt is not installed (bash scripts/system-deps.sh installs it)")
    run = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_word_count_rules():
    assert word_count("Send %(count)s e-mails, don't wait.") == 4
    assert word_count("**Bold** [link](/x) and `code` 3.5") == 6  # Bold link and code 3 5


def test_leverage_matches_the_hand_counts(tmp_path):
    db = make_memory(tmp_path / "tm.db", MEMORY)
    po = write_po(tmp_path / "small.po", [m for m, _, _ in SMALL])
    out = tmp_path / "small.pl.po"
    r = runner.invoke(app, ["translate", str(po), "--db", str(db), "-o", str(out), "--format", "json", "--no-terms"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    got = {b["band"]: (b["segments"], b["words"]) for b in summary["bands"]}
    assert got == HAND_COUNTS
    assert summary["total"] == {"segments": 7, "words": 38}
    assert summary["filled"] == {"translated": 2, "fuzzy": 3, "untouched": 2}
    entries = {e.msgid: e for e in polib.pofile(str(out))}
    assert entries["The report is ready."].msgstr == "Raport jest gotowy." and not entries["The report is ready."].fuzzy
    fuzzy = entries["Delete the chosen files permanently."]
    assert fuzzy.fuzzy and fuzzy.msgstr == "Usuń trwale wybrane pliki."
    assert fuzzy.previous_msgid == "Delete the selected files permanently."
    assert entries["Bananas grow on tall plants in warm countries."].msgstr == ""
    msgfmt_check(out)
    # The threshold decides what is filled, not the bands.
    r = runner.invoke(app, ["translate", str(po), "--db", str(db), "-o", str(out), "--format", "json",
                            "--threshold", "90"])
    summary = json.loads(r.stdout)
    assert {b["band"]: (b["segments"], b["words"]) for b in summary["bands"]} == HAND_COUNTS
    assert summary["filled"] == {"translated": 2, "fuzzy": 1, "untouched": 4}


def test_table_output_and_bad_input(tmp_path):
    db = make_memory(tmp_path / "tm.db", MEMORY)
    po = write_po(tmp_path / "small.po", [m for m, _, _ in SMALL])
    r = runner.invoke(app, ["translate", str(po), "--db", str(db), "-o", str(tmp_path / "o.po")])
    assert r.exit_code == 0 and "95-99%" in r.stdout and "2 translated, 3 fuzzy" in r.stdout
    before = db.read_bytes()
    for args, message in (
        ([str(tmp_path / "missing.po")], "no such file"),
        ([str(po), "--threshold", "150"], "--threshold"),
        ([str(po), "--format", "xml"], "'xml' is not one of"),
        ([str(po), "--src-lang", "de"], "holds no de"),
    ):
        out = tmp_path / "never.po"
        r = runner.invoke(app, ["translate", *args, "--db", str(db), "-o", str(out)])
        assert r.exit_code == 2 and message in r.output and not out.exists(), (args, r.output)
        assert len(r.output.strip().splitlines()) == 1
    r = runner.invoke(app, ["translate", str(po), "--db", str(db), "-o", str(po)])
    assert r.exit_code == 2 and "overwrite the input" in r.output
    assert db.read_bytes() == before


# ----- real files ----------------------------------------------------------------------------------


def gold_pairs(name: str) -> list[tuple[str, str]]:
    """The 1-1 beads of a corpora/real document: (msgid, msgstr) of one catalogue entry."""
    en = (REAL / f"{name}.en.txt").read_text(encoding="utf-8").split("\n")
    pl = (REAL / f"{name}.pl.txt").read_text(encoding="utf-8").split("\n")
    pairs = []
    for line in (REAL / f"{name}.gold").read_text(encoding="utf-8").splitlines():
        src, tgt = (ast.literal_eval(part) for part in line.split(":")[:2])
        if len(src) == 1 and len(tgt) == 1:
            pairs.append((en[src[0]], pl[tgt[0]]))
    return pairs


@pytest.fixture(scope="module")
def real_memory(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    names = sorted(p.name[: -len(".gold")] for p in REAL.glob("*.gold"))
    pairs = [p for name in names for p in gold_pairs(name)]
    db = make_memory(root / "tm.db", pairs)
    return db, pairs


def test_real_catalogue_msgfmt_accepts(real_memory, tmp_path):
    db, pairs = real_memory
    known: dict[str, set[str]] = {}
    for s, t in pairs:
        known.setdefault(s, set()).add(t)
    msgids = list(dict.fromkeys(s for s, _ in gold_pairs("django-admin")))
    # A new release of the catalogue: a few messages changed, a few new.
    changed = [re.sub(r"\bselected\b", "chosen", m) for m in msgids[:40] if "selected" in m]
    new = ["Export the selected rows as CSV", "The import finished with %(count)s warnings."]
    po = write_po(tmp_path / "django.po", msgids + changed + new)
    out = tmp_path / "django.pl.po"
    result = pretranslate(po, out, str(db))
    msgfmt_check(out)
    entries = [e for e in polib.pofile(str(out)) if e.msgid]
    translated = [e for e in entries if e.msgstr and not e.fuzzy]
    fuzzy = [e for e in entries if e.fuzzy]
    assert result.filled["translated"] == len(translated) and result.filled["fuzzy"] == len(fuzzy)
    assert len(translated) >= 0.9 * len(msgids)  # the catalogue is in the memory
    for e in translated:
        assert e.msgstr in known[e.msgid], e.msgid
    assert changed and all(next(x for x in entries if x.msgid == m).msgstr for m in changed)
    for e in fuzzy:
        assert e.previous_msgid and e.previous_msgid != e.msgid or e.msgstr in known.get(e.msgid, ())
    bands = {b["band"]: b for b in result.as_dict()["bands"]}
    assert bands["101%"]["segments"] + bands["100%"]["segments"] >= len(translated) - len(changed)


def test_shipped_article_is_pretranslated(real_memory, tmp_path):
    db, pairs = real_memory
    work = tmp_path / "tm.db"
    shutil.copy(db, work)
    r = runner.invoke(app, ["align", str(SEED_EN), str(SEED_PL), "--db", str(work), "--format", "json"])
    assert r.exit_code == 0, r.output
    stored = json.loads(r.stdout)["pairs"]
    out = tmp_path / "pl.md"
    r = runner.invoke(app, ["translate", str(SEED_EN), "--db", str(work), "-o", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    bands = {b["band"]: b["segments"] for b in summary["bands"]}
    aligned_1_1 = sum(1 for p in stored if len(p["source"]) == 1 and len(p["target"]) == 1)
    assert bands["101%"] + bands["100%"] >= aligned_1_1 * 0.9
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "title: Kierownik konta\n" in text  # front matter stays YAML
    assert "# Kierownik konta" in text and "What Is an Account Executive?" not in text
