"""Inline markup inside a segment: links, emphasis, code, HTML tags.

Segments keep their markup exactly as written in the document, so nothing is lost.
This module splits a segment into text and tags for the formats (TMX bpt/ept/ph,
XLIFF pc/ph) and gives the visible text that alignment and term matching read.
Markup that does not parse (an unbalanced bracket, a lone asterisk) stays text:
broken documents are read as they are, never "repaired".

Angle brackets are a tag only when they look like HTML or XML (``is_html_tag``): software
messages write "<missing product>", "<<original entry>>", "<no title>", "<unknown>" or "<file>"
as words in brackets, and those words are text to translate and to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


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

# HTML elements (WHATWG), matched without regard to case: "<b>", "<B>", "<strong>", "<br>".
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption cite
    code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend
    li link main map mark meta meter nav noscript object ol optgroup option output p param picture pre
    progress q rp rt ruby s samp script section select small source span strong style sub summary sup
    table tbody td template textarea tfoot th thead time title tr track u ul var video wbr""".split()
)
# Attributes HTML lets stand without a value ("<input disabled>", "<details open>"); any other
# bare word after an element name ("<a new product>", "<time unknown>") makes the run text.
HTML_BOOLEAN_ATTRIBUTES = frozenset(
    """allowfullscreen async autofocus autoplay checked compact contenteditable controls declare default
    defer disabled download formnovalidate hidden inert ismap itemscope loop multiple muted nohref
    nomodule noresize noshade novalidate nowrap open playsinline popover readonly required reversed
    selected""".split()
)
_TAG_PARTS = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(\s[^<>]*?)?\s*(/?)>\Z")
_ATTRIBUTE = re.compile(r"""\s+([^\s"'<>/=`]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def is_html_tag(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, an angle-bracketed run such as "<b>", "</b>",
    "<a href='x'>", "<missing product>", reads as an HTML/XML tag rather than as text:

    - a closing tag "</name>" (any name: "</b>", "</g>");
    - an element with at least one ``name=value`` attribute ("<a href='x'>", "<g id=1>");
    - a known HTML element (``HTML_ELEMENTS``, any case) alone or with attributes that HTML lets
      stand without a value ("<b>", "<BR>", "<input disabled>");
    - any other name alone when self-closing ("<x/>") or closed later in ``text``
      ("<term>…</term>").

    Everything else is text: "<missing product>", "<no title>", "<unknown>", "<file>", "<TAB>",
    "<a new product>" (bare words after a name, which HTML would read as empty attributes)."""
    m = _TAG_PARTS.match(text, start, end)
    if m is None:
        return False
    closing, name, attrs, self_closing = m.groups()
    attrs = attrs or ""
    if closing:
        return not attrs.strip() and not self_closing
    bare: list[str] = []
    pos = 0
    end_of_attrs = len(attrs.rstrip())
    while pos < end_of_attrs:
        a = _ATTRIBUTE.match(attrs, pos)
        if a is None:
            return False  # "<a = b>", quotes in the wrong place: not attribute syntax
        if a.group(2):
            return True  # name="value": markup whatever the element
        bare.append(a.group(1))
        pos = a.end()
    known = name.lower() in HTML_ELEMENTS
    if bare:
        return known and all(b.lower() in HTML_BOOLEAN_ATTRIBUTES for b in bare)
    if known or self_closing:
        return True
    return _closing_tags(text).get(name, -1) >= end


_CLOSING_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>")


@lru_cache(maxsize=16)
def _closing_tags(text: str) -> dict[str, int]:
    """Name -> start of its last closing tag in ``text`` (one pass, however many "<name>")."""
    return {m.group(1): m.start() for m in _CLOSING_TAG.finditer(text)}


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into Text and Tag tokens; joining every token's text or code gives ``text`` back."""
    counter = [0]
    tokens = _tokenize(text, counter)
    return _merge_text(tokens)


def _tokenize(text: str, counter: list[int]) -> list[Token]:
    out: list[Token] = []
    pos = 0
    scan = 0
    while True:
        m = _INLINE.search(text, scan)
        if m is None:
            break
        kind = m.lastgroup[:-1]  # the outermost group closes last
        if kind == "html" and not is_html_tag(text, m.start(), m.end()):
            scan = m.start() + 1  # "<missing product>": text; look on after the "<"
            continue
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
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
        pos = scan = m.end()
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
