"""``similarity(a, b) -> Score``: how alike two names are, and why.

Concepts owned here:

* **token alignment** — the tokens of the two names are paired order-free, best pairs first;
  two adjacent tokens of one name may pair with one token of the other (Ata Jurt / Atajurt); an
  initial pairs with a token it begins (S. / Serikzhan).
* **token similarity** — 1 minus the weighted edit distance between the two tokens' fine keys
  (:func:`kznames.phonetic.fine_key`: vowels kept, unlike the match key), over the longer key.
  The cost of each edit comes from ``keydata/costs.tsv`` (a vowel for a vowel is cheap, an
  unrelated consonant dear). Equal keys score 1.
* **alignment** (``Score.alignment``, :func:`alignment_score`; the hand-set score) — the
  aligned token similarities, weighted by token length; tokens left unmatched
  count against it, patronymics and initials less than names. A masculine and a feminine form of
  one surname (Ivanov/Ivanova) are related people, not one: their pair is capped at 0.6 and the
  explanation says so.
* **value** (``Score.value``) — the match model's calibrated probability that the two names
  are one entity (:mod:`kznames.model`, ``Score.probability``), or, when a veto holds (an
  alignment below :data:`ALIGNMENT_FLOOR`, or a paired name token below :data:`WEAKEST_FLOOR`),
  half the alignment: below 0.5, so below every link and split threshold.
  :func:`same` and dedup decide on it, so they never disagree with it.
* **explanation** — which tokens were paired, their pivots and keys, which key classes made
  them meet (``zh~j``), which edits remain, what stayed unmatched, each feature's contribution
  to the probability (``contributions``, ``waterfall()``) and the veto, if any.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

from ._args import require_str
from ._engine import CORE
from ._memo import Memo, short_inputs_cache
from .errors import DataFileError
from .frequencies import default_name_frequencies
from .givennames import default_given_name_forms
from .model import FEATURES, contributions
from .names import (
    RUSSIAN_PATRONYMIC_ENDINGS,
    NameToken,
    designators,
    gender_pair,
    levels,
    name_gender,
    parse,
)
from .palladius import pinyin_name, tone_marked_reading
from .phonetic import fine_key, folds, letter_classes
from .resources import in_line_order, keydata, read_table
from .scripts import detect_script
from .wadegiles import normalize as wade_giles_normalize
from .wadegiles import spells_pinyin, to_pinyin

__all__ = [
    "ALIGNMENT_FLOOR",
    "DEFAULT_THRESHOLD",
    "LINK_THRESHOLD",
    "MAX_TOKENS",
    "PROBABILITY_THRESHOLD",
    "WEAKEST_FLOOR",
    "Explanation",
    "Score",
    "TokenMatch",
    "alignment_score",
    "match_features",
    "match_probability",
    "match_score",
    "same",
    "similarity",
]

#: Tokens of each name that ``similarity`` compares; a longer text is cut to them (and says so).
MAX_TOKENS: Final = 32

#: The threshold of best F1 of ``similarity`` on ../shared/eval/dev_groups.tsv (0.65 measured,
#: ``kznames eval``): see docs/keys.md.
DEFAULT_THRESHOLD: Final = 0.65

#: The match model's probability (``Score.probability``) from which :func:`same` calls two names
#: one and :func:`kznames.dedup` links them (with the alignment floor below). Chosen on the fit
#: half of ../shared/eval (``kznames eval --half fit``; docs/matching.md): dedup recall at 0.7 /
#: 0.8 / 0.9 was 0.835 / 0.835 / 0.831 at precision 0.997 (split at 0.6), the best-F1 threshold
#: of the pairs 0.85: 0.8 is the highest on the plateau.
PROBABILITY_THRESHOLD: Final = 0.8

#: The hand-set alignment score below which no probability makes two names one (``Score.value`` is
#: then half the alignment): the model, fit on few pairs of unrelated names, gives some of them 0.5
#: and more (Kaşgar / Aksu 0.53, alignment 0.38; since the refit with the place and Kazakh-name
#: look-alikes, one-word names far apart have 0.5 to 0.7: Tentek / Tobol 0.58, alignment 0.23,
#: docs/matching.md). First measured with the link at 0.8
#: (docs/matching.md): floor 0 / 0.5 / 0.6 / 0.65 gave the synthetic dedup benchmark (10k rows)
#: precision 0.885 / 0.897 / 0.993 / 0.998. After the refit with the dense population and the gap
#: features (fit half, benchmark at 100k rows, with WEAKEST_FLOOR 0.75): floor 0.65 / 0.55 / 0.5 /
#: 0.45 gave fit-half persons recall 0.642 / 0.680 / 0.680 / 0.680 at benchmark precision 0.9988 /
#: 0.9983 / 0.9983 / 0.9983: 0.5.
ALIGNMENT_FLOOR: Final = 0.5

#: In two names of two or more paired name tokens, the least similarity of a paired pair below which
#: no probability makes them one (``Score.value`` is then half the alignment): a full name with the
#: same given name and a surname of another root (Zakhsoyev / Абсойев Казимир 0.67) is two people,
#: and the denser the column the more such pairs meet. Before the refit with the dense population,
#: the synthetic benchmark's precision at 100k rows was 0.954 without it and 0.991 at 0.8. After
#: (ALIGNMENT_FLOOR 0.5): none / 0.7 / 0.75 gave fit-half persons recall 0.692 / 0.680 / 0.680 at
#: benchmark precision 0.9980 / 0.9981 / 0.9983; 0.8 (floor 0.65) 0.626 / 0.9989. 0.75 keeps a
#: margin for denser columns than 100k rows.
WEAKEST_FLOOR: Final = 0.75

#: The similarity from which two spellings are linked as one name where many names meet: the
#: default ``threshold`` of :func:`kznames.dedup`, :meth:`kznames.Gazetteer.lookup` (similar
#: variants), :func:`kznames.text.reconcile` and their commands. Stricter than
#: ``DEFAULT_THRESHOLD``, because a link is transitive (chosen on the synthetic dedup benchmark
#: and dev_groups: docs/dedup.md). It is ``PROBABILITY_THRESHOLD`` by name, not a second 0.8:
#: a link is what :func:`same` answers (``similarity().value`` is the match probability).
LINK_THRESHOLD: Final = PROBABILITY_THRESHOLD

_COSTS_FILE: Final = keydata("costs.tsv")
_PINYIN_COSTS_FILE: Final = keydata("costs-pinyin.tsv")
_WEIGHT: Final = {"name": 1.0, "patronymic": 0.35, "initial": 0.3, "particle": 0.2}
_GENDER_CAP: Final = 0.6
_INITIAL_MATCH: Final = 0.9
_CONFLICT: Final = 0.6  # a paired token below this is a different name, not a spelling
_CONFLICT_CAP: Final = 0.5
_COMPOUND_MATCH: Final = 0.85
_COMPOUND_NOTE: Final = "compound: two tokens read as one"
# Two name words that are forms of one given name (namedata/given-name-forms.tsv: Volodya /
# Vladimir, Vova / Volodya, Helen / Елена) pair at this similarity: as a spelling would, with
# nothing for the model's attested-names features (kznames.givennames).
# 0.8 / 0.9 / 1.0 gave the same figures on the fit half; 0.9 keeps such a pair below an equal one.
_FORM_MATCH: Final = 0.9
# A form of several given names (Слава) paired with one of them: below what links two names.
_AMBIGUOUS_FORM_MATCH: Final = 0.6
# A Chinese word read in pinyin (_han_pinyin) counts only when it matches this well: the pinyin
# of a place is how its name is written in Latin (Yining / 伊宁), while a long pinyin against
# an unrelated short name (叶亦克乡 / Akqi) reaches about 0.5 by its vowels alone.
_HAN_READING_MATCH: Final = 0.8
_FORMS_NOTE: Final = "given-name forms"
# Two neighbouring letters swapped (a typing slip: Boluozv / Болұзов) cost half of two edits.
_TRANSPOSE: Final = 0.5
# A multi-token name is as alike as its tokens' weighted mean times its weakest token's
# similarity to this power: one clearly different token (Uztalov / Uzturov beside the same given
# name) weighs more than its share of letters. Measured on dev_groups: ROC AUC 0.909 -> 0.925,
# against look-alikes 0.623 -> 0.780 (powers 0.5 / 0.75 / 1 / 2: look-alike AUC 0.741 / 0.780 /
# 0.801 / 0.824, overall AUC 0.926 / 0.925 / 0.922 / 0.910); docs/keys.md.
_WEAKEST: Final = 0.75  # two joined tokens count as a compound only if they match well


def _read_costs(path: Path) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """Substitution and insertion/deletion costs from a cost table (``keydata/costs.tsv``); a
    :class:`~kznames.errors.DataFileError` names the line of every bad row."""
    substitution: dict[tuple[str, str], float] = {}
    indel: dict[str, float] = {}
    problems: list[str] = []
    for row in read_table(path, ("a", "b", "cost"), header=False, problems=problems):
        a, b, cost = row.fields
        try:
            value = float(cost)
        except ValueError:
            problems.append(row.problem(f"cost must be a number: {cost!r}"))
            continue
        if not a or not 0.0 <= value <= 1.0:
            problems.append(row.problem("expected a letter and a cost from 0 to 1"))
        elif b:
            substitution[(a, b)] = substitution[(b, a)] = value
        else:
            indel[a] = value
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return substitution, indel


@lru_cache(maxsize=1)
def _costs() -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """Substitution and insertion/deletion costs from ``keydata/costs.tsv``."""
    return _read_costs(_COSTS_FILE)


@lru_cache(maxsize=1)
def _pinyin_costs() -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The costs between a Chinese word and a word of another script: ``costs.tsv``
    with the rows of ``keydata/costs-pinyin.tsv`` in place of its own (vowels of other
    qualities dearer: 韩国 han-guo is not Xangai; :func:`_pair`)."""
    substitution, indel = _costs()
    pinyin_substitution, pinyin_indel = _read_costs(_PINYIN_COSTS_FILE)
    return substitution | pinyin_substitution, indel | pinyin_indel


