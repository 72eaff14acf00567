"""Chinese characters, pinyin, and the Turkic reading of Chinese renderings."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import transliterate


@pytest.mark.parametrize(
    "written",
    [
        "伊力哈木·土赫提",
        "伊力哈木・土赫提",
        "伊力哈木•土赫提",
        "伊力哈木‧土赫提",
    ],
)
def test_every_name_dot_separates_name_parts(written: str) -> None:
    assert transliterate(written, "zh-Latn-pinyin").text == "yilihamu tuheti"


def test_simplified_and_traditional_read_alike() -> None:
    assert transliterate("雪克来提·扎克尔", "zh-Latn-pinyin").text == "xuekelaiti zhakeer"
    assert transliterate("雪克來提·扎克爾", "zh-Latn-pinyin").text == "xuekelaiti zhakeer"


def test_surname_readings_only_at_the_start() -> None:
    assert transliterate("曾庆红", "zh-Latn-pinyin").text == "zeng qinghong"
    assert transliterate("单", "zh-Latn-pinyin").text == "shan"


def test_turkic_reading_of_a_chinese_rendering() -> None:
    assert transliterate("伊力哈木·土赫提", target="ug-Latn").text == "ilham toxti"
    reading = transliterate("Āhémǎitíjiāng Hāsīmù", "ug-Latn", source="zh-Latn-pinyin")
    assert reading.text == "Exmetjan Qasim"
    assert reading.routes == ("zh-Latn-pinyin>ug-Latn",)


@pytest.mark.parametrize(
    ("chinese", "uyghur"),
    [
        ("新疆", "shinjang"),  # issue 14: was shinjan (the -jiang of 阿合买提江 = Exmetjan)
        ("新疆大学", "shinjangdashue"),
        ("吐鲁番", "turpan"),
        ("哈密", "qumul"),
        ("库尔勒", "korla"),
        ("阿勒泰", "altay"),
        ("克拉玛依", "qaramay"),
        ("伊宁", "ghulja"),
        ("喀拉喀什", "qaraqash"),
        ("喀什", "qeshqer"),
        ("库车", "kuche"),  # pinyin ch is ch (was tsh)
    ],
)
def test_place_names_read_as_their_uyghur_names(chinese: str, uyghur: str) -> None:
    assert transliterate(chinese, target="ug-Latn").text == uyghur


def test_a_hyphen_between_chinese_words_is_kept() -> None:
    # The normaliser wrote it as a space, so the output had a character the input had not.
    assert transliterate("新疆-乌鲁木齐", target="ug-Cyrl").text == "шинҗаң-үрүмчи"
    assert transliterate("新疆-乌鲁木齐", target="zh-Latn-pinyin").text == "xinjiang-wulumuqi"
    # A hyphen between name parts separates them as words, written as it came.
    assert transliterate("伊力哈木-土赫提", "zh-Latn-pinyin").text == "yilihamu-tuheti"


def test_pinyin_input_forms_are_folded() -> None:
    for written in ("Zhākè'ěr", "Zhākè’ěr", "Zha1ke4er3", "zhakeer"):
        assert transliterate(written, "ug-Latn", source="zh-Latn-pinyin").text.lower() == "zakir"


def test_pypinyin_is_imported_on_first_use_only() -> None:
    code = "import sys, kznames; print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.just("·")))
def test_any_han_text_reads(text: str) -> None:
    result = transliterate(text, "zh-Latn-pinyin")
    # A dot that does not stand between two characters is punctuation and stays; a character
    # without a known reading stays too, and its word is reported.
    for char in result.text:
        assert char.isascii() or char in "ü·" or (result.untouched and char >= "\u3400"), char
