"""Glossary files in and out of the term base: TBX (v3 write, v3/v2 read), OmegaT TSV, CSV.

``read_glossary`` turns any of them into ``TermEntry`` objects (origin "glossary", confidence
1.0: a person wrote them), grouping the lines of one source term into one entry and keying
every term by its lemmas. ``write_glossary`` writes entries out, under a temporary name renamed
into place, so a failed export leaves no half-written file.

Round trip: source, part of speech, entry status and note, and every rendering's text, status
and note come back unchanged from TBX, TSV and CSV. Counts, pair ids and confidence are
observations of the memory, not glossary content, and are not written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from tm.errors import InputError
from tm.files import replaced_atomically
from tm.formats.tbx import TbxEntry, TbxTerm, read_tbx, write_tbx
from tm.formats.tsv import GlossaryRow, read_csv, read_tsv, write_csv, write_tsv
from tm.store.termbase import ImportReport, TermBase
from tm.terms import STATUSES, Rendering, SubwordStemmer, TermEntry, phrase_key

FORMATS = ("tbx", "tsv", "csv")
_EXTENSIONS = {
    ".tbx": "tbx",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",
    ".utf8": "tsv",
    ".csv": "csv",
}


@dataclass
class Glossary:
    entries: list[TermEntry]
    src_lang: str
    tgt_lang: str
    path: str


def glossary_format(path: str | os.PathLike[str]) -> str | None:
    """tbx, tsv or csv by the file name; a .xml file is TBX when its root says so."""
    p = Path(path)
    fmt = _EXTENSIONS.get(p.suffix.lower())
    if fmt is None and p.suffix.lower() == ".xml" and p.is_file():
        with open(p, "rb") as f:
            head = f.read(4096).lower()
        if b"<tbx" in head or b"<martif" in head:
            fmt = "tbx"
    return fmt


def read_glossary(
    path: str | os.PathLike[str],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    stemmer: SubwordStemmer | None = None,
) -> Glossary:
    """Entries of a glossary file. The file's own languages win (TBX xml:lang, the TSV's
    ``# tm glossary:`` line, CSV language columns); ``src_lang``/``tgt_lang`` fill in."""
    name = os.fspath(path)
    fmt = glossary_format(name)
    if fmt is None:
        raise InputError(name, "unknown glossary type; expected .tbx, .tsv/.tab/.txt/.utf8 or .csv")
    if fmt == "tbx":
        return _from_tbx(name, src_lang, tgt_lang, stemmer)
    data = read_tsv(name) if fmt == "tsv" else read_csv(name)
    s = _norm(data.src_lang) or _norm(src_lang) or "en"
    t = _norm(data.tgt_lang) or _norm(tgt_lang) or "pl"
    by_key: dict[tuple[str, ...], TermEntry] = {}
    for row in data.rows:
        key = phrase_key(row.source, s)
        if not key:
            raise InputError(name, f"source term {row.source!r} has no words", row.line)
        entry = by_key.get(key)
        if entry is None:
            entry = by_key[key] = TermEntry(
                id=None, source=row.source, source_key=key, pos=row.pos, notes=row.entry_note,
                confidence=1.0, origin="glossary", src_lang=s, tgt_lang=t,
            )
        else:
            entry.pos = entry.pos or row.pos
            entry.notes = entry.notes or row.entry_note
        if row.target:
            _add_rendering(name, entry, row.target, row.status, row.note, t, stemmer, row.line)
        elif row.status:
            raise InputError(name, f"status {row.status!r} without a target term", row.line)
    return Glossary(list(by_key.values()), s, t, name)


def _norm(code: str | None) -> str | None:
    return code.replace("_", "-").split("-")[0].lower() if code else None


def _add_rendering(name: str, entry: TermEntry, text: str, status: str | None, note: str | None,
                   tgt_lang: str, stemmer: SubwordStemmer | None, line: int | None) -> None:
    if status is not None and status not in STATUSES:
        raise InputError(name, f"unknown status {status!r}", line)
    key = phrase_key(text, tgt_lang, stemmer)
    if not key:
        raise InputError(name, f"target term {text!r} has no words", line)
    for r in entry.renderings:
        if r.key == key and r.text == text:
            raise InputError(name, f"{entry.source!r} → {text!r} is listed twice", line)
    if status == "preferred" and any(r.status == "preferred" for r in entry.renderings):
        raise InputError(name, f"{entry.source!r} has more than one preferred rendering", line)
    entry.renderings.append(Rendering(text=text, key=key, status=status, note=note, origin="glossary"))


