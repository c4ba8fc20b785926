"""Glossary files in and out of the term base (``tm import FILE.tbx``, ``tm export tbx``).

Reading and writing the files themselves is tm.formats' (``read_glossary``, ``write_glossary``).
"""

from __future__ import annotations

import os

from tm.formats import Source, read_glossary
from tm.formats.source import SourceLike
from tm.termbase import TermBase


# ----------------------------------------------------------------------------- for tm import/export


def import_glossary_file(db: str | os.PathLike[str], path: SourceLike, *, src_lang: str | None = None,
                         tgt_lang: str | None = None):
    """``tm import FILE.tbx|.tsv|.csv``: the glossary into the term base of ``db`` (one
    transaction); the languages come from the file, else the options, else the memory."""
    name = Source.of(path)  # a path, or the bytes of an upload
    probe = read_glossary(name, src_lang=src_lang, tgt_lang=tgt_lang)  # bad input fails before the file is opened
    with TermBase(db, probe.src_lang, probe.tgt_lang) as tb:
        return tb.import_glossary(name)


def export_glossary_file(db: str | os.PathLike[str], fmt: str, output: str | os.PathLike[str], *,
                         src_lang: str | None = None, tgt_lang: str | None = None) -> int:
    """``tm export tbx|tsv|csv``: the term base of ``db`` as a glossary file; returns entries.
    The memory is opened read-only."""
    with TermBase(db, src_lang, tgt_lang, readonly=True) as tb:
        return tb.export(fmt, output)