@lru_cache(maxsize=64)
def _substitutions_of(x: str) -> dict[str, float]:
    """The substitution costs from one letter: ``{y: cost}``."""
    substitution, _ = _costs()
    return {b: cost for (a, b), cost in substitution.items() if a == x}


@lru_cache(maxsize=64)
def _pinyin_substitutions_of(x: str) -> dict[str, float]:
    """The substitution costs from one letter between pinyin and another script."""
    substitution, _ = _pinyin_costs()
    return {b: cost for (a, b), cost in substitution.items() if a == x}


def _python_distance(a: str, b: str, pinyin: bool = False) -> tuple[float, tuple[str, ...]]:
    """Weighted edit distance between two keys, and the edits it made (``a>e``, ``+i``, ``-k``):
    the Python engine's, and the reference of the compiled core's ``_core.distance``. With
    ``pinyin``, by the costs between a Chinese word and another script's word.

    >>> _python_distance("serik", "serick"), _python_distance("kanguo", "kangai", pinyin=True)
    ((1.0, ('+c',)), (1.9, ('u>a', 'o>i')))
    """
    substitution, indel = _pinyin_costs() if pinyin else _costs()
    substitutions_of = _pinyin_substitutions_of if pinyin else _substitutions_of
    rows = len(a) + 1
    cols = len(b) + 1
    # The inner loop runs for every letter pair (this is where similarity spends its time): costs
    # are looked up once per letter, not per pair, the cells to the left and above-left are
    # carried in locals, and a transposition is only tried where the letter before this one
    # (differing from it) is here. Each cell is the least of the same sums as before, so the
    # figures are tests/reference_distance.py's to the bit.
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
        left = row[0] = above[0] + drop_x
        replace = substitutions_of(x).get
        before = a[i - 2] if i > 1 and a[i - 2] != x else None
        diagonal = above[0]
        for j in range(1, cols):
            y = b[j - 1]
            up = above[j]
            best = up + drop_x
            other = left + add[j - 1]
            if other < best:
                best = other
            other = diagonal + (0.0 if x == y else replace(y, 1.0))
            if other < best:
                best = other
            if y == before and j > 1 and b[j - 2] == x:
                other = cost[i - 2][j - 2] + _TRANSPOSE
                if other < best:
                    best = other
            row[j] = left = best
            diagonal = up
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


def _compiled_distance(core: Any) -> Callable[[str, str, bool], tuple[float, tuple[str, ...]]]:
    """``_python_distance`` run by the compiled core, with the cost tables as the core's arrays
    (built again when ``_costs`` or ``_pinyin_costs`` is read again)."""
    compiled: Callable[[str, str, Any], tuple[float, tuple[str, ...]]] = core.distance
    # For each of the two tables (costs.tsv, and with costs-pinyin.tsv): the costs read, and the
    # core's table of them.
    tables: list[list[Any]] = [[None, None], [None, None]]

    def distance(a: str, b: str, pinyin: bool = False) -> tuple[float, tuple[str, ...]]:
        """Weighted edit distance between two keys, and the edits it made (compiled)."""
        costs = _pinyin_costs() if pinyin else _costs()
        table = tables[pinyin]
        if table[0] is not costs:
            table[:] = [costs, core.CostTable(*costs, _TRANSPOSE)]
        return compiled(a, b, table[1])

    return distance


#: The weighted edit distance (memoised) of the engine that runs (:func:`kznames.engine`), and
#: the same between a Chinese word and another script's word (``pinyin=True``).
_distance = short_inputs_cache()(_python_distance if CORE is None else _compiled_distance(CORE))


@lru_cache(maxsize=1)
def _cheapest_edits() -> tuple[float, float]:
    """The least an insertion or deletion can cost, and the least one letter count changed by
    any edit can cost (a substitution changes two counts)."""
    cheapest_indel = cheapest_count = 1.0
    for substitution, indel in (_costs(), _pinyin_costs()):
        cheapest_indel = min([cheapest_indel, *indel.values()])
        cheapest_count = min(
            [cheapest_indel, cheapest_count, *(v / 2 for v in substitution.values())]
        )
    return cheapest_indel, cheapest_count


def _may_reach(a: str, b: str, value: float) -> bool:
    """False when ``_key_similarity(a, b)`` is sure to be below ``value``: a length difference
    costs an insertion or deletion a letter, and letters the keys do not share cost at least the
    cheapest edit each. Cheap, so it runs before the edit distance."""
    if a == b:
        return True
    longest = max(len(a), len(b))
    indel, per_count = _cheapest_edits()
    if 1.0 - abs(len(a) - len(b)) * indel / longest < value:
        return False
    unshared = _unshared(a, b)
    return 1.0 - unshared * per_count / longest >= value


def _unshared(a: str, b: str) -> int:
    """How many letters of the two keys the other lacks, counted with multiplicity (the sum of
    the differences of each letter's counts).

    >>> _unshared("aabk", "abbt")
    4
    """
    return sum(abs(a.count(c) - b.count(c)) for c in set(a + b))


def _key_similarity(a: str, b: str, pinyin: bool = False) -> tuple[float, tuple[str, ...]]:
    if a == b:
        return 1.0, ()
    distance, edits = _distance(a, b, pinyin)
    return max(0.0, 1.0 - distance / max(len(a), len(b))), edits


