"""The compiled core's scoring against the Python reference of score.py: the same alignments,
values and explanations, on every eval pair and on hypothesis's names.

Each compiled piece is called beside the Python function it mirrors, in one process, on the
same inputs (``tests/test_core.py`` compares whole processes with ``KZNAMES_PURE=1``).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from functools import cache
from itertools import combinations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames import _engine, score
from support import REPO, shared_dir

if _engine._WHY == _engine.STALE:  # the module imports, but is not this source's: not compared
    pytest.skip(_engine.STALE, allow_module_level=True)
core: Any = pytest.importorskip("kznames._core") if _engine.CORE is None else _engine.CORE


@cache
def eval_pairs() -> list[tuple[str, str]]:
    """Every pair of the eval data: each same-group pair of ../shared/eval's groups, its
    negatives, and the look-alike pairs of data/eval."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for name in ("dev_groups.tsv", "news_groups.tsv"):
        with (shared_dir() / "eval" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                groups[row["group_id"]].append(row["variant"])
    pairs = [pair for members in groups.values() for pair in combinations(members, 2)]
    tables = [shared_dir() / "eval" / "dev_negatives.tsv"]
    tables += sorted((REPO / "data" / "eval").glob("look-alikes*.tsv"))
    for path in tables:
        with path.open(encoding="utf-8") as handle:
            pairs += [
                (row["name_a"], row["name_b"]) for row in csv.DictReader(handle, delimiter="\t")
            ]
    return pairs


@cache
def words() -> tuple[str, ...]:
    """The eval data's words, to build names of (repeats included: ties in the alignment)."""
    return tuple(sorted({w for pair in eval_pairs() for name in pair for w in name.split()}))


def aligner() -> Any:
    return core.Aligner(
        score._pair, score.Explanation, score._CONFLICT, score._CONFLICT_CAP, score._WEAKEST
    )


def same_float(x: float, y: float) -> bool:
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y) and type(x) is type(y)


def assert_same_alignment(a: list[Any], b: list[Any]) -> None:
    compiled = aligner()
    value, explanation = compiled.score_pieces(a, b)
    ref_value, ref_explanation = score._python_score_pieces(a, b)
    assert same_float(value, ref_value), (a, b)
    assert explanation == ref_explanation
    assert compiled.align(a, b) == score._python_align(a, b)


def test_the_engine_runs_the_compiled_alignment() -> None:
    assert getattr(score._score_pieces, "__self__", None).__class__ is core.Aligner


def test_alignment_on_every_eval_pair() -> None:
    pairs = eval_pairs()
    assert len(pairs) > 10_000
    for a, b in pairs:
        pieces_a, pieces_b = score._name_pieces(a), score._name_pieces(b)
        assert_same_alignment(pieces_a, pieces_b)
        assert_same_alignment(pieces_b, pieces_a)


def test_alignment_of_compounds() -> None:
    """The merged lists _best scores (two tokens read as one) align alike too."""
    for a, b in [("Ata Jurt", "Atajurt"), ("Nur Sultan Nazarbayev", "Nursultan Nazarbaev")]:
        pieces_a, pieces_b = score._name_pieces(a), score._name_pieces(b)
        for i in range(len(pieces_a) - 1):
            merged = [*pieces_a[:i], score._joined(pieces_a, i), *pieces_a[i + 2 :]]
            assert_same_alignment(merged, pieces_b)
            assert_same_alignment(pieces_b, merged)


def test_alignment_of_nothing() -> None:
    assert_same_alignment([], [])
    assert_same_alignment(score._name_pieces("Serik"), [])
    assert_same_alignment([], score._name_pieces("Серік Білаш"))


NAMES = st.lists(st.sampled_from(words()), min_size=0, max_size=6).map(" ".join)
RANDOM = st.text(st.sampled_from("aeiouksztbnmlrабвгдежзиклмнопрстқұүәі. -"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NAMES, RANDOM), st.one_of(NAMES, RANDOM))
def test_alignment_on_random_names(a: str, b: str) -> None:
    pieces_a, pieces_b = score._name_pieces(a), score._name_pieces(b)
    assert_same_alignment(pieces_a, pieces_b)
    assert_same_alignment(pieces_a, pieces_a)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Ivan", "Иван", "Ivanov", "I.", "Ivanova", "Petr"]), max_size=8))
