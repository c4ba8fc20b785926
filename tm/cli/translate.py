"""tm translate: pre-translation of a document from the memory (tm.pretranslate)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tm.cli.app import TableFormat, app, db_option, default_db, fail, format_option, lang_option
from tm.cli.output import add_row, print_json, show, table
from tm.cli.paths import existing_db, output_file
from tm.errors import InputError


@app.command()
def translate(
    file: Path = typer.Argument(..., metavar="FILE", help="PO, XLIFF 1.2/2.x, Markdown (.md) or plain text (.txt) to fill."),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="File to write (never the input)."),
    db: Optional[str] = db_option(),
    threshold: float = typer.Option(75.0, "--threshold", metavar="SCORE", min=0, max=100,
                                    help="Lowest fuzzy score filled (marked fuzzy / needs review)."),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (default: the memory's only pair)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language."),
    no_terms: bool = typer.Option(False, "--no-terms", help="Do not add term suggestions as notes."),
    copy_source: bool = typer.Option(False, "--copy-source",
                                     help="XLIFF 1.2: copy the source into the targets left empty (state new), as OmegaT expects."),
    output_format: TableFormat = format_option(TableFormat, TableFormat.table,
                                                  "The leverage summary; json schema in docs/translate.md."),
) -> None:
    """Pre-translate FILE from the memory and print the leverage: segments and words by match band.

    Exact and 101% (same context) matches are filled as translated; fuzzy matches at or above
    --threshold are filled and marked fuzzy / needs review with their score.

    \b
    Example: tm translate messages.po --db tm.db -o messages.pl.po --format json
    """
    from tm.pretranslate import pretranslate  # heavy: imported when run, so --help and completion stay fast

    path = db or default_db()
    try:
        existing_db(path)
        output_file(output)
        result = pretranslate(file, output, path, src_lang=src_lang, tgt_lang=tgt_lang,
                              threshold=threshold, terms=not no_terms, copy_source=copy_source)
    except InputError as e:
        fail(e)
    summary = result.as_dict()
    if output_format == TableFormat.json:
        print_json(summary)
        return
    t = table(["match", ("segments", {"justify": "right"}), ("words", {"justify": "right"}), ("% words", {"justify": "right"})])
    for row in summary["bands"]:
        add_row(t, [row["band"], row["segments"], row["words"], f"{row['percent_words']:.1f}"])
    add_row(t, ["total", summary["total"]["segments"], summary["total"]["words"], ""])
    show(f"{file.name} ({result.src_lang}→{result.tgt_lang}): leverage", t)
    f = result.filled
    typer.echo(f"wrote {output}: {f['translated']} translated, {f['fuzzy']} fuzzy (≥ {threshold:g}), {f['untouched']} left")
