"""The engine-independent steps of deduplication: profiles, blocks, candidate pairs, clusters.

Every engine (python, duckdb, spark) works on **distinct names**, not rows: real columns repeat
spellings heavily, and a spelling's key, blocks and cluster do not depend on which row holds it.
Engines differ in where they compute profiles and join blocks; the rules are here, once, so that
they give the same clusters on the same input.

* **profile** — a distinct name's key, skeleton, blocking keys and gazetteer entity.
* **key groups** — names sharing a match key are one group from the start (they are spellings of
  one name by the key's construction; the split step below catches the rare key collision). Its
  **lead** is its most frequent name; leads are compared with each other, and its other names
  (**followers**) only after a near miss (below).
* **blocks** — leads sharing a blocking key: the skeleton (``s:``); for names of two or more
  tokens each token's key with the initials of the others (``t:``), which catches a typo in one
  token that moves the key and the skeleton (Umarova / Umanova), and, for names of two to four
  tokens counting initials and patronymics, each name or patronymic token's key with the
  initial of each other token alone (Nazarbaev N. / Nursultan Nazarbaev, Abai Qunanbaiuly /
  Абай Ибрагим Кунанбаюлы); for one-word names the skeleton and, from four letters, the
  skeleton less each letter but the first (``d:``), which catches one letter the skeleton does
  not fold (Kokshetau / Kokșetau, Kashgar / Kaxgar). Measured with ``kznames eval``'s blocking
  recall (pairs the match model accepts that blocking compares) on the fit half: 0.627 -> 0.860,
  dedup recall 0.829 -> 0.869 at precision 0.997, look-alike pairs merged 18 of 1,755 before
  and after (measured before the alignment floor of score.ALIGNMENT_FLOOR; docs/matching.md).
* **candidate pairs** — within a block, every lead is compared with the block's ``bound`` most
  frequent leads (all pairs when the block is no larger than that): a block of any size costs at
  most ``size × bound`` comparisons.
* **followers** — when two leads of names of two or more words score a near miss (from
  :data:`NEAR_MISS`, below the link threshold), each lead is compared with the other key group's
  first :data:`FOLLOWERS_PER_KEY` other names (:func:`follower_pairs`): a key group led by a typo
  (TJRURIN, Vladimir leads TJURIN, Wladimir by being seen first) or by a spelling far from the
  other lead is then found through its other spellings. Fit half of ../shared/eval, persons'
  dedup recall 0.751 -> 0.775 at precision 1.000 (docs/dedup.md).
* **clustering** — see :func:`cluster`: each member against the cluster's representative and,
  when that does not keep it, against up to :data:`ANCHORS` ``- 1`` other members, the most
  different the representative keeps. Fit half of ../shared/eval, persons' dedup recall 0.778
  -> 0.808 (anchors 1 / 3 / 5 / 7: 0.778 / 0.797 / 0.808 / 0.808, precision 1.000, look-alikes
  merged 18 of 1,755 each), places 0.923 -> 0.929 (docs/dedup.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ..gazetteer import Gazetteer
from ..givennames import default_given_name_forms
from ..names import key, parse, skeleton
from ..phonetic import unhyphenate
from ..score import PROBABILITY_THRESHOLD, _designator_apart, match_score

__all__ = [
    "ANCHORS",
    "BLOCK_BOUND",
    "FOLLOWERS_PER_KEY",
    "MATCH_THRESHOLD",
    "NEAR_MISS",
    "SPLIT_THRESHOLD",
    "Clusters",
    "Profile",
    "block_keys",
    "candidate_pairs",
    "cluster",
    "components",
    "follower_pairs",
    "followers",
    "profile",
    "round_links",
    "similarities",
]

# A pair whose match probability is this or more links two names (score.PROBABILITY_THRESHOLD,
# chosen on the fit half of ../shared/eval: docs/matching.md).
MATCH_THRESHOLD: Final = PROBABILITY_THRESHOLD
# A cluster member whose match score (score.match_score) with the cluster's representative is
# below this leaves it and is clustered again with the others that left: the guard against
# chaining A~B~C into one cluster when A and C are different names. Chosen on the fit half with
# the link at 0.8: split at 0.3 / 0.4 / 0.5 / 0.6 / 0.7 gave recall 0.845 / 0.845 / 0.842 /
# 0.835 / 0.834 at precision 0.997, and 42 / 24 / 17 / 17 / 17 of 1,755 look-alike pairs merged
# (docs/matching.md).
SPLIT_THRESHOLD: Final = 0.5
# Leads compared with each block member: the block's most frequent. Measured on the dedup
# benchmark at 1M rows: 8 gives the same precision and recall (0.998 / 0.982) with 332k pairs
# and 77 s, 5 gives 0.998 / 0.980 with 235k pairs and 66 s (docs/dedup.md).
BLOCK_BOUND: Final = 5
# A compared pair of leads scoring this much or more (the split threshold: a pair that could
# share a cluster), below the link threshold, is a near miss: each lead is also compared with the
# other key group's first FOLLOWERS_PER_KEY other names (follower_pairs). Chosen on the fit half
# of ../shared/eval with the dedup benchmark at 100k rows (docs/dedup.md): followers 0 / 2 / 5
# gave fit-half persons recall 0.751 / 0.775 / 0.794 (precision 1.000, look-alikes merged 13 of
# 1,755 each) and benchmark pairs 16,536 / 17,502 / 18,689 at precision 0.9989 / 0.9962 /
# 0.9953, recall 0.9859 / 0.9874 / 0.9878; near misses from 0.4 / 0.5 / 0.6 gave the fit half
# 0.758 / 0.758 / 0.753 (followers 5, before the given-name forms).
NEAR_MISS: Final = SPLIT_THRESHOLD
FOLLOWERS_PER_KEY: Final = 2
# A cluster's anchors: its representative and the ANCHORS - 1 members the representative keeps
# that are least similar to it (the cluster's most different spellings; ties: the first). A
# member the representative does not keep stays when a strict majority of the anchors, the
# representative's "no" counted, keep it (cluster, step 3). 1: the representative alone.
ANCHORS: Final = 5
_TOKEN_BLOCKS_UP_TO: Final = 8
# A name of two to this many tokens (initials and patronymics counted) also blocks each token
# with each other token's initial: a full name meets its initialled or shortened forms.
_INITIAL_BLOCKS_UP_TO: Final = 4
# One-word skeletons of this many letters or more also block less each letter but the first
# (three-letter ones would give two-letter blocks).
_DELETION_BLOCKS_FROM: Final = 4
# The letters after which a Latin C is k (_hard_c).
_HARD_C_BEFORE: Final = frozenset("aoulr")


@dataclass(frozen=True, slots=True)
class Profile:
    """What deduplication needs to know of one distinct name."""

    name: str
    key: str
    skeleton: str
    blocks: tuple[str, ...]
    entity: str  # the gazetteer entity the name identifies, or ""


def _hard_c(text: str, token_key: str) -> tuple[str, ...]:
    """A Latin word written with C before a, o, u, l or r (Romanian, Spanish, Italian, English:
    CARAMAN for Караман) keys its c as ц/ч; the key with k for it, to block with too.

    >>> _hard_c("CARAMAN", "caraman"), _hard_c("Chingiz", "cankaz"), _hard_c("Cengiz", "cankaz")
    (('karaman',), (), ())
    """
    if text[:1] in "Cc" and text[1:2].lower() in _HARD_C_BEFORE and token_key.startswith("c"):
        return ("k" + token_key[1:],)
    return ()


def block_keys(name: str, name_key: str, name_skeleton: str) -> tuple[str, ...]:
    """The blocks a name belongs to (see the module docstring).

    >>> block_keys("Aiman Umarova", key("Aiman Umarova"), skeleton("Aiman Umarova"))
    ('s:amn amrf', 't:aman|a', 't:amarava|a')
    >>> block_keys("Nazarbaev N.", key("Nazarbaev N."), skeleton("Nazarbaev N."))
    ('s:n nsrpf', 't:nazarbav|n')
    >>> block_keys("Kokshetau", key("Kokshetau"), skeleton("Kokshetau"))
    ('s:kkct', 'd:kkct', 'd:kct', 'd:kkt', 'd:kkc')
    >>> block_keys("A-k'o-su-chen", key("A-k'o-su-chen"), skeleton("A-k'o-su-chen"))[-2:]
    ('s:aks', 'd:aks')
    """
    if not name_key:
        return ()
    blocks = [f"s:{name_skeleton}"]
    tokens = [
        t for t in parse(unhyphenate(name)) if t.kind in ("name", "initial", "patronymic") and t.key
    ]
    token_keys = [t.key for t in tokens if t.kind == "name"]
    # Token blocks are for names (two to eight words); a longer text is blocked on its key and
    # skeleton alone, so a pasted paragraph cannot cost a block per word times its words.
    if 2 <= len(token_keys) <= _TOKEN_BLOCKS_UP_TO:
        for i, token_key in enumerate(token_keys):
            initials = "".join(sorted(k[0] for j, k in enumerate(token_keys) if j != i))
            blocks.append(f"t:{token_key}|{initials}")
    elif len(token_keys) == 1 and " " not in name_skeleton:
        blocks.append(f"d:{name_skeleton}")
        if len(name_skeleton) >= _DELETION_BLOCKS_FROM:
            skel = name_skeleton
            blocks.extend(f"d:{skel[:i]}{skel[i + 1 :]}" for i in range(1, len(skel)))
        # A given name alone meets its other forms (Jacob / Жақып / Яков: kznames.givennames).
        (word,) = (t for t in tokens if t.kind == "name")
        blocks.extend(f"f:{n}" for n in sorted(default_given_name_forms().names_of(word.fine)))
    if 2 <= len(tokens) <= _INITIAL_BLOCKS_UP_TO:
        forms = default_given_name_forms()
        for token in tokens:
            if token.kind != "initial":
                keys = (token.key, *_hard_c(token.text, token.key))
                for other in (o for o in tokens if o is not token):
                    blocks.extend(f"t:{k}|{other.key[0]}" for k in keys)
                    # A form of a given name also blocks on its name's initial: Sasha Ivanov
                    # meets Aleksandr Ivanov (kznames.givennames).
                    if other.kind == "name":
                        blocks.extend(
                            f"t:{token.key}|{i}" for i in sorted(forms.initials(other.fine))
                        )
    # A Wade-Giles name ending in a designator's syllable (A-k'o-su-chen, the town of Aksu)
    # also blocks as the name before it, which similarity reads it as (score._designator_apart).
    apart = _designator_apart(name)
    if apart is not None:
        head = skeleton(apart.rsplit(" ", 1)[0])
        if head:
            blocks.extend((f"s:{head}", f"d:{head}"))
    return tuple(dict.fromkeys(blocks))


def similarities(pairs: list[tuple[str, str]]) -> list[float]:
    """What dedup links each pair of names on, in one process: the match model's probability,
    half the alignment when a veto holds (``similarity(a, b).value``, without the explanation:
    :func:`kznames.score.match_score`)."""
    return [match_score(a, b) if a != b else 1.0 for a, b in pairs]


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


def _by_tokens(p: Profile) -> bool:
    """Whether a name is blocked by its tokens (``t:`` blocks: a name of two or more words)."""
    return any(block.startswith("t:") for block in p.blocks)


def followers(
    profiles: Sequence[Profile], counts: Sequence[int], per_key: int = FOLLOWERS_PER_KEY
) -> dict[int, list[int]]:
    """The lead of each key group of names of two or more words (names with token blocks), with
    its followers: the group's other such names, most frequent first (ties: first seen), at most
    ``per_key`` of them. One-word names (places, mostly) follow nothing: their near misses are
    where the model is weakest (a Han place against a Latin one), and the synthetic benchmark
    merged different places through them.

    >>> ps = [profile(n) for n in ("TJRURIN, Vladimir", "TJURIN, Wladimir", "TIURIN, Vladimir")]
    >>> followers(ps, [1, 1, 1])
    {0: [1], 2: []}
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for index, p in enumerate(profiles):
        if p.key and _by_tokens(p):
            groups[p.key].append(index)
    out: dict[int, list[int]] = {}
    for members in groups.values():
        lead, *rest = sorted(members, key=lambda i: (-counts[i], i))
        out[lead] = rest[:per_key]
    return out


