"""The HTTP service (``tm serve``): fuzzy TM lookup, terms, concordance, checks, alignment,
exports, and the amaGama/tmserver API that CAT tools (Virtaal, Weblate) already speak.

``create_app(db_path, token=None)`` returns a FastAPI application; ``tm serve`` runs it on
uvicorn. Endpoints are documented in docs/service.md and in the OpenAPI schema (/docs,
/openapi.json).

Design notes
- One SQLite connection per worker thread (sqlite3 connections are not shared across
  threads); the database is in WAL mode with a busy timeout (tm.store.db), so readers never wait
  for a writer, and ``tm import``/``tm align`` can write while the server answers.
- The fuzzy index (tm.fuzzy) is built at start-up and follows the database: a lookup that sees
  pairs newer than the index starts a background refresh and answers from the current index
  meanwhile, so a large import never stalls lookups.
- Writes (storing an alignment, importing, adding a unit) need ``Authorization: Bearer TOKEN``
  with the token given at start-up; with no token configured the server is read-only.
- Request bodies are limited (``max_body`` bytes, 413) and so are URLs and query texts
  (``max_query`` characters, 414). Every error is JSON: ``{"error": message, "status": code}``.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any, Optional

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from tm import __version__, fuzzy
from tm.errors import InputError
from tm.store import Memory

log = logging.getLogger("tm.service")

DEFAULT_MAX_BODY = 10 * 1024 * 1024  # bytes of a request body
DEFAULT_MAX_QUERY = 2000  # characters of a query text (Weblate sends at most 500)
MAX_URL = 16 * 1024  # bytes of path + query string
AMAGAMA_MAX_CANDIDATES = 30  # amaGama's cap
AMAGAMA_MIN_SIMILARITY = 30  # amaGama's floor
EXPORT_FORMATS = ("tmx", "po", "tbx")
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$")


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class Service:
    """The state behind the endpoints: database path, token, fuzzy index, connections."""

    def __init__(self, db_path: str | Path, token: str | None = None, *, max_query: int = DEFAULT_MAX_QUERY):
        self.db_path = str(db_path)
        self.token = token or None
        self.max_query = max_query
        self._local = threading.local()
        self.index = fuzzy.FuzzyIndex()
        self._refreshing = threading.Lock()
        self._indexing_words = threading.Lock()

    # -- store access ------------------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        """Without a token nothing is written, so the file is opened read-only too."""
        return self.token is None

    def memory(self) -> Memory:
        """This thread's connection to the database."""
        memory = getattr(self._local, "memory", None)
        if memory is None:
            memory = self._local.memory = Memory(self.db_path, readonly=self.readonly)
        return memory

    def refresh_index(self, wait: bool = False) -> None:
        """Index pairs added since the last refresh: in the background unless ``wait``.

        Two indexes follow the pairs: the fuzzy index (in memory) and, on a writable server,
        the concordance word index in the file (Memory.update_concordance_index), which
        imports do not fill. The word index is always brought up to date in the background
        (``wait`` waits for the fuzzy index only); a read-only server uses what is indexed
        and its concordance scans the rest.
        """
        if wait:
            with self._refreshing:
                self.index.refresh(self.memory())
        elif self.memory().fuzzy_max_id() > self.index.max_id and self._refreshing.acquire(blocking=False):

            def run() -> None:
                try:
                    with Memory(self.db_path, readonly=self.readonly) as memory:
                        self.index.refresh(memory)
                except Exception:  # the next lookup tries again
                    log.exception("index refresh failed")
                finally:
                    self._refreshing.release()

            threading.Thread(target=run, name="tm-index-refresh", daemon=True).start()
        self.refresh_words()

    def refresh_words(self) -> None:
        """On a writable server, bring the concordance word index up to date in the background
        (Memory.update_concordance_index, in batches, so writers are not kept waiting)."""
        if self.readonly or not self.memory().concordance_index_behind():
            return
        if not self._indexing_words.acquire(blocking=False):
            return  # an update is already running

        def update_words() -> None:
            try:
                with Memory(self.db_path) as memory:
                    n = memory.update_concordance_index()
                log.info("concordance index: %d pairs indexed", n)
            except Exception:  # the next refresh tries again
                log.exception("concordance index update failed")
            finally:
                self._indexing_words.release()

        threading.Thread(target=update_words, name="tm-concordance-index", daemon=True).start()

    # -- checks on input -----------------------------------------------------------------------

    def require_token(self, request: Request) -> None:
        if self.token is None:
            raise ApiError(403, "this server is read-only: start it with --token (or TM_TOKEN) to allow writes")
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(401, "a write needs the header 'Authorization: Bearer TOKEN'", {"WWW-Authenticate": "Bearer"})

    def check_text(self, text: str, name: str = "q") -> str:
        if len(text) > self.max_query:
            raise ApiError(414, f"{name} is {len(text)} characters long; the limit is {self.max_query}")
        if not text.strip():
            raise ApiError(400, f"{name} is empty")
        return text

    def languages(self) -> list[tuple[str, str]]:
        return self.index.languages()

    def resolve_pair(self, src: str | None, tgt: str | None) -> tuple[str, str]:
        """The language pair asked for, or the only one the memory has."""
        pairs = self.languages()
        if src and tgt:
            pair = fuzzy.lang_key(src), fuzzy.lang_key(tgt)
            if pair not in pairs:
                self.refresh_index(wait=True)  # maybe just written by another process
                if pair not in self.languages():
                    raise ApiError(404, f"no translation memory for {src} → {tgt}")
            return pair
        matching = [p for p in pairs if (not src or p[0] == fuzzy.lang_key(src)) and (not tgt or p[1] == fuzzy.lang_key(tgt))]
        if len(matching) == 1:
            return matching[0]
        if not matching:
            raise ApiError(404, "no pairs in this memory for that language pair")
        raise ApiError(400, "this memory has several language pairs; give src and tgt: " + ", ".join(f"{s}-{t}" for s, t in matching))

    def lookup(self, q: str, src: str, tgt: str, min_score: float, limit: int, prev: str | None = None, next: str | None = None) -> list[fuzzy.Match]:
        self.refresh_index()
        return fuzzy.lookup(self.index, self.memory(), q, src, tgt, min_score=min_score, limit=limit, prev=prev, next=next)


