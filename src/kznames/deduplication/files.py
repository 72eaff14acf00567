"""Reading and writing the record files of ``kznames dedup``: CSV, TSV, JSONL, Parquet.

Every problem names the file and the row (its line for text formats); output is written to a
temporary file beside the target and renamed over it, so a reader never sees half a file and a
failed run leaves any earlier output whole.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from ..errors import KznamesError

__all__ = ["FORMATS", "RecordFileError", "format_of", "read_records", "write_records"]

FORMATS: Final = ("csv", "tsv", "jsonl", "parquet")
_SUFFIXES: Final = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
Record = dict[str, Any]


class RecordFileError(KznamesError):
    """A record file that cannot be read or written, with the file and row."""


def format_of(path: Path, given: str | None = None) -> str:
    """The format named, else the one the file name says.

    >>> format_of(Path("people.tsv")), format_of(Path("x.txt"), "csv")
    ('tsv', 'csv')
    """
    if given is not None:
        if given not in FORMATS:
            raise RecordFileError(f"unknown format {given!r} (one of {', '.join(FORMATS)})")
        return given
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise RecordFileError(
            f"{path}: cannot tell the format from the name; give --format ({', '.join(FORMATS)})"
        )
    return found


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordFileError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordFileError(f"{path}:{line}: not valid UTF-8 (byte {exc.start})") from exc


def _delimited(path: Path, delimiter: str) -> tuple[list[str], list[Record]]:
    reader = csv.reader(io.StringIO(_text(path), newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise RecordFileError(f"{path}:1: empty file: a header row is required") from None
    except csv.Error as exc:
        raise RecordFileError(f"{path}:1: {exc}") from exc
    if len(set(header)) != len(header):
        raise RecordFileError(f"{path}:1: a column name appears twice in the header")
    records = []
    try:
        for fields in reader:
            if not fields:
                continue  # a blank line is not a row
            if len(fields) != len(header):
                raise RecordFileError(
                    f"{path}:{reader.line_num}: {len(fields)} fields, the header has {len(header)}"
                )
            records.append(dict(zip(header, fields, strict=True)))
    except csv.Error as exc:
        raise RecordFileError(f"{path}:{reader.line_num}: {exc}") from exc
    return header, records


def _jsonl(path: Path) -> tuple[list[str], list[Record]]:
    columns: dict[str, None] = {}
    records = []
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordFileError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise RecordFileError(f"{path}:{number}: a JSON object is expected on each line")
        columns.update(dict.fromkeys(record))
        records.append(record)
    return list(columns), records


def _parquet(path: Path) -> tuple[list[str], list[Record]]:
    try:
        import pyarrow.parquet as parquet
    except ImportError as exc:
        raise RecordFileError("Parquet needs pyarrow: pip install 'kznames[duckdb]'") from exc
    try:
        table = parquet.read_table(path)
    except (OSError, ValueError) as exc:
        raise RecordFileError(f"{path}: cannot read as Parquet ({exc})") from exc
    return list(table.column_names), table.to_pylist()


def read_records(path: Path, file_format: str) -> tuple[list[str], list[Record]]:
    """The column names and the records of a file, every row kept."""
    if file_format == "csv":
        return _delimited(path, ",")
    if file_format == "tsv":
        return _delimited(path, "\t")
    if file_format == "jsonl":
        return _jsonl(path)
    return _parquet(path)


def _write_text(
    stream: TextIO, columns: Sequence[str], records: Iterable[Record], fmt: str
) -> None:
    if fmt == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])


def write_records(
    target: Path | None,
    columns: Sequence[str],
    records: Sequence[Record],
    file_format: str,
    stdout: TextIO,
) -> None:
    """Write the records to ``target`` atomically (temporary file, then rename), or to
    ``stdout`` when there is no target (not for Parquet)."""
    if target is None:
        if file_format == "parquet":
            raise RecordFileError("Parquet output needs --out FILE")
        _write_text(stdout, columns, records, file_format)
        return
    directory = target.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        if file_format == "parquet":
            os.close(handle)
            import pyarrow as pa
            import pyarrow.parquet as parquet

            table = pa.Table.from_pylist(list(records))
            parquet.write_table(table.select(list(columns)), temporary)
        else:
            with open(handle, "w", encoding="utf-8", newline="") as stream:
                _write_text(stream, columns, records, file_format)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
