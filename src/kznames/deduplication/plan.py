"""The relational dedup plan, written once as SQL, which the duckdb and spark engines both run.

:mod:`.pipeline` is the reference: what each step computes, in Python. This module computes the
same steps over tables, one ``SELECT`` per step, in DuckDB's dialect; the spark engine runs the
same statements translated by sqlglot (``unnest`` becomes ``explode``, ``$bound`` ``:bound``).
An engine is a :class:`Backend`: it makes named tables from statements (DuckDB a temporary
table, Spark a materialised DataFrame under a view name of the run) and computes the two steps
the pipeline defines in Python — a name's profile and a pair's similarity — its own way (DuckDB
a chunk at a time over the workers, Spark in pandas UDFs).

Tables, in order (each named after the pipeline function it computes):

* ``input_rows`` (``row``, ``name``), given; ``names`` (``idx``, ``name``, ``n``): distinct
  names, ``idx`` the first row holding the name, so "first seen" breaks ties as the index does
  in the python engine; blank names are no name (``kz_is_name``, the python engine's test);
* ``profiles`` (``idx``, ``name``, ``n``, ``key``, ``blocks``, ``entity``):
  :func:`.pipeline.profile`, the backend's;
* ``members``: :func:`.pipeline.leads` and :func:`.pipeline.group_blocks`, window functions;
  :data:`PAIRS`: :func:`.pipeline.candidate_pairs`, a self-join, built once as the first
  ``todo`` (the pairs to score); ``scored`` (``i < j``, ``similarity``): every score the run
  computed, the backend's;
* ``FOLLOWER_PAIRS``: :func:`.pipeline.follower_pairs` of the scored pairs (each lead of a
  near miss with the other key group's followers), scored as a second ``todo``;
* per round of :func:`.pipeline.cluster`: ``links`` (:func:`.pipeline.round_links`), ``labels``
  (:func:`.pipeline.components` by min-label propagation with pointer jumping, one statement per
  round until no label changes: rounds grow with the logarithm of a component's diameter),
  ``grouped``, ``heads``, ``assigned`` (one cluster per entity, free names to the most similar
  head), ``judged`` (the split against the representative, then ``anchors`` and the second
  opinions of :data:`SECOND_OPINIONS`); the kept names go into ``done``
  (``idx``, ``rep``, ``score``, ``entity``), the others are clustered again among themselves;
* ``entity_names`` (:func:`name_entities`), then :data:`NAMED`, each clustered name's canonical
  name (the one rule of every engine but the python one, whose reference is
  :meth:`.result.Assignment.build`), and :data:`RESULTS`, each row's.

>>> import sqlglot
>>> sqlglot.transpile(PAIRS, read="duckdb", write="spark")[0].split(" ON ")[1]
'm.block = h.block AND h.rank <= :bound AND m.idx <> h.idx'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol

from ..errors import KznamesError
from .pipeline import ANCHORS as ANCHORS_PER_CLUSTER
from .pipeline import FOLLOWERS_PER_KEY, NEAR_MISS, Clusters, Profile
from .result import Assignment, Settings

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "STATEMENTS",
    "Backend",
    "Figures",
    "assignment",
    "cluster",
    "cluster_given",
    "name_entities",
    "results",
    "run",
]

# Label propagation stops when no label changes; a bound that real links never reach (each
# round at least halves the distance to the component's smallest node) guards the loop.
MAX_PROPAGATION_ROUNDS: Final = 64

Params = dict[str, Any]

# -- The statements (DuckDB's dialect) ----------------------------------------------------------

# result.distinct: distinct names, each numbered by the first row holding it.
NAMES: Final = """
SELECT min("row") AS idx, name, count(*) AS n
FROM input_rows
WHERE name IS NOT NULL AND kz_is_name(name)
GROUP BY name
"""

# pipeline.leads and pipeline.group_blocks: each key group's most frequent name (ties: first
# seen); the blocks of leads with two or more members, members most frequent first.
MEMBERS: Final = """
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

