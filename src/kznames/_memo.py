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

A long job over mostly new names (:func:`kznames.text.reconcile` on a large text) gains little
from big memos and pays for them in memory: :func:`capped` lowers every memo's limit while it
runs.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Any, Final, Generic, NamedTuple, ParamSpec, Protocol, TypeVar

from ._engine import CORE

__all__ = [
    "DEFAULT_LIMIT",
    "CacheInfo",
    "Memo",
    "capped",
    "entry_cost",
    "short_inputs_cache",
    "with_memos_capped",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
K_in = TypeVar("K_in", bound=Hashable, contravariant=True)
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


class _Put(Protocol[K_in, V]):
    def __call__(self, key: K_in, value: V, characters: int | None = None) -> V: ...


class Memo(Generic[K, V]):
    """Results by input, emptied when the estimated size would pass ``limit`` bytes; inputs
    longer than ``longest`` characters (a str key, or the str parts of a tuple key) are not
    kept. Not locked: under threads two may compute one entry, which only costs time."""

    __slots__ = ("__weakref__", "_data", "_own_limit", "_size", "get", "limit", "longest", "put")

    def __init__(self, limit: int = DEFAULT_LIMIT, longest: int = DEFAULT_LONGEST) -> None:
        self._data: dict[K, V] = {}
        self._size = 0
        self._own_limit = limit  # the limit it was made with; ``limit`` is lower under a cap
        self.longest = longest
        # The lookup is the hot path: the dict's own method, not a Python-level call; and
        # with the compiled core, keeping an entry is one C call too (``_put`` in C).
        self.get = self._data.get
        self.put: _Put[K, V] = (
            self._put if CORE is None else CORE.MemoPut(self, _ENTRY, _PER_CHARACTER)
        )
        with _caps_lock:
            _memos.add(self)
            self.limit = min([limit, *_caps])

    def _put(self, key: K, value: V, characters: int | None = None) -> V:
        """``put``: keep ``value`` for ``key`` (unless the key is too long) and return it;
        ``characters``: the key's length, when the caller measures it (default: the characters
        of a str key or of the str parts of a tuple key). The Python reference of the compiled
        core's ``MemoPut``, which is ``put`` when the core runs."""
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


_memos: weakref.WeakSet[Memo[Any, Any]] = weakref.WeakSet()  # every memo alive
_caps: list[int] = []  # the caps in force (several callers, or threads, may each hold one)
_caps_lock = threading.Lock()


def _apply_caps() -> None:
    """Each memo's limit: its own, or the lowest cap in force; one now over it is emptied."""
    for memo in list(_memos):
        memo.limit = min([memo._own_limit, *_caps])
        if memo.size > memo.limit:
            memo.clear()


@contextmanager
def capped(limit: int) -> Iterator[None]:
    """Every memo (those made meanwhile too) holds at most ``limit`` bytes while the block runs;
    their own limits come back after it (what they hold stays, within the cap). Results do not
    change: a memo only saves computing again.

    >>> memo: Memo[str, str] = Memo(limit=10_000)
    >>> for word in ("Almaty", "Astana", "Taraz"):
    ...     _ = memo.put(word, word.lower())
    >>> with capped(600):
    ...     inside = memo.limit, len(memo)
    ...     _ = memo.put("Oral", "oral")
    >>> inside, memo.limit, len(memo) <= 2
    ((600, 0), 10000, True)
    """
    with _caps_lock:
        _caps.append(limit)
        _apply_caps()
    try:
        yield
    finally:
        with _caps_lock:
            _caps.remove(limit)
            _apply_caps()


def with_memos_capped(limit: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A function that runs under :func:`capped` ``(limit)``.

    >>> memo: Memo[str, str] = Memo()
    >>> @with_memos_capped(1_000)
    ... def limit() -> int:
    ...     return memo.limit
    >>> limit(), memo.limit == DEFAULT_LIMIT
    (1000, True)
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with capped(limit):
                return function(*args, **kwargs)

        update_wrapper(run, function)
        return run

    return decorate


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
