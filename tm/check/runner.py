"""Running the checks: over given pairs (``check_pairs``), or, for the CLI and the service,
over two documents aligned on the fly, a memory's pairs or pairs the caller made
(``run_check``)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Sequence

from tm.check import pool
from tm.check.keep import KeepList, default_keep_path, load_keep_list
from tm.check.model import SEVERITY_RANK, Finding, Pair, Report, TermGroup
from tm.check.registry import CHECKS, DOCUMENT_CHECKS, PAIRS_CHECKS, TERM_CHECK_RUNS, TERM_CHECKS
from tm.check.suppressions import Suppressions, default_suppressions_path
from tm.check.termindex import TermIndex
from tm.check.termsources import attach_links, build_index, load_glossary_entries, merge_glossary, stored_entries
from tm.errors import InputError
from tm.model import location
from tm.store import Memory, database_exists

# The CLI's --termbase modes. run_check also takes "if-stored": the memory's term base when it
# has one, else no term checks (the HTTP service).
TERMBASE_MODES = ("auto", "stored", "build", "off")
_RUN_MODES = TERMBASE_MODES + ("if-stored",)


# -- where the pairs come from -----------------------------------------------------------------


def pairs_from_alignment(result) -> list[Pair]:
    """The aligned (non-null) beads of a ``tm.align.AlignmentResult``; ids name the source
    file and the source segment positions ("en.md#15-16")."""
    name = Path(str(result.source.path)).name
    out = []
    for p in result.pairs:
        if p.source and p.target:
            pos = str(p.source[0]) if len(p.source) == 1 else f"{p.source[0]}-{p.source[-1]}"
            out.append(Pair(f"{name}#{pos}", p.source_text, p.target_text))
    return out


def pairs_from_memory(db: str | Path, src_lang: str | None = None, tgt_lang: str | None = None) -> tuple[list[Pair], str, str]:
    """Pairs of one language pair in the memory; ids are the pairs' locations, the stored
    path and the line ("docs/en.md:14"), else (stored before lines were, or imported from a
    format without them) their contexts ("en.md#12"), else their position; a repeated id gets
    "~2", "~3", … (two sentences can start on one line). Finding ids do not depend on them
    (tm.check.model.finding_id hashes the texts). Several language pairs need
    ``src_lang``/``tgt_lang`` to choose.
    The memory is opened read-only: checking never writes, and another program's database
    is refused (InputError) rather than given tm's tables."""
    if not database_exists(db):
        raise InputError(str(db), "no such database")
    try:
        with Memory(db, readonly=True) as memory:
            langs = memory.language_pairs()
            wanted = [
                (s, t) for s, t, _n in langs if (src_lang is None or s == src_lang) and (tgt_lang is None or t == tgt_lang)
            ]
            if not wanted:
                raise InputError(str(db), "no pairs to check" + (f" for {src_lang or '*'}→{tgt_lang or '*'}" if src_lang or tgt_lang else ""))
            if len(wanted) > 1:
                raise InputError(
                    str(db),
                    "the memory holds several language pairs ("
                    + ", ".join(f"{s}→{t}" for s, t in wanted)
                    + "); choose one with --src-lang and --tgt-lang",
                )
            s_lang, t_lang = wanted[0]
            units = list(memory.units(s_lang, t_lang))
    except sqlite3.DatabaseError as e:
        raise InputError(str(db), f"not a tm database: {e}") from None
    pairs, seen = [], Counter()
    for n, u in enumerate(units, 1):
        base = location(u.props.get("x-origin"), u.line) or u.context or f"#{n}"
        seen[base] += 1
        pid = base if seen[base] == 1 else f"{base}~{seen[base]}"
        pairs.append(Pair(pid, u.source, u.target))
    return pairs, s_lang, t_lang


# -- where term renderings come from -----------------------------------------------------------


