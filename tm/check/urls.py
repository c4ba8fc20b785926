"""URLs and link targets: the source's links, autolinks, HTML href/src and bare URLs must all
be in the target."""

from __future__ import annotations


from tm import inline
from tm.check.keep import KeepList
from tm.check.model import CheckInfo, Finding, Pair, PairCheck, item_difference
from tm.text import HTML_URL_ATTRIBUTE, URL, URL_HINT, tokens_with_offsets

URLS = CheckInfo("urls", "error", "URLs or link targets differ")



def find_urls(text: str) -> list[tuple[str, int, int]]:
    """(URL, start, end): link and image targets, autolinks, HTML href/src and bare URLs."""
    out: list[tuple[str, int, int]] = []
    if not (URL_HINT.search(text) or "](" in text or "<" in text):
        return out
    for pos, t in tokens_with_offsets(text):
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
            for m in HTML_URL_ATTRIBUTE.finditer(t.code):
                g = 1 if m.group(1) is not None else 2
                out.append((m.group(g), pos + m.start(g), pos + m.end(g)))
    if not URL_HINT.search(text):
        return out
    # Bare URLs, in the text with markup blanked (link targets were taken above).
    chars = list(text)
    for pos, t in tokens_with_offsets(text):
        if isinstance(t, inline.Tag):
            for i in range(pos, pos + len(t.code)):
                chars[i] = " "
    for m in URL.finditer("".join(chars)):
        url = m.group().rstrip(".,;:!?")
        out.append((url, m.start(), m.start() + len(url)))
    return out


def urls(pair: Pair) -> list[Finding]:
    return item_difference(URLS, pair, find_urls(pair.source), find_urls(pair.target), "links differ", ", ")


def _check(pair: Pair, src_lang: str, tgt_lang: str, keep: KeepList) -> list[Finding]:
    return urls(pair)


REGISTERED = (PairCheck(URLS, _check),)
