"""The key path's unmemoised steps against the memoised code they stand for: the same text.

A name's tokens are computed once each and kept whole in the token memo (``names._new_token``),
through ``Rewriter.rewrite_once`` / ``rewrite_word_once`` (no per-pass memo entries) and
``phonetic.token_folds`` / ``key_of_fine`` / ``reading_of``. These tests hold each equal to the
way the key was built before: every pass through its memoised ``rewrite_word`` / ``rewrite``.
"""

from __future__ import annotations

import random
import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from kznames import names
from kznames.names import NameToken, parse
from kznames.phonetic import (
    _COARSE_FILES,
    _TONELESS_PINYIN,
    _fold_alphabet,
    _to_latin,
    folds,
    pivot,
    refold,
    tokens,
)
from kznames.schemes import get_scheme, scheme_tags
from kznames.schemes.engine import Rewriter
from kznames.translit import transliterate
from support import REPO
from test_matcher import _corpus_words, _rewriters

# Letters of every script kznames reads, with spaces, hyphens, apostrophes, dots and digits.
_SCRIPTS = (
    "aeioukgsxcjztdpbfvmnlrhwyqAEIKSZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБЖҚІЁ"
    "ابتپجچخدرزژسشغفقكگڭلمنوۇۆۈۋەېىيئھ"
    "王伟艾力买买提曾阿合·"
    "ğışçöüäñéǎíāİIŵ'`’-. 0123"
)
TEXT = st.text(st.sampled_from(_SCRIPTS), max_size=24)
_NOT_KEY = re.compile(r"[^a-z0-9]+")


@cache
def _every_rewriter() -> dict[str, Rewriter]:
    out = dict(_rewriters())
    for tag in scheme_tags():
        by_rule = get_scheme(tag).reverse_by_rule
        if by_rule is not None:
            out[f"{tag} reverse by rule"] = by_rule
    return out


def _clear(rewriter: Rewriter) -> None:
    rewriter._cache.clear()
    rewriter._chunks.clear()


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.title(), word.swapcase(), word.capitalize()][how % 5]


@pytest.mark.parametrize("name", sorted(_every_rewriter()))
def test_once_equals_the_memoised_rewrite_on_real_and_random_words(name: str) -> None:
    rewriter = _every_rewriter()[name]
    rng = random.Random(name)
    alphabet = sorted(rewriter.alphabet | set(_SCRIPTS))
    words = _corpus_words()[:1500]
    words += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(800)]
    _clear(rewriter)  # computed, not read from a memo the other call filled
    once = [
        (rewriter.rewrite_word_once(_cased(w, i)), rewriter.rewrite_once(_cased(w, i + 1)))
        for i, w in enumerate(words)
    ]
    _clear(rewriter)
    memoised = [
        (rewriter.rewrite_word(_cased(w, i))[0], rewriter.rewrite(_cased(w, i + 1))[0])
        for i, w in enumerate(words)
    ]
    assert once == memoised
    # And read back from the memos the memoised calls filled.
    assert once == [
        (rewriter.rewrite_word_once(_cased(w, i)), rewriter.rewrite_once(_cased(w, i + 1)))
        for i, w in enumerate(words)
    ]


@settings(max_examples=300)
@given(st.sampled_from(sorted(_every_rewriter())), TEXT, st.integers(0, 4))
def test_once_equals_the_memoised_rewrite_on_random_text(name: str, text: str, how: int) -> None:
    rewriter = _every_rewriter()[name]
    cased = _cased(text, how)
    word = cased.replace(" ", "")
    assert rewriter.rewrite_once(cased) == rewriter.rewrite(cased)[0]
    assert rewriter.rewrite_word_once(word) == rewriter.rewrite_word(word)[0]


# The token as the key path built it before: each field by its own memoised function, every
# pass through the rewriters' memoised rewrite_word.


