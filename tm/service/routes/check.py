"""Checks on bilingual segments sent in the request (the tm-check/1 report as JSON)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from tm.check import Pair, run_check
from tm.service.errors import ApiError
from tm.service.state import Service, get_service

router = APIRouter()


class CheckSegment(BaseModel):
    id: Optional[str] = None
    source: str
    target: str


class CheckRequest(BaseModel):
    src_lang: str = "en"
    tgt_lang: str = "pl"
    segments: list[CheckSegment]
    checks: Optional[list[str]] = Field(None, description="Only these checks (default: all).")


@router.post("/api/v1/check", summary="Findings for bilingual segments")
def check(body: CheckRequest, service: Service = Depends(get_service)) -> dict:
    """Example: `curl -X POST localhost:8000/api/v1/check -H 'Content-Type: application/json'
    -d '{"src_lang":"en","tgt_lang":"pl","segments":[{"source":"Pay $5.","target":"Zapłać 6 USD."}]}'`"""
    if not body.segments:
        raise ApiError(400, "no segments")
    pairs = [Pair(seg.id or f"segment#{i}", seg.source, seg.target) for i, seg in enumerate(body.segments, 1)]
    try:
        # The memory's stored term base drives the term checks; without one they are skipped
        # and the report says so.
        report, _ = run_check(pairs=pairs, src_lang=body.src_lang, tgt_lang=body.tgt_lang, db=service.db_path,
                              termbase="if-stored", checks=body.checks)
    except ValueError as e:  # an unknown check name
        raise ApiError(400, str(e)) from None
    return report.to_dict()

