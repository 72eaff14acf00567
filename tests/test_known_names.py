"""Known names under a Cyrillic target: a Chinese or pinyin spelling of a gazetteer entity is
written as the entity's one name there (schemes/data/known-names.tsv, issue 14)."""

from __future__ import annotations

import pytest

from kznames import transliterate
from kznames.gazetteer_tables import read_tables
from kznames.resources import schemes_dir

from .support import load_script

GAZETTEER = "gazetteer>ru-Cyrl"


def test_russian_exonyms_of_chinese_places() -> None:
    result = transliterate("Beijing Urumqi 乌鲁木齐 北京", "ru-Cyrl")
    assert (result.text, result.untouched) == ("Пекин Урумчи Урумчи Пекин", ())
    assert result.routes == (GAZETTEER,)
    # Was, and by rule still is: Palladius, and Urumqi kept.
    by_rule = transliterate("Beijing Urumqi 乌鲁木齐 北京", "ru-Cyrl", known_spellings=False)
    assert (by_rule.text, by_rule.untouched) == ("Бэйцзин Urumqi Улумуци Бэйцзин", ("Urumqi",))
    assert GAZETTEER not in by_rule.routes


def test_a_chinese_rendering_of_a_kazakh_name_is_written_as_the_name() -> None:
    assert transliterate("纳扎尔巴耶夫", "ru-Cyrl").text == "Назарбаев"
    assert transliterate("努尔苏丹·纳扎尔巴耶夫", "ru-Cyrl").text == "Нурсултан Назарбаев"
    assert transliterate("努尔苏丹·纳扎尔巴耶夫", "kk-Cyrl").text == "Нұрсұлтан Назарбаев"
    assert transliterate("卡瑟姆-若马尔特·托卡耶夫", "ru-Cyrl").text == "Касым-Жомарт Токаев"
    assert transliterate("阿拜州", "ru-Cyrl").text == "Абайская область"
    by_rule = transliterate("纳扎尔巴耶夫", "ru-Cyrl", known_spellings=False)
    assert by_rule.text == "Начжаэрбаефу"


@pytest.mark.parametrize(("spelling", "target"), [("哈萨克", "ru-Cyrl"), ("Wuzibieke", "ru-Cyrl")])
def test_a_spelling_of_entities_of_different_names_goes_by_rule(spelling: str, target: str) -> None:
    # 哈萨克: the Kazakhs (Казахи) and the language (казахский); Wuzibieke: the Uzbeks
    # (Узбеки) and Uzbekistan (Узбекистан).
    module = load_script("scripts/gen_known_names.py")
    _, ambiguous = module.build()
    assert spelling in ambiguous[target]
    result = transliterate(spelling, target)
    assert result == transliterate(spelling, target, known_spellings=False)
    assert f"gazetteer>{target}" not in result.routes


def test_other_targets_and_named_sources_do_not_look_up() -> None:
    assert transliterate("乌鲁木齐", "zh-Latn-pinyin").text == "Wulumuqi"
    assert transliterate("乌鲁木齐", "ug-Cyrl").text != "Урумчи"
    assert transliterate("Urumqi", "kk-Latn").text == "Urumqi"


@pytest.mark.parametrize(
    ("word", "target"),
    [
        ("Öskemen", "ru-Cyrl"),  # not Усть-Каменогорск: a place outside China
        ("Qarasu", "ru-Cyrl"),  # a Kazakh place too, not Хоргос
        ("Aqtöbe", "ru-Cyrl"),
        ("Өскемен", "ru-Cyrl"),
        ("Үрімжі", "ru-Cyrl"),  # Kazakh Cyrillic is read by rule
        ("Урумчи", "kk-Cyrl"),
    ],
)
def test_kazakh_and_russian_words_are_not_looked_up(word: str, target: str) -> None:
    result = transliterate(word, target)
    assert result == transliterate(word, target, known_spellings=False)
    assert f"gazetteer>{target}" not in result.routes


def test_every_row_names_a_variant_of_its_entity_in_its_target() -> None:
    _, variants, _ = read_tables([])
    held = {(v.entity_id, v.variant, v.tag) for v in variants}
    rows = load_script("scripts/gen_known_names.py").build()[0]
    assert len(rows) > 500
    # A whole spelling's name is a variant; a dotted name's part is a word of one (at a space
    # or a hyphen: 卡瑟姆 is Касым of Касым-Жомарт Токаев).
    wrong = [
        row
        for row in rows
        if (row[3], row[2], row[1]) not in held
        and not any(
            e == row[3] and t == row[1] and row[2] in n.replace("-", " ").split(" ")
            for e, n, t in held
        )
    ]
    assert wrong == []


def test_the_table_is_what_its_generator_builds() -> None:
    module = load_script("scripts/gen_known_names.py")
    text = (schemes_dir() / "known-names.tsv").read_text(encoding="utf-8")
    assert text == module.render(module.build()[0]), "stale: run make known-names"
