"""The translation memory: an SQLite file, written and read through sqlite-utils.

Only this module talks SQL. Every write is one transaction (``Database.atomic``), so a
failed alignment or import leaves the file exactly as it was.

Tables
- documents: one row per distinct file content and language (sha256 + lang).
- segments: the sentences of a document, by position, with their block and kind.
- alignments: one row per aligned document pair; aligning the same pair again is a no-op.
- pairs: translation units with provenance (document, positions, confidence, origin, time).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils

from tm.model import AlignedPair, Segment, TranslationUnit

SCHEMA_VERSION = 1
DEFAULT_DB = "tm.db"


@dataclass(frozen=True)
class StoredAlignment:
    id: int
    pairs: int  # pairs stored (both sides non-empty)
    unaligned_source: int
    unaligned_target: int
    low_confidence: int
    unchanged: bool  # the same documents were aligned before with the same method


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Memory:
    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = str(path)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.execute("PRAGMA foreign_keys=ON")
        # Each feature creates its own tables if missing, so older files gain new tables.
        for ensure in (self._ensure_schema,):
            ensure()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        with self.db.atomic():
            yield self

    def _ensure_schema(self) -> None:
        """Tables of the translation memory proper: documents, segments, alignments, pairs."""
        if "documents" in self.db.table_names():
            return
        with self.db.atomic():
            self.db["meta"].create({"key": str, "value": str}, pk="key")
            self.db["meta"].insert({"key": "schema_version", "value": str(SCHEMA_VERSION)})
            self.db["documents"].create(
                {"id": int, "path": str, "name": str, "sha256": str, "lang": str, "format": str, "segments": int, "created": str},
                pk="id",
                not_null={"sha256", "lang"},
            )
            self.db["documents"].create_index(["sha256", "lang"], unique=True)
            self.db["segments"].create(
                {"id": int, "document_id": int, "position": int, "block": int, "kind": str, "text": str},
                pk="id",
                foreign_keys=[("document_id", "documents", "id")],
            )
            self.db["segments"].create_index(["document_id", "position"], unique=True)
            self.db["alignments"].create(
                {
                    "id": int,
                    "source_document_id": int,
                    "target_document_id": int,
                    "method": str,
                    "created": str,
                },
                pk="id",
                foreign_keys=[("source_document_id", "documents", "id"), ("target_document_id", "documents", "id")],
            )
            self.db["alignments"].create_index(["source_document_id", "target_document_id"], unique=True)
            self.db["pairs"].create(
                {
                    "id": int,
                    "alignment_id": int,
                    "src_lang": str,
                    "tgt_lang": str,
                    "source": str,
                    "target": str,
                    "source_positions": str,
                    "target_positions": str,
                    "confidence": float,
                    "low_confidence": int,
                    "context": str,
                    "note": str,
                    "origin": str,  # align | import
                    "origin_file": str,
                    "unit_id": str,
                    "props": str,  # JSON object of extra metadata
                    "created": str,
                },
                pk="id",
                not_null={"source", "target", "src_lang", "tgt_lang"},
                foreign_keys=[("alignment_id", "alignments", "id")],
            )
            self.db["pairs"].create_index(["alignment_id"])
            self.db["pairs"].create_index(["src_lang", "tgt_lang"])

    # ----- writing -----------------------------------------------------------------------

    def _document_id(self, path: str, text_hash: str, lang: str, fmt: str, segments: list[Segment]) -> int:
        rows = list(self.db["documents"].rows_where("sha256 = ? and lang = ?", [text_hash, lang]))
        if rows:
            return rows[0]["id"]
        doc_id = self.db["documents"].insert(
            {
                "path": path,
                "name": Path(path).name,
                "sha256": text_hash,
                "lang": lang,
                "format": fmt,
                "segments": len(segments),
                "created": now(),
            }
        ).last_pk
        self.db["segments"].insert_all(
            {"document_id": doc_id, "position": s.index, "block": s.block, "kind": s.kind, "text": s.text} for s in segments
        )
        return doc_id

    def add_alignment(
        self,
        *,
        source_path: str,
        target_path: str,
        source_hash: str,
        target_hash: str,
        src_lang: str,
        tgt_lang: str,
        source_segments: list[Segment],
        target_segments: list[Segment],
        pairs: list[AlignedPair],
        method: str,
        source_format: str = "markdown",
        target_format: str = "markdown",
    ) -> StoredAlignment:
        """Store two documents and their alignment in one transaction; a repeat is a no-op."""
        aligned = [p for p in pairs if p.source and p.target]
        unaligned_s = sum(len(p.source) for p in pairs if not p.target)
        unaligned_t = sum(len(p.target) for p in pairs if not p.source)
        low = sum(1 for p in aligned if p.low_confidence)
        with self.db.atomic():
            src_id = self._document_id(source_path, source_hash, src_lang, source_format, source_segments)
            tgt_id = self._document_id(target_path, target_hash, tgt_lang, target_format, target_segments)
            existing = list(
                self.db["alignments"].rows_where("source_document_id = ? and target_document_id = ?", [src_id, tgt_id])
            )
            if existing and existing[0]["method"] == method:
                return StoredAlignment(existing[0]["id"], len(aligned), unaligned_s, unaligned_t, low, unchanged=True)
            if existing:  # aligned before by another version of the method: replace its pairs
                alignment_id = existing[0]["id"]
                self.db.execute("delete from pairs where alignment_id = ?", [alignment_id])
                self.db["alignments"].update(alignment_id, {"method": method, "created": now()})
            else:
                alignment_id = self.db["alignments"].insert(
                    {"source_document_id": src_id, "target_document_id": tgt_id, "method": method, "created": now()}
                ).last_pk
            name = Path(source_path).name
            created = now()
            self.db["pairs"].insert_all(
                {
                    "alignment_id": alignment_id,
                    "src_lang": src_lang,
                    "tgt_lang": tgt_lang,
                    "source": p.source_text,
                    "target": p.target_text,
                    "source_positions": _positions(p.source),
                    "target_positions": _positions(p.target),
                    "confidence": p.confidence,
                    "low_confidence": int(p.low_confidence),
                    "context": f"{name}#{_positions(p.source)}",
                    "origin": "align",
                    "origin_file": source_path,
                    "created": created,
                }
                for p in aligned
            )
        return StoredAlignment(alignment_id, len(aligned), unaligned_s, unaligned_t, low, unchanged=False)

    def add_units(self, units: Iterable[TranslationUnit], origin_file: str) -> tuple[int, int]:
        """Store imported units in one transaction; returns (added, duplicates)."""
        added = duplicates = 0
        created = now()
        with self.db.atomic():
            for u in units:
                exists = self.db.execute(
                    "select 1 from pairs where src_lang = ? and tgt_lang = ? and source = ? and target = ?"
                    " and coalesce(context, '') = ? limit 1",
                    [u.src_lang, u.tgt_lang, u.source, u.target, u.context or ""],
                ).fetchone()
                if exists:
                    duplicates += 1
                    continue
                self.db["pairs"].insert(
                    {
                        "src_lang": u.src_lang,
                        "tgt_lang": u.tgt_lang,
                        "source": u.source,
                        "target": u.target,
                        "confidence": u.confidence,
                        "low_confidence": int(u.low_confidence),
                        "context": u.context,
                        "note": u.note,
                        "origin": "import",
                        "origin_file": origin_file,
                        "props": json.dumps(u.props, ensure_ascii=False, sort_keys=True) if u.props else None,
                        "created": created,
                    }
                )
                added += 1
        return added, duplicates

    # ----- reading -----------------------------------------------------------------------

    def units(self, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[TranslationUnit]:
        """Every stored pair as a TranslationUnit, in a stable order (alignment, then position)."""
        where, args = [], []
        if src_lang:
            where.append("src_lang = ?")
            args.append(src_lang)
        if tgt_lang:
            where.append("tgt_lang = ?")
            args.append(tgt_lang)
        sql = "select * from pairs" + (" where " + " and ".join(where) if where else "") + " order by id"
        for row in self.db.query(sql, args):
            props = json.loads(row["props"]) if row["props"] else {}
            if row["origin_file"]:
                props.setdefault("x-origin", row["origin_file"])
            props.setdefault("x-created", row["created"])
            yield TranslationUnit(
                source=row["source"],
                target=row["target"],
                src_lang=row["src_lang"],
                tgt_lang=row["tgt_lang"],
                confidence=row["confidence"] if row["confidence"] is not None else 1.0,
                low_confidence=bool(row["low_confidence"]),
                context=row["context"],
                note=row["note"],
                props=props,
            )

    def language_pairs(self) -> list[tuple[str, str, int]]:
        return [
            (r["src_lang"], r["tgt_lang"], r["n"])
            for r in self.db.query("select src_lang, tgt_lang, count(*) as n from pairs group by 1, 2 order by 3 desc")
        ]

    def stats(self) -> dict:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "database": self.path,
            "documents": count("select count(*) from documents"),
            "segments": count("select count(*) from segments"),
            "alignments": count("select count(*) from alignments"),
            "pairs": count("select count(*) from pairs"),
            "low_confidence_pairs": count("select count(*) from pairs where low_confidence"),
            "language_pairs": [{"source": s, "target": t, "pairs": n} for s, t, n in self.language_pairs()],
            "origins": [
                {"origin": r["origin"], "file": r["origin_file"], "pairs": r["n"]}
                for r in self.db.query(
                    "select origin, origin_file, count(*) as n from pairs group by 1, 2 order by 3 desc, 2"
                )
            ],
        }


def _positions(indices: tuple[int, ...]) -> str:
    if not indices:
        return ""
    return str(indices[0]) if len(indices) == 1 else f"{indices[0]}-{indices[-1]}"
