"""Which engine runs: the compiled core (``kznames._core``, built from ``_core.pyx`` by the
package's build) or the pure-Python reference it mirrors.

The compiled core is used when it is importable; ``KZNAMES_PURE=1`` in the environment (read at
import) selects the Python code, as does a build without a C compiler or Cython. Both give the
same results (``tests/test_core.py``); only the speed differs.

A stale core also selects the Python code: the build records the SHA-256 of the ``_core.pyx`` it
compiled (``_core.SOURCE_HASH``), and where that file is beside the module (a source tree, an
editable install) and no longer has that hash — ``_core.pyx`` was edited or pulled and ``make
core`` not run — the old module's classes may not take what the Python code now passes them.
The reason is in :func:`describe` and in a :class:`RuntimeWarning`, given once, at load. Where
the source is not beside the module (a wheel), the build is trusted.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import warnings
from pathlib import Path
from types import ModuleType
from typing import Final, Literal

#: Why a core built from another ``_core.pyx`` than the one beside it does not run.
STALE = "compiled core is stale: _core.pyx changed since it was built; run `make core`"


def source_hash(source: Path) -> str:
    """The digest the build records of ``_core.pyx`` (setup.py computes the same one).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "_core.pyx").write_bytes(b"")
    ...     source_hash(Path(folder) / "_core.pyx")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(source.read_bytes()).hexdigest()


def stale(core: ModuleType) -> bool:
    """Whether ``core`` was built from another ``_core.pyx`` than the one beside it.

    No source beside the module (a wheel that does not ship it): not stale, the build is
    trusted. A module that records no hash (built before the build recorded one) beside a
    source: stale. An unreadable source is treated as absent.
    """
    if not core.__file__:
        return False
    source = Path(core.__file__).with_name("_core.pyx")
    try:
        actual = source_hash(source)
    except OSError:
        return False
    return str(getattr(core, "SOURCE_HASH", "")) != actual


def _load() -> tuple[ModuleType | None, str]:
    if os.environ.get("KZNAMES_PURE", "").strip() not in ("", "0"):
        return None, "KZNAMES_PURE is set"
    try:
        core = importlib.import_module("kznames._core")
    except ImportError as error:
        return None, f"the compiled core is not built: {error}"
    if stale(core):
        warnings.warn(f"kznames: {STALE} (the Python engine runs)", RuntimeWarning, stacklevel=2)
        return None, STALE
    return core, f"the compiled core {core.__file__}"


_CORE, _WHY = _load()

#: The compiled core module, or None when the Python engine runs.
CORE: Final = _CORE


def engine() -> Literal["compiled", "python"]:
    """The engine that runs the hot loops: ``"compiled"`` (the Cython core built with the
    package) or ``"python"`` (the pure-Python reference: ``KZNAMES_PURE=1`` is set, the core
    was not built, or it is stale: :func:`describe` says which). Both give the same results.

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
