"""The term checks, judged over every pair a ``TermIndex`` observed: glossary adherence,
forbidden or deprecated renderings, and one source term rendered differently across segments.

All of them match on lemma keys, so "kierownika konta" counts as "kierownik konta". A term the
glossary has is held to its allowed renderings; any other to the rendering most of its uses
agree with. Each term whose renderings differ (or break the glossary) also gets a group: its
renderings with their counts and segments.
"""

from __future__ import annotations

from collections import defaultdict

from tm.check.model import CheckInfo, Finding, RenderingCount, TermChecks, TermGroup, make_finding
from tm.check.termindex import ALLOWED, BANNED, TermIndex, Use
from tm.terms import preferred_rendering

GLOSSARY_TERM = CheckInfo("glossary-term", "error", "glossary term not rendered as the glossary says")
FORBIDDEN_TERM = CheckInfo("forbidden-term", "error", "forbidden rendering of a term")
DEPRECATED_TERM = CheckInfo("deprecated-term", "warning", "deprecated rendering of a term")
TERM_INCONSISTENCY = CheckInfo("term-inconsistency", "warning", "one source term rendered differently across segments")

NOT_FOUND = "(no rendering found)"

Key = tuple[str, ...]


def term_findings(index: TermIndex) -> tuple[list[Finding], list[TermGroup]]:
    """Findings and term groups for everything ``index`` observed (the index forgets it)."""
    findings: list[Finding] = []
    groups: list[TermGroup] = []
    for n, uses in sorted(index.uses().items()):
        judged = _judge(index.entries[n], uses)
        if judged is not None:
            findings += judged[0]
            groups.append(judged[1])
    groups.sort(key=lambda g: (-sum(r.count for r in g.renderings if r.flagged), g.term))
    return findings, groups


def _judge(e, uses: list[Use]) -> tuple[list[Finding], TermGroup] | None:
    """One entry's findings and group; None when nothing about it is flagged."""
    allowed = [r for r in e.renderings if r.status in ALLOWED]
    allowed.sort(key=lambda r: r.status != "preferred")
    expected = [r.text for r in allowed]
    by_key: dict[Key | None, list[Use]] = defaultdict(list)
    for u in uses:
        by_key[u.key].append(u)
    if allowed:
        basis, proposed = "glossary", expected[0]
        found, flagged_keys = _against_glossary(e, uses, allowed, expected)
    elif any(u.aligned for u in uses):
        judged = _on_evidence(e, uses, by_key)
        if judged is None:
            return None
        found, flagged_keys, proposed, confidence = judged
        group = _group(e, by_key, flagged_keys, proposed, "majority", [proposed])
        group.confidence = confidence
        return found, group
    else:
        basis = "majority"
        proposed_key = _majority(e, by_key)
        if proposed_key is None:
            return None
        proposed = by_key[proposed_key][0].text
        top = sum(len(v) for k, v in by_key.items() if k is not None and _compatible(e, k, proposed_key))
        if top < 2:
            return None  # one use against one other is no majority to hold the rest to
        expected = [proposed] if proposed else []
        found, flagged_keys = _against_majority(e, uses, by_key, proposed_key, proposed, expected, top)
    if not flagged_keys:
        return None
    return found, _group(e, by_key, flagged_keys, proposed, basis, expected)


def _against_glossary(e, uses: list[Use], allowed: list, expected: list[str]) -> tuple[list[Finding], set]:
    """Uses of a glossary term other than its preferred rendering (or an admitted one, when
    none is preferred)."""
    proposed = expected[0]
    has_preferred = allowed[0].status == "preferred"
    found: list[Finding] = []
    flagged_keys: set = set()
    for u in uses:
        if u.status == "preferred" or (u.status == "admitted" and not has_preferred):
            continue
        flagged_keys.add(u.key)
        if u.status == "admitted":
            # Allowed, but the glossary prefers another: a hint towards one rendering.
            check, sev = GLOSSARY_TERM, "info"
            msg = f"\"{e.source}\" is rendered with the admitted \"{u.text}\"; the glossary prefers \"{proposed}\""
        elif u.status in BANNED:
            check = FORBIDDEN_TERM if u.status == "forbidden" else DEPRECATED_TERM
            msg = f"\"{e.source}\" is rendered with the {u.status} \"{u.text}\"; the glossary says \"{proposed}\""
            sev = None
        elif u.key is not None:
            check, sev = GLOSSARY_TERM, "error"
            msg = f"\"{e.source}\" is rendered as \"{u.text}\"; the glossary says \"{proposed}\""
        elif u.missing:
            check, sev = GLOSSARY_TERM, "warning"
            msg = (
                f"\"{e.source}\" occurs {len(u.source_spans)}× in the source, its glossary renderings "
                f"{len(u.source_spans) - u.missing}× in the target: \"{proposed}\" is missing"
            )
        else:
            check, sev = GLOSSARY_TERM, "warning"
            wanted = ", ".join(f'"{x}"' for x in expected)
            msg = f"\"{e.source}\": the target has none of the glossary's renderings ({wanted}) nor another known one"
        found.append(
            make_finding(
                check, u.pair, msg, severity=sev, term=e.source, found=u.text, expected=expected,
                spans=u.source_spans + u.target_spans, confidence=_glossary_confidence(u),
            )
        )
    return found, flagged_keys


