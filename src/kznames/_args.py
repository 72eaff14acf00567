"""Checking the arguments of the public functions: one clear ``TypeError`` for a non-text name.

Without it, ``None``, bytes or a list reach string methods deep inside and fail there with an
``AttributeError`` or a message that names the wrong type.

>>> require_str("name", "Almaty")
'Almaty'
>>> require_str("name", b"Almaty")
Traceback (most recent call last):
TypeError: name must be str, not bytes (decode it first, e.g. value.decode('utf-8'))
>>> require_str("a", None)
Traceback (most recent call last):
TypeError: a must be str, not NoneType
"""

from __future__ import annotations

__all__ = ["require_str"]


def require_str(name: str, value: object) -> str:
    """``value`` itself when it is a ``str`` (a subclass too), else ``TypeError`` naming the
    argument and the type given."""
    if isinstance(value, str):
        return value
    hint = " (decode it first, e.g. value.decode('utf-8'))" if isinstance(value, bytes) else ""
    raise TypeError(f"{name} must be str, not {type(value).__name__}{hint}")
