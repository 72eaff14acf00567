"""scripts/gen_more_look_alikes.py and its two look-alike sets (places; Kazakh, Kyrgyz and Uyghur
names): homonyms and spellings of one name are never look-alikes, cross-script pairs are there,
every row has its sources, and a place pair never reads an entity of the other half."""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from kznames.evaluate import half_of, pick_half_pairs, read_look_alikes
from kznames.frequencies import NameFrequency
from kznames.gazetteer import Entity, Gazetteer, Variant
from kznames.names import key
from kznames.phonetic import fine_key
from kznames.scripts import detect_script
from support import REPO, load_script

SCRIPT = "scripts/gen_more_look_alikes.py"
PLACES = REPO / "data" / "eval" / "look-alikes-places.tsv"
TURKIC = REPO / "data" / "eval" / "look-alikes-turkic.tsv"


def _gazetteer(rows: list[tuple[str, str]], parents: dict[str, str] | None = None) -> Gazetteer:
    ids = sorted({entity for entity, _ in rows})
    entities = {
        i: Entity(i, "place", i, f"place {i}", parent=(parents or {}).get(i, "")) for i in ids
    }
    variants = [
        Variant(entity, spelling, "und", None, None, f"src {n}", str(REPO / "t.tsv"), n)
        for n, (entity, spelling) in enumerate(rows, start=2)
    ]
    return Gazetteer(entities, variants)


def test_places_are_colliding_entities_without_a_shared_spelling() -> None:
    module = load_script(SCRIPT)
    assert key("伽师县") == key("和硕县")
    assert key("Sayram") == key("Sairam")
    gazetteer = _gazetteer(
        [
            ("jiashi", "伽师县"),
            ("jiashi", "Jiashi"),
            ("heshuo", "和硕县"),
            ("heshuo", "Heshuo"),
            ("sayram1", "Sayram"),
            ("sayram2", "Sayram"),  # two towns of one name: homonyms
            ("sayram2", "Sairam"),
        ]
    )
    rows = module.place_pairs(gazetteer, {}, REPO)
    pairs = {frozenset((a, b)) for a, b, *_ in rows}
    assert frozenset(("伽师县", "和硕县")) in pairs
    assert not any({"Sayram", "Sairam"} & pair for pair in pairs)
    for a, b, relation, kind, note, source_a, source_b in rows:
        assert relation == "different"
        assert kind == "place"
        assert "t.tsv:" in source_a
        assert source_b.endswith(("src 2", "src 3", "src 4", "src 5"))
        assert key(a) == key(b)
        assert "share no spelling and no fine key" in note


def test_a_shared_fine_key_or_a_parent_makes_no_look_alike() -> None:
    module = load_script(SCRIPT)
    assert key("Qyzyljar") == key("Kyzylzhar")
    gazetteer = _gazetteer(
        [("one", "Qyzyljar"), ("two", "Kyzylzhar"), ("two", "Qyzyljar Audany")],
    )
    # Qyzyljar and Kyzylzhar share the fine key: one name, spelled two ways.
    assert not module.place_pairs(gazetteer, {}, REPO)
    region = _gazetteer([("a", "伽师县"), ("b", "和硕县")], parents={"b": "a"})
    assert not module.place_pairs(region, {}, REPO)


def test_a_spelling_of_several_entities_counts_once_and_only_if_all_are_apart() -> None:
    module = load_script(SCRIPT)
    # Two towns spelled 伽师县 (homonyms of each other) against 和硕县: one row, not two.
    twice = _gazetteer([("a", "伽师县"), ("d", "伽师县"), ("b", "和硕县")])
    assert len(module.place_pairs(twice, {}, REPO)) == 1
    # 和硕县 is also a spelling of c, which shares Jiashi with a: the pair may be one place.
    shared = _gazetteer(
        [("a", "伽师县"), ("a", "Jiashi"), ("b", "和硕县"), ("c", "和硕县"), ("c", "Jiashi")]
    )
    pairs = {frozenset(row[:2]) for row in module.place_pairs(shared, {}, REPO)}
    assert frozenset(("伽师县", "和硕县")) not in pairs


def test_cross_script_pairs_come_first_and_at_most_three_per_entities() -> None:
    module = load_script(SCRIPT)
    gazetteer = _gazetteer(
        [
            ("de", "德国"),
            ("de", "Deguo"),
            ("de", "Dekuo"),
            ("de", "Degua"),
            ("dihua", "Dihua"),
        ]
    )
    rows = module.place_pairs(gazetteer, {}, REPO)
    assert 1 <= len(rows) <= module.PAIRS_PER_ENTITIES
    assert {tuple(sorted(map(detect_script, row[:2]))) for row in rows} >= {("Hani", "Latn")}


