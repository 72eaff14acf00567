"""Reading and writing the record files of ``kznames dedup``: CSV, TSV, JSONL, Parquet (the
command line's file I/O, beside it; the dedup engines see only a column of names).

A file is read as a stream of records (:class:`RecordSource`), as often as the work needs it:
``kznames dedup`` reads it once to check every row and learn its columns, once to take the
column of names, and once more as it writes the results beside each record, so that what it
holds is the names and their results, never the records (a Parquet output, which Arrow builds
whole, and a Parquet input kept with its schema are the exceptions). The file must not change
while it is read: its size and time of change are checked after the last pass.

Every problem names the file and the line (text formats) or row (Parquet). Reading is strict:
an unterminated quote, a row with too many or too few fields, a JSONL line that is not one JSON
object is an error, never a merged or dropped row. Writing gives back every field: a CSV or TSV
field holding a quote, the delimiter or any line break (``\\r``, ``\\n``, U+0085, U+2028, …) is
quoted; a nested value (list, dict) or a boolean is written to CSV and TSV as JSON; a Parquet
input's schema is kept and the added columns appended. Output goes to a temporary file beside
the target, renamed over it when complete (:mod:`kznames._atomic`), and everything that can be
checked about the target is checked before the clustering starts (:func:`check_target`).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, TextIO

from ._atomic import atomic_path, probe
from .deduplication.table import OUTPUT_COLUMNS, DedupInputError, name_of_value, pick_column
from .errors import DataFileError

__all__ = [
    "FORMATS",
    "RecordFile",
    "RecordFileError",
    "RecordSource",
    "check_target",
    "format_of",
    "read_records",
    "write_records",
]

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
# What some reader somewhere takes for the end of a line (str.splitlines's set): such a field
# is quoted, so that a tool splitting lines on any of them still sees whole rows.
_LINE_BREAKS: Final = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


class RecordFileError(DataFileError):
    """A record file that cannot be read or written, with the file and line (a kind of
    :class:`~kznames.errors.DataFileError`)."""

    def __init__(self, problem: str) -> None:
        self._fill([problem])


@dataclass(frozen=True, slots=True)
class Scan:
    """What one pass over a record file learnt: its columns (in order of first appearance) and
    how many records it holds."""

    columns: list[str]
    rows: int


@dataclass(frozen=True, slots=True)
class RecordSource:
    """A record file read as a stream, as many times as needed (:meth:`records`); nothing of it
    is kept between the passes. An input that can be read only once (a pipe, ``/dev/stdin``,
    ``<(command)``) is read whole into ``data`` first (:meth:`open`), and each pass reads that."""

    path: Path
    file_format: str
    data: bytes | None = None

    @classmethod
    def open(cls, path: Path, file_format: str) -> RecordSource:
        """The source of ``path``: streamed from the file when it is a regular file, else its
        bytes read once and kept."""
        status = _stat(path)
        if stat.S_ISREG(status.st_mode):
            return cls(path, file_format)
        try:
            with path.open("rb") as stream:
                return cls(path, file_format, stream.read())
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise RecordFileError(f"{path}: cannot read ({reason})") from None

    def where(self, line: int) -> str:
        """``file:line`` of a record (``file: row N`` for Parquet)."""
        if self.file_format == "parquet":
            return f"{self.path}: row {line}"
        return f"{self.path}:{line}"

    def records(self) -> Iterator[tuple[int, Record]]:
        """Each record with the line it starts on (Parquet: its row number, from 1)."""
        if self.file_format == "csv":
            return _delimited(self.path, ",", self.data)
        if self.file_format == "tsv":
            return _delimited(self.path, "\t", self.data)
        if self.file_format == "jsonl":
            return _jsonl(self.path, self.data)
        return _parquet(self.path, self.data)

    def columns(self) -> list[str]:
        """The columns: a delimited file's header; else every record's keys, in order of first
        appearance (a pass over the file)."""
        if self.file_format in ("csv", "tsv"):
            delimiter = "," if self.file_format == "csv" else "\t"
            return _header(self.path, _reader(self.path, delimiter, self.data))
        if self.file_format == "parquet":
            return _parquet_columns(self.path, self.data)
        return _keys_in(record for _, record in self.records())

    def scan(self) -> Scan:
        """One pass: every record parsed (an error names its line) and none holding a column
        that dedup adds."""
        columns: dict[str, None] = dict.fromkeys(
            self.columns() if self.file_format != "jsonl" else ()
        )
        rows = 0
        for line, record in self.records():
            rows += 1
            if self.file_format == "jsonl":
                columns.update(dict.fromkeys(record))
            taken = [c for c in OUTPUT_COLUMNS if c in record]
            if taken:
                raise RecordFileError(
                    f"{self.where(line)}: the input already has a column named "
                    f"{', '.join(taken)}: rename it first (dedup adds "
                    f"{', '.join(OUTPUT_COLUMNS)})"
                )
        return Scan(list(columns), rows)

    def name_column(self, columns: Sequence[str], column: str | None) -> str:
        """The column of names among ``columns``: ``column``, or the only one."""
        try:
            return pick_column(columns, column, "--column")
        except DedupInputError as exc:
            raise RecordFileError(f"{self.path}: {exc}") from None

    def names(self, column: str) -> list[str | None]:
        """The name of each record (:func:`~kznames.deduplication.table.name_of_value`), each
        record checked: it has the column, and the column holds text, a number or nothing."""
        names: list[str | None] = []
        for line, record in self.records():
            if column not in record:
                raise RecordFileError(f"{self.where(line)}: this row has no {column!r} field")
            value = record[column]
            if value is not None and not isinstance(value, str | int | float):
                raise RecordFileError(f"{self.where(line)}: {column!r} is not text: {value!r}")
            names.append(name_of_value(value))
        return names

    def stamp(self) -> tuple[int, int]:
        """The file's size and time of change, to tell that it changed between two passes."""
        if self.data is not None:
            return len(self.data), 0  # read once, kept: it cannot change
        status = _stat(self.path)
        return status.st_size, status.st_mtime_ns

    def again(self, scan: Scan, stamp: tuple[int, int]) -> Iterator[Record]:
        """The records once more, as :meth:`scan` counted them: a file whose size or time of
        change is not ``stamp`` (:meth:`stamp`, taken before the first pass), or which now
        holds another number of records, is an error, raised before the last record is given
        (an output written from it is then not kept)."""
        changed = RecordFileError(
            f"{self.path}: the file changed while it was read; run again on a file that "
            "nothing writes to"
        )
        if self.stamp() != stamp:
            raise changed
        given = 0
        for _, record in self.records():
            given += 1
            if given > scan.rows:
                raise changed
            if given == scan.rows and self.stamp() != stamp:
                raise changed
            yield record
        if given != scan.rows:
            raise changed

    def arrow(self) -> Any:
        """A Parquet file's Arrow table, whole (its schema is kept on output)."""
        import pyarrow.parquet as parquet

        try:
            return parquet.read_table(self.path if self.data is None else io.BytesIO(self.data))
        except (OSError, ValueError) as exc:
            raise RecordFileError(f"{self.path}: cannot read as Parquet ({exc})") from exc


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A record file read whole: its columns (in order of first appearance), its records and
    the line each record starts on (for Parquet the row number). For tests and small files;
    ``kznames dedup`` streams (:class:`RecordSource`)."""

    path: Path
    file_format: str
    columns: list[str]
    records: list[Record]
    lines: list[int]


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


def _keys_in(records: Iterable[Record]) -> list[str]:
    """Every record's keys, in order of first appearance (a JSONL file's columns)."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    return list(keys)


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise RecordFileError(f"{path}: cannot read ({reason})") from None
    except ValueError:  # a path holding a NUL names no file
        raise RecordFileError(f"{str(path)!r}: cannot read (the path holds a NUL)") from None


