"""kznames dedup reads its input as a stream (kznames.record_files.RecordSource): lazily, the
same rows as a whole read, line ends as the csv module reads them, and a file that changes
between the passes is an error that leaves no output."""

from __future__ import annotations

from pathlib import Path

import pyarrow
import pyarrow.parquet
import pytest

from kznames.cli import main
from kznames.record_files import RecordFileError, RecordSource, read_records


def test_records_are_read_as_they_are_needed(tmp_path: Path) -> None:
    # The third row's quote is never closed: a whole read fails, the stream gives the first
    # rows before it gets there.
    path = tmp_path / "people.csv"
    path.write_text('id,name\n1,Serikzhan Bilash\n2,Алматы\n3,"Atajurt\n', encoding="utf-8")
    records = RecordSource(path, "csv").records()
    assert next(records) == (2, {"id": "1", "name": "Serikzhan Bilash"})
    assert next(records) == (3, {"id": "2", "name": "Алматы"})
    with pytest.raises(RecordFileError, match=r"people\.csv:4: a quote opened in this row"):
        next(records)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_delimited_file_ends_its_lines_as_the_csv_module_reads_them(
    tmp_path: Path, end: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(end.join(["id,name", '1,"Bilash\rSerikzhan"', "2,Алматы", ""]).encode())
    source = RecordSource(path, "csv")
    assert source.scan().rows == 2
    assert [r["name"] for _, r in source.records()] == ["Bilash\rSerikzhan", "Алматы"]


def test_a_whole_read_and_the_stream_agree(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"id": 1}\n\n{"name": "Aiman\\u2028Umarova", "id": 2}\n', encoding="utf-8")
    whole = read_records(path, "jsonl")
    source = RecordSource(path, "jsonl")
    assert whole.columns == source.scan().columns == ["id", "name"]
    assert whole.records == [r for _, r in source.records()]
    assert whole.lines == [1, 3]
    with pytest.raises(RecordFileError, match=r"people\.jsonl:1: this row has no 'name' field"):
        source.names("name")


def test_a_parquet_file_is_read_a_batch_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "people.parquet"
    names = [f"Name {n}" for n in range(70_000)]
    pyarrow.parquet.write_table(pyarrow.table({"name": names}), path)
    source = RecordSource(path, "parquet")
    assert source.scan().rows == 70_000
    assert source.names("name") == names


def test_a_file_changed_between_the_passes_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name\nSerikzhan Bilash\nАлматы\n", encoding="utf-8")
    source = RecordSource(path, "csv")
    stamp = source.stamp()
    scan = source.scan()
    assert list(source.again(scan, stamp)) == [{"name": "Serikzhan Bilash"}, {"name": "Алматы"}]
    path.write_text("name\nSerikzhan Bilash\nАлматы\nAtajurt\n", encoding="utf-8")
    with pytest.raises(RecordFileError, match="changed while it was read"):
        list(source.again(scan, stamp))
    # The same size and time of change, one row fewer (a line break made a field): still seen.
    path.write_text('name\n"Serikzhan Bilash\nАлматы"\n', encoding="utf-8")
    with pytest.raises(RecordFileError, match="changed while it was read"):
        list(source.again(scan, source.stamp()))


def test_the_command_line_keeps_no_output_of_a_file_that_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name\nSerikzhan Bilash\nСерікжан Білаш\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    real_names = RecordSource.names

    def names_then_append(self: RecordSource, column: str) -> list[str | None]:
        found = real_names(self, column)
        with path.open("a", encoding="utf-8") as more:
            more.write("Atajurt\n")
        return found

    monkeypatch.setattr(RecordSource, "names", names_then_append)
    code = main(["dedup", str(path), "--out", str(out), "--quiet"])
    assert code != 0
    assert "changed while it was read" in capsys.readouterr().err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_an_input_read_once_is_kept_for_every_pass(tmp_path: Path, suffix: str) -> None:
    # A pipe gives its data once (found by review: `cat a.csv | kznames dedup /dev/stdin` said
    # "empty file", JSONL "the file changed"): it is read whole first.
    import subprocess
    import sys

    lines = {
        "csv": "name\nSerikzhan Bilash\nСерікжан Білаш\n",
        "jsonl": '{"name": "Serikzhan Bilash"}\n{"name": "Серікжан Білаш"}\n',
    }[suffix]
    run = subprocess.run(
        [sys.executable, "-m", "kznames", "dedup", "/dev/stdin", "--input-format", suffix],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "2 rows" in run.stderr
    assert "1 cluster" in run.stderr
    assert len(run.stdout.strip().splitlines()) == (3 if suffix == "csv" else 2)


def test_a_fifo_is_read_once(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "names.csv"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w", encoding="utf-8") as stream:
            stream.write("id,name\n1,Serikzhan Bilash\n2,Алматы\n")

    writer = threading.Thread(target=feed)
    writer.start()
    source = RecordSource.open(fifo, "csv")
    writer.join()
    assert source.scan().rows == 2
    assert source.names("name") == ["Serikzhan Bilash", "Алматы"]
    assert source.stamp() == source.stamp()
