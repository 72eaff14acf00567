"""The in-process engine: distinct names, profiles, blocks and scores in Python dictionaries.

Memory grows with the number of distinct names and candidate pairs, not rows: a row costs one
integer (its distinct name's index). Profiles and scores are spread over ``workers`` processes.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import parallel
from .pipeline import candidate_pairs, group_blocks, leads
from .result import Assignment, Settings, distinct

__all__ = ["run"]


def run(values: Sequence[str | None], settings: Settings) -> Assignment:
    progress = settings.progress
    names, counts, row_names = distinct(values)
    progress("profiles", 0, len(names))
    profiles = parallel.profiles(
        names,
        settings.gazetteer,
        settings.kind,
        settings.workers,
        lambda done: progress("profiles", done, len(names)),
    )
    progress("profiles", len(names), len(names))
    blocks = group_blocks(profiles, counts, leads(profiles, counts))
    pairs = sorted(candidate_pairs(blocks, settings.bound))
    clusters, compared = settings.score_and_cluster(profiles, counts, pairs)
    return Assignment.build(
        names,
        row_names,
        clusters,
        compared_pairs=compared,
        blocks=len(blocks),
        largest_block=max((len(m) for _, m in blocks), default=0),
        entity_names=settings.entity_name,
    )
