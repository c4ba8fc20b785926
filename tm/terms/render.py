"""A source term's rendering in one pair: the target noun phrase its words align to.

The word links of the pair (``tm.terms.links.PairLinks.strong_links``) name the target words
the term's words translate into. The strongest of them is the anchor; the rendering is a target
candidate phrase (for Polish a noun phrase, ``tm.lang.pl.noun_phrase_spans``) holding the anchor,
chosen by, in order: it is a rendering a glossary lists for the term; it holds no word that
is the strongest link of a source word outside the term; it holds most of the term's linked words; no unlinked word
around them when the term's words are all linked (that would be another head: "konto
klienta" is no rendering of "client"), and the most unlinked words around them when fewer
target words are linked than the term has words ("kierownik ds. obsługi klienta" for "account
executive", whose "account" is linked to nothing); then the shortest phrase. No link, or no
candidate phrase around the anchor: no rendering in this pair (the term is not counted as
rendered there).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from tm.terms.model import Key
from tm.terms.phrases import Analysis


def rendering_span(
    links: Sequence[tuple[int, int, float]],
    b: Analysis,
    content: Sequence[bool],
    start: int,
    end: int,
    content_words: int,
    glossary_keys: Collection[Key] = (),
    min_anchor: float = 0.0,
) -> int | None:
    """Index into ``b.spans`` of the rendering of source words [start, end), or None; with
    ``min_anchor``, None too when the anchor's link is weaker or the best phrase holds a word
    linked outside the term."""
    mine: dict[int, float] = {}
    best_of: dict[int, tuple[float, int]] = {}  # outside source word -> its strongest link
    for i, j, strength in links:
        if start <= i < end:
            if strength > mine.get(j, -1.0):
                mine[j] = strength
        elif i not in best_of or (-strength, j) < (-best_of[i][0], best_of[i][1]):
            best_of[i] = (strength, j)
    # an outside word holds only its strongest link: a second, weaker one ("bring" ->
    # "wprowadzą" 0.35 and "księgowości" 0.32) is the aligner's guess, not a claim
    others = {j for _s, j in best_of.values()}
    if not mine:
        return None
    anchor = min(mine, key=lambda j: (-mine[j], j))
    if mine[anchor] < min_anchor:
        return None
    best, best_score = None, None
    for si, sp in enumerate(b.spans):
        if not sp.start <= anchor < sp.end:
            continue
        linked = foreign = before = after = 0
        for x in range(sp.start, sp.end):
            if not content[x]:
                continue
            if x in mine:
                linked += 1
                after = 0  # only unlinked words after the last linked one count as "after"
            elif x in others:
                foreign += 1
            elif linked:
                after += 1
            else:
                before += 1
        # Fewer linked words than the term has: the target needs more words for it, and the
        # words around them belong to the rendering ("kierownik ds. obsługi klienta");
        # otherwise the shortest phrase, never a head noun of someone else's before it.
        if linked < content_words:  # a head noun before them is part of it too ("menedżer konta")
            score = (b.keys[si] in glossary_keys, foreign == 0, linked, before + after, after, -(sp.end - sp.start))
        else:
            score = (b.keys[si] in glossary_keys, foreign == 0, linked, -before - after, 0, -(sp.end - sp.start))
        if best_score is None or score > best_score:
            best, best_score = si, score
    if min_anchor and best_score is not None and not best_score[1]:
        return None
    return best
