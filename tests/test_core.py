"""The compiled core against the pure-Python engine: the same figures, edits, keys and scores.

The differential tests call both engines in one process (the compiled functions directly) and,
end to end, compare this process's results with those of a process run with ``KZNAMES_PURE=1``.
Without a built core (``make core`` in a source tree) the compiled side is skipped; the Python
engine's own tests still run.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import pickle
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
import reference_matcher
from kznames import _engine, score
from kznames.phonetic import fine_key, tokens
from kznames.resources import variants_dir
from kznames.schemes.fileformat import Rule
from support import REPO
from test_matcher import RULES, _corpus_words, _rewriters, _words_for

if _engine._WHY == _engine.STALE:  # the module imports, but is not this source's: not compared
    pytest.skip(_engine.STALE, allow_module_level=True)
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


@settings(max_examples=300)
@given(KEYS, KEYS)
def test_distance_by_the_pinyin_costs_equals_the_python_engine(a: str, b: str) -> None:
    # keydata/costs-pinyin.tsv: a Chinese word against a word of another script.
    table = core.CostTable(*score._pinyin_costs(), score._TRANSPOSE)
    expected = score._python_distance(a, b, pinyin=True)
    assert core.distance(a, b, table) == expected
    assert score._distance.__wrapped__(a, b, True) == expected  # type: ignore[attr-defined]


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
from kznames.names import parse
from kznames.phonetic import token_parts, tokens
from kznames.score import _fields
names, pairs = json.load(sys.stdin)
named = [(n, lang) for n in names for lang in ("kk", "ru")]
out = {
    "engine": kznames.engine(),
    "keys": [kznames.key(n) for n in names],
    "skeletons": [kznames.skeleton(n) for n in names],
    "bgn": [kznames.transliterate(n, "kk-Latn-bgn").text for n in names],
    "bgn, source named": [
        list(kznames.transliterate(n, f"{lang}-Latn-bgn", source=f"{lang}-Cyrl")[:4])
        for n, lang in named
    ],
    "token parts": [list(token_parts(t)) for n in names for t in tokens(n)],
    "tokens": [[[t.text, t.pivot, t.fine, t.key, t.kind, t.reading] for t in parse(n)]
               for n in names],
    "similarity": [
        [s.value, s.probability, [list(map(str, f)) for f in _fields(s.explanation)]]
        for s in (kznames.similarity(a, b) for a, b in pairs)
    ],
    "dedup": kznames.dedup(names, workers=1).cluster_ids,
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
    # The whole key path (token parts, token records), transliteration by a named source
    # (PlainRoute) and dedup's clusters too: the Python side here runs no compiled code at all,
    # where the in-process differential tests' references may call the core's Letters.
    fields = ("keys", "skeletons", "bgn", "bgn, source named", "token parts", "tokens")
    for field in (*fields, "similarity", "dedup"):
        assert compiled[field] == pure[field], field


# The rule matcher: core.Rules against the plain reference matcher, on random rule lists and on
# every shipped rule list (test_matcher.py runs the engine's Matcher, core or not, the same way).


def _core_rules(rules: list[Rule] | tuple[Rule, ...]) -> Any:
    """``rules`` as the core's matcher, as the engine builds it (a property class: ``raw``)."""
    conditions = [
        tuple(("raw" if c.raw else c.kind, c.negated, c.members) for c in r.conditions)
        for r in rules
    ]
    return core.Rules([(r.source, r.target, c) for r, c in zip(rules, conditions, strict=True)])


@settings(max_examples=500)
@given(st.data())
def test_rules_equal_the_reference_on_random_rules(data: st.DataObject) -> None:
    rules = data.draw(RULES)
    words = data.draw(st.lists(_words_for(rules), min_size=1, max_size=8))
    compiled = _core_rules(rules)
    for word in words:
        assert compiled.finditer(word) == reference_matcher.matches(rules, word)
        assert compiled.sub(word) == reference_matcher.rewrite(rules, word)


@pytest.mark.parametrize("name", sorted(_rewriters()))
def test_rules_equal_the_reference_on_shipped_rules(name: str) -> None:
    rewriter = _rewriters()[name]
    if any(c.raw for r in rewriter.rules for c in r.conditions):
        with pytest.raises(ValueError, match="property"):
            _core_rules(rewriter.rules)
        return
    compiled = _core_rules(rewriter.rules)
    words = _corpus_words()
    rng = random.Random(name)
    alphabet = sorted(rewriter.alphabet | set("a-' "))
    words += ["".join(rng.choices(alphabet, k=rng.randint(1, 10))) for _ in range(2000)]
    for word in words:
        assert compiled.finditer(word) == reference_matcher.matches(rewriter.rules, word), word
        assert compiled.sub(word) == reference_matcher.rewrite(rewriter.rules, word), word


def test_rules_refuse_what_they_cannot_run() -> None:
    for rules, message in [
        ([("", "x", ())], "source"),
        ([("a", "x", (("inword", False, ()),))], "needs letters"),
        ([("a", "x", (("nearby", False, ("b",)),))], "unknown condition"),
        ([("a", "x", (("raw", False, (r"\p{Han}",)),))], "property"),
    ]:
        with pytest.raises(ValueError, match=message):
            core.Rules(rules)


