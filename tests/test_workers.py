"""tm serve --workers 2 on PostgreSQL: a unit written through one request is found by every
lookup that follows it at once, whichever worker process answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from conftest import SEED_EN, SEED_PL, run_cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_writes_are_seen_by_every_worker_at_once(pg_cluster):
    url = pg_cluster.create_database("workers")
    assert run_cli("align", SEED_EN, SEED_PL, "--db", url).exit_code == 0
    port = _free_port()
    env = {**os.environ, "TM_TOKEN": "secret"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tm.cli", "serve", "--db", url, "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.5)
            headers = {"Authorization": "Bearer secret"}
            for i in range(15):
                source = f"The zebra number {i} crossed the {i * 7} river bridges"
                put = client.put(f"/api/v1/en/pl/unit/u{i}", json={"source": source, "target": f"Zebra numer {i}"}, headers=headers)
                assert put.status_code == 200 and put.json() == {"added": 1}, put.text
                for _ in range(4):
                    found = client.get("/api/v1/lookup", params={"q": source, "src": "en", "tgt": "pl", "limit": 1}).json()
                    assert found["matches"] and found["matches"][0]["target"] == f"Zebra numer {i}", found
                    assert found["matches"][0]["quality"] == 100
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
