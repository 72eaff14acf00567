"""kznames on Spark: key, skeleton and fine key columns, and deduplication as distributed joins.

Needs the ``spark`` extra (``pip install 'kznames[spark]'``) and Java 17 or newer.

Example (the tests run the same on a local session)::

    from kznames.spark import add_name_columns, dedup_spark, local_session

    spark = local_session()  # local[2]; on a cluster, your own SparkSession
    people = spark.createDataFrame(
        [("Serikzhan Bilash",), ("Серікжан Білаш",), ("Aiman Umarova",)], ["name"]
    )
    add_name_columns(people).select("kz_key").distinct().count()  # 2
    dedup_spark(people, "name").select("name", "cluster_id", "canonical").show()

The UDFs are pandas UDFs: Spark hands each Python worker Arrow batches, and the worker applies
kznames to a whole batch; the schemes are compiled once per worker process (and memoised per
token), never per row. How the deduplication is distributed, and what grows with what:
docs/scaling.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from ._renamed import old_name
from .deduplication.pipeline import BLOCK_BOUND, MATCH_THRESHOLD, SPLIT_THRESHOLD
from .deduplication.result import Settings, quiet
from .deduplication.spark_engine import clusters_frame, local_session, materialise
from .deduplication.table import OUTPUT_COLUMNS
from .errors import KznamesError
from .gazetteer import Gazetteer
from .names import NAME_COLUMNS, fine_name_key, key, skeleton

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = [
    "add_name_columns",
    "dedup_spark",
    "fine_key_udf",
    "key_udf",
    "local_session",
    "skeleton_udf",
]


def _string_udf(function: Callable[[str], str]) -> Any:
    from .deduplication import spark_udfs

    return spark_udfs.string_udf(function)


def key_udf(column: Column | str) -> Column:
    """The match key of each name in ``column`` (null for a null or blank name), e.g.
    ``frame.withColumn("key", key_udf("name"))``."""
    udf: Column = _string_udf(key)(column)
    return udf


def skeleton_udf(column: Column | str) -> Column:
    """The skeleton (the coarser blocking key) of each name in ``column``."""
    udf: Column = _string_udf(skeleton)(column)
    return udf


def fine_key_udf(column: Column | str) -> Column:
    """The fine name key of each name in ``column``: its identifying tokens' fine keys, sorted
    (:func:`kznames.names.fine_name_key`, what :mod:`kznames.splink` compares with
    Jaro-Winkler)."""
    udf: Column = _string_udf(fine_name_key)(column)
    return udf


def __getattr__(name: str) -> Any:
    # Called pivot_udf until issue 15 (the pivot is a token's spelling before the folds).
    return old_name(__name__, name, {"pivot_udf": ("kznames.spark.fine_key_udf", fine_key_udf)})


def add_name_columns(frame: DataFrame, column: str = "name", prefix: str = "kz") -> DataFrame:
    """``frame`` with ``<prefix>_key``, ``<prefix>_skeleton`` and ``<prefix>_fine_key`` columns
    computed from ``column``: the columns :func:`kznames.splink.name_comparison` compares, so a
    Splink model on Spark uses them as one on DuckDB does."""
    if column not in frame.columns:
        raise KznamesError(f"no column {column!r} (columns: {', '.join(frame.columns)})")
    return frame.withColumns(
        {f"{prefix}_{suffix}": _string_udf(f)(column) for suffix, f in NAME_COLUMNS}
    )


def dedup_spark(
    frame: DataFrame,
    column: str | None = None,
    *,
    threshold: float = MATCH_THRESHOLD,
    split_threshold: float = SPLIT_THRESHOLD,
    gazetteer: Gazetteer | Literal["default"] | None = "default",
    kind: str | None = None,
    block_bound: int = BLOCK_BOUND,
) -> DataFrame:
    """``frame`` with ``cluster_id`` (long), ``canonical`` and ``score`` added: every row kept,
    clustered by the rules of :func:`kznames.dedup` (the same clusters as its python engine).

    ``cluster_id`` is the id of the cluster representative's first row (ids follow the frame's
    order, as ``monotonically_increasing_id`` gives them), so it is stable for one input but not
    dense; a row without a name (null or blank) is a cluster of its own, with canonical ``""``
    and score 0. ``column`` names the name column unless the frame has only one. The other
    options are those of :func:`kznames.dedup`.
    """
    from pyspark.sql import functions as sf

    name_column = _name_column(frame, column)
    settings = Settings.checked(
        threshold=threshold,
        split_threshold=split_threshold,
        block_bound=block_bound,
        gazetteer=gazetteer,
        kind=kind,
        workers=1,  # Spark's executors do the parallel work
        progress=quiet,
    )
    spark = frame.sparkSession
    # Row ids are computed once and kept: recomputing monotonically_increasing_id after a
    # repartition could number the rows differently.
    numbered = materialise(frame.withColumn("_kz_row", sf.monotonically_increasing_id()))
    rows = numbered.select(sf.col("_kz_row").alias("row"), sf.col(name_column).alias("name"))
    run = clusters_frame(rows, settings, spark)
    # The canonical name as every engine chooses it (plan.NAMED); the score rounded as the
    # other engines round it.
    per_name = run.named.select(
        sf.col("idx").alias("_kz_nid"),
        sf.col("rep").alias("_kz_rep"),
        sf.col("canonical").alias("_kz_canonical"),
        sf.round("score", 4).alias("_kz_score"),
    )
    name_ids = run.names.select(sf.col("name").alias("_kz_name"), sf.col("idx").alias("_kz_nid"))
    joined = numbered.join(name_ids, numbered[name_column] == name_ids["_kz_name"], "left").join(
        per_name, "_kz_nid", "left"
    )
    return joined.select(
        *[sf.col(c) for c in frame.columns],
        sf.coalesce("_kz_rep", "_kz_row").alias("cluster_id"),
        sf.coalesce("_kz_canonical", sf.lit("")).alias("canonical"),
        sf.coalesce("_kz_score", sf.lit(0.0)).alias("score"),
    )


def _name_column(frame: DataFrame, column: str | None) -> str:
    clashes = [c for c in OUTPUT_COLUMNS if c in frame.columns]
    if clashes:
        raise KznamesError(
            f"the frame already has {', '.join(clashes)}; rename or drop before dedup_spark"
        )
    if column is None:
        if len(frame.columns) != 1:
            raise KznamesError(
                f"say which column holds the names (columns: {', '.join(frame.columns)})"
            )
        return frame.columns[0]
    if column not in frame.columns:
        raise KznamesError(f"no column {column!r} (columns: {', '.join(frame.columns)})")
    kind = dict(frame.dtypes)[column]
    if kind != "string":
        raise KznamesError(f"column {column!r} holds {kind}, not names (string)")
    return column
