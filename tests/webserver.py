"""Shared by the workbench tests: a memory made from the shipped article (aligned by tm, term base
built by tm: nothing hand-made), and the app served by uvicorn on a free local port."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn

from conftest import SEED_EN, SEED_PL

TOKEN = "test-token-7f3a"


def build_article_memory(path: Path) -> Path:
    from tm.align import align_files
    from tm.store import TermBase

    align_files(SEED_EN, SEED_PL, db=path, src_lang="en", tgt_lang="pl", source_name="en.md", target_name="pl.md")
    with TermBase(path, "en", "pl") as tb:
        tb.build()
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
