"""The engine-independent steps of deduplication: profiles, blocks, candidate pairs, clusters.

Every engine (python, duckdb, spark) works on **distinct names**, not rows: real columns repeat
spellings heavily, and a spelling's key, blocks and cluster do not depend on which row holds it.
Engines differ in where they compute profiles and join blocks; the rules are here, once, so that
they give the same clusters on the same input.

* **profile** — a distinct name's key, skeleton, blocking keys and gazetteer entity.
* **key groups** — names sharing a match key are one group from the start (they are spellings of
  one name by the key's construction; the split step below catches the rare key collision). Its
  **lead** is its most frequent name; only leads are compared with each other.
* **blocks** — leads sharing a blocking key: the skeleton (``s:``), and for names of two or more
  tokens each token's key with the initials of the others (``t:``), which catches a typo in one
  token that moves the key and the skeleton (Umarova / Umanova).
* **candidate pairs** — within a block, every lead is compared with the block's ``bound`` most
  frequent leads (all pairs when the block is no larger than that): a block of any size costs at
  most ``size × bound`` comparisons.
* **clustering** — see :func:`cluster`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ..gazetteer import Gazetteer
from ..names import key, parse, skeleton
from ..score import DEFAULT_THRESHOLD, similarity

__all__ = [
    "BLOCK_BOUND",
    "MATCH_THRESHOLD",
    "SPLIT_THRESHOLD",
    "Clusters",
    "Profile",
    "block_keys",
    "candidate_pairs",
    "cluster",
    "profile",
    "similarities",
]

# A pair scoring this or more links two names (chosen on the synthetic benchmark and dev_groups:
# docs/dedup.md).
MATCH_THRESHOLD: Final = 0.8
# A cluster member whose similarity to the cluster's representative is below this leaves it and
# is clustered again with the others that left: the guard against chaining A~B~C into one
# cluster when A and C are different names.
SPLIT_THRESHOLD: Final = DEFAULT_THRESHOLD
# Leads compared with each block member: the block's most frequent. Measured on the dedup
# benchmark at 1M rows: 8 gives the same precision and recall (0.998 / 0.982) with 332k pairs
# and 77 s, 5 gives 0.998 / 0.980 with 235k pairs and 66 s (docs/dedup.md).
BLOCK_BOUND: Final = 5
_TOKEN_BLOCKS_UP_TO: Final = 8


@dataclass(frozen=True, slots=True)
class Profile:
    """What deduplication needs to know of one distinct name."""

    name: str
    key: str
    skeleton: str
    blocks: tuple[str, ...]
    entity: str  # the gazetteer entity the name identifies, or ""


def block_keys(name: str, name_key: str, name_skeleton: str) -> tuple[str, ...]:
    """The blocks a name belongs to (see the module docstring).

    >>> block_keys("Aiman Umarova", key("Aiman Umarova"), skeleton("Aiman Umarova"))
    ('s:amn amrf', 't:aman|a', 't:amarava|a')
    """
    if not name_key:
        return ()
    blocks = [f"s:{name_skeleton}"]
    token_keys = [t.key for t in parse(name.replace("-", " ")) if t.kind == "name" and t.key]
    # Token blocks are for names (two to eight words); a longer text is blocked on its key and
    # skeleton alone, so a pasted paragraph cannot cost a block per word times its words.
    if 2 <= len(token_keys) <= _TOKEN_BLOCKS_UP_TO:
        for i, token_key in enumerate(token_keys):
            initials = "".join(sorted(k[0] for j, k in enumerate(token_keys) if j != i))
            blocks.append(f"t:{token_key}|{initials}")
    return tuple(dict.fromkeys(blocks))


def similarities(pairs: list[tuple[str, str]]) -> list[float]:
    """``similarity`` of each pair of names, in one process."""
    return [similarity(a, b).value if a != b else 1.0 for a, b in pairs]


def profile(name: str, gazetteer: Gazetteer | None = None, kind: str | None = None) -> Profile:
    """The profile of one distinct name; ``entity`` is the gazetteer entity it identifies."""
    name_key = key(name)
    name_skeleton = skeleton(name) if name_key else ""
    entity = gazetteer.identify(name, kind=kind) if gazetteer is not None and name_key else None
    return Profile(
        name,
        name_key,
        name_skeleton,
        block_keys(name, name_key, name_skeleton),
        entity.entity_id if entity is not None else "",
    )


def candidate_pairs(
    blocks: Iterable[tuple[str, Sequence[int]]], bound: int = BLOCK_BOUND
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, to compare: within each block (its members in order of
    preference: most frequent first), every member with the block's first ``bound`` members."""
    pairs: set[tuple[int, int]] = set()
    for _, members in blocks:
        head = members[:bound]
        for i in members:
            for j in head:
                if i != j:
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def leads(profiles: Sequence[Profile], counts: Sequence[int]) -> list[int]:
    """The lead of each key group: its most frequent name (ties: first seen), in order of the
    leads' first appearance. Names without a key lead nothing."""
    best: dict[str, int] = {}
    for index, p in enumerate(profiles):
        if not p.key:
            continue
        current = best.get(p.key)
        if current is None or counts[index] > counts[current]:
            best[p.key] = index
    return sorted(best.values())


