"""The one table of file formats: names, extensions, XML roots, readers and writers.

Memory formats hold translation units (tm import/export moves them to and from the memory's
pairs); glossary formats hold term entries (the term base). tm.exchange sniffs and imports
through this table, tm.glossary reads and writes glossaries through it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from tm.errors import InputError
from tm.files import replaced_atomically
from tm.formats.glossary import (
    Glossary,
    read_csv_glossary,
    read_tbx_glossary,
    read_tsv_glossary,
    write_csv_glossary,
    write_tbx_glossary,
    write_tbx_martif_glossary,
    write_tsv_usable_glossary,
    write_tsv_glossary,
)
from tm.formats.po import read_po, write_po
from tm.formats.source import Source, SourceLike
from tm.formats.tmx import read_tmx, write_tmx
from tm.formats.xliff import read_xliff, write_xliff
from tm.model import TranslationUnit
from tm.terms import SubwordStemmer, TermEntry

MEMORY = "memory"
GLOSSARY = "glossary"


@dataclass(frozen=True)
class Format:
    """One file format.

    ``extensions`` name the format wherever a file is sniffed; ``loose_extensions`` only where
    a glossary is expected (``tm terms --glossary terms.txt``), since tm import does not guess
    from them. ``roots`` are the XML root elements that give the format away. A memory reader
    is ``(source, src_lang, tgt_lang) -> iterator of (unit, id)``, a memory writer
    ``(units, out, src_lang, tgt_lang) -> count``; a glossary reader is ``(source, src_lang,
    tgt_lang, stemmer) -> Glossary``, a glossary writer ``(entries, out, src_lang=, tgt_lang=)
    -> count`` on a binary stream. No writer: tm export does not write it."""

    name: str
    kind: str  # MEMORY or GLOSSARY
    extensions: tuple[str, ...]
    reader: Callable[..., Any]
    writer: Callable[..., int] | None = None
    roots: tuple[str, ...] = ()
    loose_extensions: tuple[str, ...] = ()
    one_pair: bool = False  # holds one language pair only (PO)
    family: str | None = None  # the format it is a variant of (MO of PO)


def _tmx_units(src: Source, src_lang: str | None, tgt_lang: str | None) -> Iterator[tuple[TranslationUnit, str]]:
    return read_tmx(src, src_lang=src_lang, with_ids=True)


def _xliff_units(src: Source, src_lang: str | None, tgt_lang: str | None) -> Iterator[tuple[TranslationUnit, str]]:
    return read_xliff(src, src_lang=src_lang, tgt_lang=tgt_lang, with_ids=True)


def _po_units(src: Source, src_lang: str | None, tgt_lang: str | None) -> Iterator[tuple[TranslationUnit, str]]:
    # gettext files do not name the msgid language: --src-lang says it (English by convention).
    return read_po(src, src_lang=src_lang, obsolete=True, with_ids=True)


def _write_tmx(units: list[TranslationUnit], out: str | os.PathLike[str] | IO[bytes], src_lang: str, tgt_lang: str) -> int:
    return write_tmx(units, out, src_lang=src_lang)


def _write_po(units: list[TranslationUnit], out: str | os.PathLike[str] | IO[bytes], src_lang: str, tgt_lang: str) -> int:
    return write_po(units, out, src_lang=src_lang, tgt_lang=tgt_lang)


def _write_xliff(units: list[TranslationUnit], out: str | os.PathLike[str] | IO[bytes], src_lang: str, tgt_lang: str) -> int:
    return write_xliff(units, out, src_lang=src_lang, tgt_lang=tgt_lang, version="1.2", original="tm export")


def _write_xliff2(units: list[TranslationUnit], out: str | os.PathLike[str] | IO[bytes], src_lang: str, tgt_lang: str) -> int:
    return write_xliff(units, out, src_lang=src_lang, tgt_lang=tgt_lang, version="2.0", original="tm export")


FORMATS: tuple[Format, ...] = (
    Format("tmx", MEMORY, (".tmx",), _tmx_units, _write_tmx, roots=("tmx",)),
    Format("xliff", MEMORY, (".xlf", ".xliff", ".sdlxliff"), _xliff_units, _write_xliff, roots=("xliff",), one_pair=True),
    # The variants below are chosen by name only (tm export's --xliff-version, --tbx-dialect, --tsv-statuses).
    Format("xliff2", MEMORY, (), _xliff_units, _write_xliff2, one_pair=True, family="xliff"),
    Format("po", MEMORY, (".po", ".pot"), _po_units, _write_po, one_pair=True),
    Format("mo", MEMORY, (".mo",), _po_units, family="po"),
    Format("tbx", GLOSSARY, (".tbx",), read_tbx_glossary, write_tbx_glossary, roots=("tbx", "martif")),
    # TBX v2 as translate-toolkit/Weblate read it.
    Format("tbx-martif", GLOSSARY, (), read_tbx_glossary, write_tbx_martif_glossary, family="tbx"),
    Format("tsv", GLOSSARY, (".tsv",), read_tsv_glossary, write_tsv_glossary, loose_extensions=(".tab", ".txt", ".utf8")),
    Format("tsv-usable", GLOSSARY, (), read_tsv_glossary, write_tsv_usable_glossary, family="tsv"),
    Format("csv", GLOSSARY, (".csv",), read_csv_glossary, write_csv_glossary),
)
_BY_NAME = {f.name: f for f in FORMATS}
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}
_BY_LOOSE_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions + f.loose_extensions}
_BY_ROOT = {root: f for f in FORMATS for root in f.roots}
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")


def by_name(name: str) -> Format | None:
    return _BY_NAME.get(name)


def by_extension(ext: str, *, loose: bool = False) -> Format | None:
    """The format an extension (".tmx", any case) names; ``loose`` adds the glossary-only ones."""
    return (_BY_LOOSE_EXTENSION if loose else _BY_EXTENSION).get(ext.lower())


def by_root(root: str) -> Format | None:
    """The format whose XML root element is ``root`` (local name, any case)."""
    return _BY_ROOT.get(root.lower())


def names(kind: str, *, writable: bool = False) -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS if f.kind == kind and (f.writer or not writable))


VARIANTS = {
    ("xliff", "1.2"): "xliff", ("xliff", "2.0"): "xliff2", ("xliff", "2"): "xliff2",
    ("tbx", "v3"): "tbx", ("tbx", "martif"): "tbx-martif",
    ("tsv", "mark"): "tsv", ("tsv", "omit"): "tsv-usable",
}


def variant(fmt: str, choice: str | None) -> str:
    """The format name for ``fmt`` with a variant option (an XLIFF version, a TBX dialect, what
    a TSV does with deprecated and forbidden renderings); ``None`` is the default variant."""
    if choice is None:
        return fmt
    name = VARIANTS.get((fmt, choice))
    if name is None:
        known = [c for f, c in VARIANTS if f == fmt]
        raise InputError(fmt, f"unknown variant {choice!r}" + (f"; use one of {', '.join(known)}" if known else ": it has none"))
    return name


def detect_format(path: str | os.PathLike[str]) -> str | None:
    """Name the format of ``path``: tmx, po, xliff, tbx, tsv, csv, markdown, text, or None.

    The extension decides when it is known; otherwise the first bytes are sniffed
    (an XML root element ``tmx``/``xliff``/``tbx``/``martif``, a gettext catalog or MO magic).
    A file that cannot be read gives None. (tm import sniffs more strictly: tm.formats.sniff.)
    """
    ext = os.path.splitext(os.fspath(path))[1].lower()
    fmt = by_extension(ext)
    if fmt is not None:
        return fmt.family or fmt.name
    if ext in _DOCUMENTS:
        return _DOCUMENTS[ext]
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    if head[:4] in _MO_MAGIC:
        return "po"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lowered = text.lower()
    for marker, name in (("<tmx", "tmx"), ("<xliff", "xliff"), ("<martif", "tbx"), ("<tbx", "tbx")):
        if marker in lowered:
            return name
    if "\nmsgid " in "\n" + text or "\nmsgctxt " in "\n" + text:
        return "po"
    return None


_DOCUMENTS = {".md": "markdown", ".markdown": "markdown", ".txt": "text"}  # tm align's documents


# ----------------------------------------------------------------------------- glossaries


def glossary_format(path: SourceLike) -> str | None:
    """tbx, tsv or csv by the file name; a .xml file is TBX when its root says so."""
    src = Source.of(path)
    fmt = by_extension(src.ext, loose=True)
    if fmt is not None and fmt.kind == GLOSSARY:
        return fmt.name
    if src.ext == ".xml" and src.problem() is None:
        with src.open() as f:
            head = f.read(4096).lower()
        if b"<tbx" in head or b"<martif" in head:
            return "tbx"
    return None


def read_glossary(
    path: SourceLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    stemmer: SubwordStemmer | None = None,
) -> Glossary:
    """Entries of a glossary file (a path, or bytes via tm.formats.Source). The file's own
    languages win (TBX xml:lang, the TSV's ``# tm glossary:`` line, CSV language columns);
    ``src_lang``/``tgt_lang`` fill in."""
    src = Source.of(path)
    fmt = glossary_format(src)
    if fmt is None:
        raise InputError(src.name, "unknown glossary type; expected .tbx, .tsv/.tab/.txt/.utf8 or .csv")
    return _BY_NAME[fmt].reader(src, src_lang, tgt_lang, stemmer)


def write_glossary(entries: list[TermEntry], fmt: str, path: str | os.PathLike[str] | IO[bytes], *,
                   src_lang: str, tgt_lang: str) -> int:
    """Write ``entries`` as tbx, tsv or csv to a path (under a temporary name renamed into place,
    so a failed export leaves no half-written file) or a binary stream; returns the entries written."""
    f = by_name(fmt)
    if f is None or f.kind != GLOSSARY or f.writer is None:
        where = "<stream>" if hasattr(path, "write") else os.fspath(path)
        raise InputError(where, f"unknown glossary format {fmt!r}; use one of {', '.join(names(GLOSSARY, writable=True))}")
    if hasattr(path, "write"):
        return f.writer(entries, path, src_lang=src_lang, tgt_lang=tgt_lang)
    with replaced_atomically(path) as tmp, open(tmp, "wb") as out:
        return f.writer(entries, out, src_lang=src_lang, tgt_lang=tgt_lang)


# ----------------------------------------------------------------------------- memory formats


def read_units(src: Source, fmt: str, src_lang: str | None, tgt_lang: str | None) -> Iterator[tuple[TranslationUnit, str]]:
    """The ``(unit, id)`` pairs of a memory-format file."""
    f = by_name(fmt)
    if f is None or f.kind != MEMORY:
        raise InputError(src.name, f"cannot import {fmt}")
    return f.reader(src, src_lang, tgt_lang)


def write_units(units: Iterable[TranslationUnit], fmt: str, out: str | os.PathLike[str] | IO[bytes], *,
                src_lang: str, tgt_lang: str) -> int:
    """Write ``units`` in memory format ``fmt`` (tmx, po) to a path or a binary stream."""
    f = by_name(fmt)
    if f is None or f.kind != MEMORY or f.writer is None:
        where = "<stream>" if hasattr(out, "write") else os.fspath(out)
        raise InputError(where, f"unknown export format {fmt!r}; use one of {', '.join(names(MEMORY, writable=True))}")
    return f.writer(list(units), out, src_lang, tgt_lang)
