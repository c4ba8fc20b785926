"""gettext PO writer and PO/POT/MO reader (through polib).

Writing (``write_po``)
    One entry per unit, in order; the file passes ``msgfmt --check``.

    * ``msgid`` is the source, ``msgstr`` the target, text written exactly (inline
      Markdown markup included). An empty target is an untranslated entry.
    * ``msgctxt`` identifies document and position: the unit's ``context``
      (e.g. ``en.md#12``). It is unique per entry: a unit without a context gets
      ``#N`` (its position, from 1), so does an empty context, and a context already used gets ``~2``,
      ``~3``, … appended; in both cases the real context is kept in a
      ``#. tm-context:`` comment so that reading gives it back.
    * ``#, fuzzy`` on low-confidence units.
    * Provenance in extracted comments (``#.``), one ``tm-KEY: VALUE`` per line:
      ``tm-confidence`` (``repr`` of the float), ``tm-document`` (the document
      part of the context, for people; ignored when read), ``tm-context`` and
      ``tm-note`` (JSON, only when needed, see above and below) and one
      ``tm-prop: ["key", "value"]`` (JSON) per entry of ``unit.props``.
    * ``unit.note`` is the translator comment (``# …``) when it survives a PO
      comment as it is (first line not empty, no line with trailing whitespace, no CR);
      otherwise it goes, JSON-encoded, to ``#. tm-note:``.
    * The props ``po-references``, ``po-flags`` and ``po-comment`` (which
      ``read_po`` makes from ``#:``, flags other than fuzzy, and extracted
      comments not written by tm) are written back as such.
    * Header: Project-Id-Version, dates, Last-Translator, Language-Team,
      Language, ``X-Source-Language``, MIME-Version, Content-Type UTF-8,
      Content-Transfer-Encoding, Plural-Forms (for the languages in
      ``PLURAL_FORMS``: pl, en, de, …), X-Generator.
    * NUL and EOT (U+0004, the MO context separator) cannot be in a gettext
      catalog (msgfmt refuses them), nor can lone surrogates: refused with
      InputError by default, dropped with ``invalid_chars="strip"``.
    * ``msgfmt --check`` also insists that msgid and msgstr both begin and both
      end with a newline, or neither does; text is never changed to make it so,
      so a unit breaking that rule makes a file msgfmt --check rejects.

Reading (``read_po``)
    ``.po``/``.pot`` with ``polib.pofile``, ``.mo`` with ``polib.mofile`` (by
    extension, else by the MO magic number). The catalog is parsed whole (polib
    has no streaming parser), then units are yielded in file order.

    * ``msgctxt`` → ``context`` (unless a ``tm-context`` comment says otherwise);
      ``#, fuzzy`` → ``low_confidence``; ``tm-confidence`` → ``confidence``
      (1.0 without it); translator comment → ``note``; ``tm-prop`` → ``props``.
    * Languages: the keyword arguments, else the header's ``X-Source-Language``
      and ``Language``, else ``en`` (msgids are English by gettext convention)
      and ``""`` for the target (a .pot has no language; callers ask for one).
    * The header entry and obsolete (``#~``) entries are skipped. Untranslated
      entries are yielded with an empty target.
    * **A plural entry yields one unit: source = msgid (the singular), target =
      msgstr[0]**; ``msgid_plural`` and the other forms (``msgstr[1]``, …) are
      appended to the note, one ``msgid_plural: …`` / ``msgstr[N]: …`` line
      each, so nothing is lost but the unit stays a plain pair.
    * MO files carry no comments or flags: confidence 1.0, not low confidence.
    * Errors (no such file, syntax error, undecodable bytes, bad MO) raise
      InputError naming the file and, where polib tells it, the line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import IO, Any

import polib

import tm
from tm.errors import InputError
from tm.files import replaced_atomically
from tm.formats.clean import Cleaner
from tm.formats.source import Source, SourceLike
from tm.model import TranslationUnit
from tm.text import primary_subtag

__all__ = ["write_po", "read_po", "PLURAL_FORMS"]

# From the GNU gettext manual ("Plural forms") and the CLDR-based lists it cites.
PLURAL_FORMS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ja": "nplurals=1; plural=0;",
    "zh": "nplurals=1; plural=0;",
}

_TM = "tm-"
_TM_LINE = re.compile(r"tm-([a-z]+):(?: (.*))?\Z", re.S)
# NUL ends a C string; EOT separates msgctxt from msgid in MO files (msgfmt refuses both).
_INVALID = re.compile("[\x00\x04\ud800-\udfff]")
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")


# --------------------------------------------------------------------------- write


def write_po(
    units: Iterable[TranslationUnit],
    path: str | os.PathLike[str] | IO[bytes],
    *,
    src_lang: str,
    tgt_lang: str,
    project: str = "tm translation memory",
    invalid_chars: str = "error",
    now: datetime | None = None,
) -> int:
    """Write ``units`` (all ``src_lang`` → ``tgt_lang``) as a PO file (a path or a binary file
    object); return the number of entries.

    A unit of another language pair raises ValueError. ``invalid_chars`` is
    ``"error"`` (InputError on NUL or EOT) or ``"strip"``.
    """
    if invalid_chars not in ("error", "strip"):
        raise ValueError("invalid_chars must be 'error' or 'strip'")
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    # No wrapping: polib would also wrap comments, splitting notes and JSON.
    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    po.header = f"Translation memory {src_lang} -> {tgt_lang}, written by tm {tm.__version__}."
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": f"tm {tm.__version__}",
        "Language-Team": tgt_lang,
        "Language": tgt_lang,
        "X-Source-Language": src_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    plural = PLURAL_FORMS.get(primary_subtag(tgt_lang))
    if plural:
        po.metadata["Plural-Forms"] = plural
    po.metadata["X-Generator"] = f"tm {tm.__version__}"

    used: set[str] = set()
    count = 0
    for unit in units:
        count += 1
        if unit.src_lang != src_lang or unit.tgt_lang != tgt_lang:
            raise ValueError(
                f"unit {count} is {unit.src_lang}->{unit.tgt_lang}, the catalog {src_lang}->{tgt_lang}"
            )
        po.append(_entry(unit, count, used, invalid_chars))

    if hasattr(path, "write"):  # a binary file object: what po.save would write to a file
        path.write(po.__unicode__().encode(po.encoding))
        return count
    with replaced_atomically(path) as tmp:
        po.save(tmp)
    return count


def _entry(unit: TranslationUnit, n: int, used: set[str], invalid_chars: str) -> polib.POEntry:
    clean = Cleaner(_INVALID, invalid_chars, "which a gettext catalog cannot hold")
    where = clean.place(unit, n)

    def c(text: str, what: str) -> str:
        return clean(text, f"{where}: {what}")

    context = None if unit.context is None else c(unit.context, "context")
    # polib writes no msgctxt for an empty one, and msgid "" alone is the header.
    msgctxt = context if context else f"#{n}"
    if msgctxt in used:
        k = 2
        while f"{msgctxt}~{k}" in used:
            k += 1
        msgctxt = f"{msgctxt}~{k}"
    used.add(msgctxt)

    comments = [f"{_TM}confidence: {float(unit.confidence)!r}"]
    if context:
        document = _one_line(context.rsplit("#", 1)[0])
        if document:
            comments.append(f"{_TM}document: {document}")
    if msgctxt != context:
        comments.append(f"{_TM}context: {_json(context)}")
    tcomment = ""
    if unit.note is not None:
        note = c(unit.note, "note")
        if _comment_safe(note):
            tcomment = note
        else:
            comments.append(f"{_TM}note: {_json(note)}")
    props = dict(unit.props)
    occurrences = [_occurrence(ref) for ref in props.pop("po-references", "").split()]
    flags = [f.strip() for f in props.pop("po-flags", "").split(",") if f.strip() and f.strip() != "fuzzy"]
    extra_comment = props.pop("po-comment", None)
    for key, value in props.items():
        comments.append(f"{_TM}prop: {_json([c(str(key), 'prop'), c(str(value), 'prop')])}")
    if extra_comment is not None:
        comments.append(c(extra_comment, "po-comment"))
    if unit.low_confidence:
        flags.insert(0, "fuzzy")
    return polib.POEntry(
        msgctxt=msgctxt,
        msgid=c(unit.source, "source"),
        msgstr=c(unit.target, "target"),
        comment="\n".join(comments),
        tcomment=tcomment,
        flags=flags,
        occurrences=occurrences,
    )


def _json(value: Any) -> str:
    # ASCII only: no character can then split or end a comment line.
    return json.dumps(value, ensure_ascii=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment_safe(note: str) -> bool:
    """True when ``note`` reads back unchanged from ``# `` comment lines."""
    lines = note.split("\n")
    if not lines[0] or "\r" in note:  # polib drops empty first lines
        return False
    return all(line == line.rstrip() for line in lines)