def load_terms(
    pairs: Sequence[Pair],
    src_lang: str,
    tgt_lang: str,
    *,
    db: str | Path | None = None,
    glossary: str | Path | None = None,
    mode: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    glossary_entries: Sequence | None = None,
) -> tuple[TermIndex | None, list[str]]:
    """The TermIndex for ``run_check`` (see there for ``mode``), and notes for the report."""
    if glossary_entries is not None:
        gloss = list(glossary_entries)
    else:
        gloss = load_glossary_entries(glossary, src_lang, tgt_lang) if glossary is not None else []
    if mode == "off":
        if not gloss:
            return None, ["no glossary and --termbase off: term checks skipped"]
        return TermIndex(gloss, src_lang, tgt_lang), [f"term renderings from the glossary only ({len(gloss)} entries)"]
    if mode == "if-stored":
        try:
            index, notes = load_terms(pairs, src_lang, tgt_lang, db=db, mode="stored", glossary_entries=gloss) if db is not None else (None, [])
        except InputError:
            return None, []
        return index, notes
    if mode in ("auto", "stored") and db is not None:
        stored, stemmer = stored_entries(db, src_lang, tgt_lang)
        if stored:
            entries = merge_glossary(stored, gloss)
            index = TermIndex(entries, src_lang, tgt_lang, stemmer)
            attach_links(index, pairs, gloss)
            return index, [f"term renderings from the stored term base ({len(stored)} entries)"]
        if mode == "stored":
            raise InputError(str(db), "this memory has no term base; run tm terms build, or use --termbase build")
    index = build_index(pairs, src_lang, tgt_lang, gloss, progress)
    return index, [f"term base built in memory from the {len(pairs)} checked pairs ({len(index)} entries)"]


