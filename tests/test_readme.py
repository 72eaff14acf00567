"""The examples in README.md run as written."""

from __future__ import annotations

import doctest

from support import REPO


def test_readme_examples() -> None:
    result = doctest.testfile(
        str(REPO / "README.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted >= 5
    assert result.failed == 0