BLOCK_FIGURES: Final = "SELECT count(DISTINCT block), coalesce(max(size), 0) FROM members"

# pipeline.candidate_pairs: every member with its block's first `bound` members.
PAIRS: Final = """
SELECT DISTINCT least(m.idx, h.idx) AS i, greatest(m.idx, h.idx) AS j
FROM members m
JOIN members h ON m.block = h.block AND h.rank <= $bound AND m.idx <> h.idx
"""

# pipeline.followers and pipeline.follower_pairs: after the leads' pairs are scored, each lead
# of a near miss (similarity in [$low, $high)) between names of two or more words (names with a
# token block) with the other key group's first $per_key other such names (most frequent first,
# ties first seen), less the pairs scored. Both directions of a pair
# are a join with a two-row table, not a union (see PROPAGATE: Spark 4's optimizer).
FOLLOWER_PAIRS: Final = """
WITH worded AS (
    SELECT DISTINCT idx FROM (SELECT idx, unnest(blocks) AS block FROM profiles)
    WHERE block LIKE 't:%'
),
placed AS (
    SELECT idx, key, row_number() OVER (PARTITION BY key ORDER BY n DESC, idx) AS place
    FROM profiles JOIN worded USING (idx) WHERE key <> ''
),
following AS (
    SELECT l.idx AS lead, p.idx AS follower
    FROM placed p JOIN placed l ON l.key = p.key AND l.place = 1
    WHERE p.place > 1 AND p.place <= 1 + $per_key
),
directions AS (SELECT 0 AS forward UNION ALL SELECT 1 AS forward),
near AS (
    SELECT CASE WHEN d.forward = 1 THEN s.i ELSE s.j END AS lead,
           CASE WHEN d.forward = 1 THEN s.j ELSE s.i END AS other
    FROM scored s CROSS JOIN directions d
    WHERE s.similarity >= $low AND s.similarity < $high
)
SELECT DISTINCT least(n.lead, f.follower) AS i, greatest(n.lead, f.follower) AS j
FROM near n
JOIN following f ON f.lead = n.other
JOIN placed l ON l.idx = n.lead AND l.place = 1
EXCEPT SELECT i, j FROM scored
"""

# Every score the run has computed: (i, j, i < j) -> similarity(name i, name j); empty at first.
SCORED: Final = """
SELECT CAST(NULL AS BIGINT) AS i, CAST(NULL AS BIGINT) AS j, CAST(NULL AS DOUBLE) AS similarity
WHERE false
"""


def to_score(needed: str) -> str:
    """The pairs ``(i, j)``, ``i < j``, that query ``needed`` (columns ``a``, ``b``) gives and
    ``scored`` lacks: ordered as the pipeline calls similarity (smaller index first)."""
    return f"""
SELECT DISTINCT least(a, b) AS i, greatest(a, b) AS j FROM ({needed}) WHERE a <> b
EXCEPT SELECT i, j FROM scored
"""


# The pairs of to_score with their names: what a backend scores.
WITH_NAMES: Final = """
SELECT t.i, t.j, a.name AS name_a, b.name AS name_b
FROM todo t JOIN names a ON a.idx = t.i JOIN names b ON b.idx = t.j
"""

