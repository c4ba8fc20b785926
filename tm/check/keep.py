"""The keep list: words and phrases that stay untranslated in a project (brand names, FINRA).

It lives next to the glossary (``glossaries/keep-untranslated.txt``), one word or phrase a
line.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

from tm.read import read_text_file

DEFAULT_KEEP = "keep-untranslated.txt"


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
    text = read_text_file(path)
    phrases = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            phrases.append(line)
    return KeepList(phrases)


def default_keep_path(glossary: str | Path | None) -> Path | None:
    """The keep list next to the glossary, if there is one."""
    if not glossary:
        return None
    p = Path(glossary).parent / DEFAULT_KEEP
    return p if p.exists() else None

