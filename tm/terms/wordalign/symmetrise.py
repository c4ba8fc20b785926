"""Symmetrising two directional alignments (Koehn et al. 2003/2005), and a phrase's aligned span."""

from __future__ import annotations

from collections.abc import Iterable

Link = tuple[int, int]
SYMMETRISATIONS = ("intersection", "union", "grow-diag", "grow-diag-final", "grow-diag-final-and",
                   "forward", "reverse")


_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def symmetrise(forward: Iterable[Link], reverse: Iterable[Link], method: str = "grow-diag-final-and") -> list[Link]:
    """Combine two directional alignments, both given as (source position, target position)
    links. ``method``: intersection, union, grow-diag, grow-diag-final, grow-diag-final-and,
    forward or reverse. Returns sorted links."""
    fwd = set(forward)
    rev = set(reverse)
    if method == "forward":
        return sorted(fwd)
    if method == "reverse":
        return sorted(rev)
    if method == "intersection":
        return sorted(fwd & rev)
    union = fwd | rev
    if method == "union":
        return sorted(union)
    if method not in SYMMETRISATIONS:
        raise ValueError(f"unknown symmetrisation {method!r}; one of {', '.join(SYMMETRISATIONS)}")
    a = fwd & rev
    src_aligned = {i for i, _ in a}
    tgt_aligned = {j for _, j in a}
    union_sorted = sorted(union)
    grew = True
    while grew:
        grew = False
        for i, j in sorted(a):
            for di, dj in _NEIGHBOURS:
                p = (i + di, j + dj)
                if p in union and p not in a and (p[0] not in src_aligned or p[1] not in tgt_aligned):
                    a.add(p)
                    src_aligned.add(p[0])
                    tgt_aligned.add(p[1])
                    grew = True
    if method in ("grow-diag-final", "grow-diag-final-and"):
        both = method == "grow-diag-final-and"
        for d in (fwd, rev):
            for p in union_sorted:
                if p not in d:
                    continue
                s_free, t_free = p[0] not in src_aligned, p[1] not in tgt_aligned
                if (s_free and t_free) if both else (s_free or t_free):
                    a.add(p)
                    src_aligned.add(p[0])
                    tgt_aligned.add(p[1])
    return sorted(a)


def aligned_span(links: Iterable[Link], src_start: int, src_end: int, *, consistent: bool = True) -> tuple[int, int] | None:
    """The rendering of source words ``[src_start, src_end)``: the minimal contiguous target
    span ``(tgt_start, tgt_end)`` (end exclusive) covering their links, or None when they have
    no link, or (``consistent``) when a target word inside the span is linked to a source word
    outside the phrase (phrase-extraction consistency; unaligned target words inside the span
    are allowed)."""
    links = list(links)
    tgt = [j for i, j in links if src_start <= i < src_end]
    if not tgt:
        return None
    lo, hi = min(tgt), max(tgt) + 1
    if consistent:
        for i, j in links:
            if lo <= j < hi and not (src_start <= i < src_end):
                return None
    return lo, hi
