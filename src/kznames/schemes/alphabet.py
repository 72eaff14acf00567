"""Output alphabets: the letters a tag may be written with, declared as data.

Every scheme file declares the alphabet of the tag it writes (``alphabet =`` in ``[scheme]``);
the script tags that schemes only read back to (``kk-Cyrl``, ``ug-Arab``) declare theirs in
``data/alphabets.tsv``. After a route has run, :mod:`kznames.translit` checks each written word
against the alphabet of the tag it was written in: a word with any other letter is not written.

An alphabet is written as space-separated items, in lower case (capitals are derived with the
tag's casing, so ``i`` admits ``I``, or ``İ`` under Turkic casing):

* a letter or a letter with its combining marks: ``a``, ``ä``, ``u̇``;
* a range of single code points: ``a-z``;
* a Unicode property: ``\\p{Han}``.

Only letters and combining marks (``\\p{L}``, ``\\p{M}``) are checked: digits, punctuation, the
apostrophe and the backtick of a scheme are not letters and need not be listed. Combining marks
are admitted as code points, not per base letter.

>>> alphabet, problems = parse_alphabet("a-c ä", "default")
>>> problems, alphabet.outside("Bäc"), alphabet.outside("Bäcd")
([], '', 'd')
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from .._casing import TURKIC_UPPER
from .._words import LETTERS

__all__ = ["Alphabet", "parse_alphabet"]

_PROPERTY = regex.compile(r"\\p\{[A-Za-z_=]+\}")


def _upper(char: str, casing: str) -> str:
    return (char.translate(TURKIC_UPPER) if casing == "turkic" else char).upper()


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


@dataclass(frozen=True)
class Alphabet:
    """The letters (and marks) of one tag, in every case; ``outside`` finds any other letter."""

    letters: frozenset[str]
    properties: tuple[str, ...] = ()
    declared: str = field(default="", compare=False)  # as the data file writes it
    _pattern: regex.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        allowed = "".join(regex.escape(c) for c in sorted(self.letters)) + "".join(self.properties)
        inner = f"[[{LETTERS}]--[{allowed}]]" if allowed else f"[{LETTERS}]"
        object.__setattr__(self, "_pattern", regex.compile(inner, regex.V1))

    def outside(self, text: str) -> str:
        """The first letter or mark of ``text`` that is not in the alphabet, else ``""``."""
        match = self._pattern.search(text)
        return match.group() if match else ""

    def holds(self, text: str) -> bool:
        """True when every letter and mark of ``text`` is in the alphabet."""
        return self._pattern.search(text) is None


def parse_alphabet(text: str, casing: str = "default") -> tuple[Alphabet, list[str]]:
    """Parse an alphabet declaration; return it and the problems found (messages, no line)."""
    letters: set[str] = set()
    properties: list[str] = []
    problems: list[str] = []
    for item in unicodedata.normalize("NFC", text).split():
        if _PROPERTY.fullmatch(item):
            properties.append(item)
            continue
        chars: list[str]
        if len(item) == 3 and item[1] == "-" and _is_letter(item[0]) and _is_letter(item[2]):
            low, high = ord(item[0]), ord(item[2])
            if low > high:
                problems.append(f"alphabet range {item!r} runs backwards")
                continue
            if high - low > 1000:
                problems.append(f"alphabet range {item!r} is too wide (over 1000 code points)")
                continue
            chars = [chr(c) for c in range(low, high + 1)]
        else:
            chars = list(item)
        bad = [c for c in chars if not _is_letter(c)]
        if bad:
            problems.append(
                f"alphabet item {item!r} has {bad[0]!r} (U+{ord(bad[0]):04X}), not a letter or "
                "mark: only letters are checked, list letters only"
            )
            continue
        for char in chars:
            if char != char.lower():
                problems.append(f"alphabet item {item!r} is not lower case")
                break
            letters.add(char)
            letters.update(_upper(char, casing))
            letters.update(char.title())
    if not letters and not properties:
        problems.append("alphabet is empty")
    declared = " ".join(unicodedata.normalize("NFC", text).split())
    return Alphabet(frozenset(letters), tuple(properties), declared), problems
