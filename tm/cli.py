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
    from tm.pipeline import align_files

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
        from tm.evaluate import format_bead

        for p in result.pairs:
            print(format_bead(p.source, p.target, p.confidence))
        return
    summary = alignment_summary(result)
    if output_format is AlignFormat.json:
        summary["pairs"] = [
            {
                "source": list(p.source),
                "target": list(p.target),
                "source_text": p.source_text,
                "target_text": p.target_text,
                "confidence": p.confidence,
                "low_confidence": p.low_confidence,
            }
            for p in result.pairs
        ]
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
    fmt: ExportFormat = typer.Argument(..., metavar="FORMAT", help="tmx or po."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Only pairs with this source language."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Only pairs with this target language."),
) -> None:
    """Export the memory as TMX 1.4b or PO.

    Example: tm export tmx --db tm.db -o memory.tmx
    """
    from tm.exchange import export_memory

    try:
        n = export_memory(db or default_db(), fmt.value, output, src_lang=src_lang, tgt_lang=tgt_lang)
    except InputError as e:
        fail(e)
    typer.echo(f"wrote {n} units to {output}")


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="TMX or PO files."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language where the file does not say."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language where the file does not say."),
) -> None:
    """Import translation units from TMX or PO files, each file in one transaction.

    Example: tm import memory.tmx --db tm.db
    """
    from tm.exchange import import_file

    for path in files:
        try:
            added, duplicates = import_file(db or default_db(), path, src_lang=src_lang, tgt_lang=tgt_lang)
        except InputError as e:
            fail(e)
        typer.echo(f"{path}: {added} units added, {duplicates} duplicates")


@app.command()
def stats(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    output_format: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Counts of documents, segments, pairs, languages and sources in the memory.

    Example: tm stats --db tm.db --format json
    """
    from tm.memory import Memory

    path = db or default_db()
    if not Path(path).exists():
        fail(InputError(path, "no such database"))
    with Memory(path) as memory:
        figures = memory.stats()
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


if __name__ == "__main__":
    app()
