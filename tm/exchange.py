"""Moving units between the memory and exchange files (TMX, PO)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tm.errors import InputError
from tm.memory import Memory

EXPORT_FORMATS = ("tmx", "po")


def export_memory(db: str | Path, fmt: str, output: str | Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> int:
    """Write the memory's pairs to ``output``; returns the number of units written.

    The file is written under a temporary name and renamed, so a failed export never
    leaves a half-written file behind.
    """
    if not Path(db).exists():
        raise InputError(str(db), "no such database")
    with Memory(db) as memory:
        units = list(memory.units(src_lang, tgt_lang))
    if not units:
        raise InputError(str(db), "no translation units to export" + (f" for {src_lang}→{tgt_lang}" if src_lang or tgt_lang else ""))
    langs = {(u.src_lang, u.tgt_lang) for u in units}
    source_langs = {s for s, _ in langs}
    out = Path(output)
    fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        if fmt == "tmx":
            from tm.formats.tmx import write_tmx

            write_tmx(units, tmp, src_lang=source_langs.pop() if len(source_langs) == 1 else "*all*")
        elif fmt == "po":
            if len(langs) != 1:
                raise InputError(str(db), "PO holds one language pair; choose one with --src-lang and --tgt-lang")
            from tm.formats.po import write_po

            (s, t), = langs
            write_po(units, tmp, src_lang=s, tgt_lang=t)
        else:
            raise InputError(str(output), f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(units)


def import_file(db: str | Path, path: str | Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> tuple[int, int]:
    """Import one TMX or PO file in one transaction; returns (added, duplicates)."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(path), "no such file")
    suffix = p.suffix.lower()
    if suffix == ".tmx":
        from tm.formats.tmx import read_tmx

        units = list(read_tmx(p))
    elif suffix in (".po", ".pot", ".mo"):
        from tm.formats.po import read_po

        units = list(read_po(p))
    else:
        raise InputError(str(path), "unknown file type; expected .tmx, .po, .pot or .mo")
    if src_lang or tgt_lang:
        units = [
            u.__class__(**{**u.__dict__, "src_lang": src_lang or u.src_lang, "tgt_lang": tgt_lang or u.tgt_lang})
            for u in units
        ]
    for k, u in enumerate(units, 1):
        if not u.src_lang or not u.tgt_lang:
            raise InputError(str(path), "languages not given in the file; pass --src-lang and --tgt-lang", f"unit {k}")
    with Memory(db) as memory:
        return memory.add_units(units, str(path))
