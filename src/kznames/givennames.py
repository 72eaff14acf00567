"""Given-name forms as data: the diminutives of a given name and its forms in other languages.

Concepts owned here:

* **given-name forms table** — ``namedata/given-name-forms.tsv``, hand-curated facts with a
  source on every row: ``form`` is a diminutive (Володя, Саша) or another language's form
  (Helen, Микола, Ыбырай) of the given name ``name`` (in Russian Cyrillic). Read with the
  project's table reader (:func:`kznames.resources.read_table`): a bad row is a
  :class:`GivenNameFormsError` naming file and line.
* **common name** — two name words are forms of one given name when their token keys
  (:func:`kznames.frequencies.token_key`, so any spelling of a form counts: Volodya, Volodia,
  Володя) share a row's ``name``: a form and its name (Volodya / Vladimir), or two forms of one
  name (Vova / Volodya). A form of several names (Слава: Владислав, Вячеслав, Станислав,
  Ярослав) matches each of them weakly (:meth:`GivenNameForms.several`), and never makes
  those names one. A name that is another language's form of a name (``equivalent``) is that
  name (:func:`_equivalent_names`: Якуб and Яков, so Жақып and Jacob).

:func:`kznames.similarity` pairs such words as the name they share (with a note in the
explanation) and dedup blocks them together (:func:`kznames.deduplication.pipeline.block_keys`).

>>> forms = default_given_name_forms()
>>> forms.common_name(token_key("Volodya"), token_key("Владимир"))
'Владимир'
>>> forms.common_name(token_key("Вова"), token_key("Volodia"))
'Владимир'
>>> forms.common_name(token_key("Slava"), token_key("Ярослав"))
'Ярослав'
>>> forms.common_name(token_key("Vyacheslav"), token_key("Ярослав")) is None
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from .errors import DataFileError
from .frequencies import token_key
from .names import key
from .resources import in_line_order, namedata, read_table

__all__ = [
    "DEFAULT_GIVEN_NAME_FORMS",
    "GivenNameForm",
    "GivenNameForms",
    "GivenNameFormsError",
    "default_given_name_forms",
    "read_given_name_forms",
]

DEFAULT_GIVEN_NAME_FORMS: Final = namedata("given-name-forms.tsv")
_COLUMNS: Final = ("form", "name", "language", "relation", "source")
_RELATIONS: Final = ("diminutive", "equivalent")


class GivenNameFormsError(DataFileError):
    """A given-name forms table cannot be read; every problem names file and line."""


@dataclass(frozen=True, slots=True)
class GivenNameForm:
    """One row: ``form`` is a ``relation`` of the given name ``name``."""

    form: str
    name: str
    language: str
    relation: str  # diminutive | equivalent
    source: str
    form_key: str
    name_key: str
    name_initial: str  # the first letter of the name's match key (what dedup blocks on)


def _one_word_key(text: str) -> str:
    """The token key of a one-word name, or "" when ``text`` is not one word with a key."""
    found = token_key(text)
    return found if found and " " not in found else ""


def _initial(text: str) -> str:
    """The first letter of a one-word name's match key (:func:`kznames.names.key`)."""
    return key(text)[:1]


def read_given_name_forms(path: Path = DEFAULT_GIVEN_NAME_FORMS) -> list[GivenNameForm]:
    """The rows of a given-name forms table, checked: every bad row is reported at once, each
    as ``file:line: problem`` (:class:`GivenNameFormsError`).

    >>> import tempfile
    >>> table = Path(tempfile.mkdtemp()) / "forms.tsv"
    >>> _ = table.write_text(
    ...     "form\\tname\\tlanguage\\trelation\\tsource\\nВова\\tВладимир\\tru\\tnickname\\tx\\n",
    ...     encoding="utf-8",
    ... )
    >>> read_given_name_forms(table)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kznames.givennames.GivenNameFormsError: .../forms.tsv:2: relation must be ... not 'nickname'
    """
    problems: list[str] = []
    out: list[GivenNameForm] = []
    try:
        rows = read_table(path, _COLUMNS, header=True, problems=problems)
    except DataFileError as exc:  # unreadable, or not UTF-8
        raise GivenNameFormsError.of(exc.problems) from None
    for row in rows:
        form, name, language, relation, source = (field.strip() for field in row.fields)
        if relation not in _RELATIONS:
            problems.append(
                row.problem(f"relation must be {' or '.join(_RELATIONS)}, not {relation!r}")
            )
            continue
        if not language or not source:
            problems.append(row.problem("a row needs a language and a source"))
            continue
        form_key, name_key = _one_word_key(form), _one_word_key(name)
        if not form_key or not name_key:
            which, text = ("form", form) if not form_key else ("name", name)
            problems.append(row.problem(f"the {which} must be one name word: {text!r}"))
            continue
        out.append(
            GivenNameForm(
                form, name, language, relation, source, form_key, name_key, _initial(name)
            )
        )
    if problems:
        raise GivenNameFormsError.of(in_line_order(problems))
    return out