def _lines(path: Path, data: bytes | None = None) -> Iterator[str]:
    r"""The lines of a UTF-8 file, each with its ``\n``, read as they are needed (a leading byte
    order mark dropped); a byte that is not UTF-8 is an error naming its line and its offset
    from the file's first byte. Only ``\n`` ends a line here: a delimited file's reader and
    JSONL decide what else does."""
    stream: IO[bytes]
    if data is not None:
        stream = io.BytesIO(data)
    else:
        _stat(path)
        try:
            stream = path.open("rb")
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise RecordFileError(f"{path}: cannot read ({reason})") from None
    with stream:
        offset = 0
        for number, raw in enumerate(stream, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RecordFileError(
                    f"{path}:{number}: not valid UTF-8 (byte {offset + exc.start})"
                ) from None
            offset += len(raw)
            yield text.removeprefix("\ufeff") if number == 1 else text


def _delimited_lines(path: Path, data: bytes | None = None) -> Iterator[str]:
    r"""The lines of a delimited file as a ``csv`` reader takes them (ends at ``\r\n``, ``\r``
    or ``\n``, kept), read as they are needed; a byte that is not UTF-8 is the error
    :func:`_lines` gives."""
    stream: IO[str]
    if data is not None:
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    else:
        _stat(path)
        try:
            stream = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise RecordFileError(f"{path}: cannot read ({reason})") from None
    with stream:
        try:
            yield from stream
        except UnicodeDecodeError:
            for _ in _lines(path, data):  # finds the line and byte, and raises there
                pass
            raise


def _reader(path: Path, delimiter: str, data: bytes | None) -> Any:
    # strict: a quote that is never closed, or text after a closing quote, is an error; the
    # lenient default merges the rest of the file into one field.
    return csv.reader(_delimited_lines(path, data), delimiter=delimiter, strict=True)


def _header(path: Path, reader: Any) -> list[str]:
    """The header row, the first ``reader`` gives, checked."""
    try:
        header: list[str] = next(reader)
    except StopIteration:
        raise RecordFileError(f"{path}:1: empty file: a header row is required") from None
    except csv.Error as exc:
        raise RecordFileError(f"{path}:1: {exc}") from exc
    if len(set(header)) != len(header):
        raise RecordFileError(f"{path}:1: a column name appears twice in the header")
    return header


def _delimited(path: Path, delimiter: str, data: bytes | None) -> Iterator[tuple[int, Record]]:
    reader = _reader(path, delimiter, data)
    header = _header(path, reader)
    start = reader.line_num + 1
    try:
        for fields in reader:
            if fields and len(fields) != len(header):
                raise RecordFileError(
                    f"{path}:{start}: {len(fields)} fields, the header has {len(header)}"
                )
            if fields:  # a blank line is not a row
                yield start, dict(zip(header, fields, strict=True))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise RecordFileError(
                f"{path}:{start}: a quote opened in this row is never closed (the field would "
                "run to the end of the file)"
            ) from exc
        raise RecordFileError(f"{path}:{reader.line_num}: {exc}") from exc


def _jsonl(path: Path, data: bytes | None) -> Iterator[tuple[int, Record]]:
    # Lines end at "\n" alone: U+2028, U+0085 and a lone "\r" may stand inside a JSON string.
    for number, line in enumerate(_lines(path, data), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordFileError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise RecordFileError(f"{path}:{number}: a JSON object is expected on each line")
        yield number, record


def _parquet_file(path: Path, data: bytes | None) -> Any:
    try:
        import pyarrow.parquet as parquet
    except ImportError as exc:
        raise RecordFileError("Parquet needs pyarrow: pip install 'kznames[duckdb]'") from exc
    if data is not None:
        try:
            return parquet.ParquetFile(io.BytesIO(data))
        except (OSError, ValueError) as exc:
            raise RecordFileError(f"{path}: cannot read as Parquet ({exc})") from exc
    _stat(path)
    try:
        return parquet.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise RecordFileError(f"{path}: cannot read as Parquet ({exc})") from exc


def _parquet_columns(path: Path, data: bytes | None) -> list[str]:
    columns = [str(c) for c in _parquet_file(path, data).schema_arrow.names]
    if len(set(columns)) != len(columns):
        raise RecordFileError(f"{path}: a column name appears twice in the schema")
    return columns


def _parquet(path: Path, data: bytes | None) -> Iterator[tuple[int, Record]]:
    _parquet_columns(path, data)
    number = 0
    try:
        for batch in _parquet_file(path, data).iter_batches(batch_size=65_536):
            for record in batch.to_pylist():
                number += 1
                yield number, record
    except (OSError, ValueError) as exc:
        raise RecordFileError(f"{path}: cannot read as Parquet ({exc})") from exc


def read_records(path: Path, file_format: str) -> RecordFile:
    """The columns and the records of a file, every row kept, read whole."""
    source = RecordSource.open(path, file_format)
    read = list(source.records())
    columns = _keys_in(r for _, r in read) if file_format == "jsonl" else source.columns()
    return RecordFile(path, file_format, columns, [r for _, r in read], [n for n, _ in read])


def _plain(value: Any) -> Any:
    """A value JSON cannot encode, as text: dates and times in ISO 8601, decimals exactly,
    bytes as UTF-8 (undecodable bytes as ``\\xNN``)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def _cell(value: Any) -> str:
    """A value as a CSV or TSV field: text as is, nothing as empty, booleans and nested
    values as JSON.

    >>> [_cell(v) for v in (None, "x", 3, False, {"a": None}, [1, "b"])]
    ['', 'x', '3', 'false', '{"a": null}', '[1, "b"]']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    if isinstance(value, int | float):
        return str(value)
    return str(_plain(value))


_DELIMITED_QUOTING = {
    delimiter: re.compile("[" + re.escape(delimiter + '"' + _LINE_BREAKS) + "]")
    for delimiter in ",\t"
}


def _field(text: str, delimiter: str) -> str:
    r"""One field, quoted (quotes doubled) when it holds the delimiter, a quote or a line break,
    or starts with U+FEFF.

    >>> _field("a\rb", ","), _field("a,b", "\t"), _field("a,b", ","), _field("x'y", ",")
    ('"a\rb"', 'a,b', '"a,b"', "x'y")
    """
    # A leading BOM is quoted too: at the start of the file a reader takes it for the encoding
    # mark and drops it.
    if _DELIMITED_QUOTING[delimiter].search(text) or text.startswith("\ufeff"):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_text(
    stream: TextIO, columns: Sequence[str], records: Iterable[Record], fmt: str
) -> None:
    if fmt == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False, default=_plain) + "\n")
        return
    delimiter = "," if fmt == "csv" else "\t"

    def line(fields: list[str]) -> str:
        if fields == [""]:
            return '""\n'
        return delimiter.join(_field(f, delimiter) for f in fields) + "\n"

    stream.write(line(list(columns)))
    for record in records:
        stream.write(line([_cell(record.get(c)) for c in columns]))


