"""Consistency checks over aligned pairs: each check yields ``Finding`` objects.

A reviewer runs these before a translation ships (``tm check``). The checks:

- term checks (need a glossary or a term base; see ``term_findings``): glossary adherence,
  forbidden or deprecated renderings, and one source term rendered differently across segments;
  all of them match on lemma keys, so "kierownika konta" counts as "kierownik konta";
- segment inconsistency both ways: one source translated differently, one target used for
  different sources;
- untranslated: the target equals the source, or source-language words are left in the target
  ("Account Executive" in Polish text), unless a per-project keep list names them (FINRA);
- numbers and currencies (locale formats: "57,504" = "57 504", "$" = "USD"), URLs and link
  targets, placeholders, inline markup, broken markup, doubled punctuation, doubled words.

Every finding carries a stable id: a hash of the check, the pair's texts, the term and the
rendering found. A reviewer's decision (accepted or suppressed, see ``Suppressions``) is keyed on
it, so it survives re-runs, and a fixed target gets a new text and so drops out of the report.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import regex

from tm import inline
from tm.errors import InputError
from tm.files import replaced_atomically
from tm.lang import get_language as _get_language

SCHEMA = "tm-check/1"

_LETTER = regex.compile(r"\p{L}")
_CAMEL_OR_CODE = regex.compile(r"\p{Ll}\p{Lu}|\p{L}\p{N}")
_WORD_SHAPE = regex.compile(r"\p{L}+(?:[-'’]\p{L}+)*")
_SPACE_SPLIT = regex.compile(r"[ \u00a0\u202f]")
_SPACE_SPLIT_KEEP = regex.compile(r"([ \u00a0\u202f])")
_FRACTION_TAIL = regex.compile(r"[.,].*")
_BOLD_MARK = regex.compile(r"\*\*")
_ANY_HTML_TAG = regex.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_WORD_BEFORE_DOT = regex.compile(r"([\p{L}.]+)\.$")
_FINDING_ID = regex.compile(r"[0-9a-f]{12}")


@lru_cache(maxsize=None)
def get_language(code: str):
    # The registry normalises the code with a regex on every call; checks ask per pair.
    return _get_language(code)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CheckInfo:
    id: str
    severity: str  # the usual severity; some findings of a check may be milder
    title: str


CHECKS: dict[str, CheckInfo] = {
    c.id: c
    for c in (
        CheckInfo("glossary-term", "error", "glossary term not rendered as the glossary says"),
        CheckInfo("forbidden-term", "error", "forbidden rendering of a term"),
        CheckInfo("deprecated-term", "warning", "deprecated rendering of a term"),
        CheckInfo("term-inconsistency", "warning", "one source term rendered differently across segments"),
        CheckInfo("inconsistent-target", "warning", "the same source translated differently"),
        CheckInfo("inconsistent-source", "info", "the same translation used for different sources"),
        CheckInfo("untranslated", "warning", "target equals the source or keeps source-language words"),
        CheckInfo("numbers", "error", "numbers or currencies differ"),
        CheckInfo("urls", "error", "URLs or link targets differ"),
        CheckInfo("placeholders", "error", "placeholders differ"),
        CheckInfo("markup", "warning", "inline markup differs"),
        CheckInfo("broken-markup", "error", "broken markup in the target"),
        CheckInfo("doubled-punctuation", "warning", "doubled punctuation"),
        CheckInfo("doubled-word", "warning", "doubled word"),
    )
}
TERM_CHECKS = ("glossary-term", "forbidden-term", "deprecated-term", "term-inconsistency")


# -- data types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One aligned pair to check; ``id`` names it in reports ("en.md#12")."""

    id: str
    source: str
    target: str


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the pair's ``side`` ("source" or "target") to highlight."""

    side: str
    start: int
    end: int


@dataclass
class Finding:
    id: str
    check: str
    severity: str
    segment_ids: list[str]
    source: str
    target: str
    message: str
    term: str | None = None  # the source term (term checks) or the word concerned
    found: str | None = None  # the rendering found in the target, as a base form
    expected: list[str] = field(default_factory=list)  # renderings (or values) expected instead
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "check": self.check,
            "severity": self.severity,
            "segment_ids": list(self.segment_ids),
            "source": self.source,
            "target": self.target,
            "term": self.term,
            "found": self.found,
            "expected": list(self.expected),
            "message": self.message,
            "spans": [{"side": s.side, "start": s.start, "end": s.end} for s in self.spans],
        }


def finding_id(check: str, source: str, target: str, term: str | None = None, found: str | None = None) -> str:
    """Stable id: the same problem in the same texts gets the same id in every run."""
    key = "\x1f".join((check, source, target, term or "", found or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def make_finding(
    check: str,
    pair: Pair,
    message: str,
    *,
    severity: str | None = None,
    term: str | None = None,
    found: str | None = None,
    expected: Iterable[str] = (),
    spans: Iterable[Span] = (),
    segment_ids: Sequence[str] | None = None,
) -> Finding:
    return Finding(
        id=finding_id(check, pair.source, pair.target, term, found),
        check=check,
        severity=severity or CHECKS[check].severity,
        segment_ids=list(segment_ids) if segment_ids is not None else [pair.id],
        source=pair.source,
        target=pair.target,
        message=message,
        term=term,
        found=found,
        expected=list(expected),
        spans=list(spans),
    )


@dataclass
class RenderingCount:
    """How often one rendering (by lemma key) of a term was found, and where."""

    text: str  # base form, as a glossary shows it
    key: str  # lemma key, words joined by spaces
    count: int
    segment_ids: list[str]
    status: str | None = None  # glossary status, if any
    flagged: bool = False  # findings were raised for these segments


@dataclass
class TermGroup:
    """All renderings of one source term in the checked pairs."""

    term: str
    proposed: str | None  # the glossary's preferred rendering, else the majority one
    basis: str  # "glossary" | "majority"
    expected: list[str]
    renderings: list[RenderingCount]

    def to_dict(self) -> dict:
        return {
            "term": self.term,
            "proposed": self.proposed,
            "basis": self.basis,
            "expected": list(self.expected),
            "renderings": [
                {
                    "text": r.text,
                    "key": r.key,
                    "count": r.count,
                    "segment_ids": list(r.segment_ids),
                    "status": r.status,
                    "flagged": r.flagged,
                }
                for r in self.renderings
            ],
        }


@dataclass
class Report:
    src_lang: str
    tgt_lang: str
    pairs_checked: int
    findings: list[Finding]  # open findings only, sorted
    groups: list[TermGroup] = field(default_factory=list)
    dismissed: list[tuple[Finding, "Suppression"]] = field(default_factory=list)
    stale: list["Suppression"] = field(default_factory=list)  # decisions that match no finding now
    sources: dict[str, str] = field(default_factory=dict)  # what was checked: db, files, glossary
    notes: list[str] = field(default_factory=list)  # e.g. "no term base: term checks skipped"

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def by_check(self) -> dict[str, int]:
        return dict(sorted(Counter(f.check for f in self.findings).items()))

    def fails(self, fail_on: str) -> bool:
        """True when a finding at ``fail_on`` severity or worse is open ("never": never)."""
        if fail_on == "never":
            return False
        if fail_on not in SEVERITY_RANK:
            raise ValueError(f"fail_on must be one of error, warning, info, never: {fail_on!r}")
        limit = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] <= limit for f in self.findings)

    def to_dict(self) -> dict:
        counts = self.counts()
        return {
            "schema": SCHEMA,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "checked": dict(self.sources),
            "pairs_checked": self.pairs_checked,
            "summary": {
                **counts,
                "findings": len(self.findings),
                "by_check": self.by_check(),
                "accepted": sum(1 for _f, s in self.dismissed if s.status == "accepted"),
                "suppressed": sum(1 for _f, s in self.dismissed if s.status == "suppressed"),
                "stale_suppressions": len(self.stale),
            },
            "notes": list(self.notes),
            "findings": [f.to_dict() for f in self.findings],
            "groups": [g.to_dict() for g in self.groups],
            "dismissed": [
                {"id": f.id, "check": f.check, "status": s.status, "reason": s.reason, "segment_ids": list(f.segment_ids)}
                for f, s in self.dismissed
            ],
            "stale_suppressions": [s.id for s in self.stale],
        }


# -- text helpers ------------------------------------------------------------------------------

# printf and format-string placeholders (gettext catalogues, templates). A space is not taken as
# a printf flag: "50 % sprzedaży" is text, not "% s".
_PLACEHOLDER = regex.compile(
    r"""%%
    | %\([^()\s]+\)[-#0+]*\d*(?:\.\d+)?[sdifFrxXeEgGcoa]
    | %(?:\d+\$)?[-#0+]*\d*(?:\.\d+)?[sdifFrxXeEgGco]
    | \{\{[^{}]*\}\}
    | \{%[^{}]*%\}
    | \$\{[^{}]+\}
    | \{[A-Za-z_0-9][\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}
    | \{\}""",
    regex.X,
)
_BARE_URL = regex.compile(
    r"(?:https?|ftp)://\w[^\s<>\"'()\[\]\p{Pi}\p{Pf}]*|(?<![\w.@/])www\.\w[^\s<>\"'()\[\]\p{Pi}\p{Pf}]*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_HTML_ATTR_URL = regex.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", regex.I)
