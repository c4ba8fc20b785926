"""Untranslated text: the target equals the source, or source-language words are left in the
target ("Account Executive" in Polish text), unless the keep list names them (FINRA)."""

from __future__ import annotations

from functools import lru_cache

import regex
import wordfreq

from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, Span, make_finding
from tm.check.text import LETTER, cached_words, get_language, norm, prose_words, snippet
from tm.text import visible
from tm.lang.pl import _word_readings

UNTRANSLATED = CheckInfo("untranslated", "warning", "target equals the source or keeps source-language words")

_CAMEL_OR_CODE = regex.compile(r"\p{Ll}\p{Lu}|\p{L}\p{N}")
_WORD_SHAPE = regex.compile(r"\p{L}+(?:[-'’]\p{L}+)*")


@lru_cache(maxsize=None)
def _zipf(word: str, code: str) -> float:
    if code not in wordfreq.available_languages():
        return 0.0
    try:
        return wordfreq.zipf_frequency(word, code)
    except ImportError:  # languages needing tokenizers that are not installed
        return 0.0


@lru_cache(maxsize=200_000)
def _known_in(word: str, code: str) -> bool:
    """Is ``word`` a word of language ``code``? Polish asks morfeusz; others simplemma/wordfreq."""
    if code == "pl":
        return bool(_word_readings(word))
    language = get_language(code)
    source = getattr(language, "lemma_source", None)
    if source is not None and source(word) != "surface":
        return True
    return _zipf(word.lower(), code) >= 3.0


_COMMON_IN_SOURCE = 3.0  # Zipf frequency from which a word counts as a common word of a language


@lru_cache(maxsize=200_000)
def _foreign_word(word: str, src_lang: str, tgt_lang: str) -> bool:
    """A word of the source language that the target language does not have."""
    if _known_in(word, tgt_lang):
        return False
    lower = word.lower()
    z_src = _zipf(lower, src_lang)
    return z_src >= _COMMON_IN_SOURCE and z_src > _zipf(lower, tgt_lang)


def _identifier(text: str, start: int, end: int) -> bool:
    """Is the word at ``start:end`` part of a code identifier (snake_case, a.b, CamelCase, x1)?"""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in "_./\\-" or after in "_/\\" or (after == "." and end + 1 < len(text) and text[end + 1].isalnum()):
        return True
    word = text[start:end]
    return bool(_CAMEL_OR_CODE.search(word))


_QUOTES = "\"'„”“‘’«»‹›`"


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES


@lru_cache(maxsize=200_000)
def _checkable_word(w: str) -> bool:
    # Letters only (hyphens inside allowed), at least two: numbers, "U.S.", "Glassdoor.com"
    # and single letters are names or symbols, not text left untranslated.
    return len(w) >= 2 and "." not in w and _WORD_SHAPE.fullmatch(w) is not None


def untranslated(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    """Target equal to the source, or runs of source-language words left in the target.

    A target word counts as left in the source language when the target language does not know
    it and it is copied from the source or is a common source-language word. Words on the keep
    list never count. When such words make up most of the target, one finding covers it all.
    """
    tgt_vis = visible(pair.target)
    if not LETTER.search(tgt_vis):
        return []
    t_words = prose_words(pair.target, tgt_lang)
    t_texts = [w.text for w in t_words]
    kept = keep.covered(t_texts) if len(keep) else set()
    # Whitespace aside, equal texts have (nearly) equal lengths: skip the normalising otherwise.
    if abs(len(pair.source) - len(pair.target)) <= 8 and norm(pair.source) == norm(pair.target):
        return _same_as_source(pair, t_texts, kept, tgt_lang)
    flags = _left_in_source(pair, t_words, kept, tgt_vis, src_lang, tgt_lang)
    if not any(flags):
        return []
    letters = sum(len(w.text) for w in t_words if not w.text.isdigit())
    flagged_letters = sum(len(w.text) for w, f in zip(t_words, flags) if f)
    if len(t_words) >= 3 and flagged_letters >= 0.8 * letters:
        return [
            make_finding(
                UNTRANSLATED,
                pair,
                f"the target is still in the source language ({src_lang})",
                found=snippet(pair.target, 80),
                spans=[Span("target", t_words[0].start, t_words[-1].end)],
            )
        ]
    return _runs(pair, t_words, flags, src_lang)


def _same_as_source(pair: Pair, t_texts: list[str], kept: set[int], tgt_lang: str) -> list[Finding]:
    """One finding for a target that is the source copied, unless only names and kept words."""
    words = [w for i, w in enumerate(t_texts) if _checkable_word(w) and i not in kept and not w.isupper()]
    if not words:
        return []
    # "Status", "Token": words the target language has too are likely right.
    native = all(_known_in(w, tgt_lang) for w in words)
    return [
        make_finding(
            UNTRANSLATED,
            pair,
            "the target is the same as the source"
            + (f" (its words exist in {tgt_lang}; accept it if that is right)" if native else ""),
            severity="info" if native else "warning",
            found=snippet(pair.target, 80),
            spans=[Span("target", 0, len(pair.target))],
        )
    ]


def _left_in_source(pair: Pair, t_words: list, kept: set[int], tgt_vis: str, src_lang: str, tgt_lang: str) -> list[bool]:
    """For each target word, is it left in the source language?"""
    source_words: set[str] | None = None  # read only when a target word is unknown
    flags = []
    for i, w in enumerate(t_words):
        t = w.text
        flag = False
        if i not in kept and _checkable_word(t) and not _known_in(t, tgt_lang):
            if t.isupper() or _identifier(tgt_vis, w.start, w.end):
                # Acronyms (FINRA, USD, YYYY-MM-DD) and pieces of identifiers (allow_empty,
                # OAuth1) are names and codes, which stay as they are.
                flag = False
            else:
                if source_words is None:
                    source_words = {x.text.casefold() for x in cached_words(src_lang, visible(pair.source))}
                if t.casefold() in source_words:
                    flag = True  # copied from the source, and not a word of the target language
                elif len(t) >= 3:  # "Wt" (wtorek) is an abbreviation, not English
                    flag = _foreign_word(t, src_lang, tgt_lang)
            if flag and _quoted(pair.target, w.start, w.end):
                flag = False  # a quoted word is a literal: „any”, "last"
        flags.append(flag)
    return flags


def _runs(pair: Pair, t_words: list, flags: list[bool], src_lang: str) -> list[Finding]:
    """One finding per run of flagged words."""
    findings = []
    i = 0
    while i < len(t_words):
        if not flags[i]:
            i += 1
            continue
        j = i
        # A run continues over whitespace and hyphens only: "Account Executive", not "FINRA, SEC".
        while j + 1 < len(t_words) and flags[j + 1] and pair.target[t_words[j].end : t_words[j + 1].start].strip(" -") == "":
            j += 1
        start, end = t_words[i].start, t_words[j].end
        phrase = pair.target[start:end]
        findings.append(
            make_finding(
                UNTRANSLATED,
                pair,
                f"\"{phrase}\" is left in the source language ({src_lang}); translate it or add it to the keep list",
                term=" ".join(phrase.split()),
                found=phrase,
                spans=[Span("target", start, end)],
            )
        )
        i = j + 1
    return findings


REGISTERED = (PairCheck(UNTRANSLATED, untranslated),)
