"""Names in every shape they come in (lists, iterables, pandas, polars, Arrow), results in the
same shape: kznames.keys, kznames.transliterations and kznames.dedup."""

from __future__ import annotations

from typing import Any

import pandas
import polars
import pyarrow
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kznames
from kznames.shapes import ShapeError

NAMES = ["Serikzhan Bilash", "Серікжан Білаш", None, "Almaty"]
KEYS = [kznames.key(n) if n else None for n in NAMES]
LATIN = [kznames.transliterate(n, "kk-Latn-bgn").text if n else None for n in NAMES]


def test_a_list_a_tuple_and_a_generator() -> None:
    assert kznames.keys(NAMES) == KEYS
    assert kznames.keys(tuple(NAMES)) == tuple(KEYS)
    assert kznames.keys(n for n in NAMES) == KEYS
    assert kznames.transliterations(NAMES, "kk-Latn-bgn") == LATIN
    assert kznames.keys([]) == []


def test_pandas_series_keeps_index_and_name() -> None:
    series = pandas.Series(NAMES, index=[7, 8, 9, 10], name="who")
    result = kznames.keys(series)
    assert isinstance(result, pandas.Series)
    assert result.name == "who"
    assert list(result.index) == [7, 8, 9, 10]
    assert result.tolist() == KEYS
    nan = pandas.Series(["Almaty", float("nan")])
    assert kznames.keys(nan).tolist() == [kznames.key("Almaty"), None]


def test_polars_series() -> None:
    result = kznames.transliterations(polars.Series("who", NAMES), "kk-Latn-bgn")
    assert isinstance(result, polars.Series)
    assert result.name == "who"
    assert result.to_list() == LATIN


def test_arrow_array_and_chunked_array() -> None:
    result = kznames.keys(pyarrow.array(NAMES))
    assert isinstance(result, pyarrow.Array)
    assert result.to_pylist() == KEYS
    chunked = kznames.keys(pyarrow.chunked_array([NAMES[:1], NAMES[1:]]))
    assert isinstance(chunked, pyarrow.ChunkedArray)
    assert chunked.num_chunks == 2
    assert chunked.to_pylist() == KEYS


def _frames() -> list[Any]:
    return [
        pandas.DataFrame({"id": range(4), "name": NAMES}),
        polars.DataFrame({"id": range(4), "name": NAMES}),
        pyarrow.table({"id": range(4), "name": NAMES}),
    ]


@pytest.mark.parametrize("frame", _frames(), ids=["pandas", "polars", "arrow"])
def test_tables_get_a_column(frame: Any) -> None:
    result = kznames.keys(frame, column="name")
    assert type(result) is type(frame)
    as_dict = result.to_pydict() if isinstance(result, pyarrow.Table) else None
    if as_dict is None:
        as_dict = {c: list(result[c]) for c in result.columns}
    assert as_dict["name_key"] == KEYS
    assert list(as_dict["id"]) == [0, 1, 2, 3]
    latin = kznames.transliterations(frame, "kk-Latn-bgn", column="name", into="latin")
    columns = latin.column_names if isinstance(latin, pyarrow.Table) else list(latin.columns)
    assert columns == ["id", "name", "latin"]


@pytest.mark.parametrize("frame", _frames(), ids=["pandas", "polars", "arrow"])
def test_a_table_needs_a_column_it_has(frame: Any) -> None:
    with pytest.raises(ShapeError, match="needs column="):
        kznames.keys(frame)
    with pytest.raises(ShapeError, match="no column 'nom'"):
        kznames.keys(frame, column="nom")


def test_a_list_of_dicts() -> None:
    rows = [{"id": 1, "name": "Almaty"}, {"id": 2}]
    assert kznames.keys(rows, column="name") == [
        {"id": 1, "name": "Almaty", "name_key": kznames.key("Almaty")},
        {"id": 2, "name_key": None},
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Almaty", "for one name"),
        (42, "not int"),
        ({"name": "Almaty"}, "not dict"),
        (["Almaty", 3], "must be a string, not int"),
        (["Almaty"], "column= is for tables"),
    ],
)
def test_bad_shapes_say_what_is_wrong(data: object, message: str) -> None:
    column = "name" if data == ["Almaty"] else None
    with pytest.raises(ShapeError, match=message):
        kznames.keys(data, column=column)
    with pytest.raises(TypeError):  # a ShapeError is a TypeError too
        kznames.keys(data, column=column)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=25)), max_size=8))
def test_every_shape_gives_the_keys_of_the_list(names: list[str | None]) -> None:
    expected = [None if n is None else kznames.key(n) for n in names]
    assert kznames.keys(names) == expected
    assert kznames.keys(pandas.Series(names, dtype=object)).tolist() == expected
    assert kznames.keys(polars.Series("n", names, dtype=polars.String)).to_list() == expected
    assert kznames.keys(pyarrow.array(names, pyarrow.string())).to_pylist() == expected


@pytest.mark.parametrize(
    "column",
    [
        pandas.Series(NAMES, name="who"),
        polars.Series("who", NAMES),
        pyarrow.array(NAMES),
        pyarrow.chunked_array([NAMES[:2], NAMES[2:]]),
        iter(NAMES),
    ],
    ids=["pandas", "polars", "arrow", "chunked", "iterator"],
)
def test_dedup_takes_a_single_column(column: Any) -> None:
    result = kznames.dedup(column, gazetteer=None)
    assert result.names == NAMES
    assert result.cluster_ids[0] == result.cluster_ids[1] != result.cluster_ids[3]
    table = result.table()
    if isinstance(column, pandas.Series):
        assert isinstance(table, pandas.DataFrame)
        assert list(table.columns) == ["who", "cluster_id", "canonical", "score"]
    elif isinstance(column, polars.Series):
        assert isinstance(table, polars.DataFrame)
        assert table.columns == ["who", "cluster_id", "canonical", "score"]
    elif isinstance(column, pyarrow.Array | pyarrow.ChunkedArray):
        assert isinstance(table, pyarrow.Table)
        assert table.column_names == ["name", "cluster_id", "canonical", "score"]
    else:
        assert [row["name"] for row in table] == NAMES


def test_dedup_of_a_series_refuses_column() -> None:
    with pytest.raises(kznames.KznamesError, match="single column"):
        kznames.dedup(pandas.Series(NAMES), "name")
