#!/usr/bin/env python3
"""PairLinks.train time (the word aligner over a memory, as tm check and tm terms build use it)
on 10k and 100k pairs derived from corpora/real (the pairs of benchmarks/terms_build.py).

    python benchmarks/terms_links.py                 # 10k and 100k, one run each
    python benchmarks/terms_links.py --sizes 10000 --runs 3

Language resources (morfeusz2, simplemma, rapidfuzz) are warmed on a few pairs first, as in a
long-running process; each run starts with empty word caches (a new PairLinks), so the lemma
look-ups are in the figure. Wall and CPU seconds, median of the runs; also the time of
``span()`` over every occurrence of the 200 most frequent source words.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from terms_build import derived_pairs, real_pairs  # noqa: E402

from tm.terms.links import PairLinks  # noqa: E402

_WORD = re.compile(r"[A-Za-z]{3,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    base = real_pairs()
    PairLinks.train(base[:50], "en", "pl")  # warm the language resources
    for size in [int(x) for x in args.sizes.split(",")]:
        pairs = derived_pairs(size, base)
        walls, cpus, spans = [], [], []
        for _ in range(args.runs):
            w0, c0 = time.perf_counter(), time.process_time()
            links = PairLinks.train(pairs, "en", "pl")
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
            top = {w for w, _n in Counter(w.lower() for s, _t in pairs for w in _WORD.findall(s)).most_common(200)}
            w0 = time.perf_counter()
            n = 0
            for k, (s, _t) in enumerate(pairs):
                for m in _WORD.finditer(s):
                    if m.group().lower() in top:
                        links.span(k, *m.span())
                        n += 1
            spans.append(time.perf_counter() - w0)
        print(f"{size} pairs: train wall s {statistics.median(walls):.2f}")
        print(f"{size} pairs: train cpu s {statistics.median(cpus):.2f}")
        print(f"{size} pairs: span() calls {n}")
        print(f"{size} pairs: span() wall s {statistics.median(spans):.2f}")


if __name__ == "__main__":
    main()
