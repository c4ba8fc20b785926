"""Glossaries as OmegaT tab-separated text and as CSV with a header row.

TSV (OmegaT's glossary format)
    One line per rendering: ``source<TAB>target<TAB>comment``. OmegaT skips lines starting with
    "#"; tm writes one such line first, ``# tm glossary: source=en target=pl``, which gives the
    languages back on import. The comment holds fields separated by `` | ``:

    * a status word: ``preferred``, ``admitted``, ``deprecated`` or ``forbidden``;
    * ``pos: noun``: part of speech of the source term;
    * ``entry: …``: a note on the whole entry (repeated on every line of the entry);
    * anything else: a note on this rendering.

    Example: ``account executive<TAB>kierownik księgowości<TAB>forbidden | mistranslation:
    means accounting manager``. A line with a source and no target is an entry without a
    rendering (a term to keep untranslated is written with itself as the target). Files are
    read as UTF-8 (a BOM is allowed); OmegaT 3.6 loads ``*.utf8`` as UTF-8 and ``*.txt``/``*.tab``
    in the system encoding, so give the file a ``.utf8`` name for OmegaT.

CSV
    A header row names the columns; ``source`` and ``target`` are required, ``status``,
    ``note`` (rendering), ``entry_note``, ``pos``, ``source_lang`` and ``target_lang`` are
    optional (aliases: term/translation, comment/notes, part_of_speech, src_lang/tgt_lang).
    Statuses travel in the ``status`` column; a comment column in the TSV style above is
    understood too when there is no status column.

Both readers raise ``InputError`` naming the file and the line for bad input.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from tm.errors import InputError
from tm.formats.source import Source, SourceLike

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
SEPARATOR = " | "


@dataclass
class GlossaryRow:
    """One source–target line of a glossary file."""

    source: str
    target: str
    status: str | None = None
    note: str | None = None  # on the rendering
    entry_note: str | None = None
    pos: str | None = None
    line: int = 0


@dataclass
class GlossaryFile:
    rows: list[GlossaryRow]
    src_lang: str | None = None
    tgt_lang: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------------------- reading


def read_text(path: SourceLike) -> str:
    """The file as text: UTF-8 (BOM allowed); missing, empty, binary or undecodable files are
    refused with an InputError naming the file (and the line of the first bad byte)."""
    src = Source.of(path)
    name = src.name
    if src.problem():
        raise InputError(name, src.problem())
    data = src.read()
    if not data.strip():
        raise InputError(name, "empty file")
    if b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), not a glossary", data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(name, f"not UTF-8: byte 0x{data[e.start]:02x} cannot be decoded", line) from None
    return text.lstrip("\ufeff")


def parse_comment(comment: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(status, rendering note, entry note, pos) from a TSV comment."""
    status = note = entry_note = pos = None
    notes: list[str] = []
    for part in (p.strip() for p in comment.split(SEPARATOR.strip())):
        if not part:
            continue
        low = part.lower()
        if low in STATUSES and status is None:
            status = low
        elif low.startswith("pos:"):
            pos = part[4:].strip() or None
        elif low.startswith("entry:"):
            entry_note = part[6:].strip() or None
        else:
            notes.append(part)
    if notes:
        note = SEPARATOR.join(notes)
    return status, note, entry_note, pos


def read_tsv(path: SourceLike) -> GlossaryFile:
    name = str(Source.of(path))
    text = read_text(path)
    rows: list[GlossaryRow] = []
    meta: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("#"):
            meta.update(_meta(line))
            continue
        cols = line.split("\t")
        if not rows and _is_header(cols):
            continue  # "source<TAB>target<TAB>comment", as spreadsheets export it: not an entry
        source = cols[0].strip()
        if not source:
            raise InputError(name, "no source term before the first tab", n)
        if len(cols) > 3:
            raise InputError(name, f"{len(cols)} tab-separated columns; a glossary line has source, target and comment", n)
        target = cols[1].strip() if len(cols) > 1 else ""
        status, note, entry_note, pos = parse_comment(cols[2]) if len(cols) > 2 else (None, None, None, None)
        rows.append(GlossaryRow(source, target, status, note, entry_note, pos, n))
    if not rows:
        raise InputError(name, "no glossary lines (only comments or blank lines)")
    return GlossaryFile(rows, meta.get("source"), meta.get("target"), meta)


def _is_header(cols: list[str]) -> bool:
    """A first line naming the columns: its first two cells are a source and a target column
    name ("source", "term"; "target", "translation"), which no real entry pairs up."""
    return (
        len(cols) >= 2
        and cols[0].strip().lower() in _ALIASES["source"]
        and cols[1].strip().lower() in _ALIASES["target"]
    )


