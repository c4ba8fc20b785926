"""The alignment scorer (tm.align.evaluate), the Gale-Church baseline
(benchmarks/galechurch.py) and the consistency of the committed corpora/real."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from tm.align.evaluate import as_bead, bead_type, format_bead, read_beads, score, score_many, write_beads
from tm.model import AlignedPair

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpora" / "real"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


galechurch = _load("galechurch", ROOT / "benchmarks" / "galechurch.py")


def B(*lines: str):
    return read_beads(lines)


# ----- reading and writing beads --------------------------------------------------------


def test_read_beads_forms():
    beads = read_beads(["[0, 1]:[0]", "", "# comment", "[2]:[]:0.87", "[]:[1]", "  [3]:[2, 3]  "])
    assert beads == [((0, 1), (0,)), ((2,), ()), ((), (1,)), ((3,), (2, 3))]


def test_read_beads_from_file(tmp_path):
    p = tmp_path / "x.gold"
    p.write_text("[0]:[0]\n[1, 2]:[1]\n", encoding="utf-8")
    assert read_beads(p) == [((0,), (0,)), ((1, 2), (1,))]
    assert read_beads(str(p)) == read_beads(p)


@pytest.mark.parametrize("bad", ["[0]", "0:0", "[0]:[x]", "[0:[1]"])
def test_read_beads_rejects_garbage(bad):
    with pytest.raises(ValueError):
        read_beads([bad])


def test_format_bead_and_round_trip(tmp_path):
    assert format_bead([0, 1], [0]) == "[0, 1]:[0]"
    assert format_bead([], [4]) == "[]:[4]"
    assert format_bead((3,), (), 0.8712) == "[3]:[]:0.87"
    pairs = [AlignedPair((0,), (0,), "a", "b", 0.5), AlignedPair((1, 2), (), "c d", "", 0.25)]
    write_beads(tmp_path / "p.beads", pairs, with_confidence=True)
    assert (tmp_path / "p.beads").read_text() == "[0]:[0]:0.50\n[1, 2]:[]:0.25\n"
    assert read_beads(tmp_path / "p.beads") == [((0,), (0,)), ((1, 2), ())]


def test_as_bead_accepts_objects_and_pairs():
    assert as_bead(AlignedPair((1,), (2, 3), "x", "y", 1.0)) == ((1,), (2, 3))
    assert as_bead(([1], [2, 3])) == ((1,), (2, 3))
    assert bead_type(([1, 2], [])) == "2-0"


# ----- scoring: hand-computed cases ------------------------------------------------------


def test_perfect_and_empty():
    gold = B("[0]:[0]", "[1]:[]", "[2, 3]:[1]")
    s = score(gold, gold)
    assert all(s[k] == 1.0 for k in ("precision_strict", "recall_strict", "f1_strict",
                                     "precision_lax", "recall_lax", "f1_lax"))
    z = score([], [])
    assert z["f1_strict"] == z["precision_lax"] == z["recall_lax"] == 0.0


def test_strict_versus_lax_hand_computed():
    gold = B("[0]:[0]", "[1]:[1]", "[2, 3]:[2]", "[4]:[]", "[5]:[3]")
    pred = B("[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[]", "[4]:[3]", "[5]:[]")
    s = score(gold, pred)
    # precision over all 6 predicted beads (nulls included):
    #   strict: [0]:[0], [1]:[1]                     -> 2/6
    #   lax:    + [2]:[2] (overlaps [2, 3]:[2])      -> 3/6
    #   [3]:[] and [5]:[] are not gold nulls; [4]:[3] shares no gold bead on both sides
    assert s["precision_strict"] == pytest.approx(2 / 6)
    assert s["precision_lax"] == pytest.approx(3 / 6)
    # recall over the 4 non-null gold beads against the 4 non-null predicted ones:
    #   strict: [0]:[0], [1]:[1] -> 2/4;  lax: + [2, 3]:[2] (overlaps [2]:[2]) -> 3/4
    #   [5]:[3] has no non-null predicted partner ([5]:[] is left out of recall)
    assert s["recall_strict"] == pytest.approx(2 / 4)
    assert s["recall_lax"] == pytest.approx(3 / 4)
    assert s["f1_strict"] == pytest.approx(0.4)
    assert s["f1_lax"] == pytest.approx(0.6)
    assert s["predicted"] == 6 and s["gold_nonnull"] == 4


def test_null_beads():
    gold = B("[0]:[]", "[1]:[0]", "[]:[1]")
    # the right null beads count in precision; recall ignores nulls on both sides
    s = score(gold, gold)
    assert s["predicted"] == 3 and s["gold_nonnull"] == 1
    assert s["precision_strict"] == s["recall_strict"] == 1.0
    # merging the untranslated sentence into its neighbour: strictly wrong, laxly right
    s = score(gold, B("[0, 1]:[0, 1]"))
    assert s["precision_strict"] == 0.0 and s["recall_strict"] == 0.0
    assert s["precision_lax"] == 1.0 and s["recall_lax"] == 1.0
    # a null bead that is not in the gold is never laxly right
    s = score(B("[0]:[0]"), B("[0]:[]", "[]:[0]"))
    assert s["precision_lax"] == 0.0
    assert s["recall_strict"] == 0.0 and s["recall_lax"] == 0.0  # no non-null prediction


def test_lax_needs_overlap_on_both_sides():
    gold = B("[0]:[0]", "[1]:[1]")
    # source overlaps gold [0]:[0] but target 1 belongs to a different gold bead
    s = score(gold, B("[0]:[1]", "[1]:[0]"))
    assert s["precision_lax"] == 0.0 and s["recall_lax"] == 0.0


def test_duplicates_count_once():
    gold = B("[0]:[0]", "[1]:[1]")
    s = score(gold, B("[0]:[0]", "[0]:[0]", "[1]:[1]"))
    assert s["predicted"] == 2 and s["precision_strict"] == 1.0


def test_pooling_over_documents():
    doc1 = (B("[0]:[0]"), B("[0]:[0]"))
    doc2 = (B("[0]:[0]", "[1]:[1]", "[2]:[2]"), B("[0, 1]:[0, 1]", "[2]:[2]"))
    s = score_many([doc1, doc2])
    # counts are pooled, then divided: P = (1 + 1) / (1 + 2), R = (1 + 1) / (1 + 3)
    assert s["precision_strict"] == pytest.approx(2 / 3)
    assert s["recall_strict"] == pytest.approx(2 / 4)
    assert s["f1_strict"] == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))
    assert s["precision_lax"] == 1.0 and s["recall_lax"] == 1.0
    assert s["documents"] == 2
    # not the mean of the per-document scores
    per_doc = [score(*doc1)["precision_strict"], score(*doc2)["precision_strict"]]
    assert sum(per_doc) / 2 == pytest.approx(0.75)


# ----- the Gale-Church baseline ----------------------------------------------------------


def _covers(beads, n, m):
    s = [i for b in beads for i in b[0]]
    t = [j for b in beads for j in b[1]]
    return s == list(range(n)) and t == list(range(m))


def test_galechurch_length_examples():
    # NLTK's doctest cases for the same model
    assert galechurch.align_lengths([5, 5, 5], [7, 7, 7]) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert galechurch.align_lengths([10, 5, 5], [12, 20]) == [((0,), (0,)), ((1, 2), (1,))]
    assert galechurch.align_lengths([12, 20], [10, 5, 5]) == [((0,), (0,)), ((1,), (1, 2))]
    assert galechurch.align_lengths([], []) == []
    assert galechurch.align_lengths([4], []) == [((0,), ())]
    assert galechurch.align_lengths([], [3, 4]) == [((), (0,)), ((), (1,))]


def test_galechurch_tiny_text():
    en = [
        "The file was saved.",
        "Your changes to the document have been stored on the server and are now visible to everyone.",
        "Close the window.",
        "Thanks.",
        "Do you want to continue?",
    ]
    pl = [
        "Plik został zapisany.",
        "Twoje zmiany w dokumencie zostały zapisane na serwerze",
        "i są teraz widoczne dla wszystkich.",
        "Zamknij okno.",
        "Dziękujemy.",
        "Czy chcesz kontynuować?",
    ]
    beads = galechurch.align(en, pl)
    assert beads == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))]
    assert score(beads, beads)["f1_strict"] == 1.0


def test_galechurch_always_covers_both_sides():
    rng = random.Random(7)
    for _ in range(20):
        a = [rng.randint(1, 120) for _ in range(rng.randint(0, 25))]
        b = [rng.randint(1, 120) for _ in range(rng.randint(0, 25))]
        beads = galechurch.align_lengths(a, b)
        assert _covers(beads, len(a), len(b))
        assert all((len(s), len(t)) in galechurch.PRIORS for s, t in beads)


def test_galechurch_cost_is_finite_for_extreme_lengths():
    assert galechurch.match_cost(100000, 1) < float("inf")
    assert galechurch.match_cost(0, 0) == 0.0


# ----- the committed corpus ---------------------------------------------------------------

DOCS = sorted(p.name[: -len(".gold")] for p in REAL.glob("*.gold"))


@pytest.mark.skipif(not DOCS, reason="corpora/real has no documents")
@pytest.mark.parametrize("name", DOCS)
def test_real_corpus_gold_is_consistent(name):
    en = (REAL / f"{name}.en.txt").read_text(encoding="utf-8").split("\n")
    pl = (REAL / f"{name}.pl.txt").read_text(encoding="utf-8").split("\n")
    # one segment per line, newline-terminated, no blank or padded lines
    assert en[-1] == "" and pl[-1] == ""
    en, pl = en[:-1], pl[:-1]
    assert all(x and x == x.strip() for x in en + pl)
    gold = read_beads(REAL / f"{name}.gold")
    assert gold and all(s or t for s, t in gold)
    # every line of both sides in exactly one bead, in order
    assert _covers(gold, len(en), len(pl))


@pytest.mark.skipif(not DOCS, reason="corpora/real has no documents")
def test_real_corpus_is_documented_and_big_enough():
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    total_en = total_pl = 0
    for name in DOCS:
        assert f"`{name}`" in sources
        total_en += len((REAL / f"{name}.en.txt").read_text(encoding="utf-8").splitlines())
        total_pl += len((REAL / f"{name}.pl.txt").read_text(encoding="utf-8").splitlines())
    assert total_en >= 2000 and total_pl >= 2000


def test_build_script_splitter():
    build = _load("build_real_corpus", ROOT / "scripts" / "build_real_corpus.py")
    assert build.split_sentences("Price excl. Tax is shown. Next one!", "en") == [
        "Price excl. Tax is shown.", "Next one!"]
    assert build.split_sentences("Użyj np. Django. To działa… Dalej „Tak”.", "pl") == [
        "Użyj np. Django.", "To działa…", "Dalej „Tak”."]
    assert build.split_sentences("version 2.0 is out. see e.g. Foo", "en") == ["version 2.0 is out. see e.g. Foo"]
    help_text = ("Usage: ls [OPTION]...\n\n  -a, --all     do not ignore\n"
                 "                  entries starting with .\n  -A   almost all\n")
    assert build.message_units(help_text, "en") == [
        "Usage: ls [OPTION]...", "-a, --all do not ignore entries starting with .", "-A almost all"]


def test_gold_pairs_of_the_real_corpus():
    from conftest import ROOT

    from tm.align.evaluate import gold_pairs

    pairs = gold_pairs(ROOT / "corpora" / "real")
    assert len(pairs) == 5233  # the count README and the benchmarks report
    name, bead, en, pl = pairs[0]
    assert en and pl and all(b for b in bead[:2])
    assert len({(n, b[0][0]) for n, b, _e, _p in pairs}) == len(pairs)  # "NAME#first" ids are unique
