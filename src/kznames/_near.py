"""Keys within similarity's reach of a key, found without comparing it with every key.

The token similarity of :mod:`kznames.score` is ``1 - d(a, b) / max(len(a), len(b))``, ``d``
the weighted edit distance between fine keys (``keydata/costs.tsv``). Finding the keys that
reach a threshold by computing ``d`` against each of ``n`` keys costs ``n`` distances per query,
so a text with ``q`` one-word names to place among ``n`` name words costs ``q × n``: quadratic
in the text's length.

A :class:`KeyIndex` holds its keys in one trie per key length and walks a trie with the rows of
the distance's table (one row per trie letter, shared by every key below that node), leaving a
branch as soon as no key below it can come within reach: a row's cells plus the insertions or
deletions the remaining length difference needs (each at least the cheapest) all exceed the
distance the threshold allows. Keys it does not return cannot reach the threshold; the caller
scores those it returns exactly, so results are those of comparing every pair.

>>> index: KeyIndex[str] = KeyIndex(0.8)
>>> for word in ("serikjan", "serikjon", "tokaev", "bilax"):
...     index.add(word, word)
>>> sorted(index.near("serikjan")), sorted(index.near("tokaiev")), index.near("almati")
(['serikjan', 'serikjon'], ['tokaev'], set())
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Generic, TypeVar

from .score import _TRANSPOSE, _costs, _name_pieces, _substitutions_of

__all__ = ["KeyIndex", "reach_keys"]

T = TypeVar("T")

# Similarities are rounded to six places (score._aligned) and the table is summed in another
# order here: keys this much below the threshold are returned too, never one fewer.
_SLACK: Final = 1e-5


# A trie holds the keys of one length: nested dicts by letter, the last letter's value the list
# of the items held under that key (lists only at the depth of the keys' length). No node
# objects: at 5 MB of text the trie holds half a million nodes.
_Tree = dict[str, Any]


class KeyIndex(Generic[T]):
    """Keys (fine keys: :func:`kznames.phonetic.fine_key`) with an item each; :meth:`near`
    gives the items of every key whose token similarity to a key may reach ``threshold``."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._tries: dict[int, _Tree] = {}
        indel = _costs()[1]
        self._indel = indel
        self._cheapest = min([1.0, *indel.values()])  # the least an insertion can cost

    def add(self, key: str, item: T) -> None:
        """Hold ``item`` under ``key`` (an empty key is never near anything: not held)."""
        if not key:
            return
        node = self._tries.setdefault(len(key), {})
        for letter in key[:-1]:
            child = node.get(letter)
            if child is None:
                child = node[letter] = {}
            node = child
        items: list[T] | None = node.get(key[-1])
        if items is None:
            node[key[-1]] = [item]
        else:
            items.append(item)

    def near(self, key: str) -> set[T]:
        """The items of the keys ``b`` with ``1 - d(key, b) / max(len(key), len(b))`` at least
        the threshold (a few more at most: see ``_SLACK``). Every item when the threshold is 0
        or less, since every similarity reaches it."""
        return set(self.each_near(key))

    def each_near(self, key: str) -> Iterator[T]:
        """The items :meth:`near` gives, one at a time as the walk reaches them (in no
        particular order; an item held under several keys may come more than once). A caller
        that has seen enough stops early, and the rest of the tries is not walked.

        >>> index: KeyIndex[str] = KeyIndex(0.8)
        >>> for word in ("serikjan", "serikjon", "tokaev"):
        ...     index.add(word, word)
        >>> walk = index.each_near("serikjan")
        >>> next(walk) in ("serikjan", "serikjon")
        True
        """
        if self.threshold <= _SLACK:
            for root in self._tries.values():
                yield from _items(root)
            return
        if not key:
            return
        indel = self._indel
        cheapest = self._cheapest
        size = len(key)
        insert = [indel.get(letter, 1.0) for letter in key]
        first = [0.0]
        for cost in insert:
            first.append(first[-1] + cost)
        reach = 1.0 - self.threshold + _SLACK
        # Per query, not per cell: each letter's substitution cost against each query letter,
        # where a transposition may end (by the two letters it swaps), and each depth's
        # remaining-length costs.
        substitutions: dict[str, list[float]] = {}
        swaps: dict[tuple[str, str], set[int]] = {}
        for j in range(2, size + 1):
            if key[j - 1] != key[j - 2]:
                swaps.setdefault((key[j - 1], key[j - 2]), set()).add(j)
        for length, root in self._tries.items():
            allowed = reach * max(size, length)
            if abs(size - length) * cheapest > allowed:
                continue
            # The least cost of the lengths left to match, by letters left in the trie's key
            # and cells of the query's row.
            remaining = [
                [abs(after - size + j) * cheapest for j in range(size + 1)]
                for after in range(length + 1)
            ]
            # (node, letters read, this row, the row before, the letter read last, the row's
            # bound): the row of node holds d(key[:j], the node's letters) for each j.
            start_bound = min(f + r for f, r in zip(first, remaining[length], strict=True))
            # A node is a dict of letters, or the list of items at the keys' length.
            stack: list[tuple[Any, int, list[float], list[float], str, float]] = [
                (root, 0, first, first, "", start_bound)
            ]
            while stack:
                node, depth, row, before, last, bound = stack.pop()
                if depth == length:
                    if row[size] <= allowed:
                        yield from node
                    continue
                left_after = length - depth - 1
                extra = remaining[left_after]
                for letter, child in node.items():
                    drop = indel.get(letter, 1.0)
                    replace = substitutions.get(letter)
                    if replace is None:
                        cost_of = _substitutions_of(letter).get
                        replace = substitutions[letter] = [
                            0.0 if x == letter else cost_of(x, 1.0) for x in key
                        ]
                    swapped = swaps.get((last, letter))
                    new = [row[0] + drop]
                    left = new[0]
                    diagonal = row[0]
                    child_bound = left + extra[0]
                    for j in range(1, size + 1):
                        up = row[j]
                        best = up + drop
                        other = left + insert[j - 1]
                        if other < best:
                            best = other
                        other = diagonal + replace[j - 1]
                        if other < best:
                            best = other
                        if swapped is not None and j in swapped:
                            other = before[j - 2] + _TRANSPOSE
                            if other < best:
                                best = other
                        new.append(best)
                        left = best
                        diagonal = up
                        other = best + extra[j]
                        if other < child_bound:
                            child_bound = other
                    # A path may also skip this row (a transposition from the row before to
                    # the row after): only when both rows are out of reach is the branch.
                    if child_bound > allowed and (bound > allowed or left_after == 0):
                        continue
                    stack.append((child, depth + 1, new, row, letter, child_bound))


def _items(node: _Tree) -> list[Any]:
    found: list[Any] = []
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            found.extend(current)
        else:
            stack.extend(current.values())
    return found


def reach_keys(text: str) -> tuple[str, ...] | None:
    """The keys that bound ``similarity(text, other).alignment`` when ``text`` and ``other`` are
    each one name token: its fine key and, for a token that may be toneless pinyin, that
    reading. Then the value is at most the best token similarity between a key of one and a key
    of the other (a masculine/feminine pair is capped lower, a father's name against a name is
    0). None when ``text`` is not one such token (several tokens, none, or an initial, which
    matches any token it begins): no key bounds its similarity.

    >>> reach_keys("Серікжан"), reach_keys("Serikzhan Bilash"), reach_keys("S.")
    (('serikjan',), None, None)
    """
    pieces = _name_pieces(text)
    if len(pieces) != 1 or pieces[0].kind == "initial":
        return None
    piece = pieces[0]
    return tuple(dict.fromkeys(k for k in (piece.key, piece.reading) if k))
