"""Characters a format cannot hold: what the writers do with them."""

from __future__ import annotations

import re

from tm.errors import InputError


class Cleaner:
    """Checks a writer's text for characters its format cannot hold: refuses them with an
    InputError naming the unit (``mode="error"``) or drops them (``mode="strip"``)."""

    def __init__(self, invalid: re.Pattern[str], mode: str, cannot: str):
        self.invalid, self.mode, self.cannot = invalid, mode, cannot

    def __call__(self, text: str, where: str) -> str:
        m = self.invalid.search(text)
        if m is None:
            return text
        if self.mode == "strip":
            return self.invalid.sub("", text)
        raise InputError(
            None,
            f"{where} contains U+{ord(m.group()):04X}, {self.cannot};"
            " remove it or write with invalid_chars='strip'",
        )

    def place(self, unit, n: int) -> str:
        """How errors name a unit: its number and, printable, its context."""
        return f"unit {n}" + (f" ({self.invalid.sub('?', unit.context)})" if unit.context else "")
