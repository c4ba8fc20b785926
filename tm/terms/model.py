"""The term base's data: a source term (TermEntry), its renderings (Rendering), a match in a text.

Polish is inflected, so every key here is a tuple of lemmas (``Key``), never a surface string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
Key = tuple[str, ...]


@dataclass
class Rendering:
    """One way a source term is (or must not be) translated."""

    text: str  # display base form: "kierownik konta"
    key: Key  # every word lemmatized: ("kierownik", "konto")
    count: int = 0  # aligned pairs where the term is rendered this way
    status: str | None = None  # preferred | admitted | deprecated | forbidden | None
    segment_ids: list[int] = field(default_factory=list)  # pair ids in the memory
    surfaces: set[str] = field(default_factory=set)  # forms seen: "kierownikowi konta", ...
    note: str | None = None  # a person's note on this rendering ("mistranslation: ...")
    fallback: list[str] = field(default_factory=list)  # "word:simplemma" / "word:sentencepiece"
    origin: str = "extracted"  # extracted | glossary | edited: who listed this rendering

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "origin": self.origin,
            "key": list(self.key),
            "count": self.count,
            "status": self.status,
            "segment_ids": list(self.segment_ids),
            "surfaces": sorted(self.surfaces),
            "note": self.note,
            "fallback": list(self.fallback),
        }


@dataclass
class TermEntry:
    """A source term and every rendering of it."""

    id: int | None
    source: str  # display form: "account executive"
    source_key: Key  # ("account", "executive")
    pos: str | None = "noun"
    status: str | None = None  # status of the source term itself (TBX), usually None
    notes: str | None = None
    confidence: float = 0.0  # 0..1
    origin: str = "extracted"  # extracted | glossary | edited
    renderings: list[Rendering] = field(default_factory=list)
    count: int = 0  # aligned pairs where the source term occurs
    src_lang: str = "en"
    tgt_lang: str = "pl"
    fallback: list[str] = field(default_factory=list)  # source words keyed by a fallback

    @property
    def preferred(self) -> Rendering | None:
        """The preferred rendering; else the most frequent one that is not deprecated/forbidden."""
        for r in self.renderings:
            if r.status == "preferred":
                return r
        usable = [r for r in self.renderings if r.status not in ("deprecated", "forbidden")]
        if not usable:
            return None
        return max(usable, key=lambda r: (r.status == "admitted", r.count))

    @property
    def target(self) -> str | None:
        p = self.preferred
        return p.text if p else None

    def with_status(self, *statuses: str | None) -> list[Rendering]:
        return [r for r in self.renderings if r.status in statuses]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "source_key": list(self.source_key),
            "target": self.target,
            "pos": self.pos,
            "status": self.status,
            "notes": self.notes,
            "confidence": round(self.confidence, 4),
            "origin": self.origin,
            "count": self.count,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "fallback": list(self.fallback),
            "renderings": [r.to_dict() for r in self.renderings],
        }


@dataclass(frozen=True)
class TermMatch:
    start: int  # character offsets in the text given
    end: int
    surface: str
    key: Key
    payload: Any
