"""How long ``tm check`` takes on 100,000 pairs with a 1,000-entry glossary.

    python benchmarks/check_speed.py [--pairs 100000] [--entries 1000] [--runs 3] [--termbase]

Data (built once per run in a temporary folder, not timed):
- pairs: real English–Polish messages (corpora/real, 5,233 gold-aligned pairs) joined two by two
  into new pairs ("message i" + " " + "message j", j chosen deterministically from i), so every
  pair is distinct and reads like real text; imported into a fresh memory with Memory.add_units;
- glossary: the 1,000 most frequent short pairs of the same corpus (source and target of one to
  four words, letters only, "Password" → "Hasło") whose Polish has a noun and no word that can only
  be a verb (morfeusz2; so "Dodaj" for "Add" is left out), one per English
  lemma key: the kind of entries a UI glossary holds, as an OmegaT-style TSV, status "preferred".

Timed, side by side in one run, each ``--runs`` times, medians reported:
- ``tm check --db … --glossary … --termbase off --format json -o …`` as a subprocess (every
  check, glossary terms with inflection, no term base: the CI setting), as installed: one
  worker process per core (two on this machine);
- the same with ``--workers 1`` (one process);
- a literal baseline in process, what string-based QA tools do: for each pair, glossary sources
  found as lower-cased substrings of the source must have their rendering as a substring of the
  target (no inflection, no other checks). It is there to show the price of the lemma-aware
  matching and the other checks, not as a competitor of equal function.
With ``--termbase``: also ``tm check`` after ``tm terms build`` (renderings from the stored term
base); the build itself is timed once and reported apart.

The first ``tm check`` on a machine also builds tm's cache of simplemma's dictionaries (MARISA
tries in ~/.cache/tm, about 9 s for Polish; see tm.lang.generic). That first run is made with an
empty cache folder and reported on its own; the timed runs use the filled cache, as every later
run on a machine does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from injected_inconsistency import real_pairs  # noqa: E402


def make_pairs(n: int):
    base = real_pairs()
    m = len(base)
    out = []
    for k in range(n):
        i = k % m
        j = (k * 7919 + 13 + k // m) % m
        if j == i:
            j = (j + 1) % m
        a, b = base[i], base[j]
        out.append((f"{a.source} {b.source}", f"{a.target} {b.target}", f"bench#{k}"))
    return base, out


def make_glossary(base, entries: int, path: Path) -> int:
    import re

    word = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+){0,3}$")
    counts = Counter()
    target_of = {}
    for p in base:
        s, t = p.source.strip(), p.target.strip()
        if word.match(s) and word.match(t):
            key = s.lower()
            counts[key] += 1
            target_of.setdefault(key, t)
    from tm.terms import phrase_key

    from tm.lang.pl import _word_readings

    verbal = {"fin", "impt", "inf", "praet", "bedzie", "imps"}

    def noun_phrase(text: str) -> bool:
        # Terms, not commands: a noun in it, and no word that can only be a verb
        # ("Nazwa użytkownika", "Kod pocztowy" yes; "Dodaj", "Zapisz zmiany" no).
        tags = [{r.pos for r in _word_readings(w)} for w in text.split()]
        return any("subst" in t for t in tags) and not any(t and t <= verbal for t in tags)

    chosen, seen = [], set()
    for s, _n in counts.most_common():
        key = phrase_key(s, "en")  # "site" and "sites" are one glossary entry
        if key and key not in seen and noun_phrase(target_of[s]):
            seen.add(key)
            chosen.append(s)
        if len(chosen) == entries:
            break
    lines = ["# tm glossary: source=en target=pl"] + [f"{s}\t{target_of[s]}\tpreferred" for s in chosen]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(chosen)


def build_db(path: Path, pairs) -> None:
    from tm.store import Memory
    from tm.model import TranslationUnit

    with Memory(path) as memory:
        memory.add_units(
            (TranslationUnit(s, t, "en", "pl", context=c) for s, t, c in pairs),
            origin_file="benchmark",
        )


def literal(pairs, glossary: Path) -> int:
    entries = []
    for line in glossary.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        s, t, _st = line.split("\t")
        entries.append((s.lower(), t.lower()))
    flagged = 0
    for s, t, _c in pairs:
        ls, lt = s.lower(), t.lower()
        for src, tgt in entries:
            if src in ls and tgt not in lt:
                flagged += 1
    return flagged


def tm_check(db: Path, glossary: Path | None, out: Path, termbase: str, workers: int | None = None, cache: Path | None = None) -> tuple[float, dict]:
    cmd = [
        sys.executable, "-m", "tm.cli", "check", "--db", str(db),
        "--termbase", termbase, "--format", "json", "-o", str(out), "--fail-on", "never",
    ] + (["--glossary", str(glossary)] if glossary is not None else [])
    if workers:
        cmd += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("TM_CHECK_WORKERS", None)
    if cache is not None:
        env["TM_CACHE_DIR"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"tm check failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    summary["cpu_seconds"] = cpu
    return elapsed, summary


def main() -> None:
    ap = argparse.ArgumentParser(description="tm check speed on 100k pairs with a 1,000-entry glossary")
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--termbase", action="store_true", help="also time a check on a stored term base")
    ap.add_argument("--no-glossary", action="store_true",
                    help="with --termbase: the stored term base built with no glossary, and tm check with none")
    args = ap.parse_args()

    base, pairs = make_pairs(args.pairs)
    with tempfile.TemporaryDirectory(prefix="tm-check-bench-") as tmp:
        tmp = Path(tmp)
        glossary = tmp / "glossary.tsv"
        n_entries = make_glossary(base, args.entries, glossary)
        db = tmp / "bench.db"
        t0 = time.perf_counter()
        build_db(db, pairs)
        print(f"{len(pairs)} pairs, glossary of {n_entries} entries; memory built in {time.perf_counter() - t0:.1f} s (not timed)")

        cold, _ = tm_check(db, glossary, tmp / "report.json", "off", cache=tmp / "empty-cache")
        ours, cpus, ones, lits, summary = [], [], [], [], {}
        for _ in range(args.runs):
            secs, summary = tm_check(db, glossary, tmp / "report.json", "off")
            ours.append(secs)
            cpus.append(summary["cpu_seconds"])
            ones.append(tm_check(db, glossary, tmp / "report1.json", "off", workers=1)[0])
            start = time.perf_counter()
            flagged = literal(pairs, glossary)
            lits.append(time.perf_counter() - start)
        med, lmed = statistics.median(ours), statistics.median(lits)
        print(
            f"tm check (every check, glossary, no term base; {os.cpu_count()} cores, default workers): "
            f"median {med:.1f} s wall, {statistics.median(cpus):.1f} s CPU, of {args.runs} runs {[round(x, 1) for x in ours]}"
        )
        print(f"tm check --workers 1: median {statistics.median(ones):.1f} s wall {[round(x, 1) for x in ones]}")
        print(f"first run on a machine (empty cache, builds the simplemma tries): {cold:.1f} s")
        print(f"  machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  findings: {summary['findings']} ({summary['error']} errors, {summary['warning']} warnings, {summary['info']} infos)")
        print(f"literal glossary baseline (substrings only):   median {lmed:.1f} s; {flagged} flags")
        print(f"ratio tm check / literal baseline: {med / lmed:.1f}")
        print(f"under 30 s: {'yes' if med < 30 else 'NO'}")
        if args.termbase:
            from tm.glossary import import_glossary
            from tm.store import TermBase

            start = time.perf_counter()
            with TermBase(db, "en", "pl") as tb:
                if not args.no_glossary:
                    import_glossary(tb, glossary)
                tb.build()
            print(f"tm terms build: {time.perf_counter() - start:.1f} s (once)")
            used = None if args.no_glossary else glossary
            runs = [tm_check(db, used, tmp / "report2.json", "stored") for _ in range(args.runs)]
            stored = [r[0] for r in runs]
            what = "no glossary, " if args.no_glossary else ""
            print(f"tm check with the stored term base ({what}word links trained at check time): median "
                  f"{statistics.median(stored):.1f} s wall, {statistics.median(r[1]['cpu_seconds'] for r in runs):.1f} s CPU "
                  f"{[round(x, 1) for x in stored]}; {runs[-1][1]['findings']} findings")


if __name__ == "__main__":
    main()
