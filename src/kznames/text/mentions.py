"""Finding the mentions of one document: gazetteer variants by one pass of a trie over word
readings, names seen in other documents, name-like spans (capitalised words, Chinese names,
runs of another script), and names only a key finds (:mod:`kznames.text.keyed`)."""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import regex

from .._window import PerWord, WordMatches
from ..gazetteer import Gazetteer
from ..phonetic import fine_key, token_key
from ..score import LINK_THRESHOLD, alignment_score
from .declension import _given_name_in_case, _in_case, declension_languages, stems
from .documents import Document, Mention
from .heads import with_heads
from .keyed import _HAN_RUN_LONGEST, _by_key, _name_words_of, _rendered_word, _transcription_runs
from .tables import (
    _given_genders,
    _han_breaks,
    _particles,
    _people_endings,
    _roles,
    _stopwords,
)
from .words import (
    _MIDDLE_DOTS,
    _WORD,
    _adjacent,
    _capitalised,
    _cased,
    _folded,
    _initial,
    _is_han,
    _main_script,
    _reading,
    _respelled,
    _script_of,
    _sentence_start,
    _short,
    _spelled,
)

_MAX_SPAN: Final = 4  # capitalised words in one name-like span


# Similarity a caseless-script span needs to be taken for a name seen elsewhere: the link
# threshold, at which reconcile joins two spellings.
_SEEN_NEARBY: Final = LINK_THRESHOLD


_MAX_HAN_RUN: Final = 14  # Chinese characters that can be one name inside other-script text
_HAN: Final = regex.compile(r"\p{Han}")


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


class _Trie:
    """Gazetteer variants as sequences of word readings (keys or spellings)."""

    def __init__(self, variants: Iterable[str], by_key: bool = False) -> None:
        self.root = _Node()
        self.inner: set[str] = set()  # lower-case words inside the names, case-folded
        for variant in variants:
            words = _WORD.findall(unicodedata.normalize("NFC", variant))
            if not words or (len(words) == 1 and _is_han(words[0])):
                continue  # one Chinese character names nothing reliably
            if len({_cased(w) for w in words}) > 1:
                continue  # mixed cased and caseless words: not a name as written in text
            self.inner.update(w.casefold() for w in words[1:] if _cased(w) and w.islower())
            short = not by_key and _short(words)
            node = self.root
            for word in words:
                spelled = _spelled(word) if short else _reading(word)
                reading = token_key(word) if by_key else spelled
                node = node.children.setdefault(reading, _Node())
            node.terminal = True

    def longest(self, keys: Sequence[Sequence[str]], start: int) -> int:
        """How many words from ``start`` form the longest variant (0: none); each word may be
        read by any of its keys (as written, or a stem)."""
        found = self.paths(keys, start)
        return len(found[0]) if found else 0

    def paths(self, keys: Sequence[Sequence[str]], start: int) -> list[tuple[int, ...]]:
        """The ways the longest variant from ``start`` reads its words, each as the index of the
        reading that matched each word, in order (empty: none)."""
        best: list[tuple[int, ...]] = []
        states: list[tuple[_Node, tuple[int, ...]]] = [(self.root, ())]
        while states:
            node, chosen = states.pop()
            if node.terminal and chosen:
                if not best or len(chosen) > len(best[0]):
                    best = [chosen]
                elif len(chosen) == len(best[0]):
                    best.append(chosen)
            position = start + len(chosen)
            if position < len(keys):
                # A reading given twice (a case form and its nominative sharing a key) is one
                # step, through its first index: _same_readings gives the others back.
                for candidate, indexes in _equal_readings(keys[position]).items():
                    child = node.children.get(candidate)
                    if child is not None:
                        states.append((child, (*chosen, indexes[0])))
        return sorted(best)


def _equal_readings(readings: Sequence[str]) -> dict[str, list[int]]:
    """Each distinct reading of a word with the indexes that give it, in order of first
    appearance."""
    found: dict[str, list[int]] = {}
    for index, reading in enumerate(readings):
        found.setdefault(reading, []).append(index)
    return found


# Combinations of same-key readings tried for one gazetteer match, at most.
_SAME_READINGS: Final = 32


def _same_readings(
    readings: Sequence[Sequence[str]], start: int, path: Sequence[int]
) -> list[tuple[int, ...]]:
    """The path, then the same path through the other readings of each word that equal the
    reading it took (a case form and its nominative sharing a key), in order."""
    choices = [
        _equal_readings(readings[start + n])[readings[start + n][index]]
        for n, index in enumerate(path)
    ]
    found = [tuple(path)]
    for combination in itertools.islice(itertools.product(*choices), _SAME_READINGS):
        if combination != tuple(path):
            found.append(combination)
    return found


