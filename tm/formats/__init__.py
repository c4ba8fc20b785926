"""File formats: TMX, XLIFF, gettext PO/MO (memory formats) and TBX, TSV, CSV (glossaries).

Every memory reader yields ``tm.model.TranslationUnit`` and raises ``tm.errors.InputError``
naming the file and the line for bad input; every writer takes an iterable of units. Readers
take a path or a ``Source`` (bytes with a name). The one table of formats is
``tm.formats.registry``.
"""

from tm.formats.clean import Cleaner
from tm.formats.glossary import Glossary
from tm.formats.registry import (
    FORMATS,
    Format,
    by_extension,
    by_name,
    detect_format,
    glossary_format,
    read_glossary,
    write_glossary,
)
from tm.formats.source import Source

__all__ = [
    "FORMATS",
    "Cleaner",
    "Format",
    "Glossary",
    "Source",
    "by_extension",
    "by_name",
    "detect_format",
    "glossary_format",
    "read_glossary",
    "write_glossary",
]
