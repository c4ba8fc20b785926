"""What the OmegaT tests share: finding the omegat command and the project file they write.

Debian's omegat 3.6 is the independent judge of the TMX and glossary files tm writes
(scripts/system-deps.sh installs it). In CI a missing omegat is an error, not a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

OMEGAT = shutil.which("omegat")


def require_omegat() -> str:
    if OMEGAT is None:
        reason = "omegat is not installed (bash scripts/system-deps.sh installs it)"
        if os.environ.get("CI"):
            raise RuntimeError(reason)
        pytest.skip(reason, allow_module_level=True)
    return OMEGAT


PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>EN</source_lang>
        <target_lang>PL</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
        <sentence_seg>{sentence_seg}</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""


def project_file(sentence_seg: bool) -> str:
    return PROJECT_FILE.format(sentence_seg=str(sentence_seg).lower())


def console_translate(project, root, script: str) -> tuple[subprocess.CompletedProcess, str, Path]:
    """Run OmegaT's console-translate on ``project`` with the Groovy ``script`` (it writes what it
    reads to $TM_OMEGAT_DUMP), in a fresh home and config folder under ``root`` and without a
    display. Returns the run, its whole log and the dump file's path."""
    root = Path(root)
    script_path = root / "dump.groovy"
    script_path.write_text(script, encoding="utf-8")
    dump = root / "dump.tsv"
    home, config = root / "home", root / "config"
    home.mkdir()
    config.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(HOME=str(home), TM_OMEGAT_DUMP=str(dump), LC_ALL="C.UTF-8")
    run = subprocess.run(
        [require_omegat(), "--mode=console-translate", "--disable-project-locking", "--no-team",
         f"--config-dir={config}", f"--script={script_path}", str(project)],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300,
    )
    return run, run.stdout + run.stderr, dump
