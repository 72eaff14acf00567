"""Build of kznames: the metadata is in pyproject.toml; this file adds what setuptools cannot say
there — the compiled core and the gazetteer's variant tables in the wheel.

* ``kznames._core`` is compiled from ``src/kznames/_core.pyx`` with Cython (a build requirement)
  and a C compiler. It is optional: when Cython, the compiler or the Python headers are missing,
  or the compilation fails, the build says so and goes on, and kznames runs its pure-Python
  engine (``kznames.engine()`` says which one runs). The build records the SHA-256 of the
  ``_core.pyx`` it compiled (the C macro ``KZNAMES_CORE_SOURCE_HASH``, ``_core.SOURCE_HASH`` in
  Python): a source tree whose ``_core.pyx`` changed since runs the Python engine (``_engine``).
* ``data/variants`` (the repository's gazetteer tables) goes into the wheel as
  ``kznames/data/variants``; a source tree reads it where it is (``kznames.resources``).

Developers working from a source tree (``PYTHONPATH=src``) build the core in place with
``make core`` (``python setup.py build_ext --inplace``).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CORE_SOURCE = "src/kznames/_core.pyx"
# The same digest as kznames._engine.source_hash, of the file this build compiles.
CORE_SOURCE_HASH = hashlib.sha256((HERE / CORE_SOURCE).read_bytes()).hexdigest()


def _say(message: str) -> None:
    print(f"kznames: {message}", file=sys.stderr, flush=True)


class OptionalBuildExt(build_ext):
    """Cythonize and compile the core; any failure leaves the pure-Python engine, said aloud."""

    def finalize_options(self) -> None:
        modules = self.distribution.ext_modules or []
        try:
            from Cython.Build import cythonize

            modules[:] = cythonize(modules, compiler_directives={"language_level": "3"}, quiet=True)
        except ImportError:
            _say("Cython is not installed: the compiled core is not built")
            modules[:] = []
        except Exception as error:  # a Cython error: the package works without the core
            _say(f"the compiled core was not translated to C ({type(error).__name__}: {error})")
            modules[:] = []
        if not modules:
            _say("the pure-Python engine will run")
        super().finalize_options()

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:  # no compiler or headers: the package works without the core
            # A module left in the build folder by an earlier build must not ship instead.
            Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            _say(
                f"the compiled core was not built ({type(error).__name__}: {error}); "
                "the pure-Python engine will run"
            )
        else:
            _say(f"built the compiled core {ext.name}")


class BuildPyWithVariants(build_py):
    """The package's modules and data, and ``data/variants`` as ``kznames/data/variants``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads data/variants from the source tree
        target = Path(self.build_lib) / "kznames" / "data" / "variants"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(HERE / "data" / "variants", target)


setup(
    ext_modules=[
        Extension(
            "kznames._core",
            [CORE_SOURCE],
            define_macros=[("KZNAMES_CORE_SOURCE_HASH", f'"{CORE_SOURCE_HASH}"')],
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt, "build_py": BuildPyWithVariants},
)
