"""Per-word sequences of a document that keep only a window in memory.

Finding mentions walks a document's words forwards, looking a few words ahead and one behind.
Keeping a regex match object and the readings of every word for the whole text cost about 30-40
MB per MB of text at once; these sequences give the same items by index while holding the
word offsets (8 bytes a word) and the last one to two thousand items made. An item asked for
again after it left the window is made again, equal to the first (each is a pure function of
the text).

>>> import regex
>>> words = WordMatches(regex.compile(r"\\w+"), "Serikzhan Bilash, Almaty")
>>> len(words), words[1].group(), [m.group() for m in words[1:]], words[-1].start()
(3, 'Bilash', ['Bilash', 'Almaty'], 18)
>>> lengths = PerWord(lambda n: len(words[n].group()), len(words))
>>> list(lengths), lengths[0]
([9, 6, 6], 9)
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final, Generic, TypeVar, overload

import regex

__all__ = ["BATCH", "KEEP", "PerWord", "WordMatches"]

T = TypeVar("T")

#: Items kept per sequence: the most recently made (a name-like span looks a few words ahead;
#: a gazetteer name one word behind).
KEEP: Final = 1024
#: Items made at once, from the first one asked for that is not held.
BATCH: Final = 64


class _Recent(Generic[T]):
    """Items by index, made ``BATCH`` at a time from the first one asked for that is not held,
    the last ``2 * keep`` made at most; older ones are made again. ``make(start, stop)`` gives
    the items of ``range(start, stop)``."""

    __slots__ = ("_keep", "_length", "_make", "items")

    def __init__(self, make: Callable[[int, int], Iterable[T]], length: int, keep: int) -> None:
        self._make = make
        self._length = length
        self._keep = keep
        self.items: dict[int, T] = {}

    def get(self, index: int) -> T:
        """The item at ``index`` (negative: from the end), made if it is not held."""
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("word index out of range")
        items = self.items
        if index in items:
            return items[index]
        stop = min(index + BATCH, self._length)
        for at, item in zip(range(index, stop), self._make(index, stop), strict=True):
            items.setdefault(at, item)
        if len(items) > 2 * self._keep:
            # The dict keeps insertion order: the first made go first.
            for old in list(itertools.islice(items, len(items) - self._keep)):
                del items[old]
            if index not in items:  # made long ago, in a batch before the last ones
                items[index] = next(iter(self._make(index, index + 1)))
        return items[index]

    def span(self, index: slice) -> list[T]:
        items = self.items
        return [
            items[i] if i in items else self.get(i) for i in range(*index.indices(self._length))
        ]


class PerWord(Sequence[T]):
    """``[make(n) for n in range(length)]`` made on demand, ``BATCH`` at a time, holding the
    last ``keep`` (default :data:`KEEP`) items made (``make`` must give equal items for an index
    whenever asked); ``make_many(start, stop)``, when given, makes a batch at once instead."""

    def __init__(
        self,
        make: Callable[[int], T],
        length: int,
        keep: int | None = None,
        make_many: Callable[[int, int], Iterable[T]] | None = None,
    ) -> None:
        self._length = length
        self._recent: _Recent[T] = _Recent(
            make_many or (lambda start, stop: [make(n) for n in range(start, stop)]),
            length,
            KEEP if keep is None else keep,
        )
        self._items = self._recent.items

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        try:
            return self._items[index]  # type: ignore[index]  # a slice is no key: TypeError
        except (KeyError, TypeError):
            pass
        if isinstance(index, slice):
            return self._recent.span(index)
        return self._recent.get(index)


class WordMatches(PerWord["regex.Match[str]"]):
    """The matches of ``pattern`` in ``text``, as ``list(pattern.finditer(text))`` gives them,
    holding their start offsets and the last ``keep`` (default :data:`KEEP`) matches made. A
    match is found again from its offset (the same span: the pattern must not look behind its
    start). Iterating runs ``finditer`` again."""

    def __init__(self, pattern: regex.Pattern[str], text: str, keep: int | None = None) -> None:
        self._pattern = pattern
        self._text = text
        self._starts = array("q", (m.start() for m in pattern.finditer(text)))
        super().__init__(self._match, len(self._starts), keep, self._matches)

    def _match(self, index: int) -> regex.Match[str]:
        return next(self._matches(index, index + 1))

    def _matches(self, start: int, stop: int) -> Iterator[regex.Match[str]]:
        """Matches ``start`` to ``stop`` (the pattern finds them again from the first one's
        offset: no match depends on what precedes it)."""
        found = self._pattern.finditer(self._text, self._starts[start])
        return itertools.islice(found, stop - start)

    def __iter__(self) -> Iterator[regex.Match[str]]:
        return iter(self._pattern.finditer(self._text))
