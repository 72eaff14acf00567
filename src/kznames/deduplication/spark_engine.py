"""The Spark engine: the rules of :mod:`.pipeline` as distributed joins, for columns that
outgrow one machine.

In :func:`clusters_frame` nothing is collected to the driver but counts: distinct names,
profiles, blocks, pairs, links, components and assignments are DataFrames. Python runs only
inside Arrow-batched pandas UDFs (profiles and similarity), in Spark's Python workers, which
load the schemes and the gazetteer once each and reuse them for every batch.

Each step computes what :func:`.pipeline.cluster` computes, in the same terms:

* a distinct name's node id is the id of the first row holding it (row ids follow the input's
  order), so "first seen" breaks ties here as the index does in the python engine;
* leads, blocks and candidate pairs are window functions and a self-join (as in DuckDB);
* connected components are min-label propagation with pointer jumping: every node takes the
  smallest label among its own and its neighbours', then the label of its label, until no
  label changes (rounds grow with the logarithm of a component's diameter, not its size);
* representatives, the one-cluster-per-entity rule and the split are window functions.

``run`` serves ``kznames.dedup(engine="spark")`` (a local session unless one is given, results
collected into the same :class:`.result.Assignment` as the other engines); ``clusters_frame``
serves :func:`kznames.spark.dedup_spark`, which keeps everything in Spark.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from .._atomic import new_private_folder
from ..errors import KznamesError
from ..gazetteer import Gazetteer
from .pipeline import Clusters
from .result import Assignment, Settings

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["SparkRun", "clusters_frame", "local_session", "materialise", "run"]

# Label propagation stops when no label changes; a bound that real links never reach (each
# round at least halves the distance to the component's smallest node) guards the loop.
_MAX_PROPAGATION_ROUNDS: Final = 64

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


def components(nodes: DataFrame, links: DataFrame) -> DataFrame:
    """Connected components: ``nodes`` (``nid``) and ``links`` (``src``, ``dst``) in,
    ``(nid, root)`` out, ``root`` the smallest node of the component, as
    :func:`.pipeline.components` gives."""
    from pyspark.sql import functions as sf

    edges = (
        links.select("src", "dst")
        .union(links.select(sf.col("dst").alias("src"), sf.col("src").alias("dst")))
        .where("src <> dst")
        .distinct()
    )
    edges = materialise(edges)
    labels = materialise(nodes.select("nid", sf.col("nid").alias("root")))
    for _ in range(_MAX_PROPAGATION_ROUNDS):
        # Each node takes the smallest label among its own and its neighbours'...
        offered = (
            edges.join(labels, edges.src == labels.nid)
            .groupBy("dst")
            .agg(sf.min("root").alias("offer"))
        )
        spread = labels.join(offered, labels.nid == offered.dst, "left").select(
            "nid", sf.least("root", sf.coalesce("offer", "root")).alias("root")
        )
        # ...then the label of its label (pointer jumping: a chain is halved each round).
        jumps = spread.select(sf.col("nid").alias("via"), sf.col("root").alias("jump"))
        updated = materialise(
            spread.join(jumps, spread.root == jumps.via, "left").select(
                "nid", sf.least("root", sf.coalesce("jump", "root")).alias("root")
            )
        )
        changed = (
            updated.alias("new")
            .join(labels.alias("old"), "nid")
            .where(sf.col("new.root") != sf.col("old.root"))
            .limit(1)
            .count()
        )
        labels = updated
        if not changed:
            return labels
    raise KznamesError(
        f"connected components did not settle in {_MAX_PROPAGATION_ROUNDS} rounds of label "
        "propagation"
    )


@dataclass(frozen=True)
class SparkRun:
    """What the distributed steps leave: DataFrames and the figures of the run.

    ``names``: ``nid, name, n`` per distinct name; ``assigned``: ``nid, rep, score, entity`` per
    distinct name (``rep`` the node id of its cluster's representative, ``entity`` the cluster's
    gazetteer entity or ``""``).
    """

    names: DataFrame
    assigned: DataFrame
    compared_pairs: int
    blocks: int
    largest_block: int


def _order_for_representative() -> list[Column]:
    from pyspark.sql import functions as sf

    # As in the python engine: a name of an entity first, then the most frequent, then the first
    # seen.
    return [sf.when(sf.col("entity") != "", 0).otherwise(1), sf.col("n").desc(), sf.col("nid")]


def _pairs(profiles: DataFrame, bound: int) -> tuple[DataFrame, int, int]:
    """Candidate pairs ``(i, j)``, ``i < j``, of leads sharing a block, with the number of
    blocks and the size of the largest."""
    from pyspark.sql import Window
    from pyspark.sql import functions as sf

    by_frequency = [sf.col("n").desc(), sf.col("nid")]
    leads = (
        profiles.where("key <> ''")
        .withColumn("place", sf.row_number().over(Window.partitionBy("key").orderBy(*by_frequency)))
        .where("place = 1")
    )
    in_block = Window.partitionBy("block")
    members = materialise(
        leads.select("nid", "n", sf.explode("blocks").alias("block"))
        .withColumn("rank", sf.row_number().over(in_block.orderBy(*by_frequency)))
        .withColumn("size", sf.count("*").over(in_block))
        .where("size > 1")
    )
    figures = members.groupBy("block").agg(sf.max("size").alias("size"))
    counted = figures.agg(sf.count("*").alias("blocks"), sf.max("size").alias("largest")).first()
    m, h = members.alias("m"), members.alias("h")
    pairs = (
        m.join(h, (sf.col("m.block") == sf.col("h.block")) & (sf.col("h.rank") <= bound))
        .where(sf.col("m.nid") != sf.col("h.nid"))
        .select(
            sf.least("m.nid", "h.nid").alias("i"),
            sf.greatest("m.nid", "h.nid").alias("j"),
        )
        .distinct()
    )
    blocks = int(counted["blocks"]) if counted else 0
    largest = int(counted["largest"] or 0) if counted else 0
    return pairs, blocks, largest


def _score(pairs: DataFrame, names: DataFrame, left: str, right: str) -> DataFrame:
    """``pairs`` with a ``similarity`` column: the similarity of the names of node ids in
    columns ``left`` and ``right``, called in the order (smaller id, larger id) as the python
    engine does."""
    from pyspark.sql import functions as sf

    a = names.select(sf.col("nid").alias("_a"), sf.col("name").alias("_name_a"))
    b = names.select(sf.col("nid").alias("_b"), sf.col("name").alias("_name_b"))
    ordered = pairs.withColumn("_a", sf.least(left, right)).withColumn(
        "_b", sf.greatest(left, right)
    )
    return (
        ordered.join(a, "_a")
        .join(b, "_b")
        .withColumn(
            "similarity",
            sf.when(sf.col("_a") == sf.col("_b"), sf.lit(1.0)).otherwise(
                _udfs().similarity_udf()("_name_a", "_name_b")
            ),
        )
        .drop("_a", "_b", "_name_a", "_name_b")
    )


def _round_links(pending: DataFrame, strong: DataFrame, with_keys: bool) -> DataFrame:
    """The links of :func:`.pipeline.round_links`, as ``(src, dst)``."""
    from pyspark.sql import functions as sf

    named = pending.where("entity <> ''")
    hubs = named.groupBy("entity").agg(sf.min("nid").alias("src"))
    links = named.join(hubs, "entity").select("src", sf.col("nid").alias("dst"))
    if with_keys:
        free = pending.where("entity = '' AND key <> ''")
        key_hubs = free.groupBy("key").agg(sf.min("nid").alias("src"))
        links = links.union(pending.join(key_hubs, "key").select("src", sf.col("nid").alias("dst")))
    ends_i = pending.select(sf.col("nid").alias("i"), sf.col("entity").alias("entity_i"))
    ends_j = pending.select(sf.col("nid").alias("j"), sf.col("entity").alias("entity_j"))
    pairs = (
        strong.join(ends_i, "i")
        .join(ends_j, "j")
        .where(
            "entity_i = '' OR entity_j = '' OR entity_i = entity_j"  # never two entities
        )
        .select(sf.col("i").alias("src"), sf.col("j").alias("dst"))
    )
    return links.union(pairs)


def _assign(grouped: DataFrame, names: DataFrame) -> DataFrame:
    """Each pending name's cluster in this round: ``nid, rep, entity`` (see
    :func:`.pipeline.cluster`, step 2)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as sf

    held = grouped.groupBy("root").agg(
        sf.countDistinct(sf.when(sf.col("entity") != "", sf.col("entity"))).alias("held"),
        sf.max("entity").alias("root_entity"),
    )
    grouped = grouped.join(held, "root")
    # Components with at most one entity: one cluster, represented by its first name in order.
    single = (
        grouped.where("held <= 1")
        .withColumn(
            "rep",
            sf.first("nid").over(
                Window.partitionBy("root")
                .orderBy(*_order_for_representative())
                .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
            ),
        )
        .select("nid", "rep", sf.col("root_entity").alias("group_entity"))
    )
    # Components with several: one cluster per entity, represented by its most frequent name...
    several = grouped.where("held > 1")
    heads = (
        several.where("entity <> ''")
        .withColumn(
            "place",
            sf.row_number().over(
                Window.partitionBy("root", "entity").orderBy(sf.col("n").desc(), sf.col("nid"))
            ),
        )
        .where("place = 1")
        .select("root", sf.col("nid").alias("head"), sf.col("entity").alias("head_entity"))
    )
    entity_members = (
        several.where("entity <> ''")
        .join(heads, (several.root == heads.root) & (several.entity == heads.head_entity))
        .select("nid", sf.col("head").alias("rep"), sf.col("entity").alias("group_entity"))
    )
    # ...and each name of no entity goes to the head it is most similar to (ties: the first).
    offers = _score(
        several.where("entity = ''").select("nid", "root").join(heads, "root"),
        names,
        "nid",
        "head",
    )
    free_members = (
        offers.withColumn(
            "place",
            sf.row_number().over(
                Window.partitionBy("nid").orderBy(sf.col("similarity").desc(), sf.col("head"))
            ),
        )
        .where("place = 1")
        .select("nid", sf.col("head").alias("rep"), sf.col("head_entity").alias("group_entity"))
    )
    return single.union(entity_members).union(free_members)


