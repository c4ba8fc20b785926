"""Doubled words in the target ("the the"), unless the source has one too."""

from __future__ import annotations

from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, Span, make_finding
from tm.check.text import LETTER, prose_words

DOUBLED_WORD = CheckInfo("doubled-word", "warning", "doubled word")


def _doubles(text: str, lang: str) -> list[tuple[str, int, int]]:
    words = prose_words(text, lang)
    out = []
    for a, b in zip(words, words[1:]):
        if (
            a.text.casefold() == b.text.casefold()
            and LETTER.search(a.text)
            and text[a.end : b.start].strip() == ""  # nothing between them, not even markup
        ):
            out.append((b.text, a.start, b.end))
    return out


def doubled_words(pair: Pair, src_lang: str, tgt_lang: str) -> list[Finding]:
    doubles = _doubles(pair.target, tgt_lang)
    if not doubles or _doubles(pair.source, src_lang):
        return []
    return [
        make_finding(
            DOUBLED_WORD,
            pair,
            "doubled word: " + ", ".join(f"\"{w} {w}\"" for w, _a, _b in doubles),
            found=", ".join(w for w, _a, _b in doubles),
            spans=[Span("target", a, b) for _w, a, b in doubles],
        )
    ]


def _check(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return doubled_words(pair, src_lang, tgt_lang)


REGISTERED = (PairCheck(DOUBLED_WORD, _check),)
