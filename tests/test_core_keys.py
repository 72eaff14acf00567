"""The compiled key path (``_core.TokenPath``) against the Python functions it stands for.

``phonetic.token_parts`` runs a token of Cyrillic letters from its text to its keys in one call
of the core, and any other token from its pivot; ``token_folds`` and ``key_of_fine`` call the
same object. Each is held equal here to the Python reference (``_python_token_folds``,
``_python_key_of_fine``, ``pivot_of``) on random text in every script, in every case, on the
corpus words and on every shipped variant. Skipped without a built core (``make core``).
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames import _engine, names, phonetic
from kznames.clean import normalize
from kznames.phonetic import (
    _python_key_of_fine,
    _python_token_folds,
    pivot_of,
    tokens,
)
from kznames.scripts import cyrillic_letters, detect_script
from test_core import _variant_groups
from test_matcher import _corpus_words

pytestmark = pytest.mark.skipif(_engine.CORE is None, reason=_engine.describe())

_SCRIPTS = (
    "aeioukgsxcjztdpbfvmnlrhwyqAEIKSZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБЖҚІЁӘҒҢӨҰҮҺЇЄЎҶӢӮҖ"
    "ابتپجچخدرزژسشغفقكگڭلمنوۇۆۈۋەېىيئھ"
    "王伟艾力·"
    "ğışçöüäñéǎíāİIŵßǅ'`’-. 0123"
)
TEXT = st.text(st.sampled_from(_SCRIPTS), max_size=20)
# Every letter of the Cyrillic blocks (with a few outside them), in any case.
CYRILLIC = st.text(
    st.sampled_from([chr(c) for c in range(0x400, 0x530)] + list("aİI-'")), min_size=1, max_size=16
)


def _path() -> Any:
    path = phonetic._token_path()
    assert path is not None  # the core runs every fold pass and the Cyrillic direction
    return path


def _reference(token: str) -> tuple[str, str, str, str]:
    p = pivot_of(token)
    letters, fine = _python_token_folds(p)
    return p, letters, fine, _python_key_of_fine(fine)


def _check(token: str) -> None:
    token = token[: phonetic.MAX_TOKEN_LETTERS]
    expected = _reference(token)
    path = _path()
    done = path.token(token)
    if done is not None:
        assert done == expected, token
    folded = path.folds(expected[0])
    if folded is not None:
        assert folded == expected[1:], token
        assert path.folds(expected[0], False) == (*expected[1:3], None)
    else:  # only a pivot with a letter no fold reads goes the Python way
        assert not phonetic._fold_alphabet().issuperset(
            c for c in expected[0].replace("-", "") if not c.isascii()
        )
    assert path.key(expected[2]) == expected[3]
    assert phonetic.token_parts(token) == expected


@settings(max_examples=600)
@given(TEXT, st.integers(0, 4))
def test_token_path_equals_the_python_functions_on_random_text(text: str, how: int) -> None:
    word = [text, text.upper(), text.title(), text.swapcase(), text.capitalize()][how]
    for token in tokens(word) or [word]:
        _check(token)


@settings(max_examples=600)
@given(CYRILLIC)
def test_token_path_equals_the_python_functions_on_cyrillic_letters(token: str) -> None:
    _check(token)


# Every letter and mark of the Arabic block (with a few outside it), Uyghur letters more often.
ARABIC = st.text(
    st.sampled_from([chr(c) for c in range(0x600, 0x700)] + list("ئۇيغرەېۈۆڭ" * 8) + ["a", "-"]),
    min_size=1,
    max_size=14,
)


@settings(max_examples=800)
@given(ARABIC)
def test_token_path_equals_the_python_functions_on_arabic_letters(token: str) -> None:
    _check(token)


def test_token_path_equals_the_python_functions_on_real_words() -> None:
    words = _corpus_words()
    words += [name for group in _variant_groups() for name in group]
    rng = random.Random(19)
    for word in rng.sample(words, min(6000, len(words))):
        for token in tokens(word):
            _check(token)


def test_the_key_of_random_key_text_equals_the_python_function() -> None:
    rng = random.Random(1919)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789aaeeiioo"
    path = _path()
    for _ in range(5000):
        fine = "".join(rng.choices(letters, k=rng.randint(0, 12)))
        assert path.key(fine) == _python_key_of_fine(fine), fine


def test_cyrillic_and_uyghur_tokens_take_the_compiled_way() -> None:
    path = _path()
    for token in ("Серікжан", "БІЛАШ", "Қабылұлы", "жақыпов", "Ёлкин"):
        assert path.token(token) == _reference(token)
    for token in ("ئۇيغۇر", "ئەخمەت", "تۇرسۇن", "مۇھەممەت"):  # Arabic script read as Uyghur
        assert path.token(token) == _reference(token)
    for token in ("Serikzhan", "伊力哈木", "Сер-ік", "Серiкжан", "برهان", "ئۇيغۇرa", ""):
        assert path.token(token) is None  # not Cyrillic letters alone, nor Uyghur ones


@cache
def _cyrillic() -> str:
    return cyrillic_letters()


@settings(max_examples=500)
@given(st.text(st.sampled_from(sorted(set(_cyrillic()))), min_size=1, max_size=12))
def test_a_word_of_the_cyrillic_letters_is_cyrillic_as_it_is(word: str) -> None:
    # What TokenPath.token skips: normalize() and detect_script() of such a word.
    assert normalize(word) == word
    assert unicodedata.is_normalized("NFC", word)
    assert detect_script(word) == "Cyrl"
    assert word.isalpha()


def test_the_cyrillic_letters_are_the_alphabets_ones() -> None:
    letters = set(_cyrillic())
    assert set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБВЁӘҒҚҢӨҰҮҺІЇЄЎҖ") <= letters
    assert not letters & set("\u0483\u0488\u0489abc-")  # marks, Latin, punctuation


# A name's key from its tokens' keys: the core's NameKey against names._key_of_keys, on token
# keys (ASCII a-z and 0-9, as key() documents them).

KEY_LISTS = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789aeiou", max_size=9), max_size=5)


@settings(max_examples=1000)
@given(KEY_LISTS)
def test_name_key_equals_the_python_function(keys: list[str]) -> None:
    from kznames import names

    maker = names._key_maker()
    assert maker is not names._key_of_keys  # the core runs the name pass
    assert maker(list(keys)) == names._key_of_keys(list(keys))


def test_name_key_equals_the_python_function_on_real_names() -> None:
    from kznames import names

    maker = names._key_maker()
    words = [name for group in _variant_groups() for name in group]
    for name in random.Random(7).sample(words, min(5000, len(words))):
        keys = names._core_keys(name)
        assert maker(keys) == names._key_of_keys(keys), name


# A name from its text to its key: the core's NamePath against names._key_of_name, from an empty
# token memo and from a filled one.

_PLAIN = "aeiouksztnmlrbdghjvxyqAEKSZ0129 ,.абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБЖҚІЁ"
NAMES = st.text(st.sampled_from(_PLAIN + "-'’`·()王ئاé\u200b"), max_size=30)


def _name_path() -> Any:
    from kznames import names

    path = names._key_path()
    assert path is not names._key_of_name  # the core runs the name's way
    return path


def _check_name(name: str) -> None:
    from kznames import names
    from kznames.phonetic import unhyphenate

    path = _name_path()
    cut = path.tokens(name)
    if cut is not None:
        assert cut == tokens(unhyphenate(name)), name
    names._token_memo.clear()
    expected = names._key_of_name(name)
    assert path(name) == expected, name  # the token memo filled by the reference
    names._token_memo.clear()
    assert path(name) == expected, name  # by the core
    assert {t for t in tokens(unhyphenate(name)) if t} <= set(names._token_memo._data)


@settings(max_examples=800)
@given(NAMES)
def test_name_path_equals_the_python_functions_on_random_names(name: str) -> None:
    _check_name(name)


@settings(max_examples=300)
@given(st.text(st.sampled_from(_PLAIN), min_size=60, max_size=90))
def test_name_path_cuts_long_tokens_as_the_python_functions(name: str) -> None:
    _check_name(name)


def test_name_path_equals_the_python_functions_on_real_names() -> None:
    words = [name for group in _variant_groups() for name in group]
    for name in random.Random(17).sample(words, min(4000, len(words))):
        _check_name(name)


def test_plain_names_take_the_compiled_way() -> None:
    path = _name_path()
    assert path.tokens("BILASH, Serikzhan  A.") == ["BILASH", "Serikzhan", "A"]
    assert path.tokens("Серікжан Білаш") == ["Серікжан", "Білаш"]
    for name in ("Ata-Jurt", "O'Brien", "Aлматы", "伊力哈木", "Serikzhan (Bilash)"):
        assert path.tokens(name) is None  # cleaned, joined or cut otherwise: the Python way


def _check_token_record(text: str) -> None:
    """``TokenMaker`` (what parse and NamePath call for a new token) against ``_new_token``: the
    same record, of the same class, equal and hashed alike, still frozen."""
    from dataclasses import FrozenInstanceError

    maker = names._token_maker()
    made, expected = maker(text), names._new_token(text)
    assert made == expected, text
    if made is not None:
        assert type(made) is names.NameToken
        assert hash(made) == hash(expected)
        with pytest.raises(FrozenInstanceError):
            made.kind = "name"  # type: ignore[misc]


def test_the_token_maker_is_the_compiled_one() -> None:
    assert isinstance(names._token_maker(), _engine.CORE.TokenMaker)  # type: ignore[union-attr]


@settings(max_examples=600)
@given(TEXT, st.integers(0, 4))
def test_token_maker_equals_new_token_on_random_text(text: str, how: int) -> None:
    _check_token_record([text, text.upper(), text.title(), text.swapcase(), text.lower()][how])


@settings(max_examples=600)
@given(CYRILLIC)
def test_token_maker_equals_new_token_on_cyrillic_letters(token: str) -> None:
    _check_token_record(token)


@settings(max_examples=300)
@given(ARABIC)
def test_token_maker_equals_new_token_on_arabic_letters(token: str) -> None:
    _check_token_record(token)


def test_token_maker_equals_new_token_on_every_kind() -> None:
    # Initials, particles (Cyrillic spellings of the particles' letter classes), titles,
    # patronymics of every ending, long tokens (cut at MAX_TOKEN_LETTERS), corpus words.
    assert names._token_maker()("Иванович").kind == "patronymic"  # type: ignore[union-attr]
    assert names._token_maker()("Ә").kind == "initial"  # type: ignore[union-attr]
    assert names._token_maker()("Проф").kind == "particle"  # type: ignore[union-attr]
    for text in (
        "Ә",
        "ә",
        "Иванович",
        "Ивановна",
        "Қасымұлы",
        "Нұрланқызы",
        "Мамедоглы",
        "ибн",
        "Ибн",
        "аль",
        "Проф",
        "ПРОФ",
        "Мр",
        "ъ",
        "ьъ",
        "Ж" * 80,
        "а" * 70,
        "ئەخمەت",
        "Serik",
        "王伟",
        "",
    ):
        _check_token_record(text)
    for word in _corpus_words()[:4000]:
        _check_token_record(word)


def test_a_str_subclass_is_keyed_as_its_text() -> None:
    # The core's NamePath takes a plain str; a subclass failed there with TypeError (it did
    # since NamePath landed) and is now keyed as the str it holds.
    import kznames

    class Name(str):
        pass

    for text in ("Серікжан Білаш", "Serikzhan Bilash", "ئەخمەت", "王伟", ""):
        names._key_memo.clear()
        expected = kznames.key(text)
        names._key_memo.clear()
        assert kznames.key(Name(text)) == expected, text
