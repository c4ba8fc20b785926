"""Inline markup: links, bold, italic, images, code and HTML elements must carry over
("markup"), and the target's markup must nest and close ("broken-markup")."""

from __future__ import annotations

import regex

from tm import inline
from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, Span, item_difference, make_finding
from tm.check.text import BRACKET_HINT
from tm.text import MARKUP_HINT, PLACEHOLDER, URL, tokens_with_offsets

MARKUP = CheckInfo("markup", "warning", "inline markup differs")
BROKEN_MARKUP = CheckInfo("broken-markup", "error", "broken markup in the target")

_HTML_TAG = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_ANY_HTML_TAG = regex.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_BOLD_MARK = regex.compile(r"\*\*")
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Real HTML elements: "<missing product>" or "<<original entry>>" in a message is text, not a tag
# (tm.inline.is_html_tag decides; the markup check compares only these elements).
HTML_ELEMENTS = inline.HTML_ELEMENTS


def _markup_items(text: str) -> list[tuple[str, int, int]]:
    """Markup that should carry over: link/bold/italic/image/code (code by its content), HTML
    tags by name."""
    out: list[tuple[str, int, int]] = []
    if not MARKUP_HINT.search(text):
        return out
    for pos, t in tokens_with_offsets(text):
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
    return item_difference(MARKUP, pair, _markup_items(pair.source), _markup_items(pair.target), "inline markup differs", ", ")


def _bracket_problems(text: str) -> list[tuple[str, int, int]]:
    """(description, start, end) of brackets that do not nest, odd "**" and "`", unmatched HTML
    tags. Code spans, placeholders, URLs and link targets are skipped (their brackets are data)."""
    if not BRACKET_HINT.search(text):
        return []
    chars = list(text)
    problems: list[tuple[str, int, int]] = []
    # Blank what is data, keep link syntax brackets: "[label](url)" -> "[label](   )".
    for pos, t in tokens_with_offsets(text):
        if isinstance(t, inline.Tag):
            if t.type == "link" and t.kind == "close":
                for i in range(pos + 2, pos + len(t.code) - 1):
                    chars[i] = " "
            elif t.type in ("code", "autolink", "image", "html"):
                for i in range(pos, pos + len(t.code)):
                    chars[i] = " "
    masked = "".join(chars)
    for m in PLACEHOLDER.finditer(masked):
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in URL.finditer(masked):
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
            BROKEN_MARKUP,
            pair,
            "broken markup: " + "; ".join(d for d, _a, _b in out),
            found="; ".join(pair.target[a:b] for _d, a, b in out),
            spans=[Span("target", a, b) for _d, a, b in out],
        )
    ]


def _markup(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return markup(pair)


def _broken_markup(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return broken_markup(pair)


REGISTERED = (PairCheck(MARKUP, _markup), PairCheck(BROKEN_MARKUP, _broken_markup))
