"""Term suggestions for a sentence, from the memory's term base."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query

from tm.service.responses import plain
from tm.service.state import Service, get_service
from tm.store import TermBase

router = APIRouter()


@router.get("/api/v1/terms", summary="Term suggestions for a sentence")
def terms(
    q: str = Query(..., description="A sentence; terms are found in any inflected form."),
    src: Optional[str] = Query(None),
    tgt: Optional[str] = Query(None),
    side: str = Query("source", pattern="^(source|target)$", description="Is q a source or a target sentence?"),
    service: Service = Depends(get_service),
) -> dict:
    """Example: `curl 'localhost:8000/api/v1/terms?q=Our%20account%20executives%20call&src=en&tgt=pl'`"""
    service.check_text(q)
    s, t = service.resolve_pair(src, tgt)
    return {"query": q, "src": s, "tgt": t, "side": side, "terms": suggest_terms(service.db_path, q, s, t, side)}


def suggest_terms(db_path: str, text: str, src: str, tgt: str, side: str) -> list[dict]:
    with TermBase(db_path, src, tgt, readonly=True) as tb:
        return [plain(x) for x in tb.suggest(text, side=side)]
