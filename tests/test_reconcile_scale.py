"""reconcile at scale gives the same answer as comparing everything (issue 20, defect 15).

The context step places each one-word form (a lone surname, a misprint) among the words of the
full names. It used to score the form against every such word (quadratic in a text's length);
now a :class:`kznames._near.KeyIndex` proposes the words within similarity's reach. These tests
hold that it never proposes fewer than comparing every pair would keep: for the index alone (a
property against the edit distance), for the keys that bound a token's similarity, and for
whole reconciliations, run both ways on the reconcile corpus and on generated text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from kznames import _window as window
from kznames._near import KeyIndex, reach_keys
from kznames.score import _key_similarity, alignment_score, similarity
from kznames.text import Document, Reconciliation, reconcile
from kznames.text import clustering as text_module

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "reconcile"

# Letters of fine keys, those keydata/costs.tsv prices below 1 first.
_LETTERS = "aeiouk gsxcjztdpbfvmnlrhqy".replace(" ", "")
_keys = st.text(alphabet=st.sampled_from(_LETTERS), min_size=1, max_size=14)


@given(
    query=_keys,
    keys=st.lists(_keys, min_size=1, max_size=30),
    edits=st.lists(st.tuples(st.integers(0, 13), st.sampled_from(_LETTERS)), max_size=3),
    threshold=st.sampled_from([0.5, 0.65, 0.8, 0.9, 1.0]),
)
def test_the_key_index_misses_no_key_within_reach(
    query: str, keys: list[str], edits: list[tuple[int, str]], threshold: float
) -> None:
    # Keys a few edits from the query, so that some are within reach.
    near = list(query)
    for position, letter in edits:
        near.insert(position % (len(near) + 1), letter)
    keys = [*keys, "".join(near), query[::-1]]
    index: KeyIndex[str] = KeyIndex(threshold)
    for key in keys:
        index.add(key, key)
    within = {k for k in keys if _key_similarity(query, k)[0] >= threshold}
    assert within <= index.near(query)


def test_the_key_index_returns_few_keys_out_of_reach() -> None:
    """Not a filter that lets everything through: of 2,000 keys, the near ones."""
    words = [f"{a}{b}{c}ov" for a in ("bil", "tok", "nur", "kas") for b in "aeiou" for c in "ktr"]
    words += [f"x{n:04d}" for n in range(2000 - len(words))]
    index: KeyIndex[str] = KeyIndex(0.8)
    for word in words:
        index.add(word, word)
    found = index.near("bilakov")
    assert {"bilakov", "bilekov", "bilarov"} <= found
    assert len(found) < 20


def test_a_key_added_after_a_query_is_found() -> None:
    """The sorted keys are made again when a key comes after a query, and a key held twice
    gives both its items."""
    index: KeyIndex[int] = KeyIndex(0.8)
    index.add("serikjan", 1)
    assert index.near("serikjan") == {1}
    index.add("serikjon", 2)
    index.add("serikjan", 3)
    index.add("tokaev", 4)
    assert index.near("serikjan") == {1, 2, 3}
    assert index.near("tokaiev") == {4}


@given(
    keys=st.lists(st.text(alphabet=st.sampled_from("abkst"), min_size=3, max_size=6), max_size=40),
    query=st.text(alphabet=st.sampled_from("abkst"), min_size=3, max_size=6),
)
def test_the_walk_skips_only_keys_out_of_reach(keys: list[str], query: str) -> None:
    """Over a small alphabet (many shared prefixes, many skipped), the walk finds every key
    within reach, whatever the order the keys came in."""
    index: KeyIndex[str] = KeyIndex(0.7)
    for key in keys:
        index.add(key, key)
    within = {k for k in keys if _key_similarity(query, k)[0] >= 0.7}
    assert within <= index.near(query)


def test_everything_is_near_at_a_threshold_of_zero() -> None:
    index: KeyIndex[int] = KeyIndex(0.0)
    for number, key in enumerate(("abc", "xyzw", "q")):
        index.add(key, number)
    assert index.near("mmmmmmmm") == {0, 1, 2}


_TOKENS = [
    "Serikzhan", "Серікжан", "Bilash", "Білаш", "Tokayev", "Тоқаев", "Ivanov", "Ivanova",
    "Иванович", "Umarova", "Umanova", "Halemubieke", "Alimbek", "Dawut", "Dawuti", "Raile",
    "Rahile", "Kassym-Jomart", "Ata", "Atajurt", "Qasımulı", "Қасымұлы", "Ahmetjan", "Ахметжан",
    "Zhang", "Wei", "Abdurehim", "Әбдірехим", "Tursun", "Тұрсын", "Sauytbay", "Сауытбай",
]  # fmt: skip


@given(a=st.sampled_from(_TOKENS), b=st.sampled_from(_TOKENS))
def test_reach_keys_bound_the_similarity_of_two_tokens(a: str, b: str) -> None:
    keys_a, keys_b = reach_keys(a), reach_keys(b)
    if keys_a is None or keys_b is None:
        return  # not one token: the context step compares it with every word
    bound = max(_key_similarity(x, y)[0] for x in keys_a for y in keys_b)
    assert alignment_score(a, b) == similarity(a, b).alignment <= bound + 1e-6


def test_reach_keys_is_none_where_no_key_bounds_the_similarity() -> None:
    assert reach_keys("Serikzhan Bilash") is None  # two tokens
    assert reach_keys("S.") is None  # an initial matches any token it begins
    assert reach_keys("...") is None  # no letters
    assert reach_keys("Tokayev") == ("tokaev",)


def _every_pair(self: object, text: str) -> list[int]:
    """The context step as it was: every word of every full name is a candidate, in order (and
    the test turns off the search's stop at two clusters)."""
    return list(range(len(self.full)))  # type: ignore[attr-defined]


def _shown(result: Reconciliation) -> object:
    return (
        result.to_dict(),
        [(m.document, m.start, m.end, m.surface, m.form, m.origin) for m in result.mentions],
    )


def _generated(megabytes: float) -> str:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from reconcile_scale import text
    finally:
        sys.path.remove(str(REPO / "bench"))
    return str(text(megabytes))


def _documents(which: str) -> list[Document | Path]:
    if which == "generated":
        return [Document("names", _generated(0.015))]
    folders = [CORPUS / which] if which != "all-folders" else sorted(CORPUS.iterdir())
    return [p for f in folders if f.is_dir() for p in sorted(f.iterdir()) if p.suffix != ".tsv"]


@pytest.mark.parametrize(
    "which",
    [*sorted(f.name for f in CORPUS.iterdir() if f.is_dir()), "all-folders", "generated"],
)
def test_the_index_gives_the_same_reconciliation_as_every_pair(
    which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = _documents(which)
    indexed = reconcile(documents)
    with monkeypatch.context() as patch:
        patch.setattr(text_module._NearWords, "candidates", _every_pair)
        patch.setattr(text_module, "_STOP_WHEN_AMBIGUOUS", False)
        compared = reconcile(documents)
    assert _shown(indexed) == _shown(compared)
    if which == "generated":
        # Its lone surnames and misprints give the context step work to do.
        joined = [v.why for c in indexed.clusters for v in c.variants if v.why]
        assert any(w.startswith("probable misspelling") for w in joined)
        assert any(w.startswith("lone surname") for w in joined)


@pytest.mark.parametrize("which", ["all-folders", "generated"])
def test_mentions_found_through_a_small_window_are_those_of_the_whole_text(
    which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """find_mentions keeps a window of its words and their readings (kznames._window); one of
    six items, made three at a time, gives the reconciliation of keeping them all, though
    items leave it and are made again."""
    documents = _documents(which)
    with monkeypatch.context() as patch:
        patch.setattr(window, "KEEP", 10**9)
        whole = reconcile(documents)
    with monkeypatch.context() as patch:
        patch.setattr(window, "KEEP", 3)
        patch.setattr(window, "BATCH", 3)
        small = reconcile(documents)
    assert _shown(small) == _shown(whole)


_WORDS = regex.compile(r"\p{Han}|\p{L}(?:\p{L}|['\-](?=\p{L}))*")


@given(
    text=st.text(alphabet=st.sampled_from("ab  - 'c\u4e00\u0430.\n"), max_size=60),
    asked=st.lists(st.integers(-25, 25) | st.tuples(st.integers(-25, 25), st.integers(-25, 25))),
    keep=st.integers(1, 4),
    batch=st.integers(1, 5),
)
def test_a_window_of_words_gives_what_the_whole_list_gives(
    text: str, asked: list[int | tuple[int, int]], keep: int, batch: int
) -> None:
    """WordMatches and PerWord answer every index and slice as the lists they stand for, in
    any order of asking, items leaving the window and made again."""
    expected = list(_WORDS.finditer(text))
    lengths = [len(m.group()) for m in expected]
    original = window.BATCH
    window.BATCH = batch  # given by hypothesis: no fixture per example
    try:
        words = window.WordMatches(_WORDS, text, keep)
        per_word = window.PerWord(lambda n: len(words[n].group()), len(words), keep)
        assert len(words) == len(expected)
        assert len(per_word) == len(expected)
        assert [m.span() for m in words] == [m.span() for m in expected]
        for item in asked:
            if isinstance(item, tuple):
                part = slice(*item)
                assert [m.span() for m in words[part]] == [m.span() for m in expected[part]]
                assert per_word[part] == lengths[part]
            elif -len(expected) <= item < len(expected):
                first = words[item]
                assert first.span() == expected[item].span()
                assert words[item].span() == first.span()
                assert per_word[item] == lengths[item]
            else:
                with pytest.raises(IndexError):
                    words[item]
                with pytest.raises(IndexError):
                    per_word[item]
    finally:
        window.BATCH = original


def test_a_misprint_near_two_clusters_joins_neither_with_or_without_the_early_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Umanova is within reach of Umarova in three people's names: the search stops at the
    second cluster, and the answer is the full search's (no join)."""
    documents = [
        Document("a", "Aiman Umarova, Dana Umarova and Gulnar Umarova met. Then Umanova spoke."),
        Document("b", "Ерлан Тоқаев spoke. Тоқаев left; Токайев stayed."),
    ]
    calls: list[int] = []
    walk = text_module._NearWords.candidates

    def counted(self: text_module._NearWords, text: str) -> Iterator[int]:
        for position in walk(self, text):
            calls.append(position)
            yield position

    with monkeypatch.context() as patch:
        patch.setattr(text_module._NearWords, "candidates", counted)
        stopped = reconcile(documents)
    read = len(calls)
    with monkeypatch.context() as patch:
        patch.setattr(text_module._NearWords, "candidates", counted)
        patch.setattr(text_module, "_STOP_WHEN_AMBIGUOUS", False)
        full = reconcile(documents)
    assert _shown(stopped) == _shown(full)
    assert read < len(calls) - read  # the early stop read fewer candidates
    umanova = [v for c in stopped.clusters for v in c.variants if v.form == "Umanova"]
    assert umanova
    assert not umanova[0].why.startswith("probable misspelling")


def test_each_variant_is_explained_by_its_closest_spelling() -> None:
    """_clusters picks the closest spelling by alignment_score: the one similarity picks."""
    result = reconcile(_documents("dev"))
    checked = 0
    for cluster in result.clusters:
        forms = [v.form for v in cluster.variants]
        for variant in cluster.variants:
            if variant.form == cluster.canonical or not variant.why.count("~"):
                continue
            if variant.why.startswith(("gazetteer:", "lone surname", "probable misspelling")):
                continue
            others = [f for f in forms if f != variant.form]
            closest = max(others, key=lambda f: (similarity(variant.form, f).alignment, f))
            assert variant.why == str(similarity(closest, variant.form).explanation)
            checked += 1
    assert checked


_NAMES = [
    *_TOKENS,
    "Serikzhan Bilash",
    "Bilash Serikzhan",
    "S. Bilash",
    "Aiman Umarova",
    "Ata Jurt",
]


@given(a=st.sampled_from(_NAMES), b=st.sampled_from(_NAMES))
def test_alignment_score_is_symmetric_to_the_bit(a: str, b: str) -> None:
    # _clusters scores each pair of a cluster's spellings once, for both orders.
    assert alignment_score(a, b) == alignment_score(b, a)


def test_reconcile_keeps_the_memos_within_the_budget_and_the_budget_changes_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kznames import _memo

    documents = [Document("names", _generated(0.01))]
    usage: list[int] = []
    find = text_module.find_mentions

    def recording(*args: object, **kwargs: object) -> object:
        usage.append(_memo.memo_usage())
        return find(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text_module, "find_mentions", recording)
    answers = []
    # The default budget, a budget that empties memos many times over, and none at all.
    for budget in (_memo.memo_budget(), 100_000, 0):
        with _memo.capped(budget):
            answers.append(_shown(reconcile(documents)))
            assert _memo.memo_usage() <= budget
    assert usage
    assert max(usage) <= _memo.memo_budget()
    assert answers[0] == answers[1] == answers[2]


def test_nested_caps_keep_the_lowest_until_each_ends() -> None:
    from kznames._memo import Memo, capped, memo_budget

    memo: Memo[str, str] = Memo()
    with capped(5_000):
        with capped(50_000):
            assert memo.limit == 5_000
            later: Memo[str, str] = Memo()  # made under the caps
            assert later.limit == 5_000
        with capped(1_000):
            assert memo.limit == 1_000
        assert memo.limit == 5_000
    assert memo.limit == later.limit == memo_budget()


def _frozen_here(chunk: list[int]) -> list[int]:
    import gc

    return [gc.get_freeze_count() for _ in chunk]


def test_pool_workers_leave_what_they_inherit_out_of_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deduplication's workers (reconcile's clustering) do not walk the parent's objects in
    their collections (gc.freeze before the fork), and the parent is unfrozen after."""
    import gc

    from kznames.deduplication import dedup, parallel

    if not parallel.may_fork():
        pytest.skip("no fork here: everything runs in one process")
    monkeypatch.setattr(parallel, "_CHUNK", 1)
    inherited = parallel._map(_frozen_here, list(range(8)), workers=2)
    assert min(inherited) > 0
    assert gc.get_freeze_count() == 0
    names = [f"Serikzhan Bilash{n % 5}" for n in range(40)]
    monkeypatch.setattr(parallel, "_CHUNK", 4)
    assert dedup(names, workers=2).cluster_ids == dedup(names, workers=1).cluster_ids
    assert gc.get_freeze_count() == 0