# pipeline.round_links: the links among the pending names. `with_keys` is a parameter: the key
# groups link names in the first round only.
LINKS: Final = """
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
LABELS: Final = "SELECT idx, idx AS root FROM pending"

# One round of label propagation: each node takes the smallest label among its own and its
# neighbours' (links both ways), then the label of that label (pointer jumping). Both ways are
# a join with the two directions, not a union of the links with themselves swapped: Spark 4's
# optimizer fails on that union (NoSuchElementException in Union.rewriteConstraints).
PROPAGATE: Final = """
WITH directions AS (SELECT 0 AS forward UNION ALL SELECT 1 AS forward),
edges AS (
    SELECT CASE WHEN d.forward = 1 THEN k.src ELSE k.dst END AS src,
           CASE WHEN d.forward = 1 THEN k.dst ELSE k.src END AS dst
    FROM links k CROSS JOIN directions d
),
offers AS (
    SELECT e.dst AS idx, min(l.root) AS offer
    FROM edges e JOIN labels l ON l.idx = e.src
    GROUP BY e.dst
),
spread AS (
    SELECT l.idx, least(l.root, coalesce(o.offer, l.root)) AS root
    FROM labels l LEFT JOIN offers o USING (idx)
)
SELECT s.idx, least(s.root, coalesce(jump.root, s.root)) AS root
FROM spread s LEFT JOIN spread jump ON jump.idx = s.root
"""

CHANGED: Final = """
SELECT count(*) FROM next_labels n JOIN labels l USING (idx) WHERE n.root <> l.root
"""

# pipeline.cluster, step 2: the pending names with their component, and what each component
# holds.
GROUPED: Final = """
WITH g AS (SELECT idx, n, entity, root FROM labels JOIN profiles USING (idx))
SELECT g.idx, g.n, g.entity, g.root, h.held, h.root_entity
FROM g JOIN (
    SELECT root, count(DISTINCT nullif(entity, '')) AS held, max(entity) AS root_entity
    FROM g GROUP BY root
) h ON h.root = g.root
"""

# A component of several entities: one cluster per entity, headed by its most frequent name.
HEADS: Final = """
SELECT root, idx AS head, entity FROM (
    SELECT root, idx, entity,
           row_number() OVER (PARTITION BY root, entity ORDER BY n DESC, idx) AS place
    FROM grouped WHERE held > 1 AND entity <> ''
) WHERE place = 1
"""

# The names of no entity in such a component, with each head: they go to the most similar.
OFFERS: Final = """
SELECT g.idx AS a, h.head AS b
FROM grouped g JOIN heads h ON h.root = g.root
WHERE g.held > 1 AND g.entity = ''
"""

# Each pending name's cluster in this round: its representative and the cluster's entity.
ASSIGNED: Final = """
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
    JOIN heads h ON h.root = g.root
    JOIN scored s ON s.i = least(g.idx, h.head) AND s.j = greatest(g.idx, h.head)
    WHERE g.held > 1 AND g.entity = ''
) WHERE place = 1
"""

# pipeline.cluster, step 3: each member against its representative.
TO_REPRESENTATIVE: Final = "SELECT idx AS a, rep AS b FROM assigned"

JUDGED: Final = """
SELECT a.idx, a.rep, a.group_entity,
       CASE WHEN a.idx = a.rep THEN CAST(1.0 AS DOUBLE) ELSE s.similarity END AS score,
       a.idx = a.rep
       OR (a.group_entity <> '' AND p.entity = a.group_entity)
       OR coalesce(s.similarity >= $split_threshold, false) AS kept
FROM assigned a
JOIN profiles p ON p.idx = a.idx
LEFT JOIN scored s ON s.i = least(a.idx, a.rep) AND s.j = greatest(a.idx, a.rep)
"""

# pipeline.cluster's anchors: each cluster's $others members kept by its representative that are
# least similar to it (ties: the first).
ANCHORS: Final = """
SELECT rep, idx AS anchor FROM (
    SELECT rep, idx, row_number() OVER (PARTITION BY rep ORDER BY score, idx) AS place
    FROM judged WHERE kept AND idx <> rep
) WHERE place <= $others
"""

# The members the representative does not keep, against their cluster's anchors.
TO_ANCHORS: Final = """
SELECT j.idx AS a, x.anchor AS b FROM judged j JOIN anchors x ON x.rep = j.rep WHERE NOT j.kept
"""

# A member the representative does not keep stays when a strict majority of the anchors, the
# representative's "no" counted, keep it.
SECOND_OPINIONS: Final = """
WITH votes AS (
    SELECT j.idx,
           sum(CASE WHEN s.similarity >= $split_threshold THEN 1 ELSE 0 END) AS accepts,
           count(*) AS asked
    FROM judged j
    JOIN anchors x ON x.rep = j.rep
    JOIN scored s ON s.i = least(j.idx, x.anchor) AND s.j = greatest(j.idx, x.anchor)
    WHERE NOT j.kept
    GROUP BY j.idx
)
SELECT j.idx, j.rep, j.group_entity, j.score,
       j.kept OR coalesce(v.accepts > 1 + v.asked - v.accepts, false) AS kept
