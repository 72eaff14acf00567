"""The rule matcher: a direction's rules compiled into one leftmost-first pattern, built for speed.

The engine's meaning of a rule list is one alternation of ``(?<=…)(source)(?=…)`` pieces, tried
in priority order (longest source first) at each position of a word, the leftmost match winning;
:func:`kznames.schemes.engine.reference_pattern` writes exactly that, for the ``regex`` module.
Such a flat alternation is slow: at every position every rule's look-behinds run before its first
letter is looked at, and an ``inword`` condition scans the whole word each time (quadratic in the
word's length).
:class:`Matcher` gives the same matches faster:

* **first-letter groups** — the rules are grouped by the first letter of their source, keeping
  their order inside a group, and each group is written ``f(?:…)`` with the letter first: only
  rules starting with the letter at hand can match there, so the leftmost-first choice is
  unchanged, and the standard ``re`` engine skips a group on its first letter and positions where
  no group can start. A look-behind moves past the consumed letter (``(?<=a)`` before ``f``
  becomes ``(?<=af)`` after it; ``initial`` becomes ``(?<!..)``), a look-ahead stays after the
  source, and each rule ends in an empty group so that ``lastindex`` names it. Context members
  that are single letters become one character class (``(?<=[аеиоу]е)``).
* **word-level conditions** — an ``inword`` condition whose members are single letters holds at
  every position of a word or at none, so it is decided once per word (one set test) and the
  pattern for that outcome (rules dropped or their condition removed) is compiled once.

With the compiled core (:func:`kznames.engine`), a rule list runs in ``kznames._core.Rules``
instead: the plain definition of a match (the rules of the letter at hand tried in order, the
conditions read off the word) in C, which needs no pattern at all. It takes every condition but
a property class.

A rule list with a condition the standard engine cannot express (a Unicode property class such
as ``\\p{Han}``, an ``inword`` member of several letters) keeps the reference pattern, compiled by
``regex``. ``tests/test_matcher.py`` holds the two equal on random words and on every shipped
scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import regex

from .._engine import CORE
from .fileformat import Condition, Rule

if TYPE_CHECKING:
    from .. import _core

__all__ = ["Matcher"]

# Group number -> target text and rule number (1-based position in the rule list).
_Compiled = tuple["re.Pattern[str] | regex.Pattern[str]", tuple[str, ...], tuple[int, ...]]


class _UnsupportedError(Exception):
    """A condition the first-letter pattern cannot express."""


def _word_level(condition: Condition) -> bool:
    """True for an ``inword`` condition decided once per word (single-letter members)."""
    return (
        condition.kind == "inword"
        and not condition.raw
        and all(len(member) == 1 for member in condition.members)
    )


def _without_word_level(rule: Rule) -> Rule:
    """``rule`` without its word-level conditions (decided before its pattern runs)."""
    kept = tuple(c for c in rule.conditions if not _word_level(c))
    return Rule(rule.source, rule.target, kept, rule.line, rule.note)


def _shifted_behind(condition: Condition, first: str) -> str:
    """The look-behind of ``condition`` at the position after the source's first letter."""
    if condition.raw:
        raise _UnsupportedError(condition)
    if condition.kind == "initial":
        return "(?<=..)" if condition.negated else "(?<!..)"
    if condition.kind == "after" and condition.members:
        members = sorted(set(condition.members), key=lambda m: (-len(m), m))
        if all(len(m) == 1 for m in members):  # one character class: one look-behind
            letters = "".join(re.escape(m) for m in members)
            return f"(?<{'!' if condition.negated else '='}[{letters}]{re.escape(first)})"
        if condition.negated:
            return "".join(f"(?<!{re.escape(m + first)})" for m in members)
        return "(?:" + "|".join(f"(?<={re.escape(m + first)})" for m in members) + ")"
    raise _UnsupportedError(condition)


def _ahead(condition: Condition) -> str:
    """The look-ahead of ``condition`` after the source."""
    if condition.raw:
        raise _UnsupportedError(condition)
    if condition.kind == "final":
        return "(?=.)" if condition.negated else "(?!.)"
    if condition.kind != "before" or not condition.members:
        raise _UnsupportedError(condition)
    members = sorted(set(condition.members), key=lambda m: (-len(m), m))
    if all(len(m) == 1 for m in members):
        alternation = "[" + "".join(re.escape(m) for m in members) + "]"
    else:
        alternation = "(?:" + "|".join(re.escape(m) for m in members) + ")"
    return f"(?!{alternation})" if condition.negated else f"(?={alternation})"


def _grouped(rules: Sequence[tuple[int, Rule]]) -> _Compiled:
    """The first-letter pattern of ``rules`` (number, rule), with word-level conditions already
    decided and removed; raises :class:`_UnsupportedError` or ``re.error`` when it cannot be."""
    groups: dict[str, list[tuple[int, Rule]]] = {}
    for number, rule in rules:
        groups.setdefault(rule.source[0], []).append((number, rule))
    branches = []
    targets: list[str] = [""]
    numbers: list[int] = [0]
    for first, members in groups.items():
        alternatives = []
        for number, rule in members:
            behind = ahead = ""
            for condition in rule.conditions:
                if condition.kind in ("final", "before"):
                    ahead += _ahead(condition)
                else:
                    behind += _shifted_behind(condition, first)
            alternatives.append(f"{behind}{re.escape(rule.source[1:])}{ahead}()")
            targets.append(rule.target)
            numbers.append(number)
        branches.append(f"{re.escape(first)}(?:{'|'.join(alternatives)})")
    pattern = re.compile("|".join(branches) or "(?!)", re.DOTALL)
    return pattern, tuple(targets), tuple(numbers)


