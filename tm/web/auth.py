"""Who may write, on the workbench: a login form that checks the server's token and sets a
session cookie, and the CSRF token every form carries.

- Reading needs nothing. Writing needs a session: POST /login with the token (the one
  ``tm serve --token`` was given) and a name; the answer sets ``tm_session`` (random, HttpOnly,
  SameSite=Strict, path /). The token never appears in a URL, a cookie or a log line; sessions
  live in the server process and end at logout or restart.
- CSRF: a random ``tm_csrf`` cookie (HttpOnly, SameSite=Strict) is set with the first page, and
  every form repeats it in a hidden field; a POST whose field does not equal the cookie is
  refused (double submit; with SameSite=Strict a cross-site form carries no cookie at all).
"""

from __future__ import annotations

import hmac
import secrets
import threading

from fastapi import Request
from fastapi.responses import Response

from tm.errors import InputError

SESSION_COOKIE = "tm_session"
CSRF_COOKIE = "tm_csrf"
MAX_SESSIONS = 1000


class Refused(Exception):
    """A request the workbench turns down with a page saying why (403)."""


class Sessions:
    """Logged-in sessions of this server process: session id -> the person's name."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()

    def start(self, name: str) -> str:
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._names[sid] = name
            while len(self._names) > MAX_SESSIONS:
                self._names.pop(next(iter(self._names)))
        return sid

    def name(self, request: Request) -> str | None:
        sid = request.cookies.get(SESSION_COOKIE)
        return self._names.get(sid) if sid else None

    def end(self, request: Request) -> None:
        sid = request.cookies.get(SESSION_COOKIE)
        if sid:
            with self._lock:
                self._names.pop(sid, None)


def csrf_token(request: Request) -> str:
    """This browser's CSRF token: the cookie's, or a new one (set_cookies sets it)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) > 100:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return token


def set_cookies(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/")


def check_csrf(request: Request, form) -> None:
    given = str(form.get("csrf") or "")
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not cookie or not hmac.compare_digest(given.encode(), cookie.encode()):
        raise Refused("the form is out of date or came from another site (CSRF check failed); reload the page and try again")


def check_login(token: str | None, given: str, name: str) -> str:
    """The name to record for a good token; InputError otherwise."""
    if token is None:
        raise Refused("this server is read-only: start it with --token (or TM_TOKEN) to allow changes")
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise Refused("wrong token")
    name = " ".join(name.split())[:80]
    if not name:
        raise InputError(None, "give your name: decisions are recorded with it")
    return name
