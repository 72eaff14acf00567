"""Measure keys and similarity on labelled variant groups (``kznames eval``).

Concepts owned here:

* **groups file** — TSV ``group_id, kind, variant, script_or_scheme, source``: one group is one
  entity, one row one attested spelling. Rows marked ``+partial`` (a lone given name or surname
  standing for a person) are left out: no key is expected to join them to the full name.
* **pairwise figures** — every pair of rows in one group is a positive, every pair across groups
  a negative. For a key: precision, recall and F1 of "same key", overall, per kind (with the
  macro-F1 over kinds) and per script pair (``Arab~Latn`` …). For similarity: ROC AUC and the
  best-threshold F1, over all positives and a seeded sample of negatives (hard negatives sharing
  a skeleton, plus random ones, weighted back to the whole population).
* **look-alike pairs** — TSV ``name_a, name_b, relation, …``: how many different-but-alike pairs
  a key joins, and the AUC of similarity against them.
* **halves** — groups are split into a ``fit`` and a ``report`` half by the SHA-256 of the group
  id (:func:`half_of`): stable across runs and machines, disjoint, and a group never straddles
  both. Thresholds and weights are tuned on ``fit``; figures that count are read on ``report``.
  Look-alike pairs are split the same way by the hash of the pair.
* **homonyms** — a pair across two groups whose spellings are identical after case and accent
  folding, and every cross pair of two groups sharing such a spelling (the towns called Aksu),
  are left out of precision: no key can tell them apart. ``homonym`` look-alike rows are left out
  of the look-alike rate.
* **dedup figures** — :func:`evaluate_dedup` clusters every spelling of the half with
  :func:`kznames.dedup` and counts pairs: precision and recall per kind, and how many look-alike
  pairs it merges.
* **blocking recall** — :func:`evaluate_blocking`: of the same-entity pairs, how many dedup's
  blocking ever compares (same key, or a shared block), and of those the model accepts, how many
  blocking misses.
* **baselines** — the normalisers users would otherwise reach for, measured in the same run.
"""

from __future__ import annotations

import hashlib
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Final

from .errors import DataFileError, KznamesError
from .resources import read_text, text_lines

__all__ = [
    "HALVES",
    "BlockingReport",
    "DedupReport",
    "GroupRow",
    "KeyReport",
    "LookAlike",
    "SimilarityReport",
    "evaluate_blocking",
    "evaluate_dedup",
    "evaluate_key",
    "evaluate_similarity",
    "half_of",
    "homonym_pairs",
    "pick_half",
    "pick_half_pairs",
    "read_groups",
    "read_look_alikes",
]


class EvalFileError(DataFileError):
    """A groups or look-alike file cannot be read; the message names file and line."""

    def __init__(self, problem: str) -> None:
        self._fill([problem])


@dataclass(frozen=True, slots=True)
class GroupRow:
    group: str
    kind: str
    variant: str
    script: str  # Latn, Cyrl, Arab, Hani, …: the part of script_or_scheme before ':'
    partial: bool


@dataclass(frozen=True, slots=True)
class LookAlike:
    a: str
    b: str
    relation: str
    kind: str


#: The values of ``--half``: the fit half, the report half, or every group.
HALVES: Final = ("fit", "report", "all")