@lru_cache(maxsize=4)
def _spellings(gazetteer: Gazetteer) -> frozenset[str]:
    """Every variant of the gazetteer as spelled (NFC, case-folded)."""
    return frozenset(unicodedata.normalize("NFC", v.variant).casefold() for v in gazetteer.variants)


@lru_cache(maxsize=4)
def _trie(gazetteer: Gazetteer) -> _Trie:
    return _Trie(v.variant for v in gazetteer.variants)


def find_mentions(
    document: Document,
    gazetteer: Gazetteer,
    names_seen: Sequence[str] = (),
    words_seen: Sequence[str] = (),
) -> list[Mention]:
    """The mentions in one document, in order, without overlaps (gazetteer variants first).

    ``names_seen``: names found in other documents, looked for here by key whatever the script
    (a name found in Latin or Cyrillic text is found in Uyghur-script text too, where no capital
    letter marks names). ``words_seen``: one-word names found in other documents, of which a
    Chinese run of transcription characters may be a rendering (肯基亚克, Kenkiyak), as of a
    word of ``names_seen``."""
    text = document.text
    # The words and their readings are made as the search reaches them, a window of them kept
    # (kznames._window): for the whole text at once they cost 30-40 MB per MB of text.
    words = WordMatches(_WORD, text)
    main_script = _main_script(text)
    languages = declension_languages(text)
    trie = _trie(gazetteer)

    def read(n: int) -> tuple[list[str], list[str]]:
        """Word ``n``'s readings and the spelling each stands for. A word may be read as
        written or as a stem, for Latin and Cyrillic capitalised words (running-text words are
        not names) and for every word of other scripts."""
        word = words[n].group()
        if _cased(word) and not _capitalised(word):
            # A lower-case word is read only if some gazetteer name has it inside, as written
            # or in a case (Volunteers of the Fatherland, Атажұрт еріктілері; организации and
            # ұйымының in Шанхайской организации сотрудничества, Шанхай ынтымақтастық ұйымының).
            inside = [w for w in (word, *stems(word, languages)) if w.casefold() in trie.inner]
            return [_reading(w) for w in inside] + [_spelled(w) for w in inside], [*inside, *inside]
        # A word certainly in a case (an "always" ending: Кашгарии, Білаштың) is read only
        # through its nominatives, not as written (Кашгарии has the key of Кашгар).
        forms = (*(() if _in_case(word, languages) else (word,)), *stems(word, languages))
        if _cased(word):
            return [_reading(w) for w in forms] + [_spelled(w) for w in forms], [*forms, *forms]
        return [_reading(w) for w in forms], list(forms)

    both = PerWord(read, len(words))
    readings = PerWord(lambda n: both[n][0], len(words))
    spelled_as = PerWord(lambda n: both[n][1], len(words))
    lower_case: set[str] = set()  # words the document writes in lower case: common words
    # A gazetteer name starts at a capitalised word or a word of a caseless script.
    starts: list[bool] = []
    # Lines that may be title-case headlines: their cased words (index, word), all capitalised
    # (few lines are: only those are kept, not every line's words).
    headlines: list[list[tuple[int, str]]] = []
    line: list[tuple[int, str]] = []
    capitalised_line = True
    line_end = -1
    for n, match in enumerate(words):
        word = match.group()
        if _cased(word) and not _capitalised(word):
            lower_case.add(word.casefold())
            starts.append(False)
        else:
            starts.append(True)
        if match.start() > line_end:
            if capitalised_line and len(line) >= _TITLE_WORDS:
                headlines.append(line)
            line, capitalised_line = [], True
            line_end = text.find("\n", match.start())
            line_end = len(text) if line_end < 0 else line_end
        if _cased(word):
            line.append((n, word))
            capitalised_line = capitalised_line and _capitalised(word)
    if capitalised_line and len(line) >= _TITLE_WORDS:
        headlines.append(line)
    title_case = _title_case_words(headlines, lower_case)

    spellings = _spellings(gazetteer)

    def spelling(j: int, path: Sequence[int]) -> list[str]:
        return [spelled_as[j + n][c] for n, c in enumerate(path)]

    def gazetteer_at(j: int, followed: bool = True) -> tuple[int, ...]:
        """The gazetteer name starting at word ``j`` (the reading of each of its words), unless
        it is part of a longer name the gazetteer does not know (by the word after it too, with
        ``followed``; a name-like span ends where a gazetteer name starts, whatever follows).
        In a title-case line capitals say nothing: a name there is one spelled as the gazetteer
        spells it, whatever words stand around it."""
        if not starts[j]:
            return ()
        if j in title_case:
            spelled_paths = [
                q
                for p in trie.paths(readings, j)
                for q in _same_readings(readings, j, p)
                if all(j + n in title_case for n in range(len(q)))
                and _folded(_respelled(text, words[j : j + len(q)], spelling(j, q))) in spellings
            ]
            return spelled_paths[0] if spelled_paths else ()
        # Of the ways to read the name, the first spelled as a gazetteer variant (Ақтауға as
        # Ақтау, not by the key it shares with Aqtoğai), else the first, words as written first.
        # A word's readings that are one key (Шанхайской, Шанхайская) are one path of the trie:
        # each path is tried with each of them.
        paths = [q for p in trie.paths(readings, j) for q in _same_readings(readings, j, p)]
        path = next(
            (
                p
                for p in paths
                if _folded(_respelled(text, words[j : j + len(p)], spelling(j, p))) in spellings
            ),
            paths[0] if paths else (),
        )
        if path and (
            (
                followed
                # A case ending on its last word closes a name (Си Цзиньпинмен Астанада).
                and spelling(j, path)[-1] == words[j + len(path) - 1].group()
                and _inside_longer_name(text, words, j, len(path), starts, languages)
            )
            or _after_name_word(text, words, j, path, spelled_as, gazetteer, trie, readings)
            or (
                len(path) == 1
                and spelling(j, path)[0] != words[j].group()
                and _given_name_in_case(words[j].group(), spelling(j, path)[0], languages)
                and _inside_longer_name(text, words, j, 1, starts, languages)
            )
        ):
            return ()
        return path

    seen_trie = _Trie(names_seen, by_key=True) if names_seen else None
    pinyin_seen = _pinyin_names(tuple(names_seen)) if main_script == "Hani" else frozenset()
    # Names seen elsewhere by the first three key letters of their first word: a spelling
    # whose key differs a little (Sauytbay, ساۋۇتباي) is found by similarity.
    seen_by_prefix: dict[str, list[str]] = defaultdict(list)
    for name in names_seen:
        first = _WORD.findall(name)
        if first:
            seen_by_prefix[token_key(first[0])[:3]].append(name)
    # (Most texts hold no Chinese character: then no pass over the words is needed.)
    han_names = _han_names(text, words, main_script) if _HAN.search(text) else {}
    runs = _transcription_runs(text, words) if main_script == "Hani" else {}
    # The words of names found elsewhere, for a Chinese rendering of one without a middle dot.
    seen_words = (
        _name_words_of([*names_seen, *words_seen]) if runs and (names_seen or words_seen) else {}
    )
    # Arabic-script words by key (with their stems), for places the gazetteer spells otherwise.
    keyed_caseless = {
        n: [fine_key(f) for f in spelled_as[n]]
        for n, m in enumerate(words)
        if _script_of(m.group()[0]) == "Arab"
    }
    # Only needed to look for names seen elsewhere.
    keyed: Sequence[list[str]] = (
        PerWord(
            lambda n: [token_key(w) for w in (words[n].group(), *stems(words[n].group()))],
            len(words),
        )
        if seen_trie is not None
        else []
    )
    peoples = _people_stems(gazetteer) if languages and languages & {"ru", "kk"} else {}
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        if peoples and not starts[i]:
            # A people's name as a lower-case plural noun (задержанных казахов).
            people = _people_noun(words[i].group(), peoples, languages or frozenset())
            if people is not None:
                match = words[i]
                mentions.append(
                    Mention(
                        document.name,
                        match.start(),
                        match.end(),
                        match.group(),
                        people,
                        "gazetteer",
                    )
                )
                i += 1
                continue
        # Uyghur in the Uyghur Human Rights Project is not the people, nor Tileuzhan in Aigerim
        # Tileuzhan the town Toli.
        path = gazetteer_at(i)
        if path:
            length = len(path)
            span = words[i : i + length]
            surface = " ".join(text[span[0].start() : span[-1].end()].split())
            # A stop word that names a people (Kazakh, Uyghur) is the people, even as an
            # adjective: "large Uyghur, Kazakh and Hui groups".
            if not _all_stopwords(span) or gazetteer.identify(surface, kind="people"):
                # The form: each word as the gazetteer reads it (Хотана → Хотан, Чугучаке →
                # Чугучак), the stem the match went through.
                form = _respelled(text, span, spelling(i, path))
                mentions.append(
                    Mention(
                        document.name,
                        span[0].start(),
                        span[-1].end(),
                        surface,
                        form,
                        "gazetteer",
                    )
                )
                i += length
                continue
        if seen_trie is not None:
            length = seen_trie.longest(keyed, i) or _seen_nearby(
                text, words, i, keyed, seen_by_prefix
            )
            if length:
                span = words[i : i + length]
                start, end = span[0].start(), span[-1].end()
                surface = " ".join(text[start:end].split())
                mentions.append(Mention(document.name, start, end, surface, surface, "name-like"))
                i += length
                continue
        if i in title_case:
            # A capitalised word of a title-case line is a name only if it is a word of a name
            # found elsewhere (a "title" mention, confirmed or dropped by reconcile).
            word = words[i].group()
            if word.casefold() not in _stopwords() and word.casefold() not in _particles():
                mentions.append(
                    Mention(document.name, words[i].start(), words[i].end(), word, word, "title")
                )
            i += 1
            continue
        if pinyin_seen and _is_han(words[i].group()):
            # A Chinese name written in pinyin in another document (ZHU, Hailun: 朱海仑).
            length = _pinyin_name_at(text, words, i, pinyin_seen)
            if length:
                start, end = words[i].start(), words[i + length - 1].end()
                run = text[start:end]
                mentions.append(Mention(document.name, start, end, run, run, "pinyin"))
                i += length
                continue
        found = _name_like(
            text,
            words,
            i,
            main_script,
            lambda j: bool(gazetteer_at(j, followed=False)),
            han_names,
            lower_case,
            languages,
        )
        if found:
            start, end, surface, weak, after = found
            origin = "weak" if weak else "name-like"
            mentions.append(Mention(document.name, start, end, surface, surface, origin))
            i = after
            continue
        # A whole run rendering a name seen elsewhere is read before a part of it a key finds
        # (库姆克尔 renders Kumkol; its end 姆克尔 has the key of the village Muhur).
        if seen_words and i in runs and runs[i][0] == i:
            after = runs[i][1]
            start, stop = words[i].start(), words[after - 1].end()
            run = text[start:stop]
            if after - i <= _HAN_RUN_LONGEST and _rendered_word(run, seen_words):
                mentions.append(Mention(document.name, start, stop, run, run, "rendering"))
                i = after
                continue
        by_key = _by_key(text, words, i, runs, keyed_caseless, gazetteer, spelled_as)
        if by_key is not None:
            mentions.append(Mention(document.name, *by_key))
            i += len(_WORD.findall(by_key[2]))
            continue
        i += 1
    # A name written with its generic word (the Ili River, Панфилов аудандық соты) is that
    # river or court, not the place it holds.
    return with_heads(document.name, text, words, mentions, runs, _stopwords())


