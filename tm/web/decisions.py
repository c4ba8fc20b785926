"""Reviewers' decisions made on the review page: the same records ``tm check`` reads
(``tm.check.suppressions``: suppressions.tsv next to the glossary), plus undo and a history of
who decided what when.

The decisions file keeps one current decision per finding (what ``tm check`` applies); the
history is an append-only TSV beside it (``suppressions.history.tsv``): time, person, action
(accepted, suppressed, undone), finding id, check, term, reason. The person is the name given
at login: the write token is shared, so the name is what the reviewer says, not a proof.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from tm.check import Report
from tm.check.model import Finding
from tm.check.suppressions import Suppressions, review
from tm.errors import InputError

HISTORY_HEADER = ("time", "who", "action", "id", "check", "term", "reason")
MAX_REASON = 1000


@dataclass(frozen=True)
class HistoryLine:
    time: str
    who: str
    action: str
    id: str
    check: str
    term: str
    reason: str


def history_path(suppressions: Path) -> Path:
    return suppressions.with_name(suppressions.stem + ".history.tsv")


def _cell(text: str) -> str:
    return " ".join((text or "").replace("\t", " ").split())


def _append(path: Path, lines: Iterable[tuple[str, ...]]) -> None:
    new = not path.exists()
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    if new:
        writer.writerow(HISTORY_HEADER)
    for line in lines:
        writer.writerow([_cell(c) for c in line])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def decide(report: Report, decisions: Suppressions, ids: list[str], status: str, reason: str, who: str) -> int:
    """Accept or suppress the findings ``ids`` of ``report`` (tm.check.suppressions.review:
    the file ``tm check`` reads) and log who did it; returns how many were recorded."""
    reason = _cell(reason)
    if not reason:
        raise InputError(None, "give a reason: it is kept with the decision")
    if len(reason) > MAX_REASON:
        raise InputError(None, f"the reason is {len(reason)} characters long; the limit is {MAX_REASON}")
    if not ids:
        raise InputError(None, "no finding chosen")
    if decisions.path is None:
        raise InputError(None, "no decisions file")
    accept = ids if status == "accepted" else []
    suppress = ids if status == "suppressed" else []
    if status not in ("accepted", "suppressed"):
        raise InputError(None, "a decision is accepted or suppressed")
    recorded = review(report, decisions, accept=accept, suppress=suppress, reason=reason)
    when = _now()
    _append(history_path(decisions.path), ((when, who, s.status, s.id, s.check, s.term, reason) for s in recorded))
    return len(recorded)


def undo(decisions: Suppressions, finding_id: str, who: str) -> None:
    """Take a decision back: the finding is open again for ``tm check`` too."""
    s = decisions.entries.pop(finding_id, None)
    if s is None:
        raise InputError(None, f"no decision on finding {finding_id}")
    decisions.save()
    _append(history_path(decisions.path), [(_now(), who, "undone", s.id, s.check, s.term, f"was {s.status}: {s.reason}")])


def history(decisions_path: Path, limit: int = 200) -> list[HistoryLine]:
    """The newest ``limit`` lines of the history, newest first."""
    path = history_path(decisions_path)
    if not path.exists():
        return []
    lines = []
    reader = csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
    for n, cells in enumerate(reader):
        if n == 0 and cells and cells[0] == "time":
            continue
        cells = (cells + [""] * 7)[:7]
        lines.append(HistoryLine(*cells))
    return lines[::-1][:limit]


def same_rendering(report: Report, finding: Finding) -> list[str]:
    """Ids of the open findings of the same check, term and rendering found as ``finding``."""
    return [f.id for f in report.findings if (f.check, f.term, f.found) == (finding.check, finding.term, finding.found)]
