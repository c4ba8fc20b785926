"""OmegaT's glossary reader (Debian omegat 3.6) on the two ways tm exports statuses to TSV:
``--tsv-statuses mark`` (default) puts the status word first in the comment column, which OmegaT
shows next to the rendering; ``omit`` leaves deprecated and forbidden renderings out."""

from __future__ import annotations

import pytest

from tm.formats import read_glossary, write_glossary

pytestmark = pytest.mark.omegat

from test_omegat_glossary import GLOSSARY, run_omegat  # noqa: E402


def test_omegat_reads_statuses_marked_or_left_out(tmp_path):
    shipped = read_glossary(GLOSSARY)
    marked, usable = tmp_path / "marked.utf8", tmp_path / "usable.utf8"
    write_glossary(shipped.entries, "tsv", marked, src_lang="en", tgt_lang="pl")
    write_glossary(shipped.entries, "tsv-usable", usable, src_lang="en", tgt_lang="pl")
    rows = run_omegat(tmp_path, {"marked.utf8": marked, "usable.utf8": usable})
    by_file: dict[str, dict[tuple[str, str], str]] = {"marked.utf8": {}, "usable.utf8": {}}
    for name, src, loc, *comment in rows:
        by_file[name][(src, loc)] = comment[0] if comment else ""
    renderings = {(e.source, r.text): r.status for e in shipped.entries for r in e.renderings}
    bad = {k for k, st in renderings.items() if st in ("deprecated", "forbidden")}
    assert bad and set(by_file["marked.utf8"]) == set(renderings)
    for key, status in renderings.items():
        comment = by_file["marked.utf8"][key]
        if status:
            assert comment.split(" | ")[0] == status, (key, comment)
    assert set(by_file["usable.utf8"]) == set(renderings) - bad
