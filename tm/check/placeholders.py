"""Placeholders: printf and format-string placeholders (gettext catalogues, templates) must
carry over."""

from __future__ import annotations

from tm import inline
from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, item_difference
from tm.text import PLACEHOLDER, PLACEHOLDER_HINT, tokens_with_offsets

PLACEHOLDERS = CheckInfo("placeholders", "error", "placeholders differ")


def _placeholders(text: str) -> list[tuple[str, int, int]]:
    if not PLACEHOLDER_HINT.search(text):
        return []
    code_spans = [(p, p + len(t.code)) for p, t in tokens_with_offsets(text) if isinstance(t, inline.Tag) and t.type == "code"]
    out = []
    for m in PLACEHOLDER.finditer(text):
        if any(a <= m.start() < b for a, b in code_spans):
            continue
        p = m.group()
        if p == "%%":
            continue
        if p.startswith("{{") or p.startswith("{%"):
            p = p[:2] + " " + " ".join(p[2:-2].split()) + " " + p[-2:]
        out.append((p, m.start(), m.end()))
    return out


def placeholders(pair: Pair) -> list[Finding]:
    return item_difference(PLACEHOLDERS, pair, _placeholders(pair.source), _placeholders(pair.target), "placeholders differ", " ")


def _check(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return placeholders(pair)


REGISTERED = (PairCheck(PLACEHOLDERS, _check),)
