"""XLIFF 1.2 and 2.x: a streaming reader and a writer, with the same safety as the TMX reader.

Reading (``read_xliff``)
    Streams with ``lxml.etree.iterparse`` (``resolve_entities=False``, ``no_network=True``,
    ``load_dtd=False``) and clears each unit once read, so memory stays flat in file size.
    The version is told by the root's namespace: ``urn:oasis:names:tc:xliff:document:2.0``
    (XLIFF 2.0, 2.1 and 2.2 share it) is 2.x; 1.2, 1.1 or no namespace is read as 1.2.

    * Safety: any entity declaration (billion laughs, external entities) is refused with an
      InputError naming the file and the line; a DOCTYPE naming a DTD is never fetched;
      malformed XML gives the parser's line. libxml2's default size limits stay on.
    * 1.2: one unit per ``<trans-unit>``; when it has a ``<seg-source>`` whose
      ``<mrk mtype="seg" mid>`` segments reappear in the ``<target>``, one unit per segment
      (SDL Trados ``.sdlxliff`` files are written so). ``<alt-trans>`` (matches offered to a
      translator, not translations) is ignored, and so are units with ``translate="no"``.
      Languages: ``<source>``/``<target>`` ``xml:lang``, else the ``<file>``'s
      ``source-language``/``target-language``.
    * 2.x: one unit per ``<segment>`` of each ``<unit>``; ``<ignorable>`` is skipped.
      Languages: the target's ``xml:lang``, else the root's ``srcLang``/``trgLang``.
    * A unit without ``<target>`` is yielded with an empty target (as read_po yields an
      untranslated entry); callers decide what an untranslated unit means.
    * Inline markup becomes native text: 1.2 ``bpt``/``ept``/``ph``/``it``/``sub`` contain
      native code and are joined in document order (``g`` and ``mrk`` keep their content,
      ``x``/``bx``/``ex`` have none); 2.x ``ph``/``pc``/``sc``/``ec`` are replaced by the
      ``<originalData>`` they point to (``dataRef``, ``dataRefStart``, ``dataRefEnd``),
      ``cp`` by its character, ``mrk`` keeps its content. So what ``write_xliff`` wrote reads
      back as the same strings.
    * States map to confidence (``STATE_CONFIDENCE``): final, signed-off, reviewed or
      1.2 ``approved="yes"`` → 1.0; translated → 0.9; needs-review-* → 0.5 and
      low_confidence; new, initial, needs-translation/-adaptation/-l10n → 0.3 and
      low_confidence. A 1.2 target without a state counts as translated; a 2.x segment
      without one is ``initial``, the spec's default. SDL ``conf`` values map the same way
      (ApprovedSignOff/ApprovedTranslation → final, Translated → translated, Draft and
      Rejected* → needs-review). The state read is kept in ``props["xliff-state"]``.
    * Notes (1.2 ``<note>``, 2.x ``<notes><note>``) are joined with a newline into ``note``;
      1.2 ``<prop-group><prop prop-type>`` and 2.x ``<mda:meta type>`` go to ``props``.
      ``context`` is the unit's ``resname`` (1.2) or ``name`` (2.x), else its id.
    * Units written by tm (they carry ``tm:confidence``) read back exactly: confidence from
      that attribute, context only from resname/name, no ``xliff-state`` prop.
    * ``with_ids=True`` yields ``(unit, unit_id)`` pairs: the trans-unit/unit id, with
      ``#mid`` (1.2 segments) or ``/segment-id`` (2.x, the 1-based position when the
      segment has no id) appended; for 2.x the file id comes first (``f1/u1``).

Writing (``write_xliff``)
    Streams with ``lxml.etree.xmlfile``; one language pair per file (units of another pair
    raise ValueError). ``version="1.2"`` (default) or ``"2.0"``.

    * States from confidence (``written_state``): low confidence → needs-review-translation (1.2) / translated with subState
      ``tm:needs-review`` (2.x); confidence 1.0 → final; otherwise translated.
    * 1.2: ``<trans-unit id="N" xml:space="preserve">`` with ``resname`` = context,
      ``tm:confidence`` = ``repr`` of the float, ``<target state>``, one ``<note>``, and one
      ``<tm:prop key>`` per prop (an extension element, which 1.2 allows at the end of a
      trans-unit). Markdown inline markup becomes ``bpt``/``ept``/``ph`` holding the native
      Markdown, as in TMX. Characters XML 1.0 cannot hold are refused (InputError naming
      the unit) or, with ``invalid_chars="strip"``, dropped.
    * 2.0: ``<unit id="uN">`` with ``name`` = context and ``tm:confidence``, props in the
      Metadata module (``<mda:metadata><mda:metaGroup category="tm"><mda:meta type>``), one
      ``<notes><note>``, one ``<segment state>``. Markup becomes
      ``<pc dataRefStart dataRefEnd>`` and ``<ph dataRef>`` pointing into
      ``<originalData>``; characters XML cannot hold become ``<cp hex>`` inside source,
      target and data, so any text but lone surrogates round-trips. Notes, context and
      props are plain XML text: invalid characters there follow ``invalid_chars``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from lxml import etree

import tm
from tm.errors import InputError
from tm.files import replaced_atomically
from tm.formats.clean import Cleaner
from tm.formats.source import Source, SourceLike
from tm.formats.xmlsafety import NO_MARKUP, entity_line, fill_flat, parse_error
from tm.inline import Tag, Text, tokenize
from tm.model import TranslationUnit

__all__ = ["read_xliff", "write_xliff", "STATE_CONFIDENCE", "NS_12", "NS_20"]

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS_TM = "urn:x-tm:xliff"
NS_SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TM_CONFIDENCE = f"{{{NS_TM}}}confidence"
NEEDS_REVIEW_20 = "tm:needs-review"  # the 2.x subState of a low-confidence segment

# state -> (confidence, low_confidence). Why these numbers: the order is what matters
# (a reviewed translation outranks an unreviewed one, which outranks a draft); 1.0 is what
# a TMX or PO unit without any other sign gets, so a final XLIFF unit ranks with them.
STATE_CONFIDENCE: dict[str, tuple[float, bool]] = {
    "final": (1.0, False),
    "signed-off": (1.0, False),
    "reviewed": (1.0, False),
    "translated": (0.9, False),
    "needs-review-translation": (0.5, True),
    "needs-review-adaptation": (0.5, True),
    "needs-review-l10n": (0.5, True),
    "new": (0.3, True),
    "initial": (0.3, True),
    "needs-translation": (0.3, True),
    "needs-adaptation": (0.3, True),
    "needs-l10n": (0.3, True),
}
_SDL_STATES = {
    "approvedsignoff": "final",
    "approvedtranslation": "final",
    "translated": "translated",
    "draft": "needs-review-translation",
    "rejectedtranslation": "needs-review-translation",
    "rejectedsignoff": "needs-review-translation",
}

_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PH_TYPES = {"code": "x-code", "html": "x-html", "image": "image", "autolink": "x-autolink"}
# Each unit is serialised on its own, so it repeats these declarations (valid, if verbose).
_NSMAP_12 = {None: NS_12, "tm": NS_TM}
_NSMAP_20 = {None: NS_20, "mda": NS_MDA, "tm": NS_TM}
_ENTITY_REFUSED = "entity declarations are refused (entity expansion and external entities are not allowed in XLIFF)"


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _ns(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


# --------------------------------------------------------------------------- read


def read_xliff(
    path: SourceLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    with_ids: bool = False,
) -> Iterator[Any]:
    """Yield the units of an XLIFF 1.2 or 2.x file, streaming (see the module docstring).

    ``src_lang``/``tgt_lang`` are used where the file names no language.
    """
    src = Source.of(path)
    if src.problem():
        raise InputError(src.name, src.problem())
    if src.size() == 0:
        raise InputError(src.name, "empty file")
    units = _read(src, src_lang, tgt_lang)
    return units if with_ids else (u for u, _ in units)


class _State:
    """What the reader knows of the enclosing elements while streaming."""

    def __init__(self, src_lang: str | None, tgt_lang: str | None):
        self.version = "1.2"
        self.src_lang = src_lang or ""
        self.tgt_lang = tgt_lang or ""
        self.default_src = src_lang or ""
        self.default_tgt = tgt_lang or ""
        self.file_id = ""
        self.original = ""
        self.files = 0


def _read(src: Source, src_lang: str | None, tgt_lang: str | None) -> Iterator[tuple[TranslationUnit, str]]:
    name = src.name
    context = etree.iterparse(
        src.parser_input(),
        events=("start", "end"),
        tag=("{*}xliff", "{*}file", "{*}trans-unit", "{*}unit", "{*}bin-unit", "{*}skeleton"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    state = _State(src_lang, tgt_lang)
    checked = False
    try:
        for event, elem in context:
            if not checked:
                _check_document(src, elem.getroottree())
                checked = True
            local = _local(elem.tag)
            if event == "start":
                if local == "xliff":
                    if _ns(elem.tag) == NS_20 or (elem.get("version") or "").startswith("2"):
                        state.version = "2"
                        state.src_lang = elem.get("srcLang") or state.default_src
                        state.tgt_lang = elem.get("trgLang") or state.default_tgt
                elif local == "file":
                    state.files += 1
                    state.original = elem.get("original") or ""
                    state.file_id = elem.get("id") or f"f{state.files}"
                    if state.version != "2":
                        state.src_lang = elem.get("source-language") or state.default_src
                        state.tgt_lang = elem.get("target-language") or state.default_tgt
                continue
            if local == "trans-unit" and state.version != "2":
                yield from _units_12(name, elem, state)
            elif local == "unit" and state.version == "2":
                yield from _units_20(name, elem, state)
            elif local == "xliff":
                continue
            _forget(elem)
        if not checked:
            _check_document(src, context.root.getroottree())
    except etree.XMLSyntaxError as e:
        raise parse_error(src, e, _ENTITY_REFUSED) from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None


def _forget(elem: Any) -> None:
    """Free a finished element and the siblings before it: memory stays flat."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _check_document(src: Source, tree: Any) -> None:
    name = src.name
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(name, _ENTITY_REFUSED, entity_line(src))
    root = tree.getroot()
    if root is None or _local(root.tag) != "xliff":
        tag = _local(root.tag) if root is not None else None
        raise InputError(name, f"not an XLIFF file: root element is <{tag}>, not <xliff>", getattr(root, "sourceline", None))


