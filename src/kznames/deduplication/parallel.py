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

import gc
import multiprocessing
import os
import signal
import threading
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


def _pdeathsig() -> Callable[[int, int], int] | None:
    """``prctl`` from the C library (Linux), looked up in the parent: a child just forked must
    not import (another thread may have held the import lock at the fork)."""
    try:
        import ctypes

        function: Callable[[int, int], int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return function


_prctl: list[Callable[[int, int], int] | None] = []
_in_pool = False  # true while this process runs a pool: its forks are pool workers


# SIGINT and SIGTERM are blocked in the forking thread from just before a pool's fork until the
# child has its dispositions (and in the parent until the fork returns): a signal to the process
# group in between would otherwise reach the child while Python's SIGINT handler is still its
# own, and the worker would print a KeyboardInterrupt traceback (the kill test's rare failure).
_HELD: Final = {signal.SIGINT, signal.SIGTERM}
_forking = threading.local()  # .mask: the forking thread's signal mask before the fork


def _hold_signals() -> None:
    """Before a fork while a pool runs: block SIGINT and SIGTERM in the forking thread."""
    if _in_pool and hasattr(signal, "pthread_sigmask"):
        _forking.mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)


# A signal held over a fork whose handler raised when the mask was put back (KeyboardInterrupt,
# _signals.Terminated): raised inside a fork hook, where Python prints an exception as ignored
# and drops it, the command would go on (CI saw "Exception ignored in ... Terminated: 15" and a
# whole run after SIGTERM). Kept here, and raised by _map once the fork is over.
_deferred: list[BaseException] = []


def _release_signals() -> None:
    """After the fork (in the parent, and in the child once it is quiet): the forking thread's
    mask as it was."""
    mask = getattr(_forking, "mask", None)
    if mask is not None:
        _forking.mask = None
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        except BaseException as error:  # re-raised by _raise_deferred, outside the hook
            _deferred.append(error)


def _raise_deferred() -> None:
    """Raise the exception a signal's handler raised inside a fork hook, if any."""
    if _deferred:
        error = _deferred[0]
        _deferred.clear()
        raise error


def _quiet_child() -> None:
    """Run in every child forked while a pool runs, before anything else (``os.register_at_fork``):
    see the module docstring. Not in the pool's initializer: a worker the pool forks to
    replace one killed by a signal to the process group may block on a lock another thread held
    at the fork, before its initializer runs; with SIGTERM at its default action it can still be
    terminated, where a Python-level handler would never run and the pool would wait forever.
    The signals held at the fork (``_hold_signals``) are let through once the dispositions are
    set."""
    if not _in_pool:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _prctl and _prctl[0] is not None:
        pr_set_pdeathsig = 1
        _prctl[0](pr_set_pdeathsig, signal.SIGTERM)
    _release_signals()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_hold_signals, after_in_parent=_release_signals, after_in_child=_quiet_child
    )


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
    global _in_pool
    if not _prctl:
        _prctl.append(_pdeathsig())
    _in_pool = True
    # What the parent holds at the fork is left out of garbage collection while the pool runs
    # (gc.freeze, as Python's documentation advises before a fork): a worker's full collection
    # would otherwise walk and write every inherited object, copying the parent's pages into
    # each worker, a cost that grows with what the parent holds (reconcile of a long text).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            _raise_deferred()
            for part in pool.imap(function, chunks, chunksize=1):
                _raise_deferred()
                done.extend(part)
                if tick is not None:
                    tick(len(done))
    finally:
        _in_pool = False
        gc.unfreeze()
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
