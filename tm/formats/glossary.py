"""Glossaries as term entries: TBX (v3 write, v3/v2 read), OmegaT TSV and CSV.

Reading turns a file into ``TermEntry`` objects (origin "glossary", confidence 1.0: a person
wrote them), grouping the lines of one source term into one entry and keying every term by its
lemmas. Which reader reads which file is the registry's business (tm.formats.registry:
``read_glossary``, ``write_glossary``).

Round trip: source, part of speech, entry status and note, and every rendering's text, status
and note come back unchanged from TBX, TSV and CSV. Counts, pair ids and confidence are
observations of the memory, not glossary content, and are not written.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from typing import IO, Iterable

from tm.errors import InputError
from tm.formats.source import Source
from tm.formats.tbx import TbxEntry, TbxTerm, read_tbx, write_tbx, write_tbx_martif
from tm.formats.tsv import (
    GlossaryFile,
    GlossaryRow,
    read_csv,
    read_tsv,
    write_csv,
    write_tsv,
)
from tm.terms import STATUSES, Rendering, SubwordStemmer, TermEntry, phrase_key
from tm.text import primary_subtag


@dataclass
class Glossary:
    entries: list[TermEntry]
    src_lang: str
    tgt_lang: str
    path: str


def _norm(code: str | None) -> str | None:
    return primary_subtag(code) if code else None


# ----------------------------------------------------------------------------- reading


def read_tsv_glossary(src: Source, src_lang: str | None, tgt_lang: str | None, stemmer: SubwordStemmer | None) -> Glossary:
    return _from_rows(src.name, read_tsv(src), src_lang, tgt_lang, stemmer)


def read_csv_glossary(src: Source, src_lang: str | None, tgt_lang: str | None, stemmer: SubwordStemmer | None) -> Glossary:
    return _from_rows(src.name, read_csv(src), src_lang, tgt_lang, stemmer)


def _from_rows(name: str, data: GlossaryFile, src_lang: str | None, tgt_lang: str | None,
               stemmer: SubwordStemmer | None) -> Glossary:
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


def read_tbx_glossary(src: Source, src_lang: str | None, tgt_lang: str | None, stemmer: SubwordStemmer | None) -> Glossary:
    name = src.name
    data = read_tbx(src, src_lang=src_lang)
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
# Each writer puts ``entries`` on a binary stream and returns the number of entries.


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


def write_tbx_glossary(entries: list[TermEntry], out: IO[bytes], *, src_lang: str, tgt_lang: str) -> int:
    write_tbx(_tbx_entries(entries, src_lang, tgt_lang), out, src_lang=src_lang)
    return len(entries)


def write_tbx_martif_glossary(entries: list[TermEntry], out: IO[bytes], *, src_lang: str, tgt_lang: str) -> int:
    """TBX v2 as translate-toolkit and Weblate read it (tm export tbx --tbx-dialect martif)."""
    write_tbx_martif(_tbx_entries(entries, src_lang, tgt_lang), out, src_lang=src_lang)
    return len(entries)


def write_tsv_glossary(entries: list[TermEntry], out: IO[bytes], *, src_lang: str, tgt_lang: str) -> int:
    text = io.StringIO()
    write_tsv(_rows(entries), text, src_lang=src_lang, tgt_lang=tgt_lang)
    out.write(text.getvalue().encode("utf-8"))
    return len(entries)


def write_tsv_usable_glossary(entries: list[TermEntry], out: IO[bytes], *, src_lang: str, tgt_lang: str) -> int:
    """OmegaT TSV without the deprecated and forbidden renderings (tm export tsv --tsv-statuses
    omit): a glossary pane that shows only what may be written. An entry left with no rendering
    is left out too."""
    usable = []
    for e in entries:
        kept = [r for r in e.renderings if r.status not in ("deprecated", "forbidden")]
        if kept or not e.renderings:
            usable.append(dataclasses.replace(e, renderings=kept))
    return write_tsv_glossary(usable, out, src_lang=src_lang, tgt_lang=tgt_lang)


def write_csv_glossary(entries: list[TermEntry], out: IO[bytes], *, src_lang: str, tgt_lang: str) -> int:
    text = io.StringIO()
    write_csv(_rows(entries), text, src_lang=src_lang, tgt_lang=tgt_lang)
    out.write(text.getvalue().encode("utf-8"))
    return len(entries)
