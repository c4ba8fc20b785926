"""The leverage summary of a pre-translation, as CAT tools report their analysis: segments and
words by match band.

Bands (the best match's score): 101% (identical source, and the same previous and next
segment), 100% (identical source), 95–99, 85–94, 75–84, and no match (nothing at 75 or above).
The bands do not move with ``--threshold``: the threshold decides what is filled, the analysis
reports what the memory holds.

Words: a word is a run of letters and digits, joined across an inner apostrophe or hyphen
("don't", "e-mail", "3.5" is two words: 3 and 5), counted on the visible text (Markdown and
XLIFF inline codes and placeholders such as ``%s`` or ``{name}`` are not words). Repetitions
within the file are not a band of their own: a repeated segment is counted in its band each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tm import inline

BANDS = ("101%", "100%", "95-99%", "85-94%", "75-84%", "no match")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CODE = re.compile(r"%(?:\([A-Za-z0-9_.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXoeEgGcr]|%\d+\$[sdif]|\{\{[^{}]*\}\}|\{[A-Za-z0-9_.:!]*\}")


def word_count(text: str) -> int:
    """Words in ``text`` as the summary counts them (see the module's doc)."""
    return len(_WORD.findall(_CODE.sub(" ", inline.plain_text(text))))


def band(score: float | None) -> str:
    if score is None or score < 75:
        return "no match"
    if score >= 101:
        return "101%"
    if score >= 100:
        return "100%"
    if score >= 95:
        return "95-99%"
    if score >= 85:
        return "85-94%"
    return "75-84%"


@dataclass
class Leverage:
    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))

    def add(self, text: str, score: float | None) -> None:
        b = band(score)
        self.segments[b] += 1
        self.words[b] += word_count(text)

    def as_dict(self) -> dict:
        total_words = sum(self.words.values())
        return {
            "bands": [
                {"band": b, "segments": self.segments[b], "words": self.words[b],
                 "percent_words": round(100 * self.words[b] / total_words, 1) if total_words else 0.0}
                for b in BANDS
            ],
            "total": {"segments": sum(self.segments.values()), "words": total_words},
        }