def _text(elem: Any) -> str:
    """All text inside ``elem`` in document order (1.2 inline elements hold native code)."""
    parts = [elem.text or ""]
    for child in elem:
        if isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _confidence(state: str | None) -> tuple[float, bool]:
    return STATE_CONFIDENCE.get((state or "").strip().lower(), STATE_CONFIDENCE["translated"])


def _fields(elem: Any, state: str, context: str | None, props: dict[str, str]) -> dict[str, Any]:
    """confidence, low_confidence, context and props of a unit, by who wrote it."""
    confidence, low = _confidence(state)
    written_by_tm = elem.get(TM_CONFIDENCE)
    if written_by_tm is not None:
        try:
            confidence = float(written_by_tm)
        except ValueError:
            raise InputError(None, f"tm:confidence is not a number: {written_by_tm!r}") from None
    else:
        props = {**props, "xliff-state": state}
        context = context if context is not None else elem.get("id")
    return {"confidence": confidence, "low_confidence": low, "context": context, "props": props}


def _units_12(name: str, tu: Any, st: _State) -> Iterator[tuple[TranslationUnit, str]]:
    if (tu.get("translate") or "yes").strip().lower() == "no":
        return
    unit_id = tu.get("id") or f"unit {tu.sourceline}"
    source = seg_source = target = None
    notes: list[str] = []
    props: dict[str, str] = {}
    sdl_conf: dict[str, str] = {}
    for child in tu:
        local = _local(child.tag)
        ns = _ns(child.tag) if isinstance(child.tag, str) else ""
        if ns == NS_TM and local == "prop":
            props[child.get("key", "")] = _text(child)
        elif ns == NS_SDL and local == "seg-defs":
            for seg in child:
                if _local(seg.tag) == "seg" and seg.get("id") is not None:
                    sdl_conf[seg.get("id")] = seg.get("conf") or ""
        elif ns not in ("", NS_12, "urn:oasis:names:tc:xliff:document:1.1"):
            continue
        elif local == "source":
            source = child
        elif local == "seg-source":
            seg_source = child
        elif local == "target":
            target = child
        elif local == "note":
            notes.append(_text(child))
        elif local == "prop-group":
            for prop in child:
                if _local(prop.tag) == "prop":
                    props[prop.get("prop-type", "")] = _text(prop)
    if source is None:
        raise InputError(name, f"trans-unit {unit_id!r} has no <source>", tu.sourceline)
    src_lang = source.get(XML_LANG) or st.src_lang
    tgt_lang = (target.get(XML_LANG) if target is not None else None) or st.tgt_lang
    approved = (tu.get("approved") or "").strip().lower() == "yes"
    tu_state = target.get("state") if target is not None else None
    if tu_state is None:
        tu_state = "final" if approved else ("translated" if target is not None else "new")
    note = "\n".join(notes) if notes else None
    resname = tu.get("resname")

    segments = _segments_12(seg_source, target) if seg_source is not None else None
    if segments:
        for mid, src_text, tgt_text in segments:
            state = tu_state
            if mid in sdl_conf and target is not None and target.get("state") is None:
                state = _SDL_STATES.get(sdl_conf[mid].lower(), tu_state)
            unit = TranslationUnit(
                source=src_text, target=tgt_text, src_lang=src_lang, tgt_lang=tgt_lang, note=note,
                **_fields(tu, state, resname, props), line=tu.sourceline,
            )
            yield unit, f"{unit_id}#{mid}"
        return
    state = tu_state
    if len(sdl_conf) == 1 and target is not None and target.get("state") is None:
        state = _SDL_STATES.get(next(iter(sdl_conf.values())).lower(), tu_state)
    unit = TranslationUnit(
        source=_text(source),
        target=_text(target) if target is not None else "",
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        note=note,
        **_fields(tu, state, resname, props),
        line=tu.sourceline,
    )
    yield unit, unit_id


