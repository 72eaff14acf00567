"""Text hygiene before any other layer sees a name.

Concepts owned here:

* **normal form** — NFC, with control and invisible format characters removed (zero-width
  space/joiners, bidi marks, soft hyphen, BOM, tatweel is *not* touched here: it is Arabic-script
  business and lives with the Arabic schemes). Lone surrogates, which arrive from byte strings
  decoded with ``surrogateescape``, are dropped: they cannot be encoded and carry no letter.
* **punctuation unification** — every dash-like character becomes ``-`` and every apostrophe-like
  character (ʼ ' ` ’ ‘ ʻ ´ ′) becomes ``'``.
* **homoglyph repair** — inside one word that mixes Latin and Cyrillic letters, the letters of the
  minority script that have a look-alike in the majority script are replaced by it
  (``Aлматы`` with a Latin A becomes ``Алматы``). Words in one script are never touched.

Nothing here knows about languages or schemes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from ._words import WORD

__all__ = ["clean", "normalize", "repair_homoglyphs", "unify_punctuation"]

# Control characters we keep because they separate lines and fields in the user's text.
_KEEP_CONTROLS = frozenset("\t\n\r")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad"
_APOSTROPHES = "\u02bc\u2019\u2018\u02bb`\u00b4\u2032\u02b9\u02bd\u0060"
_PUNCT_TABLE = {ord(c): "-" for c in _DASHES if c != "\u00ad"} | {ord(c): "'" for c in _APOSTROPHES}

# Latin letter -> Cyrillic look-alike (and the inverse). Only pairs that render identically in
# common fonts; і/i and ә/ə matter for Kazakh text typed on mixed keyboards.
_LATIN_TO_CYRILLIC = {
    "A": "А",
    "a": "а",
    "B": "В",
    "C": "С",
    "c": "с",
    "E": "Е",
    "e": "е",
    "H": "Н",
    "I": "І",
    "i": "і",
    "K": "К",
    "M": "М",
    "O": "О",
    "o": "о",
    "P": "Р",
    "p": "р",
    "T": "Т",
    "X": "Х",
    "x": "х",
    "y": "у",
    "Y": "Ү",
    "ə": "ә",
    "Ə": "Ә",
    "h": "һ",
}
_CYRILLIC_TO_LATIN = {v: k for k, v in _LATIN_TO_CYRILLIC.items()}
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)

_WORD = WORD
_LATIN_LETTER = regex.compile(r"\p{Script=Latin}")
_CYRILLIC_LETTER = regex.compile(r"\p{Script=Cyrillic}")
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}]")


def _drop_invisible(match: regex.Match[str]) -> str:
    char: str = match.group()
    return char if char in _KEEP_CONTROLS else ""


def normalize(text: str) -> str:
    """Return ``text`` in NFC with control and invisible format characters removed.

    Private-use and (to this Python) unassigned code points are kept: they may be letters of a
    legacy font or of a newer Unicode version, and dropping them would lose data.

    >>> normalize("Ал\\u200bматы\\u200e")
    'Алматы'
    """
    printable = text.isprintable()  # False for every control and format character (and more)
    if printable and text.isascii():
        return text
    if not printable and _INVISIBLE.search(text) is not None:
        text = _INVISIBLE.sub(_drop_invisible, text)
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def unify_punctuation(text: str, keep: str = "") -> str:
    """Map dash-like characters to ``-`` and apostrophe-like characters to ``'``.

    Characters in ``keep`` stay as they are: the match key keeps GOST's backtick, which marks a
    letter there (y` is ы).

    >>> unify_punctuation("Ust\\u2013Kamenogorsk O\\u2019zbek")
    "Ust-Kamenogorsk O'zbek"
    """
    table, found = _punct_table(keep)
    # Most names have none of these characters: one scan, and no translation (which costs a
    # look-up a character on text outside ASCII).
    return text.translate(table) if found(text) is not None else text


@lru_cache(maxsize=8)
def _punct_table(keep: str) -> tuple[dict[int, str], Callable[[str], object]]:
    """The translation table without ``keep`` and a search for any character it changes."""
    table = {k: v for k, v in _PUNCT_TABLE.items() if chr(k) not in keep}
    pattern = "[" + "".join(re.escape(chr(k)) for k in sorted(table)) + "]"
    return table, re.compile(pattern).search


def _repair_word(match: regex.Match[str]) -> str:
    word: str = match.group()
    latin = len(_LATIN_LETTER.findall(word))
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    if not latin or not cyrillic:
        return word
    # Ties go to Cyrillic: a mixed word in this domain is far more often Cyrillic typed with a
    # stray Latin key than the reverse.
    if cyrillic >= latin:
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN)


def repair_homoglyphs(text: str) -> str:
    """Replace look-alike letters of the minority script inside mixed Latin/Cyrillic words.

    >>> repair_homoglyphs("Aлматы and Kаzаkhstаn")
    'Алматы and Kazakhstan'
    """
    if text.isascii() or not (_LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text)):
        return text  # one script (or none): nothing can be a stray look-alike
    repaired: str = _WORD.sub(_repair_word, text)
    return repaired


def clean(text: str, keep: str = "") -> str:
    """Apply :func:`normalize`, :func:`unify_punctuation` (keeping ``keep``) and
    :func:`repair_homoglyphs`.

    >>> clean("  Серік\\u200dжан\\u2014Aлматы ")
    '  Серікжан-Алматы '
    """
    repaired: str = repair_homoglyphs(unify_punctuation(normalize(text), keep))
    return repaired
