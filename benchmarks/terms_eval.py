#!/usr/bin/env python3
"""Term-pair quality on corpora/real: precision of the top 100 and recall against a gold list.

    python benchmarks/terms_eval.py            # figures and the top 100 with verdicts
    python benchmarks/terms_eval.py --json
    python benchmarks/terms_eval.py --unjudged # only the top-100 pairs nobody has judged yet

The term base is built from the 5,233 aligned pairs of corpora/real (its gold beads), without a
glossary. A term pair is an entry's source term with its preferred rendering (the most frequent
one: no statuses without a glossary); entries are ranked by confidence, as `tm terms list` shows
them.

Precision of the top 100: a pair is right when the source term is in the gold list
(tests/data/term-gold/real-en-pl.tsv, made by hand) and its rendering is one the gold lists
(lemma keys compared), else by the verdict recorded by hand in
tests/data/term-gold/judgements.tsv (right/wrong, with a reason). A pair with neither has no
verdict and is reported; the test (tests/test_terms_real.py) fails then, so the figure is always
fully judged.

Recall against the gold list: the share of gold pairs whose source term has an entry whose
preferred rendering is one of the gold renderings ("preferred"), and whose renderings include
one of them at all ("any rendering").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align.evaluate import gold_pairs  # noqa: E402
from tm.terms import extract_terms, phrase_key  # noqa: E402

GOLD = ROOT / "tests" / "data" / "term-gold" / "real-en-pl.tsv"
JUDGEMENTS = ROOT / "tests" / "data" / "term-gold" / "judgements.tsv"
TOP = 100


def real_pairs() -> list[tuple[int, str, str]]:
    return [(n, en, pl) for n, (_name, _bead, en, pl) in enumerate(gold_pairs(ROOT / "corpora" / "real"), 1)]


def read_gold(path: Path = GOLD) -> dict[tuple[str, ...], dict]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        source, targets = cols[0], cols[1].split("|")
        gold[phrase_key(source, "en")] = {
            "source": source,
            "targets": targets,
            "keys": {phrase_key(t, "pl") for t in targets},
        }
    return gold


def read_judgements(path: Path = JUDGEMENTS) -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, verdict, reason = (line.split("\t") + ["", "", "", ""])[:4]
        out[(source, target)] = (verdict, reason)
    return out


def evaluate(entries=None) -> dict:
    if entries is None:
        entries = extract_terms(real_pairs(), "en", "pl").entries
    gold = read_gold()
    judged = read_judgements()
    ranked = [e for e in entries if e.preferred is not None][:TOP]
    rows = []
    for rank, e in enumerate(ranked, 1):
        p = e.preferred
        g = gold.get(e.source_key)
        if g is not None and p.key in g["keys"]:
            verdict, why = "right", "gold"
        elif (e.source, p.text) in judged:
            verdict, why = judged[(e.source, p.text)]
            why = f"judged: {why}"
        else:
            verdict, why = "unjudged", "in the gold list with other renderings" if g else ""
        rows.append({"rank": rank, "source": e.source, "target": p.text, "count": p.count,
                     "confidence": round(e.confidence, 3), "verdict": verdict, "why": why})
    right = sum(r["verdict"] == "right" for r in rows)
    by_key = {e.source_key: e for e in entries}
    pref = anyr = 0
    misses = []
    for key, g in gold.items():
        e = by_key.get(key)
        keys = {r.key for r in e.renderings} if e else set()
        if e and e.preferred and e.preferred.key in g["keys"]:
            pref += 1
        if keys & g["keys"]:
            anyr += 1
        else:
            misses.append(g["source"])
    return {
        "top": len(rows),
        "right": right,
        "wrong": sum(r["verdict"] == "wrong" for r in rows),
        "unjudged": sum(r["verdict"] == "unjudged" for r in rows),
        "precision_top100": round(right / len(rows), 3) if rows else 0.0,
        "from_gold": sum(r["why"] == "gold" for r in rows),
        "gold_pairs": len(gold),
        "recall_preferred": round(pref / len(gold), 3),
        "recall_any_rendering": round(anyr / len(gold), 3),
        "entries": len(entries),
        "rows": rows,
        "gold_not_found": misses,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--unjudged", action="store_true")
    args = ap.parse_args()
    result = evaluate()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for r in result["rows"]:
        if args.unjudged and r["verdict"] != "unjudged":
            continue
        print(f"{r['rank']:3d} {r['verdict']:8s} {r['confidence']:.3f} {r['count']:4d}  {r['source']}\t{r['target']}\t{r['why']}")
    print(
        f"\nprecision of the top {result['top']}: {result['precision_top100']:.2f} "
        f"({result['right']} right, {result['wrong']} wrong, {result['unjudged']} unjudged; "
        f"{result['from_gold']} decided by the gold list)"
    )
    print(
        f"recall against {result['gold_pairs']} gold pairs: {result['recall_preferred']:.2f} as the preferred rendering, "
        f"{result['recall_any_rendering']:.2f} among the renderings; entries: {result['entries']}"
    )


if __name__ == "__main__":
    main()