def clusters_frame(
    rows: DataFrame, settings: Settings, spark: SparkSession | None = None
) -> SparkRun:
    """The distributed pipeline on ``rows`` (``row`` a long id in input order, ``name``)."""
    from pyspark.sql import functions as sf

    spark = spark or rows.sparkSession
    progress = settings.progress
    source = _gazetteer_source(spark, settings.gazetteer)
    distinct_names = rows.groupBy("name").agg(sf.count("*").alias("n"), sf.min("row").alias("nid"))
    names = materialise(
        distinct_names.where(sf.col("name").isNotNull()).where(_udfs().is_name_udf()("name"))
    )
    progress("profiles", 0, 1)
    profiles = materialise(
        names.withColumn("p", _udfs().profile_udf(source.load, settings.kind)("name")).select(
            "nid", "name", "n", "p.key", "p.blocks", "p.entity"
        )
    )
    progress("profiles", 1, 1)
    pairs, blocks, largest = _pairs(profiles, settings.bound)
    pairs = materialise(pairs)
    compared = pairs.count()
    progress("pairs", 0, compared)
    scored = materialise(_score(pairs, names, "i", "j"))
    strong = materialise(scored.where(sf.col("similarity") >= settings.threshold).select("i", "j"))
    progress("pairs", compared, compared)

    pending = profiles.select("nid", "n", "key", "entity")
    done: DataFrame | None = None
    first_round = True
    while True:
        links = _round_links(pending, strong, first_round)
        roots = components(pending.select("nid"), links)
        assigned = _assign(pending.join(roots, "nid"), names)
        judged = materialise(
            _score(assigned, names, "nid", "rep")
            .join(pending.select("nid", "entity"), "nid")
            .withColumn(
                "kept",
                (sf.col("nid") == sf.col("rep"))
                | ((sf.col("group_entity") != "") & (sf.col("entity") == sf.col("group_entity")))
                | (sf.col("similarity") >= settings.split_threshold),
            )
        )
        kept = judged.where("kept").select(
            "nid",
            "rep",
            sf.col("similarity").alias("score"),
            sf.col("group_entity").alias("entity"),
        )
        done = kept if done is None else done.union(kept)
        left = judged.where("NOT kept").select("nid")
        if left.limit(1).count() == 0:
            break
        pending = materialise(pending.join(left, "nid"))
        first_round = False  # names that left a key group are not pulled back into it
    progress("clusters", 1, 1)
    return SparkRun(names, materialise(done), compared, blocks, largest)


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
    result = clusters_frame(rows, settings, session)
    return _collect(result, values, settings)


