#!/usr/bin/env python3
"""Term-base build time on 10k and 100k aligned pairs derived from corpora/real.

    python benchmarks/terms_build.py                 # 10k and 100k, one run each
    python benchmarks/terms_build.py --sizes 10000 --runs 3
    python benchmarks/terms_build.py --json

Pairs: the 5,233 real aligned pairs of corpora/real (gold beads), then, to reach the size,
pair k (k >= 5,233) is real pair i = k mod n followed by real pair (i + 7919·(k div n) + 13) mod n,
source after source and target after target: deterministic, every pair text distinct, the
vocabulary and phrase structure of the real messages, segments about twice as long.

Each run aligns nothing: the pairs go into a fresh memory file (Memory.add_units), then
``TermBase.build()`` is timed end to end (reading the pairs, extraction, sentencepiece training,
writing the term base), as wall-clock time and as the process's CPU time (the machine is shared:
wall time includes waiting for a core). Language resources
(morfeusz2, simplemma dictionaries, wordfreq) are loaded once before timing, as in a
long-running process; the cold start is reported separately. Figures: median of the runs.

Baseline, side by side: the same pairs through a plain co-occurrence pass (every source
n-gram of the term list against every target word of the pair, Dice, best target word per
term), the cost any co-occurrence extractor pays, so the ratio shows what the morphology,
competitive linking and storage add.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align.evaluate import gold_pairs  # noqa: E402
from tm.model import TranslationUnit  # noqa: E402


def real_pairs() -> list[tuple[str, str]]:
    return [(en, pl) for _name, _bead, en, pl in gold_pairs(ROOT / "corpora" / "real")]


def derived_pairs(n: int, base: list[tuple[str, str]]) -> list[tuple[str, str]]:
    m = len(base)
    out = []
    for k in range(n):
        s, t = base[k % m]
        if k >= m:
            s2, t2 = base[(k % m + 7919 * (k // m) + 13) % m]
            s, t = f"{s} {s2}", f"{t} {t2}"
        out.append((s, t))
    return out


def make_db(path: str, pairs: list[tuple[str, str]]) -> None:
    from tm.store import Memory

    units = [TranslationUnit(source=s, target=t, src_lang="en", tgt_lang="pl", context=f"bench#{i}") for i, (s, t) in enumerate(pairs)]
    with Memory(path) as memory:
        memory.add_units(units, "benchmark")


def baseline(pairs: list[tuple[str, str]], terms: list[tuple[str, ...]]) -> float:
    """Plain co-occurrence: Dice between each term and each lower-cased target word."""
    import regex

    word = regex.compile(r"\w+")
    start = time.perf_counter()
    term_set = set(terms)
    f_s, f_t, c = Counter(), Counter(), Counter()
    for s, t in pairs:
        sw = [w.lower() for w in word.findall(s)]
        found = {tuple(sw[i : i + n]) for n in (1, 2, 3) for i in range(len(sw) - n + 1)} & term_set
        tw = {w.lower() for w in word.findall(t)}
        f_s.update(found)
        f_t.update(tw)
        c.update((a, b) for a in found for b in tw)
    best: dict = {}
    for (a, b), n in c.items():
        d = 2 * n / (f_s[a] + f_t[b])
        if d > best.get(a, (0, ""))[0]:
            best[a] = (d, b)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from tm.store import TermBase

    base = real_pairs()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        cold_db = f"{tmp}/cold.db"
        make_db(cold_db, base[:500])
        t0 = time.perf_counter()
        with TermBase(cold_db, "en", "pl") as tb:
            tb.build()
        cold = time.perf_counter() - t0
        for size in args.sizes:
            pairs = derived_pairs(size, base)
            times, cpu, base_times, match_cpu, report, hits, phrases = [], [], [], [], None, 0, (0, 0)
            for run in range(args.runs):
                db = f"{tmp}/bench-{size}-{run}.db"
                make_db(db, pairs)
                t0, c0 = time.perf_counter(), time.process_time()
                with TermBase(db, "en", "pl") as tb:
                    report = tb.build()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                with TermBase(db, "en", "pl") as tb:
                    entries = tb.entries()
                    terms = [e.source_key for e in entries]
                    # matching: every source text against the source terms, every target text
                    # against every rendering (what glossary checks do), CPU seconds
                    c0 = time.process_time()
                    src_m, tgt_m = tb.matcher("source", entries), tb.matcher("target", entries)
                    hits = sum(len(src_m.find(s)) for s, _t in pairs) + sum(len(tgt_m.find(t)) for _s, t in pairs)
                    match_cpu.append(time.process_time() - c0)
                    phrases = (src_m.size, tgt_m.size)
                base_times.append(baseline(pairs, terms))
            med, bmed = statistics.median(times), statistics.median(base_times)
            results.append(
                {
                    "pairs": size,
                    "pairs_stored": report.pairs if report else None,  # identical pairs are stored once
                    "runs": args.runs,
                    "build_seconds_median": round(med, 2),
                    "build_cpu_seconds_median": round(statistics.median(cpu), 2),
                    "baseline_seconds_median": round(bmed, 2),
                    "ratio_build_to_baseline": round(med / bmed, 2) if bmed else None,
                    "pairs_per_second": round(size / med),
                    "entries": report.entries if report else None,
                    "match_cpu_seconds_median": round(statistics.median(match_cpu), 2),
                    "match_phrases_source_target": list(phrases),
                    "match_hits": hits,
                    "renderings": report.renderings if report else None,
                }
            )
    out = {"cold_start_seconds_500_pairs": round(cold, 2), "results": results}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"cold start (first build in the process, 500 pairs): {cold:.1f} s")
    print(f"{'pairs':>8} {'stored':>8} {'runs':>4} {'build s':>8} {'cpu s':>7} {'baseline s':>10} {'ratio':>6} {'pairs/s':>8} {'entries':>8}")
    for r in results:
        print(
            f"{r['pairs']:>8} {r['pairs_stored']:>8} {r['runs']:>4} {r['build_seconds_median']:>8.2f} {r['build_cpu_seconds_median']:>7.2f} {r['baseline_seconds_median']:>10.2f} "
            f"{r['ratio_build_to_baseline']:>6} {r['pairs_per_second']:>8} {r['entries']:>8}"
        )
    for r in results:
        print(
            f"matching {r['pairs']} source and target texts against {r['match_phrases_source_target'][0]} terms and "
            f"{r['match_phrases_source_target'][1]} renderings: {r['match_cpu_seconds_median']:.1f} s CPU, {r['match_hits']} matches"
        )


if __name__ == "__main__":
    main()
