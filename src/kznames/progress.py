"""Progress of long work on stderr: a bar on a terminal, a line every few seconds otherwise.

The library reports work through a plain callback, ``progress(stage, done, total)``
(:func:`kznames.dedup`'s ``progress=``, :func:`kznames.text.reconcile`'s); it never prints. The
command line passes a :class:`Reporter`, which draws one redrawn line on a terminal and, when
stderr is a pipe or a log file, writes a whole line every ``interval`` seconds (the first only
after ``interval`` seconds, so a short run stays silent). Lines are written from the reports
themselves (the engines report every 2,000 names or pairs), never from a thread of its own: a
thread writing to stderr while the engines fork their worker pools could leave a forked worker
holding stderr's lock, unable to exit.

Kept in kznames rather than taken from tqdm or rich: neither writes a plain line every few
seconds to a log (tqdm redraws one line with carriage returns even in a file; rich does not draw
its live bar off a terminal), and the core stays at its four dependencies.

>>> import io
>>> stream = io.StringIO()
>>> reporter = Reporter("dedup", stream, interval=0.0)
>>> reporter("pairs", 500, 2000)
>>> reporter.close()
>>> stream.getvalue().splitlines()[0].rsplit(", ", 1)[0]
'kznames dedup: pairs 25% (500/2,000)'
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Reporter"]

_WIDTH = 24  # characters of the bar


class Reporter:
    """A ``progress(stage, done, total)`` callback that writes to ``stream`` (see the module
    docstring). ``quiet`` writes nothing; ``close()`` ends it (and clears the terminal line)."""

    def __init__(
        self,
        verb: str,
        stream: TextIO,
        *,
        quiet: bool = False,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.verb = verb
        self.stream = stream
        self.quiet = quiet
        isatty = getattr(stream, "isatty", None)
        self.terminal = bool(isatty and isatty())
        self.interval = 0.2 if self.terminal else interval
        self.clock = clock
        self.started = clock()
        self.last = self.started
        self.state: tuple[str, int, int] | None = None
        self.drawn = 0
        self.lock = threading.Lock()  # the engines may report from a pool's result thread

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        with self.lock:
            self.state = (stage, done, total)
            if self.clock() - self.last >= self.interval:
                self._write()

    def line(self) -> str:
        """The current state in words: stage, share, counts, elapsed seconds."""
        if self.state is None:
            return f"kznames {self.verb}: starting"
        stage, done, total = self.state
        elapsed = f"{self.clock() - self.started:.0f} s"
        if not total:
            return f"kznames {self.verb}: {stage}, {elapsed}"
        share = min(done, total) / total
        if self.terminal:
            filled = round(share * _WIDTH)
            bar = "#" * filled + "-" * (_WIDTH - filled)
            return f"kznames {self.verb}: {stage:<10} [{bar}] {share:4.0%} {elapsed}"
        return f"kznames {self.verb}: {stage} {share:.0%} ({done:,}/{total:,}), {elapsed}"

    def _write(self) -> None:
        text = self.line()
        try:
            if self.terminal:
                self.stream.write("\r" + text.ljust(self.drawn))
                self.drawn = len(text)
            else:
                self.stream.write(text + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # stderr closed under us: progress is not worth an error
            self.quiet = True
        self.last = self.clock()

    def close(self) -> None:
        """End the report; on a terminal, clear the bar so the next line starts clean."""
        with self.lock:
            if self.terminal and self.drawn and not self.quiet:
                self.stream.write("\r" + " " * self.drawn + "\r")
                self.stream.flush()
            self.quiet = True

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
