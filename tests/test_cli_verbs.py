"""The name verbs (key, compare, same), the help every option and verb carries, and the one
voice of errors: ``kznames <verb>: <what> (<where>)``, exit 2 for usage, 1 for data."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kznames
from kznames import cli
from kznames.cli import main
from support import REPO


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_key_of_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["key", "Serikzhan Bilash", "Серікжан Білаш", "Ivanova"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [kznames.key("Serikzhan Bilash")] * 2 + [kznames.key("Ivanova")]


def test_key_from_stdin_keeps_lines_aligned(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"BILASH, Serikjan\n\xff\n\n" + "Тоқаев\r\n".encode())
    assert main(["key"]) == 1
    captured = capsys.readouterr()
    assert captured.out.split("\n") == [kznames.key("Bilash Serikjan"), "", "", "takav", ""]
    assert captured.err == "kznames key: line skipped: invalid UTF-8 at byte 0 (stdin:2)\n"


def test_key_json_has_fine_keys_and_skeleton(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["key", "--json", "BILASH, Serikjan"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["name"] == "BILASH, Serikjan"
    assert row["key"] == kznames.key("BILASH, Serikjan")
    assert row["skeleton"] == kznames.skeleton("BILASH, Serikjan")
    assert row["fine"] == "bilax serikjan"
    assert [(t["text"], t["kind"]) for t in row["tokens"]] == [
        ("BILASH", "name"),
        ("Serikjan", "name"),
    ]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=30), max_size=4))
def test_key_verb_agrees_with_the_library(names: list[str]) -> None:
    out = io.StringIO()
    assert main(["key", "--", *names] if names else ["key", "--", ""], out=out) == 0
    expected = [kznames.key(n) for n in (names or [""])]
    assert out.getvalue().split("\n")[:-1] == expected


def test_compare_prints_score_and_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "Aiman Umarova", "Aiman Umanova"]) == 0
    score = kznames.similarity("Aiman Umarova", "Aiman Umanova")
    expected = f"{score.value:.2f} (alignment {score.alignment:.2f})  {score.explanation}\n"
    assert capsys.readouterr().out == expected
    assert main(["compare", "--json", "Tokayev", "Тоқаев"]) == 0
    assert json.loads(capsys.readouterr().out) == kznames.similarity("Tokayev", "Тоқаев").to_dict()


def test_same_answers_by_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["same", "Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев"]) == 0
    assert capsys.readouterr().out.startswith("same  ")
    assert main(["same", "Ivanov", "Ivanova"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("different  0.00 (threshold 0.8)")  # the match model's probability
    assert "related" in out
    assert main(["same", "-q", "--threshold", "0", "Ivanov", "Ivanova"]) == 0  # any probability
    assert capsys.readouterr().out == ""


def test_same_in_a_shell_script() -> None:
    script = (
        f"{sys.executable} -m kznames.cli same -q 'Serikzhan Bilash' 'Серікжан Білаш' && echo yes;"
        f"{sys.executable} -m kznames.cli same -q Ivanov Ivanova || echo no"
    )
    proc = subprocess.run(script, shell=True, capture_output=True, check=False, text=True)
    assert proc.stdout == "yes\nno\n"


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    root = cli._build_parser()
    found: list[tuple[str, argparse.ArgumentParser]] = [("kznames", root)]
    todo = list(found)
    while todo:
        _, parser = todo.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append((name, sub))
                    todo.append((name, sub))
    return found


@pytest.mark.parametrize(("name", "parser"), _parsers(), ids=[n for n, _ in _parsers()])
def test_every_option_is_described_and_every_verb_has_an_example(
    name: str, parser: argparse.ArgumentParser
) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help, f"{name}: {action.dest} has no help"
    assert parser.epilog, name
    assert "examples:\n  kznames " in parser.epilog, name


def test_the_cli_page_is_generated_from_the_parser() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import gen_schemes_doc
    finally:
        sys.path.remove(str(REPO / "scripts"))
    page = gen_schemes_doc.cli_page()
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == page
    for verb in ("key", "compare", "same", "reconcile", "dedup"):
        assert f"## kznames {verb}\n" in page


# Each verb with arguments it cannot use: exit 2, one line in the common voice.
USAGE = [
    ["translit", "-t", "kk-Latn-bng", "x"],
    ["translit", "x"],
    ["schemes", "--bad"],
    ["key", "--bad"],
    ["compare", "onlyone"],
    ["same", "a", "b", "--threshold", "1.5"],
    ["eval"],
    ["lookup", "x", "--on", "yesterday"],
    ["lookup", "x", "--kind", "planet"],
    ["tables"],
    ["tables", "check"],
    ["dedup", "people.unknown"],
    ["dedup", "{csv}"],
    ["dedup", "{csv}", "--column", "nom"],
    ["dedup", "{csv}", "--column", "name", "--format", "parquet"],
    ["dedup", "{csv}", "--column", "name", "--out", "clusters.xyz"],
    ["reconcile"],
    ["reconcile", "a.txt", "--threshold", "x"],
    ["demo"],
]


def _fill(args: list[str], tmp_path: Path) -> list[str]:
    csv = tmp_path / "people.csv"
    csv.write_text("id,name\n1,Serikzhan Bilash\n2,Серікжан Білаш\n", encoding="utf-8")
    return [a.replace("{csv}", str(csv)) for a in args]


@pytest.fixture(autouse=True)
def _no_timed_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests read stderr line by line; a progress line is written after 5 s, which a
    # loaded CI machine can reach (reconcile of three files printed one). test_progress.py
    # tests the progress lines.
    monkeypatch.setattr(cli, "_PROGRESS_EVERY", 1e9)


def _run(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    old = sys.stderr
    sys.stderr = err
    try:
        try:
            code = main(args, out=io.StringIO())
        except SystemExit as exit_info:
            code = int(exit_info.code or 0)
    finally:
        sys.stderr = old
    return code, err.getvalue()


def _one_voice(verb: str, stderr: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"kznames {verb}: "), stderr
    for python_talk in ("Traceback", "Errno", "codec", "Error:", "error:"):
        assert python_talk not in stderr


@pytest.mark.parametrize("args", USAGE, ids=[" ".join(a) for a in USAGE])
def test_usage_errors_exit_2_in_one_voice(args: list[str], tmp_path: Path) -> None:
    code, stderr = _run(_fill(args, tmp_path))
    assert code == 2
    verb = " ".join(args[:2]) if args[0] == "tables" and args[1:2] == ["check"] else args[0]
    _one_voice(verb, stderr)


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"Serikzhan\nJos\xe9\n")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("id,name\n1,Ann\n2,Bob,extra\n", encoding="utf-8")
    table = tmp_path / "v.tsv"
    table.write_text("entity_id\tvariant\n", encoding="utf-8")
    return {"missing": tmp_path / "missing.txt", "latin1": latin1, "ragged": ragged, "table": table}


DATA = [
    (["demo", "{missing}"], "demo", "cannot read (no such file or directory) ({missing})"),
    (["demo", "{latin1}"], "demo", "not valid UTF-8 (byte 13) ({latin1}:2)"),
    (["reconcile", "{missing}"], "reconcile", "cannot read (No such file or directory)"),
    (["dedup", "{ragged}", "--column", "name"], "dedup", "3 fields, the header has 2 ({ragged}:3)"),
    (["dedup", "{missing}", "--input-format", "csv"], "dedup", "cannot read"),
    (["eval", "{missing}"], "eval", "cannot read"),
    (["lookup", "x", "--table", "{missing}"], "lookup", "cannot read"),
]


@pytest.mark.parametrize(("args", "verb", "message"), DATA, ids=[" ".join(d[0]) for d in DATA])
def test_data_errors_exit_1_naming_the_place(
    args: list[str], verb: str, message: str, tmp_path: Path
) -> None:
    files = {k: str(v) for k, v in _bad_files(tmp_path).items()}
    code, stderr = _run([a.format(**files) for a in args])
    assert code == 1
    assert message.format(**files) in stderr.splitlines()[0]
    assert stderr.startswith(f"kznames {verb}: ")
    for python_talk in ("Traceback", "Errno", "codec"):
        assert python_talk not in stderr


def test_reconcile_reports_each_unreadable_file_and_goes_on(tmp_path: Path) -> None:
    files = _bad_files(tmp_path)
    good = REPO / "examples" / "dispatches" / "01-wire-en.txt"
    code, stderr = _run(["reconcile", str(files["missing"]), str(files["latin1"]), str(good)])
    assert code == 1
    assert stderr.splitlines() == [
        f"kznames reconcile: cannot read (No such file or directory) ({files['missing']})",
        f"kznames reconcile: not valid UTF-8 (byte 13): skipped ({files['latin1']}:2)",
    ]


def test_reconcile_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    html = "<html><body><p>Serikzhan Bilash met <b>Серікжан Білаш</b>.</p></body></html>"
    _stdin(monkeypatch, html.encode())
    assert main(["reconcile", "--tsv", "-"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert {(r[2], r[3], r[5]) for r in rows} >= {
        ("Serikzhan Bilash", "Serikzhan Bilash", "stdin"),
        ("Serikzhan Bilash", "Серікжан Білаш", "stdin"),
    }


def test_tables_check_speaks_in_the_common_voice(tmp_path: Path) -> None:
    table = _bad_files(tmp_path)["table"]
    code, stderr = _run(["tables", "check", str(table)])
    assert code == 1
    lines = stderr.splitlines()
    assert all(line.startswith("kznames tables check: ") for line in lines)
    assert lines[0].endswith(f"({table}:1)")


def test_an_unexpected_failure_is_one_line_unless_debugging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(args: argparse.Namespace, out: object, err: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(cli._COMMANDS, "schemes", broken)
    monkeypatch.delenv("KZNAMES_DEBUG", raising=False)
    code, stderr = _run(["schemes"])
    assert code == 1
    assert stderr == (
        "kznames schemes: unexpected failure (ZeroDivisionError); "
        "KZNAMES_DEBUG=1 shows the traceback; please report it\n"
    )
    monkeypatch.setenv("KZNAMES_DEBUG", "1")
    code, stderr = _run(["schemes"])
    assert code == 1
    assert "Traceback" in stderr
    assert "ZeroDivisionError: division by zero" in stderr


def test_eval_says_why_a_figure_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    groups = tmp_path / "groups.tsv"
    groups.write_text(
        "group_id\tkind\tvariant\tscript_or_scheme\tsource\n"
        "g1\tperson\tSerikzhan Bilash\tLatn\tx\n"
        "g1\tperson\tСерікжан Білаш\tCyrl\tx\n"
        "g2\tplace\tAlmaty\tLatn\tx\n"
        "g2\tplace\tАлматы\tCyrl\tx\n",
        encoding="utf-8",
    )
    assert main(["eval", str(groups), "--sample", "10"]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out
    assert "n/a" in out
    assert "n/a: no look-alike pairs to measure against (give --negatives FILE)" in out


def test_dedup_explain_says_why_two_names_are_apart(capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 18: same() accepts the pair, dedup keeps it apart; --explain names the step. (Issue
    # 18's own pair, Nursultan Nazarbaev / Nazarbaev N., now shares a surname-with-initial block
    # and is joined: issue 16.)
    assert kznames.same("Qiareke", "恰热克")
    status = main(["dedup", "--explain", "Qiareke", "恰热克", "--no-gazetteer"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("apart: ")
    assert "never compared: no shared block" in out
    assert "similarity: Qiareke~恰热克" in out
    main(["dedup", "--explain", "Nursultan Nazarbaev", "Nazarbaev N.", "--no-gazetteer"])
    out = capsys.readouterr().out
    assert out.startswith("joined: ")
    assert "they share the block(s) t:nazarbav|n" in out


def test_dedup_explain_agrees_with_dedup_on_joined_pairs() -> None:
    from kznames.deduplication.why import explain_pair

    for a, b in [("Aiman Umarova", "Aiman Umanova"), ("Алматы", "Almaty"), ("Tokayev", "Tokarev")]:
        verdict = explain_pair(a, b)
        ids = kznames.dedup([a, b], gazetteer=None).cluster_ids
        assert verdict.joined == (ids[0] == ids[1]), str(verdict)
        assert verdict.reasons


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dedup"], "give the file to deduplicate"),
        (["dedup", "x.csv", "--explain", "a", "b"], "not both"),
    ],
)
def test_dedup_explain_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("kznames dedup: ")
    assert message in err
