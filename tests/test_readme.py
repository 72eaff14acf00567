"""The examples in README.md and the docs run as written."""

from __future__ import annotations

import doctest

import pytest

from support import REPO


@pytest.mark.parametrize(
    "name",
    [
        "README.md",
        "docs/chinese.md",
        "docs/keys.md",
        "docs/gazetteer.md",
        "docs/dedup.md",
        "docs/reconcile.md",
        "docs/detection.md",
        "docs/tote-jazu.md",
    ],
)
def test_documented_examples(name: str) -> None:
    result = doctest.testfile(
        str(REPO / name), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted >= 2
    assert result.failed == 0
