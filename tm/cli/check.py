"""tm check: consistency checks on a document pair or on the memory."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from tm.cli.app import app, console, db_option, default_db, fail, format_option, lang_option, progress_bar
from tm.cli.paths import existing_db, output_file
from tm.errors import InputError


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
    source: Optional[Path] = typer.Argument(None, metavar="[SOURCE]", help="Source document; with TARGET: align the two and check them (nothing is stored)."),
    target: Optional[Path] = typer.Argument(None, metavar="[TARGET]", help="Its translation."),
    db: Optional[str] = db_option("Checked when SOURCE and TARGET are not given."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", metavar="FILE", help="Glossary (TSV, CSV, TBX) whose statuses the term checks enforce; suppressions.tsv and keep-untranslated.txt are looked for next to it."),
    output_format: CheckFormat = format_option(CheckFormat, CheckFormat.table, "json: schema in docs/check.md; html: one self-contained file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="FILE", help="Write the report to this file instead of stdout."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", metavar="SEVERITY", help="Exit status 1 when an open finding is this severe or worse (error, warning, info), or never."),
    suppressions: Optional[Path] = typer.Option(None, "--suppressions", metavar="FILE", help="Reviewers' decisions (default: suppressions.tsv next to the glossary)."),
    keep: Optional[Path] = typer.Option(None, "--keep-untranslated", metavar="FILE", help="Words that stay untranslated, one per line (default: keep-untranslated.txt next to the glossary)."),
    termbase: str = typer.Option("auto", "--termbase", metavar="MODE", help="Renderings from: auto, stored (tm terms build), build (from the checked pairs, in memory), off (glossary only)."),
    only: Optional[list[str]] = typer.Option(None, "--check", metavar="CHECK", help="Run only this check (repeatable); see docs/check.md for the ids."),
    accept: Optional[list[str]] = typer.Option(None, "--accept", metavar="ID", help="Record finding ID as accepted (right, kept on purpose); repeatable."),
    suppress: Optional[list[str]] = typer.Option(None, "--suppress", metavar="ID", help="Record finding ID as suppressed (a false alarm); repeatable."),
    reason: str = typer.Option("", "--reason", metavar="TEXT", help="Why, stored with --accept/--suppress."),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (detected or taken from the memory when not given)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", min=1, help="Processes for the per-pair checks (default: $TM_CHECK_WORKERS, else one per core, at most 4)."),
) -> None:
    """Check translations for consistency: terms (inflection-aware), untranslated text, numbers, links, markup.

    Exit status: 0 clean, 1 findings at --fail-on severity, 2 bad input.

    \b
    Example: tm check --glossary en-pl.tsv --format html -o report.html

    \b
    Example: tm check en.md pl.md --glossary en-pl.tsv --fail-on warning

    \b
    Example: tm check --glossary en-pl.tsv --suppress 3f2a9c01b7de --reason ok
    """
    from tm.check import default_workers, review, run_check  # heavy: imported when run, so --help and completion stay fast
    db = _checked_places(source, target, db, output, termbase, only)
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
    _write(report, output_format, output)
    raise typer.Exit(1 if report.fails(fail_on.value) else 0)


def _checked_places(source, target, db, output, termbase, only) -> str | None:
    """The database to check (None: the document pair), after refusing bad options and places."""
    from tm.check import CHECKS, TERMBASE_MODES  # heavy: imported when run, so --help and completion stay fast
    if termbase not in TERMBASE_MODES:
        fail(InputError("--termbase", f"unknown mode {termbase!r}; use one of {', '.join(TERMBASE_MODES)}"))
    unknown = [c for c in only or () if c not in CHECKS]
    if unknown:
        fail(InputError("--check", f"unknown check {', '.join(unknown)}; known: {', '.join(CHECKS)}"))
    if (source is None) != (target is None):
        fail(InputError(None, "give both SOURCE and TARGET, or neither (to check the memory)"))
    if source is None and db is None:
        db = default_db()
    try:
        if source is None:
            existing_db(db)
        if output is not None:
            output_file(output)
    except InputError as e:
        fail(e)
    return db


def _write(report, output_format: CheckFormat, output: Path | None) -> None:
    from tm.check.report import print_table, render  # heavy: imported when run, so --help and completion stay fast
    if output is None and output_format is CheckFormat.table:
        print_table(report, console())
    elif output is None:
        sys.stdout.write(render(report, output_format.value))
    else:
        try:
            output.write_text(render(report, output_format.value), encoding="utf-8")
        except OSError as e:
            fail(InputError(str(output), f"cannot write: {e.strerror or e}"))
        typer.echo(f"wrote {len(report.findings)} findings to {output}", err=True)


