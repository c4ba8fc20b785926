"""The reviewers' decisions on findings, kept in a TSV file next to the glossary
(``glossaries/suppressions.tsv``): one finding id a line, accepted (right, but kept on purpose)
or suppressed (a false alarm), with a reason."""

from __future__ import annotations

import csv
import datetime as _dt
import io
from pathlib import Path
from typing import Iterable

import regex

from tm.check.model import Finding, Report, Suppression
from tm.read import read_text_file
from tm.errors import InputError
from tm.files import replaced_atomically

SUPPRESSION_STATUSES = ("accepted", "suppressed")
SUPPRESSION_HEADER = ("id", "status", "check", "term", "segments", "reason", "created")
DEFAULT_SUPPRESSIONS = "suppressions.tsv"
_FINDING_ID = regex.compile(r"[0-9a-f]{12}")


class Suppressions:
    """The reviewers' decisions, kept in a TSV file next to the glossary
    (``glossaries/suppressions.tsv``): one finding id a line with its status and a reason."""

    def __init__(self, path: str | Path | None, entries: Iterable[Suppression] = ()):
        self.path = Path(path) if path is not None else None
        self.entries: dict[str, Suppression] = {e.id: e for e in entries}

    @classmethod
    def load(cls, path: str | Path) -> "Suppressions":
        """Read ``path``; a missing file is an empty list (the first decision creates it)."""
        p = Path(path)
        if not p.exists():
            return cls(p)
        text = read_text_file(p)
        entries = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if n == 1 and cells[0] == "id":
                continue
            if len(cells) < 2:
                raise InputError(str(p), "expected id<TAB>status[<TAB>check<TAB>term<TAB>segments<TAB>reason<TAB>created]", n)
            fid, status = cells[0].strip(), cells[1].strip()
            if not _FINDING_ID.fullmatch(fid):
                raise InputError(str(p), f"not a finding id: {fid!r}", n)
            if status not in SUPPRESSION_STATUSES:
                raise InputError(str(p), f"status must be accepted or suppressed, not {status!r}", n)
            rest = (cells + [""] * 7)[2:7]
            entries.append(Suppression(fid, status, *rest))
        return cls(p, entries)

    def apply(self, findings: list[Finding]) -> tuple[list[Finding], list[tuple[Finding, Suppression]], list[Suppression]]:
        """(open findings, dismissed findings with their decision, decisions matching nothing)."""
        open_, dismissed = [], []
        seen = set()
        for f in findings:
            s = self.entries.get(f.id)
            if s is None:
                open_.append(f)
            else:
                dismissed.append((f, s))
                seen.add(f.id)
        stale = [s for i, s in self.entries.items() if i not in seen]
        return open_, dismissed, stale

    def record(self, findings: Iterable[Finding], status: str, reason: str = "") -> list[Suppression]:
        """Add or update decisions for ``findings``, then write the file (atomically)."""
        if status not in SUPPRESSION_STATUSES:
            raise ValueError(f"status must be one of {SUPPRESSION_STATUSES}")
        if self.path is None:
            raise ValueError("no suppressions file")
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        added = []
        for f in findings:
            s = Suppression(
                f.id,
                status,
                f.check,
                _cell(f.term or f.found or ""),
                _cell(" ".join(f.segment_ids)),
                _cell(reason),
                now,
            )
            self.entries[f.id] = s
            added.append(s)
        self.save()
        return added

    def save(self) -> None:
        assert self.path is not None
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
        writer.writerow(SUPPRESSION_HEADER)
        for s in self.entries.values():
            writer.writerow([s.id, s.status, s.check, s.term, s.segments, s.reason, s.created])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with replaced_atomically(self.path) as tmp:
            Path(tmp).write_text(buf.getvalue(), encoding="utf-8", newline="")


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def review(report: Report, suppressions: Suppressions, *, accept: Iterable[str] = (), suppress: Iterable[str] = (), reason: str = "") -> list[Suppression]:
    """Record reviewers' decisions on findings of ``report`` by id, and take them out of its
    open findings. An id that is not in the report is refused (nothing is written)."""
    known = {f.id: f for f in report.findings}
    known.update({f.id: f for f, _s in report.dismissed})
    decisions = [(i.strip().lower(), "accepted") for i in accept] + [(i.strip().lower(), "suppressed") for i in suppress]
    unknown = [i for i, _s in decisions if i not in known]
    if unknown:
        raise InputError(str(suppressions.path), f"no finding with id {', '.join(unknown)} in this report")
    recorded: list[Suppression] = []
    for status in SUPPRESSION_STATUSES:
        chosen = [known[i] for i, s in decisions if s == status]
        if chosen:
            recorded += suppressions.record(chosen, status, reason)
    ids = {s.id for s in recorded}
    by_id = {s.id: s for s in recorded}
    report.dismissed = [(f, by_id.get(f.id, s)) for f, s in report.dismissed] + [
        (f, by_id[f.id]) for f in report.findings if f.id in ids
    ]
    report.findings = [f for f in report.findings if f.id not in ids]
    return recorded


def default_suppressions_path(glossary: str | Path | None) -> Path | None:
    """Decisions live next to the glossary: ``glossaries/suppressions.tsv``."""
    return Path(glossary).parent / DEFAULT_SUPPRESSIONS if glossary else None