def _segments_12(seg_source: Any, target: Any) -> list[tuple[str, str, str]]:
    """(mid, source, target) of each ``<mrk mtype="seg">``; [] when the target is not segmented alike."""
    def mrks(elem: Any) -> dict[str, str]:
        found: dict[str, str] = {}
        for m in elem.iter("{*}mrk", "mrk"):
            if m.get("mtype") == "seg" and m.get("mid") is not None:
                found.setdefault(m.get("mid"), _text(m))
        return found

    sources = mrks(seg_source)
    if not sources:
        return []
    targets = mrks(target) if target is not None else {}
    if target is not None and not targets:
        return []
    return [(mid, text, targets.get(mid, "")) for mid, text in sources.items()]


def _text_20(elem: Any, data: dict[str, str]) -> str:
    """Text of a 2.x source/target/data with inline codes turned back into their original data."""
    parts = [elem.text or ""]
    for child in elem:
        if isinstance(child.tag, str):
            local = _local(child.tag)
            if local == "cp":
                try:
                    parts.append(chr(int(child.get("hex", ""), 16)))
                except (ValueError, OverflowError):
                    raise InputError(None, f"<cp hex={child.get('hex')!r}> is not a code point") from None
            elif local in ("ph", "sc", "ec"):
                parts.append(data.get(child.get("dataRef") or "", ""))
            elif local == "pc":
                parts.append(data.get(child.get("dataRefStart") or "", ""))
                parts.append(_text_20(child, data))
                parts.append(data.get(child.get("dataRefEnd") or "", ""))
            elif local in ("sm", "em"):
                pass
            else:  # mrk and anything else: its content
                parts.append(_text_20(child, data))
        parts.append(child.tail or "")
    return "".join(parts)


