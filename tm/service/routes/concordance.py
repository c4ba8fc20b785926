"""Concordance: the pairs containing a word or phrase, in any inflected form."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from tm import fuzzy
from tm.concordance import concordance as find
from tm.service.state import Service, get_service

router = APIRouter()


@router.get("/api/v1/concordance", summary="Pairs containing a word or phrase, lemma-aware")
def concordance(
    q: str = Query(..., description="A word or phrase; any inflected form matches."),
    lang: str = Query("en", description="Language of q; the sides in that language are searched."),
    side: str = Query("both", pattern="^(source|target|both)$"),
    limit: int = Query(20, ge=1, le=200),
    service: Service = Depends(get_service),
) -> dict:
    """Example: `curl 'localhost:8000/api/v1/concordance?q=kierownik%20konta&lang=pl'`"""
    service.check_text(q)
    service.refresh_words()  # a token server brings the word index up to date, in the background
    hits = find(service.memory(), q, lang, side=side, limit=limit)
    return {"query": q, "lang": fuzzy.lang_key(lang), "hits": hits}
