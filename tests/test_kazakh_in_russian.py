"""Kazakh names under a Russian Cyrillic target: kk-Cyrl__ru-Cyrl.scheme (the Russian rendering
of Kazakh letters that Kazakhstan's Russian-language documents and press use), the routes
through it, and Kazakh Latin read through Kazakh Cyrillic under ru-Cyrl (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import transliterate
from kznames.cli import main
from kznames.errors import SchemeFileError
from kznames.schemes import get_alphabet, get_scheme
from kznames.schemes.fileformat import parse_scheme_text
from support import kk_words

RUSSIAN = get_alphabet("ru-Cyrl")


@pytest.mark.parametrize(
    ("kazakh", "russian"),
    [
        ("Қасым-Жомарт Тоқаев", "Касым-Жомарт Токаев"),
        ("Нұрсұлтан Назарбаев", "Нурсултан Назарбаев"),
        ("Серікжан Білаш", "Серикжан Билаш"),
        ("Өскемен Жаңаөзен", "Оскемен Жанаозен"),
        ("Ғабит Мүсірепов", "Габит Мусирепов"),
        ("Әбілхайыр Һарун", "Абилхаир Харун"),  # йы as one и, as the instruction writes Асаин
        ("ШӘРІПҰЛЫ", "ШАРИПУЛЫ"),
    ],
)
def test_kazakh_cyrillic_in_russian(kazakh: str, russian: str) -> None:
    result = transliterate(kazakh, "ru-Cyrl", source="kk-Cyrl")
    assert (result.text, result.untouched, result.routes) == (russian, (), ("kk-Cyrl>ru-Cyrl",))


def test_kazakh_latin_named_as_the_source_goes_through_kazakh_cyrillic() -> None:
    # Before: "no route from kk-Latn-bgn to ru-Cyrl".
    result = transliterate("Serikzhan Bilash, Öskemen", "ru-Cyrl", source="kk-Latn-bgn")
    assert result.text == "Серикжан Билаш, Оскемен"
    assert result.routes == ("kk-Latn-bgn>kk-Cyrl", "kk-Cyrl>ru-Cyrl")


def test_cli_routes_kazakh_latin_to_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-s", "kk-Latn-bgn", "-t", "ru-Cyrl", "Nursultan"]) == 0
    assert capsys.readouterr().out == "Нурсултан\n"
    assert main(["translit", "-s", "kk-Cyrl", "-t", "ru-Cyrl", "Тоқаев"]) == 0
    assert capsys.readouterr().out == "Токаев\n"


def test_the_scheme_is_only_the_last_step_of_a_route() -> None:
    # kk-Latn-bgn -> kk-Cyrl -> ru-Cyrl -> ru-Latn-icao would bypass the passport sibling
    # (siblings.tsv): no route leads on through the Russian rendering.
    with pytest.raises(Exception, match="no route from kk-Latn-bgn to ru-Latn-icao"):
        transliterate("Serikzhan", "ru-Latn-icao", source="kk-Latn-bgn")
    result = transliterate("Тоқаев", "ru-Latn-gost")
    assert result.text == "Toķaev"  # ISO 9's Kazakh letters, not ru-Cyrl's Токаев in GOST


def test_last_step_must_be_true_or_false() -> None:
    text = get_scheme("kk-Cyrl__ru-Cyrl").spec.path.read_text(encoding="utf-8")
    with pytest.raises(SchemeFileError, match=r"x.scheme:\d+: expected true or false"):
        parse_scheme_text(text.replace("last_step = true", "last_step = maybe"), Path("x.scheme"))


@given(st.lists(kk_words, min_size=1, max_size=4))
def test_every_kazakh_word_comes_out_in_russian_letters(words: list[str]) -> None:
    text = " ".join(words)
    for case in (text, text.title(), text.upper()):
        result = transliterate(case, "ru-Cyrl", source="kk-Cyrl")
        assert RUSSIAN.holds(result.text), result
        assert result.untouched == ()


def test_issue_example_auto_detected() -> None:
    # Before: Kassym-Йомарт Tokayev Nazarbayev Нурсултан (only GOST read Latin under ru-Cyrl).
    result = transliterate("Kassym-Jomart Tokayev Nazarbayev Nursultan", "ru-Cyrl")
    assert result.text == "Касым-Жомарт Токаев Назарбаев Нурсултан"
    assert result.untouched == ()
    assert "kk-Cyrl>ru-Cyrl" in result.routes


def test_issue_example_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Kassym-Jomart Tokayev Nazarbayev Nursultan"
    assert main(["translit", "--json", "-t", "ru-Cyrl", text]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["text"] == "Касым-Жомарт Токаев Назарбаев Нурсултан"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Serikzhan Bilash", "Серикжан Билаш"),
        ("Abay oblysy", "Абай облысы"),  # the press's y is ы: the lexicon knows oblysy
        ("Abaj", "Абай"),  # GOST's j is й: a lone weak Kazakh cue does not override it
        ("Altajskij", "Алтайский"),
        ("Dmitry Medvedev", "Dmitry Медведев"),  # Russian: no Kazakh evidence, GOST as before
    ],
)
def test_russian_target_reads_kazakh_latin_only_on_evidence(text: str, expected: str) -> None:
    assert transliterate(text, "ru-Cyrl").text == expected


@pytest.mark.parametrize(
    "text",
    ["Kashgar Prefecture", "Human Rights Watch", "Daqiao", "K'o-la-k'o-shih", "Moscú", "Bol'shoy"],
)
def test_english_pinyin_and_wade_giles_are_not_read_as_kazakh(text: str) -> None:
    # Under kk-Cyrl these are read letter by letter (Префецтұре); under ru-Cyrl they stay as
    # they were before the Kazakh reading was added.
    result = transliterate(text, "ru-Cyrl")
    assert "kk-Cyrl>ru-Cyrl" not in result.routes, result


def test_kazakh_words_known_to_the_lexicon_do_not_change_kk_cyrl_targets() -> None:
    # The Kazakh path serves ru-Cyrl only: the kk-Cyrl target reads as before.
    result = transliterate("Kassym-Jomart Tokayev", "kk-Cyrl")
    assert result.text == "Қасым-Жомарт Тоқаев"
    assert "kk-Cyrl>ru-Cyrl" not in result.routes


def test_schemes_lists_the_russian_rendering(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemes"]) == 0
    assert "kk-Cyrl -> ru-Cyrl" in capsys.readouterr().out


def test_the_russian_names_of_the_people_and_the_country_are_exonyms() -> None:
    # Session 9 left Kazakh -> Казак (the loose table reads Kazakh as Қазақ, rightly for a
    # Kazakh target); Russian writes Казах, Казахстан. Whole words only: Қазақов is Казаков.
    assert transliterate("Kazakh", "ru-Cyrl").text == "Казах"
    assert transliterate("Kazakh", "kk-Cyrl").text == "Қазақ"
    result = transliterate("Қазақстан ҚАЗАҚ Қазақов Қазақбаев", "ru-Cyrl", source="kk-Cyrl")
    assert result.text == "Казахстан КАЗАХ Казаков Казакбаев"
    # The kh of other names is қ, which Russian writes к (why the loose row stays).
    assert transliterate("Bakhytzhan", "ru-Cyrl").text == "Бакытжан"


def test_a_final_vowel_and_i_is_read_as_the_glide() -> None:
    # Khangai came out Ханаи: the press reading took the final i for і, which no Kazakh word
    # ends in after a vowel. The press itself writes й as y (Abay), which stays.
    assert transliterate("Khangai", "ru-Cyrl").text == "Ханай"
    assert transliterate("Altai Nurlai", "kk-Cyrl", source="kk-Latn-press").text == "Алтай Нұрлай"
    assert transliterate("Abay Aiman", "kk-Cyrl", source="kk-Latn-press").text == "Абай Айман"
    assert transliterate("Kazybek bi", "kk-Cyrl", source="kk-Latn-press").text == "Қазыбек бі"


@given(st.from_regex(r"[bdgklmnrstz][aeou][bdgklmnrstz][aeou]i", fullmatch=True))
def test_no_press_reading_ends_in_a_vowel_and_i(word: str) -> None:
    read = transliterate(word, "kk-Cyrl", source="kk-Latn-press", known_spellings=False).text
    assert read.endswith("й"), (word, read)
    assert not read.endswith("і"), (word, read)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Достық Жақып", "Достык Жакып"),
        ("Серікжан", "Серикжан"),
        ("Тоқаев Иванов", "Токаев Иванов"),  # a Russian word among them stays as it is
        ("ҚАЗАҚСТАН Қазақов", "КАЗАХСТАН Казаков"),
    ],
)
def test_kazakh_cyrillic_under_a_russian_target_is_read_as_kazakh(text: str, expected: str) -> None:
    # Before: a Cyrillic word under a Cyrillic target passed through, Kazakh letters and all
    # (Достық Жақып under ru-Cyrl), though the target's alphabet has no қ ә і.
    result = transliterate(text, "ru-Cyrl")
    assert result.text == expected
    assert result.routes == ("kk-Cyrl>ru-Cyrl",)
    assert RUSSIAN.holds(result.text)


def test_a_cyrillic_word_no_route_writes_in_russian_is_kept_and_reported() -> None:
    # Uyghur Cyrillic (җ) has no route to ru-Cyrl: kept as it was and listed, not half-written.
    result = transliterate("Шинҗаң Достық", "ru-Cyrl")
    assert result.text == "Шинҗаң Достык"
    assert "Шинҗаң" in result.untouched


@given(st.lists(kk_words, min_size=1, max_size=4))
def test_auto_source_writes_kazakh_cyrillic_in_russian_letters(words: list[str]) -> None:
    # A word with a Kazakh-only letter is read as Kazakh under source="auto" too.
    text = " ".join(words)
    result = transliterate(text, "ru-Cyrl")
    for word in result.text.split(" "):
        assert RUSSIAN.holds(word) or word in result.untouched, result


def test_a_vowel_and_i_reads_as_the_known_name_with_short_i() -> None:
    # Altai came out Алтаи: GOST 7.79 writes й as j and reads i as и; passports and English
    # texts write й as i. ru-Latn-gost.loose.tsv treats j and i as one in the known-spelling
    # look-up (the lexicon of the press scheme).
    assert transliterate("Altai", "ru-Cyrl").text == "Алтай"
    assert transliterate("Nikolai Aiman", "ru-Cyrl").text == "Николай Айман"
    assert transliterate("Altai", "ru-Cyrl", source="ru-Latn-gost").text == "Алтай"
    # GOST alone, and a word known as written, keep GOST's reading.
    assert transliterate("Altai", "ru-Cyrl", known_spellings=False).text == "Алтаи"
    assert transliterate("Raisa Altaj", "ru-Cyrl").text == "Раиса Алтай"
