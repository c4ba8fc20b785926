"""The term base: source terms and their renderings, stored in the memory's SQLite file
(tables term_entries, term_renderings, term_meta: tm.store.schema).

- term_entries: one row per source term and language pair: display form, lemma key (JSON
  list), part of speech, status, notes, confidence, origin (extracted | glossary | edited),
  count (pairs where the term occurs), fallback (JSON list of words keyed by a fallback).
- term_renderings: the renderings of an entry, in order: text, lemma key, count, status,
  note, pair ids, surfaces, fallback (JSON).
- term_meta: per language pair, the sentencepiece stemmer of the last build and its report.

The term base works on entries; glossary files are read and written by tm.glossary. Every
write is one transaction. ``build`` is idempotent: the same memory and person-made entries
give the same entries, and entries a person imported or edited (origin glossary/edited) keep
their source, notes, statuses and renderings; a build only updates what it observes in them
(counts, pair ids, surfaces) and adds renderings it found that the person did not list.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from tm.model import location
from tm.store.db import write_transaction
from tm.store.memory import Memory
from tm.store.schema import TERM_TABLES
from tm.terms import (
    Rendering,
    SubwordStemmer,
    TermEntry,
    TermMatch,
    TermMatcher,
    extract_terms,
    phrase_key,
    preferred_rendering,
    rank_of,
)
from tm.text import primary_subtag

PERSON_ORIGINS = ("glossary", "edited")


@dataclass
class BuildReport:
    pairs: int
    entries: int  # entries in the term base after the build
    extracted: int  # of which found by extraction only
    person: int  # of which imported or edited by a person (never overwritten)
    renderings: int
    added: int  # entries that were not there before
    removed: int  # extracted entries that are gone
    seconds: float
    src_lang: str
    tgt_lang: str
    sentencepiece: str
    fallback_words: dict[str, int] = field(default_factory=dict)
    fallback_entries: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportReport:
    path: str
    entries: int  # entries in the file
    added: int
    updated: int
    src_lang: str
    tgt_lang: str


@dataclass
class Suggestion:
    """A known term found in a sentence, with what to write for it."""

    start: int
    end: int
    surface: str
    source: str  # source term (display form)
    matched: str | None  # target side: the rendering that matched
    matched_status: str | None
    preferred: str | None
    admitted: list[str]
    deprecated: list[str]
    forbidden: list[str]
    examples: list[dict[str, Any]]
    entry_id: int | None
    confidence: float
    origin: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _key(key: Sequence[str]) -> str:
    return json.dumps(list(key), ensure_ascii=False)


class TermBase:
    """The term base of one language pair in a memory file."""

    def __init__(
        self, db_path: str | Path, src_lang: str | None = None, tgt_lang: str | None = None, *, readonly: bool = False
    ):
        """``readonly`` (listing, lookup, export, checks) opens the memory read-only
        (``tm.store.Memory``); a memory made before the term tables then reads as an empty
        term base instead of gaining them."""
        self.path = str(db_path)
        self.memory = Memory(self.path, readonly=readonly)
        self.db = self.memory.db
        self.stored = set(TERM_TABLES) <= set(self.db.table_names())
        self.src_lang, self.tgt_lang = self._languages(src_lang, tgt_lang)
        self._stemmer: SubwordStemmer | None = None

    def close(self) -> None:
        self.memory.close()

    def __enter__(self) -> "TermBase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _languages(self, src: str | None, tgt: str | None) -> tuple[str, str]:
        src, tgt = (primary_subtag(c) if c else None for c in (src, tgt))
        if src and tgt:
            return src, tgt
        for s, t, _n in self.memory.language_pairs():
            if (src is None or s == src) and (tgt is None or t == tgt):
                return s, t
        row = self.stored and self.db.execute(
            "select src_lang, tgt_lang, count(*) from term_entries group by 1, 2 order by 3 desc, 1, 2 limit 1"
        ).fetchone()
        if row and (src is None or row[0] == src) and (tgt is None or row[1] == tgt):
            return row[0], row[1]
        return src or "en", tgt or "pl"

    # ----- reading --------------------------------------------------------------------------

    def entries(self, *, limit: int | None = None) -> list[TermEntry]:
        """Every entry of the language pair: a person's entries first, then best first
        (``tm.terms.rank``: termhood × pairing confidence × frequency)."""
        if not self.stored:
            return []
        sql = "select * from term_entries where src_lang = ? and tgt_lang = ? order by source, id"
        rows = list(self.db.query(sql, [self.src_lang, self.tgt_lang]))
        rows.sort(key=lambda r: (r["origin"] not in PERSON_ORIGINS,
                                 -rank_of(r["confidence"] or 0.0, r["count"] or 0, len(json.loads(r["source_key"]))),
                                 -(r["count"] or 0)))
        return self._with_renderings(rows[:limit] if limit else rows)

    def _with_renderings(self, rows: list[dict]) -> list[TermEntry]:
        if not rows:
            return []
        by_entry: dict[int, list[Rendering]] = {r["id"]: [] for r in rows}
        ids = list(by_entry)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for r in self.db.query(
                f"select * from term_renderings where entry_id in ({marks}) order by entry_id, position", part
            ):
                by_entry[r["entry_id"]].append(
                    Rendering(
                        text=r["text"],
                        key=tuple(json.loads(r["key"])),
                        count=r["count"] or 0,
                        status=r["status"],
                        segment_ids=json.loads(r["segment_ids"] or "[]"),
                        surfaces=set(json.loads(r["surfaces"] or "[]")),
                        note=r["note"],
                        fallback=json.loads(r["fallback"] or "[]"),
                        origin=r["origin"] or "extracted",
                    )
                )
        return [
            TermEntry(
                id=row["id"],
                source=row["source"],
                source_key=tuple(json.loads(row["source_key"])),
                pos=row["pos"],
                status=row["status"],
                notes=row["notes"],
                confidence=row["confidence"] or 0.0,
                origin=row["origin"],
                renderings=by_entry[row["id"]],
                count=row["count"] or 0,
                src_lang=row["src_lang"],
                tgt_lang=row["tgt_lang"],
                fallback=json.loads(row["fallback"] or "[]"),
            )
            for row in rows
        ]

    def get(self, source_text: str) -> TermEntry | None:
        """The entry of a source term given in any inflected form, or None."""
        if not self.stored:
            return None
        key = phrase_key(source_text, self.src_lang)
        rows = list(
            self.db.query(
                "select * from term_entries where src_lang = ? and tgt_lang = ? and source_key = ?",
                [self.src_lang, self.tgt_lang, _key(key)],
            )
        )
        found = self._with_renderings(rows)
        return found[0] if found else None

    def stemmer(self) -> SubwordStemmer:
        if self._stemmer is None:
            row = self.stored and self.db.execute(
                "select value from term_meta where src_lang = ? and tgt_lang = ? and key = 'stemmer'",
                [self.src_lang, self.tgt_lang],
            ).fetchone()
            self._stemmer = SubwordStemmer.from_json(json.loads(row[0]) if row else None)
        return self._stemmer

    # ----- writing --------------------------------------------------------------------------

    def _write_entry(self, e: TermEntry, entry_id: int | None) -> int:
        row = {
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "source": e.source,
            "source_key": _key(e.source_key),
            "pos": e.pos,
            "status": e.status,
            "notes": e.notes,
            "confidence": float(e.confidence),
            "origin": e.origin,
            "count": int(e.count),
            "fallback": json.dumps(e.fallback, ensure_ascii=False),
        }
        if entry_id is None:
            entry_id = self.db["term_entries"].insert(row).last_pk
        else:
            self.db["term_entries"].update(entry_id, row)
            self.db.execute("delete from term_renderings where entry_id = ?", [entry_id])
        self.db["term_renderings"].insert_all(
            {
                "entry_id": entry_id,
                "position": i,
                "text": r.text,
                "key": _key(r.key),
                "count": int(r.count),
                "status": r.status,
                "note": r.note,
                "segment_ids": json.dumps(list(r.segment_ids)),
                "surfaces": json.dumps(sorted(r.surfaces), ensure_ascii=False),
                "fallback": json.dumps(list(r.fallback), ensure_ascii=False),
                "origin": r.origin,
            }
            for i, r in enumerate(e.renderings)
        )
        return entry_id

    def _existing(self) -> dict[tuple[str, ...], TermEntry]:
        rows = list(
            # source_key order: the unique index's, which the lookup reads anyway
            self.db.query(
                "select * from term_entries where src_lang = ? and tgt_lang = ? order by source_key",
                [self.src_lang, self.tgt_lang],
            )
        )
        return {e.source_key: e for e in self._with_renderings(rows)}

    def _set_meta(self, key: str, value: Any) -> None:
        self.db["term_meta"].upsert(
            {"src_lang": self.src_lang, "tgt_lang": self.tgt_lang, "key": key, "value": json.dumps(value, ensure_ascii=False)},
            pk=("src_lang", "tgt_lang", "key"),
        )

    def import_entries(self, entries: Sequence[TermEntry], source: str) -> ImportReport:
        """Store a person's entries (a glossary file's, read by tm.glossary; ``source`` names
        it in the report) in one transaction. They replace the statuses, notes and listed
        renderings of an entry with the same source term, keeping the counts the memory
        observed."""
        added = updated = 0
        with write_transaction(self.db):
            existing = self._existing()
            for e in entries:
                old = existing.get(e.source_key)
                if old is None:
                    self._write_entry(e, None)
                    added += 1
                    continue
                self._write_entry(_merge_person(e, old), old.id)
                updated += 1
        return ImportReport(source, len(entries), added, updated, self.src_lang, self.tgt_lang)

    def build(self, progress: Callable[[int, int], None] | None = None) -> BuildReport:
        """Extract terms from the memory's pairs and store them (see the module docstring).
        The person-made entries (import a glossary first: tm.glossary.import_glossary) guide
        the extraction as strong priors."""
        start = time.monotonic()
        pairs = self.memory.pair_texts(self.src_lang, self.tgt_lang)
        existing = self._existing()
        person = [e for e in existing.values() if e.origin in PERSON_ORIGINS]
        ex = extract_terms(pairs, self.src_lang, self.tgt_lang, glossary=person, progress=progress)
        found = {e.source_key: e for e in ex.entries}
        with write_transaction(self.db):
            added, removed = self._store_build(existing, found)
            stemmer = ex.stemmer or SubwordStemmer(None)
            self._set_meta("stemmer", stemmer.to_json())
            self._stemmer = stemmer
            report = self._build_report(len(pairs), added, removed, ex.stats)
            self._set_meta("build", {k: v for k, v in report.to_dict().items() if k != "seconds"})
        report.seconds = round(time.monotonic() - start, 3)
        return report

    def _store_build(self, existing: dict[tuple[str, ...], TermEntry], found: dict[tuple[str, ...], TermEntry]) -> tuple[int, int]:
        """Write what a build found: person entries get its observations, extracted entries are
        replaced by what it found or go; returns (entries added, entries removed)."""
        added = removed = 0
        for key, old in existing.items():
            if old.origin in PERSON_ORIGINS:
                self._write_entry(_observe(old, found.get(key)), old.id)
            elif key not in found:
                self.db.execute("delete from term_renderings where entry_id = ?", [old.id])
                self.db.execute("delete from term_entries where id = ?", [old.id])
                removed += 1
        for key, e in found.items():
            old = existing.get(key)
            if old is not None and old.origin in PERSON_ORIGINS:
                continue
            if old is None:
                added += 1
            self._write_entry(e, old.id if old else None)
        return added, removed

    def _build_report(self, pairs: int, added: int, removed: int, stats: Any) -> BuildReport:
        """The report of a build, with the term base's counts after it (``stats``: the
        extraction's ExtractionStats)."""
        entries = self.db.execute(
            "select origin, count(*) from term_entries where src_lang = ? and tgt_lang = ? group by 1 order by 1",
            [self.src_lang, self.tgt_lang],
        ).fetchall()
        by_origin = {o: n for o, n in entries}
        renderings = self.db.execute(
            "select count(*) from term_renderings r join term_entries e on e.id = r.entry_id"
            " where e.src_lang = ? and e.tgt_lang = ?",
            [self.src_lang, self.tgt_lang],
        ).fetchone()[0]
        return BuildReport(
            pairs=pairs,
            entries=sum(by_origin.values()),
            extracted=by_origin.get("extracted", 0),
            person=sum(n for o, n in by_origin.items() if o in PERSON_ORIGINS),
            renderings=renderings,
            added=added,
            removed=removed,
            seconds=0.0,
            src_lang=self.src_lang,
            tgt_lang=self.tgt_lang,
            sentencepiece=stats.sentencepiece,
            fallback_words=stats.fallback_words,
            fallback_entries=stats.fallback_entries,
        )

    # ----- lookup ---------------------------------------------------------------------------

    def matcher(self, side: str = "source", entries: list[TermEntry] | None = None) -> TermMatcher:
        """A TermMatcher over source terms (payload: TermEntry) or over renderings (payload:
        (TermEntry, Rendering))."""
        entries = self.entries() if entries is None else entries
        if side == "source":
            return TermMatcher(((e.source_key, e) for e in entries), self.src_lang)
        if side == "target":
            return TermMatcher(((r.key, (e, r)) for e in entries for r in e.renderings), self.tgt_lang, self.stemmer())
        raise ValueError("side must be 'source' or 'target'")

    def examples(self, pair_ids: Sequence[int], n: int = 2) -> list[dict[str, Any]]:
        """Up to ``n`` of the pairs, each with where it is: ``location`` is "path:line" (the
        stored path and line), else the pair's context, else None."""
        wanted = list(pair_ids)[:n]
        rows = self.memory.pairs_by_id(wanted)
        return [
            {"pair_id": rows[pid]["id"], "source": rows[pid]["source"], "target": rows[pid]["target"],
             "location": location(rows[pid]["origin_file"], rows[pid]["line"]) or rows[pid]["context"]}
            for pid in wanted
            if pid in rows
        ]

    def suggest(self, text: str, side: str = "source", keep: Sequence[str] = ()) -> list[Suggestion]:
        """Every known term in ``text`` (a source sentence, or a target one with
        ``side="target"``), in any inflected form, with its preferred, admitted, deprecated and
        forbidden renderings and up to two example pairs from the memory. ``keep``: the
        keep-untranslated list (an untranslated copy is preferred only for a term on it)."""
        found: list[Suggestion] = []
        for m in self.matcher(side).find(text):
            if side == "source":
                entry, rendering = m.payload, None
            else:
                entry, rendering = m.payload
            found.append(self._suggestion(m, entry, rendering, keep))
        return found

    def _suggestion(self, m: TermMatch, e: TermEntry, r: Rendering | None, keep: Sequence[str]) -> Suggestion:
        pref = preferred_rendering(e, keep)
        shown = r if r is not None else pref
        ids = list(shown.segment_ids) if shown else []
        if len(ids) < 2:
            ids += [i for x in e.renderings if x is not shown for i in x.segment_ids][: 2 - len(ids)]
        return Suggestion(
            start=m.start,
            end=m.end,
            surface=m.surface,
            source=e.source,
            matched=r.text if r else None,
            matched_status=r.status if r else None,
            preferred=pref.text if pref else None,
            admitted=[x.text for x in e.renderings if x.status == "admitted"],
            deprecated=[x.text for x in e.renderings if x.status == "deprecated"],
            forbidden=[x.text for x in e.renderings if x.status == "forbidden"],
            examples=self.examples(ids),
            entry_id=e.id,
            confidence=round(e.confidence, 4),
            origin=e.origin,
        )


