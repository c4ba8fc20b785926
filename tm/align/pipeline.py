"""The main job, as library calls: read two documents, segment, align, store.

``align_files`` reads two files, ``align_texts`` takes the documents' text (the HTTP service
aligns request bodies); both go through ``align_documents``. The CLI and the HTTP service are
thin layers over these functions; tests call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from tm import __version__, inline
from tm.align.aligner import align_segments
from tm.errors import InputError
from tm.lang import detect_language
from tm.store import Memory, StoredAlignment, content_hash, require_memory_file
from tm.model import AlignedPair, Document, Segment
from tm.read.documents import decode_text, detect_format, parse_document, read_document
from tm.read.segment import split_sentences
from tm.text import primary_subtag

METHOD = f"tm-align/{__version__}"
# Blocks whose text is one segment whatever its punctuation.
UNSPLIT_KINDS = frozenset({"title", "heading", "line"})


@dataclass
class AlignmentResult:
    source: Document
    target: Document
    src_lang: str
    tgt_lang: str
    source_segments: list[Segment]
    target_segments: list[Segment]
    pairs: list[AlignedPair]  # every bead, null beads included
    stored: StoredAlignment | None = None


def segment_document(doc: Document, lang: str) -> list[Segment]:
    """The segments of ``doc``, each with the line of the file where it starts."""
    segments: list[Segment] = []
    for b, block in enumerate(doc.blocks):
        if doc.format == "presegmented" or block.kind in UNSPLIT_KINDS:
            pieces = [block.text]
        else:
            pieces = split_sentences(block.text, lang)
        cursor = 0
        for piece in pieces:
            # Sentences are stripped pieces of the block's text, in order.
            found = block.text.find(piece, cursor)
            line = block.line_at(found) if found >= 0 else block.line
            cursor = found + len(piece) if found >= 0 else cursor
            segments.append(Segment(index=len(segments), block=b, text=piece, kind=block.kind, line=line))
    return segments


def document_language(doc: Document, given: str | None) -> str:
    if given:
        return primary_subtag(given)
    sample = " ".join(inline.plain_text(b.text) for b in doc.blocks[:200])[:20000]
    found = detect_language(sample, ("en", "pl", "de", "fr", "es", "it", "pt", "nl", "cs", "ru", "uk"))
    if not found:
        raise InputError(doc.path, "cannot tell the language of this file; give it with --src-lang/--tgt-lang")
    return found


def align_files(
    source: str | Path,
    target: str | Path,
    *,
    db: str | Path | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presegmented: bool = False,
    glossary: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
    source_name: str | None = None,
    target_name: str | None = None,
) -> AlignmentResult:
    """Read, segment and align two documents; with ``db``, store the pairs. ``source_name`` and
    ``target_name`` are recorded as the documents' paths instead of ``source``/``target``."""
    if db is not None:
        require_memory_file(db)
    fmt = "presegmented" if presegmented else None
    src_doc = read_document(source, fmt)
    tgt_doc = read_document(target, fmt)
    if Path(source).resolve() == Path(target).resolve():
        raise InputError(str(target), "source and target are the same file")
    return align_documents(
        src_doc, tgt_doc, db=db, src_lang=src_lang, tgt_lang=tgt_lang, glossary=glossary, progress=progress,
        source_name=source_name or str(source), target_name=target_name or str(target),
    )


def align_texts(
    source_text: str | bytes,
    target_text: str | bytes,
    *,
    source_name: str = "source.md",
    target_name: str = "target.md",
    source_format: str | None = None,
    target_format: str | None = None,
    db: str | Path | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presegmented: bool = False,
    glossary: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> AlignmentResult:
    """``align_files`` for documents given as text (or bytes, decoded as a file would be): the
    names choose the format by extension unless it is given, name the documents in errors and are
    stored as paths."""
    if db is not None:
        require_memory_file(db)
    src_doc = _text_document(source_text, source_name, "presegmented" if presegmented else source_format)
    tgt_doc = _text_document(target_text, target_name, "presegmented" if presegmented else target_format)
    return align_documents(
        src_doc, tgt_doc, db=db, src_lang=src_lang, tgt_lang=tgt_lang, glossary=glossary, progress=progress,
        source_name=source_name, target_name=target_name,
    )


def _text_document(text: str | bytes, name: str, fmt: str | None) -> Document:
    # Through the file reader's decoding, so text and files are refused and read alike.
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return parse_document(decode_text(data, name), name, fmt or detect_format(name))


def align_documents(
    src_doc: Document,
    tgt_doc: Document,
    *,
    db: str | Path | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    glossary: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
    source_name: str,
    target_name: str,
) -> AlignmentResult:
    """Segment and align two documents that have been read; with ``db``, store the pairs under
    ``source_name`` and ``target_name``."""
    s_lang = document_language(src_doc, src_lang)
    t_lang = document_language(tgt_doc, tgt_lang)
    if s_lang == t_lang:
        raise InputError(
            tgt_doc.path,
            f"source and target are both in the same language ({s_lang}); give --src-lang/--tgt-lang if this is wrong",
        )
    src_doc.lang, tgt_doc.lang = s_lang, t_lang
    src_segs = segment_document(src_doc, s_lang)
    tgt_segs = segment_document(tgt_doc, t_lang)
    # A pre-segmented document's lines are segments, not blocks: no structure to respect.
    pairs = align_segments(
        [s.text for s in src_segs],
        [t.text for t in tgt_segs],
        s_lang,
        t_lang,
        src_blocks=None if src_doc.format == "presegmented" else [s.block for s in src_segs],
        tgt_blocks=None if tgt_doc.format == "presegmented" else [t.block for t in tgt_segs],
        src_kinds=[s.kind for s in src_segs],
        tgt_kinds=[t.kind for t in tgt_segs],
        glossary=glossary,
        progress=progress,
    )
    result = AlignmentResult(src_doc, tgt_doc, s_lang, t_lang, src_segs, tgt_segs, pairs)
    if db is not None:
        with Memory(db) as memory:
            result.stored = memory.add_alignment(
                source_path=source_name,
                target_path=target_name,
                source_hash=_document_hash(src_doc),
                target_hash=_document_hash(tgt_doc),
                src_lang=s_lang,
                tgt_lang=t_lang,
                source_segments=src_segs,
                target_segments=tgt_segs,
                pairs=pairs,
                method=METHOD,
                source_format=src_doc.format,
                target_format=tgt_doc.format,
            )
    return result


def _document_hash(doc: Document) -> str:
    return content_hash(doc.format + "\n" + "\n".join(f"{b.kind}\t{b.text}" for b in doc.blocks))
