"""A person's edits to the term base (the web workbench, tm.web): pages of entries for a list,
one entry by id, and the writes a reviewer makes (preferred rendering, statuses, notes, new and
deleted entries).

Every edit marks the entry, and the rendering it touches, as made by a person (origin
"edited", confidence 1): ``TermBase.build`` then keeps their text, statuses and notes and only
refreshes what it observes (counts, example pairs). So an edit drives ``tm check``, ``tm terms
suggest`` and the glossary exports at once, and a rebuild never overwrites it. Each write is one
transaction.
"""

from __future__ import annotations

import json

from tm.errors import InputError
from tm.store.db import write_transaction
from tm.store.termbase import TermBase
from tm.terms import Rendering, TermEntry, phrase_key
from tm.terms.model import STATUSES

SORTS = {
    # the list's sort keys; the last column makes the order total (deterministic pages)
    "confidence": "confidence desc, count desc, source, id",
    "frequency": "count desc, confidence desc, source, id",
    "status": "coalesce(status, 'zz'), origin, confidence desc, source, id",
    "source": "source collate nocase, id",
}
MAX_TEXT = 500  # characters of a term, a rendering or a search
MAX_NOTE = 4000


def _clean(text: str | None, what: str, limit: int = MAX_TEXT, *, required: bool = True) -> str:
    text = " ".join((text or "").split())
    if required and not text:
        raise InputError(None, f"{what} is empty")
    if len(text) > limit:
        raise InputError(None, f"{what} is {len(text)} characters long; the limit is {limit}")
    return text


class TermEditor(TermBase):
    """The term base with paged reading and a person's edits (see the module docstring)."""

    # ----- reading ------------------------------------------------------------------------

    def page(self, *, q: str = "", sort: str = "confidence", origin: str = "", offset: int = 0, limit: int = 50) -> tuple[list[TermEntry], int]:
        """One page of entries (with renderings) and the number of entries matching. ``q``
        matches the source term or a rendering (substring, case-insensitive for ASCII);
        ``origin`` is "", extracted, glossary or edited."""
        if sort not in SORTS:
            raise InputError(None, f"sort must be one of {', '.join(SORTS)}")
        if not self.stored:
            return [], 0
        where = ["src_lang = ?", "tgt_lang = ?"]
        args: list = [self.src_lang, self.tgt_lang]
        if q:
            q = _clean(q, "the search")
            like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(
                "(source like ? escape '\\' or id in (select entry_id from term_renderings where text like ? escape '\\'))"
            )
            args += [like, like]
        if origin:
            where.append("origin = ?")
            args.append(origin)
        cond = " and ".join(where)
        total = self.db.execute(f"select count(*) from term_entries where {cond}", args).fetchone()[0]
        rows = list(
            self.db.query(
                f"select * from term_entries where {cond} order by {SORTS[sort]} limit ? offset ?",
                args + [int(limit), int(offset)],
            )
        )
        return self._with_renderings(rows), total

    def entry(self, entry_id: int) -> TermEntry | None:
        """The entry with this id in this language pair, or None."""
        if not self.stored:
            return None
        rows = list(
            self.db.query(
                "select * from term_entries where id = ? and src_lang = ? and tgt_lang = ?",
                [int(entry_id), self.src_lang, self.tgt_lang],
            )
        )
        found = self._with_renderings(rows)
        return found[0] if found else None

    def _must(self, entry_id: int) -> TermEntry:
        e = self.entry(entry_id)
        if e is None:
            raise InputError(None, f"no term entry {entry_id}")
        return e

    # ----- a person's edits -----------------------------------------------------------------

    def _save(self, e: TermEntry) -> int:
        e.origin = "edited"
        e.confidence = 1.0
        return self._write_entry(e, e.id)

    def set_status(self, entry_id: int, rendering: str, status: str | None) -> TermEntry:
        """Give one rendering a status (preferred, admitted, deprecated, forbidden, or None to
        clear it). A new preferred rendering makes the previous one admitted: an entry has one."""
        if status not in STATUSES and status is not None:
            raise InputError(None, f"status must be one of {', '.join(STATUSES)}")
        with write_transaction(self.db):
            e = self._must(entry_id)
            found = [r for r in e.renderings if r.text == rendering]
            if not found:
                raise InputError(None, f"{e.source!r} has no rendering {rendering!r}")
            for r in e.renderings:
                if status == "preferred" and r.status == "preferred" and r is not found[0]:
                    r.status, r.origin = "admitted", "edited"
            found[0].status, found[0].origin = status, "edited"
            self._save(e)
        return self._must(entry_id)

    def add_rendering(self, entry_id: int, text: str, status: str | None = None, note: str | None = None) -> TermEntry:
        """Add a rendering a person knows (or give an existing one ``status``)."""
        text = _clean(text, "the rendering")
        key = phrase_key(text, self.tgt_lang)
        if not key:
            raise InputError(None, f"the rendering {text!r} has no words")
        with write_transaction(self.db):
            e = self._must(entry_id)
            same = [r for r in e.renderings if r.key == key or r.text == text]
            if not same:
                e.renderings.append(Rendering(text=text, key=key, origin="edited", note=note or None))
                self._save(e)
        return self.set_status(entry_id, same[0].text if same else text, status) if status else self._must(entry_id)

    def set_notes(self, entry_id: int, notes: str) -> TermEntry:
        notes = (notes or "").strip()
        if len(notes) > MAX_NOTE:
            raise InputError(None, f"the notes are {len(notes)} characters long; the limit is {MAX_NOTE}")
        with write_transaction(self.db):
            e = self._must(entry_id)
            e.notes = notes or None
            self._save(e)
        return self._must(entry_id)

    def add_entry(self, source: str, rendering: str = "", status: str | None = "preferred", notes: str = "") -> int:
        """A new entry made by a person; an entry for the same term (any inflected form) is
        refused, so nothing is overwritten by accident."""
        source = _clean(source, "the source term")
        key = phrase_key(source, self.src_lang)
        if not key:
            raise InputError(None, f"the source term {source!r} has no words")
        if len(notes or "") > MAX_NOTE:
            raise InputError(None, f"the notes are {len(notes)} characters long; the limit is {MAX_NOTE}")
        with write_transaction(self.db):
            old = self.db.execute(
                "select id from term_entries where src_lang = ? and tgt_lang = ? and source_key = ?",
                [self.src_lang, self.tgt_lang, json.dumps(list(key), ensure_ascii=False)],
            ).fetchone()
            if old:
                raise InputError(None, f"{source!r} is already in the term base (entry {old[0]})")
            e = TermEntry(id=None, source=source, source_key=key, notes=(notes or "").strip() or None,
                          src_lang=self.src_lang, tgt_lang=self.tgt_lang)
            entry_id = self._save(e)
        if rendering.strip():
            self.add_rendering(entry_id, rendering, status)
        return entry_id

    def delete_entry(self, entry_id: int) -> str:
        """Delete an entry and its renderings; returns its source term."""
        with write_transaction(self.db):
            e = self._must(entry_id)
            self.db.execute("delete from term_renderings where entry_id = ?", [e.id])
            self.db.execute("delete from term_entries where id = ?", [e.id])
        return e.source
