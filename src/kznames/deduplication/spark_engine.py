"""The Spark engine: the plan of :mod:`.plan` — the same SQL statements the duckdb engine runs —
translated to Spark SQL by sqlglot and run on Spark, for columns that outgrow one machine.

Each statement's result is materialised (a checkpoint: UDF results are not recomputed by later
joins and the label-propagation loop does not grow one ever longer plan) and named as a
temporary view of the run (``kz<pid>_<n>_<table>``, dropped when the run ends), so that the
next statement reads it. Nothing is collected to the driver but counts. Python runs only in
Arrow-batched pandas UDFs in Spark's Python workers: ``kz_is_name`` and ``kz_similarity``,
registered as SQL functions on the session, and the profile of each name (:mod:`.spark_udfs`),
whose workers load the schemes and the gazetteer once each and reuse them for every batch.

``run`` serves ``kznames.dedup(engine="spark")`` (a local session unless one is given, results
collected into the same :class:`.result.Assignment` as the other engines); ``clusters_frame``
serves :func:`kznames.spark.dedup_spark`, which keeps everything in Spark.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from .._atomic import new_private_folder
from ..errors import KznamesError
from ..gazetteer import Gazetteer
from . import plan
from .pipeline import Clusters, Profile
from .result import Assignment, Settings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "SparkRun",
    "cluster_given",
    "clusters_frame",
    "local_session",
    "materialise",
    "run",
    "spark_sql",
]

# Per Python worker: the gazetteer each UDF needs, loaded once (the shipped tables by name, a
# custom one from a broadcast).
_worker_gazetteers: dict[str, Gazetteer] = {}


def _require_spark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise KznamesError(
            "the Spark engine needs the spark extra: pip install 'kznames[spark]'"
        ) from exc


def local_session(
    cores: int = 2, app_name: str = "kznames", config: dict[str, str] | None = None
) -> SparkSession:
    """A Spark session in local mode on ``cores`` cores, its Python workers running this
    interpreter (so they import the same kznames), with few shuffle partitions (local data is
    small per partition) and no web UI; ``config`` adds or overrides settings (e.g.
    ``{"spark.jars": splink.backends.spark.similarity_jar_location()}`` for Splink). Spark's
    scratch folder (``spark.local.dir``) is ``kznames-spark-PID-…`` in the temporary folder,
    removed at exit, or by the next session after a kill. An
    active session is returned untouched, without these settings or a new log level (Spark has
    one per process, and a user's choices are not ours to change)."""
    _require_spark()
    from pyspark.sql import SparkSession

    # A session the user (or Splink) started is theirs: its settings and log level stay as set.
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # Spark's scratch space (shuffle and spilled blocks, local checkpoints) in a folder of
    # ours, kznames-spark-PID-…: Spark removes what it wrote when its JVM ends normally or on
    # SIGTERM; the folder goes when this process exits, and one left by a killed process is
    # removed when the next session starts. A spark.local.dir in ``config`` is kept.
    if "spark.local.dir" not in (config or {}):
        scratch = new_private_folder("spark")
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        config = {**(config or {}), "spark.local.dir": str(scratch)}
    # Workers must run the interpreter kznames is installed in, not whatever `python3` is.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(4, 2 * cores)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("KZNAMES_SPARK_DRIVER_MEMORY", "2g"))
    )
    for name, value in (config or {}).items():
        builder = builder.config(name, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


@dataclass(frozen=True)
class _GazetteerSource:
    """How a Python worker gets the gazetteer: the shipped tables by name (each worker loads
    them from its own installation), a custom one from a broadcast variable, or none."""

    shipped: bool
    broadcast: Any = None

    def load(self) -> Gazetteer | None:
        if self.shipped:
            if "shipped" not in _worker_gazetteers:
                _worker_gazetteers["shipped"] = Gazetteer.default()
            return _worker_gazetteers["shipped"]
        if self.broadcast is not None:
            value: Gazetteer = self.broadcast.value  # unpickled once per worker by Spark
            return value
        return None


def _gazetteer_source(spark: SparkSession, gazetteer: Gazetteer | None) -> _GazetteerSource:
    if gazetteer is None:
        return _GazetteerSource(shipped=False)
    if gazetteer.shipped:
        return _GazetteerSource(shipped=True)
    return _GazetteerSource(shipped=False, broadcast=spark.sparkContext.broadcast(gazetteer))


def _udfs() -> Any:
    from . import spark_udfs

    return spark_udfs


def materialise(frame: DataFrame) -> DataFrame:
    """Compute ``frame`` once and cut its lineage: UDF results are not recomputed by later
    joins, and loops do not grow an ever longer plan. With a checkpoint folder set on the
    session's context (``sparkContext.setCheckpointDir``, e.g. on HDFS or S3), a reliable
    checkpoint that survives a lost executor; else a local one (executors' own storage), which
    is faster and is what local mode and short jobs want."""
    if frame.sparkSession.sparkContext.getCheckpointDir():
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)


