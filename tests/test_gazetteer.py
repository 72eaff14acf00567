"""The gazetteer: shipped tables, broken tables, lookup, dates, and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kznames.cli import main
from kznames.gazetteer import Gazetteer, TableError, default_tables_dir

ENTITIES = "entity_id\tkind\tname\tdescription\tparent\n"
VARIANTS = "entity_id\tvariant\ttag\tvalid_from\tvalid_to\tsource\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_tables_load_without_problems() -> None:
    gazetteer = Gazetteer.default()
    assert gazetteer.entities
    assert gazetteer.variants
    assert gazetteer.warnings == []


def test_every_shipped_variant_finds_its_own_entity_first() -> None:
    gazetteer = Gazetteer.default()
    for variant in gazetteer.variants:
        matches = gazetteer.lookup(variant.variant)
        assert matches, variant
        assert matches[0].entity.entity_id == variant.entity_id, (variant, matches[0])
        if variant.valid_from:
            on = gazetteer.lookup(variant.variant, on=variant.valid_from)
            assert on[0].entity.entity_id == variant.entity_id


def test_the_name_in_force_on_a_date() -> None:
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("Astana", on=date(2020, 1, 1))[0].name_on == "Nur-Sultan"
    assert gazetteer.lookup("Nur-Sultan", on=date(2023, 1, 1))[0].name_on == "Astana"
    assert gazetteer.lookup("Astana")[0].name_on == ""


def test_lookup_by_kind_and_similar_spellings() -> None:
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("Serikjan Bilash", kind="place") == []
    near = gazetteer.lookup("Serikzhan Bilas")  # a dropped h: not the key, but similar
    assert near[0].entity.entity_id == "bilash"
    assert not near[0].exact


@pytest.mark.parametrize(
    ("entities", "variants", "message"),
    [
        (ENTITIES + "x\tperson\tX\td\t\n", VARIANTS + "y\tY\ten\t\t\ts\n", "unknown entity 'y'"),
        (ENTITIES + "x\tplanet\tX\td\t\n", VARIANTS, "unknown kind 'planet'"),
        (ENTITIES + "x\tplace\tX\td\t\n", VARIANTS + "x\tX\txx-Yyyy-zz\t\t\ts\n", "unknown tag"),
        (
            ENTITIES + "x\tplace\tX\td\t\n",
            VARIANTS + "x\tX\ten\t2019-13-01\t\ts\n",
            "not an ISO date",
        ),
        (
            ENTITIES + "x\tplace\tX\td\t\n",
            VARIANTS + "x\tX\ten\t2020-01-01\t2019-01-01\ts\n",
            "is not after valid_from",
        ),
        (
            ENTITIES + "x\tplace\tX\td\t\n",
            VARIANTS + "x\tX\ten\t\t\ts\nx\tX\ten\t\t\tt\n",
            "duplicate row (first at",
        ),
        (ENTITIES + "x\tplace\tX\td\tnowhere\n", VARIANTS, "unknown parent 'nowhere'"),
        (ENTITIES, "entity_id\tvariant\n", "header lacks tag"),
    ],
)
def test_broken_tables_report_file_and_line_and_load_nothing(
    tmp_path: Path, entities: str, variants: str, message: str
) -> None:
    paths = [write(tmp_path, "entities.tsv", entities), write(tmp_path, "v.tsv", variants)]
    with pytest.raises(TableError) as info:
        Gazetteer.load(paths, include_default=False)
    assert any(message in p for p in info.value.problems), info.value.problems
    assert all(p.startswith(str(tmp_path)) for p in info.value.problems)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    entities = write(tmp_path, "entities.tsv", ENTITIES + "x\tplace\tX\td\t\n")
    variants = write(
        tmp_path,
        "v.tsv",
        VARIANTS + "y\tY\ten\t\t\ts\nx\tX\tqq-Zzzz-zz\t\t\ts\nx\tX\ten\tbad\t\ts\n",
    )
    with pytest.raises(TableError) as info:
        Gazetteer.load([entities, variants], include_default=False)
    assert [p.split(":")[1] for p in info.value.problems] == ["2", "3", "4"]


def test_a_key_shared_by_two_entities_of_one_kind_is_a_warning(tmp_path: Path) -> None:
    entities = write(
        tmp_path, "entities.tsv", ENTITIES + "a\tplace\tAksu\td\t\nb\tplace\tAqsu\td\t\n"
    )
    variants = write(tmp_path, "v.tsv", VARIANTS + "a\tAksu\ten\t\t\ts\nb\tAqsu\ten\t\t\ts\n")
    gazetteer = Gazetteer.load([entities, variants], include_default=False)
    assert len(gazetteer.warnings) == 1
    assert "'Aqsu' (b) has the key of 'Aksu' (a" in gazetteer.warnings[0]


def test_user_tables_add_to_the_shipped_ones(tmp_path: Path) -> None:
    entities = write(tmp_path, "entities.tsv", ENTITIES + "zhanaozen\tplace\tZhanaozen\ttown\t\n")
    variants = write(tmp_path, "v.tsv", VARIANTS + "zhanaozen\tЖаңаөзен\tkk-Cyrl\t\t\tme\n")
    gazetteer = Gazetteer.load([entities, variants])
    assert gazetteer.lookup("Zhanaozen")[0].entity.entity_id == "zhanaozen"
    assert gazetteer.lookup("Serikzhan Bilash")[0].entity.entity_id == "bilash"


def test_cli_lookup_and_tables_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Серикжан Билаш"]) == 0
    assert "Serikzhan Bilash [person, bilash]" in capsys.readouterr().out
    assert main(["lookup", "Астана", "--on", "2020-06-01", "--json"]) == 0
    assert '"name_on": "Nur-Sultan"' in capsys.readouterr().out
    assert main(["lookup", "Nobody Anywhere"]) == 1
    assert main(["lookup", "x", "--on", "yesterday"]) == 2
    tables = sorted(str(p) for p in default_tables_dir().glob("*.tsv"))
    assert main(["tables", "check", "--alone", *tables]) == 0
    bad = write(tmp_path, "v.tsv", VARIANTS + "nobody\tX\ten\t\t\ts\n")
    assert main(["tables", "check", str(bad)]) == 1
    assert f"{bad}:2: unknown entity 'nobody'" in capsys.readouterr().err
