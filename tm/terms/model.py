"""The term base's data: a source term (TermEntry), its renderings (Rendering), a match in a text.

Polish is inflected, so every key here is a tuple of lemmas (``Key``), never a surface string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from tm.terms.tokens import language

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
        """The preferred rendering (:func:`preferred_rendering`, no keep-untranslated list)."""
        return preferred_rendering(self)

    @property
    def target(self) -> str | None:
        p = self.preferred
        return p.text if p else None

    def with_status(self, *statuses: str | None) -> list[Rendering]:
        return [r for r in self.renderings if r.status in statuses]

    def to_dict(self, keep: Iterable[str] = ()) -> dict[str, Any]:
        """JSON form (docs/terms.md); ``target`` is :func:`preferred_rendering` under ``keep``."""
        pref = preferred_rendering(self, keep)
        return {
            "id": self.id,
            "source": self.source,
            "source_key": list(self.source_key),
            "target": pref.text if pref else None,
            "pos": self.pos,
            "status": self.status,
            "notes": self.notes,
            "confidence": round(self.confidence, 4),
            "origin": self.origin,
            "count": self.count,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "fallback": list(self.fallback),
            "renderings": [{**r.to_dict(), "untranslated": is_untranslated(self, r)} for r in self.renderings],
        }


PERSON = ("glossary", "edited")
_BARRED = ("deprecated", "forbidden")


def _fold(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def is_untranslated(entry: TermEntry, r: Rendering) -> bool:
    """Is the rendering a copy of the English ("Account Executive" for "account executive")?
    Every form seen must be the source term itself (or its plural); an inflected loan word
    ("brokerów-dealerów") is a translation."""
    src = _fold(entry.source)
    if not src:
        return False
    copies = {src, src + "s", src + "es"}
    forms = r.surfaces or {r.text}
    if not all(_fold(f) in copies for f in forms):
        return False
    # the same letters may be a word of the target language too ("menu", "link", "token")
    return not _dictionary_words(r.text, entry.tgt_lang)


def _dictionary_words(text: str, lang_code: str) -> bool:
    """Does the target language's dictionary (morfeusz2 for Polish) know every word?"""
    lang = language(lang_code)
    source = getattr(lang, "lemma_source", None)
    words = [w.text for w in lang.words(text)]
    return source is not None and bool(words) and all(source(w) == "morfeusz" for w in words)


def kept_untranslated(entry: TermEntry, keep: Iterable[str]) -> bool:
    """Is the entry's source term on the keep-untranslated list (case-insensitive)?"""
    src = _fold(entry.source)
    return any(_fold(k) == src for k in keep)


def preferred_rendering(entry: TermEntry, keep: Iterable[str] = ()) -> Rendering | None:
    """The one answer to "what should this term be written as", used by tm check, tm terms
    list, tm terms suggest and the service.

    1. A person's word first: a rendering marked preferred, then one a glossary lists
       (admitted before unmarked), never a deprecated or forbidden one.
    2. Else the most frequent translated rendering the memory shows (ties: the text).
    3. An untranslated copy of the English is only preferred when ``keep`` (the
       keep-untranslated list: words and phrases) holds the source term; otherwise it is a
       rendering to flag, and an entry with nothing else has no preferred rendering.
    """
    usable = [r for r in entry.renderings if r.status not in _BARRED]
    for r in usable:
        if r.status == "preferred":
            return r
    person = [r for r in usable if r.origin in PERSON or r.status == "admitted"]
    if person:
        return max(person, key=lambda r: (r.status == "admitted", r.count, _neg(r.text)))
    keep = list(keep)
    copies = [r for r in usable if is_untranslated(entry, r)]
    if copies and keep and kept_untranslated(entry, keep):
        return min(copies, key=lambda r: (-r.count, r.text))
    translated = [r for r in usable if r not in copies]
    if not translated:
        return None
    # ties: as many words as the source term ("kierownik konta" before "kierownik"), then text
    return min(translated, key=lambda r: (-r.count, abs(len(r.key) - len(entry.source_key)), r.text))


def _neg(text: str) -> tuple[int, ...]:
    """Sorts texts backwards inside max(): equal counts pick the alphabetically first."""
    return tuple(-ord(c) for c in text)


@dataclass(frozen=True)
class TermMatch:
    start: int  # character offsets in the text given
    end: int
    surface: str
    key: Key
    payload: Any
