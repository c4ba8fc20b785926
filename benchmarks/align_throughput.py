#!/usr/bin/env python3
"""End-to-end alignment throughput on large synthetic English-Polish documents.

    python benchmarks/align_throughput.py                      # 10k, 50k, 100k sentences per side
    python benchmarks/align_throughput.py --sizes 2000 10000 --repeat 5 --json

Each document pair is made deterministically (``--seed``) from the real 1-1
sentence pairs of corpora/real (built first if missing):

* pairs are sampled with replacement; placeholders (%s, %(name)s, {name}) are
  filled and numbers replaced with random numbers, the same on both sides, so
  that repeated samples differ;
* about 2% of pairs lose their Polish side and 1% their English side
  (deletions), and about 3% of Polish sentence pairs are merged into one
  sentence (the first one's final stop becomes a semicolon);
* pairs are grouped into paragraphs of 3-8 sentences, joined with spaces.

What is timed, per size: ``tm.read.split_sentences`` on every paragraph of
both sides, then ``tm.align.align_segments`` on the two sentence lists (with
paragraph indices as blocks when the function accepts them).  Generation is
not timed.  The median of ``--repeat`` runs is reported (``--repeat-large``
for sizes of 100k and more), with sentences per second and time per sentence
relative to the smallest size (flat means linear growth).  An untimed warm-up
run on a small pair first loads whatever language data the tool loads lazily.

This is an on-demand benchmark, not a test.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align.evaluate import read_beads, read_lines  # noqa: E402

CORPUS = ROOT / "corpora" / "real"
_PLACEHOLDER = re.compile(r"%\([^)\s]+\)[-#0+]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0+]*\d*(?:\.\d+)?[sdfiu]|\{[\w.]*\}")
_NUMBER = re.compile(r"\d+")
_TAG = re.compile(r"<[^>]*>")


def sentence_pool() -> list[tuple[str, str]]:
    """1-1 gold pairs of corpora/real that can pass for sentences."""
    if not any(CORPUS.glob("*.gold")):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_real_corpus.py")], check=True)
    pool = []
    for gold in sorted(CORPUS.glob("*.gold")):
        name = gold.name[: -len(".gold")]
        en = read_lines(CORPUS / f"{name}.en.txt")
        pl = read_lines(CORPUS / f"{name}.pl.txt")
        for s, t in read_beads(gold):
            if len(s) != 1 or len(t) != 1:
                continue
            e, p = _TAG.sub("", en[s[0]]).strip(), _TAG.sub("", pl[t[0]]).strip()
            if len(e.split()) < 2 or len(p.split()) < 1:
                continue
            # a placeholder used twice cannot be filled consistently across reordering
            phs = _PLACEHOLDER.findall(e)
            if len(phs) != len(set(phs)) or sorted(phs) != sorted(_PLACEHOLDER.findall(p)):
                continue
            pool.append((e, p))
    return pool


def _fill(rng: random.Random, e: str, p: str) -> tuple[str, str]:
    values: dict[str, str] = {}

    def value(tok: str) -> str:
        if tok not in values:
            values[tok] = str(rng.randint(1, 9999))
        return values[tok]

    e = _PLACEHOLDER.sub(lambda m: value(m.group()), e)
    p = _PLACEHOLDER.sub(lambda m: value(m.group()), p)
    e = _NUMBER.sub(lambda m: value("#" + m.group()), e)
    p = _NUMBER.sub(lambda m: value("#" + m.group()), p)
    e, p = e[:1].upper() + e[1:], p[:1].upper() + p[1:]
    if not e.endswith((".", "!", "?")):
        e += "."
    if not p.endswith((".", "!", "?")):
        p += "."
    return e, p


def make_documents(pool: list[tuple[str, str]], size: int, seed: int) -> tuple[list[str], list[str]]:
    """Paragraphs (en, pl) with about ``size`` sentences per side."""
    rng = random.Random(f"{seed}:{size}")
    en_pars: list[str] = []
    pl_pars: list[str] = []
    n = 0
    while n < size:
        k = rng.randint(3, 8)
        en_s: list[str] = []
        pl_s: list[str] = []
        for _ in range(k):
            e, p = _fill(rng, *rng.choice(pool))
            r = rng.random()
            if r < 0.02:  # untranslated: English only
                en_s.append(e)
            elif r < 0.03:  # added in translation: Polish only
                pl_s.append(p)
            elif r < 0.06 and pl_s and pl_s[-1].endswith("."):  # merged with the previous Polish sentence
                en_s.append(e)
                pl_s[-1] = pl_s[-1][:-1] + "; " + p[:1].lower() + p[1:]
            else:
                en_s.append(e)
                pl_s.append(p)
        n += len(en_s)
        en_pars.append(" ".join(en_s))
        pl_pars.append(" ".join(pl_s))
    return en_pars, pl_pars


def run_once(en_pars: list[str], pl_pars: list[str], split, align, use_blocks: bool) -> dict:
    c0 = time.process_time()
    t0 = time.perf_counter()
    src: list[str] = []
    tgt: list[str] = []
    src_blocks: list[int] = []
    tgt_blocks: list[int] = []
    for b, (e, p) in enumerate(zip(en_pars, pl_pars)):
        for s in split(e, "en") if e else []:
            src.append(s)
            src_blocks.append(b)
        for s in split(p, "pl") if p else []:
            tgt.append(s)
            tgt_blocks.append(b)
    t1 = time.perf_counter()
    if use_blocks:
        beads = align(src, tgt, src_lang="en", tgt_lang="pl", src_blocks=src_blocks, tgt_blocks=tgt_blocks)
    else:
        beads = align(src, tgt, src_lang="en", tgt_lang="pl")
    t2 = time.perf_counter()
    c2 = time.process_time()
    return {"en": len(src), "pl": len(tgt), "beads": len(beads),
            "segment_s": t1 - t0, "align_s": t2 - t1, "total_s": t2 - t0, "cpu_s": c2 - c0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="End-to-end alignment throughput (synthetic documents).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000],
                    help="sentences per side (default 10000 50000 100000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the median is reported (default 3)")
    ap.add_argument("--repeat-large", type=int, default=1,
                    help="runs for sizes >= 100000 (default 1)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-blocks", action="store_true", help="do not pass paragraph indices to the aligner")
    ap.add_argument("--no-warmup", action="store_true",
                    help="skip the untimed warm-up run (loading of language data) on a 300-sentence pair")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    try:
        from tm.read.segment import split_sentences
        from tm.align import align_segments
    except ImportError as e:
        print(f"cannot run: {e} (needs tm.read.split_sentences and tm.align.align_segments)", file=sys.stderr)
        return 2
    params = inspect.signature(align_segments).parameters
    use_blocks = not args.no_blocks and "src_blocks" in params and "tgt_blocks" in params

    pool = sentence_pool()
    if not args.no_warmup:
        run_once(*make_documents(pool, 300, args.seed), split_sentences, align_segments, use_blocks)
    results = []
    for size in args.sizes:
        en_pars, pl_pars = make_documents(pool, size, args.seed)
        repeat = args.repeat_large if size >= 100_000 else args.repeat
        runs = []
        for k in range(max(1, repeat)):
            runs.append(run_once(en_pars, pl_pars, split_sentences, align_segments, use_blocks))
            if not args.json:
                print(f"  size {size}: run {k + 1}/{repeat}: {runs[-1]['total_s']:.2f} s", file=sys.stderr)
        med = {key: statistics.median(r[key] for r in runs) for key in ("segment_s", "align_s", "total_s", "cpu_s")}
        first = runs[0]
        results.append({
            "size": size, "paragraphs": len(en_pars), "en_sentences": first["en"], "pl_sentences": first["pl"],
            "beads": first["beads"], "runs": len(runs), **med,
            "sentences_per_s": (first["en"] + first["pl"]) / med["total_s"] if med["total_s"] else 0.0,
            "sentences_per_cpu_s": (first["en"] + first["pl"]) / med["cpu_s"] if med["cpu_s"] else 0.0,
            "us_per_sentence": 1e6 * med["total_s"] / (first["en"] + first["pl"]),
        })
    base = results[0]["us_per_sentence"] if results else 1.0
    for r in results:
        r["relative_time_per_sentence"] = r["us_per_sentence"] / base if base else 0.0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if args.json:
        json.dump({"blocks": use_blocks, "peak_rss_mib": peak_mib, "results": results}, sys.stdout, indent=2)
        print()
        return 0
    print(f"{'size':>8} {'EN':>8} {'PL':>8} {'runs':>4} {'segment s':>10} {'align s':>9} {'total s':>9} "
          f"{'sent/s':>9} {'µs/sent':>8} {'rel':>5} {'cpu s':>7} {'sent/cpu s':>10}")
    for r in results:
        print(f"{r['size']:>8} {r['en_sentences']:>8} {r['pl_sentences']:>8} {r['runs']:>4} "
              f"{r['segment_s']:>10.2f} {r['align_s']:>9.2f} {r['total_s']:>9.2f} "
              f"{r['sentences_per_s']:>9.0f} {r['us_per_sentence']:>8.1f} {r['relative_time_per_sentence']:>5.2f} "
              f"{r['cpu_s']:>7.2f} {r['sentences_per_cpu_s']:>10.0f}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"(sent/s counts both sides, wall clock; sent/cpu s by the process's CPU time, for a shared machine; rel = time per sentence / that of the smallest size; "
          f"paragraph blocks passed: {use_blocks}; peak RSS {peak_mib:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
