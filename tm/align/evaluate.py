"""Scoring of sentence alignments against a gold alignment.

Beads are ``(source_indices, target_indices)`` pairs of tuples of 0-based line
indices; files hold one bead per line in vecalign form ``[0, 1]:[0]``,
optionally followed by ``:confidence``.

The scores are strict and lax precision, recall and F1 as defined by Sennrich &
Volk (2011, "Iterative, MT-based sentence alignment of parallel texts",
NODALIDA) and implemented in vecalign's ``score.py`` (thompsonb/vecalign,
Apache-2.0; this is a re-implementation of its counting, not a copy). Its
conventions, which are followed exactly here:

* gold and predicted beads are each turned into a set (duplicates count once)
  and beads empty on both sides are removed;
* precision: every predicted bead, null beads (1-0, 0-1) included, is checked
  against the gold beads, null beads included.  Strict: the bead equals a gold
  bead.  Lax: otherwise, some gold bead shares at least one source index AND at
  least one target index with it (so a predicted null bead is lax-correct only
  if it is strictly correct);
* recall: the same test with the roles swapped (gold beads checked against the
  predicted beads), after removing null beads from BOTH lists;
* counts are pooled over all documents first (``score_many``) and P/R/F1 are
  computed from the pooled counts; F1 is the harmonic mean of the pooled P and
  R; any 0/0 gives 0.0.
"""

from __future__ import annotations

import ast
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

Bead = tuple[tuple[int, ...], tuple[int, ...]]

__all__ = ["Bead", "as_bead", "read_beads", "format_bead", "write_beads", "score", "score_many",
           "bead_type"]


def as_bead(x: Any) -> Bead:
    """Normalise a bead given as a pair of sequences or as an object with
    ``.source`` and ``.target`` (e.g. ``tm.model.AlignedPair``)."""
    if hasattr(x, "source") and hasattr(x, "target"):
        src, tgt = x.source, x.target
    else:
        src, tgt = x
    return tuple(int(i) for i in src), tuple(int(i) for i in tgt)


def _parse_line(line: str, where: str) -> Bead | None:
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    # "[0, 1]:[0]" or "[0, 1]:[0]:0.87" (vecalign splits on ':' and keeps the first two fields)
    fields = [f.strip() for f in line.split(":") if f.strip()]
    if len(fields) < 2:
        raise ValueError(f"{where}: expected '[src]:[tgt]', got {line!r}")
    try:
        src = ast.literal_eval(fields[0])
        tgt = ast.literal_eval(fields[1])
    except (ValueError, SyntaxError) as e:
        raise ValueError(f"{where}: cannot parse {line!r}") from e
    if not isinstance(src, list) or not isinstance(tgt, list):
        raise ValueError(f"{where}: expected two lists in {line!r}")
    return as_bead((src, tgt))


def read_beads(path_or_lines: str | os.PathLike | Iterable[str]) -> list[Bead]:
    """Read beads from a file (a ``str`` or path-like is a file name) or from
    an iterable of lines.  Blank lines and ``#`` comments are skipped."""
    if isinstance(path_or_lines, (str, os.PathLike)):
        name = str(path_or_lines)
        with open(path_or_lines, encoding="utf-8") as f:
            lines = f.read().splitlines()
    else:
        name = "<lines>"
        lines = list(path_or_lines)
    out = []
    for n, line in enumerate(lines, 1):
        bead = _parse_line(line, f"{name}:{n}")
        if bead is not None:
            out.append(bead)
    return out


def format_bead(src_idx: Sequence[int], tgt_idx: Sequence[int], confidence: float | None = None) -> str:
    """``[0, 1]:[0]`` or, with a confidence, ``[0, 1]:[0]:0.87``."""
    s = f"[{', '.join(str(int(i)) for i in src_idx)}]:[{', '.join(str(int(i)) for i in tgt_idx)}]"
    if confidence is not None:
        s += f":{confidence:.2f}"
    return s


