"""tm terms: the bilingual term base (tm.store.termbase)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from tm.cli.app import TableFormat, TextFormat, app, db_option, default_db, fail, format_option, lang_option, progress_bar, subgroup
from tm.cli.output import add_row, print_json, show, table
from tm.cli.paths import existing_db
from tm.errors import InputError

terms_app = subgroup(
    "The bilingual term base: build it from the memory, list it, look terms up.\n\n"
    "\b\nExample: tm terms build --db tm.db --glossary glossaries/en-pl.tsv"
)
app.add_typer(terms_app, name="terms")


class Side(str, Enum):
    source = "source"
    target = "target"


KEEP_HELP = "Words that stay untranslated, one per line: an untranslated copy is preferred only for these."


def _keep_phrases(path: Optional[Path]) -> list[str]:
    """The keep-untranslated list's phrases (none without a file)."""
    if path is None:
        return []
    from tm.check.keep import load_keep_list  # heavy: imported when run, so --help and completion stay fast

    try:
        return [" ".join(p) for p in load_keep_list(path).phrases]
    except InputError as e:
        fail(e)


def _term_base(db: Optional[str], src_lang: Optional[str], tgt_lang: Optional[str], must_exist: bool = True,
               readonly: bool = False):
    """The term base of the memory; ``readonly`` for the commands that only read it."""
    from tm.store import TermBase  # heavy: imported when run, so --help and completion stay fast
    path = db or default_db()
    try:
        if must_exist:
            existing_db(path)
        return TermBase(path, src_lang, tgt_lang, readonly=readonly)
    except InputError as e:
        fail(e)


@terms_app.command("build")
def terms_build(
    db: Optional[str] = db_option(),
    glossary: Optional[Path] = typer.Option(None, "--glossary", metavar="FILE", help="Glossary (TBX, TSV, CSV) imported first and used as a strong prior."),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (default: the memory's main pair)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language."),
    output_format: TextFormat = format_option(TextFormat, TextFormat.text, "json: the build report."),
) -> None:
    """Extract terms from the aligned pairs and pair them with their renderings.

    Rebuilding is idempotent; entries imported or edited by a person are never overwritten.

    \b
    Example: tm terms build --db tm.db --glossary glossaries/en-pl.tsv
    """
    from tm.glossary import import_glossary  # heavy: imported when run, so --help and completion stay fast
    with _term_base(db, src_lang, tgt_lang) as tb:
        try:
            with progress_bar("building terms") as bar:
                task = bar.add_task("terms", total=None)
                if glossary is not None:
                    import_glossary(tb, glossary)
                report = tb.build(progress=lambda done, total: bar.update(task, completed=done, total=total))
        except InputError as e:
            fail(e)
    if output_format is TextFormat.json:
        print_json(report.to_dict())
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
    db: Optional[str] = db_option(),
    output_format: TableFormat = format_option(TableFormat, TableFormat.table, "json: schema in docs/terms.md."),
    limit: Optional[int] = typer.Option(None, "--limit", metavar="N", min=1, help="Only the N most confident entries."),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (default: the memory's main pair)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language."),
    keep: Optional[Path] = typer.Option(None, "--keep-untranslated", metavar="FILE", help=KEEP_HELP),
) -> None:
    """List the term base, best first (termhood × frequency × pairing confidence).

    \b
    Example: tm terms list --db tm.db --format json --limit 20
    """
    from tm.terms import preferred_rendering  # heavy: imported when run, so --help and completion stay fast

    kept = _keep_phrases(keep)
    with _term_base(db, src_lang, tgt_lang, readonly=True) as tb:
        entries = tb.entries(limit=limit)
    if output_format is TableFormat.json:
        print_json([e.to_dict(keep=kept) for e in entries])
        return
    heading = f"term base {db or default_db()} ({tb.src_lang}→{tb.tgt_lang})"
    t = table([("source", {"ratio": 2}), ("target", {"ratio": 2}), ("renderings", {"ratio": 3}),
               ("conf", {"justify": "right", "no_wrap": True}), ("origin", {"max_width": 9})])
    for e in entries:
        shown = "; ".join(f"{r.text} ({r.count}{', ' + r.status if r.status else ''})" for r in e.renderings)
        pref = preferred_rendering(e, kept)
        add_row(t, (e.source, pref.text if pref else "", shown, f"{e.confidence:.2f}", e.origin))
    show(heading, t)


@terms_app.command("suggest")
def terms_suggest(
    text: str = typer.Argument(..., metavar="TEXT", help="A sentence to look terms up in."),
    side: Side = typer.Option(Side.source, "--side", metavar="SIDE", help="source (find source terms) or target (which source term a rendering belongs to)."),
    db: Optional[str] = db_option(),
    output_format: TableFormat = format_option(TableFormat, TableFormat.table, "json: schema in docs/terms.md."),
    src_lang: Optional[str] = lang_option("--src-lang", "Source language (default: the memory's main pair)."),
    tgt_lang: Optional[str] = lang_option("--tgt-lang", "Target language."),
    keep: Optional[Path] = typer.Option(None, "--keep-untranslated", metavar="FILE", help=KEEP_HELP),
) -> None:
    """Find every known term in TEXT, in any inflected form, with what to write for it.

    \b
    Example: tm terms suggest "Our account executives earn a base salary."

    \b
    Example: tm terms suggest "Zapytaj kierownikom kont." --side target
    """
    with _term_base(db, src_lang, tgt_lang, readonly=True) as tb:
        found = tb.suggest(text, side=side.value, keep=_keep_phrases(keep))
    if output_format is TableFormat.json:
        print_json([s.to_dict() for s in found])
        return
    if not found:
        typer.echo("no known terms")
        return
    t = table([("found", {"ratio": 2}), ("preferred", {"ratio": 2, "min_width": 14}), ("admitted", {"ratio": 2}),
               ("forbidden", {"ratio": 2})])
    examples = []
    for s in found:
        term = s.source if side is Side.source else f"{s.source} ({s.matched}: {s.matched_status or 'no status'})"
        shown = s.surface if s.surface.lower() == term.lower() else f"{s.surface} ({term})"
        add_row(t, (shown, s.preferred or "", "; ".join(s.admitted), "; ".join(s.forbidden)))
        if s.examples:
            ex = s.examples[0]
            where = f" ({ex['location']})" if ex.get("location") else ""
            examples.append(f"{s.source}: {ex['source']} → {ex['target']}{where}")
    show(None, t)
    for line in examples:  # below the table: a sentence does not fit a column at 80 characters
        typer.echo(f"example, {line}")


