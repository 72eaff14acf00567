"""Exceptions raised by kznames. All derive from :class:`KznamesError`."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["KznamesError", "SchemeFileError", "UnknownSchemeError"]


class KznamesError(Exception):
    """Base class of every error kznames raises on purpose."""


class SchemeFileError(KznamesError):
    """A scheme file is malformed. ``problems`` lists each as ``path:line: message``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class UnknownSchemeError(KznamesError, LookupError):
    """A scheme tag is not in the registry; ``suggestions`` holds the closest known tags."""

    def __init__(self, tag: str, suggestions: Sequence[str]) -> None:
        self.tag = tag
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown scheme {tag!r}{hint} (`kznames schemes` lists them all)")
