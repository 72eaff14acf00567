"""Rebuild ``data/eval/look-alikes-places.tsv`` and ``data/eval/look-alikes-turkic.tsv``: look-alike
pairs of different entities beyond the Russian surnames of ``look-alikes.tsv``.

``make look-alikes`` runs this after ``scripts/gen_look_alikes.py``. Both files have the columns
of ``../shared/eval/dev_negatives.tsv`` (``name_a, name_b, relation, kind, note, source_a,
source_b``); every row is ``different``.

* **places** (``look-alikes-places.tsv``): two entities of one kind in the shipped gazetteer
  (``data/variants/``) with variants that share a match key, whose variant sets share no
  spelling (after case and accent folding) and no fine name key
  (:func:`kznames.names.fine_name_key`), and neither the other's parent. Two towns called Sayram
  (one spelling in both sets) are homonyms, not look-alikes, and are left out; 伽师县 / 和硕县,
  德国 / Dihua, Испания / Uspen are kept. Each pair of entities gives up to
  :data:`PAIRS_PER_ENTITIES` of its colliding spelling pairs, a pair of another script pair first
  (Han against Latin, Cyrillic against Latin), so the set is not Latin against Latin only. Each
  side's source is the table row it comes from (file:line) and that row's own source.
* **Kazakh, Kyrgyz and Uyghur names** (``look-alikes-turkic.tsv``): given names and surnames of
  one kind and gender, attested in the name tables the project ships, at most :data:`MAX_EDITS`
  edits apart, whose fine keys differ both as written and with the Kazakh letters read as
  Russian forms write them (Қасымов / Касымов is one name; Асанов / Қосанов, Есімова /
  Керімова, Айтас / Байтас are two). The key may be equal (Асанов / Усенов): those pairs are
  the ones a key cannot tell apart, and are all kept. The names are those of
  ``data/names/kazakh-names.tsv`` (the kk locale of mimesis), the Kazakh, Kyrgyz and Uyghur rows
  of the name frequency table, and its Russian-written rows (10+ bearers) whose given name, or
  surname stem before -ов/-ев/-ин (-ова/-ева/-ина), is one of those given names (Асанов from
  Асан). A third of the pairs are written as attested, a third with the second in Latin, a
  third both in Latin: names with Kazakh letters by ``anyascii``, Russian spellings by
  ``iuliia``'s Wikipedia schema (never kznames's own schemes). A quarter of the surname pairs
  share one given name of the same gender (Ерлан Асанов / Ерлан Қосанов).

``kznames eval`` splits look-alike pairs into the fit and report halves by the hash of the pair
(:func:`kznames.evaluate.pick_half_pairs`). A place pair whose entity is a group of
``../shared/eval/dev_groups.tsv`` in the other half than the pair's is left out, so that fitting
on the fit half's pairs never reads a report-half entity. Sampling is seeded and the output
sorted: a rebuild from the same tables is byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from kznames.evaluate import half_of, read_groups
from kznames.frequencies import NameFrequency, read_name_frequencies
from kznames.gazetteer import Gazetteer, Variant
from kznames.names import fine_name_key, key
from kznames.phonetic import fine_key
from kznames.scripts import detect_script

ROOT = Path(__file__).resolve().parents[1]
PLACES_OUT = ROOT / "data" / "eval" / "look-alikes-places.tsv"
TURKIC_OUT = ROOT / "data" / "eval" / "look-alikes-turkic.tsv"
KAZAKH_NAMES = ROOT / "data" / "names" / "kazakh-names.tsv"
GROUPS = ROOT.parent / "shared" / "eval" / "dev_groups.tsv"
HEADER = ("name_a", "name_b", "relation", "kind", "note", "source_a", "source_b")
PAIRS_PER_ENTITIES = 3
MAX_EDITS = 2
MIN_COUNT = 10  # the frequency table's own floor for Russian-written names
TURKIC_PAIRS = 2000
SEED = 16
TURKIC_LANGUAGES = ("kk", "ky", "ug")
SURNAME_ENDINGS = ("ова", "ева", "ина", "ов", "ев", "ин")
# Kazakh letters as Russian forms of Kazakh names write them (Қасым: Касым).
RUSSIFIED = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")

Row = tuple[str, str, str, str, str, str, str]


def _hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\t".join(parts).encode("utf-8")).digest()[:4], "big")


def folded(text: str) -> str:
    """Case and accent folded, spaces collapsed (as the eval finds homonyms)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _pair_half(a: str, b: str) -> str:
    return half_of("\t".join(sorted((a, b))))


