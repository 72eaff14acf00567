"""One text, one language: words whose letters fit Kazakh and Uyghur follow the text's others."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import transliterate
from kznames.scripts import definite_language, detect_language
from support import ug_words

ISSUE_TEXT = "ئىلھام توختى رەھىلە داۋۇت شىنجاڭ"


def test_issue_uyghur_text_under_a_kazakh_target_is_one_scheme() -> None:
    # Before: "ilham toxti rehıle dauūt şynjañ", ULY and the 2021 Kazakh alphabet at once.
    result = transliterate(ISSUE_TEXT, "kk-Latn")
    assert result.text == "ilham toxti rehile dawut shinjang"
    assert result.routes == ("ug-Arab>ug-Latn",)
    assert result.untouched == ()


def test_uyghur_cyrillic_text_is_one_scheme_and_keeps_its_case() -> None:
    result = transliterate("Илһам Тохти Рәһилә Давут Шинҗаң", "kk-Latn")
    assert result.text == "Ilham Toxti Rehile Dawut Shinjang"
    assert result.routes == ("ug-Cyrl>ug-Arab", "ug-Arab>ug-Latn")


@pytest.mark.parametrize(
    ("word", "language"),
    [("ئىلھام", "ug"), ("رەھىلە", None), ("ٴالى", "kk"), ("Шинҗаң", "ug"), ("Нұрсұлтан", "kk")],
)
def test_definite_language(word: str, language: str | None) -> None:
    assert definite_language(word) == language


def test_uyghur_cyrillic_letter_zhe_with_descender_is_uyghur() -> None:
    assert detect_language("Шинҗаң") == "ug"
    assert detect_language("Тоқаев") == "kk"


def test_a_word_that_fits_both_keeps_the_target_language_alone_or_in_a_mixed_text() -> None:
    # Alone, a Uyghur-or-Kazakh word is read in the target's language, as before.
    assert transliterate("رەھىلە", "kk-Latn").routes == ("kk-Arab>kk-Cyrl", "kk-Cyrl>kk-Latn")
    # Beside a Kazakh word with the hamza mark it is Kazakh; قازاقستان has only letters Persian
    # shares, and is read as Kazakh in a Kazakh text instead of being left untouched.
    result = transliterate("قازاقستان ٴالى", "kk-Latn")
    assert (result.text, result.untouched) == ("qazaqstan älı", ())
    # When the telling words disagree, each word goes its own way.
    mixed = transliterate("ئىلھام ٴالى رەھىلە", "kk-Latn")
    assert mixed.text.split()[:2] == ["ilham", "älı"]


def test_persian_words_stay_untouched_in_a_uyghur_text() -> None:
    result = transliterate("ئىلھام صالح", "ug-Latn")
    assert result.untouched == ("صالح",)


@given(st.lists(ug_words, min_size=2, max_size=5))
def test_a_uyghur_text_comes_out_in_uly_under_kazakh_latin(words: list[str]) -> None:
    # With one word that proves Uyghur (the hamza carrier ئ), every word is read as Uyghur.
    text = " ".join(["ئىلھام", *words])
    result = transliterate(text, "kk-Latn")
    assert result.routes == ("ug-Arab>ug-Latn",), result
    assert result.text == transliterate(text, "ug-Latn", source="ug-Arab").text
