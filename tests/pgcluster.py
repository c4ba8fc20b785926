"""A throwaway PostgreSQL cluster: Debian's postgresql binaries, a data directory in a temp
directory, a Unix socket only (no TCP port to collide on), trust authentication for the
cluster's own superuser ``tm``. Used by the tests' session fixture (tests/conftest.py) and by
the benchmarks (benchmarks/pg_*.py).

PostgreSQL refuses to run as root; run as root (CI), the cluster belongs to ``nobody``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "tm"


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin with initdb, or the directory of initdb on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class Cluster:
    """initdb + pg_ctl start on construction (``start``), pg_ctl stop and rm -rf on ``stop``."""

    def __init__(self, bindir: Path, settings: dict[str, str] | None = None):
        self.bindir = bindir
        self.settings = settings or {}
        self.root = Path(tempfile.mkdtemp(prefix="tm-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "sock"
        self.user = "nobody" if os.geteuid() == 0 else None
        self.started = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=self.root)

    def start(self) -> "Cluster":
        self.socket.mkdir()
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            os.chown(self.socket, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o755)
        os.chmod(self.socket, 0o777)
        # C.UTF-8: pg_trgm and tsvector see every Unicode letter as a letter; the tables
        # collate "C" themselves (tm.store.schema).
        self._run(self.bindir / "initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = {"listen_addresses": "''", "unix_socket_directories": f"'{self.socket}'", "fsync": "off",
                   "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "200", **self.settings}
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-o", opts, "-l", self.root / "log", "-w", "-t", "60", "start")
        self.started = True
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        self._run(self.bindir / "createdb", "-h", self.socket, "-U", SUPERUSER, name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._run(self.bindir / "dropdb", "-h", self.socket, "-U", SUPERUSER, "--force", "--if-exists", name, check=False)

    def stop(self) -> None:
        if self.started:
            self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
            self.started = False
        for _ in range(3):
            try:
                shutil.rmtree(self.root)
                return
            except OSError:
                time.sleep(0.2)
