"""What the workbench keeps between requests: the service it shares with the API, where the
glossary and the reviewers' decisions are, login sessions, open alignment drafts, and the last
consistency report (recomputed when the memory, the glossary or the decisions change)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from tm.check import Report, Suppressions, run_check
from tm.check.suppressions import default_suppressions_path
from tm.errors import InputError
from tm.service.state import Service
from tm.web.alignfix import Drafts
from tm.web.auth import Refused, Sessions, check_csrf


def _stamp(path: str | Path | None) -> tuple:
    if path is None:
        return ()
    out = []
    for p in (str(path), f"{path}-wal"):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


@dataclass
class WebState:
    service: Service
    glossary: Path | None = None
    suppressions: Path | None = None  # the decisions file: --suppressions, else next to --glossary
    sessions: Sessions = field(default_factory=Sessions)
    drafts: Drafts = field(default_factory=Drafts)
    _report: tuple | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.suppressions is None:
            self.suppressions = default_suppressions_path(self.glossary)

    @property
    def db(self) -> str:
        return self.service.db_path

    def term_pair(self) -> tuple[str | None, str | None]:
        """The language pair of the term base: the memory's only one (from the fuzzy index, so
        TermBase need not count a large pairs table to find it), else TermBase's choice."""
        pairs = self.service.languages()
        return pairs[0] if len(pairs) == 1 else (None, None)

    def report(self) -> tuple[Report, Suppressions | None]:
        """The consistency report of the memory as ``tm check --db DB [--glossary G]
        [--suppressions S]`` makes it, cached until one of those files changes."""
        key = (_stamp(self.db), _stamp(self.glossary), _stamp(self.suppressions))
        with self._lock:
            if self._report is not None and self._report[0] == key:
                return self._report[1], self._report[2]
            report, decisions = run_check(db=self.db, glossary=self.glossary, suppressions=self.suppressions)
            self._report = (key, report, decisions)
            return report, decisions

    async def writer(self, request: Request) -> tuple[str, dict]:
        """(the person's name, the form) for a write; Refused without login or a good CSRF."""
        form = await request.form()
        check_csrf(request, form)
        if self.service.token is None:
            raise Refused("this server is read-only: start it with --token (or TM_TOKEN) to allow changes")
        name = self.sessions.name(request)
        if name is None:
            raise Refused("log in to make changes (writes need the server's token)")
        return name, form

    def decisions_file(self) -> Path:
        if self.suppressions is None:
            raise InputError(None, "decisions are kept next to the glossary: start tm serve with --glossary or --suppressions")
        return self.suppressions


def web_state(request: Request) -> WebState:
    return request.app.state.web
