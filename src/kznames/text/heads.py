"""Generic words that make a name the name of a river, a lake, a site, a company or a court.

A place's name written with a generic word names something else than the place: the Ili
River is not the town of Ili, Семей ядролық сынақ полигоны is not the city of Semey,
Қытай ұлттық мұнай-газ корпорациясы is a company, not China, and Панфилов аудандық соты (a
court named with its rank) is a court, not the town. ``textdata/generic-heads.tsv``
lists those words (the **heads**) by language, each with its **kind** (``feature``, ``org``
or ``court``), its **class** (river, lake, test-site, company, bank …: mentions of one class may
join, of two never) and its **position** (``after`` the name, ``before`` it, or a Chinese
``suffix``).

A word of the text is a head's word when it starts with the head's stem and a case ending
follows, if anything (полигона, көлінде, دەرياسىغا):

>>> head = generic_heads()[0]
>>> head.language, head.words, head.position
('en', ('river',), 'after')
>>> head_word("көлінде", "көлі"), head_word("көлігі", "көлі"), head_word("River's", "river")
(True, False, True)
>>> name, found = split_head("Семипалатинского ядерного полигона")
>>> name, found.cls
('Семипалатинского', 'test-site')
>>> split_head("Almaty") is None
True
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import regex

from .documents import Mention
from .tables import _endings, _not_one_of, _table
from .words import _WORD, _capitalised, _is_han, _script_of

__all__ = [
    "Head",
    "generic_heads",
    "han_head",
    "head_after",
    "head_before",
    "head_word",
    "split_head",
]

KINDS: Final = ("feature", "org", "court")
POSITIONS: Final = ("after", "before", "suffix")
# Lower-case words that may stand between a name and its head: Семипалатинского ядерного
# полигона (feature), Қытай ұлттық мұнай-газ корпорациясы (org); none for a court, whose head
# holds its rank (Панфиловский районный суд).
GAP: Final = {"feature": 2, "org": 4, "court": 0}
# Kinds whose Chinese head may stand a few characters after the name (中国|石油天然气|集团公司,
# 乌鲁木齐|市|中级人民法院).
_HAN_GAPPED: Final = ("org", "court")
# Chinese characters that may stand between a name and an org's head (中国石油天然气集团公司),
# never across one of these (and, of, with …) or punctuation.
_HAN_ORG_GAP: Final = 10
_HAN_GAP_BREAKS: Final = frozenset("和与及的在是从到至于由向对被为、，。；：")


@dataclass(frozen=True, slots=True)
class Head:
    """One row of ``generic-heads.tsv``: its words as case-folded stems (characters in
    Chinese)."""

    language: str
    words: tuple[str, ...]
    kind: str  # feature | org
    cls: str
    position: str  # after | before | suffix


@lru_cache(maxsize=1)
def generic_heads() -> tuple[Head, ...]:
    """The heads of ``textdata/generic-heads.tsv`` in table order; a row with an empty field,
    another kind or another position is a :class:`DataFileError` naming its line."""

    def problem(fields: tuple[str, ...]) -> str | None:
        _, head, kind, _, position = fields
        return _not_one_of(head, "kind", kind, KINDS) or _not_one_of(
            head, "position", position, POSITIONS
        )

    rows = _table("generic-heads.tsv", ("language", "head", "kind", "class", "position"), problem)
    return tuple(
        Head(
            language,
            (head,) if position == "suffix" else tuple(head.casefold().split()),
            kind,
            cls,
            position,
        )
        for language, head, kind, cls, position in rows
    )


@lru_cache(maxsize=1)
def _by_position() -> dict[str, tuple[Head, ...]]:
    """The heads of each position, the longest (most words, then characters) first."""
    return {
        position: tuple(
            sorted(
                (h for h in generic_heads() if h.position == position),
                key=lambda h: (-len(h.words), -len(" ".join(h.words))),
            )
        )
        for position in POSITIONS
    }


def head_word(word: str, stem: str) -> bool:
    """Whether ``word`` is the head word ``stem`` in a case: it starts with the stem (case
    aside) and what follows, if anything, is a case ending of ``textdata/declension.tsv`` (or
    the accusative н after a Kazakh possessive: полигонын); көлігі "its vehicle" is not көлі
    "its lake"."""
    folded = word.casefold()
    if not folded.startswith(stem):
        return False
    rest = folded[len(stem) :]
    return not rest or rest == "н" or rest in _endings()


def _spaced(text: str, words: Sequence[regex.Match[str]], j: int) -> bool:
    """Only white space between word ``j - 1`` and word ``j``."""
    return not text[words[j - 1].end() : words[j].start()].strip()


@lru_cache(maxsize=1)
def _after_by_start() -> dict[str, tuple[Head, ...]] | None:
    """The heads of position ``after`` by the first two letters of their first stem, in
    :func:`_by_position` order: a word can only start the heads filed under its own first two
    letters, case aside. None when a first stem has one letter (then no filing)."""
    heads: dict[str, list[Head]] = {}
    for head in _by_position()["after"]:
        if len(head.words[0]) < 2:
            return None
        heads.setdefault(head.words[0][:2], []).append(head)
    return {start: tuple(filed) for start, filed in heads.items()}


def _heads_after(word: str) -> tuple[Head, ...]:
    """The heads of position ``after`` that ``word`` may start, in table order."""
    filed = _after_by_start()
    if filed is None:
        return _by_position()["after"]
    return filed.get(word.casefold()[:2], ())


def head_after(text: str, words: Sequence[regex.Match[str]], j: int) -> tuple[int, Head] | None:
    """The head (of position ``after``) whose words start at word ``j``, with its number of
    words; None."""
    if j >= len(words):
        return None
    # Only the heads whose first stem begins as this word does (reconcile called this for
    # every word near a name: 65 heads each, 8 million checks a MB of text).
    for head in _heads_after(words[j].group()):
        n = len(head.words)
        if j + n <= len(words) and all(
            head_word(words[j + k].group(), stem) and (k == 0 or _spaced(text, words, j + k))
            for k, stem in enumerate(head.words)
        ):
            return n, head
    return None


def head_before(text: str, words: Sequence[regex.Match[str]], i: int) -> tuple[int, Head] | None:
    """The head (of position ``before``) whose last word is word ``i - 1``, right before word
    ``i``, with its number of words; None."""
    if i == 0 or not _spaced(text, words, i):
        return None
    for head in _by_position()["before"]:
        n = len(head.words)
        first = i - n
        if first >= 0 and all(
            head_word(words[first + k].group(), stem)
            and (k == 0 or _spaced(text, words, first + k))
            for k, stem in enumerate(head.words)
        ):
            return n, head
    return None


def han_head(text: str, position: int) -> tuple[int, Head] | None:
    """The Chinese head right after ``position`` (a feature's, or an org's after up to ten
    characters that are no conjunction or punctuation: 中国|石油天然气|集团公司), as the offset
    after it and the head; the farthest of heads that follow each other (集团公司)."""
    heads = _by_position()["suffix"]
    for head in heads:
        if text.startswith(head.words[0], position):
            return _longer_org(text, position + len(head.words[0]), head)
    for gap in range(1, _HAN_ORG_GAP + 1):
        char = text[position + gap - 1 : position + gap]
        if not char or not _is_han(char) or char in _HAN_GAP_BREAKS:
            return None
        for head in heads:
            if head.kind in _HAN_GAPPED and text.startswith(head.words[0], position + gap):
                return _longer_org(text, position + gap + len(head.words[0]), head)
    return None


def _longer_org(text: str, end: int, head: Head) -> tuple[int, Head]:
    """An org's head followed by another org head (集团 公司) ends after the last."""
    if head.kind != "org":
        return end, head
    for other in _by_position()["suffix"]:
        if other.kind == "org" and text.startswith(other.words[0], end):
            return _longer_org(text, end + len(other.words[0]), other)
    return end, head