# Letters a people's stem keeps at least (Хуэй is a whole name, not a stem of one).
_PEOPLE_STEM: Final = 4


def _stem_of(folded: str, endings: Iterable[str]) -> list[str]:
    """The stems a case-folded word leaves when one of ``endings`` is read off (longest first),
    of ``_PEOPLE_STEM`` letters or more."""
    return [
        folded[: -len(e)]
        for e in endings
        if folded.endswith(e) and len(folded) - len(e) >= _PEOPLE_STEM
    ]


@lru_cache(maxsize=4)
def _people_stems(gazetteer: Gazetteer) -> dict[str, dict[str, str]]:
    """For each language of ``people-endings.tsv``, the stems of the gazetteer's one-word
    Cyrillic spellings of a people (Казахи → казах, Қазақтар → қазақ, Уйгур → уйгур), each with
    the spelling it comes from, that of the language first (ru-Cyrl for Russian)."""
    found: dict[str, dict[str, str]] = {}
    for language, endings in _people_endings().items():
        stems_of: dict[str, str] = {}
        variants = [
            v
            for v in gazetteer.variants
            if gazetteer.entities[v.entity_id].kind == "people"
            and len(_WORD.findall(v.variant)) == 1
            and _script_of(v.variant[0]) == "Cyrl"
        ]
        variants.sort(key=lambda v: not v.tag.startswith(language))
        for variant in variants:
            folded = unicodedata.normalize("NFC", variant.variant).casefold()
            for stem in (folded, *_stem_of(folded, endings)):
                if len(stem) >= _PEOPLE_STEM:
                    stems_of.setdefault(stem, variant.variant)
        found[language] = stems_of
    return found


