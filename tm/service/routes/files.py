"""Import (a TMX, PO or XLIFF body into the memory, needs the token) and export (the memory
as TMX or PO, the term base as TBX). Bodies go to the library as bytes and exports come back
as bytes: no temporary files."""

from __future__ import annotations

import io
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tm.exchange import export_memory, import_bytes
from tm.glossary import export_glossary_file
from tm.service.errors import ApiError
from tm.service.state import Service, get_service

EXPORT_FORMATS = ("tmx", "po", "tbx")
_MEDIA_TYPES = {"tmx": "application/x-tmx+xml", "po": "text/x-gettext-translation", "tbx": "application/x-tbx+xml"}

router = APIRouter()


@router.post("/api/v1/import", summary="Import a TMX, PO or XLIFF file (the body) into the memory")
async def import_(
    request: Request,
    format: str = Query(..., pattern="^(tmx|po|xliff|xlf)$", description="Format of the body."),
    name: str = Query("upload", description="File name recorded as provenance."),
    src_lang: Optional[str] = Query(None),
    tgt_lang: Optional[str] = Query(None),
    service: Service = Depends(get_service),
) -> dict:
    """Needs the token. Example: `curl -X POST -H 'Authorization: Bearer $TOKEN'
    --data-binary @memory.tmx 'localhost:8000/api/v1/import?format=tmx'`"""
    service.require_token(request)
    data = await request.body()
    if not data:
        raise ApiError(400, "empty body")
    return await run_in_threadpool(_import, service, data, format, name, src_lang, tgt_lang)


def _import(service: Service, data: bytes, fmt: str, name: str, src_lang: str | None, tgt_lang: str | None) -> dict:
    # The content tells the format; ``format`` is the extension sniffing falls back on.
    ext = {"xlf": ".xlf", "xliff": ".xliff"}.get(fmt, "." + fmt)
    result = import_bytes(service.db_path, data, name, ext=ext, src_lang=src_lang, tgt_lang=tgt_lang)
    service.refresh_index(wait=True)
    return {
        "file": name,
        "format": result.format,
        "units": result.units,
        "added": result.added,
        "duplicates": result.duplicates,
        "skipped": result.skipped,
    }


@router.get("/api/v1/export/{fmt}", summary="Export the memory (tmx, po) or the term base (tbx)")
def export(fmt: str, src: Optional[str] = Query(None), tgt: Optional[str] = Query(None),
           service: Service = Depends(get_service)) -> Response:
    """Example: `curl -o memory.tmx localhost:8000/api/v1/export/tmx`"""
    if fmt not in EXPORT_FORMATS:
        raise ApiError(404, f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    out = io.BytesIO()
    if fmt == "tbx":
        export_glossary_file(service.db_path, "tbx", out, src_lang=src, tgt_lang=tgt)
    else:
        export_memory(service.db_path, fmt, out, src_lang=src, tgt_lang=tgt)
    return Response(
        out.getvalue(),
        media_type=_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="memory.{fmt}"'},
    )
