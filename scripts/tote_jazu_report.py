"""Measure the round trip Kazakh Cyrillic -> Kazakh Arabic script (tote jazu) -> Kazakh Cyrillic.

    python scripts/tote_jazu_report.py [SHARED_DIR] [--half=fit|report|all] [--failures]
        [--lexicon=none|without-half|without-words|full]

The words: every Cyrillic word of data/variants/*.tsv and of SHARED_DIR/eval/*_groups.tsv that is
tagged Kazakh (kk-Cyrl, Cyrl:kk) or that kznames detects as Kazakh (a letter only Kazakh uses),
written only in letters of the Kazakh Cyrillic alphabet, lower-cased, each counted once. A word
belongs to the half of the entity (group) it was first seen in: the ``fit`` half (crc32 of the
entity id even) is the one the harmony section of kk-Arab.scheme was tuned on; ``report`` is the
other half, whose figure docs/tote-jazu.md gives. Each failure is put in the first class that
fits it (see ``failure_class``).

Without ``--lexicon`` the words are read back as ``transliterate`` reads them (with the shipped
table of known spellings). ``--lexicon`` reads them with the table less some rows
(``lexicon_rows``): ``full`` none left out, ``without-half`` the gazetteer rows of the measured
half's entities (the honest figure: the words are not looked up from themselves),
``without-words`` also every row spelling a measured word, ``none`` all (the rule alone).
"""

from __future__ import annotations

import sys
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Final, Literal

import regex

from kznames import transliterate
from kznames.resources import schemes_dir
from kznames.schemes import get_scheme
from kznames.schemes.lexicon import KnownSpelling, Lexicon, read_lexicon
from kznames.scripts import detect_language

REPO = Path(__file__).resolve().parents[1]
KAZAKH_LETTERS = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
_CYRILLIC_WORD = regex.compile(r"\p{Cyrillic}+")
_BACK, _FRONT = "аоұы", "әөүі"
_MIXED = regex.compile(f"[кг][{_BACK}]|[{_BACK}][кг](?![{_FRONT}еи])|[қғ][{_FRONT}]|[{_FRONT}][қғ]")
Half = Literal["fit", "report", "all"]
Lexicons = Literal["full", "without-half", "without-words", "none"]


def _rows(shared: Path) -> list[tuple[str, str, str]]:
    """(entity id, variant, tag) of every Cyrillic variant in the repository and the eval data."""
    rows: list[tuple[str, str, str]] = []
    for path in sorted((REPO / "data" / "variants").glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or "variant" not in lines[0].split("\t"):
            continue
        for line in lines[1:]:
            fields = line.split("\t")
            if len(fields) >= 3 and fields[2].endswith("Cyrl"):
                rows.append((fields[0], fields[1], fields[2]))
    for name in ("dev_groups.tsv", "news_groups.tsv"):
        for line in (shared / "eval" / name).read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) >= 4 and fields[3].startswith("Cyrl"):
                rows.append((fields[0], fields[2], fields[3]))
    return rows


#: Languages whose Cyrillic letters are Kazakh's or nearly (ky ү ө ң, uz ў қ ғ ҳ, tt, ba, mn,
#: tg, ug): a row tagged so is not a Kazakh word to measure.
_OTHER_CYRILLIC_LANGUAGES: Final = frozenset({"ky", "uz", "tt", "ba", "mn", "tg", "ug"})


def kazakh_words(shared: Path, half: Half = "all") -> dict[str, str]:
    """Kazakh Cyrillic words (lower case) of one half, each with the entity it was first seen in."""
    words: dict[str, str] = {}
    for entity, variant, tag in _rows(shared):
        for word in _CYRILLIC_WORD.findall(variant):
            word = word.lower()
            tagged = tag in ("kk-Cyrl", "Cyrl:kk")
            # A word a row tags with another Turkic or Central Asian language written in
            # Cyrillic is not Kazakh, however it looks (CLDR's Kyrgyz Түштүк Корея, Uzbek Ироқ
            # were measured once the countries were added to the gazetteer).
            other = tag.split("-", 1)[0] in _OTHER_CYRILLIC_LANGUAGES
            if (tagged or (not other and detect_language(word) == "kk")) and set(
                word
            ) <= KAZAKH_LETTERS:
                words.setdefault(word, entity)
    return {w: e for w, e in words.items() if in_half(e, half)}


