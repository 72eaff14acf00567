"""Contexts, longest match, case and memoisation of the compiled rewriter."""

from __future__ import annotations

from pathlib import Path

from kznames.schemes import Scheme
from kznames.schemes.engine import lower, upper
from kznames.schemes.fileformat import parse_scheme_text
from support import SCHEME_HEADER

SCHEME = (
    SCHEME_HEADER.format(reversible="false")
    + """
[classes]
vowel = а е о

[rules]
а	a
о	o
т	t
с	s
тс	t·s
ж	zh
е	ye	initial
е	ye	after=vowel
е	e	final
е	e
к	k	!before=vowel
к	q
"""
)


def rewriter() -> Scheme:
    return Scheme(parse_scheme_text(SCHEME, Path("t.scheme")))


def rw(text: str) -> str:
    return rewriter().forward.rewrite(text)[0]


def test_longest_match_wins() -> None:
    assert rw("тсо") == "t·so"
    assert rw("тос") == "tos"


def test_word_initial_after_vowel_and_final_contexts() -> None:
    assert rw("ета") == "yeta"
    assert rw("тает") == "tayet"
    assert rw("тте") == "tte"  # final beats the plain rule; initial does not apply
    assert rw("тетт") == "tett"


def test_negated_context() -> None:
    assert rw("кат к") == "qat k"  # к before a vowel -> q, elsewhere k


def test_contexts_do_not_cross_word_boundaries() -> None:
    assert rw("та-ета а ета") == "ta-yeta a yeta"


def test_case_is_derived_from_lower_case_rules() -> None:
    assert rw("Жат") == "Zhat"
    assert rw("ЖАТ") == "ZHAT"
    assert rw("Ж.") == "Zh."  # a lone capital is an initial, not a shout
    assert rw("жАт") == "zhAt"


def test_unconverted_letters_pass_through_and_are_reported() -> None:
    text, untouched = rewriter().forward.rewrite("тат Smith 2019 тәт")
    assert text == "tat Smith 2019 tәt"
    assert untouched == ["Smith", "тәт"]


def test_turkic_casing() -> None:
    assert upper("iı", "turkic") == "İI"
    assert lower("İI", "turkic") == "iı"
    assert lower("İstanbul", "default") == "istanbul"
    assert len(lower("İİİ", "default")) == 3


def test_words_are_memoised() -> None:
    forward = rewriter().forward
    forward.rewrite("тат тат")
    # A chunk that is one word is kept once, as a chunk, not again as a word.
    assert forward._chunks.get("тат") is not None
    assert forward._cache.get("тат") is None
    forward.rewrite("тат,")  # a word inside a longer chunk is kept as a word
    assert forward._cache.get("тат") is not None
    forward.rewrite_word("тата")
    assert forward._cache.get("тата") is not None