def _units_20(name: str, unit: Any, st: _State) -> Iterator[tuple[TranslationUnit, str]]:
    if (unit.get("translate") or "yes").strip().lower() == "no":
        return
    unit_id = unit.get("id") or f"unit {unit.sourceline}"
    notes: list[str] = []
    props: dict[str, str] = {}
    data: dict[str, str] = {}
    segments: list[Any] = []
    for child in unit:
        local = _local(child.tag)
        if local == "notes":
            notes.extend(_text(n) for n in child if _local(n.tag) == "note")
        elif local == "originalData":
            for d in child:
                if _local(d.tag) == "data" and d.get("id") is not None:
                    data[d.get("id")] = _text_20(d, {})
        elif local == "segment":
            segments.append(child)
        elif local == "metadata" and _ns(child.tag) == NS_MDA:
            for meta in child.iter(f"{{{NS_MDA}}}meta"):
                props[meta.get("type", "")] = meta.text or ""
    note = "\n".join(notes) if notes else None
    for k, seg in enumerate(segments, 1):
        source = target = None
        for part in seg:
            local = _local(part.tag)
            if local == "source":
                source = part
            elif local == "target":
                target = part
        if source is None:
            raise InputError(name, f"unit {unit_id!r}: segment without <source>", seg.sourceline)
        state = seg.get("state") or "initial"
        if seg.get("subState") == NEEDS_REVIEW_20 and state == "translated":  # as tm writes low confidence
            state = "needs-review-translation"
        tgt_lang = (target.get(XML_LANG) if target is not None else None) or st.tgt_lang
        src_lang = source.get(XML_LANG) or st.src_lang
        try:
            src_text = _text_20(source, data)
            tgt_text = _text_20(target, data) if target is not None else ""
        except InputError as e:
            raise InputError(name, e.message, seg.sourceline) from None
        seg_id = seg.get("id") or str(k)
        uid = f"{st.file_id}/{unit_id}" + (f"/{seg_id}" if len(segments) > 1 else "")
        yield TranslationUnit(
            source=src_text, target=tgt_text, src_lang=src_lang, tgt_lang=tgt_lang, note=note,
            **_fields(unit, state, unit.get("name"), props), line=seg.sourceline,
        ), uid


