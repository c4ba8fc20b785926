"""Sentence splitting with the LanguageTool SRX rules (choppa), aware of inline Markdown.

The rules read the visible text (tm.inline: link labels and code kept, markup characters
dropped), so "**Done.** Next" ends a sentence after the bold and a link target never ends
one. Each break is then moved back into the original text to the first place that is not
inside a link, emphasis or code span; a break with no such place is dropped, so a span is
never cut. Two corrections on top of the rules:

- a break before a lower-case letter is dropped: a sentence does not start in lower case,
  and the rules break there after unknown abbreviations and stray punctuation
  ("gratyfikacji,. która" in the seed);
- English: a break is added after an initialism ("U.S.") when a word that typically starts
  a sentence follows ("... in the U.S. The job ..."); the rules never break after one.

"r." after a year ("w maju 2021 r. średnia płaca") is kept together by the LanguageTool
Polish rules (a number, "r.", then no capital), and by the lower-case correction in any
case; before a capital ("podpisano w 2021 r. Następnie") it ends a sentence, as it usually
does, except after a sentence-initial "W 2021 r." (also a LanguageTool rule).

Languages without their own rules in the LanguageTool file get its "Generic" rule set
(the one it uses for lt, ml, tl): its "Default" rules only break before a no-break space,
so they would never split.
"""

from __future__ import annotations

import threading

import regex
from choppa import DEFAULT_SRX_RULESET, SrxDocument, SrxTextIterator

from tm import inline
from tm.text import primary_subtag

_lock = threading.Lock()
_document: SrxDocument | None = None
_rule_keys: dict[str, str] = {}

_PARAGRAPH = regex.compile(r"\n[ \t]*\n\s*")
_OWN_RULES_IGNORED = {"GeneralImportant", "ByLineBreak", "Default"}
_GENERIC_KEY = "und_one"  # BCP 47 "undetermined"; mapped to the Generic rules below

# Every break rule of the English, Polish and Generic rule sets (and of the rule sets
# cascaded with them) needs one of these characters before the break.
_BREAK_CHARS = regex.compile(r"[.!?\u2026:\n\r\u2029{<]")
_FAST_KEYS = ("en_one", "pl_one", _GENERIC_KEY)

_EN_INITIALISM_END = regex.compile(
    r"(?<![\p{L}.])(?:\p{Lu}\.){2,}\s+(?=(?:The|This|That|These|Those|It|Its|He|She|They|We|You|"
    r"There|In|On|At|For|But|However|As|If|When|While|According|After|Before|Since|Although|"
    r"Many|Most|Some|Other|Such|Each|Every|All)\b)"
)


def _srx() -> SrxDocument:
    global _document
    with _lock:
        if _document is None:
            document = SrxDocument(ruleset=DEFAULT_SRX_RULESET)
            generic = [r for r in document.get_language_rule_list("lt") if r.name == "Generic"]
            for rule in generic:
                document.add_language_map(_GENERIC_KEY, rule)
            _document = document
        return _document


def _rule_key(lang: str) -> str:
    """The SRX language key for a language code: "en" -> "en_one" (also breaking at newlines)."""
    code = primary_subtag(lang.strip()) or "und"
    key = _rule_keys.get(code)
    if key is None:
        document = _srx()
        names = {r.name for r in document.get_language_rule_list(f"{code}_one")}
        key = f"{code}_one" if regex.fullmatch(r"[a-z]{2,3}", code) and names - _OWN_RULES_IGNORED else _GENERIC_KEY
        _rule_keys[code] = key
    return key


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of ``text``, stripped and non-empty, markup spans never cut.

    Joining them with single spaces gives every non-space character of ``text`` in order.
    Blank lines always end a sentence; so do single line breaks (callers pass one block).
    """
    key = _rule_key(lang)
    english = key.startswith("en")
    out: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        if paragraph.strip():
            out.extend(_split_block(paragraph, key, english))
    return out


def _split_block(text: str, key: str, english: bool) -> list[str]:
    visible, where, spans = _visible(text)
    breaks = _breaks(visible, key, english)
    if spans or len(visible) != len(text):
        breaks = _move_out_of_spans(breaks, text, visible, where, spans)
    pieces = []
    start = 0
    for end in [*breaks, len(text)]:
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def _breaks(visible: str, key: str, english: bool) -> list[int]:
    """Break positions (0 < p < len) in the visible text."""
    if key in _FAST_KEYS and not _BREAK_CHARS.search(visible.rstrip()[:-1]):
        return []  # titles, list items, one-sentence paragraphs: nothing the rules could break
    found: set[int] = set()
    position = 0
    for segment in SrxTextIterator(_srx(), key, visible):
        position += len(segment)
        if position < len(visible):
            found.add(position)
    if english:
        found.update(m.end() for m in _EN_INITIALISM_END.finditer(visible))
    kept = []
    for p in sorted(found):
        following = visible[p:].lstrip()
        if following[:1].islower():
            continue  # no sentence starts in lower case
        kept.append(p)
    return kept


def _visible(text: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    """The visible text, the offset in ``text`` of each of its characters, and the spans
    (start, end) of links, emphasis and code, which a break must not cut."""
    tokens = inline.tokenize(text)
    if len(tokens) <= 1 and all(isinstance(t, inline.Text) for t in tokens):
        return text, list(range(len(text))), []
    chars: list[str] = []
    where: list[int] = []
    spans: list[tuple[int, int]] = []
    opened: dict[int, int] = {}
    pos = 0
    for t in tokens:
        if isinstance(t, inline.Text):
            chars.append(t.text)
            where.extend(range(pos, pos + len(t.text)))
            pos += len(t.text)
            continue
        if t.kind == "open":
            opened[t.i] = pos
        elif t.kind == "close":
            spans.append((opened.pop(t.i, pos), pos + len(t.code)))
        else:
            spans.append((pos, pos + len(t.code)))
            if t.type in ("code", "autolink"):
                shown = t.code.strip("`") if t.type == "code" else t.code[1:-1]
                offset = t.code.index(shown)
                chars.append(shown)
                where.extend(range(pos + offset, pos + offset + len(shown)))
        pos += len(t.code)
    return "".join(chars), where, spans


def _move_out_of_spans(
    breaks: list[int], text: str, visible: str, where: list[int], spans: list[tuple[int, int]]
) -> list[int]:
    """Map breaks in the visible text to ``text``: between the characters around the break,
    at the first position that no span strictly contains; drop the break if there is none."""
    inside = [0] * (len(text) + 2)  # inside[b] > 0: some span has start < b < end
    for s, e in spans:
        if e - s > 1:
            inside[s + 1] += 1
            inside[e] -= 1
    depth = 0
    for i in range(len(inside)):
        depth += inside[i]
        inside[i] = depth
    moved: list[int] = []
    for p in breaks:
        lo = where[p - 1] + 1
        hi = where[p]
        b = next((b for b in range(lo, hi + 1) if inside[b] == 0), None)
        if b is not None and (not moved or b > moved[-1]):
            moved.append(b)
    return moved

