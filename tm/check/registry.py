"""The one list of checks. Each check module defines its checks in a ``REGISTERED`` tuple;
this module collects them from a fixed list of modules, whose order is the report's order
(findings of equal severity sort by it; the table and the HTML page list checks in it).

Adding a check: write its module (a ``CheckInfo`` and a ``PairCheck``, see ``tm.check.urls``),
and name the module in ``_MODULES``.
"""

from __future__ import annotations

from tm.check import doubled_words, headings, markup, numbers, placeholders, punctuation, segments, terms, untranslated, urls
from tm.check.keep import KeepList
from tm.check.model import CheckInfo, DocumentCheck, Finding, Pair, PairCheck, PairsCheck, TermChecks

_MODULES = (terms, segments, untranslated, numbers, urls, placeholders, markup, headings, punctuation, doubled_words)

REGISTERED: tuple[PairCheck | PairsCheck | TermChecks | DocumentCheck, ...] = tuple(c for m in _MODULES for c in m.REGISTERED)


def _infos(c: PairCheck | PairsCheck | TermChecks | DocumentCheck) -> tuple[CheckInfo, ...]:
    return (c.info,) if isinstance(c, PairCheck) else c.infos


CHECKS: dict[str, CheckInfo] = {info.id: info for c in REGISTERED for info in _infos(c)}
PAIR_CHECKS: tuple[PairCheck, ...] = tuple(c for c in REGISTERED if isinstance(c, PairCheck))
PAIRS_CHECKS: tuple[PairsCheck, ...] = tuple(c for c in REGISTERED if isinstance(c, PairsCheck))
DOCUMENT_CHECKS: tuple[DocumentCheck, ...] = tuple(c for c in REGISTERED if isinstance(c, DocumentCheck))
TERM_CHECK_RUNS: tuple[TermChecks, ...] = tuple(c for c in REGISTERED if isinstance(c, TermChecks))
TERM_CHECKS: tuple[str, ...] = tuple(info.id for c in TERM_CHECK_RUNS for info in c.infos)


def pair_findings(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList, enabled: frozenset[str]) -> list[Finding]:
    """The checks that look at one pair alone."""
    out: list[Finding] = []
    if not pair.target.strip():
        return out
    for c in PAIR_CHECKS:
        if c.info.id in enabled:
            out += c.run(pair, src_lang, tgt_lang, keep)
    return out