@lru_cache(maxsize=1)
def _class_spellings() -> tuple[dict[str, str], re.Pattern[str]]:
    """Spelling -> class symbol, from the first fold pass (keydata/fold-1-letters.scheme), and a
    pattern finding the spellings longest first: explanations name the classes the key used."""
    classes = {
        rule.source: rule.target
        for rule in folds()[0].rules
        if rule.target and not rule.conditions and rule.source.isalpha()
    }
    for symbol in set(classes.values()):
        classes.setdefault(symbol, symbol)  # the class letter as written is a spelling too
    pattern = re.compile("|".join(re.escape(s) for s in sorted(classes, key=len, reverse=True)))
    return classes, pattern


def _spellings(pivot: str) -> dict[str, set[str]]:
    classes, pattern = _class_spellings()
    found: dict[str, set[str]] = {}
    for match in pattern.finditer(pivot):
        found.setdefault(classes[match.group()], set()).add(match.group())
    return found


def _classes_used(pivot_a: str, pivot_b: str) -> tuple[str, ...]:
    """Which key classes join spellings that differ between the two pivots (zh/j: j class)."""
    in_a, in_b = _spellings(pivot_a), _spellings(pivot_b)
    rules = []
    for symbol in sorted(in_a.keys() & in_b.keys()):
        a, b = in_a[symbol], in_b[symbol]
        if a != b:
            rules.append(f"{'/'.join(sorted(a | b))}: {symbol} class")
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """Two aligned pieces of the names (a piece may be two joined tokens): as written
    (``a``, ``b``), their pivots, and their fine keys (``key_a``, ``key_b``: what the edit
    distance compares, :func:`kznames.phonetic.fine_key`; not the coarser match key)."""

    a: str
    b: str
    pivot_a: str
    pivot_b: str
    key_a: str
    key_b: str
    similarity: float
    rules: tuple[str, ...] = ()
    edits: tuple[str, ...] = ()
    note: str = ""

    def __str__(self) -> str:
        why = "; ".join(self.rules + ((f"edits {' '.join(self.edits)}",) if self.edits else ()))
        note = f" [{self.note}]" if self.note else ""
        return f"{self.a}~{self.b} {self.similarity:.2f}" + (f" ({why})" if why else "") + note


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why two names scored as they did. ``str()`` is one line; ``to_dict()`` is JSON-ready."""

    matches: tuple[TokenMatch, ...] = ()
    unmatched_a: tuple[str, ...] = ()
    unmatched_b: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    #: The match model's waterfall: ``(feature, contribution in log-odds)``, intercept first.
    contributions: tuple[tuple[str, float], ...] = ()
    #: Why the probability does not count (``Score.value`` is then half the alignment), or "":
    #: the alignment is below :data:`ALIGNMENT_FLOOR`, or a paired name token below
    #: :data:`WEAKEST_FLOOR`.
    veto: str = ""

    def waterfall(self) -> str:
        """The match model's contributions, largest first, one line: ``base +4.10, …``; and
        the veto, if one held."""
        parts = sorted(self.contributions, key=lambda c: -abs(c[1]))
        line = ", ".join(f"{name} {value:+.2f}" for name, value in parts if abs(value) >= 0.005)
        return f"{line}; vetoed: {self.veto}" if self.veto else line

    def __str__(self) -> str:
        parts = [str(m) for m in self.matches]
        if self.unmatched_a or self.unmatched_b:
            left = ", ".join(self.unmatched_a) or "-"
            right = ", ".join(self.unmatched_b) or "-"
            parts.append(f"unmatched: {left} | {right}")
        parts.extend(self.notes)
        return "; ".join(parts) if parts else "nothing to compare"

    def to_dict(self) -> dict[str, object]:
        return {
            "matches": [
                {
                    "a": m.a,
                    "b": m.b,
                    "pivot_a": m.pivot_a,
                    "pivot_b": m.pivot_b,
                    "key_a": m.key_a,
                    "key_b": m.key_b,
                    "similarity": round(m.similarity, 4),
                    "rules": list(m.rules),
                    "edits": list(m.edits),
                    "note": m.note,
                }
                for m in self.matches
            ],
            "unmatched_a": list(self.unmatched_a),
            "unmatched_b": list(self.unmatched_b),
            "notes": list(self.notes),
            "contributions": {name: round(value, 4) for name, value in self.contributions},
            "veto": self.veto,
        }


@dataclass(frozen=True, slots=True)
class Score:
    """How alike two names are: ``value``, the calibrated probability that they are one entity
    after the vetoes, and the ``explanation`` of it. ``float(score)`` is the value.

    * ``value`` — the match model's ``probability``; or, when the hand-set ``alignment`` is
      below :data:`ALIGNMENT_FLOOR` or, in names of two or more paired name tokens, one pair is
      below :data:`WEAKEST_FLOOR` (``explanation.veto`` says which), half the alignment: below
      0.5, under the link and split thresholds, and still a ranking among vetoed pairs (report
      half ROC AUC 0.793 when a veto set the value to 0; docs/matching.md). :func:`same` and
      :func:`kznames.dedup` decide on it, so ``same(a, b, t) == (similarity(a, b).value >= t)``.
    * ``probability`` — the match model's probability before the vetoes (:mod:`kznames.model`);
      its waterfall is ``explanation.contributions``.
    * ``alignment`` — the hand-set score of the token alignment, 0..1 (:func:`alignment_score`):
      how alike the letters are, whatever the kind of name. Gazetteer lookup and
      :func:`kznames.text.reconcile` rank candidates by it (a person's name against a place of
      one loosely similar word has a probability of 0.65 but an alignment of 0.57).
    """

    value: float
    explanation: Explanation
    probability: float = 0.0
    alignment: float = 0.0

    @property
    def match(self) -> float:
        """Deprecated: read ``value`` (``match`` was the decision score's name before ``value``
        became it; never documented as API). Warns with :class:`DeprecationWarning`."""
        warnings.warn(
            "Score.match is deprecated: read Score.value", DeprecationWarning, stacklevel=2
        )
        return self.value

    def __float__(self) -> float:
        return self.value

    def to_dict(self) -> dict[str, object]:
        return {
            "value": round(self.value, 4),
            "probability": round(self.probability, 4),
            "alignment": round(self.alignment, 4),
            "explanation": self.explanation.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    pivot: str
    key: str
    kind: str
    weight: float
    # A Russian patronymic (-ovich, -ovna) is a father's name: it pairs only with another.
    # Kazakh -uly/-qyzy forms also serve as surnames and may pair with a name.
    fathers_name: bool = False
    # The fine key of the token read as toneless pinyin (Halemubieke: kalembek), or of the stem
    # of a Russian adjective before a level word (Алматинская область: almat), or "".
    reading: str = ""
    # The level a word says the place is of (Region, облысы: region; keydata/levels.tsv), or "".
    level: str = ""


def _pieces(tokens: list[NameToken]) -> list[_Piece]:
    return [
        _Piece(
            t.text,
            t.pivot,
            t.fine,
            t.kind,
            _WEIGHT[t.kind] * max(len(t.fine), 2),
            t.kind == "patronymic" and letter_classes(t.text).endswith(RUSSIAN_PATRONYMIC_ENDINGS),
            t.reading or _han_pinyin(t.text, t.fine),
        )
        for t in tokens
    ]


def _han_pinyin(text: str, fine: str) -> str:
    """The fine key of a Chinese word's pinyin (each character's usual reading) when its own
    fine key is another name's: the key reads a place by the name its people use (伊宁 as
    Ghulja, 喀什 as Qeshqer), and the alignment then met the pinyin (Yining, Kashi) with the
    other name and vetoed a true pair (Yining / 伊宁 0.04). ``""`` for any other word.

    >>> _han_pinyin("伊宁", fine_key("伊宁")), _han_pinyin("韩国", fine_key("韩国"))
    ('ining', '')
    """
    if _script_of(text) != "Hani":
        return ""
    from pypinyin import Style, lazy_pinyin  # a dependency of the pinyin scheme, imported on use

    reading = fine_key("".join(lazy_pinyin(text, style=Style.NORMAL)))
    return "" if reading == fine else reading


def _with_levels(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces with the level of a level word at the end or start of a name of two or more
    (``keydata/levels.tsv``), a Russian adjective before a last one also read as its stem
    (Алматинская область: Алмат), and a Chinese word's level suffix a piece of its own
    (阿拉木图州: 阿拉木图 and 州)."""
    table = levels()
    if pieces:
        # A Chinese word ending in a level's suffix (阿拉木图州): the name, then the suffix.
        text = pieces[-1].text
        for suffix, level in table.suffixes:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                # One character would be read as an initial: the suffix is a name word.
                ending = [
                    replace(
                        p, kind="name", weight=_WEIGHT["name"] * max(len(p.key), 2), level=level
                    )
                    for p in _pieces(parse(suffix))
                ]
                return [*pieces[:-1], *_pieces(parse(text[: -len(suffix)])), *ending]
    if len(pieces) < 2:
        return pieces
    last = table.last.get(pieces[-1].text.casefold())
    if last is not None:
        pieces = [*pieces[:-1], replace(pieces[-1], level=last)]
        before = pieces[-2]
        stem = table.adjective_stem(before.text, last) if not before.reading else ""
        if stem:
            pieces[-2] = replace(before, reading=fine_key(stem))
        return pieces
    first = table.first.get(pieces[0].text.casefold())
    if first is not None:
        pieces = [replace(pieces[0], level=first), *pieces[1:]]
    return pieces


