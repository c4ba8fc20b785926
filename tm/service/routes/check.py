"""Checks on bilingual segments sent in the request (the tm-check/1 report as JSON)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from tm.check import Pair, Report, check_pairs, load_terms
from tm.errors import InputError
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
        report = run_checks(pairs, body.src_lang, body.tgt_lang, db=service.db_path, checks=body.checks)
    except ValueError as e:
        raise ApiError(400, str(e))
    return report.to_dict()


def run_checks(pairs: list[Pair], src_lang: str, tgt_lang: str, *, db: str, checks: list[str] | None) -> Report:
    """The one call into the check library. The memory's stored term base (tm terms build /
    glossary import) drives the term checks; without one they are skipped and the report says
    so. ValueError for an unknown check name."""
    try:
        terms, notes = load_terms(pairs, src_lang, tgt_lang, db=db, mode="stored")
    except InputError:
        terms, notes = None, []
    report = check_pairs(pairs, src_lang, tgt_lang, terms=terms, checks=checks)
    report.notes = notes + list(report.notes)
    return report
