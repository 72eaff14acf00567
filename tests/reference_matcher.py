"""A plain reference for what a rule list matches, independent of any regex construction.

At each position of a word the rules are tried in priority order; the first whose source is there
and whose conditions all hold wins, and scanning resumes after it; where none does, the scan moves
one character on. Conditions are read off the word directly. ``tests/test_matcher.py`` holds the
engine's :class:`~kznames.schemes.matcher.Matcher` equal to this.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from kznames.schemes.fileformat import Condition, Rule


def _holds(condition: Condition, word: str, start: int, end: int) -> bool:
    kind = condition.kind
    if kind == "initial":
        found = start == 0
    elif kind == "final":
        found = end == len(word)
    elif condition.raw:  # a property class of single characters
        if kind == "after":
            chars = word[start - 1 : start]
        elif kind == "before":
            chars = word[end : end + 1]
        else:
            chars = word
        found = any(regex.fullmatch(condition.members[0], char) for char in chars)
    elif kind == "after":
        found = any(word[:start].endswith(m) for m in condition.members)
    elif kind == "before":
        found = any(word.startswith(m, end) for m in condition.members)
    elif kind == "inword":
        # A member ending at or before the match's start, or starting at or after it.
        found = any(m in word[:start] or m in word[start:] for m in condition.members)
    else:
        raise ValueError(f"unknown condition kind {kind!r}")
    return found != condition.negated


def matches(rules: Sequence[Rule], word: str) -> list[tuple[int, int, int]]:
    """``(start, end, rule number)`` of each match, rule numbers 1-based in priority order."""
    out = []
    pos = 0
    while pos < len(word):
        for number, rule in enumerate(rules, 1):
            end = pos + len(rule.source)
            if word.startswith(rule.source, pos) and all(
                _holds(c, word, pos, end) for c in rule.conditions
            ):
                out.append((pos, end, number))
                pos = end
                break
        else:
            pos += 1
    return out


def rewrite(rules: Sequence[Rule], word: str) -> str:
    """``word`` with each match replaced by its rule's target, the rest as it is."""
    pieces = []
    pos = 0
    for start, end, number in matches(rules, word):
        pieces.append(word[pos:start])
        pieces.append(rules[number - 1].target)
        pos = end
    pieces.append(word[pos:])
    return "".join(pieces)
