"""Fuzzy TM lookup: scoring rules, the trigram index against brute force, the index following
the database, and 100/101 scores on a real alignment."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from tm import fuzzy
from tm.store import Memory
from tm.model import TranslationUnit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


# -- scoring ---------------------------------------------------------------------------------------


def test_normalise_folds_case_whitespace_and_markup():
    assert fuzzy.normalise("  Read the  **FINRA** [rules](/finra)\tnow ") == "read the finra rules now"
    assert fuzzy.normalise("Zażółć\x00GĘŚLĄ") == "zażółć gęślą"


def test_length_bounds_hold_for_random_strings():
    # Any pair of strings whose ratio reaches r has lengths within the bound the index slices on.
    rng = random.Random(5)
    alphabet = "abcde "
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for r in (50, 75, 90):
            if fuzz.ratio(a, b) >= r:
                lo, hi = fuzzy.length_bounds(len(a), r)
                assert lo <= len(b) <= hi, (a, b, r)


def test_numbers_tags_and_placeholders_lower_the_score_and_are_listed():
    diffs = fuzzy.differences("Delete 5 items from %(name)s", "Delete 6 items from {name}")
    kinds = {d.kind: d for d in diffs}
    assert kinds["number"].query == ["5"] and kinds["number"].match == ["6"]
    assert kinds["placeholder"].query == ["%(name)s"] and kinds["placeholder"].match == ["{name}"]
    tag = fuzzy.differences("See [the rules](/finra).", "See the rules.")
    assert tag and tag[0].kind == "tag" and "[" in tag[0].query
    # Digits inside a placeholder are not numbers of the text.
    assert fuzzy.differences("Page %1$s", "Page %1$s") == []
    ratio = 95.0
    assert fuzzy.quality(ratio, False, False, diffs) == ratio - sum(d.penalty for d in diffs)


def test_identical_scores_100_context_101_and_fuzzy_never_reaches_100():
    assert fuzzy.quality(100.0, True, False, []) == 100.0
    assert fuzzy.quality(100.0, True, True, []) == 101.0
    # Case-only difference: ratio on normalised text is 100 but the source is not identical.
    assert fuzzy.quality(100.0, False, False, []) == 99.0


def test_word_diff_covers_both_texts():
    q = "Delete the selected page now"
    s = "Delete all selected pages"
    ops = fuzzy.word_diff(q, s)
    assert {o["op"] for o in ops} <= {"equal", "insert", "delete", "replace"}
    assert " ".join(o["query"] for o in ops if o["query"]).split() == q.split()
    assert " ".join(o["match"] for o in ops if o["match"]).split() == s.split()
    assert any(o["op"] == "equal" and o["query"] == "Delete" for o in ops)


# -- the index against brute force ------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    from tmdata import make_queries, make_tm

    pairs = make_tm(40_000, seed=11)
    sources = [e for e, _ in pairs]
    queries = make_queries(sources, 300, seed=12)
    return pairs, sources, queries


def test_index_finds_the_brute_force_best(synthetic):
    """recall@1 of the index search against rapidfuzz over every source (the same scorer)."""
    pairs, sources, queries = synthetic
    norms = [fuzzy.normalise(s) for s in sources]
    segment = fuzzy.IndexSegment(list(range(len(norms))), norms)
    eligible = hits = 0
    for _, q in queries:
        qn = fuzzy.normalise(q)
        best = process.extractOne(qn, norms, scorer=fuzz.ratio, processor=None, score_cutoff=75)
        if best is None:
            continue
        eligible += 1
        found = segment.search(qn, fuzzy.query_grams(qn), 75, 5)
        if found and found[0][1] >= best[1] - 1e-9:
            hits += 1
    assert eligible >= 200  # most queries are near-duplicates
    assert hits / eligible >= 0.99, (hits, eligible)


def test_index_search_never_invents_scores(synthetic):
    pairs, sources, queries = synthetic
    norms = [fuzzy.normalise(s) for s in sources[:5000]]
    segment = fuzzy.IndexSegment(list(range(len(norms))), norms)
    for _, q in queries[:50]:
        qn = fuzzy.normalise(q)
        for pid, score in segment.search(qn, fuzzy.query_grams(qn), 60, 10):
            assert score == pytest.approx(fuzz.ratio(qn, norms[pid]))
            assert score >= 60


# -- the index over a memory -------------------------------------------------------------------------


def test_index_follows_the_database(db_url):
    db = db_url
    with Memory(db) as m:
        m.add_units([TranslationUnit("Save the draft", "Zapisz szkic", "en", "pl")], "a.tmx")
        index = fuzzy.FuzzyIndex.build(m)
        assert [m_.target for m_ in fuzzy.lookup(index, m, "Save the draft", "en", "pl")] == ["Zapisz szkic"]
        assert fuzzy.lookup(index, m, "Publish the page", "en", "pl") == []
        m.add_units([TranslationUnit("Publish the page", "Opublikuj stronę", "en", "pl")], "b.tmx")
        assert index.refresh(m) == 1
        found = fuzzy.lookup(index, m, "Publish the pages", "en", "pl")
        assert found and found[0].target == "Opublikuj stronę" and 75 <= found[0].quality < 100
        # Another language pair is a separate index.
        assert fuzzy.lookup(index, m, "Save the draft", "en", "de") == []


def test_deleted_pairs_drop_out(db_url):
    db = db_url
    with Memory(db) as m:
        m.add_units([TranslationUnit("Remove this user", "Usuń tego użytkownika", "en", "pl")], "a.tmx")
        index = fuzzy.FuzzyIndex.build(m)
        assert fuzzy.lookup(index, m, "Remove this user", "en", "pl")
        with m.transaction():
            m.db.execute("delete from pairs")
        assert fuzzy.lookup(index, m, "Remove this user", "en", "pl") == []


def test_exact_in_context_scores_101_on_the_seed_alignment(db_url):
    from conftest import SEED_EN, SEED_PL
    from tm.align import align_files

    db = db_url
    result = align_files(SEED_EN, SEED_PL, db=db, src_lang="en", tgt_lang="pl")
    aligned = [p for p in result.pairs if p.source and p.target]
    k = next(i for i in range(1, len(aligned) - 1) if aligned[i].source_text != aligned[0].source_text)
    prev, this, nxt = aligned[k - 1].source_text, aligned[k].source_text, aligned[k + 1].source_text
    with Memory(db) as m:
        index = fuzzy.FuzzyIndex.build(m)
        in_context = fuzzy.lookup(index, m, this, "en", "pl", prev=prev, next=nxt)
        assert in_context[0].quality == 101 and in_context[0].target == aligned[k].target_text
        elsewhere = fuzzy.lookup(index, m, this, "en", "pl", prev="Something else entirely.", next=nxt)
        assert elsewhere[0].quality == 100
        plain = fuzzy.lookup(index, m, this, "en", "pl")
        assert plain[0].quality == 100
        # One word changed: a fuzzy score below 100 with the change in the diff.
        words = this.split()
        changed = " ".join(words[:-1] + ["elephants."])
        fuzzy_found = fuzzy.lookup(index, m, changed, "en", "pl", min_score=50)
        assert fuzzy_found and fuzzy_found[0].source == this and fuzzy_found[0].quality < 100
        assert any(op["op"] != "equal" and "elephants" in op["query"] for op in fuzzy_found[0].diff)


def test_both_engines_give_the_same_top_matches(synthetic, tmp_path, request):
    """The same memory in SQLite (in-process trigram index) and PostgreSQL (pg_trgm
    candidates): every query's best match has the same quality and source on both, and both
    find the brute-force best (rapidfuzz over every source, independent of either index)."""
    from conftest import new_database

    pairs, sources, queries = synthetic
    units = [TranslationUnit(e, p, "en", "pl") for e, p in pairs[:20_000]]
    norms = [fuzzy.normalise(e) for e, _ in pairs[:20_000]]
    tops = {}
    for engine in ("sqlite", "postgresql"):
        db = new_database(engine, tmp_path, request)
        with Memory(db) as m:
            m.add_units(units, "synthetic.tmx")
            index = fuzzy.FuzzyIndex.build(m)
            tops[engine] = [fuzzy.lookup(index, m, q, "en", "pl", limit=1) for _, q in queries[:200]]
    compared = 0
    for (_, q), lite, pg in zip(queries, tops["sqlite"], tops["postgresql"]):
        best = process.extractOne(fuzzy.normalise(q), norms, scorer=fuzz.ratio, processor=None, score_cutoff=75)
        assert bool(lite) == bool(pg), q
        if not lite:
            continue
        compared += 1
        assert (lite[0].quality, lite[0].source) == (pg[0].quality, pg[0].source), q
        assert best is not None and pg[0].similarity >= best[1] - 1e-9, q
    assert compared >= 100