def group_blocks(
    profiles: Sequence[Profile], counts: Sequence[int], members_of: Iterable[int]
) -> list[tuple[str, list[int]]]:
    """Blocks of the given names (the leads) with two or more members, members most frequent
    first (ties: first seen)."""
    members: dict[str, list[int]] = defaultdict(list)
    for index in members_of:
        for block in profiles[index].blocks:
            members[block].append(index)
    return [
        (block, sorted(indices, key=lambda i: (-counts[i], i)))
        for block, indices in sorted(members.items())
        if len(indices) > 1
    ]


@dataclass(frozen=True, slots=True)
class Clusters:
    """Each distinct name's cluster (an index into ``representatives``) and its similarity to
    the cluster's representative."""

    of: tuple[int, ...]
    representatives: tuple[int, ...]
    scores: tuple[float, ...]
    entities: tuple[str, ...]  # each cluster's gazetteer entity, or ""


class _Components:
    """Union-find that refuses to join two components of different known entities."""

    def __init__(self, entities: Sequence[str]) -> None:
        self.parent = list(range(len(entities)))
        self.entity = list(entities)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        if self.entity[a] and self.entity[b] and self.entity[a] != self.entity[b]:
            return  # two different known entities never share a cluster
        if b < a:
            a, b = b, a
        self.parent[b] = a
        self.entity[a] = self.entity[a] or self.entity[b]


def cluster(
    profiles: Sequence[Profile],
    counts: Sequence[int],
    edges: Iterable[tuple[int, int, float]],
    threshold: float = MATCH_THRESHOLD,
    split_threshold: float = SPLIT_THRESHOLD,
    score_many: Callable[[list[tuple[str, str]]], list[float]] | None = None,
) -> Clusters:
    """Cluster distinct names from scored pairs.

    1. Names identifying one gazetteer entity are joined, and names sharing a match key; names of
       two different entities are never joined, whatever their key or similarity.
    2. Pairs scoring ``threshold`` or more join their components, best pairs first.
    3. Each component's representative is its most frequent name (its entity's, if any). A member
       whose similarity to the representative is below ``split_threshold`` leaves, and those that
       left are clustered again among themselves by the same steps: a chain A~B~C does not make A
       and C one cluster unless C is close to A.
    """
    measure = score_many or similarities
    scored: dict[tuple[int, int], float] = {}
    strong: list[tuple[float, int, int]] = []
    for i, j, value in edges:
        scored[(i, j) if i < j else (j, i)] = value
        if value >= threshold:
            strong.append((value, min(i, j), max(i, j)))
    strong.sort(key=lambda e: (-e[0], e[1], e[2]))

    def score_against(groups: Iterable[tuple[list[int], int]]) -> None:
        """Score every member against its representative, all at once (engines may spread
        the work over processes)."""
        needed = sorted(
            {
                (min(i, r), max(i, r))
                for group, r in groups
                for i in group
                if i != r and (min(i, r), max(i, r)) not in scored
            }
        )
        values = measure([(profiles[i].name, profiles[j].name) for i, j in needed])
        scored.update(zip(needed, values, strict=True))

    of = [-1] * len(profiles)
    representatives: list[int] = []
    scores = [0.0] * len(profiles)
    entities: list[str] = []
    pending = list(range(len(profiles)))
    first_round = True
    while pending:
        members = set(pending)
        components = _Components([profiles[i].entity for i in range(len(profiles))])
        by_entity: dict[str, int] = {}
        by_key: dict[str, int] = {}
        for i in pending:
            entity = profiles[i].entity
            if entity:
                components.union(by_entity.setdefault(entity, i), i)
        for i in pending:
            if profiles[i].key and first_round:
                components.union(by_key.setdefault(profiles[i].key, i), i)
        for _, i, j in strong:
            if i in members and j in members:
                components.union(i, j)
        groups: dict[int, list[int]] = defaultdict(list)
        for i in pending:
            groups[components.find(i)].append(i)
        left: list[int] = []
        chosen = [
            (group, min(group, key=lambda i: (0 if profiles[i].entity else 1, -counts[i], i)))
            for group in sorted(groups.values(), key=lambda g: min(g))
        ]
        score_against(chosen)
        for group, representative in chosen:
            entity = next((profiles[i].entity for i in group if profiles[i].entity), "")
            kept = []
            for i in group:
                same_entity = entity != "" and profiles[i].entity == entity
                pair = (min(i, representative), max(i, representative))
                value = 1.0 if i == representative else scored[pair]
                if i == representative or same_entity or value >= split_threshold:
                    kept.append(i)
                    scores[i] = value
                else:
                    left.append(i)
            number = len(representatives)
            representatives.append(representative)
            entities.append(entity)
            for i in kept:
                of[i] = number
        if len(left) == len(pending):  # cannot happen (a representative always stays); a guard
            break
        pending = sorted(left)
        first_round = False  # names that left a key group are not pulled back into it
    return Clusters(tuple(of), tuple(representatives), tuple(scores), tuple(entities))
