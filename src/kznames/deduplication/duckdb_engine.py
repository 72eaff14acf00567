"""The DuckDB engine: the whole plan of :mod:`.pipeline` as SQL inside DuckDB, which spills to
disk, so that memory stays bounded however many rows and pairs there are.

Every table below lives in DuckDB (a bounded buffer, the rest spilled to a private folder);
Python computes only what the pipeline defines in Python, a batch at a time:

* **profiles** — distinct names are read out of DuckDB in chunks of :data:`_CHUNK`, profiled
  (:func:`.pipeline.profile`: key, blocks, entity) over the workers and written back;
* **scores** — pairs to score likewise, scored by the same ``similarity`` as every engine.

The rest is SQL, one statement per step of :func:`.pipeline.cluster`, in the same terms:

* distinct names are numbered by first appearance (``idx``), so "first seen" breaks ties as the
  index does in the python engine;
* leads, blocks and candidate pairs (:func:`.pipeline.leads`, :func:`.pipeline.group_blocks`,
  :func:`.pipeline.candidate_pairs`): window functions and a self-join;
* the links of a round (:func:`.pipeline.round_links`): joins to each entity's and key group's
  first pending name, and the strong pairs, less links between two entities;
* connected components (:func:`.pipeline.components`): min-label propagation with pointer
  jumping, one statement per round until no label changes (rounds grow with the logarithm of a
  component's diameter, not its size);
* representatives, one cluster per entity, free names to their most similar head, and the split
  against the representative: window functions.

The result is each row's cluster number (dense, by first appearance), representative and score,
read in order; only the :class:`.result.Assignment` the caller asked for is built in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from .._atomic import private_folder
from ..errors import KznamesError
from ..gazetteer import Gazetteer
from . import parallel
from .pipeline import Clusters, Profile
from .result import Assignment, Settings

__all__ = ["cluster_in_sql", "run"]


# DuckDB's buffer: enough for the joins of millions of rows; beyond it DuckDB spills.
_MEMORY_LIMIT: Final = "768MB"
# Names profiled, or pairs scored, at a time (read out of DuckDB, computed over the workers and
# written back): what Python holds of them.
_CHUNK: Final = 100_000
# Label propagation stops when no label changes; a bound that real links never reach (each
# round at least halves the distance to the component's smallest node) guards the loop.
_MAX_PROPAGATION_ROUNDS: Final = 64
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


# similarity of each pair of names, with an optional tick(done) as they go (Settings.score_many).
ScoreMany = Callable[[list[tuple[str, str]], Callable[[int], None] | None], list[float]]


# -- The plan ------------------------------------------------------------------------------------
# Each statement is one step of pipeline.py; the comments name the function it computes.

# Distinct names in order of first appearance (result.distinct); blank names are no name.
_NAMES: Final = """
CREATE TEMP TABLE names AS
SELECT row_number() OVER (ORDER BY first_row) - 1 AS idx, name, n
FROM (
    SELECT name, count(*) AS n, min("row") AS first_row
    FROM input_rows
    WHERE name IS NOT NULL AND kz_is_name(name)
    GROUP BY name
)
"""

# pipeline.profile, filled a chunk at a time (_Plan.profile).
_PROFILES: Final = """
CREATE TEMP TABLE profiles (
    idx BIGINT, name VARCHAR, n BIGINT, key VARCHAR, blocks VARCHAR[], entity VARCHAR
)
"""

# pipeline.leads and pipeline.group_blocks: each key group's most frequent name (ties: first
# seen); the blocks of leads with two or more members, members most frequent first.
_MEMBERS: Final = """
CREATE TEMP TABLE members AS
WITH leads AS (
    SELECT idx, n, blocks FROM (
        SELECT idx, n, blocks,
               row_number() OVER (PARTITION BY key ORDER BY n DESC, idx) AS place
        FROM profiles WHERE key <> ''
    ) WHERE place = 1
),
ranked AS (
    SELECT block, idx,
           row_number() OVER (PARTITION BY block ORDER BY n DESC, idx) AS rank,
           count(*) OVER (PARTITION BY block) AS size
    FROM (SELECT unnest(blocks) AS block, idx, n FROM leads)
)
SELECT block, idx, rank, size FROM ranked WHERE size > 1
"""

_BLOCK_FIGURES: Final = "SELECT count(DISTINCT block), coalesce(max(size), 0) FROM members"

# pipeline.candidate_pairs: every member with its block's first `bound` members; numbered so that
# they can be scored a chunk at a time.
_PAIRS: Final = """
CREATE TEMP TABLE pairs AS
SELECT row_number() OVER (ORDER BY i, j) - 1 AS pid, i, j FROM (
    SELECT DISTINCT least(m.idx, h.idx) AS i, greatest(m.idx, h.idx) AS j
    FROM members m
    JOIN members h ON m.block = h.block AND h.rank <= $bound AND m.idx <> h.idx
)
"""

# Every score the run has computed: (i, j, i < j) -> similarity(name i, name j).
_SCORED: Final = "CREATE TEMP TABLE scored (i BIGINT, j BIGINT, similarity DOUBLE)"

# pipeline.round_links: the links among the pending names. `with_keys` is a parameter: the key
# groups link names in the first round only.
_LINKS: Final = """
CREATE OR REPLACE TEMP TABLE links AS
WITH p AS (SELECT idx, key, entity FROM pending JOIN profiles USING (idx)),
entity_hubs AS (SELECT entity, min(idx) AS hub FROM p WHERE entity <> '' GROUP BY entity),
key_hubs AS (
    SELECT key, min(idx) AS hub FROM p WHERE $with_keys AND entity = '' AND key <> '' GROUP BY key
),
candidates AS (
    SELECT hub AS src, idx AS dst FROM p JOIN entity_hubs USING (entity)
    UNION ALL
    SELECT hub AS src, idx AS dst FROM p JOIN key_hubs USING (key)
    UNION ALL
    SELECT s.i AS src, s.j AS dst
    FROM scored s JOIN pending a ON a.idx = s.i JOIN pending b ON b.idx = s.j
    WHERE s.similarity >= $threshold
)
SELECT DISTINCT c.src, c.dst
FROM candidates c JOIN p a ON a.idx = c.src JOIN p b ON b.idx = c.dst
WHERE c.src <> c.dst AND (a.entity = '' OR b.entity = '' OR a.entity = b.entity)
"""

# pipeline.components, first labels: each pending name its own.
_LABELS: Final = "CREATE OR REPLACE TEMP TABLE labels AS SELECT idx, idx AS root FROM pending"

# One round of label propagation: each node takes the smallest label among its own and its
# neighbours' (links both ways), then the label of that label (pointer jumping).
_PROPAGATE: Final = """
CREATE OR REPLACE TEMP TABLE next_labels AS
WITH offers AS (
    SELECT e.dst AS idx, min(l.root) AS offer
    FROM (SELECT src, dst FROM links UNION ALL SELECT dst AS src, src AS dst FROM links) e
    JOIN labels l ON l.idx = e.src
    GROUP BY e.dst
),
spread AS (
    SELECT l.idx, least(l.root, coalesce(o.offer, l.root)) AS root
    FROM labels l LEFT JOIN offers o USING (idx)
)
SELECT s.idx, least(s.root, coalesce(jump.root, s.root)) AS root
FROM spread s LEFT JOIN spread jump ON jump.idx = s.root
"""

_CHANGED: Final = """
SELECT count(*) FROM next_labels n JOIN labels l USING (idx) WHERE n.root <> l.root
"""

# pipeline.cluster, step 2: the pending names with their component, and what each component
# holds.
_GROUPED: Final = """
CREATE OR REPLACE TEMP TABLE grouped AS
WITH g AS (SELECT idx, n, entity, root FROM labels JOIN profiles USING (idx))
SELECT g.*, h.held, h.root_entity
FROM g JOIN (
    SELECT root, count(DISTINCT nullif(entity, '')) AS held, max(entity) AS root_entity
    FROM g GROUP BY root
) h USING (root)
"""

# A component of several entities: one cluster per entity, headed by its most frequent name.
_HEADS: Final = """
CREATE OR REPLACE TEMP TABLE heads AS
SELECT root, idx AS head, entity FROM (
    SELECT root, idx, entity,
           row_number() OVER (PARTITION BY root, entity ORDER BY n DESC, idx) AS place
    FROM grouped WHERE held > 1 AND entity <> ''
) WHERE place = 1
"""

# The names of no entity in such a component, with each head: they go to the most similar.
_OFFERS: Final = """
SELECT g.idx AS a, h.head AS b
FROM grouped g JOIN heads h USING (root)
WHERE g.held > 1 AND g.entity = ''
"""

# Each pending name's cluster in this round: its representative and the cluster's entity.
_ASSIGNED: Final = """
CREATE OR REPLACE TEMP TABLE assigned AS
-- at most one entity: one cluster, represented by its first name in order (a name of the
-- entity, then the most frequent, then the first seen)
SELECT idx, first_value(idx) OVER (
           PARTITION BY root
           ORDER BY CASE WHEN entity <> '' THEN 0 ELSE 1 END, n DESC, idx
       ) AS rep,
       root_entity AS group_entity
