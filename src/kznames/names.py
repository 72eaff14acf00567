"""The structure of a name: tokens and what each one is.

Concepts owned here:

* **token kinds** — ``given`` or ``surname`` cannot be told from the letters alone, so kznames
  only marks what it can: a **patronymic** (Russian -ovich/-evich/-ovna/-evna, Kazakh -uly/-ұлы,
  -qyzy/-қызы, Turkic -ogly/-kyzy), an **initial** (one letter, with or without a dot), a
  **particle or honorific** (bin, ibn, haji, mr, dr…), and otherwise a plain **name** token.
* **gender forms** — one surname's masculine and feminine forms (Ivanov/Ivanova, Aliev/Alieva,
  Pushkin/Pushkina, Tolstoy/Tolstaya): related people, not the same person. Detected on keys.
* **compounds** — Ata-Jurt, Atajurt and Ata Jurt: hyphenated parts are one token (``tokens``);
  a spaced compound is recognised by :mod:`kznames.score` when joined tokens match one token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from .phonetic import (
    fine_key,
    folds,
    letter_classes,
    pivot,
    refold,
    skeleton_of_keys,
    token_key,
    tokens,
    unhyphenate,
)

__all__ = ["NameToken", "gender_pair", "key", "parse", "skeleton"]

TokenKind = Literal["name", "patronymic", "initial", "particle"]

# Patronymic endings after the first fold pass (every scheme's -ovich, -ovič and -ovi'c' meet as
# -ovic; Kazakh -ұлы, -uly, -ūly, -ulı as -uli; -қызы, -qyzy, -kyzy as -kizi).
RUSSIAN_PATRONYMIC_ENDINGS: Final = ("ovic", "evic", "ovna", "evna", "icna")
_PATRONYMIC_ENDINGS: Final = (*RUSSIAN_PATRONYMIC_ENDINGS, "uli", "kizi", "ogli", "oglu")
_PARTICLES: Final = frozenset(
    [
        "bin",
        "ibn",
        "binti",
        "bint",
        "al",
        "el",
        "ul",
        "ogly",
        "uly",
        "kyzy",
        "haji",
        "hajji",
        "hadji",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sheikh",
        "janab",
        "mullah",
        "imam",
    ]
)
# Masculine -> feminine surname endings on keys (after folding: y is i, ye is e).
_GENDER_ENDINGS: Final = (("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("ii", "aia"), ("oi", "aia"))


@dataclass(frozen=True, slots=True)
class NameToken:
    """One token of a name with its pivot, fine key (vowels kept), match key and kind."""

    text: str
    pivot: str
    fine: str
    key: str
    kind: TokenKind


def _kind(text: str, pivot_: str, key: str) -> TokenKind:
    bare = pivot_.strip(".")
    if sum(c.isalpha() for c in text) == 1:
        return "initial"
    if key in _PARTICLES or bare in _PARTICLES:
        return "particle"
    letters = letter_classes(text)
    if len(letters) > 5 and letters.endswith(_PATRONYMIC_ENDINGS):
        return "patronymic"
    return "name"


def parse(name: str) -> list[NameToken]:
    """Split a name into tokens and say what each is.

    >>> [(t.fine, t.kind) for t in parse("TYURIN, Denis V. Valeriyevich")]
    [('tiurin', 'name'), ('denis', 'name'), ('v', 'initial'), ('valerievic', 'patronymic')]
    >>> [t.kind for t in parse("Ахметжан Қасымұлы")]
    ['name', 'patronymic']
    """
    out = []
    for text in tokens(name):
        token = _token_memo.get(text)
        if token is None:
            p = pivot(text)
            fine = fine_key(text)
            token = (
                NameToken(text, p, fine, token_key(text), _kind(text, p, fine)) if fine else None
            )
            if len(_token_memo) >= _MEMO_LIMIT:
                _token_memo.clear()
            _token_memo[text] = token
        if token is not None:
            out.append(token)
    return out


_MEMO_LIMIT: Final = 500_000
_NAME_FOLD: Final = ("fold-5-name.scheme",)
# A short key keeps its vowels: without them it says too little (Aksu, Agsu and Akoso would all
# be "aksa"). Measured on dev_groups, dropping inner vowels from keys of 5 / 6 / 7 letters on:
# precision 0.919 / 0.930 / 0.929, F1 0.421 / 0.409 / 0.399. Six keeps precision above every
# baseline.
_INNER_VOWELS_FROM: Final = 6
_token_memo: dict[str, NameToken | None] = {}
_key_memo: dict[str, str] = {}


@lru_cache(maxsize=100_000)
def gender_pair(key_a: str, key_b: str) -> bool:
    """True when two keys are the masculine and feminine forms of one surname.

    >>> gender_pair("ivanov", "ivanova"), gender_pair("aliev", "alieva")
    (True, True)
    >>> gender_pair("ivanov", "ivan")
    False
    """
    for masculine, feminine in _GENDER_ENDINGS:
        for a, b in ((key_a, key_b), (key_b, key_a)):
            stem = a[: -len(masculine)]
            if (
                a.endswith(masculine)
                and b.endswith(feminine)
                and stem == b[: -len(feminine)]
                and len(stem) > 1
            ):
                return True
    return False


def _core_keys(name: str) -> list[str]:
    """The keys that identify a name: patronymics, initials and particles are left out when at
    least two name tokens remain (Mukhtar Kabyluly Ablyazov = Mukhtar Ablyazov), kept otherwise
    (Gulzira Auelkhankyzy keeps her patronymic surname). Hyphenated parts count as tokens, so a
    name means the same with a hyphen or a space."""
    parsed = parse(unhyphenate(name))
    kept = [t for t in parsed if t.kind == "name"]
    if len(kept) < 2:
        kept = parsed
    return [t.key for t in kept]


def key(name: str) -> str:
    """The match key of a name: its identifying tokens' keys, sorted and joined, without the
    vowel slots inside (keydata/fold-5-name.scheme).

    Spellings of one name in any scheme or script share a key; different names keep different
    keys. ASCII ``[a-z0-9]``, deterministic, order-free; a compound meets itself written with a
    hyphen, a space or joined (Ata-Jurt, Ata Jurt, Atajurt) when its parts are in sorted order,
    and always between hyphen and space. See docs/keys.md for every class.

    >>> key("Serikzhan Bilash") == key("Серікжан Білаш") == key("BILASH, Serikjan")
    True
    >>> key("Serikzhan Bilash")
    'blcsrkjn'
    >>> key("Ata-Jurt") == key("Ata Jurt") == key("Atajurt") == key("Атажұрт")
    True
    >>> key("Мұхтар Қабылұлы Әблязов") == key("Mukhtar Ablyazov")
    True
    """
    hit = _key_memo.get(name)
    if hit is None:
        hit = refold("".join(sorted(_core_keys(name))))
        if len(hit) >= _INNER_VOWELS_FROM:
            hit = refold(folds(_NAME_FOLD)[0].rewrite_word(hit)[0])
        if len(_key_memo) >= _MEMO_LIMIT:
            _key_memo.clear()
        _key_memo[name] = hit
    return hit


def skeleton(name: str) -> str:
    """A coarser key for blocking candidate pairs in deduplication; never a verdict.

    >>> skeleton("Serikzhan Bilash")
    'plc srkcn'
    """
    return skeleton_of_keys(_core_keys(name))
