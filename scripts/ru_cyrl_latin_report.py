"""Count how ``source="auto"`` writes the gazetteer's Latin words under the ru-Cyrl target,
with and without the Kazakh reading (Latin -> kk-Cyrl -> ru-Cyrl, docs/detection.md).

    python scripts/ru_cyrl_latin_report.py [--half=fit|report|all] [--list]

Texts: every Latin variant (any tag) in data/variants/*.tsv, each read alone with
``transliterate(text, "ru-Cyrl")``. A word is **kept** when it comes out in Latin letters, else
**attested** when some Cyrillic variant of its entity holds it (ignoring case: a ``ru-Cyrl`` or
``und-Cyrl`` variant as it is, a ``kk-Cyrl`` one in its Russian rendering by
``kk-Cyrl__ru-Cyrl.scheme``), else **unattested** (a misread, or a spelling the gazetteer lacks:
``--list`` prints the changed ones). "Without" switches the Kazakh reading off
(``translit._latin_via`` answers None), which is how ru-Cyrl read Latin before it. Halves: crc32
of the entity id, even = fit (as scripts/latin_detection_report.py).
"""

from __future__ import annotations

import sys
import zlib
from collections import Counter, defaultdict
from unittest import mock

import regex

from kznames import translit, transliterate
from kznames.scripts import detect_script
from latin_detection_report import variant_rows

_WORD = regex.compile(r"[\p{L}\p{M}'’]+")


def main(argv: list[str]) -> int:
    half = next((a.split("=", 1)[1] for a in argv if a.startswith("--half=")), "all")
    rows = [
        row
        for row in variant_rows()
        if half == "all" or zlib.crc32(row[0].encode()) % 2 == (half == "report")
    ]
    attested: dict[str, set[str]] = defaultdict(set)
    for entity, variant, tag in rows:
        if tag in ("ru-Cyrl", "und-Cyrl"):
            attested[entity].update(w.casefold() for w in _WORD.findall(variant))
        elif tag == "kk-Cyrl":
            russian = transliterate(variant, "ru-Cyrl", "kk-Cyrl").text
            attested[entity].update(w.casefold() for w in _WORD.findall(russian))
    texts = list(dict.fromkeys((e, v) for e, v, _t in rows if detect_script(v) == "Latn"))
    with mock.patch.object(translit, "_latin_via", return_value=None):
        before = [transliterate(v, "ru-Cyrl").text for _e, v in texts]
    translit._memo.clear()  # the texts again, with the Kazakh reading
    after = [transliterate(v, "ru-Cyrl").text for _e, v in texts]

    def kind(entity: str, word: str) -> str:
        if detect_script(word) != "Cyrl":
            return "kept"
        return "attested" if word.casefold() in attested[entity] else "unattested"

    counts: Counter[str] = Counter()
    listed: list[str] = []
    for (entity, text), old, new in zip(texts, before, after, strict=True):
        words = zip(_WORD.findall(text), _WORD.findall(old), _WORD.findall(new), strict=False)
        for word, was, now in words:
            counts[f"without: {kind(entity, was)}"] += 1
            counts[f"with: {kind(entity, now)}"] += 1
            if was != now:
                change = f"{kind(entity, was)} -> {kind(entity, now)}"
                counts[f"changed {change}"] += 1
                listed.append(f"{change}\t{word}\t{was}\t{now}\t{text}")
    print(f"half {half}: {len(texts)} Latin variants")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    if "--list" in argv:
        print("\n".join(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