def _occurrence(ref: str) -> tuple[str, str]:
    file, sep, line = ref.rpartition(":")
    return (file, line) if sep and line.isdigit() else (ref, "")


# --------------------------------------------------------------------------- read


def read_po(
    path: SourceLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    obsolete: bool = False,
    with_ids: bool = False,
) -> Iterator[Any]:
    """Yield the units of a .po, .pot or .mo file (see the module docstring).

    ``obsolete=True`` also yields obsolete (``#~``) entries, marked low-confidence
    with ``props["po-obsolete"] = "yes"``: once-valid translations, still worth
    keeping in a memory. ``with_ids=True`` yields ``(unit, id)`` pairs, the id
    being ``line N`` of the entry (``entry N`` in an MO file, which has no lines).
    """
    src = Source.of(path)
    name = src.name
    if src.problem():
        # polib would take a missing path for the catalog's text.
        raise InputError(name, src.problem())
    if src.size() == 0:
        raise InputError(name, "empty file")
    with src.open() as f:
        is_mo = f.read(4) in _MO_MAGIC
    if not is_mo:
        _check_strings(src)
    try:
        catalog = _catalog(src, is_mo)
    except UnicodeDecodeError as e:
        raise InputError(name, f"cannot decode as {e.encoding}: {e.reason} at byte {e.start}") from None
    except Exception as e:  # polib raises OSError, ValueError, struct.error, ...
        msg = str(e).replace(f"{name} ", "")
        m = _SYNTAX_LINE.search(msg)
        msg = _SYNTAX_LINE.sub("", msg).replace("  ", " ").strip(" :")
        if is_mo:
            msg = f"not a valid MO file: {msg}"
        raise InputError(name, msg or "cannot read catalog", int(m.group(1)) if m else None) from None
    meta = catalog.metadata
    source_lang = src_lang or meta.get("X-Source-Language") or "en"
    target_lang = tgt_lang or meta.get("Language") or ""
    units = _units(name, catalog, source_lang, target_lang, obsolete)
    return units if with_ids else (u for u, _ in units)