def _from_tbx(name: str, src_lang: str | None, tgt_lang: str | None, stemmer: SubwordStemmer | None) -> Glossary:
    data = read_tbx(name, src_lang=src_lang)
    s = data.src_lang or _norm(src_lang) or "en"
    langs = {lang for e in data.entries for lang in e.terms} - {s}
    t = _norm(tgt_lang) if tgt_lang and _norm(tgt_lang) in langs else (sorted(langs)[0] if len(langs) == 1 else _norm(tgt_lang) or "pl")
    by_key: dict[tuple[str, ...], TermEntry] = {}
    for e in data.entries:
        sources = e.terms.get(s, [])
        if not sources:
            raise InputError(name, f"concept {e.id or ''} has no {s} term", e.line)
        for st in sources:
            key = phrase_key(st.text, s)
            entry = by_key.get(key)
            if entry is None:
                entry = by_key[key] = TermEntry(
                    id=None, source=st.text, source_key=key, pos=st.pos, status=st.status, notes=e.note,
                    confidence=1.0, origin="glossary", src_lang=s, tgt_lang=t,
                )
            for tt in e.terms.get(t, []):
                _add_rendering(name, entry, tt.text, tt.status, tt.note, t, stemmer, e.line)
    return Glossary(list(by_key.values()), s, t, name)


# ----------------------------------------------------------------------------- writing


def _rows(entries: Iterable[TermEntry]) -> list[GlossaryRow]:
    rows = []
    for e in entries:
        if not e.renderings:
            rows.append(GlossaryRow(e.source, "", None, None, e.notes, e.pos))
        for r in e.renderings:
            rows.append(GlossaryRow(e.source, r.text, r.status, r.note, e.notes, e.pos))
    return rows


def _tbx_entries(entries: Iterable[TermEntry], src_lang: str, tgt_lang: str) -> list[TbxEntry]:
    out = []
    for n, e in enumerate(entries, 1):
        te = TbxEntry(id=f"c{e.id if e.id is not None else n}", note=e.notes)
        te.terms[src_lang] = [TbxTerm(e.source, e.status, None, e.pos)]
        if e.renderings:
            te.terms[tgt_lang] = [TbxTerm(r.text, r.status, r.note) for r in e.renderings]
        out.append(te)
    return out


def write_glossary(entries: list[TermEntry], fmt: str, path: str | os.PathLike[str], *, src_lang: str, tgt_lang: str) -> int:
    """Write ``entries`` as tbx, tsv or csv; returns the number of entries written."""
    if fmt not in FORMATS:
        raise InputError(os.fspath(path), f"unknown glossary format {fmt!r}; use one of {', '.join(FORMATS)}")
    with replaced_atomically(path) as tmp, open(tmp, "wb") as f:
        if fmt == "tbx":
            write_tbx(_tbx_entries(entries, src_lang, tgt_lang), f, src_lang=src_lang)
        else:
            import io

            text = io.StringIO()
            rows = _rows(entries)
            (write_tsv if fmt == "tsv" else write_csv)(rows, text, src_lang=src_lang, tgt_lang=tgt_lang)
            f.write(text.getvalue().encode("utf-8"))
    return len(entries)


# ----------------------------------------------------------------------------- for tm import/export


def import_glossary(tb: TermBase, path: str | os.PathLike[str]) -> ImportReport:
    """Import a glossary file (TBX, TSV, CSV) into the term base ``tb`` in one transaction
    (``TermBase.import_entries``). Its languages must be the term base's."""
    name = os.fspath(path)
    g = read_glossary(name, src_lang=tb.src_lang, tgt_lang=tb.tgt_lang)
    if (g.src_lang, g.tgt_lang) != (tb.src_lang, tb.tgt_lang):
        raise InputError(name, f"glossary is {g.src_lang}→{g.tgt_lang}, the term base is {tb.src_lang}→{tb.tgt_lang}")
    return tb.import_entries(g.entries, name)


def export_glossary(tb: TermBase, fmt: str, path: str | os.PathLike[str]) -> int:
    """Write the entries of the term base ``tb`` as a tbx, tsv or csv file; returns entries."""
    entries = tb.entries()
    if not entries:
        raise InputError(tb.path, f"the term base has no {tb.src_lang}→{tb.tgt_lang} entries; run tm terms build first")
    return write_glossary(entries, fmt, path, src_lang=tb.src_lang, tgt_lang=tb.tgt_lang)


def import_glossary_file(db: str | os.PathLike[str], path: str | os.PathLike[str], *, src_lang: str | None = None,
                         tgt_lang: str | None = None) -> ImportReport:
    """``tm import FILE.tbx|.tsv|.csv``: the glossary into the term base of ``db`` (one
    transaction); the languages come from the file, else the options, else the memory."""
    name = os.fspath(path)
    probe = read_glossary(name, src_lang=src_lang, tgt_lang=tgt_lang)  # bad input fails before the file is opened
    with TermBase(db, probe.src_lang, probe.tgt_lang) as tb:
        return import_glossary(tb, name)


def export_glossary_file(db: str | os.PathLike[str], fmt: str, output: str | os.PathLike[str], *,
                         src_lang: str | None = None, tgt_lang: str | None = None) -> int:
    """``tm export tbx|tsv|csv``: the term base of ``db`` as a glossary file; returns entries.
    The memory is opened read-only."""
    with TermBase(db, src_lang, tgt_lang, readonly=True) as tb:
        return export_glossary(tb, fmt, output)