def _arrow_column(values: list[Any]) -> Any:
    """An Arrow array of a column's values; a column of mixed types (a number here, text
    there), which no Arrow type holds, becomes text, nested values written as JSON."""
    import pyarrow as pa

    try:
        return pa.array(values)
    # What Arrow raises when it cannot infer one type for the values: mixed scalars (Invalid,
    # TypeError), mixed nested shapes (its NotImplemented error), integers past 64 bits.
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return pa.array([None if v is None else _cell(v) for v in values], type=pa.string())


def _arrow_table(
    columns: Sequence[str], records: Sequence[Record], source: RecordSource | None
) -> Any:
    import pyarrow as pa

    original = source.arrow() if source is not None and source.file_format == "parquet" else None
    if original is not None and original.num_rows == len(records):
        table = original  # its schema as it was; the added columns appended
        for name in columns[original.num_columns :]:
            table = table.append_column(name, _arrow_column([r.get(name) for r in records]))
        return table
    arrays = [_arrow_column([r.get(c) for r in records]) for c in columns]
    return pa.Table.from_arrays(arrays, names=list(columns))


def check_target(target: Path | None, file_format: str) -> None:
    """Everything that can be known about writing the output before the work: Parquet has a
    file and pyarrow, the target is not a folder, its folder exists and takes a new file,
    an existing target may be written."""
    if file_format == "parquet":
        if target is None:
            raise RecordFileError("Parquet output needs --out FILE")
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError as exc:
            raise RecordFileError("Parquet needs pyarrow: pip install 'kznames[duckdb]'") from exc
    if target is None:
        return
    if target.is_dir():
        raise RecordFileError(f"{target}: is a folder, not a file to write")
    folder = target.absolute().parent
    if not folder.is_dir():
        raise RecordFileError(f"{target}: cannot write: the folder {folder} does not exist")
    if target.exists() and not os.access(target, os.W_OK):
        raise RecordFileError(f"{target}: cannot write: the file is read-only")
    try:
        probe(target)
    except OSError as exc:
        raise RecordFileError(f"{target}: cannot write ({exc.strerror})") from exc


def write_records(
    target: Path | None,
    columns: Sequence[str],
    records: Iterable[Record],
    file_format: str,
    stdout: TextIO,
    source: RecordSource | None = None,
) -> None:
    """Write the records to ``target`` atomically (temporary file, then rename), or to
    ``stdout`` when there is no target (not for Parquet). CSV, TSV and JSONL are written a
    record at a time as ``records`` yields them (a generator is never held whole); Parquet
    takes them all. With ``source`` (the file the records were read from) a Parquet output
    keeps a Parquet input's schema."""
    check_target(target, file_format)
    if target is None:
        _write_text(stdout, columns, records, file_format)
        return
    try:
        with atomic_path(target) as temporary:
            if file_format == "parquet":
                import pyarrow.parquet as parquet

                table = _arrow_table(columns, list(records), source)
                parquet.write_table(table, temporary)
            else:
                with temporary.open("w", encoding="utf-8", newline="") as stream:
                    _write_text(stream, columns, records, file_format)
    except OSError as exc:
        raise RecordFileError(f"{target}: cannot write ({exc.strerror or exc})") from exc
