"""Sentence alignment of a document with its translation, and its evaluation.

``align_files``/``align_texts`` read, segment, align and store two documents;
``align_segments`` aligns two lists of sentences; tm.align.evaluate scores beads against a
gold alignment.
"""

from tm.align.aligner import MIN_BAND, Aligner, align_segments
from tm.align.confidence import CONFIDENCE_WEIGHTS, LOW_CONFIDENCE
from tm.align.pipeline import (
    METHOD,
    AlignmentResult,
    align_documents,
    align_files,
    align_texts,
    document_language,
    segment_document,
)

__all__ = [
    "CONFIDENCE_WEIGHTS",
    "LOW_CONFIDENCE",
    "METHOD",
    "MIN_BAND",
    "Aligner",
    "AlignmentResult",
    "align_documents",
    "align_files",
    "align_segments",
    "align_texts",
    "document_language",
    "segment_document",
]
