"""Errors of the service: ApiError for the endpoints to raise, and the handlers that turn every
exception into the JSON error body."""

from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tm.errors import InputError

log = logging.getLogger("tm.service")


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class BodyTooLarge(HTTPException):
    """Raised from receive() (tm.service.middleware): an HTTPException, so FastAPI's body
    parsing passes it on as is."""

    def __init__(self) -> None:
        super().__init__(413, "the request body is larger than the limit")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Every error the service gives: ``{"error": message, "status": code}``."""
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def too_large(limit: int) -> JSONResponse:
    return error_response(413, f"the request body is larger than the limit of {limit} bytes")


def install_handlers(app: FastAPI, max_body: int) -> None:
    """Every error as ``{"error": message, "status": code}``."""
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        return error_response(400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if isinstance(exc, BodyTooLarge):
            return too_large(max_body)
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "request"
            problems.append(f"{where}: {e.get('msg')}")
        return error_response(422, "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, f"internal error: {type(exc).__name__}")