_HTML_TAG = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Real HTML elements: "<missing product>" or "<<original entry>>" in a message is text, not a tag
# (tm.inline.is_html_tag decides; the markup check compares only these elements).
HTML_ELEMENTS = inline.HTML_ELEMENTS


# Quick tests that let most plain sentences skip the markup, URL and placeholder parsers.
_MARKUP_HINT = regex.compile(r"[\[\]*_`<!]")
_URL_HINT = regex.compile(r"://|www\.|@")
_PLACEHOLDER_HINT = regex.compile(r"[%{$]")
_BRACKET_HINT = regex.compile(r"[()\[\]*`<>]")


@lru_cache(maxsize=100_000)
def _tokens_with_offsets(text: str) -> tuple[tuple[int, inline.Token], ...]:
    if not _MARKUP_HINT.search(text):
        return ((0, inline.Text(text)),) if text else ()
    out = []
    pos = 0
    for t in inline.tokenize(text):
        out.append((pos, t))
        pos += len(t.text) if isinstance(t, inline.Text) else len(t.code)
    return tuple(out)


@lru_cache(maxsize=100_000)
def visible(text: str) -> str:
    """``text`` with everything that is not translatable prose blanked out (same length, so
    offsets still point into ``text``): markup, link targets, code, HTML tags, placeholders and
    URLs become spaces."""
    if not (_MARKUP_HINT.search(text) or _PLACEHOLDER_HINT.search(text) or _URL_HINT.search(text)):
        return text
    chars = list(text)
    for pos, t in _tokens_with_offsets(text):
        if isinstance(t, inline.Tag):
            for i in range(pos, pos + len(t.code)):
                chars[i] = " "
    masked = "".join(chars)
    for pattern in (_PLACEHOLDER, _BARE_URL):
        for m in pattern.finditer(masked):
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    return masked


@lru_cache(maxsize=100_000)
def _words(lang: str, text: str):
    return tuple(get_language(lang).words(text))


def _prose_words(text: str, lang: str):
    """Words of ``text`` outside markup, code, placeholders and URLs, with offsets into it.
    Shares tm.terms' cached tokenization, which the term checks use on the same text."""
    from tm.lang import Word
    from tm.terms import tokens

    vis = visible(text)
    tok = tokens(text, lang)
    if vis is text:  # nothing masked: every word is prose
        return list(map(Word, tok.words, tok.starts, tok.ends))
    return [
        Word(w, a, b) for w, a, b in zip(tok.words, tok.starts, tok.ends) if vis[a:b] == w
    ]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _snippet(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- segment inconsistency ---------------------------------------------------------------------


def segment_consistency(pairs: Sequence[Pair]) -> list[Finding]:
    """The same source translated differently (warning) and the same target used for different
    sources (info). Texts compare with whitespace collapsed and case folded. One finding per
    variant other than the most frequent one (the first seen on a tie)."""
    findings: list[Finding] = []
    norm_source = [_norm(p.source) for p in pairs]
    norm_target = [_norm(p.target) for p in pairs]
    for check, key_side, other_side in (
        ("inconsistent-target", "source", "target"),
        ("inconsistent-source", "target", "source"),
    ):
        groups: dict[str, dict[str, list[Pair]]] = defaultdict(dict)
        keys, others = (norm_source, norm_target) if key_side == "source" else (norm_target, norm_source)
        for p, k, o in zip(pairs, keys, others):
            if not _LETTER.search(k):
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
                if check == "inconsistent-target":
                    msg = (
                        f"the same source is translated {len(variants)} ways; here "
                        f"\"{_snippet(p.target)}\" ({len(members)}×), elsewhere \"{_snippet(majority[0].target)}\" "
                        f"({len(majority)}×)"
                    )
                else:
                    msg = (
                        f"the same translation stands for {len(variants)} different sources; here "
                        f"\"{_snippet(p.source)}\", elsewhere \"{_snippet(majority[0].source)}\""
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


# -- untranslated ------------------------------------------------------------------------------


class KeepList:
    """Words and phrases that stay untranslated in this project (brand names, FINRA), matched
    case-insensitively on whole words."""

    def __init__(self, phrases: Iterable[str] = ()):
        self.phrases: list[tuple[str, ...]] = []
        for p in phrases:
            words = tuple(w.casefold() for w in p.split())
            if words:
                self.phrases.append(words)
        self.single = {p[0] for p in self.phrases if len(p) == 1}
        self.multi: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # by first word
        for p in self.phrases:
            if len(p) > 1:
                self.multi[p[0]].append(p)

    def __len__(self) -> int:
        return len(self.phrases)

    def covered(self, words: Sequence[str]) -> set[int]:
        """Indices of ``words`` inside a kept word or phrase."""
        folded = [w.casefold() for w in words]
        out = {i for i, w in enumerate(folded) if w in self.single}
        if self.multi:
            for i, w in enumerate(folded):
                for phrase in self.multi.get(w, ()):
                    n = len(phrase)
                    if tuple(folded[i : i + n]) == phrase:
                        out.update(range(i, i + n))
        return out


def load_keep_list(path: str | Path) -> KeepList:
    """One word or phrase a line; "#" starts a comment."""
    from tm.read.documents import read_text_file

    text = read_text_file(path)
    phrases = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            phrases.append(line)
    return KeepList(phrases)


@lru_cache(maxsize=None)
def _zipf(word: str, code: str) -> float:
    import wordfreq

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
        from tm.lang.pl import _word_readings

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
    src_vis, tgt_vis = visible(pair.source), visible(pair.target)
    if not _LETTER.search(tgt_vis):
        return []
    t_words = _prose_words(pair.target, tgt_lang)
    t_texts = [w.text for w in t_words]
    kept = keep.covered(t_texts) if len(keep) else set()
    # Whitespace aside, equal texts have (nearly) equal lengths: skip the normalising otherwise.
    if abs(len(pair.source) - len(pair.target)) <= 8 and _norm(pair.source) == _norm(pair.target):
        words = [w for i, w in enumerate(t_texts) if _checkable_word(w) and i not in kept and not w.isupper()]
        if words:
            # "Status", "Token": words the target language has too are likely right.
            native = all(_known_in(w, tgt_lang) for w in words)
            return [
                make_finding(
                    "untranslated",
                    pair,
                    "the target is the same as the source"
                    + (f" (its words exist in {tgt_lang}; accept it if that is right)" if native else ""),
                    severity="info" if native else "warning",
                    found=_snippet(pair.target, 80),
                    spans=[Span("target", 0, len(pair.target))],
                )
            ]
        return []
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
                    source_words = {x.text.casefold() for x in _words(src_lang, src_vis)}
                if t.casefold() in source_words:
                    flag = True  # copied from the source, and not a word of the target language
                elif len(t) >= 3:  # "Wt" (wtorek) is an abbreviation, not English
                    flag = _foreign_word(t, src_lang, tgt_lang)
            if flag and _quoted(pair.target, w.start, w.end):
                flag = False  # a quoted word is a literal: „any”, "last"
        flags.append(flag)
    if not any(flags):
        return []
    letters = sum(len(w.text) for w in t_words if not w.text.isdigit())
    flagged_letters = sum(len(w.text) for w, f in zip(t_words, flags) if f)
    if len(t_words) >= 3 and flagged_letters >= 0.8 * letters:
        return [
            make_finding(
                "untranslated",
                pair,
                f"the target is still in the source language ({src_lang})",
                found=_snippet(pair.target, 80),
                spans=[Span("target", t_words[0].start, t_words[-1].end)],
            )
        ]
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
                "untranslated",
                pair,
                f"\"{phrase}\" is left in the source language ({src_lang}); translate it or add it to the keep list",
                term=" ".join(phrase.split()),
                found=phrase,
                spans=[Span("target", start, end)],
            )
        )
        i = j + 1
    return findings


# -- numbers and currencies --------------------------------------------------------------------

_NUMBER = regex.compile(
    r"(?<![\p{L}\p{N}_])\p{Nd}+(?:(?:[.,]|[ \u00a0\u202f](?=\p{Nd}{3}(?!\p{Nd})))\p{Nd}+)*"
)
_SPACE_SEPS = " \u00a0\u202f"


@dataclass(frozen=True)
class Number:
    text: str
    start: int
    end: int
    values: frozenset[str]  # every value the written form may mean (separators are ambiguous)


def _grouped(int_part: str, sep: str | None) -> str | None:
    """Digits of ``int_part`` if ``sep`` groups thousands correctly in it (or is absent)."""
    if sep is None or sep not in int_part:
        return int_part if int_part.isdigit() else None
    groups = int_part.split(sep)
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        return None
    digits = "".join(groups)
    return digits if digits.isdigit() else None


def number_values(text: str) -> frozenset[str]:
    """Values a number may mean: "57,504" -> {57504, 57.504}; "57 504" -> {57504}; "3,5" -> {3.5}."""
    t = text
    for s in _SPACE_SEPS:
        t = t.replace(s, " ")
    values = set()
    for thousands, decimal in ((",", "."), (".", ","), (" ", ",") , (" ", ".")):
        if any(c in t for c in ".,  " if c not in (thousands, decimal)):
            continue
        parts = t.split(decimal)
        if len(parts) > 2:
            continue
        int_digits = _grouped(parts[0], thousands)
        if int_digits is None:
            continue
        frac = parts[1] if len(parts) == 2 else ""
        if frac and not frac.isdigit():
            continue
        try:
            value = Decimal(f"{int_digits}.{frac}" if frac else int_digits).normalize()
        except InvalidOperation:
            continue
        values.add(format(value, "f"))
    return frozenset(values) if values else frozenset({t})


