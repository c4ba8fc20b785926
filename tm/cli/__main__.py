"""``python -m tm.cli``: the same command as ``tm``."""

from tm.cli import app

app(prog_name="tm")