def _catalog(src: Source, is_mo: bool) -> polib._BaseFile:
    """polib's catalog: from the path, or from the bytes (polib takes MO bytes as they are, PO
    content as text in the charset the catalog declares)."""
    if src.path is not None:
        return polib.mofile(src.path) if is_mo else polib.pofile(src.path, wrapwidth=0)
    data = src.read()
    if is_mo:
        return polib.mofile(data)
    encoding = polib.detect_encoding(data)
    return polib.pofile(data.decode(encoding), wrapwidth=0, encoding=encoding)


def _check_strings(src: Source) -> None:
    """Refuse an unterminated string, which polib would read as an empty one."""
    name = src.name
    with src.open() as f:
        for n, raw in enumerate(f, 1):
            line = raw.decode("utf-8", errors="replace").strip()
            if line.startswith("#~"):
                line = line[2:].strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                quoted = line
            elif line.startswith(("msgid", "msgstr", "msgctxt")):
                quoted = line.partition(" ")[2].strip()
            else:
                continue  # polib reports other syntax errors itself
            body = quoted[1:-1] if len(quoted) >= 2 else ""
            backslashes = len(body) - len(body.rstrip("\\"))
            if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"' or backslashes % 2:
                raise InputError(name, "unterminated or unquoted string", n)


def _units(
    name: str, catalog: polib._BaseFile, src_lang: str, tgt_lang: str, obsolete: bool = False
) -> Iterator[tuple[TranslationUnit, str]]:
    for k, entry in enumerate(catalog, 1):
        if entry.obsolete and not obsolete:
            continue
        unit = _unit(name, entry, src_lang, tgt_lang)
        if entry.obsolete:
            unit.low_confidence = True
            unit.props["po-obsolete"] = "yes"
        line = getattr(entry, "linenum", None)
        yield unit, (f"line {line}" if line else f"entry {k}")


def _unit(name: str, entry: Any, src_lang: str, tgt_lang: str) -> TranslationUnit:
    line = getattr(entry, "linenum", None)
    confidence = 1.0
    context = entry.msgctxt
    note: str | None = entry.tcomment or None
    props: dict[str, str] = {}
    plain: list[str] = []
    for comment_line in (entry.comment or "").split("\n") if entry.comment else []:
        m = _TM_LINE.match(comment_line)
        if m is None:
            plain.append(comment_line)
            continue
        key, value = m.group(1), m.group(2) or ""
        try:
            if key == "confidence":
                confidence = float(value)
            elif key == "context":
                context = json.loads(value)
            elif key == "note":
                note = json.loads(value)
            elif key == "prop":
                k, v = json.loads(value)
                props[str(k)] = str(v)
            elif key == "document":
                pass
            else:
                plain.append(comment_line)
        except (ValueError, TypeError):
            raise InputError(name, f"bad tm-{key} comment: {value!r}", line) from None
    if plain:
        props["po-comment"] = "\n".join(plain)
    if entry.occurrences:
        props["po-references"] = " ".join(f"{f}:{n}" if n else f for f, n in entry.occurrences)
    flags = [f for f in entry.flags if f != "fuzzy"]
    if flags:
        props["po-flags"] = ", ".join(flags)

    target = entry.msgstr
    if entry.msgid_plural:
        forms = entry.msgstr_plural or {}
        target = forms.get(0, forms.get("0", ""))
        extra = [f"msgid_plural: {entry.msgid_plural}"]
        for k in sorted(forms, key=int):
            if int(k) != 0:
                extra.append(f"msgstr[{k}]: {forms[k]}")
        note = "\n".join(([note] if note else []) + extra)
    return TranslationUnit(
        source=entry.msgid,
        target=target,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        confidence=confidence,
        low_confidence="fuzzy" in entry.flags,
        context=context,
        note=note,
        props=props,
        line=line or None,
    )