def round_trip(word: str, lexicon: Lexicon | None = None) -> tuple[str, str]:
    """The word in Kazakh Arabic script and read back to Cyrillic, by rule alone or with
    ``lexicon`` (the reader's default, the shipped lexicon, when it is None)."""
    arabic = transliterate(word, "kk-Arab", source="kk-Cyrl").text
    if lexicon is None:
        return arabic, transliterate(arabic, "kk-Cyrl", source="kk-Arab").text
    reader = get_scheme("kk-Arab").reverse_by_rule
    assert reader is not None
    by_rule = reader.rewrite(arabic)[0]
    return arabic, lexicon.read(arabic, by_rule)


def in_half(entity: str, half: Half) -> bool:
    """True when ``entity`` belongs to ``half`` (crc32 of its id even: fit; odd: report)."""
    return half == "all" or zlib.crc32(entity.encode("utf-8")) % 2 == (0 if half == "fit" else 1)


def lexicon_rows(mode: Lexicons, half: Half, words: Iterable[str] = ()) -> list[KnownSpelling]:
    """The shipped lexicon's rows less those ``mode`` leaves out: ``full`` keeps every row,
    ``without-half`` leaves out the gazetteer rows of the entities of ``half``,
    ``without-words`` also every row spelling one of ``words`` (the measured words), and
    ``none`` every row (the rule alone)."""
    rows = read_lexicon(schemes_dir() / get_scheme("kk-Arab").spec.lexicon)
    if mode == "none":
        return []
    if mode != "full":
        rows = [r for r in rows if not (r.entity and in_half(r.entity, half))]
        if mode == "without-words":
            left_out = set(words)
            rows = [r for r in rows if r.spelling not in left_out]
    return rows


def lexicon_for(mode: Lexicons, half: Half, words: Iterable[str] = ()) -> Lexicon:
    """A lexicon of :func:`lexicon_rows`, built the way the shipped one is."""
    return get_scheme("kk-Arab").lexicon_of(lexicon_rows(mode, half, words))


def failure_class(word: str, back: str) -> str:
    """Why ``word`` did not come back: the first class that fits."""
    unwritten = set(get_scheme("kk-Arab").spec.roundtrip_exceptions)
    if set(word) & {x for x in unwritten if len(x) == 1}:
        return "a letter the script does not write (ё ю я щ ц ъ ь э)"
    if len(word) == len(back) and all(
        a == b or {a, b} == {"и", "й"} for a, b in zip(word, back, strict=True)
    ):
        return "ي read as й where the word has и, or the other way"
    if _MIXED.search(word):
        return "к or г beside a back vowel, or қ or ғ beside a front one (loans, Russian spellings)"
    return "a compound or stem whose row no letter shows (a part not listed, or hidden by one)"


def measure(
    shared: Path, half: Half, mode: Lexicons | None = None
) -> tuple[int, int, list[tuple[str, str, str, str]]]:
    """(words read back exactly, words, failures as (word, arabic, read back, class)), read
    with the lexicon as ``mode`` leaves it (None: as shipped, through ``transliterate``)."""
    words = kazakh_words(shared, half)
    lexicon = None if mode is None else lexicon_for(mode, half, words)
    failures = []
    for word in sorted(words):
        arabic, back = round_trip(word, lexicon)
        if back != word:
            failures.append((word, arabic, back, failure_class(word, back)))
    return len(words) - len(failures), len(words), failures


def unknown_to_gazetteer(shared: Path, half: Half) -> dict[str, str]:
    """The measured words of ``half`` that no gazetteer row spells: eval spellings only."""
    scheme = get_scheme("kk-Arab")
    assert scheme.harmony is not None
    known = {r.spelling for r in read_lexicon(schemes_dir() / scheme.harmony.settings.lexicon)}
    return {w: e for w, e in kazakh_words(shared, half).items() if w not in known}


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    shared = Path(args[0]) if args else REPO.parent / "shared"
    half: Half = "report"
    mode: Lexicons | None = None
    for flag in argv:
        if flag.startswith("--half="):
            half = flag.split("=", 1)[1]  # type: ignore[assignment]
        if flag.startswith("--lexicon="):
            mode = flag.split("=", 1)[1]  # type: ignore[assignment]
    exact, total, failures = measure(shared, half, mode)
    print(
        f"{half} half, lexicon {mode or 'as shipped'}: "
        f"{exact} of {total} words read back exactly ({exact / total:.1%})"
    )
    for name, count in Counter(f[3] for f in failures).most_common():
        print(f"  {count:4d}  {name}")
    if "--failures" in argv:
        for word, arabic, back, name in failures:
            print(f"{word}\t{arabic}\t{back}\t{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
