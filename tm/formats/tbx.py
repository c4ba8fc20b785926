"""TBX glossaries: TBX v3 (ISO 30042:2019) TBX-Basic and TBX v2 (martif) written and read.

Writing (``write_tbx``): one ``<conceptEntry>`` per entry::

    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc><p>…</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c1">
          <note>entry note</note>                                 (when the entry has one)
          <langSec xml:lang="en"><termSec>
            <term>account executive</term>
            <termNote type="partOfSpeech">noun</termNote>
          </termSec></langSec>
          <langSec xml:lang="pl"><termSec>
            <term>kierownik konta</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec> …</langSec>
        </conceptEntry>

Status mapping: preferred, admitted and deprecated are ``preferredTerm-admn-sts``,
``admittedTerm-admn-sts`` and ``deprecatedTerm-admn-sts``. TBX-Basic has no "forbidden" value,
so a forbidden rendering is written as ``deprecatedTerm-admn-sts`` with a ``<note>`` whose text
starts with ``forbidden`` (``forbidden: mistranslation …``); reading turns that back into
forbidden. ``supersededTerm-admn-sts`` reads as deprecated. A rendering's note is a ``<note>`` in
its ``<termSec>``; the source term's status (rare) is an administrativeStatus on its termSec.
The file starts with the two ``<?xml-model?>`` processing instructions of the TBX-Basic dialect
(RNG and Schematron locations, never fetched by tm).

TBX v2 as translate-toolkit and Weblate read it (``write_tbx_martif``): translate-toolkit's
reader (``translate.storage.tbx``, which Weblate uses for TBX glossaries) requires the root
``<martif>`` without a namespace (it asserts so: TBX v3 fails with AssertionError) and reads a
``<termEntry>`` as one unit whose source is the first ``<langSet>``'s first ``<term>`` and whose
target is the second ``<langSet>``'s. So each rendering gets a ``<termEntry id="c1-2">`` of its
own, source ``<langSet>`` first::

    <martif type="TBX" xml:lang="en">
      <martifHeader><fileDesc><sourceDesc><p>…</p></sourceDesc></fileDesc></martifHeader>
      <text><body>
        <termEntry id="c1-1">
          <note>entry note</note>
          <langSet xml:lang="en"><tig><term>account executive</term>
            <termNote type="partOfSpeech">noun</termNote></tig></langSet>
          <langSet xml:lang="pl"><tig><term>kierownik konta</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <note>rendering note</note></tig></langSet>
        </termEntry>

Statuses: preferred, admitted and deprecated as in v3 (translate-toolkit reads
``deprecatedTerm-admn-sts`` as obsolete, and Weblate leaves obsolete units out of a glossary);
forbidden as the value ``forbidden``, which Weblate turns into its "forbidden" flag (it reads the
first administrativeStatus of an entry, so the source term's own status is not written in this
dialect). A source term without renderings is one entry with only the source ``<langSet>``.

Reading (``read_tbx``) accepts TBX v3 (``<tbx>``, any dialect in ``type``, the namespace or
none) and TBX v2 (``<martif type="TBX">`` with ``<termEntry>``, ``<langSet>``, ``<tig>`` or
``<ntig><termGrp>``). The language of the source side is the ``xml:lang`` of the root (v3) or of
``<martifHeader>``/the root (v2), else ``src_lang``. Each concept entry gives one glossary entry
per source-language term. Parsing is safe: ``resolve_entities=False``, ``no_network=True``,
``load_dtd=False``, and any entity declaration is refused with an InputError naming the file and
line, as for TMX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from tm.errors import InputError
from tm.formats.source import Source, SourceLike
from tm.formats.xmlsafety import entity_line, parse_error
from tm.text import primary_subtag

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_N = f"{{{TBX_NS}}}"
_STATUS_OUT = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
_STATUS_IN = {
    "preferredterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "deprecated",
    "supersededterm-admn-sts": "deprecated",
    "standardizedterm-admn-sts": "preferred",
    "legalterm-admn-sts": "preferred",
    "regulatedterm-admn-sts": "preferred",
    "forbidden": "forbidden",  # the martif dialect's value for what Weblate flags forbidden
}
_FORBIDDEN = re.compile(r"^\s*forbidden\b[:\s-]*", re.I)
_ENTITY_REFUSED = "entity declarations are refused (entity expansion and external entities are not allowed in TBX)"
XML_MODEL = (
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"',
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"',
)


@dataclass
class TbxTerm:
    text: str
    status: str | None = None
    note: str | None = None
    pos: str | None = None


@dataclass
class TbxEntry:
    """A concept: its terms per language, and a note."""

    id: str | None
    terms: dict[str, list[TbxTerm]] = field(default_factory=dict)  # primary lang subtag -> terms
    note: str | None = None
    line: int | None = None


@dataclass
class TbxFile:
    entries: list[TbxEntry]
    src_lang: str | None
    dialect: str
    version: int  # 2 or 3


def _lang(code: str | None) -> str:
    return primary_subtag(code or "")


# ----------------------------------------------------------------------------- writing


def write_tbx(entries: list[TbxEntry], out: IO[bytes], *, src_lang: str, title: str = "tm glossary") -> int:
    """Write ``entries`` as TBX v3 TBX-Basic (DCA style) to a binary stream."""
    root = etree.Element(_N + "tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, src_lang)
    header = etree.SubElement(root, _N + "tbxHeader")
    fdesc = etree.SubElement(header, _N + "fileDesc")
    sdesc = etree.SubElement(fdesc, _N + "sourceDesc")
    etree.SubElement(sdesc, _N + "p").text = title
    body = etree.SubElement(etree.SubElement(root, _N + "text"), _N + "body")
    for n, entry in enumerate(entries, 1):
        ce = etree.SubElement(body, _N + "conceptEntry", id=entry.id or f"c{n}")
        if entry.note:
            etree.SubElement(ce, _N + "note").text = entry.note
        for lang, terms in entry.terms.items():
            ls = etree.SubElement(ce, _N + "langSec")
            ls.set(XML_LANG, lang)
            for t in terms:
                ts = etree.SubElement(ls, _N + "termSec")
                etree.SubElement(ts, _N + "term").text = t.text
                if t.pos:
                    etree.SubElement(ts, _N + "termNote", type="partOfSpeech").text = t.pos
                if t.status:
                    etree.SubElement(ts, _N + "termNote", type="administrativeStatus").text = _STATUS_OUT[t.status]
                note = t.note
                if t.status == "forbidden":
                    note = "forbidden" + (f": {note}" if note else "")
                if note:
                    etree.SubElement(ts, _N + "note").text = note
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    for pi in XML_MODEL:
        out.write(f"<?xml-model {pi}?>\n".encode())
    out.write(etree.tostring(root, encoding="UTF-8", pretty_print=True))
    return len(entries)


def write_tbx_martif(entries: list[TbxEntry], out: IO[bytes], *, src_lang: str, title: str = "tm glossary") -> int:
    """Write ``entries`` as TBX v2 ``<martif>``, one ``<termEntry>`` per rendering (see above)."""
    root = etree.Element("martif", type="TBX")
    root.set(XML_LANG, src_lang)
    header = etree.SubElement(root, "martifHeader")
    etree.SubElement(etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = title
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, entry in enumerate(entries, 1):
        sources = entry.terms.get(src_lang, [])
        targets = [(lang, t) for lang, terms in entry.terms.items() if lang != src_lang for t in terms]
        for source in sources:
            for i, (lang, target) in enumerate(targets or [(None, None)], 1):
                te = etree.SubElement(body, "termEntry", id=f"{entry.id or f'c{n}'}-{i}")
                if entry.note:
                    etree.SubElement(te, "note").text = entry.note
                _lang_set(te, src_lang, TbxTerm(source.text, None, source.note, source.pos))
                if target is not None:
                    _lang_set(te, lang, target)
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(etree.tostring(root, encoding="UTF-8", pretty_print=True))
    return len(entries)


def _lang_set(term_entry: Any, lang: str, term: TbxTerm) -> None:
    ls = etree.SubElement(term_entry, "langSet")
    ls.set(XML_LANG, lang)
    tig = etree.SubElement(ls, "tig")
    etree.SubElement(tig, "term").text = term.text
    if term.pos:
        etree.SubElement(tig, "termNote", type="partOfSpeech").text = term.pos
    if term.status:
        value = "forbidden" if term.status == "forbidden" else _STATUS_OUT[term.status]
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = value
    if term.note:
        etree.SubElement(tig, "note").text = term.note


# ----------------------------------------------------------------------------- reading


def read_tbx(path: SourceLike, *, src_lang: str | None = None) -> TbxFile:
    src = Source.of(path)
    name = src.name
    if src.problem():
        raise InputError(name, src.problem())
    if src.size() == 0:
        raise InputError(name, "empty file")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        tree = etree.parse(src.parser_input(), parser)
    except etree.XMLSyntaxError as e:
        raise parse_error(src, e, _ENTITY_REFUSED) from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(name, _ENTITY_REFUSED, entity_line(src))
    root = tree.getroot()
    tag = etree.QName(root).localname
    if tag == "tbx":
        return _read_v3(name, root, src_lang)
    if tag == "martif":
        return _read_v2(name, root, src_lang)
    raise InputError(name, f"not a TBX file: root element is <{tag}>, not <tbx> or <martif>", root.sourceline)


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name]


def _text(el: Any) -> str:
    """A term or a data category value: whitespace collapsed."""
    return " ".join("".join(el.itertext()).split())


def _note(el: Any) -> str:
    """A note: kept as written (tabs and line breaks too), only stripped at the ends."""
    return "".join(el.itertext()).strip()


def _term_info(name: str, holder: Any, term_el: Any) -> TbxTerm:
    text = _text(term_el)
    if not text:
        raise InputError(name, "empty <term>", term_el.sourceline)
    status = pos = None
    notes: list[str] = []
    for child in holder.iter():
        local = _local(child)
        if local in ("termNote", "descrip", "admin"):
            kind = (child.get("type") or "").strip()
            value = _text(child)
            if kind in ("administrativeStatus", "normativeAuthorization"):
                status = _STATUS_IN.get(value.lower())
                if status is None and value:
                    raise InputError(name, f"unknown administrativeStatus {value!r}", child.sourceline)
            elif kind in ("partOfSpeech", "grammaticalPartOfSpeech"):
                pos = value or None
        elif local == "note":
            value = _note(child)
            if value:
                notes.append(value)
    note = " ".join(notes) or None
    if note and _FORBIDDEN.match(note) and status in ("deprecated", None):
        status = "forbidden"
        note = _FORBIDDEN.sub("", note, count=1).strip() or None
    return TbxTerm(text, status, note, pos)


def _body(name: str, root: Any) -> Any:
    """The <text><body> element both TBX versions keep their entries in."""
    body = None
    for text_el in _children(root, "text"):
        for b in _children(text_el, "body"):
            body = b
    if body is None:
        raise InputError(name, "TBX file without <text><body>", root.sourceline)
    return body


def _entry(element: Any) -> TbxEntry:
    """An entry (conceptEntry or termEntry) with its id, line and entry-level notes."""
    entry = TbxEntry(element.get("id"), line=element.sourceline)
    entry.note = " ".join(n for n in (_note(x) for x in _children(element, "note")) if n) or None
    return entry


def _read_v3(name: str, root: Any, src_lang: str | None) -> TbxFile:
    dialect = root.get("type") or ""
    source = _lang(root.get(XML_LANG)) or _lang(src_lang)
    body = _body(name, root)
    entries = []
    for ce in _children(body, "conceptEntry"):
        entry = _entry(ce)
        for ls in _children(ce, "langSec"):
            lang = _lang(ls.get(XML_LANG))
            if not lang:
                raise InputError(name, "<langSec> without xml:lang", ls.sourceline)
            for ts in _children(ls, "termSec"):
                terms = _children(ts, "term")
                if not terms:
                    raise InputError(name, "<termSec> without <term>", ts.sourceline)
                entry.terms.setdefault(lang, []).append(_term_info(name, ts, terms[0]))
        entries.append(entry)
    return TbxFile(entries, source or None, dialect, 3)


def _read_v2(name: str, root: Any, src_lang: str | None) -> TbxFile:
    source = _lang(root.get(XML_LANG)) or _lang(src_lang)
    body = _body(name, root)
    entries = []
    for te in _children(body, "termEntry"):
        entry = _entry(te)
        for ls in _children(te, "langSet"):
            lang = _lang(ls.get(XML_LANG) or ls.get("lang"))
            if not lang:
                raise InputError(name, "<langSet> without xml:lang", ls.sourceline)
            for holder in ls:
                local = _local(holder)
                if local == "tig":
                    terms = _children(holder, "term")
                elif local == "ntig":
                    terms = [t for g in _children(holder, "termGrp") for t in _children(g, "term")]
                else:
                    continue
                if not terms:
                    raise InputError(name, f"<{local}> without <term>", holder.sourceline)
                entry.terms.setdefault(lang, []).append(_term_info(name, holder, terms[0]))
        entries.append(entry)
    return TbxFile(entries, source or None, root.get("type") or "TBX", 2)
