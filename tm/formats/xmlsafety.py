"""What the XML formats share: the error for a file libxml2 refuses (a refused entity
declaration, with its line, or the parser's message), and writing a segment's inline markup as
flat paired elements (TMX and XLIFF 1.2 bpt/ept/ph)."""

from __future__ import annotations

import re
from typing import Any, Callable

from tm.errors import InputError
from tm.formats.source import Source, SourceLike
from tm.inline import Tag, Text, tokenize

# Every inline pattern in tm.inline starts with one of these characters; text without them
# skips tokenizing (keep in step with tm.inline._PATTERNS).
NO_MARKUP = re.compile(r"[^\[*_`<!]*\Z").match


def entity_line(source: SourceLike) -> int | None:
    """Line of the first ``<!ENTITY`` (UTF-8 or UTF-16LE) in the first 100,000 lines, or None."""
    try:
        with Source.of(source).open() as f:
            for n, line in enumerate(f, 1):
                if b"<!ENTITY" in line or b"<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y" in line:
                    return n
                if n > 100_000:
                    break
    except OSError:
        pass
    return None


def parse_error(source: SourceLike, error: Exception, entity_refused: str) -> InputError:
    """The one-line error for an XMLSyntaxError of file ``name``: ``entity_refused`` at the
    line of an entity declaration (libxml2's own message there is about expansion limits and
    says nothing useful), else "malformed XML" with libxml2's message and line."""
    name = str(source)
    line = entity_line(source)
    if line is not None:
        return InputError(name, entity_refused, line)
    msg = re.sub(r",? line \d+, column \d+$", "", getattr(error, "msg", None) or str(error))
    return InputError(name, f"malformed XML: {msg}", getattr(error, "lineno", None) or None)


def fill_flat(elem: Any, text: str, make_tag: Callable[[Any, Tag], Any]) -> None:
    """Put ``text`` into ``elem``: plain runs as text and tails, each markup tag as the element
    ``make_tag(elem, tag)`` creates (bpt/ept/ph), holding the native code as its text."""
    if NO_MARKUP(text):
        elem.text = text
        return
    last = None
    for token in tokenize(text):
        if isinstance(token, Text):
            if last is None:
                elem.text = (elem.text or "") + token.text
            else:
                last.tail = (last.tail or "") + token.text
            continue
        last = make_tag(elem, token)
        last.text = token.code
