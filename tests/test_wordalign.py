"""tm.terms.wordalign: Model 1 + diagonal prior word alignment, symmetrisation, spans, priors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tm.terms.wordalign import Priors, WordAligner, aligned_span, cognate_similarity, symmetrise

ROOT = Path(__file__).resolve().parents[1]

# A few dozen English–Polish software messages (lemmas / lower-cased words, as a caller would
# pass them). "file" is always "plik", "directory" always "katalog"; the other words vary.
VERBS = [("open", "otworzyć"), ("delete", "usunąć"), ("copy", "skopiować"), ("rename", "zmienić nazwę"),
         ("save", "zapisać"), ("move", "przenieść"), ("select", "wybrać"), ("create", "utworzyć")]
OBJECTS = [("file", "plik"), ("directory", "katalog"), ("the file", "plik"), ("the directory", "katalog"),
           ("new file", "nowy plik"), ("new directory", "nowy katalog"), ("parent directory", "katalog nadrzędny"),
           ("email address", "adres e-mail")]
EXTRA = [
    ("the file be not find", "nie znaleźć plik"),
    ("the directory be empty", "katalog być pusty"),
    ("file in directory", "plik w katalog"),
    ("cannot read file", "nie można odczytać plik"),
    ("cannot read directory", "nie można odczytać katalog"),
    ("the server be down", "serwer nie działać"),
    ("restart the server", "uruchomić ponownie serwer"),
    ("the file be too large", "plik być za duży"),
    ("your email address", "twój adres e-mail"),
    ("email address be invalid", "adres e-mail być nieprawidłowy"),
    ("enter a valid email address", "podać poprawny adres e-mail"),
    ("change email address", "zmienić adres e-mail"),
]


def corpus() -> list[tuple[list[str], list[str]]]:
    pairs = []
    for v_en, v_pl in VERBS:
        for o_en, o_pl in OBJECTS:
            pairs.append(((v_en + " " + o_en).split(), (v_pl + " " + o_pl).split()))
    pairs += [(e.split(), p.split()) for e, p in EXTRA]
    return pairs


@pytest.fixture(scope="module")
def model() -> WordAligner:
    return WordAligner.train(corpus())


def test_learns_file_and_directory(model):
    assert model.translations("file", 1)[0][0] == "plik"
    assert model.translations("directory", 1)[0][0] == "katalog"
    assert model.translation_prob("file", "plik") > 0.5
    assert model.translation_prob("directory", "katalog") > 0.5
    assert model.translation_prob("file", "katalog") < 0.05
    assert model.reverse_prob("file", "plik") > 0.5
    assert model.translation_prob("unknown-word", "plik") == 0.0


def test_links_of_training_pairs(model):
    pairs = corpus()
    k = pairs.index((["delete", "the", "file"], ["usunąć", "plik"]))
    links = model.links(k)
    assert (0, 0) in links and (2, 1) in links
    assert aligned_span(links, 2, 3) == (1, 2)
    k = pairs.index((["open", "the", "directory"], ["otworzyć", "katalog"]))
    assert aligned_span(model.links(k), 2, 3) == (1, 2)


def test_align_new_pair(model):
    links = model.align("copy file in the parent directory".split(), "skopiować plik w katalog nadrzędny".split())
    assert (1, 1) in links  # file - plik
    assert (5, 3) in links  # directory - katalog
    assert aligned_span(links, 1, 2) == (1, 2)


def test_multiword_term_span(model):
    pairs = corpus()
    k = pairs.index((["change", "email", "address"], ["zmienić", "adres", "e-mail"]))
    links = model.links(k)
    # "email address" -> "adres e-mail" (the words swap order; the span covers both)
    assert aligned_span(links, 1, 3) == (1, 3)
    k = pairs.index((["create", "parent", "directory"], ["utworzyć", "katalog", "nadrzędny"]))
    assert aligned_span(model.links(k), 1, 3) == (1, 3)


def test_model1_only_and_directions():
    m = WordAligner.train(corpus(), diagonal_iterations=0)
    assert m.translations("file", 1)[0][0] == "plik"
    assert not m.forward.diagonal
    fwd, rev = m.directional_links(0)
    assert all(isinstance(i, int) and isinstance(j, int) for i, j in fwd + rev)


def test_symmetrise_methods():
    fwd = [(0, 0), (1, 1), (2, 1)]
    rev = [(0, 0), (1, 1), (2, 2)]
    assert symmetrise(fwd, rev, "intersection") == [(0, 0), (1, 1)]
    assert symmetrise(fwd, rev, "union") == [(0, 0), (1, 1), (2, 1), (2, 2)]
    # grow-diag: (2, 2) is a diagonal neighbour of (1, 1) in the union and both its words are
    # unaligned; once it is in, (2, 1) links two aligned words and stays out
    assert symmetrise(fwd, rev, "grow-diag") == [(0, 0), (1, 1), (2, 1), (2, 2)]
    # a union link far from the intersection is not grown
    assert symmetrise([(0, 0), (1, 1), (4, 4)], [(0, 0), (1, 1), (4, 5)], "grow-diag") == [(0, 0), (1, 1)]
    # final-and adds a union link only when both its words are unaligned, final when either is
    fwd2 = [(0, 0), (3, 5)]
    rev2 = [(0, 0), (1, 0)]
    assert symmetrise(fwd2, rev2, "grow-diag") == [(0, 0), (1, 0)]
    assert symmetrise(fwd2, rev2, "grow-diag-final-and") == [(0, 0), (1, 0), (3, 5)]
    fwd3 = [(0, 0), (0, 3)]
    rev3 = [(0, 0)]
    assert symmetrise(fwd3, rev3, "grow-diag-final-and") == [(0, 0)]
    assert symmetrise(fwd3, rev3, "grow-diag-final") == [(0, 0), (0, 3)]
    with pytest.raises(ValueError):
        symmetrise(fwd, rev, "nonsense")


def test_aligned_span_consistency():
    links = [(0, 0), (1, 2), (2, 1), (3, 3)]
    assert aligned_span(links, 1, 3) == (1, 3)  # crossing links inside the phrase
    assert aligned_span(links, 1, 2) == (2, 3)
    links = [(0, 0), (1, 1), (1, 3), (2, 2)]
    assert aligned_span(links, 1, 2) is None  # target word 2 inside the span links to source 2
    assert aligned_span(links, 1, 2, consistent=False) == (1, 4)
    assert aligned_span(links, 1, 3) == (1, 4)
    assert aligned_span([(0, 0), (1, 3)], 0, 2) == (0, 4)  # unaligned target words inside are fine
    assert aligned_span(links, 5, 6) is None
    assert aligned_span([], 0, 1) is None


def test_glossary_prior_decides_an_ambiguous_pair():
    # "plik" and "katalog" always occur together: the data alone cannot tell them apart
    pairs = [("file directory".split(), "plik katalog".split())] * 3
    plain = WordAligner.train(pairs, diagonal_iterations=0)
    assert abs(plain.translation_prob("file", "plik") - plain.translation_prob("file", "katalog")) < 1e-6
    pri = Priors().add_glossary({"file": ["plik"]})
    m = WordAligner.train(pairs, diagonal_iterations=0, priors=pri)
    assert m.translation_prob("file", "plik") > 0.6
    assert m.translation_prob("directory", "katalog") > 0.5
    assert (0, 0) in m.links(0) and (0, 1) not in m.links(0)


def test_glossary_forms():
    pr = Priors().add_glossary([("email address", "adres e-mail")], weight=2.0)
    assert pr.pairs[("email", "adres")] == pytest.approx(1.0)
    pr = Priors().add_glossary({"file": [["plik"], ["zbiór"]]})
    assert ("file", "plik") in pr.pairs and ("file", "zbiór") in pr.pairs


def test_cognate_prior():
    assert cognate_similarity("serwer", "server") >= 0.8
    assert cognate_similarity("kategoria", "category") >= 0.8
    assert cognate_similarity("plik", "file") < 0.5
    pairs = [("server list".split(), "lista serwer".split())] * 2 + [("list".split(), "lista".split())]
    pairs += [("server name".split(), "nazwa serwer".split())]
    m = WordAligner.train(pairs, cognates=0.8)
    assert m.translations("server", 1)[0][0] == "serwer"


def test_edge_cases():
    m = WordAligner.train([([], ["a"]), (["x"], []), (["x", "y"], ["a", "b"]), (["y"], ["b"])])
    assert m.links(0) == [] and m.links(1) == []
    assert m.align([], []) == [] and m.align(["x"], []) == []
    assert m.align(["zzz"], ["qqq"]) == []  # unknown words are never linked
    assert m.align(["x", "zzz"], ["qqq", "a"]) == [(0, 1)]
    with pytest.raises(IndexError):
        m.links(4)
    with pytest.raises(TypeError):
        WordAligner.train([("a b", "c d")])
    empty = WordAligner.train([])
    assert len(empty) == 0 and empty.align(["a"], ["b"]) == []


_DETERMINISM = """
import json, sys
sys.path.insert(0, {root!r})
from tests.test_wordalign import corpus
from tm.terms.wordalign import WordAligner
m = WordAligner.train(corpus(), cognates=0.8)
out = {{"links": [m.links(k) for k in range(len(m))],
       "top": [m.translations(w, 3) for w in ("file", "directory", "email", "server")],
       "new": m.align("copy the new file".split(), "skopiować nowy plik".split())}}
