"""Memos bounded by size, not by entry count.

A column of names repeats its tokens, so keys, pivots and transliterations are memoised. A bound
on the number of entries does not bound memory when entries can be large (one 1 MB token per
entry filled a 500,000-entry memo to hundreds of MB); a :class:`Memo` is bounded by an estimate
of the bytes it holds and does not keep an input longer than ``longest`` characters (long inputs
rarely repeat, and computing them again costs no more than the first time).

>>> memo: Memo[str, str] = Memo(limit=1_000, longest=10)
>>> memo.put("Almaty", "almt")
'almt'
>>> memo.get("Almaty"), memo.get("Astana"), "Almaty" in memo
('almt', None, True)
>>> memo.put("x" * 11, "long")  # not kept
'long'
>>> len(memo), memo.get("x" * 11)
(1, None)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import update_wrapper
from typing import Final, Generic, NamedTuple, ParamSpec, TypeVar

__all__ = ["DEFAULT_LIMIT", "CacheInfo", "Memo", "entry_cost", "short_inputs_cache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
P = ParamSpec("P")
R = TypeVar("R")

# Bytes of one memo at most (an estimate, see entry_cost): about 150,000 entries of names of
# ten letters, more than the distinct tokens of a million-row column.
DEFAULT_LIMIT: Final = 48 * 1024 * 1024
# Characters of the longest input kept: a name is far shorter, a pasted paragraph is not.
DEFAULT_LONGEST: Final = 256
_ENTRY: Final = 200  # a dict slot, the key and value objects' headers, a small result object
_PER_CHARACTER: Final = 8  # the key (up to 4 bytes a character) and a result of similar length


def _characters(key: object) -> int:
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        # A plain loop: memo keys are short tuples of str, None and flags (a join that fails on
        # the None cost more than the loop, and a recursive call per part more still).
        total = 0
        for part in key:
            if isinstance(part, str):
                total += len(part)
            elif isinstance(part, tuple):
                total += _characters(part)
        return total
    return 0


def entry_cost(key: object) -> int:
    """The bytes an entry is taken to cost: a fixed part and a part per character of the key
    (a result is about as long as its input: a key, a pivot, a transliteration).

    >>> entry_cost("Almaty"), entry_cost(("Almaty", "kk-Latn", "auto"))
    (248, 336)
    """
    return _ENTRY + _PER_CHARACTER * _characters(key)


class Memo(Generic[K, V]):
    """Results by input, emptied when the estimated size would pass ``limit`` bytes; inputs
    longer than ``longest`` characters (a str key, or the str parts of a tuple key) are not
    kept. Not locked: under threads two may compute one entry, which only costs time."""

    __slots__ = ("_data", "_size", "get", "limit", "longest")

    def __init__(self, limit: int = DEFAULT_LIMIT, longest: int = DEFAULT_LONGEST) -> None:
        self._data: dict[K, V] = {}
        self._size = 0
        self.limit = limit
        self.longest = longest
        # The lookup is the hot path: the dict's own method, not a Python-level call.
        self.get = self._data.get

    def put(self, key: K, value: V, characters: int | None = None) -> V:
        """Keep ``value`` for ``key`` (unless the key is too long) and return it;
        ``characters``: the key's length, when the caller measures it (default: the characters
        of a str key or of the str parts of a tuple key)."""
        if characters is None:
            characters = len(key) if isinstance(key, str) else _characters(key)
        cost = _ENTRY + _PER_CHARACTER * characters
        if characters > self.longest or cost > self.limit:
            return value
        if key not in self._data:
            if self._size + cost > self.limit:
                self.clear()
            self._size += cost
        self._data[key] = value
        return value

    def clear(self) -> None:
        self._data.clear()
        self._size = 0

    @property
    def size(self) -> int:
        """The estimated bytes held."""
        return self._size

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data


class CacheInfo(NamedTuple):
    """What a :func:`short_inputs_cache` holds: entries, their estimated bytes, its limit."""

    currsize: int
    size: int
    limit: int


_MISSING: Final = object()


def short_inputs_cache(
    maxsize: int,
    longest: int = DEFAULT_LONGEST,
    size: Callable[..., int] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A memo of a function's results by its arguments, for calls whose inputs are at most
    ``longest`` characters in all (``size(*args)``; by default the lengths of the str
    arguments); a longer call is computed and not kept. Bounded like a :class:`Memo`: emptied
    when its estimated bytes would pass ``limit`` (200 B an entry and 8 B a character of the
    inputs), or its entries ``maxsize``; so a cache of words holds at most ``limit`` bytes
    however long they are (an entry-count bound alone let 65,536 words of 256 letters pass
    100 MB). ``cache_info()`` gives the entries, bytes and limit; ``cache_clear()`` empties it.

    >>> @short_inputs_cache(maxsize=8, longest=5)
    ... def upper(text: str) -> str:
    ...     return text.upper()
    >>> upper("ab"), upper("abcdefgh"), upper.cache_info().currsize
    ('AB', 'ABCDEFGH', 1)
    >>> @short_inputs_cache(maxsize=1_000, limit=1_000)
    ... def double(text: str) -> str:
    ...     return text * 2
    >>> _ = [double(f"word {n}") for n in range(20)]
    >>> info = double.cache_info()
    >>> info.size <= info.limit, info.currsize < 20
    (True, True)
    """
    measure = size or (lambda *args: sum(len(a) for a in args if isinstance(a, str)))

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        memo: Memo[tuple[object, ...], R] = Memo(limit=limit, longest=longest)
        data = memo._data
        get = data.get

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                return function(*args, **kwargs)  # not kept: no caller passes keywords
            hit = get(args, _MISSING)
            if hit is not _MISSING:
                return hit  # type: ignore[return-value]  # only results are stored
            characters = measure(*args)
            value = function(*args, **kwargs)
            if characters <= longest:
                if len(data) >= maxsize:
                    memo.clear()
                memo.put(args, value, characters)
            return value

        update_wrapper(call, function)
        call.cache_info = lambda: CacheInfo(len(memo), memo.size, memo.limit)  # type: ignore[attr-defined]
        call.cache_clear = memo.clear  # type: ignore[attr-defined]
        return call

    return decorate
