from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "account-executive"
SEED_EN = CORPUS / "en.md"
SEED_PL = CORPUS / "pl.md"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_alignment():
    """The shipped pair aligned once per test session (no database)."""
    from tm.pipeline import align_files

    return align_files(SEED_EN, SEED_PL, src_lang="en", tgt_lang="pl")


@pytest.fixture(scope="session")
def seed_units(seed_alignment):
    """The shipped pair's aligned sentence pairs as TranslationUnits (en → pl)."""
    from tm.model import TranslationUnit

    return [
        TranslationUnit(
            source=p.source_text,
            target=p.target_text,
            src_lang="en",
            tgt_lang="pl",
            confidence=p.confidence,
            low_confidence=p.low_confidence,
            context=f"en.md#{p.source[0]}",
        )
        for p in seed_alignment.pairs
        if p.source and p.target
    ]