# --------------------------------------------------------------------------- write


def write_xliff(
    units: Iterable[TranslationUnit],
    path_or_file: str | os.PathLike[str] | IO[bytes],
    *,
    src_lang: str,
    tgt_lang: str,
    version: str = "1.2",
    original: str = "tm",
    invalid_chars: str = "error",
) -> int:
    """Write ``units`` (all ``src_lang`` → ``tgt_lang``) as XLIFF; return the number of units."""
    if invalid_chars not in ("error", "strip"):
        raise ValueError("invalid_chars must be 'error' or 'strip'")
    if version not in ("1.2", "2.0"):
        raise ValueError("version must be '1.2' or '2.0'")
    if hasattr(path_or_file, "write"):
        return _write(units, path_or_file, src_lang, tgt_lang, version, original, invalid_chars)
    with replaced_atomically(path_or_file) as tmp, open(tmp, "wb") as f:
        return _write(units, f, src_lang, tgt_lang, version, original, invalid_chars)


def _write(units, f, src_lang, tgt_lang, version, original, invalid_chars) -> int:
    clean = Cleaner(_INVALID_XML, invalid_chars, "which XML 1.0 cannot represent here")
    count = 0
    f.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(f, encoding="UTF-8") as xf:
        if version == "1.2":
            with xf.element(f"{{{NS_12}}}xliff", version="1.2", nsmap=_NSMAP_12):
                xf.write("\n  ")
                with xf.element(
                    f"{{{NS_12}}}file",
                    {"original": clean(original, "original"), "source-language": clean(src_lang, "source language"),
                     "target-language": clean(tgt_lang, "target language"), "datatype": "x-markdown"},
                ):
                    xf.write("\n    ")
                    header = etree.Element(f"{{{NS_12}}}header", nsmap=_NSMAP_12)
                    etree.SubElement(header, f"{{{NS_12}}}tool", {"tool-id": "tm", "tool-name": "tm", "tool-version": tm.__version__})
                    xf.write(header)
                    xf.write("\n    ")
                    with xf.element(f"{{{NS_12}}}body"):
                        for unit in units:
                            count += 1
                            _check_pair(unit, count, src_lang, tgt_lang)
                            xf.write("\n      ")
                            xf.write(_trans_unit(unit, count, clean, invalid_chars))
                        xf.write("\n    ")
                    xf.write("\n  ")
                xf.write("\n")
        else:
            attrs = {"version": "2.0", "srcLang": clean(src_lang, "source language"), "trgLang": clean(tgt_lang, "target language")}
            with xf.element(f"{{{NS_20}}}xliff", attrs, nsmap=_NSMAP_20):
                xf.write("\n  ")
                with xf.element(f"{{{NS_20}}}file", {"id": "f1", "original": clean(original, "original")}):
                    for unit in units:
                        count += 1
                        _check_pair(unit, count, src_lang, tgt_lang)
                        xf.write("\n    ")
                        xf.write(_unit_20(unit, count, clean, invalid_chars))
                    xf.write("\n  ")
                xf.write("\n")
    f.write(b"\n")
    return count