FROM grouped WHERE held <= 1
UNION ALL
-- several: each entity's names to its head...
SELECT g.idx, h.head AS rep, h.entity AS group_entity
FROM grouped g JOIN heads h ON h.root = g.root AND h.entity = g.entity
WHERE g.held > 1 AND g.entity <> ''
UNION ALL
-- ...and each name of no entity to the head it is most similar to (ties: the first head)
SELECT idx, head AS rep, entity AS group_entity FROM (
    SELECT g.idx, h.head, h.entity,
           row_number() OVER (PARTITION BY g.idx ORDER BY s.similarity DESC, h.head) AS place
    FROM grouped g
    JOIN heads h USING (root)
    JOIN scored s ON s.i = least(g.idx, h.head) AND s.j = greatest(g.idx, h.head)
    WHERE g.held > 1 AND g.entity = ''
) WHERE place = 1
"""

# pipeline.cluster, step 3: each member against its representative.
_TO_REPRESENTATIVE: Final = "SELECT idx AS a, rep AS b FROM assigned"

_JUDGED: Final = """
CREATE OR REPLACE TEMP TABLE judged AS
SELECT a.idx, a.rep, a.group_entity,
       CASE WHEN a.idx = a.rep THEN 1.0 ELSE s.similarity END AS score,
       a.idx = a.rep
       OR (a.group_entity <> '' AND p.entity = a.group_entity)
       OR coalesce(s.similarity >= $split_threshold, false) AS kept
