"""OmegaT (Debian omegat 3.6) as an independent judge of the TSV glossaries tm writes.

OmegaT's console mode does not load glossaries by itself, so a Groovy script passed with
``--script`` (run after the project loads) reads every file of the project's glossary folder
with OmegaT's own reader, ``org.omegat.gui.glossary.GlossaryReaderTSV.read(file, false)``, and
writes what it got (source, target, comment per entry) to a UTF-8 file. Every row tm wrote must
come back exactly: the shipped glossary, and the term base of the seed corpus built with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tm.formats import read_glossary, write_glossary
from tm.glossary import export_glossary, import_glossary

pytestmark = pytest.mark.omegat

from omegat_project import console_translate, project_file, require_omegat  # noqa: E402

OMEGAT = require_omegat()

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"


# Reads each glossary file with OmegaT's TSV reader; writes file<TAB>src<TAB>loc<TAB>comment.
DUMP_SCRIPT = """
import org.omegat.core.Core
import org.omegat.gui.glossary.GlossaryReaderTSV
if (eventType.toString() != "COMPILE") return "skip"
def sb = new StringBuilder()
def root = new File(Core.getProject().getProjectProperties().getGlossaryRoot())
root.listFiles().sort { it.name }.each { f ->
    GlossaryReaderTSV.read(f, false).each { e ->
        sb.append(f.name).append("\\t").append(e.getSrcText()).append("\\t").append(e.getLocText())
          .append("\\t").append(e.getCommentText()).append("\\n")
    }
}
new File(System.getenv("TM_OMEGAT_DUMP")).setText(sb.toString(), "UTF-8")
return "dumped"
"""


def run_omegat(root: Path, glossaries: dict[str, Path]) -> list[list[str]]:
    assert not any(c.isspace() for c in str(root)), "the omegat wrapper passes arguments unquoted"
    project = root / "project"
    for sub in ("source", "target", "tm", "glossary", "omegat", "dictionary"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(project_file(sentence_seg=False), encoding="utf-8")
    (project / "source" / "a.txt").write_text("The account executive earns a base salary.\n", encoding="utf-8")
    for name, path in glossaries.items():
        shutil.copy(path, project / "glossary" / name)
    run, log, dump = console_translate(project, root, DUMP_SCRIPT)
    assert run.returncode == 0, log[-3000:]
    assert dump.exists(), log[-3000:]
    return [line.split("\t") for line in dump.read_text(encoding="utf-8").splitlines()]


def expected_rows(path: Path) -> list[tuple[str, str, str]]:
    """The rows of a TSV as tm wrote them: source, target, comment (lines without '#')."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t") + ["", ""]
        rows.append((cols[0], cols[1], cols[2]))
    return rows


@pytest.fixture(scope="module")
def omegat_rows(tmp_path_factory):
    root = tmp_path_factory.mktemp("omegat-glossary")
    # the shipped glossary, as tm writes it back out
    shipped = read_glossary(GLOSSARY)
    shipped_tsv = root / "shipped.utf8"
    write_glossary(shipped.entries, "tsv", shipped_tsv, src_lang="en", tgt_lang="pl")
    # the seed corpus's term base built with the glossary: person and extracted entries
    from tm.align import align_files
    from tm.store import TermBase

    db = root / "seed.db"
    align_files(ROOT / "corpora/account-executive/en.md", ROOT / "corpora/account-executive/pl.md", db=db,
                src_lang="en", tgt_lang="pl")
    with TermBase(db) as tb:
        import_glossary(tb, GLOSSARY)
        tb.build()
        built_tsv = root / "built.utf8"
        export_glossary(tb, "tsv", built_tsv)
    rows = run_omegat(root, {"shipped.utf8": shipped_tsv, "built.utf8": built_tsv})
    return rows, {"shipped.utf8": shipped_tsv, "built.utf8": built_tsv}


@pytest.mark.parametrize("name", ["shipped.utf8", "built.utf8"])
def test_omegat_reads_every_glossary_row(omegat_rows, name):
    rows, files = omegat_rows
    got = [tuple(r[1:]) + ("",) * (4 - len(r)) for r in rows if r[0] == name]
    got = [(s, t, c) for s, t, c, *_ in got]
    want = expected_rows(files[name])
    assert len(want) >= 30
    assert got == want


def test_omegat_sees_statuses_and_inflected_polish(omegat_rows):
    rows, _ = omegat_rows
    shipped = {(r[1], r[2]): r[3] for r in rows if r[0] == "shipped.utf8"}
    assert shipped[("account executive", "kierownik księgowości")].startswith("forbidden")
    assert shipped[("account executive", "kierownik konta")].startswith("preferred")
    built = [(r[1], r[2]) for r in rows if r[0] == "built.utf8"]
    assert ("account executive", "kierownik ds. rachunków") in built
