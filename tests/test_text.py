"""tm.text: placeholders, numbers, URLs and markup; language codes."""

from __future__ import annotations

import pytest

from tm import text


def test_numbers_in_drops_group_separators():
    assert text.numbers_in("$57,504 and 57 504 USD, 3,5%") == ["57504", "57504", "3.5"]


def test_visible_blanks_markup_placeholders_and_urls_keeping_offsets():
    s = "See **[docs](https://x.pl)** at www.x.pl for %(name)s, 50 % off"
    v = text.visible(s)
    assert len(v) == len(s)
    assert "https" not in v and "www" not in v and "%(name)s" not in v
    assert "docs" in v and "50 % off" in v  # a space is not a printf flag


def test_placeholder_patterns_differ_on_purpose():
    assert text.PLACEHOLDER.findall("%% {} {{ x }}") == ["%%", "{}", "{{ x }}"]
    assert text.TERM_PLACEHOLDER.findall("a &amp; b") == ["&amp;"]
    assert text.LOOKUP_PLACEHOLDER.findall("50 % s") == ["% s"]
    assert text.ALIGN_PLACEHOLDER.findall("100%of") == ["%o"]


@pytest.mark.parametrize(
    "code, primary, locale, strict",
    [("pl-PL", "pl", "pl", "pl"), ("pl_PL.UTF-8", "pl", "pl", "pl"), ("PL", "pl", "pl", "pl"),
     (" pl", " pl", "pl", "pl"), ("sr@latin", "sr@latin", "sr", ValueError), ("e1", "e1", "e1", ValueError)],
)
def test_language_codes(code, primary, locale, strict):
    assert text.primary_subtag(code) == primary
    assert text.primary_subtag(code, locale=True) == locale
    if strict is ValueError:
        with pytest.raises(ValueError):
            text.language_code(code)
    else:
        assert text.language_code(code) == strict


def test_normalise_language_is_bcp47():
    assert text.normalise_language("pl_PL.UTF-8") == ("pl", "pl-PL")
    assert text.normalise_language("pol") == ("pl", None)
    with pytest.raises(ValueError):
        text.normalise_language("English")
