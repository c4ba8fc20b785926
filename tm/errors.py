"""The one exception type that reaches users: it names the file and the place."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: missing, empty, binary, undecodable, malformed or hostile.

    ``str(error)`` is a single line: ``FILE[:PLACE]: what is wrong``.
    """

    def __init__(self, path: str | None, message: str, place: str | int | None = None):
        self.path = path
        self.place = place
        self.message = " ".join(str(message).split())
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.place not in (None, ""):
            where = f"{where}:{self.place}"
        return f"{where}: {self.message}"
