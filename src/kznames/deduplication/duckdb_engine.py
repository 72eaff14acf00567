"""The DuckDB engine: rows, distinct names, keys and blocks live in DuckDB, which spills to disk.

Keys, blocks and entities are vectorised UDFs (one Arrow batch per call, not one Python call per
row); leads, blocks and candidate pairs are SQL (window functions and a self-join), the same rules
as :mod:`.pipeline`; pairs are scored by the same ``similarity`` and clustered by the same
:func:`.pipeline.cluster`, so both engines give the same clusters. Python holds the distinct names
and the scored pairs, not the rows beyond one integer each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from .._atomic import private_folder
from ..errors import KznamesError
from ..gazetteer import Gazetteer
from . import parallel
from .pipeline import Profile
from .result import Assignment, Settings

__all__ = ["run"]


# DuckDB's buffer: enough for the joins of a million rows, small beside the Python side.
_MEMORY_LIMIT: Final = "768MB"


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
    # (its default is most of the machine's memory, held beside Python's profiles).
    connection.execute("SET temp_directory = ?", [str(spill)])
    connection.execute(f"SET memory_limit = '{_MEMORY_LIMIT}'")
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


def _register_udfs(
    connection: Any, gazetteer: Gazetteer | None, kind: str | None
) -> dict[str, Profile]:
    import pyarrow as pa

    # The three UDFs see the same batches: a name is profiled once.
    memo: dict[str, Profile] = {}

    def profiles_of(batch: Any) -> list[Profile]:
        names = batch.to_pylist()
        new = [n for n in dict.fromkeys(names) if n not in memo]
        memo.update(zip(new, parallel.profiles(new, gazetteer, kind, workers=1), strict=True))
        return [memo[n] for n in names]

    def key_udf(batch: Any) -> Any:
        return pa.array([p.key for p in profiles_of(batch)], type=pa.string())

    def blocks_udf(batch: Any) -> Any:
        return pa.array([list(p.blocks) for p in profiles_of(batch)], type=pa.list_(pa.string()))

    def entity_udf(batch: Any) -> Any:
        return pa.array([p.entity for p in profiles_of(batch)], type=pa.string())

    def is_name_udf(batch: Any) -> Any:
        # The same test as the Python engine's: str.strip knows every Unicode space.
        return pa.array([bool(v and v.strip()) for v in batch.to_pylist()], type=pa.bool_())

    for name, udf, result in (
        ("kz_is_name", is_name_udf, "BOOLEAN"),
        ("kz_key", key_udf, "VARCHAR"),
        ("kz_blocks", blocks_udf, "VARCHAR[]"),
        ("kz_entity", entity_udf, "VARCHAR"),
    ):
        connection.create_function(name, _keeps_interrupts(udf), ["VARCHAR"], result, type="arrow")
    return memo


def run(values: Sequence[str | None], settings: Settings) -> Assignment:
    # The spill folder (kznames-duckdb-PID-…) goes however the run ends, SIGTERM on the command
    # line included; one left by a killed process is removed by the next run.
    import duckdb

    with private_folder("duckdb") as spill:
        connection = _connect(spill)
        _stopped.clear()
        try:
            return _run(connection, values, settings)
        except duckdb.Error:
            if _stopped:
                raise _stopped[0] from None
            raise
        finally:
            _stopped.clear()
            connection.close()


def _run(connection: Any, values: Sequence[str | None], settings: Settings) -> Assignment:
    import pyarrow as pa

    progress = settings.progress
    memo = _register_udfs(connection, settings.gazetteer, settings.kind)
    rows = pa.table({"row": pa.array(range(len(values)), pa.int64()), "name": values})
    connection.register("input_rows", rows)
    # Distinct names in order of first appearance; blank names are no name (as in Python).
    connection.execute(
        """
        CREATE TEMP TABLE names AS
        SELECT row_number() OVER (ORDER BY first_row) - 1 AS idx, name, n, first_row
        FROM (
            SELECT name, count(*) AS n, min(row) AS first_row
            FROM input_rows
            WHERE name IS NOT NULL AND kz_is_name(name)
            GROUP BY name
        )
        """
    )
    progress("profiles", 0, 1)
    connection.execute(
        """
        CREATE TEMP TABLE profiles AS
        SELECT idx, name, n, kz_key(name) AS key, kz_blocks(name) AS blocks,
               kz_entity(name) AS entity
        FROM names
        """
    )
    progress("profiles", 1, 1)
    memo.clear()  # the profiles are in DuckDB now
    # Leads: each key group's most frequent name (ties: first seen); blocks of leads; pairs of
    # each lead with its block's `bound` most frequent leads.
    pairs = connection.execute(
        """
        WITH leads AS (
            SELECT idx, n, blocks FROM (
                SELECT idx, n, blocks,
                       row_number() OVER (PARTITION BY key ORDER BY n DESC, idx) AS place
                FROM profiles WHERE key <> ''
            ) WHERE place = 1
        ),
        members AS (
            SELECT block, idx,
                   row_number() OVER (PARTITION BY block ORDER BY n DESC, idx) AS rank
            FROM (SELECT unnest(blocks) AS block, idx, n FROM leads)
        ),
        sizes AS (SELECT block, count(*) AS size FROM members GROUP BY block HAVING size > 1)
        SELECT DISTINCT least(m.idx, h.idx) AS i, greatest(m.idx, h.idx) AS j
        FROM members m
        JOIN members h ON m.block = h.block AND h.rank <= ? AND m.idx <> h.idx
        JOIN sizes s ON s.block = m.block
        ORDER BY i, j
        """,
        [settings.bound],
    ).fetchall()
    block_sizes = connection.execute(
        """
        WITH leads AS (
            SELECT blocks FROM (
                SELECT blocks,
                       row_number() OVER (PARTITION BY key ORDER BY n DESC, idx) AS place
                FROM profiles WHERE key <> ''
            ) WHERE place = 1
        )
        SELECT count(*), coalesce(max(size), 0) FROM (
            SELECT block, count(*) AS size FROM (SELECT unnest(blocks) AS block FROM leads)
            GROUP BY block HAVING size > 1
        )
        """
    ).fetchone()
    profile_rows = connection.execute(
        "SELECT name, n, key, blocks, entity FROM profiles ORDER BY idx"
    ).fetchall()
    names = [r[0] for r in profile_rows]
    counts = [int(r[1]) for r in profile_rows]
    profiles = [Profile(r[0], r[2], "", tuple(r[3]), r[4]) for r in profile_rows]
    clusters = settings.score_and_cluster(profiles, counts, pairs)
    row_names = [
        -1 if idx is None else int(idx)
        for (idx,) in connection.execute(
            """
            SELECT names.idx FROM input_rows LEFT JOIN names USING (name) ORDER BY input_rows.row
            """
        ).fetchall()
    ]
    return Assignment.build(
        names,
        row_names,
        clusters,
        compared_pairs=len(pairs),
        blocks=int(block_sizes[0]) if block_sizes else 0,
        largest_block=int(block_sizes[1]) if block_sizes else 0,
        entity_names=settings.entity_name,
    )
