#!/usr/bin/env python3
"""Fuzzy TM lookup on a large memory: latency in process and over HTTP, recall@1 against brute
force, and translate-toolkit 3.18's tmdb (the last release with its TM server) side by side.

    python benchmarks/lookup.py                          # 1,000,000 pairs, 1,000 queries
    python benchmarks/lookup.py --pairs 100000 --queries 300 --tmdb-queries 50
    python benchmarks/lookup.py --no-tmdb --no-http --json

Data (benchmarks/tmdata.py says exactly how): the ~6k real English-Polish pairs of
corpora/real varied deterministically (numbers, word order, inserted and deleted words, joined
pairs, case) into ``--pairs`` pairs with distinct sources, stored with ``Memory.add_units``
into a database cached under /tmp by a fingerprint of corpus, generator and arguments.
Queries: ``--queries`` seeded queries, 80% near-duplicates of TM sources, 20% random word
strings with no good match.

What is measured
- in process: ``tm.fuzzy.lookup`` (index search, SQL fetch of the rows, penalties, word diff;
  limit 5, min_score 75) on an index built once (build time reported separately);
- over HTTP: ``GET /api/v1/lookup`` on a ``tm serve`` subprocess over loopback, one client,
  sequential requests (so latency, not throughput);
- recall@1: for each query, brute force scores every source with the same scorer
  (``rapidfuzz.fuzz.ratio`` on normalised text for all 1M sources via ``process.cdist``, then the
  penalties for numbers/tags/placeholders on the best ones, exactly: quality never exceeds the
  ratio). Queries whose true best quality is >= 75 count; a hit is a top-1 whose quality equals
  the true best (ties between equally good sources are hits);
- translate-toolkit 3.18 ``translate.storage.tmdb.TMDB`` (in its own venv, /tmp/tt-venv,
  created on first run with pip, with python-Levenshtein, its optional C speed-up): the same pairs loaded with ``add_list``, the first
  ``--tmdb-queries`` queries, stopping when ``--tmdb-seconds`` are spent (its lookups take
  seconds each on 1M pairs here, so a subset; the report says how many ran; a query still
  running after ``--tmdb-cap`` seconds is interrupted, counted at the cap and as a miss) timed with ``translate_unit`` (min_similarity 75,
  max_candidates 5); its top-1 is judged with our scorer like ours. The ratio printed is
  tmdb p50 / tm p50 on the same queries.

Latencies are medians and percentiles over the queries of one run; this is a benchmark to run
on demand, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from tmdata import fingerprint, make_queries, make_tm  # noqa: E402
from tm import fuzzy  # noqa: E402
from tm.store import Memory  # noqa: E402
from tm.model import TranslationUnit  # noqa: E402

TT_VENV = Path("/tmp/tt-venv")
TT_VERSION = "translate-toolkit==3.18.*"
# translate-toolkit's own speed-up for its Levenshtein comparer (it warns and falls back to
# pure Python without it). GPL-licensed: installed only in the throwaway benchmark venv.
TT_EXTRA = "python-Levenshtein"


def percentiles(xs: list[float]) -> dict:
    s = sorted(xs)
    pick = lambda q: s[min(len(s) - 1, int(round(q * (len(s) - 1))))]  # noqa: E731
    return {
        "n": len(s),
        "p50_ms": round(statistics.median(s) * 1e3, 3),
        "p95_ms": round(pick(0.95) * 1e3, 3),
        "p99_ms": round(pick(0.99) * 1e3, 3),
        "max_ms": round(s[-1] * 1e3, 3),
    }


def build_db(n: int, seed: int, db: str | None) -> tuple[str, list[tuple[str, str]]]:
    pairs = make_tm(n, seed)
    path = db or f"/tmp/tm-bench-lookup-{n}-{fingerprint(n, seed)}.db"
    if Path(path).exists():
        with Memory(path) as m:
            if m.fuzzy_max_id() >= n:
                return path, pairs
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    with Memory(path) as m:
        m.add_units((TranslationUnit(e, p, "en", "pl") for e, p in pairs), "benchmark:lookup")
    print(f"built {path}: {n} pairs in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path, pairs


def true_best(query: str, sources: list[str], norms: list[str]) -> float | None:
    """The best quality over every source (None if below 75), by brute force."""
    qn = fuzzy.normalise(query)
    if not qn:
        return None
    scores = process.cdist([qn], norms, scorer=fuzz.ratio, processor=None, workers=-1, dtype=np.float32)[0]
    idx = np.flatnonzero(scores >= fuzzy.DEFAULT_MIN_SCORE - 1e-3)
    if len(idx) == 0:
        return None
    best = None
    for i in idx[np.argsort(-scores[idx], kind="stable")].tolist():
        ratio = fuzz.ratio(qn, norms[i])  # float64, as the lookup computes it
        if best is not None and ratio < best:
            break
        identical = sources[i].strip() == query.strip()
        q = fuzzy.quality(ratio, identical, False, [] if identical else fuzzy.differences(query, sources[i]))
        best = q if best is None else max(best, q)
    return best if best is not None and best >= fuzzy.DEFAULT_MIN_SCORE else None


def judge(query: str, top_source: str | None) -> float | None:
    """Our scorer's quality of a returned top-1 source."""
    if top_source is None:
        return None
    identical = top_source.strip() == query.strip()
    ratio = fuzz.ratio(fuzzy.normalise(query), fuzzy.normalise(top_source))
    return fuzzy.quality(ratio, identical, False, [] if identical else fuzzy.differences(query, top_source))


