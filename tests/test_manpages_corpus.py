"""The man-page corpus (corpora/manpages): the hand-made gold still fits the segmentation, and tm
aligns the pages well. Skipped unless the Debian packages are already in the download cache
(scripts/build_manpages_corpus.py fetches them; nothing is downloaded here) and groff is
installed. The page texts are built into the git-ignored corpora/real/cache/manpages/."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

DEBS = ROOT / "corpora" / "real" / "cache" / "downloads" / "debs"
GOLD = ROOT / "corpora" / "manpages"

pytestmark = pytest.mark.skipif(
    not (any(DEBS.glob("manpages_*.deb")) and any(DEBS.glob("manpages-pl_*.deb")) and shutil.which("groff")
         and shutil.which("col") and shutil.which("dpkg-deb")),
    reason="Debian packages manpages/manpages-pl not in corpora/real/cache/downloads/debs (or no groff)",
)


@pytest.fixture(scope="module")
def corpus():
    import build_manpages_corpus

    build_manpages_corpus.build(quiet=True)
    return build_manpages_corpus.OUT


def _names():
    return sorted(p.name[: -len(".gold")] for p in GOLD.glob("*.gold"))


@pytest.fixture(scope="module")
def aligned(corpus):
    from tm.align import align_files

    return {n: align_files(corpus / f"{n}.en.md", corpus / f"{n}.pl.md", src_lang="en", tgt_lang="pl")
            for n in _names()}


def test_gold_fits_segmentation(aligned):
    from tm.align.evaluate import read_beads

    expected = json.loads((GOLD / "segments.json").read_text(encoding="utf-8"))
    assert sorted(expected) == _names()
    for name, result in aligned.items():
        for side, segs in (("en", result.source_segments), ("pl", result.target_segments)):
            texts = [s.text for s in segs]
            assert len(texts) == expected[name][f"{side}_segments"], (name, side)
            assert hashlib.sha256("\n".join(texts).encode()).hexdigest() == expected[name][f"{side}_sha256"], (name, side)
        gold = read_beads(GOLD / f"{name}.gold")
        assert [i for s, _ in gold for i in s] == list(range(len(result.source_segments))), name
        assert [j for _, t in gold for j in t] == list(range(len(result.target_segments))), name


def test_tm_alignment_quality(aligned):
    from tm.align.evaluate import read_beads, score_many

    res = score_many([(read_beads(GOLD / f"{n}.gold"), [(p.source, p.target) for p in r.pairs])
                      for n, r in aligned.items()])
    # measured 1.000 / 1.000 when the gold was made (corpora/manpages/README.md)
    assert res["precision_strict"] >= 0.95
    assert res["recall_strict"] >= 0.95
