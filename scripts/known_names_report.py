"""How the gazetteer's known names (``schemes/data/known-names.tsv``) change Cyrillic output.

Usage: ``PYTHONPATH=src python scripts/known_names_report.py``. Two measurements, each with
the look-up off (as before it existed: ``translit._known_name`` returning None, every other
known spelling on) and on:

1. entities of ``data/variants`` with exactly one ``ru-Cyrl`` (then ``kk-Cyrl``) variant and at
   least one ``zh-Hani`` or ``zh-Latn-pinyin`` one: how many have a Han or pinyin spelling
   written as that name by ``transliterate(spelling, target)`` (any of them / all of them).
   The table is built from these same rows, so "on" measures coverage, not a held-out rate;
2. every other variant (Kazakh, Russian, Uyghur... spellings, and en / und-Latn): how many are
   written differently under ru-Cyrl and kk-Cyrl with the look-up on, by tag, with examples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from unittest import mock

from kznames import translit
from kznames.gazetteer_tables import read_tables

CHINESE = ("zh-Hani", "zh-Latn-pinyin")


def _write(text: str, target: str, on: bool) -> str:
    translit._memo.clear()
    if on:
        return translit.transliterate(text, target).text
    with mock.patch.object(translit, "_known_name", return_value=None):
        return translit.transliterate(text, target).text


def main() -> None:
    _, variants, _ = read_tables([])
    by_entity: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for v in variants:
        by_entity[v.entity_id].append((v.variant, v.tag))
    for target in ("ru-Cyrl", "kk-Cyrl"):
        rows = []
        for entity, spellings in sorted(by_entity.items()):
            names = {s for s, tag in spellings if tag == target}
            chinese = sorted({s for s, tag in spellings if tag in CHINESE})
            if len(names) == 1 and chinese:
                rows.append((entity, next(iter(names)), chinese))
        for on in (False, True):
            hits = [sum(_write(s, target, on) == name for s in ch) for _, name, ch in rows]
            every = sum(h == len(ch) for h, (_, _, ch) in zip(hits, rows, strict=True))
            spellings = sum(len(ch) for _, _, ch in rows)
            print(
                f"{target} look-up {'on ' if on else 'off'}: {len(rows)} entities;"
                f" some Han/pinyin spelling gives the name: {sum(h > 0 for h in hits)};"
                f" every one: {every};"
                f" spellings {sum(hits)}/{spellings}"
            )
    changed: Counter[tuple[str, str]] = Counter()
    seen: Counter[str] = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for v in variants:
        if v.tag in CHINESE:
            continue
        seen[v.tag] += 1
        for target in ("ru-Cyrl", "kk-Cyrl"):
            before, after = _write(v.variant, target, False), _write(v.variant, target, True)
            if before != after:
                changed[v.tag, target] += 1
                if len(examples[v.tag, target]) < 6:
                    examples[v.tag, target].append(f"{v.variant}: {before} -> {after}")
    print("other variants written differently with the look-up on (tag, target: changed/all):")
    for tag in sorted(seen):
        for target in ("ru-Cyrl", "kk-Cyrl"):
            n = changed[tag, target]
            if n:
                shown = "; ".join(examples[tag, target])
                print(f"  {tag} {target}: {n}/{seen[tag]}; e.g. {shown}")
    same = [t for t in sorted(seen) if not any(changed[t, x] for x in ("ru-Cyrl", "kk-Cyrl"))]
    print(f"  unchanged tags: {', '.join(same)}")


if __name__ == "__main__":
    main()
