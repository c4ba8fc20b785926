"""The same input gives byte-identical output under any PYTHONHASHSEED.

Python randomises the hash of strings per process, so any set or dict iteration that decides a
result (which of two overlapping phrases wins, which rendering is the majority on a tie, the
order of entries) shows up as output that differs between two runs. Each run here is a fresh
``tm`` process with its own seed on the same input: the shipped article with its glossary, and
real catalogues (one memory, every check and a term base built from it): two of corpora/real and,
where ``make test`` built them (``scripts/build_real_corpus.py --gnu``; GPL, never committed),
GNU grep's and tar's, on which the term checks differed between seeds before tm ordered its
choices (2,552 vs 2,550 findings on the GNU catalogues; grep alone: 19 vs 18).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

REAL = ROOT / "corpora" / "real"
GNU = REAL / "cache" / "gnu"
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"
SEEDS = ("1", "2", "3")
pytestmark = pytest.mark.slow


def _tm(*args: str, seed: str, cwd: Path) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed, COLUMNS="200")
    done = subprocess.run([sys.executable, "-m", "tm.cli", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr  # 1: the check found errors
    return done.stdout


def _documents() -> list[str]:
    docs = [str(REAL / name) for name in ("django", "allauth")]
    gnu = [GNU / name for name in ("gnu-grep", "gnu-tar")]
    if all(Path(f"{g}.en.txt").exists() for g in gnu):
        docs += [str(g) for g in gnu]
    elif os.environ.get("CI"):
        pytest.fail("corpora/real/cache/gnu is missing: make test builds it (scripts/build_real_corpus.py --gnu)")
    return docs


def _outputs(tmp: Path, seed: str) -> dict[str, str]:
    # The same paths for every seed: the report names its database.
    work = tmp / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db = str(work / "tm.db")
    for doc in _documents():
        _tm("align", f"{doc}.en.txt", f"{doc}.pl.txt", "--presegmented",
            "--src-lang", "en", "--tgt-lang", "pl", "--db", db, "--format", "json", seed=seed, cwd=work)
    out = {"check --db": _tm("check", "--db", db, "--format", "json", seed=seed, cwd=work)}
    _tm("terms", "build", "--db", db, seed=seed, cwd=work)
    out["terms list"] = _tm("terms", "list", "--db", db, "--format", "json", seed=seed, cwd=work)
    out["check --termbase stored"] = _tm("check", "--db", db, "--termbase", "stored", "--format", "json",
                                         seed=seed, cwd=work)
    out["check seed"] = _tm("check", str(CORPUS / "en.md"), str(CORPUS / "pl.md"), "--glossary", str(GLOSSARY),
                            "--format", "json", seed=seed, cwd=work)
    return out


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    runs = {seed: _outputs(tmp_path, seed) for seed in SEEDS}
    first = runs[SEEDS[0]]
    assert all(len(text) > 200 for text in first.values()), {k: v[:200] for k, v in first.items()}
    for seed in SEEDS[1:]:
        for what, text in runs[seed].items():
            assert text == first[what], f"tm {what} differs between PYTHONHASHSEED={SEEDS[0]} and {seed}"
