"""Count the gazetteer's Latin words that ``source="auto"`` reads as Uyghur Latin (ULY).

    python scripts/uly_detection_report.py [--half=fit|report|all] [--list]

Texts: every Latin variant (any tag) in data/variants/*.tsv with a word holding x, é, gh, w or
ng (ULY's own letters, which pinyin, English and Uzbek write too), each read alone under the
targets kk-Cyrl and ru-Cyrl. A word counts as read as Uyghur when its text's routes start from
ug-Latn and it is written in Cyrillic. It is a **Uyghur spelling** when some variant tagged
``ug-Latn`` holds it (curated, or kznames' ULY of a ``ug-Arab`` variant), else a **misread**.
Words that are a Uyghur spelling and also another language's (``Afghanistan``, en and the ULY of
ئافغانىستان) are counted apart. Halves: crc32 of the entity id, even = fit (as
scripts/latin_detection_report.py).
"""

from __future__ import annotations

import sys
import zlib
from collections import defaultdict

import regex

from kznames import transliterate
from kznames.scripts import detect_script
from latin_detection_report import variant_rows

_CUE = regex.compile(r"x|é|gh|w|ng", regex.IGNORECASE)
_WORD = regex.compile(r"[\p{L}\p{M}'’]+")


def main(argv: list[str]) -> int:
    half = next((a.split("=", 1)[1] for a in argv if a.startswith("--half=")), "all")
    rows = variant_rows()
    tags: dict[str, set[str]] = defaultdict(set)
    for _entity, variant, tag in rows:
        for word in _WORD.findall(variant):
            tags[word.casefold()].add(tag)
    texts = {
        variant
        for entity, variant, _tag in rows
        if (half == "all" or zlib.crc32(entity.encode()) % 2 == (half == "report"))
        and detect_script(variant) == "Latn"
        and any(_CUE.search(w) for w in _WORD.findall(variant))
    }
    words = {w for t in texts for w in _WORD.findall(t) if _CUE.search(w)}
    print(f"half {half}: {len(texts)} Latin variants, {len(words)} words with x/é/gh/w/ng")
    for target in ("kk-Cyrl", "ru-Cyrl"):
        uyghur: dict[str, set[str]] = {"uyghur": set(), "shared": set(), "misread": set()}
        for text in sorted(texts):
            result = transliterate(text, target)
            if not any(r.startswith("ug-Latn>") for r in result.routes):
                continue
            out_words = _WORD.findall(result.text)
            for word, out in zip(_WORD.findall(text), out_words, strict=False):
                if word == out or detect_script(out) != "Cyrl" or not _CUE.search(word):
                    continue
                known = tags[word.casefold()]
                kind = (
                    "misread"
                    if "ug-Latn" not in known
                    else "uyghur"
                    if known <= {"ug-Latn", "ug-Arab", "und-Latn"}
                    else "shared"
                )
                uyghur[kind].add(f"{word}→{out}")
        counts = ", ".join(f"{k} {len(v)}" for k, v in uyghur.items())
        print(f"  {target}: words read as Uyghur: {counts}")
        if "--list" in argv:
            for kind, found in uyghur.items():
                print(f"    {kind}: {' '.join(sorted(found))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
