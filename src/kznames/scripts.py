"""Which script a token is written in, and which language a Cyrillic or Arabic-script word is.

Concepts owned here:

* **script** — one of ``Latn``, ``Cyrl``, ``Arab``, ``Hani`` or ``Zyyy`` (no letters, or letters of
  any other script), decided by the majority of a token's letters.
* **language of a word** — for Cyrillic, ``ug`` when a word has җ (Uyghur Cyrillic) and no ұ or
  і, ``kk`` when a word has a letter only Kazakh uses
  (ә ғ қ ұ һ і), ``ky`` when it has ң ө ү together with a Kyrgyz long vowel (аа ээ оо өө уу үү ыы)
  and no Kazakh-only letter, ``kk`` for ң ө ү otherwise, and ``ru`` when it has none of these.
  For Arabic script, ``ug`` (Uyghur UEY: ئ ې ۈ ۆ, with ى as a vowel), ``kk`` (Kazakh tote jazu:
  the hamza mark ٴ, ع ح for ғ х) or ``None`` for Persian, Arabic, Urdu or Kurdish spelling: a
  word with a letter neither Turkic alphabet has (ط ص ذ ؤ, Urdu ٹ ڈ, Sorani ێ ڕ), ع/ح beside خ,
  or ه inside a word with no letter only the Turkic alphabets write.
  A word without any telling letter gets the default the caller passes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Final, Literal

import regex

from ._args import require_str
from ._engine import CORE
from .clean import normalize

__all__ = [
    "Script",
    "arabic_language",
    "arabic_letters",
    "cyrillic_letters",
    "definite_language",
    "detect_language",
    "detect_script",
    "join_spaced_han",
    "script_of_char",
]

Script = Literal["Latn", "Cyrl", "Arab", "Hani", "Zyyy"]

_SCRIPT_PATTERNS: Final[tuple[tuple[Script, regex.Pattern[str]], ...]] = (
    ("Latn", regex.compile(r"\p{Script=Latin}")),
    ("Cyrl", regex.compile(r"\p{Script=Cyrillic}")),
    ("Arab", regex.compile(r"\p{Script=Arabic}")),
    ("Hani", regex.compile(r"\p{Script=Han}")),
)
_LETTER: Final = regex.compile(r"\p{L}")
# A run of one script's letters (with marks and the apostrophes names use).
_SCRIPT_NAMES: Final[tuple[tuple[Script, str], ...]] = (
    ("Cyrl", "Cyrillic"),
    ("Latn", "Latin"),
    ("Arab", "Arabic"),
    ("Hani", "Han"),
)
_WHOLE: Final[tuple[tuple[Script, regex.Pattern[str]], ...]] = tuple(
    (
        script,
        regex.compile(
            rf"[\p{{Script={name}}}\p{{M}}'’-]*\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}'’-]*"
        ),
    )
    for script, name in _SCRIPT_NAMES
)

_KAZAKH_ONLY: Final = frozenset("әғқұһіӘҒҚҰҺІ")
# Letters that tell Kazakh from Uyghur Cyrillic (which shares ә ғ қ ң ө ү һ with it).
_UYGHUR_CYRILLIC_ONLY: Final = frozenset("җҖ")
_KAZAKH_NOT_UYGHUR_CYRILLIC: Final = frozenset("ұіҰІ")
_KAZAKH_KYRGYZ: Final = frozenset("ңөүҢӨҮ")
_KYRGYZ_LONG_VOWEL: Final = regex.compile(r"(аа|ээ|оо|өө|уу|үү|ыы)", regex.IGNORECASE)
_UYGHUR_MARKERS: Final = frozenset("ئېۈ")  # hamza carrier, e, ü: not in Kazakh tote jazu
_KAZAKH_ARABIC_MARKERS: Final = frozenset("ٴٵٶٷٹٸعح")  # hamza mark and letters for ғ х
_TURKIC_ARABIC_VOWELS: Final = frozenset("اەېىوۇۆۈٵٶٷٸ")
# Letters neither Uyghur nor Kazakh writes (Arabic emphatics and interdentals, Urdu retroflexes,
# Sorani and Pashto letters, the lone hamza): a word with one is Persian, Arabic, Urdu or Kurdish.
_NOT_TURKIC_ARABIC: Final = frozenset("طظضذصثؤٹڈڑہۀګڕڵێٱء")
# Letters only the Turkic alphabets write (Uyghur and Kazakh vowels, ڭ, ۋ, the hamza mark).
_TURKIC_ARABIC_LETTERS: Final = frozenset("ئېۈۆۇۋڭەىٴٵٶٷٸ")
# Kazakh tote jazu writes х as ح, so خ in a word with a Kazakh marker says it is not Kazakh.
_NOT_KAZAKH_ARABIC: Final = frozenset("خ")


# Three or more single Han characters, each alone between spaces: typography, not word breaks.
_SPACED_HAN: Final = regex.compile(r"(?<!\p{Han})\p{Han}(?: +\p{Han}){2,}(?!\p{Han})")


# Conjunctions that stand between two names in a list (王 伟 和 李 娜: Wang Wei and Li Na): a
# run of spaced characters is not one word across them. The enumeration comma 、 is no Han
# character, so it ends a run anyway. A Chinese name has two characters or more, so one
# with a single character on either side is a character of a name (张 和 平, Zhang Heping;
# 吐 尔 逊 和 加), and one that opens what follows a conjunction (阿 克 苏 和 和 田) is too.
_CONJUNCTIONS: Final = frozenset("和与與及")


def _join_spaced(match: regex.Match[str]) -> str:
    characters = match.group().split()
    parts: list[list[str]] = [[]]
    for i, character in enumerate(characters):
        if character in _CONJUNCTIONS and len(parts[-1]) >= 2 and len(characters) - i > 2:
            parts.append([character])  # the conjunction alone, never joined
            parts.append([])
        else:
            parts[-1].append(character)
    return " ".join("".join(part) if len(part) >= 3 else " ".join(part) for part in parts if part)


def join_spaced_han(text: str) -> str:
    """``text`` with Chinese characters spaced out for typography joined into one word.

    Chinese separates no words with spaces: three or more single characters, each alone
    between spaces (阿 合 買 提 江), are one word. Words of several characters (买买提 古丽)
    and two single ones (王 伟: a family and a given name, as pinyin writes Wang Wei) stay apart.
    A conjunction between two names of two characters or more (和 与 與 及) ends a word:
    王 伟 和 李 娜 is two names, 张 和 平 one.
    :func:`kznames.phonetic.tokens` (keys) and :func:`kznames.transliterate` both read them so.

    >>> join_spaced_han("阿 合 買 提 江 / 王 伟 / 买买提 古丽")
    '阿合買提江 / 王 伟 / 买买提 古丽'
    >>> join_spaced_han("王 伟 和 李 娜 / 阿 合 買 及 提 江 馬")
    '王 伟 和 李 娜 / 阿合買 及 提江馬'
    >>> join_spaced_han("张 和 平 / 吐 尔 逊 和 加 / 阿 克 苏 和 和 田")
    '张和平 / 吐尔逊和加 / 阿克苏 和 和 田'
    """
    if " " not in text or text.isascii():
        return text
    joined: str = _SPACED_HAN.sub(_join_spaced, text)
    return joined


def script_of_char(char: str) -> Script:
    """Script of one character (``Zyyy`` for digits, punctuation and other scripts).

    >>> script_of_char("ж"), script_of_char("q"), script_of_char("ۇ"), script_of_char("维")
    ('Cyrl', 'Latn', 'Arab', 'Hani')
    """
    for script, pattern in _SCRIPT_PATTERNS:
        if pattern.match(char):
            return script
    return "Zyyy"


def _block_letters(first: int, end: int, script: Script) -> str:
    """The letters from ``first`` to ``end`` (code points) that need no normalisation and whose
    script is ``script`` (:func:`script_of_char`)."""
    letters = (chr(code) for code in range(first, end))
    return "".join(
        c
        for c in letters
        if c.isalpha() and script_of_char(c) == script and unicodedata.is_normalized("NFC", c)
    )


@cache
def cyrillic_letters() -> str:
    """The letters of the Cyrillic blocks (U+0400-U+052F) that need no normalisation and that
    :func:`detect_script` reads as Cyrillic: a word of them alone is Cyrillic as it is and
    :func:`kznames.clean.normalize` leaves it as it is (two letters never compose, only a letter
    and a mark do). The compiled core's key and transliteration paths take such words without
    those two calls.

    >>> "ж" in cyrillic_letters(), "\u0483" in cyrillic_letters()  # a letter, a combining mark
    (True, False)
    """
    return _block_letters(0x400, 0x530, "Cyrl")


@cache
def arabic_letters() -> str:
    """The letters of the Arabic block (U+0600-U+06FF) that need no normalisation and that
    :func:`detect_script` reads as Arabic script: a word of them alone is Arabic script as it
    is, and :func:`kznames.clean.normalize` leaves it as it is (two letters never compose, only
    a letter and a mark do).

    >>> "ئ" in arabic_letters(), "\u064e" in arabic_letters()  # a letter, a vowel mark
    (True, False)
    """
    return _block_letters(0x600, 0x700, "Arab")


def detect_script(text: str) -> Script:
    """Script of most letters in ``text``; ``Zyyy`` when it has no letter of a known script.

    >>> detect_script("Серікжан Білаш"), detect_script("Halemubieke"), detect_script("2019")
    ('Cyrl', 'Latn', 'Zyyy')
    """
    if _script_of is None:
        return _python_detect_script(text)
    script: Script = _script_of(text)
    return script


def _python_detect_script(text: str) -> Script:
    """:func:`detect_script` (the Python engine's, and the reference of the compiled core's
    ``ScriptOf``)."""
    # Fast paths: a token in one script, as nearly every name token is.
    if require_str("text", text).isascii():
        return "Latn" if any(c.isalpha() for c in text) else "Zyyy"
    for script, whole in _WHOLE:
        if whole.fullmatch(text):
            return script
    counts: dict[Script, int] = {}
    for char in _LETTER.findall(normalize(text)):
        script = script_of_char(char)
        counts[script] = counts.get(script, 0) + 1
    known = {k: v for k, v in counts.items() if k != "Zyyy"}
    if not known:
        return "Zyyy"
    # Ties resolve in the fixed order of _SCRIPT_PATTERNS so the answer is deterministic.
    order = [script for script, _ in _SCRIPT_PATTERNS]
    return max(known, key=lambda s: (known[s], -order.index(s)))


# The compiled core's ScriptOf (the patterns' classes of each character, read from a table), or
# None.
_script_of: Callable[[str], Script] | None = (
    None
    if CORE is None
    else CORE.ScriptOf(
        _python_detect_script,
        normalize,
        tuple(script for script, _ in _SCRIPT_NAMES),
        tuple(regex.compile(rf"\p{{Script={name}}}") for _, name in _SCRIPT_NAMES),
        regex.compile(r"[\p{M}'’-]"),
        _LETTER,
        tuple(script for script, _ in _SCRIPT_PATTERNS),
    )
)


def detect_language(word: str, default: str | None = None) -> str | None:
    """Likely language of one Cyrillic or Arabic-script word, or ``default`` when nothing tells.

    >>> detect_language("Тоқаев"), detect_language("Иванов"), detect_language("Жээнбеков")
    ('kk', 'ru', 'ky')
    >>> detect_language("ئۇيغۇر"), detect_language("Smith", default="en")
    ('ug', 'en')
    """
    script = detect_script(word)
    letters = set(word)
    if script == "Cyrl":
        if letters & _UYGHUR_CYRILLIC_ONLY and not letters & _KAZAKH_NOT_UYGHUR_CYRILLIC:
            return "ug"
        if letters & _KAZAKH_ONLY:
            return "kk"
        if letters & _KAZAKH_KYRGYZ:
            return "ky" if _KYRGYZ_LONG_VOWEL.search(word) else "kk"
        if "ээ" in word.lower():  # Kyrgyz long e; Russian words almost never double э
            return "ky"
        return "ru"
    if script == "Arab":
        return arabic_language(word, default)
    return default


def arabic_language(word: str, default: str | None = None) -> str | None:
    """:func:`detect_language` of a word :func:`detect_script` reads as Arabic script: ``ug``,
    ``kk``, None for Persian, Arabic, Urdu or Kurdish spelling, or ``default``.

    >>> arabic_language("ئۇيغۇر"), arabic_language("برهان"), arabic_language("با", "ug")
    ('ug', None, 'ug')
    """
    letters = set(word)
    if letters & _NOT_TURKIC_ARABIC:
        return None
    if "ه" in word[:-1] and not letters & _TURKIC_ARABIC_LETTERS:
        # Arabic heh inside a word with no Uyghur or Kazakh letter is the Persian and Arabic h
        # (برهان = Burhan); Uyghur writes h as ھ and its vowel as ە, which keyboards type as
        # ه, mostly at the end of a word.
        return None
    if not letters & _TURKIC_ARABIC_VOWELS:
        return default  # Uyghur and Kazakh write every vowel: a word without one is not theirs
    if letters & _UYGHUR_MARKERS:
        return "ug"
    if letters & _KAZAKH_ARABIC_MARKERS:
        # ع and ح are Kazakh ғ and х, but also Arabic and Persian letters.
        return None if letters & _NOT_KAZAKH_ARABIC else "kk"
    if letters & frozenset("ۆۇۋڭەى"):
        # Letters shared by Uyghur and Kazakh Arabic script but absent from Persian/Arabic.
        return "ug" if default is None else default
    return default


def definite_language(word: str) -> str | None:
    """``kk`` or ``ug`` when a word's letters prove it, else None (the word fits either or neither).

    Uyghur and Kazakh share most letters in both scripts; only a few tell them apart: in Arabic
    script the Uyghur ئ ې ۈ against the Kazakh hamza mark ٴ (and ع ح without خ), in Cyrillic the
    Uyghur җ against the Kazakh ұ і. :func:`kznames.transliterate` reads the other words of a text
    in the language its proven words agree on.

    >>> definite_language("ئىلھام"), definite_language("رەھىلە"), definite_language("ٴالى")
    ('ug', None, 'kk')
    >>> definite_language("Шинҗаң"), definite_language("Илһам"), definite_language("Нұрсұлтан")
    ('ug', None, 'kk')
    """
    letters = set(word)
    if letters & _UYGHUR_MARKERS or (
        letters & _UYGHUR_CYRILLIC_ONLY and not letters & _KAZAKH_NOT_UYGHUR_CYRILLIC
    ):
        return "ug"
    if letters & _KAZAKH_NOT_UYGHUR_CYRILLIC and detect_script(word) == "Cyrl":
        return "kk"
    if letters & _KAZAKH_ARABIC_MARKERS and not letters & _NOT_KAZAKH_ARABIC:
        return "kk" if detect_language(word) == "kk" else None
    return None