_pieces_memo: Memo[str, tuple[_Piece, ...]] = Memo()


def _name_pieces(name: str) -> list[_Piece]:
    """``_pieces(parse(name))`` with the level words marked (:func:`_with_levels`), memoised per
    name: a column of names meets each name in many pairs, and cleaning and tokenising it again
    cost about half of a pair whose tokens are known."""
    hit = _pieces_memo.get(name)
    if hit is None:
        hit = _pieces_memo.put(name, tuple(_with_levels(_pieces(parse(name)))))
    return list(hit)


@short_inputs_cache(size=lambda a, b: len(a.text) + len(b.text))
def _pair(a: _Piece, b: _Piece) -> TokenMatch:
    """How two tokens match (memoised: a column of names repeats its tokens)."""
    if a.level and a.level == b.level:
        # Two words saying the place is of one level, in any language (Region / облысы).
        note = f"both say {a.level}"
        return TokenMatch(a.text, b.text, a.pivot, b.pivot, a.key, b.key, 1.0, note=note)
    if (a.fathers_name or b.fathers_name) and a.kind != b.kind:
        return TokenMatch(a.text, b.text, a.pivot, b.pivot, a.key, b.key, 0.0)
    if a.kind == "initial" or b.kind == "initial":
        initial, other = (a, b) if a.kind == "initial" else (b, a)
        value = _INITIAL_MATCH if other.key.startswith(initial.key[:1]) else 0.0
        return TokenMatch(a.text, b.text, a.pivot, b.pivot, a.key, b.key, value, note="initial")
    # A Chinese word against a word of another script: its key and reading are pinyin, or read
    # as the name its people use (喀什: Qeshqer), whose vowels keep their quality too.
    pinyin = _hani(a) != _hani(b)
    value, edits = _key_similarity(a.key, b.key, pinyin)
    note = ""
    if value < _FORM_MATCH and a.kind == "name" and b.kind == "name":
        forms = default_given_name_forms()
        common = forms.common_name(a.key, b.key)
        if common is not None:
            # A form of several names (Слава: Вячеслав, Станислав) is a weaker match: were it
            # 0.9, dedup would chain Вячеслав Иванов and Станислав Иванов through Слава Иванов.
            several = forms.several(a.key) or forms.several(b.key)
            note = f"{_FORMS_NOTE} of {common}" + (" and other names" if several else "")
            value = _AMBIGUOUS_FORM_MATCH if several else _FORM_MATCH
            return TokenMatch(a.text, b.text, a.pivot, b.pivot, a.key, b.key, value, note=note)
    if a.reading or b.reading:
        # A token that could be toneless pinyin is also compared as the Turkic name it would
        # render (Halemubieke / Alimbek / 哈列木别克); the better reading counts.
        # A Chinese word's pinyin last: a Latin word's Turkic reading that matches as well is
        # what the explanation names (Halemubieke read as kalembek).
        pairs = sorted(
            (
                (key_a, key_b)
                for key_a in (a.key, a.reading)
                for key_b in (b.key, b.reading)
                if key_a and key_b and (key_a, key_b) != (a.key, b.key)
            ),
            key=lambda pair: (pair[0] != a.key and _hani(a)) or (pair[1] != b.key and _hani(b)),
        )
        for key_a, key_b in pairs:
            if _may_reach(key_a, key_b, value):
                read_value, read_edits = _key_similarity(key_a, key_b, pinyin)
                han = (key_a != a.key and _hani(a)) or (key_b != b.key and _hani(b))
                if read_value > value and (read_value >= _HAN_READING_MATCH or not han):
                    value, edits = read_value, read_edits
                    note = "; ".join(
                        f"{piece.text} read as {_reading_kind(piece)}: {reading}"
                        for piece, reading in ((a, key_a), (b, key_b))
                        if reading != piece.key
                    )
    if gender_pair(a.key, b.key):
        value = min(value, _GENDER_CAP)
        note = "related: masculine and feminine forms of one surname, not the same person"
    rules = _classes_used(a.pivot, b.pivot) if a.key == b.key and a.pivot != b.pivot else ()
    return TokenMatch(a.text, b.text, a.pivot, b.pivot, a.key, b.key, value, rules, edits, note)


def _hani(piece: _Piece) -> bool:
    """Whether a piece is Chinese characters (its reading, if any, is their pinyin)."""
    return _script_of(piece.text) == "Hani"


def _reading_kind(piece: _Piece) -> str:
    """What a piece's reading is: an adjective's stem (a Cyrillic word) or toneless pinyin."""
    return "an adjective's stem" if detect_script(piece.text) == "Cyrl" else "pinyin"


def _joined(pieces: list[_Piece], i: int) -> _Piece:
    first, second = pieces[i], pieces[i + 1]
    return _Piece(
        f"{first.text} {second.text}",
        first.pivot + second.pivot,
        first.key + second.key,
        "name",
        first.weight + second.weight,
    )


def _python_align(
    a: list[_Piece], b: list[_Piece]
) -> tuple[list[TokenMatch], set[int], set[int], float]:
    """Greedy best-first alignment; returns matches, used indices and the matched weight (the
    Python engine's, and the reference of the compiled core's ``Aligner.align``)."""
    candidates: list[tuple[float, int, int, TokenMatch, float]] = []
    for i, pa in enumerate(a):
        for j, pb in enumerate(b):
            match = _pair(pa, pb)
            if match.similarity > 0:
                candidates.append((match.similarity, -i, -j, match, pa.weight + pb.weight))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    matches: list[TokenMatch] = []
    gained = 0.0
    for value, ni, nj, match, weight in candidates:
        i, j = -ni, -nj
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matches.append(match)
        gained += value * weight
    return matches, used_a, used_b, gained


