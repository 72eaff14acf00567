"""The fast rule matcher against a plain reference: random rule lists, every shipped scheme."""

from __future__ import annotations

import pickle
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference_matcher
from kznames.phonetic import _arabic_letters, folds
from kznames.schemes import DATA_DIR, get_normalizer, get_scheme, scheme_tags
from kznames.schemes.engine import Rewriter, reference_pattern
from kznames.schemes.fileformat import Condition, Rule
from kznames.schemes.matcher import Matcher
from support import REPO, shared_dir

# A small alphabet, so that random rules and words meet often; ' and . are not letters, and the
# regex metacharacters check the escaping.
LETTERS = "abcxyə'.*("


def _members(min_size: int = 1) -> st.SearchStrategy[tuple[str, ...]]:
    member = st.text(LETTERS, min_size=1, max_size=2)
    return st.lists(member, min_size=min_size, max_size=3).map(tuple)


CONDITIONS = st.one_of(
    st.builds(Condition, st.sampled_from(["initial", "final"]), st.booleans()),
    st.builds(Condition, st.sampled_from(["after", "before", "inword"]), st.booleans(), _members()),
    # inword with single letters: decided once per word by the fast matcher
    st.builds(
        Condition,
        st.just("inword"),
        st.booleans(),
        st.lists(st.sampled_from(LETTERS), min_size=1, max_size=3).map(tuple),
    ),
)
RULES = st.lists(
    st.builds(
        Rule,
        st.text(LETTERS, min_size=1, max_size=3),
        st.text("pqr", max_size=2),
        st.lists(CONDITIONS, max_size=2).map(tuple),
    ),
    min_size=1,
    max_size=8,
)
WORDS = st.text(LETTERS, max_size=12)


def _words_for(rules: list[Rule]) -> st.SearchStrategy[str]:
    """Words made of the rules' own sources and context members, and single letters."""
    pieces = {r.source for r in rules} | {m for r in rules for c in r.conditions for m in c.members}
    piece = st.sampled_from(sorted(pieces | set(LETTERS)))
    return st.one_of(WORDS, st.lists(piece, max_size=6).map("".join))


@settings(max_examples=400)
@given(st.data())
def test_matcher_equals_reference_on_random_rules(data: st.DataObject) -> None:
    rules = data.draw(RULES)
    words = data.draw(st.lists(_words_for(rules), min_size=1, max_size=8))
    matcher = Matcher(rules, reference_pattern(rules))
    for word in words:
        expected = reference_matcher.matches(rules, word)
        assert list(matcher.finditer(word)) == expected
        assert matcher.sub(word) == reference_matcher.rewrite(rules, word)


def test_a_property_class_keeps_the_reference_pattern() -> None:
    han = Condition("after", False, (r"\p{Han}",), r"\p{Han}", raw=True)
    rules = [Rule("·", " ", (han,))]
    matcher = Matcher(rules, reference_pattern(rules))
    assert matcher.sub("王·伟·x·") == "王 伟 x·"
    assert list(matcher.finditer("王·伟")) == reference_matcher.matches(rules, "王·伟")


def test_a_rewriter_pickles_with_its_matchers() -> None:
    # Key pass 1 has an inword condition (compiled per word), BGN a plain rule list.
    for rewriter, words in (
        (folds()[0], ["qasim", "ⱪasim", "shəxs", "alexander"]),
        (get_scheme("kk-Latn-bgn").forward, ["Серікжан", "ҚАЗАҚСТАН", "Шығыс"]),
    ):
        copy = pickle.loads(pickle.dumps(rewriter))
        assert [copy.rewrite_word(w) for w in words] == [rewriter.rewrite_word(w) for w in words]


def test_single_letter_inword_is_decided_per_word() -> None:
    front = Condition("inword", False, ("ə", "x"), "front")
    rules = [Rule("a", "ä", (front,)), Rule("a", "a")]
    matcher = Matcher(rules, reference_pattern(rules))
    assert [matcher.sub(w) for w in ("aba", "abəa", "xaa", "")] == ["aba", "äbəä", "xää", ""]


@cache
def _rewriters() -> dict[str, Rewriter]:
    """Every compiled rule list kznames ships: scheme directions, normalisers, key passes."""
    out: dict[str, Rewriter] = {}
    for tag in scheme_tags():
        scheme = get_scheme(tag)
        out[f"{tag} forward"] = scheme.forward
        if scheme.reverse is not None:
            out[f"{tag} reverse"] = scheme.reverse
    for path in sorted(DATA_DIR.glob("*.normalize")):
        normalizer = get_normalizer(path.stem)
        assert normalizer is not None
        out[path.name] = normalizer
    for number, fold in enumerate(folds() + folds(("fold-4-coarse.scheme",)), 1):
        out[f"fold {number}"] = fold
    out["arabic letters"] = _arabic_letters()
    return out


def _corpus_words() -> list[str]:
    """Words of real names: the eval files, the golden names, and their pivots."""
    texts = (REPO / "tests" / "golden" / "names.txt").read_text(encoding="utf-8").splitlines()
    for name in ("dev_groups.tsv", "news_groups.tsv"):
        for line in (shared_dir() / "eval" / name).read_text(encoding="utf-8").splitlines()[1:]:
            texts.append(line.split("\t")[2])
    words = {w.lower() for text in texts for w in text.replace("-", " ").split()}
    from kznames.phonetic import pivot

    words |= {pivot(w) for w in list(words)}
    return sorted(words)


@pytest.mark.parametrize("name", sorted(_rewriters()))
def test_shipped_rules_match_as_the_reference_on_real_words(name: str) -> None:
    rewriter = _rewriters()[name]
    rules = rewriter.rules
    words = _corpus_words()
    fast = [list(rewriter._matcher.finditer(w)) for w in words]
    reference = [reference_matcher.matches(rules, w) for w in words]
    assert fast == reference


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_shipped_rules_match_as_the_reference_on_random_words(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(_rewriters())))
    rewriter = _rewriters()[name]
    alphabet = sorted(rewriter.alphabet | set("a-' "))
    words = data.draw(st.lists(st.text(alphabet, max_size=10), min_size=1, max_size=20))
    for word in words:
        assert list(rewriter._matcher.finditer(word)) == reference_matcher.matches(
            rewriter.rules, word
        ), (name, word)


def test_every_scheme_file_is_covered() -> None:
    files = {p.stem for p in DATA_DIR.glob("*.scheme")}
    assert files <= {name.split(" ")[0] for name in _rewriters()}
    assert Path(DATA_DIR).is_dir()
