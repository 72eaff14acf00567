"""kznames against the tools users compare it with: iuliia's samples and ICU's BGN transforms.

Every difference must be one that docs/icu-differences.md explains; a new one fails the test.
"""

from __future__ import annotations

import random
import unicodedata

import icu
import iuliia
import pytest

from kznames import transliterate
from support import REPO, shared_dir

# iuliia writes the BGN signs with typographic quotes and ë as the Cyrillic letter ё; kznames,
# like ICU and the BGN tables, uses the modifier letters ʹ ʺ and Latin ë.
_IULIIA_BGN_SPELLING = str.maketrans({"’": "ʹ", "”": "ʺ", "ё": "ë", "Ё": "Ë"})

IULIIA_SCHEMES = [
    ("ICAO_DOC_9303", "ru-Latn-icao", None),
    ("GOST_779_ALT", "ru-Latn-gost", None),
    ("BGN_PCGN", "ru-Latn-bgn", _IULIIA_BGN_SPELLING),
]


@pytest.mark.parametrize(("schema_name", "tag", "spelling"), IULIIA_SCHEMES)
def test_russian_schemes_match_iuliia_samples(
    schema_name: str, tag: str, spelling: dict[int, str] | None
) -> None:
    schema = getattr(iuliia, schema_name)
    assert schema.samples
    for source, expected in schema.samples:
        if spelling:
            expected = expected.translate(spelling)
        assert transliterate(source, tag, source="ru-Cyrl").text == expected, source


def _cyrillic_words() -> list[str]:
    """Words of the eval data's Cyrillic names plus generated words exercising every context."""
    words: set[str] = set()
    for name in ("dev_groups.tsv", "news_groups.tsv"):
        for line in (shared_dir() / "eval" / name).read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) > 3 and fields[3].startswith("Cyrl"):
                words.update(w for w in fields[2].replace("-", " ").split() if w.isalpha())
    rng = random.Random(20261125)
    vowels = "аәеёиоөуұүыіэюя"
    consonants = "бвгғджзйкқлмнңпрстфхһцчшщ"
    for _ in range(3000):
        word = "".join(
            rng.choice(consonants + "ъь" * 2) + rng.choice(vowels) for _ in range(rng.randint(1, 4))
        )
        words.add(word)
        words.add(word.capitalize())
        words.add(word.upper())
    return sorted(words)


# ICU output -> kznames output for the letters docs/icu-differences.md lists.
_ICU_DEPARTURES = {
    "kk-Latn-bgn": {"ī̆": "y", "Ī̆": "Y", "ë": "yo", "Ë": "Yo"},
    "ky-Latn-bgn": {"ĭ": "y", "Ĭ": "Y", "ë": "yo", "Ë": "Yo"},
    "ru-Latn-bgn": {},
}
_ICU_IDS = {
    "kk-Latn-bgn": "Kazakh-Latin/BGN",
    "ky-Latn-bgn": "Kirghiz-Latin/BGN",
    "ru-Latn-bgn": "Russian-Latin/BGN",
}


def _explained(ours: str, theirs: str, tag: str) -> bool:
    theirs = unicodedata.normalize("NFC", theirs)  # ICU's BGN transforms end in NFD
    for icu_form, our_form in _ICU_DEPARTURES[tag].items():
        theirs = theirs.replace(icu_form, our_form)
    if ours == theirs:
        return True
    # ICU upper-cases a whole digraph after a lone capital (Ё -> YO in 'ЁА'); kznames writes a
    # Title piece unless the whole word is in capitals. Same letters, other case: documented.
    return ours.lower() == theirs.lower()


@pytest.mark.parametrize("tag", sorted(_ICU_IDS))
def test_bgn_schemes_against_icu(tag: str) -> None:
    transform = icu.Transliterator.createInstance(_ICU_IDS[tag])
    source = tag.split("-")[0] + "-Cyrl"
    compared = unexplained = 0
    examples = []
    for word in _cyrillic_words():
        result = transliterate(word, tag, source=source)
        if result.untouched:
            continue  # letters outside this language's alphabet: not a comparison of schemes
        compared += 1
        theirs = transform.transliterate(word)
        if not _explained(result.text, theirs, tag):
            unexplained += 1
            examples.append((word, result.text, theirs))
    assert compared > 1000
    assert unexplained == 0, examples[:10]


def test_departures_are_documented() -> None:
    doc = (REPO / "docs" / "icu-differences.md").read_text(encoding="utf-8")
    for tag, departures in _ICU_DEPARTURES.items():
        assert tag in doc
        for icu_form in departures:
            if icu_form == icu_form.lower():  # the table lists letters in lower case
                assert icu_form in doc, (tag, icu_form)
