"""Noise budget of the term checks on clean real memories (issue #11): term-inconsistency
warnings per 100 pairs with no glossary, and a seeded random sample of them to judge.

    python scripts/build_l10n_corpora.py                     # once: corpora/l10n/cache/*.tmx
    python benchmarks/noise.py [--corpora gnome,kde] [--termbase build|stored]
                               [--sample 50] [--seed 11] [--draw tests/data/noise-judgements/drawn.tsv]

The memories are the GNOME and KDE Polish catalogues from Debian (scripts/build_l10n_corpora.py;
professionally team-translated, nobody tuned them for tm). This script talks to tm only as a
user would, through the CLI as subprocesses:

    tm import corpora/l10n/cache/NAME.tmx --db W/NAME.db --src-lang en --tgt-lang pl
    [tm terms build --db W/NAME.db]                  # --termbase stored: built beforehand, timed apart
    tm check --db W/NAME.db --termbase build|stored --check term-inconsistency --format json

and reads the ``tm-check/1`` JSON. Printed per corpus: pairs checked, term-inconsistency findings
(one finding per deviating occurrence; identical pairs share one), the pairs they name, and
warnings per 100 pairs (findings / pairs checked x 100), plus the seconds each step took.

``--draw FILE`` draws ``--sample`` findings at random (``random.Random(seed)`` over the findings
of all corpora in report order, pooled) and writes them as a TSV to judge by hand, with what a
judge needs: the term, the rendering found and the proposed one, the group's renderings with
counts, the pair's source and target. The judging rule is tests/data/noise-judgements/README.md;
the columns ``judgement`` (real / false) and ``why`` are left empty for the judge. Redraw with a
new seed after any change made because of a judged sample.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
L10N = ROOT / "corpora" / "l10n" / "cache"
COLUMNS = ("n", "corpus", "id", "term", "found", "proposed", "renderings", "severity", "confidence",
           "segment_ids", "source", "target", "judgement", "why")


def tm_exe() -> list[str]:
    exe = Path(sys.executable).parent / "tm"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tm.cli"]


def run_tm(args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    r = subprocess.run(tm_exe() + args, capture_output=True, text=True)
    return r, time.perf_counter() - start


def measure(name: str, work: Path, termbase: str, glossary: Path | None) -> dict:
    tmx = L10N / f"{name}.tmx"
    if not tmx.exists():
        sys.exit(f"{tmx} is missing: run python scripts/build_l10n_corpora.py first")
    db = work / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    r, import_s = run_tm(["import", str(tmx), "--db", str(db), "--src-lang", "en", "--tgt-lang", "pl"])
    if r.returncode != 0:
        sys.exit(f"tm import {tmx} failed: {r.stderr.strip()[:400]}")
    build_s = None
    if termbase == "stored":
        r, build_s = run_tm(["terms", "build", "--db", str(db)])
        if r.returncode != 0:
            sys.exit(f"tm terms build failed: {r.stderr.strip()[:400]}")
    cmd = ["check", "--db", str(db), "--termbase", termbase, "--check", "term-inconsistency",
           "--format", "json", "--fail-on", "never"]
    if glossary is not None:
        cmd += ["--glossary", str(glossary)]
    r, check_s = run_tm(cmd)
    if r.returncode not in (0, 1):
        sys.exit(f"tm check failed ({r.returncode}): {r.stderr.strip()[:400]}")
    report = json.loads(r.stdout)
    found = [f for f in report["findings"] if f["check"] == "term-inconsistency"]
    pairs = report["pairs_checked"]
    return {
        "corpus": name, "pairs": pairs, "findings": len(found),
        "pairs_named": len({s for f in found for s in f["segment_ids"]}),
        "per_100": round(100 * len(found) / pairs, 2) if pairs else None,
        "terms": len({f["term"] for f in found}),
        "import_s": round(import_s, 1), "build_s": round(build_s, 1) if build_s is not None else None,
        "check_s": round(check_s, 1), "report": report,
    }


def _renderings(report: dict, term: str) -> str:
    for g in report["groups"]:
        if g["term"] == term:
            return "; ".join(f"{r['text']} {r['count']}x" + (" (flagged)" if r["flagged"] else "") for r in g["renderings"])
    return ""


def _cell(value) -> str:
    return str(value if value is not None else "").replace("\t", "\\t").replace("\n", "\\n")


def draw(results: list[dict], k: int, seed: int, out: Path) -> int:
    pool = [(res["corpus"], f, res["report"]) for res in results for f in res["report"]["findings"]
            if f["check"] == "term-inconsistency"]
    sample = random.Random(seed).sample(pool, min(k, len(pool)))
    lines = ["\t".join(COLUMNS)]
    for n, (corpus, f, report) in enumerate(sample, 1):
        row = {
            "n": n, "corpus": corpus, "id": f["id"], "term": f["term"], "found": f["found"],
            "proposed": (f["expected"] or [""])[0], "renderings": _renderings(report, f["term"]),
            "severity": f["severity"], "confidence": f.get("confidence"),
            "segment_ids": " | ".join(f["segment_ids"]), "source": f["source"], "target": f["target"],
            "judgement": "", "why": "",
        }
        lines.append("\t".join(_cell(row[c]) for c in COLUMNS))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(sample)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default="gnome,kde")
    ap.add_argument("--termbase", choices=("build", "stored"), default="build")
    ap.add_argument("--glossary", type=Path, help="check with this glossary too (the budget is measured without)")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--draw", type=Path, help="write the drawn sample here (TSV to judge)")
    ap.add_argument("--keep", type=Path, help="keep the databases and reports in this folder")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for name in [c.strip() for c in args.corpora.split(",") if c.strip()]:
            res = measure(name, work, args.termbase, args.glossary)
            results.append(res)
            if args.keep:
                (work / f"{name}.check.json").write_text(json.dumps(res["report"], ensure_ascii=False, indent=1), encoding="utf-8")
            if not args.json:
                print(f"{name}: {res['pairs']} pairs, {res['findings']} term-inconsistency warnings over "
                      f"{res['terms']} terms naming {res['pairs_named']} pairs; warnings per 100 pairs {res['per_100']}",
                      flush=True)
                print(f"{name}: seconds import {res['import_s']}, terms build {res['build_s']}, check {res['check_s']}",
                      flush=True)
        drawn = draw(results, args.sample, args.seed, args.draw) if args.draw else 0
        if args.json:
            print(json.dumps([{k: v for k, v in r.items() if k != "report"} for r in results], indent=1))
        elif args.draw:
            print(f"drew {drawn} warnings (seed {args.seed}) into {args.draw}")


if __name__ == "__main__":
    main()