def test_a_place_pair_never_reads_an_entity_of_the_other_half() -> None:
    module = load_script(SCRIPT)
    gazetteer = _gazetteer([("x", "伽师县"), ("y", "和硕县")])
    half = half_of("\t".join(sorted(("伽师县", "和硕县"))))
    other = "report" if half == "fit" else "fit"
    assert module.place_pairs(gazetteer, {"x": half}, REPO)
    assert not module.place_pairs(gazetteer, {"x": other}, REPO)


def test_turkic_names_are_distinct_attested_and_within_two_edits() -> None:
    module = load_script(SCRIPT)
    rows = [
        NameFrequency("Асанов", "", "ru", "surname", "m", 89, None, "russiannames"),
        NameFrequency("Усенов", "", "ru", "surname", "m", 12, None, "russiannames"),
        NameFrequency("Касымов", "", "ru", "surname", "m", 47, None, "russiannames"),
        NameFrequency("Иванов", "", "ru", "surname", "m", 900, None, "russiannames"),
        NameFrequency("Иванова", "", "ru", "surname", "f", 900, None, "russiannames"),
        NameFrequency("Осанов", "", "ru", "surname", "m", 3, None, "russiannames"),  # too few
    ]
    listed = [
        ("Асан", "given", "m", "k1"),
        ("Үсен", "given", "m", "k2"),
        ("Қасым", "given", "m", "k3"),
        ("Қасымов", "surname", "m", "k4"),
        ("Айтас", "given", "m", "k5"),
        ("Байтас", "given", "m", "k6"),
    ]
    groups = module.turkic_names(listed, rows)
    surnames = groups[("surname", "m")]
    assert set(surnames) == {"Асанов", "Усенов", "Касымов", "Қасымов"}  # Иванов: no Kazakh stem
    pairs = {(a, b) for a, b, _ in module.close_name_pairs(surnames)}
    assert ("Асанов", "Усенов") in pairs  # two substitutions: one key, two names
    assert not any({"Касымов", "Қасымов"} <= {a, b} for a, b in pairs)  # one name
    written = module.turkic_pairs(groups, lambda text: f"L:{text}")
    found = {(a.removeprefix("L:"), b.removeprefix("L:")) for a, b, *_ in written}
    assert ("Айтас", "Байтас") in found
    assert all(row[2] == "different" and row[5] and row[6] for row in written)


@pytest.mark.parametrize(("path", "least"), [(PLACES, 1000), (TURKIC, 1500)])
def test_shipped_sets_are_look_alikes_with_sources_in_both_halves(path: Path, least: int) -> None:
    pairs = read_look_alikes(path)
    assert len(pairs) >= least
    assert {p.relation for p in pairs} == {"different"}
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    assert all(len(line.split("\t")) == 7 and all(line.split("\t")) for line in lines)
    fit, report = pick_half_pairs(pairs, "fit"), pick_half_pairs(pairs, "report")
    assert len(fit) + len(report) == len(pairs)
    assert min(len(fit), len(report)) > len(pairs) // 3


def test_shipped_place_set_has_cross_script_pairs_and_no_homonyms() -> None:
    module = load_script(SCRIPT)
    pairs = read_look_alikes(PLACES)
    scripts = {tuple(sorted((detect_script(p.a), detect_script(p.b)))) for p in pairs}
    assert ("Hani", "Latn") in scripts
    assert ("Cyrl", "Latn") in scripts
    assert all(module.folded(p.a) != module.folded(p.b) for p in pairs)
    assert all(key(p.a) == key(p.b) for p in pairs)


def test_shipped_turkic_set_as_attested_is_within_two_edits_and_distinct() -> None:
    lines = TURKIC.read_text(encoding="utf-8").splitlines()[1:]
    checked = equal_keys = 0
    for line in lines:
        a, b, _, _, note, _, _ = line.split("\t")
        equal_keys += "one match key" in note
        if "as attested" in note and "shared given name" not in note:
            assert Levenshtein.distance(a.lower(), b.lower()) <= 2, line
            assert fine_key(a) != fine_key(b), line
            checked += 1
    assert checked > 400
    assert equal_keys >= 50  # the pairs a key cannot tell apart (Асанов / Усенов)