FROM judged j LEFT JOIN votes v ON v.idx = j.idx
"""

DONE: Final = """
SELECT CAST(NULL AS BIGINT) AS idx, CAST(NULL AS BIGINT) AS rep, CAST(NULL AS DOUBLE) AS score,
       CAST(NULL AS VARCHAR) AS entity
WHERE false
"""
KEEP: Final = "SELECT idx, rep, score, group_entity AS entity FROM judged WHERE kept"
# Names that left their cluster are clustered again among themselves.
LEFT: Final = "SELECT idx FROM judged WHERE NOT kept"
ALL_PENDING: Final = "SELECT idx FROM profiles"
COUNT_PENDING: Final = "SELECT count(*) FROM pending"

# The entities the clusters hold, to be named by Settings.entity_name (table entity_names:
# ``entity``, ``name``; at most the gazetteer's entities).
FOUND_ENTITIES: Final = "SELECT DISTINCT entity FROM done WHERE entity <> '' ORDER BY entity"

# result.Assignment.build's canonical name, per clustered name: the gazetteer's name of the
# cluster's entity, else the spelling of the cluster's representative. Written here once: the
# duckdb and spark engines give it to each row (RESULTS), dedup_spark joins it to its frame.
NAMED: Final = """
SELECT d.idx, d.rep, d.score, d.entity, coalesce(e.name, p.name) AS canonical
FROM done d
JOIN names p ON p.idx = d.rep
LEFT JOIN entity_names e ON e.entity = d.entity
"""

# result.Assignment.build: each row's cluster numbered by its first row (dense), with the
# cluster's score, entity and canonical name; a row without a name is a cluster of its own.
# The duckdb engine keeps this as table ``results`` and reads it in row order a batch at a time.
RESULTS: Final = f"""
WITH named AS ({NAMED}),
r AS (
    SELECT i."row", d.rep, d.score, d.entity, d.canonical,
           coalesce(d.rep, -1 - i."row") AS cluster
    FROM input_rows i
    LEFT JOIN names m ON m.name = i.name
    LEFT JOIN named d ON d.idx = m.idx
),
f AS (SELECT r.*, min(r."row") OVER (PARTITION BY r.cluster) AS first_row FROM r)
SELECT f."row", dense_rank() OVER (ORDER BY f.first_row) - 1 AS cluster_id,
       f.score, f.entity, f.canonical
FROM f
"""


def in_row_order(results: str) -> str:
    """The columns :func:`assignment` reads (``cluster_id``, ``score``, ``entity``,
    ``canonical``) of ``results`` (a table, or :data:`RESULTS` in parentheses), in row
    order."""
    return f'SELECT cluster_id, score, entity, canonical FROM {results} ORDER BY "row"'


# The result rows in row order, computed where they are read (the spark engine).
ROWS: Final = in_row_order(f"({RESULTS})")

#: Every statement of the plan, by name (what the tests transpile to Spark SQL).
STATEMENTS: Final = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and "SELECT" in value
} | {"TO_SCORE": to_score("SELECT 1 AS a, 2 AS b")}


class Backend(Protocol):
    """What an engine does for the plan: named tables from statements, and the two steps
    computed in Python. ``params`` fill the statements' ``$name`` parameters."""

    def table(self, name: str, sql: str, params: Params | None = None) -> None:
        """Make (or replace) table ``name`` holding what ``sql`` selects."""

    def append(self, name: str, sql: str, params: Params | None = None) -> None:
        """Add what ``sql`` selects to table ``name``."""

    def rename(self, source: str, target: str) -> None:
        """Table ``source`` becomes table ``target`` (replacing it)."""

    def one(self, sql: str, params: Params | None = None) -> tuple[Any, ...]:
        """The one row of an aggregate query."""

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, in its order, a batch at a time."""

    def given(self, name: str, table: pyarrow.Table) -> None:
        """Make table ``name`` from an Arrow table."""

    def profile(self, settings: Settings, tick: Callable[[int, int], None]) -> None:
        """Table ``profiles`` from table ``names``: :func:`.pipeline.profile` of each."""

    def score(self, tick: Callable[[int, int], None] | None) -> int:
        """Add the pairs of table ``todo`` (``i``, ``j``) to ``scored`` with their similarity
        (:data:`WITH_NAMES` gives their names); how many there were."""


def score_needed(db: Backend, needed: str, tick: Callable[[int, int], None] | None = None) -> int:
    """Score the pairs ``(a, b)`` of query ``needed`` that ``scored`` lacks."""
    db.table("todo", to_score(needed))
    return db.score(tick)


def components(db: Backend) -> None:
    """Table ``labels``: each pending name's component, as its smallest member."""
    db.table("labels", LABELS)
    for _ in range(MAX_PROPAGATION_ROUNDS):
        db.table("next_labels", PROPAGATE)
        (changed,) = db.one(CHANGED)
        db.rename("next_labels", "labels")
        if not changed:
            return
    raise KznamesError(
        f"connected components did not settle in {MAX_PROPAGATION_ROUNDS} rounds of label "
        "propagation"
    )


