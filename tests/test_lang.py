"""Languages: tokenizer, lemmas, base forms (Polish via morfeusz2), detection."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import morfeusz2
import pytest
from conftest import SEED_EN, SEED_PL

from tm.lang import detect_language, get_language
from tm.lang.en import English
from tm.lang.generic import GenericLanguage
from tm.lang.pl import Polish
from tm.read.segment import split_sentences

# -- registry ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["pl", "pl-PL", "pl_PL", "PL", " pl-pl "])
def test_polish_codes_normalise(code):
    lang = get_language(code)
    assert isinstance(lang, Polish) and lang.code == "pl"
    assert lang is get_language("pl")  # cached


def test_english_and_fallback():
    assert isinstance(get_language("en-US"), English)
    de = get_language("de_DE")
    assert isinstance(de, GenericLanguage) and de.code == "de"
    assert get_language("xx").code == "xx"


@pytest.mark.parametrize("code", ["", "-", "p", "12"])
def test_bad_codes_refused(code):
    with pytest.raises(ValueError):
        get_language(code)


# -- words -------------------------------------------------------------------------------------


def texts(lang, text):
    return [w.text for w in get_language(lang).words(text)]


def test_words_keep_compounds_domains_numbers_and_initialisms():
    words = texts("en", "In the U.S. it was $57,504, e.g. at Glassdoor.com; broker-dealers don't (3.5%).")
    assert words == ["In", "the", "U.S.", "it", "was", "57,504", "e.g.", "at", "Glassdoor.com",
                     "broker-dealers", "don't", "3.5"]


def test_words_offsets_point_into_the_text():
    text = "Według Glassdoor.com w maju 2021 r. płaca wynosiła 57 504 USD."
    for w in get_language("pl").words(text):
        assert text[w.start : w.end] == w.text


def test_polish_words_keep_abbreviation_dots_and_space_grouped_numbers():
    words = texts("pl", "Według Glassdoor.com w maju 2021 r. płaca wynosiła 57 504 USD, np. kierownikom ds. kont.")
    assert words == ["Według", "Glassdoor.com", "w", "maju", "2021", "r.", "płaca", "wynosiła", "57 504",
                     "USD", "np.", "kierownikom", "ds.", "kont"]
    assert texts("pl", "w 2021 500 osób") == ["w", "2021", "500", "osób"]
    assert texts("pl", "brokerów-dealerów, m.in. koniec.Nowe") == ["brokerów-dealerów", "m.in.", "koniec", "Nowe"]


def test_english_abbreviations():
    assert texts("en", "Mr. Smith met Dr. Jones") == ["Mr.", "Smith", "met", "Dr.", "Jones"]
    assert texts("en", "57 504") == ["57", "504"]  # English does not group digits with spaces


# -- English -----------------------------------------------------------------------------------


def test_english_lemmas():
    en = get_language("en")
    assert en.lemma("executives") == "executive"
    assert en.lemma("Salaries") == "salary"
    assert en.lemmas("clients") == ("client",)
    assert en.lemma("company's") == "company"
    assert en.lemma("U.S.") == "u.s."
    assert en.lemma("57,504") == "57,504"


def test_english_base_form():
    en = get_language("en")
    assert en.base_form(["account", "executives"]) == "account executive"
    assert en.base_form(["Account", "Executives"]) == "Account Executive"
    assert en.base_form(["base", "salaries"]) == "base salary"
    assert en.base_form(["heads", "of", "sales"]) == "head of sales"
    assert en.base_form(["public", "relations"]) == "public relations"
    assert en.base_form(["advertising"]) == "advertising"
    assert en.base_form(["broker-dealers"]) == "broker-dealer"
    assert en.lemma_key(["Account", "Executives"]) == ("account", "executive")


def test_english_stopwords_and_forms():
    en = get_language("en")
    assert en.is_stopword("The") and en.is_stopword("whom") and en.is_stopword("don\u2019t")
    assert not en.is_stopword("account")
    assert {"executive", "executives"} <= en.forms("executive")
    assert {"salary", "salaries"} <= en.forms("salary")
    assert {"box", "boxes", "boxed", "boxing"} <= en.forms("box")
    for form in ("executives", "salaries", "clients"):
        assert form in en.forms(en.lemma(form))


# -- generic -----------------------------------------------------------------------------------


def test_simplemma_dictionaries_are_cached_as_tries(tmp_path, monkeypatch):
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    from tm.lang.generic import _trie_factory

    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path))
    factory = _trie_factory()
    assert factory is not None
    cached = factory.get_dictionary("en")
    trie = tmp_path / "simplemma" / simplemma.__version__ / "en.dic"
    assert trie.is_file() and trie.stat().st_size > 100_000
    assert [p.name for p in trie.parent.iterdir()] == ["en.dic"]  # no temporary file left over
    umask = os.umask(0)
    os.umask(umask)
    assert trie.stat().st_mode & 0o777 == 0o666 & ~umask  # readable by others sharing the cache
    shipped = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    for word in ("executives", "salaries", "went", "children", "zzzqx"):
        assert cached.get(word) == shipped.get(word)
    # A second process finds the trie and does not rebuild it.
    before = trie.stat().st_mtime_ns
    assert _trie_factory().get_dictionary("en").get("went") == shipped.get("went")
    assert trie.stat().st_mtime_ns == before


def test_simplemma_without_a_writable_cache_uses_its_own_loader(tmp_path, monkeypatch):
    from tm.lang.generic import _trie_factory

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TM_CACHE_DIR", str(blocker))
    assert _trie_factory() is None


def test_generic_uses_simplemma_where_it_can():
    de = get_language("de")
    assert de.lemma("Kunden") == "kunde"
    assert de.lemma_source("Kunden") == "simplemma"
    assert de.is_stopword("und") and not de.is_stopword("Kunde")
    assert de.base_form(["großen", "Kunden"]) == "großen Kunden"
    xx = get_language("xx")
    assert xx.lemmas("Hello") == ("hello",)
    assert xx.lemma_source("Hello") == "surface"
    assert not xx.is_stopword("the")
    assert xx.forms("hello") == {"hello"}


# -- Polish ------------------------------------------------------------------------------------

pl = get_language("pl")


@pytest.mark.parametrize(
    "words, base",
    [
        ("kierownicy kont", "kierownik kont"),
        ("kierownika konta", "kierownik konta"),
        ("kierownikom ds. kont", "kierownik ds. kont"),
        ("wynagrodzenia podstawowego", "wynagrodzenie podstawowe"),
        ("głównej osoby kontaktowej", "główna osoba kontaktowa"),
        ("menedżerów ds. rachunków", "menedżer ds. rachunków"),
        ("Kierownik konta", "Kierownik konta"),
        ("Stanach Zjednoczonych", "Stany Zjednoczone"),  # plurale tantum stays plural
        ("drzwiami", "drzwi"),
        ("najważniejszych wydarzeń", "najważniejsze wydarzenie"),  # the degree is kept
        ("brokerów-dealerów", "broker-dealer"),
        ("funduszu hedgingowego", "fundusz hedgingowy"),
        ("Account Executives", "Account Executives"),  # no Polish noun: as written
        ("zarządzania majątkiem", "zarządzanie majątkiem"),  # a gerund heads the phrase
    ],
)
def test_polish_base_form(words, base):
    assert pl.base_form(words.split()) == base


def test_polish_base_form_from_the_tokenizer():
    words = [w.text for w in pl.words("kierownikom ds. kont")]
    assert pl.base_form(words) == "kierownik ds. kont"


def _forms_of(lemma_id: str, pos: str = "subst") -> set[str]:
    return {f for f, lem, tag, _n, _l in morfeusz2.Morfeusz().generate(lemma_id) if tag.startswith(pos)}


def test_every_form_of_kierownik_konta_has_the_same_key():
    forms = _forms_of("kierownik:Sm1")
    assert len(forms) >= 8
    for form in forms:
        assert "kierownik" in pl.lemmas(form), form
        for complement in ("konta", "kont"):
            assert pl.lemma_key([form, complement]) == ("kierownik", "konto"), (form, complement)
            assert pl.base_form([form, complement]) == f"kierownik {complement}", (form, complement)


def test_kierownica_and_kierownictwo_are_not_kierownik():
    kierownik = _forms_of("kierownik")
    kierownica = _forms_of("kierownica")
    assert "kierownicy" in kierownica & kierownik  # the one shared form
    for form in kierownica:
        assert "kierownica" in pl.lemmas(form)
        if form not in kierownik:
            assert "kierownik" not in pl.lemmas(form), form
            assert pl.lemma_key([form]) == ("kierownica",), form
    for form in _forms_of("kierownictwo"):
        assert "kierownik" not in pl.lemmas(form), form
        assert pl.lemma(form) == "kierownictwo"


def test_polish_lemmas_likeliest_first():
    assert pl.lemmas("kierownicy")[:2] == ("kierownik", "kierownica")
    assert pl.lemma("rachunków") == "rachunek"  # not the colloquial plurale tantum "rachunki"
    assert pl.lemma("Stanach") == "stany" and pl.lemma("stanach") == "stan"
    assert pl.lemma("zrobiłem") == "zrobić"
    assert pl.lemma("ds.") == "ds." and pl.lemma("r.") == "r."
    assert pl.lemma("brokerów-dealerów") == "broker-dealer"
    assert pl.lemma("57 504") == "57 504"


def test_polish_lemma_sources():
    assert (pl.lemma("kierownika"), pl.lemma_source("kierownika")) == ("kierownik", "morfeusz")
    assert pl.lemma_source("ds.") == "morfeusz"
    assert pl.lemma_source("kierownikowie") == "simplemma"  # not a real form; simplemma guesses
    assert pl.lemma("kierownikowie") == "kierownik"
    assert (pl.lemma("Glassdoor"), pl.lemma_source("Glassdoor")) == ("glassdoor", "surface")


def test_polish_tags_and_analyse():
    assert ("kierownik", "subst:pl:nom.voc:m1") in pl.tags("kierownicy")
    assert ("kierownica", "subst:sg:gen:f") in pl.tags("kierownicy")
    assert pl.tags("FINRA") == []
    analysed = pl.analyse("Kierownik ds. obsługi klienta")
    assert [w.text for w, _r in analysed] == ["Kierownik", "ds.", "obsługi", "klienta"]
    assert analysed[0][1][0][0] == "kierownik"


def test_polish_forms_and_stopwords():
    assert {"kierownik", "kierownika", "kierownicy", "kierowników", "kierownikom"} <= pl.forms("kierownik")
    assert pl.forms("nieznanesłowo") == {"nieznanesłowo"}
    assert pl.is_stopword("który") and pl.is_stopword("Się") and not pl.is_stopword("konto")


def test_polish_is_safe_from_threads():
    words = ["kierownicy", "kont", "wynagrodzenia", "osoby", "rachunków", "menedżerów"] * 20
    expected = [pl.lemmas(w) for w in words]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(pl.lemmas, words)) == expected
        assert list(pool.map(lambda w: sorted(pl.forms(pl.lemma(w))), words)) == [
            sorted(pl.forms(pl.lemma(w))) for w in words
        ]


# -- detection ---------------------------------------------------------------------------------


def _seed_sentences(path, lang):
    from tm.read.documents import read_document

    return [s for b in read_document(path).blocks for s in split_sentences(b.text, lang)]


@pytest.mark.parametrize("path, lang", [(SEED_EN, "en"), (SEED_PL, "pl")])
def test_detection_on_every_seed_sentence(path, lang):
    sentences = _seed_sentences(path, lang)
    assert len(sentences) > 30
    for s in sentences:
        assert detect_language(s, ("en", "pl")) == lang, s


def test_detection_with_english_names_in_polish():
    assert detect_language("Account Executives mają szeroki zakres umiejętności i głęboką znajomość branży.") == "pl"
    assert detect_language("Kim jest Account Executive?") == "pl"
    assert detect_language("What Is an Account Executive?") == "en"


def test_detection_gives_up_on_too_little_text():
    assert detect_language("") is None
    assert detect_language("FINRA 3220") is None
    assert detect_language("57 504 USD") is None


def test_detection_other_candidates():
    assert detect_language("Der Kunde wird von einem Kundenbetreuer betreut.", ["en", "pl", "de"]) == "de"
    assert detect_language("Le chargé de compte est le principal interlocuteur du client.", ["en-GB", "fr"]) == "fr"
    assert detect_language("Account executives work in many industries.", ["pl"]) == "pl"  # the only one
