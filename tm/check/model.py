"""The check's data: what a check is, the pairs it reads, the findings it makes, the report.

Every finding carries a stable id: a hash of the check, the pair's texts, the term and the
rendering found. A reviewer's decision (accepted or suppressed, see ``tm.check.suppressions``)
is keyed on it, so it survives re-runs, and a fixed target gets a new text and so drops out of
the report.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

SCHEMA = "tm-check/1"

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CheckInfo:
    """A check's id (as ``--check`` takes it), usual severity and title in reports."""

    id: str
    severity: str  # the usual severity; some findings of a check may be milder
    title: str


# -- kinds of check (tm.check.registry lists them) ---------------------------------------------


@dataclass(frozen=True)
class PairCheck:
    """A check that looks at one pair alone: ``run(pair, src_lang, tgt_lang, keep)``."""

    info: CheckInfo
    run: Callable[..., list]


@dataclass(frozen=True)
class PairsCheck:
    """Checks that compare the pairs with each other; one ``run(pairs)`` yields the findings
    of every check in ``infos``."""

    infos: tuple[CheckInfo, ...]
    run: Callable[..., list]


@dataclass(frozen=True)
class TermChecks:
    """Checks fed by a ``TermIndex`` that observed every pair: ``run(index)`` gives
    (findings, term groups)."""

    infos: tuple[CheckInfo, ...]
    run: Callable[..., tuple]


@dataclass(frozen=True)
class DocumentCheck:
    """Checks that read the two documents themselves (``tm.model.Document``) when two files are
    checked: ``run(source, target, pairs)`` gives findings on the aligned ``pairs``."""

    infos: tuple[CheckInfo, ...]
    run: Callable[..., list]


# -- data types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One aligned pair to check; ``id`` names it in reports ("en.md#12")."""

    id: str
    source: str
    target: str


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the pair's ``side`` ("source" or "target") to highlight."""

    side: str
    start: int
    end: int


@dataclass
class Finding:
    id: str
    check: str
    severity: str
    segment_ids: list[str]
    source: str
    target: str
    message: str
    term: str | None = None  # the source term (term checks) or the word concerned
    found: str | None = None  # the rendering found in the target, as a base form
    expected: list[str] = field(default_factory=list)  # renderings (or values) expected instead
    spans: list[Span] = field(default_factory=list)
    # how sure the check is, 0..1 (term checks; None for the mechanical checks, which are sure)
    confidence: float | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "check": self.check,
            "severity": self.severity,
            "segment_ids": list(self.segment_ids),
            "source": self.source,
            "target": self.target,
            "term": self.term,
            "found": self.found,
            "expected": list(self.expected),
            "message": self.message,
            "spans": [{"side": s.side, "start": s.start, "end": s.end} for s in self.spans],
            "confidence": self.confidence,
        }