def _people_noun(
    word: str, peoples: dict[str, dict[str, str]], languages: frozenset[str]
) -> str | None:
    """The gazetteer spelling of the people a lower-case word names as a plural noun in the
    document's language (казахов, дунганами → Казахи, Дунгане; қазақтардың → Қазақтар), or
    None (казахский, the adjective, and a singular word carry no plural ending).

    >>> peoples = _people_stems(Gazetteer.default())
    >>> _people_noun("казахов", peoples, frozenset({"ru"}))
    'Казахи'
    >>> _people_noun("казахский", peoples, frozenset({"ru"})) is None
    True
    """
    folded = unicodedata.normalize("NFC", word).casefold()
    for language in sorted(languages & peoples.keys()):
        stems_of = peoples[language]
        for stem in _stem_of(folded, _people_endings()[language]):
            if stem in stems_of:
                return stems_of[stem]
    return None


# Chinese characters a Chinese name written in pinyin elsewhere may have here (surname and
# given name: 王明山, 欧阳修文), and the letters of its pinyin at least.
_PINYIN_NAME_CHARACTERS: Final = (2, 4)
_PINYIN_NAME_LETTERS: Final = 5


@lru_cache(maxsize=4)
def _pinyin_names(names_seen: tuple[str, ...]) -> frozenset[str]:
    """The names found elsewhere that may be a Chinese name in pinyin (two or three Latin words,
    ZHU, Hailun or Chen Quanguo), as their letters in lower case, surname first and, for two
    words, given name first too (Quanguo Chen)."""
    found: set[str] = set()
    for name in names_seen:
        parts = [w.casefold() for w in _WORD.findall(name)]
        if not 2 <= len(parts) <= 3 or not all(p.isascii() and p.isalpha() for p in parts):
            continue
        for order in (parts, parts[::-1]) if len(parts) == 2 else (parts,):
            letters = "".join(order)
            if len(letters) >= _PINYIN_NAME_LETTERS:
                found.add(letters)
    return frozenset(found)


