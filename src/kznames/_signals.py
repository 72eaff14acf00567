"""SIGTERM as an exception, so that a terminated command cleans up as an interrupted one does.

Python turns SIGINT into ``KeyboardInterrupt``, which unwinds the stack: ``finally`` blocks and
``except BaseException`` clean-ups run (a half-written output's temporary file, DuckDB's spill
folder, a worker pool). SIGTERM's default action ends the process at once, skipping them. The
command line maps SIGTERM to :class:`Terminated` for the time it runs, then puts the previous
handler back. A library does not install signal handlers: only :mod:`kznames.cli` uses this.

>>> import os, signal
>>> try:
...     with terminated_raises():
...         os.kill(os.getpid(), signal.SIGTERM)
...         signal.pause() if hasattr(signal, "pause") else None
... except Terminated:
...     print("cleaned up")
cleaned up
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Terminated", "terminated_raises", "was_terminated"]


class Terminated(BaseException):
    """Raised in the main thread when SIGTERM arrives inside :func:`terminated_raises`."""


# Set when SIGTERM arrived: a C extension that runs Python's signal handlers itself (DuckDB
# checks them during a query) may replace Terminated with its own error ("Query interrupted").
_received: list[int] = []


def _raise(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise Terminated(signum)


def was_terminated() -> bool:
    """Whether SIGTERM arrived within the last :func:`terminated_raises` block."""
    return bool(_received)


@contextmanager
def terminated_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (in the main thread; elsewhere the
    block runs with the handlers as they are)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