def test_ties_keep_the_reference_order(tokens: list[str]) -> None:
    """Repeated and equally similar tokens: the first candidate in the reference's order wins."""
    pieces = score._name_pieces(" ".join(tokens))
    assert_same_alignment(pieces, score._name_pieces("Ivan Ivanov"))
    assert_same_alignment(pieces, pieces[::-1])


def test_aligner_pickles() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(aligner()))
    pieces = score._name_pieces("Aiman Umarova"), score._name_pieces("Aiman Umanova")
    assert again.score_pieces(*pieces) == score._python_score_pieces(*pieces)


KEYS = st.text(st.sampled_from("aeiouksztbnmlrgqxıäöüə"), max_size=12)


@settings(max_examples=500, deadline=None)
@given(KEYS, KEYS, st.floats(0.0, 1.0))
def test_may_reach_equals_the_python_test(a: str, b: str, value: float) -> None:
    assert core.unshared(a, b) == score._unshared(a, b)
    assert core.may_reach(a, b, value, *score._cheapest_edits()) == score._may_reach(a, b, value)


@settings(max_examples=50, deadline=None)
@given(st.text(st.sampled_from("abcdeёжз"), min_size=120, max_size=300), KEYS)
def test_may_reach_of_long_keys(a: str, b: str) -> None:
    """Keys of more than 256 letters together are counted by the core's other way."""
    assert core.unshared(a, b + a) == score._unshared(a, b + a)
    for value in (0.0, 0.5, 0.85, 1.0):
        expected = score._may_reach(a + b, a, value)
        assert core.may_reach(a + b, a, value, *score._cheapest_edits()) == expected


def compiled_best() -> Any:
    return core.Best(
        aligner(),
        score._pair,
        score._Piece,
        score.Explanation,
        score._cheapest_edits,
        score._COMPOUND_MATCH,
        score._COMPOUND_NOTE,
    )


def assert_same_best(a: str, b: str) -> None:
    pieces_a, pieces_b = score._name_pieces(a), score._name_pieces(b)
    for x, y in ((pieces_a, pieces_b), (pieces_b, pieces_a)):
        value, explanation = compiled_best()(x, y)
        ref_value, ref_explanation = score._python_best(x, y)
        assert same_float(value, ref_value), (a, b)
        assert explanation == ref_explanation, (a, b)


def test_the_engine_runs_the_compiled_compound_search() -> None:
    assert type(score._best) is core.Best


def test_compound_search_on_every_eval_pair() -> None:
    for a, b in eval_pairs():
        assert_same_best(a, b)


def test_compound_search_of_chosen_pairs() -> None:
    """Compounds that count (Ata Jurt / Atajurt), that do not (a surname and a short given name
    read as one word), on either side, beside initials and repeats."""
    pairs = [
        ("Ata Jurt", "Atajurt"),
        ("Nur Sultan Nazarbayev", "Nursultan Nazarbaev"),
        ("Nazarbaev Nursultan", "Nur Sultan Nazarbayev"),
        ("Болжанбақов Юрий", "Bolzhanbakov"),
        ("Ak Su", "Aksu"),
        ("N. Sultan", "Nursultan"),
        ("Ata Jurt Ata Jurt", "Atajurt Atajurt"),
        ("Kyzyl Orda oblysy", "Kyzylorda Region"),
    ]
    for a, b in pairs:
        assert_same_best(a, b)
    value, explanation = score._best(score._name_pieces("Ata Jurt"), score._name_pieces("Atajurt"))
    assert explanation.notes[:1] == (score._COMPOUND_NOTE,)
    assert value > 0.9


SPACED = st.lists(
    st.sampled_from(["Ata", "Jurt", "Atajurt", "Nur", "Sultan", "Nursultan", "Ak", "Su", "N."]),
    max_size=5,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NAMES, RANDOM, SPACED), st.one_of(NAMES, RANDOM, SPACED))
def test_compound_search_on_random_names(a: str, b: str) -> None:
    assert_same_best(a, b)


def test_best_pickles() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(compiled_best()))
    pieces = score._name_pieces("Ata Jurt"), score._name_pieces("Atajurt")
    assert again(*pieces) == score._python_best(*pieces)


