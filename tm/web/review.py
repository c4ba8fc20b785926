"""The review page: the memory's consistency report (the one ``tm check`` makes), grouped by
term or by check, filtered by severity and status, with decisions (tm.web.decisions)."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from tm.check.model import SEVERITIES
from tm.errors import InputError
from tm.web import decisions
from tm.web.auth import Refused
from tm.web.render import page
from tm.web.state import web_state

router = APIRouter()

PAGE_SIZE = 50
STATUSES = ("open", "accepted", "suppressed", "all")
GROUPINGS = ("term", "check")


def _items(report, status: str, severity: str) -> list[tuple]:
    """(finding, decision or None) for the filters."""
    items: list[tuple] = []
    if status in ("open", "all"):
        items += [(f, None) for f in report.findings]
    if status != "open":
        items += [(f, s) for f, s in report.dismissed if status == "all" or s.status == status]
    return [(f, s) for f, s in items if not severity or f.severity == severity]


def _context(request: Request) -> dict:
    args = request.query_params
    status = args.get("status") or "open"
    severity = args.get("severity") or ""
    group = args.get("group") or "term"
    if status not in STATUSES or group not in GROUPINGS or (severity and severity not in SEVERITIES):
        raise InputError(None, "unknown filter: status is open/accepted/suppressed/all, severity error/warning/info, group term/check")
    try:
        n = max(1, int(args.get("page") or 1))
    except ValueError:
        raise InputError(None, "page must be a number") from None
    web = web_state(request)
    report, _d = web.report()
    items = _items(report, status, severity)
    total = len(items)
    shown = items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
    groups: dict[str, list] = defaultdict(list)
    for f, s in shown:
        key = (f.term or f.found or "(no term)") if group == "term" else f.check
        groups[key].append((f, s, len(decisions.same_rendering(report, f)) if s is None else 0))
    return {
        "report": report, "groups": list(groups.items()), "total": total, "fstatus": status, "severity": severity,
        "group": group, "page": n, "pages": max(1, -(-total // PAGE_SIZE)), "severities": SEVERITIES,
        "statuses": STATUSES, "groupings": GROUPINGS, "counts": report.counts(),
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
    return {"fstatus": "open", "severity": "", "group": "term", "page": 1, "pages": 1, "severities": SEVERITIES,
            "statuses": STATUSES, "groupings": GROUPINGS, "counts": {}, "decisions_file": None}


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
    return RedirectResponse(f"/review?decided={n}", status_code=303)


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