def half_of(group_id: str) -> str:
    """The half a group belongs to: ``fit`` or ``report``, from the SHA-256 of its id.

    >>> half_of("gn1526384"), half_of("gn1526384") == half_of("gn1526384")
    ('report', True)
    """
    return "fit" if hashlib.sha256(group_id.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def pick_half(rows: Sequence[GroupRow], half: str) -> list[GroupRow]:
    """The rows of the groups in ``half`` (``all``: every row)."""
    if half not in HALVES:
        raise KznamesError(f"unknown half {half!r} (one of {', '.join(HALVES)})")
    return [r for r in rows if half == "all" or half_of(r.group) == half]


def pick_half_pairs(pairs: Sequence[LookAlike], half: str) -> list[LookAlike]:
    """The look-alike pairs in ``half``, split by the hash of the (ordered) pair."""
    if half not in HALVES:
        raise KznamesError(f"unknown half {half!r} (one of {', '.join(HALVES)})")
    return [p for p in pairs if half == "all" or half_of("\t".join(sorted((p.a, p.b)))) == half]


def _folded(text: str) -> str:
    """Case and accent folded, spaces collapsed: how homonyms are found."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def homonym_pairs(rows: Sequence[GroupRow]) -> set[tuple[str, str]]:
    """Pairs of groups (sorted ids) that share a spelling after case and accent folding.

    >>> rows = [GroupRow("a", "place", "Aksu", "Latn", False),
    ...         GroupRow("b", "place", "AKSU", "Latn", False),
    ...         GroupRow("c", "place", "Aqsu", "Latn", False)]
    >>> sorted(homonym_pairs(rows))
    [('a', 'b')]
    """
    groups_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        groups_of[_folded(row.variant)].add(row.group)
    found: set[tuple[str, str]] = set()
    for groups in groups_of.values():
        for a, b in combinations(sorted(groups), 2):
            found.add((a, b))
    return found


def read_groups(path: Path) -> list[GroupRow]:
    """Read a groups TSV; raise :class:`EvalFileError` with file and line on a bad row."""
    rows: list[GroupRow] = []
    lines = text_lines(read_text(path, EvalFileError))
    if not lines or not lines[0].startswith("group_id\t"):
        raise EvalFileError(f"{path}:1: expected the header group_id, kind, variant, …")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 4 or not fields[0] or not fields[2]:
            raise EvalFileError(f"{path}:{number}: expected group_id, kind, variant, script")
        script = fields[3].split(":")[0].split("+")[0] or "Zyyy"
        rows.append(GroupRow(fields[0], fields[1], fields[2], script, "+partial" in fields[3]))
    return rows


def read_look_alikes(path: Path) -> list[LookAlike]:
    """Read a look-alike pairs TSV (``name_a, name_b, relation, kind, …``)."""
    lines = text_lines(read_text(path, EvalFileError))
    pairs = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 4:
            raise EvalFileError(f"{path}:{number}: expected name_a, name_b, relation, kind")
        pairs.append(LookAlike(fields[0], fields[1], fields[2], fields[3]))
    return pairs


def _prf(tp: int, predicted: int, positives: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    positives: int
    predicted: int


@dataclass(frozen=True)
class KeyReport:
    """Pairwise figures of one key function."""

    name: str
    overall: Figures
    by_kind: dict[str, Figures]
    macro_f1: float
    recall_by_scripts: dict[str, tuple[float, int]]
    look_alikes_joined: int = 0
    look_alikes: int = 0
    look_alikes_joined_distinct: int = 0
    look_alikes_distinct: int = 0
    left_out: int = 0
    homonym_pairs_left_out: int = 0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _homonym_cross(by_both: Counter[tuple[str, str]], homonyms: set[tuple[str, str]]) -> int:
    """Predicted pairs across two homonym groups within one key (or cluster)."""
    groups_in: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (label, group), n in by_both.items():
        groups_in[label].append((group, n))
    left_out = 0
    for members in groups_in.values():
        if len(members) < 2:
            continue
        for (g1, n1), (g2, n2) in combinations(members, 2):
            if (min(g1, g2), max(g1, g2)) in homonyms:
                left_out += n1 * n2
    return left_out


def _figures(
    rows: Sequence[GroupRow],
    keys: Sequence[str],
    homonyms: set[tuple[str, str]] | None = None,
) -> tuple[Figures, int]:
    """Pairwise figures of "same label" (a key, a cluster) against the groups, homonym pairs
    left out of the predicted pairs; and how many were left out."""
    by_group = Counter(r.group for r in rows)
    by_key = Counter(k for k in keys if k)
    by_both = Counter((k, r.group) for r, k in zip(rows, keys, strict=True) if k)
    positives = sum(_pairs(n) for n in by_group.values())
    left_out = _homonym_cross(by_both, homonyms) if homonyms else 0
    predicted = sum(_pairs(n) for n in by_key.values()) - left_out
    tp = sum(_pairs(n) for n in by_both.values())
    return Figures(*_prf(tp, predicted, positives), positives, predicted), left_out


def _script_pair(a: GroupRow, b: GroupRow) -> str:
    return "~".join(sorted((a.script, b.script)))


def evaluate_key(
    name: str,
    key: Callable[[str], str],
    rows: Sequence[GroupRow],
    look_alikes: Sequence[LookAlike] = (),
) -> KeyReport:
    """Pairwise figures of ``key`` on ``rows`` (partial rows left out, homonym pairs left out of
    precision) and on look-alikes (``homonym`` rows left out)."""
    used = [r for r in rows if not r.partial]
    keys = [key(r.variant) for r in used]
    homonyms = homonym_pairs(used)
    overall, homonym_left_out = _figures(used, keys, homonyms)
    by_kind: dict[str, Figures] = {}
    for kind in sorted({r.kind for r in used}):
        picked = [(r, k) for r, k in zip(used, keys, strict=True) if r.kind == kind]
        by_kind[kind], _ = _figures([r for r, _ in picked], [k for _, k in picked], homonyms)
    macro = sum(f.f1 for f in by_kind.values()) / len(by_kind) if by_kind else 0.0

    members: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(used):
        members[row.group].append(index)
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for indices in members.values():
        for i, j in combinations(indices, 2):
            label = _script_pair(used[i], used[j])
            totals[label] += 1
            if keys[i] and keys[i] == keys[j]:
                hits[label] += 1
    recall_by_scripts = {label: (hits[label] / n, n) for label, n in sorted(totals.items())}

    look_alikes = [p for p in look_alikes if p.relation != "homonym"]
    joined = sum(1 for p in look_alikes if key(p.a) and key(p.a) == key(p.b))
    distinct = [p for p in look_alikes if p.a.casefold() != p.b.casefold()]
    joined_distinct = sum(1 for p in distinct if key(p.a) and key(p.a) == key(p.b))
    return KeyReport(
        name,
        overall,
        by_kind,
        macro,
        recall_by_scripts,
        joined,
        len(look_alikes),
        joined_distinct,
        len(distinct),
        len(rows) - len(used),
        homonym_left_out,
    )


def _auc(positive: Sequence[float], negative: Sequence[float], weight: float = 1.0) -> float:
    """ROC AUC by ranks (ties count half); ``weight`` scales each negative."""
    if not positive or not negative:
        return float("nan")
    scored = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative])
    below = 0.0  # negatives strictly below the current score
    total = 0.0
    i = 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        group = scored[i:j]
        pos = sum(1 for _, label in group if label)
        neg = len(group) - pos
        total += pos * (below + neg / 2)
        below += neg
        i = j
    return total / (len(positive) * len(negative))


def _best_f1(
    positive: Sequence[float], negative: Sequence[float], weight: float
) -> tuple[float, float]:
    """Best F1 over thresholds and the threshold, negatives weighted to their population."""
    events = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative], reverse=True)
    tp = fp = 0.0
    best = (0.0, 1.0)
    for index, (value, label) in enumerate(events):
        if label:
            tp += 1
        else:
            fp += weight
        if index + 1 < len(events) and events[index + 1][0] == value:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / len(positive)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best[0]:
            best = (f1, value)
    return best


@dataclass(frozen=True)
class SimilarityReport:
    """ROC AUC and best-threshold F1 of a similarity function."""

    name: str
    auc: float
    best_f1: float
    best_threshold: float
    auc_look_alikes: float
    positives: int
    negatives_sampled: int
    negatives_total: int
    auc_by_scripts: dict[str, float] = field(default_factory=dict)


def _negative_sample(
    used: Sequence[GroupRow], blocks: Callable[[str], str], size: int, seed: int
) -> tuple[list[tuple[int, int]], int]:
    total = _pairs(len(used)) - sum(_pairs(n) for n in Counter(r.group for r in used).values())
    rng = random.Random(seed)
    sample: set[tuple[int, int]] = set()
    # Hard negatives: different entities that share a blocking skeleton.
    by_block: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(used):
        by_block[blocks(row.variant)].append(index)
    for indices in by_block.values():
        for i, j in combinations(indices[:200], 2):
            if used[i].group != used[j].group:
                sample.add((i, j))
    attempts = 0
    while len(sample) < size and attempts < size * 20:
        attempts += 1
        i, j = rng.randrange(len(used)), rng.randrange(len(used))
        if i < j and used[i].group != used[j].group:
            sample.add((i, j))
    return sorted(sample), total


def evaluate_similarity(
    name: str,
    score: Callable[[str, str], float],
    rows: Sequence[GroupRow],
    look_alikes: Sequence[LookAlike],
    blocks: Callable[[str], str],
    negatives: int = 20_000,
    seed: int = 20261125,
) -> SimilarityReport:
    """AUC and best F1 of ``score`` on all positive pairs and a seeded negative sample."""
    used = [r for r in rows if not r.partial]
    members: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(used):
        members[row.group].append(index)
    positive_pairs = [p for idx in members.values() for p in combinations(idx, 2)]
    positive = [score(used[i].variant, used[j].variant) for i, j in positive_pairs]
    negative_pairs, total = _negative_sample(used, blocks, negatives, seed)
    negative = [score(used[i].variant, used[j].variant) for i, j in negative_pairs]
    weight = total / max(len(negative), 1)
    best_f1, threshold = _best_f1(positive, negative, weight)
    look = [score(p.a, p.b) for p in look_alikes if p.relation != "homonym"]
    by_scripts: dict[str, float] = {}
    labels = [_script_pair(used[i], used[j]) for i, j in positive_pairs]
    for label in sorted(set(labels)):
        picked = [s for s, lab in zip(positive, labels, strict=True) if lab == label]
        by_scripts[label] = _auc(picked, negative)
    return SimilarityReport(
        name,
        _auc(positive, negative),
        best_f1,
        threshold,
        _auc(positive, look),
        len(positive),
        len(negative),
        total,
        by_scripts,
    )


@dataclass(frozen=True)
class DedupReport:
    """Pairwise figures of dedup's clusters, overall and per kind, and look-alikes merged."""

    overall: Figures
    by_kind: dict[str, Figures]
    look_alikes_merged: int
    look_alikes: int
    homonym_pairs_left_out: int


def evaluate_dedup(
    cluster_ids: Callable[[list[str]], list[int]],
    rows: Sequence[GroupRow],
    look_alikes: Sequence[LookAlike] = (),
) -> DedupReport:
    """Pairwise figures of ``cluster_ids`` (names in, one cluster id per name out: a dedup) run
    once over every non-partial spelling of ``rows``; each look-alike pair (``homonym`` rows
    left out) is clustered alone and counts when its two names share a cluster."""
    used = [r for r in rows if not r.partial]
    labels = [str(c) for c in cluster_ids([r.variant for r in used])]
    homonyms = homonym_pairs(used)
    overall, left_out = _figures(used, labels, homonyms)
    by_kind: dict[str, Figures] = {}
    for kind in sorted({r.kind for r in used}):
        picked = [(r, c) for r, c in zip(used, labels, strict=True) if r.kind == kind]
        by_kind[kind], _ = _figures([r for r, _ in picked], [c for _, c in picked], homonyms)
    pairs = [p for p in look_alikes if p.relation != "homonym"]
    merged = 0
    for pair in pairs:
        a, b = cluster_ids([pair.a, pair.b])
        merged += a == b
    return DedupReport(overall, by_kind, merged, len(pairs), left_out)


@dataclass(frozen=True)
class BlockingReport:
    """How many same-entity pairs dedup's blocking compares."""

    positives: int
    compared: int
    accepted: int  # positives the similarity accepts (at the dedup threshold)
    accepted_missed: int  # of them, pairs blocking never compares

    @property
    def recall(self) -> float:
        return self.compared / self.positives if self.positives else float("nan")

    @property
    def accepted_recall(self) -> float:
        """The blocking recall that counts: accepted pairs blocking compares, over accepted."""
        if not self.accepted:
            return float("nan")
        return 1.0 - self.accepted_missed / self.accepted


def evaluate_blocking(
    blocks: Callable[[str], tuple[str, ...]],
    score: Callable[[str, str], float],
    threshold: float,
    rows: Sequence[GroupRow],
) -> BlockingReport:
    """Of the same-entity pairs of ``rows`` (partials left out), those that share a block
    (``blocks(name)``: the name's key and blocking keys), and the accepted ones that do not."""
    used = [r for r in rows if not r.partial]
    of = {r.variant: set(blocks(r.variant)) for r in used}
    members: dict[str, list[str]] = defaultdict(list)
    for row in used:
        members[row.group].append(row.variant)
    positives = compared = accepted = missed = 0
    for names in members.values():
        for a, b in combinations(names, 2):
            positives += 1
            together = a == b or bool(of[a] & of[b])
            compared += together
            if a == b or score(a, b) >= threshold:
                accepted += 1
                missed += not together
    return BlockingReport(positives, compared, accepted, missed)


def join_tokens(values: Iterable[str]) -> str:
    """Sorted non-empty tokens joined by spaces: how baselines become order-free keys."""
    return " ".join(sorted(v for v in values if v))
