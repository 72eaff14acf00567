"""Given-name forms as data: the shipped table, its reader's errors, and what similarity and
dedup make of a diminutive or another language's form of a given name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import dedup, similarity
from kznames.deduplication.pipeline import profile
from kznames.errors import DataFileError
from kznames.frequencies import token_key
from kznames.givennames import (
    GivenNameForms,
    GivenNameFormsError,
    default_given_name_forms,
    read_given_name_forms,
)

HEADER = "form\tname\tlanguage\trelation\tsource\n"


def test_every_shipped_row_is_one_word_with_a_source() -> None:
    rows = read_given_name_forms()
    assert len(rows) >= 100
    for row in rows:
        assert row.form_key, row
        assert " " not in row.form_key, row
        assert row.name_key, row
        assert " " not in row.name_key, row
        assert row.source.strip(), row
        assert row.language.strip(), row
        assert row.relation in ("diminutive", "equivalent")
    # No row repeats another.
    assert len({(r.form, r.name) for r in rows}) == len(rows)


@pytest.mark.parametrize(
    ("a", "b", "name"),
    [
        ("Volodya", "Vladimir", "Владимир"),
        ("Вова", "Володя", "Владимир"),
        ("Sasha", "Александр", "Александр"),
        ("Helen", "Yelena", "Елена"),
        ("Jurj", "George", "Георгий"),
        ("Nadia", "Nadezhda", "Надежда"),
        ("Slava", "Vyacheslav", "Вячеслав"),
        ("Slava", "Yaroslav", "Ярослав"),
    ],
)
def test_forms_of_one_name_share_it(a: str, b: str, name: str) -> None:
    forms = default_given_name_forms()
    assert forms.common_name(token_key(a), token_key(b)) == name
    assert forms.common_name(token_key(b), token_key(a)) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [("Vyacheslav", "Yaroslav"), ("Sasha", "Masha"), ("Vladimir", "Vladimir"), ("Ivanov", "Ivan")],
)
def test_names_that_are_not_forms_of_one_name_share_none(a: str, b: str) -> None:
    # Slava is a form of both, which does not make Vyacheslav and Yaroslav one name.
    assert default_given_name_forms().common_name(token_key(a), token_key(b)) is None


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщыэюя", max_size=12))
def test_common_name_is_symmetric_and_never_of_one_key(word: str) -> None:
    forms = default_given_name_forms()
    key = token_key(word)
    assert forms.common_name(key, key) is None
    for other in ("vladimir", "volodia", "saxa", "elena"):
        assert forms.common_name(key, other) == forms.common_name(other, key)


def test_a_pair_of_forms_matches_as_a_spelling_would_and_says_why() -> None:
    score = similarity("TYURIN, Volodya", "TIURIN, Vladimir")
    assert score.value >= 0.9
    assert "forms of Владимир" in str(score.explanation)
    # The forms match the given name, never the surname: two people stay apart.
    assert similarity("Sasha Ivanov", "Aleksandr Petrov").value < 0.5
    assert similarity("Vyacheslav Ivanov", "Yaroslav Ivanov").value < 0.5
    # A given-name form does not pair with a patronymic.
    patronymic = similarity("Ivanov Sasha", "Ivanov Petr Aleksandrovich")
    assert "forms of" not in str(patronymic.explanation)


def test_a_form_blocks_on_its_names_initial_and_dedup_joins_it() -> None:
    assert "t:avanav|a" in profile("Sasha Ivanov").blocks
    assert "t:avanav|a" in profile("Aleksandr Ivanov").blocks
    names = ["Aleksandr Ivanov", "Александр Иванов", "Sasha Ivanov", "Petr Ivanov"]
    result = dedup(names, gazetteer=None)
    assert result.cluster_ids == [0, 0, 0, 1]


@pytest.mark.parametrize("first", [0, 1, 2])
def test_a_form_of_several_names_never_chains_them_in_dedup(first: int) -> None:
    # Review: with Слава Иванов first it became the cluster's representative, both full names
    # scored 0.99 against it, and Вячеслав Иванов and Станислав Иванов (0.26) were one cluster.
    names = ["Слава Иванов", "Вячеслав Иванов", "Станислав Иванов"]
    names = names[first:] + names[:first]
    assert sorted(dedup(names, gazetteer=None).cluster_ids) == [0, 1, 2]
    score = similarity("Слава Иванов", "Вячеслав Иванов")
    assert score.value < 0.8
    assert "and other names" in str(score.explanation)
    # A man's and a woman's name of one stem are one name here: Саша still pairs.
    assert similarity("Sasha Petrov", "Aleksandr Petrov").value >= 0.9


def test_forms_from_rows_are_read_both_ways(tmp_path: Path) -> None:
    table = tmp_path / "forms.tsv"
    table.write_text(HEADER + "Вова\tВладимир\tru\tdiminutive\ta dictionary\n", encoding="utf-8")
    forms = GivenNameForms(read_given_name_forms(table))
    assert forms.common_name(token_key("Vova"), token_key("Vladimir")) == "Владимир"
    assert forms.initials(token_key("Vova")) == {"v"}
    assert token_key("Vova") in forms
    assert len(forms) == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Вова\tВладимир\tru\tnickname\tx", "relation must be diminutive or equivalent"),
        ("Вова\tВладимир\tru\tdiminutive\t ", "needs a language and a source"),
        ("Вова Вовка\tВладимир\tru\tdiminutive\tx", "the form must be one name word"),
        ("Вова\t—\tru\tdiminutive\tx", "the name must be one name word"),
        ("Вова\tВладимир\tru\tdiminutive", "4 fields, expected 5"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    table = tmp_path / "forms.tsv"
    table.write_text(f"# comment\n{HEADER}Саша\tАлександр\tru\tdiminutive\tx\n{row}\n")
    with pytest.raises(GivenNameFormsError, match=f"forms.tsv:4: .*{message}") as caught:
        read_given_name_forms(table)
    assert isinstance(caught.value, DataFileError)
    assert caught.value.line == 4


def test_every_bad_row_is_reported_at_once_and_a_missing_file_too(tmp_path: Path) -> None:
    table = tmp_path / "forms.tsv"
    table.write_text(HEADER + "a\tb\tru\tx\ts\nc\td\tru\ty\ts\n", encoding="utf-8")
    with pytest.raises(GivenNameFormsError) as caught:
        read_given_name_forms(table)
    assert [p.split(": ")[0][-1] for p in caught.value.problems] == ["2", "3"]
    with pytest.raises(GivenNameFormsError, match="cannot read"):
        read_given_name_forms(tmp_path / "missing.tsv")


def test_a_name_that_is_another_names_form_in_another_language_is_that_name() -> None:
    # Жақып is the Kazakh form of Якуб, Jacob the English of Яков, Якуб the Belarusian of
    # Яков: one name, not two hubs that dedup kept apart (Jacob / Жақып 0.53 before).
    forms = default_given_name_forms()
    assert forms.common_name(token_key("Jacob"), token_key("Жақып")) is not None
    assert forms.common_name(token_key("Joseph"), token_key("Жүсіп")) is not None
    assert not forms.several(token_key("Жақып"))
    assert similarity("Jacob", "Жақып").value >= 0.8
    for names in (
        ["Jacob", "Яков", "Жақып", "Якуб"],  # a given name alone blocks with its forms
        ["Jacob Asanov", "Яков Асанов", "Жақып Асанов", "Якуб Асанов"],
    ):
        assert dedup(names, gazetteer=None).cluster_ids == [0, 0, 0, 0]
    # Diminutives join no names: Слава stays a form of four.
    assert forms.several(token_key("Slava"))
    assert forms.common_name(token_key("Vyacheslav"), token_key("Yaroslav")) is None
