"""The compiled transliteration route (``_core.PlainRoute``) against the Python code it stands
for: ``transliterate`` by a named source over a one-step route (Cyrillic to a Latin scheme)
gives the same text, untouched words and routes as ``_transliterate`` (the Python way), on
random text in every script and case and on the corpus words, from empty memos and from filled
ones. Skipped without a built core (``make core``).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames import _engine, translit
from kznames.clean import normalize
from kznames.errors import UntouchedError
from kznames.translit import Transliteration, known_tags, transliterate
from test_matcher import _corpus_words

pytestmark = pytest.mark.skipif(_engine.CORE is None, reason=_engine.describe())

_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБЖҚІЁЪЬҰӘҒҚҢӨҮҺЇЄЎҶӢӮҖaeikszAEIKSZ"
TEXT = st.text(st.sampled_from(_LETTERS + "  -'.,0ئ王é\u200b’"), max_size=24)


def _routes() -> list[tuple[str, str]]:
    tags = sorted(known_tags())
    return [(s, t) for s in tags for t in tags if s != t and translit._plain_route(t, s)]


ROUTES = _routes()


def _clear() -> None:
    translit._memo.clear()
    for source, target in ROUTES:
        rewriter = translit._plan(source, target)[0][0].rewriter
        rewriter._cache.clear()
        rewriter._chunks.clear()


def _python(text: str, target: str, source: str) -> Transliteration:
    return translit._transliterate(normalize(text), target, source, None)


def _check(text: str, source: str, target: str) -> None:
    _clear()
    expected = _python(text, target, source)
    _clear()
    compiled: Any = translit._plain_route(target, source)
    done = compiled(text)
    if done is not None:
        assert (done[0], tuple(done[1])) == (expected.text, expected.untouched), text
    translit._memo.clear()
    assert transliterate(text, target, source=source) == expected, text
    translit._memo.clear()  # now from the filled rewriter memos
    assert transliterate(text, target, source=source) == expected, text


def test_the_plain_routes_are_the_cyrillic_ones() -> None:
    assert ("kk-Cyrl", "kk-Latn-bgn") in ROUTES
    assert ("ru-Cyrl", "ru-Latn-bgn") in ROUTES
    assert all(source.endswith("-Cyrl") for source, _ in ROUTES)
    assert translit._plain_route("kk-Latn", "auto") is None
    assert translit._plain_route("kk-Latn-bgn", "no-such-tag") is None


@settings(max_examples=800)
@given(st.sampled_from(ROUTES), TEXT, st.integers(0, 4))
def test_plain_route_equals_the_python_way_on_random_text(
    route: tuple[str, str], text: str, how: int
) -> None:
    cased = [text, text.upper(), text.title(), text.swapcase(), text.capitalize()][how]
    _check(cased, *route)


def test_plain_route_equals_the_python_way_on_real_words() -> None:
    rng = random.Random(23)
    words = _corpus_words()
    for source, target in ROUTES:
        for _ in range(300):
            text = " ".join(rng.sample(words, rng.randint(1, 3)))
            _check(text, source, target)


def test_a_text_that_breaks_the_alphabet_is_written_word_by_word() -> None:
    # Kazakh letters in a Russian name: ru-Latn-bgn writes the Russian word, keeps the other.
    result = transliterate("Сергей Әбішев", "ru-Latn-bgn", source="ru-Cyrl")
    assert result == _python("Сергей Әбішев", "ru-Latn-bgn", "ru-Cyrl")
    assert result.text.startswith("Sergey ")
    assert result.untouched == ("Әбішев",)


def test_a_chunk_with_signs_is_written_word_by_word_in_the_core() -> None:
    # Hyphens, commas, full stops and digits between the words of a chunk: the core cuts the
    # chunk as Rewriter._rewrite_chunk does, without the Python code (memo_chunk would fail).
    plain: Any = translit._plain_route("kk-Latn-bgn", "kk-Cyrl")
    cls, args = plain.__reduce__()

    def memo_chunk(chunk: str) -> tuple[str, tuple[str, ...]]:
        raise AssertionError(f"{chunk!r} went the Python way")

    core_only = cls(*args[:4], memo_chunk, *args[5:])
    for text in ("Нұр-Сұлтан", "БІЛАШ, Серікжан.", "Ақ-Мола-2", "-Ақсу-", "Қ.Ә. Тоқаев", "."):
        _clear()
        expected = _python(text, "kk-Latn-bgn", "kk-Cyrl")
        _clear()
        assert core_only.transliteration(text) == expected, text
    result = transliterate("Нұр-Сұлтан", "kk-Latn-bgn", source="kk-Cyrl")
    assert (result.text, result.untouched) == ("Nur-Sultan", ())


def _both_ways(*args: Any, **kwargs: Any) -> Transliteration:
    """``transliterate`` with the core's fast path and without it (from empty memos each)."""
    _clear()
    fast = transliterate(*args, **kwargs)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(translit, "_fast_path", lambda: None)
        _clear()
        assert transliterate(*args, **kwargs) == fast, args
    assert transliterate(*args, **kwargs) == fast, args  # a memo hit now
    return fast


@settings(max_examples=300)
@given(st.sampled_from([*ROUTES, ("auto", "kk-Latn-bgn"), ("auto", "ru-Cyrl")]), TEXT)
def test_the_fast_path_gives_what_transliterate_gives(route: tuple[str, str], text: str) -> None:
    source, target = route
    _both_ways(text, target, source=source)


def test_the_fast_path_keeps_strict_and_the_argument_checks() -> None:
    assert isinstance(translit._fast_path(), _engine.CORE.Transliterate)  # type: ignore[union-attr]
    done = _both_ways("Сергей Әбішев", "ru-Latn-bgn", source="ru-Cyrl")
    assert done.untouched == ("Әбішев",)
    with pytest.raises(UntouchedError):
        transliterate("Сергей Әбішев", "ru-Latn-bgn", source="ru-Cyrl", strict=True)
    with pytest.raises(TypeError, match="text must be str"):
        transliterate(b"Astana", "kk-Cyrl")  # type: ignore[arg-type]

    class Name(str):
        pass

    assert transliterate(Name("Серік"), "kk-Latn-bgn", source="kk-Cyrl").text == "Serik"
    # kind and known_spellings are part of the memo's key, as in the Python code
    _both_ways("Серік", "kk-Latn-bgn", source="kk-Cyrl", kind="person")
    _both_ways("Серік", "kk-Latn-bgn", source="kk-Cyrl", known_spellings=False)
