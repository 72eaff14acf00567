"""The in-process engine: distinct names, profiles, blocks and scores in Python dictionaries.

Memory grows with the number of distinct names and candidate pairs, not rows: a row costs one
integer (its distinct name's index). Profiles and scores are spread over ``workers`` processes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..gazetteer import Gazetteer
from . import parallel
from .pipeline import candidate_pairs, cluster, group_blocks, leads
from .result import Assignment, Progress, distinct

__all__ = ["run"]


def run(
    values: Sequence[str | None],
    *,
    gazetteer: Gazetteer | None,
    kind: str | None,
    threshold: float,
    split_threshold: float,
    bound: int,
    workers: int,
    progress: Progress,
) -> Assignment:
    names, counts, row_names = distinct(values)
    progress("profiles", 0, len(names))
    profiles = parallel.profiles(names, gazetteer, kind, workers)
    progress("profiles", len(names), len(names))
    blocks = group_blocks(profiles, counts, leads(profiles, counts))
    pairs = sorted(candidate_pairs(blocks, bound))
    progress("pairs", 0, len(pairs))
    values_ = parallel.score_pairs([(names[i], names[j]) for i, j in pairs], workers)
    edges = [(i, j, v) for (i, j), v in zip(pairs, values_, strict=True)]
    progress("pairs", len(pairs), len(pairs))

    def score_many(batch: list[tuple[str, str]]) -> list[float]:
        progress("clusters", 0, len(batch))
        return parallel.score_pairs(batch, workers)

    clusters = cluster(profiles, counts, edges, threshold, split_threshold, score_many)
    progress("clusters", len(names), len(names))
    return Assignment.build(
        names,
        row_names,
        clusters,
        compared_pairs=len(pairs),
        blocks=len(blocks),
        largest_block=max((len(m) for _, m in blocks), default=0),
        entity_names=(lambda e: gazetteer.entities[e].name) if gazetteer else None,
    )