def follower_pairs(
    scored: Iterable[tuple[int, int, float]],
    following: dict[int, list[int]],
    low: float = NEAR_MISS,
    high: float = MATCH_THRESHOLD,
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, to compare after the leads: for each compared pair of leads
    of :func:`followers` whose similarity is a near miss (``low`` or more, below ``high``), each
    lead with the other's followers. A key group led by a typo (TJRURIN, Vladimir leads TJURIN,
    Wladimir) or by a spelling far from the other group's (Ehmetjan Qasim against Aḥmadjān
    Qāsim, 0.62, where Əhmətjan ⱪasimi of the same key scores 0.96) is then compared through its
    other spellings too; a pair far from matching costs nothing more.

    >>> sorted(follower_pairs([(0, 2, 0.79), (3, 4, 0.1)], {0: [1], 2: [], 3: [5], 4: []}))
    [(1, 2)]
    """
    pairs: set[tuple[int, int]] = set()
    for i, j, value in scored:
        if low <= value < high and i in following and j in following:
            for lead, other in ((i, j), (j, i)):
                for f in following[other]:
                    pairs.add((lead, f) if lead < f else (f, lead))
    return pairs


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


def components(size: int, links: Iterable[tuple[int, int]]) -> list[int]:
    """Connected components of ``size`` nodes: each node's smallest member. Depends only on the
    set of links, never on their order: the definition a distributed engine computes too.

    >>> components(5, [(3, 1), (4, 3)])
    [0, 1, 2, 1, 1]
    """
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(size)]


def round_links(
    profiles: Sequence[Profile],
    pending: Sequence[int],
    strong: Iterable[tuple[int, int]],
    with_keys: bool,
) -> list[tuple[int, int]]:
    """The links of one clustering round among the ``pending`` names (ascending):

    * every name identifying an entity, to the entity's first pending name;
    * with ``with_keys``, every name of a key group, to the group's first pending name *without*
      an entity (a key group of entity names alone is linked by its entities);
    * each strong pair with both ends pending;

    less any link between two different entities. The links' components do not depend on
    which name is "first": they are those of all pairs within each entity and key group.
    """
    members = set(pending)
    entity_hub: dict[str, int] = {}
    key_hub: dict[str, int] = {}
    for i in pending:
        p = profiles[i]
        if p.entity:
            entity_hub.setdefault(p.entity, i)
        elif p.key and with_keys:
            key_hub.setdefault(p.key, i)
    links: list[tuple[int, int]] = []
    for i in pending:
        p = profiles[i]
        if p.entity:
            links.append((entity_hub[p.entity], i))
        if with_keys and p.key in key_hub:
            links.append((key_hub[p.key], i))
    links.extend((i, j) for i, j in strong if i in members and j in members)
    return [
        (i, j)
        for i, j in links
        if not (profiles[i].entity and profiles[j].entity)
        or profiles[i].entity == profiles[j].entity
    ]


def _representative_order(
    profiles: Sequence[Profile], counts: Sequence[int]
) -> Callable[[int], tuple[int, int, int]]:
    return lambda i: (0 if profiles[i].entity else 1, -counts[i], i)


def cluster(
    profiles: Sequence[Profile],
    counts: Sequence[int],
    edges: Iterable[tuple[int, int, float]],
    threshold: float = MATCH_THRESHOLD,
    split_threshold: float = SPLIT_THRESHOLD,
    score_many: Callable[[list[tuple[str, str]]], list[float]] | None = None,
    anchors: int = ANCHORS,
) -> Clusters:
    """Cluster distinct names from scored pairs, in rounds; every step is a function of sets,
    not of the order of pairs, so a distributed engine computes the same clusters.

    1. **Links** (:func:`round_links`): names identifying one gazetteer entity, names sharing a
       match key (first round only) and pairs scoring ``threshold`` or more; never a link
       between two different entities. Their connected components are the candidate clusters.
    2. **Representatives**: a component's most frequent name (its entity's, if any). A
       component that still holds two or more entities (joined through names of no entity) is
       one cluster per entity, represented by the entity's most frequent name; each name of no
       entity goes to the representative it is most similar to (ties: the first).
    3. **Split**: a member whose similarity to its representative is below ``split_threshold``
       (and that is not of the cluster's entity) is compared with the cluster's ``anchors - 1``
       other anchors: the members the representative keeps that are least similar to it
       (ties: the first). It stays when a strict majority of the anchors, the
       representative's "no" counted, score it ``split_threshold`` or more (with five anchors,
       three of the other four): a weak representative (احمد جان قاسمي / Ehmetjan Qasim 0.18,
       where other spellings of the person score 0.9) no longer splits a person. Otherwise it
       leaves; those that left are clustered again among themselves by the same steps, without
       key links: a chain A~B~C does not make A and C one cluster unless C is close to A or to
       most anchors, which are names the representative keeps. A member's score stays its
       similarity to the representative.
    """
    measure = score_many or similarities
    scored: dict[tuple[int, int], float] = {}
    strong: list[tuple[int, int]] = []
    for i, j, value in edges:
        pair = (i, j) if i < j else (j, i)
        scored[pair] = value
        if value >= threshold:
            strong.append(pair)
    order = _representative_order(profiles, counts)

    def score(pairs: Iterable[tuple[int, int]]) -> None:
        """Score the pairs not scored yet, all at once (engines may spread the work)."""
        needed = sorted({(min(i, j), max(i, j)) for i, j in pairs if i != j} - scored.keys())
        values = measure([(profiles[i].name, profiles[j].name) for i, j in needed])
        scored.update(zip(needed, values, strict=True))

    def likeness(i: int, j: int) -> float:
        return 1.0 if i == j else scored[(min(i, j), max(i, j))]

    of = [-1] * len(profiles)
    representatives: list[int] = []
    scores = [0.0] * len(profiles)
    entities: list[str] = []
    pending = list(range(len(profiles)))
    first_round = True
    while pending:
        root = components(len(profiles), round_links(profiles, pending, strong, first_round))
        by_root: dict[int, list[int]] = defaultdict(list)
        for i in pending:
            by_root[root[i]].append(i)
        chosen: list[tuple[list[int], int, str]] = []  # members, representative, entity
        for group in by_root.values():
            held = sorted({profiles[i].entity for i in group} - {""})
            if len(held) <= 1:
                chosen.append((group, min(group, key=order), held[0] if held else ""))
                continue
            heads = {e: min((i for i in group if profiles[i].entity == e), key=order) for e in held}
            free = [i for i in group if not profiles[i].entity]
            score((i, r) for i in free for r in heads.values())
            parts: dict[str, list[int]] = {e: [] for e in held}
            for i in group:
                if profiles[i].entity:
                    parts[profiles[i].entity].append(i)
                else:
                    best = max(held, key=lambda e: (likeness(i, heads[e]), -heads[e]))
                    parts[best].append(i)
            chosen.extend((parts[e], heads[e], e) for e in held)
        chosen.sort(key=lambda c: min(c[0]))
        score((i, r) for group, r, _ in chosen for i in group)
        # Each member against the representative; those it does not keep, against the
        # cluster's anchors too (second_opinions).
        judged: list[tuple[int, str, list[int], list[int], list[int]]] = []
        for group, representative, entity in chosen:
            kept = [
                i
                for i in group
                if i == representative
                or (entity and profiles[i].entity == entity)
                or likeness(i, representative) >= split_threshold
            ]
            failing = [i for i in group if i not in set(kept)]
            others = sorted(
                (i for i in kept if i != representative),
                key=lambda i: (likeness(i, representative), i),
            )[: anchors - 1]
            judged.append((representative, entity, kept, failing, others))
        score((i, a) for *_, failing, others in judged for i in failing for a in others)
        left: list[int] = []
        for representative, entity, kept, failing, others in judged:
            number = len(representatives)
            representatives.append(representative)
            entities.append(entity)
            for i in failing:
                accepts = sum(1 for a in others if likeness(i, a) >= split_threshold)
                # The representative's "no" counts as one vote: a strict majority keeps.
                if accepts > 1 + len(others) - accepts:
                    kept.append(i)
                else:
                    left.append(i)
            for i in kept:
                of[i] = number
                scores[i] = likeness(i, representative)
        pending = sorted(left)
        first_round = False  # names that left a key group are not pulled back into it
    return Clusters(tuple(of), tuple(representatives), tuple(scores), tuple(entities))
