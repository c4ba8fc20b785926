"""Fuzzy TM lookup: /api/v1/lookup, and the amaGama/tmserver protocol's reading side
(languages, matches for a unit) under /tmserver and /api/v1."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.convertors import CONVERTOR_TYPES, Convertor

from tm import fuzzy
from tm.service.errors import ApiError
from tm.service.responses import int_arg, json_or_jsonp
from tm.service.state import Service, get_service

AMAGAMA_MAX_CANDIDATES = 30  # amaGama's cap
AMAGAMA_MIN_SIMILARITY = 30  # amaGama's floor

router = APIRouter()


class AnyTextConvertor(Convertor):
    """Like Starlette's ``path`` convertor, but also across newlines: a multi-line string sent as
    ``…/unit/line1%0Aline2`` reaches the handler whole (``path`` is ``.*``, which stops at one)."""

    regex = "[\\s\\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


CONVERTOR_TYPES.setdefault("anytext", AnyTextConvertor())


@router.get("/api/v1/lookup", summary="Fuzzy TM matches")
def lookup(
    q: str = Query(..., description="The text to translate."),
    src: Optional[str] = Query(None, description="Source language (default: the memory's only one)."),
    tgt: Optional[str] = Query(None, description="Target language."),
    min_score: float = Query(fuzzy.DEFAULT_MIN_SCORE, ge=0, le=101),
    limit: int = Query(5, ge=1, le=50),
    prev: Optional[str] = Query(None, description="The previous source segment (for 101% context matches)."),
    next: Optional[str] = Query(None, description="The next source segment."),
    service: Service = Depends(get_service),
) -> dict:
    """Matches best first, with score (101 exact in context, 100 exact, fuzzy below), the
    source, target, provenance, differences in numbers/tags/placeholders and a word diff.

    Example: `curl 'localhost:8000/api/v1/lookup?q=Delete%20the%20page&src=en&tgt=pl'`
    """
    service.check_text(q)
    s, t = service.resolve_pair(src, tgt)
    matches = service.lookup(q, s, t, min_score, limit, prev, next)
    return {"query": q, "src": s, "tgt": t, "matches": [m.as_dict() for m in matches]}


def amagama_unit(request: Request, slang: str, tlang: str, text: str, service: Service = Depends(get_service)) -> Response:
    if not text:  # ".../unit/?source=TEXT", as amaGama also accepts
        text = request.query_params.get("source", "")
        if not text:
            raise ApiError(404, "no text: give it in the path or as ?source=")
    s, t = fuzzy.lang_key(slang), fuzzy.lang_key(tlang)
    if s == t:
        raise ApiError(404, "source and target language are the same")
    service.check_text(text, "text")
    if not known_pair(service, s, t):
        return json_or_jsonp([], request.query_params.get("jsoncallback"))
    args = request.query_params
    min_similarity = max(int_arg(args.get("min_similarity"), int(fuzzy.DEFAULT_MIN_SCORE)), AMAGAMA_MIN_SIMILARITY)
    max_candidates = min(max(int_arg(args.get("max_candidates"), 5), 1), AMAGAMA_MAX_CANDIDATES)
    matches = service.lookup(text, s, t, float(min(min_similarity, 100)), max_candidates)
    body = [
        {"source": m.source, "target": m.target, "quality": min(m.quality, 100.0), "rank": round(m.similarity, 2)}
        for m in matches
    ]
    return json_or_jsonp(body, args.get("jsoncallback"))


def known_pair(service: Service, s: str, t: str) -> bool:
    """As amaGama: a source language the memory does not hold is a 404; a known source language
    with a target (or text) it holds nothing for is an empty answer, so that clients which probe
    with a pair of their own (Weblate checks its settings with en→de "test") accept the server."""
    if (s, t) in service.languages():
        return True
    service.refresh_index(wait=True)  # maybe just written by another process
    pairs = service.languages()
    if (s, t) in pairs:
        return True
    if s not in {src for src, _ in pairs}:
        raise ApiError(404, f"no translation memory from {s}; it holds " + (", ".join(f"{a}→{b}" for a, b in pairs) or "nothing"))
    return False


def amagama_languages(request: Request, service: Service = Depends(get_service)) -> Response:
    pairs = service.languages()
    body = {"sourceLanguages": sorted({s for s, _ in pairs}), "targetLanguages": sorted({t for _, t in pairs})}
    return json_or_jsonp(body, request.query_params.get("jsoncallback"))


def amagama_router(prefix: str) -> APIRouter:
    """The protocol's reading endpoints under ``prefix`` (/tmserver or /api/v1)."""
    name = prefix.strip("/").replace("/", "_")
    amagama = APIRouter()
    amagama.add_api_route(
        f"{prefix}/languages/",
        amagama_languages,
        methods=["GET"],
        summary="amaGama: languages",
        operation_id=f"amagama_languages_{name}",
    )
    amagama.add_api_route(
        prefix + "/{slang}/{tlang}/unit/{text:anytext}",
        amagama_unit,
        methods=["GET"],
        summary="amaGama: TM matches for a unit (text percent-encoded in the path, or ?source=)",
        response_model=None,
        operation_id=f"amagama_unit_{name}",
    )
    return amagama
