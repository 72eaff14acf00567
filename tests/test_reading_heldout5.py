"""The error classes of heldout5 (issue 17, development data since heldout6 was written), each
on sentences of its own: a prominence prior among homonyms, courts named with their rank, a
heading in capitals running into the next line, lower-case people nouns, title-case headlines,
initials and abbreviations, a list's SURNAME, Given, Chinese names by pinyin, titles, Russian
nouns in -й, a given name opening a sentence before a sound-alike place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kznames.errors import DataFileError
from kznames.gazetteer import Gazetteer
from kznames.text import Document, find_mentions, reconcile, stems
from support import cluster_of as _cluster_of
from support import mentions_found as _mentions

_G = Gazetteer.default()


def test_the_one_prominent_place_among_homonyms_is_the_answer() -> None:
    # GeoNames calls Shule, Kax and Chapchal Kashgar or Kashi too; the city (a prefecture seat
    # of 500,000) had fewer than twice their variants, so running text left four homonyms.
    assert _G.identify("Kashgar") is _G.entities["gn1280849"]
    result = reconcile([Document("a", "Traders came to Kashgar. Kashgar lies on the Tarim.")])
    assert _cluster_of(result, "Kashgar")[0] == "gn1280849"
    # Two prominent towns of one name (Aksu the city, Wensu) stay homonyms.
    assert _G.identify("Aksu") is None


def test_a_court_named_with_its_rank_is_a_court_and_by_its_place_the_town() -> None:
    assert _mentions("Панфиловский районный суд вынес приговор.") == [
        ("Панфиловский районный суд", "feature")
    ]
    assert _mentions("Жаркент аудандық сотында іс қаралды.") == [
        ("Жаркент аудандық сотында", "feature")
    ]
    # Four capitalised words are a name-like span's most: the head runs on past them.
    assert _mentions("The Almaty District Court heard the case.") == [
        ("Almaty District Court", "feature")
    ]
    assert ("阿克苏地区中级人民法院", "feature") in _mentions("阿克苏地区中级人民法院作出判决。")
    # Named by its place alone, the court is a phrase about the town.
    assert _mentions("The Taraz court heard the case.") == [("Taraz", "gazetteer")]
    assert _mentions("Тараздағы сот үкім шығарды.") == [("Тараздағы", "gazetteer")]
    # One court in two languages: the same place, district courts both.
    result = reconcile(
        [
            Document("ru", "Панфиловский районный суд вынес приговор."),
            Document("kk", "Панфилов аудандық соты үкім шығарды."),
            Document("kk2", "Панфилов облыстық соты шағымды қарады."),
        ]
    )
    _, forms = _cluster_of(result, "Панфиловский районный суд")
    assert forms == {"Панфиловский районный суд", "Панфилов аудандық соты"}


def test_a_heading_in_capitals_does_not_run_into_the_next_line() -> None:
    text = "ПРИГОВОР\nТаразский городской суд рассмотрел дело."
    # (A weak mention is one capitalised word opening a sentence: reconcile keeps it only when
    # it is a word of a name found elsewhere.)
    assert _mentions(text) == [("ПРИГОВОР", "weak"), ("Таразский городской суд", "feature")]
    # A long line in capitals is a heading too: the next line opens a sentence.
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC — DEPARTMENT OF CONSULAR SERVICE\n"
        "Statement of 3 March 2021 on visas for Aigerim Tileuzhan"
    )
    found = _mentions(text)
    assert ("DEPARTMENT OF CONSULAR SERVICE", "name-like") in found
    assert ("Statement", "weak") in found


def test_a_people_named_by_a_lower_case_plural_noun_is_the_people() -> None:
    # Russian and Kazakh write a people's noun in lower case; its plural is the people, the
    # adjective and the language's adverb are not.
    result = reconcile(
        [
            Document("ru", "В Кульдже задержали казахов; среди задержанных были и уйгуры."),
            Document("kk", "Шекарада қазақтардың көші тоқтады."),
            Document("en", "Kazakhs and Uyghurs protested."),
        ]
    )
    entity, forms = _cluster_of(result, "Kazakhs")
    assert entity == "kazakh"
    assert {"Казахи", "Қазақтар"} <= forms
    assert _cluster_of(result, "Uyghurs")[0] == "uyghur"
    assert [m.surface for m in result.mentions if m.document == "ru"] == [
        "Кульдже",
        "казахов",
        "уйгуры",
    ]
    assert _mentions("Он говорит по-казахски, читает казахские книги и встретил казаха.") == []


def test_a_people_ending_of_another_language_is_an_error_naming_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kznames.text import tables

    table = tmp_path / "people-endings.tsv"
    table.write_text("language\tending\nru\tов\nen\ts\n", encoding="utf-8")
    monkeypatch.setattr(tables, "textdata", lambda name: tmp_path / name)
    tables._people_endings.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"people-endings.tsv:3: s: language 'en'"):
            tables._people_endings()
    finally:
        monkeypatch.undo()
        tables._people_endings.cache_clear()


def test_capitals_of_a_title_case_headline_do_not_mark_names() -> None:
    page = (
        "Kazakh Activist Bilash Takes The Train Home After Ten Days\n\n"
        "Serikzhan Bilash was released on Monday.\n"
    )
    result = reconcile([Document("page", page)])
    found = {m.surface for m in result.mentions}
    # A word of a name found elsewhere, and a people spelled as the gazetteer spells it, stay.
    assert found == {"Kazakh", "Bilash", "Serikzhan Bilash"}
    assert _cluster_of(result, "Kazakh")[0] == "kazakh"
    _, forms = _cluster_of(result, "Bilash")
    assert forms == {"Bilash", "Serikzhan Bilash"}
    # (Takes has the coarse key of Tekes: that vouches for a sentence opener, not for a word
    # of a headline.) A list line is no headline: its names stay names.
    assert _mentions("- Aigerim Tileuzhan: October 2019\n- Daulet Mukhametkali: May 2020") == [
        ("Aigerim Tileuzhan", "name-like"),
        ("Daulet Mukhametkali", "name-like"),
    ]


def test_an_initial_belongs_to_the_name_and_ends_no_sentence() -> None:
    text = "В суде выступила обвинитель Б. Жумабекова. Дело гражданина Абенов Т., жителя Тараза."
    found = _mentions(text)
    assert ("Б. Жумабекова", "name-like") in found
    assert ("Абенов Т", "name-like") in found  # Т is no preposition here
    assert not any(surface in ("Б", "Т", "Жумабекова") for surface, _ in found)
    # An initial alone is nobody; after it no sentence starts (Жумабекова is no opener).
    assert _mentions("Он сказал: А. ") == []
    result = reconcile(
        [
            Document("a", "В суде выступила обвинитель Б. Жумабекова."),
            Document("b", "Прокурор Бахыт Жумабекова выступила в суде."),
        ]
    )
    _, forms = _cluster_of(result, "Бахыт Жумабекова")
    assert "Б. Жумабекова" in forms


def test_russian_nouns_in_yot_and_soft_sign_are_read_in_their_cases() -> None:
    found = find_mentions(Document("d", "Он вернулся из Китая и работал в Китае."), _G)
    assert [(m.surface, m.form) for m in found] == [("Китая", "Китай"), ("Китае", "Китай")]
    result = reconcile([Document("d", "Он вернулся из Китая и работал в Китае.")])
    assert _cluster_of(result, "Китай")[0] == "country-cn"
    # A feminine noun in -ь: Перми, Пермью may be Пермь (a "seen" reading, used when Пермь is a
    # name).
    assert "Пермь" in stems("Пермью", frozenset({"ru"}))
    assert "Пермь" in stems("Перми", frozenset({"ru"}))


def test_a_list_writing_surname_comma_given_name_names_one_person() -> None:
    text = (
        "Designated persons of 4 May 2021\n"
        "SULTANBEKOV, Yerlan; director of the Almaty branch of the company\n"
        "DOSMUKHAMEDOV, Arman; deputy director of the branch\n"
    )
    found = _mentions(text)
    assert ("SULTANBEKOV, Yerlan", "name-like") in found
    assert ("DOSMUKHAMEDOV, Arman", "name-like") in found
    # The surname opening a line does not join the word in capitals ending the line before.
    assert _mentions("the office of the OSCE\nKALIEV, Marat; its clerk") == [
        ("OSCE", "name-like"),
        ("KALIEV, Marat", "name-like"),
    ]
    # Not at a line's start, or with a given name in capitals, it is no listed person.
    assert ("KALIEV, Marat", "name-like") not in _mentions("They met KALIEV, Marat said.")


def test_particles_and_initials_in_capitals_do_not_count_as_a_names_words() -> None:
    # A name-like span holds four capitalised words at most; OF, THE and initials are not
    # counted among them.
    assert _mentions("U.S. DEPARTMENT OF THE TREASURY\n") == [
        ("U.S. DEPARTMENT OF THE TREASURY", "name-like")
    ]


def test_a_chinese_name_is_found_by_the_pinyin_of_a_name_found_elsewhere() -> None:
    result = reconcile(
        [
            Document("en", "SUN, Baoshan; deputy director\nZHAO, Kezhi; former minister\n"),
            Document("zh", "副局长孙宝山和前部长赵克志被列入名单。"),
        ]
    )
    zh = {m.surface: m.origin for m in result.mentions if m.document == "zh"}
    # 山 ends 孙宝山 as it ends a mountain's name: a name read by its pinyin is no feature.
    assert zh == {"孙宝山": "pinyin", "赵克志": "pinyin"}
    assert _cluster_of(result, "孙宝山")[1] == {"SUN, Baoshan", "孙宝山"}
    assert _cluster_of(result, "赵克志")[1] == {"ZHAO, Kezhi", "赵克志"}
    # Without the Latin names nothing is read so.
    alone = reconcile([Document("zh", "副局长孙宝山和前部长赵克志被列入名单。")])
    assert not [m for m in alone.mentions if m.origin == "pinyin"]


def test_a_given_name_opening_a_sentence_makes_a_sound_alike_place_a_surname() -> None:
    # Кашгари (the nisba "of Kashgar") after a given name is a person's surname, also at the
    # start of a sentence; a common word there does not make one (В Кашгаре…).
    assert _mentions("Махмуд Кашгари составил словарь.") == [("Махмуд Кашгари", "name-like")]
    assert ("Махмуд Кашгари", "name-like") in _mentions("Словарь составил Махмуд Кашгари.")
    assert ("Кашгаре", "gazetteer") in _mentions("Вчера в Кашгаре открыли музей.")


def test_an_abbreviation_joins_the_name_it_spells_in_its_document() -> None:
    text = (
        "The Almaty Regional Statistics Office (a.k.a. ARSO) published the figures. "
        "ARSO said prices rose."
    )
    result = reconcile([Document("a", text)])
    _, forms = _cluster_of(result, "ARSO")
    assert forms == {"Almaty Regional Statistics Office", "ARSO"}
    # (The full stop of a.k.a., of U.S. or of an initial ends no sentence: ARSO is found.)
    # Two names it could spell, or none in its document: it stays apart.
    result = reconcile(
        [
            Document("b", "The Tenir Oil Group and the Tenir Ore Guild met, and TOG signed."),
            Document("c", "On Monday TOG signed. The Tenir Oil Group met on Friday."),
        ]
    )
    assert {m.surface for m in result.mentions} >= {"TOG", "Tenir Oil Group", "Tenir Ore Guild"}
    assert _cluster_of(result, "TOG")[1] == {"TOG"}


def test_a_capitalised_title_is_no_name() -> None:
    text = "ZHAO, Kezhi; former Deputy Party Secretary of the region and Party Secretary of a city"
    surfaces = [s for s, _ in _mentions(text)]
    assert surfaces == ["ZHAO, Kezhi"]
    assert _mentions("The meeting heard Secretary Dana Bekova.") == [("Dana Bekova", "name-like")]
