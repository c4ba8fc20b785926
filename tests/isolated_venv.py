"""Third-party judges that must not be imported into tm's own environment (GPL code such as
translate-toolkit and Weblate): each runs in a virtual environment of its own, created by the
test from PyPI and cached between runs.

The cache lives in $TM_TEST_CACHE, else ~/.cache/tm-tests; a venv is keyed by the exact
requirements, so a version change makes a new one. Without network access (and outside CI)
the tests that need one are skipped; under CI a failed install is an error, not a skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("TM_TEST_CACHE") or Path.home() / ".cache" / "tm-tests")


def _unavailable(reason: str):
    if os.environ.get("CI"):
        raise RuntimeError(reason)
    pytest.skip(reason)


def venv_python(*requirements: str) -> Path:
    """The python of a cached venv holding ``requirements`` (pip specifiers)."""
    key = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()[:16]
    root = CACHE / "venvs" / key
    python = root / "bin" / "python"
    if (root / ".complete").exists():
        return python
    shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, capture_output=True)
    run = subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements],
                         capture_output=True, text=True, timeout=900)
    if run.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"cannot install {' '.join(requirements)} into a test venv: {run.stderr.strip()[-500:]}")
    (root / ".complete").write_text("\n".join(requirements) + "\n", encoding="utf-8")
    return python


def wheel_files(requirement: str, members: list[str]) -> Path:
    """Download the wheel of ``requirement`` (pip download --no-deps, cached) and extract
    ``members`` from it; returns the folder they are extracted under."""
    key = hashlib.sha256(requirement.encode()).hexdigest()[:16]
    root = CACHE / "wheels" / key
    wheels = sorted(root.glob("*.whl")) if root.exists() else []
    if not wheels:
        root.mkdir(parents=True, exist_ok=True)
        run = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                              "-d", str(root), requirement], capture_output=True, text=True, timeout=900)
        wheels = sorted(root.glob("*.whl"))
        if run.returncode != 0 or not wheels:
            _unavailable(f"cannot download {requirement}: {run.stderr.strip()[-500:]}")
    out = root / "extracted"
    with zipfile.ZipFile(wheels[0]) as z:
        for member in members:
            z.extract(member, out)
    return out