def test_the_engine_runs_shipped_rules_in_the_core() -> None:
    # Every shipped rule list but those with a property class runs in the core when it is on.
    rewriters = _rewriters()
    in_core = {name for name, r in rewriters.items() if r._matcher._core is not None}
    with_class = {
        name for name, r in rewriters.items() if any(c.raw for x in r.rules for c in x.conditions)
    }
    if _engine.CORE is None:
        assert in_core == set()
    else:
        assert in_core == set(rewriters) - with_class
        assert len(in_core) > 30


# A word's letters through a scheme direction: core.Letters against the Python code it stands
# in for, on words of every script in every case (lower, capitals, a capital first letter, mixed).


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.title(), word.swapcase(), word.capitalize()][how % 5]


@pytest.mark.parametrize("name", sorted(_rewriters()))
def test_letters_equal_the_python_engine_on_shipped_schemes(name: str) -> None:
    rewriter = _rewriters()[name]
    python = copy.copy(rewriter)
    python._letters = None
    rng = random.Random(name)
    alphabet = sorted(rewriter.alphabet | set("aIİıi'-ßǅ") | set(_SCRIPTS))
    words = [w for w in _corpus_words() if w.isalpha()][:3000]
    words += ["".join(rng.choices(alphabet, k=rng.randint(1, 10))) for _ in range(1500)]
    for i, word in enumerate(words):
        cased = _cased(word, i)
        assert rewriter._rewrite_letters(cased) == python._rewrite_letters(cased), cased


@settings(max_examples=300)
@given(st.sampled_from(sorted(_rewriters())), TEXT, st.integers(0, 4))
def test_letters_equal_the_python_engine_on_random_words(name: str, word: str, how: int) -> None:
    rewriter = _rewriters()[name]
    python = copy.copy(rewriter)
    python._letters = None
    cased = _cased(word.replace(" ", ""), how)
    assert rewriter._rewrite_letters(cased) == python._rewrite_letters(cased)


def test_a_rewriter_pickles_with_the_core() -> None:
    rewriter = _rewriters()["kk-Latn-bgn forward"]
    clone = pickle.loads(pickle.dumps(rewriter))
    assert (clone._letters is None) == (rewriter._letters is None)
    for word in ("Серікжан", "БІЛАШ", "шығыс", "ҚаЗаҚ"):
        assert clone.rewrite_word(word) == rewriter.rewrite_word(word)


# A memo's ``put`` (``Memo._put`` in Python, ``core.MemoPut`` with the core): the same entries
# kept, the same size counted, the memo emptied at the same put (by its own limit or by its
# budget's); str and tuple keys (nested too), the caller's count of characters or none, limits
# and lengths that refuse some keys.
_MEMO_KEYS = st.one_of(
    st.text("abcя", max_size=6),
    st.tuples(st.text("ab", max_size=3), st.none(), st.text("cd", max_size=3)),
    st.tuples(st.tuples(st.text("ab", max_size=4), st.integers(0, 3)), st.text("x", max_size=2)),
    st.integers(0, 5),
)
_PUTS = st.lists(
    st.tuples(_MEMO_KEYS, st.integers(0, 9), st.one_of(st.none(), st.integers(0, 12))),
    max_size=40,
)


@settings(max_examples=400)
@given(_PUTS, st.integers(150, 900), st.integers(150, 900), st.integers(0, 8))
def test_memo_put_equals_the_python_engine(
    puts: list[tuple[Any, int, int | None]], limit: int, budget: int, longest: int
) -> None:
    from kznames._memo import _ENTRY, _PER_CHARACTER, Memo, _Budget

    python: Memo[Any, int] = Memo(limit=limit, longest=longest)
    compiled: Memo[Any, int] = Memo(limit=limit, longest=longest)
    # Each memo alone in a budget of its own, so that the two do not empty each other.
    python.budget, compiled.budget = _Budget(budget), _Budget(budget)
    python.limit = compiled.limit = min(limit, budget)  # as kznames._memo sets it
    python.put = python._put
    compiled.put = core.MemoPut(
        compiled, _ENTRY, _PER_CHARACTER, compiled.budget, compiled.budget.make_room
    )
    for key, value, characters in puts:
        assert compiled.put(key, value, characters) == python.put(key, value, characters)
        assert compiled._data == python._data
        assert compiled.size == python.size == python.budget.used == compiled.budget.used
        assert python.budget.used <= budget
    compiled.limit = python.limit = 0  # a lower budget (set_memo_budget) is read at each put
    assert compiled.put("a", 1) == python.put("a", 1) == 1
    assert compiled._data == python._data


def test_memo_put_is_the_compiled_one() -> None:
    from kznames._memo import Memo

    memo: Memo[str, str] = Memo()
    assert isinstance(memo.put, core.MemoPut) == (_engine.CORE is not None)
