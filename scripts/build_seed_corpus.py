#!/usr/bin/env python3
"""Write the pre-segmented form of the shipped seed pair: one segment per line.

    python scripts/build_seed_corpus.py          # writes corpora/account-executive/presegmented/

How: ``corpora/account-executive/en.md`` and ``pl.md`` are read with tm's Markdown reader
(``tm.read.documents.read_document``) and cut into segments exactly as ``tm align`` cuts them
(``tm.align.segment_document``: headings, list items and titles whole, paragraphs split into
sentences by the SRX rules); each segment's text is written on its own line, in document order,
to ``presegmented/en.txt`` and ``presegmented/pl.txt``. The gold alignment stays
tests/data/account-executive.gold (sentences by text; tests map them to line numbers), so the
pre-segmented pair is judged by the same hand-made gold as the Markdown one. Aligning it with
``tm align --presegmented`` gives the aligner no Markdown structure at all: no blocks, no kinds.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align import segment_document  # noqa: E402
from tm.read.documents import read_document  # noqa: E402

SEED = ROOT / "corpora" / "account-executive"


def main() -> int:
    out = SEED / "presegmented"
    out.mkdir(exist_ok=True)
    for lang in ("en", "pl"):
        segments = segment_document(read_document(SEED / f"{lang}.md"), lang)
        lines = [" ".join(s.text.split()) for s in segments]
        (out / f"{lang}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{lang}: {len(lines)} segments -> {(out / f'{lang}.txt').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
