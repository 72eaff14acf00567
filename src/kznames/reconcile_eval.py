"""Measure ``reconcile`` on documents with expected clusters (``kznames eval --reconcile DIR``).

Concepts owned here:

* **corpus directory** — documents (``*.txt``, ``*.html``) and ``expected.tsv`` with the columns
  ``entity, document, mention``: one row per mention a reader marks, written as in the document
  (``tests/data/reconcile/dev`` and ``heldout``).
* **alignment** — a mention reconcile found matches an expected one in the same document when
  one's text is the other's or contains it (the reader may mark ``Алматыда`` where reconcile
  found ``Алматы``); each is used once.
* **figures** — each expected entity is credited with the cluster holding most of its aligned
  mentions. A found mention is **correct** when it is aligned with a mention of an entity and
  sits in that entity's cluster. Precision: correct over every mention found (a common word
  reported as a name, or a mention put in another entity's cluster, counts against it); recall:
  correct over every expected mention. Per entity: the same over its cluster and its mentions.

>>> score = EntityScore("bilash", expected=4, correct=3, cluster_size=3, cluster="Serikzhan Bilash")
>>> score.precision, score.recall
(1.0, 0.75)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import KznamesError
from .resources import read_text, text_lines

__all__ = ["EntityScore", "ReconcileReport", "evaluate_reconcile", "read_expected"]

_COLUMNS = ("entity", "document", "mention")


@dataclass(frozen=True, slots=True)
class EntityScore:
    entity: str
    expected: int  # mentions a reader marks
    correct: int  # of those, found in the entity's cluster
    cluster_size: int  # mentions in that cluster (0: none found)
    cluster: str  # the cluster's canonical name, or ""

    @property
    def precision(self) -> float:
        return self.correct / self.cluster_size if self.cluster_size else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    documents: int
    found: int  # mentions reconcile found
    expected: int
    correct: int
    entities: tuple[EntityScore, ...]
    unexpected: tuple[str, ...]  # found mentions no reader marked: "document: mention"
    missed: tuple[str, ...]  # expected mentions not found: "entity, document: mention"

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0


def read_expected(path: Path) -> list[tuple[str, str, str]]:
    """``expected.tsv`` as (entity, document, mention) rows; a bad row is an error with its
    line."""
    lines = text_lines(read_text(path))
    rows: list[tuple[str, str, str]] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if not header_seen:
            if fields != _COLUMNS:
                raise KznamesError(f"{path}:{number}: header must be {', '.join(_COLUMNS)}")
            header_seen = True
            continue
        if len(fields) != 3 or not all(fields):
            raise KznamesError(f"{path}:{number}: three non-empty fields expected")
        rows.append((fields[0], fields[1], fields[2]))
    if not header_seen:
        raise KznamesError(f"{path}:1: empty file: a header row is required")
    return rows


def _aligns(found: str, expected: str) -> bool:
    return found == expected or found in expected or expected in found


def evaluate_reconcile(directory: Path, context: bool = True) -> ReconcileReport:
    """Reconcile the documents of ``directory`` together and score them against its
    ``expected.tsv``."""
    from .text import reconcile

    expected = read_expected(directory / "expected.tsv")
    paths = sorted(p for p in directory.iterdir() if p.suffix.lower() in (".txt", ".html", ".htm"))
    names = {p.name for p in paths}
    unknown = sorted({d for _, d, _ in expected} - names)
    if unknown:
        raise KznamesError(f"{directory / 'expected.tsv'}: no such document {unknown[0]!r}")
    result = reconcile(paths, context=context)
    cluster_of_form = {v.form: n for n, c in enumerate(result.clusters) for v in c.variants}
    found = [(Path(m.document).name, m.surface, cluster_of_form[m.form]) for m in result.mentions]
    # Align: an exact text first, then containment, each mention once.
    aligned: dict[int, int] = {}  # expected row -> found mention
    used: set[int] = set()
    for exact in (True, False):
        for row, (_, document, mention) in enumerate(expected):
            if row in aligned:
                continue
            for index, (where, surface, _) in enumerate(found):
                if index in used or where != document:
                    continue
                if surface == mention if exact else _aligns(surface, mention):
                    aligned[row] = index
                    used.add(index)
                    break
    by_entity: dict[str, list[int]] = defaultdict(list)
    for row, (entity, _, _) in enumerate(expected):
        by_entity[entity].append(row)
    sizes = Counter(cluster for _, _, cluster in found)
    scores = []
    correct_found: set[int] = set()
    for entity, rows in by_entity.items():
        clusters = Counter(found[aligned[r]][2] for r in rows if r in aligned)
        if not clusters:
            scores.append(EntityScore(entity, len(rows), 0, 0, ""))
            continue
        best = min(clusters, key=lambda c: (-clusters[c], c))
        hits = [aligned[r] for r in rows if r in aligned and found[aligned[r]][2] == best]
        correct_found.update(hits)
        scores.append(
            EntityScore(entity, len(rows), len(hits), sizes[best], result.clusters[best].canonical)
        )
    unexpected = tuple(f"{d}: {s}" for i, (d, s, _) in enumerate(found) if i not in used)
    missed = tuple(f"{e}, {d}: {m}" for row, (e, d, m) in enumerate(expected) if row not in aligned)
    return ReconcileReport(
        len(paths),
        len(found),
        len(expected),
        len(correct_found),
        tuple(sorted(scores, key=lambda s: s.entity)),
        unexpected,
        missed,
    )
