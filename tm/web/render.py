"""Rendering the workbench's pages: one Jinja2 environment with autoescaping on, and the
helpers that mark spans in text from the data (highlights are built from escaped pieces, so a
segment holding ``<script>`` shows as text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from tm import __version__
from tm.web.auth import csrf_token, set_cookies

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def marked(text: str, spans: Iterable[Iterable[int]], tag: str = "mark") -> Markup:
    """``text`` with the character ranges ``spans`` ([start, end], ...) wrapped in ``<tag>``;
    every piece escaped, overlapping spans merged."""
    ranges: list[list[int]] = []
    for a, b in sorted((int(s[0]), int(s[1])) for s in spans):
        a, b = max(0, a), min(len(text), b)
        if a >= b:
            continue
        if ranges and a <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], b)
        else:
            ranges.append([a, b])
    out, at = [], 0
    for a, b in ranges:
        out.append(escape(text[at:a]))
        out.append(Markup(f"<{tag}>") + escape(text[a:b]) + Markup(f"</{tag}>"))
        at = b
    out.append(escape(text[at:]))
    return Markup("").join(out)


def diff_markup(ops: list[dict], side: str) -> Markup:
    """A fuzzy match's word differences (tm.fuzzy.word_diff) shown on one side: on the match
    side words only the match has are <ins>, on the query side words only the query has are
    <del>."""
    out = []
    for op in ops:
        text = op["match"] if side == "match" else op["query"]
        if not text:
            continue
        if op["op"] == "equal":
            out.append(escape(text))
        else:
            tag = "ins" if side == "match" else "del"
            out.append(Markup(f"<{tag}>") + escape(text) + Markup(f"</{tag}>"))
    return Markup(" ").join(out)


def finding_spans(finding, side: str) -> list[list[int]]:
    return [[s.start, s.end] for s in finding.spans if s.side == side]


def _url(path: str, **params: Any) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(clean) if clean else "")


env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True))
env.filters["marked"] = marked
env.globals.update(diff_markup=diff_markup, finding_spans=finding_spans, url=_url, version=__version__)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A whole page; htmx requests get the same page and pick their part of it (hx-select)."""
    web = request.app.state.web
    context.setdefault("error", None)
    context.setdefault("notice", None)
    html = env.get_template(template).render(
        request=request,
        path=request.url.path,
        csrf=csrf_token(request),
        user=web.sessions.name(request),
        can_write=web.service.token is not None,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    set_cookies(request, response)
    return response
