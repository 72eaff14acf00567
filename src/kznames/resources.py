"""Shipped data: where it lives, and the one reader of its tab-separated tables.

Every file kznames reads at run time ships with the package and is found here, whether kznames
runs from a source tree or an installed wheel:

* ``schemes/data/`` — transliteration schemes (:func:`schemes_dir`, read by
  :mod:`kznames.schemes`);
* ``keydata/`` — the key's fold passes and tables, the match model's weights (:func:`keydata`);
* ``textdata/`` — case endings and stop words for finding names in text (:func:`textdata`);
* ``namedata/`` — the name frequency table and the given-name forms (:func:`namedata`);
* ``data/variants/`` — the gazetteer's variant tables (:func:`variants_dir`).

Every file is read as text by :func:`read_text` (UTF-8, a byte order mark dropped) and split
into lines by :func:`text_lines`. A scheme file is read by :func:`read_scheme`. A table is UTF-8
text, one row a line, fields
separated by tabs; blank lines and lines starting with ``#`` are comments. :func:`read_table`
reads one and checks its shape; a caller checks what the fields mean and reports a bad one with
:meth:`Row.problem`. Every problem is a :class:`~kznames.errors.DataFileError` naming the file
and line.

>>> rows = read_table(keydata("costs.tsv"), ("a", "b", "cost"), header=False)
>>> rows[0].fields, rows[0].line
(('a', 'e', '0.4'), 9)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from .errors import DataFileError

if TYPE_CHECKING:
    from .schemes.fileformat import SchemeSpec

__all__ = [
    "PACKAGE_DIR",
    "Row",
    "decode_text",
    "in_line_order",
    "keydata",
    "namedata",
    "read_scheme",
    "read_table",
    "read_text",
    "schemes_dir",
    "text_lines",
    "textdata",
    "variants_dir",
]

#: The installed ``kznames`` package; every shipped file is below it.
PACKAGE_DIR: Final = Path(__file__).resolve().parent


def keydata(name: str) -> Path:
    """A file of ``keydata/``: the key's fold passes (``fold-*.scheme``) and its tables.

    >>> keydata("costs.tsv").name
    'costs.tsv'
    """
    return PACKAGE_DIR / "keydata" / name


def textdata(name: str) -> Path:
    """A file of ``textdata/``: the case endings and stop words of mention finding."""
    return PACKAGE_DIR / "textdata" / name


def namedata(name: str) -> Path:
    """A file of ``namedata/``: the name frequency table, the given-name forms."""
    return PACKAGE_DIR / "namedata" / name


def schemes_dir() -> Path:
    """The shipped transliteration schemes and input normalisers (``schemes/data/``)."""
    return PACKAGE_DIR / "schemes" / "data"


def variants_dir() -> Path:
    """The shipped variant tables: ``kznames/data/variants`` in an installed wheel (the build
    puts the repository's ``data/variants`` there), the repository's ``data/variants`` when
    kznames runs from a source tree (``src/kznames`` beside ``data/``).

    >>> (variants_dir() / "entities.tsv").is_file()
    True
    """
    installed = PACKAGE_DIR / "data" / "variants"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parents[1] / "data" / "variants"


def read_scheme(path: Path) -> SchemeSpec:
    """A scheme file parsed (format: :mod:`kznames.schemes.fileformat`); a malformed one is a
    :class:`~kznames.errors.SchemeFileError` (a :class:`DataFileError`) naming file and line.

    >>> read_scheme(keydata("fold-3-doubles.scheme")).rules[0].source
    'aa'
    """
    from .schemes.fileformat import parse_scheme

    return parse_scheme(path)


class Row(NamedTuple):
    """One row of a table: its fields and where it is."""

    file: Path
    line: int
    fields: tuple[str, ...]

    def where(self) -> str:
        """``file:line``, to start a problem's message."""
        return f"{self.file}:{self.line}"

    def problem(self, message: str) -> str:
        """``file:line: message``, one entry of :attr:`DataFileError.problems`."""
        return f"{self.where()}: {message}"


def decode_text(
    data: bytes, where: str | os.PathLike[str], kind: type[DataFileError] = DataFileError
) -> str:
    r"""``data`` decoded as UTF-8 (a leading byte order mark dropped), or a ``kind`` of
    :class:`DataFileError` naming ``where`` and the line of the first undecodable byte.

    >>> decode_text("\ufeffa\tb".encode(), "t.tsv")
    'a\tb'
    >>> decode_text(b"ok\n\xff", "t.tsv")
    Traceback (most recent call last):
    ...
    kznames.errors.DataFileError: t.tsv:2: not valid UTF-8 (byte 3)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The decoder reports offsets past a byte order mark it dropped: count from the file's
        # first byte.
        start = exc.start + len(data) - len(exc.object)
        line = data[:start].count(b"\n") + 1
        raise kind.of([f"{os.fspath(where)}:{line}: not valid UTF-8 (byte {start})"]) from None


def read_text(path: Path, kind: type[DataFileError] = DataFileError) -> str:
    """The text of a UTF-8 file (a leading byte order mark dropped): the one way kznames reads a
    file it is given or ships. A file that cannot be read is a ``kind`` of
    :class:`DataFileError` (line 0: the file as a whole, ``path: cannot read (why)``); one that
    is not UTF-8 names the line and byte (:func:`decode_text`).

    >>> read_text(Path("no-such.tsv"))
    Traceback (most recent call last):
    ...
    kznames.errors.DataFileError: no-such.tsv: cannot read (no such file or directory)
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise kind.of([f"{path}: cannot read ({reason})"]) from None
    except ValueError:  # a path holding a NUL names no file
        raise kind.of([f"{str(path)!r}: cannot read (the path holds a NUL)"]) from None
    return decode_text(data, path, kind)


def text_lines(text: str) -> list[str]:
    r"""The lines of a table's text: they end at ``\n`` (a ``\r`` before it dropped) and nowhere
    else, so that U+2028 or U+0085 inside a field does not split its row; no empty last line.

    >>> text_lines("a\tb\r\nc\u2028d\n")
    ['a\tb', 'c\u2028d']
    """
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_table(
    path: Path,
    columns: Sequence[str],
    *,
    header: bool,
    problems: list[str] | None = None,
) -> list[Row]:
    r"""The rows of a tab-separated table of ``columns``, comments and blank lines left out.

    With ``header`` the first row must name exactly those columns (it is not returned). Every
    row must have one field per column. Raises :class:`DataFileError` listing every row of the
    wrong width (and a wrong header), each with its line; given a ``problems`` list, adds them
    to it instead and returns the good rows, so that a caller checking the fields reports every
    bad row at once (in line order: see :func:`in_line_order`).

    >>> import tempfile
    >>> table = Path(tempfile.mkdtemp()) / "t.tsv"
    >>> _ = table.write_text("# a comment\na\tb\nx\ty\nz\n", encoding="utf-8")
    >>> rows = read_table(table, ("a", "b"), header=True, problems=[])
    >>> len(rows), rows[0].fields
    (1, ('x', 'y'))
    >>> read_table(table, ("a", "b"), header=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kznames.errors.DataFileError: .../t.tsv:4: 1 field, expected 2 (a, b)
    """
    expected = len(columns)
    names = ", ".join(columns)
    rows: list[Row] = []
    found: list[str] = []
    header_seen = not header
    for number, line in enumerate(text_lines(read_text(path)), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = Row(path, number, tuple(line.split("\t")))
        if not header_seen:
            header_seen = True
            if list(row.fields) != list(columns):
                found.append(row.problem(f"the header must be {names} (tab-separated)"))
                break
            continue
        if len(row.fields) != expected:
            count = len(row.fields)
            fields = f"{count} field{'s' * (count != 1)}"
            found.append(row.problem(f"{fields}, expected {expected} ({names})"))
            continue
        rows.append(row)
    if not header_seen:
        found.append(f"{path}:1: no header (expected {names})")
    if problems is not None:
        problems.extend(found)
    elif found:
        raise DataFileError.of(found)
    return rows


def in_line_order(problems: list[str]) -> list[str]:
    """``file:line: message`` problems sorted by file, then line (numerically).

    >>> in_line_order(["t.tsv:10: b", "t.tsv:9: a"])
    ['t.tsv:9: a', 't.tsv:10: b']
    """

    def place(problem: str) -> tuple[str, int]:
        error = DataFileError.of([problem])
        return error.file, error.line

    return sorted(problems, key=place)
