"""The compiled core against the pure-Python engine: the same figures, edits, keys and scores.

The differential tests call both engines in one process (the compiled functions directly) and,
end to end, compare this process's results with those of a process run with ``KZNAMES_PURE=1``.
Without a built core (``make core`` in a source tree) the compiled side is skipped; the Python
engine's own tests still run.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kznames
import reference_distance
from kznames import _engine, score
from kznames.phonetic import fine_key, tokens
from kznames.resources import variants_dir
from support import REPO

core: Any = pytest.importorskip("kznames._core") if _engine.CORE is None else _engine.CORE

# Letters of every script kznames reads, key letters (with the costed pairs), and a few outside
# any table (the core numbers only the cost table's letters).
_SCRIPTS = (
    "aeioukgsxcjztdpbfvmnlrhwyq"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
    "ابتپجچخدرزژسشغفقكگڭلمنوۇۆۈۋەېىيئھ"
    "王伟艾力买买提·"
    "ğışçöüäñé'- "
)
TEXT = st.text(st.sampled_from(_SCRIPTS), max_size=14)
KEYS = st.text("aeioukgsxcjztdpbfvmnlrhwy", max_size=14)


def _table() -> Any:
    substitution, indel = score._costs()
    return core.CostTable(substitution, indel, score._TRANSPOSE)


def compiled_distance(a: str, b: str) -> tuple[float, tuple[str, ...]]:
    result: tuple[float, tuple[str, ...]] = core.distance(a, b, _table())
    return result


def test_the_engine_is_said() -> None:
    assert kznames.engine() == ("python" if _engine.CORE is None else "compiled")
    assert _engine.describe().startswith(kznames.engine())
    if os.environ.get("KZNAMES_PURE") == "1":
        assert kznames.engine() == "python"
        assert "KZNAMES_PURE" in _engine.describe()


@pytest.mark.parametrize(
    ("value", "engine"), [("1", "python"), ("0", "compiled"), ("", "compiled")]
)
def test_kznames_pure_selects_the_python_engine(value: str, engine: str) -> None:
    env = {**os.environ, "KZNAMES_PURE": value}
    out = subprocess.run(
        [sys.executable, "-c", "import kznames; print(kznames.engine())"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert out.stdout.strip() == engine


@settings(max_examples=500)
@given(KEYS, KEYS)
def test_distance_equals_the_python_engine_on_keys(a: str, b: str) -> None:
    assert compiled_distance(a, b) == score._python_distance(a, b)


@settings(max_examples=500)
@given(TEXT, TEXT)
def test_distance_equals_the_python_engine_in_every_script(a: str, b: str) -> None:
    expected = score._python_distance(a, b)
    assert compiled_distance(a, b) == expected
    assert expected == reference_distance.distance(a, b)


@settings(max_examples=300)
@given(st.text("ab", max_size=10), st.text("ab", max_size=10))
def test_distance_with_many_transpositions(a: str, b: str) -> None:
    assert compiled_distance(a, b) == score._python_distance(a, b)


def test_distance_of_long_and_empty_keys() -> None:
    long_a, long_b = "serikzhan" * 40, "serikjan" * 45
    for a, b in [("", ""), ("", "abc"), ("abc", ""), (long_a, long_b), ("a\U0001f600b", "ab")]:
        assert compiled_distance(a, b) == score._python_distance(a, b), (a, b)


def test_the_cost_table_follows_the_costs_read() -> None:
    # The engine's distance rebuilds the core's table when _costs is read again.
    before = score._distance.__wrapped__("serik", "sarik")  # type: ignore[attr-defined]
    score._costs.cache_clear()
    assert score._distance.__wrapped__("serik", "sarik") == before  # type: ignore[attr-defined]
    assert before == score._python_distance("serik", "sarik")


@cache
def _variant_groups() -> list[list[str]]:
    """Every shipped variant (data/variants), grouped by entity."""
    groups: dict[str, list[str]] = {}
    for path in sorted(variants_dir().glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if rows.fieldnames is None or "variant" not in rows.fieldnames:
                continue
            for row in rows:
                groups.setdefault(row["entity_id"], []).append(row["variant"])
    return [sorted(set(g)) for _, g in sorted(groups.items())]


def test_distance_equals_the_python_engine_on_every_shipped_variant() -> None:
    groups = _variant_groups()
    assert sum(len(g) for g in groups) > 5000
    rng = random.Random(19)
    checked = 0
    for group in groups:
        group_keys = sorted({fine_key(t) for name in group for t in tokens(name)})
        other = rng.choice(groups)
        other_keys = [fine_key(t) for t in tokens(rng.choice(other))]
        for i, a in enumerate(group_keys):
            for b in [*group_keys[i + 1 :], *other_keys]:
                assert compiled_distance(a, b) == score._python_distance(a, b), (a, b)
                checked += 1
    assert checked > 10_000


# The end-to-end check: this process's engine against a KZNAMES_PURE=1 process on the same
# names (keys, skeletons, transliterations) and pairs (similarity with its explanation).
_OUTPUTS = """
import json, sys
import kznames
from kznames.score import _fields
names, pairs = json.load(sys.stdin)
out = {
    "engine": kznames.engine(),
    "keys": [kznames.key(n) for n in names],
    "skeletons": [kznames.skeleton(n) for n in names],
    "bgn": [kznames.transliterate(n, "kk-Latn-bgn").text for n in names],
    "similarity": [
        [s.value, s.probability, [list(map(str, f)) for f in _fields(s.explanation)]]
        for s in (kznames.similarity(a, b) for a, b in pairs)
    ],
}
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def _outputs(names: list[str], pairs: list[tuple[str, str]], pure: bool) -> dict[str, Any]:
    env = {**os.environ, "KZNAMES_PURE": "1" if pure else "0"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", _OUTPUTS],
        input=json.dumps([names, pairs]),
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_both_engines_give_the_same_keys_and_scores_on_shipped_variants() -> None:
    rng = random.Random(1919)
    groups = [g for g in _variant_groups() if len(g) > 1]
    sample = rng.sample(groups, min(300, len(groups)))
    names = sorted({n for g in sample for n in g})
    pairs = [(rng.choice(g), rng.choice(g)) for g in sample]
    pairs += [(rng.choice(names), rng.choice(names)) for _ in range(300)]
    compiled = _outputs(names, pairs, pure=False)
    pure = _outputs(names, pairs, pure=True)
    assert (compiled["engine"], pure["engine"]) == ("compiled", "python")
    for field in ("keys", "skeletons", "bgn", "similarity"):
        assert compiled[field] == pure[field], field
