"""The shared deduplication vectors (``tests/data/dedup_vectors.tsv``), read and checked.

Every engine's tests run the same file: the python and duckdb engines every case, Spark the cases
marked ``spark`` (all of them with ``KZNAMES_SPARK_VECTORS=all``). The file's header says the
format; :func:`load_cases` reads it and names the line of any bad row.

>>> cases = {case.name: case for case in load_cases()}
>>> cases["entities-0.7"].threshold, cases["no-gazetteer"].gazetteer
(0.7, False)
>>> cases["main"].names[:2], cases["main"].labels[:2]
(['Serikzhan Bilash', 'Серікжан Білаш'], ['bilash', 'bilash'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VECTORS_FILE = Path(__file__).parent / "data" / "dedup_vectors.tsv"

_HEADER = ["case", "options", "name", "label"]
_ESCAPE = re.compile(r"\\(N|s|t|\\|u[0-9A-Fa-f]{4})")
_OPTIONS = {"spark", "gazetteer=none"}


@dataclass
class Case:
    """One case of the vectors: rows deduplicated together, with their labels and options."""

    name: str
    options: str
    line: int
    names: list[str | None] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)

    @property
    def threshold(self) -> float | None:
        """The ``threshold=`` option, or None for dedup's default."""
        for option in self.options.split():
            if option.startswith("threshold="):
                return float(option.removeprefix("threshold="))
        return None

    @property
    def gazetteer(self) -> bool:
        """False when the case runs without the gazetteer (``gazetteer=none``)."""
        return "gazetteer=none" not in self.options.split()

    @property
    def on_spark(self) -> bool:
        """Whether the case is in Spark's short run."""
        return "spark" in self.options.split()

    def dedup_options(self) -> dict[str, Any]:
        """The keyword arguments of :func:`kznames.dedup` this case asks for."""
        options: dict[str, Any] = {}
        if self.threshold is not None:
            options["threshold"] = self.threshold
        if not self.gazetteer:
            options["gazetteer"] = None
        return options


def _unescape(field_text: str, where: str) -> str | None:
    if field_text == "\\N":
        return None

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "N":
            raise ValueError(f"{where}: \\N stands alone, for a row without a value")
        return {"s": " ", "t": "\t", "\\": "\\"}.get(code) or chr(int(code[1:], 16))

    rest = _ESCAPE.sub("", field_text)
    if "\\" in rest:
        raise ValueError(f"{where}: unknown escape in {field_text!r} (\\N \\s \\t \\\\ \\uXXXX)")
    return _ESCAPE.sub(one, field_text)


def load_cases(path: Path = VECTORS_FILE) -> list[Case]:
    """The cases of a vectors file, in the order their first rows appear.

    Raises ValueError naming ``path:line`` for a bad header, a row without four fields, an
    unknown option, a case whose rows disagree on their options, or a label on a row without a
    name.
    """
    cases: dict[str, Case] = {}
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        fields = line.split("\t")
        if not header_seen:
            if fields != _HEADER:
                raise ValueError(f"{where}: the header must be {' <TAB> '.join(_HEADER)}")
            header_seen = True
            continue
        if len(fields) != len(_HEADER):
            raise ValueError(f"{where}: {len(fields)} fields, expected {len(_HEADER)}")
        case_name, options, name_field, label = fields
        for option in options.split():
            if option not in _OPTIONS and not re.fullmatch(r"threshold=0?\.\d+", option):
                raise ValueError(f"{where}: unknown option {option!r}")
        case = cases.setdefault(case_name, Case(case_name, options, number))
        if case.options != options:
            raise ValueError(
                f"{where}: options {options!r} differ from {case.options!r} "
                f"on the case's first row (line {case.line})"
            )
        name = _unescape(name_field, where)
        if label and (name is None or not name.strip()):
            raise ValueError(f"{where}: a row without a name has no label (it is alone)")
        if not label and name is not None and name.strip():
            raise ValueError(f"{where}: a name needs a label")
        case.names.append(name)
        case.labels.append(label or None)
    if not cases:
        raise ValueError(f"{path}: no cases")
    return list(cases.values())


def partition_problems(labels: list[str | None], cluster_ids: list[int]) -> list[str]:
    """What is wrong with ``cluster_ids`` against the labels, one line a problem.

    >>> partition_problems(["a", "a", "b", None], [0, 1, 1, 2])
    ['a split over clusters [0, 1]', "cluster 1 joins ['a', 'b']"]
    """
    problems = []
    by_label: dict[str, set[int]] = {}
    by_cluster: dict[int, set[str | None]] = {}
    for row, (label, cluster_id) in enumerate(zip(labels, cluster_ids, strict=True)):
        by_cluster.setdefault(cluster_id, set()).add(label if label is not None else f"#{row}")
        if label is not None:
            by_label.setdefault(label, set()).add(cluster_id)
    for label, clusters in sorted(by_label.items()):
        if len(clusters) > 1:
            problems.append(f"{label} split over clusters {sorted(clusters)}")
    for cluster_id, members in sorted(by_cluster.items()):
        if len(members) > 1:
            problems.append(f"cluster {cluster_id} joins {sorted(map(str, members))}")
    return problems


CASES = load_cases()
MAIN = next(case for case in CASES if case.name == "main")
#: The main case's names and labels, for tests that need one realistic column.
NAMES = MAIN.names
LABELS = MAIN.labels
