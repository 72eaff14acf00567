"""Which engine runs when the compiled core is stale, missing or turned off (``_engine``).

Nothing is built here: a stand-in module for ``kznames._core`` records the hash of one
``_core.pyx`` while the file beside it is another, as after a ``git pull`` in a source tree whose
core was built before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from kznames import _engine
from support import REPO

SOURCE = REPO / "src" / "kznames" / "_core.pyx"
MESSAGE = "compiled core is stale: _core.pyx changed since it was built; run `make core`"


def _stand_in(folder: Path, recorded: str | None) -> types.ModuleType:
    """A module at ``folder`` recording ``recorded`` as its source's hash (None: no record)."""
    module = types.ModuleType("kznames._core")
    module.__file__ = str(folder / "_core.cpython-311-x86_64-linux-gnu.so")
    if recorded is not None:
        module.SOURCE_HASH = recorded  # type: ignore[attr-defined]
    return module


def _edited_source(folder: Path) -> Path:
    """``_core.pyx`` as it is in the repository with one line more: changed after the build."""
    source = folder / "_core.pyx"
    source.write_bytes(SOURCE.read_bytes() + b"# edited after the build\n")
    return source


def test_a_core_built_from_another_source_is_stale(tmp_path: Path) -> None:
    built_from = _engine.source_hash(SOURCE)
    source = _edited_source(tmp_path)
    assert _engine.stale(_stand_in(tmp_path, built_from))
    assert not _engine.stale(_stand_in(tmp_path, _engine.source_hash(source)))
    # Built before the build recorded a hash, beside a source: stale too.
    assert _engine.stale(_stand_in(tmp_path, None))
    assert _engine.stale(_stand_in(tmp_path, ""))


def test_without_the_source_the_build_is_trusted(tmp_path: Path) -> None:
    # A wheel ships no _core.pyx: nothing to compare, whatever the module records.
    assert not _engine.stale(_stand_in(tmp_path, "0" * 64))
    assert not _engine.stale(_stand_in(tmp_path, None))


def test_a_stale_core_falls_back_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edited_source(tmp_path)
    monkeypatch.delenv("KZNAMES_PURE", raising=False)
    monkeypatch.setitem(sys.modules, "kznames._core", _stand_in(tmp_path, "0" * 64))
    with pytest.warns(RuntimeWarning, match="compiled core is stale") as caught:
        core, why = _engine._load()
    assert core is None
    assert why == _engine.STALE == MESSAGE
    assert len(caught) == 1
    # KZNAMES_PURE decides before the core is even looked at: no warning then.
    monkeypatch.setenv("KZNAMES_PURE", "1")
    assert _engine._load() == (None, "KZNAMES_PURE is set")


def test_a_current_core_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _edited_source(tmp_path)
    stand_in = _stand_in(tmp_path, _engine.source_hash(source))
    monkeypatch.delenv("KZNAMES_PURE", raising=False)
    monkeypatch.setitem(sys.modules, "kznames._core", stand_in)
    assert _engine._load() == (stand_in, f"the compiled core {stand_in.__file__}")


def test_a_missing_core_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KZNAMES_PURE", raising=False)
    monkeypatch.setitem(sys.modules, "kznames._core", None)  # import raises ImportError
    core, why = _engine._load()
    assert core is None
    assert why.startswith("the compiled core is not built: ")


# A process whose kznames._core is the stand-in, before kznames loads: what a user of a stale
# source tree sees from the library and from `kznames --version`.
_STALE_PROCESS = textwrap.dedent(
    """
    import sys, types
    folder, recorded = sys.argv[1], sys.argv[2]
    core = types.ModuleType("kznames._core")
    core.__file__ = folder + "/_core.cpython-311-x86_64-linux-gnu.so"
    core.SOURCE_HASH = recorded
    sys.modules["kznames._core"] = core
    import kznames
    from kznames.cli import main
    print(kznames.engine())
    print(kznames.key("Serikzhan Bilash"))
    try:
        main(["--version"])
    except SystemExit:
        pass
    """
)


def test_a_stale_source_tree_runs_the_python_engine_and_says_why(tmp_path: Path) -> None:
    _edited_source(tmp_path)
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    env.pop("KZNAMES_PURE", None)
    proc = subprocess.run(
        [sys.executable, "-c", _STALE_PROCESS, str(tmp_path), _engine.source_hash(SOURCE)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    engine, key, version = proc.stdout.splitlines()
    assert engine == "python"
    # The stand-in has none of the core's functions: a key at all means the Python engine ran.
    pure = subprocess.run(
        [sys.executable, "-c", "import kznames; print(kznames.key('Serikzhan Bilash'))"],
        capture_output=True,
        text=True,
        env={**env, "KZNAMES_PURE": "1"},
        check=True,
    )
    assert key == pure.stdout.strip()
    assert version.endswith(f", python engine ({MESSAGE})")
    assert proc.stderr.count("RuntimeWarning") == 1
    assert MESSAGE in proc.stderr
