#!/usr/bin/env python3
"""Concordance on large memories: the substring scan (LIKE), the word index (FTS5) holding
every pair, and the index with an unindexed tail (pairs imported since the last ``tm index``)
side by side in one run, with the index's size and how long ``tm index`` takes.

    python benchmarks/concordance.py                        # 100k and 300k pairs, 200 queries
    python benchmarks/concordance.py --pairs 20000 --queries 50 --tail 2000
    python benchmarks/concordance.py --json

Data: ``--pairs`` pairs made deterministically from the ~6k real English-Polish pairs of
corpora/real (benchmarks/tmdata.py: numbers, word order, inserted and deleted words, joined
pairs, case), stored with ``Memory.add_units`` in a database cached under /tmp by a
fingerprint of corpus, generator and arguments.

Queries (seeded, the same for every size): 40% single English words and 20% English two-word
phrases (consecutive words of a stored source), 20% single Polish words and 20% Polish
two-word phrases (of a stored target) in which one word is replaced by another inflected form
of its lemma (morfeusz: "konto" may become "kontach"), so most queries are not the surface
form stored. Words have at least three letters.

What is measured, per query: ``tm.concordance.concordance`` in process (candidate rows from
the store, lemma verification, highlights; limit 20, both sides), three ways in turn, so all
see the same machine load: LIKE (``method="like"``, what every version before the index
did), "indexed" (``method="auto"`` with every pair indexed) and "tail" (``method="auto"`` on
a copy of the file whose last ``--tail`` pairs are not indexed: the index for the rest, the
scan for those). Also: ``Memory.update_concordance_index`` (what ``tm index`` runs) on the
whole file with an empty index (an older file, or nothing indexed yet) and on the tail; the
index's size (pages of pairs_fts's shadow tables, from dbstat); and how many queries return
different hits by LIKE and the index (with the first few differences shown).
A benchmark to run on demand, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lookup import percentiles  # noqa: E402
from tmdata import fingerprint, make_tm  # noqa: E402
from tm.concordance import concordance  # noqa: E402
from tm.lang import get_language  # noqa: E402
from tm.store import Memory  # noqa: E402
from tm.store.schema import FTS_SCHEMA_NAMES as _FTS_SCHEMA_NAMES, FTS_TABLE, FTS_UPTO, words_upto  # noqa: E402
from tm.model import TranslationUnit  # noqa: E402

_WORD = re.compile(r"[^\W\d_]{3,}")


def build_db(n: int, seed: int) -> tuple[str, list[tuple[str, str]], float | None]:
    pairs = make_tm(n, seed)
    path = f"/tmp/tm-bench-concordance-{n}-{fingerprint(n, seed)}.db"
    if Path(path).exists():
        with Memory(path) as m:
            if m.fuzzy_max_id() >= n:
                return path, pairs, None
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    with Memory(path) as m:
        m.add_units((TranslationUnit(e, p, "en", "pl") for e, p in pairs), "benchmark:concordance")
    took = time.perf_counter() - t
    print(f"built {path}: {n} pairs in {took:.1f} s (not indexed: imports do not index)", file=sys.stderr)
    return path, pairs, took


def drop_index(path: str) -> None:
    """Make the file look like one made before the index."""
    with Memory(path) as m:
        with m.db.atomic():
            for name in _FTS_SCHEMA_NAMES[1:]:
                m.db.execute(f"drop trigger if exists {name}")
            m.db.execute(f"drop table if exists {FTS_TABLE}")
            m.db.execute("delete from meta where key = ?", [FTS_UPTO])
        m.db.execute("pragma wal_checkpoint(truncate)")


def index_from_scratch(path: str) -> tuple[float, float, int]:
    """Drop the index; time the writable open that adds it empty, then ``tm index``'s update."""
    drop_index(path)
    t = time.perf_counter()
    m = Memory(path)
    open_s = time.perf_counter() - t
    try:
        t = time.perf_counter()
        n = m.update_concordance_index()
        update_s = time.perf_counter() - t
    finally:
        m.close()
    return open_s, update_s, n


def unindex_tail(path: str, tail: int) -> int:
    """Take the last ``tail`` pairs out of the index and lower the watermark below them: the
    state after importing them with the rest indexed. Returns the new watermark."""
    with Memory(path) as m:
        upto = m.fuzzy_max_id() - tail
        with m.db.atomic():
            m.db.execute(
                f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, source, target)"
                " select 'delete', id, source, target from pairs where id > ?",
                [upto],
            )
            m.db.execute("update meta set value = ? where key = ?", [str(upto), FTS_UPTO])
        m.db.execute("pragma wal_checkpoint(truncate)")
    return upto


def index_size(path: str) -> dict:
    with Memory(path, readonly=True) as m:
        page = m.db.execute("pragma page_size").fetchone()[0]
        fts = m.db.execute(
            "select coalesce(sum(pgsize), 0) from dbstat where name like ?", [FTS_TABLE + "%"]
        ).fetchone()[0]
        pairs = m.db.execute("select coalesce(sum(pgsize), 0) from dbstat where name = 'pairs'").fetchone()[0]
    return {"index_bytes": fts, "pairs_table_bytes": pairs, "page_size": page}


