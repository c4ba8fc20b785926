"""Pre-translating an XLIFF 1.2 or 2.x file in place (lxml; the rest of the file is kept).

Units (1.2 ``<trans-unit>``, 2.x ``<segment>``) without a translation are looked up in file
order, with the previous and next source as context. Filled as:

* 100%/101%: 1.2 ``<target state="translated" state-qualifier="exact-match">``; 2.x
  ``state="translated"``.
* fuzzy at or above the threshold: 1.2 ``<target state="needs-review-translation"
  state-qualifier="fuzzy-match">`` and an ``<alt-trans match-quality="87" origin="tm">`` with the
  matched source and target; 2.x ``state="translated" subState="tm:needs-review"`` and a note
  ``tm: fuzzy match 87% from docs/en.md:14: <matched source>`` (the place of the matched pair
  when the memory knows its line).
* term suggestions: 1.2 ``<note from="tm">``, 2.x ``<note category="tm">``.

A source holding inline codes (``<g>``, ``<ph>``, ``<pc>``…) is looked up by its visible text and
counted, but not filled: a match from a memory of plain sentences cannot place the codes. A unit
counts as translated already when its target has text and its state is none of new, initial,
needs-translation.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from lxml import etree

from tm.errors import InputError
from tm.formats.xliff import NS_20, read_xliff
from tm.pretranslate.engine import Hit, Pretranslator
from tm.pretranslate.leverage import Leverage

NEEDS_REVIEW = "tm:needs-review"
_UNTRANSLATED = {"", "new", "initial", "needs-translation"}
_KEEP_TEXT = {"g", "mrk", "pc"}


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _visible(el: Any) -> str:
    parts = [el.text or ""]
    for child in el:
        local = _local(child)
        if local in _KEEP_TEXT:
            parts.append(_visible(child))
        elif local == "cp":
            parts.append(chr(int(child.get("hex", "20"), 16)))
        parts.append(child.tail or "")
    return "".join(parts)


def _parse(path: Path) -> Any:
    for _ in read_xliff(str(path)):  # tm's reader first: hostile or malformed input is refused there
        pass
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.parse(str(path), parser)
    except (etree.XMLSyntaxError, OSError) as e:
        raise InputError(str(path), f"cannot read: {e}") from None


def _units(root: Any) -> list[tuple[Any, Any, Any]]:
    """(holder, source, target) of every translatable unit: holder is the 1.2 trans-unit or the 2.x segment."""
    if root.tag.startswith(f"{{{NS_20}}}"):
        found = []
        for seg in root.iter(f"{{{NS_20}}}segment"):
            src, tgt = seg.find(f"{{{NS_20}}}source"), seg.find(f"{{{NS_20}}}target")
            if src is not None:
                found.append((seg, src, tgt))
        return found
    ns = etree.QName(root).namespace
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    return [(tu, tu.find(q("source")), tu.find(q("target"))) for tu in root.iter(q("trans-unit"))
            if (tu.get("translate") or "yes").lower() != "no" and tu.find(q("source")) is not None]


def _translated(holder: Any, target: Any, v2: bool) -> bool:
    if target is None or not "".join(target.itertext()).strip():
        return False
    state = (holder.get("state") if v2 else target.get("state")) or ""
    return state not in _UNTRANSLATED


def pretranslate_xliff(path: Path, out: Path, tr: Pretranslator) -> tuple[Leverage, dict[str, int]]:
    tree = _parse(path)
    root = tree.getroot()
    v2 = root.tag.startswith(f"{{{NS_20}}}")
    units = _units(root)
    texts = [_visible(src) for _, src, _ in units]
    leverage, counts = Leverage(), {"translated": 0, "fuzzy": 0, "untouched": 0}
    for i, (holder, source, target) in enumerate(units):
        if _translated(holder, target, v2):
            continue
        hit = tr.best(texts[i], texts[i - 1] if i else "", texts[i + 1] if i + 1 < len(units) else "")
        leverage.add(texts[i], hit.score)
        fill = tr.fills(hit) and bool(hit.target) and len(source) == 0
        if v2:
            _fill_20(holder, source, target, hit, fill, tr)
        else:
            _fill_12(holder, source, target, hit, fill, tr)
            if not fill and tr.copy_source:
                _copy_source(holder, source, target)
        counts["untouched" if not fill else "translated" if tr.exact(hit) else "fuzzy"] += 1
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return leverage, counts


def _copy_source(tu: Any, source: Any, target: Any) -> None:
    """``--copy-source``: an unfilled unit gets its source as the target, state new (OmegaT 3.6's
    XLIFF filter translates the <target> text and skips units without one)."""
    if target is not None and "".join(target.itertext()).strip():
        return
    if target is not None:
        tu.remove(target)
    target = copy.deepcopy(source)
    target.tag = source.tag.replace("source", "target")
    target.tail = source.tail
    target.set("state", "new")
    after = tu.find(source.tag.replace("source", "seg-source"))
    (after if after is not None else source).addnext(target)


def _fill_12(tu: Any, source: Any, target: Any, hit: Hit, fill: bool, tr: Pretranslator) -> None:
    q = (lambda n: source.tag.replace("source", n))
    if fill:
        if target is None:
            target = etree.Element(q("target"))
            after = tu.find(q("seg-source"))
            (after if after is not None else source).addnext(target)
        for child in list(target):
            target.remove(child)
        target.text = hit.target
        exact = tr.exact(hit)
        target.set("state", "translated" if exact else "needs-review-translation")
        target.set("state-qualifier", "exact-match" if exact else "fuzzy-match")
        if not exact:
            alt = etree.SubElement(tu, q("alt-trans"), {"match-quality": f"{hit.score:g}", "origin": "tm"})
            etree.SubElement(alt, q("source")).text = hit.matched_source
            etree.SubElement(alt, q("target")).text = hit.target
    for line in hit.terms:
        note = etree.Element(q("note"), {"from": "tm"})
        note.text = "terms: " + line
        alts = tu.findall(q("alt-trans"))
        (alts[0].addprevious if alts else tu.append)(note)


def _fill_20(seg: Any, source: Any, target: Any, hit: Hit, fill: bool, tr: Pretranslator) -> None:
    notes_text = []
    if fill:
        if target is None:
            target = etree.Element(f"{{{NS_20}}}target")
            source.addnext(target)
        for child in list(target):
            target.remove(child)
        target.text = hit.target
        seg.set("state", "translated")
        if tr.exact(hit):
            seg.attrib.pop("subState", None)
        else:
            seg.set("subState", NEEDS_REVIEW)
            notes_text.append(f"tm: fuzzy match {hit.score:g}%{hit.origin()}: {hit.matched_source}")
    notes_text += ["terms: " + t for t in hit.terms]
    if notes_text:
        unit = seg.getparent()
        notes = unit.find(f"{{{NS_20}}}notes")
        if notes is None:
            notes = etree.Element(f"{{{NS_20}}}notes")
            first = next((c for c in unit if _local(c) in ("originalData", "segment", "ignorable")), None)
            (first.addprevious if first is not None else unit.append)(notes)
        for text in notes_text:
            etree.SubElement(notes, f"{{{NS_20}}}note", category="tm").text = text