# -- request bodies ------------------------------------------------------------------------------


class AlignRequest(BaseModel):
    source: str = Field(..., description="Source document text (Markdown, plain text, or one segment per line).")
    target: str = Field(..., description="Its translation.")
    src_lang: Optional[str] = Field(None, description="Source language (detected when not given).")
    tgt_lang: Optional[str] = Field(None, description="Target language (detected when not given).")
    source_name: str = Field("source.md", description="File name recorded as provenance.")
    target_name: str = Field("target.md", description="File name recorded as provenance.")
    presegmented: bool = Field(False, description="One segment per line.")
    store: bool = Field(False, description="Store the pairs in the memory (needs the token).")


class CheckSegment(BaseModel):
    id: Optional[str] = None
    source: str
    target: str


class CheckRequest(BaseModel):
    src_lang: str = "en"
    tgt_lang: str = "pl"
    segments: list[CheckSegment]
    checks: Optional[list[str]] = Field(None, description="Only these checks (default: all).")


class UnitBody(BaseModel):
    source: str
    target: str


# -- the application -----------------------------------------------------------------------------


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    max_query: int = DEFAULT_MAX_QUERY,
    build_index: bool = True,
    progress=None,
) -> FastAPI:
    """The FastAPI app serving the memory at ``db_path``.

    ``token`` enables writes (bearer token); None keeps the server read-only. The fuzzy index
    is built here unless ``build_index`` is False (then on the first lookup).
    """
    if not Path(db_path).exists() and token is None:
        raise InputError(str(db_path), "no such database (a read-only server needs an existing one)")
    service = Service(db_path, token, max_query=max_query)
    if build_index:
        service.index.refresh(service.memory(), progress=progress)

    app = FastAPI(
        title="tm",
        version=__version__,
        description="Translation memory and terminology service: fuzzy TM lookup, terms, concordance, checks, "
        "alignment, exports, and the amaGama/tmserver API. See docs/service.md.",
    )
    app.state.service = service
    app.add_middleware(LimitMiddleware, max_body=max_body)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return _error(exc.status, exc.message, exc.headers)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        return _error(400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if isinstance(exc, _BodyTooLarge):
            return _too_large(max_body)
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "request"
            problems.append(f"{where}: {e.get('msg')}")
        return _error(422, "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return _error(500, f"internal error: {type(exc).__name__}")

    # -- health and languages ----------------------------------------------------------------

    @app.get("/api/v1/health", summary="Liveness and index size")
    def health() -> dict:
        """Example: `curl localhost:8000/api/v1/health`"""
        return {
            "status": "ok",
            "version": __version__,
            "indexed_pairs": service.index.size,
            "language_pairs": [f"{s}-{t}" for s, t in service.languages()],
            "writable": service.token is not None,
        }

    # -- fuzzy lookup ----------------------------------------------------------------------------

    @app.get("/api/v1/lookup", summary="Fuzzy TM matches")
    def lookup(
        q: str = Query(..., description="The text to translate."),
        src: Optional[str] = Query(None, description="Source language (default: the memory's only one)."),
        tgt: Optional[str] = Query(None, description="Target language."),
        min_score: float = Query(fuzzy.DEFAULT_MIN_SCORE, ge=0, le=101),
        limit: int = Query(5, ge=1, le=50),
        prev: Optional[str] = Query(None, description="The previous source segment (for 101% context matches)."),
        next: Optional[str] = Query(None, description="The next source segment."),
    ) -> dict:
        """Matches best first, with score (101 exact in context, 100 exact, fuzzy below), the
        source, target, provenance, differences in numbers/tags/placeholders and a word diff.

        Example: `curl 'localhost:8000/api/v1/lookup?q=Delete%20the%20page&src=en&tgt=pl'`
        """
        service.check_text(q)
        s, t = service.resolve_pair(src, tgt)
        matches = service.lookup(q, s, t, min_score, limit, prev, next)
        return {"query": q, "src": s, "tgt": t, "matches": [m.as_dict() for m in matches]}

    # -- amaGama / tmserver ----------------------------------------------------------------------

    def amagama_unit(request: Request, slang: str, tlang: str, text: str) -> Response:
        if not text:  # ".../unit/?source=TEXT", as amaGama also accepts
            text = request.query_params.get("source", "")
            if not text:
                raise ApiError(404, "no text: give it in the path or as ?source=")
        s, t = fuzzy.lang_key(slang), fuzzy.lang_key(tlang)
        if s == t:
            raise ApiError(404, "source and target language are the same")
        service.resolve_pair(slang, tlang)  # 404 for a pair the memory does not have
        service.check_text(text, "text")
        args = request.query_params
        min_similarity = max(_int_arg(args.get("min_similarity"), int(fuzzy.DEFAULT_MIN_SCORE)), AMAGAMA_MIN_SIMILARITY)
        max_candidates = min(max(_int_arg(args.get("max_candidates"), 5), 1), AMAGAMA_MAX_CANDIDATES)
        matches = service.lookup(text, s, t, float(min(min_similarity, 100)), max_candidates)
        body = [
            {"source": m.source, "target": m.target, "quality": min(m.quality, 100.0), "rank": round(m.similarity, 2)}
            for m in matches
        ]
        return _json_or_jsonp(body, args.get("jsoncallback"))

    def amagama_languages(request: Request) -> Response:
        pairs = service.languages()
        body = {"sourceLanguages": sorted({s for s, _ in pairs}), "targetLanguages": sorted({t for _, t in pairs})}
        return _json_or_jsonp(body, request.query_params.get("jsoncallback"))

    def amagama_add(request: Request, slang: str, tlang: str, unit: UnitBody) -> dict:
        service.require_token(request)
        from tm.model import TranslationUnit

        s, t = fuzzy.lang_key(slang), fuzzy.lang_key(tlang)
        if s == t:
            raise ApiError(404, "source and target language are the same")
        added = service.memory().add_unit(TranslationUnit(unit.source, unit.target, s, t), "http:unit")
        service.refresh_index(wait=True)
        return {"added": added}

    for prefix in ("/tmserver", "/api/v1"):
        app.add_api_route(
            f"{prefix}/languages/",
            amagama_languages,
            methods=["GET"],
            summary="amaGama: languages",
            operation_id=f"amagama_languages_{prefix.strip('/').replace('/', '_')}",
        )
        app.add_api_route(
            prefix + "/{slang}/{tlang}/unit/{text:path}",
            amagama_unit,
            methods=["GET"],
            summary="amaGama: TM matches for a unit (text percent-encoded in the path, or ?source=)",
            response_model=None,
            operation_id=f"amagama_unit_{prefix.strip('/').replace('/', '_')}",
        )

        for method in ("PUT", "POST"):
            app.add_api_route(
                prefix + "/{slang}/{tlang}/unit/{uid:path}",
                amagama_add,
                methods=[method],
                summary="amaGama: add a unit {source, target} (needs the token)",
                operation_id=f"amagama_add_{prefix.strip('/').replace('/', '_')}_{method.lower()}",
            )

    # -- terms -----------------------------------------------------------------------------------

    @app.get("/api/v1/terms", summary="Term suggestions for a sentence")
    def terms(
        q: str = Query(..., description="A sentence; terms are found in any inflected form."),
        src: Optional[str] = Query(None),
        tgt: Optional[str] = Query(None),
        side: str = Query("source", pattern="^(source|target)$", description="Is q a source or a target sentence?"),
    ) -> dict:
        """Example: `curl 'localhost:8000/api/v1/terms?q=Our%20account%20executives%20call&src=en&tgt=pl'`"""
        service.check_text(q)
        s, t = service.resolve_pair(src, tgt)
        return {"query": q, "src": s, "tgt": t, "side": side, "terms": _suggest_terms(service.db_path, q, s, t, side)}

    # -- concordance -----------------------------------------------------------------------------

    @app.get("/api/v1/concordance", summary="Pairs containing a word or phrase, lemma-aware")
    def concordance(
        q: str = Query(..., description="A word or phrase; any inflected form matches."),
        lang: str = Query("en", description="Language of q; the sides in that language are searched."),
        side: str = Query("both", pattern="^(source|target|both)$"),
        limit: int = Query(20, ge=1, le=200),
    ) -> dict:
        """Example: `curl 'localhost:8000/api/v1/concordance?q=kierownik%20konta&lang=pl'`"""
        service.check_text(q)
        from tm.concordance import concordance as find

        service.refresh_words()  # a token server brings the word index up to date, in the background
        hits = find(service.memory(), q, lang, side=side, limit=limit)
        return {"query": q, "lang": fuzzy.lang_key(lang), "hits": hits}

    # -- checks ----------------------------------------------------------------------------------

    @app.post("/api/v1/check", summary="Findings for bilingual segments")
    def check(body: CheckRequest) -> dict:
        """Example: `curl -X POST localhost:8000/api/v1/check -H 'Content-Type: application/json'
        -d '{"src_lang":"en","tgt_lang":"pl","segments":[{"source":"Pay $5.","target":"Zapłać 6 USD."}]}'`"""
        from tm import check as checks

        if not body.segments:
            raise ApiError(400, "no segments")
        pairs = [checks.Pair(seg.id or f"segment#{i}", seg.source, seg.target) for i, seg in enumerate(body.segments, 1)]
        # The memory's stored term base (tm terms build / glossary import) drives the term
        # checks; without one they are skipped and the report says so.
        try:
            terms, notes = checks.load_terms(pairs, body.src_lang, body.tgt_lang, db=service.db_path, mode="stored")
        except InputError:
            terms, notes = None, []
        try:
            report = checks.check_pairs(pairs, body.src_lang, body.tgt_lang, terms=terms, checks=body.checks)
        except ValueError as e:
            raise ApiError(400, str(e))
        report.notes = notes + list(report.notes)
        return report.to_dict()

    # -- alignment -------------------------------------------------------------------------------

    @app.post("/api/v1/align", summary="Align two documents; optionally store the pairs")
    def align(request: Request, body: AlignRequest) -> dict:
        """Example: `curl -X POST localhost:8000/api/v1/align -H 'Content-Type: application/json'
        -d '{"source":"One. Two.","target":"Jeden. Dwa.","src_lang":"en","tgt_lang":"pl"}'`"""
        if body.store:
            service.require_token(request)
        from tm.pipeline import align_files

        with tempfile.TemporaryDirectory(prefix="tm-align-") as tmp:
            src_path = Path(tmp) / "source" / _safe_name(body.source_name, "source.md")
            tgt_path = Path(tmp) / "target" / _safe_name(body.target_name, "target.md")
            src_path.parent.mkdir()
            tgt_path.parent.mkdir()
            src_path.write_text(body.source, encoding="utf-8")
            tgt_path.write_text(body.target, encoding="utf-8")
            try:
                result = align_files(
                    src_path,
                    tgt_path,
                    db=service.db_path if body.store else None,
                    src_lang=body.src_lang,
                    tgt_lang=body.tgt_lang,
                    presegmented=body.presegmented,
                    source_name=body.source_name,
                    target_name=body.target_name,
                )
            except InputError as e:  # name the document as the client did, not the temp file
                raise ApiError(400, str(e).replace(str(src_path), body.source_name).replace(str(tgt_path), body.target_name))
        if body.store:
            service.refresh_index(wait=True)
        pairs = [p.to_dict() for p in result.pairs]
        return {
            "src_lang": result.src_lang,
            "tgt_lang": result.tgt_lang,
            "stored": bool(body.store),
            "unchanged": bool(result.stored and result.stored.unchanged),
            "pairs": pairs,
        }

    # -- import and export -----------------------------------------------------------------------

    @app.post("/api/v1/import", summary="Import a TMX, PO or XLIFF file (the body) into the memory")
    async def import_(
        request: Request,
        format: str = Query(..., pattern="^(tmx|po|xliff|xlf)$", description="Format of the body."),
        name: str = Query("upload", description="File name recorded as provenance."),
        src_lang: Optional[str] = Query(None),
        tgt_lang: Optional[str] = Query(None),
    ) -> dict:
        """Needs the token. Example: `curl -X POST -H 'Authorization: Bearer $TOKEN'
        --data-binary @memory.tmx 'localhost:8000/api/v1/import?format=tmx'`"""
        service.require_token(request)
        data = await request.body()
        if not data:
            raise ApiError(400, "empty body")
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_import_bytes, service, data, format, name, src_lang, tgt_lang)

    @app.get("/api/v1/export/{fmt}", summary="Export the memory (tmx, po) or the term base (tbx)")
    def export(fmt: str, src: Optional[str] = Query(None), tgt: Optional[str] = Query(None)):
        """Example: `curl -o memory.tmx localhost:8000/api/v1/export/tmx`"""
        if fmt not in EXPORT_FORMATS:
            raise ApiError(404, f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        fd, tmp = tempfile.mkstemp(prefix="tm-export-", suffix="." + fmt)
        os.close(fd)
        try:
            if fmt == "tbx":
                _export_termbase(service.db_path, tmp, src, tgt)
            else:
                from tm.exchange import export_memory

                export_memory(service.db_path, fmt, tmp, src_lang=src, tgt_lang=tgt)
        except BaseException:
            os.unlink(tmp)
            raise
        media = {"tmx": "application/x-tmx+xml", "po": "text/x-gettext-translation", "tbx": "application/x-tbx+xml"}[fmt]
        return FileResponse(tmp, media_type=media, filename=f"memory.{fmt}", background=BackgroundTask(os.unlink, tmp))

    return app


def run_app(app: FastAPI, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Run the app on uvicorn until interrupted (``tm serve``)."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level=log_level)


# -- helpers -------------------------------------------------------------------------------------


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _int_arg(value: str | None, default: int) -> int:
    """amaGama reads integer arguments leniently: anything unparsable means the default."""
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _json_or_jsonp(body: Any, callback: str | None) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    if callback:
        if not _CALLBACK.match(callback) or len(callback) > 100:
            raise ApiError(400, "jsoncallback must be a JavaScript identifier")
        return Response(f"{callback}({text})", media_type="application/javascript")
    return Response(text, media_type="application/json")


def _safe_name(name: str, default: str) -> str:
    base = Path(name.replace("\\", "/")).name
    return base if base and base not in (".", "..") and len(base) < 200 else default


def _import_bytes(service: Service, data: bytes, fmt: str, name: str, src_lang: str | None, tgt_lang: str | None) -> dict:
    from tm.exchange import import_file

    suffix = {"xlf": ".xlf", "xliff": ".xliff"}.get(fmt, "." + fmt)
    with tempfile.TemporaryDirectory(prefix="tm-import-") as tmp:
        path = Path(tmp) / (_safe_name(Path(name).stem, "upload") + suffix)
        path.write_bytes(data)
        try:
            result = import_file(service.db_path, path, src_lang=src_lang, tgt_lang=tgt_lang)
        except InputError as e:
            raise ApiError(400, str(e).replace(str(path), name))
    service.refresh_index(wait=True)
    return {
        "file": name,
        "format": result.format,
        "units": result.units,
        "added": result.added,
        "duplicates": result.duplicates,
        "skipped": result.skipped,
    }


def _suggest_terms(db_path: str, text: str, src: str, tgt: str, side: str) -> list[dict]:
    from tm.store import TermBase

    with TermBase(db_path, src, tgt, readonly=True) as tb:
        return [_plain(x) for x in tb.suggest(text, side=side)]


def _export_termbase(db_path: str, out: str, src: str | None, tgt: str | None) -> None:
    from tm.glossary import export_glossary
    from tm.store import TermBase

    with TermBase(db_path, src, tgt, readonly=True) as tb:
        export_glossary(tb, "tbx", out)


def _plain(value: Any) -> Any:
    """Dataclasses, sets and tuples as JSON-ready values."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


class LimitMiddleware:
    """Refuses oversized requests before the app reads them: a body over ``max_body`` bytes
    (413, whether announced by Content-Length or streamed) and a URL over MAX_URL bytes (414)."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        url_len = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_len > MAX_URL:
            return await _error(414, f"the URL is {url_len} bytes long; the limit is {MAX_URL}")(scope, receive, send)
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    return await _error(400, "bad Content-Length")(scope, receive, send)
                if announced > self.max_body:
                    return await _too_large(self.max_body)(scope, receive, send)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(self.max_body)(scope, receive, send)


class _BodyTooLarge(HTTPException):
    """Raised from receive(): an HTTPException, so FastAPI's body parsing passes it on as is."""

    def __init__(self) -> None:
        super().__init__(413, "the request body is larger than the limit")


def _too_large(limit: int) -> JSONResponse:
    return _error(413, f"the request body is larger than the limit of {limit} bytes")
