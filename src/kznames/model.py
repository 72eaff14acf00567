"""The calibrated match model: features of an alignment, weights from a data file, a probability.

Concepts owned here:

* **features** — numbers :func:`kznames.similarity` reads off its token alignment (see
  :data:`FEATURES`): the hand-set score, the weakest and mean token similarity, key classes
  met, initials, unpaired patronymics and initials, gender and token conflicts, token order,
  how rare the tokens that agree are and how common the attested names that differ are, and the
  script pair.
* **weights** — ``keydata/match-model.tsv``, one ``feature<TAB>weight`` row per feature plus
  ``intercept``, fit offline by logistic regression (``scripts/fit_match_model.py``, the ``fit``
  extra; never at run time) and pinned by a golden test.
* **probability** — ``1 / (1 + exp(-(intercept + Σ weight × feature)))``; each feature's
  **contribution** is its ``weight × value`` in log-odds, the waterfall the explanation shows.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from ._engine import CORE
from .errors import DataFileError
from .resources import keydata, read_text, text_lines

__all__ = ["FEATURES", "MODEL_FILE", "MatchModelError", "contributions", "read_model"]

MODEL_FILE: Final = keydata("match-model.tsv")

#: The model's features, in the order of the weights file. Counts are capped so that a long
#: text cannot push the log-odds without bound. The counts of edits and of unpaired name tokens
#: were tried and left out: the fit gave both a positive weight (the spelling groups of the fit
#: half are long GeoNames variant lists), which let any string with one loosely paired token
#: reach 0.8 (Nobody Anywhere / Yany-Kurian); the hand-set score counts both already.
FEATURES: Final = (
    "base",  # the hand-set alignment score of issue 4, 0..1
    "weakest",  # the weakest similarity of two paired name tokens (0 if none paired)
    "mean",  # the mean similarity of the paired name tokens
    "classes",  # key classes that joined differing spellings (zh/j), capped at 4
    "initials",  # initials paired with a token they begin, capped at 3
    "unmatched_other",  # patronymics, initials and particles left unpaired, capped at 3
    "gender",  # 1: masculine and feminine forms of one surname paired
    "genders_differ",  # 1: a man's and a woman's surname or patronymic of other stems paired
    "conflict",  # 1: a clearly different token, or each name keeps a name the other lacks
    "order",  # 1: the paired tokens come in another order in the two names
    "rare_equal",  # Σ rarity of paired tokens with equal keys (rare and equal: one person)
    "attested_differ",  # paired, unequal tokens both attested as names, capped at 3
    "common_differ",  # Σ commonness (1 - rarity) of the less common of each such pair
    # In names of two or more paired name tokens, pairs of unequal tokens both attested as given
    # names, capped at 3 (not counted in the two above): the lists keep one name's forms apart
    # (Akhmad / Akhmed / Akhmet), which alias lists write for one person.
    "given_differ",
    "cross_script",  # 1: the two names are written in different scripts
    "han",  # 1: either name is in Chinese characters
    "single",  # 1: both names are one token
    # Shapes of the scores and interactions: the log-odds of one person is not linear in them
    # (measured on the fit half: ROC AUC 0.931 -> 0.950 on dev pairs, 0.954 -> 0.981 against
    # look-alikes, in sample).
    "base4",  # base ** 4: near 1 counts far more than near 0.8
    "mean4",  # mean ** 4
    "weakest4",  # weakest ** 4
    "exact",  # 1: the hand-set score is 1 (every token's key equal or a class met)
    "single_base",  # single × base
    "weakest_rare",  # weakest × rare_equal
    "cross_script_base",  # cross_script × base
    "order_base",  # order × base
    # An unpaired name token is no evidence against one person when the paired ones are equal
    # (Kassym-Jomart Tokayev / Tokaev) and strong evidence when they are not (Serikjan Bilash /
    # Сарқан): (1 - weakest) × the unpaired name tokens, capped at 3.
    "unmatched_fuzzy",
    # The weakest of two or more paired name tokens (1 when fewer are paired): in a full name
    # one clearly different token is two people however alike the rest (Talerbakova /
    # Talzharaieva Meruyert), which the mean hides; and its fourth power.
    "weakest_multi",
    "weakest_multi4",
    # The longest run of differing letters between the weakest pair's keys, in names of two or
    # more paired name tokens (0 otherwise), capped at 4; and the same not counting a run at the
    # end of both keys (a suffix: -uly / -ev). Spellings of one surname differ a letter here and
    # there; two surnames built of the same roots differ in a whole root (Узкасболова /
    # Сайқасболова: on the fit half's positives of this shape a run of two or more is 35 %, 13 %
    # inside the word; on a dense synthetic population's two people of one given name 80 %, 46 %).
    "gap_multi",
    "inner_gap_multi",
    # Precision features (look-alikes beyond Russian surnames: docs/matching.md). Both names
    # spell pinyin — Chinese characters read, a Latin name of pinyin syllables, a Wade-Giles word
    # — and the readings differ (德国 / Dihua, 伽师县 / 和硕县): a romanization has one spelling
    # per name, so two readings are two names.
    "readings_differ",
    # Chinese characters and a Latin name that is their pinyin to the last letter (喀什 / Kashi):
    # the alignment reads the characters as their Uyghur name (Qeshqer) and finds Kashi far.
    "readings_agree",
    # The weakest paired name tokens' fine keys begin with different letters (Asanov / Usenov,
    # Айтас / Байтас).
    "first_differ",
    # Two one-word names: (7 - the shorter fine key's letters, at least 0) x (1 - their
    # similarity): an edit in a short word is more of the word (Asa / Osa, Жанан / Жанар).
    "short_single",
)


class MatchModelError(DataFileError):
    """The weights file cannot be read; the message names file and line."""

    def __init__(self, problem: str) -> None:
        self._fill([problem])


@lru_cache(maxsize=4)
def read_model(path: Path = MODEL_FILE) -> tuple[float, tuple[float, ...]]:
    """The intercept and the weights in :data:`FEATURES` order.

    Raises :class:`MatchModelError` with file and line for a bad row, an unknown or repeated
    feature, or a missing one.
    """
    lines = text_lines(read_text(path, MatchModelError))
    weights: dict[str, float] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields == ["feature", "weight"]:
            continue
        if len(fields) != 2:
            raise MatchModelError(f"{path}:{number}: expected feature<TAB>weight")
        name, text = fields
        if name != "intercept" and name not in FEATURES:
            raise MatchModelError(f"{path}:{number}: unknown feature {name!r}")
        if name in weights:
            raise MatchModelError(f"{path}:{number}: {name!r} given twice")
        try:
            value = float(text)
        except ValueError:
            raise MatchModelError(f"{path}:{number}: weight must be a number: {text!r}") from None
        if not math.isfinite(value):
            raise MatchModelError(f"{path}:{number}: weight must be finite: {text!r}")
        weights[name] = value
    missing = [f for f in ("intercept", *FEATURES) if f not in weights]
    if missing:
        raise MatchModelError(f"{path}: no weight for {', '.join(missing)}")
    return weights["intercept"], tuple(weights[f] for f in FEATURES)


def contributions(values: tuple[float, ...]) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The probability of one person and each feature's contribution in log-odds (the
    intercept first), for feature ``values`` in :data:`FEATURES` order.

    >>> p, parts = contributions((1.0,) + (0.0,) * (len(FEATURES) - 1))
    >>> 0.0 < p < 1.0, parts[0][0], len(parts) == len(FEATURES) + 1
    (True, 'intercept', True)
    """
    if _compiled is not None and type(values) is tuple:
        return _compiled(values)  # type: ignore[no-any-return]
    return _python_contributions(values)


def _python_contributions(
    values: tuple[float, ...],
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """:func:`contributions` (the Python engine's, and the reference of the compiled core's
    ``Contributions``)."""
    intercept, weights = read_model()
    named = zip(FEATURES, weights, values, strict=True)
    parts = (("intercept", intercept), *((name, weight * value) for name, weight, value in named))
    logit = sum(part for _, part in parts)
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, logit)))), parts


# The compiled core's Contributions (the same products, Python's sum, the C library's exp), or
# None.
_compiled: Any = (
    None if CORE is None else CORE.Contributions(read_model, FEATURES, _python_contributions)
)
