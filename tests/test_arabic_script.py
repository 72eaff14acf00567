"""Uyghur and Kazakh Arabic script: input normalisation, detection, harmony, routing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import transliterate
from kznames.scripts import detect_language

UYGHUR = "ئۇيغۇر"


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("ﺋﯘﻳﻐﯘﺭ", "presentation forms"),
        ("ئۇيـــغۇر", "tatweel (kashida)"),
        ("ئُۇيغۇر", "a haraka"),
        ("\u200fئۇي\u200dغۇر\u200c", "RTL mark, ZWJ, ZWNJ"),
        ("ۇيغۇر", "word-initial vowel typed without its hamza carrier"),
    ],
)
def test_uyghur_spellings_fold_to_one(written: str, why: str) -> None:
    assert transliterate(written, "ug-Latn", source="ug-Arab").text == "uyghur", why


def test_persian_keyboard_letters() -> None:
    # ی (Farsi yeh) is y before a vowel and i elsewhere; ک (keheh) is k; ه (heh) is e.
    assert transliterate("ئىلی", "ug-Latn", source="ug-Arab").text == "ili"
    assert transliterate("یەر", "ug-Latn", source="ug-Arab").text == "yer"
    assert transliterate("کەنت", "ug-Latn", source="ug-Arab").text == "kent"
    assert transliterate("بالىلاره", "ug-Latn", source="ug-Arab").text == "balilare"


def test_uly_apostrophes() -> None:
    assert transliterate("سائەت", "ug-Latn", source="ug-Arab").text == "sa'et"
    assert transliterate("مەنگگۇ", "ug-Latn", source="ug-Arab").text == "men'ggu"
    assert transliterate("sa’et", "ug-Arab", source="ug-Latn").text == "سائەت"  # curly apostrophe


def test_uyghur_between_scripts() -> None:
    assert transliterate("Qeshqer", "ug-Cyrl", source="ug-Latn").text == "қәшқәр"
    assert transliterate("үрүмчи", "ug-Latn", source="ug-Cyrl").text == "ürümchi"


def test_kazakh_arabic_harmony() -> None:
    assert transliterate("Әлі", "kk-Arab", source="kk-Cyrl").text == "ٴالى"
    assert transliterate("Өскемен", "kk-Arab", source="kk-Cyrl").text == "وسكەمەن"  # е, к: no mark
    assert transliterate("ٴالى", "kk-Cyrl", source="kk-Arab").text == "әлі"
    assert transliterate("الى", "kk-Cyrl", source="kk-Arab").text == "алы"
    assert transliterate("ٵلى", "kk-Cyrl", source="kk-Arab").text == "әлі"  # precomposed ٵ


def test_detection_tells_uyghur_kazakh_and_persian_apart() -> None:
    assert detect_language("ئۇيغۇر") == "ug"
    assert detect_language("ٴالى") == "kk"
    assert detect_language("قازاقستان", default="kk") == "kk"
    assert detect_language("محمد") is None  # no vowel letter: not Uyghur or Kazakh spelling
    assert detect_language("سلام") is None  # only letters Persian and Arabic share
    # A letter neither Turkic alphabet has makes a word Persian, Arabic, Urdu or Kurdish.
    assert detect_language("أسطانا", default="ug") is None
    assert detect_language("ڕیددێر", default="ug") is None  # Sorani, no Turkic vowel letter
    assert detect_language("برهان", default="ug") is None  # heh inside: the Persian h
    assert detect_language("استانه", default="ug") == "ug"  # final heh: Uyghur typed as ه
    assert detect_language("عليخان", default="ug") is None  # ain beside khah: not Kazakh
    assert detect_language("عالى", default="ug") == "kk"


def test_initial_alef_forms_carry_the_vowel() -> None:
    for persian in ("آستانا", "أستانا"):
        assert transliterate(persian, "ug-Latn", source="ug-Arab").text == "astana"
    assert transliterate("اوست", "ug-Latn", source="ug-Arab").text == "ost"
    assert transliterate("ایلی", "ug-Latn", source="ug-Arab").text == "ili"


def test_auto_routes_each_arabic_word_to_its_language() -> None:
    result = transliterate("ئۇيغۇر قۇلجا ٴالى", "kk-Cyrl")
    assert result.text == "уйғур құлжа әлі"
    assert set(result.routes) >= {"kk-Arab>kk-Cyrl"}
    persian = transliterate("سلام محمد", "ug-Latn")
    assert persian.text == "سلام محمد"
    assert persian.untouched == ("سلام", "محمد")


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.just(" ")))
def test_any_arabic_text_is_safe(text: str) -> None:
    for tag in ("ug-Latn", "ug-Cyrl", "kk-Cyrl"):
        assert isinstance(transliterate(text, tag).text, str)
