"""tm serve: the memory over HTTP."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Optional

import typer

from tm.cli.app import app, db_option, default_db, fail, progress_bar
from tm.cli.paths import existing_db, writable_db
from tm.errors import InputError
from tm.store.engine import is_url


def check_port(host: str, port: int) -> None:
    """InputError unless ``host:port`` can be bound now: the port in 1-65535, the address this
    machine's, and nobody listening there. (uvicorn would say so only as a traceback or a log.)"""
    where = f"{host}:{port}"
    if not 1 <= port <= 65535:
        raise InputError("--port", f"{port} is not a TCP port; use 1-65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise InputError("--host", f"cannot resolve {host!r}: {e}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as e:
            reason = "already in use" if e.errno == errno.EADDRINUSE else (e.strerror or str(e))
            raise InputError(where, f"cannot listen here: {reason}") from None


@app.command()
def serve(
    db: Optional[str] = db_option(),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to bind (localhost by default)."),
    port: int = typer.Option(8000, "--port", metavar="PORT", help="TCP port, 1-65535."),
    token: Optional[str] = typer.Option(
        None, "--token", envvar="TM_TOKEN", metavar="TOKEN",
        help="Bearer token that allows writes ($TM_TOKEN); without it the server is read-only.",
    ),
    max_body: int = typer.Option(10 * 1024 * 1024, "--max-body", metavar="BYTES", min=1, help="Largest request body in bytes."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", metavar="FILE",
                                            help="Glossary the workbench's review checks with, as tm check --glossary; "
                                            "decisions go to suppressions.tsv next to it."),
    suppressions: Optional[Path] = typer.Option(None, "--suppressions", metavar="FILE",
                                                help="Reviewers' decisions file (default: suppressions.tsv next to the glossary)."),
    workers: int = typer.Option(1, "--workers", metavar="N", min=1,
                                help="Server processes (more than 1 needs a postgresql:// --db: SQLite is one process)."),
) -> None:
    """Serve the memory over HTTP: the workbench at /, and lookup, terms, concordance, check,
    align, export and the amaGama API under /api (docs/web.md, docs/service.md).

    Then open http://127.0.0.1:8000/ in a browser.

    \b
    Example: TM_TOKEN=secret tm serve --db tm.db --glossary glossaries/en-pl.tsv
    Example: tm serve --db postgresql://tm@localhost/tm --workers 4
    """
    from tm.service import create_app, run_app  # heavy: imported when run, so --help and completion stay fast
    path = db or default_db()
    try:
        if token is None:
            existing_db(path)  # a read-only server needs a memory to serve
        else:
            writable_db(path)
        check_port(host, port)
        if workers > 1:
            if not is_url(path):
                raise InputError(path, "--workers needs a PostgreSQL memory (postgresql://...): SQLite is one process")
            from tm.service.workers import run_workers  # heavy: imported when run

            run_workers(path, token, host=host, port=port, workers=workers, max_body=max_body,
                        glossary=glossary, suppressions=suppressions)
            return
        with progress_bar("indexing") as bar:
            task = bar.add_task("index", total=None)
            app_ = create_app(path, token, max_body=max_body, progress=lambda n: bar.update(task, completed=n),
                              glossary=glossary, suppressions=suppressions)
    except InputError as e:
        fail(e)
    run_app(app_, host=host, port=port)
