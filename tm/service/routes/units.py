"""Adding one unit to the memory: the amaGama/tmserver protocol's writing side (PUT or POST
/{slang}/{tlang}/unit/{uid}, needs the token)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from tm import fuzzy
from tm.model import TranslationUnit
from tm.service.routes import lookup as _lookup  # noqa: F401  (registers the anytext path convertor)
from tm.service.errors import ApiError
from tm.service.state import Service, get_service


class UnitBody(BaseModel):
    source: str
    target: str


def amagama_add(request: Request, slang: str, tlang: str, unit: UnitBody, service: Service = Depends(get_service)) -> dict:
    service.require_token(request)
    s, t = fuzzy.lang_key(slang), fuzzy.lang_key(tlang)
    if s == t:
        raise ApiError(404, "source and target language are the same")
    if not unit.source.strip() or not unit.target.strip():
        raise ApiError(422, "a unit needs a non-empty source and target")
    added = service.memory().add_unit(TranslationUnit(unit.source, unit.target, s, t), "http:unit")
    service.refresh_index(wait=True)
    return {"added": added}


def units_router(prefix: str) -> APIRouter:
    """The add-a-unit endpoints under ``prefix`` (/tmserver or /api/v1)."""
    name = prefix.strip("/").replace("/", "_")
    units = APIRouter()
    for method in ("PUT", "POST"):
        units.add_api_route(
            prefix + "/{slang}/{tlang}/unit/{uid:anytext}",
            amagama_add,
            methods=[method],
            summary="amaGama: add a unit {source, target} (needs the token)",
            operation_id=f"amagama_add_{name}_{method.lower()}",
        )
    return units