class Matcher:
    """Rules (in priority order) as a pattern whose leftmost-first matches are the engine's.

    ``reference`` is the rules' flat alternation in ``regex`` syntax (group ``i`` is rule
    ``i``), used as it is when the rules need it. ``sub(word)`` rewrites every match to its
    rule's target; ``finditer(word)`` yields ``(start, end, rule)`` with ``rule`` the 1-based
    position of the matching rule.

    >>> from kznames.schemes.engine import reference_pattern
    >>> from kznames.schemes.fileformat import Condition, Rule
    >>> rules = [Rule("sh", "x", (), 1), Rule("s", "z", (Condition("final"),), 2)]
    >>> m = Matcher(rules, reference_pattern(rules))
    >>> m.sub("shas"), list(m.finditer("shas"))
    ('xaz', [(0, 2, 1), (3, 4, 2)])
    """

    def __init__(self, rules: Sequence[Rule], reference: str) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.reference = reference
        # The distinct word-level conditions' member sets, in a fixed order.
        sets: list[frozenset[str]] = []
        for rule in self.rules:
            for condition in rule.conditions:
                members = frozenset(condition.members)
                if _word_level(condition) and members not in sets:
                    sets.append(members)
        self._word_sets: tuple[frozenset[str], ...] = tuple(sets)
        self._variants: dict[tuple[bool, ...], tuple[_Compiled, Callable[..., str]]] = {}
        # The one pattern every word uses, when no condition is decided per word.
        self._fixed: tuple[_Compiled, Callable[..., str]] | None = None
        # The compiled core's matcher, when the core runs and takes these rules.
        self._core: _core.Rules | None = _compiled(self.rules)
        if self._core is not None:
            return
        try:
            # Every rule with every other condition must be expressible, whichever rules a
            # word's outcome keeps.
            _grouped([(n, _without_word_level(r)) for n, r in enumerate(self.rules, 1)])
            if not sets:
                self._fixed = self._variant(())
        except (_UnsupportedError, re.error):
            compiled: _Compiled = (
                regex.compile(reference, regex.DOTALL),
                ("", *(r.target for r in self.rules)),
                tuple(range(len(self.rules) + 1)),
            )
            self._fixed = (compiled, _replacer(compiled[1]))

    def __reduce__(self) -> tuple[type[Matcher], tuple[tuple[Rule, ...], str]]:
        # Pickled as its rules (a compiled variant holds a closure): compiled again on load.
        return (Matcher, (self.rules, self.reference))

    def _variant(self, present: tuple[bool, ...]) -> tuple[_Compiled, Callable[..., str]]:
        """The compiled pattern for a word containing the members of ``_word_sets[i]`` exactly
        when ``present[i]``."""
        hit = self._variants.get(present)
        if hit is None:
            holds = dict(zip(self._word_sets, present, strict=True))
            kept: list[tuple[int, Rule]] = []
            for number, rule in enumerate(self.rules, 1):
                if all(
                    holds[frozenset(c.members)] != c.negated
                    for c in rule.conditions
                    if _word_level(c)
                ):
                    kept.append((number, _without_word_level(rule)))
            compiled = _grouped(kept)
            hit = (compiled, _replacer(compiled[1]))
            self._variants[present] = hit
        return hit

    def _for(self, word: str) -> tuple[_Compiled, Callable[..., str]]:
        return self._fixed or self._variant(tuple(not s.isdisjoint(word) for s in self._word_sets))

    def sub(self, word: str) -> str:
        """``word`` with every match replaced by its rule's target."""
        if self._core is not None:
            return self._core.sub(word)
        (pattern, _, _), replace = self._fixed or self._for(word)
        return pattern.sub(replace, word)

    def finditer(self, word: str) -> Iterator[tuple[int, int, int]]:
        """``(start, end, rule number)`` of each match, left to right."""
        if self._core is not None:
            yield from self._core.finditer(word)
            return
        (pattern, _, numbers), _ = self._fixed or self._for(word)
        for match in pattern.finditer(word):
            start, end = match.span()
            yield start, end, numbers[match.lastindex or 0]


def _compiled(rules: Sequence[Rule]) -> _core.Rules | None:
    """``rules`` as the compiled core's matcher, or None (the Python engine runs, or a
    condition is a property class)."""
    if CORE is None:
        return None
    try:
        compiled: _core.Rules = CORE.Rules(
            [
                (
                    r.source,
                    r.target,
                    tuple(("raw" if c.raw else c.kind, c.negated, c.members) for c in r.conditions),
                )
                for r in rules
            ]
        )
    except ValueError:  # a rule the core does not take: the Python matcher runs it
        return None
    return compiled


def _replacer(targets: tuple[str, ...]) -> Callable[..., str]:
    def replace(match: re.Match[str], targets: tuple[str, ...] = targets) -> str:
        return targets[match.lastindex or 0]

    return replace