_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _sendable(value: str | None) -> str | None:
    if value is None or not _LONE_SURROGATE.search(value):
        return value
    return _LONE_SURROGATE.sub("\ufffd", value)


def _collect(result: SparkRun, values: Sequence[str | None], settings: Settings) -> Assignment:
    # Node ids are first rows, so sorting them gives the python engine's name order.
    assigned = {
        int(r["nid"]): (int(r["rep"]), float(r["score"]), str(r["entity"]))
        for r in result.assigned.toLocalIterator()
    }
    order = sorted(assigned)
    index = {nid: i for i, nid in enumerate(order)}
    names: list[str] = [""] * len(order)
    for r in result.names.toLocalIterator():
        names[index[int(r["nid"])]] = str(r["name"])
    numbers: dict[int, int] = {}
    representatives: list[int] = []
    entities: list[str] = []
    of: list[int] = []
    scores: list[float] = []
    for nid in order:
        rep, score, entity = assigned[nid]
        if rep not in numbers:
            numbers[rep] = len(representatives)
            representatives.append(index[rep])
            entities.append(entity)
        of.append(numbers[rep])
        scores.append(score)
    name_index = {name: i for i, name in enumerate(names)}
    row_names = [name_index.get(v, -1) if v is not None else -1 for v in values]
    clusters = Clusters(tuple(of), tuple(representatives), tuple(scores), tuple(entities))
    return Assignment.build(
        names,
        row_names,
        clusters,
        compared_pairs=result.compared_pairs,
        blocks=result.blocks,
        largest_block=result.largest_block,
        entity_names=settings.entity_name,
    )