def _python_score_pieces(a: list[_Piece], b: list[_Piece]) -> tuple[float, Explanation]:
    """The alignment of two names' pieces: its hand-set value and explanation (the Python
    engine's, and the reference of the compiled core's ``Aligner.score_pieces``)."""
    total = sum(p.weight for p in a) + sum(p.weight for p in b)
    if total == 0:
        return 0.0, Explanation(notes=("no letters to compare",))
    matches, used_a, used_b, gained = _python_align(a, b)
    value = gained / total
    notes: tuple[str, ...] = ()
    # Two full names that pair a token with a clearly different one (POPOV Dimitri / POPOV
    # Pavel) are different people however much else they share.
    named = [m for m in matches if m.note != "initial"]
    if len(named) >= 2:
        value *= min(m.similarity for m in named) ** _WEAKEST
    conflicts = [m for m in matches if m.similarity < _CONFLICT and m.note != "initial"]
    left = [p for i, p in enumerate(a) if i not in used_a and p.kind == "name"]
    right = [p for j, p in enumerate(b) if j not in used_b and p.kind == "name"]
    if conflicts and len(matches) > 1:
        value = min(value, _CONFLICT_CAP)
        notes = (f"conflict: {conflicts[0].a} is not {conflicts[0].b}",)
    elif left and right and matches:
        # Each name keeps a name the other lacks: Dmitriy / Kirill SLOBODSKOY.
        value = min(value, _CONFLICT_CAP)
        notes = (f"conflict: {left[0].text} is not {right[0].text}",)
    explanation = Explanation(
        tuple(matches),
        tuple(p.text for i, p in enumerate(a) if i not in used_a),
        tuple(p.text for j, p in enumerate(b) if j not in used_b),
        notes,
    )
    return value, explanation


#: The alignment of the engine that runs (:func:`kznames.engine`): the compiled core's
#: ``Aligner`` (same candidates, order, sums and notes; tests/test_core_score.py) or the Python.
_aligner: Any = (
    None if CORE is None else CORE.Aligner(_pair, Explanation, _CONFLICT, _CONFLICT_CAP, _WEAKEST)
)
_score_pieces: Callable[[list[_Piece], list[_Piece]], tuple[float, Explanation]] = (
    _python_score_pieces if _aligner is None else _aligner.score_pieces
)


def _python_best(a: list[_Piece], b: list[_Piece]) -> tuple[float, Explanation]:
    """The alignment of two names' pieces, or of one with a spaced compound read as one token
    when that is better (the Python engine's, and the reference of the compiled core's
    ``Best``)."""
    best = _score_pieces(a, b)
    # A spaced compound on one side against one token on the other: Ata Jurt / Atajurt.
    for side_a, side_b, flip in ((a, b, False), (b, a, True)):
        for i in range(len(side_a) - 1):
            compound = _joined(side_a, i)
            # The compound counts only if it matches some token well, and better than either of
            # its two tokens alone does: a surname and a short given name read as one word are
            # not a spelling of that surname (Болжанбақов Юрий / Bolzhanbakov 0.86, while
            # Болжанбақов alone is 1.0). Tested first, one token pair at a time, before aligning
            # whole names.
            partners = {
                other.text
                for other in side_b
                if (other.kind == "initial" or _may_reach(compound.key, other.key, _COMPOUND_MATCH))
                and (joined_value := _pair(compound, other).similarity) >= _COMPOUND_MATCH
                and joined_value > _pair(side_a[i], other).similarity
                and joined_value > _pair(side_a[i + 1], other).similarity
            }
            if not partners:
                continue
            merged = [*side_a[:i], compound, *side_a[i + 2 :]]
            value, explanation = (
                _score_pieces(side_b, merged) if flip else _score_pieces(merged, side_b)
            )
            joined = side_a[i].text + " " + side_a[i + 1].text
            fits = any(
                (m.b if m.a == joined else m.a) in partners
                for m in explanation.matches
                if joined in (m.a, m.b)
            )
            if fits and value > best[0] + 1e-12:
                note = _COMPOUND_NOTE
                best = (value, Explanation(*_fields(explanation), notes=(note, *explanation.notes)))
    return best


#: The alignment with its compound search, by the engine that runs: the compiled core's
#: ``Best`` (the same candidates, tests and sums; tests/test_core_score.py) or the Python.
_best: Callable[[list[_Piece], list[_Piece]], tuple[float, Explanation]] = (
    _python_best
    if CORE is None
    else CORE.Best(
        _aligner,
        _pair,
        _Piece,
        Explanation,
        _cheapest_edits,
        _COMPOUND_MATCH,
        _COMPOUND_NOTE,
    )
)


def _fields(e: Explanation) -> tuple[tuple[TokenMatch, ...], tuple[str, ...], tuple[str, ...]]:
    return e.matches, e.unmatched_a, e.unmatched_b


def _order_changed(a: list[_Piece], b: list[_Piece], matches: tuple[TokenMatch, ...]) -> bool:
    """True when the paired tokens come in another order in the two names."""
    first_a = {p.text: i for i, p in reversed(list(enumerate(a)))}
    first_b = {p.text: i for i, p in reversed(list(enumerate(b)))}
    order = sorted(
        (first_a.get(m.a.split(" ")[0], 0), first_b.get(m.b.split(" ")[0], 0)) for m in matches
    )
    return any(later[1] < earlier[1] for earlier, later in pairwise(order))


_script_memo: Memo[str, str] = Memo()


def _script_of(text: str) -> str:
    """``detect_script(text)``, memoised per name: similarity asks it of both names of every
    pair, and a name of several scripts costs a regex match per letter."""
    hit = _script_memo.get(text)
    if hit is None:
        hit = _script_memo.put(text, detect_script(text))
    return hit


# A name's pinyin readings: one set of toneless syllables per Chinese character (all the readings
# of a character of several: 伽 ga/jia/qie), or the letters of a Latin name that spells pinyin.
_Readings = tuple[frozenset[str], ...] | str
_readings_memo: Memo[str, _Readings] = Memo()


def _han_readings(han: str) -> tuple[frozenset[str], ...]:
    from pypinyin import Style, pinyin  # a dependency of the pinyin scheme, imported on use

    return tuple(
        frozenset(r for r in readings if r.isalpha())
        for readings in pinyin(han, style=Style.NORMAL, heteronym=True)
    )


def _pinyin_readings(text: str, script: str) -> _Readings:
    """What a name reads in pinyin, or ``""``: Chinese characters (less a designator suffix: 市,
    镇) as each character's readings, a Latin name whose letters are all pinyin syllables (Dihua,
    Kashi Shi) or one Wade-Giles word (K'a-shih-erh: kashier) as its letters. Memoised.

    >>> _pinyin_readings("Dihua", "Latn"), _pinyin_readings("Kashgar", "Latn")
    ('dihua', '')
    >>> [sorted(r) for r in _pinyin_readings("伽师市", "Hani")]
    [['ga', 'jia', 'qie'], ['shi']]
    """
    hit = _readings_memo.get(text)
    if hit is None:
        form: _Readings = ""
        if script == "Hani":
            han = "".join(c for c in text if not c.isspace())
            for suffix in designators()[1]:
                if han.endswith(suffix) and len(han) > len(suffix) + 1:
                    han = han[: -len(suffix)]
                    break
            form = _han_readings(han)
            if not form or not all(form):
                form = ""
        elif script == "Latn":
            letters = "".join(c for c in text.lower() if c.isalpha())
            if letters and letters.isascii() and spells_pinyin(letters):
                form = letters
            elif len(text.split()) == 1:
                form = "".join(c for c in (to_pinyin(text) or "") if c.isalpha())
        hit = _readings_memo.put(text, form)
    return hit


def _reaches(latin: str, han: tuple[frozenset[str], ...]) -> Iterator[set[int]]:
    """The positions in ``latin`` reached by reading the characters' readings in order: before
    the first character ({0}), then after each."""
    reach = {0}
    yield reach
    for readings in han:
        reach = {i + len(r) for i in reach for r in readings if latin.startswith(r, i)}
        yield reach


def _spells(latin: str, han: tuple[frozenset[str], ...]) -> bool:
    """True when ``latin`` reads as the characters' readings in order, either running out first
    (the characters end in a designator: 伽师县 / Jiashi) or going on (Kashi Shi / 喀什)."""
    for reach in _reaches(latin, han):
        if len(latin) in reach:
            return True
        if not reach:
            return False
    return True


