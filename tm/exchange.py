"""Moving units between the memory and exchange files: export to TMX/PO, import from
TMX, XLIFF, PO/POT/MO and tab-separated bilingual text (see docs/import.md). Files are paths
or, for uploads, bytes with a name (``import_bytes``, ``tm.formats.Source``); exports go to a
path or a binary stream. The formats themselves are tm.formats'."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import IO
from dataclasses import dataclass, field
from pathlib import Path


from tm.errors import InputError
from tm.formats.registry import GLOSSARY, MEMORY, by_name, names, read_units, write_units
from tm.formats.sniff import check_declared_encoding, sniff_format
from tm.formats.source import Source, SourceLike
from tm.glossary import export_glossary_file, import_glossary_file
from tm.inline import plain_text
from tm.lang import detect_language
from tm.store import Memory, database_exists
from tm.text import normalise_language
from tm.model import TranslationUnit

EXPORT_FORMATS = names(MEMORY, writable=True)
GLOSSARY_FORMATS = names(GLOSSARY)


def export_memory(db: str | Path, fmt: str, output: str | Path | IO[bytes], *, src_lang: str | None = None,
                  tgt_lang: str | None = None) -> int:
    """Write the memory's pairs to ``output`` (a path or a binary stream); returns the number
    of units written.

    A file is written under a temporary name and renamed, so a failed export never
    leaves a half-written file behind.
    """
    if not database_exists(db):
        raise InputError(str(db), "no such database")
    if fmt in GLOSSARY_FORMATS:  # the term base, not the pairs (tm.glossary)
        return export_glossary_file(db, fmt, output, src_lang=src_lang, tgt_lang=tgt_lang)
    with Memory(db, readonly=True) as memory:  # exporting never writes the memory
        units = list(memory.units(src_lang, tgt_lang))
    if not units:
        raise InputError(str(db), "no translation units to export" + (f" for {src_lang}→{tgt_lang}" if src_lang or tgt_lang else ""))
    langs = {(u.src_lang, u.tgt_lang) for u in units}
    source_langs = {s for s, _ in langs}
    target_langs = {t for _, t in langs}
    form = by_name(fmt)
    if form is not None and form.one_pair and len(langs) != 1:
        raise InputError(str(db), f"{fmt.upper()} holds one language pair; choose one with --src-lang and --tgt-lang")
    # The writers replace a file atomically themselves.
    write_units(units, fmt, output, src_lang=source_langs.pop() if len(source_langs) == 1 else "*all*",
                tgt_lang=target_langs.pop() if len(target_langs) == 1 else "*all*")
    return len(units)


# --------------------------------------------------------------------------- import
#
# What import_file promises (docs/import.md says it to users):
# - the format is told by the file's content first (XML root, MO magic, PO keywords),
#   by its extension second;
# - one transaction per file: any error, at unit 1 or 5,000,000, leaves the database as it
#   was (and a database the import created is removed again);
# - units stream from the reader through normalisation into executemany batches: memory
#   does not grow with the file (PO and MO are the exception: polib parses whole files);
# - normalisation: language tags to BCP 47 primary subtags (the full tag kept in props),
#   NFC, line ends to LF, surrounding whitespace stripped;
# - skipped, and counted by reason: untranslated units (empty target), units with an empty
#   source, units whose two languages are the same, units outside the language pair asked
#   for; the same pair seen twice is stored once and counted as a duplicate.

# Languages the content check can tell apart (tm.lang.detect_language over wordfreq lists).
CHECKED_LANGUAGES = ("en", "pl", "de", "fr", "es", "it", "pt", "nl", "cs", "ru", "uk")
SAMPLE_UNITS = 300  # units per language read before the content check runs
SAMPLE_CHARS = 20_000



@dataclass
class ImportResult:
    """What one file's import did. ``skipped`` maps a reason to a count."""

    path: str
    format: str
    units: int = 0  # units read from the file
    added: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    language_pairs: dict[str, int] = field(default_factory=dict)  # "en→pl" -> units stored or duplicate
    other_pairs: dict[str, int] = field(default_factory=dict)  # pairs skipped as not asked for
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Units read per second."""
        return self.units / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "format": self.format,
            "units": self.units,
            "added": self.added,
            "duplicates": self.duplicates,
            "skipped": dict(sorted(self.skipped.items())),
            "language_pairs": dict(sorted(self.language_pairs.items())),
            "other_language_pairs": dict(sorted(self.other_pairs.items())),
            "seconds": round(self.seconds, 3),
        }


@dataclass
class BatchResult:
    imported: list[ImportResult] = field(default_factory=list)
    refused: list[InputError] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)  # after a refusal without keep_going


def import_files(
    db: str | Path,
    paths: Iterable[str | Path],
    *,
    keep_going: bool = False,
    on_result: Callable[[ImportResult | InputError], None] | None = None,
    **options,
) -> BatchResult:
    """Import several files, each in its own transaction.

    Without ``keep_going`` the batch stops at the first refused file (the files before it
    stay imported); with it, every valid file is imported and the refused ones are listed.
    ``options`` go to ``import_file``.
    """
    batch = BatchResult()
    paths = list(paths)
    if len(paths) > 1:
        with _word_lists():
            return _import_each(db, paths, batch, keep_going, on_result, options)
    return _import_each(db, paths, batch, keep_going, on_result, options)


def _import_each(db, paths, batch: BatchResult, keep_going: bool, on_result, options) -> BatchResult:
    for k, path in enumerate(paths):
        try:
            result = import_file(db, path, **options)
        except InputError as e:
            batch.refused.append(e)
            if on_result:
                on_result(e)
            if not keep_going:
                batch.not_attempted = [str(p) for p in paths[k + 1 :]]
                break
            continue
        batch.imported.append(result)
        if on_result:
            on_result(result)
    return batch


def import_bytes(db: str | Path, data: bytes, name: str, *, ext: str | None = None, **options) -> ImportResult:
    """Import a file given as bytes (an upload): ``name`` is what errors and provenance call it,
    ``ext`` (".tmx") the extension format sniffing falls back on (default: the name's).
    ``options`` go to ``import_file``."""
    return import_file(db, Source(name, data=data, ext=ext), **options)


def import_file(
    db: str | Path,
    path: SourceLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    as_documents: bool = False,
    check_languages: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one TMX, XLIFF, PO/POT/MO or (``as_documents``) tab-separated text file.

    All or nothing: one transaction; any InputError leaves the database as it was.
    ``src_lang``/``tgt_lang`` fill in languages the file does not name; where it names
    another target language the unit is skipped ("other-language"), and a file with no
    unit in the pair asked for is refused. For TMX, ``src_lang`` picks the source
    ``<tuv>`` (TMX has no fixed direction). ``progress`` gets the units read so far.
    ``path`` is a path or a tm.formats.Source (bytes with a name).
    """
    src = Source.of(path)
    name = src.name
    fmt = sniff_format(src, as_documents=as_documents)
    # Glossary formats belong to the term base (tm.glossary); one transaction there too.
    if fmt in GLOSSARY_FORMATS:
        started = time.monotonic()
        report = import_glossary_file(db, src, src_lang=src_lang, tgt_lang=tgt_lang)
        return ImportResult(path=name, format=fmt, units=report.entries, added=report.added, duplicates=report.updated,
                            language_pairs={f"{report.src_lang}→{report.tgt_lang}": report.entries},
                            seconds=time.monotonic() - started)
    if fmt in ("tmx", "xliff", "po"):
        check_declared_encoding(src, fmt)
    want_src = normalise_language(src_lang, "--src-lang")[0] if src_lang else None
    want_tgt = normalise_language(tgt_lang, "--tgt-lang")[0] if tgt_lang else None
    units = read_bilingual_text(src, src_lang=src_lang, tgt_lang=tgt_lang) if fmt == "text" else read_units(src, fmt, src_lang, tgt_lang)
    result = ImportResult(path=name, format=fmt)
    started = time.monotonic()
    existed = database_exists(db)
    try:
        with Memory(db) as memory:
            with memory.transaction():
                import_id = memory.start_import(name, fmt, src.size())
                stream = _normalised(name, units, result, want_src, want_tgt, src_lang, tgt_lang, check_languages)
                added = memory.add_units(
                    stream, name, import_id=import_id, progress=(lambda n: progress(result.units)) if progress else None
                )
                result.added, result.duplicates = added.added, added.duplicates
                if result.added + result.duplicates == 0 and result.skipped.get("other-language"):
                    held = ", ".join(f"{k} ({v} units)" for k, v in sorted(result.other_pairs.items()))
                    raise InputError(name, f"no unit in the language pair asked for "
                                     f"({want_src or '*'}→{want_tgt or '*'}); the file holds {held}")
                memory.finish_import(
                    import_id, units=result.units, added=result.added, duplicates=result.duplicates, skipped=result.skipped
                )
    except sqlite3.Error as e:
        _forget_new_database(db, existed)
        raise InputError(str(db), f"database error: {e}") from None
    except BaseException:
        _forget_new_database(db, existed)
        raise
    result.seconds = time.monotonic() - started
    return result


def _forget_new_database(db: str | Path, existed: bool) -> None:
    """A database this import created is removed again when the import fails."""
    if existed:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{db}{suffix}")
        except OSError:
            pass


def read_bilingual_text(
    path: SourceLike, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Iterator[tuple[TranslationUnit, str]]:
    """``source<TAB>target[<TAB>note]`` per line, UTF-8 (BOM and CRLF allowed); blank lines skipped.

    Languages not given are detected from the first lines of each column.
    """
    if src_lang is None or tgt_lang is None:
        sample_src, sample_tgt = [], []
        for _, cols in _text_lines(path, limit=300):
            sample_src.append(cols[0])
            sample_tgt.append(cols[1])
        for side, sample in (("source", sample_src), ("target", sample_tgt)):
            if (src_lang if side == "source" else tgt_lang) is None:
                with _word_lists():
                    found = detect_language(" ".join(sample)[:SAMPLE_CHARS], CHECKED_LANGUAGES)
                if not found:
                    option = "--src-lang" if side == "source" else "--tgt-lang"
                    raise InputError(str(path), f"cannot tell the {side} language; give it with {option}")
                if side == "source":
                    src_lang = found
                else:
                    tgt_lang = found
    return _text_units(path, src_lang, tgt_lang)


def _text_units(path: SourceLike, src_lang: str, tgt_lang: str) -> Iterator[tuple[TranslationUnit, str]]:
    for line, cols in _text_lines(path):
        note = cols[2] if len(cols) > 2 else None
        unit = TranslationUnit(source=cols[0], target=cols[1], src_lang=src_lang, tgt_lang=tgt_lang, note=note, line=line)
        yield unit, f"line {line}"


def _text_lines(path: SourceLike, limit: int | None = None) -> Iterator[tuple[int, list[str]]]:
    read = 0
    src = Source.of(path)
    path = src.name  # what errors call it
    with src.open() as f:
        for n, raw in enumerate(f, 1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if b"\x00" in raw:
                raise InputError(path, "binary data (NUL byte)", n)
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as e:
                raise InputError(path, f"not valid UTF-8 (byte 0x{raw[e.start]:02X} at column {e.start + 1})", n) from None
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) not in (2, 3):
                raise InputError(path, f"expected source<TAB>target[<TAB>note], found {len(cols)} column(s)", n)
            yield n, cols
            read += 1
            if limit is not None and read >= limit:
                return


def _clean(text: str) -> str:
    """Line ends to LF, surrounding whitespace stripped, NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _languages(
    name: str, raw_src: str, raw_tgt: str, want_src: str | None, want_tgt: str | None, place: str
) -> tuple[str, str | None, str, str | None, str | None]:
    """(src, src_full, tgt, tgt_full, reason to skip or None) for one pair of raw tags."""
    try:
        src, src_full = normalise_language(raw_src, "source language")
        tgt, tgt_full = normalise_language(raw_tgt, "target language")
    except ValueError as e:
        if not raw_src or not raw_tgt:
            raise InputError(name, "the file does not name its languages; pass --src-lang and --tgt-lang", place) from None
        raise InputError(name, str(e), place) from None
    if src == tgt:
        return src, src_full, tgt, tgt_full, "same-language"
    if (want_tgt and tgt != want_tgt) or (want_src and src != want_src):
        return src, src_full, tgt, tgt_full, "other-language"
    return src, src_full, tgt, tgt_full, None


def _place(n: int, unit_id: str | None) -> str:
    if not unit_id:
        return f"unit {n}"
    if unit_id.startswith(("line ", "entry ")):
        return f"unit {n}, {unit_id}"
    return f"unit {n}, id {unit_id}"


def _normalised(
    name: str,
    units: Iterator[tuple[TranslationUnit, str]],
    result: ImportResult,
    want_src: str | None,
    want_tgt: str | None,
    given_src: str | None,
    given_tgt: str | None,
    check_languages: bool,
) -> Iterator[tuple[TranslationUnit, str]]:
    """Normalise, filter and count the units of one file (see the comment above ImportResult)."""
    skipped = result.skipped
    pairs = result.language_pairs
    samples: dict[tuple[str, str, str], list[str]] = {}  # (side, src, tgt) -> texts
    checked = not check_languages
    # A file has a handful of distinct language tags: decide once per (source, target) tags.
    verdicts: dict[tuple[str, str], tuple] = {}
    n = 0
    for unit, unit_id in units:
        n += 1
        result.units = n
        raw = (unit.src_lang or given_src or "", unit.tgt_lang or given_tgt or "")
        verdict = verdicts.get(raw)
        if verdict is None:
            place = _place(n, unit_id)
            langs = _languages(name, raw[0], raw[1], want_src, want_tgt, place)
            verdict = verdicts[raw] = (*langs, f"{langs[0]}→{langs[2]}")
        src, src_full, tgt, tgt_full, skip, key = verdict
        if skip:
            skipped[skip] = skipped.get(skip, 0) + 1
            if skip == "other-language":
                result.other_pairs[key] = result.other_pairs.get(key, 0) + 1
            continue
        source = unit.source
        if "\r" in source or not source.isascii() or source != source.strip():
            source = _clean(source)
        target = unit.target
        if "\r" in target or not target.isascii() or target != target.strip():
            target = _clean(target)
        if not source:
            skipped["empty-source"] = skipped.get("empty-source", 0) + 1
            continue
        if not target:
            skipped["untranslated"] = skipped.get("untranslated", 0) + 1
            continue
        unit.source, unit.target, unit.src_lang, unit.tgt_lang = source, target, src, tgt
        if unit.note is not None and not unit.note.isascii():
            unit.note = unicodedata.normalize("NFC", unit.note)
        if src_full:
            unit.props["x-source-locale"] = src_full
        if tgt_full:
            unit.props["x-target-locale"] = tgt_full
        pairs[key] = pairs.get(key, 0) + 1
        if not checked:
            for side, text in (("source", source), ("target", target)):
                bucket = samples.setdefault((side, src, tgt), [])
                if len(bucket) < SAMPLE_UNITS:
                    bucket.append(text)
            if all(len(b) >= SAMPLE_UNITS for b in samples.values()):
                _check_content_languages(name, samples)
                checked = True
        yield unit, unit_id
    if not checked:
        _check_content_languages(name, samples)


def _check_content_languages(name: str, samples: dict[tuple[str, str, str], list[str]]) -> None:
    """Refuse a file whose sides are swapped or mislabelled within their language pair.

    For each language pair of the file, the first SAMPLE_UNITS sources and targets are
    each put to tm.lang.detect_language with the pair's two languages as the candidates:
    "is this source text more en or more pl?". Only the pair's two languages are loaded
    (wordfreq lists cost about 50 MB each, and importing must stay small); a file whose
    tags name entirely wrong languages is therefore not always caught. Pairs with a
    language outside CHECKED_LANGUAGES are not checked.
    """
    with _word_lists():
        _check_samples(name, samples)


_word_list_holders = 0  # open _word_lists blocks: the outermost one decides


@contextlib.contextmanager
def _word_lists():
    """The detector's word lists are ~50 MB per language: when the outermost block is what
    loaded them, they are dropped again afterwards, so a long import runs without them.
    import_files holds one block around a whole batch, so its files share the lists."""
    global _word_list_holders
    import wordfreq  # only to drop its caches; tm.lang loads the lists themselves when it needs them

    outermost = _word_list_holders == 0
    loaded_here = outermost and wordfreq.get_frequency_dict.cache_info().currsize == 0
    _word_list_holders += 1
    try:
        yield
    finally:
        _word_list_holders -= 1
        if loaded_here:
            wordfreq.get_frequency_dict.cache_clear()
            wordfreq.get_frequency_list.cache_clear()


def _check_samples(name: str, samples: dict[tuple[str, str, str], list[str]]) -> None:
    for (side, src, tgt), texts in sorted(samples.items()):
        if src not in CHECKED_LANGUAGES or tgt not in CHECKED_LANGUAGES:
            continue
        lang = src if side == "source" else tgt
        sample = plain_text(" ".join(texts))[:SAMPLE_CHARS]
        found = detect_language(sample, (src, tgt))
        if found and found != lang:
            raise InputError(
                name,
                f"the {side} text reads as {found}, but the file says {lang}; fix the language tags,"
                " pass the right --src-lang/--tgt-lang, or skip this check with --no-language-check",
            )
