"""``tm serve --workers N``: uvicorn starts N processes, each building its app from the
environment ``tm serve`` set (uvicorn needs an import string, not an app object, to fork).

Only for PostgreSQL memories: every worker reads the same database, whose fuzzy and word
indexes live in it, so a write one worker commits is seen by the others at their next query.
"""

from __future__ import annotations

import os

import uvicorn

from tm.service.app import create_app

ENV_DB = "TM_SERVE_DB"
ENV_MAX_BODY = "TM_SERVE_MAX_BODY"
ENV_GLOSSARY = "TM_SERVE_GLOSSARY"
ENV_SUPPRESSIONS = "TM_SERVE_SUPPRESSIONS"


def app_from_env():
    """The app of one worker (uvicorn's factory)."""
    return create_app(os.environ[ENV_DB], os.environ.get("TM_TOKEN") or None, max_body=int(os.environ[ENV_MAX_BODY]),
                      glossary=os.environ.get(ENV_GLOSSARY) or None, suppressions=os.environ.get(ENV_SUPPRESSIONS) or None)


def run_workers(db: str, token: str | None, *, host: str, port: int, workers: int, max_body: int,
                glossary: str | os.PathLike[str] | None = None, suppressions: str | os.PathLike[str] | None = None) -> None:
    os.environ[ENV_DB] = db
    os.environ[ENV_MAX_BODY] = str(max_body)
    for name, value in ((ENV_GLOSSARY, glossary), (ENV_SUPPRESSIONS, suppressions)):
        if value is not None:
            os.environ[name] = os.fspath(value)
    if token:
        os.environ["TM_TOKEN"] = token
    uvicorn.run("tm.service.workers:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="info")
