"""Rebuild ``data/eval/look-alikes.tsv``: pairs of attested, distinct names that look alike.

``make look-alikes`` runs this. The pairs come from the name frequency table
(``src/kznames/namedata/name-frequencies.tsv.gz``, see docs/name-data.md):

* ``different``: two names of one kind (surname or given name), one language and one gender,
  both attested — in the counted tables with at least :data:`MIN_COUNT` bearers each — whose
  spellings are at most two edits apart (Токарев / Токаев, Асанов / Хасанов) and whose match
  keys differ (a pair the key already equates is taken for two spellings of one name, as
  Жумабаев / Джумабаев are, and left out). Distinct registered spellings borne by many people
  each are two names, so two people.
* ``related``: the masculine and feminine forms of one surname (Назарбаев / Назарбаева), both
  attested: related people, not one.

So that the set is not only Cyrillic against Cyrillic, each pair is written in one of three ways
chosen by the hash of the pair: both as attested, the second in Latin, or both in Latin. Latin is
the Wikipedia romanization of ``iuliia`` (not kznames's own schemes, so the set does not measure
the rules against themselves). A quarter of the pairs are prefixed with one shared common given
name of the same gender (Асанов / Хасанов -> Ерлан Асанов / Ерлан Хасанов), as a dedup sees them.
Sampling is seeded; the output is sorted, so a rebuild from the same table is byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import defaultdict
from pathlib import Path

import iuliia
from rapidfuzz.distance import Levenshtein

from kznames.frequencies import NameFrequency, read_name_frequencies

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "eval" / "look-alikes.tsv"
HEADER = ("name_a", "name_b", "relation", "kind", "note", "source_a", "source_b")
MIN_COUNT = 100
MAX_EDITS = 2
DIFFERENT = 3000
RELATED = 500
SEED = 16


def _hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\t".join(parts).encode("utf-8")).digest()[:4], "big")


def _eligible(rows: list[NameFrequency]) -> dict[tuple[str, str, str], dict[str, NameFrequency]]:
    """(language, kind, gender) -> name -> row: counted names with enough bearers, and the
    uncounted lists (attested by a locale's name list) of languages without counts."""
    groups: dict[tuple[str, str, str], dict[str, NameFrequency]] = defaultdict(dict)
    for row in rows:
        counted = row.count is not None and row.count >= MIN_COUNT
        listed = row.count is None and row.language != "ru" and row.gender
        if (counted or listed) and row.key and " " not in row.key:
            groups[(row.language, row.kind, row.gender)].setdefault(row.name, row)
    return groups


def _close_pairs(names: dict[str, NameFrequency]) -> list[tuple[str, str, int]]:
    """Pairs within MAX_EDITS edits: names sharing a one-deletion neighbour (symmetric deletion
    finds every pair within two edits), confirmed by the Levenshtein distance."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for name in names:
        low = name.lower()
        neighbours[low].add(name)
        for i in range(len(low)):
            neighbours[low[:i] + low[i + 1 :]].add(name)
    found: set[tuple[str, str, int]] = set()
    for members in neighbours.values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if names[a].key == names[b].key:
                    continue
                edits = Levenshtein.distance(a.lower(), b.lower())
                if edits <= MAX_EDITS:
                    found.add((a, b, edits))
    return sorted(found)


def _latin(name: str) -> str:
    return str(iuliia.WIKIPEDIA.translate(name)) if _cyrillic(name) else name


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def _written(a: str, b: str) -> tuple[str, str, str]:
    way = _hash(a, b) % 3
    if way == 1 and _cyrillic(b):
        return a, _latin(b), "second in Latin (iuliia Wikipedia)"
    if way == 2 and (_cyrillic(a) or _cyrillic(b)):
        return _latin(a), _latin(b), "both in Latin (iuliia Wikipedia)"
    return a, b, "as attested"


def build(rows: list[NameFrequency]) -> list[tuple[str, ...]]:
    rng = random.Random(SEED)
    groups = _eligible(rows)
    given_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (language, kind, gender), names in groups.items():
        if kind == "given":
            common = sorted(names.values(), key=lambda r: (-(r.count or 0), r.name))[:50]
            given_names[(language, gender)] = [r.name for r in common]
    different: list[tuple[str, ...]] = []
    for (language, kind, gender), names in sorted(groups.items()):
        for a, b, edits in _close_pairs(names):
            ra, rb = names[a], names[b]
            counts = f"{ra.count} and {rb.count} bearers" if ra.count and rb.count else "listed"
            what = "surnames" if kind == "surname" else "given names"
            note = f"different {what} ({language}, {gender}), {edits} edit(s) apart; {counts}"
            different.append((a, b, "different", "person", note, ra.source, rb.source, language))
    rng.shuffle(different)
    related: list[tuple[str, ...]] = []
    for (language, kind, gender), names in sorted(groups.items()):
        if kind != "surname" or gender != "m":
            continue
        feminine = groups.get((language, kind, "f"), {})
        for name, row in sorted(names.items()):
            # The feminine form adds a Latin or a Cyrillic a (Abbasov/Abbasova, Асанов/Асанова).
            other = feminine.get(name + "a") or feminine.get(name + "а")
            if other is None:
                continue
            note = f"masculine and feminine forms of one surname ({language})"
            sources = (row.source, other.source)
            related.append((name, other.name, "related", "person", note, *sources, language))
    rng.shuffle(related)
    out: list[tuple[str, ...]] = []
    for a, b, relation, kind, note, source_a, source_b, language in (
        different[:DIFFERENT] + related[:RELATED]
    ):
        wa, wb, how = _written(a, b)
        prefix = ""
        if _hash(b, a) % 4 == 0 and relation == "different" and "surnames" in note:
            gender = "f" if note.split(", ")[1].endswith("f)") else "m"
            pool = given_names.get((language, gender)) or given_names.get(("ru", gender), [])
            if pool:
                prefix = pool[_hash(a, b, "given") % len(pool)]
                if _cyrillic(prefix) and not _cyrillic(wa):
                    prefix = _latin(prefix)
        first = f"{prefix} {wa}" if prefix else wa
        second_prefix = _latin(prefix) if prefix and not _cyrillic(wb) else prefix
        second = f"{second_prefix} {wb}" if prefix else wb
        written = f"{note}; {how}" + ("; one shared given name" if prefix else "")
        out.append((first, second, relation, kind, written, source_a, source_b))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pairs = build(read_name_frequencies())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = "\t".join(HEADER) + "\n" + "".join("\t".join(p) + "\n" for p in pairs)
    args.out.write_text(text, encoding="utf-8")
    relations = defaultdict(int)
    for pair in pairs:
        relations[pair[2]] += 1
    print(f"{args.out}: {len(pairs)} pairs {dict(relations)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
