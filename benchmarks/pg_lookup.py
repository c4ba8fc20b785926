#!/usr/bin/env python3
"""Fuzzy lookup and import on PostgreSQL next to SQLite, on the same synthetic memory.

    python benchmarks/pg_lookup.py --pairs 100000 --queries 300

Starts a throwaway PostgreSQL cluster (tests/pgcluster.py, Debian's postgresql), imports the
same pairs (benchmarks/tmdata.make_tm) into SQLite and PostgreSQL through Memory.add_units
(COPY on PostgreSQL), then runs the same queries (make_queries: edited copies of stored
sources, the hard near-miss cases) through tm.fuzzy.lookup on both. recall@1 is judged by
brute force: rapidfuzz's ratio against every stored source, independent of either index.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pgcluster import Cluster, find_bindir  # noqa: E402
from tmdata import make_queries, make_tm  # noqa: E402

from tm import fuzzy  # noqa: E402
from tm.model import TranslationUnit  # noqa: E402
from tm.store import Memory  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(db: str, units: list[TranslationUnit], queries: list[str], norms: list[str], label: str) -> None:
    started = time.perf_counter()
    with Memory(db) as m:
        m.add_units(units, "bench.tmx")
    seconds = time.perf_counter() - started
    print(f"{label}: import units/s: {len(units) / seconds:.0f}")
    with Memory(db, readonly=True) as m:
        started = time.perf_counter()
        index = fuzzy.FuzzyIndex.build(m)
        print(f"{label}: index ready in s: {time.perf_counter() - started:.2f}")
        times, hits, eligible = [], 0, 0
        for q in queries:
            t = time.perf_counter()
            found = fuzzy.lookup(index, m, q, "en", "pl", limit=1)
            times.append((time.perf_counter() - t) * 1000)
            best = process.extractOne(fuzzy.normalise(q), norms, scorer=fuzz.ratio, processor=None, score_cutoff=75)
            if best is None:
                continue
            eligible += 1
            if found and found[0].similarity >= best[1] - 1e-9:
                hits += 1
    print(f"{label}: lookup p50 ms: {statistics.median(times):.2f}")
    print(f"{label}: lookup p99 ms: {percentile(times, 99):.2f}")
    print(f"{label}: recall@1 vs brute force ({eligible} queries with a match >= 75): {hits / max(eligible, 1):.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    pairs = make_tm(args.pairs, seed=args.seed)
    sources = [e for e, _ in pairs]
    queries = [q for _, q in make_queries(sources, args.queries, seed=args.seed + 1)]
    units = [TranslationUnit(e, p, "en", "pl") for e, p in pairs]
    norms = [fuzzy.normalise(s) for s in sources]
    print(f"pairs: {args.pairs}, queries: {len(queries)}")
    bindir = find_bindir()
    if bindir is None:
        sys.exit("PostgreSQL binaries not found (Debian: apt-get install postgresql)")
    cluster = Cluster(bindir, settings={"shared_buffers": "256MB", "work_mem": "16MB", "maintenance_work_mem": "256MB"}).start()
    try:
        with tempfile.TemporaryDirectory() as d:
            run(str(Path(d) / "bench.db"), units, queries, norms, "sqlite")
        run(cluster.create_database("bench"), units, queries, norms, "postgresql")
    finally:
        from tm.store.postgres import close_pools

        close_pools()
        cluster.stop()


if __name__ == "__main__":
    main()
