"""The ``tm`` command: a thin typer layer over the library (entry point ``tm.cli:app``).

One module per command group registers its commands on ``tm.cli.app.app``; importing this
package registers them all. Errors come out as one line, ``tm: error: FILE:PLACE: message``,
with exit status 2 (tm.cli.app); text from the data is printed literally (tm.cli.output).
Behaviour for users: docs/cli.md.
"""

from __future__ import annotations

from tm.cli import align, check, exchange, memory, serve, terms, translate
from tm.cli.app import app

COMMAND_MODULES = (align, exchange, memory, serve, check, terms, translate)  # registered on import, in help order
__all__ = ["app"]
