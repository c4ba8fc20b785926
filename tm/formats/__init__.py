"""Exchange formats: TMX (tm.formats.tmx) and gettext PO/MO (tm.formats.po).

Every reader yields ``tm.model.TranslationUnit`` and raises ``tm.errors.InputError``
naming the file and the line for bad input; every writer takes an iterable of units.
"""

from __future__ import annotations

import os
import re

from tm.errors import InputError

_BY_EXTENSION = {
    ".tmx": "tmx",
    ".po": "po",
    ".pot": "po",
    ".mo": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tbx": "tbx",
    ".tsv": "tsv",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")


def detect_format(path: str | os.PathLike[str]) -> str | None:
    """Name the format of ``path``: tmx, po, xliff, tbx, tsv, csv, markdown, text, or None.

    The extension decides when it is known; otherwise the first bytes are sniffed
    (an XML root element ``tmx``/``xliff``/``tbx``/``martif``, a gettext catalog or MO magic).
    A file that cannot be read gives None.
    """
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext in _BY_EXTENSION:
        return _BY_EXTENSION[ext]
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


class Cleaner:
    """Checks a writer's text for characters its format cannot hold: refuses them with an
    InputError naming the unit (``mode="error"``) or drops them (``mode="strip"``)."""

    def __init__(self, invalid: re.Pattern[str], mode: str, cannot: str):
        self.invalid, self.mode, self.cannot = invalid, mode, cannot

    def __call__(self, text: str, where: str) -> str:
        m = self.invalid.search(text)
        if m is None:
            return text
        if self.mode == "strip":
            return self.invalid.sub("", text)
        raise InputError(
            None,
            f"{where} contains U+{ord(m.group()):04X}, {self.cannot};"
            " remove it or write with invalid_chars='strip'",
        )

    def place(self, unit, n: int) -> str:
        """How errors name a unit: its number and, printable, its context."""
        return f"unit {n}" + (f" ({self.invalid.sub('?', unit.context)})" if unit.context else "")
