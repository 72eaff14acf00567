"""The shapes of data ``dedup`` accepts, and giving results back in the same shape.

Any iterable of strings (a list, a tuple, a generator), a list of dicts, a pandas or polars
DataFrame or Series, an Arrow table, array or chunked array. Frame libraries are recognised by
their type's module, never imported here unless the input came from them: kznames does not
depend on them, and a user who passes a pandas frame has pandas. A column (a Series or an Arrow
array) comes back as a frame of its library: the names under the column's name (``name`` when
it has none) beside the added columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from ..errors import KznamesError

__all__ = [
    "OUTPUT_COLUMNS",
    "Column",
    "DedupInputError",
    "name_of_value",
    "pick_column",
    "read_column",
    "with_clusters",
    "with_results",
]

OUTPUT_COLUMNS: Final = ("cluster_id", "canonical", "score")
Shape = Literal[
    "strings", "dicts", "pandas", "polars", "arrow", "pandas-series", "polars-series", "arrow-array"
]
# A column's type in each library: (module, class name) -> shape.
_COLUMNS: Final[dict[tuple[str, str], Shape]] = {
    ("pandas", "Series"): "pandas-series",
    ("polars", "Series"): "polars-series",
    ("pyarrow", "Array"): "arrow-array",
    ("pyarrow", "StringArray"): "arrow-array",
    ("pyarrow", "LargeStringArray"): "arrow-array",
    ("pyarrow", "StringViewArray"): "arrow-array",
    ("pyarrow", "ChunkedArray"): "arrow-array",
}


class DedupInputError(KznamesError):
    """Data ``dedup`` cannot read: an unknown shape, a missing column, a bad row."""


@dataclass(frozen=True, slots=True)
class Column:
    """The names to deduplicate (None where a row has no name) and where they came from."""

    values: list[str | None]
    shape: Shape
    data: Any
    column: str | None


def name_of_value(value: object) -> str | None:
    """A row's name as dedup reads it: None (or NaN) is no name, bytes are UTF-8, any other
    value is ``str(value)``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


def _shape(data: object) -> Shape:
    module = type(data).__module__.split(".")[0]
    name = type(data).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name == "DataFrame":
        return "polars"
    if module == "pyarrow" and name == "Table":
        return "arrow"
    if (module, name) in _COLUMNS:
        return _COLUMNS[module, name]
    if module == "pyarrow" and name.endswith("Array"):
        return "arrow-array"
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        if all(isinstance(row, Mapping) for row in data) and len(data) > 0:
            return "dicts"
        if all(not isinstance(row, Mapping) for row in data):
            return "strings"
        raise DedupInputError("a list given to dedup holds dicts and other values mixed")
    raise DedupInputError(
        f"dedup takes an iterable of strings, a list of dicts, a pandas or polars DataFrame or "
        f"Series, an Arrow table or array, not {type(data).__name__}"
    )


def pick_column(columns: Sequence[str], column: str | None, option: str = "column=") -> str:
    """The column of names: ``column`` if given (one of ``columns``), else the only column;
    ``option`` is how the caller's user gives it (``column=``; ``--column`` on the command
    line), said in the error.

    >>> pick_column(["name"], None), pick_column(["id", "name"], "name")
    ('name', 'name')
    >>> try:
    ...     pick_column(["id", "name"], None, "--column")
    ... except DedupInputError as exc:
    ...     print(exc)
    which column holds the names? give --column (one of id, name)
    """
    if column is None:
        if len(columns) == 1:
            return columns[0]
        raise DedupInputError(
            f"which column holds the names? give {option} (one of {', '.join(columns)})"
        )
    if column not in columns:
        raise DedupInputError(f"no column {column!r} (the columns are {', '.join(columns)})")
    return column