def _readings_agree(text_a: str, text_b: str, script_a: str, script_b: str) -> bool:
    """True when Chinese characters and a Latin name read alike in pinyin to the last letter
    (喀什 / Kashi, 伽师县 / Jiashixian, 喀什市 / Kashi Shi less the designator word): the Latin
    name is the characters' pinyin, whatever their Uyghur reading (Qeshqer) makes of the
    alignment."""
    if {script_a, script_b} != {"Hani", "Latn"}:
        return False
    han_text, latin_text = (text_a, text_b) if script_a == "Hani" else (text_b, text_a)
    han = _pinyin_readings(han_text, "Hani")
    words = latin_text.split()
    if len(words) > 1 and fine_key(words[-1]) in designators()[0]:
        latin_text = " ".join(words[:-1])
    latin = _pinyin_readings(latin_text, "Latn")
    if not han or not latin or not isinstance(latin, str) or isinstance(han, str):
        return False
    *_, last = _reaches(latin, han)
    return len(latin) in last


def _readings_differ(text_a: str, text_b: str, script_a: str, script_b: str) -> bool:
    """True when both names read in pinyin (:func:`_pinyin_readings`) and the readings differ:
    德国 (de guo) / Dihua, 伽师县 / 和硕县, Yuli / Yili are other names; a reading and the same
    with a designator (Jiashi / 伽师县, Kashi Shi / Kashi) are not, nor one of a character's
    other readings (伽 jia or ga)."""
    if not {script_a, script_b} <= {"Hani", "Latn"}:
        return False
    one, two = _pinyin_readings(text_a, script_a), _pinyin_readings(text_b, script_b)
    if not one or not two:
        return False
    if isinstance(one, str):
        if isinstance(two, str):
            return not (one.startswith(two) or two.startswith(one))
        return not _spells(one, two)
    if isinstance(two, str):
        return not _spells(two, one)
    return any(not (x & y) for x, y in zip(one, two, strict=False))


def _python_features(
    a: list[_Piece],
    b: list[_Piece],
    value: float,
    explanation: Explanation,
    text_a: str,
    text_b: str,
) -> tuple[float, ...]:
    """The match model's features (:data:`kznames.model.FEATURES`) of one alignment (the Python
    engine's, and the reference of the compiled core's ``Features``)."""
    matches = explanation.matches
    named = [m for m in matches if m.note != "initial"]
    sims = [m.similarity for m in named]
    kinds = {p.text: p.kind for p in (*a, *b)}
    # A word that says a place is a city or township (Qeshqer Shehiri) is no name left unpaired.
    places = {p.text for p in (*a, *b) if p.key in designators()[0]}
    unmatched = (*explanation.unmatched_a, *explanation.unmatched_b)
    unmatched_names = sum(
        1 for t in unmatched if kinds.get(t, "name") == "name" and t not in places
    )
    table = default_name_frequencies()
    rare_equal = attested = common = given = 0.0
    for m in named:
        if m.note.startswith(_FORMS_NOTE):
            continue  # two forms of one given name: no evidence of two names
        if m.key_a == m.key_b:
            rare_equal += table.rarity(m.key_a)
        elif table.attested(m.key_a) and table.attested(m.key_b):
            if len(named) >= 2 and "given" in table.kinds(m.key_a) & table.kinds(m.key_b):
                # Two attested given names in full names: often one name's forms (Akhmad /
                # Akhmed / Akhmet, Zakhar / Zakaria), which the name lists keep apart.
                given += 1
                continue
            attested += 1
            common += 1.0 - max(table.rarity(m.key_a), table.rarity(m.key_b))
    script_a, script_b = _script_of(text_a), _script_of(text_b)
    values = {
        "base": value,
        "weakest": min(sims, default=0.0),
        "mean": sum(sims) / len(sims) if sims else 0.0,
        "classes": min(4, sum(len(m.rules) for m in matches)),
        "initials": min(3, sum(1 for m in matches if m.note == "initial" and m.similarity > 0)),
        "unmatched_other": min(3, len(unmatched) - unmatched_names),
        "gender": float(any(m.note.startswith("related:") for m in matches)),
        "genders_differ": float(any(_genders_differ(m) for m in named)),
        "conflict": float(any(n.startswith("conflict") for n in explanation.notes)),
        "order": float(_order_changed(a, b, matches)),
        "rare_equal": rare_equal,
        "attested_differ": min(3.0, attested),
        "common_differ": common,
        "given_differ": min(3.0, given),
        "cross_script": float(script_a != script_b),
        "han": float("Hani" in (script_a, script_b)),
        "single": float(len(a) == 1 and len(b) == 1),
    }
    values |= {
        "base4": value**4,
        "mean4": values["mean"] ** 4,
        "weakest4": values["weakest"] ** 4,
        "exact": float(value >= 0.999),
        "single_base": values["single"] * value,
        "weakest_rare": values["weakest"] * rare_equal,
        "cross_script_base": values["cross_script"] * value,
        "order_base": values["order"] * value,
        "unmatched_fuzzy": (1.0 - values["weakest"]) * min(3, unmatched_names),
        "weakest_multi": values["weakest"] if len(sims) >= 2 else 1.0,
        "weakest_multi4": (values["weakest"] if len(sims) >= 2 else 1.0) ** 4,
        "gap_multi": 0.0,
        "inner_gap_multi": 0.0,
    }
    if len(sims) >= 2:
        weakest = min(named, key=lambda m: m.similarity)
        # Two forms of one given name differ in letters (Volodya / Vladimir), not in root.
        forms = weakest.note.startswith(_FORMS_NOTE)
        gap, inner = (0, 0) if forms else _gaps(weakest.key_a, weakest.key_b)
        values["gap_multi"], values["inner_gap_multi"] = min(4, gap), min(4, inner)
    values["readings_differ"] = float(_readings_differ(text_a, text_b, script_a, script_b))
    values["readings_agree"] = float(_readings_agree(text_a, text_b, script_a, script_b))
    values["first_differ"] = values["short_single"] = 0.0
    if named:
        weakest = min(named, key=lambda m: m.similarity)
        values["first_differ"] = float(weakest.key_a[:1] != weakest.key_b[:1])
        if values["single"] and not unmatched:
            shortest = min(len(weakest.key_a), len(weakest.key_b))
            values["short_single"] = max(0, 7 - shortest) * (1.0 - weakest.similarity)
    return tuple(float(values[name]) for name in FEATURES)


def _genders_differ(match: TokenMatch) -> bool:
    """True when two paired tokens of other stems end as a man's and a woman's surname or
    patronymic (Иванов / Umanova, Nurlanuly / Serikqyzy); one stem's two forms are the
    ``gender`` feature's (Ivanov / Ivanova)."""
    if match.note.startswith("related:") or " " in match.a or " " in match.b:
        return False
    return {name_gender(match.a), name_gender(match.b)} == {"m", "f"}


@short_inputs_cache()
def _gaps(a: str, b: str) -> tuple[int, int]:
    """The longest run of differing letters between two keys, and the longest that does not
    reach the end of both (``difflib``'s matching blocks).

    >>> _gaps("uzkasbolova", "saiqasbolova"), _gaps("kunanbaiuli", "kunanbaev")
    ((4, 4), (4, 0))
    """
    longest = inner = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            run = max(i2 - i1, j2 - j1)
            longest = max(longest, run)
            if not (i2 == len(a) and j2 == len(b)):
                inner = max(inner, run)
    return longest, inner


#: The match model's features of one alignment (``features(a, b, value, explanation, text_a,
#: text_b)``, :data:`kznames.model.FEATURES` order) by the engine that runs: the compiled core's
#: ``Features`` (the same steps and helpers; tests/test_core_score.py) or the Python.
features: Callable[
    [list[_Piece], list[_Piece], float, Explanation, str, str], tuple[float, ...]
] = (
    _python_features
    if CORE is None
    else CORE.Features(
        designators,
        default_name_frequencies,
        _script_of,
        _genders_differ,
        _order_changed,
        _gaps,
        _readings_differ,
        _readings_agree,
        FEATURES,
        _FORMS_NOTE,
    )
)