FROM assigned a
JOIN profiles p USING (idx)
LEFT JOIN scored s ON s.i = least(a.idx, a.rep) AND s.j = greatest(a.idx, a.rep)
"""

_KEEP: Final = (
    "INSERT INTO done SELECT idx, rep, score, group_entity AS entity FROM judged WHERE kept"
)
_DONE: Final = "CREATE TEMP TABLE done (idx BIGINT, rep BIGINT, score DOUBLE, entity VARCHAR)"
# Names that left their cluster are clustered again among themselves.
_LEFT: Final = "CREATE OR REPLACE TEMP TABLE pending AS SELECT idx FROM judged WHERE NOT kept"

# result.Assignment.build: clusters numbered by their first row; a row without a name is a
# cluster of its own.
_ROWS: Final = """
WITH r AS (
    SELECT i."row", d.rep, d.score, d.entity, coalesce(d.rep, -1 - i."row") AS cluster
    FROM input_rows i
    LEFT JOIN names USING (name)
    LEFT JOIN done d USING (idx)
),
f AS (SELECT *, min("row") OVER (PARTITION BY cluster) AS first_row FROM r)
SELECT dense_rank() OVER (ORDER BY f.first_row) - 1 AS cluster_id,
       f.score, f.entity, p.name AS representative
