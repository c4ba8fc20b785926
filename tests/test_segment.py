"""Sentence splitting: the seed pair, abbreviations and numbers, inline markup, speed."""

from __future__ import annotations

import time

import pytest
from conftest import DATA, SEED_EN, SEED_PL
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.read.documents import read_document
from tm.read.segment import split_sentences


def blocks(path):
    return [b.text for b in read_document(path).blocks]


def gold_sentences(lang):
    prefix = f"{lang}: "
    lines = (DATA / "account-executive.gold").read_text(encoding="utf-8").split("\n")
    return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


# -- the seed pair -----------------------------------------------------------------------------


@pytest.mark.parametrize("path, lang", [(SEED_EN, "en"), (SEED_PL, "pl")])
def test_seed_sentences_are_the_gold_sentences(path, lang):
    sentences = [s for text in blocks(path) for s in split_sentences(text, lang)]
    assert sorted(sentences) == sorted(gold_sentences(lang))


@pytest.mark.parametrize(
    "path, lang, start, count",
    [
        (SEED_EN, "en", "The job title of account executive", 3),
        (SEED_EN, "en", "The account executive is the main point", 4),
        (SEED_EN, "en", "In the financial world, account executives are expected", 2),
        (SEED_EN, "en", "In some cases", 3),
        (SEED_EN, "en", "Compensation for an account executive", 2),
        (SEED_PL, "pl", "Tytuł zawodowy", 2),
        (SEED_PL, "pl", "Kierownik ds. obsługi klienta jest główną", 3),
        (SEED_PL, "pl", "W świecie finansów oczekuje", 2),  # with the broken ",. która"
        (SEED_PL, "pl", "Od kierowników księgowości", 2),
        (SEED_PL, "pl", "W niektórych przypadkach", 3),
        (SEED_PL, "pl", "Wynagrodzenie dla kierownika konta", 2),  # "2021 r. średnia" is not an end
        (SEED_PL, "pl", "Zachęcamy kierowników ds. kont", 1),
    ],
)
def test_seed_paragraph_sentence_counts(path, lang, start, count):
    (paragraph,) = [t for t in blocks(path) if t.startswith(start)]
    assert len(split_sentences(paragraph, lang)) == count


# -- abbreviations and numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("pl", "Według Glassdoor.com w maju 2021 r. średnia płaca wynosiła 57 504 USD w Stanach Zjednoczonych. To dużo.",
         ["Według Glassdoor.com w maju 2021 r. średnia płaca wynosiła 57 504 USD w Stanach Zjednoczonych.", "To dużo."]),
        ("pl", "Zachęcamy kierowników ds. kont do kontaktu. Jeden kierownik ds. konta wystarczy.",
         ["Zachęcamy kierowników ds. kont do kontaktu.", "Jeden kierownik ds. konta wystarczy."]),
        ("pl", "To jest tzw. konto firmowe, np. rachunek. Koniec.",
         ["To jest tzw. konto firmowe, np. rachunek.", "Koniec."]),
        ("pl", "Zarabia m.in. 57 504 USD rocznie. Dr Nowak i prof. Kowalski też.",
         ["Zarabia m.in. 57 504 USD rocznie.", "Dr Nowak i prof. Kowalski też."]),
        ("pl", "Umowę podpisano w 2021 r. Następnie ją wykonano.",
         ["Umowę podpisano w 2021 r.", "Następnie ją wykonano."]),
        ("en", "According to Glassdoor.com, the average base pay in the U.S. was $57,504 as of May 2021. It is more now.",
         ["According to Glassdoor.com, the average base pay in the U.S. was $57,504 as of May 2021.", "It is more now."]),
        ("en", "Clients, e.g. banks, pay 3.5% more. Mr. Smith agrees.",
         ["Clients, e.g. banks, pay 3.5% more.", "Mr. Smith agrees."]),
        ("en", "The U.S. Department of Labor publishes it. Dr. Jones, i.e. the boss, reads it.",
         ["The U.S. Department of Labor publishes it.", "Dr. Jones, i.e. the boss, reads it."]),
        ("en", "Most of them work in the U.S. The rest work abroad.",
         ["Most of them work in the U.S.", "The rest work abroad."]),
        ("en", "Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."]),
    ],
)
def test_abbreviations_and_numbers(lang, text, expected):
    assert split_sentences(text, lang) == expected


def test_language_codes_with_regions():
    text = "W maju 2021 r. średnia płaca rosła. To dużo."
    assert split_sentences(text, "pl-PL") == split_sentences(text, "pl") == [
        "W maju 2021 r. średnia płaca rosła.", "To dużo."]


def test_unknown_language_uses_generic_rules():
    assert split_sentences("Tere maailm. See on test. Kolmas lause!", "et") == [
        "Tere maailm.", "See on test.", "Kolmas lause!"]
    assert split_sentences("Hello there. General rules apply.", "xx-YY") == ["Hello there.", "General rules apply."]


# -- inline markup -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("*This is it.* And *more. Text* here.", ["*This is it.*", "And *more. Text* here."]),
        ("See [the rule. It says](/x) so. Next.", ["See [the rule. It says](/x) so.", "Next."]),
        ("**Bold.** Next one.", ["**Bold.**", "Next one."]),
        ("Use `a. B` now. Then stop.", ["Use `a. B` now.", "Then stop."]),
        ("It ends here. [Link](/l) starts this one.", ["It ends here.", "[Link](/l) starts this one."]),
        ("The rule applies to [broker-dealers](/broker-dealer). It restricts gifts.",
         ["The rule applies to [broker-dealers](/broker-dealer).", "It restricts gifts."]),
    ],
)
def test_markup_spans_are_never_cut(text, expected):
    assert split_sentences(text, "en") == expected


def test_line_breaks_and_blank_lines_end_sentences():
    assert split_sentences("Pierwsza linia\nDruga linia. Trzecia.\n\nNowy akapit", "pl") == [
        "Pierwsza linia", "Druga linia.", "Trzecia.", "Nowy akapit"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text(text):
    assert split_sentences(text, "en") == []


_ALPHABET = st.sampled_from(list("abc ABC ąę.!?,:;*_`[]()<>/-\n") + ["e.g. ", "U.S. ", " r. ", "](/x)", "**"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "pl", "de", "xx"]))
def test_sentences_keep_every_character(text, lang):
    sentences = split_sentences(text, lang)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join(" ".join(sentences).split()) == "".join(text.split())


# -- speed -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, lang", [(SEED_EN, "en"), (SEED_PL, "pl")])
def test_speed(path, lang):
    texts = blocks(path) * 20
    split_sentences(texts[0], lang)  # load the rules
    start = time.perf_counter()
    count = sum(len(split_sentences(t, lang)) for t in texts)
    rate = count / (time.perf_counter() - start)
    assert rate > 1000, f"{rate:.0f} sentences/s"  # about 10 000 here