def _without_gender(name: str) -> str:
    """A Russian given name without the ending that tells a woman's from a man's form of it
    (Александра → Александр, Евгения and Евгений → Евгени)."""
    return name[:-1] if name[-1:] in "аяй" else name


def _equivalent_names(rows: list[GivenNameForm]) -> dict[str, str]:
    """Each row's name as the one name of its class: a name that is another language's form
    (``equivalent``) of another name is that name (Якуб, the Belarusian form of Яков, and Яков
    are one: Жақып, a form of Якуб, and Jacob, a form of Яков, pair). The class is named by its
    first name in alphabetical order. Diminutives join nothing: Слава stays a form of four.

    >>> rows = read_given_name_forms()
    >>> one = _equivalent_names(rows)
    >>> one["Якуб"] == one["Яков"], one["Вячеслав"] == one["Ярослав"]
    (True, False)
    """
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    names = {row.name for row in rows}
    for row in rows:
        find(row.name)
        if row.relation == "equivalent" and row.form in names:
            a, b = find(row.form), find(row.name)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {name: find(name) for name in names}


class GivenNameForms:
    """The names each token key is a form of (see the module docstring)."""

    def __init__(self, rows: Iterable[GivenNameForm]) -> None:
        rows = list(rows)
        one = _equivalent_names(rows)
        names: dict[str, set[str]] = defaultdict(set)
        initials: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for token in (row.form_key, row.name_key):
                names[token].add(one[row.name])
                initials[token].add(row.name_initial)
        self._names = {k: frozenset(v) for k, v in names.items()}
        # The keys that are forms of more than one name, a man's and a woman's of one stem
        # counting as one (see several()).
        self._several = frozenset(
            k for k, v in names.items() if len({_without_gender(name) for name in v}) > 1
        )
        self._initials = {k: frozenset(v) for k, v in initials.items()}

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, key: object) -> bool:
        return key in self._names

    def names_of(self, key: str) -> frozenset[str]:
        """The given names a token key is a form of (or is), empty when the table lacks it."""
        return self._names.get(key, frozenset())

    def initials(self, key: str) -> frozenset[str]:
        """The first letters of the match keys of the names a token key is a form of: what
        dedup blocks a form on besides its own initial (Sasha Ivanov meets Aleksandr Ivanov).

        >>> sorted(default_given_name_forms().initials(token_key("Sasha")))
        ['a']
        """
        return self._initials.get(key, frozenset())

    def several(self, key: str) -> bool:
        """Whether a token key is a form of more than one given name, a man's and a woman's
        name of one stem (Александр / Александра, Евгений / Евгения) counting as one: Слава
        (Владислав, Вячеслав, Станислав, Ярослав) is; Саша is not.

        >>> forms = default_given_name_forms()
        >>> forms.several(token_key("Slava")), forms.several(token_key("Sasha"))
        (True, False)
        """
        return key in self._several

    def common_name(self, key_a: str, key_b: str) -> str | None:
        """The given name two different token keys are both forms of (the first in
        alphabetical order if several), or None."""
        if key_a == key_b:
            return None
        shared = self.names_of(key_a) & self.names_of(key_b)
        return min(shared) if shared else None


@lru_cache(maxsize=1)
def default_given_name_forms() -> GivenNameForms:
    """The shipped table, read once."""
    return GivenNameForms(read_given_name_forms())