print(json.dumps(out))
"""


def test_deterministic_across_hash_seeds():
    outs = []
    for seed in ("1", "2024"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-c", _DETERMINISM.format(root=str(ROOT))], capture_output=True,
                           text=True, env=env, check=True, cwd=ROOT)
        outs.append(json.loads(r.stdout))
    assert outs[0] == outs[1]
    assert outs[0]["top"][0][0][0] == "plik"


REAL = ROOT / "corpora" / "real"


@pytest.mark.skipif(not (REAL / "allauth.gold").exists(), reason="corpora/real not built")
def test_real_messages_password_and_email():
    """django-allauth's Polish catalogue, lower-cased words (no lemmas): password -> hasło
    (in any form) and email address -> adres e-mail."""
    import re

    from tm.align.evaluate import read_beads

    en = (REAL / "allauth.en.txt").read_text(encoding="utf-8").splitlines()
    pl = (REAL / "allauth.pl.txt").read_text(encoding="utf-8").splitlines()
    word = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
    pairs = []
    for s, t in read_beads(REAL / "allauth.gold"):
        if s and t:
            pairs.append(([w.lower() for i in s for w in word.findall(en[i])],
                          [w.lower() for j in t for w in word.findall(pl[j])]))
    m = WordAligner.train(pairs)
    top = [w for w, _p in m.translations("password", 3)]
    assert top[0].startswith("has")  # hasło, hasła, haseł
    found = 0
    for k, (src, tgt) in enumerate(pairs):
        for i in range(len(src) - 1):
            if src[i: i + 2] == ["email", "address"] and "e-mail" in tgt:
                span = aligned_span(m.links(k), i, i + 2)
                if span and {"e-mail"} <= set(tgt[span[0]: span[1]]) and tgt[span[0]].startswith("adres"):
                    found += 1
    assert found >= 20
