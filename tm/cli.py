"""The ``tm`` command: a thin typer layer over the library.

Each command parses options, calls one library function and prints. Errors in the input
come out as one line, ``tm: error: FILE:PLACE: message``, with exit status 2.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tm import __version__
from tm.errors import InputError

app = typer.Typer(
    help="tm: align translations into a translation memory, build term bases, check consistency.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console()
err_console = Console(stderr=True)

DB_HELP = "SQLite database file (default: $TM_DB or tm.db)."


def default_db() -> str:
    return os.environ.get("TM_DB", "tm.db")


class AlignFormat(str, Enum):
    table = "table"
    json = "json"
    beads = "beads"


class ExportFormat(str, Enum):
    tmx = "tmx"
    po = "po"
    tbx = "tbx"  # the term base as glossaries (tm.glossary)
    tsv = "tsv"
    csv = "csv"


def fail(error: Exception) -> None:
    typer.echo(f"tm: error: {error}", err=True)
    raise typer.Exit(2)


def progress_bar(description: str):
    """A rich progress bar on stderr, silent when stderr is not a terminal."""
    return Progress(
        TextColumn(description),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not sys.stderr.isatty(),
    )


@app.callback(invoke_without_command=True)
def main(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        console.print(f"tm {__version__}")
        raise typer.Exit()


@app.command()
def align(
    source: Path = typer.Argument(..., help="Source document (Markdown, plain text, or one segment per line)."),
    target: Path = typer.Argument(..., help="Its translation."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP + " Not written with --format beads unless given."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language (detected when not given)."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language (detected when not given)."),
    presegmented: bool = typer.Option(False, "--presegmented", help="One segment per line (hunalign/vecalign input)."),
    output_format: AlignFormat = typer.Option(AlignFormat.table, "--format", help="table, json, or beads ([0, 1]:[0]:0.87 per line)."),
) -> None:
    """Align a document with its translation and store the pairs in the memory.

    Example: tm align corpora/account-executive/en.md corpora/account-executive/pl.md --db tm.db
    """
    from tm.align import align_files

    if output_format is not AlignFormat.beads and db is None:
        db = default_db()
    try:
        with progress_bar("aligning") as bar:
            task = bar.add_task("align", total=None)
            result = align_files(
                source,
                target,
                db=db,
                src_lang=src_lang,
                tgt_lang=tgt_lang,
                presegmented=presegmented,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except InputError as e:
        fail(e)
    if output_format is AlignFormat.beads:
        from tm.align.evaluate import format_bead

        for p in result.pairs:
            print(format_bead(p.source, p.target, p.confidence))
        return
    summary = alignment_summary(result)
    if output_format is AlignFormat.json:
        summary["pairs"] = [p.to_dict() for p in result.pairs]
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{source.name} ({result.src_lang}) → {target.name} ({result.tgt_lang})", show_lines=False)
    table.add_column("bead", no_wrap=True)
    table.add_column("conf", justify="right")
    table.add_column("source")
    table.add_column("target")
    for p in result.pairs:
        style = "yellow" if p.low_confidence or not (p.source and p.target) else None
        table.add_row(
            f"{list(p.source)}:{list(p.target)}", f"{p.confidence:.2f}", p.source_text, p.target_text, style=style
        )
    if len(result.pairs) <= 200:
        console.print(table)
    state = "unchanged (aligned before)" if result.stored and result.stored.unchanged else "stored"
    typer.echo(
        f"{summary['pairs_stored']} pairs {state} in {db}; "
        f"{summary['low_confidence']} low-confidence; "
        f"{summary['unaligned_source']} source and {summary['unaligned_target']} target segments unaligned."
    )


def alignment_summary(result) -> dict:
    aligned = [p for p in result.pairs if p.source and p.target]
    return {
        "source": str(result.source.path),
        "target": str(result.target.path),
        "src_lang": result.src_lang,
        "tgt_lang": result.tgt_lang,
        "source_segments": len(result.source_segments),
        "target_segments": len(result.target_segments),
        "pairs_stored": len(aligned),
        "low_confidence": sum(1 for p in aligned if p.low_confidence),
        "unaligned_source": sum(len(p.source) for p in result.pairs if not p.target),
        "unaligned_target": sum(len(p.target) for p in result.pairs if not p.source),
        "unchanged": bool(result.stored and result.stored.unchanged),
    }


@app.command()
def export(
    fmt: ExportFormat = typer.Argument(..., metavar="FORMAT", help="tmx or po (the pairs); tbx, tsv or csv (the term base)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Only pairs with this source language."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Only pairs with this target language."),
) -> None:
    """Export the memory as TMX 1.4b or PO, or its term base as TBX v3, OmegaT TSV or CSV.

    Example: tm export tmx --db tm.db -o memory.tmx; tm export tbx --db tm.db -o terms.tbx
    """
    from tm.exchange import export_memory

    try:
        n = export_memory(db or default_db(), fmt.value, output, src_lang=src_lang, tgt_lang=tgt_lang)
    except InputError as e:
        fail(e)
    typer.echo(f"wrote {n} units to {output}")


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="TMX, XLIFF (1.2, 2.x), PO/POT/MO files; tab-separated text with --as-documents."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language where the file does not say (for TMX: which <tuv> is the source)."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language where the file does not say; units in other target languages are skipped."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Import every valid file and list the refused ones (exit status 2 if any was refused)."),
    as_documents: bool = typer.Option(False, "--as-documents", help="Read the files as plain bilingual text: source<TAB>target[<TAB>note] per line."),
    no_language_check: bool = typer.Option(False, "--no-language-check", help="Do not refuse a file whose text reads as another language than its tags say."),
    output_format: str = typer.Option("text", "--format", help="text or json (see docs/import.md for the schema)."),
) -> None:
    """Import translation units; each file is one transaction (all or nothing).

    The format is told by the content, then the extension. The same pair imported twice
    is stored once and counted as a duplicate.

    Example: tm import memoq-export.tmx project.xlf messages.po --db tm.db --keep-going
    """
    from tm.exchange import ImportResult, import_files

    as_json = output_format == "json"

    def report(outcome) -> None:
        if isinstance(outcome, ImportResult):
            if not as_json:
                typer.echo(import_summary(outcome))
        else:
            typer.echo(f"tm: error: {outcome}", err=True)

    with progress_bar("importing") as bar:
        task = bar.add_task("import", total=None)
        batch = import_files(
            db or default_db(),
            files,
            keep_going=keep_going,
            on_result=report,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            as_documents=as_documents,
            check_languages=not no_language_check,
            progress=lambda n: bar.update(task, completed=n),
        )
    if as_json:
        print(json.dumps(
            {
                "imported": [r.as_dict() for r in batch.imported],
                "refused": [{"file": e.path, "place": e.place, "message": e.message} for e in batch.refused],
                "not_attempted": batch.not_attempted,
            },
            ensure_ascii=False,
            indent=2,
        ))
    if batch.refused:
        if keep_going or len(files) > 1:
            typer.echo(
                f"tm: refused {len(batch.refused)} of {len(files)} files: " + ", ".join(str(e.path) for e in batch.refused)
                + (f"; not attempted: {', '.join(batch.not_attempted)}" if batch.not_attempted else ""),
                err=True,
            )
        raise typer.Exit(2)


def import_summary(result) -> str:
    skipped = sum(result.skipped.values())
    why = ", ".join(f"{k} {v}" for k, v in sorted(result.skipped.items()))
    return (
        f"{result.path}: {result.added} units added, {result.duplicates} duplicates, {skipped} skipped"
        + (f" ({why})" if why else "")
        + f" [{result.format}, {result.units} units read in {result.seconds:.1f} s]"
    )


@app.command()
def stats(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    output_format: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Counts of documents, segments, pairs, languages and sources in the memory.

    Example: tm stats --db tm.db --format json
    """
    from tm.store import Memory

    path = db or default_db()
    if not Path(path).exists():
        fail(InputError(path, "no such database"))
    try:
        with Memory(path, readonly=True) as memory:
            figures = memory.stats()
    except InputError as e:
        fail(e)
    if output_format == "json":
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"tm memory {path}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("documents", "segments", "alignments", "pairs", "low_confidence_pairs"):
        table.add_row(key.replace("_", " "), str(figures[key]))
    for lp in figures["language_pairs"]:
        table.add_row(f"pairs {lp['source']}→{lp['target']}", str(lp["pairs"]))
    for origin in figures["origins"]:
        table.add_row(f"{origin['origin']}: {origin['file']}", str(origin["pairs"]))
    console.print(table)
    if figures.get("imports"):
        imports = Table(title="imported files")
        for column in ("file", "format", "imported", "units", "added", "duplicates", "skipped", "pairs now"):
            imports.add_column(column, justify="right" if column in ("units", "added", "duplicates", "skipped", "pairs now") else "left")
        for imp in figures["imports"]:
            imports.add_row(
                imp["file"], imp["format"], imp["imported"] or "", str(imp["units"]), str(imp["added"]),
                str(imp["duplicates"]), str(sum(imp["skipped"].values())), str(imp["pairs"]),
            )
        console.print(imports)