def features_of(a: str, b: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The compiled and the Python features of the alignment of two names, as _decide asks."""
    pieces_a, pieces_b, _, _, value, explanation = score._aligned(a, b)
    args = (pieces_a, pieces_b, value, explanation, a, b)
    return compiled_features()(*args), score._python_features(*args)


@cache
def compiled_features() -> Any:
    return core.Features(
        score.designators,
        score.default_name_frequencies,
        score._script_of,
        score._genders_differ,
        score._order_changed,
        score._gaps,
        score._readings_differ,
        score._readings_agree,
        score.FEATURES,
        score._FORMS_NOTE,
    )


def assert_same_features(a: str, b: str) -> None:
    compiled, reference = features_of(a, b)
    assert len(compiled) == len(reference) == len(score.FEATURES)
    for name, x, y in zip(score.FEATURES, compiled, reference, strict=True):
        assert same_float(x, y), (a, b, name, x, y)


def test_the_engine_runs_the_compiled_features() -> None:
    assert type(score.features) is core.Features


def test_features_on_every_eval_pair() -> None:
    for a, b in eval_pairs():
        assert_same_features(a, b)
        assert_same_features(b, a)


def test_features_of_chosen_pairs() -> None:
    """Pairs that set each rarer feature: initials, forms, gender, readings, levels, cut text."""
    pairs = [
        ("Ivanov", "Ivanova"),
        ("Иванов Пётр", "Umanova Petr"),
        ("Nazarbaev N.", "Nursultan Nazarbayev"),
        ("Volodya Ivanov", "Vladimir Ivanov"),
        ("Слава Иванов", "Вячеслав Иванов"),
        ("喀什", "Kashi"),
        ("德国", "Dihua"),
        ("Алматинская область", "Almaty Region"),
        ("Ata Jurt", "Atajurt"),
        ("Qeshqer Shehiri", "Kashgar"),
        ("Tokayev", "Tokarev"),
        ("Aiman Umarova", "Umarova Aiman"),
        (" ".join(["Serik"] * 40), "Serik"),
    ]
    for a, b in pairs:
        assert_same_features(a, b)
        assert_same_features(b, a)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NAMES, RANDOM), st.one_of(NAMES, RANDOM))
def test_features_on_random_names(a: str, b: str) -> None:
    if score._aligned(a, b)[5].matches:  # _decide asks features only of aligned tokens
        assert_same_features(a, b)


def test_features_pickle() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(compiled_features()))
    pieces_a, pieces_b, _, _, value, explanation = score._aligned("Aiman Umarova", "Aiman Umanova")
    args = (pieces_a, pieces_b, value, explanation, "Aiman Umarova", "Aiman Umanova")
    assert again(*args) == score._python_features(*args)


def test_the_engine_runs_the_compiled_model() -> None:
    from kznames import model

    assert type(model._compiled) is core.Contributions


def assert_same_contributions(values: tuple[float, ...]) -> None:
    from kznames import model

    probability, parts = model._compiled(values)
    ref_probability, ref_parts = model._python_contributions(values)
    assert same_float(probability, ref_probability), values
    assert [name for name, _ in parts] == [name for name, _ in ref_parts]
    for (_, x), (_, y) in zip(parts, ref_parts, strict=True):
        assert same_float(x, y), values


def test_contributions_of_every_eval_pair() -> None:
    for a, b in eval_pairs():
        pieces_a, pieces_b, _, _, value, explanation = score._aligned(a, b)
        if explanation.matches:
            assert_same_contributions(
                score._python_features(pieces_a, pieces_b, value, explanation, a, b)
            )


FEATURE_VALUES = st.tuples(
    *[
        st.one_of(
            st.floats(-1e6, 1e6, allow_nan=False),
            st.sampled_from([0.0, -0.0, 1.0, 0.5, 4.0, 1e-300, -1e-300]),
        )
        for _ in score.FEATURES
    ]
)


@settings(max_examples=1000, deadline=None)
@given(FEATURE_VALUES)
def test_contributions_of_random_values(values: tuple[float, ...]) -> None:
    """Logits past ±40 (clamped), near 0 and signed zeros included."""
    assert_same_contributions(values)


def test_contributions_of_a_wrong_length_raise_as_the_python_code() -> None:
    from kznames import model

    for values in ((), (1.0,) * (len(score.FEATURES) + 1)):
        with pytest.raises(ValueError, match="zip") as compiled:
            model.contributions(values)
        with pytest.raises(ValueError, match="zip") as reference:
            model._python_contributions(values)
        assert str(compiled.value) == str(reference.value)


def test_contributions_pickle() -> None:
    import pickle

    from kznames import model

    again = pickle.loads(pickle.dumps(model._compiled))
    values = (1.0,) * len(score.FEATURES)
    assert again(values) == model._python_contributions(values)