@lru_cache(maxsize=8192)
def _han_pinyin(character: str) -> str:
    """One Chinese character's pinyin, toneless, in lower case."""
    from ..translit import transliterate

    reading = transliterate(character, target="zh-Latn-pinyin").text
    return "".join(c for c in reading.casefold() if c.isascii() and c.isalpha())


def _pinyin_name_at(
    text: str, words: Sequence[regex.Match[str]], i: int, pinyin_seen: frozenset[str]
) -> int:
    """How many Chinese characters from word ``i`` read, in pinyin, as a name found elsewhere
    (朱海仑 = ZHU, Hailun), the longest first; 0: none.

    >>> from kznames.text.words import _WORD
    >>> text = "原副书记朱海仑。"
    >>> _pinyin_name_at(text, list(_WORD.finditer(text)), 4, frozenset({"zhuhailun"}))
    3
    """
    low, high = _PINYIN_NAME_CHARACTERS
    for length in range(high, low - 1, -1):
        span = words[i : i + length]
        if len(span) < length or not all(_is_han(w.group()) and len(w.group()) == 1 for w in span):
            continue
        if any(span[n].start() != span[n - 1].end() for n in range(1, length)):
            continue
        if "".join(_han_pinyin(w.group()) for w in span) in pinyin_seen:
            return length
    return 0


def _seen_nearby(
    text: str,
    words: Sequence[regex.Match[str]],
    i: int,
    keyed: Sequence[Sequence[str]],
    seen_by_prefix: dict[str, list[str]],
) -> int:
    """How many words from ``i`` spell a name seen elsewhere closely enough for similarity
    (``score.LINK_THRESHOLD``, at which reconcile joins two spellings): the
    word count may differ by one (Kassym-Jomart, قاسىم جومارت). 0: none."""

    if _cased(words[i].group()) or _is_han(words[i].group()):
        return 0
    best, best_value = 0, _SEEN_NEARBY
    for reading in keyed[i]:
        for name in seen_by_prefix.get(reading[:3], ()):
            size = len(_WORD.findall(name))
            for length in range(max(1, size - 1), min(size + 1, len(words) - i) + 1):
                span = words[i : i + length]
                if any(_cased(w.group()) or _is_han(w.group()) for w in span):
                    break
                window = " ".join(text[span[0].start() : span[-1].end()].split())
                last = _WORD.findall(window)[-1]
                for candidate in (window, *(window[: -len(last)] + s for s in stems(last))):
                    value = alignment_score(candidate, name)
                    if value >= best_value and length > best:
                        best, best_value = length, value
    return best


