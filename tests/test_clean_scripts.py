"""clean.py and scripts.py."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kznames.clean import (
    _APOSTROPHES,
    _DASHES,
    _PUNCT_TABLE,
    clean,
    normalize,
    repair_homoglyphs,
    unify_punctuation,
)
from kznames.scripts import detect_language, detect_script


def test_normalize_composes_and_strips_invisible() -> None:
    assert normalize("Ә\u200cлі\u200f") == "Әлі"
    assert normalize("A\u0308") == "Ä"
    assert normalize("a\tb\nc") == "a\tb\nc"
    assert normalize("\ufeffАлматы") == "Алматы"


def test_unify_punctuation() -> None:
    assert unify_punctuation("Нұр–Сұлтан Nur—Sultan O’zbek Qo‘qon Xo`jand") == (
        "Нұр-Сұлтан Nur-Sultan O'zbek Qo'qon Xo'jand"
    )


def test_homoglyphs_follow_the_majority_script() -> None:
    assert repair_homoglyphs("Aлматы") == "Алматы"  # Latin A
    assert repair_homoglyphs("Almaтy") == "Almaтy"  # Cyrillic т has no Latin twin: kept
    assert repair_homoglyphs("Kazakhstaн") == "Kazakhstaн"
    assert repair_homoglyphs("Aстана Astana") == "Астана Astana"
    assert repair_homoglyphs("Бiлаш") == "Білаш"  # Latin i in a Kazakh word


@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


def test_detect_script() -> None:
    assert detect_script("Серікжан") == "Cyrl"
    assert detect_script("Halemubieke") == "Latn"
    assert detect_script("ئۇيغۇر") == "Arab"
    assert detect_script("维吾尔") == "Hani"
    assert detect_script("2019 --") == "Zyyy"
    assert detect_script("") == "Zyyy"


def test_detect_language() -> None:
    assert detect_language("Білаш") == "kk"
    assert detect_language("Өскемен") == "kk"
    assert detect_language("Жээнбеков") == "ky"
    assert detect_language("Көөнөрбөөдөн") == "ky"
    assert detect_language("Билаш") == "ru"
    assert detect_language("ئۇيغۇر") == "ug"
    assert detect_language("قازاقستان", default="kk") == "kk"
    assert detect_language("ٴالى") == "kk"
    assert detect_language("Smith") is None


@settings(max_examples=500)
@given(
    st.text(st.sampled_from("aЖ ئ王-'`" + _DASHES + _APOSTROPHES), max_size=12),
    st.sampled_from(["", "`", "'`", "\u2019"]),
)
def test_unify_punctuation_is_the_translation_of_every_character(text: str, keep: str) -> None:
    table = {k: v for k, v in _PUNCT_TABLE.items() if chr(k) not in keep}
    assert unify_punctuation(text, keep) == text.translate(table)
