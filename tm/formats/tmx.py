"""TMX (Translation Memory eXchange) 1.4b writer and 1.1–1.4b reader.

Writing (``write_tmx``)
    Streams with ``lxml.etree.xmlfile``: one ``<tu>`` is built and written at a
    time, so memory does not grow with the number of units. The file is written
    beside the target and renamed into place when complete.

    * ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, ``<tmx version="1.4">``, a header with
      every attribute the DTD requires, and ``creationdate`` (UTC).
    * ``datatype="markdown"``: the DTD declares datatype as CDATA (any value is
      valid) and the spec's list of values is a list of recommendations. Our
      segments carry Markdown inline markup as native code inside bpt/ept/ph, so
      "plaintext" (which says there is no native code) would be wrong and
      "unknown" says less than we know. Pass ``datatype=`` to change it.
    * ``segtype="sentence"``, ``o-tmf="tm"``, ``adminlang="en"``.
    * One ``<tu tuid="N">`` per unit, N counting from 1; ``<note>`` when the unit
      has a note; ``<prop type="x-context">`` (when the unit has a context),
      ``<prop type="x-confidence">`` (``repr`` of the float, so it reads back
      exactly), ``<prop type="x-low-confidence">`` (true/false), then one
      ``<prop type=KEY>`` per entry of ``unit.props``; then the source and the
      target ``<tuv xml:lang>``. A unit whose ``src_lang`` differs from the
      header's gets ``<tu srclang>``.
    * Inline markup (tm.inline) becomes TMX level-2 inline elements holding the
      native Markdown as content: links, bold and italic become
      ``<bpt i="N" type="link|bold|italic">[</bpt>…<ept i="N">](/url)</ept>``;
      code spans, HTML tags, images and autolinks become
      ``<ph type="x-code|x-html|image|x-autolink">…</ph>``.
    * ``inline_elements=False`` writes the markup as plain text instead (TMX
      level 1). OmegaT 3.6 reads a level-2 segment without its native code
      (``[FINRA](/finra)`` becomes ``FINRA``), so with OmegaT's plain-text
      filter (it has no Markdown filter) a level-2 TMX matches text with the
      markup removed, and a level-1 TMX matches text showing the Markdown.
    * Characters XML 1.0 cannot represent (C0 controls other than tab, LF and CR;
      U+FFFE, U+FFFF; lone surrogates) are refused by default with an InputError
      naming the unit (its context, else its position) and the character; no
      file is left behind. ``invalid_chars="strip"`` drops them instead. Refusing
      is the default because dropping characters silently breaks the promise that
      a read gives back exactly what was written.

Reading (``read_tmx``)
    Streams with ``lxml.etree.iterparse`` (``resolve_entities=False``,
    ``no_network=True``, ``load_dtd=False``), clearing each ``<tu>`` once read.

    * A DOCTYPE naming a DTD file or URL is never fetched; the file reads normally.
    * Any entity declaration in the internal subset (billion laughs, external
      entities such as ``SYSTEM "file:///etc/passwd"``) is refused with an
      InputError naming the file and the line of the declaration. Malformed XML
      gives an InputError with the parser's line.
    * libxml2's default safety limits stay on (``huge_tree`` is not set): a
      single text node over 10 MB or nesting deeper than 256 is refused as
      malformed; no real translation memory comes near either.
    * Inline elements (bpt, ept, ph, it, ut, hi, sub) are turned back into their
      native code by joining all their text in document order, so what
      ``write_tmx`` wrote reads back as exactly the same source and target
      strings. Comments and processing instructions inside a segment are ignored.
    * The source ``<tuv>`` is the one whose language equals the tu's ``srclang``
      (else the header's) ignoring case; failing that, the first with the same
      primary language subtag; failing that (or for ``srclang="*all*"``) the
      first ``<tuv>``. TMX 1.1's ``lang`` attribute is read like ``xml:lang``.
    * **A ``<tu>`` with several target languages (or several target variants)
      yields one unit per target ``<tuv>``, in document order**, each with the
      same source, context and tu-level props and notes. A ``<tu>`` with no
      target ``<tuv>`` yields nothing.
    * Props: ``x-context`` → ``context``, ``x-confidence`` → ``confidence``,
      ``x-low-confidence`` → ``low_confidence``; every other ``<prop>`` goes to
      ``props`` by its ``type`` (tu-level, then the source tuv's, then the target
      tuv's; a later one with the same type wins). When a tu has no ``x-context``
      and was not written by tm (it has no ``x-confidence``), its ``tuid`` is the
      context. Notes of the tu, the source tuv and the target tuv are joined with
      a newline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import IO, Any

from lxml import etree

import tm
from tm.errors import InputError
from tm.files import replaced_atomically
from tm.formats.clean import Cleaner
from tm.formats.source import Source, SourceLike
from tm.formats.xmlsafety import entity_line, fill_flat, parse_error
from tm.inline import Tag
from tm.model import TranslationUnit

__all__ = ["write_tmx", "read_tmx", "TMX_DOCTYPE"]

TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_RESERVED_PROPS = ("x-context", "x-confidence", "x-low-confidence")
_PH_TYPES = {"code": "x-code", "html": "x-html", "image": "image", "autolink": "x-autolink"}
# Anything outside XML 1.0's Char production (surrogates included: they only
# appear in a str as lone halves, which no encoding can write).
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TRUE = {"true", "yes", "1"}
# Every inline pattern of tm.inline starts with one of these characters.
_ENTITY_REFUSED = "entity declarations are refused (entity expansion and external entities are not allowed in TMX)"


# --------------------------------------------------------------------------- write


def write_tmx(
    units: Iterable[TranslationUnit],
    path_or_file: str | os.PathLike[str] | IO[bytes],
    *,
    src_lang: str,
    creationtool: str = "tm",
    creationtoolversion: str | None = None,
    datatype: str = "markdown",
    segtype: str = "sentence",
    adminlang: str = "en",
    creationdate: datetime | None = None,
    invalid_chars: str = "error",
    inline_elements: bool = True,
) -> int:
    """Write ``units`` as TMX 1.4b to a path or a binary file object; return the number of ``<tu>``.

    ``invalid_chars`` is ``"error"`` (InputError on a character XML 1.0 cannot
    hold) or ``"strip"`` (drop such characters). ``inline_elements=False``
    writes every segment as plain text, markup included (TMX level 1), for
    tools that read the documents as plain text (see the module docstring).
    """
    if invalid_chars not in ("error", "strip"):
        raise ValueError("invalid_chars must be 'error' or 'strip'")
    if segtype not in ("block", "paragraph", "sentence", "phrase"):
        raise ValueError("segtype must be block, paragraph, sentence or phrase")
    date = (creationdate or datetime.now(timezone.utc)).astimezone(timezone.utc)
    header = {
        "creationtool": creationtool,
        "creationtoolversion": creationtoolversion or tm.__version__,
        "segtype": segtype,
        "o-tmf": "tm",
        "adminlang": adminlang,
        "srclang": src_lang,
        "datatype": datatype,
        "o-encoding": "UTF-8",
        "creationdate": date.strftime("%Y%m%dT%H%M%SZ"),
    }
    clean = Cleaner(_INVALID_XML, invalid_chars, "which XML 1.0 (and so TMX) cannot represent")
    header = {k: clean(v, "header") for k, v in header.items()}

    if hasattr(path_or_file, "write"):
        return _write_stream(units, path_or_file, header, src_lang, clean, inline_elements)
    with replaced_atomically(path_or_file) as tmp, open(tmp, "wb") as f:
        return _write_stream(units, f, header, src_lang, clean, inline_elements)


def _write_stream(units, f, header, src_lang, clean, inline_elements) -> int:
    count = 0
    # Written by hand for double quotes, which a few older TMX readers insist on.
    f.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(f, encoding="UTF-8") as xf:
        xf.write_doctype(TMX_DOCTYPE)
        with xf.element("tmx", version="1.4"):
            xf.write("\n  ")
            xf.write(etree.Element("header", header))
            xf.write("\n  ")
            with xf.element("body"):
                for unit in units:
                    count += 1
                    xf.write("\n    ")
                    xf.write(_tu_element(unit, count, src_lang, clean, inline_elements))
                xf.write("\n  ")
            xf.write("\n")
    f.write(b"\n")
    return count


def _tu_element(unit: TranslationUnit, n: int, src_lang: str, clean, inline_elements: bool) -> etree._Element:
    where = clean.place(unit, n)

    def c(text: str, what: str) -> str:
        return clean(text, f"{where}: {what}")

    tu = etree.Element("tu", tuid=str(n))
    if unit.src_lang != src_lang:
        tu.set("srclang", c(unit.src_lang, "src_lang"))
    children: list[etree._Element] = []
    if unit.note is not None:
        note = etree.Element("note")
        note.text = c(unit.note, "note")
        children.append(note)
    props: list[tuple[str, str]] = []
    if unit.context is not None:
        props.append(("x-context", unit.context))
    props.append(("x-confidence", repr(float(unit.confidence))))
    props.append(("x-low-confidence", "true" if unit.low_confidence else "false"))
    for key, value in unit.props.items():
        if key in _RESERVED_PROPS:
            raise ValueError(f"{where}: prop {key!r} is reserved for the unit's own field")
        props.append((key, value))
    for key, value in props:
        prop = etree.Element("prop", type=c(str(key), "prop type"))
        prop.text = c(str(value), f"prop {key}")
        children.append(prop)
    for lang, text, what in ((unit.src_lang, unit.source, "source"), (unit.tgt_lang, unit.target, "target")):
        tuv = etree.Element("tuv", {XML_LANG: c(lang, "language")})
        tuv.text = "\n        "
        seg = etree.SubElement(tuv, "seg")
        if inline_elements:
            _fill_seg(seg, c(text, what))
        else:
            seg.text = c(text, what)
        seg.tail = "\n      "
        children.append(tuv)
    tu.text = "\n      "
    for i, child in enumerate(children):
        child.tail = "\n      " if i < len(children) - 1 else "\n    "
        tu.append(child)
    return tu


def _fill_seg(seg: etree._Element, text: str) -> None:
    fill_flat(seg, text, _tmx_tag)


def _tmx_tag(seg: etree._Element, token: Tag) -> etree._Element:
    if token.kind == "open":
        return etree.SubElement(seg, "bpt", i=str(token.i), type=token.type)
    if token.kind == "close":
        return etree.SubElement(seg, "ept", i=str(token.i))
    return etree.SubElement(seg, "ph", type=_PH_TYPES.get(token.type, f"x-{token.type}"))


# --------------------------------------------------------------------------- read


def read_tmx(
    path: SourceLike, *, src_lang: str | None = None, with_ids: bool = False
) -> Iterator[Any]:
    """Yield the units of a TMX 1.1–1.4b file, streaming (see the module docstring).

    ``src_lang`` overrides the header's ``srclang``. ``with_ids=True`` yields
    ``(unit, id)`` pairs instead, the id being the tu's ``tuid`` or, without one,
    ``line N`` (where the ``<tu>`` starts): the importer records it as provenance.
    """
    src = Source.of(path)
    name = src.name
    if src.problem():
        raise InputError(name, src.problem())
    if src.size() == 0:
        raise InputError(name, "empty file")
    units = _read(src, src_lang)
    if with_ids:
        return units
    return (u for u, _ in units)


def _read(src: Source, src_lang_override: str | None) -> Iterator[tuple[TranslationUnit, str]]:
    name = src.name
    context = etree.iterparse(
        src.parser_input(),
        events=("end",),
        tag=("header", "tu"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    header_lang: str | None = src_lang_override
    checked = False
    try:
        for _event, elem in context:
            if not checked:
                _check_document(src, elem.getroottree())
                checked = True
            if elem.tag == "header":
                if src_lang_override is None:
                    header_lang = elem.get("srclang")
            else:
                tuid = elem.get("tuid") or f"line {elem.sourceline}"
                for u in _units(name, elem, header_lang):
                    yield u, tuid
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
        if not checked:
            root = context.root
            _check_document(src, root.getroottree())
    except etree.XMLSyntaxError as e:
        raise parse_error(src, e, _ENTITY_REFUSED) from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None


def _check_document(src: Source, tree: etree._ElementTree) -> None:
    name = src.name
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(name, _ENTITY_REFUSED, entity_line(src))
    root = tree.getroot()
    if root is None or root.tag != "tmx":
        tag = root.tag if root is not None else None
        raise InputError(name, f"not a TMX file: root element is <{tag}>, not <tmx>", getattr(root, "sourceline", None))


def _text(elem: Any) -> str:
    """All text inside ``elem`` in document order (comments and PIs skipped, their tails kept)."""
    if not len(elem) and isinstance(elem.tag, str):  # the common case: a plain-text seg
        return elem.text or ""
    parts = [elem.text or ""] if isinstance(elem.tag, str) else []
    for child in elem:
        if isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang(elem: Any) -> str:
    return elem.get(XML_LANG) or elem.get("lang") or ""


class _Tuv:
    __slots__ = ("elem", "lang", "seg", "notes", "props")

    def __init__(self, elem: Any):
        self.elem = elem
        self.lang = _lang(elem)
        self.seg: str | None = None
        self.notes: list[str] = []
        self.props: list[tuple[str, str, Any]] = []  # (type, text, element: its line on error)
        for child in elem:
            if child.tag == "seg":
                self.seg = _text(child)
            elif child.tag == "note":
                self.notes.append(_text(child))
            elif child.tag == "prop":
                self.props.append((child.get("type", ""), _text(child), child))


def _units(name: str, tu: Any, header_lang: str | None) -> Iterator[TranslationUnit]:
    notes: list[str] = []
    props: list[tuple[str, str, Any]] = []
    tuvs: list[_Tuv] = []
    for child in tu:
        if child.tag == "note":
            notes.append(_text(child))
        elif child.tag == "prop":
            props.append((child.get("type", ""), _text(child), child))
        elif child.tag == "tuv":
            tuv = _Tuv(child)
            if tuv.seg is not None:
                tuvs.append(tuv)
    if len(tuvs) < 2:
        return
    src_lang = tu.get("srclang") or header_lang or "*all*"
    source = _pick_source(tuvs, src_lang)
    for target in tuvs:
        if target is source:
            continue
        fields: dict[str, Any] = {}
        extra: dict[str, str] = {}
        for key, value, where in (props + source.props + target.props) if (props or source.props or target.props) else ():
            if key == "x-context":
                fields["context"] = value
            elif key == "x-confidence":
                try:
                    fields["confidence"] = float(value)
                except ValueError:
                    raise InputError(name, f"x-confidence is not a number: {value!r}", where.sourceline) from None
            elif key == "x-low-confidence":
                fields["low_confidence"] = value.strip().lower() in _TRUE
            else:
                extra[key] = value
        if "context" not in fields and "confidence" not in fields:
            tuid = tu.get("tuid")
            if tuid is not None:
                fields["context"] = tuid
        all_notes = notes + source.notes + target.notes
        yield TranslationUnit(
            source=source.seg or "",
            target=target.seg or "",
            src_lang=source.lang or (src_lang if src_lang != "*all*" else ""),
            tgt_lang=target.lang,
            note="\n".join(all_notes) if all_notes else None,
            props=extra,
            line=tu.sourceline,
            **fields,
        )


def _pick_source(tuvs: list[_Tuv], src_lang: str) -> _Tuv:
    if src_lang.lower() != "*all*":
        wanted = src_lang.casefold()
        for tuv in tuvs:
            if tuv.lang.casefold() == wanted:
                return tuv
        primary = wanted.replace("_", "-").split("-")[0]
        for tuv in tuvs:
            if tuv.lang.casefold().replace("_", "-").split("-")[0] == primary:
                return tuv
    return tuvs[0]
