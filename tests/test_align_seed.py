"""The shipped pair against the hand-made gold alignment (tests/data/account-executive.gold)."""

from __future__ import annotations

from conftest import DATA

from tm.align.evaluate import score


def read_text_gold(path):
    """Beads as (english sentences, polish sentences), in the order written."""
    beads, en, pl = [], [], []
    for line in list(path.read_text(encoding="utf-8").split("\n")) + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if en or pl:
                beads.append((en, pl))
            en, pl = [], []
        elif line.startswith("en: "):
            en.append(line[4:])
        elif line.startswith("pl: "):
            pl.append(line[4:])
        else:
            raise AssertionError(f"bad gold line: {line!r}")
    return beads


def to_indices(text_beads, segments_en, segments_pl):
    """Map gold sentences to segment indices by exact text; a repeated text takes its next occurrence."""

    def positions(segments):
        where: dict[str, list[int]] = {}
        for s in segments:
            where.setdefault(s.text, []).append(s.index)
        return where

    en_pos, pl_pos = positions(segments_en), positions(segments_pl)
    beads = []
    for en, pl in text_beads:
        src = []
        for s in en:
            assert en_pos.get(s), f"gold English sentence not among the segments: {s!r}"
            src.append(en_pos[s].pop(0))
        tgt = []
        for t in pl:
            assert pl_pos.get(t), f"gold Polish sentence not among the segments: {t!r}"
            tgt.append(pl_pos[t].pop(0))
        beads.append((tuple(src), tuple(tgt)))
    return beads


def test_gold_covers_every_segment(seed_alignment):
    gold = to_indices(read_text_gold(DATA / "account-executive.gold"), seed_alignment.source_segments, seed_alignment.target_segments)
    assert sorted(i for s, _ in gold for i in s) == list(range(len(seed_alignment.source_segments)))
    assert sorted(j for _, t in gold for j in t) == list(range(len(seed_alignment.target_segments)))


def test_seed_alignment_meets_gold(seed_alignment):
    gold = to_indices(read_text_gold(DATA / "account-executive.gold"), seed_alignment.source_segments, seed_alignment.target_segments)
    predicted = [(p.source, p.target) for p in seed_alignment.pairs]
    result = score(gold, predicted)
    assert result["precision_strict"] >= 0.95, result
    assert result["recall_strict"] >= 0.95, result


def test_moved_block_is_recovered(seed_alignment):
    by_source = {p.source_text: p.target_text for p in seed_alignment.pairs if p.source and p.target}
    assert by_source["Key Takeaways"] == "Przegląd najważniejszych wydarzeń"
    assert by_source["The job may involve working for just one important client or for several clients."].startswith(
        "Praca może wiązać się"
    )


def test_one_sided_sentence_is_left_unaligned(seed_alignment):
    nulls = [p.source_text for p in seed_alignment.pairs if p.source and not p.target]
    assert "Titles vary from one company to another." in nulls


def test_pairs_carry_confidence(seed_alignment):
    aligned = [p for p in seed_alignment.pairs if p.source and p.target]
    assert all(0.0 <= p.confidence <= 1.0 for p in aligned)
    assert all(p.low_confidence == (p.confidence < 0.5) for p in aligned)
    # Most pairs of a good translation are confident; a few are not.
    assert sum(p.confidence >= 0.5 for p in aligned) >= 0.8 * len(aligned)


def test_low_confidence_marks_the_merges_only(seed_alignment):
    """Every pair of the seed is right (test_seed_alignment_meets_gold): no 1-1 pair is marked,
    but the two merges (two English sentences in one Polish one, and the reverse) are, for a
    reviewer to look at."""
    aligned = [p for p in seed_alignment.pairs if p.source and p.target]
    merges = [p for p in aligned if len(p.source) + len(p.target) > 2]
    assert len(merges) == 2 and all(p.low_confidence for p in merges)
    assert not [p.source_text for p in aligned if p.low_confidence and p not in merges]


def test_catalogue_run_without_shared_words_is_confident():
    """Short interface strings share no words with their translation; in an unbroken run of
    1-1 pairs their position is the evidence, and they are not marked (they become "#, fuzzy",
    which gettext ignores)."""
    from tm.align import align_segments

    pairs = align_segments(["Save", "Cancel", "Delete", "Close", "Open", "Search"],
                           ["Zapisz", "Anuluj", "Usuń", "Zamknij", "Otwórz", "Szukaj"])
    assert [(p.source, p.target) for p in pairs] == [((k,), (k,)) for k in range(6)]
    assert not any(p.low_confidence for p in pairs)


def test_mismatched_placeholders_lower_confidence():
    from tm.align import align_segments

    src = ["Delete %(name)s", "Cancel", "Added %(count)d items"]
    kept = align_segments(src, ["Usuń %(name)s", "Anuluj", "Dodano %(count)d elementów"])
    lost = align_segments(src, ["Usuń", "Anuluj", "Dodano %(name)s elementów"])
    assert kept[0].confidence > lost[0].confidence and kept[2].confidence > lost[2].confidence


def test_align_texts_matches_align_files(seed_alignment, tmp_path):
    """Texts (the service's request bodies) align exactly as the same files do."""
    from conftest import SEED_EN, SEED_PL

    from tm.align import align_texts

    result = align_texts(
        SEED_EN.read_text(encoding="utf-8"), SEED_PL.read_bytes(), source_name="en.md", target_name="pl.md"
    )
    assert [(p.source, p.target, p.confidence) for p in result.pairs] == [
        (p.source, p.target, p.confidence) for p in seed_alignment.pairs
    ]
    assert (result.src_lang, result.tgt_lang) == ("en", "pl")
    stored = align_texts("One. Two.", "Jeden. Dwa.", source_name="a.txt", target_name="b.txt", src_lang="en",
                         tgt_lang="pl", db=tmp_path / "tm.db").stored
    assert stored is not None and not stored.unchanged


def test_align_texts_errors_name_the_documents():
    import pytest

    from tm.align import align_texts
    from tm.errors import InputError

    with pytest.raises(InputError, match="pl.md.*empty file"):
        align_texts("One.", "  \n", source_name="en.md", target_name="pl.md")
    with pytest.raises(InputError, match="pl.md.*same language"):
        align_texts("The file was saved. Close the window.", "The file was saved. Close the window.",
                    source_name="en.md", target_name="pl.md", src_lang="en", tgt_lang="en")


def test_presegmented_seed_meets_gold_and_recovers_the_moved_block():
    """One segment per line (scripts/build_seed_corpus.py): no Markdown structure to lean on."""
    from tm.align import align_files

    where = DATA.parent.parent / "corpora" / "account-executive" / "presegmented"
    result = align_files(where / "en.txt", where / "pl.txt", presegmented=True, src_lang="en", tgt_lang="pl")
    gold = to_indices(read_text_gold(DATA / "account-executive.gold"), result.source_segments, result.target_segments)
    predicted = [(tuple(p.source), tuple(p.target)) for p in result.pairs]
    assert score(gold, predicted)["f1_strict"] == 1.0
    by_source = {p.source_text: p.target_text for p in result.pairs if p.source and p.target}
    assert by_source["Key Takeaways"] == "Przegląd najważniejszych wydarzeń"
    assert by_source["The job may involve working for just one important client or for several clients."] == (
        "Praca może wiązać się z pracą tylko dla jednego ważnego klienta lub kilku klientów."
    )
