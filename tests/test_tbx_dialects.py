"""TBX dialects judged by the readers that use them.

* translate-toolkit 3.18 (the TBX reader Weblate uses for glossaries), installed from PyPI into
  a separate venv (tests/isolated_venv.py; GPL, never imported here): ``tm export tbx
  --tbx-dialect martif`` must come back with every source, rendering, status and note, and
  Weblate's own rule for the "forbidden" flag (the first administrativeStatus termNote of an
  entry reads "forbidden" or "obsolete"; weblate/formats/ttkit.py TBXUnit.flags, 5.14.3) must
  pick out exactly the forbidden renderings. The v3 export still fails there (AssertionError):
  that is why the dialect exists.
* OmegaT's TBX v2 schema (schemas/tbx.xsd in the Debian omegat package) validates the martif file.
* tm's own reader reads both dialects back to the same glossary.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from isolated_venv import venv_python
from tm.formats import read_glossary, write_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

READER = r"""
import json, sys
from translate.storage.tbx import tbxfile
store = tbxfile.parsefile(sys.argv[1])
out = []
for u in store.units:
    status = None
    for node in u._getnotenodes(origin="pos"):  # what Weblate's TBXUnit.flags walks
        if u._is_administrative_status_term_node(node):
            status = u._getnodetext(node).strip()
            break
    out.append({"id": u.getid(), "source": u.source, "target": u.target, "obsolete": u.isobsolete(),
                "status": status, "notes": u.getnotes()})
print(json.dumps(out, ensure_ascii=False))
"""


def read_with_translate_toolkit(path: Path) -> subprocess.CompletedProcess:
    python = venv_python("translate-toolkit==3.18.*")
    return subprocess.run([str(python), "-c", READER, str(path)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def shipped():
    return read_glossary(GLOSSARY)


def test_translate_toolkit_reads_the_martif_dialect(shipped, tmp_path):
    path = tmp_path / "weblate.tbx"
    write_glossary(shipped.entries, "tbx-martif", path, src_lang="en", tgt_lang="pl")
    run = read_with_translate_toolkit(path)
    assert run.returncode == 0, run.stderr[-2000:]
    units = json.loads(run.stdout)
    expected = [(e.source, r.text, r.status) for e in shipped.entries for r in e.renderings]
    expected += [(e.source, None, None) for e in shipped.entries if not e.renderings]
    assert sorted((u["source"], u["target"], None) for u in units) == sorted((s, t, None) for s, t, _ in expected)
    status_word = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                   "deprecated": "deprecatedTerm-admn-sts", "forbidden": "forbidden", None: None}
    got = sorted((u["source"], u["target"] or "", u["status"] or "") for u in units)
    assert got == sorted((s, t or "", status_word[st] or "") for s, t, st in expected)
    forbidden = {(u["source"], u["target"]) for u in units if (u["status"] or "").lower() in ("forbidden", "obsolete")}
    assert forbidden == {(s, t) for s, t, st in expected if st == "forbidden"} and forbidden
    obsolete = {(u["source"], u["target"]) for u in units if u["obsolete"]}
    assert obsolete == {(s, t) for s, t, st in expected if st == "deprecated"}
    notes = {(e.source, r.text): r.note for e in shipped.entries for r in e.renderings if r.note}
    for u in units:
        if (u["source"], u["target"]) in notes:
            assert notes[(u["source"], u["target"])] in u["notes"]


def test_translate_toolkit_fails_on_v3(shipped, tmp_path):
    path = tmp_path / "v3.tbx"
    write_glossary(shipped.entries, "tbx", path, src_lang="en", tgt_lang="pl")
    run = read_with_translate_toolkit(path)
    assert run.returncode != 0 and "AssertionError" in run.stderr


def test_martif_is_valid_against_omegat_tbx_schema(shipped, tmp_path):
    if not OMEGAT_JAR.exists():
        pytest.skip("omegat is not installed (bash scripts/system-deps.sh installs it)")
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        schemas = tmp_path / "schemas"
        for name in ("schemas/tbx.xsd", "schemas/xml.xsd"):
            jar.extract(name, tmp_path)
    # tbx.xsd imports xml.xsd from beside it: nothing is fetched
    schema = etree.XMLSchema(etree.parse(str(schemas / "tbx.xsd")))
    path = tmp_path / "m.tbx"
    write_glossary(shipped.entries, "tbx-martif", path, src_lang="en", tgt_lang="pl")
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log


def test_both_dialects_read_back_the_same(shipped, tmp_path):
    def content(g):
        return sorted((e.source, e.pos, e.notes, tuple(sorted((r.text, r.status, r.note) for r in e.renderings)))
                      for e in g.entries)

    for fmt in ("tbx", "tbx-martif"):
        path = tmp_path / f"{fmt}.tbx"
        write_glossary(shipped.entries, fmt, path, src_lang="en", tgt_lang="pl")
        assert content(read_glossary(path)) == content(shipped), fmt
