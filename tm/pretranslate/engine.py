"""What pre-translation asks of the memory: the best match for each segment (in document order,
so that 101% context matches are found) and the term suggestions for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from tm import fuzzy
from tm.errors import InputError
from tm.model import location
from tm.store import Memory, TermBase
from tm.text import primary_subtag

DEFAULT_THRESHOLD = 75.0
ANALYSIS_FLOOR = 75.0  # the lowest band of the leverage summary


@dataclass
class Hit:
    """The best match for one segment, or none; ``terms`` are note lines for the translator
    (only where the match is not exact: an exact match needs no term advice)."""

    score: float | None = None
    target: str | None = None
    matched_source: str | None = None
    location: str | None = None  # where the matched pair is: "docs/en.md:14" (tm.model.location)
    terms: list[str] = field(default_factory=list)

    def origin(self) -> str:
        """Where the match is, for a note: ' from docs/en.md:14', or '' when that is unknown."""
        return f" from {self.location}" if self.location else ""


class Pretranslator:
    """The memory of ``db`` opened read-only, its fuzzy index built once, and its term base."""

    def __init__(self, db: str, src_lang: str | None, tgt_lang: str | None, *, threshold: float = DEFAULT_THRESHOLD,
                 terms: bool = True, copy_source: bool = False):
        if not 0 <= threshold <= 101:
            raise InputError("--threshold", f"must be between 0 and 101, not {threshold:g}")
        self.memory = Memory(db, readonly=True)
        try:
            self.src_lang, self.tgt_lang = self._pair(db, src_lang, tgt_lang)
            self.index = fuzzy.FuzzyIndex.build(self.memory)
            self.threshold = threshold
            self.copy_source = copy_source  # XLIFF: unfilled units get the source as target
            self.termbase = TermBase(db, self.src_lang, self.tgt_lang, readonly=True) if terms else None
        except BaseException:
            self.memory.close()
            raise

    def _pair(self, db: str, src: str | None, tgt: str | None) -> tuple[str, str]:
        pairs = [(s, t) for s, t, _ in self.memory.language_pairs()]
        want = (primary_subtag(src) if src else None, primary_subtag(tgt) if tgt else None)
        fits = [p for p in pairs if (want[0] in (None, p[0])) and (want[1] in (None, p[1]))]
        if len(fits) == 1:
            return fits[0]
        held = ", ".join(f"{s}→{t}" for s, t in pairs) or "no pairs"
        if not fits:
            raise InputError(db, f"the memory holds no {want[0] or '*'}→{want[1] or '*'} pairs; it holds {held}")
        raise InputError(db, f"the memory holds several language pairs ({held}); choose with --src-lang and --tgt-lang")

    def close(self) -> None:
        if self.termbase is not None:
            self.termbase.close()
        self.memory.close()

    def __enter__(self) -> "Pretranslator":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def best(self, text: str, prev: str | None, next: str | None) -> Hit:
        """The best match at or above the analysis floor (or the threshold, if lower)."""
        hit = Hit()
        if not text.strip():
            return hit
        floor = min(self.threshold, ANALYSIS_FLOOR)
        found = fuzzy.lookup(self.index, self.memory, text, self.src_lang, self.tgt_lang, min_score=floor, limit=1,
                             prev=prev or "", next=next or "")
        if found:
            m = found[0]
            hit.score, hit.target, hit.matched_source = m.quality, m.target, m.source
            hit.location = location(m.provenance.get("origin_file"), m.provenance.get("line"))
        if self.termbase is not None and not self.exact(hit):  # terms help where a translator writes
            hit.terms = list(dict.fromkeys(term_note(s) for s in self.termbase.suggest(text)))
        return hit

    def fills(self, hit: Hit) -> bool:
        return hit.score is not None and hit.score >= self.threshold

    @staticmethod
    def exact(hit: Hit) -> bool:
        return hit.score is not None and hit.score >= 100


def term_note(s) -> str:
    """One line per term found: what to write, and what not to."""
    parts = [f"{s.surface} → {s.preferred or '?'}"]
    if s.admitted:
        parts.append("also " + ", ".join(s.admitted))
    avoid = s.deprecated + s.forbidden
    if avoid:
        parts.append("not " + ", ".join(avoid))
    return "; ".join(parts)
