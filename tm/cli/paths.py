"""Checks on the places a command will read or write, made before any work: a path that
cannot be a database or an output file is refused in one line (InputError), so nothing is
half-done and the memory is left as it was."""

from __future__ import annotations

import os
from pathlib import Path

from tm.errors import InputError
from tm.store.engine import is_url


def existing_db(path: str) -> str:
    """A database that must exist already (the commands that only read). A postgresql:// URL
    passes: the server says whether it exists when tm connects."""
    if is_url(path):
        return path
    if not os.path.exists(path):
        raise InputError(path, "no such database")
    if os.path.isdir(path):
        raise InputError(path, "is a directory, not a database file")
    if not os.path.isfile(path):
        raise InputError(path, "not a regular file, so not a database")
    return path


def writable_db(path: str) -> str:
    """A database the command may create or write: its directory must exist and be writable."""
    if is_url(path):
        return path
    if os.path.exists(path):
        existing_db(path)
        if not os.access(path, os.R_OK | os.W_OK):
            raise InputError(path, "cannot write the database: permission denied")
        return path
    _creatable(path, "cannot create the database")
    return path


def output_file(path: str | os.PathLike[str]) -> Path:
    """A file to (re)write: not a directory, in a directory that exists and can be written."""
    p = Path(path)
    if p.is_dir():
        raise InputError(str(p), "is a directory; give a file name to write")
    if p.exists() and not p.is_file():
        raise InputError(str(p), "not a regular file; tm writes files only")
    _creatable(str(p), "cannot write here")
    return p


def _creatable(path: str, what: str) -> None:
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(parent):
        raise InputError(path, f"{what}: no such directory {parent}")
    if not os.path.isdir(parent):
        raise InputError(path, f"{what}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(path, f"{what}: the directory {parent} is not writable")
    # /proc, /sys and read-only mounts pass os.access for root; a probe file is the only way to know.
    try:
        fd = os.open(os.path.join(parent, f".tm-probe-{os.getpid()}"), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as e:
        raise InputError(path, f"{what}: {e.strerror or e}") from None
    os.close(fd)
    os.unlink(os.path.join(parent, f".tm-probe-{os.getpid()}"))