def _reference_letters(text: str) -> str:
    """The letters pass, then the doubled-letter pass to a fixed point (key version 12)."""
    text = folds()[0].rewrite_word(text)[0]
    counted = folds()[1].rewrite_word(text)[0]
    while counted != text:
        text, counted = counted, folds()[1].rewrite_word(counted)[0]
    return text


def _reference_fine(token: str) -> str:
    known = _fold_alphabet()
    text = pivot(token).replace("-", "")
    if not (text.isascii() or known.issuperset(text)):
        text = "".join(c if c.isascii() or c in known else unidecode(c) for c in text)
    text = _reference_letters(text)
    for fold in folds()[2:]:
        text = fold.rewrite_word(text)[0]
    return _NOT_KEY.sub("", unidecode(text).lower())


def _reference_token(text: str) -> NameToken | None:
    latin = _to_latin(text)
    p = latin.replace("İ", "i").replace("I", "ı" if latin != text else "i").lower()
    assert p == pivot(text)
    fine = _reference_fine(text)
    if not fine:
        return None
    key = fine
    for fold in folds(_COARSE_FILES):
        key = fold.rewrite_word(key)[0]
    key = refold(key)
    letters = _NOT_KEY.sub("", unidecode(_reference_letters(p.replace("-", ""))))
    kind = names._kind(text, key, letters)
    reading = ""
    if text.isascii() and _TONELESS_PINYIN.fullmatch(text):
        read = transliterate(text.lower(), "ug-Latn", source="zh-Latn-pinyin").text
        reading = _reference_fine(read)
        if reading == fine:
            reading = ""
    return NameToken(text, p, fine, key, kind, reading)


def _check(name: str) -> None:
    names._token_memo.clear()
    expected = [t for t in (_reference_token(text) for text in tokens(name)) if t is not None]
    assert parse(name) == expected, name
    assert parse(name) == expected, name  # from the token memo


@settings(max_examples=400)
@given(TEXT)
def test_parse_equals_the_memoised_functions_on_random_text(name: str) -> None:
    _check(name)


def test_parse_equals_the_memoised_functions_on_real_names() -> None:
    golden = (REPO / "tests" / "golden" / "names.txt").read_text(encoding="utf-8").splitlines()
    pinyin = ["Halemubieke", "Maimaitiming Xuekelaiti", "Rèyīlā Dáwútí", "A-k'o-su-chen"]
    for name in golden + pinyin + _corpus_words()[:2000]:
        _check(name)


# Chinese: pypinyin's reading of a run, a segment at a time through the segment memo.
_HAN = "伊力哈木土赫提阿合买提江古丽艾尔肯吐尔逊热依拉达吾王伟习近平曾庆红欧阳修单重长行乐音银行"


def _lazy_pinyin(run: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(run, style=Style.NORMAL, errors="default"))


@settings(max_examples=500)
@given(st.text(st.sampled_from(_HAN + "·X1 a"), min_size=1, max_size=12))
def test_han_reading_equals_lazy_pinyin(run: str) -> None:
    from kznames.schemes.engine import _read_han, _segment_memo

    assert _read_han(run) == _lazy_pinyin(run)
    _segment_memo.clear()
    assert _read_han(run) == _lazy_pinyin(run)


def test_han_reading_equals_lazy_pinyin_over_the_unified_block() -> None:
    from kznames.schemes.engine import _read_han

    rng = random.Random(19)
    block = [chr(c) for c in range(0x4E00, 0x9FA6)]
    for size in range(1, 7):
        for _ in range(1500):
            run = "".join(rng.choices(block, k=size))
            assert _read_han(run) == _lazy_pinyin(run), run


