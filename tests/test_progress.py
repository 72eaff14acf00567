"""Progress on stderr: a bar on a terminal, a line every few seconds otherwise, nothing with
--quiet; the library reports through a callback and never prints."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import kznames
from kznames import cli
from kznames.cli import main
from kznames.progress import Reporter
from kznames.text import Document, reconcile


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_whole_line_every_interval_and_nothing_before() -> None:
    clock, stream = Clock(), io.StringIO()
    reporter = Reporter("dedup", stream, interval=5.0, clock=clock)
    reporter("profiles", 10, 100)
    clock.now += 4.9
    reporter("profiles", 50, 100)
    assert stream.getvalue() == ""  # a short run stays silent
    clock.now += 0.2
    reporter("pairs", 1_000, 4_000)
    clock.now += 1
    reporter("pairs", 2_000, 4_000)  # within 5 s of the last line
    clock.now += 5
    reporter("pairs", 3_000, 4_000)
    reporter.close()
    assert stream.getvalue().splitlines() == [
        "kznames dedup: pairs 25% (1,000/4,000), 5 s",
        "kznames dedup: pairs 75% (3,000/4,000), 11 s",
    ]


def test_a_terminal_gets_one_redrawn_bar_cleared_at_the_end() -> None:
    clock, stream = Clock(), Terminal()
    reporter = Reporter("reconcile", stream, clock=clock)
    clock.now += 1
    reporter("documents", 1, 4)
    clock.now += 1
    reporter("documents", 4, 4)
    reporter.close()
    text = stream.getvalue()
    assert "\n" not in text
    frames = text.split("\r")[1:]
    assert frames[0].startswith("kznames reconcile: documents  [######------------------]  25%")
    assert "[########################] 100%" in frames[1]
    assert frames[-1] == ""  # cleared
    assert frames[-2].strip() == ""


def test_quiet_writes_nothing() -> None:
    stream = io.StringIO()
    with Reporter("dedup", stream, quiet=True, interval=0.0) as reporter:
        reporter("pairs", 1, 2)
    assert stream.getvalue() == ""


def test_a_closed_stream_silences_progress_without_an_error() -> None:
    stream = io.StringIO()
    reporter = Reporter("dedup", stream, interval=0.0)
    stream.close()
    reporter("pairs", 1, 2)
    reporter.close()
    assert reporter.quiet


def test_dedup_and_reconcile_report_each_stage() -> None:
    calls: list[tuple[str, int, int]] = []

    def record(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))

    kznames.dedup(["Almaty", "Алматы", "Astana"], gazetteer=None, progress=record)
    assert ("profiles", 3, 3) in calls
    assert {stage for stage, _, _ in calls} >= {"profiles", "pairs", "clusters"}
    calls.clear()
    docs = [Document("a", "Serikzhan Bilash in Almaty."), Document("b", "Серікжан Білаш.")]
    reconcile(docs, progress=record)
    assert calls[:3] == [("documents", 0, 2), ("documents", 1, 2), ("documents", 2, 2)]
    assert any(stage == "pairs" for stage, _, _ in calls)  # the clustering reports too


@pytest.mark.parametrize("verb", ["dedup", "reconcile"])
def test_the_cli_reports_progress_unless_quiet(
    verb: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli, "_PROGRESS_EVERY", 0.0)  # a line at every report
    if verb == "dedup":
        source = tmp_path / "people.csv"
        source.write_text("name\nSerikzhan Bilash\nСерікжан Білаш\n", encoding="utf-8")
    else:
        source = tmp_path / "note.txt"
        source.write_text("Serikzhan Bilash met Серікжан Білаш.\n", encoding="utf-8")
    assert main([verb, str(source)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith(f"kznames {verb}: profiles 100% (") for line in lines)
    assert main([verb, "--quiet", str(source)]) == 0
    quiet = capsys.readouterr().err
    assert "profiles" not in quiet
    assert "%" not in quiet
