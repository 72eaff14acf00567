"""Helpers shared by the tests: where ../shared lives, the repository's scripts as modules,
Kazakh Arabic script there and back, word generators for properties."""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path
from types import ModuleType

from hypothesis import strategies as st

from kznames import transliterate

REPO = Path(__file__).resolve().parent.parent

# The [scheme] section of a test scheme file; {reversible} is true or false.
SCHEME_HEADER = """[scheme]
tag = xx-Latn-test
source = xx-Cyrl
name = test
authority = nobody
date = 2024
url = https://example.org
reversible = {reversible}
"""


def shared_dir() -> Path:
    """The project's shared/ folder: $KZNAMES_SHARED, else ../shared beside the clone."""
    candidates = [os.environ.get("KZNAMES_SHARED", ""), str(REPO.parent / "shared")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "reference").is_dir():
            return Path(candidate)
    raise RuntimeError(
        "shared/ (reference tables and eval data) not found: set KZNAMES_SHARED or put it "
        f"beside the repository at {REPO.parent / 'shared'}"
    )


@cache
def load_script(relative: str) -> ModuleType:
    """The repository's script at ``relative`` (e.g. ``scripts/tote_jazu_report.py``) as a
    module, loaded once."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def to_tote_jazu(cyrillic: str) -> str:
    """Kazakh Cyrillic written in Kazakh Arabic script (tote jazu)."""
    return transliterate(cyrillic, "kk-Arab", source="kk-Cyrl").text


def from_tote_jazu(arabic: str, known_spellings: bool = True) -> str:
    """Kazakh Arabic script read back as Kazakh Cyrillic."""
    return transliterate(arabic, "kk-Cyrl", source="kk-Arab", known_spellings=known_spellings).text


# Syllable-built words: random letter strings would be full of sequences no language has
# (ьь, еь), which says nothing about the schemes.
KK_CONSONANTS = list("бвгғджзйкқлмнңпрстфхһцчшщ")
KK_VOWELS = list("аәеёиоөуұүыіэюя")
RU_CONSONANTS = list("бвгджзйклмнпрстфхцчшщ")
RU_VOWELS = list("аеёиоуыэюя")


def words_from(
    consonants: list[str], vowels: list[str], signs: str = "", min_syllables: int = 1
) -> st.SearchStrategy[str]:
    onset = st.sampled_from([*consonants, ""])
    # A hard or soft sign only ever follows a consonant.
    coda = st.one_of(
        st.sampled_from(["", "", ""]),
        st.tuples(st.sampled_from(consonants), st.sampled_from(["", *signs])).map("".join),
    )
    syllable = st.tuples(onset, st.sampled_from(vowels), coda).map("".join)
    return st.lists(syllable, min_size=min_syllables, max_size=4).map("".join)


def capitalised(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(words, words.map(str.capitalize), words.map(str.upper))


kk_words = words_from(KK_CONSONANTS, KK_VOWELS, "ъь")
ru_words = words_from(RU_CONSONANTS, RU_VOWELS, "ъь")


# Uyghur Arabic script (UEY): every syllable that starts with a vowel carries the hamza ئ.
UG_HAMZA = "\u0626"
UG_VOWELS = list("\u0627\u06d5\u06d0\u0649\u0648\u06c7\u06c6\u06c8")  # ا ە ې ى و ۇ ۆ ۈ
UG_CONSONANTS = list(
    "\u0628\u067e\u062a\u062c\u0686\u062e\u062f\u0631\u0632\u0698\u0633\u0634\u063a"
    "\u0641\u0642\u0643\u06af\u06ad\u0644\u0645\u0646\u06be\u06cb\u064a"
)


def _ug_syllable(onset: str, vowel: str, coda: str) -> str:
    return (onset or UG_HAMZA) + vowel + coda


ug_words = st.lists(
    st.tuples(
        st.sampled_from(["", *UG_CONSONANTS]),
        st.sampled_from(UG_VOWELS),
        st.sampled_from(["", "", *UG_CONSONANTS]),
    ).map(lambda t: _ug_syllable(*t)),
    min_size=1,
    max_size=4,
).map("".join)


# Kazakh words that obey vowel harmony, the words Kazakh Arabic script can be read back from.
_KK_NATIVE_CONSONANTS = list("бгғджзйкқлмнңпрстушвфхһ")
kk_back_words = words_from([c for c in _KK_NATIVE_CONSONANTS if c not in "кг"], list("аоұыи"), "")
# в and ф are letters of loans only: a stem with one reads back (kk-Arab.scheme, loan =).
kk_front_words = words_from(
    [c for c in _KK_NATIVE_CONSONANTS if c not in "қғвф"], list("әөүіеи"), ""
)


# Name-like words for key properties: two syllables or more, no Russian loan letters or signs.
_LOAN_LETTERS = set("цщъьэ")
kk_name_words = words_from(
    [c for c in KK_CONSONANTS if c not in _LOAN_LETTERS],
    [v for v in KK_VOWELS if v not in _LOAN_LETTERS],
    min_syllables=2,
)
ru_name_words = words_from(
    [c for c in RU_CONSONANTS if c not in _LOAN_LETTERS],
    [v for v in RU_VOWELS if v not in _LOAN_LETTERS],
    min_syllables=2,
)


def mentions_found(text: str) -> list[tuple[str, str]]:
    """The mentions of one document as (surface, origin), with the shipped gazetteer."""
    from kznames.gazetteer import Gazetteer
    from kznames.text import Document, find_mentions

    return [(m.surface, m.origin) for m in find_mentions(Document("d", text), Gazetteer.default())]


def cluster_of(result: object, form: str) -> tuple[str, frozenset[str]]:
    """The entity id and the forms of the one cluster of a reconciliation holding ``form``."""
    clusters = result.clusters  # type: ignore[attr-defined]
    (cluster,) = [c for c in clusters if form in {v.form for v in c.variants}]
    return cluster.entity_id, frozenset(v.form for v in cluster.variants)
