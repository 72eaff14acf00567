"""The examples in README.md and the docs run as written."""

from __future__ import annotations

import doctest
import json
import re
import shlex
import subprocess
import sys

import pytest

from kznames.cli import main
from support import REPO


@pytest.mark.parametrize(
    "name",
    [
        "README.md",
        "docs/chinese.md",
        "docs/keys.md",
        "docs/gazetteer.md",
        "docs/dedup.md",
        "docs/matching.md",
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


def _readme_shell_lines() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines()]


def _translit_examples() -> list[tuple[str, str]]:
    """README lines ``kznames translit ... "TEXT"  # RESULT``: the command and what it prints."""
    found = []
    for line in _readme_shell_lines():
        command, _, expected = line.partition("#")
        if command.startswith("kznames translit") and '"' in command:
            # What follows the output in brackets is a remark: "Серікжан Білаш (press detected)".
            found.append((command.strip(), expected.split(" (")[0].strip()))
    return found


def test_readme_has_translit_examples() -> None:
    assert len(_translit_examples()) >= 3


@pytest.mark.parametrize(("command", "expected"), _translit_examples())
def test_readme_translit_examples_print_what_they_say(
    command: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out == expected + "\n"


def test_readme_json_pipeline_gives_one_object_per_line() -> None:
    line = next(x for x in _readme_shell_lines() if "| kznames translit" in x)
    args = shlex.split(line.split("|", 1)[1].split("#", 1)[0])[1:]
    names = (REPO / "examples" / "names.txt").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "kznames.cli", *args], input=names, capture_output=True, check=True
    )
    rows = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(rows) == len(names.decode().splitlines())
    assert rows[1]["text"] == "Serikzhan Bilash"
