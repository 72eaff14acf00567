"""The particles, titles and gender endings of names as data (keydata/name-parts.tsv): the
shipped table holds exactly the values names.py held as constants before it (no key changes),
and a bad row is an error naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kznames import names
from kznames.errors import DataFileError

HEADER = "kind\tvalue\tfeminine\tnote\n"


def test_the_table_holds_the_former_constants() -> None:
    parts = names._name_parts()
    assert parts.particles == {
        "bin", "ibn", "binti", "bint", "al", "el", "ul", "ogly", "kyzy", "haji", "hajji",
        "hadji", "sheikh", "janab", "mullah", "imam",
    }  # fmt: skip
    assert parts.titles == {"mr", "mrs", "ms", "dr", "prof", "проф"}
    assert parts.gender_endings == (
        ("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("sk", "skaia"), ("oi", "aia"), ("ul", "kiz"),
    )  # fmt: skip
    assert parts.masculine == ("ov", "ev", "in", "ski", "uli", "ogli", "ovic", "evic")
    assert parts.feminine == ("ova", "eva", "ina", "skaia", "kizi", "ovna", "evna")


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("Abdullah ibn Hasan", ["name", "particle", "name"]),
        ("Dr. Serik Akhmetov", ["particle", "name", "name"]),
        ("Пров Иванов Сергеевич", ["name", "name", "patronymic"]),
        ("Aigul Nurlan kyzy", ["name", "name", "particle"]),
    ],
)
def test_tokens_read_the_table(name: str, kinds: list[str]) -> None:
    assert [t.kind for t in names.parse(name)] == kinds


def test_genders_read_the_table() -> None:
    assert names.name_gender("Иванов") == "m"
    assert names.name_gender("Nurlanqyzy") == "f"
    assert names.gender_pair("ivanov", "ivanova")
    assert names.gender_pair("nurlanul", "nurlankiz")
    assert not names.gender_pair("ivanov", "ivan")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("suffix\tov\t\tx", "kind must be one of particle, title, gender"),
        ("title\tMr\t\tx", "the value must be lower case"),
        ("gender\tov\t\tx", "a feminine ending goes with kind gender"),
        ("masculine\tov\tova\tx", "a feminine ending goes with kind gender"),
        ("title\tmr\tx", "3 fields, expected 4"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, message: str
) -> None:
    table = tmp_path / "name-parts.tsv"
    table.write_text(f"# comment\n{HEADER}particle\tibn\t\tArabic\n{row}\n", encoding="utf-8")
    monkeypatch.setattr(names, "_NAME_PARTS_FILE", table)
    names._name_parts.cache_clear()
    try:
        with pytest.raises(DataFileError, match=f"name-parts.tsv:4: .*{message}") as caught:
            names._name_parts()
        assert caught.value.line == 4
    finally:
        monkeypatch.undo()
        names._name_parts.cache_clear()
