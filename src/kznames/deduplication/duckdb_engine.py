"""The DuckDB engine: the plan of :mod:`.plan` (every step of :mod:`.pipeline` as SQL) inside
DuckDB, which spills to disk, so that memory stays bounded however many rows and pairs there are.

Every table lives in DuckDB (a bounded buffer, the rest spilled to a private folder); Python
computes only what the pipeline defines in Python, a batch at a time:

* **input** — the names are read into DuckDB :data:`_CHUNK` at a time (``input_rows``);
* **profiles** — distinct names are read out of DuckDB in chunks of :data:`_CHUNK` rows,
  profiled (:func:`.pipeline.profile`: key, blocks, entity) over the workers and written back;
* **scores** — pairs to score likewise, scored by the same ``similarity`` as every engine.

The rest is the plan's SQL, run as it is written (the plan is in DuckDB's dialect). The result
is table ``results`` in DuckDB: each row's cluster number (dense, by first appearance),
canonical name (:data:`.plan.NAMED`) and score. :func:`stream` reads it in row order a batch
at a time (what ``kznames dedup --engine duckdb`` writes to its output, holding no list per row);
:func:`run` collects it into the lists of a :class:`.result.Assignment` for ``kznames.dedup``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._atomic import private_folder
from ..errors import KznamesError
from . import parallel, plan
from .pipeline import Clusters, Profile
from .result import Assignment, Settings
from .table import OUTPUT_COLUMNS

if TYPE_CHECKING:
    import pyarrow

__all__ = ["Stream", "cluster_in_sql", "run", "stream"]


# DuckDB's buffer: enough for the joins of millions of rows; beyond it DuckDB spills.
_MEMORY_LIMIT: Final = "768MB"
# Names profiled, or pairs scored, at a time (read out of DuckDB, computed over the workers and
# written back): what Python holds of them.
_CHUNK: Final = 100_000
# Rows of the result read at a time.
_FETCH: Final = 100_000


def _connect(spill: Path) -> Any:
    try:
        import duckdb
        import pyarrow  # noqa: F401 - the UDFs exchange Arrow batches
    except ImportError as exc:
        raise KznamesError(
            "engine='duckdb' needs the duckdb extra: pip install 'kznames[duckdb]'"
        ) from exc
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    # Out of core: DuckDB keeps to a bounded buffer and spills the rest to a temporary folder
    # (its default is most of the machine's memory).
    connection.execute("SET temp_directory = ?", [str(spill)])
    connection.execute(f"SET memory_limit = '{_MEMORY_LIMIT}'")
    # Row order of a query without ORDER BY is not needed anywhere: let DuckDB stream.
    connection.execute("SET preserve_insertion_order = false")
    return connection


# A KeyboardInterrupt or the command line's SIGTERM raised inside a UDF reaches the caller as a
# duckdb error naming it; the UDFs keep the exception here so that run() raises it again as
# itself (the command line then exits 130 or 143 with one line).
_stopped: list[BaseException] = []


def _keeps_interrupts(udf: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def call(batch: Any) -> Any:
        try:
            return udf(batch)
        except BaseException as exc:
            if not isinstance(exc, Exception):
                _stopped.append(exc)
            raise

    return call


def _register_udfs(connection: Any) -> None:
    import pyarrow as pa

    def is_name_udf(batch: Any) -> Any:
        # The same test as the Python engine's: str.strip knows every Unicode space.
        return pa.array([bool(v and v.strip()) for v in batch.to_pylist()], type=pa.bool_())

    connection.create_function(
        "kz_is_name", _keeps_interrupts(is_name_udf), ["VARCHAR"], "BOOLEAN", type="arrow"
    )


@contextlib.contextmanager
def stream(names: Iterable[str | None], settings: Settings) -> Iterator[Stream]:
    """The plan run on ``names`` (read a chunk at a time into DuckDB, never held as a list),
    giving a :class:`Stream` of the results, which stay in DuckDB until read. The connection
    and its spill folder (kznames-duckdb-PID-…) go when the block ends, however it ends
    (SIGTERM on the command line included); one left by a killed process is removed by the
    next run."""
    import duckdb

    with private_folder("duckdb") as spill:
        connection = _connect(spill)
        _stopped.clear()
        try:
            try:
                db = _DuckDB(connection, settings.score_many)
                _register_udfs(connection)
                db.ingest(names)
                figures = plan.run(db, settings)
                db.table("results", plan.RESULTS)
                yield Stream(db, figures)
            except duckdb.Error:
                if _stopped:
                    raise _stopped[0] from None
                raise
        finally:
            _stopped.clear()
            connection.close()


def run(values: Sequence[str | None], settings: Settings) -> Assignment:
    """``kznames.dedup(engine="duckdb")``: the results of :func:`stream` collected into the
    same :class:`.result.Assignment` as the other engines give."""
    with stream(values, settings) as results:
        return plan.assignment(results.db.rows(_IN_ORDER), results.figures)


# similarity of each pair of names, with an optional tick(done) as they go (Settings.score_many).
ScoreMany = Callable[[list[tuple[str, str]], Callable[[int], None] | None], list[float]]


def _shifted(tick: Callable[[int, int], None], start: int, total: int, done: int) -> None:
    tick(start + done, total)


class _DuckDB:
    """The :class:`.plan.Backend` of one connection: tables are temporary tables; profiles and
    scores are computed a chunk at a time over the workers and written back."""

    def __init__(self, connection: Any, score_many: ScoreMany) -> None:
        self.db = connection
        self.score_many = score_many

    def table(self, name: str, sql: str, params: plan.Params | None = None) -> None:
        self.db.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", params or {})

    def append(self, name: str, sql: str, params: plan.Params | None = None) -> None:
        self.db.execute(f"INSERT INTO {name} {sql}", params or {})

    def rename(self, source: str, target: str) -> None:
        self.db.execute(f"DROP TABLE IF EXISTS {target}")
        self.db.execute(f"ALTER TABLE {source} RENAME TO {target}")

    def one(self, sql: str, params: plan.Params | None = None) -> tuple[Any, ...]:
        row = self.db.execute(sql, params or {}).fetchone()
        assert row is not None  # aggregates always give a row
        return tuple(row)

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        result = self.db.execute(sql)
        while batch := result.fetchmany(_FETCH):
            yield from batch

    def _with_arrow(self, table: Any, sql: str) -> None:
        """Run ``sql`` with the Arrow ``table`` readable as ``arrow_batch`` (a view of it, not a
        copy) for that statement only."""
        self.db.register("arrow_batch", table)
        try:
            self.db.execute(sql)
        finally:
            self.db.unregister("arrow_batch")

    def ingest(self, names: Iterable[str | None]) -> None:
        """Table ``input_rows`` (``row``, ``name``) from ``names``, :data:`_CHUNK` at a time."""
        import pyarrow as pa

        self.db.execute('CREATE TEMP TABLE input_rows ("row" BIGINT, name VARCHAR)')
        values = iter(names)
        start = 0
        while chunk := list(itertools.islice(values, _CHUNK)):
            batch = pa.table(
                {"row": pa.array(range(start, start + len(chunk)), pa.int64()), "name": chunk}
            )
            self._with_arrow(batch, "INSERT INTO input_rows SELECT * FROM arrow_batch")
            start += len(chunk)

    def given(self, name: str, table: Any) -> None:
        self._with_arrow(table, f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM arrow_batch")

    def profile(self, settings: Settings, tick: Callable[[int, int], None]) -> None:
        """``profiles``: each distinct name's key, blocks and entity, computed a chunk of
        :data:`_CHUNK` rows at a time over the workers (whose memos go with them) and written
        back."""
        import pyarrow as pa

        self.db.execute(_PROFILES)
        total, span = self.one("SELECT count(*), coalesce(max(idx) + 1, 0) FROM names")
        tick(0, total)
        done = 0
        for start in range(0, span, _CHUNK):  # names are numbered by their first row
            chunk = self.db.execute(
                "SELECT idx, name, n FROM names WHERE idx >= $start AND idx < $end ORDER BY idx",
                {"start": start, "end": start + _CHUNK},
            ).fetchall()
            if not chunk:
                continue
            found = parallel.profiles(
                [name for _, name, _ in chunk],
                settings.gazetteer,
                settings.kind,
                settings.workers,
                functools.partial(_shifted, tick, done, total),
            )
            batch = pa.table(
                {
                    "idx": pa.array([r[0] for r in chunk], pa.int64()),
                    "name": pa.array([r[1] for r in chunk], pa.string()),
                    "n": pa.array([r[2] for r in chunk], pa.int64()),
                    "key": pa.array([p.key for p in found], pa.string()),
                    "blocks": pa.array([list(p.blocks) for p in found], pa.list_(pa.string())),
                    "entity": pa.array([p.entity for p in found], pa.string()),
                }
            )
            self._with_arrow(batch, "INSERT INTO profiles SELECT * FROM arrow_batch")
            done += len(chunk)
            tick(done, total)

    def score(self, tick: Callable[[int, int], None] | None = None) -> int:
        """The pairs of ``todo`` scored a chunk at a time, as the pipeline calls similarity."""
        import pyarrow as pa

        self.table(
            "numbered", f"SELECT row_number() OVER () - 1 AS pid, * FROM ({plan.WITH_NAMES})"
        )
        (total,) = self.one("SELECT count(*) FROM numbered")
        for start in range(0, total, _CHUNK):
            chunk = self.db.execute(
                "SELECT i, j, name_a, name_b FROM numbered WHERE pid >= $start AND pid < $end",
                {"start": start, "end": start + _CHUNK},
            ).fetchall()
            report = None
            if tick is not None:
                report = functools.partial(_shifted, tick, start, total)
            values = self.score_many([(a, b) for _, _, a, b in chunk], report)
            batch = pa.table(
                {
                    "i": pa.array([r[0] for r in chunk], pa.int64()),
                    "j": pa.array([r[1] for r in chunk], pa.int64()),
                    "similarity": pa.array(values, pa.float64()),
                }
            )
            self._with_arrow(batch, "INSERT INTO scored SELECT i, j, similarity FROM arrow_batch")
            if tick is not None:
                tick(min(start + _CHUNK, total), total)
        return int(total)


_PROFILES: Final = """
CREATE TEMP TABLE profiles (
    idx BIGINT, name VARCHAR, n BIGINT, key VARCHAR, blocks VARCHAR[], entity VARCHAR
)
"""


_IN_ORDER: Final = plan.in_row_order("results")


class Stream:
    """The results of a run, in DuckDB: its figures, and each row's cluster id, canonical name
    and score read in row order a batch at a time (:data:`.plan.RESULTS` and
    :func:`.plan.results`, the rule every engine's result follows). Valid inside the
    :func:`stream` block only."""

    def __init__(self, db: _DuckDB, figures: plan.Figures) -> None:
        self.db = db
        self.figures = figures

    def _chunks(self, size: int) -> Iterator[tuple[tuple[Any, ...], ...]]:
        """The columns (cluster ids, canonical names, scores, entities) of ``size`` rows at a
        time, in row order."""
        result = self.db.db.execute(_IN_ORDER)
        while chunk := result.fetchmany(size):
            yield tuple(zip(*plan.results(chunk), strict=True))

    def rows(self, size: int = _FETCH) -> Iterator[tuple[int, str, float]]:
        """``(cluster_id, canonical, score)`` of each row, in row order."""
        for ids, names, scores, _ in self._chunks(size):
            yield from zip(ids, names, scores, strict=True)

    def batches(self, size: int = _FETCH) -> Iterator[pyarrow.RecordBatch]:
        """Arrow record batches of at most ``size`` rows, in row order, with the columns
        ``cluster_id`` (int64), ``canonical`` (string) and ``score`` (float64)."""
        import pyarrow as pa

        for ids, names, scores, _ in self._chunks(size):
            yield pa.record_batch(
                [pa.array(ids, pa.int64()), pa.array(names, pa.string()), pa.array(scores)],
                names=list(OUTPUT_COLUMNS),
            )

    def summary(self) -> dict[str, int]:
        """The figures of :meth:`.DedupResult.summary`, counted in DuckDB."""
        rows, clusters = self.db.one("SELECT count(*), count(DISTINCT cluster_id) FROM results")
        return {
            "rows": int(rows),
            "distinct_names": self.figures.distinct_names,
            "clusters": int(clusters),
            "blocks": self.figures.blocks,
            "largest_block": self.figures.largest_block,
            "compared_pairs": self.figures.compared_pairs,
        }


def cluster_in_sql(
    profiles: Sequence[Profile],
    counts: Sequence[int],
    edges: Sequence[tuple[int, int, float]],
    threshold: float,
    split_threshold: float,
    score_many: Callable[[list[tuple[str, str]]], list[float]],
) -> Clusters:
    """:func:`.pipeline.cluster` computed by the plan's SQL in DuckDB
    (:func:`.plan.cluster_given`), pairs not in ``edges`` scored by ``score_many``."""
    import duckdb

    def measure(pairs: list[tuple[str, str]], tick: Callable[[int], None] | None) -> list[float]:
        return score_many(pairs)

    connection = duckdb.connect()
    try:
        return plan.cluster_given(
            _DuckDB(connection, measure), profiles, counts, edges, threshold, split_threshold
        )
    finally:
        connection.close()
