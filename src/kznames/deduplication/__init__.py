"""Deduplication: a column of names in, a cluster per row out.

>>> from kznames import dedup
>>> result = dedup(["Serikzhan Bilash", "Серікжан Білаш", "Aiman Umarova", "Serikjan Bilash"])
>>> result.cluster_ids
[0, 0, 1, 0]
>>> result.canonical[1]
'Serikzhan Bilash'
>>> str(result.explain(0, 3))
'Serikzhan~Serikjan 1.00 (j/zh: j class); Bilash~Bilash 1.00'

How: docs/dedup.md. Blocking on the match key, the skeleton and token keys; candidate pairs
scored with :func:`kznames.similarity`; clusters from the strong pairs, split where a member is not
close to its cluster's representative; gazetteer entities joined whatever their spelling and
never merged with each other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from ..errors import KznamesError
from ..gazetteer import Gazetteer
from ..score import Explanation, similarity
from . import parallel, python_engine
from .pipeline import BLOCK_BOUND, MATCH_THRESHOLD, SPLIT_THRESHOLD
from .result import Assignment, Progress, Settings, quiet
from .table import Column, DedupInputError, name_of_value, read_column, with_results

if TYPE_CHECKING:
    from .duckdb_engine import Stream

__all__ = ["ENGINES", "DedupInputError", "DedupResult", "dedup", "dedup_stream"]

Engine = Literal["python", "duckdb", "spark"]
ENGINES: Final = ("python", "duckdb", "spark")


@dataclass(frozen=True, slots=True)
class DedupResult:
    """Every input row, in input order, with its cluster.

    ``cluster_ids``, ``canonical`` and ``scores`` have one entry per input row. ``canonical`` is
    the gazetteer's canonical name when the cluster is a known entity, else the cluster's most
    frequent spelling; ``score`` is the row's similarity to that representative spelling.
    """

    column: Column
    assignment: Assignment

    @property
    def names(self) -> list[str | None]:
        return self.column.values

    @property
    def cluster_ids(self) -> list[int]:
        return self.assignment.cluster_ids

    @property
    def canonical(self) -> list[str]:
        return self.assignment.canonical

    @property
    def scores(self) -> list[float]:
        return self.assignment.scores

    @property
    def compared_pairs(self) -> int:
        """How many pairs of distinct names were scored with ``similarity``."""
        return self.assignment.compared_pairs

    @property
    def entities(self) -> dict[int, str]:
        """Cluster id → gazetteer entity id, for clusters that are a known entity."""
        return self.assignment.cluster_entities

    def __len__(self) -> int:
        return len(self.assignment.cluster_ids)

    def clusters(self) -> dict[int, list[int]]:
        """Cluster id → the rows in it, in input order."""
        out: dict[int, list[int]] = {}
        for row, cluster_id in enumerate(self.cluster_ids):
            out.setdefault(cluster_id, []).append(row)
        return out

    def explain(self, row_a: int, row_b: int) -> Explanation:
        """Why two rows' names are (or are not) alike: the similarity explanation."""
        a, b = self.names[row_a] or "", self.names[row_b] or ""
        return similarity(a, b).explanation

    def table(self) -> Any:
        """The input with ``cluster_id``, ``canonical`` and ``score`` added, in its own shape:
        list of dicts, pandas, polars or Arrow (a list of strings gives dicts with ``name``)."""
        return with_results(self.column, self.cluster_ids, self.canonical, self.scores)

    def summary(self) -> dict[str, int]:
        a = self.assignment
        return {
            "rows": len(a.cluster_ids),
            "distinct_names": a.distinct_names,
            "clusters": len(set(a.cluster_ids)),
            "blocks": a.blocks,
            "largest_block": a.largest_block,
            "compared_pairs": a.compared_pairs,
        }


def _settings(
    threshold: float,
    split_threshold: float,
    block_bound: int,
    gazetteer: Gazetteer | Literal["default"] | None,
    kind: str | None,
    workers: int | None,
    progress: Progress,
) -> Settings:
    return Settings.checked(
        threshold=threshold,
        split_threshold=split_threshold,
        block_bound=block_bound,
        gazetteer=gazetteer,
        kind=kind,
        workers=parallel.default_workers() if workers is None else max(1, workers),
        progress=progress,
    )