def _glossary_confidence(u: Use) -> float:
    """A rendering the glossary names is sure; another known rendering nearly so; no
    rendering found (omitted, a pronoun, a paraphrase, or an unknown synonym) less so, and an
    occurrence count that falls short least."""
    if u.status is not None:
        return 1.0
    if u.key is not None:
        return 0.9
    return 0.4 if u.missing else 0.6


def _against_majority(
    e, uses: list[Use], by_key: dict, proposed_key: Key, proposed: str | None, expected: list[str], top: int
) -> tuple[list[Finding], set]:
    """Banned renderings, and renderings that disagree with the majority one."""
    found: list[Finding] = []
    flagged_keys: set = set()
    for u in uses:
        if u.status in BANNED:
            check = FORBIDDEN_TERM if u.status == "forbidden" else DEPRECATED_TERM
            flagged_keys.add(u.key)
            found.append(
                make_finding(
                    check, u.pair,
                    f"\"{e.source}\" is rendered with the {u.status} \"{u.text}\"" + (f"; elsewhere \"{proposed}\"" if u.key != proposed_key else ""),
                    term=e.source, found=u.text, expected=expected if u.key != proposed_key else [],
                    spans=u.source_spans + u.target_spans,
                )
            )
        elif u.key is not None and not _compatible(e, u.key, proposed_key):
            flagged_keys.add(u.key)
            found.append(
                make_finding(
                    TERM_INCONSISTENCY, u.pair,
                    f"\"{e.source}\" is rendered as \"{u.text}\" here ({len(by_key[u.key])}×) "
                    f"and as \"{proposed}\" in {top} other segment{'s' if top != 1 else ''}",
                    term=e.source, found=u.text, expected=expected,
                    spans=u.source_spans + u.target_spans,
                )
            )
    return found, flagged_keys


# Evidence needed before one rendering is held against another with no glossary (issue #11):
MIN_SUPPORT = 3  # uses with evidence agreeing with the proposed rendering
MIN_CONFIDENCE = 0.5  # the term base's confidence in the term (termhood and pairing)
RIVAL_SINGLE_WORD = 7  # a one-word term's rendering is flagged when the proposed one is 7× as common


def _on_evidence(e, uses: list[Use], by_key: dict) -> tuple[list[Finding], set, str, float] | None:
    """A term with no glossary status, judged on the uses the alignment vouches for: the
    proposed rendering is the term base's preferred one (``tm.terms.preferred_rendering``,
    the answer ``tm terms list`` gives) when the aligned uses bear it out, else their
    majority; it must hold ``MIN_SUPPORT`` uses, and the term a confidence of
    ``MIN_CONFIDENCE``. A use is flagged when its rendering is another lemma phrase (neither
    contains the other: not an inflection, not a modifier added or dropped), used less often
    (a one-word term's: ``RIVAL_SINGLE_WORD`` times less, for a word has senses; an English
    copy of the term however often, unless quoted or part of a name; a one-word term's only
    when it is one word too and recurs), and not always in one context the proposed rendering
    never has ("FTP links" = "odnośniki FTP": another sense).
    Returns (findings, flagged keys, proposed text, confidence), or None."""
    aligned = [u for u in uses if u.aligned and u.key]
    counts: dict[Key, int] = defaultdict(int)
    for u in aligned:
        counts[u.key] += 1
    pref = preferred_rendering(e)
    keys = list(counts)
    if pref is not None and any(_related(tuple(pref.key), k) for k in keys):
        proposed_key = tuple(pref.key)
    else:
        candidates = [k for k in keys if not _copied(e, k, by_key)] or keys
        proposed_key = max(candidates, key=lambda k: (sum(counts[o] for o in keys if _related(k, o)), counts[k]))
    support = sum(c for k, c in counts.items() if _related(proposed_key, k))
    share = support / len(aligned) if aligned else 0.0
    if support < MIN_SUPPORT or e.confidence < MIN_CONFIDENCE:
        return None
    proposed = pref.text if pref is not None and tuple(pref.key) == proposed_key else next(
        u.text for u in aligned if _related(proposed_key, u.key))
    at_proposed = {u.context for u in aligned if _related(proposed_key, u.key)}
    confidence = round(share * (0.5 + 0.5 * min(1.0, max(0.0, e.confidence))), 2)
    found: list[Finding] = []
    flagged: set = set()
    for k in sorted(keys, key=lambda k: (-counts[k], k)):
        copied = _copied(e, k, by_key)
        if _related(proposed_key, k) or by_key[k][0].text.casefold() == proposed.casefold():
            continue  # one phrase
        if not copied and counts[k] * (1 if len(e.source_key) > 1 else RIVAL_SINGLE_WORD) > support:
            continue  # used nearly as often: no majority to hold it to (a one-word term has senses)
        if len(e.source_key) == 1 and (len(k) > 1 or counts[k] < 2):
            # one word rendered by a phrase, or once: most often the links strayed to a
            # neighbour ("w ciągu" for "document"); a one-word term's deviation must recur
            continue
        mine = [u for u in aligned if u.key == k and not (copied and _literal_or_name(u))]
        if not mine:
            continue
        if counts[k] >= 2 and _own_sense(mine, at_proposed):
            continue
        flagged.add(k)
        for u in mine:
            found.append(
                make_finding(
                    TERM_INCONSISTENCY, u.pair,
                    f"\"{e.source}\" is rendered as \"{u.text}\" here ({counts[k]}×) and as \"{proposed}\" "
                    f"in {support} other segment{'s' if support != 1 else ''}",
                    term=e.source, found=u.text, expected=[proposed], spans=u.source_spans + u.target_spans,
                    confidence=confidence,
                )
            )
    if not flagged:
        return None
    return found, flagged, proposed, confidence


