"""Segment inconsistency both ways: one source translated differently, one target used for
different sources."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from tm.check.model import CheckInfo, Finding, Pair, PairsCheck, Span, make_finding
from tm.check.text import LETTER, norm, snippet

INCONSISTENT_TARGET = CheckInfo("inconsistent-target", "warning", "the same source translated differently")
INCONSISTENT_SOURCE = CheckInfo("inconsistent-source", "info", "the same translation used for different sources")


def segment_consistency(pairs: Sequence[Pair]) -> list[Finding]:
    """The same source translated differently (warning) and the same target used for different
    sources (info). Texts compare with whitespace collapsed and case folded. One finding per
    variant other than the most frequent one (the first seen on a tie)."""
    findings: list[Finding] = []
    norm_source = [norm(p.source) for p in pairs]
    norm_target = [norm(p.target) for p in pairs]
    for check, key_side, other_side in (
        (INCONSISTENT_TARGET, "source", "target"),
        (INCONSISTENT_SOURCE, "target", "source"),
    ):
        groups: dict[str, dict[str, list[Pair]]] = defaultdict(dict)
        keys, others = (norm_source, norm_target) if key_side == "source" else (norm_target, norm_source)
        for p, k, o in zip(pairs, keys, others):
            if not LETTER.search(k):
                continue  # numbers and punctuation alone
            groups[k].setdefault(o, []).append(p)
        for variants in groups.values():
            if len(variants) < 2:
                continue
            ranked = sorted(variants.values(), key=lambda ps: -len(ps))  # stable: first seen wins ties
            majority = ranked[0]
            for members in ranked[1:]:
                p = members[0]
                others = [getattr(v[0], other_side) for v in ranked if v is not members]
                if check is INCONSISTENT_TARGET:
                    msg = (
                        f"the same source is translated {len(variants)} ways; here "
                        f"\"{snippet(p.target)}\" ({len(members)}×), elsewhere \"{snippet(majority[0].target)}\" "
                        f"({len(majority)}×)"
                    )
                else:
                    msg = (
                        f"the same translation stands for {len(variants)} different sources; here "
                        f"\"{snippet(p.source)}\", elsewhere \"{snippet(majority[0].source)}\""
                    )
                side_len = len(getattr(p, other_side))
                findings.append(
                    make_finding(
                        check,
                        p,
                        msg,
                        found=getattr(p, other_side),
                        expected=others,
                        spans=[Span(other_side, 0, side_len)],
                        segment_ids=[m.id for m in members] + [m.id for v in ranked if v is not members for m in v],
                    )
                )
    return findings


REGISTERED = (PairsCheck((INCONSISTENT_TARGET, INCONSISTENT_SOURCE), segment_consistency),)
