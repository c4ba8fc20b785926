"""The application factory: the Service, the size limits, the error handlers and the routes."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from tm import __version__
from tm.errors import InputError
from tm.store import database_exists
from tm.service.errors import install_handlers
from tm.service.middleware import DEFAULT_MAX_BODY, LimitMiddleware
from tm.service.routes import align, check, concordance, files, health, lookup, terms, units
from tm.service.state import DEFAULT_MAX_QUERY, Service
from tm import web


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    max_query: int = DEFAULT_MAX_QUERY,
    build_index: bool = True,
    progress=None,
    glossary: str | Path | None = None,
    suppressions: str | Path | None = None,
) -> FastAPI:
    """The FastAPI app serving the memory at ``db_path``.

    ``token`` enables writes (bearer token); None keeps the server read-only. The fuzzy index
    is built here unless ``build_index`` is False (then on the first lookup). ``glossary`` and
    ``suppressions`` are what the workbench's review page checks with (as ``tm check`` does).
    """
    if not database_exists(db_path) and token is None:
        raise InputError(str(db_path), "no such database (a read-only server needs an existing one)")
    service = Service(db_path, token, max_query=max_query)
    if build_index:
        service.index.refresh(service.memory(), progress=progress)

    app = FastAPI(
        title="tm",
        version=__version__,
        description="Translation memory and terminology service: fuzzy TM lookup, terms, concordance, checks, "
        "alignment, exports, and the amaGama/tmserver API. See docs/service.md.",
        # Swagger UI and ReDoc load from a CDN: the workbench serves /docs offline instead (tm.web).
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.add_middleware(LimitMiddleware, max_body=max_body)
    install_handlers(app, max_body)

    # In this order: routes match in the order they are added.
    app.include_router(health.router)
    app.include_router(lookup.router)
    for prefix in ("/tmserver", "/api/v1"):
        app.include_router(lookup.amagama_router(prefix))
        app.include_router(units.units_router(prefix))
    for module in (terms, concordance, check, align, files):
        app.include_router(module.router)
    web.mount(app, service, glossary=glossary, suppressions=suppressions)  # the workbench at /
    return app


def run_app(app: FastAPI, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Run the app on uvicorn until interrupted (``tm serve``)."""
    uvicorn.run(app, host=host, port=port, log_level=log_level)
