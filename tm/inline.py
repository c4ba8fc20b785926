"""Inline markup inside a segment: links, emphasis, code, HTML tags.

Segments keep their markup exactly as written in the document, so nothing is lost.
This module splits a segment into text and tags for the formats (TMX bpt/ept/ph,
XLIFF pc/ph) and gives the visible text that alignment and term matching read.
Markup that does not parse (an unbalanced bracket, a lone asterisk) stays text:
broken documents are read as they are, never "repaired".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Tag:
    """A piece of markup. ``kind`` is open, close or placeholder; ``i`` pairs open with close."""

    kind: str  # open | close | placeholder
    i: int
    code: str  # the native markup, e.g. "[" or "](/finra)"
    type: str  # link | bold | italic | code | image | html | autolink


Token = Text | Tag

_LINK = r"(?<!!)\[(?P<label>[^\[\]]*)\]\((?P<url>[^()\s]*(?:\s+\"[^\"]*\")?)\)"
_PATTERNS = [
    ("image", r"!\[[^\[\]]*\]\([^()\s]*\)"),
    ("link", _LINK),
    ("code", r"`[^`\n]+`"),
    ("autolink", r"<(?:https?|ftp|mailto):[^\s<>]+>"),
    ("html", r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"),
    ("bold", r"(?P<bm>\*\*|__)(?=\S)(?P<bold>.+?)(?<=\S)(?P=bm)"),
    ("italic", r"(?<![\w*])(?P<im>\*|_)(?=[^\s*_])(?P<italic>[^*_]+?)(?<=\S)(?P=im)(?![\w*])"),
]
_INLINE = re.compile("|".join(f"(?P<{name}_>{pat})" for name, pat in _PATTERNS))


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into Text and Tag tokens; joining every token's text or code gives ``text`` back."""
    counter = [0]
    tokens = _tokenize(text, counter)
    return _merge_text(tokens)


def _tokenize(text: str, counter: list[int]) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
        kind = m.lastgroup[:-1]  # the outermost group closes last
        whole = m.group(0)
        if kind in ("link", "bold", "italic"):
            counter[0] += 1
            i = counter[0]
            if kind == "link":
                inner, open_code = m.group("label"), "["
                close_code = whole[len("[") + len(inner) :]
            else:
                marker = m.group("bm") if kind == "bold" else m.group("im")
                inner, open_code, close_code = m.group(kind), marker, marker
            out.append(Tag("open", i, open_code, kind))
            out.extend(_tokenize(inner, counter))
            out.append(Tag("close", i, close_code, kind))
        else:
            counter[0] += 1
            out.append(Tag("placeholder", counter[0], whole, kind))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def _merge_text(tokens: list[Token]) -> list[Token]:
    merged: list[Token] = []
    for t in tokens:
        if isinstance(t, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + t.text)
        elif not (isinstance(t, Text) and not t.text):
            merged.append(t)
    return merged


def join(tokens: list[Token]) -> str:
    """Inverse of tokenize."""
    return "".join(t.text if isinstance(t, Text) else t.code for t in tokens)


def plain_text(text: str) -> str:
    """Visible text: link labels and code kept, markup characters dropped."""
    parts: list[str] = []
    for t in tokenize(text):
        if isinstance(t, Text):
            parts.append(t.text)
        elif t.type == "code":
            parts.append(t.code.strip("`"))
        elif t.type == "autolink":
            parts.append(t.code[1:-1])
    return "".join(parts)


def link_targets(text: str) -> list[str]:
    """URLs of links, images and autolinks, in order."""
    urls: list[str] = []
    for t in tokenize(text):
        if isinstance(t, Tag) and t.type == "link" and t.kind == "close":
            urls.append(t.code[2:-1].split()[0] if t.code[2:-1].strip() else "")
        elif isinstance(t, Tag) and t.type == "image":
            urls.append(t.code[t.code.index("](") + 2 : -1])
        elif isinstance(t, Tag) and t.type == "autolink":
            urls.append(t.code[1:-1])
    return urls


def tags(text: str) -> list[Tag]:
    return [t for t in tokenize(text) if isinstance(t, Tag)]
