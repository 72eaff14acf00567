"""The weighted edit distance as first written (a plain dynamic programme over the cost table),
kept as the reference that ``tests/test_fast_paths.py`` holds :func:`kznames.score._distance`
equal to, figures and edits alike."""

from __future__ import annotations

from collections import Counter

from kznames.score import _TRANSPOSE, _costs, _substitutions_of


def _may_reach_unshared(a: str, b: str) -> int:
    """Letters the two keys do not share, counted with multiplicity, as first written."""
    return sum(((Counter(a) - Counter(b)) + (Counter(b) - Counter(a))).values())


def distance(a: str, b: str) -> tuple[float, tuple[str, ...]]:
    """Weighted edit distance between two keys, and the edits it made (``a>e``, ``+i``, ``-k``)."""
    substitution, indel = _costs()
    rows = len(a) + 1
    cols = len(b) + 1
    # The inner loop runs for every letter pair: costs are looked up once per letter, not per
    # pair, and rows are local lists (this is where similarity spends its time).
    drop = [indel.get(x, 1.0) for x in a]
    add = [indel.get(y, 1.0) for y in b]
    cost = [[0.0] * cols for _ in range(rows)]
    first = cost[0]
    for j in range(1, cols):
        first[j] = first[j - 1] + add[j - 1]
    for i in range(1, rows):
        x = a[i - 1]
        drop_x = drop[i - 1]
        above = cost[i - 1]
        row = cost[i]
        row[0] = above[0] + drop_x
        replace = _substitutions_of(x)
        for j in range(1, cols):
            y = b[j - 1]
            best = above[j] + drop_x
            other = row[j - 1] + add[j - 1]
            if other < best:
                best = other
            other = above[j - 1] + (0.0 if x == y else replace.get(y, 1.0))
            if other < best:
                best = other
            if i > 1 and j > 1 and x != y and x == b[j - 2] and a[i - 2] == y:
                other = cost[i - 2][j - 2] + _TRANSPOSE
                if other < best:
                    best = other
            row[j] = best
    # Walk back for the edits, to explain what remains.
    edits: list[str] = []
    i, j = len(a), len(b)
    while i or j:
        if (
            i > 1
            and j > 1
            and a[i - 1] != b[j - 1]
            and a[i - 1] == b[j - 2]
            and a[i - 2] == b[j - 1]
            and abs(cost[i][j] - (cost[i - 2][j - 2] + _TRANSPOSE)) < 1e-9
        ):
            edits.append(f"{a[i - 2]}{a[i - 1]}>{b[j - 2]}{b[j - 1]}")
            i, j = i - 2, j - 2
            continue
        if i and j:
            x, y = a[i - 1], b[j - 1]
            sub = 0.0 if x == y else substitution.get((x, y), 1.0)
            if abs(cost[i][j] - (cost[i - 1][j - 1] + sub)) < 1e-9:
                if x != y:
                    edits.append(f"{x}>{y}")
                i, j = i - 1, j - 1
                continue
        if i and abs(cost[i][j] - (cost[i - 1][j] + indel.get(a[i - 1], 1.0))) < 1e-9:
            edits.append(f"-{a[i - 1]}")
            i -= 1
        else:
            edits.append(f"+{b[j - 1]}")
            j -= 1
    return cost[-1][-1], tuple(reversed(edits))
