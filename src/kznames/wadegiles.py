"""Wade-Giles: telling a name written in it, and reading it as pinyin.

Older maps, gazetteers and press wrote Chinese place and person names in Wade-Giles, syllables
joined by hyphens and sometimes numbered by tone: K'a-shih (Kashi), A-k'o-su (Akesu),
A1-he2-mai3-t'i2-chiang1. Read as Latin letters they share nothing with the pinyin or the
characters of the same name; read as pinyin, they go the way of every Chinese rendering
(docs/chinese.md). The syllables are the rules of the Wade-Giles scheme of the registry
(``schemes/data/zh-Latn-wadegiles__zh-Latn-pinyin.scheme``, ``engine = syllables``), which
``transliterate(text, target, source="zh-Latn-wadegiles")`` runs; this module adds what the key
path needs besides: a name is read as Wade-Giles only when it has a mark no other romanization
writes.

>>> to_pinyin("A-k'o-su-chen")
'akesuzhen'
>>> to_pinyin("Ha1szu1mu4")
'hasimu'
>>> to_pinyin("Kassym-Jomart") is None  # not Wade-Giles syllables
True
>>> to_pinyin("Ha-mi") is None  # Wade-Giles or not, nothing marks it: read as written
True
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

import regex

from ._memo import short_inputs_cache
from .schemes import get_normalizer, get_scheme
from .schemes.engine import Rewriter, SyllableRewriter

__all__ = ["SCHEME", "may_be", "normalize", "spells_pinyin", "to_pinyin"]

#: The registry's Wade-Giles scheme (Wade-Giles syllables to pinyin ones).
SCHEME: Final = "zh-Latn-wadegiles__zh-Latn-pinyin"
# What only Wade-Giles writes: an apostrophe of aspiration after an initial (k' p' t' ch' ts'
# tz'), hs at the start of a syllable (Hsin-chiang; not the k-h-s of Kazakhstan), the endings
# -ih, -ieh, -üeh, tz and ss/sz initials, a tone number before a hyphen.
# A tone number alone is no mark: a match key keeps the digits of a name (A1À keys as a1a), and
# reading those as tones would make key(key(x)) differ from key(x).
_MARK: Final = regex.compile(
    r"(?:^|[-·1-5¹²³⁴⁵])(?:k|p|t|ch|ts|tz)'|(?:^|[-·1-5¹²³⁴⁵\s])hs|ih(?:$|[-·1-5¹²³⁴⁵])|ieh|[uü]eh|"
    r"(?:^|[-·1-5¹²³⁴⁵])(?:tz|ss|sz)|\p{L}[1-5¹²³⁴⁵][-·]",
    regex.IGNORECASE,
)


# Every mark above holds one of these parts (read in lower case, with ſ, İ and the Kelvin sign K
# as the s, i and k that _MARK's case-insensitive match takes them for) or a tone number: a text
# without any has no mark, which spares nearly every name the search (3 µs a token).
_MARK_PARTS: Final = ("'", "hs", "ih", "eh", "tz", "ss", "sz")
_MARK_FOLD: Final = str.maketrans({"ſ": "s", "İ": "i", "\u212a": "k"})
_TONE_NUMBER: Final = re.compile("[1-5¹²³⁴⁵]")


def _has_mark(text: str) -> bool:
    """``_MARK.search(text) is not None``, the search run only when a part of a mark is there.

    >>> _has_mark("K'a-shih"), _has_mark("Kassym-Jomart"), _has_mark("Serikzhan")
    (True, False, False)
    """
    folded = text.translate(_MARK_FOLD).lower() if not text.isascii() else text.lower()
    if not any(part in folded for part in _MARK_PARTS) and _TONE_NUMBER.search(folded) is None:
        return False
    return _MARK.search(text) is not None


@cache
def _normalizer() -> Rewriter | None:
    """What Wade-Giles input is read through (``schemes/data/zh-Latn-wadegiles.normalize``: ŭ,
    ê and the marks printed for the apostrophe of aspiration), as the registry's scheme reads it."""
    return get_normalizer("zh-Latn-wadegiles")


