#!/usr/bin/env python3
"""Word alignment (tm.terms.wordalign) on real data: does the aligned span of an English term land on
its Polish rendering?

    python benchmarks/wordalign_eval.py                # quality table + speed at 10k and 100k pairs
    python benchmarks/wordalign_eval.py --no-speed     # quality only
    python benchmarks/wordalign_eval.py --json

Data: corpora/real (English–Polish software messages; pairs = the gold beads with text on both
sides, lines of a bead joined). Tokens: words (letters/digits, joined by inner hyphens or
apostrophes), placeholders and markup removed; English keys are simplemma lemmas of the
lower-cased words, Polish keys the lemma of morfeusz2's first reading (cached per word).

Gold (independent of the aligner): glossaries/en-pl.tsv (preferred and admitted renderings)
and benchmarks/data/wordalign-gold.tsv (38 software terms written down by reading the corpus).
An occurrence is an English pair containing the term's lemmas (contiguous) whose Polish
contains one of its renderings (contiguous; a word matches a lemma when any morfeusz2 reading
has it). The term's aligned_span is right when it equals the span of a rendering occurrence;
"lax" when it overlaps one. precision = right / spans proposed, recall = right / occurrences.

Speed: the real pairs repeated to 10k and 100k pairs (corpora/real has 5.2k pairs of ~3.8 words
a side; the repeats are what is timed), and again with every 3 consecutive real pairs joined into
one (~11 words a side, sentence-like), each size in a fresh subprocess: wall and CPU seconds,
pairs per wall second, the process's peak RSS (resource.getrusage; input, morfeusz2 and the
interpreter included) and its RSS before training. (tracemalloc is not used: tracing every
Python allocation of the vocabulary pass nearly doubled the CPU time.) corpora/real/cache (GNU catalogues) is not used.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align.evaluate import read_beads  # noqa: E402
from tm.terms.wordalign import Priors, WordAligner, aligned_span  # noqa: E402

CORPUS = ROOT / "corpora" / "real"
GOLD = ROOT / "benchmarks" / "data" / "wordalign-gold.tsv"
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"

_MARKUP = re.compile(r"<[^>]*>|%(?:\([^)\s]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]|%\d+\$[sd]|\{[^{}\s]*\}|&#?\w+;")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(_MARKUP.sub(" ", text))


# ------------------------------------------------------------------------------- lemmas

_morf = None


def _morfeusz():
    global _morf
    if _morf is None:
        import morfeusz2

        _morf = morfeusz2.Morfeusz()
    return _morf


@lru_cache(maxsize=None)
def pl_lemmas(word: str) -> tuple[str, ...]:
    """All lemmas of a Polish word (lower case, homonym suffix removed), first reading first;
    (word,) when morfeusz2 does not know it as one word."""
    w = word.lower()
    out: list[str] = []
    analysis = _morfeusz().analyse(word)
    if any(start > 0 for start, _e, _i in analysis):
        return (w,)  # split into several segments: not one word
    # nouns before gerunds ("zamówienia": zamówienie, not zamówić), otherwise morfeusz's order
    analysis = sorted(analysis, key=lambda a: a[2][2].startswith("ger"))
    for _s, _e, (_form, lemma, tag, _n, _l) in analysis:
        if tag != "ign" and not tag.startswith("interp"):
            lem = lemma.split(":")[0].lower()
            if lem not in out:
                out.append(lem)
    return tuple(out) or (w,)


def pl_key(word: str) -> str:
    return pl_lemmas(word)[0]


@lru_cache(maxsize=None)
def en_key(word: str) -> str:
    import simplemma

    w = word.lower()
    return simplemma.lemmatize(w, lang="en").lower()


# --------------------------------------------------------------------------------- data


def read_pairs() -> list[tuple[str, str]]:
    pairs = []
    for gold in sorted(CORPUS.glob("*.gold")):
        name = gold.name[: -len(".gold")]
        en = (CORPUS / f"{name}.en.txt").read_text(encoding="utf-8").splitlines()
        pl = (CORPUS / f"{name}.pl.txt").read_text(encoding="utf-8").splitlines()
        for s, t in read_beads(gold):
            if s and t:
                pairs.append((" ".join(en[i] for i in s), " ".join(pl[j] for j in t)))
    return pairs


def tokenise(pairs):
    out = []
    for en, pl in pairs:
        ew, pw = words(en), words(pl)
        out.append(([en_key(w) for w in ew], [pl_key(w) for w in pw], [set(pl_lemmas(w)) for w in pw]))
    return out


def read_gold() -> list[tuple[str, list[tuple[str, ...]], list[list[set[str]]]]]:
    """(label, English key sequences, Polish renderings as lists of lemma sets)."""
    entries: dict[str, tuple[list, list]] = {}

    def add(label, en_alts, pl_alts):
        e, p = entries.setdefault(label, ([], []))
        for a in en_alts:
            key = tuple(en_key(w) for w in words(a))
            if key and key not in e:
                e.append(key)
        for r in pl_alts:
            p.append([set(pl_lemmas(w)) | {w.lower()} for w in words(r)])

    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, pl, *_ = line.split("\t") + [""]
        add(en.split(" | ")[0], en.split(" | "), pl.split(" | "))
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, tgt, *rest = line.split("\t") + [""]
        status = (rest[0].split("|")[0].strip() if rest else "")
        if status in ("deprecated", "forbidden"):
            continue
        add(src.lower(), [src.lower()], [tgt])
    return [(label, e, p) for label, (e, p) in entries.items()]


def occurrences(gold, data):
    """(pair index, src start, src end, [target spans of renderings], label) for every English
    occurrence of a gold term in a pair whose Polish has one of its renderings."""
    out = []
    for k, (src, _tgt, tgt_lemmas) in enumerate(data):
        for label, en_keys, renderings in gold:
            tspans = []
            for r in renderings:
                L = len(r)
                for j in range(len(tgt_lemmas) - L + 1):
                    if all(tgt_lemmas[j + x] & r[x] for x in range(L)):
                        tspans.append((j, j + L))
            if not tspans:
                continue
            for key in en_keys:
                L = len(key)
                for i in range(len(src) - L + 1):
                    if tuple(src[i: i + L]) == key:
                        # a longer gold term covering this one is scored for itself, not here
                        out.append((k, i, i + L, sorted(set(tspans)), label))
    return out


def score(model, occs, method):
    proposed = right = lax = 0
    per_term: dict[str, list[int]] = {}
    for k, s, e, tspans, label in occs:
        span = aligned_span(model.links(k, method), s, e)
        c = per_term.setdefault(label, [0, 0, 0])
        c[0] += 1
        if span is None:
            continue
        proposed += 1
        c[1] += 1
        if span in tspans:
            right += 1
            c[2] += 1
        if any(span[0] < b and a < span[1] for a, b in tspans):
            lax += 1
    n = len(occs)
    return {
        "occurrences": n, "proposed": proposed, "right": right,
        "precision": right / proposed if proposed else 0.0,
        "recall": right / n if n else 0.0,
        "lax_precision": lax / proposed if proposed else 0.0,
        "per_term": per_term,
    }


CONFIGS = [
    # label, train kwargs, symmetrisation
    ("Model 1, forward only (en→pl)", dict(diagonal_iterations=0), "forward"),
    ("Model 1, intersection", dict(diagonal_iterations=0), "intersection"),
    ("Model 1, grow-diag-final-and", dict(diagonal_iterations=0), "grow-diag-final-and"),
    ("M1+diag, tension optimised, fwd", dict(tension=4.0, optimise_tension=True), "forward"),
    ("M1+diag, tension optimised, gdfa", dict(tension=4.0, optimise_tension=True), "grow-diag-final-and"),
    ("M1+diag (t=1), forward only (en→pl)", {}, "forward"),
    ("M1+diag (t=1), reverse only (pl→en)", {}, "reverse"),
    ("M1+diag (t=1), intersection", {}, "intersection"),
    ("M1+diag (t=1), union", {}, "union"),
    ("M1+diag (t=1), grow-diag", {}, "grow-diag"),
    ("M1+diag (t=1), grow-diag-final", {}, "grow-diag-final"),
    ("M1+diag (t=1), grow-diag-final-and", {}, "grow-diag-final-and"),
    ("  + cognate prior (ratio ≥ 0.8)", dict(cognates=0.8), "grow-diag-final-and"),
    ("  + VB Dirichlet alpha=0.01", dict(alpha=0.01), "grow-diag-final-and"),
    ("  + cognates + glossary prior*", dict(cognates=0.8, priors="glossary"), "grow-diag-final-and"),
]


def glossary_priors() -> Priors:
    pr = Priors()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, tgt, *rest = line.split("\t") + [""]
        status = (rest[0].split("|")[0].strip() if rest else "")
        if status in ("deprecated", "forbidden"):
            continue
        pr.add_glossary([([en_key(w) for w in words(src)], [pl_key(w) for w in words(tgt)])])
    return pr


def quality(data, occs, configs=CONFIGS):
    rows = []
    trained: dict[str, WordAligner] = {}
    pairs = [(s, t) for s, t, _ in data]
    for label, kw, method in configs:
        kw = dict(kw)
        if kw.get("priors") == "glossary":
            kw["priors"] = glossary_priors()
        key = repr(sorted((k, repr(v)) for k, v in kw.items()))
        t0 = time.perf_counter()
        fresh = key not in trained
        if fresh:
            trained[key] = WordAligner.train(pairs, **kw)
        secs = time.perf_counter() - t0 if fresh else None
        r = score(trained[key], occs, method)
        r["label"] = label
        r["train_seconds"] = None if secs is None else round(secs, 2)
        r["tension"] = [round(x, 2) for x in trained[key].tension]
        rows.append(r)
    return rows


# --------------------------------------------------------------------------------- speed


def _speed_child(n_pairs: int, join: int) -> dict:
    """Train on ``n_pairs`` pairs made from the real ones: each of ``join`` consecutive real
    pairs concatenated (3 gives ~11 words a side, like sentences), repeated to the size."""
    import resource

    data = tokenise(read_pairs())
    base = [(s, t) for s, t, _ in data]
    if join > 1:
        base = [(sum((base[(i + d) % len(base)][0] for d in range(join)), []),
                 sum((base[(i + d) % len(base)][1] for d in range(join)), [])) for i in range(len(base))]
    pairs = [base[i % len(base)] for i in range(n_pairs)]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    WordAligner.train(pairs, iterations=5, diagonal_iterations=5, cognates=0.8)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "pairs": n_pairs,
        "join": join,
        "tokens": sum(len(s) + len(t) for s, t in pairs),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "pairs_per_second": round(n_pairs / wall),
        "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_training_mib": round(rss0, 1),
    }


def speed(sizes):
    out = []
    for join in (1, 3):
        for n in sizes:
            r = subprocess.run([sys.executable, __file__, "--speed-child", str(n), "--join", str(join)],
                               capture_output=True, text=True, check=True)
            out.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--per-term", action="store_true", help="per-term counts of the default configuration")
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--join", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.speed_child:
        print(json.dumps(_speed_child(args.speed_child, args.join)))
        return 0

    t0 = time.perf_counter()
    data = tokenise(read_pairs())
    gold = read_gold()
    occs = occurrences(gold, data)
    prep = time.perf_counter() - t0
    rows = quality(data, occs)
    speeds = [] if args.no_speed else speed(args.sizes)
    if args.json:
        print(json.dumps({"pairs": len(data), "gold_terms": len(gold), "quality": rows, "speed": speeds},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"corpora/real: {len(data)} pairs, {sum(len(s) for s, _, _ in data)} English and "
          f"{sum(len(t) for _, t, _ in data)} Polish tokens; {len(gold)} gold terms, {len(occs)} "
          f"occurrences in {len({o[0] for o in occs})} pairs (tokenising: {prep:.1f} s)")
    print()
    print(f"| {'configuration':<36} | span P | span R | lax P | proposed | train s | tension en→pl, pl→en |")
    print(f"|{'-' * 38}|--------|--------|-------|----------|---------|-----------------------|")
    for r in rows:
        print(f"| {r['label']:<36} | {r['precision']:.3f}  | {r['recall']:.3f}  | {r['lax_precision']:.3f} |"
              f" {r['proposed']:>5}/{r['occurrences']:<4}| {'(same)' if r['train_seconds'] is None else format(r['train_seconds'], '.2f'):>7} | {r['tension'][0]:>6.2f}, {r['tension'][1]:<6.2f}        |")
    print("* the glossary prior uses glossaries/en-pl.tsv, which is also part of the gold")
    if args.per_term:
        default = next(r for r in rows if r["label"] == "M1+diag (t=1), grow-diag-final-and")
        print("\nper term (default configuration): occurrences, proposed, right")
        for label, (n, p, c) in sorted(default["per_term"].items(), key=lambda x: -x[1][0]):
            print(f"  {label:<24} {n:>4} {p:>4} {c:>4}")
    if speeds:
        print()
        print("speed (5 Model 1 + 5 diagonal iterations, both directions, cognate prior; real pairs repeated):")
        print("| pairs | made of | tokens | wall s | CPU s | pairs/s | max RSS MiB | RSS before training MiB |")
        print("|---|---|---|---|---|---|---|---|")
        for s in speeds:
            made = "real pairs" if s["join"] == 1 else f"{s['join']} real pairs joined"
            print(f"| {s['pairs']} | {made} | {s['tokens']} | {s['wall_seconds']} | {s['cpu_seconds']} | {s['pairs_per_second']}"
                  f" | {s['maxrss_mib']} | {s['rss_before_training_mib']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
