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
