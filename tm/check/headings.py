"""Markdown headings whose marker has no space after it ("##Przegląd"): Markdown renders the
line as text with the hashes in it, not as a heading. tm's reader is lenient and reads such a
line as a heading anyway, so the check looks at the document's own lines (``DocumentCheck``,
when two documents are checked) and at segments that kept the marker (a memory's pairs).
A marker the source lacks a space after too is copied, not the translator's slip."""

from __future__ import annotations

import re

from tm.check.keep import KeepList
from tm.check.model import CheckInfo, DocumentCheck, Finding, Pair, PairCheck, Span, make_finding
from tm.read.documents import read_text_file

HEADING_MARKUP = CheckInfo("heading-markup", "warning", "Markdown heading marker with no space after it")

# a marker glued to a word ("##Przegląd"; "#12" is a number, not a heading)
_GLUED = re.compile(r"^[ \t]{0,3}(#{1,6})(?=[^\W\d_])")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S")


def _finding(pair: Pair, marker: str, start: int, end: int, where: str = "") -> Finding:
    return make_finding(
        HEADING_MARKUP, pair,
        f"the heading marker \"{marker}\" has no space after it{where}: Markdown shows it as text; write \"{marker} \"",
        term=marker, found=marker, expected=[marker + " "], spans=[Span("target", start, end)],
    )


def _pair_check(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    m = _GLUED.match(pair.target)
    if m is None or not _HEADING.match(pair.source):
        return []  # only where the source is a heading written right
    return [_finding(pair, m.group(1), m.start(1), m.end(1))]


def _document_check(source, target, pairs: list[Pair]) -> list[Finding]:
    """Heading lines of the target document whose marker is glued to the text, unless the
    source document has as many glued markers (copied). Each is reported on the pair whose
    target is the heading's text, else on a pair named by the target's line."""
    if getattr(target, "format", None) != "markdown":
        return []
    glued = _glued_lines(target)
    if not glued or len(_glued_lines(source)) >= len(glued):
        return []
    by_target = {p.target.strip(): p for p in pairs}
    name = str(target.path).rsplit("/", 1)[-1]
    out = []
    for line_no, line, marker in glued:
        pair = by_target.get(line.strip().lstrip("#").strip())
        if pair is not None:  # the pair holds the heading's text, without its marker
            out.append(_finding(pair, marker, 0, len(pair.target), f" (line {line_no} of {name})"))
        else:
            start = line.index(marker)
            out.append(_finding(Pair(f"{name}:{line_no}", "", line), marker, start, start + len(marker), f" (line {line_no})"))
    return out


def _glued_lines(document) -> list[tuple[int, str, str]]:
    """(line number, line, marker) of the document's heading blocks written without a space."""
    try:
        lines = read_text_file(document.path).split("\n")
    except Exception:  # the document was read once already; a file gone since has no lines
        return []
    out = []
    for block in document.blocks:
        if block.kind == "heading" and 1 <= block.line <= len(lines):
            m = _GLUED.match(lines[block.line - 1])
            if m is not None:
                out.append((block.line, lines[block.line - 1], m.group(1)))
    return out


REGISTERED = (PairCheck(HEADING_MARKUP, _pair_check), DocumentCheck((HEADING_MARKUP,), _document_check))
