"""The gazetteer's tables read and checked: entity, variant and homonyms tables in, the
records of :mod:`kznames.gazetteer` out, or every problem with its file and line.

The tables are told apart by their header (see :mod:`kznames.gazetteer`); a table with a
problem (unknown entity, kind or tag, a bad or reversed date, a duplicate row, a missing header)
is refused whole. What the records mean, and how they are indexed and looked up, is
:mod:`kznames.gazetteer`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from .errors import DataFileError
from .resources import read_text, text_lines, variants_dir
from .translit import known_tags

__all__ = [
    "KINDS",
    "RANKS",
    "Entity",
    "TableError",
    "Variant",
    "default_tables_dir",
    "iso_date",
    "read_tables",
]

KINDS: Final = frozenset({"person", "place", "org", "people", "other"})
_ENTITY_COLUMNS: Final = ("entity_id", "kind", "name", "description")
_VARIANT_COLUMNS: Final = ("entity_id", "variant", "tag", "valid_from", "valid_to", "source")
_HOMONYM_COLUMNS: Final = ("entity_id", "other_id", "reason")
# Administrative ranks (entity tables' ``rank`` column), most prominent first. A capital or a
# region's seat ranks before a region: a bare name both share (巴甫洛达尔, Pavlodar) names the
# city in running text, the region being written with its designator (Pavlodar oblysy).
RANKS: Final = ("country", "capital", "seat", "region", "prefecture", "county-seat")
# Language tags (en, ru, kk, zh-Hans…) besides the scheme tags.
_LANGUAGE_TAG: Final = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")


class TableError(DataFileError):
    """Variant tables with problems; ``problems`` lists each as ``path:line: message``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self._fill(problems)


@dataclass(frozen=True, slots=True)
class Entity:
    entity_id: str
    kind: str
    name: str
    description: str
    parent: str = ""
    population: int = 0
    rank: str = ""  # one of RANKS, or "" for none
    also: tuple[str, ...] = ()  # ids of duplicate records merged into this entity

    @property
    def prominence(self) -> tuple[int, int]:
        """(rank, population): the larger, the better known; compared among candidates of one
        key.

        >>> Entity("x", "place", "X", "", rank="seat", population=10).prominence
        (4, 10)
        """
        tier = len(RANKS) - RANKS.index(self.rank) if self.rank in RANKS else 0
        return tier, self.population


@dataclass(frozen=True, slots=True)
class Variant:
    entity_id: str
    variant: str
    tag: str
    valid_from: date | None
    valid_to: date | None
    source: str
    path: str
    line: int

    def in_force(self, on: date) -> bool:
        """True when the spelling was the entity's name on that day (open dates count)."""
        after_start = self.valid_from is None or self.valid_from <= on
        before_end = self.valid_to is None or on < self.valid_to
        return after_start and before_end


def _same_file(path: Path) -> Path:
    """One name for one file however it is written (relative, through a link); a path that
    cannot be resolved stays as written, and its read error is reported where it is read."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path


def _each_once(files: list[Path]) -> list[Path]:
    """The files in order, each file once (its first mention)."""
    seen: set[Path] = set()
    once: list[Path] = []
    for path in files:
        name = _same_file(path)
        if name not in seen:
            seen.add(name)
            once.append(path)
    return once


def default_tables_dir() -> Path:
    """The shipped variant tables (:func:`kznames.resources.variants_dir`)."""
    return variants_dir()


def _read_rows(
    path: Path, columns: Sequence[str], problems: list[str]
) -> list[tuple[int, dict[str, str]]]:
    try:
        # A BOM is not part of the header; U+2028 or U+0085 inside a field does not split its
        # row (resources.text_lines).
        lines = text_lines(read_text(path))
    except DataFileError as exc:
        problems.extend(exc.problems)
        return []
    if not lines:
        problems.append(f"{path}:1: empty file: a header row is required")
        return []
    header = lines[0].split("\t")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        problems.append(f"{path}:1: header names {', '.join(twice)} more than once")
        return []
    missing = [c for c in columns if c not in header]
    if missing:
        problems.append(f"{path}:1: header lacks {', '.join(missing)} (has {', '.join(header)})")
        return []
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) > len(header):
            problems.append(f"{path}:{number}: {len(fields)} fields, the header has {len(header)}")
            continue
        fields += [""] * (len(header) - len(fields))
        rows.append((number, dict(zip(header, (f.strip() for f in fields), strict=True))))
    return rows


_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date:
    """A date written YYYY-MM-DD and nothing else (``date.fromisoformat`` also takes
    ``20200101`` and week dates such as ``2020-W01-1``); ``ValueError`` otherwise.

    >>> iso_date("2020-06-01")
    datetime.date(2020, 6, 1)
    >>> iso_date("20200601")
    Traceback (most recent call last):
    ValueError: not a date written YYYY-MM-DD: '20200601'
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not a date written YYYY-MM-DD: {text!r}")
    return date.fromisoformat(text)


