"""Keys within similarity's reach of a key, found without comparing it with every key.

The token similarity of :mod:`kznames.score` is ``1 - d(a, b) / max(len(a), len(b))``, ``d``
the weighted edit distance between fine keys (``keydata/costs.tsv``). Finding the keys that
reach a threshold by computing ``d`` against each of ``n`` keys costs ``n`` distances per query,
so a text with ``q`` one-word names to place among ``n`` name words costs ``q × n``: quadratic
in the text's length.

A :class:`KeyIndex` holds its keys of each length in a sorted list, which it walks as the trie
of those keys with the rows of the distance's table (one row per letter of a prefix, shared by
every key that begins with it), leaving a prefix as soon as no key beginning with it can come
within reach: a row's cells plus the insertions or
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

from bisect import bisect_left
from collections.abc import Iterator
from typing import Final, Generic, TypeVar

from .score import _TRANSPOSE, _costs, _name_pieces, _substitutions_of

__all__ = ["KeyIndex", "reach_keys"]

T = TypeVar("T")

# Similarities are rounded to six places (score._aligned) and the table is summed in another
# order here: keys this much below the threshold are returned too, never one fewer.
_SLACK: Final = 1e-5


class KeyIndex(Generic[T]):
    """Keys (fine keys: :func:`kznames.phonetic.fine_key`) with an item each; :meth:`near`
    gives the items of every key whose token similarity to a key may reach ``threshold``.

    The keys of each length are held as one sorted list, walked as the trie it stands for: a
    key's rows are those of the key before it up to their common prefix, and a prefix out of
    reach skips every key it begins (found by bisection). No node objects: at 2 MB of text a
    trie of nested dicts took 46 MB, the sorted keys take their strings and a list.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._held: dict[str, list[T]] = {}  # each key's items
        # Keys by length, sorted, each with the length of the prefix it shares with the key
        # before it (0 for the first); None when a key was added since they were sorted.
        self._sorted: dict[int, tuple[list[str], bytes]] | None = {}
        indel = _costs()[1]
        self._indel = indel
        self._cheapest = min([1.0, *indel.values()])  # the least an insertion can cost

    def add(self, key: str, item: T) -> None:
        """Hold ``item`` under ``key`` (an empty key is never near anything: not held)."""
        if not key:
            return
        items = self._held.get(key)
        if items is None:
            self._held[key] = [item]
            self._sorted = None  # sorted again on the next query
        else:
            items.append(item)

    def _lengths(self) -> dict[int, tuple[list[str], bytes]]:
        if self._sorted is None:
            by_length: dict[int, list[str]] = {}
            for key in self._held:
                by_length.setdefault(len(key), []).append(key)
            self._sorted = {}
            for length, keys in by_length.items():
                keys.sort()
                shared = bytearray(len(keys))
                for at in range(1, len(keys)):
                    before, word = keys[at - 1], keys[at]
                    common = 0
                    while common < length and before[common] == word[common]:
                        common += 1
                    shared[at] = min(common, 255)
                self._sorted[length] = (keys, bytes(shared))
        return self._sorted

    def near(self, key: str) -> set[T]:
        """The items of the keys ``b`` with ``1 - d(key, b) / max(len(key), len(b))`` at least
        the threshold (a few more at most: see ``_SLACK``). Every item when the threshold is 0
        or less, since every similarity reaches it."""
        return set(self.each_near(key))

    def each_near(self, key: str) -> Iterator[T]:
        """The items :meth:`near` gives, one at a time as the walk reaches them (in no
        particular order; an item held under several keys may come more than once). A caller
        that has seen enough stops early, and the rest of the keys is not walked.

        >>> index: KeyIndex[str] = KeyIndex(0.8)
        >>> for word in ("serikjan", "serikjon", "tokaev"):
        ...     index.add(word, word)
        >>> walk = index.each_near("serikjan")
        >>> next(walk) in ("serikjan", "serikjon")
        True
        """
        held = self._held
        if self.threshold <= _SLACK:
            for items in held.values():
                yield from items
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
        for length, (keys, shared) in self._lengths().items():
            allowed = reach * max(size, length)
            if abs(size - length) * cheapest > allowed:
                continue
            # The least cost of the lengths left to match, by letters left in the key and
            # cells of the query's row.
            remaining = [
                [abs(after - size + j) * cheapest for j in range(size + 1)]
                for after in range(length + 1)
            ]
            # rows[d]: d(key[:j], the walked key's first d letters) for each j; bounds[d]: the
            # least that row plus the remaining-length cost can come to. Valid up to depth
            # ``valid`` for the key walked last. A key shares with it the rows of their common
            # prefix, which is what it shares with the key before it (``shared``; keys skipped
            # since then begin with a longer prefix of the one walked).
            rows: list[list[float]] = [first] * (length + 1)
            bounds = [min(f + r for f, r in zip(first, remaining[length], strict=True))]
            bounds.extend([0.0] * length)
            valid = 0
            at = 0
            count = len(keys)
            while at < count:
                word = keys[at]
                depth = shared[at] if shared[at] < valid else valid
                skipped = False
                while depth < length:
                    letter = word[depth]
                    row = rows[depth]
                    before = rows[depth - 1] if depth else first
                    last = word[depth - 1] if depth else ""
                    left_after = length - depth - 1
                    extra = remaining[left_after]
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
                    # the row after): only when both rows are out of reach is the prefix.
                    if child_bound > allowed and (bounds[depth] > allowed or left_after == 0):
                        # Every key with this prefix is out of reach: on to the first key
                        # after them (the first not below the prefix with its last letter next).
                        after = word[:depth] + chr(ord(letter) + 1)
                        at = bisect_left(keys, after, at + 1)
                        skipped = True
                        break
                    depth += 1
                    rows[depth] = new
                    bounds[depth] = child_bound
                valid = depth
                if skipped:
                    continue
                if rows[length][size] <= allowed:
                    yield from held[word]
                at += 1


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
