"""The term-base pages: the paged list (search, sort), an entry with its renderings, counts
and example pairs, a person's edits (tm.store.termedit), glossary import and export."""

from __future__ import annotations

import io

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from tm.errors import InputError
from tm.formats import Source
from tm.glossary import export_glossary, import_glossary
from tm.store.termedit import SORTS, TermEditor
from tm.terms.model import STATUSES
from tm.web.auth import Refused
from tm.web.render import page
from tm.web.state import web_state

router = APIRouter()

PAGE_SIZE = 50
MAX_GLOSSARY = 5 * 1024 * 1024  # bytes of an uploaded glossary
GLOSSARY_FORMATS = {"tsv": "text/tab-separated-values", "csv": "text/csv", "tbx": "application/x-tbx+xml"}
ORIGINS = ("", "extracted", "glossary", "edited")


def _editor(request: Request, readonly: bool = True) -> TermEditor:
    web = web_state(request)
    return TermEditor(web.db, *web.term_pair(), readonly=readonly)


def _list(request: Request) -> dict:
    args = request.query_params
    q = (args.get("q") or "").strip()
    sort = args.get("sort") or "confidence"
    origin = args.get("origin") or ""
    if origin not in ORIGINS:
        raise InputError(None, "origin must be extracted, glossary or edited")
    try:
        n = max(1, int(args.get("page") or 1))
    except ValueError:
        raise InputError(None, "page must be a number") from None
    with _editor(request) as tb:
        entries, total = tb.page(q=q, sort=sort, origin=origin, offset=(n - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        langs = (tb.src_lang, tb.tgt_lang)
    return {"entries": entries, "total": total, "q": q, "sort": sort, "origin": origin, "page": n,
            "pages": max(1, -(-total // PAGE_SIZE)), "langs": langs}


def _list_page(request: Request, status: int = 200, **extra):
    empty = {"entries": [], "total": 0, "q": "", "sort": "confidence", "origin": "", "page": 1, "pages": 1, "langs": ("", "")}
    try:
        ctx = _list(request)
    except InputError as e:
        ctx, status, extra["error"] = empty, 400, str(e)
    return page(request, "terms.html", status, sorts=list(SORTS), origins=ORIGINS, **ctx, **extra)


@router.get("/terms")
def terms_page(request: Request):
    return _list_page(request)


def _entry_context(request: Request, entry_id: int) -> dict:
    with _editor(request) as tb:
        e = tb.entry(entry_id)
        examples = {r.text: tb.examples(r.segment_ids, 3) for r in e.renderings} if e else {}
    return {"e": e, "examples": examples, "statuses": STATUSES}


@router.get("/terms/{entry_id:int}")
def entry_page(request: Request, entry_id: int):
    ctx = _entry_context(request, entry_id)
    if ctx["e"] is None:
        return page(request, "entry.html", 404, error=f"no term entry {entry_id}", **ctx)
    return page(request, "entry.html", **ctx)


async def _write(request: Request, entry_id: int | None, work, done: str):
    """A term-base write from a form: login and CSRF checked, errors shown on the page the
    form is on (nothing written), success redirects (303) to ``done``."""
    web = web_state(request)
    try:
        name, form = await web.writer(request)
        target = await run_in_threadpool(work, form)
    except Refused as e:
        return _back(request, entry_id, 403, str(e))
    except InputError as e:
        return _back(request, entry_id, 400, str(e))
    return RedirectResponse(done.format(id=target if target is not None else entry_id), status_code=303)


def _back(request: Request, entry_id: int | None, status: int, message: str):
    if entry_id is not None:
        ctx = _entry_context(request, entry_id)
        return page(request, "entry.html", status, error=message, **ctx)
    return _list_page(request, status, error=message)


def _status(form) -> str | None:
    status = str(form.get("status") or "")
    if status and status not in STATUSES:
        raise InputError(None, f"status must be one of {', '.join(STATUSES)}")
    return status or None


@router.post("/terms/{entry_id:int}/status")
async def set_status(request: Request, entry_id: int):
    db, pair = web_state(request).db, web_state(request).term_pair()

    def work(form):
        with TermEditor(db, *pair) as tb:
            tb.set_status(entry_id, str(form.get("rendering") or ""), _status(form))

    return await _write(request, entry_id, work, "/terms/{id}?saved=status")


@router.post("/terms/{entry_id:int}/notes")
async def set_notes(request: Request, entry_id: int):
    db, pair = web_state(request).db, web_state(request).term_pair()

    def work(form):
        with TermEditor(db, *pair) as tb:
            tb.set_notes(entry_id, str(form.get("notes") or ""))

    return await _write(request, entry_id, work, "/terms/{id}?saved=notes")


@router.post("/terms/{entry_id:int}/renderings")
async def add_rendering(request: Request, entry_id: int):
    db, pair = web_state(request).db, web_state(request).term_pair()

    def work(form):
        with TermEditor(db, *pair) as tb:
            tb.add_rendering(entry_id, str(form.get("text") or ""), _status(form))

    return await _write(request, entry_id, work, "/terms/{id}?saved=rendering")


@router.post("/terms/{entry_id:int}/delete")
async def delete_entry(request: Request, entry_id: int):
    db, pair = web_state(request).db, web_state(request).term_pair()

    def work(form):
        if form.get("confirm") != "yes":
            raise InputError(None, "tick the box to confirm the deletion")
        with TermEditor(db, *pair) as tb:
            tb.delete_entry(entry_id)
        return 1

    return await _write(request, entry_id, work, "/terms?deleted={id}")


@router.post("/terms/new")
async def add_entry(request: Request):
    db, pair = web_state(request).db, web_state(request).term_pair()

    def work(form):
        with TermEditor(db, *pair) as tb:
            return tb.add_entry(str(form.get("source") or ""), str(form.get("target") or ""), _status(form) or "preferred",
                                str(form.get("notes") or ""))

    return await _write(request, None, work, "/terms/{id}?saved=new")


@router.post("/terms/import")
async def import_page(request: Request):
    db, pair = web_state(request).db, web_state(request).term_pair()

    def work(form):
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InputError(None, "choose a glossary file (TSV, CSV or TBX)")
        data = upload.file.read(MAX_GLOSSARY + 1)
        if not data:
            raise InputError(upload.filename, "the file is empty")
        if len(data) > MAX_GLOSSARY:
            raise InputError(upload.filename, f"the file is larger than {MAX_GLOSSARY // (1024 * 1024)} MB")
        with TermEditor(db, *pair) as tb:
            report = import_glossary(tb, Source(upload.filename, data=data))
        return report.added + report.updated

    return await _write(request, None, work, "/terms?imported={id}")


@router.get("/terms/export.{fmt}")
def export_page(request: Request, fmt: str):
    if fmt not in GLOSSARY_FORMATS:
        return _list_page(request, 404, error=f"no export format {fmt!r}: use tsv, csv or tbx")
    out = io.BytesIO()
    try:
        with _editor(request) as tb:
            export_glossary(tb, fmt, out)
    except InputError as e:
        return _list_page(request, 400, error=str(e))
    return Response(out.getvalue(), media_type=GLOSSARY_FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="glossary.{fmt}"'})
