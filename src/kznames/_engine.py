"""Which engine runs: the compiled core (``kznames._core``, built from ``_core.pyx`` by the
package's build) or the pure-Python reference it mirrors.

The compiled core is used when it is importable; ``KZNAMES_PURE=1`` in the environment (read at
import) selects the Python code, as does a build without a C compiler or Cython. Both give the
same results (``tests/test_core.py``); only the speed differs.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Final, Literal


def _load() -> tuple[ModuleType | None, str]:
    if os.environ.get("KZNAMES_PURE", "").strip() not in ("", "0"):
        return None, "KZNAMES_PURE is set"
    try:
        core = importlib.import_module("kznames._core")
    except ImportError as error:
        return None, f"the compiled core is not built: {error}"
    return core, f"the compiled core {core.__file__}"


_CORE, _WHY = _load()

#: The compiled core module, or None when the Python engine runs.
CORE: Final = _CORE


def engine() -> Literal["compiled", "python"]:
    """The engine that runs the hot loops: ``"compiled"`` (the Cython core built with the
    package) or ``"python"`` (the pure-Python reference: ``KZNAMES_PURE=1`` is set, or the core
    was not built). Both give the same results.

    >>> engine() in ("compiled", "python")
    True
    """
    return "python" if CORE is None else "compiled"


def describe() -> str:
    """The engine and why it was chosen, for ``kznames --version``.

    >>> describe().startswith(engine())
    True
    """
    return f"{engine()} engine ({_WHY})"