def test_the_pypinyin_internals_read_han_relies_on_are_pinned() -> None:
    # schemes.engine._pinyin runs lazy_pinyin's own pieces (its segmenter and converter) to
    # memoise a segment at a time; the tests above check it reads as lazy_pinyin does. They ran
    # on pypinyin 0.50, 0.53 and 0.55: pyproject.toml allows that range only.
    import tomllib

    import pypinyin
    from pypinyin.constants import PHRASES_DICT, RE_HANS
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin
    from pypinyin.seg import mmseg

    assert PHRASES_DICT
    assert RE_HANS.fullmatch("新疆")
    assert callable(Pinyin(DefaultConverter()).seg)
    assert callable(mmseg.seg.cut)
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in project["project"]["dependencies"] if d.startswith("pypinyin"))
    bounds = re.fullmatch(r"pypinyin>=([\d.]+),<([\d.]+)", pin.replace(" ", ""))
    assert bounds is not None, pin
    low, high = bounds.groups()

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split("."))

    assert version(low) <= version(pypinyin.__version__) < version(high)


_ROUTES = [
    ("ug-Latn", "zh-Hani"),
    ("ug-Latn", "zh-Latn-pinyin"),
    ("kk-Latn", "kk-Cyrl"),
    ("ru-Latn-bgn", "ru-Cyrl"),
    ("kk-Cyrl", "kk-Arab"),
    ("ug-Latn", "ug-Arab"),
    ("ug-Cyrl", "ug-Latn"),
]


@settings(max_examples=400)
@given(st.sampled_from(_ROUTES), TEXT, st.integers(0, 4))
def test_transliterate_text_equals_transliterate(
    route: tuple[str, str], text: str, how: int
) -> None:
    from kznames import translit

    target, source = route
    cased = _cased(text, how)
    translit._memo.clear()
    once = translit.transliterate_text(cased, target, source)
    assert once == transliterate(cased, target, source=source).text
    assert once == translit.transliterate_text(cased, target, source)  # from the memo


def test_transliterate_text_equals_transliterate_on_real_words() -> None:
    from kznames import translit

    words = [*_corpus_words()[:1500], "王乐泉", "习近平", "欧阳修", "伊力哈木·土赫提", "Rèyīlā"]
    for target, source in _ROUTES:
        translit._memo.clear()
        once = [translit.transliterate_text(w, target, source) for w in words]
        assert once == [transliterate(w, target, source=source).text for w in words]


@settings(max_examples=500)
@given(st.text(st.sampled_from(_SCRIPTS + "ABCXYZ_!~ﬁ²½"), max_size=12))
def test_key_letters_equal_the_regex_over_unidecode(text: str) -> None:
    from kznames.phonetic import _fine_of_folded, _letters_of_folded

    assert _letters_of_folded(text) == _NOT_KEY.sub("", unidecode(text))
    assert _fine_of_folded(text) == _NOT_KEY.sub("", unidecode(text).lower())


@settings(max_examples=300)
@given(st.text(st.sampled_from(_HAN + "aЖئ1·〇㐀𠀀ⅫʰX"), max_size=10))
def test_letters_beside_han_are_found_as_character_by_character(word: str) -> None:
    from kznames.schemes.engine import _HAN as HAN

    expected = any(c.isalpha() and not HAN.match(c) for c in word)  # the former test
    assert any(map(str.isalpha, HAN.sub("", word))) == expected


@settings(max_examples=500)
@given(TEXT)
def test_the_kind_of_a_token_is_read_as_before(text: str) -> None:
    expected = "initial" if sum(map(str.isalpha, text)) == 1 else None
    kind = names._kind(text, "abc", "abc")
    assert (kind == "initial") == (expected == "initial")


@settings(max_examples=1500)
@given(st.text(st.sampled_from("hsietzkpcuüaoHSIETZKPCUÜ'’-·12345¹²³⁴⁵6ſİ\u212aıŞ "), max_size=12))
def test_the_wade_giles_mark_test_equals_the_search(text: str) -> None:
    from kznames import wadegiles

    assert wadegiles._has_mark(text) == (wadegiles._MARK.search(text) is not None)
    lowered = text.lower().replace("’", "'")
    assert wadegiles._has_mark(lowered) == (wadegiles._MARK.search(lowered) is not None)
