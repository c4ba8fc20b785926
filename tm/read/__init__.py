"""Reading documents into blocks, and splitting blocks into sentences."""

from tm.read.documents import FORMATS, decode_text, detect_format, parse_document, read_document, read_text_file
from tm.read.segment import split_sentences

__all__ = ["FORMATS", "decode_text", "detect_format", "parse_document", "read_document", "read_text_file", "split_sentences"]