def _related(a: Key, b: Key) -> bool:
    """One lemma phrase (in any word order: "bufor programowy", "programowy bufor"), or one
    inside the other (a modifier added or dropped)."""
    return a == b or sorted(a) == sorted(b) or _contains(a, b) or _contains(b, a)


def _copied(e, k: Key, by_key: dict) -> bool:
    """Is rendering ``k`` the English term copied ("Account Executive")?"""
    text = (by_key[k][0].text or "").casefold() if by_key.get(k) else ""
    return k == tuple(e.source_key) or text == e.source.casefold()


_QUOTES = "\"'„“”‘’«»`"


def _literal_or_name(u: Use) -> bool:
    """Is this English copy of the term a quoted literal ("“mouse” to follow …") or part of
    a name (“Macquarie Island”)? Then leaving it in English is right."""
    src = u.pair.source
    for sp in u.source_spans:
        if (sp.start > 0 and src[sp.start - 1] in _QUOTES) or (sp.end < len(src) and src[sp.end] in _QUOTES):
            return True
        before, after = src[: sp.start].split(), src[sp.end :].split()
        if src[sp.start : sp.start + 1].isupper() and (
            (before and before[-1][:1].isupper() and not before[-1].endswith((".", ":", "!", "?")))
            or (after and after[0][:1].isupper())
        ):
            return True
    return False


def _own_sense(mine: list[Use], at_proposed: set) -> bool:
    """Do all these uses share a source word beside the term that no use of the proposed
    rendering has? Then they are likely another sense ("FTP links"), consistently rendered."""
    befores = {u.context[0] for u in mine}
    afters = {u.context[1] for u in mine}
    seen_before = {c[0] for c in at_proposed}
    seen_after = {c[1] for c in at_proposed}
    return (len(befores) == 1 and "" not in befores and not befores & seen_before) or (
        len(afters) == 1 and "" not in afters and not afters & seen_after
    )


def _group(e, by_key: dict, flagged_keys: set, proposed: str | None, basis: str, expected: list[str]) -> TermGroup:
    """The entry's renderings with their counts, flagged ones first."""
    status_of = {tuple(r.key): r.status for r in e.renderings}
    renderings = []
    for k, us in by_key.items():
        renderings.append(
            RenderingCount(
                text=us[0].text if k is not None else NOT_FOUND,
                key=" ".join(k) if k is not None else "",
                count=len(us),
                segment_ids=[u.pair.id for u in us],
                status=status_of.get(k) if k is not None else None,
                flagged=k in flagged_keys,
            )
        )
    renderings.sort(key=lambda r: (r.flagged, -r.count, r.text))
    return TermGroup(e.source, proposed, basis, expected, renderings)


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _compatible(entry, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do renderings ``a`` and ``b`` of ``entry`` agree? A one-word source term agrees with any
    phrase sharing a lemma ("skill": "umiejętność" and "umiejętność sprzedażowa", since the
    term base records the noun phrase around the word); a longer term only when one rendering
    contains the other ("kierownik konta" and "kierownik konta klienta", but not "kierownik ds.
    rachunków")."""
    if a == b:
        return True
    if len(entry.source_key) == 1:
        return bool(set(a) & set(b))
    return _contains(a, b) or _contains(b, a)


def _majority(entry, by_key: dict) -> tuple[str, ...] | None:
    """The rendering most uses agree with; a copy of the source term ("Account Executive" left
    in English) is proposed only when nothing else was found."""
    keys = [k for k in by_key if k is not None]
    if not keys:
        return None
    src = tuple(entry.source_key)
    src_text = entry.source.casefold()

    def copied(k: tuple[str, ...]) -> bool:
        return k == src or (by_key[k][0].text or "").casefold() == src_text or k[:1] == src[:1]

    candidates = [k for k in keys if not copied(k)] or keys

    def support(k: tuple[str, ...]) -> tuple[int, int]:
        return (sum(len(by_key[o]) for o in keys if _compatible(entry, k, o)), len(by_key[k]))

    best = max(support(k) for k in candidates)
    # On a tie the rendering seen first wins (dict order is first-seen order).
    return next(k for k in candidates if support(k) == best)


REGISTERED = (TermChecks((GLOSSARY_TERM, FORBIDDEN_TERM, DEPRECATED_TERM, TERM_INCONSISTENCY), term_findings),)
