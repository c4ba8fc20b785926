"""Doubled punctuation in the target (",,", ". ,", ":;"), unless copied from the source or an
abbreviation's dot ("r.,", "etc.:")."""

from __future__ import annotations

import regex

from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, Span, make_finding
from tm.text import visible
from tm.lang.pl import ABBREVIATIONS, _is_brev

DOUBLED_PUNCTUATION = CheckInfo("doubled-punctuation", "warning", "doubled punctuation")

_DOUBLE_PUNCT = regex.compile(r"[,;:][ \t]*(?:[,;:!?]|\.(?!\.))|(?<![.…])\.[ \t]*[,;:]|(?<![.…])\.\.(?!\.)|[!?][ \t]*[,;]")
_EN_ABBR = frozenset("mr mrs ms dr prof st jr sr vs etc approx inc ltd corp dept est fig vol no e.g i.e".split())
_WORD_BEFORE_DOT = regex.compile(r"([\p{L}.]+)\.$")


def _abbreviation_before(text: str, dot: int, lang: str) -> bool:
    """Is the "." at ``dot`` the end of an abbreviation ("r.", "ds.", "U.S.", "etc.")?"""
    m = _WORD_BEFORE_DOT.search(text[: dot + 1])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 or "." in word:
        return True  # "r." after a year or an initialism "U.S."
    low = word.lower()
    if low in _EN_ABBR:
        return True
    if lang == "pl":
        return low in ABBREVIATIONS or _is_brev(word)
    return False


def doubled_punctuation(pair: Pair, tgt_lang: str) -> list[Finding]:
    vis = visible(pair.target)
    spans = []
    for m in _DOUBLE_PUNCT.finditer(vis):
        s = m.group()
        if not _DOUBLE_PUNCT.fullmatch(pair.target[m.start() : m.end()]):
            continue  # markup or a placeholder stands between the two marks
        if s[0] == "." and _abbreviation_before(vis, m.start(), tgt_lang):
            continue
        if " ".join(s.split()) in " ".join(visible(pair.source).split()):
            continue  # copied from the source
        spans.append((m.start(), m.end()))
    if not spans:
        return []
    found = " ".join(pair.target[a:b] for a, b in spans)
    return [
        make_finding(
            DOUBLED_PUNCTUATION,
            pair,
            f"doubled punctuation \"{found}\"",
            found=found,
            spans=[Span("target", a, b) for a, b in spans],
        )
    ]


def _check(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return doubled_punctuation(pair, tgt_lang)


REGISTERED = (PairCheck(DOUBLED_PUNCTUATION, _check),)
