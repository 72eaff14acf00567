"""The tables of running text (``textdata/``): case endings, transcription and break
characters, particles, stop words; and the given names' genders from ``namedata/``. Each read
once; a bad row is a :class:`~kznames.errors.DataFileError` naming its line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..errors import DataFileError
from ..resources import in_line_order, read_table, textdata
from .words import _script_of

# How a declension row is used (``declension.tsv``'s ``use`` column) and the genders of a row.
_USES: Final = ("always", "seen", "agree")


_GENDERS: Final = ("m", "f", "-")


@dataclass(frozen=True, slots=True)
class _Reading:
    """A nominative a word may be the case of, by one row of ``declension.tsv``."""

    nominative: str
    use: str  # always | seen | agree
    language: str
    gender: str  # m | f | - (either)


@lru_cache(maxsize=1)
def _declension() -> tuple[tuple[str, str, str, str, str], ...]:
    """(ending, nominative, use, language, gender) rows, the longest ending first (then in table
    order); a row with another use or gender is an error naming its line."""
    problems: list[str] = []
    rows = read_table(
        textdata("declension.tsv"),
        ("language", "ending", "nominative", "use", "gender"),
        header=True,
        problems=problems,
    )
    found: list[tuple[str, str, str, str, str]] = []
    for row in rows:
        language, ending, nominative, use, gender = row.fields
        if not all(row.fields):
            problems.append(row.problem("5 non-empty fields expected"))
        elif use not in _USES:
            problems.append(row.problem(f"{ending}: use {use!r} ({', '.join(_USES)})"))
        elif gender not in _GENDERS:
            problems.append(row.problem(f"{ending}: gender {gender!r} ({', '.join(_GENDERS)})"))
        else:
            found.append((ending, "" if nominative == "-" else nominative, use, language, gender))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return tuple(sorted(found, key=lambda row: -len(row[0])))


@lru_cache(maxsize=1)
def _given_genders() -> dict[str, str]:
    """Given names of one gender in the name frequency tables (``namedata/``), case-folded →
    ``m`` or ``f``; a name attested with both genders is left out."""
    from ..frequencies import read_name_frequencies

    genders: dict[str, set[str]] = defaultdict(set)
    for row in read_name_frequencies():
        if row.kind == "given" and row.gender in ("m", "f"):
            genders[row.name.casefold()].add(row.gender)
    return {name: next(iter(g)) for name, g in genders.items() if len(g) == 1}


@lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    return tuple({row[0] for row in _declension()})


@lru_cache(maxsize=1)
def _han_breaks() -> frozenset[str]:
    return frozenset(r[1] for r in _table("han-breaks.tsv", ("language", "character")))


@lru_cache(maxsize=1)
def _han_transcription() -> frozenset[str]:
    """The transcription characters; a row whose character is not one Chinese character is
    an error naming its line (a longer string would never match one character of text)."""
    problems: list[str] = []
    rows = read_table(
        textdata("han-transcription.tsv"), ("table", "character"), header=True, problems=problems
    )
    for row in rows:
        character = row.fields[1]
        if len(character) != 1 or _script_of(character) != "Hani":
            problems.append(row.problem(f"{character!r}: one Chinese character expected"))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return frozenset(row.fields[1] for row in rows)


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(r[1].casefold() for r in _table("particles.tsv", ("language", "word")))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(r[1].casefold() for r in _table("stopwords.tsv", ("language", "word")))


def _table(name: str, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The rows of a ``textdata/`` table, every field non-empty; a
    :class:`~kznames.errors.DataFileError` names the line of every bad row."""
    problems: list[str] = []
    rows = read_table(textdata(name), columns, header=True, problems=problems)
    for row in rows:
        if not all(row.fields):
            problems.append(row.problem(f"{len(columns)} non-empty fields expected"))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return [row.fields for row in rows]