def _meta(line: str) -> dict[str, str]:
    """``# tm glossary: source=en target=pl`` -> {"source": "en", "target": "pl"}."""
    body = line.lstrip("#").strip()
    if not body.lower().startswith("tm glossary:"):
        return {}
    out = {}
    for item in body.split(":", 1)[1].split():
        if "=" in item:
            k, v = item.split("=", 1)
            out[k.strip().lower()] = v.strip()
    return out


_ALIASES = {
    "source": ("source", "term", "source term", "src"),
    "target": ("target", "translation", "target term", "tgt", "rendering"),
    "status": ("status", "administrative status"),
    "note": ("note", "comment", "notes", "comments"),
    "entry_note": ("entry_note", "entry note", "definition"),
    "pos": ("pos", "part_of_speech", "part of speech"),
    "source_lang": ("source_lang", "src_lang", "source language"),
    "target_lang": ("target_lang", "tgt_lang", "target language"),
}


def read_csv(path: SourceLike) -> GlossaryFile:
    name = str(Source.of(path))
    text = read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # the header names the columns, so it shows the separator
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        raise InputError(name, f"no header row: {e}", 1) from None
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    col: dict[str, int] = {}
    for field_name, aliases in _ALIASES.items():
        for i, h in enumerate(names):
            if h in aliases and field_name not in col:
                col[field_name] = i
    if "source" not in col or "target" not in col:
        raise InputError(name, f"the header row must name a source and a target column (found: {', '.join(header)})", 1)
    rows: list[GlossaryRow] = []
    src_lang = tgt_lang = None
    try:
        for record in reader:
            n = reader.line_num
            if not any(c.strip() for c in record):
                continue
            if len(record) > len(header):
                raise InputError(name, f"{len(record)} columns, the header has {len(header)}", n)

            def get(key: str) -> str | None:
                i = col.get(key)
                if i is None or i >= len(record):
                    return None
                v = record[i].strip()
                return v or None

            source = get("source")
            if not source:
                raise InputError(name, "empty source term", n)
            status = (get("status") or "").lower() or None
            note, entry_note, pos = get("note"), get("entry_note"), get("pos")
            if status is None and "status" not in col and note:
                status, note, e2, p2 = parse_comment(note)
                entry_note, pos = entry_note or e2, pos or p2
            if status is not None and status not in STATUSES:
                raise InputError(name, f"unknown status {status!r}; use one of {', '.join(STATUSES)}", n)
            src_lang = src_lang or get("source_lang")
            tgt_lang = tgt_lang or get("target_lang")
            rows.append(GlossaryRow(source, get("target") or "", status, note, entry_note, pos, n))
    except csv.Error as e:
        raise InputError(name, f"malformed CSV: {e}", reader.line_num) from None
    if not rows:
        raise InputError(name, "no glossary rows after the header")
    return GlossaryFile(rows, src_lang, tgt_lang)


# ----------------------------------------------------------------------------- writing


def _comment(row: GlossaryRow) -> str:
    parts = [p for p in (row.status, f"pos: {row.pos}" if row.pos else None, row.note, f"entry: {row.entry_note}" if row.entry_note else None) if p]
    return SEPARATOR.join(_one_line(p) for p in parts)


def _one_line(text: str) -> str:
    # A tab or newline would break the line format; a literal " | " would split the comment.
    return " ".join(text.replace("\t", " ").split()).replace(SEPARATOR, " / ")


def write_tsv(rows: list[GlossaryRow], out, *, src_lang: str, tgt_lang: str) -> int:
    """One line per row; an entry's note and part of speech only on its first line."""
    out.write(f"# tm glossary: source={src_lang} target={tgt_lang}\n")
    previous = None
    for r in rows:
        fields = [_one_line(r.source), _one_line(r.target)]
        if r.source == previous:
            r = GlossaryRow(r.source, r.target, r.status, r.note, None, None, r.line)
        previous = fields[0] and r.source
        comment = _comment(r)
        if comment:
            fields.append(comment)
        out.write("\t".join(fields) + "\n")
    return len(rows)


CSV_HEADER = ["source", "target", "status", "note", "pos", "entry_note", "source_lang", "target_lang"]


def write_csv(rows: list[GlossaryRow], out, *, src_lang: str, tgt_lang: str) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for r in rows:
        w.writerow([r.source, r.target, r.status or "", r.note or "", r.pos or "", r.entry_note or "", src_lang, tgt_lang])
    return len(rows)
