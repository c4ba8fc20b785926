"""Reading articles into blocks: Markdown with YAML front matter, plain text, pre-segmented text.

The readers are lenient about markup, because real documents are messy: "##Heading"
with no space is still a heading, a broken link stays as written. They are strict about
bytes: a missing, empty, binary or undecodable file is refused with an InputError that
names the file and the place.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tm.errors import InputError
from tm.model import Block, Document

FORMATS = ("markdown", "text", "presegmented")

_HEADING = re.compile(r"^(#{1,6})(?!#)[ \t]*(\S.*?)[ \t]*#*[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?(.*)$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
# Front-matter keys whose values are text for translators; the rest is metadata.
_TEXT_KEYS = ("title", "description")


def read_text_file(path: str | Path) -> str:
    """Read a file as UTF-8 text, refusing what is not text."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(name, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError as e:
            raise InputError(name, f"not valid UTF-16: {e.reason}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, "binary file (NUL byte), not text", _place(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            name, f"not valid UTF-8 (byte 0x{data[e.start]:02x}); convert the file to UTF-8", _place(data, e.start)
        ) from None
    controls = [c for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f\v"]
    if len(controls) > 8:
        raise InputError(name, "binary file (control characters), not text")
    return _normalise_newlines(text)


def _place(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"{line} (byte {offset})"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    return "markdown" if suffix in (".md", ".markdown", ".mdown", ".mkd") else "text"


def read_document(path: str | Path, format: str | None = None, lang: str | None = None) -> Document:
    """Read a file into a Document. ``format`` is markdown, text or presegmented (default: by extension)."""
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(str(path), f"unknown document format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = read_text_file(path)
    return parse_document(text, str(path), fmt, lang)


def parse_document(text: str, path: str = "<text>", format: str = "markdown", lang: str | None = None) -> Document:
    if format == "presegmented":
        blocks = _presegmented_blocks(text)
    elif format == "text":
        blocks = _text_blocks(text.split("\n"), 1)
    else:
        blocks = _markdown_blocks(text, path)
    if not any(b.text.strip() for b in blocks):
        raise InputError(path, "no text to align")
    return Document(path=path, blocks=blocks, lang=lang, format=format)


def _presegmented_blocks(text: str) -> list[Block]:
    # One segment per line, the hunalign/vecalign convention: line N is segment N-1,
    # so a trailing newline ends the last line rather than adding an empty one.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [Block("line", line.strip(), i + 1) for i, line in enumerate(lines)]


def _text_blocks(lines: list[str], first_line: int) -> list[Block]:
    blocks: list[Block | None] = []
    buf: list[tuple[str, int]] = []
    for n, line in enumerate(lines, first_line):
        if line.strip():
            buf.append((line, n))
        elif buf:
            blocks.append(_joined_block("paragraph", buf, buf[0][1]))
            buf = []
    if buf:
        blocks.append(_joined_block("paragraph", buf, buf[0][1]))
    return [b for b in blocks if b is not None]


def _joined_block(kind: str, buf: list[tuple[str, int]], start: int, level: int = 0) -> Block | None:
    """The lines of ``buf`` ((text, line number) each), stripped and joined with spaces, as one
    block that remembers where each line begins in its text; None when they hold no text."""
    parts = [(text.strip(), n) for text, n in buf if text.strip()]
    if not parts:
        return None
    starts, offset = [], 0
    for k, (text, n) in enumerate(parts):
        if k:
            starts.append((offset, n))
        offset += len(text) + 1
    return Block(kind, " ".join(text for text, _ in parts), start, level, tuple(starts))


def _front_matter(lines: list[str], path: str) -> tuple[list[Block], int]:
    """Title and description from YAML front matter; returns blocks and the first body line index."""
    if not lines or lines[0].strip() != "---":
        return [], 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return [], 0  # no closing fence: not front matter, read it as text
    raw = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError:
        meta = _loose_front_matter(lines[1:end])
    if not isinstance(meta, dict):
        meta = _loose_front_matter(lines[1:end])
    blocks = []
    for key in _TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            line_no = next((i + 1 for i in range(1, end) if lines[i].lstrip().startswith(f"{key}:")), 2)
            blocks.append(Block(key, " ".join(value.split()), line_no))
    return blocks, end + 1


def _loose_front_matter(lines: list[str]) -> dict[str, str]:
    # YAML that does not parse (a colon inside an unquoted value, say): read "key: value" lines.
    meta: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            meta[key.strip()] = value.strip().strip("'\"")
    return meta


class _Collector:
    """The blocks read so far and the lines of the block being collected."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.buf: list[tuple[str, int]] = []  # (text, line number)
        self.kind, self.start, self.level = "paragraph", 0, 0

    def add(self, text: str, n: int) -> None:
        self.buf.append((text, n))

    def flush(self) -> None:
        block = _joined_block(self.kind, self.buf, self.start, self.level)
        if block is not None:
            self.blocks.append(block)
        self.buf = []


def _markdown_blocks(text: str, path: str) -> list[Block]:
    lines = text.split("\n")
    blocks, first = _front_matter(lines, path)
    c = _Collector(blocks)
    in_fence = False
    in_comment = False
    for n, line in enumerate(lines[first:], first + 1):
        if in_fence:
            in_fence = not _FENCE.match(line)
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if _FENCE.match(line):
            # Code blocks are not prose to translate; they are left out of the TM.
            c.flush()
            in_fence = True
            continue
        stripped = line.strip()
        if stripped.startswith("<!--"):
            c.flush()
            in_comment = "-->" not in stripped
            continue
        if not stripped:
            c.flush()
            continue
        _markdown_line(c, line, stripped, n)
    c.flush()
    return blocks


def _markdown_line(c: _Collector, line: str, stripped: str, n: int) -> None:
    """Read non-blank line ``n`` outside code and comments."""
    if c.buf and c.kind == "paragraph" and _SETEXT.match(line) and not _ITEM.match(line):
        c.kind, c.level = "heading", 1 if stripped[0] == "=" else 2
        c.flush()
        c.kind = "paragraph"
        return
    if _RULE.match(line):
        c.flush()
        return
    m = _HEADING.match(stripped)
    if m:
        c.flush()
        c.kind, c.start, c.level = "heading", n, len(m.group(1))
        c.add(m.group(2), n)
        c.flush()
        c.kind = "paragraph"
        return
    m = _QUOTE.match(line)
    if m:
        if c.kind != "quote" or not c.buf:
            c.flush()
            c.kind, c.start, c.level = "quote", n, 0
        content = m.group(1)
        if content.strip():
            c.add(content, n)
        else:
            c.flush()
            c.kind = "quote"
        return
    m = _ITEM.match(line)
    if m:
        c.flush()
        c.kind, c.start, c.level = "item", n, len(m.group(1).expandtabs(4)) // 2
        c.add(m.group(3), n)
        return
    if c.kind == "quote" and c.buf:
        c.add(line, n)  # lazy continuation of a quote
        return
    if not c.buf:
        c.kind, c.start, c.level = "paragraph", n, 0
    c.add(line, n)
