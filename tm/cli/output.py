"""Terminal output: every text from the data goes to rich as a ``Text`` (never parsed as
markup or emoji codes), and tables fold long cells onto more lines instead of cutting them.

Text from documents, memories and paths can hold "[/b]", "[link](/x)" or ":smile:"; rich
would read those as markup (crashing on a closing tag, swallowing the rest), so nothing
from the data is passed to rich as a plain string.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text


def text(value: object, style: str | None = None) -> Text:
    """``value`` as literal text for rich."""
    return Text("" if value is None else str(value), style=style or "")


def table(columns: Sequence[str | tuple[str, dict]]) -> Table:
    """A table whose columns fold long words (file paths, URLs) rather than cut them.

    A column is a header, or ``(header, options)`` with rich column options: ``justify``,
    ``min_width`` (for the columns people need even at 80 characters), ``ratio``, ``no_wrap``.
    """
    t = Table(show_lines=False)
    for column in columns:
        header, options = (column, {}) if isinstance(column, str) else column
        options = {"overflow": "fold", **options}
        t.add_column(text(header), **options)
    return t


def show(heading: object | None, t: Table) -> None:
    """A heading line, then the table. The heading (it names files) is a line of its own, not
    the table's title, so a long path is not folded to the table's width."""
    console = Console()
    if heading is not None:
        console.print(text(heading, "bold"))
    console.print(t)


def add_row(t: Table, cells: Iterable[object], style: str | None = None) -> None:
    t.add_row(*(cell if isinstance(cell, Text) else text(cell) for cell in cells), style=style)


def print_json(value: object) -> None:
    """JSON on stdout, as --format json promises: UTF-8, indented, no rich in between."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")

