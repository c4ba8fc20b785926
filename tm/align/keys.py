"""What the scorer knows about a segment: its keys in the space shared by both languages.

Numbers (normalised, so "$57,504" meets "57 504 USD"), link targets, names and codes written
the same on both sides (FINRA, Glassdoor.com, %s, --help), cognate stems ("finan" in
financial/finansów), and lemma translations (glossary entries; in the second pass, pairs
learnt from the first). A source segment's keys are what it can match, a target segment's
what it offers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from tm import inline
from tm.lang import get_language
from tm.text import ALIGN_PLACEHOLDER, numbers_in


@dataclass
class SegmentInfo:
    """What the scorer needs to know about one segment."""

    length: int
    keys: frozenset[str]  # source side: keys it can match; target side: keys it offers
    size: int  # content words plus anchors: the denominator of the similarity
    numbers: frozenset[str]
    block: int
    kind: str
    lemmas: tuple[str, ...]
    block_start: bool


@dataclass
class SegmentBase:
    """The part of a segment's keys that does not depend on the dictionary: computed once."""

    keys: frozenset[str]
    numbers: frozenset[str]
    size: int
    length: int
    lemmas: tuple[str, ...]


def segment_base(raw: str, text: str, words: list[tuple[str, str]], is_source: bool) -> SegmentBase:
    """Numbers, link targets, codes, cognate stems and (target side) lemmas of one segment."""
    keys: set[str] = set()
    numbers = frozenset("#" + n for n in numbers_in(text))
    keys.update(numbers)
    links = inline.link_targets(raw) if ("](" in raw or "<" in raw) else []
    keys.update("@" + u for u in links)
    anchors = set(numbers)
    for tok in _CODE_LIKE.findall(text):
        if is_code_like(tok):
            keys.add("=" + tok.lower())
            anchors.add(tok)
    for lemma, surface in words:
        stem = _cognate_cached(surface)
        if stem:
            keys.add("~" + stem)
        if not is_source:
            keys.add(":" + lemma)
    return SegmentBase(
        keys=frozenset(keys),
        numbers=numbers,
        size=len(words) + len(anchors) + len(links),
        length=max(1, len(text)),
        lemmas=tuple(dict.fromkeys(l for l, _ in words)),
    )


def segment_info(
    i: int,
    base: SegmentBase,
    blocks: Sequence[int],
    kinds: Sequence[str],
    dictionary: dict[str, set[str]],
    is_source: bool,
) -> SegmentInfo:
    """Segment ``i`` of a side from its ``base``; source lemmas are looked up in ``dictionary``."""
    keys = base.keys
    if is_source and dictionary:
        found = {":" + t for lemma in base.lemmas for t in dictionary.get(lemma, ())}
        if found:
            keys = keys | found
    block = blocks[i]
    return SegmentInfo(
        length=base.length,
        keys=keys,
        size=base.size,
        numbers=base.numbers,
        block=block,
        kind=kinds[i],
        lemmas=base.lemmas,
        block_start=i == 0 or blocks[i - 1] != block,
    )


def content_words(text: str, lang_code: str) -> list[tuple[str, str]]:
    """(lemma, surface) of content words; anchors handled separately."""
    lang = get_language(lang_code)
    out = []
    for w in lang.words(text):
        word = w.text
        if len(word) < 2 or not any(c.isalpha() for c in word) or lang.is_stopword(word.lower()):
            continue
        out.append((lemma_of(lang, word), word))
    return out


def glossary_dictionary(glossary: Sequence[tuple[str, str]], src_lang: str, tgt_lang: str) -> dict[str, set[str]]:
    """Source lemma -> target lemmas, from the glossary's terms."""
    pairs: dict[str, set[str]] = defaultdict(set)
    s_lang, t_lang = get_language(src_lang), get_language(tgt_lang)
    for s_term, t_term in glossary:
        s_lemmas = [lemma_of(s_lang, w.text) for w in s_lang.words(s_term) if not s_lang.is_stopword(w.text.lower())]
        t_lemmas = [lemma_of(t_lang, w.text) for w in t_lang.words(t_term) if not t_lang.is_stopword(w.text.lower())]
        for s in s_lemmas:
            pairs[s].update(t_lemmas)
    return pairs


def codes(raw: str) -> list[str]:
    """Placeholders, markup and numbers: what a translation carries over unchanged."""
    markup = [f"<{t.type}:{t.kind}>" for t in inline.tags(raw)]
    return ALIGN_PLACEHOLDER.findall(raw) + markup + numbers_in(ALIGN_PLACEHOLDER.sub(" ", inline.plain_text(raw)))


_CODE_LIKE = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%\([a-z_]+\)[sd]|\{[\w.]*\}|--?[a-zA-Z][\w-]*|[\w.-]*[A-Z][\w.-]*|\S+\.\S+")


def is_code_like(tok: str) -> bool:
    """Tokens translators leave untouched: acronyms, names with capitals, placeholders, options, domains."""
    if tok.startswith(("%", "{", "-")) and len(tok) > 1:
        return True
    if "." in tok.strip(".") and any(c.isalpha() for c in tok):
        return True
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2  # FINRA, USD, iOS


_TRANSLIT = [("ph", "f"), ("th", "t"), ("ch", "h"), ("qu", "kv"), ("x", "ks"), ("c", "k"), ("w", "v"), ("y", "i")]


def cognate_key(word: str) -> str | None:
    """A crude stem shared by EN-PL cognates: finansowy/financial, technologia/technology."""
    w = unicodedata.normalize("NFKD", word.lower().replace("ł", "l"))
    w = "".join(c for c in w if c.isalpha() and not unicodedata.combining(c))
    if len(w) < 5:
        return None
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1", r"\1", w)
    return w[:5] if len(w) >= 5 else None


_COGNATE_CACHE: dict[str, str | None] = {}


def _cognate_cached(word: str) -> str | None:
    stem = _COGNATE_CACHE.get(word, "")
    if stem == "":
        stem = cognate_key(word)
        if len(_COGNATE_CACHE) < 500_000:
            _COGNATE_CACHE[word] = stem
    return stem


_LEMMA_CACHE: dict[tuple[str, str], str] = {}


def lemma_of(lang, word: str) -> str:
    """``lang.lemma(word)``, cached (the aligner asks for the same words many times)."""
    key = (lang.code, word)
    lemma = _LEMMA_CACHE.get(key)
    if lemma is None:
        lemma = lang.lemma(word)
        if len(_LEMMA_CACHE) < 500_000:
            _LEMMA_CACHE[key] = lemma
    return lemma
