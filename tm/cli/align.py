"""tm align: a document and its translation into the memory."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from tm.cli.app import app, db_option, default_db, fail, format_option, lang_option, progress_bar
from tm.cli.langs import check_direction
from tm.cli.output import add_row, print_json, show, table
from tm.cli.paths import writable_db
from tm.errors import InputError
from tm.model import location

TABLE_LIMIT = 200  # longer alignments print the summary only (use --format json for them all)


class AlignFormat(str, Enum):
    table = "table"
    json = "json"
    beads = "beads"


@app.command()
def align(
    source: Path = typer.Argument(..., metavar="SOURCE", help="Source document (Markdown, plain text, or one segment per line)."),
    target: Path = typer.Argument(..., metavar="TARGET", help="Its translation."),
    db: Optional[str] = db_option("Not written with --format beads unless given."),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (detected when not given)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language (detected when not given)."),
    presegmented: bool = typer.Option(False, "--presegmented", help="One segment per line (hunalign/vecalign input)."),
    no_language_check: bool = typer.Option(
        False, "--no-language-check", help="Store the pair even when the documents read as the reverse of the languages given or held."
    ),
    output_format: AlignFormat = format_option(AlignFormat, AlignFormat.table, "beads prints [0, 1]:[0]:0.87 per line."),
) -> None:
    """Align a document with its translation and store the pairs in the memory.

    The documents' languages are detected. A pair that reads as the reverse of --src-lang and
    --tgt-lang, or (without them) of the language pair the memory holds, is refused: swapped
    files would store pairs the wrong way round.

    \b
    Example: tm align en.md pl.md --db tm.db

    \b
    Example: tm align en.txt pl.txt --presegmented --format beads
    """
    from tm.align import align_files  # heavy: imported when run, so --help and completion stay fast
    from tm.align.evaluate import format_bead
    if output_format is not AlignFormat.beads and db is None:
        db = default_db()
    try:
        if db is not None:
            writable_db(db)
        if not no_language_check:
            src_lang, tgt_lang = _checked_languages(source, target, db, src_lang, tgt_lang, presegmented)
        with progress_bar("aligning") as bar:
            task = bar.add_task("align", total=None)
            result = align_files(
                source, target, db=db, src_lang=src_lang, tgt_lang=tgt_lang, presegmented=presegmented,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except InputError as e:
        fail(e)
    if output_format is AlignFormat.beads:
        for p in result.pairs:
            typer.echo(format_bead(p.source, p.target, p.confidence))
        return
    summary = alignment_summary(result)
    if output_format is AlignFormat.json:
        summary["pairs"] = [p.to_dict() for p in result.pairs]
        print_json(summary)
        return
    if len(result.pairs) <= TABLE_LIMIT:
        show(f"{source} ({result.src_lang}) → {target} ({result.tgt_lang})", alignment_table(result))
    state = "unchanged (aligned before)" if summary["unchanged"] else "stored"
    typer.echo(
        f"{summary['pairs_stored']} pairs {state} in {db} ({summary['low_confidence']} low-confidence); "
        f"unaligned: {summary['unaligned_source']} source, {summary['unaligned_target']} target segments."
    )


def _checked_languages(source: Path, target: Path, db: str | None, src_lang: str | None, tgt_lang: str | None,
                       presegmented: bool) -> tuple[str | None, str | None]:
    """The languages to align in (detected where not given), after refusing a swapped pair."""
    from tm.read.documents import read_document  # heavy: imported when run, so --help and completion stay fast
    fmt = "presegmented" if presegmented else None
    docs = (read_document(source, fmt), read_document(target, fmt))
    from tm.align.pipeline import document_language  # heavy: imported when run, so --help and completion stay fast
    detected = tuple(_detect(doc) for doc in docs)
    given = bool(src_lang and tgt_lang)
    s_lang = document_language(docs[0], src_lang) if src_lang else detected[0]
    t_lang = document_language(docs[1], tgt_lang) if tgt_lang else detected[1]
    if s_lang and t_lang and s_lang != t_lang:
        check_direction(db, s_lang, t_lang, given, str(source), str(target), detected)
    return s_lang or src_lang, t_lang or tgt_lang


def _detect(doc) -> str | None:
    from tm.align.pipeline import document_language  # heavy: imported when run, so --help and completion stay fast
    try:
        return document_language(doc, None)
    except InputError:  # too little text to tell: align_files says so when it matters
        return None


def alignment_table(result):
    """One row per bead: where its two sides start (path:line, one above the other),
    confidence, the texts (folded)."""
    t = table(
        [("where", {"max_width": 24}), ("conf", {"justify": "right", "no_wrap": True}),
         ("source", {"ratio": 1}), ("target", {"ratio": 1})],
    )
    for p in result.pairs:
        style = "yellow" if p.low_confidence or not (p.source and p.target) else None
        where = f"{_where(result.source, result.source_segments, p.source)}\n{_where(result.target, result.target_segments, p.target)}"
        add_row(t, (where, f"{p.confidence:.2f}", p.source_text, p.target_text), style=style)
    return t


def _where(doc, segments, positions) -> str:
    """path:line of the first segment of one side of a bead; "-" for an empty side."""
    if not positions:
        return "-"
    segment = segments[positions[0]]
    return location(doc.path, segment.line) or f"{doc.path}#{segment.index}"


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
