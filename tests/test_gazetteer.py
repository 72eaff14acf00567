"""The gazetteer: shipped tables, broken tables, lookup, dates, and the CLI."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kznames.cli import main
from kznames.gazetteer import Gazetteer, Match, TableError, default_tables_dir
from support import load_script

ENTITIES = "entity_id\tkind\tname\tdescription\tparent\n"
VARIANTS = "entity_id\tvariant\ttag\tvalid_from\tvalid_to\tsource\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.default()


def test_shipped_tables_load_without_unexplained_collisions(shipped: Gazetteer) -> None:
    assert shipped.warnings == []
    # Every collision the tables hold is explained by a homonyms table, with its reason.
    assert len(shipped.explained) == len(shipped.collisions())
    assert all(": homonyms: " in e or "told apart by similarity" in e for e in shipped.explained)


def test_shipped_tables_have_the_content_the_issue_asks_for(shipped: Gazetteer) -> None:
    assert len(shipped.entities) >= 600
    assert len(shipped.variants) >= 4000
    assert all(v.source for v in shipped.variants)
    kinds = Counter(e.kind for e in shipped.entities.values())
    assert kinds["place"] >= 500
    assert kinds["person"] >= 30
    assert kinds["org"] >= 10
    assert kinds["people"] >= 9
    # Every Kazakh region, and a city named in every script the issue lists.
    assert sum(1 for e in shipped.entities if e.startswith("iso-kz-")) == 17
    tags = {v.tag for v in shipped.variants if v.entity_id == "gn1529435"}  # Ghulja / Yining
    assert {"en", "zh-Hani", "zh-Latn-pinyin", "ug-Arab", "ug-Latn", "kk-Cyrl"} <= tags


def _tied_with_first(matches: list[Match]) -> set[str]:
    """Entities ranked level with the first match: homonyms that only the caller can tell apart."""
    first = matches[0]
    level = (first.exact, first.in_force, first.literal, first.score, first.similarity)
    return {
        m.entity.entity_id
        for m in matches
        if (m.exact, m.in_force, m.literal, m.score, m.similarity) == level
    }


def test_every_shipped_variant_finds_its_own_entity_first(shipped: Gazetteer) -> None:
    missed = []
    for variant in shipped.variants:
        on = variant.valid_from or (
            date.fromordinal(variant.valid_to.toordinal() - 1) if variant.valid_to else None
        )
        matches = shipped.lookup(variant.variant, on=on)
        if not matches or variant.entity_id not in _tied_with_first(matches):
            missed.append((variant, [m.entity.entity_id for m in matches[:3]]))
    assert missed == []


def test_homonyms_rank_level_and_their_reason_is_kept(shipped: Gazetteer) -> None:
    aksu = shipped.lookup("Aksu", kind="place")
    assert len(_tied_with_first(aksu)) >= 3  # towns in Kazakhstan and Xinjiang
    assert any("two places named 'Aksu'" in e for e in shipped.explained)


def test_the_name_in_force_on_a_date(shipped: Gazetteer) -> None:
    gazetteer = shipped
    assert gazetteer.lookup("Astana", on=date(2020, 1, 1))[0].name_on == "Nur-Sultan"
    assert gazetteer.lookup("Nur-Sultan", on=date(2023, 1, 1))[0].name_on == "Astana"
    assert gazetteer.lookup("Astana")[0].name_on == ""
    assert gazetteer.lookup("Astana", on=date(1995, 1, 1))[0].name_on == "Akmola"
    assert gazetteer.lookup("Целиноград", on=date(1970, 1, 1))[0].name_on == "Tselinograd"
    assert gazetteer.lookup("Bishkek", on=date(1980, 1, 1))[0].name_on == "Frunze"


def test_lookup_by_kind_and_similar_spellings(shipped: Gazetteer) -> None:
    gazetteer = shipped
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
            VARIANTS + "x\tX\ten\t\t\ts\nx\tX\ten\t\t\ts\n",
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


def test_a_homonyms_table_explains_a_shared_key(tmp_path: Path) -> None:
    entities = write(
        tmp_path, "places.tsv", ENTITIES + "a\tplace\tAksu\td\t\nb\tplace\tAqsu\td\t\n"
    )
    variants = write(tmp_path, "v.tsv", VARIANTS + "a\tAksu\ten\t\t\ts\nb\tAqsu\ten\t\t\ts\n")
    homonyms = write(tmp_path, "h.tsv", "entity_id\tother_id\treason\nb\ta\ttwo towns\n")
    gazetteer = Gazetteer.load([entities, variants, homonyms], include_default=False)
    assert gazetteer.warnings == []
    assert gazetteer.explained[0].endswith(": two towns")
    # Each spelling still looks up its own town first.
    assert gazetteer.lookup("Aqsu")[0].entity.entity_id == "b"
    assert gazetteer.lookup("Aksu")[0].entity.entity_id == "a"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a\tzz\tr\n", "unknown entity 'zz'"),
        ("a\ta\tr\n", "cannot be its own homonym"),
        ("a\tb\t\n", "a reason is required"),
        ("a\tb\tr\nb\ta\tr\n", "duplicate pair (first at"),
    ],
)
def test_broken_homonyms_tables(tmp_path: Path, row: str, message: str) -> None:
    entities = write(tmp_path, "e.tsv", ENTITIES + "a\tplace\tA\td\t\nb\tplace\tB\td\t\n")
    homonyms = write(tmp_path, "h.tsv", "entity_id\tother_id\treason\n" + row)
    with pytest.raises(TableError) as info:
        Gazetteer.load([entities, homonyms], include_default=False)
    assert any(message in p and p.startswith(f"{homonyms}:") for p in info.value.problems)


def test_user_tables_add_to_the_shipped_ones(tmp_path: Path) -> None:
    # A made-up village, in no shipped table.
    entities = write(tmp_path, "entities.tsv", ENTITIES + "zhelsuek\tplace\tZhelsuek\tvillage\t\n")
    variants = write(tmp_path, "v.tsv", VARIANTS + "zhelsuek\tЖелсүек\tkk-Cyrl\t\t\tme\n")
    gazetteer = Gazetteer.load([entities, variants])
    assert gazetteer.lookup("Zhelsuek")[0].entity.entity_id == "zhelsuek"
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
    assert f"kznames tables check: unknown entity 'nobody' ({bad}:2)" in capsys.readouterr().err


def test_generated_tables_rebuild_byte_for_byte(tmp_path: Path) -> None:
    """make gazetteer, run on the curated tables alone, gives the shipped generated tables."""
    shipped_dir = default_tables_dir()
    for path in shipped_dir.glob("*.tsv"):
        if "generated" not in path.name:
            shutil.copy(path, tmp_path / path.name)
    module = load_script("scripts/gen_gazetteer.py")
    assert module.main(["--out", str(tmp_path)]) == 0
    generated = sorted(p.name for p in shipped_dir.glob("*generated*.tsv"))
    assert generated == sorted(p.name for p in tmp_path.glob("*generated*.tsv"))
    for name in generated:
        assert (tmp_path / name).read_bytes() == (shipped_dir / name).read_bytes(), name


def test_a_pickled_gazetteer_looks_up_as_the_original() -> None:
    # Engines ship a gazetteer to worker processes (Spark broadcasts it) by pickling.
    import pickle

    original = Gazetteer.default()
    copy = pickle.loads(pickle.dumps(original))
    for name in ["Серікжан Білаш", "Alma-Ata", "Ghulja", "Li Qiang"]:
        assert [m.entity.entity_id for m in copy.lookup(name)] == [
            m.entity.entity_id for m in original.lookup(name)
        ]
    assert copy.explained == original.explained


def test_no_shipped_row_cites_a_development_file() -> None:
    """Every variant row cites a public source (or says it has none), never a file of the
    development material (shared/eval, shared/reference): issue 17."""
    for path in sorted(default_tables_dir().glob("*.tsv")):
        if path.name.startswith(("entities", "homonyms")):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        column = header.index("source")
        for number, line in enumerate(lines[1:], start=2):
            source = line.split("\t")[column]
            assert "shared/" not in source, f"{path.name}:{number}: {source}"
            assert source.strip(), f"{path.name}:{number}: no source"


def test_a_table_named_twice_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `kznames tables check data/variants/*.tsv` without --alone named every shipped table a
    # second time, and each row was reported as a duplicate of itself: 13,124 problems.
    shipped = sorted(default_tables_dir().glob("*.tsv"))
    monkeypatch.chdir(shipped[0].parent)
    assert main(["tables", "check", *(p.name for p in shipped)]) == 0
    assert "ok: " in capsys.readouterr().out
    entities = write(tmp_path, "entities.tsv", ENTITIES + "zhelsuek\tplace\tZhelsuek\tvillage\t\n")
    variants = write(tmp_path, "v.tsv", VARIANTS + "zhelsuek\tЖелсүек\tkk-Cyrl\t\t\tme\n")
    twice = Gazetteer.load([entities, variants, tmp_path / "." / "v.tsv"])
    once = Gazetteer.load([entities, variants])
    assert len(twice.variants) == len(once.variants)
    # A row repeated inside one file is still a duplicate.
    doubled = write(tmp_path, "d.tsv", VARIANTS + "zhelsuek\tЖелсүек\tkk-Cyrl\t\t\tme\n" * 2)
    with pytest.raises(TableError, match="duplicate row"):
        Gazetteer.load([entities, doubled])
