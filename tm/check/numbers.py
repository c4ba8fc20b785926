"""Numbers and currencies: the source's numbers must be in the target, compared by value in
either locale convention ("57,504" = "57 504"), or written as words ("one page" = "1 stronę");
currencies by ISO code ("$" = "USD")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, Span, make_finding
from tm.check.text import get_language
from tm.text import NUMBER, visible

NUMBERS = CheckInfo("numbers", "error", "numbers or currencies differ")

_SPACE_SPLIT = regex.compile(r"[ \u00a0\u202f]")
_SPACE_SPLIT_KEEP = regex.compile(r"([ \u00a0\u202f])")
_FRACTION_TAIL = regex.compile(r"[.,].*")
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
    for m in NUMBER.finditer(vis):
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
                    NUMBERS,
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
                    NUMBERS,
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


def _check(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return numbers(pair, src_lang, tgt_lang)


REGISTERED = (PairCheck(NUMBERS, _check),)
