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
* **baselines** — the normalisers users would otherwise reach for, measured in the same run.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from .errors import KznamesError

__all__ = [
    "GroupRow",
    "KeyReport",
    "LookAlike",
    "SimilarityReport",
    "evaluate_key",
    "evaluate_similarity",
    "read_groups",
    "read_look_alikes",
]


class EvalFileError(KznamesError):
    """A groups or look-alike file cannot be read; the message names file and line."""


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


def read_groups(path: Path) -> list[GroupRow]:
    """Read a groups TSV; raise :class:`EvalFileError` with file and line on a bad row."""
    rows: list[GroupRow] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read: {exc}") from exc
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
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read: {exc}") from exc
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


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _figures(rows: Sequence[GroupRow], keys: Sequence[str]) -> Figures:
    by_group = Counter(r.group for r in rows)
    by_key = Counter(k for k in keys if k)
    by_both = Counter((k, r.group) for r, k in zip(rows, keys, strict=True) if k)
    positives = sum(_pairs(n) for n in by_group.values())
    predicted = sum(_pairs(n) for n in by_key.values())
    tp = sum(_pairs(n) for n in by_both.values())
    return Figures(*_prf(tp, predicted, positives), positives, predicted)


def _script_pair(a: GroupRow, b: GroupRow) -> str:
    return "~".join(sorted((a.script, b.script)))


def evaluate_key(
    name: str,
    key: Callable[[str], str],
    rows: Sequence[GroupRow],
    look_alikes: Sequence[LookAlike] = (),
) -> KeyReport:
    """Pairwise figures of ``key`` on ``rows`` (partial rows left out) and on look-alikes."""
    used = [r for r in rows if not r.partial]
    keys = [key(r.variant) for r in used]
    overall = _figures(used, keys)
    by_kind: dict[str, Figures] = {}
    for kind in sorted({r.kind for r in used}):
        picked = [(r, k) for r, k in zip(used, keys, strict=True) if r.kind == kind]
        by_kind[kind] = _figures([r for r, _ in picked], [k for _, k in picked])
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
    look = [score(p.a, p.b) for p in look_alikes]
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


def join_tokens(values: Iterable[str]) -> str:
    """Sorted non-empty tokens joined by spaces: how baselines become order-free keys."""
    return " ".join(sorted(v for v in values if v))
