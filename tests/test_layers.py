"""The package's shape: layers import downwards only, no name hides a subpackage, each shared
concept (key version, link threshold, name columns) is defined once."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import kznames
from kznames import names, phonetic, score
from kznames.deduplication import pipeline

PACKAGE = Path(kznames.__file__).parent
# Modules that integrate kznames with other systems or the command line: the core never imports
# them, and they import nothing from one another (``python -m kznames`` is the command line's
# own way in).
INTEGRATIONS = {"kznames.cli", "kznames.__main__", "kznames.spark", "kznames.splink"}
COMMAND_LINE = {"kznames.cli", "kznames.__main__"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The kznames modules a source file imports (relative imports resolved)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("kznames")}


def test_the_core_imports_no_integration_and_integrations_only_the_core() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        imported = _imports(path) & INTEGRATIONS
        if module in INTEGRATIONS:
            # The CLI may run the integrations on request; spark and splink stand alone.
            assert module in COMMAND_LINE or not imported, f"{module} imports {imported}"
        else:
            assert not imported, f"the core module {module} imports {imported}"


def test_no_name_in_kznames_hides_a_subpackage() -> None:
    for info in pkgutil.iter_modules(kznames.__path__):
        importlib.import_module(f"kznames.{info.name}")
        value = getattr(kznames, info.name)
        assert inspect.ismodule(value), f"kznames.{info.name} is {value!r}, not the module"
    import kznames.schemes as schemes_package

    assert inspect.ismodule(schemes_package)
    assert kznames.scheme_infos is schemes_package.scheme_infos


def test_each_shared_constant_is_defined_once() -> None:
    assert kznames.KEY_VERSION is names.KEY_VERSION
    assert phonetic.KEY_VERSION is names.KEY_VERSION  # the old home still answers
    assert pipeline.MATCH_THRESHOLD == score.LINK_THRESHOLD
    from kznames.cli import _build_parser
    from kznames.spark import dedup_spark
    from kznames.text import reconcile

    defaults = [
        inspect.signature(kznames.dedup).parameters["threshold"].default,
        inspect.signature(dedup_spark).parameters["threshold"].default,
        inspect.signature(kznames.Gazetteer.lookup).parameters["threshold"].default,
        inspect.signature(reconcile).parameters["threshold"].default,
        _build_parser().parse_args(["dedup", "x.csv"]).threshold,
        _build_parser().parse_args(["reconcile", "x.txt"]).threshold,
    ]
    assert defaults == [score.LINK_THRESHOLD] * len(defaults)


def test_no_threshold_value_is_written_twice() -> None:
    # A threshold is a number written once, as one constant; others name that constant
    # (LINK_THRESHOLD is PROBABILITY_THRESHOLD, pipeline.MATCH_THRESHOLD too): two literals
    # of one value drift apart when one is tuned.
    written: dict[float, list[str]] = {}
    for path in sorted((Path(kznames.__file__).parent).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.AnnAssign | ast.Assign):
                targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
                value = node.value
                for target in targets:
                    if (
                        isinstance(target, ast.Name)
                        and "THRESHOLD" in target.id
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, float)
                    ):
                        written.setdefault(value.value, []).append(f"{path.name}:{target.id}")
    assert written, "no threshold constant found: the test no longer looks where they are"
    assert {v: where for v, where in written.items() if len(where) > 1} == {}
    assert score.LINK_THRESHOLD == score.PROBABILITY_THRESHOLD == pipeline.MATCH_THRESHOLD


def test_the_integrations_add_the_same_name_columns() -> None:
    import pandas

    from kznames import spark, splink
    from kznames.splink import add_name_columns

    # The former names answer, with a warning (renamed in issue 15).
    with pytest.warns(DeprecationWarning, match="fine_name_key") as seen:
        assert splink.name_pivot is names.fine_name_key
    assert seen[0].filename == __file__  # the warning points at the line that used the name
    with pytest.warns(DeprecationWarning, match="fine_key_udf"):
        assert spark.pivot_udf is spark.fine_key_udf
    with pytest.raises(AttributeError):
        _ = splink.no_such_name
    table = add_name_columns(pandas.DataFrame({"name": ["Серікжан Білаш", None]}), prefix="p")
    assert list(table.columns) == ["name", *(f"p_{suffix}" for suffix, _ in names.NAME_COLUMNS)]
    assert table["p_key"].tolist() == [kznames.key("Серікжан Білаш"), None]
    assert table["p_fine_key"].tolist() == [names.fine_name_key("Serikzhan Bilash"), None]


def test_a_words_letters_are_written_once() -> None:
    # "Letters and combining marks" is kznames._words.LETTERS; a pattern that lets more inside a
    # word adds its extras to that class rather than writing the letters again.
    from kznames import _words

    assert _words.WORD.fullmatch("Серікжан")
    assert not _words.WORD.search("'-1 ")
    written = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        if where != "_words.py" and ("\\p{L}\\p{M}" in text or "\\p{{L}}\\p{{M}}" in text):
            written.append(where)
    assert written == []
