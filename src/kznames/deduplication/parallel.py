"""Spreading per-name and per-pair work over processes, with the same results as one process.

Scoring is pure Python and CPU-bound, so threads would not help; forked workers inherit the
loaded schemes, gazetteer and memos for free. Where ``fork`` is not offered (Windows), the work
is small, or the caller is itself a daemonic pool worker (which may not have children),
everything runs in the calling process.

Workers are quiet: they ignore SIGINT (Ctrl-C reaches the whole process group; the parent
alone handles it and terminates the pool), take SIGTERM with the default action (the pool's
``terminate``), and on Linux die with their parent, so a killed parent does not leave workers
writing ``BrokenPipeError`` tracebacks.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from ..gazetteer import Gazetteer
from .pipeline import Profile, profile, similarities

__all__ = ["default_workers", "may_fork", "profiles", "score_pairs"]

_CHUNK: Final = 2_000
Item = TypeVar("Item")
Out = TypeVar("Out")
# What forked workers need, set by the parent before the pool starts (inherited, not pickled).
_state: dict[str, Any] = {}


def default_workers() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def may_fork() -> bool:
    """Whether this process may start worker processes: ``fork`` is offered and this is not a
    daemonic process (a ``multiprocessing.Pool`` worker), which may have no children."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _quiet_worker() -> None:
    """Pool initializer: see the module docstring."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _map(
    function: Callable[[list[Item]], list[Out]],
    items: Sequence[Item],
    workers: int,
    tick: Callable[[int], None] | None = None,
) -> list[Out]:
    """``function`` over ``items`` in chunks, in order; ``tick(done)`` after each chunk."""
    items = list(items)
    chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    done: list[Out] = []
    if workers <= 1 or len(items) < 4 * _CHUNK or not may_fork():
        if tick is None:
            return function(items)
        for chunk in chunks:
            done.extend(function(chunk))
            tick(len(done))
        return done
    with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
        for part in pool.imap(function, chunks, chunksize=1):
            done.extend(part)
            if tick is not None:
                tick(len(done))
    return done


def _profile_chunk(names: list[str]) -> list[Profile]:
    return [profile(name, _state["gazetteer"], _state["kind"]) for name in names]


def profiles(
    names: Sequence[str],
    gazetteer: Gazetteer | None,
    kind: str | None,
    workers: int,
    tick: Callable[[int], None] | None = None,
) -> list[Profile]:
    """The profile of each name, in order; ``tick(done)`` as chunks finish."""
    _state.update(gazetteer=gazetteer, kind=kind)
    return _map(_profile_chunk, names, workers, tick)


def score_pairs(
    pairs: Sequence[tuple[str, str]], workers: int, tick: Callable[[int], None] | None = None
) -> list[float]:
    """``similarity`` of each pair of names, in order; ``tick(done)`` as chunks finish."""
    return _map(similarities, pairs, workers, tick)