# -- places ------------------------------------------------------------------------------------


def place_pairs(gazetteer: Gazetteer, group_halves: dict[str, str], root: Path = ROOT) -> list[Row]:
    """The place look-alikes of ``gazetteer`` (see the module docstring); ``group_halves`` maps
    a dev group id to its half (empty: no pair is left out for its half)."""
    spellings: dict[str, set[str]] = defaultdict(set)
    fines: dict[str, set[str]] = defaultdict(set)
    by_key: dict[str, list[Variant]] = defaultdict(list)
    for variant in gazetteer.variants:
        spellings[variant.entity_id].add(folded(variant.variant))
        fines[variant.entity_id].add(fine_name_key(variant.variant))
        variant_key = key(variant.variant)
        if variant_key:
            by_key[variant_key].append(variant)
    colliding: dict[tuple[str, str], list[tuple[Variant, Variant, str]]] = defaultdict(list)
    for variant_key, variants in by_key.items():
        for i, first in enumerate(variants):
            for other in variants[i + 1 :]:
                if first.entity_id == other.entity_id:
                    continue
                a, b = sorted((first, other), key=lambda v: v.entity_id)
                if gazetteer.entities[a.entity_id].kind != gazetteer.entities[b.entity_id].kind:
                    continue
                colliding[(a.entity_id, b.entity_id)].append((a, b, variant_key))
    holders: dict[str, set[str]] = defaultdict(set)
    for variant in gazetteer.variants:
        holders[folded(variant.variant)].add(variant.entity_id)

    def apart(id_a: str, id_b: str) -> bool:
        """Two entities, neither a homonym (one name for both) nor the other's parent (a region
        and its seat are related, not look-alikes)."""
        one, two = gazetteer.entities[id_a], gazetteer.entities[id_b]
        if id_a == id_b or spellings[id_a] & spellings[id_b] or fines[id_a] & fines[id_b]:
            return False
        return one.parent != id_b and two.parent != id_a

    rows: list[Row] = []
    written: set[frozenset[str]] = set()
    for (id_a, id_b), candidates in sorted(colliding.items()):
        one, two = gazetteer.entities[id_a], gazetteer.entities[id_b]
        if not apart(id_a, id_b):
            continue
        for a, b, variant_key in _varied(candidates):
            # A spelling of several entities (Aksu) is a look-alike only if every entity of one
            # spelling is apart from every entity of the other; each spelling pair is written once.
            spelled = frozenset((folded(a.variant), folded(b.variant)))
            of_a, of_b = holders[folded(a.variant)], holders[folded(b.variant)]
            if spelled in written or not all(apart(x, y) for x in of_a for y in of_b):
                continue
            half = _pair_half(a.variant, b.variant)
            ids = {*of_a, *of_b, *one.also, *two.also}
            if any(group_halves.get(i, half) != half for i in ids):
                continue
            written.add(spelled)
            note = (
                f"different {one.kind}s with one match key {variant_key!r}: {id_a} "
                f"({one.description}) and {id_b} ({two.description}); their variants share "
                "no spelling and no fine key"
            )
            rows.append(
                (
                    a.variant,
                    b.variant,
                    "different",
                    one.kind,
                    note,
                    _source(a, root),
                    _source(b, root),
                )
            )
    return sorted(rows)


def _varied(
    candidates: list[tuple[Variant, Variant, str]],
) -> list[tuple[Variant, Variant, str]]:
    """Up to PAIRS_PER_ENTITIES spelling pairs, distinct after folding, in hash order, a pair of
    a script pair not yet taken first (Han against Latin before a second Latin pair)."""
    seen: set[tuple[str, str]] = set()
    distinct = []
    for a, b, variant_key in candidates:
        spelled = (folded(a.variant), folded(b.variant))
        if spelled[0] != spelled[1] and spelled not in seen:
            seen.add(spelled)
            distinct.append((a, b, variant_key))
    distinct.sort(key=lambda c: (_hash(c[0].variant, c[1].variant), c[0].variant, c[1].variant))
    picked: list[tuple[Variant, Variant, str]] = []
    scripts: set[tuple[str, str]] = set()
    for fresh in (True, False):
        for candidate in distinct:
            if len(picked) >= PAIRS_PER_ENTITIES:
                return picked
            pair = (detect_script(candidate[0].variant), detect_script(candidate[1].variant))
            if candidate in picked or (fresh and pair in scripts):
                continue
            picked.append(candidate)
            scripts.add(pair)
    return picked


