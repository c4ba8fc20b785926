"""The workbench: a server-rendered web application for translators and reviewers, served by
``tm serve`` at ``/`` over the same library and database as the API (docs/web.md).

Pages: search (fuzzy and concordance), the term base (list, entry, edits, glossary import and
export), review (the consistency report with decisions), suggestions (terms and TM matches for
a sentence), align (align, fix by hand, save). Jinja2 templates with autoescaping; htmx
(vendored in static/vendor, BSD-0) only enhances links and forms, so every page works without
JavaScript and offline. Writes need a login with the server's token (tm.web.auth).

Modules: state (WebState), auth (sessions, CSRF), render (templates, highlighting), search,
terms, review, translate (suggestions, align), alignfix (the alignment draft and its edits),
decisions (reviewers' decisions: undo, history).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from tm.errors import InputError
from tm.service.state import Service
from tm.web import review, search, terms, translate
from tm.web.auth import SESSION_COOKIE, Refused, check_csrf, check_login
from tm.web.render import STATIC, page
from tm.web.state import WebState, web_state

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request):
    web = web_state(request)
    memory = web.service.memory()
    return page(request, "home.html", pairs=memory.language_pairs(), glossary=web.glossary, decisions_file=web.suppressions)


@router.get("/login")
def login_form(request: Request):
    return page(request, "login.html")


@router.post("/login")
async def login(request: Request):
    web = web_state(request)
    form = await request.form()
    try:
        check_csrf(request, form)
        name = check_login(web.service.token, str(form.get("token") or ""), str(form.get("name") or ""))
    except Refused as e:
        return page(request, "login.html", 403, error=str(e))
    except InputError as e:
        return page(request, "login.html", 400, error=str(e))
    response = RedirectResponse(_local(str(form.get("next") or "/")), status_code=303)
    response.set_cookie(SESSION_COOKIE, web.sessions.start(name), httponly=True, samesite="strict", path="/")
    return response


def _local(target: str) -> str:
    """Only a path on this server (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.post("/logout")
async def logout(request: Request):
    form = await request.form()
    try:
        check_csrf(request, form)
    except Refused as e:
        return page(request, "login.html", 403, error=str(e))
    web_state(request).sessions.end(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/docs")
def api_docs(request: Request):
    """The API reference without a CDN: the endpoints from the OpenAPI schema, rendered here."""
    spec = request.app.openapi()
    return page(request, "docs.html", spec=spec)


def mount(app: FastAPI, service: Service, *, glossary: str | Path | None = None, suppressions: str | Path | None = None) -> None:
    """Serve the workbench from ``app`` (routes at /, static files at /static)."""
    app.state.web = WebState(service, Path(glossary) if glossary else None, Path(suppressions) if suppressions else None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for r in (router, search.router, terms.router, review.router, translate.router):
        app.include_router(r, include_in_schema=False)