# -- running the checks ------------------------------------------------------------------------


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per id: identical pairs with the same problem become one finding listing
    every segment."""
    merged: dict[str, Finding] = {}
    for f in findings:
        if f.id in merged:
            known = merged[f.id]
            known.segment_ids.extend(s for s in f.segment_ids if s not in known.segment_ids)
        else:
            merged[f.id] = f
    return list(merged.values())


def sort_findings(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    check_order = {c: i for i, c in enumerate(CHECKS)}
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_RANK[f.severity],
            check_order.get(f.check, 99),
            f.term or "",
            min((order.get(s, 1 << 30) for s in f.segment_ids), default=1 << 30),
            f.id,
        ),
    )


def check_pairs(
    pairs: Sequence[Pair],
    src_lang: str,
    tgt_lang: str,
    *,
    terms: TermIndex | None = None,
    keep: KeepList | None = None,
    suppressions: Suppressions | None = None,
    checks: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    documents: tuple | None = None,
) -> Report:
    """Run every enabled check over ``pairs`` and apply the reviewers' decisions.

    ``terms`` (see ``load_terms``) enables the term checks; without it they are skipped and
    the report says so. ``workers``: processes for the per-pair checks (see
    ``tm.check.pool``; the library default is one). ``documents``: the (source, target)
    ``tm.model.Document`` the pairs were aligned from, for the checks that read documents.
    """
    enabled = frozenset(checks) if checks is not None else frozenset(CHECKS)
    unknown = enabled - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown checks: {', '.join(sorted(unknown))}")
    keep = keep or KeepList()
    findings: list[Finding] = []
    notes: list[str] = []
    use_terms = terms is not None and bool(enabled & set(TERM_CHECKS))
    with pool.paused_if_large(len(pairs)):
        findings += pool.check_each(pairs, src_lang, tgt_lang, keep, enabled, terms if use_terms else None, workers, progress)
        for c in PAIRS_CHECKS:
            if enabled & {info.id for info in c.infos}:
                findings += [f for f in c.run(pairs) if f.check in enabled]
        for c in DOCUMENT_CHECKS if documents is not None else ():
            if enabled & {info.id for info in c.infos}:
                findings += [f for f in c.run(documents[0], documents[1], pairs) if f.check in enabled]
        groups: list[TermGroup] = []
        if enabled & set(TERM_CHECKS):
            if terms is None:
                notes.append("no glossary or term base: term checks skipped")
            else:
                for c in TERM_CHECK_RUNS:
                    term_found, term_groups = c.run(terms)
                    findings += [f for f in term_found if f.check in enabled]
                    groups += term_groups
    findings = merge_duplicates(findings)
    order = {p.id: i for i, p in enumerate(pairs)}
    report = Report(src_lang, tgt_lang, len(pairs), [], groups, notes=notes)
    if suppressions is not None:
        open_, dismissed, stale = suppressions.apply(findings)
        report.dismissed = dismissed
        report.stale = stale
    else:
        open_ = findings
    report.findings = sort_findings(open_, order)
    return report


# -- one call for the CLI and the service ------------------------------------------------------


def run_check(
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
    db: str | Path | None = None,
    pairs: Sequence[Pair] | None = None,
    glossary: str | Path | None = None,
    suppressions: str | Path | None = None,
    keep: str | Path | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    checks: Iterable[str] | None = None,
    termbase: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> tuple[Report, Suppressions | None]:
    """Check two documents (aligned on the fly, nothing stored), a memory's pairs, or ``pairs``
    the caller made (then ``src_lang`` and ``tgt_lang`` are required, and ``db`` only names
    the memory whose term base to use).

    ``termbase`` chooses where term renderings come from: "stored" (the memory's term base,
    built by ``tm terms build``), "build" (a fresh one built from the checked pairs in a
    temporary database; the memory is never written), "off" (the glossary alone), "auto"
    (stored when the memory has one, else build) or "if-stored" (stored when the memory has
    one, else no term checks). The glossary's statuses always apply.
    Returns the report and the reviewers' decisions it was filtered with.
    """
    if termbase not in _RUN_MODES:
        raise ValueError(f"termbase must be one of {', '.join(_RUN_MODES)}")
    # Reading a memory or aligning two documents makes many objects too: pause the collector
    # for the whole run then; pairs from the caller pause it only when there are many.
    with pool.collector_paused() if pairs is None else pool.paused_if_large(len(pairs)):
        pairs, s_lang, t_lang, sources, documents = _pairs_to_check(source, target, db, pairs, src_lang, tgt_lang, termbase)
        if glossary is not None:
            sources["glossary"] = str(glossary)
        gloss = load_glossary_entries(glossary, s_lang, t_lang) if glossary is not None else []
        keep_path = Path(keep) if keep is not None else default_keep_path(glossary)
        keep_list = _keep_list(keep_path, gloss)
        if keep_path is not None:
            sources["keep_untranslated"] = str(keep_path)
        supp_path = Path(suppressions) if suppressions is not None else default_suppressions_path(glossary)
        decisions = Suppressions.load(supp_path) if supp_path is not None else None
        if supp_path is not None:
            sources["suppressions"] = str(supp_path)
        terms, notes = load_terms(pairs, s_lang, t_lang, db=db, glossary=glossary, mode=termbase, glossary_entries=gloss)
        report = check_pairs(
            pairs, s_lang, t_lang, terms=terms, keep=keep_list, suppressions=decisions, checks=checks,
            progress=progress, workers=workers, documents=documents,
        )
    report.sources = sources
    report.notes = notes + [n for n in report.notes if not (terms is None and notes and "term checks skipped" in n)]
    return report, decisions


def _pairs_to_check(source, target, db, pairs, src_lang, tgt_lang, termbase) -> tuple[list[Pair], str, str, dict[str, str], tuple | None]:
    """The pairs ``run_check`` checks, their languages, what they came from, and the two
    documents when two files are checked."""
    sources: dict[str, str] = {}
    documents = None
    if pairs is not None:
        if source is not None or target is not None:
            raise ValueError("give pairs, or SOURCE and TARGET, not both")
        if not src_lang or not tgt_lang:
            raise ValueError("pairs need src_lang and tgt_lang")
        pairs, s_lang, t_lang = list(pairs), src_lang, tgt_lang
    elif source is not None or target is not None:
        if source is None or target is None:
            raise InputError(str(source or target), "give both SOURCE and TARGET, or neither (then --db is checked)")
        # The aligner (and numpy under it) costs half a second to import; only this mode needs it.
        from tm.align import align_files

        result = align_files(source, target, src_lang=src_lang, tgt_lang=tgt_lang)
        pairs = pairs_from_alignment(result)
        documents = (result.source, result.target)
        s_lang, t_lang = result.src_lang, result.tgt_lang
        sources.update(source=str(source), target=str(target))
        if termbase == "stored":
            raise InputError(str(source), "--termbase stored needs --db; two files have no stored term base")
    else:
        if db is None:
            raise InputError(None, "nothing to check: give SOURCE TARGET or --db")
        pairs, s_lang, t_lang = pairs_from_memory(db, src_lang, tgt_lang)
        sources["db"] = str(db)
    if not pairs:
        raise InputError(str(target or db), "no aligned pairs to check")
    return pairs, s_lang, t_lang, sources, documents


def _keep_list(keep_path: Path | None, gloss: Sequence) -> KeepList:
    """The keep list, with the glossary terms whose preferred rendering is the term itself
    (FINRA, public relations): they stay untranslated by decision."""
    keep_list = load_keep_list(keep_path) if keep_path is not None else KeepList()
    kept_by_glossary = [
        e.source for e in gloss for r in e.renderings if r.status == "preferred" and r.text.casefold() == e.source.casefold()
    ]
    if kept_by_glossary:
        keep_list = KeepList([" ".join(p) for p in keep_list.phrases] + kept_by_glossary)
    return keep_list