@app.command("index")
def index(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Bring the concordance word index up to date: index the pairs added since the last time.

    Imports and alignments do not index for concordance (it would slow them); until this
    runs (or a server started with --token does it), concordance scans the new pairs.

    Example: tm index --db tm.db
    """
    import sqlite3
    import time

    from tm.store import Memory

    path = db or default_db()
    if not Path(path).exists():
        fail(InputError(path, "no such database"))
    started = time.perf_counter()
    try:
        with Memory(path) as memory:
            n = memory.update_concordance_index()
    except InputError as e:
        fail(e)
    except sqlite3.OperationalError as e:  # locked by a long writer beyond the busy timeout
        fail(InputError(path, f"cannot update the index: {e}"))
    typer.echo(f"{path}: {n} pairs indexed for concordance in {time.perf_counter() - started:.2f} s")


@app.command()
def lookup(
    text: str = typer.Argument(..., help="The text to find translations for."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    src_lang: str = typer.Option("en", "--src-lang", help="Source language."),
    tgt_lang: str = typer.Option("pl", "--tgt-lang", help="Target language."),
    min_score: float = typer.Option(75.0, "--min-score", help="Lowest score shown (0-101)."),
    limit: int = typer.Option(5, "--limit", help="Most matches shown."),
    output_format: str = typer.Option("table", "--format", help="table or json (the /api/v1/lookup match objects)."),
) -> None:
    """Fuzzy TM matches for a text: 101 exact in context, 100 exact, fuzzy below.

    Example: tm lookup "The account executive manages clients." --db tm.db
    """
    from tm.fuzzy import lookup_db

    try:
        with progress_bar("indexing") as bar:
            task = bar.add_task("index", total=None)
            matches = lookup_db(
                db or default_db(), text, src_lang, tgt_lang, min_score=min_score, limit=limit,
                progress=lambda n: bar.update(task, completed=n),
            )
    except InputError as e:
        fail(e)
    if output_format == "json":
        print(json.dumps([m.as_dict() for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        typer.echo(f"no match scoring {min_score:g} or more")
        return
    table = Table(show_lines=False)
    for column in ("score", "source", "target", "differences"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for m in matches:
        diffs = "; ".join(f"{d.kind}: {' '.join(d.query) or '-'} → {' '.join(d.match) or '-'}" for d in m.differences)
        table.add_row(f"{m.quality:g}", m.source, m.target, diffs)
    console.print(table)


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (localhost by default)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    token: Optional[str] = typer.Option(
        None, "--token", envvar="TM_TOKEN", help="Bearer token that allows writes ($TM_TOKEN); without it the server is read-only."
    ),
    max_body: int = typer.Option(10 * 1024 * 1024, "--max-body", help="Largest request body in bytes."),
) -> None:
    """Serve the memory over HTTP: lookup, terms, concordance, check, align, export, amaGama API.

    Example: TM_TOKEN=secret tm serve --db tm.db --port 8000   (then open http://127.0.0.1:8000/docs)
    """
    from tm.service import create_app, run_app

    try:
        with progress_bar("indexing") as bar:
            task = bar.add_task("index", total=None)
            app_ = create_app(db or default_db(), token, max_body=max_body, progress=lambda n: bar.update(task, completed=n))
    except InputError as e:
        fail(e)
    run_app(app_, host=host, port=port)


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@app.command()
def check(
    source: Optional[Path] = typer.Argument(None, help="Source document; with TARGET: align the two and check them (nothing is stored)."),
    target: Optional[Path] = typer.Argument(None, help="Its translation."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP + " Checked when SOURCE and TARGET are not given."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary (TSV, CSV, TBX) whose statuses the term checks enforce; suppressions.tsv and keep-untranslated.txt are looked for next to it."),
    output_format: CheckFormat = typer.Option(CheckFormat.table, "--format", help="table, json (schema: docs/check.md), csv, or html (one self-contained file)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report to this file instead of stdout."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit status 1 when an open finding is this severe or worse (error, warning, info), or never."),
    suppressions: Optional[Path] = typer.Option(None, "--suppressions", help="Reviewers' decisions (default: suppressions.tsv next to the glossary)."),
    keep: Optional[Path] = typer.Option(None, "--keep-untranslated", help="Words that stay untranslated, one per line (default: keep-untranslated.txt next to the glossary)."),
    termbase: str = typer.Option("auto", "--termbase", help="Renderings from: auto, stored (tm terms build), build (from the checked pairs, in memory), off (glossary only)."),
    only: Optional[list[str]] = typer.Option(None, "--check", help="Run only this check (repeatable); see docs/check.md for the ids."),
    accept: Optional[list[str]] = typer.Option(None, "--accept", help="Record finding ID as accepted (right, kept on purpose); repeatable."),
    suppress: Optional[list[str]] = typer.Option(None, "--suppress", help="Record finding ID as suppressed (a false alarm); repeatable."),
    reason: str = typer.Option("", "--reason", help="Why, stored with --accept/--suppress."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language (detected or taken from the memory when not given)."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Processes for the per-pair checks (default: $TM_CHECK_WORKERS, else one per core, at most 4)."),
) -> None:
    """Check translations for consistency: terms (inflection-aware), untranslated text, numbers, links, markup.

    Exit status: 0 clean, 1 findings at --fail-on severity, 2 bad input.

    Example: tm check --db tm.db --glossary glossaries/en-pl.tsv --format html -o report.html

    Example: tm check en.md pl.md --glossary glossaries/en-pl.tsv --fail-on warning --suppress 3f2a9c01b7de
    """
    from tm.check import CHECKS, TERMBASE_MODES, default_workers, review, run_check
    from tm.check.report import print_table, render

    if termbase not in TERMBASE_MODES:
        fail(InputError("--termbase", f"unknown mode {termbase!r}; use one of {', '.join(TERMBASE_MODES)}"))
    unknown = [c for c in only or () if c not in CHECKS]
    if unknown:
        fail(InputError("--check", f"unknown check {', '.join(unknown)}; known: {', '.join(CHECKS)}"))
    if source is None and target is None and db is None:
        db = default_db()
    try:
        with progress_bar("checking") as bar:
            task = bar.add_task("check", total=None)
            report, decisions = run_check(
                source=source,
                target=target,
                db=db,
                glossary=glossary,
                suppressions=suppressions,
                keep=keep,
                src_lang=src_lang,
                tgt_lang=tgt_lang,
                checks=only or None,
                termbase=termbase,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                workers=workers or default_workers(),
            )
        if accept or suppress:
            if decisions is None:
                raise InputError("--accept/--suppress", "decisions are kept next to the glossary: give --glossary or --suppressions")
            recorded = review(report, decisions, accept=accept or (), suppress=suppress or (), reason=reason)
            typer.echo(f"recorded {len(recorded)} decision(s) in {decisions.path}", err=True)
    except InputError as e:
        fail(e)
    if output is None and output_format is CheckFormat.table:
        print_table(report, console)
    elif output is None:
        sys.stdout.write(render(report, output_format.value))
    else:
        output.write_text(render(report, output_format.value), encoding="utf-8")
        typer.echo(f"wrote {len(report.findings)} findings to {output}", err=True)
    raise typer.Exit(1 if report.fails(fail_on.value) else 0)


# ----- terms: the term base (tm.store.termbase) ------------------------------------------------------

terms_app = typer.Typer(help="The bilingual term base: build it from the memory, list it, look terms up.",
                        no_args_is_help=True, rich_markup_mode=None)
app.add_typer(terms_app, name="terms")


KEEP_HELP = "Words that stay untranslated, one per line: an untranslated copy is preferred only for these."


def _keep_phrases(path: Optional[Path]) -> list[str]:
    """The keep-untranslated list's phrases (none without a file)."""
    if path is None:
        return []
    from tm.check.keep import load_keep_list

    try:
        return [" ".join(p) for p in load_keep_list(path).phrases]
    except InputError as e:
        fail(e)


def _term_base(db: Optional[str], src_lang: Optional[str], tgt_lang: Optional[str], must_exist: bool = True,
               readonly: bool = False):
    """The term base of the memory; ``readonly`` for the commands that only read it."""
    from tm.store import TermBase

    path = db or default_db()
    if must_exist and not Path(path).exists():
        fail(InputError(path, "no such database"))
    try:
        return TermBase(path, src_lang, tgt_lang, readonly=readonly)
    except InputError as e:
        fail(e)


@terms_app.command("build")
def terms_build(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary (TBX, TSV, CSV) imported first and used as a strong prior."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language (default: the memory's main pair)."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language."),
    output_format: str = typer.Option("text", "--format", help="text or json (the build report)."),
) -> None:
    """Extract terms from the aligned pairs and pair them with their renderings.

    Rebuilding is idempotent; entries imported or edited by a person are never overwritten.
    Example: tm terms build --db tm.db --glossary glossaries/en-pl.tsv
    """
    from tm.glossary import import_glossary

    with _term_base(db, src_lang, tgt_lang) as tb:
        try:
            with progress_bar("building terms") as bar:
                task = bar.add_task("terms", total=None)
                if glossary is not None:
                    import_glossary(tb, glossary)
                report = tb.build(progress=lambda done, total: bar.update(task, completed=done, total=total))
        except InputError as e:
            fail(e)
    if output_format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    fallback = ", ".join(f"{n} words by {k}" for k, n in report.fallback_words.items()) or "none"
    typer.echo(
        f"{report.entries} entries ({report.person} from a person, {report.extracted} extracted; "
        f"{report.added} new, {report.removed} gone) with {report.renderings} renderings "
        f"from {report.pairs} {report.src_lang}→{report.tgt_lang} pairs in {report.seconds:.1f} s"
    )
    typer.echo(f"fallback lemmas: {fallback}; sentencepiece: {report.sentencepiece}; "
               f"{report.fallback_entries} entries grouped differently by sentencepiece")


@terms_app.command("list")
def terms_list(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    output_format: str = typer.Option("table", "--format", help="table or json (schema: docs/terms.md)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the N most confident entries."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language."),
    keep: Optional[Path] = typer.Option(None, "--keep-untranslated", help=KEEP_HELP),
) -> None:
    """List the term base, best first (termhood × frequency × pairing confidence).

    Example: tm terms list --db tm.db --format json --limit 20
    """
    from tm.terms import preferred_rendering

    kept = _keep_phrases(keep)
    with _term_base(db, src_lang, tgt_lang, readonly=True) as tb:
        entries = tb.entries(limit=limit)
    if output_format == "json":
        print(json.dumps([e.to_dict(keep=kept) for e in entries], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"term base {db or default_db()}")
    for col in ("source", "target", "renderings", "conf", "origin"):
        table.add_column(col, justify="right" if col == "conf" else "left")
    for e in entries:
        shown = "; ".join(f"{r.text} ({r.count}{', ' + r.status if r.status else ''})" for r in e.renderings)
        pref = preferred_rendering(e, kept)
        table.add_row(escape(e.source), escape(pref.text if pref else ""), escape(shown), f"{e.confidence:.2f}", e.origin)
    console.print(table)


@terms_app.command("suggest")
def terms_suggest(
    text: str = typer.Argument(..., help="A sentence to look terms up in."),
    side: str = typer.Option("source", "--side", help="source (find source terms) or target (which source term a rendering belongs to)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    output_format: str = typer.Option("table", "--format", help="table or json (schema: docs/terms.md)."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language."),
    keep: Optional[Path] = typer.Option(None, "--keep-untranslated", help=KEEP_HELP),
) -> None:
    """Find every known term in TEXT, in any inflected form, with what to write for it.

    Example: tm terms suggest "Our account executives earn a base salary." --db tm.db
    Example: tm terms suggest "Zapytaj kierownikom kont." --side target --format json
    """
    if side not in ("source", "target"):
        fail(InputError(None, f"--side must be source or target, not {side!r}"))
    with _term_base(db, src_lang, tgt_lang, readonly=True) as tb:
        found = tb.suggest(text, side=side, keep=_keep_phrases(keep))
    if output_format == "json":
        print(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no known terms")
        return
    table = Table()
    for col in ("found", "term", "preferred", "admitted", "forbidden", "example"):
        table.add_column(col)
    for s in found:
        example = s.examples[0]["target"] if s.examples else ""
        term = s.source if side == "source" else f"{s.source} ({s.matched}: {s.matched_status or 'no status'})"
        table.add_row(s.surface, term, s.preferred or "", "; ".join(s.admitted), "; ".join(s.forbidden), example)
    console.print(table)


if __name__ == "__main__":
    app()
