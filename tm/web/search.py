"""The search pages: fuzzy lookup and concordance over the memory, filters, paging, and one
pair's page."""

from __future__ import annotations

import datetime as _dt

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from tm import fuzzy
from tm.concordance import concordance
from tm.errors import InputError
from tm.service.errors import ApiError
from tm.web.render import page
from tm.web.state import WebState, web_state

router = APIRouter()

PAGE_SIZE = 20
MAX_PAGES = 10  # a query shows at most PAGE_SIZE * MAX_PAGES hits (fuzzy: best first)
FILTERED_CANDIDATES = 5000  # fuzzy candidates a file or date filter is applied to
MODES = ("fuzzy", "concordance")


def _filters(args) -> dict:
    """The search form's fields, checked."""
    f = {
        "q": (args.get("q") or "").strip(),
        "mode": args.get("mode") or "fuzzy",
        "pair": args.get("pair") or "",
        "side": args.get("side") or "source",
        "file": (args.get("file") or "").strip(),
        "since": (args.get("since") or "").strip(),
        "min": args.get("min") or "50",
    }
    try:
        f["page"] = max(1, min(MAX_PAGES, int(args.get("page") or 1)))
        f["min_score"] = max(0.0, min(100.0, float(f["min"])))
    except ValueError:
        raise InputError(None, "page and minimum score must be numbers") from None
    if f["mode"] not in MODES:
        raise InputError(None, "search mode must be fuzzy or concordance")
    if f["side"] not in ("source", "target"):
        raise InputError(None, "side must be source or target")
    if f["since"]:
        try:
            _dt.date.fromisoformat(f["since"])
        except ValueError:
            raise InputError(None, f"date {f['since']!r} is not YYYY-MM-DD") from None
    if len(f["file"]) > 300:
        raise InputError(None, "the file filter is too long")
    return f


def _keep(row: dict, f: dict) -> bool:
    if f["file"] and f["file"].lower() not in (row.get("origin_file") or row.get("context") or "").lower():
        return False
    created = row.get("created") or ""
    return not (f["since"] and created[:10] < f["since"])


def _fuzzy(web: WebState, f: dict, s: str, t: str, want: int) -> list:
    """The best ``want`` matches; with a file or date filter, the filter is applied to the
    index's candidates before they are ranked and cut, so a filtered page is as full as the
    memory allows (among the FILTERED_CANDIDATES most similar sources)."""
    service = web.service
    if not (f["file"] or f["since"]):
        return service.lookup(f["q"], s, t, min_score=f["min_score"], limit=want)
    service.refresh_index()
    memory = service.memory()
    scored = service.index.search(f["q"], s, t, min_score=f["min_score"], limit=FILTERED_CANDIDATES)
    rows = memory.pairs_by_id([pid for pid, _ in scored])
    kept = [(pid, r) for pid, r in scored if pid in rows and _keep(rows[pid], f)]
    # as fuzzy.lookup: rescore a few more than asked, penalties can reorder the top
    return fuzzy.rank(f["q"], kept[: max(want * 4, 20)], memory, limit=want, min_score=f["min_score"])


def _search(web: WebState, f: dict) -> dict:
    service = web.service
    service.check_text(f["q"], "the search")
    src, tgt = f["pair"].split("-", 1) if "-" in f["pair"] else (None, None)
    try:
        s, t = service.resolve_pair(src, tgt)
    except ApiError as e:
        raise InputError(None, e.message) from None
    want = f["page"] * PAGE_SIZE + 1
    if f["mode"] == "fuzzy":
        hits = _fuzzy(web, f, s, t, want)
        rows = service.memory().pairs_by_id([m.pair_id for m in hits])
        for m in hits:
            m.provenance.setdefault("created", (rows.get(m.pair_id) or {}).get("created"))
    else:
        lang = s if f["side"] == "source" else t
        # The store applies the file and date filters in its query (the same test as _keep),
        # so its candidate rows all pass them.
        found = concordance(
            service.memory(), f["q"], lang, side=f["side"], limit=want, file=f["file"], since=f["since"]
        )
        hits = [h for h in found if (fuzzy.lang_key(h["src_lang"]), fuzzy.lang_key(h["tgt_lang"])) == (s, t)]
    start = (f["page"] - 1) * PAGE_SIZE
    return {"hits": hits[start : start + PAGE_SIZE], "more": len(hits) > start + PAGE_SIZE, "src": s, "tgt": t}


@router.get("/search")
async def search_page(request: Request):
    web = web_state(request)
    pairs = [f"{s}-{t}" for s, t in web.service.languages()]
    f: dict = {"q": "", "mode": "fuzzy", "pair": "", "side": "source", "file": "", "since": "", "min": "50", "page": 1}
    if not request.query_params.get("q") and "q" not in request.query_params:
        return page(request, "search.html", f=f, pairs=pairs, result=None)
    try:
        f = _filters(request.query_params)
        result = await run_in_threadpool(_search, web, f)
    except (InputError, ApiError) as e:
        msg = e.message if isinstance(e, ApiError) else str(e)
        return page(request, "search.html", 400, f=f, pairs=pairs, result=None, error=msg)
    return page(request, "search.html", f=f, pairs=pairs, result=result)


@router.get("/pairs/{pair_id}")
def pair_page(request: Request, pair_id: int):
    web = web_state(request)
    row = web.service.memory().pairs_by_id([pair_id]).get(pair_id)
    if row is None:
        return page(request, "pair.html", 404, row=None, error=f"no pair {pair_id} in this memory")
    return page(request, "pair.html", row=row)