def recall(queries, best, tops) -> dict:
    eligible = hits = 0
    for (kind, q), b, top in zip(queries, best, tops):
        if b is None:
            continue
        eligible += 1
        got = judge(q, top)
        if got is not None and got >= b - 1e-6:
            hits += 1
    return {"eligible": eligible, "hits": hits, "recall_at_1": round(hits / eligible, 4) if eligible else None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_http(db: str, queries: list[tuple[str, str]]) -> tuple[dict, float]:
    import httpx

    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tm.cli", "serve", "--db", db, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.perf_counter() - t0 > 600:
                    raise RuntimeError("server did not start")
                time.sleep(0.2)
            ready = time.perf_counter() - t0
            lat = []
            for _, q in queries:
                t = time.perf_counter()
                r = client.get("/api/v1/lookup", params={"q": q, "src": "en", "tgt": "pl"})
                lat.append(time.perf_counter() - t)
                r.raise_for_status()
        return percentiles(lat), ready
    finally:
        proc.terminate()
        proc.wait(timeout=30)


TMDB_SCRIPT = r"""
import json, sqlite3, sys, time
from translate.storage.tmdb import TMDB
db, pairs_file, queries_file, out, budget, per_query = sys.argv[1:7]
t = time.perf_counter()
tmdb = TMDB(db, max_candidates=5, min_similarity=75)
if tmdb.preload_db() == 0:
    units = []
    with open(pairs_file, encoding="utf-8") as f:
        for line in f:
            s, t_ = line.rstrip("\n").split("\t")
            units.append({"source": s, "target": t_, "context": ""})
    tmdb.add_list(units, "en", "pl")
build = time.perf_counter() - t
queries = json.load(open(queries_file, encoding="utf-8"))
start = time.perf_counter()
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps({"build_seconds": build}) + "\n")
    for k, q in enumerate(queries):
        if time.perf_counter() - start > float(budget):
            break  # the time budget is spent: the report says how many queries ran
        t = time.perf_counter()
        deadline = t + float(per_query)
        # Some of its queries run for many minutes (an FTS3 OR-query joined with every source
        # of the right length): SQLite interrupts the statement at the cap, counted as no answer.
        tmdb.connection.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 10000)
        timeout = False
        try:
            found = tmdb.translate_unit(q, "en", "pl")
        except sqlite3.OperationalError:
            found, timeout = [], True
        f.write(json.dumps({"seconds": time.perf_counter() - t, "top": found[0]["source"] if found else None, "timeout": timeout}) + "\n")
        f.flush()
        print(f"tmdb query {k + 1}/{len(queries)}", file=sys.stderr, flush=True)
"""


def ensure_tt_venv() -> Path:
    python = TT_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TT_VENV)], check=True)
    ok = subprocess.run([str(python), "-c", "import translate.storage.tmdb, Levenshtein"], capture_output=True).returncode == 0
    if not ok:
        subprocess.run([str(python), "-m", "pip", "install", "-q", TT_VERSION, TT_EXTRA], check=True)
    version = subprocess.run(
        [str(python), "-c", "import translate.__version__ as v; print(v.sver)"], capture_output=True, text=True
    ).stdout.strip()
    print(f"translate-toolkit {version} in {TT_VENV}", file=sys.stderr)
    return python


