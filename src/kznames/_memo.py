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
from functools import lru_cache, update_wrapper
from typing import Final, Generic, ParamSpec, TypeVar

__all__ = ["DEFAULT_LIMIT", "Memo", "entry_cost", "short_inputs_cache"]

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
        try:
            return len("".join(key))  # a tuple of str (the transliteration memo's): one C call
        except TypeError:
            return sum(_characters(part) for part in key)
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

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key`` (unless the key is too long) and return it."""
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


def short_inputs_cache(
    maxsize: int, longest: int = DEFAULT_LONGEST, size: Callable[..., int] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``functools.lru_cache(maxsize)`` for calls whose inputs are at most ``longest``
    characters in all (``size(*args)``; by default the lengths of the str arguments); a longer
    call is computed without the cache, so ``maxsize`` entries of names cannot grow into
    ``maxsize`` pasted paragraphs. The cache of short calls keeps lru_cache's C speed.

    >>> @short_inputs_cache(maxsize=8, longest=5)
    ... def upper(text: str) -> str:
    ...     return text.upper()
    >>> upper("ab"), upper("abcdefgh"), upper.cache_info().currsize
    ('AB', 'ABCDEFGH', 1)
    """
    measure = size or (lambda *args: sum(len(a) for a in args if isinstance(a, str)))

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        cached = lru_cache(maxsize=maxsize)(function)

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            if measure(*args) > longest:
                return function(*args, **kwargs)
            return cached(*args, **kwargs)  # type: ignore[arg-type]  # P.kwargs are hashable here

        update_wrapper(call, function)
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate
