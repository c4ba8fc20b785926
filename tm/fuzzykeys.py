"""The keys fuzzy lookup computes from a text, shared by tm.fuzzy and the PostgreSQL store
(tm.store.pgsearch, which writes them with each pair): the normalised text similarity is
computed on, the language-pair key, the lengths that can reach a score."""

from __future__ import annotations

import re

import numpy as np

from tm import inline

_MARKUP_CHARS = re.compile(r"[`*_<\[!]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise(text: str) -> str:
    """Visible text, case-folded, whitespace collapsed: what similarity is computed on."""
    if _MARKUP_CHARS.search(text):
        text = inline.plain_text(text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return " ".join(text.casefold().split())


def lang_key(code: str) -> str:
    """Language codes as the index groups them: the primary subtag, lower-case."""
    return re.split(r"[-_@.]", code.strip(), maxsplit=1)[0].lower()


def length_bounds(length: int, min_score: float) -> tuple[int, int]:
    """Source lengths that can reach ``min_score`` against a query of ``length`` characters.

    ratio = 1 - indel/(m+n) and indel >= |m-n|, so ratio >= r needs
    m*r/(2-r) <= n <= m*(2-r)/r.
    """
    r = max(min(min_score / 100.0, 1.0), 0.01)
    lo = int(np.ceil(length * r / (2 - r) - 1e-9))
    hi = int(np.floor(length * (2 - r) / r + 1e-9))
    return max(lo, 0), hi
