"""The package's public names load on first use: ``import kznames`` imports none of its modules."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import kznames


def test_import_loads_no_module_of_the_package() -> None:
    code = (
        "import sys, kznames; "
        "print(sorted(m for m in sys.modules if m.startswith('kznames.')), "
        "'regex' in sys.modules, 'pypinyin' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "False", "False"]


def test_import_loads_no_typing() -> None:
    """``typing`` (with ``re`` and ``collections``, 7 ms of a 9 ms import) waits for a first use."""
    code = (
        "import sys; before = set(sys.modules); import kznames; "
        "print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip()
    assert "'typing'" not in loaded
    assert "'re'" not in loaded


def test_a_first_use_loads_only_what_it_needs() -> None:
    code = (
        "import sys, kznames; kznames.key('Серікжан Білаш'); "
        "print(sorted(m for m in sys.modules "
        "if m in ('kznames.text', 'kznames.gazetteer', 'kznames.deduplication', 'pypinyin')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(set(kznames.__all__) - {"__version__"}))
def test_every_public_name_is_the_one_its_module_defines(name: str) -> None:
    value = getattr(kznames, name)
    home = kznames._HOMES[name]
    assert value is getattr(importlib.import_module(f"kznames.{home}"), name)
    assert name in dir(kznames)


def test_the_public_names_are_the_documented_ones() -> None:
    assert set(kznames._HOMES) == set(kznames.__all__) - {"__version__"}
    assert kznames.__version__


def test_dir_shows_the_api_and_the_subpackages_not_the_set_up() -> None:
    public = {n for n in dir(kznames) if not n.startswith("_")}
    assert set(kznames.__all__) - {"__version__"} <= public
    assert not public & {"TYPE_CHECKING", "annotations", "importlib"}


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kznames.nothing  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError):
        from kznames import nothing  # type: ignore[attr-defined]  # noqa: F401
