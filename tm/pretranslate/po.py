"""Pre-translating a gettext PO catalogue (polib).

Untranslated entries (empty msgstr, or fuzzy) are looked up in file order, each with the
previous and next msgid as context. A 100% or 101% match fills msgstr; a match at or above the
threshold fills it too, with the ``fuzzy`` flag and the matched source as ``#| msgid`` (as
msgmerge marks its fuzzy matches), so msgfmt leaves it out until a translator clears it. Term
suggestions go in translator comments (``# tm terms: …``). Entries that are translated already,
obsolete, or plural are left as they are and not counted (plural forms cannot come from a
memory of sentence pairs).

A match whose placeholders (``%s``, ``{name}``) or leading and trailing newlines differ from the
msgid would fail ``msgfmt --check``: it is filled as fuzzy whatever its score.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from tm.errors import InputError
from tm.formats.po import read_po
from tm.pretranslate.engine import Pretranslator
from tm.pretranslate.leverage import Leverage

_PLACEHOLDER = re.compile(r"%(?:\([A-Za-z0-9_.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXoeEgGcr%]|%\d+\$[sdif]|\{[A-Za-z0-9_.:!]*\}")
TERMS_PREFIX = "tm terms: "


def _catalogue(path: Path) -> polib.POFile:
    list(read_po(str(path)))  # tm's own checks first: one-line errors naming the file and line
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as e:
        raise InputError(str(path), f"cannot read the catalogue: {e}") from None


def _safe(msgid: str, msgstr: str) -> bool:
    """msgfmt --check would accept ``msgstr`` for ``msgid``: same placeholders, same newlines at the ends."""
    if sorted(_PLACEHOLDER.findall(msgid)) != sorted(_PLACEHOLDER.findall(msgstr)):
        return False
    return msgid.startswith("\n") == msgstr.startswith("\n") and msgid.endswith("\n") == msgstr.endswith("\n")


def pretranslate_po(path: Path, out: Path, tr: Pretranslator) -> tuple[Leverage, dict[str, int]]:
    po = _catalogue(path)
    todo = [e for e in po if not e.obsolete and e.msgid and not e.msgid_plural and (not e.msgstr or e.fuzzy)]
    entries = [e for e in po if not e.obsolete and e.msgid]
    position = {id(e): i for i, e in enumerate(entries)}
    leverage, counts = Leverage(), {"translated": 0, "fuzzy": 0, "untouched": 0}
    for entry in todo:
        i = position[id(entry)]
        prev = entries[i - 1].msgid if i > 0 else ""
        nxt = entries[i + 1].msgid if i + 1 < len(entries) else ""
        hit = tr.best(entry.msgid, prev, nxt)
        leverage.add(entry.msgid, hit.score)
        if hit.terms:
            lines = [c for c in (entry.tcomment or "").split("\n") if c and not c.startswith(TERMS_PREFIX)]
            entry.tcomment = "\n".join(lines + [TERMS_PREFIX + t for t in hit.terms])
        if not tr.fills(hit) or not hit.target:
            counts["untouched"] += 1
            continue
        entry.msgstr = hit.target
        if tr.exact(hit) and _safe(entry.msgid, hit.target):
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            counts["translated"] += 1
        else:
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            entry.previous_msgid = hit.matched_source
            counts["fuzzy"] += 1
    po.metadata.setdefault("Language", tr.tgt_lang)
    if not po.metadata.get("Language"):
        po.metadata["Language"] = tr.tgt_lang
    po.save(str(out))
    return leverage, counts
