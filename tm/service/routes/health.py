"""Liveness, version, index size."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from tm import __version__
from tm.service.state import Service, get_service

router = APIRouter()


@router.get("/api/v1/health", summary="Liveness and index size")
def health(service: Service = Depends(get_service)) -> dict:
    """Example: `curl localhost:8000/api/v1/health`"""
    return {
        "status": "ok",
        "version": __version__,
        "indexed_pairs": service.index.size,
        "language_pairs": [f"{s}-{t}" for s, t in service.languages()],
        "writable": service.token is not None,
    }