def _source(variant: Variant, root: Path) -> str:
    path = Path(variant.path)
    where = path.relative_to(root) if path.is_relative_to(root) else path
    return f"{where}:{variant.line} ({variant.entity_id}) {variant.source}"


def group_halves(path: Path) -> dict[str, str]:
    """Each dev group id's half, or nothing when the groups file is not there."""
    if not path.exists():
        print(f"{path} not found: place pairs are not checked against its halves", file=sys.stderr)
        return {}
    return {row.group: half_of(row.group) for row in read_groups(path)}


# -- Kazakh, Kyrgyz and Uyghur names ---------------------------------------------------------


class Name(NamedTuple):
    """One attested name: its spelling, where it is attested, how many bear it (if counted)."""

    name: str
    source: str
    bearers: int | None = None


def kazakh_names(path: Path = KAZAKH_NAMES) -> list[tuple[str, str, str, str]]:
    """(name, kind, gender, source) of the given names and surnames of ``kazakh-names.tsv``."""
    out = []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) >= 4 and fields[1] in ("given", "surname") and fields[2] in ("m", "f"):
            out.append((fields[0], fields[1], fields[2], fields[3]))
    return out


def turkic_names(
    listed: Iterable[tuple[str, str, str, str]], rows: Iterable[NameFrequency]
) -> dict[tuple[str, str], dict[str, Name]]:
    """(kind, gender) -> name -> :class:`Name`: the Kazakh names of ``listed``, the Kazakh,
    Kyrgyz and Uyghur rows with a gender, and the Russian-written rows (MIN_COUNT+ bearers)
    whose given name or surname stem is one of their given names (as Russian forms write it).

    >>> rows = [NameFrequency("Асанов", "asanov", "ru", "surname", "m", 89, None, "t"),
    ...         NameFrequency("Иванов", "ivanov", "ru", "surname", "m", 900, None, "t")]
    >>> names = turkic_names([("Асан", "given", "m", "k")], rows)
    >>> sorted(names[("surname", "m")]), sorted(names[("given", "m")])
    (['Асанов'], ['Асан'])
    """
    rows = list(rows)
    groups: dict[tuple[str, str], dict[str, Name]] = defaultdict(dict)
    for name, kind, gender, source in listed:
        groups[(kind, gender)].setdefault(name, Name(name, source))
    for row in rows:
        if row.language in TURKIC_LANGUAGES and row.gender in ("m", "f") and " " not in row.name:
            groups[(row.kind, row.gender)].setdefault(row.name, Name(row.name, row.source))
    stems = {
        name.translate(RUSSIFIED)
        for (kind, _), names in groups.items()
        if kind == "given"
        for name in names
    }
    for row in rows:
        if row.language != "ru" or row.gender not in ("m", "f") or (row.count or 0) < MIN_COUNT:
            continue
        if row.kind == "given":
            turkic = row.name in stems
        else:
            ending = next((e for e in SURNAME_ENDINGS if row.name.endswith(e)), "")
            turkic = bool(ending) and row.name[: -len(ending)] in stems
        if turkic:
            groups[(row.kind, row.gender)].setdefault(
                row.name, Name(row.name, row.source, row.count)
            )
    return groups


