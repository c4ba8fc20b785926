"""tm stats, tm index and tm lookup: reading the memory."""

from __future__ import annotations

import sqlite3
import time
from typing import Optional

import typer

from tm.cli.app import TableFormat, app, db_option, default_db, fail, format_option, lang_option, progress_bar
from tm.cli.langs import memory_pair
from tm.cli.output import add_row, print_json, show, table
from tm.cli.paths import existing_db
from tm.errors import InputError
from tm.model import location


@app.command()
def stats(
    db: Optional[str] = db_option(),
    output_format: TableFormat = format_option(TableFormat, TableFormat.table, "json: the figures as one object."),
) -> None:
    """Counts of documents, segments, pairs, languages and sources in the memory.

    \b
    Example: tm stats --db tm.db --format json
    """
    from tm.store import Memory  # heavy: imported when run, so --help and completion stay fast
    path = db or default_db()
    try:
        existing_db(path)
        with Memory(path, readonly=True) as memory:
            figures = memory.stats()
    except InputError as e:
        fail(e)
    if output_format is TableFormat.json:
        print_json(figures)
        return
    t = table([("what", {"ratio": 3}), ("count", {"justify": "right", "no_wrap": True})])
    for key in ("documents", "segments", "alignments", "pairs", "low_confidence_pairs"):
        add_row(t, (key.replace("_", " "), figures[key]))
    for lp in figures["language_pairs"]:
        add_row(t, (f"pairs {lp['source']}→{lp['target']}", lp["pairs"]))
    for origin in figures["origins"]:
        add_row(t, (f"{origin['origin']}: {origin['file']}", origin["pairs"]))
    show(f"tm memory {path}", t)
    if figures.get("imports"):
        show("imported files", imports_table(figures["imports"]))


def imports_table(imports: list[dict]):
    numbers = ("units", "added", "duplicates", "skipped", "pairs now")
    t = table([("file", {"ratio": 3, "min_width": 16}), "format", "imported"]
              + [(c, {"justify": "right"}) for c in numbers])
    for imp in imports:
        add_row(t, (imp["file"], imp["format"], imp["imported"] or "", imp["units"], imp["added"],
                    imp["duplicates"], sum(imp["skipped"].values()), imp["pairs"]))
    return t


@app.command("index")
def index(db: Optional[str] = db_option()) -> None:
    """Bring the concordance word index up to date: index the pairs added since the last time.

    Imports and alignments do not index for concordance (it would slow them); until this
    runs (or a server started with --token does it), concordance scans the new pairs.

    \b
    Example: tm index --db tm.db
    """
    from tm.store import Memory  # heavy: imported when run, so --help and completion stay fast
    path = db or default_db()
    started = time.perf_counter()
    try:
        existing_db(path)
        with Memory(path) as memory:
            n = memory.update_concordance_index()
    except InputError as e:
        fail(e)
    except sqlite3.OperationalError as e:  # locked by a long writer beyond the busy timeout, or read-only
        fail(InputError(path, f"cannot update the index: {e}"))
    typer.echo(f"{path}: {n} pairs indexed for concordance in {time.perf_counter() - started:.2f} s")


@app.command()
def lookup(
    text: str = typer.Argument(..., metavar="TEXT", help="The text to find translations for."),
    db: Optional[str] = db_option(),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (default: the memory's, when it holds one pair)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language (default: the memory's)."),
    min_score: float = typer.Option(75.0, "--min-score", metavar="SCORE", min=0, max=101, help="Lowest score shown (0-101)."),
    limit: int = typer.Option(5, "--limit", metavar="N", min=1, help="Most matches shown."),
    output_format: TableFormat = format_option(TableFormat, TableFormat.table, "json: the /api/v1/lookup match objects."),
) -> None:
    """Fuzzy TM matches for a text: 101 exact in context, 100 exact, fuzzy below.

    The languages are the memory's when it holds one pair; with several, give --src-lang and
    --tgt-lang (the error lists the pairs it holds).

    \b
    Example: tm lookup "The account executive manages clients." --db tm.db
    """
    from tm.fuzzy import lookup_db  # heavy: imported when run, so --help and completion stay fast
    path = db or default_db()
    try:
        existing_db(path)
        src, tgt = memory_pair(path, src_lang, tgt_lang)
        with progress_bar("indexing") as bar:
            task = bar.add_task("index", total=None)
            matches = lookup_db(path, text, src, tgt, min_score=min_score, limit=limit,
                                progress=lambda n: bar.update(task, completed=n))
    except InputError as e:
        fail(e)
    if output_format is TableFormat.json:
        print_json([m.as_dict() for m in matches])
        return
    if not matches:
        typer.echo(f"no {src}→{tgt} match scoring {min_score:g} or more")
        return
    t = table([("score", {"justify": "right", "no_wrap": True}), ("source", {"ratio": 2}), ("target", {"ratio": 2}),
                     ("differences", {"ratio": 1}), ("from", {"ratio": 1})])
    for m in matches:
        diffs = "; ".join(f"{d.kind}: {' '.join(d.query) or '-'} → {' '.join(d.match) or '-'}" for d in m.differences)
        add_row(t, (f"{m.quality:g}", m.source, m.target, diffs, provenance(m.provenance)))
    show(None, t)


def provenance(p: dict) -> str:
    """Where a pair came from: the file as stored (the path, so two en.md differ) and the line
    ("docs/en.md:14"); for a pair stored without a line, the place its context names (the
    segment for aligned pairs, the unit id for imported ones)."""
    file = p.get("origin_file") or ""
    if file and p.get("line"):
        return location(file, p["line"]) or file
    context = p.get("context") or ""
    place = context.rpartition("#")[2] if "#" in context else context
    return f"{file}#{place}" if file and place else file or context


@app.command("copy")
def copy_command(
    source: str = typer.Argument(..., metavar="SOURCE", help="The memory to copy: an SQLite file or a postgresql:// URL."),
    destination: str = typer.Argument(..., metavar="DESTINATION",
                                      help="An empty memory (a new file, an empty PostgreSQL database)."),
    output_format: TableFormat = format_option(TableFormat, TableFormat.table,
                                               "json: {source, destination, rows: {table: n}}."),
) -> None:
    """Copy a whole memory between SQLite and PostgreSQL, without loss (pairs, documents, imports, term base).

    \b
    Example: tm copy tm.db postgresql://tm@localhost/tm
    """
    from tm.store.copy import copy_memory  # heavy: imported when run, so --help and completion stay fast
    try:
        existing_db(source)
        report = copy_memory(source, destination)
    except InputError as e:
        fail(e)
    if output_format == TableFormat.json:
        print_json({"source": report.source, "destination": report.destination, "rows": report.rows})
        return
    typer.echo(f"{report.source} → {report.destination}: " + ", ".join(f"{n} {t}" for t, n in report.rows.items()))
