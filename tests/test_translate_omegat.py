"""OmegaT (Debian omegat 3.6, console mode) opens an XLIFF that tm translate filled and translates
from it.

OmegaT 3.6's own XLIFF filter translates the text of each ``<target>`` and skips units without
one (found by trying: a unit with no target is not a segment for it), so the file is
pre-translated with ``--copy-source``. The project gets that file in ``source/`` and, in
``tm/auto``, a TMX holding a translation of one sentence tm's memory did not have. After
console-translate, OmegaT's target file must hold tm's exact and fuzzy fills unchanged and
OmegaT's own translation for that sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tm.formats.tmx import write_tmx
from tm.formats.xliff import NS_12, write_xliff
from tm.model import TranslationUnit
from tm.pretranslate import pretranslate

pytestmark = pytest.mark.omegat

from omegat_project import console_translate, project_file, require_omegat  # noqa: E402
from test_translate import MEMORY, make_memory  # noqa: E402

require_omegat()

SOURCES = ["The report is ready.", "Open the settings pages.", "Bananas grow on tall plants in warm countries."]
OMEGAT_ONLY = ("Bananas grow on tall plants in warm countries.", "Banany rosną na wysokich roślinach w ciepłych krajach.")


def targets(path: Path) -> list[tuple[str, str | None, str | None]]:
    root = etree.parse(str(path)).getroot()
    out = []
    for tu in root.iter(f"{{{NS_12}}}trans-unit"):
        t = tu.find(f"{{{NS_12}}}target")
        out.append(("".join(tu.find(f"{{{NS_12}}}source").itertext()),
                    None if t is None else "".join(t.itertext()), None if t is None else t.get("state")))
    return out


def test_omegat_translates_from_the_pretranslated_xliff(tmp_path):
    assert not any(c.isspace() for c in str(tmp_path)), "the omegat wrapper passes arguments unquoted"
    db = make_memory(tmp_path / "tm.db", MEMORY)
    given = tmp_path / "given.xlf"  # a file as a client sends it: sources only
    write_xliff([TranslationUnit(s, "", "en", "pl", context=f"s{i}") for i, s in enumerate(SOURCES)], given,
                src_lang="en", tgt_lang="pl")
    tree = etree.parse(str(given))
    for t in tree.getroot().iter(f"{{{NS_12}}}target"):
        t.getparent().remove(t)
    tree.write(str(given), xml_declaration=True, encoding="UTF-8")

    project = tmp_path / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(project_file(sentence_seg=False), encoding="utf-8")
    filled = project / "source" / "doc.xlf"
    result = pretranslate(given, filled, str(db), copy_source=True)
    assert result.filled == {"translated": 1, "fuzzy": 1, "untouched": 1}
    ours = targets(filled)
    assert ours == [
        (SOURCES[0], "Raport jest gotowy.", "translated"),
        (SOURCES[1], "Otwórz stronę ustawień.", "needs-review-translation"),
        (SOURCES[2], SOURCES[2], "new"),
    ]
    write_tmx([TranslationUnit(*OMEGAT_ONLY, "en", "pl")], project / "tm" / "auto" / "extra.tmx", src_lang="en")

    run, log, _ = console_translate(project, tmp_path, 'return "none"')
    assert run.returncode == 0, log[-3000:]
    out = project / "target" / "doc.xlf"
    assert out.exists(), log[-3000:]
    got = [text for _, text, _ in targets(out)]
    assert got == ["Raport jest gotowy.", "Otwórz stronę ustawień.", OMEGAT_ONLY[1]]