def written_state(unit: TranslationUnit, version: str) -> str:
    """The state a unit is written with, from its confidence (the reverse of STATE_CONFIDENCE):
    low confidence → needs-review-translation (1.2) or translated with
    ``subState="tm:needs-review"`` (2.x has no review state below translated); confidence 1.0
    (a translation a person made, as imported TMX and PO are) → final; else translated."""
    if unit.low_confidence:
        return "needs-review-translation" if version == "1.2" else "translated"
    return "final" if unit.confidence >= 1.0 else "translated"


def _check_pair(unit: TranslationUnit, n: int, src_lang: str, tgt_lang: str) -> None:
    if unit.src_lang != src_lang or unit.tgt_lang != tgt_lang:
        raise ValueError(f"unit {n} is {unit.src_lang}->{unit.tgt_lang}, the file {src_lang}->{tgt_lang}")


def _where(unit: TranslationUnit, n: int) -> str:
    return f"unit {n}" + (f" ({_INVALID_XML.sub('?', unit.context)})" if unit.context else "")


def _trans_unit(unit: TranslationUnit, n: int, clean, invalid_chars: str) -> Any:
    where = _where(unit, n)

    def c(text: str, what: str) -> str:
        return clean(text, f"{where}: {what}")

    tu = etree.Element(f"{{{NS_12}}}trans-unit", {"id": str(n), XML_SPACE: "preserve"}, nsmap=_NSMAP_12)
    if unit.context is not None:
        tu.set("resname", c(unit.context, "context"))
    tu.set(TM_CONFIDENCE, repr(float(unit.confidence)))
    source = etree.SubElement(tu, f"{{{NS_12}}}source")
    _fill_12(source, c(unit.source, "source"))
    target = etree.SubElement(tu, f"{{{NS_12}}}target", state=written_state(unit, "1.2"))
    _fill_12(target, c(unit.target, "target"))
    if unit.note is not None:
        note = etree.SubElement(tu, f"{{{NS_12}}}note")
        note.text = c(unit.note, "note")
    for key, value in unit.props.items():
        prop = etree.SubElement(tu, f"{{{NS_TM}}}prop", key=c(str(key), "prop key"))
        prop.text = c(str(value), f"prop {key}")
    _indent(tu, "\n        ", "\n      ")
    return tu


def _indent(parent: Any, inner: str, last: str) -> None:
    children = list(parent)
    if not children:
        return
    parent.text = inner
    for i, child in enumerate(children):
        child.tail = inner if i < len(children) - 1 else last


def _fill_12(elem: Any, text: str) -> None:
    fill_flat(elem, text, _tag_12)


def _tag_12(elem: Any, token: Tag) -> Any:
    if token.kind == "open":
        return etree.SubElement(elem, f"{{{NS_12}}}bpt", id=str(token.i), ctype=_ctype(token.type))
    if token.kind == "close":
        return etree.SubElement(elem, f"{{{NS_12}}}ept", id=str(token.i))
    return etree.SubElement(elem, f"{{{NS_12}}}ph", id=str(token.i), ctype=_PH_TYPES.get(token.type, f"x-{token.type}"))


def _ctype(kind: str) -> str:
    # XLIFF 1.2 predefines bold, italic and link as ctype values.
    return kind if kind in ("bold", "italic", "link") else f"x-{kind}"