def finding_id(check: str, source: str, target: str, term: str | None = None, found: str | None = None) -> str:
    """Stable id: the same problem in the same texts gets the same id in every run."""
    key = "\x1f".join((check, source, target, term or "", found or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def make_finding(
    check: CheckInfo,
    pair: Pair,
    message: str,
    *,
    severity: str | None = None,
    term: str | None = None,
    found: str | None = None,
    expected: Iterable[str] = (),
    spans: Iterable[Span] = (),
    segment_ids: Sequence[str] | None = None,
    confidence: float | None = None,
) -> Finding:
    """A finding of ``check`` on ``pair``, at the check's usual severity unless given."""
    return Finding(
        id=finding_id(check.id, pair.source, pair.target, term, found),
        check=check.id,
        severity=severity or check.severity,
        segment_ids=list(segment_ids) if segment_ids is not None else [pair.id],
        source=pair.source,
        target=pair.target,
        message=message,
        term=term,
        found=found,
        expected=list(expected),
        spans=list(spans),
        confidence=None if confidence is None else round(confidence, 2),
    )


def item_difference(
    check: CheckInfo, pair: Pair, s: list[tuple[str, int, int]], t: list[tuple[str, int, int]], what: str, sep: str
) -> list[Finding]:
    """One finding when the multisets of items (links, placeholders, markup) of the two sides differ;
    ``what`` opens the message."""
    if not s and not t:
        return []
    sc, tc = Counter(k for k, _a, _b in s), Counter(k for k, _a, _b in t)
    if sc == tc:
        return []
    missing, extra = list((sc - tc).elements()), list((tc - sc).elements())
    parts = []
    if missing:
        parts.append("missing in the target: " + sep.join(missing))
    if extra:
        parts.append("not in the source: " + sep.join(extra))
    return [
        make_finding(
            check,
            pair,
            f"{what}; " + "; ".join(parts),
            term=sep.join(missing) or None,
            found=sep.join(extra) or None,
            expected=missing,
            spans=[Span("source", a, b) for k, a, b in s if k in missing] + [Span("target", a, b) for k, a, b in t if k in extra],
        )
    ]


@dataclass
class RenderingCount:
    """How often one rendering (by lemma key) of a term was found, and where."""

    text: str  # base form, as a glossary shows it
    key: str  # lemma key, words joined by spaces
    count: int
    segment_ids: list[str]
    status: str | None = None  # glossary status, if any
    flagged: bool = False  # findings were raised for these segments


@dataclass
class TermGroup:
    """All renderings of one source term in the checked pairs."""

    term: str
    proposed: str | None  # the glossary's preferred rendering, else the majority one
    basis: str  # "glossary" | "majority"
    expected: list[str]
    renderings: list[RenderingCount]
    confidence: float | None = None  # how sure the term is a term and its proposal right, 0..1

    @property
    def summary(self) -> str:
        """'rendered 3 ways: A 12×, B 3×, C 1×' (segments with no rendering left out)."""
        found = [r for r in self.renderings if r.key]
        found.sort(key=lambda r: (-r.count, r.text))
        ways = f"{len(found)} way{'s' if len(found) != 1 else ''}"
        return f"rendered {ways}: " + ", ".join(f"{r.text} {r.count}×" for r in found)

    def to_dict(self) -> dict:
        return {
            "term": self.term,
            "proposed": self.proposed,
            "basis": self.basis,
            "summary": self.summary,
            "confidence": self.confidence,
            "expected": list(self.expected),
            "renderings": [
                {
                    "text": r.text,
                    "key": r.key,
                    "count": r.count,
                    "segment_ids": list(r.segment_ids),
                    "status": r.status,
                    "flagged": r.flagged,
                }
                for r in self.renderings
            ],
        }


@dataclass
class Suppression:
    """A reviewer's decision on one finding (see tm.check.suppressions)."""

    id: str
    status: str  # accepted: right, but kept on purpose; suppressed: a false alarm
    check: str = ""
    term: str = ""
    segments: str = ""
    reason: str = ""
    created: str = ""


@dataclass
class Report:
    src_lang: str
    tgt_lang: str
    pairs_checked: int
    findings: list[Finding]  # open findings only, sorted
    groups: list[TermGroup] = field(default_factory=list)
    dismissed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    stale: list[Suppression] = field(default_factory=list)  # decisions that match no finding now
    sources: dict[str, str] = field(default_factory=dict)  # what was checked: db, files, glossary
    notes: list[str] = field(default_factory=list)  # e.g. "no term base: term checks skipped"

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def by_check(self) -> dict[str, int]:
        return dict(sorted(Counter(f.check for f in self.findings).items()))

    def fails(self, fail_on: str) -> bool:
        """True when a finding at ``fail_on`` severity or worse is open ("never": never)."""
        if fail_on == "never":
            return False
        if fail_on not in SEVERITY_RANK:
            raise ValueError(f"fail_on must be one of error, warning, info, never: {fail_on!r}")
        limit = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] <= limit for f in self.findings)

    def to_dict(self) -> dict:
        counts = self.counts()
        return {
            "schema": SCHEMA,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "checked": dict(self.sources),
            "pairs_checked": self.pairs_checked,
            "summary": {
                **counts,
                "findings": len(self.findings),
                "by_check": self.by_check(),
                "accepted": sum(1 for _f, s in self.dismissed if s.status == "accepted"),
                "suppressed": sum(1 for _f, s in self.dismissed if s.status == "suppressed"),
                "stale_suppressions": len(self.stale),
            },
            "notes": list(self.notes),
            "findings": [f.to_dict() for f in self.findings],
            "groups": [g.to_dict() for g in self.groups],
            "dismissed": [
                {"id": f.id, "check": f.check, "status": s.status, "reason": s.reason, "segment_ids": list(f.segment_ids)}
                for f, s in self.dismissed
            ],
            "stale_suppressions": [s.id for s in self.stale],
        }
