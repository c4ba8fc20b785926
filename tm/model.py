"""Plain data types shared by the readers, the aligner, the store and the formats."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: a title, heading, paragraph, list item, ...

    ``text`` keeps inline markup exactly as written (see tm.inline).
    """

    kind: str  # title | description | heading | paragraph | item | quote | line
    text: str
    line: int  # 1-based line in the file where the block starts
    level: int = 0  # heading level, list depth
    # (offset in ``text``, line in the file) of each later line of the block: a paragraph
    # wrapped over several lines is one block, and a sentence in it starts on one of them.
    line_starts: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def line_at(self, offset: int) -> int:
        """The line in the file of the character at ``offset`` in ``text``."""
        line = self.line
        for start, number in self.line_starts:
            if start > offset:
                break
            line = number
        return line


@dataclass
class Document:
    path: str
    blocks: list[Block]
    lang: str | None = None
    format: str = "markdown"  # markdown | text | presegmented


@dataclass(frozen=True)
class Segment:
    """A sentence (or a whole pre-segmented line) of a document."""

    index: int  # position among the document's segments, 0-based
    block: int  # index of the block it came from
    text: str  # with inline markup
    kind: str = "paragraph"
    line: int | None = field(default=None, compare=False)  # 1-based line in the file where it starts


@dataclass(frozen=True)
class AlignedPair:
    """A bead: zero or more source segments aligned with zero or more target segments."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    source_text: str
    target_text: str
    confidence: float
    low_confidence: bool = False

    def to_dict(self) -> dict:
        """The bead as ``tm align --format json`` and POST /api/v1/align give it."""
        return {
            "source": list(self.source),
            "target": list(self.target),
            "source_text": self.source_text,
            "target_text": self.target_text,
            "confidence": self.confidence,
            "low_confidence": self.low_confidence,
        }


@dataclass
class TranslationUnit:
    """A pair as stored in, or exchanged with, the memory (TMX/PO/XLIFF units)."""

    source: str
    target: str
    src_lang: str
    tgt_lang: str
    confidence: float = 1.0
    low_confidence: bool = False
    context: str | None = None  # document and position, e.g. "en.md#12"
    note: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    # Where it is: the 1-based line of its first source segment (aligned pairs), or of the unit
    # in the file it was imported from; None when not known. Not part of a unit's identity.
    line: int | None = field(default=None, compare=False)


def location(path: str | None, line: int | None) -> str | None:
    """``path:line`` as editors and compilers write a place in a file; None without both."""
    return f"{path}:{line}" if path and line else None
