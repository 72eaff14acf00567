"""Why dedup joins two names or keeps them apart: the answer to "same() accepts these, so why
are they in two clusters?" (``kznames dedup --explain A B``).

The verdict is dedup's own on a table of the two names (so it cannot disagree with the
engine); the reasons are the steps of :func:`kznames.deduplication.pipeline.cluster` that
decided it: a shared gazetteer entity or two different ones, a shared match key, the blocks
that bring the pair together (or that none does), and the pair's score against the link and
split thresholds. In a larger table other names can still join the two through a chain, which
the split step then checks against the cluster's representative.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..score import similarity
from .pipeline import MATCH_THRESHOLD, SPLIT_THRESHOLD, profile

__all__ = ["PairVerdict", "explain_pair"]


@dataclass(frozen=True, slots=True)
class PairVerdict:
    """What dedup does with two names, and why (:func:`explain_pair`)."""

    a: str
    b: str
    joined: bool
    score: float
    reasons: tuple[str, ...]
    explanation: str  # similarity's explanation of the pair

    def __str__(self) -> str:
        head = "joined" if self.joined else "apart"
        lines = [f"{head}: {self.a!r} and {self.b!r} (score {self.score:.2f})"]
        lines += [f"  - {reason}" for reason in self.reasons]
        lines.append(f"  similarity: {self.explanation}")
        return "\n".join(lines)


def explain_pair(
    a: str,
    b: str,
    *,
    gazetteer: Gazetteer | None = None,
    threshold: float = MATCH_THRESHOLD,
    split_threshold: float = SPLIT_THRESHOLD,
) -> PairVerdict:
    """Whether dedup puts ``a`` and ``b`` in one cluster, with the step that decides it.

    >>> verdict = explain_pair("Aiman Umarova", "Aiman Umanova")
    >>> verdict.joined, verdict.reasons[-1]
    (True, 'score 0.90 ≥ link threshold 0.8: linked')
    >>> explain_pair("Tokayev", "Tokarev").joined
    False
    """
    from . import dedup  # the package imports this module's callers; import late

    result = dedup(
        [a, b], gazetteer=gazetteer, threshold=threshold, split_threshold=split_threshold
    )
    joined = result.cluster_ids[0] == result.cluster_ids[1]
    pa, pb = profile(a, gazetteer), profile(b, gazetteer)
    score = similarity(a, b)
    value = 1.0 if a == b else score.value
    reasons: list[str] = []
    if pa.entity and pb.entity:
        if pa.entity == pb.entity:
            reasons.append(f"both name the gazetteer entity {pa.entity}: joined whatever the score")
        else:
            reasons.append(f"different gazetteer entities ({pa.entity}, {pb.entity}): never joined")
    elif pa.entity or pb.entity:
        reasons.append(f"only one names a gazetteer entity ({pa.entity or pb.entity})")
    if not pa.key or not pb.key:
        empty = a if not pa.key else b
        reasons.append(f"{empty!r} has no key (no name letters): it is clustered alone")
    elif pa.key == pb.key:
        reasons.append(f"same match key {pa.key!r}: one key group from the start")
    else:
        reasons.append(f"different match keys ({pa.key!r}, {pb.key!r})")
    shared = sorted(set(pa.blocks) & set(pb.blocks))
    if pa.key and pb.key and pa.key != pb.key:
        if shared:
            reasons.append("compared: they share the block(s) " + ", ".join(shared))
        else:
            reasons.append(
                "never compared: no shared block (blocks of "
                f"{a!r}: {', '.join(pa.blocks)}; of {b!r}: {', '.join(pb.blocks)})"
            )
        if shared:
            if value >= threshold:
                reasons.append(f"score {value:.2f} ≥ link threshold {threshold:g}: linked")
            else:
                reasons.append(f"score {value:.2f} < link threshold {threshold:g}: not linked")
    elif pa.key and pb.key and value < split_threshold:
        reasons.append(
            f"score {value:.2f} < split threshold {split_threshold:g}: the split step parts them"
        )
    return PairVerdict(a, b, joined, value, tuple(reasons), str(score.explanation))
