"""Known spellings: reading a word back the way it is known to be spelt.

A script that writes one letter for two sounds (Kazakh Arabic script: one letter for а and ә,
no letter for ц or я) cannot always be read back by rule: Жібек and Жыбек are both written
``جىبەك``, and the rule reads жыбек. A **lexicon** is a table of words known to kznames (the
gazetteer's Kazakh Cyrillic names, a list of Kazakh names from outside the gazetteer and the
name frequency table), each with what the scheme writes for it. Reading back, a word the rule
has read is looked up by its written form:

1. **a known word** — its written form is in the table: the rule's reading is kept when it is
   one of the known spellings, else the most attested known spelling is read (жыбек → жібек,
   тсілинөгрәд → цілиноград);
2. **a known stem** — else the word is cut into name parts as the harmony rules cut it (Үш +
   төбе) and its stem is looked up among the stems of the known words and the known words
   themselves: a stem known in one spelling is read so;
3. **two known parts** — else a stem that is two known stems side by side (Ай + теке) is read
   as they are spelt, when every such split agrees.

A scheme may also name a **loose** table (``loose = kk-Latn-press.loose.tsv``): spellings that
its look-up treats as one, because the press keeps some names in a spelling of their own
(``kh`` for қ in Kazakhstan, a doubled ``ss`` in Kassym). Before step 2, a word whose written
form is not known is looked up loosened: both it and every known written form have each listed
spelling replaced (longest first, left to right), and a single known spelling found so is read
(Kazakhstan → kazakstan → Қазақстан); several found, or the rule's reading among them, keep the
rule's reading.

A reading from a stem or from parts is taken only if the scheme writes it exactly as the word
stands (the same letters, the same word mark), and only when the rule's own reading is not one
of those found. Anything else keeps the rule's reading, so an unknown word reads as before.

A scheme names its table with ``lexicon = kk-Arab.lexicon.tsv`` in its ``[scheme]`` section
(``kk-Arab``, and ``kk-Latn-press``, whose reading merges letters too: Adilzhan is Әділжан);
``scripts/gen_tote_jazu_lexicon.py`` builds it. Each scheme looks the spellings up by what it
writes for them; a scheme without a ``[harmony]`` section has no name parts, so only step 1.
The table's columns are ``arabic`` (what kk-Arab writes), ``cyrillic`` (the spelling, lower
case), ``entity`` (the gazetteer entity it was seen in, empty for the other origins), ``origin``
(:data:`ORIGINS`: ``gazetteer``, ``kazakh-names`` for the Kazakh name list
``data/names/kazakh-names.tsv``, ``name-table`` for the name frequency table) and ``source``.
Spellings rank by origin in that order; among those of one origin, the one seen in more
entities (rows) first. Stems and parts (steps 2 and 3) come from the gazetteer and the Kazakh
name list only: the name frequency table's rows are Russian names the rule misreads, known as
whole words.

>>> from kznames.schemes import get_scheme
>>> lexicon = get_scheme("kk-Arab").lexicon
>>> lexicon is not None and lexicon.reading("جىبەك", "жыбек")
('жібек', 'word')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import regex

from ..errors import DataFileError
from ..resources import read_table
from .harmony import Harmony

__all__ = [
    "COLUMNS",
    "LOOSE_COLUMNS",
    "ORIGINS",
    "KnownSpelling",
    "Lexicon",
    "Loosening",
    "read_lexicon",
]

#: The columns of a lexicon table.
COLUMNS: Final = ("arabic", "cyrillic", "entity", "origin", "source")
#: Where a row comes from, best first (the rank of its spellings); the first two give stems.
ORIGINS: Final = ("gazetteer", "kazakh-names", "name-table")
_STEM_ORIGINS: Final = frozenset(ORIGINS[:2])
#: The columns of a loose table.
LOOSE_COLUMNS: Final = ("spelling", "loose", "note")
How = Literal["rule", "word", "loose", "stem", "parts"]


@dataclass(frozen=True, slots=True)
class KnownSpelling:
    """One row of a lexicon table: a spelling, what the scheme writes for it, where it is from."""

    written: str
    spelling: str
    entity: str
    source: str
    line: int = 0
    origin: str = "gazetteer"  #: one of :data:`ORIGINS`


def read_lexicon(path: Path) -> list[KnownSpelling]:
    """The rows of a lexicon table; a malformed one is a :class:`DataFileError` with file:line.

    >>> from kznames.resources import schemes_dir
    >>> rows = read_lexicon(schemes_dir() / "kk-Arab.lexicon.tsv")
    >>> any(r.spelling == "жібек" and r.written == "جىبەك" for r in rows)
    True
    """
    problems: list[str] = []
    rows: list[KnownSpelling] = []
    for row in read_table(path, COLUMNS, header=True, problems=problems):
        written, spelling, entity, origin, source = row.fields
        if not written or not spelling or not source:
            problems.append(row.problem("arabic, cyrillic and source must not be empty"))
        elif spelling != spelling.lower() or " " in spelling:
            problems.append(row.problem(f"cyrillic is one word in lower case, not {spelling!r}"))
        elif origin not in ORIGINS:
            problems.append(row.problem(f"origin is one of {', '.join(ORIGINS)}, not {origin!r}"))
        elif bool(entity) != (origin == "gazetteer"):
            problems.append(row.problem("a gazetteer row names its entity, no other row does"))
        else:
            rows.append(KnownSpelling(written, spelling, entity, source, row.line, origin))
    if problems:
        raise DataFileError.of(problems)
    return rows


class Loosening:
    """Spellings a lexicon look-up treats as one: each ``spelling`` of the table is replaced by
    its ``loose`` form, longest first, left to right.

    >>> Loosening([("kh", "k", 2), ("ss", "s", 3)])("kassym kazakhstan")
    'kasym kazakstan'
    """

    def __init__(self, rows: Iterable[tuple[str, str, int]]) -> None:
        self.rows = tuple(rows)
        self._to = {spelling: loose for spelling, loose, _ in self.rows}
        alternation = "|".join(regex.escape(s) for s in sorted(self._to, key=lambda s: -len(s)))
        self._pattern = regex.compile(alternation) if alternation else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        to = self._to
        return str(self._pattern.sub(lambda m: to[str(m.group())], text))

    @classmethod
    def read(cls, path: Path) -> Loosening:
        """The loose table at ``path`` (``spelling, loose, note``); a malformed one is a
        :class:`DataFileError` with file:line."""
        problems: list[str] = []
        rows: list[tuple[str, str, int]] = []
        seen: dict[str, int] = {}
        for row in read_table(path, LOOSE_COLUMNS, header=True, problems=problems):
            spelling, loose, _note = row.fields
            if not spelling or spelling != spelling.lower() or loose != loose.lower():
                problems.append(row.problem("spelling and loose are in lower case, not empty"))
            elif spelling == loose or spelling in seen:
                what = "the same as its loose form" if spelling == loose else "given twice"
                problems.append(row.problem(f"{spelling!r} is {what}"))
            else:
                seen[spelling] = row.line
                rows.append((spelling, loose, row.line))
        if problems:
            raise DataFileError.of(problems)
        return cls(rows)


def _ranked(counts: dict[str, tuple[int, int, int]]) -> tuple[str, ...]:
    """Spellings best first: by origin, more entities (rows), then the earlier row."""
    return tuple(sorted(counts, key=lambda s: counts[s]))


class Lexicon:
    """Known spellings of one scheme, looked up by what the scheme writes; see the module."""

    def __init__(
        self,
        spellings: Iterable[KnownSpelling],
        harmony: Harmony | None,
        write: Callable[[str], str],
        *,
        unwritten: Iterable[str] = (),
        min_part: int = 2,
        loose: Loosening | None = None,
    ) -> None:
        """``write`` turns a spelling into the scheme's script (its forward rules); a spelling
        with a letter of ``unwritten`` (one the script does not write as itself: ь, ц) is read
        only as a whole word, never as a stem or part (Хань is known, Ханов is not Ханьов).
        ``loose``: the spellings the look-up treats as one (the module's loose table)."""
        self._harmony = harmony
        self._write = write
        self._min_part = min_part
        self._loosen = loose
        unwritten_letters = frozenset(unwritten)
        words: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
        loosened: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
        stems: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
        for order, known in enumerate(spellings):
            tier = ORIGINS.index(known.origin)
            self._count(words[known.written], known.spelling, tier, order)
            if loose is not None:
                self._count(loosened[loose(known.written)], known.spelling, tier, order)
            if (
                harmony is None
                or known.origin not in _STEM_ORIGINS
                or not unwritten_letters.isdisjoint(known.spelling)
            ):
                continue  # stems: Kazakh words, each letter written as itself
            plain = harmony.plain(known.written)
            self._count(stems[plain], known.spelling, tier, order)
            head, stem, tail = harmony.cut(known.written)
            middle = known.spelling[len(head) : len(known.spelling) - len(tail)]
            if (head or tail) and middle and known.spelling == head + middle + tail:
                self._count(stems[stem], middle, tier, order)
        self._words = {w: _ranked(c) for w, c in words.items()}
        self._loosened = {w: _ranked(c) for w, c in loosened.items()}
        self._stems = {s: _ranked(c) for s, c in stems.items()}

    @staticmethod
    def _count(
        counts: dict[str, tuple[int, int, int]], spelling: str, tier: int, order: int
    ) -> None:
        # (tier, minus the number of rows, first row): the smallest ranks first.
        old = counts.get(spelling)
        counts[spelling] = (tier, -1, order) if old is None else (old[0], old[1] - 1, old[2])

    def __len__(self) -> int:
        return len(self._words)

    def spellings(self, written: str) -> Sequence[str]:
        """The known spellings of a written word, best first (none when it is not known)."""
        return self._words.get(written, ())

    def read(self, word: str, by_rule: str) -> str:
        """The reading of ``word`` (the scheme's script) given the rule's reading ``by_rule``."""
        return self.reading(word, by_rule)[0]

    def reading(self, word: str, by_rule: str) -> tuple[str, How]:
        """The reading and how it was found: ``rule`` (nothing known says otherwise), ``word``,
        ``loose``, ``stem`` or ``parts`` (the steps of the module docstring)."""
        known = self._words.get(word)
        if known:
            return (by_rule, "rule") if by_rule in known else (known[0], "word")
        if self._loosen is not None:
            loosened = self._loosened.get(self._loosen(word), ())
            if len(loosened) == 1 and loosened[0] != by_rule:
                return loosened[0], "loose"
            if loosened:
                return by_rule, "rule"  # the rule's reading is known, or several are
        if self._harmony is None:
            return by_rule, "rule"  # no name parts without harmony: whole words only
        head, stem, tail = self._harmony.cut(word)
        found = self._fits(word, (head + s + tail for s in self._stems.get(stem, ())))
        how: How = "stem"
        if not found:
            found = self._fits(word, (head + s + tail for s in self._splits(stem)))
            how = "parts"
        if not found or by_rule in found:
            return by_rule, "rule"
        if how == "parts" and len(found) > 1:
            return by_rule, "rule"  # the splits disagree
        return found[0], how

    def _fits(self, word: str, candidates: Iterable[str]) -> list[str]:
        """The candidates the scheme writes exactly as ``word``, in order, each once."""
        return list(dict.fromkeys(c for c in candidates if self._write(c) == word))

    def _splits(self, stem: str) -> list[str]:
        """Spellings of ``stem`` as two known stems side by side, each of ``min_part`` letters
        or more (the best spelling of each)."""
        out: list[str] = []
        for i in range(self._min_part, len(stem) - self._min_part + 1):
            left, right = self._stems.get(stem[:i]), self._stems.get(stem[i:])
            if left and right:
                out.append(left[0] + right[0])
        return out