def spark_sql(sql: str, prefix: str) -> str:
    """A statement of the plan (DuckDB's dialect) in Spark SQL, its tables those of the run
    named by ``prefix``.

    >>> spark_sql("SELECT i, j FROM pairs WHERE i <= $bound", "kz1_")
    'SELECT i, j FROM kz1_pairs AS pairs WHERE i <= :bound'
    """
    return _spark_sql(sql, prefix)


@functools.lru_cache(maxsize=256)
def _spark_sql(sql: str, prefix: str) -> str:
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if table.name not in ctes:
            table.set("this", exp.to_identifier(prefix + table.name))
            if not table.alias:
                table.set(
                    "alias", exp.TableAlias(this=exp.to_identifier(table.name[len(prefix) :]))
                )
    return tree.sql(dialect="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)


_runs = itertools.count()


class _Spark:
    """The :class:`.plan.Backend` of one run on a session: a table is a materialised DataFrame
    under a view name of the run."""

    def __init__(self, spark: SparkSession, source: _GazetteerSource | None = None) -> None:
        self.spark = spark
        self.source = source or _GazetteerSource(shipped=False)
        self.prefix = f"kz{os.getpid()}_{next(_runs)}_"
        self.frames: dict[str, DataFrame] = {}
        udfs = _udfs()
        spark.udf.register("kz_is_name", udfs.is_name_udf())
        spark.udf.register("kz_similarity", udfs.similarity_udf())

    def _sql(self, sql: str, params: plan.Params | None = None) -> DataFrame:
        return self.spark.sql(spark_sql(sql, self.prefix), args=params or None)

    def put(self, name: str, frame: DataFrame, keep: bool = True) -> None:
        """``frame`` as table ``name`` (materialised unless ``keep`` is False)."""
        if keep:
            frame = materialise(frame)
        frame.createOrReplaceTempView(self.prefix + name)
        self.frames[name] = frame

    def table(self, name: str, sql: str, params: plan.Params | None = None) -> None:
        self.put(name, self._sql(sql, params))

    def append(self, name: str, sql: str, params: plan.Params | None = None) -> None:
        """The table and the new rows, materialised as one: not a union of materialised parts,
        which Spark 4.3's optimizer fails to plan inside a join (docs/architecture.md)."""
        self.put(name, self.frames[name].unionByName(self._sql(sql, params)))

    def rename(self, source: str, target: str) -> None:
        frame = self.frames.pop(source)
        self.spark.catalog.dropTempView(self.prefix + source)
        self.put(target, frame, keep=False)

    def frame(self, sql: str) -> DataFrame:
        """What ``sql`` selects from the run's tables, not materialised."""
        return self._sql(sql)

    def one(self, sql: str, params: plan.Params | None = None) -> tuple[Any, ...]:
        row = self._sql(sql, params).first()
        assert row is not None  # aggregates always give a row
        return tuple(row)

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        for row in self._sql(sql).toLocalIterator():
            yield tuple(row)

    def given(self, name: str, table: Any) -> None:
        self.put(name, self.spark.createDataFrame(table))

    def profile(self, settings: Settings, tick: Callable[[int, int], None]) -> None:
        tick(0, 1)
        profile = _udfs().profile_udf(self.source.load, settings.kind)
        profiled = self.frames["names"].withColumn("p", profile("name"))
        self.put("profiles", profiled.select("idx", "name", "n", "p.key", "p.blocks", "p.entity"))
        tick(1, 1)

    def score(self, tick: Callable[[int, int], None] | None = None) -> int:
        (total,) = self.one("SELECT count(*) FROM todo")
        if tick is not None:
            tick(0, total)
        if total:
            self.append(
                "scored",
                "SELECT i, j, kz_similarity(name_a, name_b) AS similarity "
                f"FROM ({plan.WITH_NAMES}) AS todo_names",
            )
        if tick is not None:
            tick(total, total)
        return int(total)

    def close(self) -> None:
        """Drop the run's views (the DataFrames stay usable)."""
        for name in self.frames:
            self.spark.catalog.dropTempView(self.prefix + name)


@dataclass(frozen=True)
class SparkRun:
    """What the plan leaves: DataFrames and the figures of the run.

    ``names``: ``idx, name, n`` per distinct name (``idx`` the id of its first row);
    ``named``: ``idx, rep, score, entity, canonical`` per distinct name (:data:`.plan.NAMED`:
    ``rep`` the ``idx`` of its cluster's representative, ``entity`` the cluster's gazetteer
    entity or ``""``, ``canonical`` the cluster's canonical name).
    """

    names: DataFrame
    named: DataFrame
    figures: plan.Figures


def _run_plan(
    rows: DataFrame, settings: Settings, spark: SparkSession
) -> tuple[_Spark, plan.Figures]:
    db = _Spark(spark, _gazetteer_source(spark, settings.gazetteer))
    db.put("input_rows", rows, keep=False)
    return db, plan.run(db, settings)


def clusters_frame(
    rows: DataFrame, settings: Settings, spark: SparkSession | None = None
) -> SparkRun:
    """The plan on ``rows`` (``row`` a long id in input order, ``name``)."""
    db, figures = _run_plan(rows, settings, spark or rows.sparkSession)
    try:
        # A DataFrame of Spark SQL holds its views' plans: it outlives the views dropped below.
        return SparkRun(db.frames["names"], db.frame(plan.NAMED), figures)
    finally:
        db.close()


def cluster_given(
    spark: SparkSession,
    profiles: Sequence[Profile],
    counts: Sequence[int],
    edges: Sequence[tuple[int, int, float]],
    threshold: float,
    split_threshold: float,
) -> Clusters:
    """:func:`.plan.cluster_given` on Spark (pairs not in ``edges`` scored by similarity)."""
    db = _Spark(spark)
    try:
        return plan.cluster_given(db, profiles, counts, edges, threshold, split_threshold)
    finally:
        db.close()


def run(
    values: Sequence[str | None], settings: Settings, spark: SparkSession | None = None
) -> Assignment:
    """``kznames.dedup(engine="spark")``: the distributed pipeline on a list, results collected
    into the same :class:`.result.Assignment` as the other engines give."""
    _require_spark()
    session = spark or local_session()
    # Spark carries strings as UTF-8, which cannot hold a lone surrogate (malformed UTF-16 that
    # Python strings allow); such a name is sent with U+FFFD in its place, and rows are matched
    # to names by the same replaced text, so the row keeps its name and cluster.
    values = [_sendable(v) for v in values]
    import pandas

    # Through pandas and Arrow: a list of a million tuples would be pickled row by row.
    table = pandas.DataFrame(
        {"row": pandas.Series(range(len(values)), dtype="int64"), "name": list(values)}
    )
    rows = session.createDataFrame(table, "row long, name string")
    db, figures = _run_plan(rows, settings, session)
    try:
        return plan.assignment(db.rows(plan.ROWS), figures)
    finally:
        db.close()


_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _sendable(value: str | None) -> str | None:
    if value is None or not _LONE_SURROGATE.search(value):
        return value
    return _LONE_SURROGATE.sub("\ufffd", value)
