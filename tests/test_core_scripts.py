"""The compiled script detection (``_core.ScriptOf``) against ``scripts._python_detect_script``.

``detect_script`` runs in the core, each character's classes (its script, mark, letter) asked
of the patterns once and kept. Held equal here on every character of the Basic Multilingual
Plane alone and in words, on random text mixing scripts, marks, signs and spaces (ties of
counts), any text, and the corpus words. Skipped without a built core (``make core``).
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames import _engine, scripts
from kznames.scripts import _python_detect_script, detect_script
from test_matcher import _corpus_words

pytestmark = pytest.mark.skipif(_engine.CORE is None, reason=_engine.describe())

_LETTERS = (
    "aeiouksznAEIKSZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБЖҚІЁӘҒҢӨҰҮҺҖ"
    "ابتپجچخدرزژسشغفقكگڭلمنوۇۆۈۋەېىيئھ"
    "王伟艾力"
    "ğışçöüäñéǎíāİıß"
    "\u0301\u0308\u064e\u0670\u0483\u3099"  # marks: Latin, Arabic, Cyrillic, kana
    "'`’-.·• 0123ⅣⅫ  \u200b\u200e"
    "αβγאבגक"  # letters of scripts detect_script does not know
)


def test_the_engine_runs_the_compiled_detection() -> None:
    assert type(scripts._script_of) is _engine.CORE.ScriptOf  # type: ignore[union-attr]


def test_every_character_of_the_basic_plane() -> None:
    for code in range(0x10000):
        char = chr(code)
        for text in (char, char + "ж", "a" + char, char * 3, f"{char} ж", f"ab {char}{char}"):
            assert detect_script(text) == _python_detect_script(text), (hex(code), text)


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(_LETTERS), max_size=16))
def test_random_text(text: str) -> None:
    assert detect_script(text) == _python_detect_script(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_text(text: str) -> None:
    """Beyond the plane too: characters past U+FFFF are asked of the patterns every time."""
    text = text + " " + text[::-1]
    assert detect_script(text) == _python_detect_script(text)


def test_corpus_words() -> None:
    for word in _corpus_words():
        assert detect_script(word) == _python_detect_script(word)


def test_not_a_string() -> None:
    for value in (None, 3, b"abc"):
        with pytest.raises(TypeError) as compiled:
            detect_script(value)  # type: ignore[arg-type]
        with pytest.raises(TypeError) as reference:
            _python_detect_script(value)  # type: ignore[arg-type]
        assert str(compiled.value) == str(reference.value)


def test_pickles() -> None:
    again = pickle.loads(pickle.dumps(scripts._script_of))
    assert again("Серікжан") == "Cyrl"
    assert again("Serik Серік") == _python_detect_script("Serik Серік") == "Latn"  # a tie
