"""The fast paths of similarity against the code they replaced: the same figures, to the bit."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

import reference_distance
from kznames.score import _costs, _distance, _key_similarity, _may_reach, _unshared
from support import REPO

# Key letters with the costed pairs and indels among them, so that cheap edits compete.
_KEY_LETTERS = "aeioukgsxcjztdpbfvmnlr"
KEYS = st.text(_KEY_LETTERS, max_size=14)


@settings(max_examples=500)
@given(KEYS, KEYS)
def test_distance_equals_the_reference(a: str, b: str) -> None:
    assert _distance.__wrapped__(a, b) == reference_distance.distance(a, b)


@settings(max_examples=300)
@given(st.text("ab", max_size=10), st.text("ab", max_size=10))
def test_distance_with_many_transpositions(a: str, b: str) -> None:
    assert _distance.__wrapped__(a, b) == reference_distance.distance(a, b)


@settings(max_examples=500)
@given(KEYS, KEYS, st.floats(0.0, 1.0), st.booleans())
def test_may_reach_never_rules_out_a_similarity_it_reaches(
    a: str, b: str, value: float, pinyin: bool
) -> None:
    # Either cost table (costs.tsv, or with costs-pinyin.tsv): the cheap test is a bound.
    if _key_similarity(a, b, pinyin)[0] >= value:
        assert _may_reach(a, b, value)


@given(KEYS, KEYS)
def test_unshared_letters_equal_the_counter_arithmetic(a: str, b: str) -> None:
    assert _unshared(a, b) == reference_distance._may_reach_unshared(a, b)


def test_distance_on_keys_of_real_names() -> None:
    from kznames.phonetic import token_key, tokens

    names = (REPO / "tests" / "golden" / "names.txt").read_text(encoding="utf-8").splitlines()
    keys = sorted({token_key(t) for name in names for t in tokens(name)})
    rng = random.Random(19)
    pairs = [(rng.choice(keys), rng.choice(keys)) for _ in range(3000)]
    pairs += [(k, k[::-1]) for k in keys] + [(k, k[1:] + k[:1]) for k in keys]
    assert _costs()  # the cost table is read
    for a, b in pairs:
        assert _distance.__wrapped__(a, b) == reference_distance.distance(a, b), (a, b)


def _characters_as_first_written(key: object) -> int:
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        return sum(_characters_as_first_written(part) for part in key)
    return 0


_KEYS = st.recursive(
    st.one_of(st.text(max_size=8), st.integers(), st.none()),
    lambda inner: st.lists(inner, max_size=4).map(tuple),
    max_leaves=10,
)


@given(_KEYS)
def test_memo_counts_key_characters_as_before(key: object) -> None:
    from kznames._memo import _characters

    assert _characters(key) == _characters_as_first_written(key)