def find_numbers(text: str) -> list[Number]:
    vis = visible(text)
    out = []
    for m in _NUMBER.finditer(vis):
        raw = m.group()
        pieces = [(raw, m.start())]
        if any(s in raw for s in _SPACE_SEPS):
            head = _SPACE_SPLIT.split(raw)[0]
            if len(_FRACTION_TAIL.sub("", head)) > 3:  # "2021 500": two numbers, not one
                pieces, pos = [], m.start()
                for piece in _SPACE_SPLIT_KEEP.split(raw):
                    if piece.strip():
                        pieces.append((piece, pos))
                    pos += len(piece)
        for piece, start in pieces:
            out.append(Number(piece, start, start + len(piece), number_values(piece)))
    return out


_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₹": "INR"}
_CURRENCY = regex.compile(
    r"US\$|[$€£¥₽₴₹]|(?<![\p{L}\p{N}])(?:USD|EUR|GBP|PLN|CHF|JPY|CAD|AUD|CZK|SEK|NOK|DKK|HUF|RUB|UAH|INR|zł)(?![\p{L}\p{N}])"
)
_CURRENCY_WORDS = {"dollar": "USD", "dolar": "USD", "euro": "EUR", "zloty": "PLN", "jen": "JPY", "yen": "JPY", "frank": "CHF", "funt": "GBP"}
_CURRENCY_WORD_HINT = regex.compile(r"(?i)dol+ar|euro|zlot|jen|yen|frank|funt")


def find_currencies(text: str, lang: str) -> list[tuple[str, int, int]]:
    """(ISO code, start, end) of every currency sign, code or currency word."""
    vis = visible(text)
    out = []
    for m in _CURRENCY.finditer(vis):
        s = m.group()
        code = "USD" if s == "US$" else _CURRENCY_SIGNS.get(s, "PLN" if s == "zł" else s)
        out.append((code, m.start(), m.end()))
    if _CURRENCY_WORD_HINT.search(vis):
        language = get_language(lang)
        for w in language.words(vis):
            for lemma in language.lemmas(w.text):
                if lemma in _CURRENCY_WORDS:
                    out.append((_CURRENCY_WORDS[lemma], w.start, w.end))
                    break
    return out


# Numbers written as words, by lemma: "one page" = "1 stronę", "ten tags" = "10 kategorii".
_NUMBER_WORDS = {
    "en": dict(
        one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10, eleven=11,
        twelve=12, twenty=20, thirty=30, fifty=50, hundred=100, thousand=1000, million=1000000,
    ),
    "pl": {
        "jeden": 1, "dwa": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "siedem": 7, "osiem": 8,
        "dziewięć": 9, "dziesięć": 10, "jedenaście": 11, "dwanaście": 12, "dwadzieścia": 20,
        "trzydzieści": 30, "pięćdziesiąt": 50, "sto": 100, "tysiąc": 1000, "milion": 1000000,
    },
}


def _number_words(text: str, lang: str) -> list[tuple[str, int, int]]:
    table = _NUMBER_WORDS.get(lang)
    if not table:
        return []
    language = get_language(lang)
    out = []
    for w in language.words(visible(text)):
        if not w.text.isalpha():
            continue
        for lemma in language.lemmas(w.text):
            if lemma in table:
                out.append((str(table[lemma]), w.start, w.end))
                break
    return out


def _unmatched_by_words(nums: list[Number], text: str, lang: str) -> list[Number]:
    """``nums`` less those written as words in ``text`` (each word used once)."""
    if not nums:
        return nums
    words = _number_words(text, lang)
    left = []
    for n in nums:
        hit = next((w for w in words if w[0] in n.values), None)
        if hit is None:
            left.append(n)
        else:
            words.remove(hit)
    return left


