#!/usr/bin/env python3
"""Alignment quality where translators joined and dropped segments: real document pairs with
real gold alignments, made noisy with a seed, tm.align against Gale-Church in the same run.

    python benchmarks/align_noisy.py                 # dev and held-out tables
    python benchmarks/align_noisy.py --split heldout --json
    python benchmarks/align_noisy.py --errors NAME   # tm's wrong beads on one document

Sources (each pair with a gold made independently of tm's aligner):
  * corpora/real: gettext catalogues, gold from the catalogues' msgid/msgstr pairs;
  * corpora/manpages: Linux man pages EN/PL, hand-made gold (built by
    scripts/build_manpages_corpus.py into the git-ignored cache; segments as tm segments them);
  * corpora/kicad: the KiCad 6 manuals EN/PL, one paragraph per line, gold from the po4a
    block structure (built by scripts/build_kicad_corpus.py into the git-ignored cache).

Noise (``--seed``, per document ``random.Random(f"{seed}:{name}")``), walking the gold beads in
order: a 1-1 bead followed by another 1-1 bead has its two Polish segments joined into one with
``--join`` probability (a 2-1 bead), else its two English segments with the same probability
(a 1-2 bead); any other 1-1 bead loses its Polish segment with ``--delete`` probability (a 1-0
bead), else its English one with the same probability (a 0-1 bead). Joined segments are
concatenated with one space. Defaults: 8% joins and 5% deletions on each side, as in the
LibreOffice experiment of issue #14.

Split (fixed before tuning, by document; ``HELD_OUT`` below): the held-out documents were not
looked at while tm's costs were tuned; tuning used the dev documents only.

Scores: tm.align.evaluate (vecalign conventions, counts pooled over documents), plus the recall
of the gold 2-1 and 1-2 beads (exact match). Both systems get the same flat segment lists (no
blocks), as ``tm align --presegmented`` gives them.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tm.align.evaluate import as_bead, read_beads, read_lines, score_many  # noqa: E402

import galechurch  # noqa: E402

REAL = ROOT / "corpora" / "real"
MANPAGES_GOLD = ROOT / "corpora" / "manpages"
MANPAGES = REAL / "cache" / "manpages"
KICAD = REAL / "cache" / "kicad"
HELD_OUT = {
    "real/allauth", "real/django-admin", "real/oscar", "real/wagtail", "real/wagtail-images",
    "real/django-humanize", "real/wagtail-forms",
    "manpages/locale.7", "manpages/utf-8.7",
    "kicad/eeschema", "kicad/gerbview", "kicad/pcb_calculator",
}

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def documents() -> list[tuple[str, list[str], list[str], list[Bead]]]:
    """(name, English segments, Polish segments, gold beads) of every source."""
    docs = []
    for gold in sorted(REAL.glob("*.gold")):
        name = gold.name[: -len(".gold")]
        docs.append((f"real/{name}", read_lines(REAL / f"{name}.en.txt"), read_lines(REAL / f"{name}.pl.txt"),
                     read_beads(gold)))
    if not all((MANPAGES / f"{p.stem}.en.md").exists() for p in MANPAGES_GOLD.glob("*.gold")):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_manpages_corpus.py")], check=True,
                       stdout=sys.stderr)
    from tm.align import segment_document
    from tm.read.documents import read_document

    for gold in sorted(MANPAGES_GOLD.glob("*.gold")):
        name = gold.stem
        src = [s.text for s in segment_document(read_document(MANPAGES / f"{name}.en.md"), "en")]
        tgt = [s.text for s in segment_document(read_document(MANPAGES / f"{name}.pl.md"), "pl")]
        docs.append((f"manpages/{name}", src, tgt, read_beads(gold)))
    if not any(KICAD.glob("*.gold")):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_kicad_corpus.py")], check=True,
                       stdout=sys.stderr)
    for gold in sorted(KICAD.glob("*.gold")):
        name = gold.name[: -len(".gold")]
        docs.append((f"kicad/{name}", read_lines(KICAD / f"{name}.en.txt"), read_lines(KICAD / f"{name}.pl.txt"),
                     read_beads(gold)))
    return docs


def make_noisy(name: str, src: list[str], tgt: list[str], gold: list[Bead], seed: int, join: float,
               delete: float) -> tuple[list[str], list[str], list[Bead]]:
    """The documents with joined and deleted segments, and their gold."""
    rng = random.Random(f"{seed}:{name}")
    out_s: list[str] = []
    out_t: list[str] = []
    beads: list[Bead] = []

    def add(s_texts: list[str], t_texts: list[str]) -> None:
        beads.append((tuple(range(len(out_s), len(out_s) + len(s_texts))),
                      tuple(range(len(out_t), len(out_t) + len(t_texts)))))
        out_s.extend(s_texts)
        out_t.extend(t_texts)

    k = 0
    while k < len(gold):
        s, t = gold[k]
        one = len(s) == 1 and len(t) == 1
        nxt = gold[k + 1] if k + 1 < len(gold) else None
        if one and nxt is not None and len(nxt[0]) == 1 and len(nxt[1]) == 1:
            r = rng.random()
            if r < join:  # the translator joined two sentences: 2-1
                add([src[s[0]], src[nxt[0][0]]], [tgt[t[0]] + " " + tgt[nxt[1][0]]])
                k += 2
                continue
            if r < 2 * join:  # the translator split one: 1-2 (the English is joined)
                add([src[s[0]] + " " + src[nxt[0][0]]], [tgt[t[0]], tgt[nxt[1][0]]])
                k += 2
                continue
        if one:
            r = rng.random()
            if r < delete:
                add([src[s[0]]], [])
                k += 1
                continue
            if r < 2 * delete:
                add([], [tgt[t[0]]])
                k += 1
                continue
        add([src[i] for i in s], [tgt[j] for j in t])
        k += 1
    return out_s, out_t, beads


def merge_recall(pairs: list[tuple[list[Bead], list[Bead]]]) -> dict[str, float]:
    found = {"2-1": [0, 0], "1-2": [0, 0]}
    for gold, pred in pairs:
        predicted = set(pred)
        for bead in gold:
            shape = f"{len(bead[0])}-{len(bead[1])}"
            if shape in found:
                found[shape][1] += 1
                found[shape][0] += bead in predicted
    out = {f"recall_{k}": (a / b if b else 0.0) for k, (a, b) in found.items()}
    hit = sum(a for a, _ in found.values())
    total = sum(b for _, b in found.values())
    out["recall_merges"] = hit / total if total else 0.0
    out["gold_merges"] = total
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Alignment quality on real documents with joins and deletions.")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--join", type=float, default=0.08)
    ap.add_argument("--delete", type=float, default=0.05)
    ap.add_argument("--split", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--no-baseline", action="store_true", help="skip Gale-Church")
    ap.add_argument("--errors", metavar="NAME", help="print tm's wrong beads on this document")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from tm.align import align_segments

    def ours(src, tgt):
        return [as_bead(p) for p in align_segments(src, tgt, src_lang="en", tgt_lang="pl")]

    ours(["The file was saved."], ["Plik został zapisany."])  # warm-up: lazily loaded language data
    systems = {"tm.align": ours}
    if not args.no_baseline:
        systems["galechurch"] = galechurch.align
    splits = ["dev", "heldout"] if args.split == "both" else [args.split]
    pooled = {(sp, s): [] for sp in splits for s in systems}
    seconds = {(sp, s): 0.0 for sp in splits for s in systems}
    per_doc = []
    for name, src, tgt, gold in documents():
        split = "heldout" if name in HELD_OUT else "dev"
        if split not in splits and args.errors != name:
            continue
        n_src, n_tgt, n_gold = make_noisy(name, src, tgt, gold, args.seed, args.join, args.delete)
        row = {"document": name, "split": split, "en": len(n_src), "pl": len(n_tgt)}
        for sname, fn in systems.items():
            t0 = time.perf_counter()
            pred = [as_bead(b) for b in fn(n_src, n_tgt)]
            dt = time.perf_counter() - t0
            if split in splits:
                pooled[(split, sname)].append((n_gold, pred))
                seconds[(split, sname)] += dt
            row[sname] = score_many([(n_gold, pred)])["f1_strict"]
            if args.errors == name and sname == "tm.align":
                print_errors(n_src, n_tgt, n_gold, pred)
        per_doc.append(row)
    results = {}
    for (split, sname), pairs in pooled.items():
        res = score_many(pairs)
        res.update(merge_recall(pairs))
        res["seconds"] = seconds[(split, sname)]
        results[f"{split}/{sname}"] = res
    if args.json:
        json.dump({"documents": per_doc, "results": results, "held_out": sorted(HELD_OUT)}, sys.stdout, indent=2)
        print()
        return 0
    for row in per_doc:
        figures = "  ".join(f"{s} {row[s]:.3f}" for s in systems)
        print(f"  {row['split']:<8} {row['document']:<32} EN {row['en']:>5} PL {row['pl']:>5}  F1 strict: {figures}")
    print(f"{'split/system':<22} {'P str':>6} {'R str':>6} {'F1 str':>6} {'F1 lax':>6} {'R 2-1':>6} {'R 1-2':>6} "
          f"{'merges':>6} {'time s':>7}")
    for key, r in results.items():
        print(f"{key:<22} {r['precision_strict']:6.3f} {r['recall_strict']:6.3f} {r['f1_strict']:6.3f} "
              f"{r['f1_lax']:6.3f} {r['recall_2-1']:6.3f} {r['recall_1-2']:6.3f} {r['gold_merges']:>6} "
              f"{r['seconds']:7.2f}")
    return 0


def print_errors(src: list[str], tgt: list[str], gold: list[Bead], pred: list[Bead]) -> None:
    gold_set, pred_set = set(gold), set(pred)
    for bead in sorted(pred_set - gold_set, key=lambda b: (b[0][:1] or b[1][:1])):
        print(f"WRONG {list(bead[0])}:{list(bead[1])}")
        for i in bead[0]:
            print(f"    en {i}: {src[i][:110]}")
        for j in bead[1]:
            print(f"    pl {j}: {tgt[j][:110]}")
    for bead in sorted(gold_set - pred_set, key=lambda b: (b[0][:1] or b[1][:1])):
        print(f"MISSED {list(bead[0])}:{list(bead[1])}")


if __name__ == "__main__":
    sys.exit(main())
