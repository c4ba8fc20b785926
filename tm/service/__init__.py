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

Modules: app (the factory), state (Service: the database, token and fuzzy index behind the
endpoints), middleware (size limits), errors (ApiError and the JSON error handlers),
responses (JSON/JSONP helpers), routes/* (one module per resource).
"""

from tm.service.app import create_app, run_app
from tm.service.state import Service

__all__ = ["Service", "create_app", "run_app"]