def run_tmdb(pairs: list[tuple[str, str]], queries: list[tuple[str, str]], n_queries: int, key: str, budget: float, per_query: float) -> dict:
    python = ensure_tt_venv()
    work = Path(tempfile.gettempdir())
    db = work / f"tt-tmdb-{key}.db"
    pairs_file = work / f"tt-pairs-{key}.tsv"
    if not db.exists():
        with open(pairs_file, "w", encoding="utf-8") as f:
            for s, t in pairs:
                f.write(s.replace("\t", " ").replace("\n", " ") + "\t" + t.replace("\t", " ").replace("\n", " ") + "\n")
    qs = [q for _, q in queries[:n_queries]]
    qfile = work / f"tt-queries-{key}.json"
    out = work / f"tt-out-{key}.json"
    qfile.write_text(json.dumps(qs, ensure_ascii=False), encoding="utf-8")
    script = work / "tt_tmdb_bench.py"
    script.write_text(TMDB_SCRIPT, encoding="utf-8")
    subprocess.run([str(python), str(script), str(db), str(pairs_file), str(qfile), str(out), str(budget), str(per_query)], check=True)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {"build_seconds": lines[0]["build_seconds"], "results": lines[1:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="database to (re)use instead of the cached one")
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--no-tmdb", action="store_true")
    ap.add_argument("--tmdb-queries", type=int, default=200, help="queries run on translate-toolkit's tmdb (at most)")
    ap.add_argument("--tmdb-seconds", type=float, default=900, help="time budget for tmdb's queries; it stops after it")
    ap.add_argument("--tmdb-cap", type=float, default=30, help="seconds after which one tmdb query is interrupted")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    db, pairs = build_db(args.pairs, args.seed, args.db)
    sources = [e for e, _ in pairs]
    queries = make_queries(sources, args.queries, seed=args.seed + 6)
    report: dict = {"pairs": args.pairs, "queries": len(queries), "cpus": os.cpu_count()}

    with Memory(db) as memory:
        t = time.perf_counter()
        index = fuzzy.FuzzyIndex.build(memory)
        report["index_build_seconds"] = round(time.perf_counter() - t, 2)
        report["index_megabytes"] = round(sum(s.nbytes for p in index._pairs.values() for s in p.segments) / 1e6, 1)
        for _, q in queries[:20]:  # warm-up (numpy, rapidfuzz, SQLite page cache)
            fuzzy.lookup(index, memory, q, "en", "pl")
        lat, tops = [], []
        for _, q in queries:
            t = time.perf_counter()
            found = fuzzy.lookup(index, memory, q, "en", "pl", min_score=75, limit=5)
            lat.append(time.perf_counter() - t)
            tops.append(found[0].source if found else None)
        report["in_process"] = percentiles(lat)
        by_kind = {}
        for kind in ("near", "none"):
            sel = [x for (k, _), x in zip(queries, lat) if k == kind]
            by_kind[kind] = percentiles(sel)
        report["in_process_by_kind"] = by_kind
    del index

    if not args.no_http:
        http, ready = run_http(db, queries)
        report["http"] = http
        report["http_server_ready_seconds"] = round(ready, 1)

    t = time.perf_counter()
    norms = [fuzzy.normalise(s) for s in sources]
    best = [true_best(q, sources, norms) for _, q in queries]
    report["brute_force_seconds"] = round(time.perf_counter() - t, 1)
    report["recall"] = recall(queries, best, tops)

    if not args.no_tmdb:
        n = min(args.tmdb_queries, len(queries))
        data = run_tmdb(pairs, queries, n, f"{args.pairs}-{fingerprint(args.pairs, args.seed)}", args.tmdb_seconds, args.tmdb_cap)
        tt_lat = [r["seconds"] for r in data["results"]]
        tt_tops = [r["top"] for r in data["results"]]
        n = len(tt_lat)  # queries tmdb answered within its time budget
        ours_same = percentiles(lat[:n])
        report["tmdb"] = {
            "version": TT_VERSION,
            "queries": n,
            "build_seconds": round(data["build_seconds"], 1),
            "latency": percentiles(tt_lat),  # an interrupted query counts at the cap (a lower bound)
            "interrupted_at_cap": sum(1 for r in data["results"] if r.get("timeout")),
            "cap_seconds": args.tmdb_cap,
            "recall": recall(queries[:n], best[:n], tt_tops),
            "tm_same_queries": ours_same,
            "tm_recall_same_queries": recall(queries[:n], best[:n], tops[:n]),
            "p50_ratio_tmdb_over_tm": round(statistics.median(tt_lat) / statistics.median(lat[:n]), 1),
        }

    if args.json:
        print(json.dumps(report, indent=2))
        return
    ip = report["in_process"]
    print(f"pairs {report['pairs']:,}, queries {report['queries']}, cpus {report['cpus']}")
    print(f"index build {report['index_build_seconds']} s, {report['index_megabytes']} MB")
    print(f"in process   p50 {ip['p50_ms']} ms  p95 {ip['p95_ms']} ms  p99 {ip['p99_ms']} ms  max {ip['max_ms']} ms")
    for kind, p in report["in_process_by_kind"].items():
        print(f"  {kind:5s} ({p['n']})  p50 {p['p50_ms']} ms  p95 {p['p95_ms']} ms  p99 {p['p99_ms']} ms")
    r = report["recall"]
    print(f"recall@1 {r['recall_at_1']} ({r['hits']}/{r['eligible']} queries whose true best >= 75); brute force {report['brute_force_seconds']} s")
    if "http" in report:
        h = report["http"]
        print(f"over HTTP    p50 {h['p50_ms']} ms  p95 {h['p95_ms']} ms  p99 {h['p99_ms']} ms  (server ready in {report['http_server_ready_seconds']} s)")
    if "tmdb" in report:
        t = report["tmdb"]
        print(
            f"translate-toolkit tmdb on the first {t['queries']} queries: p50 {t['latency']['p50_ms']} ms  p95 {t['latency']['p95_ms']} ms"
            f"  p99 {t['latency']['p99_ms']} ms  recall@1 {t['recall']['recall_at_1']} ({t['recall']['hits']}/{t['recall']['eligible']});"
            f" {t['interrupted_at_cap']} interrupted at {t['cap_seconds']:g} s; load {t['build_seconds']} s"
        )
        print(
            f"tm on the same queries: p50 {t['tm_same_queries']['p50_ms']} ms, recall@1 {t['tm_recall_same_queries']['recall_at_1']};"
            f" tmdb p50 / tm p50 = {t['p50_ratio_tmdb_over_tm']}x"
        )


if __name__ == "__main__":
    main()