def distinct_names(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are two names, not two spellings of one: their fine keys differ
    as written and with the Kazakh letters read as Russian forms write them.

    >>> distinct_names("Асанов", "Усенов"), distinct_names("Қасымов", "Касымов")
    (True, False)
    """
    if fine_key(a) == fine_key(b):
        return False
    return fine_key(a.translate(RUSSIFIED)) != fine_key(b.translate(RUSSIFIED))


def close_name_pairs(names: dict[str, Name]) -> list[tuple[str, str, int]]:
    """Pairs of ``names`` within MAX_EDITS edits that are :func:`distinct_names`: names that
    share a form with up to MAX_EDITS letters deleted (symmetric deletion; two substitutions,
    Асанов / Усенов, need two deletions on each side), confirmed by the Levenshtein distance."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for name in names:
        forms = {name.lower()}
        for _ in range(MAX_EDITS):
            forms |= {f[:i] + f[i + 1 :] for f in forms for i in range(len(f))}
        for form in forms:
            neighbours[form].add(name)
    found: set[tuple[str, str, int]] = set()
    for members in neighbours.values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                edits = Levenshtein.distance(a.lower(), b.lower())
                if edits <= MAX_EDITS and distinct_names(a, b):
                    found.add((a, b, edits))
    return sorted(found)


def _kazakh_letters(text: str) -> bool:
    return any(c in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for c in text)


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def latin_renderer() -> Callable[[str], str]:
    """Latin for a Cyrillic name: ``anyascii`` where it has Kazakh letters, else ``iuliia``'s
    Wikipedia schema (the fit extra's packages, imported here only)."""
    import anyascii
    import iuliia

    def render(text: str) -> str:
        if not _cyrillic(text):
            return text
        if _kazakh_letters(text):
            return str(anyascii.anyascii(text))
        return str(iuliia.WIKIPEDIA.translate(text))

    return render


def turkic_pairs(
    groups: dict[tuple[str, str], dict[str, Name]], latin: Callable[[str], str]
) -> list[Row]:
    """The name look-alikes (see the module docstring): every pair whose keys are equal and a
    seeded sample of the others, TURKIC_PAIRS in all, written three ways."""
    rng = random.Random(SEED)
    given_pool = {gender: sorted(groups.get(("given", gender), {})) for gender in ("m", "f")}
    equal: list[tuple[str, str, str, str, int]] = []
    other: list[tuple[str, str, str, str, int]] = []
    for (kind, gender), names in sorted(groups.items()):
        for a, b, edits in close_name_pairs(names):
            (equal if key(a) == key(b) else other).append((kind, gender, a, b, edits))
    rng.shuffle(other)
    rows: list[Row] = []
    for kind, gender, a, b, edits in equal + other[: max(0, TURKIC_PAIRS - len(equal))]:
        na, nb = groups[(kind, gender)][a], groups[(kind, gender)][b]
        first, second, how = _written(a, b, latin)
        what = "surnames" if kind == "surname" else "given names"
        counts = ", ".join(
            f"{n.name} {n.bearers} bearers" for n in (na, nb) if n.bearers is not None
        )
        keys = "one match key" if key(a) == key(b) else "match keys differ"
        note = f"different {what} ({gender}), {edits} edit(s) apart, {keys}"
        note += f"; {counts}" if counts else ""
        note += f"; {how}"
        pool = given_pool[gender]
        if kind == "surname" and pool and _hash(b, a) % 4 == 0:
            given = pool[_hash(a, b, "given") % len(pool)]
            first = f"{given if _cyrillic(first) else latin(given)} {first}"
            second = f"{given if _cyrillic(second) else latin(given)} {second}"
            note += "; one shared given name"
        rows.append((first, second, "different", "person", note, na.source, nb.source))
    return sorted(rows)


def _written(a: str, b: str, latin: Callable[[str], str]) -> tuple[str, str, str]:
    way = _hash(a, b) % 3
    if way == 1:
        return a, latin(b), "second in Latin (anyascii for Kazakh letters, else iuliia Wikipedia)"
    if way == 2:
        return latin(a), latin(b), "both in Latin (anyascii for Kazakh letters, else iuliia)"
    return a, b, "as attested"


def write(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join("\t".join(row) + "\n" for row in rows)
    path.write_text("\t".join(HEADER) + "\n" + body, encoding="utf-8")
    print(f"{path}: {len(rows)} pairs", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--places", type=Path, default=PLACES_OUT)
    parser.add_argument("--turkic", type=Path, default=TURKIC_OUT)
    parser.add_argument("--groups", type=Path, default=GROUPS)
    args = parser.parse_args(argv)
    write(args.places, place_pairs(Gazetteer.default(), group_halves(args.groups)))
    groups = turkic_names(kazakh_names(), read_name_frequencies())
    write(args.turkic, turkic_pairs(groups, latin_renderer()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
