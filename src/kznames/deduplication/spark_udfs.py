"""The pandas UDFs the Spark engine and :mod:`kznames.spark` run in Spark's Python workers.

A module of its own because PySpark reads a pandas UDF's kind from its type hints at definition
time, so they must be real classes here (no postponed annotations) and pandas and pyspark are
imported at the top: this module is imported only where Spark is used.

Each UDF gets an Arrow batch as a pandas Series and applies kznames to the whole batch in the
worker, where the schemes are compiled once per process and memoised per token.
"""

from collections.abc import Callable
from typing import Any

import pandas
from pyspark.sql.pandas import functions as pandas_functions

from ..gazetteer import Gazetteer
from .pipeline import profile, similarities

__all__ = ["is_name_udf", "profile_udf", "similarity_udf", "string_udf"]

# PySpark types pandas_udf with overloads over pandas' own type stubs, which pandas 2 does not
# ship; called as PySpark documents it (function, return type), typed as what it is to us.
pandas_udf: Any = pandas_functions.pandas_udf

PROFILE_TYPE = "key string, blocks array<string>, entity string"


def profile_udf(load_gazetteer: Callable[[], Gazetteer | None], kind: str | None) -> Any:
    """Each name's key, blocks and gazetteer entity (a struct), as the python engine profiles
    it; ``load_gazetteer`` runs in the worker."""

    def profile_names(names: pandas.Series) -> pandas.DataFrame:
        gazetteer = load_gazetteer()
        profiles = [profile(name, gazetteer, kind) for name in names]
        return pandas.DataFrame(
            {
                "key": [p.key for p in profiles],
                "blocks": [list(p.blocks) for p in profiles],
                "entity": [p.entity for p in profiles],
            }
        )

    return pandas_udf(profile_names, PROFILE_TYPE)


def similarity_udf() -> Any:
    """``similarity(left, right).value`` of each pair of names (:func:`pipeline.similarities`)."""

    def similarity_of(left: pandas.Series, right: pandas.Series) -> pandas.Series:
        return pandas.Series(similarities(list(zip(left, right, strict=True))), dtype="float64")

    return pandas_udf(similarity_of, "double")


def is_name_udf() -> Any:
    """Whether a value is a name at all: the python engine's test (``str.strip`` knows every
    Unicode space; Spark's ``trim`` does not)."""

    def is_name(values: pandas.Series) -> pandas.Series:
        return pandas.Series([bool(v and v.strip()) for v in values], dtype="bool")

    return pandas_udf(is_name, "boolean")


def string_udf(function: Callable[[str], str]) -> Any:
    """``function`` of each name, null for a null or blank one."""

    def apply(names: pandas.Series) -> pandas.Series:
        return pandas.Series(
            [function(n) if isinstance(n, str) and n.strip() else None for n in names],
            dtype="object",
        )

    return pandas_udf(apply, "string")