def cluster(db: Backend, threshold: float, split_threshold: float) -> None:
    """:func:`.pipeline.cluster` on tables ``profiles`` and ``scored``: rounds of links,
    components, assignment and split, into table ``done``."""
    db.table("done", DONE)
    db.table("pending", ALL_PENDING)
    first_round = True
    while db.one(COUNT_PENDING)[0]:
        db.table("links", LINKS, {"with_keys": first_round, "threshold": threshold})
        components(db)
        db.table("grouped", GROUPED)
        db.table("heads", HEADS)
        score_needed(db, OFFERS)
        db.table("assigned", ASSIGNED)
        score_needed(db, TO_REPRESENTATIVE)
        db.table("judged", JUDGED, {"split_threshold": split_threshold})
        db.table("anchors", ANCHORS, {"others": ANCHORS_PER_CLUSTER - 1})
        score_needed(db, TO_ANCHORS)
        db.table("rejudged", SECOND_OPINIONS, {"split_threshold": split_threshold})
        db.rename("rejudged", "judged")
        db.append("done", KEEP)
        db.table("pending", LEFT)
        first_round = False  # names that left a key group are not pulled back into it


@dataclass(frozen=True)
class Figures:
    """What a run counts besides its clusters."""

    compared_pairs: int
    blocks: int
    largest_block: int
    distinct_names: int


def run(db: Backend, settings: Settings) -> Figures:
    """The whole plan on table ``input_rows`` (``row`` in input order, ``name``): tables
    ``names``, ``profiles``, ``done`` and ``entity_names`` at the end, which :data:`NAMED` and
    :data:`RESULTS` read."""
    progress = settings.progress
    db.table("names", NAMES)
    db.profile(settings, lambda done, total: progress("profiles", done, total))
    db.table("members", MEMBERS)
    blocks, largest = db.one(BLOCK_FIGURES)
    db.table("scored", SCORED)
    # The first pass scores every candidate pair: they are distinct, i < j, and none is scored
    # yet, so the pairs are built once, as the table of pairs to score (what to_score would
    # give from them).
    db.table("todo", PAIRS, {"bound": settings.bound})
    (compared,) = db.one("SELECT count(*) FROM todo")
    progress("pairs", 0, compared)
    db.score(lambda done, total: progress("pairs", done, total))
    # The near misses' followers (pipeline.follower_pairs), scored as a second batch.
    db.table(
        "todo",
        FOLLOWER_PAIRS,
        {"low": NEAR_MISS, "high": settings.threshold, "per_key": FOLLOWERS_PER_KEY},
    )
    compared += db.score(None)
    progress("pairs", compared, compared)
    cluster(db, settings.threshold, settings.split_threshold)
    name_entities(db, settings)
    (distinct_names,) = db.one("SELECT count(*) FROM names")
    progress("clusters", distinct_names, distinct_names)
    return Figures(int(compared), int(blocks), int(largest), int(distinct_names))


