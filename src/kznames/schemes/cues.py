"""Which romanization a Latin word is written in, from the letters it uses.

Concepts owned here:

* **cue** — a letter or digraph of one or more Latin schemes that the others do not write the
  same way: ``zh`` (ж) in the press habit and BGN, ``ş`` (ш) in the 2021 alphabet, acute accents
  in the 2018 one, apostrophes in the 2017 one, carons in ISO 9. Cues are data,
  ``schemes/data/latin-cues.tsv``: ``cue<TAB>schemes<TAB>weight<TAB>note``.
* **score** — for a text, the sum of the weights of the cues it contains, per scheme. A cue counts
  once however often it occurs. :func:`kznames.transliterate` reads each Latin word with the
  scheme of highest score among those that can read it (docs/detection.md).

>>> scores = cue_scores("Serikzhan")
>>> scores["kk-Latn-press"], scores["kk-Latn-bgn"], scores.get("kk-Latn", 0.0)
(2.0, 2.0, 0.0)
>>> max(cue_scores("Serıkjan Bılaş").items(), key=lambda kv: kv[1])[0]
'kk-Latn'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from ..errors import DataFileError
from ..resources import in_line_order, read_table, schemes_dir

__all__ = ["CUES_FILE", "Cue", "cue_scores", "cues_in", "load_cues"]

CUES_FILE: Final = schemes_dir() / "latin-cues.tsv"
_COLUMNS: Final = ("cue", "schemes", "weight", "note")


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of the cue file: ``text`` found in a word adds ``weight`` to each of ``schemes``."""

    text: str
    schemes: tuple[str, ...]
    weight: float
    line: int


def load_cues(path: Path = CUES_FILE, known: frozenset[str] | None = None) -> tuple[Cue, ...]:
    """Read a cue table; raise :class:`DataFileError` listing every bad row with file:line.

    ``known`` (scheme ids) makes a row naming another scheme an error.
    """
    problems: list[str] = []
    cues: list[Cue] = []
    seen: dict[str, int] = {}
    for row in read_table(path, _COLUMNS, header=True, problems=problems):
        text, schemes_field, weight_field, _note = row.fields
        cue = unicodedata.normalize("NFC", text).lower()
        schemes = tuple(schemes_field.split())
        try:
            weight = float(weight_field)
        except ValueError:
            problems.append(row.problem(f"weight must be a number, got {weight_field!r}"))
            continue
        if not cue or not schemes or weight <= 0:
            problems.append(row.problem("a cue needs its text, schemes and a weight > 0"))
            continue
        if cue in seen:
            problems.append(row.problem(f"cue {cue!r} given twice (line {seen[cue]})"))
            continue
        unknown = [s for s in schemes if known is not None and s not in known]
        if unknown:
            problems.append(row.problem(f"unknown scheme {' '.join(unknown)}"))
            continue
        seen[cue] = row.line
        cues.append(Cue(cue, schemes, weight, row.line))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return tuple(cues)


@cache
def _shipped() -> tuple[Cue, ...]:
    from . import scheme_tags

    return load_cues(CUES_FILE, frozenset(scheme_tags()))


def cues_in(text: str, cues: tuple[Cue, ...] | None = None) -> tuple[Cue, ...]:
    """The cues (of the shipped table, or ``cues``) that occur in ``text``, case-insensitive.

    >>> [cue.text for cue in cues_in("Ghulja")]
    ['gh', 'j']
    """
    lowered = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return tuple(cue for cue in (_shipped() if cues is None else cues) if cue.text in lowered)


def cue_scores(text: str, cues: tuple[Cue, ...] | None = None) -> dict[str, float]:
    """Per scheme, the summed weight of the cues that occur in ``text`` (case-insensitive)."""
    scores: dict[str, float] = {}
    for cue in cues_in(text, cues):
        for scheme in cue.schemes:
            scores[scheme] = scores.get(scheme, 0.0) + cue.weight
    return scores
