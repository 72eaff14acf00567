"""Latin source detection: press/BGN digraphs, the 2021, 2018 and 2017 alphabets and ISO 9."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import transliterate
from kznames.cli import main
from kznames.errors import DataFileError
from kznames.schemes import get_scheme, scheme_tags
from kznames.schemes.cues import CUES_FILE, cue_scores, load_cues
from support import kk_words


def test_issue_press_spelling_reads_as_press() -> None:
    result = transliterate("Serikzhan Bilash", "kk-Cyrl")
    assert result.text == "Серікжан Білаш"
    assert result.routes == ("kk-Latn-press>kk-Cyrl",)


def test_issue_press_spelling_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-t", "kk-Cyrl", "--json", "Serikzhan Bilash"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == "Серікжан Білаш"
    assert out["routes"] == ["kk-Latn-press>kk-Cyrl"]


@pytest.mark.parametrize(
    ("latin", "cyrillic", "route"),
    [
        ("Serıkjan Bılaş", "Серікжан Білаш", "kk-Latn>kk-Cyrl"),  # 2021: ı ş
        ("Qazaqstan", "Қазақстан", "kk-Latn>kk-Cyrl"),  # no cue: the 2021 alphabet first
        ("Nursultan Nazarbayev", "Нұрсұлтан Назарбаев", "kk-Latn-press>kk-Cyrl"),  # ye
        ("Tokayev", "Тоқаев", "kk-Latn-press>kk-Cyrl"),
        ("Mangghystaū", "Маңғыстау", "kk-Latn-bgn>kk-Cyrl"),  # gh, ū
        ("Shīeli", "Шиелі", "kk-Latn-bgn>kk-Cyrl"),  # ī
        ("Áýezov", "Әуезов", "kk-Latn-2018>kk-Cyrl"),  # acute accents
        ("Respy'bli'kasy", "Республикасы", "kk-Latn-2017>kk-Cyrl"),  # apostrophes
        ("Serìkžan", "Серікжан", "kk-Latn-iso9>kk-Cyrl"),  # carons
    ],
)
def test_each_latin_scheme_is_told_apart(latin: str, cyrillic: str, route: str) -> None:
    result = transliterate(latin, "kk-Cyrl")
    assert (result.text, result.routes) == (cyrillic, (route,))


def test_a_word_without_cues_follows_the_text() -> None:
    # Bilash alone has sh (2018, press, BGN); beside Serikzhan the text's zh decides. Alone,
    # by rule, the auto_read order picks 2018; with known spellings, the press, which writes
    # the gazetteer's Білаш so.
    alone = transliterate("Bilash", "kk-Cyrl", known_spellings=False)
    assert alone.routes == ("kk-Latn-2018>kk-Cyrl",)
    assert transliterate("Bilash", "kk-Cyrl").routes == ("kk-Latn-press>kk-Cyrl",)
    assert transliterate("Serikzhan Bilash", "kk-Cyrl").routes == ("kk-Latn-press>kk-Cyrl",)


def test_press_reading_rules() -> None:
    def read(text: str) -> str:
        return transliterate(text, "kk-Cyrl", source="kk-Latn-press", known_spellings=False).text

    assert read("Aiman Umarova") == "Айман Умарова"  # i before a consonant after a vowel: й
    assert read("Abay Semey") == "Абай Семей"  # y after a vowel: й
    assert read("Shymkent") == "Шымкент"  # k before e: к
    assert read("Kuanysh") == "Қуаныш"  # k before a: қ; u before a vowel: у
    assert read("Yerlan") == "Ерлан"
    # Documented ambiguity: ng is ң, so ң before ғ (written n + g) comes back without the ғ.
    assert read("Mangystau") == "Маңыстау"
    # A gazetteer name is read as spelt (kznames.schemes.lexicon, docs/tote-jazu.md).
    assert transliterate("Mangystau", "kk-Cyrl", source="kk-Latn-press").text == "Маңғыстау"


def test_every_cue_is_a_spelling_its_schemes_can_read() -> None:
    # A cue naming a scheme that cannot read it could never pick that scheme.
    for cue in load_cues(CUES_FILE, frozenset(scheme_tags())):
        for tag in cue.schemes:
            reverse = get_scheme(tag).reverse
            assert reverse is not None, (cue, tag)
            assert reverse.covers(cue.text), (cue.line, cue.text, tag)


def test_cue_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text(
        "cue\tschemes\tweight\tnote\nzh\tkk-Latn-press\tmany\t\nsh\tkk-Latn-nope\t1\t\n"
        "kh\tkk-Latn-press\t1\t\nkh\tkk-Latn-bgn\t1\t\nonly-one-field\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_cues(path, frozenset(scheme_tags()))
    problems = info.value.problems
    assert any(p.startswith(f"{path}:2:") and "number" in p for p in problems)
    assert any(p.startswith(f"{path}:3:") and "kk-Latn-nope" in p for p in problems)
    assert any(p.startswith(f"{path}:5:") and "twice" in p for p in problems)
    assert any(p.startswith(f"{path}:6:") for p in problems)
    with pytest.raises(DataFileError):
        load_cues(tmp_path / "missing.tsv")


def test_cue_scores_count_each_cue_once() -> None:
    assert cue_scores("zhzhzh") == cue_scores("zh")
    assert cue_scores("Smith") == {}


# BGN reads back except where its spellings meet: ts (ц or т+с), y before a vowel (я, ю, ё),
# y after a vowel (й, never ы in Kazakh), n+gh (нғ or ңһ), t+sh (тш or ц+h).
_BGN_AMBIGUOUS = re.compile(
    r"тс|тш|тщ|нғ|[^аәеёиоөуұүыіэюя]й|^й|й[аәеёиоөуұүыіэюя]|[аәеёиоөуұүыіэюя]ы|ы[аоуұ]|[ёцщъьэюя]"
)


@given(st.lists(kk_words.filter(lambda w: not _BGN_AMBIGUOUS.search(w)), min_size=1, max_size=3))
def test_bgn_reads_back_kazakh_words(words: list[str]) -> None:
    text = " ".join(words)
    there = transliterate(text, "kk-Latn-bgn", source="kk-Cyrl").text
    assert transliterate(there, "kk-Cyrl", source="kk-Latn-bgn").text == text, there


@given(st.lists(kk_words, min_size=1, max_size=3))
def test_press_spellings_read_as_cyrillic_only(words: list[str]) -> None:
    there = transliterate(" ".join(words), "kk-Latn-press", source="kk-Cyrl").text
    back = transliterate(there, "kk-Cyrl")
    assert back.untouched == ()
    assert not re.search(r"[A-Za-z]", back.text), back


@pytest.mark.parametrize("target", ["kk-Cyrl", "ru-Cyrl"])
@pytest.mark.parametrize(
    "text",
    [
        "Alexander Xu",
        "Xi Jinping",
        "Xinjiang",
        "Afghanistan",
        "Ferghana",
        "Kashixiang",
        # w and ng, each of weight 1, made one English or German word Uyghur (Вашиңтон,
        # Волфгаң) until a cue of weight 2 was required (review of session 9).
        "Washington",
        "Wellington",
        "Wolfgang",
        "Ewing",
        "Kingswood",
    ],
)
def test_english_and_pinyin_words_with_x_or_gh_are_not_read_as_uyghur(
    text: str, target: str
) -> None:
    # A day's Uyghur Latin reading took x, gh, w and ng alone for ULY and wrote Alexander as
    # Аләхандәр under a Russian target (docs/detection.md): pinyin, English and Uzbek write them.
    result = transliterate(text, target)
    assert not any(route.startswith("ug-") for route in result.routes), result.routes
    if target == "ru-Cyrl":
        assert not set(result.text) & set("әңҗғөүұһ"), result.text


# Latin words that no romanization of the target's language explains (docs/detection.md,
# "Words of other languages in Latin letters"): issue 14, session 9.

_ULY_ROUTES = ("ug-Latn>ug-Arab", "ug-Arab>ug-Cyrl")


@pytest.mark.parametrize("target", ["kk-Cyrl", "ru-Cyrl"])
def test_uyghur_latin_words_that_agree_are_written_in_uyghur_cyrillic(target: str) -> None:
    # Was `Toxti Гхулжа` under kk-Cyrl: Toxti kept, Ghulja read as the 2021 alphabet (g + h).
    result = transliterate("Toxti Ghulja", target)
    assert (result.text, result.untouched, result.routes) == ("Тохти Ғулҗа", (), _ULY_ROUTES)


def test_the_cli_writes_toxti_ghulja_in_one_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-t", "kk-Cyrl", "--json", "Toxti Ghulja"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["text"], out["untouched"]) == ("Тохти Ғулҗа", [])


@pytest.mark.parametrize("target", ["kk-Cyrl", "ru-Cyrl"])
@pytest.mark.parametrize(
    ("word", "cyrillic"),
    [
        ("Yéngisar", "Йеңисар"),  # é (3) and ng
        ("Xungdöng", "Хуңдөң"),  # x and ng, not pinyin syllables (döng is none)
    ],
)
def test_a_word_with_two_uly_cues_is_uyghur_alone(word: str, cyrillic: str, target: str) -> None:
    result = transliterate(word, target)
    assert (result.text, result.routes) == (cyrillic, _ULY_ROUTES)


def test_one_uly_cue_alone_is_not_enough() -> None:
    # One letter that English, Uzbek or BGN Kazakh write too: kept and reported, never read by
    # a scheme that would split the cue (Ghulja was Гхулжа: gh is ғ in BGN, which has no j).
    # Dawanching (w and ng, weight 1 each) is kept too: those two alone also make Washington.
    # By rule: with known spellings the gazetteer names Dawanching (below).
    for word in ("Toxti", "Ghulja", "Alexander", "Xotan", "Dawanching"):
        result = transliterate(word, "kk-Cyrl", known_spellings=False)
        assert (result.text, result.untouched) == (word, (word,)), result
    # A kept Latin word that is a spelling of one entity of one kk-Cyrl name (known-names.tsv).
    result = transliterate("Dawanching", "kk-Cyrl")
    assert (result.text, result.untouched, result.routes) == (
        "Даванчиң",
        (),
        ("gazetteer>kk-Cyrl",),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Mangghyshlaq",  # BGN Kazakh ң+ғ, y for ы between consonants: ULY never writes that
        "Sanghay",  # ngh: one cue (n+gh or ng+h), not two
        "Human Rights Watch",  # th, tch: English
        "Mongolzuxiang",  # a pinyin -xiang
        "Serikzhan Toxti Ghulja",  # zh: a Kazakh press text, the ULY reading does not agree
        "Kashi Xiang",  # pinyin
    ],
)
def test_words_that_only_look_uyghur_are_not_read_as_uyghur(text: str) -> None:
    for target in ("kk-Cyrl", "ru-Cyrl"):
        result = transliterate(text, target)
        assert not any(route.startswith("ug-") for route in result.routes), (target, result)


@pytest.mark.parametrize("target", ["kk-Arab"])
def test_pinyin_is_kept_under_kazakh_and_russian_targets(target: str) -> None:
    # Was `Xi Жинпинг` and `Қиемо`: no Kazakh or Russian romanization reads pinyin. Under a
    # Cyrillic target pinyin is written in Palladius (tests/test_palladius_writer.py).
    for text in ("Xi Jinping", "Kashixiang", "Zhōngguó Xīnjiàn Jítuán"):
        result = transliterate(text, target)
        assert (result.text, result.untouched) == (text, tuple(text.split())), result


def test_kazakh_latin_that_spells_pinyin_without_x_is_kazakh() -> None:
    # Qulan, Qisa, Qima (Құлан, Қиса, Қима in the 2018 and 2021 alphabets) spell pinyin
    # syllables; q before i or u is no pinyin mark, as Kazakh Latin writes it so.
    assert transliterate("Qulan Qisa", "kk-Cyrl").routes == ("kk-Latn>kk-Cyrl",)


def test_pinyin_under_a_uyghur_target_takes_the_turkic_reading() -> None:
    result = transliterate("Xi Jinping", "ug-Cyrl")
    assert result.text == "Ши Җинпиң"
    assert result.routes[0] == "zh-Latn-pinyin>ug-Latn"
    assert transliterate("Xinjiang", "ug-Arab").text == "شىنجاڭ"
    # ULY stays a Uyghur target's own reading.
    assert transliterate("Toxti", "ug-Cyrl").routes == _ULY_ROUTES


def test_a_strong_cue_of_a_sibling_scheme_is_not_read_letter_by_letter() -> None:
    # gh is ғ in BGN: the 2021 alphabet (g, h) does not take a word with gh and a j BGN lacks.
    assert transliterate("Ghuljan", "kk-Cyrl").untouched == ("Ghuljan",)
    # BGN reads it where it can: Qaraghandy.
    assert transliterate("Qaraghandy", "kk-Cyrl").text == "Қарағанды"


_KAZAKH_LATIN = ("kk-Latn", "kk-Latn-2018", "kk-Latn-2017", "kk-Latn-press", "kk-Latn-bgn")


@given(st.lists(kk_words, min_size=1, max_size=3), st.sampled_from(_KAZAKH_LATIN))
def test_kazakh_latin_spellings_are_never_read_as_uyghur_or_pinyin(
    words: list[str], scheme: str
) -> None:
    there = transliterate(" ".join(words), scheme, source="kk-Cyrl").text
    back = transliterate(there, "kk-Cyrl")
    assert not any(route.startswith(("ug-", "zh-")) for route in back.routes), (there, back)