def numbers(pair: Pair, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Numbers of the source missing from the target and the reverse, compared by value in
    either locale convention; currencies compared by ISO code."""
    findings = []
    s_nums, t_nums = find_numbers(pair.source), find_numbers(pair.target)
    if s_nums or t_nums:
        unmatched_t = list(t_nums)
        missing = []
        for exact in (True, False):
            still = []
            for n in (s_nums if exact else missing):
                hit = next(
                    (t for t in unmatched_t if (t.text == n.text if exact else bool(t.values & n.values))), None
                )
                if hit is None:
                    still.append(n)
                else:
                    unmatched_t.remove(hit)
            missing = still
        missing = _unmatched_by_words(missing, pair.target, tgt_lang)
        unmatched_t = _unmatched_by_words(unmatched_t, pair.source, src_lang)
        if missing or unmatched_t:
            parts = []
            if missing:
                parts.append("missing in the target: " + ", ".join(n.text for n in missing))
            if unmatched_t:
                parts.append("not in the source: " + ", ".join(n.text for n in unmatched_t))
            findings.append(
                make_finding(
                    "numbers",
                    pair,
                    "numbers differ; " + "; ".join(parts),
                    found=", ".join(n.text for n in unmatched_t) or None,
                    expected=[n.text for n in missing],
                    term=", ".join(n.text for n in missing) or None,
                    spans=[Span("source", n.start, n.end) for n in missing]
                    + [Span("target", n.start, n.end) for n in unmatched_t],
                )
            )
    if "$" in pair.source or "$" in pair.target or _CURRENCY.search(pair.source) or _CURRENCY.search(pair.target) or _CURRENCY_WORD_HINT.search(pair.source + pair.target):
        s_cur, t_cur = find_currencies(pair.source, src_lang), find_currencies(pair.target, tgt_lang)
        s_codes, t_codes = {c for c, _s, _e in s_cur}, {c for c, _s, _e in t_cur}
        if s_codes != t_codes:
            lost, extra = sorted(s_codes - t_codes), sorted(t_codes - s_codes)
            parts = []
            if lost:
                parts.append("missing in the target: " + ", ".join(lost))
            if extra:
                parts.append("not in the source: " + ", ".join(extra))
            findings.append(
                make_finding(
                    "numbers",
                    pair,
                    "currencies differ; " + "; ".join(parts),
                    term=", ".join(lost) or None,
                    found=", ".join(extra) or None,
                    expected=lost,
                    spans=[Span("source", s, e) for c, s, e in s_cur if c in lost]
                    + [Span("target", s, e) for c, s, e in t_cur if c in extra],
                )
            )
    return findings


# -- URLs, placeholders, markup ----------------------------------------------------------------


def find_urls(text: str) -> list[tuple[str, int, int]]:
    """(URL, start, end): link and image targets, autolinks, HTML href/src and bare URLs."""
    out: list[tuple[str, int, int]] = []
    if not (_URL_HINT.search(text) or "](" in text or "<" in text):
        return out
    for pos, t in _tokens_with_offsets(text):
        if not isinstance(t, inline.Tag):
            continue
        if t.type == "link" and t.kind == "close":
            inner = t.code[2:-1].strip()
            url = inner.split()[0] if inner else ""
            out.append((url, pos + 2, pos + 2 + len(url)))
        elif t.type == "image":
            i = t.code.index("](") + 2
            out.append((t.code[i:-1], pos + i, pos + len(t.code) - 1))
        elif t.type == "autolink":
            out.append((t.code[1:-1], pos + 1, pos + len(t.code) - 1))
        elif t.type == "html":
            for m in _HTML_ATTR_URL.finditer(t.code):
                g = 1 if m.group(1) is not None else 2
                out.append((m.group(g), pos + m.start(g), pos + m.end(g)))
    if not _URL_HINT.search(text):
        return out
    # Bare URLs, in the text with markup blanked (link targets were taken above).
    chars = list(text)
    for pos, t in _tokens_with_offsets(text):
        if isinstance(t, inline.Tag):
            for i in range(pos, pos + len(t.code)):
                chars[i] = " "
    for m in _BARE_URL.finditer("".join(chars)):
        url = m.group().rstrip(".,;:!?")
        out.append((url, m.start(), m.start() + len(url)))
    return out


def urls(pair: Pair) -> list[Finding]:
    return _item_difference("urls", pair, find_urls(pair.source), find_urls(pair.target), "links differ", ", ")


def _placeholders(text: str) -> list[tuple[str, int, int]]:
    if not _PLACEHOLDER_HINT.search(text):
        return []
    code_spans = [(p, p + len(t.code)) for p, t in _tokens_with_offsets(text) if isinstance(t, inline.Tag) and t.type == "code"]
    out = []
    for m in _PLACEHOLDER.finditer(text):
        if any(a <= m.start() < b for a, b in code_spans):
            continue
        p = m.group()
        if p == "%%":
            continue
        if p.startswith("{{") or p.startswith("{%"):
            p = p[:2] + " " + " ".join(p[2:-2].split()) + " " + p[-2:]
        out.append((p, m.start(), m.end()))
    return out


def _item_difference(
    check: str, pair: Pair, s: list[tuple[str, int, int]], t: list[tuple[str, int, int]], what: str, sep: str
) -> list[Finding]:
    """One finding when the multisets of items (links, placeholders, markup) of the two sides differ;
    ``what`` opens the message."""
    if not s and not t:
        return []
    sc, tc = Counter(k for k, _a, _b in s), Counter(k for k, _a, _b in t)
    if sc == tc:
        return []
    missing, extra = list((sc - tc).elements()), list((tc - sc).elements())
    parts = []
    if missing:
        parts.append("missing in the target: " + sep.join(missing))
    if extra:
        parts.append("not in the source: " + sep.join(extra))
    return [
        make_finding(
            check,
            pair,
            f"{what}; " + "; ".join(parts),
            term=sep.join(missing) or None,
            found=sep.join(extra) or None,
            expected=missing,
            spans=[Span("source", a, b) for k, a, b in s if k in missing] + [Span("target", a, b) for k, a, b in t if k in extra],
        )
    ]


def placeholders(pair: Pair) -> list[Finding]:
    return _item_difference("placeholders", pair, _placeholders(pair.source), _placeholders(pair.target), "placeholders differ", " ")


def _markup_items(text: str) -> list[tuple[str, int, int]]:
    """Markup that should carry over: link/bold/italic/image/code (code by its content), HTML
    tags by name."""
    out: list[tuple[str, int, int]] = []
    if not _MARKUP_HINT.search(text):
        return out
    for pos, t in _tokens_with_offsets(text):
        if not isinstance(t, inline.Tag):
            continue
        if t.type in ("link", "bold", "italic") and t.kind == "open":
            out.append((t.type, pos, pos + len(t.code)))
        elif t.type == "image":
            out.append(("image", pos, pos + len(t.code)))
        elif t.type == "code":
            out.append((t.code, pos, pos + len(t.code)))
        elif t.type == "html":
            m = _HTML_TAG.match(t.code)
            if m and m.group(2).lower() in HTML_ELEMENTS:
                out.append((f"<{m.group(1)}{m.group(2).lower()}>", pos, pos + len(t.code)))
    return out


def markup(pair: Pair) -> list[Finding]:
    return _item_difference("markup", pair, _markup_items(pair.source), _markup_items(pair.target), "inline markup differs", ", ")


def _bracket_problems(text: str) -> list[tuple[str, int, int]]:
    """(description, start, end) of brackets that do not nest, odd "**" and "`", unmatched HTML
    tags. Code spans, placeholders, URLs and link targets are skipped (their brackets are data)."""
    if not _BRACKET_HINT.search(text):
        return []
    chars = list(text)
    problems: list[tuple[str, int, int]] = []
    # Blank what is data, keep link syntax brackets: "[label](url)" -> "[label](   )".
    for pos, t in _tokens_with_offsets(text):
        if isinstance(t, inline.Tag):
            if t.type == "link" and t.kind == "close":
                for i in range(pos + 2, pos + len(t.code) - 1):
                    chars[i] = " "
            elif t.type in ("code", "autolink", "image", "html"):
                for i in range(pos, pos + len(t.code)):
                    chars[i] = " "
    masked = "".join(chars)
    for m in _PLACEHOLDER.finditer(masked):
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in _BARE_URL.finditer(masked):
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    stack: list[tuple[str, int]] = []
    pairs_ = {")": "(", "]": "["}
    for i, c in enumerate(masked):
        if c in "([":
            stack.append((c, i))
        elif c in ")]":
            if stack and stack[-1][0] == pairs_[c]:
                stack.pop()
            elif stack and any(o == pairs_[c] for o, _p in stack):
                # Crossing: "( [FINRA ), ... ](/finra)" closes "(" while "[" is open.
                k = max(k for k, (o, _p) in enumerate(stack) if o == pairs_[c])
                opener, at = stack.pop(k)
                inner = stack[-1]
                problems.append((f"\"{c}\" closes \"{opener}\" while \"{inner[0]}\" is still open", at, i + 1))
            else:
                problems.append((f"\"{c}\" with no opening \"{pairs_[c]}\"", i, i + 1))
    for c, at in stack:
        problems.append((f"\"{c}\" is never closed", at, at + 1))
    bold = [m.start() for m in _BOLD_MARK.finditer(masked)]
    if len(bold) % 2:
        problems.append(("odd number of \"**\"", bold[-1], bold[-1] + 2))
    ticks = [i for i, c in enumerate(text) if c == "`"]
    if len(ticks) % 2:
        problems.append(("odd number of \"`\"", ticks[-1], ticks[-1] + 1))
    open_tags: list[tuple[str, int, int]] = []
    for m in _ANY_HTML_TAG.finditer(text):
        name = m.group(1).lower()
        if name in _VOID_TAGS or name not in HTML_ELEMENTS or m.group().endswith("/>"):
            continue
        if not inline.is_html_tag(text, m.start(), m.end()):
            continue  # "<time unknown>", "<a new product>": words in brackets, not an element
        if m.group().startswith("</"):
            idx = next((k for k in range(len(open_tags) - 1, -1, -1) if open_tags[k][0] == name), None)
            if idx is None:
                problems.append((f"</{name}> with no opening tag", m.start(), m.end()))
            else:
                del open_tags[idx:]
        else:
            open_tags.append((name, m.start(), m.end()))
    for name, a, b in open_tags:
        problems.append((f"<{name}> is never closed", a, b))
    return problems


def _problem_kind(description: str) -> str:
    if "**" in description:
        return "bold"
    if "`" in description:
        return "code"
    if "<" in description:
        return "html"
    return "brackets"


def broken_markup(pair: Pair) -> list[Finding]:
    """Markup in the target that does not nest or close, where the source's does (a source
    with the same kind of problem, such as a list item "a)", is copied, not broken)."""
    t_problems = _bracket_problems(pair.target)
    if not t_problems:
        return []
    source_kinds = {_problem_kind(d) for d, _a, _b in _bracket_problems(pair.source)}
    out = [p for p in t_problems if _problem_kind(p[0]) not in source_kinds]
    if not out:
        return []
    return [
        make_finding(
            "broken-markup",
            pair,
            "broken markup: " + "; ".join(d for d, _a, _b in out),
            found="; ".join(pair.target[a:b] for _d, a, b in out),
            spans=[Span("target", a, b) for _d, a, b in out],
        )
    ]


# -- doubled punctuation and words -------------------------------------------------------------

_DOUBLE_PUNCT = regex.compile(r"[,;:][ \t]*(?:[,;:!?]|\.(?!\.))|(?<![.…])\.[ \t]*[,;:]|(?<![.…])\.\.(?!\.)|[!?][ \t]*[,;]")
_EN_ABBR = frozenset("mr mrs ms dr prof st jr sr vs etc approx inc ltd corp dept est fig vol no e.g i.e".split())


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
        from tm.lang.pl import ABBREVIATIONS, _is_brev

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
            "doubled-punctuation",
            pair,
            f"doubled punctuation \"{found}\"",
            found=found,
            spans=[Span("target", a, b) for a, b in spans],
        )
    ]


def _doubles(text: str, lang: str) -> list[tuple[str, int, int]]:
    words = _prose_words(text, lang)
    out = []
    for a, b in zip(words, words[1:]):
        if (
            a.text.casefold() == b.text.casefold()
            and _LETTER.search(a.text)
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
            "doubled-word",
            pair,
            "doubled word: " + ", ".join(f"\"{w} {w}\"" for w, _a, _b in doubles),
            found=", ".join(w for w, _a, _b in doubles),
            spans=[Span("target", a, b) for _w, a, b in doubles],
        )
    ]


# -- term checks -------------------------------------------------------------------------------

ALLOWED = ("preferred", "admitted")
BANNED = ("forbidden", "deprecated")
NOT_FOUND = "(no rendering found)"
_EXTEND_MAX_WORDS = 4


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int


@dataclass
class _Use:
    """How one pair renders one source term."""

    pair: Pair
    key: tuple[str, ...] | None  # None: no known rendering in the target
    text: str | None
    status: str | None
    source_spans: list[Span]
    target_spans: list[Span]


class TermIndex:
    """Source terms and their known renderings (glossary and term base), ready to match.

    Both sides match on lemma keys with ``tm.terms.TermMatcher``, so every inflected form
    counts: "kierownikowi konta" is "kierownik konta", "Account Executives" is "account
    executive". Entries are ``tm.terms.TermEntry``; a rendering's ``status`` comes from the
    glossary (preferred, admitted, deprecated, forbidden) or is None for one only seen in the
    data.
    """

    def __init__(self, entries: Iterable, src_lang: str, tgt_lang: str, stemmer=None, pair_ids: Sequence[str] | None = None):
        """``pair_ids``: when the entries were extracted from the pairs being checked, the ids of
        those pairs in extraction order; a rendering's ``segment_ids`` are then positions in it,
        and the term base's own link of a term to its rendering in a pair is preferred."""
        from tm.terms import Keys, TermMatcher

        self.entries = [e for e in entries if e.renderings]
        # (entry, pair id) -> keys of renderings the term base linked in that pair
        self.links: dict[tuple[int, str], set[tuple[str, ...]]] | None = None
        if pair_ids is not None:
            self.links = defaultdict(set)
            for e in self.entries:
                for r in e.renderings:
                    for i in r.segment_ids:
                        if 0 <= i < len(pair_ids):
                            self.links[(id(e), pair_ids[i])].add(tuple(r.key))
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        by_source: dict[tuple[str, ...], list] = defaultdict(list)
        for e in self.entries:
            if e.source_key:
                by_source[tuple(e.source_key)].append(e)
        self._source = TermMatcher(((k, tuple(v)) for k, v in by_source.items()), src_lang)
        # The same phrases indexed by first lemma for ``_find_terms``, which caches each word's
        # lemma set (matching every pair of a large memory is the check's hot loop).
        self._source_index: dict[str, list[tuple[tuple[str, ...], tuple]]] = defaultdict(list)
        for k, v in by_source.items():
            key = tuple(x.lower() for x in k)
            self._source_index[key[0]].append((key, tuple(v)))
        for lst in self._source_index.values():
            lst.sort(key=lambda kp: -len(kp[0]))
        self._source_keys = Keys(src_lang, None)
        self._source_lemma_cache: dict[str, frozenset[str]] = {}
        self._keys = Keys(tgt_lang, stemmer)
        self._position = {id(e): n for n, e in enumerate(self.entries)}
        # Renderings with their keys as tuples (the term base may give lists), per entry.
        for e in self.entries:
            for r in e.renderings:
                r.key = tuple(r.key)
        self._renderings = [[r for r in e.renderings if r.key] for e in self.entries]
        self._lemma_cache: dict[str, frozenset[str]] = {}
        self._uses: dict[int, list[_Use]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.entries)

    def _extend(self, text: str, start: int, end: int) -> tuple[tuple[str, ...], str, int, int] | None:
        """The noun phrase around a one-word rendering ("kierownicy" in "kierownicy
        księgowości"), so an unknown rendering is reported whole; None when there is none."""
        from tm.terms import phrase_spans, tokens

        tok = tokens(text, self.tgt_lang)
        idx = [i for i, (a, b) in enumerate(zip(tok.starts, tok.ends)) if a >= start and b <= end]
        if len(idx) != 1:
            return None
        i = idx[0]
        best = None
        for sp in phrase_spans(tok, self.tgt_lang):
            # The shortest phrase around the word: "doradcy klienta", not "przypadkach doradcy klienta".
            if sp.start <= i < sp.end and 1 < sp.end - sp.start <= _EXTEND_MAX_WORDS:
                if best is None or (sp.end - sp.start, sp.start) < (best.end - best.start, best.start):
                    best = sp
        if best is None:
            return None
        words = tok.words[best.start : best.end]
        key = self._keys.key(words)[0]
        shown = self._keys.display(words, lambda w: not (len(w) > 1 and w.isupper()))
        return key, shown, tok.starts[best.start], tok.ends[best.end - 1]

    def _target_lemmas(self, word: str) -> frozenset[str]:
        hit = self._lemma_cache.get(word)
        if hit is None:
            hit = self._lemma_cache[word] = frozenset(self._keys.lemmas(word)[0]) | {word.lower()}
        return hit

    def _find_terms(self, text: str) -> list[tuple[int, int, tuple]]:
        """(start, end, entries) of source terms in ``text``: leftmost-longest, not overlapping,
        any inflection; the same matching as tm.terms.TermMatcher.find, with lemma sets cached."""
        from tm.terms import tokens

        tok = tokens(text, self.src_lang)
        n_words = len(tok.words)
        if not n_words:
            return []
        cache, keys = self._source_lemma_cache, self._source_keys
        lemma_sets = []
        for w in tok.words:
            ls = cache.get(w)
            if ls is None:
                ls = frozenset(keys.lemmas(w)[0]) | {w.lower()}
                if "-" in w.strip("-"):
                    # A one-word term inside a hyphenated compound counts: "password-based"
                    # has "password", and its rendering must be in the target too.
                    for part in w.split("-"):
                        if len(part) > 2:
                            ls |= frozenset(keys.lemmas(part)[0]) | {part.lower()}
                cache[w] = ls
            lemma_sets.append(ls)
        index = self._source_index
        out = []
        i = 0
        while i < n_words:
            best = None
            for lemma in lemma_sets[i]:
                for key, payload in index.get(lemma, ()):
                    m = len(key)
                    if best is not None and m <= best[0]:
                        break  # longest first: nothing longer follows
                    if i + m <= n_words and all(
                        key[x] in lemma_sets[i + x] and tok.joined[i + x - 1] for x in range(1, m)
                    ):
                        best = (m, payload)
                        break
            if best is None:
                i += 1
                continue
            m, payload = best
            out.append((tok.starts[i], tok.ends[i + m - 1], payload))
            i += m
        return out

    def _find_renderings(self, text: str, wanted: dict[int, list]) -> list[tuple[int, object, int, int]]:
        """(entry, rendering, start, end) of every occurrence, overlapping ones included, of the
        renderings of the ``wanted`` entries only (by lemma key, any inflection). Looking up only
        the terms the source has is what keeps a 1,000-entry glossary cheap."""
        from tm.terms import tokens

        tok = tokens(text, self.tgt_lang)
        if not tok.words:
            return []
        lemma_sets = [self._target_lemmas(w) for w in tok.words]
        n_words = len(lemma_sets)
        firsts = {r.key[0] for rs in wanted.values() for r in rs}
        at: dict[str, list[int]] = {}
        for i, ls in enumerate(lemma_sets):
            for lemma in ls & firsts:
                at.setdefault(lemma, []).append(i)
        out = []
        for n, renderings in wanted.items():
            for r in renderings:
                key = r.key
                for i in at.get(key[0], ()):
                    m = len(key)
                    if i + m <= n_words and all(
                        key[x] in lemma_sets[i + x] and tok.joined[i + x - 1] for x in range(1, m)
                    ):
                        out.append((n, r, tok.starts[i], tok.ends[i + m - 1]))
        return out

    def observe(self, pair: Pair) -> None:
        """Record how ``pair`` renders each term its source has (see ``check``)."""
        if not pair.target.strip():
            return
        s_matches = self._find_terms(pair.source)
        if not s_matches:
            return
        position = self._position
        here: dict[int, list[Span]] = {}
        for start, end, payload in s_matches:
            for e in payload:
                here.setdefault(position[id(e)], []).append(Span("source", start, end))
        wanted = {n: self._renderings[n] for n in here}
        by_span: dict[tuple[int, int, tuple[str, ...]], list] = defaultdict(list)
        for n, r, a, b in self._find_renderings(pair.target, wanted):
            by_span[(a, b, r.key)].append((n, r))
        hits: dict[int, list] = defaultdict(list)
        for (a, b, _key), claims_ in by_span.items():
            # A target phrase known as the rendering of several terms of this source goes to
            # the term whose rendering it most surely is (a glossary status, then the count):
            # "prowizję" renders "sales commission", not "account executive" beside it.
            m = _Hit(a, b)
            claims = []
            for n, r in claims_:
                e = self.entries[n]
                linked = self.links is not None and r.key in self.links.get((id(e), pair.id), ())
                if self.links is not None and r.status is None and r.count < 2 and not linked:
                    continue  # seen once elsewhere: too weak to say this pair uses it
                claims.append(((r.status is not None, r.count >= 2, linked, r.count), n, r))
            if not claims:
                continue
            best = max(c[0] for c in claims)
            for score, n, r in claims:
                if score == best:
                    hits[n].append((r, m))
        out = self._uses
        for n, s_spans in here.items():
            found = _outermost(hits.get(n, []))
            allowed = sorted((h for h in found if h[0].status in ALLOWED), key=lambda h: h[0].status != "preferred")
            banned = [h for h in found if h[0].status in BANNED]
            other = [h for h in found if h[0].status not in ALLOWED + BANNED]

            def spans_of(key: tuple[str, ...]) -> list[Span]:
                return [Span("target", m.start, m.end) for r, m in found if r.key == key]

            if allowed or banned:
                r, m = (allowed or banned)[0]
                spans = spans_of(r.key) + [Span("target", mb.start, mb.end) for rb, mb in banned if rb is not r]
                out[n].append(_Use(pair, r.key, r.text, r.status, s_spans, spans))
            elif other:
                # The term base's own link in this pair, else the most established rendering.
                links = self.links.get((id(self.entries[n]), pair.id), set()) if self.links is not None else set()
                r, m = max(other, key=lambda h: (h[0].count >= 2, h[0].key in links, h[0].count))
                key, text, spans = r.key, r.text, spans_of(r.key)
                if len(r.key) == 1:
                    wider = self._extend(pair.target, m.start, m.end)
                    if wider is not None:
                        key, text = wider[0], wider[1]
                        spans = [Span("target", wider[2], wider[3])]
                out[n].append(_Use(pair, key, text, None, s_spans, spans))
            else:
                out[n].append(_Use(pair, None, None, None, s_spans, []))

    def uses(self, pairs: Sequence[Pair]) -> dict[int, list[_Use]]:
        """For each entry (by position in ``self.entries``), how each pair whose source has
        the term renders it (the pairs seen by ``observe`` so far, then ``pairs``)."""
        for pair in pairs:
            self.observe(pair)
        out, self._uses = self._uses, defaultdict(list)
        return out

    def check(self, pairs: Sequence[Pair]) -> tuple[list[Finding], list[TermGroup]]:
        """Glossary adherence, forbidden/deprecated renderings and cross-segment inconsistency;
        and one group per term whose renderings differ (or break the glossary)."""
        findings: list[Finding] = []
        groups: list[TermGroup] = []
        for n, uses in sorted(self.uses(pairs).items()):
            e = self.entries[n]
            allowed = [r for r in e.renderings if r.status in ALLOWED]
            allowed.sort(key=lambda r: r.status != "preferred")
            expected = [r.text for r in allowed]
            by_key: dict[tuple[str, ...] | None, list[_Use]] = defaultdict(list)
            for u in uses:
                by_key[u.key].append(u)
            flagged_keys: set = set()
            entry_findings: list[Finding] = []
            if allowed:
                basis, proposed = "glossary", expected[0]
                has_preferred = allowed[0].status == "preferred"
                for u in uses:
                    if u.status == "preferred" or (u.status == "admitted" and not has_preferred):
                        continue
                    flagged_keys.add(u.key)
                    if u.status == "admitted":
                        # Allowed, but the glossary prefers another: a hint towards one rendering.
                        check, sev = "glossary-term", "info"
                        msg = f"\"{e.source}\" is rendered with the admitted \"{u.text}\"; the glossary prefers \"{proposed}\""
                    elif u.status in BANNED:
                        check = "forbidden-term" if u.status == "forbidden" else "deprecated-term"
                        msg = f"\"{e.source}\" is rendered with the {u.status} \"{u.text}\"; the glossary says \"{proposed}\""
                        sev = None
                    elif u.key is not None:
                        check, sev = "glossary-term", "error"
                        msg = f"\"{e.source}\" is rendered as \"{u.text}\"; the glossary says \"{proposed}\""
                    else:
                        check, sev = "glossary-term", "warning"
                        wanted = ", ".join(f'"{x}"' for x in expected)
                        msg = f"\"{e.source}\": the target has none of the glossary's renderings ({wanted}) nor another known one"
                    entry_findings.append(
                        make_finding(
                            check, u.pair, msg, severity=sev, term=e.source, found=u.text, expected=expected,
                            spans=u.source_spans + u.target_spans,
                        )
                    )
            else:
                basis = "majority"
                proposed_key = _majority(e, by_key)
                if proposed_key is None:
                    continue
                proposed = by_key[proposed_key][0].text
                top = sum(len(v) for k, v in by_key.items() if k is not None and _compatible(e, k, proposed_key))
                if top < 2:
                    continue  # one use against one other is no majority to hold the rest to
                expected = [proposed] if proposed else []
                for u in uses:
                    if u.status in BANNED:
                        check = "forbidden-term" if u.status == "forbidden" else "deprecated-term"
                        flagged_keys.add(u.key)
                        entry_findings.append(
                            make_finding(
                                check, u.pair,
                                f"\"{e.source}\" is rendered with the {u.status} \"{u.text}\"" + (f"; elsewhere \"{proposed}\"" if u.key != proposed_key else ""),
                                term=e.source, found=u.text, expected=expected if u.key != proposed_key else [],
                                spans=u.source_spans + u.target_spans,
                            )
                        )
                    elif u.key is not None and not _compatible(e, u.key, proposed_key):
                        flagged_keys.add(u.key)
                        entry_findings.append(
                            make_finding(
                                "term-inconsistency", u.pair,
                                f"\"{e.source}\" is rendered as \"{u.text}\" here ({len(by_key[u.key])}×) "
                                f"and as \"{proposed}\" in {top} other segment{'s' if top != 1 else ''}",
                                term=e.source, found=u.text, expected=expected,
                                spans=u.source_spans + u.target_spans,
                            )
                        )
            if not flagged_keys:
                continue
            findings += entry_findings
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
            groups.append(TermGroup(e.source, proposed, basis, expected, renderings))
        groups.sort(key=lambda g: (-sum(r.count for r in g.renderings if r.flagged), g.term))
        return findings, groups


