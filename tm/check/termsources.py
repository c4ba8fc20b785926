"""Where term renderings come from: a glossary file, the memory's stored term base, or a term
base extracted from the checked pairs themselves (nothing stored)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Sequence

from tm.check.model import Pair
from tm.check.prose import term_view
from tm.check.termindex import TermIndex
from tm.errors import InputError
from tm.formats import read_glossary
from tm.store import TermBase
from tm.terms import extract_terms
from tm.terms.links import PairLinks


def load_glossary_entries(path: str | Path, src_lang: str, tgt_lang: str) -> list:
    """A glossary file (TSV, CSV, TBX) as TermEntry objects, read by ``tm.glossary`` as
    ``tm import`` reads it. Its languages must be the checked pair's."""
    if not Path(path).exists():
        raise InputError(str(path), "no such glossary")
    glossary = read_glossary(path, src_lang=src_lang, tgt_lang=tgt_lang)
    if (glossary.src_lang, glossary.tgt_lang) != (src_lang, tgt_lang):
        raise InputError(
            str(path), f"the glossary is {glossary.src_lang}→{glossary.tgt_lang} but the pairs are {src_lang}→{tgt_lang}"
        )
    return glossary.entries


def stored_entries(db: str | Path, src_lang: str, tgt_lang: str) -> tuple[list, object]:
    """The memory's term base (``tm terms build``) and its subword stemmer; ([], None) when it
    has none, also when the memory predates the term tables. Opened read-only: checking
    never writes."""
    with TermBase(db, src_lang, tgt_lang, readonly=True) as tb:
        entries = tb.entries()
        stemmer = tb.stemmer() if entries else None
    return entries, stemmer


def merge_glossary(extracted: Sequence, glossary: Sequence) -> list:
    """Term-base entries with the glossary's statuses: a rendering the glossary lists takes its
    status and display form; glossary renderings never seen are added (count 0), and so are
    glossary terms the data never showed."""
    out = [copy.deepcopy(e) for e in extracted]
    by_key = {tuple(e.source_key): e for e in out}
    for g in glossary:
        e = by_key.get(tuple(g.source_key))
        if e is None:
            e = copy.deepcopy(g)
            out.append(e)
            by_key[tuple(g.source_key)] = e
            continue
        e.source = g.source  # as the glossary writes it
        for gr in g.renderings:
            r = next((r for r in e.renderings if tuple(r.key) == tuple(gr.key)), None)
            if r is None:
                r = copy.deepcopy(gr)
                r.count = 0
                e.renderings.append(r)
            else:
                r.status = gr.status
                r.text = gr.text
    return out


def extract_entries(pairs: Sequence[Pair], src_lang: str, tgt_lang: str, glossary: Sequence = (), progress=None):
    """A term base built in memory from ``pairs`` (tm.terms.extract_terms), glossary as prior,
    with the glossary's statuses merged in; returns (entries, stemmer)."""
    extraction = extract_terms(
        [(n, p.source, p.target) for n, p in enumerate(pairs)], src_lang, tgt_lang, glossary=list(glossary), progress=progress
    )
    return merge_glossary(extraction.entries, glossary), extraction.stemmer


def build_index(pairs: Sequence[Pair], src_lang: str, tgt_lang: str, glossary: Sequence = (), progress=None) -> TermIndex:
    """A TermIndex over a term base extracted from ``pairs`` themselves (nothing stored), with
    the pairs' word links attached."""
    entries, stemmer = extract_entries(pairs, src_lang, tgt_lang, glossary, progress)
    index = TermIndex(entries, src_lang, tgt_lang, stemmer, pair_ids=[p.id for p in pairs])
    attach_links(index, pairs, glossary)
    return index


def attach_links(index: TermIndex, pairs: Sequence[Pair], glossary: Sequence = ()) -> None:
    """Train the word aligner (tm.terms.links.PairLinks, glossary as priors) on the pairs as
    the term checks read them (``term_view``) and give it to ``index``: with no glossary
    status, a term rendering is then flagged only on the alignment's evidence."""
    views = [(term_view(p.source, p.target), term_view(p.target, p.source, source=False)) for p in pairs]
    links = PairLinks.train(views, index.src_lang, index.tgt_lang, glossary=list(glossary))
    index.attach_links(links, [p.id for p in pairs])