def _inside_longer_name(
    text: str,
    words: Sequence[regex.Match[str]],
    i: int,
    length: int,
    starts: Sequence[bool],
    languages: frozenset[str] | None = None,
) -> bool:
    """A gazetteer name directly followed (no punctuation) by a capitalised word of its script
    that is neither a stop word nor a role word in a case of the document's ``languages``
    (Қазақстан Президенті): a longer name the gazetteer does not know. A line break wrapping
    running text does not end a name (Shanghai / Cooperation Organisation); a blank line (a
    new paragraph) does (``_adjacent``)."""
    after = i + length
    if after >= len(words) or not _cased(words[i].group()):
        return False
    word = words[after].group()
    return (
        _capitalised(word)
        and _script_of(word[0]) == _script_of(words[i].group()[0])
        and word.casefold() not in _stopwords()
        and not _role_word(word, languages)
        and _adjacent(text, words[after - 1], words[after])
        and starts[after]
        and not _sentence_start(text, words[after].start())
    )


def _after_name_word(
    text: str,
    words: Sequence[regex.Match[str]],
    j: int,
    path: Sequence[int],
    spelled_as: Sequence[Sequence[str]],
    gazetteer: Gazetteer,
    trie: _Trie,
    readings: Sequence[Sequence[str]],
) -> bool:
    """A gazetteer name of a place, organisation or people directly preceded (no punctuation,
    not across a sentence start) by a capitalised word of its script that is neither a stop word
    nor a gazetteer name: the end of a longer name, as a surname the gazetteer knows only as a
    place (Aigerim Tileuzhan is not the town Toli); at a sentence start only a given name of the
    name frequency tables counts (Махмуд Кашгари is not Kashgar). A person's name stays one
    (Sayragul before a gazetteer Sauytbay). A one-word name spelled as a gazetteer variant is
    the gazetteer's, unless a given name precedes it: then it is a surname (Mukhtar Auezov is
    the writer, not the village named after him)."""
    if j == 0 or not _cased(words[j].group()):
        return False
    before = words[j - 1].group()
    if not (
        _capitalised(before)
        and _script_of(before[0]) == _script_of(words[j].group()[0])
        and before.casefold() not in _stopwords()
        and _adjacent(text, words[j - 1], words[j])
        and (
            not _sentence_start(text, words[j - 1].start())
            # A given name opening a sentence is no common word (Махмуд Кашгари составил…).
            or _given_name(before)
        )
        and not before.endswith(("'s", "’s"))
        and trie.longest(readings, j - 1) == 0
    ):
        return False
    name = _respelled(
        text, words[j : j + len(path)], [spelled_as[j + n][c] for n, c in enumerate(path)]
    )
    if any(m.exact and m.entity.kind == "person" for m in gazetteer.lookup(name, similar=False)):
        return False
    # A surname is written as it is, in the nominative; a place after a name in a case ending
    # is where the person is (Нұрбол Ақан Талдықорғанда: Ақан is a given name too).
    if len(path) == 1 and spelled_as[j][path[0]] == words[j].group() and _given_name(before):
        return True
    return _folded(name) not in _spellings(gazetteer)


def _given_name(word: str) -> bool:
    """A given name of the name frequency tables: as written, of one gender (Махмуд), or by
    its key, attested as a given name and never as a surname (Mukhtar, Mahmud; not Chen).

    >>> _given_name("Mukhtar"), _given_name("Махмуд"), _given_name("Chen"), _given_name("River")
    (True, True, False, False)
    """
    if word.casefold() in _given_genders():
        return True
    from ..frequencies import default_name_frequencies
    from ..frequencies import token_key as frequency_key

    return default_name_frequencies().kinds(frequency_key(word)) == {"given"}


def _all_stopwords(span: Sequence[regex.Match[str]]) -> bool:
    return all(w.group().casefold() in _stopwords() for w in span)


def _role_word(word: str, languages: frozenset[str] | None) -> bool:
    """A role word of ``stopwords.tsv`` as written or in a case of one of ``languages``
    (Президенті, Министра, President's).

    >>> _role_word("Президенті", frozenset({"kk"})), _role_word("Президента", frozenset({"ru"}))
    (True, True)
    >>> _role_word("Нуртле", frozenset({"ru"}))
    False
    """
    roles = _roles()
    return word.casefold() in roles or any(
        stem.casefold() in roles for stem in stems(word, languages)
    )