def _aligned(a: str, b: str) -> tuple[list[_Piece], list[_Piece], bool, bool, float, Explanation]:
    """The pieces (shorter name first), whether they were cut or swapped, the hand-set score and
    the alignment's explanation."""
    pieces_a = _name_pieces(require_str("a", a))
    pieces_b = _name_pieces(require_str("b", b))
    cut = len(pieces_a) > MAX_TOKENS or len(pieces_b) > MAX_TOKENS
    if cut:
        # A name has a handful of tokens; a longer text is compared on its first MAX_TOKENS
        # (alignment costs tokens × tokens), and the explanation says so.
        pieces_a, pieces_b = pieces_a[:MAX_TOKENS], pieces_b[:MAX_TOKENS]
    swap = (a, len(pieces_a)) > (b, len(pieces_b))
    if swap:
        pieces_a, pieces_b = pieces_b, pieces_a
    value, explanation = _best(pieces_a, pieces_b)
    if not pieces_a and not pieces_b and a.split() and a.casefold().split() == b.casefold().split():
        # Text with no name letters in it (signs alone: ьъ) is still the same text.
        explanation = Explanation(notes=("the same text, with no name letters to compare",))
        value = 1.0
    return pieces_a, pieces_b, cut, swap, round(min(1.0, max(0.0, value)), 6), explanation


def match_features(a: str, b: str) -> tuple[float, ...]:
    """The match model's features of two names (:data:`kznames.model.FEATURES` order), what
    ``scripts/fit_match_model.py`` fits the weights on.

    >>> dict(zip(FEATURES, match_features("Tokayev", "Tokarev")))["attested_differ"]
    1.0
    """
    read = _other_reading(require_str("a", a), require_str("b", b))
    if read is not None and _aligned(read[0], read[1])[4] > _aligned(a, b)[4]:
        a, b = read[0], read[1]  # as _decide judges them: the better of the two readings
    pieces_a, pieces_b, _, _, value, explanation = _aligned(a, b)
    return features(pieces_a, pieces_b, value, explanation, a, b)


def alignment_score(a: str, b: str) -> float:
    """``similarity(a, b).alignment`` without the match model: the hand-set score of the token
    alignment, what the gazetteer's lookup and reconcile rank candidates by (cheaper than the
    model's features).

    >>> pair = ("Aiman Umarova", "Aiman Umanova")
    >>> alignment_score(*pair) == similarity(*pair).alignment
    True
    """
    value = _aligned(a, b)[4]
    read = _other_reading(a, b)
    return value if read is None else max(value, _aligned(read[0], read[1])[4])


def match_probability(a: str, b: str) -> float:
    """``similarity(a, b).probability`` without the explanation's waterfall and token order.

    >>> pair = ("Aiman Umarova", "Aiman Umanova")
    >>> match_probability(*pair) == similarity(*pair).probability
    True
    >>> match_probability("Tokayev", "Tokarev") < PROBABILITY_THRESHOLD  # two attested surnames
    True
    """
    return _decide(a, b, vetoes=False, explain=False).probability


def match_score(a: str, b: str) -> float:
    """``similarity(a, b).value`` without the explanation's waterfall: the match model's
    probability, or half the alignment when it is below :data:`ALIGNMENT_FLOOR` or a paired
    name token below :data:`WEAKEST_FLOOR`; what :func:`same` decides on and dedup links its
    candidate pairs on.

    >>> pair = ("Aiman Umarova", "Aiman Umanova")
    >>> match_score(*pair) == similarity(*pair).value == similarity(*pair).probability
    True
    >>> match_score("Talerbakova Meruyert", "Talzharaieva Meruyert")  # a different surname
    0.298476
    """
    return _decide(a, b, vetoes=True, explain=False).value


def _weak_token(matches: tuple[TokenMatch, ...]) -> bool:
    """True when two or more name tokens are paired and one pair is below WEAKEST_FLOOR."""
    named = [m.similarity for m in matches if m.note != "initial"]
    return len(named) >= 2 and min(named) < WEAKEST_FLOOR


def _vetoed(alignment: float) -> float:
    """The value of a vetoed pair: half its alignment (below 0.5: no link or split threshold
    reaches it; it still ranks vetoed pairs among themselves)."""
    return round(alignment / 2, 6)


def _veto(alignment: float, matches: tuple[TokenMatch, ...], swap: bool) -> str:
    """Why the probability does not count for an alignment, or "" (see :class:`Score`); the
    tokens are named in the order the names were asked in (``swap``: the alignment holds them
    the other way round)."""
    if alignment < ALIGNMENT_FLOOR:
        return f"the alignment {alignment:.2f} is below ALIGNMENT_FLOOR {ALIGNMENT_FLOOR:g}"
    if _weak_token(matches):
        weakest = min((m for m in matches if m.note != "initial"), key=lambda m: m.similarity)
        a, b = (weakest.b, weakest.a) if swap else (weakest.a, weakest.b)
        return f"{a}~{b} {weakest.similarity:.2f} is below WEAKEST_FLOOR {WEAKEST_FLOOR:g}"
    return ""


@dataclass(frozen=True, slots=True)
class _Decision:
    """What :func:`_decide` found: the alignment (:func:`_aligned`'s six values), the match
    model's probability and contributions, and the veto."""

    aligned: tuple[list[_Piece], list[_Piece], bool, bool, float, Explanation]
    probability: float
    contributions: tuple[tuple[str, float], ...]
    veto: str

    @property
    def value(self) -> float:
        """The decision: the probability, or half the alignment when a veto holds."""
        return _vetoed(self.aligned[4]) if self.veto else self.probability


_nominative_memo: Memo[str, str] = Memo()


def _nominative(name: str) -> str | None:
    """A Russian name written in a case, in the nominative (Аскара Мамина: Аскар Мамин;
    :func:`kznames.text.declension.nominative_name`), or None; memoised per name."""
    hit = _nominative_memo.get(name)
    if hit is None:
        from .text.declension import nominative_name  # the text layer imports this module

        hit = _nominative_memo.put(name, nominative_name(name) or "")
    return hit or None


_designator_memo: Memo[str, str] = Memo()


def _designator_apart(name: str) -> str | None:
    """A name whose last word is Wade-Giles syllables ending in a designator's syllable, with the
    designator a word of its own as pinyin writes it (A-k'o-su-chen: A-k'o-su Zhen, the town of
    Aksu, 阿克苏镇; ``keydata/designators.tsv``), or None; memoised per name. Two syllables or
    more stay before it: K'a-shih is Kashi, not a city called K'a. A name ending in a syllable
    of a designator's sound that is its own (A-t'u-shih, 阿图什) has this other reading too; the
    better decision counts (:func:`_decide`).

    >>> _designator_apart("A-k'o-su-chen"), _designator_apart("K'a-shih")
    ("A-k'o-su Zhen", None)
    """
    if "-" not in name:
        return None  # no Wade-Giles syllables joined: most names, kept out of the memo
    hit = _designator_memo.get(name)
    if hit is None:
        hit = ""
        *before, last = name.split() or [""]
        syllables = wade_giles_normalize(last).split("-")
        if len(syllables) >= 3:
            whole, head = to_pinyin(last), to_pinyin("-".join(syllables[:-1]))
            if whole and head and whole.startswith(head):
                word = whole[len(head) :].capitalize()
                if fine_key(word) in designators()[0]:
                    hit = " ".join((*before, "-".join(syllables[:-1]), word))
        hit = _designator_memo.put(name, hit)
    return hit or None


_chinese_reading_memo: Memo[str, tuple[str | None, str]] = Memo()