def _date(value: str, where: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return iso_date(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)")
        return None


def read_tables(
    paths: Iterable[Path | str], include_default: bool = True
) -> tuple[dict[str, Entity], list[Variant], dict[frozenset[str], str]]:
    """Entities, variants and homonyms from entity tables (header with ``kind``), homonyms
    tables (header with ``other_id``) and variant tables, in any order; ``include_default``
    reads the shipped tables first. Raises :class:`TableError` listing every problem (file and
    line). A file named twice, or a shipped table named while the shipped tables are read, is
    read once: ``kznames tables check data/variants/*.tsv`` checks the shipped tables, not each
    row against its own copy."""
    files = [Path(p) for p in paths]
    if include_default:
        files = sorted(default_tables_dir().glob("*.tsv")) + files
    files = _each_once(files)
    problems: list[str] = []
    entities: dict[str, Entity] = {}
    entity_lines: dict[str, str] = {}
    for path in (p for p in files if _table_kind(p) == "entities"):
        for number, row in _read_rows(path, _ENTITY_COLUMNS, problems):
            where = f"{path}:{number}"
            entity_id, kind = row["entity_id"], row["kind"]
            if not entity_id or not row["name"]:
                problems.append(f"{where}: entity_id and name are required")
            elif entity_id in entities:
                first = entity_lines[entity_id]
                problems.append(f"{where}: entity {entity_id!r} already defined at {first}")
            elif kind not in KINDS:
                problems.append(
                    f"{where}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})"
                )
            else:
                entity = _entity(row, where, problems)
                if entity is not None:
                    entities[entity_id] = entity
                    entity_lines[entity_id] = where
    aliases: dict[str, str] = {}
    for entity in entities.values():
        for other in entity.also:
            if other in entities or other in aliases:
                problems.append(
                    f"{entity_lines[entity.entity_id]}: {other!r} merged here is also "
                    "an entity or merged elsewhere"
                )
            aliases[other] = entity.entity_id
    for entity in entities.values():
        if entity.parent and aliases.get(entity.parent, entity.parent) not in entities:
            problems.append(f"{entity_lines[entity.entity_id]}: unknown parent {entity.parent!r}")
    tags = set(known_tags())
    variants: list[Variant] = []
    seen: dict[tuple[str, ...], str] = {}
    homonyms = _read_homonyms(
        [p for p in files if _table_kind(p) == "homonyms"], entities, aliases, problems
    )
    for path in (p for p in files if _table_kind(p) == "variants"):
        for number, row in _read_rows(path, _VARIANT_COLUMNS, problems):
            where = f"{path}:{number}"
            entity_id, text, tag = row["entity_id"], row["variant"], row["tag"]
            entity_id = aliases.get(entity_id, entity_id)  # a merged duplicate's id
            if entity_id not in entities:
                problems.append(f"{where}: unknown entity {entity_id!r}")
                continue
            if not text:
                problems.append(f"{where}: empty variant")
                continue
            if tag not in tags and not _LANGUAGE_TAG.match(tag):
                problems.append(f"{where}: unknown tag {tag!r} (a scheme tag or a language tag)")
                continue
            start = _date(row["valid_from"], where, problems)
            end = _date(row["valid_to"], where, problems)
            if start and end and end <= start:
                problems.append(f"{where}: valid_to {end} is not after valid_from {start}")
                continue
            # One spelling may be in force in two periods (Astana 1998-2019, 2022-), and be
            # attested by two sources; the same row twice is a mistake.
            identity = (entity_id, text, tag, row["valid_from"], row["valid_to"], row["source"])
            if identity in seen:
                problems.append(f"{where}: duplicate row (first at {seen[identity]})")
                continue
            seen[identity] = where
            variants.append(
                Variant(entity_id, text, tag, start, end, row["source"], str(path), number)
            )
    if problems:
        raise TableError(problems)
    return entities, variants, homonyms


def _table_kind(path: Path) -> str:
    """What a table holds, told by its header: ``kind`` makes an entity table, ``other_id`` a
    homonyms table, anything else a variant table (whose header is then checked)."""
    try:
        with path.open("rb") as stream:
            header = stream.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    except OSError:
        return "variants"  # the read error is reported with the variant tables
    columns = set(header.split("\t"))
    if "kind" in columns:
        return "entities"
    if "other_id" in columns:
        return "homonyms"
    return "variants"


def _entity(row: dict[str, str], where: str, problems: list[str]) -> Entity | None:
    """An entity table's row, with its optional prominence and merged-id columns checked."""
    population = row.get("population", "")
    if population and not population.isdigit():
        problems.append(f"{where}: population {population!r} is not a whole number")
        return None
    rank = row.get("rank", "")
    if rank and rank not in RANKS:
        problems.append(f"{where}: unknown rank {rank!r} (one of {', '.join(RANKS)})")
        return None
    return Entity(
        row["entity_id"],
        row["kind"],
        row["name"],
        row["description"],
        row.get("parent", ""),
        int(population or 0),
        rank,
        tuple(row.get("also", "").split()),
    )


def _read_homonyms(
    paths: Sequence[Path],
    entities: dict[str, Entity],
    aliases: dict[str, str],
    problems: list[str],
) -> dict[frozenset[str], str]:
    """Pairs of entities a curator has seen share a key, with the reason they are distinct."""
    homonyms: dict[frozenset[str], str] = {}
    lines: dict[frozenset[str], str] = {}
    for path in paths:
        for number, row in _read_rows(path, _HOMONYM_COLUMNS, problems):
            where = f"{path}:{number}"
            pair = frozenset(aliases.get(e, e) for e in (row["entity_id"], row["other_id"]))
            unknown = sorted(e for e in pair if e not in entities)
            if unknown:
                problems.append(f"{where}: unknown entity {', '.join(map(repr, unknown))}")
            elif len(pair) < 2:
                problems.append(f"{where}: an entity cannot be its own homonym")
            elif not row["reason"]:
                problems.append(f"{where}: a reason is required")
            elif pair in homonyms:
                problems.append(f"{where}: duplicate pair (first at {lines[pair]})")
            else:
                homonyms[pair] = row["reason"]
                lines[pair] = where
    return homonyms