def _not_name_word(text: str, word: regex.Match[str], languages: frozenset[str] | None) -> bool:
    """A word trimmed off the ends of a name-like span: a stop word, or a role word as written
    or in a case; an initial is neither (А. Имярова, Сауытбай С.: not the conjunction а, the
    preposition с)."""
    if _initial(text, word):
        return False
    return word.group().casefold() in _stopwords() or _role_word(word.group(), languages)


def _name_like(
    text: str,
    words: Sequence[regex.Match[str]],
    i: int,
    main_script: str,
    known_at: Callable[[int], bool],
    han_names: dict[int, int],
    lower_case: frozenset[str] | set[str] = frozenset(),
    languages: frozenset[str] | None = None,
) -> tuple[int, int, str, bool, int] | None:
    """A name-like span starting at word ``i``: (start, end, surface, weak, next word). A weak
    span is one capitalised word opening a sentence: kept only if it is a word of a name found
    elsewhere (Bilash's lawyer…). Particles (of, the) may sit between its capitalised words; a
    sentence-opening word the documents also write in lower case is a common word, not part of
    the name (``lower_case``). A role word (``stopwords.tsv``) followed by a name ends what
    stands before it: the span is the name after its last role word (Foreign Minister Murat
    Nurtleu, МИД Мурат Нуртле, Party Secretary Chen Quanguo)."""
    first = words[i].group()
    script = _script_of(first[0])
    j = i
    if script in ("Latn", "Cyrl"):
        capitals = 0
        role_at = -1  # the span's last role word
        while j < len(words) and capitals < _MAX_SPAN:
            word = words[j].group()
            if _script_of(word[0]) != script or (
                j > i
                and (
                    not (
                        _adjacent(text, words[j - 1], words[j])
                        or _after_initial(text, words[j - 1], words[j])
                    )
                    or _heading_break(text, words[j - 1], words[j])
                    or _listed_surname(text, words, j)
                )
            ):
                break
            if not _capitalised(word):
                # Particles inside a name: of the (Volunteers of the Fatherland).
                k = j
                while (
                    k < len(words)
                    and words[k].group().casefold() in _particles()
                    and _adjacent(text, words[k - 1], words[k])
                ):
                    k += 1
                if (
                    k == j
                    or k >= len(words)
                    or not _capitalised(words[k].group())
                    or not _adjacent(text, words[k - 1], words[k])
                ):
                    break
                j = k
                continue
            if j > i and known_at(j):
                break  # a gazetteer name starts: the span ends here
            if _role_word(word, languages) and not _initial(text, words[j]):
                # What stands before a role word qualifies it (Foreign, Prime, Deputy): the
                # name, if any, is after it and may have its own capitalised words.
                role_at, capitals = j, 0
                j += 1
                continue
            # An initial, and a particle in capitals (DEPARTMENT OF THE TREASURY), are not
            # counted among a span's capitalised words.
            if not (
                _initial(text, words[j]) or (_in_capitals(word) and word.casefold() in _particles())
            ):
                capitals += 1
            j += 1
        if j == i + 1 and _listed_surname(text, words, i):
            # A list's SURNAME, Given name (ZHU, Hailun): one person's name.
            j += 1
        after_role = [w for w in words[role_at + 1 : j] if not _not_name_word(text, w, languages)]
        span = list(words[role_at + 1 : j] if role_at >= 0 and after_role else words[i:j])
        # Sentence starters, days, months and roles are not names: drop them from the span's
        # ends, and the particles a cut after a role word leaves (Secretary of State …).
        while span and _not_name_word(text, span[0], languages):
            span.pop(0)
        while span and span[0].group().casefold() in _particles() and role_at >= 0:
            span.pop(0)
        while span and _not_name_word(text, span[-1], languages):
            span.pop()
        if len(span) == 1 and _initial(text, span[0]):
            return None  # an initial alone names nobody
        # A sentence-opening common word (the documents write it in lower case) before a name.
        if (
            len(span) > 1
            and span[0].start() == words[i].start()
            and span[0].group().casefold() in lower_case
            and _sentence_start(text, words[i].start())
        ):
            span.pop(0)
        while span and span[-1].group().casefold() in _particles():
            span.pop()
        if not span:
            return None
        weak = (
            len(span) == 1
            and span[0].start() == words[i].start()
            and _sentence_start(text, words[i].start())
        )
    elif script == "Hani":
        j = han_names.get(i, i)
        span = list(words[i:j])
        weak = False
        if len(span) < 2:
            return None
    elif script == "Arab" and main_script != "Arab":
        while j < len(words) and _script_of(words[j].group()[0]) == "Arab" and j - i < _MAX_SPAN:
            j += 1
        span = list(words[i:j])
        weak = False
    else:
        return None
    start, end = span[0].start(), span[-1].end()
    return start, end, " ".join(text[start:end].split()), weak, j


