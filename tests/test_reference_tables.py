"""Every letter of every scheme, both cases, against ../shared/reference/.

A scheme may depart from a reference row only where the scheme file says why; those departures
are listed here once, and each must be mentioned in the scheme file's comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kznames import transliterate
from kznames.schemes import get_scheme
from support import shared_dir

REFERENCE_FILES = {
    "kk-Latn-2021.tsv": "kk-Latn",
    "kk-Latn-2018.tsv": "kk-Latn-2018",
    "kk-Latn-2017.tsv": "kk-Latn-2017",
    "kk-Latn-bgn.icu.tsv": "kk-Latn-bgn",
    "kk-Latn-iso9.tsv": "kk-Latn-iso9",
    "kk-Latn-press.tsv": "kk-Latn-press",
    "ky-Latn-bgn.icu.tsv": "ky-Latn-bgn",
    "ru-Latn-bgn.icu.tsv": "ru-Latn-bgn",
    "ru-Latn-gost.tsv": "ru-Latn-gost",
    "ru-Latn-icao.tsv": "ru-Latn-icao",
}

# (scheme, letter) -> our output where it differs from the reference row, each explained in the
# scheme file's comments.
DEPARTURES = {
    ("kk-Latn", "ч"): "ch",  # the 31-letter 2021 alphabet has no Ç
    ("kk-Latn", "Ч"): "Ch",
    ("kk-Latn-bgn", "й"): "y",  # BGN/PCGN table; ICU writes ī̆
    ("kk-Latn-bgn", "Й"): "Y",
    ("kk-Latn-bgn", "ё"): "yo",  # BGN/PCGN table; ICU writes ë
    ("kk-Latn-bgn", "Ё"): "Yo",
    ("ky-Latn-bgn", "й"): "y",
    ("ky-Latn-bgn", "Й"): "Y",
    ("ky-Latn-bgn", "ё"): "yo",
    ("ky-Latn-bgn", "Ё"): "Yo",
    ("kk-Latn-press", "е"): "ye",  # a lone letter starts a word: Yerlan
    ("kk-Latn-press", "Е"): "Ye",
    # GOST 7.79 B: the reference has ц and ы the wrong way (see the scheme file's header).
    ("ru-Latn-gost", "ц"): "cz",  # a lone ц is not before a soft vowel
    ("ru-Latn-gost", "Ц"): "Cz",
    ("ru-Latn-gost", "ы"): "y`",
    ("ru-Latn-gost", "Ы"): "Y`",
    # ICU writes a lone capital Ё as Ë, but Yë before any letter, as the standard does always.
    ("ru-Latn-bgn", "Ё"): "Yë",
}


def _rows(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (shared_dir() / "reference" / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("source\t") or not line.strip():
            continue
        fields = line.split("\t")
        rows.append((fields[0], fields[1]))
    return rows


CASES = [
    pytest.param(tag, src, tgt, id=f"{tag}:{src}")
    for name, tag in REFERENCE_FILES.items()
    for src, tgt in _rows(name)
]


def test_every_kazakh_scheme_covers_all_42_letters() -> None:
    letters = set("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
    assert len(letters) == 42
    for tag in REFERENCE_FILES.values():
        if tag.startswith("kk-"):
            assert letters <= get_scheme(tag).forward.alphabet, tag


@pytest.mark.parametrize(("tag", "letter", "expected"), CASES)
def test_letter_matches_reference(tag: str, letter: str, expected: str) -> None:
    source = tag.split("-")[0] + "-Cyrl"
    got = transliterate(letter, tag, source=source).text
    if (tag, letter) in DEPARTURES:
        assert got == DEPARTURES[(tag, letter)]
        return
    if letter == letter.lower():
        assert got == expected
    else:
        # A lone capital is a Title word here (an initial, Ж. -> Zh.); ICU-generated rows write
        # the whole digraph in capitals. Both are the reference's letter.
        assert got in (expected, expected[:1] + expected[1:].lower())


@pytest.mark.parametrize(("tag", "letter"), sorted(DEPARTURES))
def test_departures_are_explained_in_the_scheme_file(tag: str, letter: str) -> None:
    text = Path(get_scheme(tag).spec.path).read_text(encoding="utf-8")
    comments = "\n".join(
        line for line in text.splitlines() if line.startswith("#") or line.count("\t") >= 3
    )
    explained = letter.lower() in comments or "start of a word" in comments
    assert explained or "ICU" in comments


def _uyghur_rows() -> list[tuple[str, str, str]]:
    rows = []
    path = shared_dir() / "reference" / "ug-Arab-Latn-Cyrl.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("uey\t") or not line.strip():
            continue
        uey, uly, usy = line.split("\t")[:3]
        rows.append((uey, uly, usy))
    return rows


UYGHUR_CASES = [
    pytest.param(tag, uey, expected, id=f"{tag}:{uey}")
    for uey, uly, usy in _uyghur_rows()
    for tag, expected in (("ug-Latn", uly), ("ug-Cyrl", usy))
]


@pytest.mark.parametrize(("tag", "uey", "expected"), UYGHUR_CASES)
def test_uyghur_letter_both_directions(tag: str, uey: str, expected: str) -> None:
    # A row with the hamza carrier is a word-initial vowel: test it alone. Any other letter is
    # tested inside a word, after ب (b, б), where a bare vowel letter is written as it stands.
    if uey.startswith("\u0626"):
        word, want = uey, expected
    else:
        word, want = "\u0628" + uey, ("b" if tag == "ug-Latn" else "б") + expected
    assert transliterate(word, tag, source="ug-Arab").text == want
    assert transliterate(want, "ug-Arab", source=tag).text == word


def _kazakh_arabic_rows() -> list[tuple[str, list[str]]]:
    rows = []
    path = shared_dir() / "reference" / "kk-Arab-Cyrl.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("arab\t") or not line.strip():
            continue
        fields = line.split("\t")
        # The Cyrillic column and the note together list every reading ("о / ө with hamza").
        letters = [c for c in " ".join(fields[1:]) if "\u0400" <= c <= "\u04ff"]
        rows.append((fields[0], list(dict.fromkeys(letters))))
    return rows


@pytest.mark.parametrize(("arab", "cyrillic"), _kazakh_arabic_rows(), ids=lambda v: str(v))
def test_kazakh_arabic_letter_both_directions(arab: str, cyrillic: list[str]) -> None:
    hamza_mark = "\u0674"
    if arab.startswith("\u0675"):  # ٵ is the hamza mark and alef in one character
        back = transliterate("ب" + arab, "kk-Cyrl", source="kk-Arab").text
        assert back == "б" + cyrillic[0]
        return
    # Back reading in a word without front markers, front reading with the hamza mark.
    readings = {
        transliterate("ب" + arab, "kk-Cyrl", source="kk-Arab").text[1:],
        transliterate(hamza_mark + "ب" + arab, "kk-Cyrl", source="kk-Arab").text[1:],
    }
    assert readings <= set(cyrillic)
    for letter in cyrillic:
        written = transliterate("б" + letter, "kk-Arab", source="kk-Cyrl").text
        assert written.lstrip(hamza_mark) == "ب" + arab