def dedup(
    data: Sequence[str | None] | Sequence[dict[str, Any]] | Any,
    column: str | None = None,
    *,
    threshold: float = MATCH_THRESHOLD,
    split_threshold: float = SPLIT_THRESHOLD,
    engine: Engine = "python",
    gazetteer: Gazetteer | Literal["default"] | None = "default",
    kind: str | None = None,
    block_bound: int = BLOCK_BOUND,
    workers: int | None = None,
    progress: Progress = quiet,
    spark: Any = None,
) -> DedupResult:
    """Cluster the names in ``data`` (a list of strings or dicts, a pandas or polars DataFrame,
    an Arrow table; ``column`` names the field unless there is only one).

    ``threshold``: a pair scoring this much links two names. ``split_threshold``: a member less
    similar than this to its cluster's representative leaves the cluster. ``gazetteer``: known
    entities (the shipped tables by default, ``None`` for phonetics alone), restricted to
    ``kind`` if given. ``block_bound``: each name is compared with at most this many names per
    block. ``engine``: ``"python"`` (in process), ``"duckdb"`` (out of core; the ``duckdb``
    extra) or ``"spark"`` (distributed; the ``spark`` extra; on ``spark``, a ``SparkSession``,
    else a local session on two cores); all give the same clusters. ``workers``: processes
    that score (default: the CPUs this process may use); the result does not depend on it.
    ``progress(stage, done, total)`` is called as work advances.

    >>> result = dedup(["Serikzhan Bilash", "Серікжан Білаш", "Almaty", "Alma-Ata"])
    >>> result.cluster_ids, result.canonical
    ([0, 0, 1, 1], ['Serikzhan Bilash', 'Serikzhan Bilash', 'Almaty', 'Almaty'])
    >>> rows = dedup([{"id": 7, "name": "Алматы"}, {"id": 8, "name": "Almaty"}], "name").table()
    >>> for row in rows:
    ...     print(row["id"], row["cluster_id"], row["canonical"])
    7 0 Almaty
    8 0 Almaty
    """
    settings = _settings(
        threshold, split_threshold, block_bound, gazetteer, kind, workers, progress
    )
    source = read_column(data, column)
    if engine == "python":
        assignment = python_engine.run(source.values, settings)
    elif engine == "duckdb":
        from . import duckdb_engine

        assignment = duckdb_engine.run(source.values, settings)
    elif engine == "spark":
        from . import spark_engine

        assignment = spark_engine.run(source.values, settings, spark)
    else:
        raise KznamesError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    return DedupResult(source, assignment)


@contextlib.contextmanager
def dedup_stream(
    names: Iterable[str | None],
    *,
    threshold: float = MATCH_THRESHOLD,
    split_threshold: float = SPLIT_THRESHOLD,
    gazetteer: Gazetteer | Literal["default"] | None = "default",
    kind: str | None = None,
    block_bound: int = BLOCK_BOUND,
    workers: int | None = None,
    progress: Progress = quiet,
) -> Iterator[Stream]:
    """:func:`dedup` on the duckdb engine without a Python object per row: ``names`` (any
    iterable, a generator included: ``None`` or blank where a row has no name) are read into
    DuckDB a chunk at a time, the whole plan runs there, and the results stay there until read
    in row order a batch at a time. The same clusters, canonical names and scores as
    :func:`dedup` gives; the options are its own. Needs the ``duckdb`` extra. A value that is
    not a string is read as :func:`dedup` reads it (bytes as UTF-8, NaN as no name, anything
    else as ``str(value)``).

    The block gives a stream: ``rows()`` yields ``(cluster_id, canonical, score)`` per row,
    ``batches(size)`` Arrow record batches of those three columns, ``summary()`` the figures
    of :meth:`DedupResult.summary`. The results (and DuckDB's spill folder) go when the block
    ends.

    >>> names = ["Serikzhan Bilash", "Серікжан Білаш", None, "Aiman Umarova"]
    >>> with dedup_stream(names, gazetteer=None, workers=1) as results:
    ...     for row in results.rows():
    ...         print(row)
    (0, 'Serikzhan Bilash', 1.0)
    (0, 'Serikzhan Bilash', 0.9988)
    (1, '', 0.0)
    (2, 'Aiman Umarova', 1.0)
    """
    from . import duckdb_engine

    settings = _settings(
        threshold, split_threshold, block_bound, gazetteer, kind, workers, progress
    )
    with duckdb_engine.stream(map(name_of_value, names), settings) as results:
        yield results
