"""Aligning two documents sent as text; optionally storing the pairs (needs the token)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from tm.read import detect_format
from tm.align import align_texts
from tm.service.state import Service, get_service

router = APIRouter()


class AlignRequest(BaseModel):
    source: str = Field(..., description="Source document text (Markdown, plain text, or one segment per line).")
    target: str = Field(..., description="Its translation.")
    src_lang: Optional[str] = Field(None, description="Source language (detected when not given).")
    tgt_lang: Optional[str] = Field(None, description="Target language (detected when not given).")
    source_name: str = Field("source.md", description="File name recorded as provenance.")
    target_name: str = Field("target.md", description="File name recorded as provenance.")
    presegmented: bool = Field(False, description="One segment per line.")
    store: bool = Field(False, description="Store the pairs in the memory (needs the token).")


@router.post("/api/v1/align", summary="Align two documents; optionally store the pairs")
def align(request: Request, body: AlignRequest, service: Service = Depends(get_service)) -> dict:
    """Example: `curl -X POST localhost:8000/api/v1/align -H 'Content-Type: application/json'
    -d '{"source":"One. Two.","target":"Jeden. Dwa.","src_lang":"en","tgt_lang":"pl"}'`"""
    if body.store:
        service.require_token(request)
    result = align_texts(
        body.source,
        body.target,
        source_name=body.source_name,
        target_name=body.target_name,
        # the format by the extension of the name's last part (a name without one means Markdown)
        source_format=detect_format(safe_name(body.source_name, "source.md")),
        target_format=detect_format(safe_name(body.target_name, "target.md")),
        db=service.db_path if body.store else None,
        src_lang=body.src_lang,
        tgt_lang=body.tgt_lang,
        presegmented=body.presegmented,
    )
    if body.store:
        service.refresh_index(wait=True)
    pairs = [p.to_dict() for p in result.pairs]
    return {
        "src_lang": result.src_lang,
        "tgt_lang": result.tgt_lang,
        "stored": bool(body.store),
        "unchanged": bool(result.stored and result.stored.unchanged),
        "pairs": pairs,
    }


def safe_name(name: str, default: str) -> str:
    """The last part of a client's file name, or ``default`` for an empty, odd or long one."""
    base = Path(name.replace("\\", "/")).name
    return base if base and base not in (".", "..") and len(base) < 200 else default