def name_entities(db: Backend, settings: Settings) -> None:
    """Table ``entity_names`` (``entity``, ``name``): the name :meth:`.Settings.entity_name`
    gives each entity a cluster holds, which :data:`NAMED` makes the cluster's canonical name."""
    import pyarrow as pa

    found = [entity for (entity,) in db.rows(FOUND_ENTITIES)]
    db.given(
        "entity_names",
        pa.table(
            {
                "entity": pa.array(found, pa.string()),
                "name": pa.array([settings.entity_name(e) for e in found], pa.string()),
            }
        ),
    )


def results(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, str, float, str]]:
    """Each row's ``(cluster_id, canonical, score, entity)`` from the rows of :data:`ROWS`
    (``cluster_id, score, entity, canonical``, the canonical name as :data:`NAMED` chose it):
    the score rounded to four decimals; a row without a name has ``""``, 0.0 and no entity."""
    for cluster_id, score, entity, canonical in rows:
        if canonical is None:  # a row without a name: a cluster of its own
            yield int(cluster_id), "", 0.0, ""
        else:
            yield int(cluster_id), canonical, round(score, 4), entity or ""


def assignment(rows: Iterable[tuple[Any, ...]], figures: Figures) -> Assignment:
    """The result every engine gives, from the rows of :data:`ROWS` in row order."""
    cluster_ids: list[int] = []
    canonical: list[str] = []
    scores: list[float] = []
    entities: dict[int, str] = {}
    # One object per distinct value, not one per row: a database hands every row its own int,
    # str and float (about 150 bytes a row: 289 MiB at 2M rows); shared, a row costs the lists'
    # three pointers. A cluster's rows share its number and name; a score has at most 10,001
    # values (four decimals from 0 to 1).
    numbers: dict[int, int] = {}
    names: dict[str, str] = {}
    values: dict[float, float] = {}
    for cluster_id, name, score, entity in results(rows):
        number = numbers.setdefault(cluster_id, cluster_id)
        cluster_ids.append(number)
        if entity:
            entities[number] = entity
        canonical.append(names.setdefault(name, name))
        scores.append(values.setdefault(score, score))
    return Assignment(
        cluster_ids,
        canonical,
        scores,
        figures.compared_pairs,
        figures.blocks,
        figures.largest_block,
        figures.distinct_names,
        entities,
    )


def cluster_given(
    db: Backend,
    profiles: Sequence[Profile],
    counts: Sequence[int],
    edges: Sequence[tuple[int, int, float]],
    threshold: float,
    split_threshold: float,
) -> Clusters:
    """:func:`.pipeline.cluster` computed by the plan on ``db``: the same arguments (the
    similarity is the backend's), the same clusters, numbered in order of their smallest member.
    What the tests hold equal to the pipeline on any profiles and scored pairs."""
    import pyarrow as pa

    db.given(
        "profiles",
        pa.table(
            {
                "idx": pa.array(range(len(profiles)), pa.int64()),
                "name": pa.array([p.name for p in profiles], pa.string()),
                "n": pa.array(counts, pa.int64()),
                "key": pa.array([p.key for p in profiles], pa.string()),
                "entity": pa.array([p.entity for p in profiles], pa.string()),
            }
        ),
    )
    db.table("names", "SELECT idx, name, n FROM profiles")
    db.given(
        "scored",
        pa.table(
            {
                "i": pa.array([min(i, j) for i, j, _ in edges], pa.int64()),
                "j": pa.array([max(i, j) for i, j, _ in edges], pa.int64()),
                "similarity": pa.array([v for _, _, v in edges], pa.float64()),
            }
        ),
    )
    cluster(db, threshold, split_threshold)
    done = list(db.rows("SELECT idx, rep, score, entity FROM done ORDER BY idx"))
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
