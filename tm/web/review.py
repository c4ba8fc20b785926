"""The review page: the memory's consistency report (the one ``tm check`` makes), grouped by
term or by check, filtered by severity and status, with decisions (tm.web.decisions)."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from tm.check.model import SEVERITIES
from tm.check.registry import CHECKS
from tm.errors import InputError
from tm.web import decisions
from tm.web.auth import Refused
from tm.web.render import page
from tm.web.state import web_state

router = APIRouter()

PAGE_SIZE = 50
STATUSES = ("open", "accepted", "suppressed", "all")
GROUPINGS = ("term", "check")
FILTERS = ("status", "severity", "check", "q", "group", "page")


def _items(report, status: str, severity: str, check: str = "", q: str = "") -> list[tuple]:
    """(finding, decision or None) for the filters; ``q`` is a substring of the term, the
    rendering found or either sentence (case-insensitive)."""
    items: list[tuple] = []
    if status in ("open", "all"):
        items += [(f, None) for f in report.findings]
    if status != "open":
        items += [(f, s) for f, s in report.dismissed if status == "all" or s.status == status]
    q = q.casefold()
    return [(f, s) for f, s in items if (not severity or f.severity == severity) and (not check or f.check == check)
            and (not q or any(q in (x or "").casefold() for x in (f.term, f.found, f.source, f.target)))]


def _context(request: Request) -> dict:
    args = request.query_params
    status = args.get("status") or "open"
    severity = args.get("severity") or ""
    group = args.get("group") or "term"
    check = args.get("check") or ""
    q = (args.get("q") or "").strip()
    if status not in STATUSES or group not in GROUPINGS or (severity and severity not in SEVERITIES):
        raise InputError(None, "unknown filter: status is open/accepted/suppressed/all, severity error/warning/info, group term/check")
    if check and check not in CHECKS:
        raise InputError(None, f"unknown check {check!r}: see docs/check.md for the ids")
    if len(q) > 200:
        raise InputError(None, "the text filter is too long (200 characters at most)")
    try:
        n = max(1, int(args.get("page") or 1))
    except ValueError:
        raise InputError(None, "page must be a number") from None
    web = web_state(request)
    report, _d = web.report()
    items = _items(report, status, severity, check, q)
    total = len(items)
    shown = items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
    groups: dict[str, list] = defaultdict(list)
    for f, s in shown:
        key = (f.term or f.found or "(no term)") if group == "term" else f.check
        groups[key].append((f, s, len(decisions.same_rendering(report, f)) if s is None else 0))
    return {
        "report": report, "groups": list(groups.items()), "total": total, "fstatus": status, "severity": severity,
        "group": group, "check": check, "q": q, "checks": list(CHECKS), "page": n, "pages": max(1, -(-total // PAGE_SIZE)),
        "severities": SEVERITIES, "statuses": STATUSES, "groupings": GROUPINGS, "counts": report.counts(),
        "history": decisions.history(web.suppressions) if web.suppressions else [],
        "decisions_file": web.suppressions,
    }


def _page(request: Request, status: int = 200, **extra):
    try:
        ctx = _context(request)
    except InputError as e:
        return page(request, "review.html", 400, report=None, groups=[], error=str(e), history=[], total=0, **_defaults())
    return page(request, "review.html", status, **ctx, **extra)


def _defaults() -> dict:
    return {"fstatus": "open", "severity": "", "group": "term", "check": "", "q": "", "checks": list(CHECKS), "page": 1, "pages": 1,
            "severities": SEVERITIES, "statuses": STATUSES, "groupings": GROUPINGS, "counts": {}, "decisions_file": None}


def _back(form, **extra) -> str:
    """The review page with the filters the decision was made under (the form's ``back``: the
    page's query string; only the filter fields are kept)."""
    kept = [(k, v) for k, v in parse_qsl(str(form.get("back") or ""))[:20] if k in FILTERS]
    return "/review?" + urlencode(kept + list(extra.items()))


@router.get("/review")
def review_page(request: Request):
    return _page(request)


@router.post("/review/decide")
async def decide(request: Request):
    web = web_state(request)
    try:
        name, form = await web.writer(request)
        path = web.decisions_file()
        fid = str(form.get("id") or "").strip().lower()
        status = str(form.get("decision") or "")
        reason = str(form.get("reason") or "")

        def work():
            report, found = web.report()
            if found is None or found.path != path:
                raise InputError(str(path), "the report was made without the decisions file")
            finding = next((f for f in report.findings if f.id == fid), None)
            if finding is None:
                raise InputError(None, f"no open finding {fid or '(none)'}: reload the page")
            ids = decisions.same_rendering(report, finding) if form.get("scope") == "rendering" else [fid]
            return decisions.decide(report, found, ids, status, reason, name)

        n = await run_in_threadpool(work)
    except Refused as e:
        return _page(request, 403, error=str(e))
    except InputError as e:
        return _page(request, 400, error=str(e))
    return RedirectResponse(_back(form, decided=n), status_code=303)


@router.post("/review/undo")
async def undo(request: Request):
    web = web_state(request)
    try:
        name, form = await web.writer(request)
        path = web.decisions_file()
        fid = str(form.get("id") or "").strip().lower()

        def work():
            _report, found = web.report()
            if found is None or found.path != path:
                raise InputError(str(path), "the report was made without the decisions file")
            decisions.undo(found, fid, name)

        await run_in_threadpool(work)
    except Refused as e:
        return _page(request, 403, error=str(e))
    except InputError as e:
        return _page(request, 400, error=str(e))
    return RedirectResponse("/review?status=all&undone=1", status_code=303)