@cache
def _folded_characters() -> frozenset[str]:
    """The characters the normaliser folds, in both cases."""
    normalizer = _normalizer()
    sources = "".join(r.source for r in normalizer.rules) if normalizer is not None else ""
    return frozenset(sources + sources.upper())


@cache
def _folded_ascii() -> tuple[str, ...]:
    """The ASCII characters among them (the backtick)."""
    return tuple(sorted(c for c in _folded_characters() if c.isascii()))


def normalize(text: str) -> str:
    """``text`` as the Wade-Giles scheme reads it: through ``zh-Latn-wadegiles.normalize``.

    >>> normalize("Kʻa-shih Szŭ-ch’uan K`a-shih")
    "K'a-shih Szu-ch'uan K'a-shih"
    """
    if text.isascii():
        if not any(c in text for c in _folded_ascii()):
            return text
    elif _folded_characters().isdisjoint(text):
        return text
    normalizer = _normalizer()
    return normalizer.rewrite_once(text) if normalizer is not None else text


def may_be(text: str) -> bool:
    """Whether ``text`` has a mark only Wade-Giles writes (a quick test before
    :func:`to_pinyin`), read through :func:`normalize`.

    >>> may_be("Kʻa-shih"), may_be("K'a-shih"), may_be("Kazakhstan")
    (True, True, False)
    """
    return _has_mark(normalize(text))


@cache
def _reader() -> SyllableRewriter:
    """The scheme's syllable reader (a bad scheme file is a
    :class:`~kznames.errors.SchemeFileError` naming its lines)."""
    reader = get_scheme(SCHEME).forward
    assert isinstance(reader, SyllableRewriter)  # engine = syllables
    return reader


def to_pinyin(token: str) -> str | None:
    """The pinyin of a name written in Wade-Giles, syllables joined, or None when ``token`` is not
    one: two or more syllables, each a Wade-Giles syllable (or a pinyin one, which careless
    romanizations mix in), and at least one mark only Wade-Giles writes."""
    text = normalize(token).lower()
    if not _has_mark(text):
        return None
    syllables = _reader().syllables(text)
    if syllables is None or len(syllables) < 2:
        return None
    return "".join(syllables)


# A toneless syllable boundary inside a pinyin word: pinyin's apostrophe (Xi'an) or a hyphen.
_PINYIN_BREAKS: Final = regex.compile(r"['’-]")
_TONE_MARKS: Final = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")


@short_inputs_cache()
def spells_pinyin(word: str) -> bool:
    """Whether ``word`` is a sequence of pinyin syllables (toneless or with tone marks; the
    syllables are those the Wade-Giles scheme reads into): ``Xinjiang``, ``Kashixiang``,
    ``Xi'an``, ``Nǚ`` are; ``Toxti``, ``Ghulja``, ``Alexander`` are not. Many short Kazakh words
    are too (``Aman``, ``Saran``): it tells what a word *can* be, not what it is.

    >>> [spells_pinyin(w) for w in ("Xinjiang", "Xi'an", "Jítuán", "Toxti", "Ghulja", "Qiemo")]
    [True, True, True, False, False, True]
    """
    pinyin = _reader().targets
    for part in _PINYIN_BREAKS.split(word.lower().translate(_TONE_MARKS).replace("v", "ü")):
        if not part or not _syllables(part, pinyin):
            return False
    return True


def _syllables(text: str, pinyin: frozenset[str]) -> bool:
    """Whether ``text`` splits into syllables of ``pinyin`` (at most 6 letters each)."""
    ends = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        ends[end] = any(
            ends[start] and text[start:end] in pinyin for start in range(max(0, end - 6), end)
        )
    return ends[-1]