def split_head(name: str) -> tuple[str, Head] | None:
    """A name written with its generic word as the name without it (nor the lower-case words
    between) and the head; None when it has none. The name part keeps its case ending."""
    words = list(_WORD.finditer(name))
    if not words:
        return None
    if _is_han(name[-1]):
        return _split_han(name)
    for j in range(1, len(words)):
        found = head_after(name, words, j)
        if found and j + found[0] == len(words):
            n = j
            while n > 1 and words[n - 1].group().islower() and j - n < GAP[found[1].kind]:
                n -= 1
            return name[: words[n - 1].end()], found[1]
    for n in range(1, len(words)):
        found = head_before(name, words, n)
        if found and found[0] == n:
            return name[words[n].start() :], found[1]
    return None


def _split_han(name: str) -> tuple[str, Head] | None:
    """A Chinese name without the heads that end it (集团公司 both); the last one's head."""
    found: Head | None = None
    rest = name
    while True:
        head = next(
            (
                h
                for h in _by_position()["suffix"]
                if rest.endswith(h.words[0])
                and len(rest) > len(h.words[0])
                and (found is None or h.kind == "org")
            ),
            None,
        )
        if head is None:
            return (rest, found) if found else None
        found = found or head
        rest = rest[: -len(head.words[0])]


# The script a head's language is written in.
_SCRIPT_OF_LANGUAGE: Final = {"en": "Latn", "ru": "Cyrl", "kk": "Cyrl", "ug": "Arab", "zh": "Hani"}


def _fits(head: Head, script: str) -> bool:
    return _SCRIPT_OF_LANGUAGE.get(head.language) == script


def _end_after(text: str, words: Sequence[regex.Match[str]], last: int) -> int | None:
    """Where a name whose last word is ``last`` ends with its head (a character offset), or
    None: the head right after it, or in Cyrillic text after a few lower-case words
    (``GAP``); never across punctuation."""
    script = _script_of(words[last].group()[0])
    if script == "Hani":
        found_han = han_head(text, words[last].end())
        return found_han[0] if found_han else None
    for gap in range(max(GAP.values()) + 1):
        j = last + 1 + gap
        if j >= len(words) or not _spaced(text, words, j):
            return None
        found = head_after(text, words, j)
        if found and _fits(found[1], script) and gap <= GAP[found[1].kind]:
            return int(words[j + found[0] - 1].end())
        word = words[j].group()
        if script != "Cyrl" or not word.islower():
            return None
    return None