def _unit_20(unit: TranslationUnit, n: int, clean, invalid_chars: str) -> Any:
    where = _where(unit, n)

    def c(text: str, what: str) -> str:
        return clean(text, f"{where}: {what}")

    def content(text: str, what: str) -> str:
        # Source, target and data may hold any character (<cp> carries what XML cannot);
        # only lone surrogates, which no encoding can write, are left to the policy.
        m = _SURROGATE.search(text)
        if m is None:
            return text
        if invalid_chars == "strip":
            return _SURROGATE.sub("", text)
        raise InputError(None, f"{where}: {what} contains a lone surrogate U+{ord(m.group()):04X}")

    u = etree.Element(f"{{{NS_20}}}unit", {"id": f"u{n}"}, nsmap=_NSMAP_20)
    if unit.context is not None:
        u.set("name", c(unit.context, "context"))
    u.set(TM_CONFIDENCE, repr(float(unit.confidence)))
    if unit.props:
        md = etree.SubElement(u, f"{{{NS_MDA}}}metadata")
        group = etree.SubElement(md, f"{{{NS_MDA}}}metaGroup", category="tm")
        for key, value in unit.props.items():
            meta = etree.SubElement(group, f"{{{NS_MDA}}}meta", type=c(str(key), "prop key"))
            meta.text = c(str(value), f"prop {key}")
    if unit.note is not None:
        notes = etree.SubElement(u, f"{{{NS_20}}}notes")
        note = etree.SubElement(notes, f"{{{NS_20}}}note")
        note.text = c(unit.note, "note")
    data: dict[str, str] = {}  # native code -> data id
    seg = etree.Element(f"{{{NS_20}}}segment", state=written_state(unit, "2.0"))
    if unit.low_confidence:
        seg.set("subState", NEEDS_REVIEW_20)
    for text, tag in ((content(unit.source, "source"), "source"), (content(unit.target, "target"), "target")):
        el = etree.SubElement(seg, f"{{{NS_20}}}{tag}", {XML_SPACE: "preserve"})
        _fill_20(el, text, data)
    if data:
        od = etree.SubElement(u, f"{{{NS_20}}}originalData")
        for code, did in data.items():
            d = etree.SubElement(od, f"{{{NS_20}}}data", id=did)
            _put_text(d, None, code)
    u.append(seg)
    _indent(u, "\n      ", "\n    ")
    return u


def _put_text(parent: Any, last: Any, text: str) -> Any:
    """Append ``text`` after ``last`` (or as ``parent``'s text), using <cp> for characters XML cannot hold."""
    pos = 0
    for m in _INVALID_XML.finditer(text):
        last = _append_text(parent, last, text[pos : m.start()])
        cp = etree.SubElement(parent, f"{{{NS_20}}}cp", hex=f"{ord(m.group()):04X}")
        last = cp
        pos = m.end()
    return _append_text(parent, last, text[pos:])


def _append_text(parent: Any, last: Any, text: str) -> Any:
    if not text:
        return last
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text
    return last


def _fill_20(elem: Any, text: str, data: dict[str, str]) -> None:
    def ref(code: str) -> str:
        if code not in data:
            data[code] = f"d{len(data) + 1}"
        return data[code]

    if NO_MARKUP(text):
        _put_text(elem, None, text)
        return
    stack: list[tuple[Any, Any]] = [(elem, None)]  # (element being filled, its last child)
    for token in tokenize(text):
        parent, last = stack[-1]
        if isinstance(token, Text):
            stack[-1] = (parent, _put_text(parent, last, token.text))
        elif token.kind == "open":
            pc = etree.SubElement(parent, f"{{{NS_20}}}pc", id=str(token.i), dataRefStart=ref(token.code), type="fmt")
            stack[-1] = (parent, pc)
            stack.append((pc, None))
        elif token.kind == "close":
            pc, _ = stack.pop()
            pc.set("dataRefEnd", ref(token.code))
        else:
            ph = etree.SubElement(parent, f"{{{NS_20}}}ph", id=str(token.i), dataRef=ref(token.code))
            stack[-1] = (parent, ph)