def _outermost(hits: list) -> list:
    """Hits (rendering, match) not inside a longer hit of the same term: "kierownicy ds.
    rachunków", not also "kierownicy" alone. A hit with a glossary status always stays."""
    out = []
    for r, m in hits:
        inside = any(
            (m2.start <= m.start and m.end <= m2.end and (m2.end - m2.start) > (m.end - m.start))
            for _r2, m2 in hits
        )
        if not inside or r.status is not None:
            out.append((r, m))
    return out


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


def merge_glossary(extracted: Sequence, glossary: Sequence) -> list:
    """Term-base entries with the glossary's statuses: a rendering the glossary lists takes its
    status and display form; glossary renderings never seen are added (count 0), and so are
    glossary terms the data never showed."""
    import copy

    out = [copy.deepcopy(e) for e in extracted]
    by_key = {tuple(e.source_key): e for e in out}
    for g in glossary:
        e = by_key.get(tuple(g.source_key))
        if e is None:
            e = copy.deepcopy(g)
            out.append(e)
            by_key[tuple(g.source_key)] = e
            continue
        e.source = g.source  # as the glossary writes it
        for gr in g.renderings:
            r = next((r for r in e.renderings if tuple(r.key) == tuple(gr.key)), None)
            if r is None:
                r = copy.deepcopy(gr)
                r.count = 0
                e.renderings.append(r)
            else:
                r.status = gr.status
                r.text = gr.text
    return out