def _merge_person(new: TermEntry, old: TermEntry) -> TermEntry:
    """A person's entry over a stored one: the person's fields; the renderings of the file with
    the counts the memory observed for them, then every other stored rendering (importing is
    additive: a second glossary file does not drop what the first one listed)."""
    observed = {r.key: r for r in old.renderings}
    renderings = []
    for r in new.renderings:
        seen = observed.pop(r.key, None)
        if seen is not None:
            r.count, r.segment_ids, r.surfaces, r.fallback = seen.count, seen.segment_ids, seen.surfaces, seen.fallback
        renderings.append(r)
    renderings += [r for r in old.renderings if r.key in observed]
    return TermEntry(
        id=old.id, source=new.source, source_key=new.source_key, pos=new.pos or old.pos, status=new.status,
        notes=new.notes or (old.notes if old.origin in PERSON_ORIGINS else None),
        confidence=1.0, origin="edited" if old.origin == "edited" else "glossary", renderings=renderings,
        count=old.count, src_lang=old.src_lang, tgt_lang=old.tgt_lang, fallback=old.fallback,
    )


def _observe(person: TermEntry, found: TermEntry | None) -> TermEntry:
    """A person's entry with what the latest build observed: counts, pair ids and surfaces of
    its renderings, plus renderings the person did not list. Nothing the person wrote changes;
    renderings only an earlier build had observed are dropped when no longer seen."""
    observed = {r.key: r for r in found.renderings} if found else {}
    renderings = []
    for r in person.renderings:
        seen = observed.pop(r.key, None)
        if seen is None and r.origin == "extracted":
            continue
        r.count = seen.count if seen else 0
        r.segment_ids = seen.segment_ids if seen else []
        r.surfaces = seen.surfaces if seen else set()
        r.fallback = seen.fallback if seen else []
        renderings.append(r)
    renderings += sorted(observed.values(), key=lambda r: (-r.count, r.text))
    person.renderings = renderings
    person.count = found.count if found else 0
    person.fallback = found.fallback if found else []
    person.confidence = 1.0
    return person
