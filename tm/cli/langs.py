"""Which languages a command works in: the memory's own pair when the user names none, and
the check that a document pair is not stored the wrong way round."""

from __future__ import annotations

import os

from tm.errors import InputError
from tm.text import primary_subtag


def held_pairs(db: str) -> list[tuple[str, str, int]]:
    """The language pairs the memory holds, most pairs first ([] for a missing or empty file)."""
    from tm.store import Memory  # heavy: imported when run, so --help and completion stay fast
    if not os.path.isfile(db) or os.path.getsize(db) == 0:
        return []
    with Memory(db, readonly=True) as memory:
        return memory.language_pairs()


def describe(pairs: list[tuple[str, str, int]]) -> str:
    return ", ".join(f"{s}→{t} ({n} pairs)" for s, t, n in pairs) or "no pairs"


def memory_pair(db: str, src_lang: str | None, tgt_lang: str | None) -> tuple[str, str]:
    """The language pair to look up in: the one the memory holds that fits what was given.

    Several fit (or none): InputError listing the pairs the memory holds."""
    src = primary_subtag(src_lang) if src_lang else None
    tgt = primary_subtag(tgt_lang) if tgt_lang else None
    held = held_pairs(db)
    fitting = [(s, t) for s, t, _ in held if src in (None, s) and tgt in (None, t)]
    if len(fitting) == 1:
        return fitting[0]
    if src and tgt and not held:
        return src, tgt
    if not fitting:
        asked = f"{src or '*'}→{tgt or '*'}"
        raise InputError(db, f"the memory holds no {asked} pairs; it holds {describe(held)}")
    raise InputError(db, f"the memory holds several language pairs ({describe(held)}); choose one with --src-lang and --tgt-lang")


def check_direction(db: str | None, src_lang: str, tgt_lang: str, given: bool, source: str, target: str,
                    detected: tuple[str | None, str | None]) -> None:
    """Refuse to store a document pair the wrong way round.

    ``detected`` are the languages the two documents read as (None: too little text to tell).
    With languages given, refused when the documents read as the reverse of them; without, when
    the memory holds the reverse pair and not this one (en.md and pl.md swapped on the command
    line of an en→pl memory)."""
    d_src, d_tgt = detected
    if given and (d_src, d_tgt) == (tgt_lang, src_lang):
        raise InputError(
            source,
            f"reads as {d_src} and {target} as {d_tgt}, the reverse of --src-lang {src_lang} --tgt-lang {tgt_lang}: "
            "swap the files, or pass --no-language-check to store them as given",
        )
    if given or db is None:
        return
    held = held_pairs(db)
    pairs = {(s, t) for s, t, _ in held}
    if (tgt_lang, src_lang) in pairs and (src_lang, tgt_lang) not in pairs:
        raise InputError(
            source,
            f"reads as {src_lang} and {target} as {tgt_lang}, but {db} holds {describe(held)}: swap the files, "
            f"or give --src-lang {src_lang} --tgt-lang {tgt_lang} to store {src_lang}→{tgt_lang} pairs",
        )
