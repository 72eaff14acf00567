"""Shipped data: where it lives, and the one reader of its tab-separated tables.

Every file kznames reads at run time ships with the package and is found here, whether kznames
runs from a source tree or an installed wheel:

* ``schemes/data/`` — transliteration schemes (:func:`schemes_dir`, read by
  :mod:`kznames.schemes`);
* ``keydata/`` — the key's fold passes and tables, the match model's weights (:func:`keydata`);
* ``textdata/`` — case endings and stop words for finding names in text (:func:`textdata`);
* ``namedata/`` — the name frequency table (:func:`namedata`);
* ``data/variants/`` — the gazetteer's variant tables (:func:`variants_dir`).

A scheme file is read by :func:`read_scheme`. A table is UTF-8 text, one row a line, fields
separated by tabs; blank lines and lines starting with ``#`` are comments. :func:`read_table`
reads one and checks its shape; a caller checks what the fields mean and reports a bad one with
:meth:`Row.problem`. Every problem is a :class:`~kznames.errors.DataFileError` naming the file
and line.

>>> rows = read_table(keydata("wade-giles.tsv"), ("wade_giles", "pinyin"), header=True)
>>> rows[0].fields, rows[0].line
(('a', 'a'), 5)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from .errors import DataFileError

if TYPE_CHECKING:
    from .schemes.fileformat import SchemeSpec

__all__ = [
    "PACKAGE_DIR",
    "Row",
    "in_line_order",
    "keydata",
    "namedata",
    "read_scheme",
    "read_table",
    "read_text",
    "schemes_dir",
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
    """A file of ``namedata/``: the name frequency table."""
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

    >>> [rule.source for rule in read_scheme(keydata("fold-3-doubles.scheme")).rules][:1]
    ['aa']
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


def read_text(path: Path) -> str:
    """The text of a UTF-8 file, or a :class:`DataFileError` saying why it cannot be read
    (line 0: the file as a whole; the line of the first undecodable byte)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, 0, f"cannot read ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(path, line, "not valid UTF-8") from exc


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
    >>> [row.fields for row in read_table(table, ("a", "b"), header=True, problems=[])]
    [('x', 'y')]
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
    for number, line in enumerate(read_text(path).splitlines(), 1):
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