def extract_entries(pairs: Sequence[Pair], src_lang: str, tgt_lang: str, glossary: Sequence = (), progress=None):
    """A term base built in memory from ``pairs`` (tm.terms.extract_terms), glossary as prior,
    with the glossary's statuses merged in; returns (entries, stemmer)."""
    from tm.terms import extract_terms

    extraction = extract_terms(
        [(n, p.source, p.target) for n, p in enumerate(pairs)], src_lang, tgt_lang, glossary=list(glossary), progress=progress
    )
    return merge_glossary(extraction.entries, glossary), extraction.stemmer


def build_index(pairs: Sequence[Pair], src_lang: str, tgt_lang: str, glossary: Sequence = (), progress=None) -> TermIndex:
    """A TermIndex over a term base extracted from ``pairs`` themselves (nothing stored)."""
    entries, stemmer = extract_entries(pairs, src_lang, tgt_lang, glossary, progress)
    return TermIndex(entries, src_lang, tgt_lang, stemmer, pair_ids=[p.id for p in pairs])


# -- running the checks ------------------------------------------------------------------------

PAIR_CHECKS = (
    "untranslated",
    "numbers",
    "urls",
    "placeholders",
    "markup",
    "broken-markup",
    "doubled-punctuation",
    "doubled-word",
)


def pair_findings(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList, enabled: frozenset[str]) -> list[Finding]:
    """The checks that look at one pair alone."""
    out: list[Finding] = []
    if not pair.target.strip():
        return out
    if "untranslated" in enabled:
        out += untranslated(pair, src_lang, tgt_lang, keep)
    if "numbers" in enabled:
        out += numbers(pair, src_lang, tgt_lang)
    if "urls" in enabled:
        out += urls(pair)
    if "placeholders" in enabled:
        out += placeholders(pair)
    if "markup" in enabled:
        out += markup(pair)
    if "broken-markup" in enabled:
        out += broken_markup(pair)
    if "doubled-punctuation" in enabled:
        out += doubled_punctuation(pair, tgt_lang)
    if "doubled-word" in enabled:
        out += doubled_words(pair, src_lang, tgt_lang)
    return out


