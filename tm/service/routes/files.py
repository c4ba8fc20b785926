"""Import (a TMX, PO or XLIFF body into the memory, needs the token) and export (the memory
as TMX, PO or XLIFF 1.2/2.0, the term base as TBX v3/martif, OmegaT TSV or CSV). Bodies go to
the library as bytes and exports come back as bytes: no temporary files."""

from __future__ import annotations

import io
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tm.exchange import export_memory, import_bytes
from tm.formats.registry import VARIANTS, variant
from tm.service.errors import ApiError
from tm.service.state import Service, get_service

# The memory's pairs (tmx, po, xliff) or its term base (tbx, tsv, csv), as tm export writes them.
EXPORT_FORMATS = ("tmx", "po", "xliff", "tbx", "tsv", "csv")
_MEDIA_TYPES = {
    "tmx": "application/x-tmx+xml", "po": "text/x-gettext-translation", "xliff": "application/xliff+xml",
    "tbx": "application/x-tbx+xml", "tsv": "text/tab-separated-values; charset=utf-8", "csv": "text/csv; charset=utf-8",
}
_EXTENSIONS = {"xliff": "xlf"}
# The query parameter that chooses each format's variant (tm.formats.registry.variant), as
# tm export's --xliff-version, --tbx-dialect and --tsv-statuses do.
_VARIANT_PARAMETERS = {"xliff": "version", "tbx": "dialect", "tsv": "statuses"}

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


@router.get("/api/v1/export/{fmt}", summary="Export the memory (tmx, po, xliff) or the term base (tbx, tsv, csv)")
def export(
    fmt: str,
    src: Optional[str] = Query(None),
    tgt: Optional[str] = Query(None),
    version: Optional[str] = Query(None, description="xliff: 1.2 (default) or 2.0."),
    dialect: Optional[str] = Query(None, description="tbx: v3 (default) or martif (TBX 2, as translate-toolkit and Weblate read it)."),
    statuses: Optional[str] = Query(None, description="tsv: mark (default: deprecated and forbidden renderings marked in the "
                                    "comment column) or omit (left out)."),
    service: Service = Depends(get_service),
) -> Response:
    """Example: `curl -o memory.tmx localhost:8000/api/v1/export/tmx`;
    `curl -o memory.xlf 'localhost:8000/api/v1/export/xliff?version=2.0'`;
    `curl -o weblate.tbx 'localhost:8000/api/v1/export/tbx?dialect=martif'`"""
    if fmt not in EXPORT_FORMATS:
        raise ApiError(404, f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    given = {name: value for name, value in (("version", version), ("dialect", dialect), ("statuses", statuses))
             if value is not None}
    wanted = _VARIANT_PARAMETERS.get(fmt)
    stray = [name for name in given if name != wanted]
    if stray:
        raise ApiError(422, f"{fmt} takes no {stray[0]!r} parameter" + (f"; it takes {wanted!r}" if wanted else ""))
    choice = given.get(wanted) if wanted else None
    if choice is not None and (fmt, choice) not in VARIANTS:
        known = [c for f, c in VARIANTS if f == fmt]
        raise ApiError(422, f"unknown {wanted} {choice!r} for {fmt}; use one of {', '.join(known)}")
    out = io.BytesIO()
    # export_memory writes the term base for the glossary formats (tm.glossary), as tm export does.
    export_memory(service.db_path, variant(fmt, choice), out, src_lang=src, tgt_lang=tgt)
    return Response(
        out.getvalue(),
        media_type=_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="memory.{_EXTENSIONS.get(fmt, fmt)}"'},
    )
