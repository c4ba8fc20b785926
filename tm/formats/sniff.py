"""Telling what a file to import is, and whether its bytes can be trusted: the format by
content first and extension second (the extensions from tm.formats.registry), and a legacy
encoding declaration over UTF-8 bytes refused."""

from __future__ import annotations

import codecs
import re

from tm.errors import InputError
from tm.formats.registry import GLOSSARY, by_extension, by_root
from tm.formats.source import Source, SourceLike

_XML_DECL = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_PO_CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")
_UNICODE_NAMES = {"utf8", "utf16", "utf16le", "utf16be", "utf32", "ascii", "usascii", "ucs2"}
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def sniff_format(path: SourceLike, *, as_documents: bool = False) -> str:
    """tmx, xliff, po, mo, tbx, tsv, csv or text, by content first and extension second.

    Raises InputError for a missing, empty, binary or unrecognised file.
    """
    src = Source.of(path)
    path = src.name  # what errors call it
    if src.problem():
        raise InputError(path, src.problem())
    if src.size() == 0:
        raise InputError(path, "empty file")
    with src.open() as f:
        head = f.read(65536)
    if as_documents:
        return "text"
    if head[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
        return "mo"
    text = _decode_head(head)
    if text is None:
        raise InputError(path, "binary file: not TMX, XLIFF, PO, MO or text")
    ext = src.ext
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        root = _root_name(stripped)
        kind = by_root(root or "")
        if kind:
            return kind.name
        if root is None:
            raise InputError(path, "XML without a root element in its first 64 KB", 1)
        raise InputError(path, f"XML with root <{root}>: not TMX, XLIFF or TBX")
    if re.search(r"^\s*(?:msgid|msgctxt)\s+\"", text, re.M):
        return "po"
    by_ext = by_extension(ext, loose=True)  # glossary.utf8, .tab, .txt: OmegaT's names for a TSV glossary
    if by_ext and by_ext.kind == GLOSSARY and not by_ext.roots:  # TSV, CSV: no content signature
        return by_ext.name
    if by_ext:
        label = by_ext.name.upper()
        raise InputError(path, f"does not look like {label}: no {label} content at the start", 1)
    if ext in (".txt", ".text", ""):
        raise InputError(path, "plain text: pass --as-documents to read one tab-separated pair per line")
    raise InputError(path, f"unknown file type {ext!r}; expected TMX, XLIFF, PO/POT/MO, or text with --as-documents")


def _decode_head(head: bytes) -> str | None:
    """The first bytes as text, or None when they look binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head.startswith(b"<\x00") or head.startswith(b"\x00<"):  # UTF-16 XML without a BOM
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", errors="replace")
    if b"\x00" in head:
        return None
    return head.decode("utf-8", errors="replace")


def _root_name(text: str) -> str | None:
    """The first element name after the XML declaration, comments and DOCTYPE."""
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            return None
        if text.startswith("<?", lt):
            pos = text.find("?>", lt) + 2 if "?>" in text[lt:] else len(text)
        elif text.startswith("<!--", lt):
            end = text.find("-->", lt)
            pos = end + 3 if end >= 0 else len(text)
        elif text.startswith("<!", lt):
            pos = _doctype_end(text, lt)
        else:
            m = _ROOT.match(text, lt)
            return m.group(1).rpartition(":")[2] if m else None
        if pos <= lt:
            return None


def _doctype_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ">" and depth <= 0:
            return i + 1
    return len(text)


def check_declared_encoding(path: SourceLike, fmt: str) -> None:
    """Refuse a file that declares a legacy encoding but whose bytes are UTF-8.

    libxml2 and polib trust the declaration and would store mojibake ("zaÅ¼Ã³Å‚Ä‡").
    Bytes in a real single-byte encoding with any non-ASCII letter are almost never valid
    UTF-8, so valid UTF-8 with non-ASCII bytes under a legacy declaration is the lie.
    The whole file is read, but only when such a declaration is present.
    """
    src = Source.of(path)
    path = src.name
    with src.open() as f:
        head = f.read(4096)
    po = fmt == "po"
    m = _PO_CHARSET.search(head) if po else _XML_DECL.match(head)
    declared = m.group(1).decode("ascii") if m else "UTF-8"
    if re.sub(r"[-_.:]", "", declared.lower()) in _UNICODE_NAMES:
        if po and declared.lower().replace("-", "") == "utf8":
            _check_utf8(src)  # polib's own error names a byte offset, not a line
        return
    if not m:
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, first_non_ascii = 1, None
    with src.open() as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return  # really not UTF-8: the declaration may well be right
            if first_non_ascii is None:
                k = next((i for i, b in enumerate(chunk) if b >= 0x80), None)
                if k is not None:
                    first_non_ascii = line + chunk.count(b"\n", 0, k)
            line += chunk.count(b"\n")
    if first_non_ascii is not None:
        raise InputError(
            path,
            f"declares encoding {declared} but its bytes are UTF-8 (non-ASCII text from here on would be garbled);"
            " declare UTF-8 instead",
            first_non_ascii,
        )


def _check_utf8(src: Source) -> None:
    path = src.name
    with src.open() as f:
        for n, line in enumerate(f, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(
                    path, f"not valid UTF-8 as its charset says (byte 0x{line[e.start]:02X} at column {e.start + 1})", n
                ) from None


