"""tm import and tm export: translation units and glossaries in and out of the memory."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from tm.cli.app import TextFormat, app, db_option, default_db, fail, format_option, lang_option, progress_bar, say_error
from tm.cli.output import print_json
from tm.cli.paths import existing_db, output_file, writable_db
from tm.errors import InputError


class ExportFormat(str, Enum):
    tmx = "tmx"
    po = "po"
    xliff = "xliff"
    tbx = "tbx"  # the term base as glossaries (tm.glossary)
    tsv = "tsv"
    csv = "csv"


class XliffVersion(str, Enum):
    v1_2 = "1.2"
    v2_0 = "2.0"


class TbxDialect(str, Enum):
    v3 = "v3"
    martif = "martif"


class TsvStatuses(str, Enum):
    mark = "mark"
    omit = "omit"


@app.command()
def export(
    fmt: ExportFormat = typer.Argument(..., metavar="FORMAT", help="tmx, po or xliff (the pairs); tbx, tsv or csv (the term base)."),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="File to write (replaced whole, or not at all)."),
    db: Optional[str] = db_option(),
    src_lang: Optional[str] = lang_option("--src-lang", "Only pairs with this source language."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Only pairs with this target language."),
    xliff_version: XliffVersion = typer.Option(XliffVersion.v1_2, "--xliff-version", metavar="VERSION",
                                               help="XLIFF version written: 1.2 or 2.0."),
    tbx_dialect: TbxDialect = typer.Option(TbxDialect.v3, "--tbx-dialect", metavar="DIALECT",
                                           help="v3: TBX v3 TBX-Basic; martif: TBX v2 as translate-toolkit and Weblate read it."),
    tsv_statuses: TsvStatuses = typer.Option(TsvStatuses.mark, "--tsv-statuses", metavar="HOW",
                                             help="Deprecated and forbidden renderings in OmegaT TSV: mark (in the comment "
                                             "column) or omit."),
) -> None:
    """Export the memory as TMX 1.4b, PO or XLIFF, or its term base as TBX, OmegaT TSV or CSV.

    \b
    Example: tm export tmx --db tm.db -o memory.tmx

    \b
    Example: tm export xliff --xliff-version 2.0 --db tm.db -o memory.xlf

    \b
    Example: tm export tbx --tbx-dialect martif --db tm.db -o weblate.tbx

    \b
    Example: tm export tbx --db tm.db -o terms.tbx
    """
    from tm.exchange import export_memory  # heavy: imported when run, so --help and completion stay fast
    from tm.formats.registry import variant

    path = db or default_db()
    choice = {"xliff": xliff_version.value, "tbx": tbx_dialect.value, "tsv": tsv_statuses.value}.get(fmt.value)
    try:
        existing_db(path)
        output_file(output)
        n = export_memory(path, variant(fmt.value, choice), output, src_lang=src_lang, tgt_lang=tgt_lang)
    except InputError as e:
        fail(e)
    except OSError as e:  # the disk filled, the directory went away meanwhile
        fail(InputError(str(output), f"cannot write: {e.strerror or e}"))
    typer.echo(f"wrote {n} units to {output}")


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...",
        help="TMX, XLIFF (1.2, 2.x), PO/POT/MO files; glossaries (TBX, TSV/.tab/.txt/.utf8, CSV) into the term base; "
        "tab-separated text with --as-documents.",
    ),
    db: Optional[str] = db_option(),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language where the file does not say (for TMX: which <tuv> is the source)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language where the file does not say; units in other target languages are skipped."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Import every valid file and list the refused ones (exit status 2 if any was refused)."),
    as_documents: bool = typer.Option(False, "--as-documents", help="Read the files as plain bilingual text: source<TAB>target[<TAB>note] per line."),
    no_language_check: bool = typer.Option(False, "--no-language-check", help="Do not refuse a file whose text reads as another language than its tags say."),
    output_format: TextFormat = format_option(TextFormat, TextFormat.text, "json: see docs/import.md for the schema."),
) -> None:
    """Import translation units; each file is one transaction (all or nothing).

    The format is told by the content, then the extension. The same pair imported twice
    is stored once and counted as a duplicate. Glossaries (.tbx, .tsv, .tab, .txt, .utf8,
    .csv) go to the term base, as with tm terms build --glossary.

    \b
    Example: tm import memoq.tmx project.xlf messages.po --keep-going

    \b
    Example: tm import glossary.utf8 --db tm.db --src-lang en --tgt-lang pl
    """
    from tm.exchange import ImportResult, import_files  # heavy: imported when run, so --help and completion stay fast
    as_json = output_format is TextFormat.json
    path = db or default_db()
    try:
        writable_db(path)
    except InputError as e:
        fail(e)

    def report(outcome) -> None:
        if isinstance(outcome, ImportResult):
            if not as_json:
                typer.echo(import_summary(outcome))
        else:
            say_error(str(outcome))

    with progress_bar("importing") as bar:
        task = bar.add_task("import", total=None)
        batch = import_files(
            path, files, keep_going=keep_going, on_result=report, src_lang=src_lang, tgt_lang=tgt_lang,
            as_documents=as_documents, check_languages=not no_language_check,
            progress=lambda n: bar.update(task, completed=n),
        )
    if as_json:
        print_json({
            "imported": [r.as_dict() for r in batch.imported],
            "refused": [{"file": e.path, "place": e.place, "message": e.message} for e in batch.refused],
            "not_attempted": batch.not_attempted,
        })
    if batch.refused:
        if keep_going or len(files) > 1:
            typer.echo(
                f"tm: refused {len(batch.refused)} of {len(files)} files: " + ", ".join(str(e.path) for e in batch.refused)
                + (f"; not attempted: {', '.join(batch.not_attempted)}" if batch.not_attempted else ""),
                err=True,
            )
        raise typer.Exit(2)


def import_summary(result) -> str:
    from tm.formats.registry import GLOSSARY, by_name  # heavy: imported when run, so --help and completion stay fast
    if by_name(result.format) is not None and by_name(result.format).kind == GLOSSARY:
        return (f"{result.path}: glossary into the term base: {result.added} entries added, {result.duplicates} updated "
                f"[{result.format}, {result.units} entries read in {result.seconds:.1f} s]")
    skipped = sum(result.skipped.values())
    why = ", ".join(f"{k} {v}" for k, v in sorted(result.skipped.items()))
    return (
        f"{result.path}: {result.added} units added, {result.duplicates} duplicates, {skipped} skipped"
        + (f" ({why})" if why else "")
        + f" [{result.format}, {result.units} units read in {result.seconds:.1f} s]"
    )
