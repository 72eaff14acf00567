"""What the benchmarks share: another git revision's code to run beside this tree's, and the
ratios they print.

``bench/run.py`` and ``bench/reconcile_scale.py`` both measure this tree and, with
``--against REV``, the code of another revision in a fresh process; both print how one figure
compares with another. They do it through these two helpers, so a revision is archived and
built, and a ratio written, the same way in each.

>>> ratio(30.0, 10.0), ratio(1.0, 3.0, 7), ratio(5.0, 0.0)
('  3.00', '   0.33', '     -')
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The compiled core of an archived revision, built in place as `make core` builds it: with the
# SHA-256 of its source recorded (setup.py's KZNAMES_CORE_SOURCE_HASH), without which a revision
# that checks it (since efda1ff) takes its core for stale and runs its Python engine.
_BUILD_CORE = (
    "import hashlib; from setuptools import Extension, setup; "
    "from Cython.Build import cythonize; "
    "digest = hashlib.sha256(open('kznames/_core.pyx', 'rb').read()).hexdigest(); "
    "macros = [('KZNAMES_CORE_SOURCE_HASH', f'\"{digest}\"')]; "
    "setup(ext_modules=cythonize([Extension('kznames._core', ['kznames/_core.pyx'], "
    "define_macros=macros)], quiet=True), script_args=['-q', 'build_ext', '--inplace'])"
)


def archive(revision: str, into: Path, paths: Sequence[str] = ("src",)) -> Path:
    """``git archive revision paths`` extracted into ``into``; returns its ``src`` folder.

    When that revision has a compiled core (``src/kznames/_core.pyx``), it is built in place,
    so that a before/after compares compiled code with compiled code; without a compiler the
    revision runs its Python engine (``kznames.engine()`` says which ran)."""
    data = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, *paths],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    src = into / "src"
    if (src / "kznames" / "_core.pyx").is_file():
        subprocess.run(
            [sys.executable, "-c", _BUILD_CORE], cwd=src, capture_output=True, check=False
        )
    return src


def ratio(value: float, base: float, width: int = 6) -> str:
    """``value / base`` in ``width`` characters with two decimals, ``-`` when ``base`` is 0."""
    if not base:
        return f"{'-':>{width}}"
    return f"{value / base:{width}.2f}"
