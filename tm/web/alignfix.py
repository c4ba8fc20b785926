"""Fixing an alignment by hand (the workbench's align page): a draft holds the two documents'
segments and the beads; the person joins, splits, unlinks, links and moves them, then saves.

A bead is (source segment indices, target segment indices), either side possibly empty (an
unaligned segment). The draft lives in the server process; saving stores the beads as the
documents' alignment (``Memory.add_alignment``) with the method ``tm-web/edited <digest>``, so
a later save of other fixes replaces it and the same fixes again are a no-op. Re-aligning the
same documents on the page (``realign``) reads that stored alignment back and keeps every
bead of it, the aligner filling in only segments the person's beads do not cover.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tm.align import align_texts
from tm.align.pipeline import METHOD, AlignmentResult, _document_hash  # the CLI's document keys
from tm.errors import InputError
from tm.model import AlignedPair, Segment
from tm.store import Memory

EDITED = "tm-web/edited"
LOW_SHARE = 0.6  # more low-confidence beads than this: the texts are not a translation of each other
MAX_DRAFTS = 20

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Draft:
    id: str
    source_name: str
    target_name: str
    result: AlignmentResult
    beads: list[Bead]
    confidence: dict[Bead, tuple[float, bool]] = field(default_factory=dict)  # the aligner's, for its own beads
    kept: int = 0  # beads kept from a stored, hand-fixed alignment

    @property
    def src(self) -> list[Segment]:
        return self.result.source_segments

    @property
    def tgt(self) -> list[Segment]:
        return self.result.target_segments

    def text(self, side: str, indices: tuple[int, ...]) -> str:
        segs = self.src if side == "source" else self.tgt
        return " ".join(segs[i].text for i in indices)

    def unaligned(self, side: str) -> list[int]:
        return sorted(i for s, t in self.beads for i in (s if side == "source" else t) if not (t if side == "source" else s))


# ----- the edits ---------------------------------------------------------------------------------


def _bead(beads: list[Bead], i: int) -> Bead:
    if not 0 <= i < len(beads):
        raise InputError(None, f"there is no pair {i + 1}")
    return beads[i]


def join(beads: list[Bead], i: int) -> list[Bead]:
    """Bead ``i`` and the next one become one (two segments that belong together)."""
    a, b = _bead(beads, i), _bead(beads, i + 1)
    merged = (tuple(sorted(a[0] + b[0])), tuple(sorted(a[1] + b[1])))
    return beads[:i] + [merged] + beads[i + 2 :]


def split(beads: list[Bead], i: int) -> list[Bead]:
    """The last segment of each side of bead ``i`` becomes a bead of its own."""
    s, t = _bead(beads, i)
    if len(s) < 2 and len(t) < 2:
        raise InputError(None, f"pair {i + 1} has one segment on each side: nothing to split")
    first = (s[:-1] if len(s) > 1 else s, t[:-1] if len(t) > 1 else t)
    second = (s[-1:] if len(s) > 1 else (), t[-1:] if len(t) > 1 else ())
    return beads[:i] + [first, second] + beads[i + 1 :]


def unlink(beads: list[Bead], i: int) -> list[Bead]:
    """Bead ``i`` becomes its source segments and its target segments, both unaligned."""
    s, t = _bead(beads, i)
    if not s or not t:
        raise InputError(None, f"pair {i + 1} is not linked")
    return beads[:i] + [(s, ()), ((), t)] + beads[i + 1 :]


def link(beads: list[Bead], source: int, target: int) -> list[Bead]:
    """An unaligned source segment and an unaligned target segment become a bead (anywhere
    in the documents: a moved paragraph is linked where its source is)."""
    si = next((k for k, (s, t) in enumerate(beads) if source in s and not t), None)
    ti = next((k for k, (s, t) in enumerate(beads) if target in t and not s), None)
    if si is None or ti is None:
        raise InputError(None, "link needs an unaligned source segment and an unaligned target segment")
    out = [b for k, b in enumerate(beads) if k not in (si, ti)]
    new = (beads[si][0], beads[ti][1])
    at = si if si < ti else si - 1
    return out[:at] + [new] + out[at:]


def move(beads: list[Bead], i: int, direction: int) -> list[Bead]:
    """Move the target side of bead ``i`` one segment up (into the previous bead) or down
    (into the next): the first target segment goes up, the last goes down."""
    s, t = _bead(beads, i)
    j = i + direction
    if not t:
        raise InputError(None, f"pair {i + 1} has no target segment to move")
    if not 0 <= j < len(beads):
        raise InputError(None, f"pair {i + 1} has no {'previous' if direction < 0 else 'next'} pair")
    ms, mt = beads[j]
    seg = t[0] if direction < 0 else t[-1]
    out = list(beads)
    out[i] = (s, tuple(x for x in t if x != seg))
    out[j] = (ms, tuple(sorted(mt + (seg,))))
    return [b for b in out if b[0] or b[1]]


OPS = ("join", "split", "unlink", "up", "down")


def apply(draft: Draft, op: str, i: int) -> None:
    fn = {"join": join, "split": split, "unlink": unlink, "up": lambda b, k: move(b, k, -1), "down": lambda b, k: move(b, k, 1)}
    if op not in fn:
        raise InputError(None, f"unknown edit {op!r}")
    draft.beads = fn[op](draft.beads, i)


# ----- aligning, re-aligning, saving -------------------------------------------------------------


class Drafts:
    """The drafts of this server process, newest last (the oldest go past MAX_DRAFTS)."""

    def __init__(self) -> None:
        self._drafts: dict[str, Draft] = {}
        self._lock = threading.Lock()

    def add(self, draft: Draft) -> Draft:
        with self._lock:
            self._drafts[draft.id] = draft
            while len(self._drafts) > MAX_DRAFTS:
                self._drafts.pop(next(iter(self._drafts)))
        return draft

    def find(self, draft_id: str) -> Draft | None:
        return self._drafts.get(draft_id)

    def get(self, draft_id: str) -> Draft:
        d = self._drafts.get(draft_id)
        if d is None:
            raise InputError(None, "this alignment is no longer open (the server keeps the last 20); align again")
        return d


def realign(db: str, source: bytes, target: bytes, source_name: str, target_name: str, src_lang: str | None,
            tgt_lang: str | None, *, presegmented: bool = False) -> Draft:
    """Align two documents for the page (``presegmented``: one segment a line, as ``tm align
    --presegmented``); a hand-fixed alignment stored for the same documents is kept (see the
    module docstring). Refuses texts that are not a translation of each other."""
    result = align_texts(source, target, source_name=source_name, target_name=target_name, src_lang=src_lang, tgt_lang=tgt_lang,
                         presegmented=presegmented)
    fresh = [(p.source, p.target) for p in result.pairs]
    aligned = [p for p in result.pairs if p.source and p.target]
    if not aligned or sum(p.low_confidence for p in aligned) > LOW_SHARE * len(aligned):
        raise InputError(target_name, "these two texts do not look like a document and its translation (most pairs have low confidence)")
    confidence = {(p.source, p.target): (p.confidence, p.low_confidence) for p in result.pairs}
    kept = stored_fixes(db, result)
    beads = merge(fresh, kept, len(result.source_segments), len(result.target_segments))
    return Draft(secrets.token_urlsafe(12), source_name, target_name, result, beads, confidence, len(kept))


def stored_fixes(db: str, result: AlignmentResult) -> list[Bead]:
    """The beads of a hand-fixed alignment stored for these two documents, if any."""
    if not Path(db).exists():
        return []
    with Memory(db, readonly=True) as memory:
        row = memory.db.execute(
            "select a.id from alignments a join documents s on s.id = a.source_document_id"
            " join documents t on t.id = a.target_document_id"
            " where s.sha256 = ? and s.lang = ? and t.sha256 = ? and t.lang = ? and a.method like ?",
            [_document_hash(result.source), result.src_lang, _document_hash(result.target), result.tgt_lang, EDITED + "%"],
        ).fetchone()
        if row is None:
            return []
        rows = memory.db.execute(
            "select source_positions, target_positions from pairs where alignment_id = ? order by id", [row[0]]
        ).fetchall()
    return [(_indices(s), _indices(t)) for s, t in rows]


def _indices(positions: str | None) -> tuple[int, ...]:
    if not positions:
        return ()
    a, _, b = positions.partition("-")
    return tuple(range(int(a), int(b or a) + 1))


def merge(fresh: list[Bead], kept: list[Bead], n_src: int, n_tgt: int) -> list[Bead]:
    """The kept beads, plus the fresh ones reduced to the segments the kept ones leave free;
    in source order (a bead without source segments sits by its target position)."""
    kept = [b for b in kept if all(i < n_src for i in b[0]) and all(j < n_tgt for j in b[1])]
    used_s = {i for s, _t in kept for i in s}
    used_t = {j for _s, t in kept for j in t}
    out = list(kept)
    for s, t in fresh:
        s2 = tuple(i for i in s if i not in used_s)
        t2 = tuple(j for j in t if j not in used_t)
        if s2 or t2:
            out.append((s2, t2))
    return sorted(out, key=lambda b: (b[0][0] if b[0] else _near(b[1][0], out), 0 if b[0] else 1))


def _near(target: int, beads: list[Bead]) -> float:
    """Where a target-only bead goes: after the source position of the bead holding the
    target segment just before it."""
    best = -0.5
    for s, t in beads:
        if s and t and max(t) < target:
            best = max(best, max(s) + 0.5)
    return best


def pairs_of(draft: Draft) -> list[AlignedPair]:
    out = []
    for s, t in draft.beads:
        conf, low = draft.confidence.get((s, t), (1.0, False))  # a bead the person made is trusted
        out.append(AlignedPair(s, t, draft.text("source", s), draft.text("target", t), conf, low))
    return out


def save(db: str, draft: Draft) -> tuple[int, bool]:
    """Store the draft's beads as the documents' alignment; (pairs stored, unchanged)."""
    r = draft.result
    digest = hashlib.sha256(repr(draft.beads).encode()).hexdigest()[:12]
    with Memory(db) as memory:
        stored = memory.add_alignment(
            source_path=draft.source_name, target_path=draft.target_name,
            source_hash=_document_hash(r.source), target_hash=_document_hash(r.target),
            src_lang=r.src_lang, tgt_lang=r.tgt_lang, source_segments=r.source_segments, target_segments=r.target_segments,
            pairs=pairs_of(draft), method=f"{EDITED} {digest} ({METHOD})",
            source_format=r.source.format, target_format=r.target.format,
        )
    return stored.pairs, stored.unchanged
