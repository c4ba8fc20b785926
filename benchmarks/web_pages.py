"""Server-side time of the workbench's pages on a large memory (not a test).

    .venv/bin/python benchmarks/web_pages.py --pairs 1000000 --entries 50000

The memory is benchmarks/tmdata.py's (real Django/Wagtail/... pairs varied deterministically,
built by benchmarks/lookup.py's build_db and reused from /tmp). The term base gets up to
``--entries`` entries imported as a glossary (one per distinct word bigram of the real corpus,
each with two renderings; the corpus has 6,890 such bigrams, so that is the most it gets):
extracting a term base from 1M pairs here would take far longer than the pages under test.

Each page is requested in-process through FastAPI's TestClient (no network), so the time is
the server's: routing, the library call, SQL, template rendering. The hard cases: fuzzy
searches from tmdata's queries (80% near-duplicates, 20% "no good match", which read the most
postings), the same with a source-file filter no pair passes (the filter reads every
candidate), concordance of frequent words (also with that file filter, and with a date no pair
reaches), term-list pages deep in the list (offset), sorted
by frequency, with a search that matches renderings, and entry pages with example pairs.
Prints p50/p95/p99/max per page kind as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.lookup import build_db, percentiles  # noqa: E402
from benchmarks.tmdata import make_queries, real_pairs  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from tm.service import create_app  # noqa: E402
from tm.store.termedit import TermEditor  # noqa: E402
from tm.terms import Rendering, TermEntry, phrase_key  # noqa: E402


def fill_termbase(db: str, n: int) -> None:
    with TermEditor(db, "en", "pl") as tb:
        have = tb.page(limit=1)[1]
        if have >= n:
            return
        seen: set = set()
        entries = []
        rng = random.Random(3)
        for e, p in real_pairs():
            ew, pw = e.split(), p.split()
            for i in range(len(ew) - 1):
                src = f"{ew[i]} {ew[i + 1]}".strip(".,:;!?()\"'")
                if len(src) < 5 or not pw:
                    continue
                key = phrase_key(src, "en")
                if not key or key in seen:
                    continue
                seen.add(key)
                j = rng.randrange(len(pw))
                texts = [" ".join(pw[j : j + 2]), pw[j]]
                rends = [Rendering(t, phrase_key(t, "pl"), count=rng.randrange(50), status=s, origin="glossary")
                         for t, s in zip(texts, ("preferred", "admitted")) if phrase_key(t, "pl")]
                entries.append(TermEntry(None, src, key, renderings=rends, count=rng.randrange(500),
                                         confidence=rng.random(), origin="glossary"))
                if len(entries) >= n:
                    break
            if len(entries) >= n:
                break
        tb.import_entries(entries, "benchmark")


def timed(client: TestClient, urls: list[str]) -> dict:
    times = []
    for u in urls:
        t = time.perf_counter()
        r = client.get(u)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, (u, r.status_code, r.text[:200])
    return percentiles(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--entries", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--db", default=None)
    ap.add_argument("--only", default=None, help="comma-separated page kinds to time (default: all)")
    args = ap.parse_args()
    db, pairs = build_db(args.pairs, 1, args.db)
    t = time.perf_counter()
    fill_termbase(db, args.entries)
    print(f"term base ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    t = time.perf_counter()
    app = create_app(db, None)
    print(f"index built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    queries = [q for q, _kind in make_queries([e for e, _p in pairs], args.queries)]
    words = ["account", "file", "user", "page", "password", "konto", "plik"]
    with TestClient(app) as client, TermEditor(db, "en", "pl", readonly=True) as tb:
        total = tb.page(limit=1)[1]
        ids = [e.id for e in tb.page(sort="frequency", limit=args.queries)[0]]
        from urllib.parse import quote

        client.get("/search?q=warm+up")
        cword = words * (args.queries // len(words))
        kinds = {
            "search_fuzzy": lambda: timed(client, [f"/search?q={quote(q)}" for q in queries]),
            # a file filter no pair passes: every candidate is read and dropped (the worst case)
            "search_fuzzy_filtered": lambda: timed(client, [f"/search?q={quote(q)}&file=no-such-file" for q in queries]),
            "search_concordance_filtered": lambda: timed(client, [f"/search?mode=concordance&q={w}&file=no-such-file"
                                                           for w in cword]),
            # a date no pair reaches (the benchmark memory's pairs all carry the day it was built)
            "search_concordance_since": lambda: timed(client, [f"/search?mode=concordance&q={w}&since=2999-01-01"
                                                        for w in cword]),
            "search_concordance": lambda: timed(client, [f"/search?mode=concordance&q={w}&side={'target' if w in ('konto', 'plik') else 'source'}"
                                                  for w in cword]),
            "terms_list": lambda: timed(client, [f"/terms?sort={s}&page={p}" for s in ("confidence", "frequency", "status")
                                         for p in (1, 10, max(1, total // 50 // 2), max(1, total // 50))] * 5),
            "terms_search": lambda: timed(client, [f"/terms?q={w}" for w in words] * 5),
            "term_entry": lambda: timed(client, [f"/terms/{i}" for i in ids]),
        }
        only = args.only.split(",") if args.only else list(kinds)
        results = {"pairs": args.pairs, "term_entries": total, **{k: kinds[k]() for k in only}}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
