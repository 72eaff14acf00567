"""Mentions of names in running text, reconciled across documents.

Concepts owned here:

* **document** — a named text; HTML is reduced to its text (scripts and styles dropped).
* **mention** — a span of a document that names something: a gazetteer variant (found by one
  pass of a trie over token keys, so ten thousand variants cost no more than one), or a
  name-like span that is not in the gazetteer: capitalised Latin or Cyrillic words (not sentence
  starters, days or months: ``textdata/stopwords.tsv``), a Chinese rendering of a name (parts
  joined by a middle dot), or a run of another script inside a document (an Arabic-script name in
  an English article). Each mention keeps its surface text and the **form** it is clustered by:
  the surface, or each word in its nominative (``textdata/declension.tsv``: Білаштың → Білаш,
  Ивановой → Иванова, Маратом Ивановым → Марат Иванов, Bilash's → Bilash), a feminine surname
  staying feminine.
* **reading like a reader** — a gazetteer name whose key has four letters or fewer matches only
  as spelled (Иван is not 俄文 read as Ewen); a gazetteer name followed by another capitalised
  word is part of a longer name, not that entity; lower-case particles (of, the, al, ибн:
  ``textdata/particles.tsv``) may sit inside a name; a sentence-opening role or common word
  (Businessman, or a word the documents also write in lower case) is not part of a name.
* **names only a key finds** — in Chinese text, a run of transcription characters
  (``textdata/han-transcription.tsv``) whose key is a gazetteer place's or person's, or a part
  of a person's Chinese name (托卡耶夫), or a run rendering a word of a name found in another
  document (苏尔坦别科夫, Sultanbekov); in Arabic script, a word with the fine key of a
  prominent place or a town (ئاقتاۋغا → Aktau). Case endings are read off in the document's
  language.
* **reconciliation** — mentions clustered across documents with :func:`kznames.dedup` (key,
  similarity, gazetteer entities), then a lone surname joined to the one full name it belongs to.
"""

from __future__ import annotations

import html.parser
import itertools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

import regex

from ._memo import with_memos_capped
from ._near import KeyIndex, reach_keys
from .errors import DataFileError, KznamesError
from .gazetteer import Gazetteer
from .names import key, parse
from .phonetic import fine_key, token_key
from .resources import in_line_order, read_table, textdata
from .score import LINK_THRESHOLD, alignment_score
from .scripts import script_of_char

__all__ = [
    "Cluster",
    "Document",
    "DocumentError",
    "Mention",
    "Reconciliation",
    "find_mentions",
    "read_document",
    "reconcile",
]

# Words: letters and marks, with inner apostrophes and hyphens (Ata-Jurt, O'zbek); every Han
# character is a word of its own (Chinese is written without spaces).
_WORD: Final = regex.compile(r"\p{Han}|[\p{L}\p{M}](?:[\p{L}\p{M}]|['’\-](?=[\p{L}\p{M}]))*")
_SENTENCE_END: Final = regex.compile(r"[.!?。！？؟]\s*$")
_MIDDLE_DOTS: Final = "·・•‧"
_MAX_SPAN: Final = 4  # capitalised words in one name-like span
# Similarity a caseless-script span needs to be taken for a name seen elsewhere: the link
# threshold, at which reconcile joins two spellings.
_SEEN_NEARBY: Final = LINK_THRESHOLD
# A gazetteer name with a key this short matches running text only as spelled.
_SHORT_KEY: Final = 4
_MAX_HAN_RUN: Final = 14  # Chinese characters that can be one name inside other-script text
# A line this long (characters) ending without a sentence end is running prose wrapped at a line
# break: the word after it continues the sentence. Datelines and headings are shorter.
_WRAPPED_LINE: Final = 50


class DocumentError(KznamesError):
    """A document that cannot be read or decoded."""


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str


