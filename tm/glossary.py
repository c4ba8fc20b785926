"""Glossary files in and out of the term base (``tm import FILE.tbx``, ``tm export tbx``).

Reading and writing the files themselves is tm.formats' (``read_glossary``, ``write_glossary``);
the term base (tm.store.termbase) stores entries and knows no files.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from tm.errors import InputError
from tm.formats import Source, read_glossary, write_glossary
from tm.formats.source import SourceLike
from tm.store.termbase import ImportReport, TermBase


def import_glossary(tb: TermBase, path: SourceLike) -> ImportReport:
    """Import a glossary file (TBX, TSV, CSV) into the term base ``tb`` in one transaction
    (``TermBase.import_entries``). Its languages must be the term base's."""
    source = Source.of(path)  # a path, or the bytes of an upload
    g = read_glossary(source, src_lang=tb.src_lang, tgt_lang=tb.tgt_lang)
    if (g.src_lang, g.tgt_lang) != (tb.src_lang, tb.tgt_lang):
        raise InputError(g.path, f"glossary is {g.src_lang}→{g.tgt_lang}, the term base is {tb.src_lang}→{tb.tgt_lang}")
    return tb.import_entries(g.entries, g.path)


def export_glossary(tb: TermBase, fmt: str, output: str | os.PathLike[str] | BinaryIO) -> int:
    """Write the entries of the term base ``tb`` as a tbx, tsv or csv file; returns entries."""
    entries = tb.entries()
    if not entries:
        raise InputError(tb.path, f"the term base has no {tb.src_lang}→{tb.tgt_lang} entries; run tm terms build first")
    return write_glossary(entries, fmt, output, src_lang=tb.src_lang, tgt_lang=tb.tgt_lang)


def import_glossary_file(db: str | os.PathLike[str], path: SourceLike, *, src_lang: str | None = None,
                         tgt_lang: str | None = None) -> ImportReport:
    """``tm import FILE.tbx|.tsv|.csv``: the glossary into the term base of ``db`` (one
    transaction); the languages come from the file, else the options, else the memory."""
    source = Source.of(path)
    glossary = read_glossary(source, src_lang=src_lang, tgt_lang=tgt_lang)  # bad input fails before the db is opened
    with TermBase(db, glossary.src_lang, glossary.tgt_lang) as tb:
        return tb.import_entries(glossary.entries, glossary.path)


def export_glossary_file(db: str | os.PathLike[str], fmt: str, output: str | os.PathLike[str] | BinaryIO, *,
                         src_lang: str | None = None, tgt_lang: str | None = None) -> int:
    """``tm export tbx|tsv|csv``: the term base of ``db`` as a glossary file; returns entries.
    The memory is opened read-only."""
    with TermBase(db, src_lang, tgt_lang, readonly=True) as tb:
        return export_glossary(tb, fmt, output)
