"""The wheel ships the scheme files and data/variants, and its command works in a fresh venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from support import REPO


def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = wheel_dir.glob("kznames-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    scheme_files = {
        Path(n).name
        for n in names
        if n.startswith("kznames/schemes/data/") and n.endswith(".scheme")
    }
    assert "kznames/keydata/fold-1-letters.scheme" in names
    assert "kznames/keydata/costs.tsv" in names
    assert scheme_files == {p.name for p in (REPO / "src/kznames/schemes/data").glob("*.scheme")}
    assert "kznames/data/variants/entities.tsv" in names
    assert "kznames/py.typed" in names
    # The compiled core and its types; built wherever a C compiler is (else the pure engine).
    assert "kznames/_core.pyi" in names
    compiler = shutil.which("gcc") or shutil.which("cc")
    built = any(n.startswith("kznames/_core.") and n.endswith(".so") for n in names)
    assert built or not compiler
    assert not any(n.endswith((".pyx", ".c")) for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # Not a source tree on PYTHONPATH (a developer's src/, whose kznames.egg-info the build
    # leaves, would count as kznames installed): the installed package must stand alone.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # Dependencies come from the index (PyICU from pip's cache of the wheel built for .venv).
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, env=env)
    out = subprocess.run(
        [env_dir / "bin" / "kznames", "translit", "-t", "kk-Latn-bgn", "Серікжан Білаш"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,  # not the source tree
        env=env,
    )
    assert out.stdout == "Serikzhan Bilash\n"
    version = subprocess.run(
        [env_dir / "bin" / "kznames", "--version"], capture_output=True, text=True, env=env
    )
    assert ("compiled engine" if built else "python engine") in version.stdout