FROM f LEFT JOIN profiles p ON p.idx = f.rep
ORDER BY f."row"
"""


def _shifted(tick: Callable[[int, int], None], start: int, total: int, done: int) -> None:
    tick(start + done, total)


class _Plan:
    """The plan run on one connection: each method is a step, in SQL but for scoring."""

    def __init__(
        self, connection: Any, threshold: float, split_threshold: float, score_many: ScoreMany
    ) -> None:
        self.db = connection
        self.threshold = threshold
        self.split_threshold = split_threshold
        self.score_many = score_many

    def one(self, sql: str, parameters: dict[str, Any] | None = None) -> tuple[Any, ...]:
        row = self.db.execute(sql, parameters or {}).fetchone()
        assert row is not None  # aggregates always give a row
        return tuple(row)

    def profile(
        self,
        gazetteer: Gazetteer | None,
        kind: str | None,
        workers: int,
        tick: Callable[[int, int], None],
    ) -> None:
        """``profiles``: each distinct name's key, blocks and entity, computed a chunk at a time
        over the workers (whose memos go with them) and written back."""
        import pyarrow as pa

        self.db.execute(_PROFILES)
        (total,) = self.one("SELECT count(*) FROM names")
        tick(0, total)
        for start in range(0, total, _CHUNK):
            chunk = self.db.execute(
                "SELECT idx, name, n FROM names WHERE idx >= $start AND idx < $end ORDER BY idx",
                {"start": start, "end": start + _CHUNK},
            ).fetchall()
            found = parallel.profiles(
                [name for _, name, _ in chunk],
                gazetteer,
                kind,
                workers,
                functools.partial(_shifted, tick, start, total),
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
            self.db.register("profiles_batch", batch)
            self.db.execute("INSERT INTO profiles SELECT * FROM profiles_batch")
            self.db.unregister("profiles_batch")
            tick(min(start + _CHUNK, total), total)

    def score(self, needed: str, tick: Callable[[int, int], None] | None = None) -> int:
        """Score the pairs ``(a, b)`` that query ``needed`` gives and ``scored`` lacks (as
        ``(smaller, larger)``, as the pipeline calls similarity), a chunk at a time."""
        import pyarrow as pa

        self.db.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE todo AS
            SELECT row_number() OVER (ORDER BY i, j) - 1 AS pid, i, j FROM (
                SELECT DISTINCT least(a, b) AS i, greatest(a, b) AS j
                FROM ({needed}) WHERE a <> b
                EXCEPT SELECT i, j FROM scored
            )
            """
        )
        (total,) = self.one("SELECT count(*) FROM todo")
        for start in range(0, total, _CHUNK):
            chunk = self.db.execute(
                """
                SELECT t.i, t.j, a.name, b.name FROM todo t
                JOIN names a ON a.idx = t.i JOIN names b ON b.idx = t.j
                WHERE t.pid >= $start AND t.pid < $end
                """,
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
            self.db.register("scored_batch", batch)
            self.db.execute("INSERT INTO scored SELECT i, j, similarity FROM scored_batch")
            self.db.unregister("scored_batch")
            if tick is not None:
                tick(min(start + _CHUNK, total), total)
        return int(total)

    def components(self) -> None:
        """``labels``: each pending name's component, as its smallest member."""
        self.db.execute(_LABELS)
        for _ in range(_MAX_PROPAGATION_ROUNDS):
            self.db.execute(_PROPAGATE)
            (changed,) = self.one(_CHANGED)
            self.db.execute("DROP TABLE labels")
            self.db.execute("ALTER TABLE next_labels RENAME TO labels")
            if not changed:
                return
        raise KznamesError(
            f"connected components did not settle in {_MAX_PROPAGATION_ROUNDS} rounds of label "
            "propagation"
        )

    def cluster(self) -> None:
        """pipeline.cluster: rounds of links, components, assignment and split, into ``done``."""
        self.db.execute(_DONE)
        self.db.execute("CREATE TEMP TABLE pending AS SELECT idx FROM profiles")
        first_round = True
        while self.one("SELECT count(*) FROM pending")[0]:
            self.db.execute(_LINKS, {"with_keys": first_round, "threshold": self.threshold})
            self.components()
            self.db.execute(_GROUPED)
            self.db.execute(_HEADS)
            self.score(_OFFERS)
            self.db.execute(_ASSIGNED)
            self.score(_TO_REPRESENTATIVE)
            self.db.execute(_JUDGED, {"split_threshold": self.split_threshold})
            self.db.execute(_KEEP)
            self.db.execute(_LEFT)
            first_round = False  # names that left a key group are not pulled back into it


def _run(connection: Any, values: Sequence[str | None], settings: Settings) -> Assignment:
    import pyarrow as pa

    progress = settings.progress
    _register_udfs(connection)
    rows = pa.table({"row": pa.array(range(len(values)), pa.int64()), "name": values})
    connection.register("input_rows", rows)
    plan = _Plan(connection, settings.threshold, settings.split_threshold, settings.score_many)
    connection.execute(_NAMES)
    plan.profile(
        settings.gazetteer,
        settings.kind,
        settings.workers,
        functools.partial(progress, "profiles"),
    )
    connection.execute(_MEMBERS)
    blocks, largest = plan.one(_BLOCK_FIGURES)
    connection.execute(_PAIRS, {"bound": settings.bound})
    connection.execute(_SCORED)
    (compared,) = plan.one("SELECT count(*) FROM pairs")
    progress("pairs", 0, compared)
    plan.score(
        "SELECT i AS a, j AS b FROM pairs", lambda done, total: progress("pairs", done, total)
    )
    progress("pairs", compared, compared)
    plan.cluster()
    (distinct_names,) = plan.one("SELECT count(*) FROM names")
    progress("clusters", distinct_names, distinct_names)
    return _assignment(connection, settings, compared, blocks, largest, distinct_names)


def _assignment(
    connection: Any,
    settings: Settings,
    compared: int,
    blocks: int,
    largest: int,
    distinct_names: int,
) -> Assignment:
    """The rows' clusters, read from DuckDB a batch at a time into the result every engine
    gives."""
    cluster_ids: list[int] = []
    canonical: list[str] = []
    scores: list[float] = []
    entities: dict[int, str] = {}
    names_of: dict[str, str] = {}
    result = connection.execute(_ROWS)
    while batch := result.fetchmany(_FETCH):
        for cluster_id, score, entity, representative in batch:
            cluster_ids.append(int(cluster_id))
            if representative is None:  # a row without a name
                canonical.append("")
                scores.append(0.0)
                continue
            if entity:
                entities[int(cluster_id)] = entity
                if entity not in names_of:
                    names_of[entity] = settings.entity_name(entity)
                canonical.append(names_of[entity])
            else:
                canonical.append(representative)
            scores.append(round(score, 4))
    return Assignment(
        cluster_ids,
        canonical,
        scores,
        int(compared),
        int(blocks),
        int(largest),
        int(distinct_names),
        entities,
    )


def cluster_in_sql(
    profiles: Sequence[Profile],
    counts: Sequence[int],
    edges: Sequence[tuple[int, int, float]],
    threshold: float,
    split_threshold: float,
    score_many: Callable[[list[tuple[str, str]]], list[float]],
) -> Clusters:
    """:func:`.pipeline.cluster` computed by this engine's SQL: the same arguments, the same
    clusters (numbered in order of their smallest member). What the tests hold equal to the
    pipeline on any profiles and scored pairs.
    """
    import duckdb
    import pyarrow as pa

    connection = duckdb.connect()
    try:
        connection.register(
            "given",
            pa.table(
                {
                    "idx": pa.array(range(len(profiles)), pa.int64()),
                    "name": [p.name for p in profiles],
                    "n": pa.array(counts, pa.int64()),
                    "key": [p.key for p in profiles],
                    "entity": [p.entity for p in profiles],
                }
            ),
        )
        connection.execute("CREATE TEMP TABLE names AS SELECT idx, name, n FROM given")
        connection.execute("CREATE TEMP TABLE profiles AS SELECT * FROM given")
        connection.execute(_SCORED)
        connection.register(
            "edges",
            pa.table(
                {
                    "i": pa.array([min(i, j) for i, j, _ in edges], pa.int64()),
                    "j": pa.array([max(i, j) for i, j, _ in edges], pa.int64()),
                    "similarity": pa.array([v for _, _, v in edges], pa.float64()),
                }
            ),
        )
        connection.execute("INSERT INTO scored SELECT * FROM edges")

        def measure(
            pairs: list[tuple[str, str]], tick: Callable[[int], None] | None
        ) -> list[float]:
            return score_many(pairs)

        _Plan(connection, threshold, split_threshold, measure).cluster()
        done = connection.execute(
            "SELECT idx, rep, score, entity FROM done ORDER BY idx"
        ).fetchall()
    finally:
        connection.close()
    numbers: dict[int, int] = {}
    for _, rep, _, _ in done:  # clusters numbered by their smallest member
        numbers.setdefault(int(rep), len(numbers))
    representatives = [0] * len(numbers)
    entities = [""] * len(numbers)
    for rep, number in numbers.items():
        representatives[number] = rep
    for _, rep, _, entity in done:
        entities[numbers[int(rep)]] = entity
    return Clusters(
        tuple(numbers[int(rep)] for _, rep, _, _ in done),
        tuple(representatives),
        tuple(float(score) for _, _, score, _ in done),
        tuple(entities),
    )
