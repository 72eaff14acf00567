"""Exceptions raised by kznames. All derive from :class:`KznamesError`.

Every malformed data file — a scheme, a key table, a variant table — is a
:class:`DataFileError` naming the file and line; :class:`SchemeFileError` (and the gazetteer's
``TableError``) are its kinds, kept so that code catching them goes on working.

>>> error = DataFileError("costs.tsv", 7, "cost must be a number: 'x'")
>>> str(error), error.file, error.line
("costs.tsv:7: cost must be a number: 'x'", 'costs.tsv', 7)
>>> isinstance(SchemeFileError(["a.scheme:3: unknown key 'tga'"]), DataFileError)
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from .translit import Transliteration

__all__ = [
    "DataFileError",
    "KznamesError",
    "NoRouteError",
    "SchemeFileError",
    "UnknownSchemeError",
    "UntouchedError",
]

# "file:line: message" (the first ":<digits>: " ends the file name).
_PROBLEM = re.compile(r"(.*?):(\d+): (.*)", re.DOTALL)
# "file: message", about the whole file (line 0).
_FILE_PROBLEM = re.compile(r"(.*?):()\s(.*)", re.DOTALL)


class KznamesError(Exception):
    """Base class of every error kznames raises on purpose."""


class DataFileError(KznamesError):
    """A data file kznames reads is malformed or unreadable.

    ``file``, ``line`` and ``message`` say where and what the first problem is (line 0: the
    file as a whole, e.g. it cannot be read); ``problems`` lists every problem found, each as
    ``file:line: message``, so that one run reports all the bad rows of a table.
    """

    def __init__(self, file: str | os.PathLike[str], line: int, message: str, *more: str) -> None:
        self.file = os.fspath(file)
        self.line = line
        self.message = message
        self.problems: tuple[str, ...] = (f"{self.file}:{line}: {message}", *more)
        super().__init__("\n".join(self.problems))

    @classmethod
    def of(cls, problems: Sequence[str]) -> Self:
        """One error for several ``file:line: message`` problems (at least one)."""
        error = cls.__new__(cls)
        DataFileError._fill(error, problems)
        return error

    def _fill(self, problems: Sequence[str]) -> None:
        if not problems:
            raise ValueError("a DataFileError needs at least one problem")
        first = _PROBLEM.fullmatch(problems[0]) or _FILE_PROBLEM.fullmatch(problems[0])
        file, line, message = first.groups() if first else ("", "0", problems[0])
        DataFileError.__init__(self, file, int(line or 0), message, *problems[1:])
        self.problems = tuple(problems)  # exactly as given, even when the first has no line
        self.args = ("\n".join(self.problems),)

    def __reduce__(self) -> tuple[Any, ...]:
        # Spark and multiprocessing pickle errors raised in workers: rebuild from the problems.
        return (_rebuild, (type(self), self.problems))


def _rebuild(kind: type[DataFileError], problems: Sequence[str]) -> DataFileError:
    return kind.of(problems)


class SchemeFileError(DataFileError):
    """A scheme file is malformed. ``problems`` lists each as ``path:line: message``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self._fill(problems)


class UnknownSchemeError(KznamesError, LookupError):
    """A scheme tag is not in the registry; ``suggestions`` holds the closest known tags."""

    def __init__(self, tag: str, suggestions: Sequence[str]) -> None:
        self.tag = tag
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown scheme {tag!r}{hint} (`kznames schemes` lists them all)")


class NoRouteError(KznamesError, LookupError):
    """Both tags are known but no chain of schemes leads from ``source`` to ``target``;
    ``reachable`` lists the tags that can be reached from ``source``."""

    def __init__(self, source: str, target: str, reachable: Sequence[str]) -> None:
        self.source = source
        self.target = target
        self.reachable = tuple(reachable)
        if self.reachable:
            where = f"from {source} kznames can write {', '.join(self.reachable)}"
        else:
            where = f"{source} is written by kznames but cannot be read back"
        super().__init__(f"no route from {source} to {target}: {where}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.target, self.reachable))


class UntouchedError(KznamesError, ValueError):
    """``strict=True`` and some words could not be written in the target (``words``); the
    partial ``result`` is kept, with those words as they were."""

    def __init__(self, result: Transliteration) -> None:
        self.result = result
        self.words = result.untouched
        super().__init__(
            f"{len(self.words)} word(s) not written in {result.target}, left as they were: "
            + ", ".join(self.words)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.result,))
