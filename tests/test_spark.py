"""The Spark engine, for real, in local mode: a short smoke test in one session.

Spark runs the plan's SQL statements (kznames.deduplication.plan), which the duckdb engine runs
on every test run against the shared vectors and a property test (tests/test_dedup.py); here
Spark runs the vectors' cases marked ``spark`` (every case with ``KZNAMES_SPARK_VECTORS=all``),
the clustering statements on one hard graph, and what only Spark has: sqlglot's translation
executed, dedup_spark on a DataFrame, the UDFs, a gazetteer shipped to the workers, UTF-8
strings, checkpoints, a user's session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from dedup_vectors import CASES, NAMES, Case, partition_problems
from kznames import Gazetteer, dedup, key, skeleton
from kznames.cli import main
from kznames.deduplication.pipeline import Profile, cluster
from kznames.deduplication.spark_engine import cluster_given, local_session
from kznames.errors import KznamesError
from kznames.names import fine_name_key
from kznames.spark import add_name_columns, dedup_spark, key_udf
from support import load_script

SPARK_CASES = [c for c in CASES if c.on_spark or os.environ.get("KZNAMES_SPARK_VECTORS") == "all"]


@pytest.fixture(scope="module")
def spark() -> SparkSession:
    # With Splink's jar of string functions, for the Splink-on-Spark test (one session per
    # process: the first configuration is the one every test gets).
    from splink.backends.spark import similarity_jar_location

    return local_session(cores=2, config={"spark.jars": similarity_jar_location()})


@pytest.mark.parametrize("case", SPARK_CASES, ids=[case.name for case in SPARK_CASES])
def test_the_shared_vectors_give_the_python_engines_clusters(
    spark: SparkSession, case: Case
) -> None:
    on_spark = dedup(case.names, engine="spark", spark=spark, **case.dedup_options())
    in_python = dedup(case.names, **case.dedup_options())
    assert partition_problems(case.labels, on_spark.cluster_ids) == []
    assert on_spark.cluster_ids == in_python.cluster_ids
    assert on_spark.canonical == in_python.canonical
    assert on_spark.scores == in_python.scores
    assert on_spark.summary() == in_python.summary()


def test_a_custom_gazetteer_reaches_the_workers(spark: SparkSession, tmp_path: Path) -> None:
    (tmp_path / "entities.tsv").write_text(
        "entity_id\tkind\tname\tdescription\tparent\nverny\tplace\tVerny\ttest city\t\n"
    )
    (tmp_path / "variants.tsv").write_text(
        "entity_id\tvariant\ttag\tvalid_from\tvalid_to\tsource\n"
        "verny\tVerny\ten\t\t\ttest\nverny\tZailiysky\ten\t\t\ttest\n"
    )
    gazetteer = Gazetteer.load([tmp_path / "entities.tsv", tmp_path / "variants.tsv"], False)
    names = ["Verny", "Zailiysky", "Almaty", "Верный"]
    on_spark = dedup(names, engine="spark", spark=spark, gazetteer=gazetteer)
    assert on_spark.cluster_ids == dedup(names, gazetteer=gazetteer).cluster_ids
    assert on_spark.cluster_ids[0] == on_spark.cluster_ids[1]
    assert on_spark.canonical[1] == "Verny"


def test_odd_names_keep_their_rows_and_clusters(spark: SparkSession) -> None:
    # Spark's strings are UTF-8, which has no lone surrogates: the name travels with U+FFFD
    # in their place (documented) and its rows keep their cluster. A 10,000-letter name is
    # read on its first letters, as in Python.
    names = ["\ud800Bilash", "Almaty", "\ud800Bilash", "x" * 10_000, "???"]
    on_spark = dedup(names, engine="spark", spark=spark)
    in_python = dedup(names)
    assert on_spark.cluster_ids == in_python.cluster_ids == [0, 1, 0, 2, 3]
    assert on_spark.canonical[0] == on_spark.canonical[2] == "\ufffdBilash"
    assert [on_spark.canonical[i] for i in (1, 3, 4)] == [in_python.canonical[i] for i in (1, 3, 4)]
    assert on_spark.scores == in_python.scores
    assert dedup([], engine="spark", spark=spark).cluster_ids == []


def test_dedup_spark_keeps_every_row_and_column(spark: SparkSession) -> None:
    rows = [(i, name, i % 3) for i, name in enumerate(NAMES)]
    frame = spark.createDataFrame(rows, "id long, name string, batch int")
    out = dedup_spark(frame, "name")
    assert out.columns == ["id", "name", "batch", "cluster_id", "canonical", "score"]
    got = sorted(out.collect(), key=lambda r: r["id"])
    assert [(r["id"], r["name"], r["batch"]) for r in got] == rows
    # The same partition of the rows as the python engine, whatever the ids.
    in_python = dedup(NAMES)
    numbering: dict[int, int] = {}
    renumbered = [numbering.setdefault(r["cluster_id"], len(numbering)) for r in got]
    assert renumbered == in_python.cluster_ids
    assert [r["canonical"] for r in got] == in_python.canonical
    assert [r["score"] for r in got] == in_python.scores
    blanks = [r for r in got if r["name"] is None or not r["name"].strip()]
    assert len(blanks) == 3
    assert all(r["canonical"] == "" and r["score"] == 0.0 for r in blanks)
    assert len({r["cluster_id"] for r in blanks}) == 3


def test_dedup_spark_errors_say_what_is_wrong(spark: SparkSession) -> None:
    frame = spark.createDataFrame([(1, "Almaty")], "id long, name string")
    with pytest.raises(KznamesError, match="say which column"):
        dedup_spark(frame)
    with pytest.raises(KznamesError, match="no column 'nom'"):
        dedup_spark(frame, "nom")
    with pytest.raises(KznamesError, match="holds bigint"):
        dedup_spark(frame, "id")
    clash = spark.createDataFrame([("Almaty", 1)], "name string, score int")
    with pytest.raises(KznamesError, match="already has score"):
        dedup_spark(clash, "name")
    with pytest.raises(KznamesError, match="split_threshold"):
        dedup_spark(frame, "name", threshold=0.5, split_threshold=0.7)


def test_the_udfs_equal_the_python_functions(spark: SparkSession) -> None:
    names = [n for n in NAMES if n] + ["Ａｌｍａｔｙ", "ئۇيغۇر", "x" * 5000]
    frame = spark.createDataFrame([(n,) for n in names] + [(None,), ("  ",)], "name string")
    got = add_name_columns(frame).collect()
    for row in got:
        name = row["name"]
        if name is None or not name.strip():
            assert row["kz_key"] is None
            assert row["kz_fine_key"] is None
            continue
        assert row["kz_key"] == key(name)
        assert row["kz_skeleton"] == skeleton(name)
        assert row["kz_fine_key"] == fine_name_key(name)
    assert frame.select(key_udf("name").alias("k")).count() == len(names) + 2
    with pytest.raises(KznamesError, match="no column"):
        add_name_columns(frame, "nom")


def test_the_plan_clusters_on_spark_as_the_pipeline_defines(spark: SparkSession) -> None:
    # The plan's clustering statements as Spark runs them, on a small graph that takes every
    # branch (the hypothesis test in test_dedup.py holds the same statements equal to the
    # pipeline on DuckDB on random graphs): entities X and Y joined through names of none (one
    # cluster per entity, n2 to the nearer head), n3 split from its head into a second round,
    # and a key group (n4, n5) whose names do not stay together. Every pair is scored
    # beforehand: no similarity is computed.
    entities = ["X", "Y", "", "", "", ""]
    keys = ["", "", "", "", "k", "k"]
    profiles = [Profile(f"n{i}", keys[i], "", (), entities[i]) for i in range(6)]
    counts = [2, 1, 1, 3, 1, 1]
    strong = {(0, 2): 0.9, (1, 2): 0.85, (2, 3): 0.85, (1, 3): 0.6}
    edges = [(i, j, strong.get((i, j), 0.1)) for i in range(6) for j in range(i + 1, 6)]
    expected = cluster(profiles, counts, edges, 0.8, 0.65, lambda pairs: [0.0] * len(pairs))
    found = cluster_given(spark, profiles, counts, edges, 0.8, 0.65)
    per_name = [
        (c.representatives[c.of[i]], c.scores[i], c.entities[c.of[i]])
        for c in (expected, found)
        for i in range(6)
    ]
    assert per_name[:6] == [
        (0, 1.0, "X"),
        (1, 1.0, "Y"),
        (0, 0.9, "X"),
        (3, 1.0, ""),
        (4, 1.0, ""),
        (5, 1.0, ""),
    ]
    assert per_name[6:] == per_name[:6]


def test_cli_engine_spark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spark: SparkSession
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("name\nSerikzhan Bilash\nСерікжан Білаш\nAiman Umarova\n")
    target = tmp_path / "out.csv"
    assert main(["dedup", str(source), "--engine", "spark", "--out", str(target)]) == 0
    lines = target.read_text().splitlines()
    assert lines[0] == "name,cluster_id,canonical,score"
    assert lines[1].split(",")[1] == lines[2].split(",")[1] != lines[3].split(",")[1]
    assert "3 rows" in capsys.readouterr().err


def test_the_splink_model_gives_the_same_links_on_spark_as_on_duckdb(spark: SparkSession) -> None:
    # The kznames name comparison is SQL both backends run; the columns come from the pandas
    # UDFs on Spark and from pandas on DuckDB.
    from kznames.splink import name_comparison

    example = load_script("examples/splink_link.py")
    a, b = example.registers()
    on_spark = example.link(a, b, name_comparison(), spark)
    on_duckdb = example.link(a, b, name_comparison())
    assert on_spark["f1"] >= 0.9
    assert abs(on_spark["f1"] - on_duckdb["f1"]) < 0.01


def test_with_a_checkpoint_folder_the_clusters_are_the_same(
    spark: SparkSession, tmp_path: Path
) -> None:
    # On a cluster a checkpoint folder makes every cut of the lineage a reliable checkpoint.
    # (Last in this file: a session's checkpoint folder cannot be unset.)
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    names = ["Serikzhan Bilash", "Серікжан Білаш", "Almaty", "Alma-Ata", "Aiman Umarova"]
    on_spark = dedup(names, engine="spark", spark=spark)
    assert on_spark.cluster_ids == dedup(names).cluster_ids == [0, 0, 1, 1, 2]
    assert any((tmp_path / "checkpoints").rglob("*"))


def test_an_active_session_is_left_as_its_owner_set_it(spark: SparkSession) -> None:
    # local_session() used to re-apply its settings and log level to whatever getOrCreate gave.
    before = spark.conf.get("spark.sql.shuffle.partitions")
    spark.conf.set("spark.sql.shuffle.partitions", "7")
    try:
        assert local_session() is spark
        assert spark.conf.get("spark.sql.shuffle.partitions") == "7"
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", before)


def test_spark_scratch_folder_is_ours_and_goes(tmp_path: Path) -> None:
    """spark.local.dir is kznames-spark-PID-… in the temporary folder: gone after the process
    exits, and one of a process that is gone (killed) is removed when a session starts. In a
    process of its own, as a Spark session is one per process."""
    import subprocess
    import sys
    import tempfile

    stale = Path(tempfile.mkdtemp(prefix="kznames-spark-999999999-"))
    (stale / "blockmgr-x").mkdir()
    # What the engine writes there, without a whole dedup run (the plan is many small jobs):
    # shuffle files and a checkpoint as materialise() makes them.
    script = (
        "from kznames.deduplication.spark_engine import local_session, materialise\n"
        "session = local_session()\n"
        "print(session.conf.get('spark.local.dir'), flush=True)\n"
        "frame = session.range(1000).selectExpr('id % 7 AS k').groupBy('k').count()\n"
        "assert materialise(frame).count() == 7\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    scratch = Path(run.stdout.split()[0])
    assert scratch.parent == Path(tempfile.gettempdir())
    assert scratch.name.startswith("kznames-spark-")
    assert not scratch.exists()
    assert not stale.exists()