def read_column(data: object, column: str | None = None) -> Column:
    """The names of ``data`` (see the module docstring) with its shape.

    >>> read_column(["Serikzhan Bilash", None]).values
    ['Serikzhan Bilash', None]
    >>> read_column([{"id": 1, "name": "Aiman Umarova"}], "name").values
    ['Aiman Umarova']
    """
    if (
        isinstance(data, Iterable)
        and not isinstance(data, Sequence | Mapping | str | bytes)
        and not type(data).__module__.startswith(("pandas", "polars", "pyarrow"))
    ):
        data = list(data)  # a generator or a set: read once, in its iteration order
    shape = _shape(data)
    if shape in ("pandas-series", "polars-series", "arrow-array"):
        if column is not None:
            raise DedupInputError("column= is for dicts and frames, not a single column")
        series: Any = data
        raw = series.to_pylist() if shape == "arrow-array" else series.to_list()
        label = getattr(series, "name", None)
        return Column([name_of_value(v) for v in raw], shape, data, str(label) if label else "name")
    if shape == "strings":
        if column is not None:
            raise DedupInputError("column= is for dicts and frames, not a list of strings")
        return Column([name_of_value(v) for v in data], shape, data, None)  # type: ignore[attr-defined]
    if shape == "dicts":
        rows: Sequence[Mapping[str, object]] = data  # type: ignore[assignment]
        keys: dict[str, None] = {}
        for number, row in enumerate(rows, start=1):
            _check_free(list(row), f"row {number} already has")
            keys.update(dict.fromkeys(row))
        chosen = pick_column(list(keys), column)
        values = []
        for number, row in enumerate(rows, start=1):
            if chosen not in row:
                raise DedupInputError(f"row {number} (counting from 1) has no {chosen!r} field")
            values.append(name_of_value(row[chosen]))
        return Column(values, shape, data, chosen)
    frame: Any = data
    names = [str(c) for c in frame.column_names] if shape == "arrow" else list(frame.columns)
    _check_free(names)
    chosen = pick_column(names, column)
    if shape == "arrow":
        raw = frame.column(chosen).to_pylist()
    else:
        raw = frame[chosen].to_list() if shape == "polars" else frame[chosen].tolist()
    return Column([name_of_value(v) for v in raw], shape, data, chosen)


def _check_free(columns: Sequence[str], who: str = "the input already has") -> None:
    """Refuse input that has a column dedup adds: checked in every row, before any work, so
    that nothing is overwritten (docs/dedup.md)."""
    taken = [c for c in OUTPUT_COLUMNS if c in columns]
    if taken:
        raise DedupInputError(
            f"{who} a column named {', '.join(taken)}: rename it first "
            "(dedup adds cluster_id, canonical and score)"
        )


def with_clusters(
    records: Iterable[Mapping[str, Any]], results: Iterable[tuple[int, str, float]]
) -> Iterator[dict[str, Any]]:
    """Each record with its ``cluster_id``, ``canonical`` and ``score`` added, one at a time
    (``results`` in row order, one per record): what :func:`with_results` gives for dicts, and
    what ``kznames dedup`` writes as the results come.

    >>> list(with_clusters([{"name": "Aiman"}], [(0, "Aiman", 1.0)]))
    [{'name': 'Aiman', 'cluster_id': 0, 'canonical': 'Aiman', 'score': 1.0}]
    """
    for record, (cluster_id, canonical, score) in zip(records, results, strict=True):
        yield {**record, "cluster_id": cluster_id, "canonical": canonical, "score": score}


def with_results(
    column: Column, cluster_ids: list[int], canonical: list[str], scores: list[float]
) -> Any:
    """The input with ``cluster_id``, ``canonical`` and ``score`` added, in the input's shape
    (a list of strings becomes a list of dicts with a ``name`` field)."""
    data: Any = column.data
    results: dict[str, list[Any]] = {
        "cluster_id": cluster_ids,
        "canonical": canonical,
        "score": scores,
    }
    rows = zip(cluster_ids, canonical, scores, strict=True)
    if column.shape == "strings":
        return list(with_clusters(({"name": name} for name in column.values), rows))
    if column.shape == "dicts":
        _check_free(list(data[0]))
        return list(with_clusters(data, rows))
    if column.shape == "pandas":
        _check_free(list(data.columns))
        return data.assign(**results)
    if column.shape == "pandas-series":
        import pandas

        frame = pandas.DataFrame({column.column: data}, index=data.index)
        return frame.assign(**results)
    if column.shape == "polars-series":
        import polars

        named = data.alias(column.column)
        return polars.DataFrame([named, *(polars.Series(n, v) for n, v in results.items())])
    if column.shape == "arrow-array":
        import pyarrow

        columns: dict[str, Any] = {str(column.column): data, **results}
        return pyarrow.table(columns)
    if column.shape == "polars":
        import polars

        _check_free(list(data.columns))
        return data.with_columns([polars.Series(name, values) for name, values in results.items()])
    _check_free([str(c) for c in data.column_names])
    for name, values in results.items():
        data = data.append_column(name, [values])
    return data
