"""Helpers shared by the tests: where ../shared lives, word generators for properties."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent


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


# Syllable-built words: random letter strings would be full of sequences no language has
# (ьь, еь), which says nothing about the schemes.
KK_CONSONANTS = list("бвгғджзйкқлмнңпрстфхһцчшщ")
KK_VOWELS = list("аәеёиоөуұүыіэюя")
RU_CONSONANTS = list("бвгджзйклмнпрстфхцчшщ")
RU_VOWELS = list("аеёиоуыэюя")


def words_from(consonants: list[str], vowels: list[str], signs: str = "") -> st.SearchStrategy[str]:
    onset = st.sampled_from([*consonants, ""])
    # A hard or soft sign only ever follows a consonant.
    coda = st.one_of(
        st.sampled_from(["", "", ""]),
        st.tuples(st.sampled_from(consonants), st.sampled_from(["", *signs])).map("".join),
    )
    syllable = st.tuples(onset, st.sampled_from(vowels), coda).map("".join)
    return st.lists(syllable, min_size=1, max_size=4).map("".join)


def capitalised(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(words, words.map(str.capitalize), words.map(str.upper))


kk_words = words_from(KK_CONSONANTS, KK_VOWELS, "ъь")
ru_words = words_from(RU_CONSONANTS, RU_VOWELS, "ъь")
