"""Pre-translation (``tm translate``): fill a PO, XLIFF 1.2/2.x, Markdown or plain-text file from
the memory, and report the leverage (segments and words by match band).

One entry point, ``pretranslate``; a module per file kind (po, xliff, document), the memory side
in ``engine`` and the summary in ``leverage``. docs/translate.md is the user's guide.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError
from tm.files import replaced_atomically
from tm.formats.sniff import sniff_format
from tm.pretranslate.document import pretranslate_document
from tm.pretranslate.engine import DEFAULT_THRESHOLD, Pretranslator
from tm.pretranslate.leverage import BANDS, Leverage, band, word_count
from tm.pretranslate.po import pretranslate_po
from tm.pretranslate.xliff import pretranslate_xliff

__all__ = ["BANDS", "DEFAULT_THRESHOLD", "Leverage", "Result", "band", "pretranslate", "word_count"]

_HANDLERS = {"po": pretranslate_po, "xliff": pretranslate_xliff, "markdown": pretranslate_document,
             "text": pretranslate_document}


@dataclass
class Result:
    path: str
    output: str
    format: str
    src_lang: str
    tgt_lang: str
    threshold: float
    leverage: Leverage
    filled: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"file": self.path, "output": self.output, "format": self.format, "src_lang": self.src_lang,
                "tgt_lang": self.tgt_lang, "threshold": self.threshold, **self.leverage.as_dict(), "filled": self.filled}


def file_kind(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in (".md", ".markdown"):
        return "markdown"
    if ext == ".txt":
        return "text"
    kind = sniff_format(str(path))
    if kind == "mo" or kind not in _HANDLERS:
        raise InputError(str(path), f"cannot pre-translate {kind or 'this file'}; give a PO, XLIFF, Markdown or .txt file")
    return kind


def pretranslate(path: str | os.PathLike[str], output: str | os.PathLike[str], db: str, *, src_lang: str | None = None,
                 tgt_lang: str | None = None, threshold: float = DEFAULT_THRESHOLD, terms: bool = True,
                 copy_source: bool = False) -> Result:
    """Fill ``path`` from the memory ``db`` (opened read-only) and write ``output`` (atomically:
    nothing is written when anything fails). Bad input raises InputError."""
    src, out = Path(path), Path(output)
    if not src.is_file():
        raise InputError(str(src), "no such file" if not src.exists() else "not a file")
    if not Path(db).is_file():
        raise InputError(db, "no such database")
    if out.resolve() == src.resolve():
        raise InputError(str(out), "the output would overwrite the input; give another -o")
    if not out.parent.is_dir():
        raise InputError(str(out), "no such directory")
    kind = file_kind(src)
    with Pretranslator(db, src_lang, tgt_lang, threshold=threshold, terms=terms, copy_source=copy_source) as tr:
        try:
            with replaced_atomically(out) as tmp:
                leverage, filled = _HANDLERS[kind](src, Path(tmp), tr)
        except OSError as e:
            raise InputError(str(out), f"cannot write: {e.strerror or e}") from None
        return Result(str(src), str(out), kind, tr.src_lang, tr.tgt_lang, threshold, leverage, filled)
