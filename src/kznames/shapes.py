"""Keys and transliterations of many names at once, given back in the shape they came in.

Names come as a list, a pandas or polars Series, an Arrow array, a column of a DataFrame or
an Arrow table, or any iterable of strings. :func:`keys` and :func:`transliterations` take any
of these and give the result in the same shape: a Series for a Series (same index and name), an
Arrow array for an Arrow array, a list for a list or an iterable, a tuple for a tuple; for a
table (``column=`` names the column of names), the table with the result added as a column. A
missing name (``None``, NaN, Arrow null) gives a missing result, never a key of the word "None".

Frame libraries are recognised by their type's module and imported only when the input came
from them: kznames does not depend on them.

>>> keys(["Serikzhan Bilash", "Серікжан Білаш", None])
['blcsrkjn', 'blcsrkjn', None]
>>> transliterations(("Серікжан Білаш", "Алматы"), "kk-Latn-bgn")
('Serikzhan Bilash', 'Almaty')
>>> keys([{"id": 1, "name": "BILASH, Serikjan"}], column="name")
[{'id': 1, 'name': 'BILASH, Serikjan', 'name_key': 'blcsrkjn'}]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import KznamesError
from .names import key
from .translit import transliterate

__all__ = ["ShapeError", "keys", "transliterations"]


class ShapeError(KznamesError, TypeError):
    """Data that is not names in a shape :func:`keys` and :func:`transliterations` know, or a
    table without ``column=``, or a ``column=`` it does not have."""


def keys(names: Any, column: str | None = None, into: str | None = None) -> Any:
    """The match key (:func:`kznames.key`) of each name, in the shape ``names`` came in.

    For a table (a DataFrame, an Arrow table, a list of dicts) ``column`` names the column of
    names and the keys are added as the column ``into`` (default ``<column>_key``).

    >>> keys(("Ilham Tohti", "ئىلھام توختى"))
    ('alkmtkt', 'alkmtkt')
    """
    return _map(key, names, column, into or f"{column}_key")


def transliterations(
    texts: Any,
    target: str,
    source: str = "auto",
    column: str | None = None,
    into: str | None = None,
) -> Any:
    """Each text written in the scheme ``target`` (:func:`kznames.transliterate`'s ``.text``),
    in the shape ``texts`` came in; for a table, added as the column ``into`` (default
    ``<column>_<target>``).

    >>> transliterations(["Тоқаев", None], "kk-Latn")
    ['Toqaev', None]
    """

    def one(text: str) -> str:
        return transliterate(text, target, source=source).text

    return _map(one, texts, column, into or f"{column}_{target}")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _apply(function: Callable[[str], str], values: Iterable[object]) -> list[str | None]:
    out: list[str | None] = []
    for value in values:
        if _missing(value):
            out.append(None)
        elif isinstance(value, str):
            out.append(function(value))
        else:
            raise ShapeError(f"a name must be a string, not {type(value).__name__}: {value!r}")
    return out


def _library(data: object) -> tuple[str, str]:
    return type(data).__module__.split(".")[0], type(data).__name__


def _needs_column(column: str | None, have: list[str]) -> str:
    if column is None:
        raise ShapeError(f"a table needs column= (one of {', '.join(have)})")
    if column not in have:
        raise ShapeError(f"no column {column!r} (the columns are {', '.join(have)})")
    return column


def _map(function: Callable[[str], str], data: Any, column: str | None, into: str) -> Any:
    if isinstance(data, str | bytes):
        raise ShapeError("give a list of names (for one name, call kznames.key or transliterate)")
    module, name = _library(data)
    if module == "pandas" and name == "Series":
        import pandas

        return pandas.Series(_apply(function, data.tolist()), index=data.index, name=data.name)
    if module == "polars" and name == "Series":
        import polars

        return polars.Series(data.name, _apply(function, data.to_list()), dtype=polars.String)
    if module == "pyarrow" and name == "ChunkedArray":
        import pyarrow

        chunks = [
            pyarrow.array(_apply(function, chunk.to_pylist()), pyarrow.string())
            for chunk in data.chunks
        ]
        return pyarrow.chunked_array(chunks, pyarrow.string())
    if module == "pyarrow" and name.endswith("Array"):
        import pyarrow

        return pyarrow.array(_apply(function, data.to_pylist()), pyarrow.string())
    if module == "pandas" and name == "DataFrame":
        chosen = _needs_column(column, [str(c) for c in data.columns])
        return data.assign(**{into: _apply(function, data[chosen].tolist())})
    if module == "polars" and name == "DataFrame":
        import polars

        chosen = _needs_column(column, list(data.columns))
        values = _apply(function, data[chosen].to_list())
        return data.with_columns(polars.Series(into, values, dtype=polars.String))
    if module == "pyarrow" and name == "Table":
        import pyarrow

        chosen = _needs_column(column, [str(c) for c in data.column_names])
        values = _apply(function, data.column(chosen).to_pylist())
        return data.append_column(into, pyarrow.array(values, pyarrow.string()))
    if isinstance(data, Mapping) or not isinstance(data, Iterable):
        raise ShapeError(
            "names come as an iterable of strings, a pandas or polars Series or DataFrame, or an "
            f"Arrow array or table, not {type(data).__name__}"
        )
    rows = list(data)
    if rows and all(isinstance(row, Mapping) for row in rows):
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(str(k) for k in row))
        chosen = _needs_column(column, list(seen))
        values = _apply(function, (row.get(chosen) for row in rows))
        return [{**row, into: value} for row, value in zip(rows, values, strict=True)]
    if column is not None:
        raise ShapeError("column= is for tables (DataFrames, Arrow tables, lists of dicts)")
    result = _apply(function, rows)
    return tuple(result) if isinstance(data, tuple) else result
