"""Pre-translating a Markdown or plain-text document.

The document is read and split into sentences as ``tm align`` does (tm.read, SRX rules), and
each sentence is looked up with its neighbours as context. The output is the input text with
each filled sentence replaced where it stands, so headings, list markers, front matter keys,
code and blank lines stay as written. Markdown: a fuzzy match is filled and followed by
``<!-- tm: fuzzy 87% from docs/en.md:14 -->`` (an HTML comment: not shown when rendered; the
place of the matched pair when the memory knows it), and term suggestions
follow a sentence that is not an exact match as ``<!-- tm terms: … -->``. Plain text and the
front matter (title, description) have no comments: only 100% and 101% matches are filled
there, fuzzy ones are left in the source language and counted.
"""

from __future__ import annotations

import re
from pathlib import Path

from tm.align.pipeline import segment_document
from tm.pretranslate.engine import Pretranslator
from tm.pretranslate.leverage import Leverage
from tm.read.documents import read_document, read_text_file


def _pattern(sentence: str) -> re.Pattern[str]:
    """The sentence as it stands in the file: its words in order, any whitespace between
    (a paragraph's lines are joined by the reader)."""
    return re.compile(r"\s+".join(re.escape(w) for w in sentence.split()))


def _comment(text: str) -> str:
    return " <!-- " + text.replace("--", "- -") + " -->"


def pretranslate_document(path: Path, out: Path, tr: Pretranslator) -> tuple[Leverage, dict[str, int]]:
    text = read_text_file(path)
    doc = read_document(path, lang=tr.src_lang)
    markdown = doc.format == "markdown"
    no_comment = ("title", "description")  # front matter: a comment there would change the YAML value
    segments = segment_document(doc, tr.src_lang)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    leverage, counts = Leverage(), {"translated": 0, "fuzzy": 0, "untouched": 0}
    pieces: list[str] = []
    cursor = 0
    for i, seg in enumerate(segments):
        prev = segments[i - 1].text if i else ""
        nxt = segments[i + 1].text if i + 1 < len(segments) else ""
        hit = tr.best(seg.text, prev, nxt)
        leverage.add(seg.text, hit.score)
        block_start = line_starts[min(doc.blocks[seg.block].line - 1, len(line_starts) - 1)]
        m = _pattern(seg.text).search(text, max(cursor, block_start)) if seg.text.split() else None
        comments = markdown and seg.kind not in no_comment
        exact = tr.exact(hit) and bool(hit.target)
        fuzzy = not exact and comments and tr.fills(hit) and bool(hit.target)
        if m is None or not (exact or fuzzy):
            counts["untouched"] += 1
            if m is not None and comments and hit.terms:
                pieces.append(text[cursor:m.end()] + _comment("tm terms: " + "; ".join(hit.terms)))
                cursor = m.end()
            continue
        replacement = hit.target
        if fuzzy:
            replacement += _comment(f"tm: fuzzy {hit.score:g}%{hit.origin()}")
        if comments and hit.terms:
            replacement += _comment("tm terms: " + "; ".join(hit.terms))
        pieces.append(text[cursor:m.start()] + replacement)
        cursor = m.end()
        counts["fuzzy" if fuzzy else "translated"] += 1
    pieces.append(text[cursor:])
    Path(out).write_text("".join(pieces), encoding="utf-8")
    return leverage, counts
