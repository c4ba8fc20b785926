"""Deterministic large translation memories and lookup queries made from real pairs.

Shared by benchmarks/lookup.py and benchmarks/load_test.py (not a test, not shipped).

Real pairs: every bead of corpora/real (*.en.txt / *.pl.txt / *.gold; Django, Wagtail,
allauth, Oscar and Sphinx messages with their Polish translations, ~6k beads), the lines of
a bead joined with a space. These are short software messages: median 19 characters.

A TM pair is one real pair, or (25%) two joined with a space, then varied with seeded
random operations, applied to the source and mirrored on the target where that makes sense:
- numbers: every number replaced by a random one (same on both sides); a pair without a
  number gets one inserted with probability 0.3 ("... 42");
- word order: two adjacent words swapped (p 0.2, source only);
- insertion: one or two words from the corpus vocabulary inserted (p 0.3, source only);
- deletion: one word deleted (p 0.2, sources of three words or more);
- case: the first letter's case flipped (p 0.1).
Sources are kept distinct (a repeat is drawn again), so 1,000,000 pairs means 1,000,000
different sources, about 170 variants of each real pair.

Queries (seeded independently of the TM): 80% near-duplicates of a random TM source with one
or two edits (a character typo, a word inserted, deleted or swapped, a number changed); 20%
"no good match": 3-10 vocabulary words drawn at random from the whole corpus, which rarely
resemble any source (those that still do are scored like the rest).
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tm.align.evaluate import read_beads, read_lines  # noqa: E402

CORPUS = ROOT / "corpora" / "real"
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{3,}")
GENERATOR_VERSION = "1"


def real_pairs() -> list[tuple[str, str]]:
    """Every gold bead of corpora/real as (English, Polish), lines joined with a space."""
    pairs: list[tuple[str, str]] = []
    for gold in sorted(CORPUS.glob("*.gold")):
        name = gold.name[: -len(".gold")]
        en = read_lines(CORPUS / f"{name}.en.txt")
        pl = read_lines(CORPUS / f"{name}.pl.txt")
        for s, t in read_beads(gold):
            if not s or not t:
                continue
            e = " ".join(en[i].strip() for i in s).strip()
            p = " ".join(pl[i].strip() for i in t).strip()
            if e and p:
                pairs.append((e, p))
    return pairs


def vocabulary(pairs: list[tuple[str, str]]) -> list[str]:
    return sorted({w for e, _ in pairs for w in _WORD.findall(e)})


def _renumber(rng: random.Random, e: str, p: str) -> tuple[str, str]:
    values: dict[str, str] = {}

    def value(m: re.Match) -> str:
        return values.setdefault(m.group(), str(rng.randint(0, 9999)))

    return _NUMBER.sub(value, e), _NUMBER.sub(value, p)


def vary(rng: random.Random, e: str, p: str, vocab: list[str]) -> tuple[str, str]:
    e, p = _renumber(rng, e, p)
    words = e.split()
    if not _NUMBER.search(e) and rng.random() < 0.3:
        n = str(rng.randint(0, 9999))
        words.insert(rng.randint(0, len(words)), n)
        p = f"{p} {n}"
    if len(words) >= 2 and rng.random() < 0.2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            words.insert(rng.randint(0, len(words)), rng.choice(vocab))
    if len(words) >= 3 and rng.random() < 0.2:
        del words[rng.randrange(len(words))]
    e = " ".join(words)
    if e and rng.random() < 0.1:
        e = (e[0].lower() if e[0].isupper() else e[0].upper()) + e[1:]
    return e, p


def make_tm(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """``n`` pairs with distinct sources, deterministic for (n, seed)."""
    base = real_pairs()
    vocab = vocabulary(base)
    rng = random.Random(f"tm:{seed}")
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    # The real pairs themselves first, then variants.
    for e, p in base:
        if e not in seen and len(out) < n:
            seen.add(e)
            out.append((e, p))
    while len(out) < n:
        e, p = rng.choice(base)
        if rng.random() < 0.25:
            e2, p2 = rng.choice(base)
            e, p = f"{e} {e2}", f"{p} {p2}"
        e, p = vary(rng, e, p, vocab)
        if e and e not in seen:
            seen.add(e)
            out.append((e, p))
    return out


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text + rng.choice("abcdefghijklmnopqrstuvwxyz")
    i = rng.randrange(len(text))
    op = rng.randrange(3)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if op == 0:
        return text[:i] + letter + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + letter + text[i:]


def near_duplicate(rng: random.Random, text: str, vocab: list[str]) -> str:
    for _ in range(rng.randint(1, 2)):
        words = text.split()
        op = rng.randrange(5)
        if op == 0 or len(words) < 2:
            text = _typo(rng, text)
        elif op == 1:
            words.insert(rng.randint(0, len(words)), rng.choice(vocab))
            text = " ".join(words)
        elif op == 2 and len(words) >= 3:
            del words[rng.randrange(len(words))]
            text = " ".join(words)
        elif op == 3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
            text = " ".join(words)
        else:
            text = _NUMBER.sub(lambda m: str(rng.randint(0, 9999)), text) if _NUMBER.search(text) else _typo(rng, text)
    return text


def make_queries(sources: list[str], n: int = 1000, seed: int = 7, no_match: float = 0.2) -> list[tuple[str, str]]:
    """(kind, query) with kind "near" or "none"; deterministic for (sources, n, seed)."""
    vocab = vocabulary([(s, "") for s in sources[:20000]])
    rng = random.Random(f"queries:{seed}")
    out: list[tuple[str, str]] = []
    for _ in range(n):
        if rng.random() < no_match:
            out.append(("none", " ".join(rng.choice(vocab) for _ in range(rng.randint(3, 10)))))
        else:
            out.append(("near", near_duplicate(rng, rng.choice(sources), vocab)))
    return out


def fingerprint(n: int, seed: int) -> str:
    """Names a cached database: changes when the corpus, the generator or its arguments do."""
    h = hashlib.sha256(f"{GENERATOR_VERSION}:{n}:{seed}".encode())
    for path in sorted(CORPUS.glob("*.gold")) + sorted(CORPUS.glob("*.txt")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]