def default_workers() -> int:
    """Processes ``tm check`` uses: $TM_CHECK_WORKERS, else one per core (at most 4)."""
    env = os.environ.get("TM_CHECK_WORKERS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise InputError("TM_CHECK_WORKERS", f"not a number of processes: {env!r}") from None
    return max(1, min(4, os.cpu_count() or 1))


def _workers(total: int, requested: int | None) -> int:
    """Processes for the per-pair work. Forked workers check chunks of pairs in parallel; a
    small job, or a platform without fork, stays in one process. The library default is one
    process (``requested`` None): the HTTP service must not fork from its threads."""
    import multiprocessing

    if not requested or requested < 2 or total < 2 * _CHUNK or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return requested


_CHUNK = 2_000


def _check_range(pairs, start, end, src_lang, tgt_lang, keep, enabled, terms, progress=None) -> list[Finding]:
    """Per-pair checks, and the term index's observations, for ``pairs[start:end]``."""
    out: list[Finding] = []
    total = len(pairs)
    for n in range(start, end):
        pair = pairs[n]
        out += pair_findings(pair, src_lang, tgt_lang, keep, enabled)
        if terms is not None:
            terms.observe(pair)  # while the pair's words are in the caches
        if progress and ((n + 1) % 500 == 0 or n + 1 == total):
            progress(n + 1, total)
    return out


_JOB: tuple | None = None  # the work a forked worker inherits (pairs are not pickled to it)


def _run_chunk(bounds: tuple[int, int]):
    """A worker's chunk. The pairs' texts are not sent back (the parent has them): findings and
    term uses travel with the pair's position instead, which keeps the pickles small."""
    pairs, src_lang, tgt_lang, keep, enabled, terms = _JOB
    found = []
    for n in range(bounds[0], bounds[1]):
        for f in _check_range(pairs, n, n + 1, src_lang, tgt_lang, keep, enabled, terms):
            f.source = f.target = ""
            found.append((n, f))
    uses = {}
    if terms is not None:
        index_of = {id(pairs[n]): n for n in range(bounds[0], bounds[1])}
        for entry, lst in terms._uses.items():
            for u in lst:
                u.pair = index_of[id(u.pair)]
            uses[entry] = lst
        terms._uses = defaultdict(list)
    return bounds, found, uses


def _parallel(pairs, src_lang, tgt_lang, keep, enabled, terms, workers, progress) -> list[Finding]:
    """The per-pair work in forked processes, chunk by chunk; results merged in pair order."""
    import multiprocessing

    global _JOB
    _JOB = (pairs, src_lang, tgt_lang, keep, enabled, terms)
    chunks = [(a, min(a + _CHUNK, len(pairs))) for a in range(0, len(pairs), _CHUNK)]
    results = {}
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = 0
            for bounds, found, uses in pool.imap_unordered(_run_chunk, chunks):
                results[bounds] = (found, uses)
                done += bounds[1] - bounds[0]
                if progress:
                    progress(done, len(pairs))
    finally:
        _JOB = None
    out: list[Finding] = []
    for bounds in chunks:
        found, uses = results[bounds]
        for n, f in found:
            f.source, f.target = pairs[n].source, pairs[n].target
            out.append(f)
        if terms is not None:
            for entry, lst in uses.items():
                for u in lst:
                    u.pair = pairs[u.pair]
                terms._uses[entry].extend(lst)
    return out


_PAUSE_FROM = 1_000  # pairs from which check_pairs pauses the collector
_pause_lock = threading.Lock()
_pauses = 0  # callers inside collector_paused, in any thread
_collector_was_on = False


@contextmanager
def collector_paused():
    """The cyclic garbage collector off while a large check runs. Checking a large memory
    creates millions of small objects that live until the report is written, and the collector
    kept walking them: a quarter of the time of a 100k-pair check, and in forked workers it
    also touches (and so copies) every page inherited from the parent. Nothing made here is
    cyclic garbage. The switch is process-wide, so overlapping callers (threads) are counted
    and the last one out turns the collector back on if it was on."""
    global _pauses, _collector_was_on
    with _pause_lock:
        if _pauses == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_on:
                gc.enable()


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per id: identical pairs with the same problem become one finding listing
    every segment."""
    merged: dict[str, Finding] = {}
    for f in findings:
        if f.id in merged:
            known = merged[f.id]
            known.segment_ids.extend(s for s in f.segment_ids if s not in known.segment_ids)
        else:
            merged[f.id] = f
    return list(merged.values())


def sort_findings(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    check_order = {c: i for i, c in enumerate(CHECKS)}
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_RANK[f.severity],
            check_order.get(f.check, 99),
            f.term or "",
            min((order.get(s, 1 << 30) for s in f.segment_ids), default=1 << 30),
            f.id,
        ),
    )


def check_pairs(
    pairs: Sequence[Pair],
    src_lang: str,
    tgt_lang: str,
    *,
    terms: "TermIndex | None" = None,
    keep: KeepList | None = None,
    suppressions: "Suppressions | None" = None,
    checks: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> Report:
    """Run every enabled check over ``pairs`` and apply the reviewers' decisions.

    ``terms`` (from ``tm.termcheck``) enables the term checks; without it they are skipped and
    the report says so. ``workers``: processes for the per-pair checks (see ``_workers``).
    """
    enabled = frozenset(checks) if checks is not None else frozenset(CHECKS)
    unknown = enabled - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown checks: {', '.join(sorted(unknown))}")
    keep = keep or KeepList()
    findings: list[Finding] = []
    notes: list[str] = []
    total = len(pairs)
    use_terms = terms is not None and bool(enabled & set(TERM_CHECKS))
    workers = _workers(total, workers)
    # Small checks (the HTTP service's) leave the collector alone: it is process-wide.
    with collector_paused() if total >= _PAUSE_FROM else nullcontext():
        if workers > 1:
            findings += _parallel(pairs, src_lang, tgt_lang, keep, enabled, terms if use_terms else None, workers, progress)
        else:
            findings += _check_range(pairs, 0, total, src_lang, tgt_lang, keep, enabled, terms if use_terms else None, progress)
        if enabled & {"inconsistent-target", "inconsistent-source"}:
            findings += [f for f in segment_consistency(pairs) if f.check in enabled]
        groups: list[TermGroup] = []
        if enabled & set(TERM_CHECKS):
            if terms is None:
                notes.append("no glossary or term base: term checks skipped")
            else:
                term_found, groups = terms.check(())
                findings += [f for f in term_found if f.check in enabled]
    findings = merge_duplicates(findings)
    order = {p.id: i for i, p in enumerate(pairs)}
    report = Report(src_lang, tgt_lang, len(pairs), [], groups, notes=notes)
    if suppressions is not None:
        open_, dismissed, stale = suppressions.apply(findings)
        report.dismissed = dismissed
        report.stale = stale
    else:
        open_ = findings
    report.findings = sort_findings(open_, order)
    return report


# -- reviewers' decisions ----------------------------------------------------------------------

SUPPRESSION_STATUSES = ("accepted", "suppressed")
SUPPRESSION_HEADER = ("id", "status", "check", "term", "segments", "reason", "created")
DEFAULT_SUPPRESSIONS = "suppressions.tsv"
DEFAULT_KEEP = "keep-untranslated.txt"


@dataclass
class Suppression:
    id: str
    status: str  # accepted: right, but kept on purpose; suppressed: a false alarm
    check: str = ""
    term: str = ""
    segments: str = ""
    reason: str = ""
    created: str = ""


class Suppressions:
    """The reviewers' decisions, kept in a TSV file next to the glossary
    (``glossaries/suppressions.tsv``): one finding id a line with its status and a reason."""

    def __init__(self, path: str | Path | None, entries: Iterable[Suppression] = ()):
        self.path = Path(path) if path is not None else None
        self.entries: dict[str, Suppression] = {e.id: e for e in entries}

    @classmethod
    def load(cls, path: str | Path) -> "Suppressions":
        """Read ``path``; a missing file is an empty list (the first decision creates it)."""
        p = Path(path)
        if not p.exists():
            return cls(p)
        from tm.read.documents import read_text_file

        text = read_text_file(p)
        entries = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if n == 1 and cells[0] == "id":
                continue
            if len(cells) < 2:
                raise InputError(str(p), "expected id<TAB>status[<TAB>check<TAB>term<TAB>segments<TAB>reason<TAB>created]", n)
            fid, status = cells[0].strip(), cells[1].strip()
            if not _FINDING_ID.fullmatch(fid):
                raise InputError(str(p), f"not a finding id: {fid!r}", n)
            if status not in SUPPRESSION_STATUSES:
                raise InputError(str(p), f"status must be accepted or suppressed, not {status!r}", n)
            rest = (cells + [""] * 7)[2:7]
            entries.append(Suppression(fid, status, *rest))
        return cls(p, entries)

    def apply(self, findings: list[Finding]) -> tuple[list[Finding], list[tuple[Finding, Suppression]], list[Suppression]]:
        """(open findings, dismissed findings with their decision, decisions matching nothing)."""
        open_, dismissed = [], []
        seen = set()
        for f in findings:
            s = self.entries.get(f.id)
            if s is None:
                open_.append(f)
            else:
                dismissed.append((f, s))
                seen.add(f.id)
        stale = [s for i, s in self.entries.items() if i not in seen]
        return open_, dismissed, stale

    def record(self, findings: Iterable[Finding], status: str, reason: str = "") -> list[Suppression]:
        """Add or update decisions for ``findings``, then write the file (atomically)."""
        import datetime as _dt

        if status not in SUPPRESSION_STATUSES:
            raise ValueError(f"status must be one of {SUPPRESSION_STATUSES}")
        if self.path is None:
            raise ValueError("no suppressions file")
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        added = []
        for f in findings:
            s = Suppression(
                f.id,
                status,
                f.check,
                _cell(f.term or f.found or ""),
                _cell(" ".join(f.segment_ids)),
                _cell(reason),
                now,
            )
            self.entries[f.id] = s
            added.append(s)
        self.save()
        return added

    def save(self) -> None:
        assert self.path is not None
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
        writer.writerow(SUPPRESSION_HEADER)
        for s in self.entries.values():
            writer.writerow([s.id, s.status, s.check, s.term, s.segments, s.reason, s.created])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with replaced_atomically(self.path) as tmp:
            Path(tmp).write_text(buf.getvalue(), encoding="utf-8", newline="")


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())



def review(report: Report, suppressions: Suppressions, *, accept: Iterable[str] = (), suppress: Iterable[str] = (), reason: str = "") -> list[Suppression]:
    """Record reviewers' decisions on findings of ``report`` by id, and take them out of its
    open findings. An id that is not in the report is refused (nothing is written)."""
    known = {f.id: f for f in report.findings}
    known.update({f.id: f for f, _s in report.dismissed})
    decisions = [(i.strip().lower(), "accepted") for i in accept] + [(i.strip().lower(), "suppressed") for i in suppress]
    unknown = [i for i, _s in decisions if i not in known]
    if unknown:
        raise InputError(str(suppressions.path), f"no finding with id {', '.join(unknown)} in this report")
    recorded: list[Suppression] = []
    for status in SUPPRESSION_STATUSES:
        chosen = [known[i] for i, s in decisions if s == status]
        if chosen:
            recorded += suppressions.record(chosen, status, reason)
    ids = {s.id for s in recorded}
    by_id = {s.id: s for s in recorded}
    report.dismissed = [(f, by_id.get(f.id, s)) for f, s in report.dismissed] + [
        (f, by_id[f.id]) for f in report.findings if f.id in ids
    ]
    report.findings = [f for f in report.findings if f.id not in ids]
    return recorded


# -- where the pairs come from -----------------------------------------------------------------


def pairs_from_alignment(result) -> list[Pair]:
    """The aligned (non-null) beads of a ``tm.pipeline.AlignmentResult``; ids name the source
    file and the source segment positions ("en.md#15-16")."""
    name = Path(str(result.source.path)).name
    out = []
    for p in result.pairs:
        if p.source and p.target:
            pos = str(p.source[0]) if len(p.source) == 1 else f"{p.source[0]}-{p.source[-1]}"
            out.append(Pair(f"{name}#{pos}", p.source_text, p.target_text))
    return out


def pairs_from_memory(db: str | Path, src_lang: str | None = None, tgt_lang: str | None = None) -> tuple[list[Pair], str, str]:
    """Pairs of one language pair in the memory; ids are the pairs' contexts ("en.md#12"),
    else their position. Several language pairs need ``src_lang``/``tgt_lang`` to choose.
    The memory is opened read-only: checking never writes, and another program's database
    is refused (InputError) rather than given tm's tables."""
    import sqlite3

    from tm.store import Memory

    if not Path(db).exists():
        raise InputError(str(db), "no such database")
    try:
        with Memory(db, readonly=True) as memory:
            langs = memory.language_pairs()
            wanted = [
                (s, t) for s, t, _n in langs if (src_lang is None or s == src_lang) and (tgt_lang is None or t == tgt_lang)
            ]
            if not wanted:
                raise InputError(str(db), "no pairs to check" + (f" for {src_lang or '*'}→{tgt_lang or '*'}" if src_lang or tgt_lang else ""))
            if len(wanted) > 1:
                raise InputError(
                    str(db),
                    "the memory holds several language pairs ("
                    + ", ".join(f"{s}→{t}" for s, t in wanted)
                    + "); choose one with --src-lang and --tgt-lang",
                )
            s_lang, t_lang = wanted[0]
            units = list(memory.units(s_lang, t_lang))
    except sqlite3.DatabaseError as e:
        raise InputError(str(db), f"not a tm database: {e}") from None
    pairs, seen = [], Counter()
    for n, u in enumerate(units, 1):
        base = u.context or f"#{n}"
        seen[base] += 1
        pid = base if seen[base] == 1 else f"{base}~{seen[base]}"
        pairs.append(Pair(pid, u.source, u.target))
    return pairs, s_lang, t_lang


def default_suppressions_path(glossary: str | Path | None) -> Path | None:
    """Decisions live next to the glossary: ``glossaries/suppressions.tsv``."""
    return Path(glossary).parent / DEFAULT_SUPPRESSIONS if glossary else None


def default_keep_path(glossary: str | Path | None) -> Path | None:
    if not glossary:
        return None
    p = Path(glossary).parent / DEFAULT_KEEP
    return p if p.exists() else None


# -- where term renderings come from -----------------------------------------------------------


def load_glossary_entries(path: str | Path, src_lang: str, tgt_lang: str) -> list:
    """A glossary file (TSV, CSV, TBX) as TermEntry objects, read by ``tm.glossary`` as
    ``tm import`` reads it. Its languages must be the checked pair's."""
    from tm.glossary import read_glossary

    if not Path(path).exists():
        raise InputError(str(path), "no such glossary")
    glossary = read_glossary(path, src_lang=src_lang, tgt_lang=tgt_lang)
    if (glossary.src_lang, glossary.tgt_lang) != (src_lang, tgt_lang):
        raise InputError(
            str(path), f"the glossary is {glossary.src_lang}→{glossary.tgt_lang} but the pairs are {src_lang}→{tgt_lang}"
        )
    return glossary.entries


def stored_entries(db: str | Path, src_lang: str, tgt_lang: str) -> tuple[list, object]:
    """The memory's term base (``tm terms build``) and its subword stemmer; ([], None) when it
    has none, also when the memory predates the term tables. Opened read-only: checking
    never writes."""
    from tm.store import TermBase

    with TermBase(db, src_lang, tgt_lang, readonly=True) as tb:
        entries = tb.entries()
        stemmer = tb.stemmer() if entries else None
    return entries, stemmer


def load_terms(
    pairs: Sequence[Pair],
    src_lang: str,
    tgt_lang: str,
    *,
    db: str | Path | None = None,
    glossary: str | Path | None = None,
    mode: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    glossary_entries: Sequence | None = None,
) -> tuple[TermIndex | None, list[str]]:
    """The TermIndex for ``run_check`` (see there for ``mode``), and notes for the report."""
    if glossary_entries is not None:
        gloss = list(glossary_entries)
    else:
        gloss = load_glossary_entries(glossary, src_lang, tgt_lang) if glossary is not None else []
    if mode == "off":
        if not gloss:
            return None, ["no glossary and --termbase off: term checks skipped"]
        return TermIndex(gloss, src_lang, tgt_lang), [f"term renderings from the glossary only ({len(gloss)} entries)"]
    if mode in ("auto", "stored") and db is not None:
        stored, stemmer = stored_entries(db, src_lang, tgt_lang)
        if stored:
            entries = merge_glossary(stored, gloss)
            index = TermIndex(entries, src_lang, tgt_lang, stemmer)
            return index, [f"term renderings from the stored term base ({len(stored)} entries)"]
        if mode == "stored":
            raise InputError(str(db), "this memory has no term base; run tm terms build, or use --termbase build")
    index = build_index(pairs, src_lang, tgt_lang, gloss, progress)
    return index, [f"term base built in memory from the {len(pairs)} checked pairs ({len(index)} entries)"]


# -- one call for the CLI and the service ------------------------------------------------------

TERMBASE_MODES = ("auto", "stored", "build", "off")


@collector_paused()
def run_check(
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
    db: str | Path | None = None,
    glossary: str | Path | None = None,
    suppressions: str | Path | None = None,
    keep: str | Path | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    checks: Iterable[str] | None = None,
    termbase: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> tuple[Report, Suppressions | None]:
    """Check two documents (aligned on the fly, nothing stored) or a memory's pairs.

    ``termbase`` chooses where term renderings come from: "stored" (the memory's term base,
    built by ``tm terms build``), "build" (a fresh one built from the checked pairs in a
    temporary database; the memory is never written), "off" (the glossary alone) or "auto"
    (stored when the memory has one, else build). The glossary's statuses always apply.
    Returns the report and the reviewers' decisions it was filtered with.
    """
    if termbase not in TERMBASE_MODES:
        raise ValueError(f"termbase must be one of {', '.join(TERMBASE_MODES)}")
    sources: dict[str, str] = {}
    if source is not None or target is not None:
        if source is None or target is None:
            raise InputError(str(source or target), "give both SOURCE and TARGET, or neither (then --db is checked)")
        from tm.align import align_files

        result = align_files(source, target, src_lang=src_lang, tgt_lang=tgt_lang)
        pairs = pairs_from_alignment(result)
        s_lang, t_lang = result.src_lang, result.tgt_lang
        sources.update(source=str(source), target=str(target))
        if termbase == "stored":
            raise InputError(str(source), "--termbase stored needs --db; two files have no stored term base")
    else:
        if db is None:
            raise InputError(None, "nothing to check: give SOURCE TARGET or --db")
        pairs, s_lang, t_lang = pairs_from_memory(db, src_lang, tgt_lang)
        sources["db"] = str(db)
    if not pairs:
        raise InputError(str(target or db), "no aligned pairs to check")
    if glossary is not None:
        sources["glossary"] = str(glossary)
    gloss = load_glossary_entries(glossary, s_lang, t_lang) if glossary is not None else []
    keep_path = Path(keep) if keep is not None else default_keep_path(glossary)
    keep_list = load_keep_list(keep_path) if keep_path is not None else KeepList()
    # A glossary term whose preferred rendering is the term itself (FINRA, public relations)
    # stays untranslated by decision.
    kept_by_glossary = [
        e.source for e in gloss for r in e.renderings if r.status == "preferred" and r.text.casefold() == e.source.casefold()
    ]
    if kept_by_glossary:
        keep_list = KeepList([" ".join(p) for p in keep_list.phrases] + kept_by_glossary)
    if keep_path is not None:
        sources["keep_untranslated"] = str(keep_path)
    supp_path = Path(suppressions) if suppressions is not None else default_suppressions_path(glossary)
    decisions = Suppressions.load(supp_path) if supp_path is not None else None
    if supp_path is not None:
        sources["suppressions"] = str(supp_path)
    terms, notes = load_terms(pairs, s_lang, t_lang, db=db, glossary=glossary, mode=termbase, glossary_entries=gloss)
    report = check_pairs(
        pairs, s_lang, t_lang, terms=terms, keep=keep_list, suppressions=decisions, checks=checks, progress=progress,
        workers=workers,
    )
    report.sources = sources
    report.notes = notes + [n for n in report.notes if not (terms is None and notes and "term checks skipped" in n)]
    return report, decisions
