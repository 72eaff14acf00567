"""What every engine returns: each row's cluster, canonical name and score, and the figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..errors import KznamesError
from ..gazetteer import Gazetteer
from .pipeline import Clusters, Profile, cluster, follower_pairs, followers

__all__ = ["Assignment", "Progress", "Settings", "distinct", "quiet"]

# progress(stage, done, total): engines report their work; the CLI draws a bar on a terminal.
Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """A progress callback that says nothing."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What every engine is asked to do (each field is described at :func:`kznames.dedup`)."""

    gazetteer: Gazetteer | None
    kind: str | None
    threshold: float
    split_threshold: float
    bound: int
    workers: int
    progress: Progress

    @classmethod
    def checked(
        cls,
        *,
        threshold: float,
        split_threshold: float,
        block_bound: int,
        gazetteer: Gazetteer | Literal["default"] | None,
        kind: str | None,
        workers: int,
        progress: Progress,
    ) -> Settings:
        """Settings from the options of :func:`kznames.dedup` (and ``dedup_spark``), checked:
        a clear error for thresholds out of order or a bound below 1; ``"default"`` is the
        shipped gazetteer."""
        if not 0.0 <= split_threshold <= threshold <= 1.0:
            raise KznamesError(
                f"need 0 <= split_threshold ({split_threshold}) <= threshold ({threshold}) <= 1"
            )
        if block_bound < 1:
            raise KznamesError(f"block_bound must be at least 1, not {block_bound}")
        known = Gazetteer.default() if gazetteer == "default" else gazetteer
        return cls(
            gazetteer=known if isinstance(known, Gazetteer) else None,
            kind=kind,
            threshold=threshold,
            split_threshold=split_threshold,
            bound=block_bound,
            workers=workers,
            progress=progress,
        )

    def entity_name(self, entity_id: str) -> str:
        """The canonical name of a gazetteer entity."""
        return self.gazetteer.entities[entity_id].name if self.gazetteer else entity_id

    def score_many(
        self, pairs: list[tuple[str, str]], tick: Callable[[int], None] | None = None
    ) -> list[float]:
        """``similarity`` of each pair, spread over the workers; ``tick(done)`` as they go."""
        from . import parallel

        return parallel.score_pairs(pairs, self.workers, tick)

    def score_and_cluster(
        self, profiles: Sequence[Profile], counts: Sequence[int], pairs: Sequence[tuple[int, int]]
    ) -> tuple[Clusters, int]:
        """Score the candidate pairs, then the near misses' followers
        (:func:`.pipeline.follower_pairs`), and cluster: the part every engine shares, so that
        they agree. Returns the clusters and how many pairs were scored."""
        self.progress("pairs", 0, len(pairs))
        names = [p.name for p in profiles]
        scores = self.score_many(
            [(names[i], names[j]) for i, j in pairs],
            lambda done: self.progress("pairs", done, len(pairs)),
        )
        edges = [(i, j, v) for (i, j), v in zip(pairs, scores, strict=True)]
        following = followers(profiles, counts)
        more = sorted(follower_pairs(edges, following, high=self.threshold) - set(pairs))
        if more:
            values = self.score_many([(names[i], names[j]) for i, j in more])
            edges.extend((i, j, v) for (i, j), v in zip(more, values, strict=True))
        self.progress("pairs", len(pairs), len(pairs))
        clusters = cluster(
            profiles, counts, edges, self.threshold, self.split_threshold, self.score_many
        )
        self.progress("clusters", len(profiles), len(profiles))
        return clusters, len(edges)


def distinct(values: Sequence[str | None]) -> tuple[list[str], list[int], list[int]]:
    """Distinct non-blank names in order of first appearance, how many rows hold each, and each
    row's index into them (-1 for a row without a name).

    >>> distinct(["A", None, "B", "A", "  "])
    (['A', 'B'], [2, 1], [0, -1, 1, 0, -1])
    """
    index: dict[str, int] = {}
    counts: list[int] = []
    rows: list[int] = []
    for value in values:
        if value is None or not value.strip():
            rows.append(-1)
            continue
        found = index.get(value)
        if found is None:
            found = index[value] = len(counts)
            counts.append(0)
        counts[found] += 1
        rows.append(found)
    return list(index), counts, rows


@dataclass(frozen=True, slots=True)
class Assignment:
    """Per row: cluster id (dense, numbered by first appearance), canonical name, score.

    A row without a name (None, empty or blank) is a cluster of its own with an empty
    canonical name and score 0: it is kept, never joined to anything.
    """

    cluster_ids: list[int]
    canonical: list[str]
    scores: list[float]
    compared_pairs: int
    blocks: int
    largest_block: int
    distinct_names: int
    cluster_entities: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        names: Sequence[str],
        row_names: Sequence[int],
        clusters: Clusters,
        *,
        compared_pairs: int,
        blocks: int,
        largest_block: int,
        entity_names: Callable[[str], str] | None = None,
    ) -> Assignment:
        numbers: dict[int, int] = {}
        cluster_ids: list[int] = []
        canonical: list[str] = []
        scores: list[float] = []
        entities: dict[int, str] = {}
        next_id = 0
        for name_index in row_names:
            if name_index < 0:
                cluster_ids.append(next_id)
                next_id += 1
                canonical.append("")
                scores.append(0.0)
                continue
            number = clusters.of[name_index]
            if number not in numbers:
                numbers[number] = next_id
                next_id += 1
            cluster_id = numbers[number]
            cluster_ids.append(cluster_id)
            entity = clusters.entities[number]
            representative = names[clusters.representatives[number]]
            if entity:
                entities[cluster_id] = entity
                canonical.append(entity_names(entity) if entity_names else representative)
            else:
                canonical.append(representative)
            scores.append(round(clusters.scores[name_index], 4))
        return cls(
            cluster_ids,
            canonical,
            scores,
            compared_pairs,
            blocks,
            largest_block,
            len(names),
            entities,
        )