def write_beads(path: str | os.PathLike, beads: Iterable[Any], with_confidence: bool = False) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for b in beads:
            src, tgt = as_bead(b)
            conf = getattr(b, "confidence", None) if with_confidence else None
            f.write(format_bead(src, tgt, conf) + "\n")


def bead_type(bead: Any) -> str:
    """``"1-1"``, ``"2-1"``, ``"1-0"``, ..."""
    src, tgt = as_bead(bead)
    return f"{len(src)}-{len(tgt)}"


def _counts(gold: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int, int]:
    """(tp_strict, fp_strict, tp_lax, fp_lax) of ``test`` judged against ``gold``
    (vecalign score.py ``_precision``)."""
    gold_set = {b for b in gold if b[0] or b[1]}
    test_set = {b for b in test if b[0] or b[1]}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for g_src, g_tgt in gold_set:
        for s in g_src:
            src_to_gold_tgt[s].update(g_tgt)
    tp_s = fp_s = tp_l = fp_l = 0
    for bead in test_set:
        if bead in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        t_src, t_tgt = bead
        linked: set[int] = set()
        for s in t_src:
            linked |= src_to_gold_tgt.get(s, set())
        if linked.intersection(t_tgt):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _doc_counts(gold: Iterable[Any], predicted: Iterable[Any]) -> list[int]:
    gold_b = [as_bead(b) for b in gold]
    pred_b = [as_bead(b) for b in predicted]
    p = _counts(gold_b, pred_b)
    r = _counts([b for b in pred_b if b[0] and b[1]], [b for b in gold_b if b[0] and b[1]])
    return [*p, *r]


def _div(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _result(c: Sequence[int], documents: int) -> dict:
    tp_s, fp_s, tp_l, fp_l, rtp_s, rfn_s, rtp_l, rfn_l = c
    ps, pl = _div(tp_s, tp_s + fp_s), _div(tp_l, tp_l + fp_l)
    rs, rl = _div(rtp_s, rtp_s + rfn_s), _div(rtp_l, rtp_l + rfn_l)
    return {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": _f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": _f1(pl, rl),
        # raw counts, for pooling by hand and for reports
        "predicted": tp_s + fp_s,  # distinct non-empty predicted beads, nulls included
        "gold_nonnull": rtp_s + rfn_s,  # distinct gold beads with both sides non-empty
        "tp_strict": tp_s,
        "tp_lax": tp_l,
        "recall_tp_strict": rtp_s,
        "recall_tp_lax": rtp_l,
        "documents": documents,
    }


def score(gold: Iterable[Any], predicted: Iterable[Any]) -> dict:
    """Strict and lax precision/recall/F1 of one document's predicted beads."""
    return _result(_doc_counts(gold, predicted), 1)


def score_many(pairs: Iterable[tuple[Iterable[Any], Iterable[Any]]]) -> dict:
    """Scores with counts pooled over documents: ``pairs`` is ``[(gold, predicted), ...]``."""
    total = [0] * 8
    n = 0
    for gold, predicted in pairs:
        total = [a + b for a, b in zip(total, _doc_counts(gold, predicted))]
        n += 1
    return _result(total, n)


def read_lines(path: str | Path) -> list[str]:
    """A pre-segmented document: one segment per line (trailing newline stripped)."""
    return Path(path).read_text(encoding="utf-8").splitlines()


def gold_pairs(folder: str | Path) -> list[tuple[str, Bead, str, str]]:
    """Every gold bead with a segment on both sides in a folder of pre-segmented documents
    (NAME.en.txt, NAME.pl.txt, NAME.gold, as corpora/real): (NAME, bead, English text, Polish
    text), the segments of a side joined by spaces; documents in name order."""
    out = []
    for gold in sorted(Path(folder).glob("*.gold")):
        name = gold.name[: -len(".gold")]
        en = read_lines(gold.parent / f"{name}.en.txt")
        pl = read_lines(gold.parent / f"{name}.pl.txt")
        for bead in read_beads(gold):
            if bead[0] and bead[1]:
                out.append((name, bead, " ".join(en[i] for i in bead[0]), " ".join(pl[j] for j in bead[1])))
    return out