def _end_inside(text: str, words: Sequence[regex.Match[str]], first: int, last: int) -> int | None:
    """Where a name-like span ends with a head that starts inside it and runs on past its last
    word (the span took Almaty District, four capitalised words being its most, and the head
    District Court goes on), or None."""
    script = _script_of(words[first].group()[0])
    for j in range(first + 1, last + 1):
        found = head_after(text, words, j)
        if found and _fits(found[1], script) and j + found[0] - 1 > last:
            return int(words[j + found[0] - 1].end())
    return None


def _start_before(text: str, words: Sequence[regex.Match[str]], first: int) -> int | None:
    """Where a name whose first word is ``first`` starts with the head before it (озеро
    Балхаш, Lake Balkhash), or None."""
    found = head_before(text, words, first)
    if found and _fits(found[1], _script_of(words[first].group()[0])):
        return int(words[first - found[0]].start())
    return None


def with_heads(
    document: str,
    text: str,
    words: Sequence[regex.Match[str]],
    mentions: Sequence[Mention],
    runs: Mapping[int, tuple[int, int]],
    stopwords: frozenset[str],
) -> list[Mention]:
    """The mentions of a document, each name written with its generic word taken with it (the
    ``feature`` origin; :func:`split_head` tells its name and class): a mention followed or
    preceded by a head; in Arabic script any word, and in Chinese a run of transcription
    characters (``runs``), followed by a feature's head, mentioned or not; a name-like mention
    holding its head. A capitalised name-like word right before a name so extended is part of
    it (North Aral Sea, Малое Аральское море), not a sentence's first word (Құбырды, "the
    pipeline", before Қытай ұлттық мұнай-газ корпорациясы). A Chinese mention inside a run of
    transcription characters names the feature by the whole run. Mentions inside the new span
    give way."""

    # Word indexes by offset, found by bisection: ``words`` may hold only a window of the
    # document's words (kznames._window), not a list of them all.
    def word_at(offset: int) -> int:
        return bisect.bisect_right(range(len(words)), offset, key=lambda n: words[n].start()) - 1

    bounds = [(word_at(m.start), word_at(m.end - 1)) for m in mentions]
    covered = {n for first, last in bounds for n in range(first, last + 1)}
    spans: list[tuple[int, int, Mention | None]] = []
    for mention, (first, last) in zip(mentions, bounds, strict=True):
        in_run = first in runs and runs[first] == runs.get(last)
        if in_run:
            # A Chinese mention inside a run of transcription characters: the feature's name is
            # the whole run (巴尔喀什湖 is Lake Balkhash, not 喀什 Kashgar's lake).
            first, last = runs[first][0], runs[first][1] - 1
        end = _end_after(text, words, last)
        if end is None and mention.origin in ("name-like", "weak", "title"):
            end = _end_inside(text, words, first, last)
        start = _start_before(text, words, first)
        if end is not None and in_run:
            start = int(words[first].start())
        if end is None and start is None:
            held = mention.origin in ("name-like", "weak", "title") and split_head(mention.surface)
            spans.append((mention.start, mention.end, None if held else mention))
            continue
        spans.append((mention.start if start is None else start, end or mention.end, None))
    for n, word in enumerate(words):
        if n in covered:
            continue
        script = _script_of(word.group()[0])
        if script in ("Latn", "Cyrl") and _capitalised(word.group()):
            # A capitalised word after a head that comes first is its name even when it is
            # also a common word (Река Или: или "or").
            start = _start_before(text, words, n)
            if start is not None:
                spans.append((start, word.end(), None))
        elif script == "Arab" and word.group().casefold() not in stopwords:
            end = _end_after(text, words, n)
            if end is not None:
                spans.append((word.start(), end, None))
        elif script == "Hani" and n in runs and runs[n][1] == n + 1:
            suffix = han_head(text, word.end())
            if suffix and suffix[1].kind == "feature":
                spans.append((words[runs[n][0]].start(), suffix[0], None))
    kept: list[tuple[int, int, Mention | None]] = []
    for start, end, held_mention in sorted(spans, key=lambda s: (s[0], -s[1], s[2] is not None)):
        if kept and start < kept[-1][1]:
            continue  # inside a longer span kept before
        if held_mention is None and kept and kept[-1][2] is not None:
            before = kept[-1][2]
            if (
                before.origin == "name-like"
                and len(_WORD.findall(before.surface)) == 1
                and not text[before.end : start].strip()
                and _script_of(before.surface[0]) == _script_of(text[start]) != "Arab"
                and split_head(text[start:end]) is not None
            ):
                kept.pop()
                start = before.start
        kept.append((start, end, held_mention))
    result: list[Mention] = []
    for start, end, kept_mention in kept:
        if kept_mention is None:
            surface = " ".join(text[start:end].split())
            kept_mention = Mention(document, start, end, surface, surface, "feature")
        result.append(kept_mention)
    return result
