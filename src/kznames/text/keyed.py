"""Names only a key finds: Chinese transcription runs read by key (阿克套 → Aktau), Chinese
renderings of a word of a name found elsewhere (苏尔坦别科夫, Sultanbekov), and Arabic-script
words with the fine key of a prominent place or town (ئاقتاۋغا → Aktau)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

import regex

from ..gazetteer import Gazetteer
from ..names import key, parse
from ..phonetic import fine_key, token_key
from .tables import _han_breaks, _han_transcription
from .words import _MIDDLE_DOTS, _SHORT_KEY, _WORD, _is_han

# A whole run of transcription characters this similar to one word of a name found elsewhere
# (``similarity().value``, the match model's probability; and this much more than to any other
# word) is a Chinese rendering of it: 米尔济约耶夫 ~ Mirziyoyev 0.91, 扎帕罗夫 ~ Japarov 0.88,
# 苏尔坦别科夫 ~ Sultanbekov 0.94, while other surnames are vetoed to half their alignment
# (扎帕罗夫 ~ Tokayev 0.17). Set when the value was the alignment score (0.71, 0.67, 0.80 and
# about 0.3 for those pairs): the threshold holds on both scales.
_RENDERING: Final = 0.65


_RENDERING_MARGIN: Final = 0.1


# Key letters a rendering's key and the word's may differ by (Chinese keys run longer: 夫 fa).
_RENDERING_LENGTH: Final = 3


def _name_words_of(names: Sequence[str]) -> dict[str, str]:
    """The words of names (of five key letters or more) → the first name holding each."""
    found: dict[str, str] = {}
    for name in names:
        for token in parse(name):
            if token.kind == "name" and len(token.key) >= _KEYED_SHORTEST:
                found.setdefault(token.text, name)
    return found


def _rendered_word(run: str, words: Mapping[str, str]) -> tuple[str, float] | None:
    """The one word of ``words`` that a Chinese run renders (``_RENDERING``, with a margin of
    ``_RENDERING_MARGIN`` over every other word of another key), with its similarity; None."""
    from ..score import match_score

    length = len(token_key(run))
    scored = sorted(
        (
            (match_score(run, word), word)
            for word in words
            if abs(len(token_key(word)) - length) <= _RENDERING_LENGTH
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < _RENDERING:
        return None
    best, word = scored[0]
    rivals = [v for v, w in scored[1:] if token_key(w) != token_key(word)]
    if rivals and rivals[0] > best - _RENDERING_MARGIN:
        return None
    return word, best


# A Chinese rendering of a foreign name, without middle dots, taken for a name by key: this
# many characters at least (two would match too many common words) and at most.
_HAN_RUN_SHORTEST: Final = 3


_HAN_RUN_LONGEST: Final = 10


# Besides prominent places, a town of this many people (or of any administrative rank, a
# county seat included) is read by its fine key from Arabic script: Jarkent (جاركەنت, 34,000).
_KEYED_TOWN: Final = 20_000


# Key letters a name read by key (not as spelled) must have, from a caseless script.
_KEYED_SHORTEST: Final = 5


def _transcription_runs(text: str, words: Sequence[regex.Match[str]]) -> dict[int, tuple[int, int]]:
    """Runs of Chinese characters of the transcription tables (``textdata/
    han-transcription.tsv``), not broken by a function character or anything between them, as
    {word: (the run's first word, the word after its last)}, for every word of a run of three
    or more."""
    table, breaks = _han_transcription(), _han_breaks()
    runs: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(words):
        char = words[i].group()
        if char not in table or char in breaks:
            i += 1
            continue
        j = i + 1
        while (
            j < len(words)
            and words[j].group() in table
            and words[j].group() not in breaks
            and words[j].start() == words[j - 1].end()
        ):
            j += 1
        if j - i >= _HAN_RUN_SHORTEST:
            runs.update(dict.fromkeys(range(i, j), (i, j)))
        i = j
    return runs


def _by_key(
    text: str,
    words: Sequence[regex.Match[str]],
    i: int,
    runs: Mapping[int, tuple[int, int]],
    keyed: Mapping[int, Sequence[str]],
    gazetteer: Gazetteer,
    spelled_as: Sequence[Sequence[str]],
) -> tuple[int, int, str, str, str] | None:
    """A name at word ``i`` that only its key finds: (start, end, surface, form, origin), or
    None.

    * In Chinese text, the longest run of transcription characters from ``i`` (three to ten,
      the whole run of them or a prefix or suffix of it) whose
      reading is the key of a gazetteer place or person (阿克套 → Aktau: ``gazetteer``) or of a
      part of a person's Chinese or pinyin name (托卡耶夫, the surname of 卡瑟姆-若马尔特·托卡耶夫:
      ``name-like``, joined to its person by context).
    * A word of Arabic script (with its stems) whose fine key (vowels kept) is that of a
      prominent gazetteer place or town (ئاقتاۋغا → Aktau, تالدىقورغاندا → Taldykorgan, though the
      gazetteer has no Uyghur spelling of either): ``gazetteer``, the stem as its form.

    Keys of fewer than five letters are not enough (a caseless script has no capital letter to
    say a word is a name), save for a place read from Arabic script.
    """
    if i in runs:
        whole, parts = _keyed_names(gazetteer)
        first, after = runs[i]
        # A name touches an end of its run: the whole run or a prefix, from its start (阿克套
        # in 阿克套卡), or a suffix (阿克套 in 达阿克套, after 抵); never the middle of a longer
        # rendering (里斯蒂 is not a name in 克里斯蒂娜).
        ends = range(min(after, i + _HAN_RUN_LONGEST), i + _HAN_RUN_SHORTEST - 1, -1)
        if i > first:
            ends = range(after, after - 1, -1) if after - i <= _HAN_RUN_LONGEST else range(0)
        for end in ends:
            if end - i < _HAN_RUN_SHORTEST:
                break
            start, stop = words[i].start(), words[end - 1].end()
            run = text[start:stop]
            if len(key(run)) >= _KEYED_SHORTEST and key(run) in whole:
                return start, stop, run, run, "gazetteer"
            if len(token_key(run)) >= _KEYED_SHORTEST and token_key(run) in parts:
                return start, stop, run, run, "name-like"
        return None
    if i in keyed:
        places = _prominent_place_keys(gazetteer)
        for index, reading in enumerate(keyed[i]):
            if len(reading) >= _SHORT_KEY and reading in places:
                match = words[i]
                form = spelled_as[i][index]
                return match.start(), match.end(), match.group(), form, "gazetteer"
    return None


@lru_cache(maxsize=4)
def _keyed_names(
    gazetteer: Gazetteer,
) -> tuple[frozenset[str], dict[str, frozenset[tuple[str, str]]]]:
    """The keys of the gazetteer's places and persons (five letters or more), and the token
    keys of the parts of its persons' Chinese and pinyin names, with the (person, variant)
    pairs having each."""
    whole: set[str] = set()
    parts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for variant in gazetteer.variants:
        entity = gazetteer.entities.get(variant.entity_id)
        if entity is None or entity.kind not in ("place", "person"):
            continue
        name_key = key(variant.variant)
        if len(name_key) >= _KEYED_SHORTEST:
            whole.add(name_key)
        if entity.kind == "person" and variant.tag.startswith("zh"):
            for part in regex.split(r"[\s\-" + _MIDDLE_DOTS + "]+", variant.variant):
                part_key = token_key(part) if part else ""
                if len(part_key) >= _KEYED_SHORTEST:
                    parts[part_key].add((entity.entity_id, variant.variant))
    return frozenset(whole), {k: frozenset(v) for k, v in parts.items()}


@lru_cache(maxsize=4)
def _prominent_place_keys(gazetteer: Gazetteer) -> frozenset[str]:
    """Fine keys (sound classes folded, vowels kept) of one-word variants of prominent places
    (:func:`kznames.gazetteer.prominent`) and of towns (``_KEYED_TOWN`` people, or a rank).
    The match key alone is too coarse for words of a caseless script: ئۇنىڭ ("his") shares the
    key of Yining, ئاقان that of Yeken. (Every prominent place has a rank or 50,000 people.)"""
    found = set()
    for variant in gazetteer.variants:
        entity = gazetteer.entities.get(variant.entity_id)
        words = _WORD.findall(variant.variant)
        if entity is None or entity.kind != "place" or len(words) != 1 or _is_han(words[0]):
            continue
        if entity.rank or entity.population >= _KEYED_TOWN:
            found.add(fine_key(words[0]))
    return frozenset(found)
