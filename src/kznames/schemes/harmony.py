"""Vowel harmony for reading a script that writes one letter for a back and a front vowel.

Kazakh Arabic script (tote jazu) writes а/ә, о/ө, ұ/ү and ы/і with one letter each and marks a
front-vowel word once, with the hamza ٴ at its start, unless the word has е, к or г, which show
front harmony already. Harmony in names is not one per word: compounds (Жаңғыр+бек, Серік+жан),
patronymics (Шәріп+ұлы) and Russian surname endings (Тоқа+ев) join parts of either row. Reading
such a word back needs to know which vowel belongs to which row.

Concepts owned here:

* **harmony** — what a scheme file's ``[harmony]`` section says: the *ambiguous* vowel letters
  (``vowels``), the letters that make a vowel beside them front (``front``: к, г and the front
  vowel е) or back (``back``: қ, ғ), the *neutral* letters that are a vowel of either row when
  no vowel letter stands beside them (``neutral``: ي for и), where a vowel with none of these
  in its syllable takes its row from (``unmarked``: ``left``, ``right``, then a default
  ``back`` or ``front``), and the name parts that carry their own harmony (``suffixes`` and
  ``prefixes``, written in the source script, Cyrillic, and compiled through the scheme's
  forward rules), and the letters only loans have (``loan``: ۆ ف for в, ф): a stem with one
  and without the word mark keeps no Kazakh harmony and reads back (Владимировка).
* **segment** — a word is cut into the parts it ends or starts with (longest first, repeatedly,
  as long as the rest keeps a vowel) and the stem between them. A part's vowels read as the part
  is written; harmony never crosses a cut.
* **marking** — :meth:`Harmony.mark` returns the word with the word mark written before every
  ambiguous vowel that reads front and nowhere else. The scheme's ``[reverse]`` rows then read a
  marked vowel as front (``ٴا`` → ә) and an unmarked one as back (``ا`` → а): the decision is made
  here once, the letters stay data.

Within a stem, each ambiguous vowel takes the row of a ``back`` or ``front`` letter of its own
syllable: the letter right before it, else the letters after it up to the one that starts the
next syllable (the last before the next vowel); the word mark counts as a front letter
before the stem's first vowel. The other vowels take the row of the nearest decided vowel in the
``unmarked`` order, so ``ق ا ر ا`` reads қара (the second а follows the first) and a word
without any front letter or mark reads all back, as the forward direction guarantees.

>>> from kznames.schemes import get_scheme
>>> harmony = get_scheme("kk-Arab").harmony
>>> harmony is not None and harmony.mark("جاڭعىربەك") == "جاڭعىربەك"
True
>>> harmony.mark("سەرىكجان") == "سەرٴىكجان"
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["Harmony", "HarmonySettings"]

Row = Literal["back", "front"]
_UNMARKED_STEPS: Final = frozenset({"left", "right", "back", "front"})


@dataclass(frozen=True, slots=True)
class HarmonySettings:
    """The ``[harmony]`` section of a scheme file, parsed but not compiled.

    ``suffixes`` and ``prefixes`` are written in the scheme's source script; ``front_reading``
    lists the source letters that are front vowels (ә ө ү і), so that a part's own vowels can
    be read off its spelling.
    """

    vowels: tuple[str, ...]
    front_vowels: tuple[str, ...]
    front: tuple[str, ...]
    neutral: tuple[str, ...]
    back: tuple[str, ...]
    front_reading: tuple[str, ...]
    unmarked: tuple[str, ...] = ("left", "right", "back")
    suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    min_stem: int = 2
    loan: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Part:
    written: str  # in the target script (Arabic)
    front: tuple[bool, ...]  # one flag per ambiguous vowel of ``written``, in order
    source: str  # as given in the file (Cyrillic)


class Harmony:
    """Decides the row of every ambiguous vowel of a word; see the module docstring."""

    def __init__(self, settings: HarmonySettings, mark: str, write: Callable[[str], str]) -> None:
        """``write`` turns source text into the target script (the scheme's forward rules)."""
        self.settings = settings
        self.word_mark = mark
        self._vowels = frozenset(settings.vowels)
        self._front_vowels = frozenset(settings.front_vowels)
        self._neutral = frozenset(settings.neutral)
        self._front = frozenset(settings.front)
        self._back = frozenset(settings.back)
        self._loan = frozenset(settings.loan)
        self._write = write
        front_letters = frozenset(settings.front_reading)
        self._suffixes = self._compile(settings.suffixes, front_letters)
        self._prefixes = self._compile(settings.prefixes, front_letters)

    def _plain(self, text: str) -> str:
        return text.replace(self.word_mark, "") if self.word_mark else text

    def _compile(self, parts: Sequence[str], front_letters: frozenset[str]) -> tuple[_Part, ...]:
        compiled: list[_Part] = []
        for part in parts:
            flags: list[bool] = []
            for letter in part:
                vowels = sum(1 for c in self._plain(self._write(letter)) if c in self._vowels)
                flags.extend([letter in front_letters] * vowels)
            compiled.append(_Part(self._plain(self._write(part)), tuple(flags), part))
        return tuple(sorted(compiled, key=lambda p: (-len(p.written), p.written)))

    def _keeps_vowel(self, rest: str) -> bool:
        return len(rest) >= self.settings.min_stem and any(
            c in self._vowels or c in self._front_vowels for c in rest
        )

    def segments(self, word: str) -> tuple[list[str], str, list[str]]:
        """Cut ``word`` (without the word mark) into leading parts, a stem and trailing parts.

        >>> from kznames.schemes import get_scheme
        >>> harmony = get_scheme("kk-Arab").harmony
        >>> harmony is not None and harmony.segments("جاڭعىربەك") == ([], "جاڭعىر", ["بەك"])
        True
        """
        prefixes, stem, suffixes = self._segments(word)
        return [p.written for p in prefixes], stem, [p.written for p in suffixes]

    def cut(self, word: str) -> tuple[str, str, str]:
        """``word`` (the word mark removed) as its leading parts spelt in the source script, its
        stem in the target script, and its trailing parts spelt in the source script.

        >>> from kznames.schemes import get_scheme
        >>> harmony = get_scheme("kk-Arab").harmony
        >>> harmony is not None and harmony.cut("جىبەك") == ("", "جى", "бек")
        True
        """
        marked = bool(self.word_mark) and self.word_mark in word
        prefixes, stem, suffixes = self._segments(self._plain(word), marked)
        head = "".join(p.source for p in prefixes)
        return head, stem, "".join(p.source for p in suffixes)

    def plain(self, word: str) -> str:
        """``word`` without the word mark."""
        return self._plain(word)

    def _segments(self, word: str, marked: bool = False) -> tuple[list[_Part], str, list[_Part]]:
        """``word`` (plain) cut into parts. ``marked``: the word had the word mark, which
        Kazakh writes once, before the word: it speaks for the first syllables, so no leading
        part is cut (ٴوڭىر is өңір, not the leading part оң and ір)."""
        suffixes: list[_Part] = []
        prefixes: list[_Part] = []
        stem = word
        found = True
        while found:
            found = False
            for part in self._suffixes:
                rest = stem[: len(stem) - len(part.written)]
                if stem.endswith(part.written) and self._keeps_vowel(rest):
                    suffixes.insert(0, part)
                    stem, found = rest, True
                    break
        for part in () if marked else self._prefixes:
            rest = stem[len(part.written) :]
            if stem.startswith(part.written) and self._keeps_vowel(rest):
                prefixes.append(part)
                stem = rest
                break
        return prefixes, stem, suffixes

    def mark(self, word: str) -> str:
        """``word`` with the word mark before each ambiguous vowel that reads front."""
        marked = bool(self.word_mark) and self.word_mark in word
        plain = self._plain(word)
        if not any(c in self._vowels for c in plain):
            return word
        prefixes, stem, suffixes = self._segments(plain, marked)
        out: list[str] = [self._write_part(p) for p in prefixes]
        out.append(self._mark_stem(stem, marked))
        out.extend(self._write_part(p) for p in suffixes)
        return "".join(out)

    def _write_part(self, part: _Part) -> str:
        flags = iter(part.front)
        return "".join(
            self.word_mark + c if c in self._vowels and next(flags, False) else c
            for c in part.written
        )

    def _mark_stem(self, stem: str, marked: bool) -> str:
        if not marked and not self._loan.isdisjoint(stem):
            # A letter only loans have (в, ф): a Russian or other loan stem, whose vowels keep
            # no Kazakh harmony and are written as Russian writes them, back (Владимировка,
            # Новгород, Виктор: the к of -ка, -ктор shows no front row there).
            return stem
        rows: list[Row | None] = []
        positions: list[int] = []
        slots = [self._is_vowel(stem, i) for i in range(len(stem))]
        for i, char in enumerate(stem):
            if char in self._front_vowels:
                rows.append("front")
                positions.append(-1)  # decides its neighbours; is not marked itself
            elif slots[i]:
                rows.append(self._beside(stem, i, slots, marked and not rows))
                # A neutral vowel (и) passes its syllable's row on and is never marked.
                positions.append(i if char in self._vowels else -1)
        decided = self._spread(rows)
        front_at = {pos for pos, row in zip(positions, decided, strict=True) if row == "front"}
        return "".join(self.word_mark + c if i in front_at else c for i, c in enumerate(stem))

    def _beside(self, stem: str, i: int, slots: list[bool], first_of_marked: bool) -> Row | None:
        # The syllable: the letter before the vowel (every letter before the stem's first
        # vowel), and the letters after it up to the one that starts the next syllable.
        start = i - 1
        if not any(slots[:i]):
            start = 0
        letters = [stem[j] for j in range(max(start, 0), i) if not slots[j]]
        coda: list[str] = []
        for j in range(i + 1, len(stem)):
            if slots[j]:
                coda = coda[:-1]
                break
            coda.append(stem[j])
        for letter in letters + coda:
            if letter in self._back:
                return "back"
            if letter in self._front:
                return "front"
        return "front" if first_of_marked else None

    def _is_vowel(self, stem: str, i: int) -> bool:
        """True at a vowel letter, or at a neutral letter (ي) with no vowel letter beside it."""
        char = stem[i]
        if char in self._vowels or char in self._front_vowels:
            return True
        if char not in self._neutral:
            return False
        beside = stem[i - 1 : i] + stem[i + 1 : i + 2]
        return not any(c in self._vowels or c in self._front_vowels for c in beside)

    def _spread(self, rows: list[Row | None]) -> list[Row]:
        decided = list(rows)
        for step in self.settings.unmarked:
            if step == "back" or step == "front":
                default: Row = "back" if step == "back" else "front"
                return [default if row is None else row for row in decided]
            order = range(len(decided)) if step == "left" else range(len(decided) - 1, -1, -1)
            last: Row | None = None
            for i in order:
                if decided[i] is None:
                    decided[i] = last
                else:
                    last = decided[i]
        return ["back" if row is None else row for row in decided]


def check_unmarked(steps: Sequence[str]) -> str | None:
    """A problem with an ``unmarked`` setting, or None when it is valid.

    >>> check_unmarked(["left", "right", "back"]) is None
    True
    >>> check_unmarked(["left"])
    'unmarked must end with a default row, back or front'
    """
    unknown = [s for s in steps if s not in _UNMARKED_STEPS]
    if unknown:
        return f"unmarked takes left, right, back or front, not {' '.join(unknown)}"
    if not steps or steps[-1] not in ("back", "front"):
        return "unmarked must end with a default row, back or front"
    return None
