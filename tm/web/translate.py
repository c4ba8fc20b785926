"""Pages for translating: term suggestions for a source sentence (every known term in any
inflected form, with its preferred, admitted and forbidden renderings and example pairs) and
the memory's best matches for it; and aligning two documents, fixing the alignment, saving it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from tm.errors import InputError
from tm.service.errors import ApiError
from tm.store import TermBase
from tm.web import alignfix
from tm.web.auth import Refused, check_csrf
from tm.web.render import page
from tm.web.state import WebState, web_state

router = APIRouter()

MAX_DOCUMENT = 1024 * 1024  # bytes of a document to align on the page


def _suggest(web: WebState, text: str) -> dict:
    service = web.service
    service.check_text(text, "the sentence")
    pairs = service.languages()
    with TermBase(web.db, *web.term_pair(), readonly=True) as tb:
        terms = tb.suggest(text)
        s, t = tb.src_lang, tb.tgt_lang
    try:
        matches = service.lookup(text, s, t, min_score=50, limit=3) if (s, t) in pairs else []
    except ApiError:
        matches = []
    return {"terms": terms, "matches": matches, "spans": [[x.start, x.end] for x in terms]}


@router.get("/suggest")
async def suggest_page(request: Request):
    text = request.query_params.get("text")
    if text is None:
        return page(request, "suggest.html", text="", result=None)
    try:
        result = await run_in_threadpool(_suggest, web_state(request), text)
    except ApiError as e:
        return page(request, "suggest.html", 400, text=text, result=None, error=e.message)
    except InputError as e:
        return page(request, "suggest.html", 400, text=text, result=None, error=str(e))
    return page(request, "suggest.html", text=text, result=result)


# ----- align and fix -----------------------------------------------------------------------------


async def _document(form, side: str) -> tuple[bytes, str]:
    """The bytes and name of one side: the uploaded file, else the pasted text."""
    upload = form.get(f"{side}_file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_DOCUMENT + 1)
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or f"{side}.md"
    else:
        data = str(form.get(f"{side}_text") or "").encode("utf-8")
        name = f"{side}.md"
    if not data.strip():
        raise InputError(name, f"the {side} document is empty")
    if len(data) > MAX_DOCUMENT:
        raise InputError(name, f"the {side} document is larger than {MAX_DOCUMENT // 1024} KB")
    return data, name


def _lang(form, key: str) -> str | None:
    value = str(form.get(key) or "").strip()
    if value and (len(value) > 20 or not value.replace("-", "").isalpha()):
        raise InputError(None, f"{value!r} is not a language code")
    return value or None


@router.get("/align")
def align_form(request: Request):
    return page(request, "align.html", draft=None)


@router.post("/align")
async def align_post(request: Request):
    """Align (anyone may: nothing is stored); only the form's CSRF field is checked."""
    web = web_state(request)
    try:
        form = await request.form()
        check_csrf(request, form)
        src, src_name = await _document(form, "source")
        tgt, tgt_name = await _document(form, "target")
        if src_name == tgt_name:
            tgt_name = "target-" + tgt_name
        draft = await run_in_threadpool(
            alignfix.realign, web.db, src, tgt, src_name, tgt_name, _lang(form, "src_lang"), _lang(form, "tgt_lang"),
            presegmented=form.get("presegmented") == "yes",
        )
    except Refused as e:
        return page(request, "align.html", 403, draft=None, error=str(e))
    except InputError as e:
        return page(request, "align.html", 400, draft=None, error=str(e))
    web.drafts.add(draft)
    return RedirectResponse(f"/align/{draft.id}", status_code=303)


@router.get("/align/{draft_id}")
def draft_page(request: Request, draft_id: str):
    try:
        draft = web_state(request).drafts.get(draft_id)
    except InputError as e:
        return page(request, "align.html", 404, draft=None, error=str(e))
    return page(request, "align.html", draft=draft, notice=_notice(request))


def _notice(request: Request) -> str | None:
    saved = request.query_params.get("saved")
    if saved is None:
        return None
    return f"saved: {saved} pairs are in the memory" if saved.isdigit() else "saved (the memory already had this alignment)"


@router.post("/align/{draft_id}/edit")
async def edit(request: Request, draft_id: str):
    """One edit of the draft (join, split, unlink, up, down, link); no login needed: the draft
    is not the memory."""
    web = web_state(request)
    try:
        draft = web.drafts.get(draft_id)
        form = await request.form()
        check_csrf(request, form)
        op = str(form.get("op") or "")
        if op == "link":
            draft.beads = alignfix.link(draft.beads, _int(form, "source"), _int(form, "target"))
        else:
            alignfix.apply(draft, op, _int(form, "bead"))
    except Refused as e:
        return page(request, "align.html", 403, draft=None, error=str(e))
    except InputError as e:
        d = web.drafts.find(draft_id)
        return page(request, "align.html", 400 if d else 404, draft=d, error=str(e))
    return RedirectResponse(f"/align/{draft_id}#bead-{form.get('bead') or ''}", status_code=303)


def _int(form, key: str) -> int:
    try:
        return int(str(form.get(key) or ""))
    except ValueError:
        raise InputError(None, f"choose a {key}") from None


@router.post("/align/{draft_id}/save")
async def save(request: Request, draft_id: str):
    web = web_state(request)
    draft = None
    try:
        draft = web.drafts.get(draft_id)
        await web.writer(request)
        n, unchanged = await run_in_threadpool(alignfix.save, web.db, draft)
        await run_in_threadpool(web.service.refresh_index, True)
    except Refused as e:
        return page(request, "align.html", 403, draft=draft, error=str(e))
    except InputError as e:
        return page(request, "align.html", 400, draft=draft, error=str(e))
    return RedirectResponse(f"/align/{draft_id}?saved={'same' if unchanged else n}", status_code=303)
