"""Chinese characters, pinyin, and the Turkic reading of Chinese renderings."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kznames
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
    assert transliterate(written, "zh-Latn-pinyin").text == "Yilihamu Tuheti"


def test_simplified_and_traditional_read_alike() -> None:
    assert transliterate("雪克来提·扎克尔", "zh-Latn-pinyin").text == "Xuekelaiti Zhakeer"
    assert transliterate("雪克來提·扎克爾", "zh-Latn-pinyin").text == "Xuekelaiti Zhakeer"


def test_surname_readings_only_at_the_start() -> None:
    assert transliterate("曾庆红", "zh-Latn-pinyin").text == "Zeng Qinghong"
    assert transliterate("单", "zh-Latn-pinyin").text == "Shan"


def test_turkic_reading_of_a_chinese_rendering() -> None:
    assert transliterate("伊力哈木·土赫提", target="ug-Latn").text == "Ilham Toxti"
    reading = transliterate("Āhémǎitíjiāng Hāsīmù", "ug-Latn", source="zh-Latn-pinyin")
    assert reading.text == "Exmetjan Qasim"
    assert reading.routes == ("zh-Latn-pinyin>ug-Latn",)


@pytest.mark.parametrize(
    ("chinese", "uyghur"),
    [
        ("新疆", "Shinjang"),  # issue 14: was shinjan (the -jiang of 阿合买提江 = Exmetjan)
        ("新疆大学", "Shinjangdashue"),
        ("吐鲁番", "Turpan"),
        ("哈密", "Qumul"),
        ("库尔勒", "Korla"),
        ("阿勒泰", "Altay"),
        ("克拉玛依", "Qaramay"),
        ("伊宁", "Ghulja"),
        ("喀拉喀什", "Qaraqash"),
        ("喀什", "Qeshqer"),
        ("库车", "Kuche"),  # pinyin ch is ch (was tsh)
    ],
)
def test_place_names_read_as_their_uyghur_names(chinese: str, uyghur: str) -> None:
    assert transliterate(chinese, target="ug-Latn").text == uyghur


def test_a_hyphen_between_chinese_words_is_kept() -> None:
    # The normaliser wrote it as a space, so the output had a character the input had not.
    assert transliterate("新疆-乌鲁木齐", target="ug-Cyrl").text == "Шинҗаң-Үрүмчи"
    assert transliterate("新疆-乌鲁木齐", target="zh-Latn-pinyin").text == "Xinjiang-Wulumuqi"
    # A hyphen between name parts separates them as words, written as it came.
    assert transliterate("伊力哈木-土赫提", "zh-Latn-pinyin").text == "Yilihamu-Tuheti"


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


def test_pinyin_is_capitalised_as_names_are_written() -> None:
    # Issue 14 (review): ISO 7098 and BGN/PCGN write proper names in pinyin with capitals; the
    # output was xi jinping.
    assert transliterate("习近平", "zh-Latn-pinyin").text == "Xi Jinping"
    assert transliterate("伊力哈木・土赫提", "zh-Latn-pinyin").text == "Yilihamu Tuheti"
    assert transliterate("乌鲁木齐", "ru-Latn-bgn").text == "Wulumuqi"
    # The capitals survive a route through Arabic script, which has none, auto or named.
    for source in ("auto", "zh-Hani"):
        assert transliterate("伊力哈木·土赫提", "ug-Cyrl", source=source).text == "Илһам Тохти"
        assert transliterate("伊力哈木·土赫提", "ug-Arab", source=source).text == "ئىلھام توختى"
    # A Latin word in a named Chinese source is not given a capital it did not have.
    assert transliterate("伊力哈木 x", "ug-Cyrl", source="zh-Hani").text.split()[1].islower()


def test_the_key_reads_capitalised_pinyin_as_before() -> None:
    import kznames
    from kznames.phonetic import pivot

    assert pivot("伊力哈木") == "ilham"  # not ılham: the capital I the reading writes is no ı
    assert kznames.key("伊力哈木·土赫提") == kznames.key("Ilham Tohti") == "alkmtkt"


def test_characters_spaced_out_are_one_word_as_tokens_reads_them() -> None:
    from kznames.phonetic import tokens

    spaced = "阿 合 買 提 江"
    assert tokens(spaced) == ["阿合買提江"]
    assert transliterate(spaced, "zh-Latn-pinyin").text == "Ahemaitijiang"  # was a he mai ti jiang
    assert transliterate(spaced, "ug-Latn").text == "Exmetjan"
    assert transliterate(spaced, "zh-Latn-pinyin", source="zh-Hani").text == "Ahemaitijiang"
    # Two single characters are a surname and a given name: two words, as tokens() keeps them.
    assert tokens("王 伟") == ["王", "伟"]
    assert transliterate("王 伟", "zh-Latn-pinyin").text == "Wang Wei"


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(st.lists(st.text(alphabet=_HAN, min_size=1, max_size=5), min_size=1, max_size=4))
def test_every_pinyin_word_starts_with_one_capital(words: list[str]) -> None:
    result = transliterate(" ".join(words), "zh-Latn-pinyin")
    if result.untouched:
        return  # a character without a reading is kept as it was
    for word in result.text.replace("-", " ").split():
        assert word[0].isupper(), result.text
        assert not any(c.isupper() for c in word[1:]), result.text


@pytest.mark.parametrize(
    ("text", "words", "pinyin"),
    [
        ("王 伟 和 李 娜", ["王", "伟", "和", "李", "娜"], "Wang Wei He Li Na"),
        ("王 伟 与 李 娜", ["王", "伟", "与", "李", "娜"], "Wang Wei Yu Li Na"),
        ("王 伟 、 李 娜", ["王", "伟", "李", "娜"], "Wang Wei 、 Li Na"),
        ("阿 合 買 提 江 及 王 伟", ["阿合買提江", "及", "王", "伟"], "Ahemaitijiang Ji Wang Wei"),
        ("和 田 市", ["和田市"], "Hetianshi"),  # no name before it: 和 starts the word
    ],
)
def test_spaced_characters_are_not_joined_across_a_conjunction(
    text: str, words: list[str], pinyin: str
) -> None:
    # 王 伟 和 李 娜 (Wang Wei and Li Na) came out as one name, Wangweihelina.
    from kznames.phonetic import tokens

    assert tokens(text) == words
    assert transliterate(text, "zh-Latn-pinyin", kind="place").text == pinyin
    if text.startswith("王 伟"):  # the two names, each a surname and a given name
        assert kznames.key(text) == kznames.key(pinyin.replace(" 、", ""))
        assert kznames.key(text) != kznames.key(text.replace(" ", ""))


_CONJUNCTIONS = "和与與及"


@given(st.lists(_HAN.filter(lambda c: c not in _CONJUNCTIONS), min_size=3, max_size=8))
def test_single_characters_spaced_out_are_one_word(chars: list[str]) -> None:
    from kznames.phonetic import tokens

    spaced = " ".join(chars)
    assert tokens(spaced) == ["".join(chars)]
    result = transliterate(spaced, "zh-Latn-pinyin", kind="place")
    assert result.text == transliterate("".join(chars), "zh-Latn-pinyin", kind="place").text


_NOT_CONJUNCTION = _HAN.filter(lambda c: c not in _CONJUNCTIONS)


@given(
    st.lists(_NOT_CONJUNCTION, min_size=1, max_size=6),
    st.sampled_from(_CONJUNCTIONS),
    st.lists(_NOT_CONJUNCTION, min_size=1, max_size=6),
    st.booleans(),
)
def test_a_conjunction_beside_a_single_character_is_a_character_of_the_name(
    left: list[str], conjunction: str, right: list[str], mirror: bool
) -> None:
    # A Chinese name has two characters or more: 张 和 平 is Zhang Heping, one name, keyed as
    # 张和平 (review of 93a4634: they keyed apart).
    from kznames.phonetic import tokens

    left, right = (left[:1], right) if not mirror else (left, right[:1])
    chars = [*left, conjunction, *right]
    assert tokens(" ".join(chars)) == ["".join(chars)]
    assert kznames.key(" ".join(chars)) == kznames.key("".join(chars))


# --- Wade-Giles: one normaliser (schemes/data/zh-Latn-wadegiles.normalize) for every reader

# The marks printed for the apostrophe of aspiration, and the backtick typed for it.
_APOSTROPHES = ("'", "’", "ʻ", "ʼ", "‘", "′", "´", "`")
_WADE_GILES = ("K'a-shih", "A-k'o-su-chen", "Wu-lu-mu-ch'i", "T'a-ch'eng", "So-ch'e", "Ch'ua-tzŭ")


@given(st.sampled_from(_WADE_GILES), st.sampled_from(_APOSTROPHES))
def test_every_printed_apostrophe_reads_and_keys_alike(name: str, mark: str) -> None:
    # Session 9 review: Kʻa-shih keyed caka (read as letters), K'a-shih kckr.
    import kznames
    from kznames import wadegiles

    written = name.replace("'", mark)
    assert wadegiles.may_be(written)
    assert wadegiles.to_pinyin(written) == wadegiles.to_pinyin(name)
    assert kznames.key(written) == kznames.key(name)
    by_scheme = transliterate(written, "zh-Latn-pinyin", source="zh-Latn-wadegiles")
    assert by_scheme.text == transliterate(name, "zh-Latn-pinyin", source="zh-Latn-wadegiles").text
    assert by_scheme.untouched == ()


def test_wade_giles_folds_are_written_once_in_data() -> None:
    from kznames import wadegiles
    from kznames.schemes import get_normalizer

    normalizer = get_normalizer("zh-Latn-wadegiles")
    assert normalizer is not None
    folded = {rule.source for rule in normalizer.rules}
    assert {"ŭ", "ê", "’", "ʻ"} <= folded
    assert wadegiles.normalize("SZŬ-CHʻUAN Jên") == "SZU-CH'UAN Jen"
    assert wadegiles.to_pinyin("Kʻa-shih") == wadegiles.to_pinyin("K'a-shih") == "kashi"
    # ch'ua was written ch`ua in the table, which the syllable reader could never read.
    assert wadegiles.to_pinyin("Ch'ua-tzŭ") == "chuazi"


def test_a_backtick_for_the_apostrophe_keys_as_the_apostrophe() -> None:
    # K`a-shih keyed caka (the backtick read as no mark), K'a-shih kckr (issue 14, key version 19).
    import kznames
    from kznames import wadegiles

    assert kznames.key("K`a-shih") == kznames.key("K'a-shih") == "kckr"
    assert wadegiles.normalize("Wu-lu-mu-ch`i") == "Wu-lu-mu-ch'i"
    assert transliterate("K`a-shih", "zh-Latn-pinyin", source="zh-Latn-wadegiles").text == "Kashi"
    # GOST 7.79's backtick (ы y`, ь `) is not Wade-Giles: those names key as before.
    assert not wadegiles.may_be("Ky`zy` Solov`yov")
    assert kznames.key("Ky`zy` Solov`yov") == "kzslv"


def test_hs_marks_wade_giles_only_at_the_start_of_a_syllable() -> None:
    from kznames import wadegiles

    assert wadegiles.may_be("Hsin-chiang")
    assert wadegiles.may_be("Ta-hsien")
    assert not wadegiles.may_be("Kazakhstan")  # k-h-s: it kept the text from the Kazakh reading
    assert transliterate("Kazakhstan", "ru-Cyrl").text == "Казахстан"


def test_wade_giles_read_as_pinyin_keeps_the_capital_of_a_name() -> None:
    # Pinyin from characters is capitalised (Kashi); read from Wade-Giles it was kashi.
    result = transliterate(
        "K'a-shih, Mao Tse-tung, k'a-shih", "zh-Latn-pinyin", "zh-Latn-wadegiles"
    )
    assert result.text == "Kashi, Mao Zedong, kashi"
    assert transliterate("K'A-SHIH", "zh-Latn-pinyin", source="zh-Latn-wadegiles").text == "KASHI"
    assert transliterate("Wu-lu-mu-ch'i", "ug-Latn", source="zh-Latn-wadegiles").text == "Ürümchi"