def _chinese_reading(name: str) -> tuple[str | None, str]:
    """A name in Palladius Cyrillic read as pinyin (:func:`kznames.palladius.pinyin_name`), or
    else in tone-marked pinyin read the Turkic way
    (:func:`kznames.palladius.tone_marked_reading`), or None, and which of the two; memoised
    per name (similarity asks it of both names of every pair)."""
    hit = _chinese_reading_memo.get(name)
    if hit is None:
        read = pinyin_name(name)
        if read is not None:
            hit = (read, "Palladius")
        else:
            read = tone_marked_reading(name)
            hit = (read, "pinyin" if read is not None else "Palladius")
        hit = _chinese_reading_memo.put(name, hit)
    return hit


def _other_reading(a: str, b: str) -> tuple[str, str, str] | None:
    """The two names with each one written in Palladius Cyrillic read as pinyin (Си Цзиньпин:
    Xi Jinping; :func:`kznames.palladius.pinyin_name`), or each in tone-marked pinyin read the
    Turkic way (Nǔ'ěr Báikèlì: nur bekri; :func:`kznames.palladius.tone_marked_reading`), or
    else each Russian name written in a case read in the nominative (Аскара Мамина: Аскар
    Мамин, whose Мамина is no woman's surname; :func:`_nominative`), or else each Wade-Giles
    name ending in a designator's syllable read with the designator apart (A-k'o-su-chen:
    A-k'o-su Zhen; :func:`_designator_apart`), and a note saying so; None when none is."""
    read_a, kind_a = _chinese_reading(a)
    read_b, kind_b = _chinese_reading(b)
    if read_a is None and read_b is None:
        read_a, read_b = _nominative(a), _nominative(b)
        kind_a = kind_b = "the nominative"
    if read_a is None and read_b is None:
        read_a, read_b = _designator_apart(a), _designator_apart(b)
        kind_a = kind_b = "a name and a designator"
        if read_a is None and read_b is None:
            return None
    note = "; ".join(
        f"{name} read as {kind}: {read}"
        for name, read, kind in ((a, read_a, kind_a), (b, read_b, kind_b))
        if read
    )
    return read_a or a, read_b or b, note


def _decide(a: str, b: str, *, vetoes: bool, explain: bool) -> _Decision:
    """The one place where two names are judged, for :func:`similarity`, :func:`match_score`
    and :func:`match_probability`: a name and itself (any case or order) is one, text with no
    name letters is one only with the same text, a veto (``vetoes``) sets the value to half the
    alignment, and otherwise the match model's probability is the value. Without ``explain``
    a vetoed pair's probability is not computed (nan) and no contributions are kept.

    A name written in Palladius Cyrillic is judged both as written and read as pinyin, a
    Russian name written in a case both as written and in the nominative
    (:func:`_other_reading`); the better decision counts, its explanation noting the reading.
    """
    decision = _decide_as_written(a, b, vetoes=vetoes, explain=explain)
    read = _other_reading(require_str("a", a), require_str("b", b))
    if read is None:
        return decision
    read_a, read_b, note = read
    other = _decide_as_written(read_a, read_b, vetoes=vetoes, explain=explain)
    if not other.value > decision.value:
        return decision
    *rest, explanation = other.aligned
    explanation = replace(explanation, notes=(note, *explanation.notes))
    return replace(other, aligned=(*rest, explanation))  # type: ignore[arg-type]


def _decide_as_written(a: str, b: str, *, vetoes: bool, explain: bool) -> _Decision:
    """:func:`_decide` of the names as they are written."""
    aligned = _aligned(a, b)
    pieces_a, pieces_b, _, swap, alignment, explanation = aligned
    if not explanation.matches:
        # The same text with no name letters (_aligned) is one; anything else is not.
        return _Decision(aligned, 1.0 if alignment == 1.0 else 0.0, (), "")
    same_tokens = _same_tokens(pieces_a, pieces_b)
    veto = _veto(alignment, explanation.matches, swap) if vetoes and not same_tokens else ""
    if veto and not explain:
        return _Decision(aligned, math.nan, (), veto)
    if same_tokens and not explain:
        return _Decision(aligned, 1.0, (), "")
    probability, parts = contributions(features(pieces_a, pieces_b, alignment, explanation, a, b))
    # A name and itself is one, whatever the model says of how common the name is.
    return _Decision(aligned, 1.0 if same_tokens else round(probability, 6), parts, veto)


def _same_tokens(a: list[_Piece], b: list[_Piece]) -> bool:
    """A name and itself in any case or token order: one name, whatever the model says of how
    common the name is."""
    return sorted(p.text.casefold() for p in a) == sorted(p.text.casefold() for p in b)


def similarity(a: str, b: str) -> Score:
    """How alike two names are, from 0 to 1, with the explanation.

    Symmetric, 1 for a name and itself, order-free over tokens.

    ``value`` is the calibrated probability that the two are one entity, after the vetoes
    (see :class:`Score`: what :func:`same` and dedup decide on); ``alignment`` the hand-set
    score of the token alignment; ``explanation.waterfall()`` each feature's contribution.

    >>> round(similarity("Serikzhan Bilash", "Серікжан Білаш").value, 3)
    0.999
    >>> s = similarity("Aiman Umarova", "Aiman Umanova")
    >>> round(s.value, 2), round(s.alignment, 2), [m.edits for m in s.explanation.matches]
    (0.9, 0.82, [(), ('r>n',)])
    >>> str(similarity("Ivanov", "Ivanova").explanation)  # doctest: +ELLIPSIS
    'Ivanov~Ivanova 0.60 (edits +a) [related: masculine and feminine forms of one surname...]'
    >>> s = similarity("伽师县", "库车县")  # two counties: the model alone would say 0.68
    >>> round(s.value, 2), round(s.probability, 2), s.explanation.veto
    (0.15, 0.68, 'the alignment 0.29 is below ALIGNMENT_FLOOR 0.5')
    """
    decision = _decide(a, b, vetoes=True, explain=True)
    _, _, cut, swap, alignment, explanation = decision.aligned
    if decision.contributions:
        explanation = Explanation(*_fields(explanation), explanation.notes, decision.contributions)
    if cut:
        note = f"compared on the first {MAX_TOKENS} tokens of each name"
        explanation = Explanation(
            *_fields(explanation),
            notes=(*explanation.notes, note),
            contributions=explanation.contributions,
        )
    if swap:
        explanation = Explanation(
            tuple(
                TokenMatch(
                    m.b,
                    m.a,
                    m.pivot_b,
                    m.pivot_a,
                    m.key_b,
                    m.key_a,
                    m.similarity,
                    m.rules,
                    tuple(_invert(edit) for edit in m.edits),
                    m.note,
                )
                for m in explanation.matches
            ),
            explanation.unmatched_b,
            explanation.unmatched_a,
            explanation.notes,
            explanation.contributions,
        )
    if decision.veto:
        explanation = Explanation(
            *_fields(explanation), explanation.notes, explanation.contributions, decision.veto
        )
    return Score(decision.value, explanation, decision.probability, alignment)


def _invert(edit: str) -> str:
    """The same edit seen from the other name: ``r>n`` is ``n>r``, ``+a`` is ``-a``."""
    if edit.startswith("+"):
        return "-" + edit[1:]
    if edit.startswith("-"):
        return "+" + edit[1:]
    left, _, right = edit.partition(">")
    return f"{right}>{left}"


def same(a: str, b: str, threshold: float = PROBABILITY_THRESHOLD) -> bool:
    """True when ``similarity(a, b).value`` — the match model's probability that ``a`` and ``b``
    are one entity, after the vetoes (:class:`Score`) — reaches ``threshold``: ``same()`` and
    the value never disagree.

    >>> same("Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев"), same("Ivanov", "Ivanova")
    (True, False)
    >>> same("Tokayev", "Tokarev"), same("Nazarbaev N.", "Nursultan Nazarbayev")
    (False, True)
    """
    return match_score(a, b) >= threshold
