"""The gazetteer: known entities and every attested spelling of their names.

Concepts owned here:

* **entity** — one person, place, organisation or people (``entities.tsv``: id, kind, canonical
  English name, one-line description, optional parent entity).
* **variant** — one attested spelling of an entity's name (any other ``*.tsv``: entity id,
  spelling, scheme or language tag, the dates it was in force, and where it is attested).
* **tables** — the shipped ``data/variants/`` and any user tables in the same format. A table
  with a problem (unknown entity, kind or tag, a bad or reversed date, a duplicate row, a missing
  header) is refused whole, with every problem reported by file and line. A variant whose key is
  also another entity's variant of the same kind is loaded, with a warning naming both.
* **lookup** — a name's entities, ranked: variants sharing its key first, then variants above a
  similarity threshold; with ``on=date`` a variant in force that day ranks before others.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from .errors import KznamesError
from .names import key, parse, skeleton
from .score import Explanation, similarity
from .translit import known_tags

__all__ = [
    "Entity",
    "Gazetteer",
    "Match",
    "TableError",
    "Variant",
    "default_tables_dir",
    "lookup",
]

KINDS: Final = frozenset({"person", "place", "org", "people", "other"})
_ENTITY_COLUMNS: Final = ("entity_id", "kind", "name", "description")
_VARIANT_COLUMNS: Final = ("entity_id", "variant", "tag", "valid_from", "valid_to", "source")
# Language tags (en, ru, kk, zh-Hans…) besides the scheme tags.
_LANGUAGE_TAG: Final = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")
_LOOKUP_THRESHOLD: Final = 0.8


class TableError(KznamesError):
    """Variant tables with problems; ``problems`` lists each as ``path:line: message``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Entity:
    entity_id: str
    kind: str
    name: str
    description: str
    parent: str = ""


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


@dataclass(frozen=True, slots=True)
class Match:
    """One entity a name may refer to, through one of its variants."""

    entity: Entity
    variant: Variant
    score: float
    exact: bool
    in_force: bool | None
    explanation: Explanation
    name_on: str = ""  # with ``on``: the entity's dated English name in force that day, if any

    def to_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity.entity_id,
            "kind": self.entity.kind,
            "name": self.entity.name,
            "description": self.entity.description,
            "variant": self.variant.variant,
            "tag": self.variant.tag,
            "source": self.variant.source,
            "valid_from": self.variant.valid_from and self.variant.valid_from.isoformat(),
            "valid_to": self.variant.valid_to and self.variant.valid_to.isoformat(),
            "score": round(self.score, 4),
            "exact": self.exact,
            "in_force": self.in_force,
            "name_on": self.name_on,
            "explanation": str(self.explanation),
        }


def default_tables_dir() -> Path:
    """``data/variants`` inside the installed package, or beside ``src/`` in a source tree."""
    installed = Path(__file__).parent / "data" / "variants"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "data" / "variants"