# Cased words a line needs to be read as a title-case headline.
_TITLE_WORDS: Final = 4


def _title_case_words(
    lines: Sequence[Sequence[tuple[int, str]]], lower_case: set[str]
) -> frozenset[int]:
    """The words (indexes) of title-case lines, given the cased words (index, word) of each line
    whose cased words are all capitalised (headlines: Dry Port On The Border Takes Its First
    Train): four cased words or more, every one capitalised, most not all in capitals, and
    after the first at least one word the documents write in lower case or a particle (On,
    The, Its). There capitals do not mark names. A list line (Tokhtar Aubakirov: October 1991)
    is not one, nor a line in capitals (OFFICE OF FOREIGN ASSETS CONTROL)."""
    found: set[int] = set()
    for cased in lines:
        if len(cased) < _TITLE_WORDS or not all(_capitalised(word) for _, word in cased):
            continue
        if 2 * sum(_in_capitals(word) for _, word in cased) >= len(cased):
            continue  # a line in capitals (a heading, an agency's name) is not title case
        if any(
            (folded := word.casefold()) in lower_case or folded in _particles()
            for _, word in cased[1:]
        ):
            found.update(n for n, _ in cased)
    return frozenset(found)


def _after_initial(text: str, left: regex.Match[str], right: regex.Match[str]) -> bool:
    """An initial and the word after it, its full stop and spaces between (Д. Куйкабаевой)."""
    return _initial(text, left) and not text[left.end() + 1 : right.start()].strip()


def _listed_surname(text: str, words: Sequence[regex.Match[str]], j: int) -> bool:
    """Word ``j`` opens a line as a list writes a person (ZHU, Hailun; WANG, Mingshan): a
    surname in capitals, a comma, and a given name capitalised but not in capitals."""
    if j + 1 >= len(words) or not _in_capitals(words[j].group()):
        return False
    line_start = text.rfind("\n", 0, words[j].start()) + 1
    given = words[j + 1].group()
    return (
        not text[line_start : words[j].start()].strip()
        and text[words[j].end() : words[j + 1].start()].strip() == ","
        and _script_of(given[0]) == _script_of(words[j].group()[0])
        and _capitalised(given)
        and not _in_capitals(given)
        and given.casefold() not in _stopwords()
    )


def _heading_break(text: str, left: regex.Match[str], right: regex.Match[str]) -> bool:
    """A line break between a word in capitals and one that is not (or the other way round):
    a heading or a list's SURNAME ends there, it does not run on into the next line
    (ПРИГОВОР / Панфиловский районный суд, … ASSETS CONTROL / Designations of 9 July)."""
    return "\n" in text[left.end() : right.start()] and _in_capitals(left.group()) != _in_capitals(
        right.group()
    )


def _in_capitals(word: str) -> bool:
    """A word of two letters or more written all in capitals (KTZ, ПРИГОВОР)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _han_names(text: str, words: Sequence[regex.Match[str]], main_script: str) -> dict[int, int]:
    """Chinese-character spans that are names, as {first word: word after the last}: a short run
    of characters inside text of another script (up to 14: a name, not a sentence), or, in
    Chinese text, the characters around middle dots (伊力哈木·土赫提: up to six on each side, as
    the text has no spaces to say where a name ends). A function character that no
    transliteration uses (在, 的, 说: ``textdata/han-breaks.tsv``) ends a span. One pass over the
    words."""
    found: dict[int, int] = {}
    i = 0
    while i < len(words):
        if not _is_han(words[i].group()) or words[i].group() in _han_breaks():
            i += 1
            continue
        j = i + 1
        dots = []
        while (
            j < len(words)
            and _is_han(words[j].group())
            and _adjacent(text, words[j - 1], words[j], dots=True)
            and words[j].group() not in _han_breaks()
        ):
            if any(c in _MIDDLE_DOTS for c in text[words[j - 1].end() : words[j].start()]):
                dots.append(j)
            j += 1
        if main_script != "Hani" and j - i <= _MAX_HAN_RUN:
            found[i] = j
        elif dots:
            found[max(i, dots[0] - 6)] = min(j, dots[-1] + 6)
        i = j
    return found
