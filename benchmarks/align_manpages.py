#!/usr/bin/env python3
"""Alignment quality on translated prose: Linux man pages (Debian ``manpages``) against their
Polish translations (Debian ``manpages-pl``), scored against the hand-made gold alignments in
corpora/manpages/ (see its README.md for how they were made).

    python benchmarks/align_manpages.py             # table: tm align vs Gale-Church, per page
    python benchmarks/align_manpages.py --json
    python benchmarks/align_manpages.py --errors    # also list every wrong bead (ids and text)
    python benchmarks/align_manpages.py --predictions out/

The documents are built by scripts/build_manpages_corpus.py into corpora/real/cache/manpages/
(git-ignored: the page texts are GPL / "verbatim" licensed and are not committed); if they
are missing this script runs it (it needs ``apt-get download`` and ``groff``).

Each page pair is aligned as ``tm align EN.md PL.md --format beads`` does it:
``tm.align.align_files`` (read Markdown, segment, ``align_segments`` with block and kind
information). ``tm-flat`` is the same aligner given only the segment texts (``align_segments``
without block and kind information, as benchmarks/align_eval.py calls it on pre-segmented
input): it shows what the document structure contributes. The Gale-Church baseline
(benchmarks/galechurch.py) gets the same segments, as plain lists of strings. Scores are tm.align.evaluate's strict and lax P/R/F1 (vecalign conventions,
as benchmarks/align_eval.py); totals pool the counts over pages. The low-confidence figures
are as in benchmarks/align_confidence.py: of tm's pairs (beads with text on both sides), how
many of the wrong ones (not a gold bead) and of the right ones carry the low-confidence mark.

The gold refers to segments by number, so it is only valid for the segmentation it was made
with: corpora/manpages/segments.json records, per page, the number of segments on each side
and a sha256 of their texts; a mismatch is reported (the figures are then meaningless).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tm.align.evaluate import read_beads, score, score_many, write_beads  # noqa: E402

import galechurch  # noqa: E402
from align_eval import print_table  # noqa: E402

GOLD = ROOT / "corpora" / "manpages"
CACHE = ROOT / "corpora" / "real" / "cache" / "manpages"
BUILD = ROOT / "scripts" / "build_manpages_corpus.py"


def pages() -> list[str]:
    return sorted(p.name[: -len(".gold")] for p in GOLD.glob("*.gold"))


def ensure_corpus(names: list[str]) -> None:
    missing = [n for n in names if not (CACHE / f"{n}.en.md").exists() or not (CACHE / f"{n}.pl.md").exists()]
    if missing:
        print(f"corpora/real/cache/manpages lacks {', '.join(missing)}: running {BUILD.relative_to(ROOT)}",
              file=sys.stderr)
        subprocess.run([sys.executable, str(BUILD)], check=True, stdout=sys.stderr)


def fingerprint(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


def check_segments(name: str, src: list[str], tgt: list[str], expected: dict) -> list[str]:
    want = expected.get(name)
    if want is None:
        return [f"{name}: no entry in segments.json"]
    problems = []
    for side, texts in (("en", src), ("pl", tgt)):
        if len(texts) != want[f"{side}_segments"] or fingerprint(texts) != want[f"{side}_sha256"]:
            problems.append(f"{name}.{side}: {len(texts)} segments (sha256 {fingerprint(texts)[:12]}), the gold was made"
                            f" on {want[f'{side}_segments']} (sha256 {want[f'{side}_sha256'][:12]})")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Alignment quality on English-Polish man pages.")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--docs", nargs="+", help="only these pages (e.g. signal.7)")
    ap.add_argument("--errors", action="store_true", help="print tm's wrong beads and the gold's missed ones")
    ap.add_argument("--predictions", type=Path, help="write each system's beads to DIR/SYSTEM/NAME.beads")
    ap.add_argument("--write-segments", action="store_true",
                    help="(re)write corpora/manpages/segments.json from the current segmentation")
    args = ap.parse_args(argv)

    from tm.align import LOW_CONFIDENCE, align_segments
    from tm.align import align_files

    names = [n for n in pages() if not args.docs or n in args.docs]
    ensure_corpus(names)
    seg_file = GOLD / "segments.json"
    expected = json.loads(seg_file.read_text(encoding="utf-8")) if seg_file.exists() else {}

    # untimed warm-up (lazily loaded language data)
    align_files(CACHE / f"{names[0]}.en.md", CACHE / f"{names[0]}.pl.md", src_lang="en", tgt_lang="pl")

    systems = ["tm.align", "tm-flat", "galechurch"]
    rows, pooled = [], {s: [] for s in systems}
    seconds = {s: 0.0 for s in systems}
    marks = {s: {"wrong": 0, "wrong_marked": 0, "right": 0, "right_marked": 0} for s in systems[:2]}
    problems, segments, errors = [], {}, []
    for name in names:
        en, pl = CACHE / f"{name}.en.md", CACHE / f"{name}.pl.md"
        gold = read_beads(GOLD / f"{name}.gold")
        t0 = time.perf_counter()
        result = align_files(en, pl, src_lang="en", tgt_lang="pl")
        dt = time.perf_counter() - t0
        src = [s.text for s in result.source_segments]
        tgt = [t.text for t in result.target_segments]
        segments[name] = {"en_segments": len(src), "en_sha256": fingerprint(src),
                          "pl_segments": len(tgt), "pl_sha256": fingerprint(tgt)}
        problems += check_segments(name, src, tgt, expected)
        t1 = time.perf_counter()
        flat = align_segments(src, tgt, "en", "pl")
        t2 = time.perf_counter()
        preds = {"tm.align": [(p.source, p.target) for p in result.pairs],
                 "tm-flat": [(p.source, p.target) for p in flat],
                 "galechurch": galechurch.align(src, tgt)}
        took = {"tm.align": dt, "tm-flat": t2 - t1, "galechurch": time.perf_counter() - t2}
        aligned = {"tm.align": result.pairs, "tm-flat": flat}

        row = {"document": name, "en_segments": len(src), "pl_segments": len(tgt), "gold_beads": len(gold),
               "systems": {}}
        for sname, pred in preds.items():
            res = score(gold, pred)
            res["seconds"] = took[sname]
            seconds[sname] += res["seconds"]
            row["systems"][sname] = res
            pooled[sname].append((gold, pred))
            if args.predictions:
                out = args.predictions / sname
                out.mkdir(parents=True, exist_ok=True)
                write_beads(out / f"{name}.beads", pred)
        gold_set = set(gold)
        row["low_confidence"] = {}
        for sname, pairs in aligned.items():
            page_marks = {"wrong": 0, "wrong_marked": 0, "right": 0, "right_marked": 0}
            for p in pairs:
                if not (p.source and p.target):
                    continue
                right = (tuple(p.source), tuple(p.target)) in gold_set
                key = "right" if right else "wrong"
                page_marks[key] += 1
                page_marks[key + "_marked"] += p.confidence < LOW_CONFIDENCE
                if not right:
                    errors.append((name, f"{sname}: pair not in gold", p.source, p.target, p.confidence, src, tgt))
            pred_set = set(preds[sname])
            for g in gold:
                if g not in pred_set:
                    errors.append((name, f"{sname}: gold bead missed", g[0], g[1], None, src, tgt))
            row["low_confidence"][sname] = page_marks
            for k, v in page_marks.items():
                marks[sname][k] += v
        rows.append(row)

    total = {"document": "TOTAL (pooled)", "en_segments": sum(r["en_segments"] for r in rows),
             "pl_segments": sum(r["pl_segments"] for r in rows), "gold_beads": sum(r["gold_beads"] for r in rows),
             "systems": {}, "low_confidence": marks}
    for sname in systems:
        res = score_many(pooled[sname])
        res["seconds"] = seconds[sname]
        total["systems"][sname] = res

    if args.write_segments:
        seg_file.write_text(json.dumps(segments, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {seg_file.relative_to(ROOT)}", file=sys.stderr)
        problems = []
    if args.json:
        json.dump({"documents": rows, "total": total, "segmentation_problems": problems}, sys.stdout, indent=2)
        print()
    else:
        print_table(rows + [total], systems)
        print()
        print(f"low-confidence mark (confidence < {LOW_CONFIDENCE}) on each system's pairs (beads with both sides):")
        for r in rows + [total]:
            for sname, m in r["low_confidence"].items():
                print(f"  {r['document']:<16} {sname:<10} wrong pairs marked {m['wrong_marked']:>3}/{m['wrong']:<3}   "
                      f"right pairs marked {m['right_marked']:>3}/{m['right']:<3}")
        if args.errors:
            print()
            for name, what, s, t, conf, src, tgt in errors:
                c = "" if conf is None else f"  confidence {conf:.2f}"
                print(f"{name}: {what} {list(s)}:{list(t)}{c}")
                for i in s:
                    print(f"    EN {i}: {src[i][:150]}")
                for j in t:
                    print(f"    PL {j}: {tgt[j][:150]}")
    for p in problems:
        print(f"WARNING: segmentation differs from the gold's: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