def make_queries(pairs: list[tuple[str, str]], n: int, seed: int) -> list[tuple[str, str]]:
    """(lang, query): see the module docstring."""
    pl = get_language("pl")
    rng = random.Random(f"concordance:{seed}")
    out: list[tuple[str, str]] = []
    while len(out) < n:
        r = rng.random()
        lang = "en" if r < 0.6 else "pl"
        phrase = 0.4 <= r < 0.6 or r >= 0.8
        e, p = rng.choice(pairs)
        words = _WORD.findall(e if lang == "en" else p)
        if not words or (phrase and len(words) < 2):
            continue
        i = rng.randrange(len(words) - 1) if phrase else rng.randrange(len(words))
        chosen = words[i : i + 2] if phrase else [words[i]]
        if lang == "pl":
            k = rng.randrange(len(chosen))
            forms = sorted(f for f in pl.forms(pl.lemma(chosen[k])) if _WORD.fullmatch(f))
            if forms:
                chosen[k] = rng.choice(forms)
        out.append((lang, " ".join(chosen)))
    return out


def run(n: int, queries_n: int, seed: int, limit: int, tail: int) -> dict:
    import shutil

    path, pairs, import_s = build_db(n, seed)
    open_s, build_s, indexed = index_from_scratch(path)
    size = index_size(path)
    tail_path = path.replace(".db", f"-tail{tail}.db")
    for suffix in ("", "-wal", "-shm"):
        Path(tail_path + suffix).unlink(missing_ok=True)
    shutil.copy(path, tail_path)
    upto = unindex_tail(tail_path, tail)
    queries = make_queries(pairs, queries_n, seed)
    order = ("like", "indexed", "tail")
    times: dict[str, list[float]] = {k: [] for k in order}
    differ: list[dict] = []
    tail_differs = 0
    with Memory(path, readonly=True) as m, Memory(tail_path, readonly=True) as mt:
        assert words_upto(m.db) == n and words_upto(mt.db) == upto
        for mem in (m, mt):
            concordance(mem, "warm", "en")  # load the language data once, untimed
            concordance(mem, "konto", "pl")
        for k, (lang, q) in enumerate(queries):
            results = {}
            for method in order[k % 3 :] + order[: k % 3]:
                mem, how = (mt, "auto") if method == "tail" else (m, "like" if method == "like" else "auto")
                t = time.perf_counter()
                results[method] = concordance(mem, q, lang, limit=limit, method=how)
                times[method].append(time.perf_counter() - t)
            tail_differs += results["tail"] != results["indexed"]
            if results["like"] != results["indexed"]:
                a = {h["id"] for h in results["like"]}
                b = {h["id"] for h in results["indexed"]}
                differ.append(
                    {"lang": lang, "query": q, "like_hits": len(a), "fts_hits": len(b), "like_only": len(a - b), "fts_only": len(b - a)}
                )
    with Memory(tail_path) as mt:
        t = time.perf_counter()
        tail_indexed = mt.update_concordance_index()
        tail_update_s = time.perf_counter() - t
    for suffix in ("", "-wal", "-shm"):
        Path(tail_path + suffix).unlink(missing_ok=True)
    stats = {k: percentiles(v) for k, v in times.items()}
    like = stats["like"]
    return {
        "pairs": n,
        "queries": len(queries),
        "limit": limit,
        "tail_pairs": tail,
        **stats,
        "ratio_like_over_indexed": {
            k: round(like[k] / stats["indexed"][k], 1) if stats["indexed"][k] else None for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")
        },
        "empty_index_open_s": round(open_s, 3),
        "index_all_s": round(build_s, 2),
        "index_all_pairs": indexed,
        "index_tail_s": round(tail_update_s, 2),
        "index_tail_pairs": tail_indexed,
        "import_s": round(import_s, 1) if import_s is not None else None,
        **size,
        "queries_with_different_hits": len(differ),
        "tail_queries_differing_from_indexed": tail_differs,
        "differences": differ,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, nargs="+", default=[100_000, 300_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=20, help="hits per query, as the endpoint's default")
    ap.add_argument("--tail", type=int, default=20_000, help="pairs left unindexed in the third variant")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = [run(n, args.queries, args.seed, args.limit, args.tail) for n in args.pairs]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    print("| pairs | method | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for r in results:
        for method, label in (("like", "scan (LIKE)"), ("indexed", "index, all pairs"), ("tail", f"index + scan of {r['tail_pairs']:,} unindexed")):
            s = r[method]
            print(f"| {r['pairs']:,} | {label} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | {s['max_ms']} |")
        q = r["ratio_like_over_indexed"]
        print(f"| {r['pairs']:,} | LIKE/index | {q['p50_ms']}x | {q['p95_ms']}x | {q['p99_ms']}x | {q['max_ms']}x |")
    print()
    for r in results:
        print(
            f"{r['pairs']:,} pairs, {r['queries']} queries: index {r['index_bytes'] / 2**20:.1f} MiB"
            f" (pairs table {r['pairs_table_bytes'] / 2**20:.1f} MiB); empty index added in {r['empty_index_open_s']} s;"
            f" tm index: {r['index_all_pairs']:,} pairs in {r['index_all_s']} s, {r['index_tail_pairs']:,} in {r['index_tail_s']} s;"
            f" {r['queries_with_different_hits']} queries with different hits (LIKE vs index),"
            f" {r['tail_queries_differing_from_indexed']} (tail vs index)"
        )
        for d in r["differences"][:10]:
            print(f"    {d}")


if __name__ == "__main__":
    main()
