"""The tables of running text (``textdata/``): case endings, a people's plural endings,
transcription and break characters, particles, stop words; and the given names' genders from
``namedata/``. Each read once; a bad row is a :class:`~kznames.errors.DataFileError` naming
its line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..errors import DataFileError
from ..resources import in_line_order, read_table, textdata
from .words import _script_of

# How a declension row is used (``declension.tsv``'s ``use`` column) and the genders of a row.
_USES: Final = ("always", "seen", "agree")


_GENDERS: Final = ("m", "f", "-")

# The languages whose documents write a people's noun in lower case (``people-endings.tsv``).
_PEOPLE_LANGUAGES: Final = ("ru", "kk")


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

    def problem(fields: tuple[str, ...]) -> str | None:
        _, ending, _, use, gender = fields
        return _not_one_of(ending, "use", use, _USES) or _not_one_of(
            ending, "gender", gender, _GENDERS
        )

    rows = _table("declension.tsv", ("language", "ending", "nominative", "use", "gender"), problem)
    found = [
        (ending, "" if nominative == "-" else nominative, use, language, gender)
        for language, ending, nominative, use, gender in rows
    ]
    return tuple(sorted(found, key=lambda row: -len(row[0])))


@lru_cache(maxsize=1)
def _given_genders() -> dict[str, str]:
    """Given names of one gender in the name frequency tables (``namedata/``), case-folded →
    ``m`` or ``f``; a name attested with both genders is left out."""
    from ..frequencies import iter_name_frequencies

    genders: dict[str, set[str]] = defaultdict(set)
    for row in iter_name_frequencies():
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

    def problem(fields: tuple[str, ...]) -> str | None:
        character = fields[1]
        if len(character) != 1 or _script_of(character) != "Hani":
            return f"{character!r}: one Chinese character expected"
        return None

    return frozenset(r[1] for r in _table("han-transcription.tsv", ("table", "character"), problem))


@lru_cache(maxsize=1)
def _people_endings() -> dict[str, tuple[str, ...]]:
    """The plural endings of a people's name as a lower-case noun (``people-endings.tsv``), by
    language, the longest first."""

    def problem(fields: tuple[str, ...]) -> str | None:
        return _not_one_of(fields[1], "language", fields[0], _PEOPLE_LANGUAGES)

    found: dict[str, list[str]] = defaultdict(list)
    for language, ending in _table("people-endings.tsv", ("language", "ending"), problem):
        found[language].append(ending.casefold())
    return {
        language: tuple(sorted(endings, key=len, reverse=True))
        for language, endings in found.items()
    }


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(r[1].casefold() for r in _table("particles.tsv", ("language", "word")))


# The kinds of a word of ``stopwords.tsv``: a sentence starter, day or month; a role or title.
_STOPWORD_KINDS: Final = ("stop", "role")


@lru_cache(maxsize=1)
def _stopword_rows() -> tuple[tuple[str, ...], ...]:
    def problem(fields: tuple[str, ...]) -> str | None:
        return _not_one_of(fields[1], "kind", fields[2], _STOPWORD_KINDS)

    return tuple(_table("stopwords.tsv", ("language", "word", "kind"), problem))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Every word of ``stopwords.tsv`` (of both kinds), case-folded."""
    return frozenset(row[1].casefold() for row in _stopword_rows())


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    """The role words of ``stopwords.tsv`` (titles, offices, occupations), case-folded."""
    return frozenset(row[1].casefold() for row in _stopword_rows() if row[2] == "role")


def _not_one_of(row: str, column: str, value: str, allowed: tuple[str, ...]) -> str | None:
    """The problem of a row whose ``column`` holds a value not ``allowed``, or None."""
    if value in allowed:
        return None
    return f"{row}: {column} {value!r} ({', '.join(allowed)})"


def _table(
    name: str,
    columns: tuple[str, ...],
    check: Callable[[tuple[str, ...]], str | None] | None = None,
) -> list[tuple[str, ...]]:
    """The rows of a ``textdata/`` table, every field non-empty and, with ``check``, every row
    it finds no problem in (what it returns: a message); a
    :class:`~kznames.errors.DataFileError` names the line of every bad row."""
    problems: list[str] = []
    rows = read_table(textdata(name), columns, header=True, problems=problems)
    for row in rows:
        if not all(row.fields):
            problems.append(row.problem(f"{len(columns)} non-empty fields expected"))
        elif check is not None and (message := check(row.fields)) is not None:
            problems.append(row.problem(message))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return [row.fields for row in rows]
