"""What a reader reads: a file on disk, or bytes (an HTTP body, a stream already read) with the
name errors should give. Readers take a path or a Source; a path stays a path all the way
down, so reading a file from disk stays streaming."""

from __future__ import annotations

import io
import os
from typing import IO, Union


class Source:
    """A file to read. ``name`` is what errors and provenance call it; ``ext`` (".tmx") is the
    extension format sniffing falls back on (by default the name's)."""

    def __init__(self, name: str, *, path: str | None = None, data: bytes | None = None, ext: str | None = None):
        self.name = name
        self.path = path
        self.data = data
        self.ext = (ext if ext is not None else os.path.splitext(name)[1]).lower()

    @classmethod
    def of(cls, value: SourceLike, name: str | None = None) -> Source:
        """A Source for a path, bytes, a binary stream (read into memory) or a Source."""
        if isinstance(value, Source):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            return cls(name or "<bytes>", data=bytes(value))
        if hasattr(value, "read"):
            return cls(name or str(getattr(value, "name", "<stream>")), data=value.read())
        path = os.fspath(value)
        return cls(name or path, path=path)

    def __str__(self) -> str:
        return self.name

    def problem(self) -> str | None:
        """Why the file cannot be read at all ("no such file", "not a regular file"), or None."""
        if self.path is None:
            return None
        if not os.path.exists(self.path):
            return "no such file"
        if not os.path.isfile(self.path):
            return "not a regular file"
        return None

    def size(self) -> int:
        return os.path.getsize(self.path) if self.path is not None else len(self.data or b"")

    def open(self) -> IO[bytes]:
        """A binary file object over the content, from the start."""
        return open(self.path, "rb") if self.path is not None else io.BytesIO(self.data or b"")

    def read(self) -> bytes:
        if self.path is None:
            return self.data or b""
        with open(self.path, "rb") as f:
            return f.read()

    def parser_input(self) -> str | IO[bytes]:
        """What lxml and polib take: the path itself (libxml2 streams it), or a file object."""
        return self.path if self.path is not None else self.open()


SourceLike = Union[str, "os.PathLike[str]", bytes, IO[bytes], Source]
