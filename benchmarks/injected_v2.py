"""Injected-term benchmark v2 (issue #11): tm's term checks, through the CLI only, on the gold
of benchmarks/injected_terms.py.

    python benchmarks/injected_v2.py [--seed 11] [--injections 400] [--corpora real,gnu] [--json]

The gold (how it is made, and why it is independent of tm: see benchmarks/injected_terms.py)
is a clean real memory with sloppy-translator substitutions of 39 known terms. This script
talks to tm only as a user would: ``tm import pairs.tmx --db T.db`` then ``tm check --db T.db
--format json [--glossary glossary.tsv] --termbase off|build --check glossary-term --check
forbidden-term --check deprecated-term --check term-inconsistency`` as subprocesses, and reads
the ``tm-check/1`` JSON. So it keeps working while tm's modules are restructured.

Scoring. A prediction is a (pair id, known term): a finding of one of the four term checks
whose ``term`` is a known term's English (matched with the same regex that made the gold),
for each of its ``segment_ids``. Findings for other terms are counted but not scored.

- right: (pair, term) is an injection;
- collateral (neither right nor wrong): the pair has an injection and the term is another known
  term that the injection also broke (an oracle deviation: "file" when "plik wejściowy" became
  "zbiór wejściowy" for "input file");
- wrong: everything else (the corpus is clean: the pairs where the oracle found the corpus's
  own deviations were left out, so any other finding is a false alarm).

Recall is reported by multi-word/single, nominative possible/other case, gender change,
keeps-preferred-elsewhere and split (tuning/held-out); precision overall and by split (the
predicted term's split).

Modes: ``glossary`` (``--glossary``, ``--termbase off``), ``glossary+termbase`` (``--termbase
build``), ``no glossary`` (``--termbase build``, no glossary: the majority rendering decides).

Baseline (code at 5426fde, seed 11, corpora real+gnu: 12,943 clean pairs, 11,993 after tm
import's deduplication; 387 injections):

| mode | recall | precision | multi-word | single | nominative possible | other case | gender changed | keeps elsewhere | tuning | held-out |
|---|---|---|---|---|---|---|---|---|---|---|
| glossary | 0.886 | 0.972 | 0.869 | 0.900 | 0.874 | 0.897 | 0.908 | 0.000 | 0.917 | 0.865 |
| glossary+termbase | 0.868 | 0.977 | 0.839 | 0.890 | 0.862 | 0.873 | 0.866 | 0.000 | 0.892 | 0.852 |
| no glossary | 0.496 | 0.955 | 0.655 | 0.374 | 0.529 | 0.469 | 0.613 | 0.105 | 0.624 | 0.409 |
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import injected_terms as it  # noqa: E402  (the gold generator: re + morfeusz2 only)

ROOT = Path(__file__).resolve().parent.parent
TERM_CHECKS = ("glossary-term", "forbidden-term", "deprecated-term", "term-inconsistency")
MODES = {
    "glossary": (True, "off"),
    "glossary+termbase": (True, "build"),
    "no glossary": (False, "build"),
}


def tm_exe() -> list[str]:
    exe = Path(sys.executable).parent / "tm"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tm.cli"]


def run_tm(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(tm_exe() + args, capture_output=True, text=True)


def check(db: Path, glossary: Path | None, termbase: str) -> tuple[dict, float]:
    cmd = ["check", "--db", str(db), "--format", "json", "--termbase", termbase, "--fail-on", "never"]
    for c in TERM_CHECKS:
        cmd += ["--check", c]
    if glossary:
        cmd += ["--glossary", str(glossary)]
    start = time.perf_counter()
    r = run_tm(cmd)
    secs = time.perf_counter() - start
    if r.returncode not in (0, 1):
        sys.exit(f"tm check failed ({r.returncode}): {r.stderr.strip()[:500]}")
    return json.loads(r.stdout), secs


def term_of(name: str, terms: list[it.Term]) -> it.Term | None:
    for t in terms:
        if it.english_pattern(tuple(t.english)).fullmatch(name.strip()):
            return t
    return None


def canonical_ids(pairs: dict[str, it.Pair]) -> dict[str, str]:
    """Pair id -> the id ``tm import`` keeps for it: identical (source, target) pairs are stored
    once, under the first one's id (pairs.jsonl order is the TMX's), so a finding names only that."""
    first: dict[tuple[str, str], str] = {}
    out = {}
    for pid, p in pairs.items():
        out[pid] = first.setdefault((p.source, p.target), pid)
    return out


def score(report: dict, gold: list[dict], pairs: dict[str, it.Pair], terms: list[it.Term]) -> dict:
    by_name = {t.name: t for t in terms}
    canon = canonical_ids(pairs)
    gold = [{**g, "pair_id": canon.get(g["pair_id"], g["pair_id"])} for g in gold]
    gold_keys = {(g["pair_id"], g["term"]) for g in gold}
    injected_pairs = {g["pair_id"] for g in gold}
    predicted: set[tuple[str, str]] = set()
    other = 0
    for f in report.get("findings", []):
        if f["check"] not in TERM_CHECKS or not f.get("term"):
            continue
        t = term_of(f["term"], terms)
        if t is None:
            other += 1
            continue
        for sid in f["segment_ids"]:
            predicted.add((sid, t.name))
    right = predicted & gold_keys
    collateral = set()
    for sid, name in predicted - gold_keys:
        if sid in injected_pairs and sid in pairs:
            p, t = pairs[sid], by_name[name]
            if len(it.polish_hits(t.preferred, p.target)) < len(it.english_hits(t, p.source)):
                collateral.add((sid, name))
    wrong = predicted - right - collateral

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    out = {
        "predictions": len(predicted), "right": len(right), "collateral": len(collateral), "wrong": len(wrong),
        "recall": ratio(len(right), len(gold_keys)),
        "precision": ratio(len(right), len(right) + len(wrong)),
        "other_term_findings": other,
        "recall_by": {}, "precision_by_split": {},
    }
    facets = {
        "multi-word": lambda g: g["multiword"], "single-word": lambda g: not g["multiword"],
        "nominative possible": lambda g: "nom" in g["case"].split("|"),
        "other case": lambda g: "nom" not in g["case"].split("|"),
        "gender changed": lambda g: g["gender_changed"], "gender kept": lambda g: not g["gender_changed"],
        "keeps preferred elsewhere": lambda g: g["keeps_preferred_elsewhere"],
        "tuning": lambda g: g["split"] == "tuning", "heldout": lambda g: g["split"] == "heldout",
    }
    for label, pred in facets.items():
        sel = {(g["pair_id"], g["term"]) for g in gold if pred(g)}
        out["recall_by"][label] = {"n": len(sel), "recall": ratio(len(sel & right), len(sel))}
    for split in ("tuning", "heldout"):
        r = {k for k in right if by_name[k[1]].split == split}
        w = {k for k in wrong if by_name[k[1]].split == split}
        out["precision_by_split"][split] = {"predictions": len(r) + len(w), "precision": ratio(len(r), len(r) + len(w))}
    out["missed_examples"] = sorted(gold_keys - right)[:15]
    out["wrong_examples"] = sorted(wrong)[:15]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--injections", type=int, default=400)
    ap.add_argument("--corpora", default="real,gnu")
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--keep", type=Path, help="write the gold, pairs and databases here and keep them")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpora = [c.strip() for c in args.corpora.split(",") if c.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        stats = it.build(work, corpora, args.seed, args.injections, quiet=args.json)
        gold = [json.loads(line) for line in (work / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
        pairs = {}
        for line in (work / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            pairs[d["id"]] = it.Pair(d["id"], d["source"], d["target"])
        terms = it.load_terms()
        db = work / "injected.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        r = run_tm(["import", str(work / "pairs.tmx"), "--db", str(db), "--src-lang", "en", "--tgt-lang", "pl"])
        if r.returncode != 0:
            sys.exit(f"tm import failed: {r.stderr.strip()[:500]}")
        results = {"composition": stats["composition"], "clean_pairs": stats["clean_pairs"], "modes": {}}
        for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
            use_glossary, termbase = MODES[mode]
            report, secs = check(db, work / "glossary.tsv" if use_glossary else None, termbase)
            s = score(report, gold, pairs, terms)
            s["seconds"] = round(secs, 1)
            s["pairs_checked"] = report.get("pairs_checked")
            results["modes"][mode] = s
            if not args.json:
                rb = s["recall_by"]
                print(f"{mode:18s} recall {s['recall']:.3f} precision {s['precision']:.3f} "
                      f"({s['right']} right, {s['wrong']} wrong, {s['collateral']} collateral; "
                      f"{s['pairs_checked']} pairs checked, {s['seconds']} s)", flush=True)
                print("    recall: " + ", ".join(f"{k} {v['recall']} (n={v['n']})" for k, v in rb.items()), flush=True)
                print("    precision by split: " + ", ".join(
                    f"{k} {v['precision']} (n={v['predictions']})" for k, v in s["precision_by_split"].items()), flush=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