def _read_rows(
    path: Path, columns: Sequence[str], problems: list[str]
) -> list[tuple[int, dict[str, str]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        bad_line = exc.object[: exc.start].count(b"\n") + 1
        problems.append(f"{path}:{bad_line}: not valid UTF-8")
        return []
    except OSError as exc:
        problems.append(f"{path}:0: cannot read ({exc.strerror})")
        return []
    if not lines:
        problems.append(f"{path}:1: empty file: a header row is required")
        return []
    header = lines[0].split("\t")
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


def _date(value: str, where: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)")
        return None


class Gazetteer:
    """Entities and their variants, indexed by key and skeleton.

    >>> gazetteer = Gazetteer.default()
    >>> [m.entity.name for m in gazetteer.lookup("Серікжан Білаш")][:1]
    ['Serikzhan Bilash']
    >>> gazetteer.lookup("Астана", on=date(2020, 1, 1))[0].name_on
    'Nur-Sultan'
    >>> gazetteer.lookup("Nur-Sultan", on=date(2023, 1, 1))[0].name_on
    'Astana'
    """

    def __init__(self, entities: dict[str, Entity], variants: list[Variant]) -> None:
        self.entities = entities
        self.variants = variants
        self.warnings: list[str] = []
        self._by_key: dict[str, list[Variant]] = defaultdict(list)
        self._by_skeleton: dict[str, list[Variant]] = defaultdict(list)
        self._by_entity: dict[str, list[Variant]] = defaultdict(list)
        # Candidates for similarity: variants sharing a token's first two key letters.
        self._by_prefix: dict[str, list[Variant]] = defaultdict(list)
        for variant in variants:
            self._by_entity[variant.entity_id].append(variant)
            for prefix in _prefixes(variant.variant):
                self._by_prefix[prefix].append(variant)
            self._by_key[key(variant.variant)].append(variant)
            self._by_skeleton[skeleton(variant.variant)].append(variant)
        self._warn_collisions()

    @classmethod
    def default(cls) -> Gazetteer:
        """The tables shipped with kznames."""
        return cls.load([], include_default=True)

    @classmethod
    def load(cls, paths: Iterable[Path | str], include_default: bool = True) -> Gazetteer:
        """Load tables: ``entities.tsv`` files give entities, every other file variants.

        Raises :class:`TableError` listing every problem (file and line); nothing is loaded
        then. ``include_default`` adds the shipped tables first.
        """
        files = [Path(p) for p in paths]
        if include_default:
            files = sorted(default_tables_dir().glob("*.tsv")) + files
        problems: list[str] = []
        entities: dict[str, Entity] = {}
        entity_lines: dict[str, str] = {}
        for path in (p for p in files if p.name == "entities.tsv"):
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
                    entities[entity_id] = Entity(
                        entity_id, kind, row["name"], row["description"], row.get("parent", "")
                    )
                    entity_lines[entity_id] = where
        for entity in entities.values():
            if entity.parent and entity.parent not in entities:
                problems.append(
                    f"{entity_lines[entity.entity_id]}: unknown parent {entity.parent!r}"
                )
        tags = set(known_tags())
        variants: list[Variant] = []
        seen: dict[tuple[str, ...], str] = {}
        for path in (p for p in files if p.name != "entities.tsv"):
            for number, row in _read_rows(path, _VARIANT_COLUMNS, problems):
                where = f"{path}:{number}"
                entity_id, text, tag = row["entity_id"], row["variant"], row["tag"]
                if entity_id not in entities:
                    problems.append(f"{where}: unknown entity {entity_id!r}")
                    continue
                if not text:
                    problems.append(f"{where}: empty variant")
                    continue
                if tag not in tags and not _LANGUAGE_TAG.match(tag):
                    problems.append(
                        f"{where}: unknown tag {tag!r} (a scheme tag or a language tag)"
                    )
                    continue
                start = _date(row["valid_from"], where, problems)
                end = _date(row["valid_to"], where, problems)
                if start and end and end <= start:
                    problems.append(f"{where}: valid_to {end} is not after valid_from {start}")
                    continue
                # One spelling may be in force in two periods (Astana 1998-2019, 2022-).
                identity = (entity_id, text, tag, row["valid_from"], row["valid_to"])
                if identity in seen:
                    problems.append(f"{where}: duplicate row (first at {seen[identity]})")
                    continue
                seen[identity] = where
                variants.append(
                    Variant(entity_id, text, tag, start, end, row["source"], str(path), number)
                )
        if problems:
            raise TableError(problems)
        return cls(entities, variants)

    def _warn_collisions(self) -> None:
        for variants in self._by_key.values():
            owners = {v.entity_id for v in variants}
            if len(owners) < 2:
                continue
            by_kind: dict[str, list[Variant]] = defaultdict(list)
            for v in variants:
                by_kind[self.entities[v.entity_id].kind].append(v)
            for same_kind in by_kind.values():
                first = same_kind[0]
                for other in same_kind[1:]:
                    if other.entity_id != first.entity_id:
                        self.warnings.append(
                            f"{other.path}:{other.line}: {other.variant!r} ({other.entity_id}) "
                            f"has the key of {first.variant!r} ({first.entity_id}, "
                            f"{first.path}:{first.line})"
                        )

    def lookup(
        self,
        name: str,
        kind: str | None = None,
        on: date | None = None,
        threshold: float = _LOOKUP_THRESHOLD,
    ) -> list[Match]:
        """The entities ``name`` may refer to, best first: exact key matches, then similar ones.

        With ``on``, a variant in force that day ranks before one that was not.
        """
        if kind is not None and kind not in KINDS:
            raise KznamesError(f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        name_key = key(name)
        candidates = {id(v): v for v in self._by_key.get(name_key, [])}
        candidates |= {id(v): v for v in self._by_skeleton.get(skeleton(name), [])}
        for prefix in _prefixes(name):
            candidates |= {id(v): v for v in self._by_prefix.get(prefix, [])}
        best: dict[str, Match] = {}
        for variant in candidates.values():
            entity = self.entities[variant.entity_id]
            if kind is not None and entity.kind != kind:
                continue
            exact = key(variant.variant) == name_key
            score = similarity(name, variant.variant)
            if not exact and score.value < threshold:
                continue
            in_force = variant.in_force(on) if on is not None else None
            value = 1.0 if exact else score.value
            name_on = self._name_on(entity, on) if on is not None else ""
            match = Match(entity, variant, value, exact, in_force, score.explanation, name_on)
            current = best.get(entity.entity_id)
            if current is None or _rank(match) < _rank(current):
                best[entity.entity_id] = match
        return sorted(best.values(), key=_rank)

    def _name_on(self, entity: Entity, on: date) -> str:
        """The entity's English name in force on ``on``: a dated English variant covering the
        day, else the canonical name."""
        for variant in self._by_entity.get(entity.entity_id, ()):
            dated = variant.valid_from is not None or variant.valid_to is not None
            if variant.tag == "en" and dated and variant.in_force(on):
                return variant.variant
        return entity.name


def _prefixes(name: str) -> set[str]:
    return {t.key[:2] for t in parse(name) if t.kind == "name" and len(t.key) >= 2}


def _rank(match: Match) -> tuple[int, int, float, str]:
    return (
        0 if match.exact else 1,
        0 if match.in_force in (True, None) else 1,
        -match.score,
        match.entity.entity_id,
    )


_default: Gazetteer | None = None


def lookup(name: str, kind: str | None = None, on: date | None = None) -> list[Match]:
    """The shipped gazetteer's entities for ``name``, best first (see :meth:`Gazetteer.lookup`).

    >>> [m.entity.entity_id for m in lookup("Ұйғыр")]
    ['uyghur']
    """
    global _default
    if _default is None:
        _default = Gazetteer.default()
    return _default.lookup(name, kind=kind, on=on)
