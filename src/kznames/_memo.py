"""Memos that share one memory budget.

A column of names repeats its tokens, so keys, pivots and transliterations are memoised. A bound
on the number of entries does not bound memory when entries can be large (one 1 MB token per
entry filled a 500,000-entry memo to hundreds of MB), and a bound per memo does not bound them
all (some sixty memos of 48 MB each). So every :class:`Memo` (and every
:func:`short_inputs_cache`) counts an estimate of the bytes it holds (:func:`entry_cost`) against
**one budget** for the whole process, :func:`memo_budget`: 64 MB unless set otherwise, with
:func:`set_memo_budget` or the environment variable ``KZNAMES_MEMO_MB`` (read at import; MB).
A new entry that would pass the budget first empties the memo holding the most; a memo does
not keep an input longer than ``longest`` characters (long inputs rarely repeat, and computing
them again costs no more than the first time). Results never depend on the budget: a memo only
saves computing again.

>>> memo: Memo[str, str] = Memo(longest=10)
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

import os
import threading
import warnings
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Any, Final, Generic, NamedTuple, ParamSpec, Protocol, TypeVar

from ._engine import CORE

__all__ = [
    "BUDGET_VARIABLE",
    "DEFAULT_BUDGET",
    "CacheInfo",
    "Memo",
    "capped",
    "entry_cost",
    "memo_budget",
    "memo_usage",
    "set_memo_budget",
    "short_inputs_cache",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
K_in = TypeVar("K_in", bound=Hashable, contravariant=True)
P = ParamSpec("P")
R = TypeVar("R")

#: Bytes all memos together hold at most (an estimate, see :func:`entry_cost`), unless
#: ``KZNAMES_MEMO_MB`` or :func:`set_memo_budget` says otherwise: about 250,000 entries of
#: names of ten letters, the distinct tokens of a large column and their forms; reconcile of a
#: 2 MB text of new names filled an estimated 51 MB under the caps per memo this replaced.
DEFAULT_BUDGET: Final = 64 * 1024 * 1024
#: The environment variable that sets the budget at import, in MB (0: memoise nothing).
BUDGET_VARIABLE: Final = "KZNAMES_MEMO_MB"
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
    (a result is about as long as its input: a key, a pivot, a transliteration). Measured
    against the objects' real sizes after reconciling 0.5 MB of text: 42 MB estimated for 34 MB
    held, each memo within a factor of 2.5 either way.

    >>> entry_cost("Almaty"), entry_cost(("Almaty", "kk-Latn", "auto"))
    (248, 336)
    """
    return _ENTRY + _PER_CHARACTER * _characters(key)


class _Budget:
    """The bytes all memos may hold (``limit``) and hold (``used``, kept by every put and
    clear, and counted again whenever room is made: unlocked puts under threads may miss an
    update)."""

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def make_room(self, cost: int) -> None:
        """Empty the memos of this budget holding the most until ``cost`` more bytes fit."""
        with _lock:
            memos = [m for m in list(_memos) if m._size and m.budget is self]
            used = sum(m._size for m in memos)
            memos.sort(key=lambda m: m._size)
            while memos and used + cost > self.limit:
                largest = memos.pop()
                used -= largest._size
                largest._data.clear()
                largest._size = 0
            self.used = used


def _budget_from_environment() -> int:
    text = os.environ.get(BUDGET_VARIABLE, "").strip()
    if not text:
        return DEFAULT_BUDGET
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not megabytes >= 0 or megabytes == float("inf"):
        warnings.warn(
            f"kznames: {BUDGET_VARIABLE}={text!r} is not a number of MB; "
            f"the memo budget is {DEFAULT_BUDGET >> 20} MB",
            RuntimeWarning,
            stacklevel=2,
        )
        return DEFAULT_BUDGET
    return int(megabytes * 1024 * 1024)


class _Put(Protocol[K_in, V]):
    def __call__(self, key: K_in, value: V, characters: int | None = None) -> V: ...


class Memo(Generic[K, V]):
    """Results by input, within the one memory budget (:func:`memo_budget`) and, when given,
    ``limit`` bytes of its own; inputs longer than ``longest`` characters (a str key, or the
    str parts of a tuple key) are not kept. Not locked: under threads two may compute one
    entry, which only costs time."""

    __slots__ = (
        "__weakref__",
        "_data",
        "_own_limit",
        "_size",
        "budget",
        "get",
        "limit",
        "longest",
        "put",
    )

    def __init__(self, limit: int | None = None, longest: int = DEFAULT_LONGEST) -> None:
        self._data: dict[K, V] = {}
        self._size = 0
        self._own_limit = limit  # ``limit`` is the lower of it and the budget
        self.longest = longest
        self.budget = _budget
        # The lookup is the hot path: the dict's own method, not a Python-level call; and
        # with the compiled core, keeping an entry is one C call too (``_put`` in C).
        self.get = self._data.get
        self.put: _Put[K, V] = (
            self._put
            if CORE is None
            else CORE.MemoPut(self, _ENTRY, _PER_CHARACTER, _budget, _budget.make_room)
        )
        with _lock:
            _memos.add(self)
            self.limit = _limit_of(self)

    def _put(self, key: K, value: V, characters: int | None = None) -> V:
        """``put``: keep ``value`` for ``key`` (unless the key is too long) and return it;
        ``characters``: the key's length, when the caller measures it (default: the characters
        of a str key or of the str parts of a tuple key). A new entry that would take the memo
        past its own limit empties it; one that would take all memos past the budget first
        empties the largest (``_Budget.make_room``). The Python reference of the compiled core's
        ``MemoPut``, which is ``put`` when the core runs."""
        if characters is None:
            characters = len(key) if isinstance(key, str) else _characters(key)
        cost = _ENTRY + _PER_CHARACTER * characters
        if characters > self.longest or cost > self.limit:
            return value
        if key not in self._data:
            if self._size + cost > self.limit:
                self.clear()
            budget = self.budget
            if budget.used + cost > budget.limit:
                budget.make_room(cost)
            self._size += cost
            budget.used += cost
        self._data[key] = value
        return value

    def clear(self) -> None:
        self.budget.used -= self._size
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
_budget: Final = _Budget(_budget_from_environment())
_setting = [_budget.limit]  # the budget set (the environment, then set_memo_budget)
_caps: list[int] = []  # lower budgets in force (:func:`capped`; several may be nested)
_lock = threading.RLock()  # make_room runs inside _apply_budget


