"""Language-specific knowledge behind one small interface.

``get_language("pl")`` gives Polish (morfeusz2), ``"en"`` English, anything else a
generic fallback (simplemma where it knows the language, lower-casing otherwise).
Everything that matches, groups or counts words goes through ``lemmas``/``lemma``,
never through surface strings, because Polish inflects.
"""

from __future__ import annotations

from tm.lang.base import Language, Word
from tm.lang.registry import detect_language, get_language

__all__ = ["Language", "Word", "detect_language", "get_language"]
