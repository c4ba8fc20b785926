"""Shared by the workbench tests: a memory made from the shipped article (aligned by tm, term base
built by tm: nothing hand-made), a real memory imported from corpora/real (human translations of
software messages, as TMX files written by tm's own TMX writer and imported with ``tm import``),
and the app served by uvicorn on a free local port."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn

from conftest import ROOT, SEED_EN, SEED_PL, run_cli

TOKEN = "test-token-7f3a"
REAL = ROOT / "corpora" / "real"
# Catalogues of the real memory (2,201 distinct pairs); django-admin and wagtail-small are left
# out so the align tests can align them as new documents.
REAL_CATALOGUES = ("django", "django-auth", "allauth", "wagtail", "wagtail-admin", "wagtail-users", "wagtail-images",
                   "wagtail-documents")


def build_article_memory(path: Path) -> Path:
    from tm.align import align_files
    from tm.store import TermBase

    align_files(SEED_EN, SEED_PL, db=path, src_lang="en", tgt_lang="pl", source_name="en.md", target_name="pl.md")
    with TermBase(path, "en", "pl") as tb:
        tb.build()
    return path


def build_real_memory(path: Path) -> Path:
    """A memory imported the way a user would: each catalogue's gold pairs (corpora/real, made
    from the packages' PO files, not by tm) written as NAME.tmx by tm's TMX writer, then
    ``tm import`` and ``tm terms build`` on the CLI."""
    from tm.align.evaluate import gold_pairs
    from tm.formats.tmx import write_tmx
    from tm.model import TranslationUnit

    folder = path.parent / "tmx"
    folder.mkdir(parents=True, exist_ok=True)
    pairs = gold_pairs(REAL)
    files = []
    for name in REAL_CATALOGUES:
        units = [TranslationUnit(en, pl, "en", "pl", context=f"{name}#{bead[0][0]}") for n, bead, en, pl in pairs if n == name]
        assert units, name
        write_tmx(units, folder / f"{name}.tmx", src_lang="en")
        files.append(folder / f"{name}.tmx")
    for args in (("import", *files), ("terms", "build")):
        r = run_cli(*args, "--db", path)
        assert r.exit_code == 0, r.output
    return path


def copy_memory(template: Path, where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    db = where / "tm.db"
    shutil.copy(template, db)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """The app on uvicorn in a thread; ``stop()`` ends it."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