def _limit_of(memo: Memo[Any, Any]) -> int:
    own = memo._own_limit
    return _budget.limit if own is None else min(own, _budget.limit)


def _apply_budget() -> None:
    """Each memo's limit from the budget in force; memos emptied until they fit it (the caller
    holds ``_lock``)."""
    _budget.limit = min([_setting[0], *_caps])
    for memo in list(_memos):
        memo.limit = _limit_of(memo)
        if memo._size > memo.limit:
            memo._data.clear()
            memo._size = 0
    _budget.make_room(0)


def memo_budget() -> int:
    """The bytes all memos together may hold (an estimate, see :func:`entry_cost`): 64 MB by
    default, ``KZNAMES_MEMO_MB`` when set at import, or what :func:`set_memo_budget` set.

    >>> memo_budget() >= 0
    True
    """
    return _setting[0]


def memo_usage() -> int:
    """The bytes all memos hold now (estimated), never more than the budget."""
    with _lock:
        return sum(m._size for m in list(_memos))


def set_memo_budget(limit: int) -> int:
    """Let all memos together hold at most ``limit`` bytes (0: keep nothing) and return the
    budget it replaces. Memos are emptied, largest first, until they fit. Results do not change:
    a lower budget only computes more again, a higher one keeps more memory.

    >>> before = set_memo_budget(16 * 1024 * 1024)
    >>> memo_budget(), memo_usage() <= 16 * 1024 * 1024
    (16777216, True)
    >>> set_memo_budget(before)
    16777216
    """
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"the memo budget is a whole number of bytes, not {type(limit).__name__}")
    if limit < 0:
        raise ValueError(f"the memo budget must not be negative: {limit}")
    with _lock:
        before = _setting[0]
        _setting[0] = limit
        _apply_budget()
    return before


@contextmanager
def capped(limit: int) -> Iterator[None]:
    """The budget is at most ``limit`` bytes while the block runs, and what it was after (what
    the memos hold stays, within the budget). Results do not change.

    >>> memo: Memo[str, str] = Memo()
    >>> for word in ("Almaty", "Astana", "Taraz"):
    ...     _ = memo.put(word, word.lower())
    >>> with capped(600):
    ...     inside = memo.limit, memo_usage() <= 600
    ...     _ = memo.put("Oral", "oral")
    >>> inside, memo.limit == memo_budget()
    ((600, True), True)
    """
    with _lock:
        _caps.append(limit)
        _apply_budget()
    try:
        yield
    finally:
        with _lock:
            _caps.remove(limit)
            _apply_budget()


class CacheInfo(NamedTuple):
    """What a :func:`short_inputs_cache` holds: entries, their estimated bytes, its limit."""

    currsize: int
    size: int
    limit: int


_MISSING: Final = object()


def short_inputs_cache(
    longest: int = DEFAULT_LONGEST,
    size: Callable[..., int] | None = None,
    limit: int | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A memo of a function's results by its arguments, for calls whose inputs are at most
    ``longest`` characters in all (``size(*args)``; by default the lengths of the str
    arguments); a longer call is computed and not kept. A :class:`Memo`: within the one memory
    budget (:func:`memo_budget`; 200 B an entry and 8 B a character of the inputs) and
    ``limit`` bytes of its own when given; so a cache of words holds a bounded number of bytes
    however long they are (an entry-count bound alone let 65,536 words of 256 letters pass
    100 MB). ``cache_info()`` gives the entries, bytes and limit; ``cache_clear()`` empties it.

    >>> @short_inputs_cache(longest=5)
    ... def upper(text: str) -> str:
    ...     return text.upper()
    >>> upper("ab"), upper("abcdefgh"), upper.cache_info().currsize
    ('AB', 'ABCDEFGH', 1)
    >>> @short_inputs_cache(limit=1_000)
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
        get = memo._data.get

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                return function(*args, **kwargs)  # not kept: no caller passes keywords
            hit = get(args, _MISSING)
            if hit is not _MISSING:
                return hit  # type: ignore[return-value]  # only results are stored
            characters = measure(*args)
            value = function(*args, **kwargs)
            if characters <= longest:
                memo.put(args, value, characters)
            return value

        update_wrapper(call, function)
        call.cache_info = lambda: CacheInfo(len(memo), memo.size, memo.limit)  # type: ignore[attr-defined]
        call.cache_clear = memo.clear  # type: ignore[attr-defined]
        return call

    return decorate
