"""Count which Latin words a rule would read as pinyin under a Cyrillic target (issue 14, step 3):
Chinese-place spellings caught against Kazakh, Russian and Uyghur Latin spellings taken for pinyin.

    python scripts/pinyin_cyrillic_report.py [--half=fit|report|all] [--list]

Words: each distinct (group, word) of the Latin variants (any tag but zh-Latn-pinyin and
kznames' own kk-Latn renderings) of data/variants/*.tsv (group = entity) and of
../shared/eval/*_groups.tsv (group = group_id). A word is a **Chinese spelling** when it is,
folded (no marks, lower case), a word of some group's pinyin in the half: a zh-Latn-pinyin /
Latn:pinyin variant or the pinyin kznames writes for a zh-Hani / Hani variant (Xiang, Changji,
Bingtuan, of any group), or part of a pinyin word of its own group (Xiang of
Ayikulexiang); else an **other** spelling (Kazakh, Russian, Uyghur, English Latin:
Ili, whose pinyin is Yili; Aiman; Bayan). Only words that spell pinyin syllables are counted.
Halves: kznames.evaluate.half_of(group id), as ``kznames eval --half``.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import regex

from kznames import translit, transliterate
from kznames.evaluate import half_of
from kznames.palladius import folded_latin, pinyin_syllables
from kznames.scripts import detect_script
from kznames.wadegiles import spells_pinyin
from latin_detection_report import variant_rows

REPO = Path(__file__).resolve().parents[1]
_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
# Finals that Kazakh, Russian and Uyghur Latin seldom write: ei ao uo ie iu ui in a syllable, and
# -ong -eng -ian(g) ending the word (Tatiana: tia + na, Oufa and Kentaou: French ou, not listed).
_FINAL = regex.compile(r"ei|ao|uo|ie|iu|ui")
_FINAL_END = regex.compile(r"(?:ong|eng|iang?)$")
_MARKS = translit._pinyin_marks()  # x and the tone marks that are no Latin scheme's cue


def rows() -> list[tuple[str, str, str]]:
    """(group, variant, tag) of the gazetteer's variants and ../shared/eval's groups."""
    out = [(f"gaz:{e}", v, t) for e, v, t in variant_rows()]
    for path in sorted((REPO.parent / "shared" / "eval").glob("*_groups.tsv")):
        with path.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream, delimiter="\t"):
                scheme = row["script_or_scheme"]
                tag = (
                    "zh-Hani"
                    if scheme.startswith("Hani")
                    else "zh-Latn-pinyin"
                    if scheme.startswith("Latn:pinyin")
                    else scheme
                )
                out.append((f"eval:{row['group_id']}", row["variant"], tag))
    return out


RULES: dict[str, Callable[[str, tuple[str, ...], str], bool]] = {
    "before: the whole text pinyin, a mark": lambda w, s, v: (
        translit._latin_languages(v).get(w) == "zh"
    ),
    "after: translit._pinyin_words (chosen)": lambda w, s, v: w in translit._pinyin_words(v),
    "any": lambda w, s, v: True,
    "mark (x, tone)": lambda w, s, v: bool(_MARKS.search(w)),
    ">=2 syllables": lambda w, s, v: len(s) >= 2,
    ">=3 syllables": lambda w, s, v: len(s) >= 3,
    "mark or >=3 syllables": lambda w, s, v: bool(_MARKS.search(w)) or len(s) >= 3,
    "mark or >=2 syllables, one with a Mandarin final": lambda w, s, v: (
        bool(_MARKS.search(w))
        or (len(s) >= 2 and (any(_FINAL.search(x) for x in s) or bool(_FINAL_END.search(s[-1]))))
    ),
    "mark or >=2 syllables with j/q/zh/c initial": lambda w, s, v: (
        bool(_MARKS.search(w))
        or (len(s) >= 2 and any(x[:1] in "jqc" or x.startswith("zh") for x in s))
    ),
}


def main(argv: list[str]) -> int:
    half = next((a.split("=", 1)[1] for a in argv if a.startswith("--half=")), "fit")
    data = [r for r in rows() if half == "all" or half_of(r[0].split(":", 1)[1]) == half]
    pinyin: dict[str, set[str]] = defaultdict(set)
    for group, variant, tag in data:
        if tag == "zh-Latn-pinyin":
            pinyin[group].update(folded_latin(w) for w in _WORD.findall(variant))
        elif tag == "zh-Hani":
            written = transliterate(variant, "zh-Latn-pinyin", source="zh-Hani").text
            pinyin[group].update(folded_latin(w) for w in _WORD.findall(written))
    known = set().union(*pinyin.values())  # the half's pinyin, of any group
    words: dict[tuple[str, str], tuple[str, str]] = {}
    for group, variant, tag in data:
        if tag in ("zh-Latn-pinyin", "kk-Latn") or detect_script(variant) != "Latn":
            continue
        for word in _WORD.findall(variant):
            if spells_pinyin(word):
                words.setdefault((group, word), (tag, variant))
    counts: Counter[str] = Counter()
    listed: list[str] = []
    for (group, word), (tag, variant) in words.items():
        folded = folded_latin(word)
        # Of some group's pinyin, or part of its own group's (Xiang of Kashixiang)
        chinese = folded in known or any(folded in w for w in pinyin[group])
        kind = "chinese" if chinese else "other"
        counts[f"words: {kind}"] += 1
        syllables = pinyin_syllables(word)
        for name, rule in RULES.items():
            if rule(word, syllables, variant):
                counts[f"{name}: {kind}"] += 1
                if "--list" in argv and name == argv[-1]:
                    listed.append(f"{kind}\t{word}\t{tag}\t{group}")
    print(f"half {half}: {len(words)} distinct (group, word) Latin words that spell pinyin")
    print(f"  Chinese spellings: {counts['words: chinese']}, other: {counts['words: other']}")
    for name in RULES:
        print(
            f"  {name:<45} caught {counts[f'{name}: chinese']:>5}"
            f"   others taken for pinyin {counts[f'{name}: other']:>5}"
        )
    print("\n".join(sorted(listed)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
