"""Prominence and identity in the gazetteer: the right entity first, one entity per place."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from kznames.cli import main
from kznames.gazetteer import Entity, Gazetteer, TableError, prominent
from kznames.names import key, level_of

DATA = Path(__file__).parent / "data"
ENTITIES = "entity_id\tkind\tname\tdescription\tparent\tpopulation\trank\talso\n"
VARIANTS = "entity_id\tvariant\ttag\tvalid_from\tvalid_to\tsource\n"


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.default()


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return rows[1:]


def _spelling(text: str) -> str:
    return " ".join(text.casefold().split())


def test_the_issue_s_lookups_answer_with_the_city(shipped: Gazetteer) -> None:
    for name in ["Hotan", "Хотан", "和田", "Khotan"]:
        first = shipped.lookup(name)[0].entity
        assert (first.entity_id, first.name) == ("gn1281019", "Hotan"), name
    for name in ["Kashgar", "Kashi", "Кашгар", "喀什"]:
        assert shipped.lookup(name)[0].entity.entity_id == "gn1280849", name


def test_duplicate_records_of_one_place_are_one_entity_keeping_both_ids(
    shipped: Gazetteer,
) -> None:
    ghulja = shipped.entities["gn1529435"]
    assert "gn1529013" in ghulja.also
    assert "gn1529013" not in shipped.entities
    assert shipped.aliases["gn1529013"] == "gn1529435"
    for name in ["Yining", "Ghulja", "Kulja", "伊宁", "غۇلجا"]:
        exact = [m.entity.entity_id for m in shipped.lookup(name, kind="place") if m.exact]
        assert exact[0] == "gn1529435", name
        assert "gn1529013" not in exact


def test_best_known_places_find_their_own_entity_first(shipped: Gazetteer) -> None:
    """Zero wrong-first lookups over the best-known places, in every script they are listed in."""
    rows = _rows("best-known-places.tsv")
    places = {entity_id for entity_id, *_ in rows}
    assert len(places) >= 100
    assert {script for _, _, script, _ in rows} == {"Latn", "Cyrl", "Arab", "Hani"}
    assert all(source.strip() for *_, source in rows)
    wrong = []
    for entity_id, spelling, script, _ in rows:
        matches = shipped.lookup(spelling, kind="place")
        first = matches[0].entity.entity_id if matches else None
        if first != entity_id:
            wrong.append(f"{spelling} ({script}): {first}, not {entity_id}")
    assert wrong == []


def test_audit_no_shipped_spelling_ranks_a_lesser_entity_first(shipped: Gazetteer) -> None:
    """Over every shipped row: the first entity for its spelling (of its kind) carries that
    spelling and is the most prominent of those that do, unless listed with a reason in
    tests/data/prominence-exceptions.tsv. A spelling whose key only one entity of the kind has
    needs no lookup: that entity is the only exact match. A variant written with a level word
    (Jambyl Region) carries its bare name (Jambyl) as well: lookup finds it by that."""
    exceptions = {
        (s, k): (first, reason) for s, k, first, reason in _rows("prominence-exceptions.tsv")
    }
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    carriers: dict[tuple[str, str], set[str]] = defaultdict(set)
    written: dict[tuple[str, str], str] = {}
    for variant in shipped.variants:
        kind = shipped.entities[variant.entity_id].kind
        # A name written with a level word carries its bare name too (Jambyl Region: Jambyl).
        level = level_of(variant.variant)
        for text in [variant.variant, *(level[:1] if level else [])]:
            owners[(key(text), kind)].add(variant.entity_id)
            carriers[(_spelling(text), kind)].add(variant.entity_id)
            written.setdefault((_spelling(text), kind), text)
    checked, failures = 0, []
    for (spelling, kind), entity_ids in carriers.items():
        text = written[(spelling, kind)]
        if len(owners[(key(text), kind)]) < 2:
            continue
        checked += 1
        first = shipped.lookup(text, kind=kind, similar=False)[0].entity
        best = max(shipped.entities[e].prominence for e in entity_ids)
        if first.entity_id not in entity_ids or first.prominence < best:
            failures.append((spelling, kind, first.entity_id))
    assert checked > 1000
    unexplained = [f for f in failures if (f[0], f[1]) not in exceptions]
    assert unexplained == []
    stale = sorted(set(exceptions) - {(s, k) for s, k, _ in failures})
    assert stale == [], "exceptions no longer needed"


def test_prominence_ranks_candidates_of_one_spelling(tmp_path: Path) -> None:
    entities = tmp_path / "e.tsv"
    entities.write_text(
        ENTITIES
        + "village\tplace\tAkkol village\td\t\t900\t\t\n"
        + "town\tplace\tAkkol\td\t\t14000\tcounty-seat\t\n"
        + "big\tplace\tAkkol city\td\t\t60000\t\t\n",
        encoding="utf-8",
    )
    variants = tmp_path / "v.tsv"
    variants.write_text(
        VARIANTS + "village\tAkkol\ten\t\t\ts\ntown\tAkkol\ten\t\t\ts\nbig\tAqkol\ten\t\t\ts\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load([entities, variants], include_default=False)
    ranked = [m.entity.entity_id for m in gazetteer.lookup("Akkol")]
    # Spelled as asked first (town and village), the county seat before the village; the
    # bigger place spelled otherwise after them.
    assert ranked == ["town", "village", "big"]
    assert gazetteer.lookup("Aqkol")[0].entity.entity_id == "big"


def test_a_merged_id_names_its_entity_in_every_table(tmp_path: Path) -> None:
    entities = tmp_path / "e.tsv"
    entities.write_text(ENTITIES + "a\tplace\tTekeli\td\t\t\t\tb c\n", encoding="utf-8")
    variants = tmp_path / "v.tsv"
    variants.write_text(VARIANTS + "b\tТекели\tru-Cyrl\t\t\ts\n", encoding="utf-8")
    gazetteer = Gazetteer.load([entities, variants], include_default=False)
    assert gazetteer.lookup("Текели")[0].entity.entity_id == "a"
    assert gazetteer.aliases == {"b": "a", "c": "a"}


def test_bad_prominence_columns_are_reported_by_line(tmp_path: Path) -> None:
    entities = tmp_path / "e.tsv"
    entities.write_text(
        ENTITIES
        + "a\tplace\tA\td\t\tmany\t\t\n"
        + "b\tplace\tB\td\t\t\tcity\t\n"
        + "c\tplace\tC\td\t\t\t\td\n"
        + "d\tplace\tD\td\t\t\t\t\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError) as error:
        Gazetteer.load([entities], include_default=False)
    problems = error.value.problems
    assert any(p.endswith(":2: population 'many' is not a whole number") for p in problems)
    assert any(":3: unknown rank 'city'" in p for p in problems)
    assert any(":4: 'd' merged here is also an entity" in p for p in problems)


def test_prominent_means_big_or_of_rank() -> None:
    assert prominent(Entity("x", "place", "X", "", population=50_000))
    assert prominent(Entity("x", "place", "X", "", rank="region"))
    assert not prominent(Entity("x", "place", "X", "", population=49_999, rank="county-seat"))
    assert (
        Entity("x", "place", "X", "", rank="capital").prominence
        > Entity("y", "place", "Y", "", rank="region", population=10**7).prominence
    )


def test_tables_check_reports_prominent_key_collisions(
    shipped: Gazetteer, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = shipped.prominent_collisions()
    assert pairs
    assert all(prominent(shipped.entities[a.entity_id]) for a, _ in pairs)
    kinds = Counter(shipped.entities[a.entity_id].kind for a, _ in pairs)
    assert set(kinds) == {"place"}
    tables = sorted(str(p) for p in Path(shipped.variants[0].path).parent.glob("*.tsv"))
    assert main(["tables", "check", "--alone", *tables]) == 0
    out = capsys.readouterr().out
    assert "prominent key collision: 'Kashi' (Kashgar, gn1280849)" in out
    assert f"{len(pairs)} prominent key collisions" in out


def test_a_key_match_aligned_closely_ranks_before_a_more_prominent_one(shipped: Gazetteer) -> None:
    # A key is coarse: Германия shares Kermine's (Navoiy), Эмин Yemen's, 阿特劳 Италия's. The
    # entity whose spelling aligns with the name ranks first, prominence only among those.
    for name, expected in [
        ("Германия", "country-de"),
        ("Эмин", "gn1529522"),
        ("阿特劳", "gn610529"),
        ("Khorgas", "gn1529377"),
    ]:
        matches = shipped.lookup(name, kind="place")
        assert matches[0].entity.entity_id == expected, name
    # The populous countries the news names are in the gazetteer, in every language read.
    for name in ["Germany", "Германия", "德国", "Japan", "Жапония", "日本"]:
        assert shipped.lookup(name, kind="place")[0].entity.entity_id.startswith("country-"), name


def test_a_town_does_not_take_the_name_of_the_sea_it_is_named_after(shipped: Gazetteer) -> None:
    # GeoNames lists 'Aral Sea' and 'Аральское Море' among the names of the town of Aral: a
    # name written with a generic word of a feature is left out of the generated tables.
    aral = {v.variant for v in shipped.variants if v.entity_id == "gn1526265"}
    assert "Aral" in aral
    assert "Aral Sea" not in aral
    assert "Аральское Море" not in aral


def test_a_borrowed_name_ranks_after_a_prominent_entity_whose_own_name_it_is(
    shipped: Gazetteer,
) -> None:
    # GeoNames gives the seat Konayev the alternate 'Ili' and Bole 'Bortala' (und-Latn): the
    # prefectures whose English names they are come first, the towns still follow.
    for name, owner, borrower in [
        ("Ili", "xj-ili", "gn1519948"),
        ("Bortala", "xj-bortala", "gn8521718"),
    ]:
        ranked = [m.entity.entity_id for m in shipped.lookup(name, kind="place")]
        assert ranked[0] == owner, name
        assert borrower in ranked, name
        assert next(m for m in shipped.lookup(name) if m.entity.entity_id == borrower).borrowed
    # The village Kyzylzhar is not prominent: its Kazakh name does not put it before Petropavl,
    # whose old Kazakh name Qyzyljar is.
    assert shipped.lookup("Qyzyljar", kind="place")[0].entity.entity_id == "gn1520172"
    # A name the entity's own name shares a key with is no borrowed name (Samarkand's Samarqand).
    samarqand = [m for m in shipped.lookup("Samarqand") if m.entity.entity_id == "gn1216265"]
    assert samarqand
    assert not samarqand[0].borrowed


def test_only_a_prominent_owner_puts_a_borrowed_name_after_it(tmp_path: Path) -> None:
    entities = tmp_path / "e.tsv"
    entities.write_text(
        ENTITIES
        + "seat\tplace\tKonayev\td\t\t42000\tseat\t\n"
        + "pref\tplace\tIli Prefecture\td\t\t\tprefecture\t\n"
        + "village\tplace\tIli village\td\t\t900\t\t\n",
        encoding="utf-8",
    )
    variants = tmp_path / "v.tsv"

    def ranked(*rows: str) -> list[str]:
        body = "seat\tIli\tund-Latn\t\t\ts\nvillage\tIli\tkk-Latn\t\t\ts\n" + "".join(rows)
        variants.write_text(VARIANTS + body, encoding="utf-8")
        gazetteer = Gazetteer.load([entities, variants], include_default=False)
        return [m.entity.entity_id for m in gazetteer.lookup("Ili")]

    # The village owns the name but is not prominent: the seat stays first.
    assert ranked() == ["seat", "village"]
    # A prefecture owns it (rank below a seat's): the borrowed name ranks after those owning it.
    prefecture = "pref\tIli\ten\t\t\ts\n"
    assert ranked(prefecture) == ["pref", "village", "seat"]
    # A spelling an entity has both as an alternate and in a known language is its own.
    assert ranked(prefecture, "seat\tIli\tkk-Latn\t\t\ts\n") == ["seat", "pref", "village"]


def test_the_neighbours_capitals_and_region_seats_rank_before_their_regions(
    shipped: Gazetteer,
) -> None:
    # Ranked in data/curation/places.tsv: the city first, then the region of its name (the
    # lead saw Samarqand and Namangan answer the region).
    for name, city, region in [
        ("Samarqand", "gn1216265", "iso-uz-sa"),
        ("Namangan", "gn1513157", "iso-uz-ng"),
        ("Osh", "gn1527534", "iso-kg-o"),
        ("Talas", "gn1527299", "iso-kg-t"),
        ("Mary", "gn1218667", "iso-tm-m"),
    ]:
        ranked = [m.entity.entity_id for m in shipped.lookup(name, kind="place")]
        assert ranked[:2] == [city, region], name
    for capital in ["gn1512569", "gn1528675", "gn1221874", "gn162183", "gn2028462"]:
        assert shipped.entities[capital].rank == "capital"
