"""The kznames command: arguments, stdin handling, exit codes, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kznames import __version__, key
from kznames._engine import describe as describe_engine
from kznames.cli import main
from support import REPO


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kznames.cli", *args], input=stdin, capture_output=True, check=False
    )


def test_translit_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-t", "kk-Latn-bgn", "Серікжан Білаш", "Тоқаев"]) == 0
    assert capsys.readouterr().out == "Serikzhan Bilash\nToqaev\n"


def test_translit_with_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-s", "kk-Latn", "-t", "kk-Cyrl", "Serıkjan Bılaş"]) == 0
    assert capsys.readouterr().out == "Серікжан Білаш\n"


def test_translit_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-t", "ru-Cyrl", "--json", "Тоқаев Smith"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == "Токаев Smith"
    assert data["untouched"] == ["Smith"]


def test_stdin_line_by_line_with_a_bad_line() -> None:
    stdin = "Алматы\n".encode() + b"\xff\xfe\n" + "Шымкент\n".encode()
    proc = run("translit", "-t", "kk-Latn-bgn", stdin=stdin)
    assert proc.stdout.decode() == "Almaty\n\nShymkent\n"
    assert proc.stderr.decode().strip() == (
        "kznames translit: line skipped: invalid UTF-8 at byte 0 (stdin:2)"
    )
    assert proc.returncode == 1


def test_strict_stops_at_the_bad_line() -> None:
    stdin = "Алматы\n".encode() + b"\xff\n" + "Шымкент\n".encode()
    proc = run("translit", "--strict", "-t", "kk-Latn-bgn", stdin=stdin)
    assert proc.stdout.decode() == "Almaty\n"
    assert proc.stderr.decode() == (
        "kznames translit: stopped (--strict): invalid UTF-8 at byte 0 (stdin:2)\n"
    )
    assert proc.returncode == 1


def test_strict_stops_at_a_line_with_an_untouched_word() -> None:
    stdin = "Алматы\nҶамал Иванов\nШымкент\n".encode()
    proc = run("translit", "--strict", "-t", "ru-Latn-icao", stdin=stdin)
    assert proc.stdout.decode() == "Almaty\n"
    assert proc.stderr.decode() == (
        "kznames translit: stopped (--strict): stdin:2: 1 word(s) not written in ru-Latn-icao, "
        "left as they were: Ҷамал\n"
    )
    assert proc.returncode == 1
    # Without --strict the word is kept as it was and reported in JSON.
    proc = run("translit", "--json", "-t", "ru-Latn-icao", stdin=stdin)
    assert proc.returncode == 0
    assert json.loads(proc.stdout.decode().splitlines()[1])["untouched"] == ["Ҷамал"]


def test_untouched_words_are_noted_on_stderr_without_strict() -> None:
    # Was exit 0 and nothing said (issue 14): by rule, Urumqi spells no pinyin and no GOST
    # reading; with known spellings it is the gazetteer's Урумчи (known-names.tsv).
    texts = ("Xinjiang Kashgar Urumqi Beijing", "Urumqi Smith")
    proc = run("translit", "--by-rule", "-t", "ru-Cyrl", *texts)
    assert proc.returncode == 0
    assert proc.stderr.decode() == (
        "kznames translit: 3 word(s) not written in ru-Cyrl, left as they were: Urumqi, Smith\n"
    )
    proc = run("translit", "-t", "ru-Cyrl", *texts)
    assert proc.stdout.decode() == "Синьцзян Кашгар Урумчи Пекин\nУрумчи Smith\n"
    assert proc.stderr.decode() == (
        "kznames translit: 1 word(s) not written in ru-Cyrl, left as they were: Smith\n"
    )
    proc = run("translit", "--json", "-t", "ru-Latn-icao", stdin="Ҷамал\n".encode())
    assert proc.stderr.decode().endswith("left as they were: Ҷамал\n")
    # Nothing kept, nothing said.
    proc = run("translit", "-t", "kk-Latn-bgn", "Серікжан Білаш")
    assert (proc.returncode, proc.stderr.decode()) == (0, "")


def test_issue_14_kazakh_names_in_russian_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-t", "ru-Latn-icao", "Серікжан Білаш"]) == 0
    assert main(["translit", "-t", "ru-Latn-gost", "Тоқаев"]) == 0
    assert main(["translit", "-s", "ru-Cyrl", "-t", "ru-Latn-icao", "Тоқаев Иванов"]) == 0
    assert capsys.readouterr().out == "Serikzhan Bilash\nToķaev\nТоқаев Ivanov\n"


def test_no_route_is_said_plainly() -> None:
    proc = run("translit", "-s", "ru-Latn-bgn", "-t", "ru-Cyrl", "Moskva")
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "kznames translit: no route from ru-Latn-bgn to ru-Cyrl: ru-Latn-bgn is written by "
        "kznames but cannot be read back\n"
    )


def test_tags_are_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-t", "kk-latn", "Тоқаев"]) == 0
    assert capsys.readouterr().out == "Toqaev\n"


def test_unknown_scheme_is_one_line_exit_2() -> None:
    proc = run("translit", "-t", "kk-Latn-bng", "x")
    assert proc.returncode == 2
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert "did you mean kk-Latn-bgn" in lines[0]


@pytest.mark.parametrize(
    "args", [["translit"], ["frobnicate"], [], ["translit", "-t"], ["schemes", "--bad"]]
)
def test_bad_arguments_exit_2_with_one_line(args: list[str]) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert len(proc.stderr.decode().strip().splitlines()) == 1


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    # The version and the engine that runs (KZNAMES_PURE and the build decide it).
    assert proc.stdout.decode().strip() == f"kznames {__version__}, {describe_engine()}"


def test_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemes"]) == 0
    out = capsys.readouterr().out
    assert "kk-Cyrl <-> kk-Latn-iso9" in out
    assert "[reversible]" in out
    assert main(["schemes", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["tag"] for r in rows} >= {"kk-Latn", "ru-Latn-gost", "ky-Latn-bgn"}
    icao = next(r for r in rows if r["tag"] == "kk-Latn-icao")
    assert {(s["target"], s["language"]) for s in icao["sibling_for"]} == {
        ("ru-Latn-icao", "kk"),
        ("ru-Latn-icao", "ky"),
    }


def test_schemes_prints_the_siblings_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemes"]) == 0
    out = capsys.readouterr().out
    siblings = out.split("\nSiblings", 1)[1].splitlines()[1:]
    assert siblings[0].split()[:3] == ["ru-Latn-icao", "kk", "kk-Latn-icao"]
    assert any(line.split()[:3] == ["ru-Latn-bgn", "kk", "kk-Latn-bgn"] for line in siblings)


def test_demo_on_the_bundled_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(REPO / "examples" / "names.txt")]) == 0
    out = capsys.readouterr().out
    assert "Serikzhan Bilash" in out
    assert "Serıkjan Bılaş" in out


def test_demo_with_a_missing_file(tmp_path: Path) -> None:
    proc = run("demo", str(tmp_path / "none.txt"))
    assert proc.returncode == 1
    assert proc.stderr.decode() == (
        f"kznames demo: cannot read (no such file or directory) ({tmp_path / 'none.txt'})\n"
    )


def test_closed_pipe_is_not_an_error() -> None:
    cmd = f"{sys.executable} -m kznames.cli demo {REPO / 'examples' / 'names.txt'} | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, check=False)
    assert b"Traceback" not in proc.stderr


def test_reconcile_table_counts_in_words() -> None:
    # The demo printed "Kazakhs  (people, kazakh; 1 mentions in 1 documents)".
    proc = run("reconcile", "-", stdin=b"Serikzhan Bilash met Kazakh herders in Almaty.\n")
    assert proc.returncode == 0, proc.stderr
    table = proc.stdout.decode()
    assert "1 mention in 1 document)" in table
    assert "mentions in 1 documents" not in table
    assert table.startswith("1 document, ")  # was "1 documents, 2 mentions"


def test_python_dash_m_runs_the_command_line() -> None:
    # `python -m kznames` is the `kznames` command (no __main__ module made it an error).
    done = subprocess.run(
        [sys.executable, "-m", "kznames", "key", "Серікжан Білаш"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == key("Серікжан Білаш")
