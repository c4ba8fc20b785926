#!/usr/bin/env python3
"""Bounded load test of ``tm serve`` on loopback while ``tm import`` writes to the same database.

    python benchmarks/load_test.py                       # 32 clients, 60 s, import of 100k pairs
    python benchmarks/load_test.py --clients 8 --seconds 10 --import-pairs 5000 --base-pairs 20000

What it does
1. Builds (or reuses, cached under /tmp) a memory of ``--base-pairs`` pairs (benchmarks/tmdata.py)
   and writes a TMX file of ``--import-pairs`` further pairs whose sources are not in it.
2. Starts ``tm serve`` on 127.0.0.1 (a free port) as a subprocess and waits for it.
3. Runs ``--clients`` concurrent clients (asyncio + httpx, one connection each) for exactly
   ``--seconds`` seconds; each loops over: fuzzy lookup (70%), the amaGama unit route (20%),
   concordance (5%), health (5%), with seeded queries (near-duplicates of stored sources).
4. ``--import-after`` seconds in, runs ``tm import FILE.tmx --db DB`` in a subprocess (one
   transaction for the whole file) and records how long it took and its exit status.
5. Afterwards: every imported pair must be in the memory (read back through Memory.units) and
   a sample of imported sources must come back from the server as exact matches (the index
   follows the database).

Pass/fail: no 5xx, no transport error, no "database is locked" in any response or in the
server's log, the import succeeded, every imported pair present. It prints requests per second
overall and per endpoint, latency percentiles, and the import's duration. Traffic goes to
127.0.0.1 only, and every loop stops at the deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402

from tmdata import fingerprint, make_queries, make_tm  # noqa: E402
from tm.formats.tmx import write_tmx  # noqa: E402
from tm.store import Memory  # noqa: E402
from tm.model import TranslationUnit  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(base_n: int, import_n: int, seed: int, workdir: Path) -> tuple[Path, Path, list[tuple[str, str]], list[tuple[str, str]]]:
    everything = make_tm(base_n + import_n, seed)
    base, extra = everything[:base_n], everything[base_n:]
    cached = Path(f"/tmp/tm-bench-load-base-{base_n}-{fingerprint(base_n + import_n, seed)}.db")
    if not cached.exists():
        tmp = cached.with_suffix(".building")
        with Memory(str(tmp)) as m:
            m.add_units((TranslationUnit(e, p, "en", "pl") for e, p in base), "benchmark:base")
            m.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tmp.rename(cached)
    db = workdir / "load.db"
    db.write_bytes(cached.read_bytes())  # a fresh copy each run: the import must add everything
    tmx = workdir / "import.tmx"
    write_tmx([TranslationUnit(e, p, "en", "pl") for e, p in extra], tmx, src_lang="en")
    return db, tmx, base, extra


async def client_loop(k: int, base: str, deadline: float, queries: list[str], stats: dict) -> None:
    rng = random.Random(f"client:{k}")
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline:
            q = rng.choice(queries)
            r = rng.random()
            if r < 0.70:
                kind, req = "lookup", client.get("/api/v1/lookup", params={"q": q, "src": "en", "tgt": "pl"})
            elif r < 0.90:
                kind, req = "amagama", client.get("/tmserver/en/pl/unit/" + quote(q, safe=""))
            elif r < 0.95:
                word = max(q.split() or ["page"], key=len)
                kind, req = "concordance", client.get("/api/v1/concordance", params={"q": word, "lang": "en", "limit": 5})
            else:
                kind, req = "health", client.get("/api/v1/health")
            t = time.monotonic()
            try:
                resp = await req
            except httpx.HTTPError as e:
                stats["transport_errors"][type(e).__name__] += 1
                continue
            stats["latency"][kind].append(time.monotonic() - t)
            stats["status"][resp.status_code] += 1
            if resp.status_code >= 500:
                stats["server_errors"].append((kind, resp.status_code, resp.text[:200]))
            if "database is locked" in resp.text.lower():
                stats["locked"] += 1


async def run_clients(n: int, base: str, seconds: float, queries: list[str], import_cmd: list[str], import_after: float) -> tuple[dict, dict]:
    stats = {"latency": defaultdict(list), "status": Counter(), "server_errors": [], "locked": 0, "transport_errors": Counter()}
    start = time.monotonic()
    deadline = start + seconds
    imp: dict = {}

    async def importer() -> None:
        await asyncio.sleep(import_after)
        t = time.monotonic()
        proc = await asyncio.create_subprocess_exec(*import_cmd, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
        imp.update(
            returncode=proc.returncode,
            seconds=round(time.monotonic() - t, 1),
            started_at=round(t - start, 1),
            finished_at=round(time.monotonic() - start, 1),
            output=(out.decode() + err.decode()).strip()[-500:],
        )

    await asyncio.gather(importer(), *(client_loop(k, base, deadline, queries, stats) for k in range(n)))
    stats["elapsed"] = time.monotonic() - start
    return stats, imp


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--base-pairs", type=int, default=200_000)
    ap.add_argument("--import-pairs", type=int, default=100_000)
    ap.add_argument("--import-after", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--token", action="store_true",
        help="start the server with a token (writable): it then also updates the concordance word "
        "index in the background while the import writes",
    )
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="tm-load-") as tmp:
        workdir = Path(tmp)
        db, tmx, base_pairs, extra = prepare(args.base_pairs, args.import_pairs, args.seed, workdir)
        queries = [q for _, q in make_queries([e for e, _ in base_pairs], 2000, seed=args.seed)]
        port = free_port()
        log = open(workdir / "server.log", "w+")
        server = subprocess.Popen(
            [sys.executable, "-m", "tm.cli", "serve", "--db", str(db), "--port", str(port)]
            + (["--token", "load-test-token"] if args.token else []),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            t0 = time.monotonic()
            while True:
                try:
                    if httpx.get(base + "/api/v1/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() - t0 > 300:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
            import_cmd = [sys.executable, "-m", "tm.cli", "import", str(tmx), "--db", str(db)]
            stats, imp = asyncio.run(run_clients(args.clients, base, args.seconds, queries, import_cmd, args.import_after))

            # Every imported pair is stored ...
            with Memory(str(db)) as m:
                stored = {(u.source, u.target) for u in m.units("en", "pl")}
            missing = [p for p in extra if p not in stored]
            # ... and the server finds them (its index follows the database).
            sample = random.Random(1).sample(extra, min(200, len(extra)))
            found = 0
            deadline = time.monotonic() + 120
            with httpx.Client(base_url=base, timeout=30) as client:
                pending = list(sample)
                while pending and time.monotonic() < deadline:
                    still = []
                    for e, p in pending:
                        r = client.get("/api/v1/lookup", params={"q": e, "src": "en", "tgt": "pl", "limit": 1})
                        ms = r.json().get("matches", []) if r.status_code == 200 else []
                        if ms and ms[0]["quality"] >= 100 and ms[0]["source"] == e:
                            found += 1
                        else:
                            still.append((e, p))
                    pending = still
                    if pending:
                        time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
        log.seek(0)
        server_log = log.read()
        log.close()

    total = sum(stats["status"].values())
    lat_all = [x for xs in stats["latency"].values() for x in xs]
    pct = lambda xs, q: sorted(xs)[min(len(xs) - 1, int(q * (len(xs) - 1)))] * 1e3 if xs else None  # noqa: E731
    report = {
        "clients": args.clients,
        "seconds": round(stats["elapsed"], 1),
        "base_pairs": args.base_pairs,
        "import": {"pairs": args.import_pairs, **imp},
        "requests": total,
        "requests_per_second": round(total / stats["elapsed"], 1),
        "status_counts": dict(stats["status"]),
        "server_errors": len(stats["server_errors"]),
        "server_error_samples": stats["server_errors"][:5],
        "transport_errors": dict(stats["transport_errors"]),
        "database_locked_responses": stats["locked"],
        "database_locked_in_server_log": server_log.lower().count("database is locked"),
        "latency_ms": {"p50": pct(lat_all, 0.5), "p95": pct(lat_all, 0.95), "p99": pct(lat_all, 0.99)},
        "per_endpoint": {
            k: {"requests": len(v), "per_second": round(len(v) / stats["elapsed"], 1), "p50_ms": round(statistics.median(v) * 1e3, 1), "p99_ms": round(pct(v, 0.99), 1)}
            for k, v in sorted(stats["latency"].items())
        },
        "imported_pairs_missing": len(missing),
        "imported_sample_found_by_server": f"{found}/{len(sample)}",
    }
    ok = (
        report["server_errors"] == 0
        and not report["transport_errors"]
        and report["database_locked_responses"] == 0
        and report["database_locked_in_server_log"] == 0
        and imp.get("returncode") == 0
        and not missing
        and found == len(sample)
    )
    report["pass"] = ok
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{args.clients} clients for {report['seconds']} s on loopback; base memory {args.base_pairs:,} pairs")
        print(f"requests {total:,} = {report['requests_per_second']} per second; statuses {report['status_counts']}")
        for k, v in report["per_endpoint"].items():
            print(f"  {k:12s} {v['requests']:7,} ({v['per_second']}/s)  p50 {v['p50_ms']} ms  p99 {v['p99_ms']} ms")
        lm = report["latency_ms"]
        print(f"latency p50 {lm['p50']:.1f} ms  p95 {lm['p95']:.1f} ms  p99 {lm['p99']:.1f} ms")
        print(
            f"import of {args.import_pairs:,} pairs: exit {imp.get('returncode')}, {imp.get('seconds')} s"
            f" (from {imp.get('started_at')} s to {imp.get('finished_at')} s)"
        )
        print(
            f"5xx {report['server_errors']}, transport errors {report['transport_errors'] or 0}, 'database is locked' "
            f"{report['database_locked_responses']} in responses / {report['database_locked_in_server_log']} in the server log"
        )
        print(f"imported pairs missing afterwards: {len(missing)}; sample found by the server as exact matches: {report['imported_sample_found_by_server']}")
        print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
