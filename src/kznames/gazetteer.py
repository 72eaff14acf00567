"""The gazetteer: known entities and every attested spelling of their names.

Concepts owned here:

* **entity** — one person, place, organisation or people (entity tables: id, kind, canonical
  English name, one-line description, optional parent entity).
* **variant** — one attested spelling of an entity's name (variant tables: entity id,
  spelling, scheme or language tag, the dates it was in force, and where it is attested).
* **tables** — the shipped ``data/variants/`` and any user tables in the same format, told apart
  by their header: entity tables (a ``kind`` column), homonyms tables (``entity_id``,
  ``other_id``, ``reason``: two entities known to share a key, and why they are distinct) and
  variant tables. A table with a problem (unknown entity, kind or tag, a bad or reversed date, a
  duplicate row, a missing header) is refused whole, with every problem reported by file and
  line (reading and checking them is :mod:`kznames.gazetteer_tables`' job). A variant whose key
  is also another entity's variant of the same kind is loaded with a warning naming both, unless
  a homonyms table explains the pair.
* **prominence** — how well known an entity is, from optional entity-table columns: ``rank``
  (``country``, ``capital``, ``seat`` of a region or prefecture, ``region``, ``prefecture``,
  ``county-seat``) and ``population``. Among candidates of one key equally spelled, the more
  prominent ranks first (Hotan the city before a village with a Hotan among its names).
* **identity** — an entity table's optional ``also`` column lists the ids of duplicate records
  merged into the entity (GeoNames' two records of Ghulja): a table may still name the entity by
  any of them.
* **lookup** — a name's entities, ranked: variants sharing its key first, then variants above a
  similarity threshold; with ``on=date`` a variant in force that day ranks before others.
  Lookup and identify read similarity's hand-set ``alignment`` (how alike the letters are), not
  its ``value`` (the match model's probability that two names are one entity): the model is fit
  on names of one kind against each other, and a person's name against a place of one loosely
  similar word has a probability of 0.65 (Serikjan Bilash / Сарқан) but an alignment of 0.57.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from ._args import require_str
from ._memo import short_inputs_cache
from .errors import KznamesError
from .gazetteer_tables import KINDS as KINDS
from .gazetteer_tables import RANKS as RANKS
from .gazetteer_tables import Entity as Entity
from .gazetteer_tables import TableError as TableError
from .gazetteer_tables import Variant as Variant
from .gazetteer_tables import default_tables_dir as default_tables_dir
from .gazetteer_tables import iso_date as iso_date
from .gazetteer_tables import read_tables
from .names import key, level_of, parse, skeleton
from .score import (
    DEFAULT_THRESHOLD,
    LINK_THRESHOLD,
    Explanation,
    Score,
    alignment_score,
    similarity,
)
from .scripts import detect_language, detect_script

__all__ = [
    "Entity",
    "Gazetteer",
    "Match",
    "TableError",
    "Variant",
    "default_tables_dir",
    "lookup",
]

PROMINENT_POPULATION: Final = 50_000
# Variants not sharing the name's key that are compared with ``similarity`` (the nearest by key
# letter pairs): bounds a lookup's cost whatever the size of the tables.
_SIMILARITY_CANDIDATES: Final = 24
# identify() needs a name whose key has this many letters or fewer spelled as a variant is.
_SPELLED_KEY: Final = 4
# identify() names an entity only if it is this much more similar than the next candidate.
_IDENTIFY_MARGIN: Final = 0.1
# Among key matches, those whose spelling aligns with the name this well rank before the others,
# whatever their prominence: a key is coarse (阿特劳 shares Италия's, Эмин Yemen's), and a
# country must not take a town's own name from it.
_CLOSE_ALIGNMENT: Final = 0.95


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
    literal: bool = False  # the variant is spelled as the name asked for (up to case and NFC)
    # similarity(name, variant).alignment, which ``score`` rounds up to 1 if exact
    similarity: float = 0.0
    # The variant is an alternate name of unattributed language (an ``und-*`` tag: GeoNames'
    # alternate names) that is not a spelling of the entity's own name (GeoNames lists 'Ili'
    # among the names of the town Konayev): see ``_ordered``.
    borrowed: bool = False
    # The level word the variant is written with and the name without (Region: Jambyl finds
    # 'Jambyl Region' by the key of 'Jambyl'), or "": see ``keydata/levels.tsv``.
    level: str = ""

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
            "literal": self.literal,
            "similarity": round(self.similarity, 4),
            "in_force": self.in_force,
            "borrowed": self.borrowed,
            "level": self.level,
            "name_on": self.name_on,
            "explanation": str(self.explanation),
        }


class Gazetteer:
    """Entities and their variants, indexed by key and skeleton.

    >>> gazetteer = Gazetteer.default()
    >>> gazetteer.lookup("Серікжан Білаш")[0].entity.name
    'Serikzhan Bilash'
    >>> gazetteer.lookup("Астана", on=date(2020, 1, 1))[0].name_on
    'Nur-Sultan'
    >>> gazetteer.lookup("Nur-Sultan", on=date(2023, 1, 1))[0].name_on
    'Astana'
    """

    def __init__(
        self,
        entities: dict[str, Entity],
        variants: list[Variant],
        homonyms: dict[frozenset[str], str] | None = None,
    ) -> None:
        self.entities = entities
        self.variants = variants
        self.homonyms = dict(homonyms or {})
        # Ids of merged duplicate records → the entity they are part of.
        self.aliases = {other: e.entity_id for e in entities.values() for other in e.also}
        # The shipped tables and nothing else (set by ``default``): a worker process can load
        # them from its own installation instead of receiving a copy.
        self.shipped = False
        # Key collisions between entities of one kind: unexplained ones are warnings, those a
        # homonyms table accounts for are kept with its reason.
        self.warnings: list[str] = []
        self.explained: list[str] = []
        self._by_key: dict[str, list[Variant]] = defaultdict(list)
        self._by_skeleton: dict[str, list[Variant]] = defaultdict(list)
        # Variants written with a level word (Jambyl Region, Жамбыл облысы, 阿拉木图州), by the
        # key of the name without it, with that name and the level.
        self._by_bare_key: dict[str, list[tuple[Variant, str, str]]] = defaultdict(list)
        self._by_entity: dict[str, list[Variant]] = defaultdict(list)
        # Candidates for similarity: variants sharing a token's first two key letters.
        self._by_prefix: dict[str, list[Variant]] = defaultdict(list)
        # Each spelling's match key, by the spelling (a value: the indexes survive a copy).
        self._keys: dict[str, str] = {}
        for variant in variants:
            self._by_entity[variant.entity_id].append(variant)
            for prefix in _prefixes(variant.variant):
                self._by_prefix[prefix].append(variant)
            variant_key = self._keys.get(variant.variant)
            if variant_key is None:
                variant_key = self._keys[variant.variant] = key(variant.variant)
            self._by_key[variant_key].append(variant)
            self._by_skeleton[skeleton(variant.variant)].append(variant)
            written = level_of(variant.variant)
            if written is not None:
                bare, level = written
                self._by_bare_key[key(bare)].append((variant, bare, level))
        self._warn_collisions()

    @classmethod
    def default(cls) -> Gazetteer:
        """The tables shipped with kznames."""
        gazetteer = cls.load([], include_default=True)
        gazetteer.shipped = True
        return gazetteer

    @classmethod
    def load(cls, paths: Iterable[Path | str], include_default: bool = True) -> Gazetteer:
        """Load tables: entity tables (header with ``kind``), homonyms tables (header with
        ``other_id``) and variant tables, in any order.

        Raises :class:`TableError` listing every problem (file and line); nothing is loaded
        then. ``include_default`` adds the shipped tables first.
        """
        return cls(*read_tables(paths, include_default))

    def collisions(self) -> list[tuple[Variant, Variant]]:
        """Pairs of variants of two entities of one kind that share a key, one pair per two
        entities and key, in table order."""
        pairs: list[tuple[Variant, Variant]] = []
        for variants in self._by_key.values():
            if len({v.entity_id for v in variants}) < 2:
                continue
            by_kind: dict[str, list[Variant]] = defaultdict(list)
            for v in variants:
                by_kind[self.entities[v.entity_id].kind].append(v)
            for same_kind in by_kind.values():
                reported: set[frozenset[str]] = set()
                for i, first in enumerate(same_kind):
                    for other in same_kind[i + 1 :]:
                        pair = frozenset((first.entity_id, other.entity_id))
                        if len(pair) == 2 and pair not in reported:
                            reported.add(pair)
                            pairs.append((first, other))
        return pairs

    def prominent_collisions(self) -> list[tuple[Variant, Variant]]:
        """Key collisions (see :meth:`collisions`) between two prominent entities, spelled
        differently: a reader may mean either, and only similarity tells them apart.

        >>> pairs = Gazetteer.default().prominent_collisions()
        >>> all(a.variant.casefold() != b.variant.casefold() for a, b in pairs)
        True
        """
        return [
            (first, other)
            for first, other in self.collisions()
            if _spelling(first.variant) != _spelling(other.variant)
            and prominent(self.entities[first.entity_id])
            and prominent(self.entities[other.entity_id])
        ]

    def _warn_collisions(self) -> None:
        for first, other in self.collisions():
            message = (
                f"{other.path}:{other.line}: {other.variant!r} ({other.entity_id}) "
                f"has the key of {first.variant!r} ({first.entity_id}, "
                f"{first.path}:{first.line})"
            )
            reason = self.homonyms.get(frozenset((first.entity_id, other.entity_id)))
            if reason is None:
                self.warnings.append(message)
            else:
                self.explained.append(f"{message}: {reason}")

    def lookup(
        self,
        name: str,
        kind: str | None = None,
        on: date | None = None,
        threshold: float = LINK_THRESHOLD,
        similar: bool = True,
    ) -> list[Match]:
        """The entities ``name`` may refer to, best first: exact key matches, then similar ones.

        With ``on``, a variant in force that day ranks before one that was not. Among exact
        matches alike spelled, the more prominent entity ranks first (``Entity.prominence``).
        ``similar=False`` leaves out the similar ones (cheaper; the first match is the same
        whenever some variant shares the key). A variant written with a level word
        (``keydata/levels.tsv``) is also an exact match of its bare name: Kashgar finds Kashgar
        Prefecture, Jambyl Jambyl Region (``Match.level``).

        >>> found = Gazetteer.default().lookup("Kashgar", similar=False)
        >>> found[0].entity.name, found[1].entity.name, found[1].level
        ('Kashgar', 'Kashgar Prefecture', 'prefecture')
        """
        if kind is not None and kind not in KINDS:
            raise KznamesError(f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        name_key = key(require_str("name", name))
        spelled = _spelling(name)
        best: dict[str, Match] = {}

        def consider(
            variant: Variant, exact: bool, score: Score, bare: str = "", level: str = ""
        ) -> None:
            entity = self.entities[variant.entity_id]
            in_force = variant.in_force(on) if on is not None else None
            name_on = self._name_on(entity, on) if on is not None else ""
            # A name found without its level word counts as spelled as asked when its bare name
            # is (Jambyl: Jambyl Region), whatever a village of that name is called.
            literal = _spelling(bare or variant.variant) == spelled
            value = 1.0 if exact else score.alignment
            match = Match(
                entity,
                variant,
                value,
                exact,
                in_force,
                score.explanation,
                name_on,
                literal,
                score.alignment,
                self._borrowed(variant, entity),
                level,
            )
            current = best.get(entity.entity_id)
            if current is None or _rank(match) < _rank(current):
                best[entity.entity_id] = match

        # Variants sharing the key: one similarity per entity, for the variant that ranks best
        # without it (spelled as asked, in force), so that a key shared by many spellings of
        # one entity costs one comparison.
        per_entity: dict[str, list[Variant]] = defaultdict(list)
        for variant in self._by_key.get(name_key, []):
            if kind is None or self.entities[variant.entity_id].kind == kind:
                per_entity[variant.entity_id].append(variant)
        # A key match that similarity rejects (the key joined two different names, Ұйғыр and
        # Axi'er) is dropped: the key proposes candidates, similarity has the last word.
        script = detect_script(name) if per_entity else ""
        for variants in per_entity.values():
            chosen = min(variants, key=lambda v: _prefer(v, spelled, on, script))
            score = similarity(name, chosen.variant)
            if score.alignment >= DEFAULT_THRESHOLD:
                consider(chosen, True, score)
        # Entities written with a level word whose bare name shares the key (Jambyl: Jambyl
        # Region), compared on the bare name; ``consider`` keeps an entity's better match.
        written: dict[str, list[tuple[Variant, str, str]]] = defaultdict(list)
        for variant, bare, level in self._by_bare_key.get(name_key, []):
            entity_id = variant.entity_id
            if kind is None or self.entities[entity_id].kind == kind:
                written[entity_id].append((variant, bare, level))
        if written and not script:
            script = detect_script(name)
        for options in written.values():
            chosen, bare, level = min(
                options, key=lambda o: _prefer(o[0], spelled, on, script, o[1])
            )
            score = similarity(name, bare)
            if score.alignment >= DEFAULT_THRESHOLD:
                consider(chosen, True, score, bare, level)
        if not similar:
            return _ordered(best.values())
        # Others: the closest few by key letter pairs, then similarity above the threshold.
        # Variants are values (frozen): a dict of them keeps each once, in the order met.
        others: dict[Variant, None] = {
            v: None
            for v in self._by_skeleton.get(skeleton(name), [])
            if self._keys[v.variant] != name_key
        }
        for prefix in _prefixes(name):
            for variant in self._by_prefix.get(prefix, ()):
                if self._keys[variant.variant] != name_key:
                    others[variant] = None
        if kind is not None:
            others = {v: None for v in others if self.entities[v.entity_id].kind == kind}
        pairs = _letter_pairs(name_key)
        keys = self._keys
        nearest = sorted(
            others,
            key=lambda v: (-_dice(pairs, _letter_pairs(keys[v.variant])), v.entity_id, v.line),
        )[:_SIMILARITY_CANDIDATES]
        for variant in nearest:
            if variant.entity_id in best and best[variant.entity_id].exact:
                continue
            score = similarity(name, variant.variant)
            if score.alignment >= threshold:
                consider(variant, False, score)
        return _ordered(best.values())

    def _borrowed(self, variant: Variant, entity: Entity) -> bool:
        """Whether ``variant`` is an alternate name of unattributed language (``und-*``) that is
        not a spelling of the entity's own name (another key, and an alignment with it below
        ``LINK_THRESHOLD``): a name the entity borrows (Konayev's 'Ili', Bole's 'Bortala',
        Taraz's old 'Talas'), not a spelling of its name (Samarkand's 'Samarqand', Karagandy's
        'Karaganda')."""
        if not variant.tag.startswith("und"):
            return False
        if self._keys[variant.variant] == key(entity.name):  # key() is memoised
            return False
        return alignment_score(variant.variant, entity.name) < LINK_THRESHOLD

    def keys(self) -> frozenset[str]:
        """The match keys of every variant."""
        return frozenset(self._by_key)

    def identify(self, name: str, kind: str | None = None) -> Entity | None:
        """The one entity ``name`` is a spelling of, or None.

        Candidates are the entities with a variant sharing the name's key and similar enough to
        be the same name (similarity's ``alignment`` from ``DEFAULT_THRESHOLD``); the best is the
        answer only if it is clearly better than the next (by 0.1), or, at equal alignment,
        the only prominent place among minor ones (``prominent``: the city of Kashgar beside
        three villages GeoNames also calls Kashgar or Kashi), or attested by at least twice as
        many variants (the region Xinjiang beside a village of that name). Otherwise homonyms
        (two prominent towns called Aksu) identify nothing. Cheap when the
        key is unknown: no similarity is computed.

        >>> Gazetteer.default().identify("Alma-Ata").name
        'Almaty'
        >>> Gazetteer.default().identify("Aksu") is None
        True
        >>> Gazetteer.default().identify("Kashgar").entity_id
        'gn1280849'
        >>> Gazetteer.default().identify("ok") is None  # a key of two letters: spelling only
        True
        >>> Gazetteer.default().identify("Достык").entity_id  # Kazakh Достық in Russian letters
        'gn1524537'
        """
        name_key = key(name)
        variants = self._by_key.get(name_key)
        if not variants:
            return None
        # A key of four letters or fewer says too little to name an entity by sound alone ("ok"
        # shares the key of Oix, a Latin spelling of Osh; Иван that of Ewen, a pinyin reading
        # of 俄文): such a name must be spelled as a variant is, or as a variant of its script
        # is written in the name's language (Kazakh Достық in Russian letters: Достык).
        short = len(name_key.replace(" ", "")) <= _SPELLED_KEY
        spelled = _spelling(name) if short else None
        name_scheme = _scheme_of(name) if short else None
        best: dict[str, float] = {}
        for variant in variants:
            entity = self.entities[variant.entity_id]
            if kind is not None and entity.kind != kind:
                continue
            if spelled is not None and not _spelled_alike(variant, spelled, name_scheme):
                continue
            if best.get(entity.entity_id, 0.0) >= 1.0:
                continue
            value = alignment_score(name, variant.variant)
            if value >= DEFAULT_THRESHOLD and value > best.get(entity.entity_id, 0.0):
                best[entity.entity_id] = value
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _IDENTIFY_MARGIN:
            tied = [e for e, value in ranked if ranked[0][1] - value < _IDENTIFY_MARGIN]
            # A people and its language share a name (Uyghur): the bare name is the people,
            # the language being written with its designator (Uyghur language, ұйғыр тілі).
            named = [e for e in tied if self.entities[e].kind != "other"]
            if named and len(named) < len(tied):
                tied = named
            # Then the one spelled as asked (Kazakh the people, not 哈薩克 the country).
            as_written = _spelling(name)
            literal = [
                e
                for e in tied
                if any(_spelling(v.variant) == as_written for v in self._by_entity[e])
            ]
            if len(literal) == 1:
                tied = literal
            if len(tied) == 1:
                return self.entities[tied[0]]
            # Then a prominence prior: the one prominent place among minor ones (the city of
            # Kashgar, not Shule, Kax or Chapchal, which GeoNames also calls so); two prominent
            # places (Aksu city, Wensu) stay homonyms.
            major = [e for e in tied if prominent(self.entities[e])]
            if len(major) == 1:
                return self.entities[major[0]]
            attested = sorted(((len(self._by_entity[e]), e) for e in tied), reverse=True)
            if attested[0][0] < 2 * attested[1][0]:
                return None
            return self.entities[attested[0][1]]
        return self.entities[ranked[0][0]]

    def _name_on(self, entity: Entity, on: date) -> str:
        """The entity's English name in force on ``on``: a dated English variant covering the
        day, else the canonical name."""
        for variant in self._by_entity.get(entity.entity_id, ()):
            dated = variant.valid_from is not None or variant.valid_to is not None
            if variant.tag == "en" and dated and variant.in_force(on):
                return variant.variant
        return entity.name


def prominent(entity: Entity) -> bool:
    """A place of 50,000 people or more, or of any rank but a county seat (a country, a
    capital, a region's or prefecture's seat, a region, a prefecture).

    >>> prominent(Entity("x", "place", "X", "", rank="seat"))
    True
    >>> prominent(Entity("x", "place", "X", "", rank="county-seat", population=20_000))
    False
    """
    return entity.population >= PROMINENT_POPULATION or entity.rank in RANKS[:-1]


def _prefixes(name: str) -> set[str]:
    return {t.key[:2] for t in parse(name) if t.kind == "name" and len(t.key) >= 2}


def _rank(match: Match) -> tuple[int, int, int, int, float, int, int, float, str]:
    # Among matches of one key alike spelled (aligned as closely: ``_CLOSE_ALIGNMENT``), the
    # better-known entity first (prominence); a similar-only match is ranked by its score
    # before prominence.
    tier, population = match.entity.prominence
    return (
        0 if match.exact else 1,
        0 if match.in_force in (True, None) else 1,
        0 if match.literal else 1,
        0 if match.similarity >= _CLOSE_ALIGNMENT else 1,
        -match.score,
        -tier,
        -population,
        -match.similarity,
        match.entity.entity_id,
    )


def _ordered(matches: Iterable[Match]) -> list[Match]:
    """Matches best first (``_rank``), except that a borrowed name (``Match.borrowed``) ranks
    after the other matches spelled as alike when a prominent entity carries it as its own:
    'Ili' is the Ili Kazakh Autonomous Prefecture's English name and an alternate name GeoNames
    gives the town Konayev, so the prefecture comes first although a region's seat ranks above
    a prefecture. Only a prominent owner does this: the village Kyzylzhar's Kazakh name does not
    put it before Petropavl, whose old Kazakh name Qyzyljar is."""
    ranked = sorted(matches, key=_rank)
    owned = {_rank(m)[:4] for m in ranked if m.exact and not m.borrowed and prominent(m.entity)}
    if not owned:
        return ranked
    return sorted(ranked, key=lambda m: (*_rank(m)[:4], m.borrowed and _rank(m)[:4] in owned))


def _spelling(text: str) -> str:
    """A spelling compared letter for letter: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _scheme_of(name: str) -> str | None:
    """The scheme a Cyrillic or Arabic-script name is written in, by its letters (``ru-Cyrl``,
    ``kk-Cyrl``, ``ug-Arab``), or None: a Latin name may be any romanization, a Chinese one
    has no letters to compare.

    >>> _scheme_of("Достык"), _scheme_of("Достық"), _scheme_of("Dostyk")
    ('ru-Cyrl', 'kk-Cyrl', None)
    """
    script = detect_script(name)
    if script not in ("Cyrl", "Arab"):
        return None
    language = detect_language(name)
    return f"{language}-{script}" if language else None


def _spelled_alike(variant: Variant, spelled: str, name_scheme: str | None) -> bool:
    """``variant`` spelled as ``spelled`` (:func:`_spelling`), or, written in another scheme of
    the same script, spelled so once written in the name's scheme (``name_scheme``): Kazakh
    Достық is Russian Достык, where Иван stays apart from Ewen, a pinyin reading of 俄文."""
    if _spelling(variant.variant) == spelled:
        return True
    if name_scheme is None or variant.tag == name_scheme or variant.tag.startswith("und"):
        return False  # (a variant of no stated language has no scheme to be read by)
    if not variant.tag.endswith(name_scheme[name_scheme.index("-") :]):
        return False  # another script: a short key says too little across scripts
    from .translit import transliterate_text

    try:
        written = transliterate_text(variant.variant, name_scheme, variant.tag)
    except KznamesError:
        return False  # no scheme writes the variant's language in the name's
    return _spelling(written) == spelled


def _prefer(
    variant: Variant, spelled: str, on: date | None, script: str, bare: str = ""
) -> tuple[int, int, int, int, int]:
    """The variant of an entity compared with a name of its key: in force, spelled as the name,
    then written in the name's script (Khorgas with Korgas, not Хоргос), then one of a known
    language or scheme before an unattributed alternate (``und-*``), then the first. With
    ``bare``, the variant is compared as that name without its level word."""
    in_force = on is None or variant.in_force(on)
    written = bare or variant.variant
    return (
        0 if in_force else 1,
        0 if _spelling(written) == spelled else 1,
        0 if detect_script(written) == script else 1,
        1 if variant.tag.startswith("und") else 0,
        variant.line,
    )


@short_inputs_cache()
def _letter_pairs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


_default: Gazetteer | None = None


def lookup(name: str, kind: str | None = None, on: date | None = None) -> list[Match]:
    """The shipped gazetteer's entities for ``name``, best first (see :meth:`Gazetteer.lookup`).

    >>> for match in lookup("Ұйғыр"):
    ...     print(match.entity.entity_id, match.entity.kind)
    uyghur people
    lang-ug other
    """
    global _default
    if _default is None:
        _default = Gazetteer.default()
    return _default.lookup(name, kind=kind, on=on)