class _TextOfHtml(html.parser.HTMLParser):
    _SKIP: Final = frozenset({"script", "style", "title"})
    _BLOCK: Final = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section"})
    # What may stand in <head>; any other tag opens the body (HTML5 lets </head> and <body> be
    # left out, so the head ends where such a tag starts).
    _IN_HEAD: Final = frozenset(
        {"head", "title", "meta", "link", "style", "script", "base", "noscript", "template"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "head":
            self.in_head = True
        elif tag not in self._IN_HEAD:
            self.in_head = False
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping and not self.in_head:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML page, block elements on lines of their own.

    >>> html_text("<p>Serikzhan <b>Bilash</b></p><script>x()</script>")
    '\\nSerikzhan Bilash\\n'
    >>> html_text("<!doctype html><head><title>t</title><meta charset=utf-8><p>Almaty")
    '\\nAlmaty'
    """
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def read_document(path: Path | str) -> Document:
    """A file as a document: UTF-8 (a byte-order mark allowed), HTML reduced to its text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    except ValueError as exc:  # a NUL in the path: no file system takes it
        raise DocumentError(f"{str(path)!r}: cannot read (the path holds a NUL)") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(f"{path}:{line}: not valid UTF-8 (byte {exc.start}): skipped") from exc
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        text = html_text(text)
    return Document(str(path), unicodedata.normalize("NFC", text))


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names something."""

    document: str
    start: int
    end: int
    surface: str
    form: str  # what it is clustered by: the surface, or its stem without a case ending
    # "gazetteer", "name-like", "weak" (a one-word span confirmed later) or "rendering" (a
    # Chinese run rendering a word of a name found elsewhere, joined to that name by context)
    origin: str


# How a declension row is used (``declension.tsv``'s ``use`` column) and the genders of a row.
_USES: Final = ("always", "seen", "agree")
_GENDERS: Final = ("m", "f", "-")


@dataclass(frozen=True, slots=True)
class _Reading:
    """A nominative a word may be the case of, by one row of ``declension.tsv``."""

    nominative: str
    use: str  # always | seen | agree
    language: str
    gender: str  # m | f | - (either)


@lru_cache(maxsize=1)
def _declension() -> tuple[tuple[str, str, str, str, str], ...]:
    """(ending, nominative, use, language, gender) rows, the longest ending first (then in table
    order); a row with another use or gender is an error naming its line."""
    problems: list[str] = []
    rows = read_table(
        textdata("declension.tsv"),
        ("language", "ending", "nominative", "use", "gender"),
        header=True,
        problems=problems,
    )
    found: list[tuple[str, str, str, str, str]] = []
    for row in rows:
        language, ending, nominative, use, gender = row.fields
        if not all(row.fields):
            problems.append(row.problem("5 non-empty fields expected"))
        elif use not in _USES:
            problems.append(row.problem(f"{ending}: use {use!r} ({', '.join(_USES)})"))
        elif gender not in _GENDERS:
            problems.append(row.problem(f"{ending}: gender {gender!r} ({', '.join(_GENDERS)})"))
        else:
            found.append((ending, "" if nominative == "-" else nominative, use, language, gender))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return tuple(sorted(found, key=lambda row: -len(row[0])))


@lru_cache(maxsize=1)
def _given_genders() -> dict[str, str]:
    """Given names of one gender in the name frequency tables (``namedata/``), case-folded →
    ``m`` or ``f``; a name attested with both genders is left out."""
    from .frequencies import read_name_frequencies

    genders: dict[str, set[str]] = defaultdict(set)
    for row in read_name_frequencies():
        if row.kind == "given" and row.gender in ("m", "f"):
            genders[row.name.casefold()].add(row.gender)
    return {name: next(iter(g)) for name, g in genders.items() if len(g) == 1}


@lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    return tuple({row[0] for row in _declension()})


@lru_cache(maxsize=1)
def _han_breaks() -> frozenset[str]:
    return frozenset(r[1] for r in _table("han-breaks.tsv", ("language", "character")))


@lru_cache(maxsize=1)
def _han_transcription() -> frozenset[str]:
    """The transcription characters; a row whose character is not one Chinese character is
    an error naming its line (a longer string would never match one character of text)."""
    problems: list[str] = []
    rows = read_table(
        textdata("han-transcription.tsv"), ("table", "character"), header=True, problems=problems
    )
    for row in rows:
        character = row.fields[1]
        if len(character) != 1 or _script_of(character) != "Hani":
            problems.append(row.problem(f"{character!r}: one Chinese character expected"))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return frozenset(row.fields[1] for row in rows)


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(r[1].casefold() for r in _table("particles.tsv", ("language", "word")))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(r[1].casefold() for r in _table("stopwords.tsv", ("language", "word")))


def _table(name: str, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The rows of a ``textdata/`` table, every field non-empty; a
    :class:`~kznames.errors.DataFileError` names the line of every bad row."""
    problems: list[str] = []
    rows = read_table(textdata(name), columns, header=True, problems=problems)
    for row in rows:
        if not all(row.fields):
            problems.append(row.problem(f"{len(columns)} non-empty fields expected"))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return [row.fields for row in rows]


# The script of a character, memoised: a document asks it of every word's first letter.
_script_of = lru_cache(maxsize=4096)(script_of_char)


def stems(word: str, languages: frozenset[str] | None = None) -> list[str]:
    """The nominatives the word may be a case of (longest ending first), of 3+ letters; a
    feminine surname stays as written. ``languages``: only the endings of these languages
    (``declension.tsv``'s first column; None: all), those of the document the word is in.

    >>> stems("Білаштың")[:1], stems("Bilash's"), stems("Ивановой")[:1], stems("Иванова")[:1]
    (['Білаш'], ['Bilash'], ['Иванова'], ['Иванова'])
    >>> stems("Хотана"), stems("Хотана", frozenset({"ru"}))
    (['Хота', 'Хотан'], ['Хотан'])
    """
    return list(
        dict.fromkeys(
            r.nominative
            for r in _nominatives(word)
            if r.use != "agree" and (languages is None or r.language in languages)
        )
    )


# Letters that only the Turkic Cyrillic alphabets write (Kazakh, Kyrgyz): a Cyrillic document
# with such words is read with Kazakh endings, one without with Russian ones.
_TURKIC_CYRILLIC: Final = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Share of a Cyrillic document's words that must carry such a letter for it to be Kazakh: a
# Russian article quoting a Kazakh name (Атажұрт еріктілері) stays Russian; Kazakh prose runs at
# 40-60 %.
_TURKIC_SHARE: Final = 0.25


def declension_languages(text: str) -> frozenset[str] | None:
    """The languages whose case endings are read off the words of a document: ``en`` for a Latin
    text, ``ug`` for Arabic script, ``kk`` or ``ru`` for Cyrillic (by the share of words with a
    letter only Kazakh or Kyrgyz writes), None (all) for other scripts. An ending of one
    language is a plain letter of a name in another: Russian Хотана is the genitive of Хотан,
    not a Kazakh dative of Хота.

    >>> declension_languages("Суд в Таразе."), declension_languages("Тараздағы сот.")
    (frozenset({'ru'}), frozenset({'kk'}))
    """
    script = _main_script(text)
    if script == "Latn":
        return frozenset({"en"})
    if script == "Arab":
        return frozenset({"ug"})
    if script != "Cyrl":
        return None
    words = [w for w in _WORD.findall(text) if _script_of(w[0]) == "Cyrl"]
    turkic = sum(1 for w in words if not _TURKIC_CYRILLIC.isdisjoint(w))
    return frozenset({"kk"}) if turkic > _TURKIC_SHARE * len(words) else frozenset({"ru"})


# Words recur through a document: each distinct word is read once. Longer words (no name is
# this long) are read each time rather than held in the memo.
_STEM_MEMO_LONGEST: Final = 40


def _nominatives(word: str) -> tuple[_Reading, ...]:
    """A reading for each declension row whose ending the word carries."""
    if len(word) > _STEM_MEMO_LONGEST:
        return _nominatives_of(word)
    return _nominatives_memo(word)


def _nominatives_of(word: str) -> tuple[_Reading, ...]:
    if not word.endswith(_endings()):  # one call in C rejects most words
        return ()
    found = []
    for ending, nominative, use, language, gender in _declension():
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if stem[-1].isalpha():
                found.append(_Reading(stem + nominative, use, language, gender))
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _nominatives_memo(word: str) -> tuple[_Reading, ...]:
    return _nominatives_of(word)


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


def _cased(word: str) -> bool:
    return _script_of(word[0]) in ("Latn", "Cyrl")


def _reading(word: str) -> str:
    """How a word is matched against the gazetteer: Latin and Cyrillic words by their key (any
    romanization or script meets), words of caseless scripts as written (NFC, case-folded): with
    no capital letter to tell a name from a word, a key would match common words."""
    return token_key(word) if _cased(word) else word.casefold()


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
                seen: set[str] = set()
                for index, candidate in enumerate(keys[position]):
                    child = node.children.get(candidate)
                    if child is not None and candidate not in seen:
                        seen.add(candidate)
                        states.append((child, (*chosen, index)))
        return sorted(best)


# Combinations of same-key readings tried for one gazetteer match, at most.
_SAME_READINGS: Final = 32


def _same_readings(
    readings: Sequence[Sequence[str]], start: int, path: Sequence[int]
) -> list[tuple[int, ...]]:
    """The path, then the same path through the other readings of each word that equal the
    reading it took (a case form and its nominative sharing a key), in order."""
    choices = [
        [c for c, r in enumerate(readings[start + n]) if r == readings[start + n][index]]
        for n, index in enumerate(path)
    ]
    found = [tuple(path)]
    for combination in itertools.islice(itertools.product(*choices), _SAME_READINGS):
        if combination != tuple(path):
            found.append(combination)
    return found


def _short(words: Sequence[str]) -> bool:
    """A name of cased words whose key letters number four or fewer: matched as spelled."""
    return all(_cased(w) for w in words) and sum(len(token_key(w)) for w in words) <= _SHORT_KEY


def _spelled(word: str) -> str:
    """A word's reading as spelled (kept apart from key readings by a leading '=')."""
    return "=" + unicodedata.normalize("NFC", word).casefold()


def _is_han(word: str) -> bool:
    return _script_of(word[0]) == "Hani"


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _main_script(text: str) -> str:
    # Count characters in C, then look up the script of each distinct letter once.
    counts: Counter[str] = Counter()
    for char, n in Counter(text).items():
        if char.isalpha():
            counts[_script_of(char)] += n
    counts.pop("Zyyy", None)
    return counts.most_common(1)[0][0] if counts else "Zyyy"


@lru_cache(maxsize=4)
def _spellings(gazetteer: Gazetteer) -> frozenset[str]:
    """Every variant of the gazetteer as spelled (NFC, case-folded)."""
    return frozenset(unicodedata.normalize("NFC", v.variant).casefold() for v in gazetteer.variants)


@lru_cache(maxsize=4)
def _trie(gazetteer: Gazetteer) -> _Trie:
    return _Trie(v.variant for v in gazetteer.variants)


def find_mentions(
    document: Document, gazetteer: Gazetteer, names_seen: Sequence[str] = ()
) -> list[Mention]:
    """The mentions in one document, in order, without overlaps (gazetteer variants first).

    ``names_seen``: names found in other documents, looked for here by key whatever the script
    (a name found in Latin or Cyrillic text is found in Uyghur-script text too, where no capital
    letter marks names)."""
    text = document.text
    words = list(_WORD.finditer(text))
    main_script = _main_script(text)
    languages = declension_languages(text)
    trie = _trie(gazetteer)
    # Each word may be read as written or as a stem, for Latin and Cyrillic capitalised words
    # (running-text words are not names) and for every word of other scripts; ``spelled_as``
    # holds the spelling each reading stands for.
    readings: list[list[str]] = []
    spelled_as: list[list[str]] = []
    lower_case: set[str] = set()  # words the document writes in lower case: common words
    for match in words:
        word = match.group()
        if _cased(word) and not _capitalised(word):
            # A lower-case word is read only if some gazetteer name has it inside, as written
            # or in a case (Volunteers of the Fatherland, Атажұрт еріктілері; организации and
            # ұйымының in Шанхайской организации сотрудничества, Шанхай ынтымақтастық ұйымының).
            folded = word.casefold()
            lower_case.add(folded)
            inside = [w for w in (word, *stems(word, languages)) if w.casefold() in trie.inner]
            readings.append([_reading(w) for w in inside] + [_spelled(w) for w in inside])
            spelled_as.append([*inside, *inside])
            continue
        forms = (word, *stems(word, languages))
        if _cased(word):
            readings.append([_reading(w) for w in forms] + [_spelled(w) for w in forms])
            spelled_as.append([*forms, *forms])
        else:
            readings.append([_reading(w) for w in forms])
            spelled_as.append(list(forms))
    # A gazetteer name starts at a capitalised word or a word of a caseless script.
    starts = [not _cased(m.group()) or _capitalised(m.group()) for m in words]

    spellings = _spellings(gazetteer)

    def spelling(j: int, path: Sequence[int]) -> list[str]:
        return [spelled_as[j + n][c] for n, c in enumerate(path)]

    def gazetteer_at(j: int, followed: bool = True) -> tuple[int, ...]:
        """The gazetteer name starting at word ``j`` (the reading of each of its words), unless
        it is part of a longer name the gazetteer does not know (by the word after it too, with
        ``followed``; a name-like span ends where a gazetteer name starts, whatever follows)."""
        if not starts[j]:
            return ()
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
                and _inside_longer_name(text, words, j, len(path), starts, main_script)
            )
            or _after_name_word(text, words, j, path, spelled_as, gazetteer, trie, readings)
            or (
                len(path) == 1
                and spelling(j, path)[0] != words[j].group()
                and _given_name_in_case(words[j].group(), spelling(j, path)[0], languages)
                and _inside_longer_name(text, words, j, 1, starts, main_script)
            )
        ):
            return ()
        return path

    seen_trie = _Trie(names_seen, by_key=True) if names_seen else None
    # Names seen elsewhere by the first three key letters of their first word: a spelling
    # whose key differs a little (Sauytbay, ساۋۇتباي) is found by similarity.
    seen_by_prefix: dict[str, list[str]] = defaultdict(list)
    for name in names_seen:
        first = _WORD.findall(name)
        if first:
            seen_by_prefix[token_key(first[0])[:3]].append(name)
    han_names = _han_names(text, words, main_script)
    runs = _transcription_runs(text, words) if main_script == "Hani" else {}
    # The words of names found elsewhere, for a Chinese rendering of one without a middle dot.
    seen_words = _name_words_of(names_seen) if runs and names_seen else {}
    # Arabic-script words by key (with their stems), for places the gazetteer spells otherwise.
    keyed_caseless = {
        n: [fine_key(f) for f in spelled_as[n]]
        for n, m in enumerate(words)
        if _script_of(m.group()[0]) == "Arab"
    }
    # Only needed to look for names seen elsewhere.
    keyed = (
        [[token_key(w) for w in (m.group(), *stems(m.group()))] for m in words]
        if seen_trie is not None
        else []
    )
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
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
        found = _name_like(
            text,
            words,
            i,
            main_script,
            lambda j: bool(gazetteer_at(j, followed=False)),
            han_names,
            lower_case,
        )
        if found:
            start, end, surface, weak, after = found
            origin = "weak" if weak else "name-like"
            mentions.append(Mention(document.name, start, end, surface, surface, origin))
            i = after
            continue
        by_key = _by_key(text, words, i, runs, keyed_caseless, gazetteer, spelled_as)
        if by_key is not None:
            mentions.append(Mention(document.name, *by_key))
            i += len(_WORD.findall(by_key[2]))
            continue
        if seen_words and i in runs and runs[i][0] == i:
            after = runs[i][1]
            start, stop = words[i].start(), words[after - 1].end()
            run = text[start:stop]
            if after - i <= _HAN_RUN_LONGEST and _rendered_word(run, seen_words):
                mentions.append(Mention(document.name, start, stop, run, run, "rendering"))
                i = after
                continue
        i += 1
    return mentions


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
    from .score import match_score

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
    main_script: str,
) -> bool:
    """A gazetteer name directly followed (no punctuation) by a capitalised word of its script
    that is not a stop word: a longer name the gazetteer does not know. A line break wrapping
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
        and _adjacent(text, words[after - 1], words[after])
        and starts[after]
        and not _sentence_start(text, words[after].start())
    )


def _given_name_in_case(word: str, matched: str, languages: frozenset[str] | None) -> bool:
    """A word the gazetteer matched through a case ending (``matched``, the stem) that another
    ending reads as a given name of the name frequency tables, other than the stem: before a
    capitalised word it starts a person's name (Марию Мамину: Мария, not the place Мари)."""
    names = _given_genders()
    return any(n.casefold() in names and n != matched for n in (word, *stems(word, languages)))


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
    place (Aigerim Tileuzhan is not the town Toli). A person's name stays one (Sayragul before a
    gazetteer Sauytbay)."""
    if j == 0 or not _cased(words[j].group()):
        return False
    before = words[j - 1].group()
    if not (
        _capitalised(before)
        and _script_of(before[0]) == _script_of(words[j].group()[0])
        and before.casefold() not in _stopwords()
        and _adjacent(text, words[j - 1], words[j])
        and not _sentence_start(text, words[j - 1].start())
        and not before.endswith(("'s", "’s"))
        and trie.longest(readings, j - 1) == 0
    ):
        return False
    name = _respelled(
        text, words[j : j + len(path)], [spelled_as[j + n][c] for n, c in enumerate(path)]
    )
    if _folded(name) in _spellings(gazetteer):
        return False
    return not any(
        m.exact and m.entity.kind == "person" for m in gazetteer.lookup(name, similar=False)
    )


def _word_reading(word: str) -> str:
    """A word as names found are compared with it: its key, or as spelled when the key has four
    letters or fewer.

    >>> _word_reading("Ивановым"), _word_reading("Uyghur")
    ('avanavam', '=uyghur')
    """
    reading = token_key(word)
    return reading if len(reading) > _SHORT_KEY else _spelled(word)


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _respelled(text: str, span: Sequence[regex.Match[str]], spellings: Sequence[str]) -> str:
    """The text of ``span`` (white space as single spaces) with its words spelled as given."""
    out = text[span[0].start() : span[-1].end()]
    offset = span[0].start()
    for word, spelling in reversed(list(zip(span, spellings, strict=True))):
        out = out[: word.start() - offset] + spelling + out[word.end() - offset :]
    return " ".join(out.split())


def _all_stopwords(span: Sequence[regex.Match[str]]) -> bool:
    return all(w.group().casefold() in _stopwords() for w in span)


def _sentence_start(text: str, position: int) -> bool:
    # A bounded look back: the text just before the word decides (linear over a document). A
    # word after 80 or more blanks follows a gap as wide as a paragraph break: a sentence start
    # (looking further back for the text's start made this quadratic on a page of blanks).
    before = text[max(0, position - 80) : position].rstrip(" \t\"'«“(")
    if not before:
        return True
    if _SENTENCE_END.search(before):
        return True
    if not before.endswith("\n"):
        return False
    # After a line break: a new line, unless the line before wraps running prose (as long as a
    # line of prose, no sentence end): Shanghai / Cooperation Organisation is one name; a
    # dateline or a heading (ASTANA, a title line) is followed by a new sentence.
    line = before.rstrip()
    line = line[line.rfind("\n") + 1 :]
    return len(line) < _WRAPPED_LINE


def _name_like(
    text: str,
    words: Sequence[regex.Match[str]],
    i: int,
    main_script: str,
    known_at: Callable[[int], bool],
    han_names: dict[int, int],
    lower_case: frozenset[str] | set[str] = frozenset(),
) -> tuple[int, int, str, bool, int] | None:
    """A name-like span starting at word ``i``: (start, end, surface, weak, next word). A weak
    span is one capitalised word opening a sentence: kept only if it is a word of a name found
    elsewhere (Bilash's lawyer…). Particles (of, the) may sit between its capitalised words; a
    sentence-opening word the documents also write in lower case is a common word, not part of
    the name (``lower_case``)."""
    first = words[i].group()
    script = _script_of(first[0])
    j = i
    if script in ("Latn", "Cyrl"):
        capitals = 0
        while j < len(words) and capitals < _MAX_SPAN:
            word = words[j].group()
            if _script_of(word[0]) != script or (
                j > i and not _adjacent(text, words[j - 1], words[j])
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
            capitals += 1
            j += 1
        span = list(words[i:j])
        # Sentence starters, days and months are not names: drop them from the span's ends.
        while span and span[0].group().casefold() in _stopwords():
            span.pop(0)
        while span and span[-1].group().casefold() in _stopwords():
            span.pop()
        # A sentence-opening common word (the documents write it in lower case) before a name.
        if (
            len(span) > 1
            and span[0] is words[i]
            and span[0].group().casefold() in lower_case
            and _sentence_start(text, words[i].start())
        ):
            span.pop(0)
        while span and span[-1].group().casefold() in _particles():
            span.pop()
        if not span:
            return None
        weak = len(span) == 1 and span[0] is words[i] and _sentence_start(text, words[i].start())
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


def _adjacent(
    text: str, left: regex.Match[str], right: regex.Match[str], dots: bool = False
) -> bool:
    """Only spaces (a line break included, not a blank line) or middle dots between words."""
    between = text[left.end() : right.start()]
    allowed = " \t\r\n\u00a0" + (_MIDDLE_DOTS if dots else "")
    return all(c in allowed for c in between) and between.count("\n") <= 1


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


@dataclass(frozen=True, slots=True)
class SeenVariant:
    """One spelling of a cluster as seen: how often and in which documents."""

    form: str
    count: int
    documents: tuple[str, ...]
    why: str  # how it joined its cluster (--explain)


@dataclass(frozen=True, slots=True)
class Cluster:
    """One person, place, organisation or people mentioned across the documents."""

    entity_id: str  # the gazetteer entity, or ""
    kind: str  # the entity's kind, or "" when the gazetteer does not know it
    canonical: str
    variants: tuple[SeenVariant, ...]
    # Without an entity: gazetteer entities the name may be (homonyms), none of them certain.
    ambiguous: tuple[str, ...] = ()

    @property
    def mentions(self) -> int:
        return sum(v.count for v in self.variants)

    @property
    def identity(self) -> str:
        """What the gazetteer says of the cluster, as the CLI and the HTML page print it:
        ``place, gn1526384``, ``gazetteer homonyms: …`` or ``not in gazetteer``."""
        if self.entity_id:
            return f"{self.kind}, {self.entity_id}"
        if self.ambiguous:
            return "gazetteer homonyms: " + ", ".join(self.ambiguous[:4])
        return "not in gazetteer"

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(sorted({d for v in self.variants for d in v.documents}))

    def to_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity_id,
            "kind": self.kind,
            "canonical": self.canonical,
            "mentions": self.mentions,
            "documents": list(self.documents),
            "ambiguous": list(self.ambiguous),
            "variants": [
                {"form": v.form, "count": v.count, "documents": list(v.documents), "why": v.why}
                for v in self.variants
            ],
        }


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Who and what the documents mention, under which spellings, where."""

    documents: tuple[str, ...]
    skipped: tuple[str, ...]  # documents that could not be read, with the reason
    mentions: tuple[Mention, ...]
    clusters: tuple[Cluster, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": list(self.documents),
            "skipped": list(self.skipped),
            "clusters": [c.to_dict() for c in self.clusters],
        }


def _name_gender(given: str, readings: Sequence[_Reading]) -> str:
    """The gender a Russian name's first word shows: ``m`` or ``f`` when it is, as written or
    read through a Russian case ending, a given name of one gender in the name frequency tables
    (Аскара → Аскар, m; Анной → Анна, f); else "" (Нурлана: Нурлан is not in the tables, or a
    name of either gender)."""
    names = _given_genders()
    written = names.get(given.casefold(), "")
    if written:
        return written
    found = {
        names[folded]
        for r in readings
        if r.language == "ru"
        and (folded := r.nominative.casefold()) in names
        and r.gender in (names[folded], "-")
    }
    return next(iter(found)) if len(found) == 1 else ""


def _form(
    mention: Mention,
    surface_keys: set[str],
    name_words: set[str],
    gazetteer_keys: set[str],
    languages: frozenset[str] | None = None,
    gazetteer_spellings: frozenset[str] = frozenset(),
) -> str:
    """The surface with each word in its nominative (``textdata/declension.tsv``, the endings
    of the document's ``languages``); a gazetteer mention keeps the form its match went
    through (the surface, or the stem the gazetteer knows).

    A nominative from an ``always`` ending is read off; one from a ``seen`` ending only when it
    is a name seen elsewhere (the key of another mention, a word of one, or a gazetteer key:
    one of four letters or fewer only as the gazetteer spells it, so Айгерим is not Айгер), or
    when another word of the name carries a Russian ``always`` ending (Russian declines every
    word of a name alike: Анной Ивановой → Анна Иванова). In a Russian name the given name's
    gender (:func:`_name_gender`) keeps the surname's: only endings of that gender are read, an
    ``agree`` ending too (Аскара Мамина → Аскар Мамин; Марию Мамину → Мария Мамина). A Kazakh or
    Uyghur ending is read off the last word only, the one that carries it.
    """
    surface = mention.surface
    if mention.origin == "gazetteer":
        return mention.form
    own = key(surface)
    if own in gazetteer_keys:
        return surface

    def seen(candidate: str) -> bool:
        return candidate in name_words or (candidate in surface_keys and candidate != own)

    def in_gazetteer(name: str) -> bool:
        if key(name) not in gazetteer_keys:
            return False
        if _short(_WORD.findall(name)):
            return unicodedata.normalize("NFC", name).casefold() in gazetteer_spellings
        return True

    parts = surface.split(" ")
    options = [
        tuple(o for o in _nominatives(part) if languages is None or o.language in languages)
        for part in parts
    ]
    agree = any(
        o.use == "always" and o.language == "ru" and o.nominative != part
        for part, found in zip(parts, options, strict=True)
        for o in found
    )
    gender = _name_gender(parts[0], options[0]) if len(parts) > 1 else ""
    chosen: list[str] = []
    for number, (part, found) in enumerate(zip(parts, options, strict=True)):
        last = number == len(parts) - 1
        # The given name read in a case: the other words of the name are in that case.
        oblique = number > 0 and chosen[0] != parts[0]
        pick = part
        for o in found:
            if not last and o.language != "ru":
                continue
            if gender and o.gender not in ("-", gender):
                continue  # the surname keeps the gender of the given name
            if o.use == "agree" and o.gender != gender:
                continue
            whole = " ".join([*chosen, o.nominative, *parts[number + 1 :]])
            if (
                o.use != "seen"
                or (agree and o.language == "ru")
                or (oblique and o.gender == gender)
                or (
                    number == 0
                    and gender
                    and _given_genders().get(o.nominative.casefold()) == gender
                )
                or in_gazetteer(whole)
                or seen(key(whole))
                or _word_reading(o.nominative) in name_words
            ):
                pick = o.nominative
                break
        chosen.append(pick)
    return " ".join(chosen)


# Bytes each memo may hold while reconcile runs (instead of _memo.DEFAULT_LIMIT, 48 MB): a text
# of distinct names fills the per-word and per-pair memos with entries seldom read again (at
# 5 MB of them, 52 memos held an estimated 243 MB, eight of them 18-36 MB each). At 1 MB of
# them, 8 MB cost no CPU and 2 MB cost half as much again (bench/reconcile_scale.py).
_RECONCILE_MEMO_BYTES: Final = 8 * 1024 * 1024


@with_memos_capped(_RECONCILE_MEMO_BYTES)
def reconcile(
    documents: Iterable[Document | Path | str] | Document | Path | str,
    gazetteer: Gazetteer | None = None,
    threshold: float = LINK_THRESHOLD,
    progress: Callable[[str, int, int], None] | None = None,
    context: bool = True,
) -> Reconciliation:
    """Find the mentions in ``documents`` (Document objects or file paths) and cluster them.

    With ``context`` (the default), a lone surname, or a one-word misprint, within reach of
    exactly one full name joins its cluster, marked ``lone surname`` or ``probable
    misspelling`` with the evidence (same document first, then the whole set).

    A file that cannot be read is listed in ``skipped``; the others are still reconciled. A
    string is a path: one that names no file and does not look like a file name (it holds a
    space, or has neither a separator nor a suffix) is refused (:class:`DocumentError`), as it
    is most likely text meant as a ``Document(name, text)``.
    ``progress(stage, done, total)`` is called as the documents are read and searched and as
    the spellings are clustered (:mod:`kznames.progress`).

    >>> reconcile(["Serikzhan Bilash was detained."])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kznames.text.DocumentError: 'Serikzhan Bilash was detained.' is not a file: ...

    >>> docs = [Document("a", "Serikzhan Bilash was detained in Almaty."),
    ...         Document("b", "Серікжан Білаштың ісі Алматыда қаралды."),
    ...         Document("c", "Bilash's lawyer spoke in Alma-Ata.")]
    >>> result = reconcile(docs)
    >>> for cluster in result.clusters:
    ...     print(cluster.canonical, [v.form for v in cluster.variants])
    Almaty ['Almaty', 'Алматы', 'Alma-Ata']
    Serikzhan Bilash ['Serikzhan Bilash', 'Серікжан Білаш', 'Bilash']
    """
    from .deduplication import dedup

    known_gazetteer = gazetteer or Gazetteer.default()
    loaded: list[Document] = []
    skipped: list[str] = []
    items = [documents] if isinstance(documents, (Document, Path, str)) else list(documents)
    for item in items:
        if isinstance(item, Document):
            loaded.append(item)
            continue
        if isinstance(item, str) and not Path(item).is_file() and not _path_like(item):
            shown = item if len(item) <= 60 else item[:57] + "..."
            raise DocumentError(
                f"{shown!r} is not a file: reconcile reads files and Document objects; "
                "give text as Document(name, text)"
            )
        try:
            loaded.append(read_document(item))
        except DocumentError as exc:
            skipped.append(str(exc))
    report = progress or _silent
    found: dict[str, list[Mention]] = {}
    for number, document in enumerate(loaded):
        report("documents", number, len(loaded))
        found[document.name] = find_mentions(document, known_gazetteer)
    report("documents", len(loaded), len(loaded))
    gazetteer_keys = set(known_gazetteer.keys())
    # Names of two or more words found where capitals mark them, looked for again in documents
    # written in a caseless script (Uyghur, Chinese), where only the gazetteer found names.
    full_names = sorted(
        {
            m.surface
            for ms in found.values()
            for m in ms
            if m.origin in ("name-like", "gazetteer")
            and len(_WORD.findall(m.surface)) >= 2
            and all(_cased(w) for w in _WORD.findall(m.surface))
        }
    )
    for document in loaded:
        if full_names and _main_script(document.text) not in ("Latn", "Cyrl"):
            found[document.name] = find_mentions(document, known_gazetteer, full_names)
    mentions = _confirm_weak(
        [m for d in loaded for m in found[d.name]], gazetteer_keys, _spellings(known_gazetteer)
    )
    surface_keys = {key(m.surface) for m in mentions}
    # The words of the names found: by key, or as spelled when the key is short (Uyghur's key
    # 'akar' is not the stem Айгер of Айгерим).
    name_words = (
        {_word_reading(t.text) for m in mentions for t in parse(m.surface) if t.kind == "name"}
        if len(mentions) > 1
        else set()
    )
    languages = {d.name: declension_languages(d.text) for d in loaded}
    spellings = _spellings(known_gazetteer)
    mentions = [
        Mention(
            m.document,
            m.start,
            m.end,
            m.surface,
            _form(m, surface_keys, name_words, gazetteer_keys, languages[m.document], spellings),
            m.origin,
        )
        for m in mentions
    ]
    forms = list(dict.fromkeys(m.form for m in mentions))
    if not forms:
        return Reconciliation(tuple(d.name for d in loaded), tuple(skipped), (), ())
    # A Chinese rendering found as a name (not a gazetteer spelling) is compared part by part:
    # 古丽巴哈尔·贾利洛娃 as 古丽巴哈尔 贾利洛娃, so that its given name and surname meet
    # Gulbahar Jalilova's (the key reads a dotted rendering as one word).
    from_gazetteer = {m.form for m in mentions if m.origin == "gazetteer"}
    compared = [f if f in from_gazetteer else _han_parts(f) for f in forms]
    result = dedup(compared, threshold=threshold, gazetteer=known_gazetteer, progress=report)
    cluster_of = dict(zip(forms, result.cluster_ids, strict=True))
    written = dict(zip(compared, forms, strict=True))
    canonical_of = {
        c: written.get(n, n) for c, n in zip(result.cluster_ids, result.canonical, strict=True)
    }
    why: dict[str, str] = {}
    if context:
        documents_of: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            documents_of[mention.form].add(mention.document)
        _join_by_context(
            forms,
            cluster_of,
            result.entities,
            documents_of,
            threshold,
            why,
            _keyed_names(known_gazetteer)[1],
        )
        _join_renderings(
            [m.form for m in mentions if m.origin == "rendering"],
            forms,
            cluster_of,
            result.entities,
            why,
        )
    return Reconciliation(
        tuple(d.name for d in loaded),
        tuple(skipped),
        tuple(mentions),
        _clusters(mentions, cluster_of, canonical_of, result.entities, known_gazetteer, why),
    )


def _join_renderings(
    renderings: Sequence[str],
    forms: Sequence[str],
    cluster_of: dict[str, int],
    entities: Mapping[int, str],
    why: dict[str, str],
) -> None:
    """A Chinese rendering (``rendering`` mention) still in a cluster of its own joins the
    cluster of the full name whose word it renders (``_rendered_word``), when exactly one
    cluster holds that word; ``why`` records the evidence."""
    if not renderings:
        return
    holders: dict[str, set[int]] = defaultdict(set)
    full_of: dict[str, str] = {}
    for form in forms:
        tokens = [t for t in parse(form) if t.kind == "name"]
        if len(tokens) >= 2 and all(_cased(t.text) for t in tokens):
            for token in tokens:
                holders[token.text].add(cluster_of[form])
                full_of.setdefault(token.text, form)
    sizes = Counter(cluster_of[f] for f in forms)
    for rendering in dict.fromkeys(renderings):
        own = cluster_of[rendering]
        if own in entities or sizes[own] > 1:
            continue
        found = _rendered_word(rendering, full_of)
        if found is None or len(holders[found[0]]) != 1:
            continue
        word, value = found
        target = next(iter(holders[word]))
        cluster_of[rendering] = target
        sizes[own] -= 1
        sizes[target] += 1
        why[rendering] = (
            f"Chinese rendering: {rendering!r} renders {word!r} of {full_of[word]!r} "
            f"(similarity {value:.2f})"
        )


_HAN_PART_BREAK: Final = regex.compile(r"(?<=\p{Han})[" + _MIDDLE_DOTS + r"\-](?=\p{Han})")


def _han_parts(form: str) -> str:
    """A Chinese rendering with its parts apart (the middle dot or hyphen a space), as the
    parts of a name are compared.

    >>> _han_parts("古丽巴哈尔·贾利洛娃"), _han_parts("Almaty")
    ('古丽巴哈尔 贾利洛娃', 'Almaty')
    """
    return str(_HAN_PART_BREAK.sub(" ", form))


def _path_like(text: str) -> bool:
    """A string that looks like a file name, not like text: no white space, and a separator or
    a suffix (a missing ``notes.txt`` is skipped; ``Serikzhan Bilash`` is refused).

    >>> _path_like("reports/a.txt"), _path_like("Serikzhan Bilash"), _path_like("Almaty")
    (True, False, False)
    """
    return not any(c.isspace() for c in text) and ("/" in text or "\\" in text or "." in text)


def _silent(stage: str, done: int, total: int) -> None:
    """No progress report."""


def _confirm_weak(
    mentions: Sequence[Mention], gazetteer_keys: set[str], gazetteer_spellings: frozenset[str]
) -> list[Mention]:
    """Keep a sentence-opening word only if it (or its stem) is a word of a name found
    elsewhere (as written or in its nominative: Иванов beside Маратом Ивановым), or a
    gazetteer name; a word whose key has four letters or fewer must be spelled as that word or
    name is (Оның, Суд are not names)."""
    forms = [
        form
        for m in mentions
        if m.origin != "weak"
        for t in parse(m.surface)
        if t.kind == "name"
        for form in (t.text, *stems(t.text))
    ]
    words = {token_key(form) for form in forms}
    spelled = {_spelled(form) for form in forms}

    def known(reading: str) -> bool:
        if len(token_key(reading)) <= _SHORT_KEY:
            folded = _spelled(reading)
            return folded in spelled or folded[1:] in gazetteer_spellings
        return token_key(reading) in words or key(reading) in gazetteer_keys

    kept = []
    for mention in mentions:
        if mention.origin != "weak":
            kept.append(mention)
            continue
        readings = [mention.surface, *stems(mention.surface)]
        if any(known(r) for r in readings):
            kept.append(
                Mention(
                    mention.document,
                    mention.start,
                    mention.end,
                    mention.surface,
                    mention.form,
                    "name-like",
                )
            )
    return kept


def _join_by_context(
    forms: Sequence[str],
    cluster_of: dict[str, int],
    entities: dict[int, str],
    documents_of: dict[str, set[str]],
    threshold: float,
    why: dict[str, str],
    gazetteer_parts: Mapping[str, frozenset[tuple[str, str]]] = {},
) -> None:
    """A one-word form joins the one cluster of full names it can only belong to.

    Candidates are the clusters holding a full name (two or more name words) with a word of the
    form's key (a **lone surname**, or given name), or else, with no such cluster, a word within
    similarity's reach (``threshold``: a **probable misspelling**, Umanova beside Aiman Umarova).
    Between the two, a word with the key of a part of a gazetteer person's Chinese or pinyin name
    (``gazetteer_parts``: 托卡耶夫) joins that person's cluster when the documents hold one.
    Among several, those in a document where the form is seen are preferred, then those whose
    word is spelled as the form is (Иванов: Марат Иванов, not Анна Иванова). Joined only when
    exactly one remains; ``why`` records the evidence.
    """
    members: dict[int, list[str]] = defaultdict(list)
    for form in forms:
        members[cluster_of[form]].append(form)
    name_tokens = {form: [t for t in parse(_han_parts(form)) if t.kind == "name"] for form in forms}
    full: list[tuple[str, int, str, str]] = []  # (full name, cluster, its word, the word's key)
    for form in forms:
        tokens = name_tokens[form]
        if len(tokens) >= 2:
            full.extend((form, cluster_of[form], t.text, t.key) for t in tokens)
    # The words of full names by key, and, for misprints, by what similarity can reach: each
    # one-word form looks at its few candidates, not at every word of every full name (that
    # was quadratic in a text's length).
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(full):
        by_key[entry[3]].append(index)
    near = _NearWords(full, threshold)
    # The clusters holding a full name with a word spelled so (casefolded): see below.
    spelled_in: dict[str, set[int]] = defaultdict(set)
    for entry in full:
        spelled_in[entry[2].casefold()].add(entry[1])
    for form in forms:
        tokens = name_tokens[form]
        own = cluster_of[form]
        if len(tokens) != 1 or own in entities or own not in members:
            continue
        if any(len(name_tokens[o]) > 1 for o in members[own]):
            continue  # the cluster already holds a full name
        word = tokens[0]
        found = [full[i] for i in by_key.get(word.key, ()) if full[i][1] != own]
        label = "lone surname"
        scores: dict[tuple[str, int, str, str], float] = {}
        if not found and word.key in gazetteer_parts:
            # A part of a gazetteer person's Chinese or pinyin name (托卡耶夫 of
            # 卡瑟姆-若马尔特·托卡耶夫), whose cluster the documents hold.
            # The Chinese spelling is shown before the pinyin one.
            named = sorted(gazetteer_parts[word.key], key=lambda p: (not _is_han(p[1][0]), p))
            targets: dict[int, str] = {}
            for cluster, entity_id in entities.items():
                for person, variant in named:
                    if person == entity_id and cluster in members:
                        targets.setdefault(cluster, variant)
            if len(targets) == 1:
                target, variant = next(iter(targets.items()))
                evidence = (
                    f"lone surname: {word.text!r} is a part of {variant!r}, a gazetteer "
                    f"spelling of {entities[target]}"
                )
                for other in members[own]:
                    cluster_of[other] = target
                    why[other] = evidence
                members[target].extend(members.pop(own))
                continue
        if not found:
            values: dict[str, float] = {}  # a word shared by many full names is scored once
            first: dict[tuple[str, int, str, str], int] = {}  # each candidate's first position
            # Two clusters reached in a document where the form is seen mean no join (below:
            # the same-document ones are kept, and several clusters remain unless a word is
            # spelled as the form, which only another cluster's full name could hold). Then the
            # search stops there: in a text dense with names most misprints are such.
            spelled_elsewhere = spelled_in.get(word.text.casefold(), set()) - {own}
            may_stop = _STOP_WHEN_AMBIGUOUS and not spelled_elsewhere
            here_clusters: set[int] = set()
            for index in near.candidates(word.text):
                candidate = full[index]
                if candidate[1] == own or _cased(candidate[2]) != _cased(word.text):
                    continue
                value = values.get(candidate[2])
                if value is None:
                    value = values[candidate[2]] = alignment_score(word.text, candidate[2])
                if value < threshold:
                    continue
                scores[candidate] = value
                if index < first.get(candidate, index + 1):
                    first[candidate] = index
                if may_stop and documents_of[candidate[0]] & documents_of[form]:
                    here_clusters.add(candidate[1])
                    if len(here_clusters) > 1:
                        break
            if len(here_clusters) > 1:
                continue
            found = sorted(scores, key=first.__getitem__)
            label = "probable misspelling"
        here = [f for f in found if documents_of[f[0]] & documents_of[form]]
        if len({f[1] for f in here}) >= 1:
            found = here
        if len({f[1] for f in found}) > 1:
            spelled = [f for f in found if f[2].casefold() == word.text.casefold()]
            found = spelled or found
        if len({f[1] for f in found}) != 1:
            continue
        name, target, target_word = found[0][0], found[0][1], found[0][2]
        where = "in the same document" if here else "in another document"
        evidence = f"{label}: {word.text!r} is {target_word!r} of {name!r} {where}"
        if found[0] in scores:
            evidence += f" (similarity {scores[found[0]]:.2f})"
        for other in members[own]:
            cluster_of[other] = target
            why[other] = evidence
        members[target].extend(members.pop(own))


# The context step's misprint search stops at two clusters reached in the form's documents (the
# form then joins neither); the tests turn it off to hold the result to the full search.
_STOP_WHEN_AMBIGUOUS = True


class _NearWords:
    """The words of full names a one-word form may be a misprint of: a superset of those whose
    similarity to it reaches the threshold, found through a :class:`~kznames._near.KeyIndex`
    of their keys. Built on first use (most texts never need it)."""

    def __init__(self, full: Sequence[tuple[str, int, str, str]], threshold: float) -> None:
        self.full = full
        self.threshold = threshold
        self.index: KeyIndex[int] | None = None
        self.where: list[list[int]] = []  # each distinct word: its entries in ``full``
        self.always: list[int] = []  # words no key bounds (several tokens, an initial)

    def _build(self) -> KeyIndex[int]:
        index: KeyIndex[int] = KeyIndex(self.threshold)
        number: dict[str, int] = {}
        for position, entry in enumerate(self.full):
            word = number.get(entry[2])
            if word is None:
                word = number[entry[2]] = len(self.where)
                self.where.append([])
                keys = reach_keys(entry[2])
                if keys is None:
                    self.always.append(word)
                for word_key in keys or ():
                    index.add(word_key, word)
            self.where[word].append(position)
        return index

    def candidates(self, text: str) -> Iterator[int]:
        """Positions in ``full`` of the words ``text`` may reach, as the index finds them (in
        no particular order, a position perhaps more than once): the caller may stop early."""
        keys = reach_keys(text)
        if keys is None or self.threshold <= 0:
            yield from range(len(self.full))
            return
        if self.index is None:
            self.index = self._build()
        for word in self.always:
            yield from self.where[word]
        for text_key in keys:
            for word in self.index.each_near(text_key):
                yield from self.where[word]


def _clusters(
    mentions: Sequence[Mention],
    cluster_of: dict[str, int],
    canonical_of: dict[int, str],
    entities: dict[int, str],
    gazetteer: Gazetteer,
    why: dict[str, str],
) -> tuple[Cluster, ...]:
    from .score import similarity

    seen: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for mention in mentions:
        seen[cluster_of[mention.form]].setdefault(mention.form, []).append(mention.document)
    # alignment_score is symmetric (it orders the two names itself): each pair of a cluster's
    # spellings is scored once, not once from each side.
    scored: dict[tuple[str, str], float] = {}

    def alike(a: str, b: str) -> float:
        pair = (a, b) if a <= b else (b, a)
        value = scored.get(pair)
        if value is None:
            value = scored[pair] = alignment_score(a, b)
        return value

    clusters = []
    for number, forms in seen.items():
        entity_id = entities.get(number, "")
        entity = gazetteer.entities.get(entity_id)
        canonical = canonical_of[number]
        variants = []
        for form, documents in forms.items():
            if form in why:
                reason = why[form]
            elif entity is not None and gazetteer.identify(form) is entity:
                reason = f"gazetteer: a spelling of {entity.name} ({entity.entity_id})"
            elif form == canonical:
                reason = ""
            else:
                # The closest other spelling (by alignment_score, similarity's value without
                # the match model's features), then the explanation of that one pair.
                others = [f for f in forms if f != form] or [canonical]
                closest = max(others, key=lambda f: (alike(form, f), f))
                reason = str(similarity(closest, form).explanation)
            variants.append(
                SeenVariant(form, len(documents), tuple(sorted(set(documents))), reason)
            )
        variants.sort(key=lambda v: (-len(v.documents), -v.count))
        ambiguous: tuple[str, ...] = ()
        if entity is None:
            # Exact matches only: the similar ones (costly: up to 30 similarities a cluster,
            # most of reconcile's time on a page of names the gazetteer does not know) are
            # not listed, so they are not computed.
            exact = gazetteer.lookup(canonical, similar=False)
            ambiguous = tuple(m.entity.entity_id for m in exact if m.exact)
        clusters.append(
            Cluster(entity_id, entity.kind if entity else "", canonical, tuple(variants), ambiguous)
        )
        scored.clear()  # pairs never span two clusters
    clusters.sort(key=lambda c: (-len(c.documents), -c.mentions, c.canonical))
    return tuple(clusters)
