"""Level words (keydata/levels.tsv): a region, prefecture or district written in any language is
one word to similarity, and lookup finds a place written with one from its bare name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames import names
from kznames.cli import main
from kznames.errors import DataFileError
from kznames.gazetteer import Gazetteer
from kznames.names import key, level_of
from kznames.score import same, similarity


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.default()


def test_one_region_in_two_languages_is_one_name() -> None:
    # The lead saw 0.03 ("conflict: Region is not область").
    for a, b in [
        ("Алматинская область", "Almaty Region"),
        ("Алматы облысы", "Almaty Region"),
        ("Almaty oblysy", "Almaty Region"),
        ("Жамбылская область", "Jambyl Region"),
        ("Алматинская область", "Алматы облысы"),
        ("область Абай", "Abay Region"),
    ]:
        score = similarity(a, b)
        assert same(a, b), (a, b, score.value)
        assert "both say region" in str(score.explanation), (a, b)


def test_a_chinese_level_suffix_pairs_with_the_word_of_its_level() -> None:
    for a, b, level in [
        ("阿拉木图州", "Almaty Region", "region"),
        ("阿克苏地区", "Aksu Prefecture", "prefecture"),
        ("霍城县", "Huocheng County", "district"),
    ]:
        score = similarity(a, b)
        assert same(a, b), (a, b, score.value)
        assert f"both say {level}" in str(score.explanation)
    # Two counties of other names (a pair of data/eval/look-alikes-places.tsv): apart now.
    assert not same("伽师县", "库车县")
    # A two-character city keeps its whole name (广州 is Guangzhou, not a region).
    assert "both say" not in str(similarity("广州", "Guangzhou").explanation)


def test_level_words_do_not_make_other_places_one() -> None:
    # Two regions of other names, and two levels of one name, stay apart.
    assert not same("Almaty Region", "Pavlodar Region")
    assert not same("Алматинская область", "Павлодар облысы")
    assert not same("Aksu Prefecture", "Aksu County")
    assert "conflict" in str(similarity("Aksu Prefecture", "Aksu County").explanation)
    # A Russian adjective is read as its stem only before a level word.
    assert "adjective" not in str(similarity("Алматинская", "Almaty").explanation)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abdegiklmnorstuyz", min_size=3, max_size=9))
def test_any_name_with_two_languages_region_words_aligns_fully(word: str) -> None:
    name = word.capitalize()
    assert level_of(f"{name} Region") == (name, "region")
    assert similarity(f"{name} Region", f"{name} oblysy").alignment == 1.0
    assert similarity(f"{name} Region", f"{name} облысы").alignment == 1.0


def test_level_words_stay_in_the_key() -> None:
    # A region is not the city it is named after: the key still tells them apart.
    assert key("Almaty Region") != key("Almaty")
    assert key("Жамбыл облысы") != key("Жамбыл")


def test_lookup_finds_a_region_by_its_bare_name(
    shipped: Gazetteer, capsys: pytest.CaptureFixture[str]
) -> None:
    # The lead saw Taraz and a village, no Jambyl Region at all.
    first = shipped.lookup("Jambyl", kind="place")[0]
    assert (first.entity.entity_id, first.level) == ("iso-kz-31", "region")
    assert first.exact
    assert first.literal
    # A seat spelled so too ranks first (the key still has the level word): 阿克托别 is Aktobe.
    assert shipped.lookup("阿克托别", kind="place")[0].entity.entity_id == "gn610611"
    assert shipped.lookup("Жамбыл", kind="place")[0].entity.entity_id == "iso-kz-31"
    # Chinese: the regions' names (curated-places.tsv), and the bare name before 州.
    assert shipped.lookup("阿拉木图州", kind="place")[0].entity.entity_id == "iso-kz-19"
    first = shipped.lookup("江布尔", kind="place")[0]
    assert (first.entity.entity_id, first.level) == ("iso-kz-31", "region")
    # A city before the region or prefecture named after it (the key still has the level).
    for name, city, division in [
        ("Kashgar", "gn1280849", "xj-kashgar"),
        ("Pavlodar", "gn1520240", "iso-kz-55"),
        ("Karaganda", "gn609655", "iso-kz-35"),
        ("Almaty", "gn1526384", "iso-kz-19"),
    ]:
        ranked = [m.entity.entity_id for m in shipped.lookup(name, kind="place")]
        assert ranked[:2] == [city, division], name
    # Taraz, named Dzhambul/Zhambyl until 1997, keeps its former name.
    assert "gn1516905" in [m.entity.entity_id for m in shipped.lookup("Jambyl")]
    assert main(["lookup", "Jambyl"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Zhambyl oblysy [place, iso-kz-31] — via 'Jambyl Region'")
    assert "same key without the region word" in out[0]


def test_a_bare_name_finds_the_level_word_in_a_users_table(tmp_path: Path) -> None:
    entities = tmp_path / "e.tsv"
    entities.write_text(
        "entity_id\tkind\tname\tdescription\tparent\tpopulation\trank\talso\n"
        "r\tplace\tUlytau Region\td\t\t\tregion\t\n"
        "v\tplace\tUlytau\td\t\t300\t\t\n",
        encoding="utf-8",
    )
    variants = tmp_path / "v.tsv"
    variants.write_text(
        "entity_id\tvariant\ttag\tvalid_from\tvalid_to\tsource\n"
        "r\tUlytau Region\ten\t\t\ts\n"
        "r\tҰлытау облысы\tkk-Cyrl\t\t\ts\n"
        "r\t乌勒套州\tzh-Hani\t\t\ts\n"
        "v\tUlytau\ten\t\t\ts\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load([entities, variants], include_default=False)
    # Both spelled as asked (the region without its level word): the region (rank) first.
    assert [m.entity.entity_id for m in gazetteer.lookup("Ulytau")] == ["r", "v"]
    assert [m.entity.entity_id for m in gazetteer.lookup("Ұлытау")] == ["r", "v"]
    assert gazetteer.lookup("乌勒套")[0].level == "region"


def test_a_broken_levels_table_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "levels.tsv"
    table.write_text(
        "# comment\n"
        "Region\tlast\tregion\tEnglish\n"
        "Oblast\tmiddle\tregion\tx\n"
        "Okrug\tlast\tcanton\tx\n"
        "Region\tlast\tdistrict\tx\n"
        "two words\tlast\tregion\tx\n"
        "County\tlast\tdistrict\n",
        "utf-8",
    )
    monkeypatch.setattr(names, "_LEVELS_FILE", table)
    names.levels.cache_clear()
    try:
        with pytest.raises(DataFileError) as caught:
            names.levels()
    finally:
        names.levels.cache_clear()
    assert caught.value.problems == (
        f"{table}:3: where must be one of last, first, suffix, adjective",
        f"{table}:4: level must be one of region, prefecture, district",
        f"{table}:5: 'Region' is already of another level",
        f"{table}:6: the written form must be one word",
        f"{table}:7: 3 fields, expected 4 (written, where, level, meaning)",
    )
