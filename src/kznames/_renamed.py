"""Names kept for a while after a rename: a module's ``__getattr__`` answers an old name with
the value it now has under its new one, and a ``DeprecationWarning`` that says which."""

from __future__ import annotations

import warnings
from collections.abc import Mapping


def old_name(module: str, name: str, renamed: Mapping[str, tuple[str, object]]) -> object:
    """The value of ``module``'s attribute ``name`` if it is an old name in ``renamed`` (old ->
    (new name, value)), with a warning at the caller's line; else an ``AttributeError``.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     old_name("m", "old", {"old": ("m.new", 1)}), str(seen[0].message)
    (1, 'm.old is m.new; use that name')
    """
    if name in renamed:
        new, value = renamed[name]
        # stacklevel 3: the line that read the attribute (this function, the module's
        # __getattr__, then the caller).
        warnings.warn(f"{module}.{name} is {new}; use that name", DeprecationWarning, stacklevel=3)
        return value
    raise AttributeError(f"module {module!r} has no attribute {name!r}")
