"""The structure of a name: tokens and what each one is.

Concepts owned here:

* **token kinds** — ``given`` or ``surname`` cannot be told from the letters alone, so kznames
  only marks what it can: a **patronymic** (Russian -ovich/-evich/-ovna/-evna, Kazakh -uly/-ұлы,
  -qyzy/-қызы, Turkic -ogly/-kyzy), an **initial** (one letter, with or without a dot), a
  **particle or honorific** (bin, ibn, haji, mr, dr…), and otherwise a plain **name** token.
* **gender forms** — one surname's masculine and feminine forms (Ivanov/Ivanova, Aliev/Alieva,
  Pushkin/Pushkina, Tolstoy/Tolstaya): related people, not the same person. Detected on keys.
* **designators** — a last word or Chinese suffix that only says a place is a city, town or
  township (Kashi Shi, Qeshqer Shehiri, 喀什市) or a name a people's (柯尔克孜族), left out of the
  key (``keydata/designators.tsv``).
* **levels** — a word that says a place is a region, prefecture or district (Region, облысы,
  область, 州, Prefecture, ауданы), in every language (``keydata/levels.tsv``). It stays in the
  key (a region is not the city it is named after); similarity pairs two words of one level and
  gazetteer lookup finds a name written with one from the bare name (:func:`level_of`).
* **compounds** — Ata-Jurt, Atajurt and Ata Jurt: hyphenated parts are one token (``tokens``);
  a spaced compound is recognised by :mod:`kznames.score` when joined tokens match one token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Final, Literal

from ._args import require_str
from ._engine import CORE
from ._memo import Memo, short_inputs_cache
from .errors import DataFileError
from .palladius import key_text
from .phonetic import (
    MAX_TOKEN_LETTERS,
    _token_path,
    fine_key,
    folds,
    letter_classes,
    reading_of,
    refold,
    refold_rules,
    skeleton_of_keys,
    token_key,
    token_parts,
    tokens,
    unhyphenate,
)
from .resources import in_line_order, keydata, read_table
from .scripts import cyrillic_letters

__all__ = [
    "KEY_VERSION",
    "NAME_COLUMNS",
    "NameToken",
    "designators",
    "fine_name_key",
    "gender_pair",
    "key",
    "name_gender",
    "parse",
    "skeleton",
]

TokenKind = Literal["name", "patronymic", "initial", "particle"]

# Patronymic endings after the first fold pass (every scheme's -ovich, -ovič and -ovi'c' meet as
# -ovic; Kazakh -ұлы, -uly, -ūly, -ulı as -uli; -қызы, -qyzy, -kyzy as -kizi).
RUSSIAN_PATRONYMIC_ENDINGS: Final = ("ovic", "evic", "ovna", "evna", "icna")
_PATRONYMIC_ENDINGS: Final = (*RUSSIAN_PATRONYMIC_ENDINGS, "uli", "kizi", "ogli", "oglu")
# Particles, titles and the endings that say a surname is a man's or a woman's: data, in
# keydata/name-parts.tsv (read once by _name_parts; each kind's meaning is in the file).
_NAME_PARTS_FILE: Final = keydata("name-parts.tsv")
_PART_KINDS: Final = ("particle", "title", "gender", "masculine", "feminine")


@dataclass(frozen=True, slots=True)
class _NameParts:
    particles: frozenset[str]  # as written in Latin; compared on letter classes
    titles: frozenset[str]  # lower case, compared on their own letters
    gender_endings: tuple[tuple[str, str], ...]  # (masculine, feminine) on fine keys
    masculine: tuple[str, ...]  # on letter classes
    feminine: tuple[str, ...]


@lru_cache(maxsize=1)
def _name_parts() -> _NameParts:
    """``keydata/name-parts.tsv`` read and checked: a :class:`~kznames.errors.DataFileError`
    names the file and line of every bad row.

    >>> parts = _name_parts()
    >>> ("ov", "ova") in parts.gender_endings, "prof" in parts.titles, "ibn" in parts.particles
    (True, True, True)
    """
    values: dict[str, list[str]] = {kind: [] for kind in _PART_KINDS}
    pairs: list[tuple[str, str]] = []
    problems: list[str] = []
    columns = ("kind", "value", "feminine", "note")
    for row in read_table(_NAME_PARTS_FILE, columns, header=True, problems=problems):
        kind, value, feminine, _note = row.fields
        if kind not in values:
            problems.append(row.problem(f"kind must be one of {', '.join(_PART_KINDS)}: {kind!r}"))
        elif not value or value != value.strip().lower():
            problems.append(row.problem(f"the value must be lower case, without spaces: {value!r}"))
        elif (kind == "gender") != bool(feminine):
            problems.append(row.problem("a feminine ending goes with kind gender, and only there"))
        elif kind == "gender":
            pairs.append((value, feminine))
        else:
            values[kind].append(value)
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return _NameParts(
        frozenset(values["particle"]),
        frozenset(values["title"]),
        tuple(pairs),
        tuple(values["masculine"]),
        tuple(values["feminine"]),
    )


@dataclass(frozen=True, slots=True)
class NameToken:
    """One token of a name with its pivot, fine key (vowels kept), match key and kind, and, for a
    Latin token that could be toneless pinyin, the fine key of its Turkic reading (``reading``,
    which similarity also tries; ``""`` otherwise)."""

    text: str
    pivot: str
    fine: str
    key: str
    kind: TokenKind
    reading: str = ""


@lru_cache(maxsize=1)
def _particle_letters() -> frozenset[str]:
    """The letter classes of every particle (:func:`kznames.phonetic.letter_classes`)."""
    return frozenset(letter_classes(p) for p in _name_parts().particles)


def _kind(text: str, key: str, letters: str | None = None) -> TokenKind:
    # One letter (Python's isalpha) with or without a dot; a word of letters only, the usual
    # token, has as many letters as characters.
    if not (len(text) > 1 and text.isalpha()) and sum(map(str.isalpha, text)) == 1:
        return "initial"
    # Letter classes, not the fine key: the fine key drops a final -i (Qasimi = Qasim), which
    # made ISO 9's Ûli the particle ul while 2021's Iuli (Юли) stayed a name.
    if letters is None:
        letters = letter_classes(text)
    if letters in _particle_letters() or text.lower() in _name_parts().titles:
        return "particle"
    # Long enough to be a name plus the ending, measured on the match key, which every scheme
    # gives alike: counting letters, Баюли (2021 Baiuli) was a patronymic and its ISO 9
    # spelling Baûli was not.
    if len(key) > 2 and letters.endswith(_PATRONYMIC_ENDINGS):
        return "patronymic"
    return "name"


def parse(name: str) -> list[NameToken]:
    """Split a name into tokens and say what each is.

    >>> [(t.fine, t.kind) for t in parse("TYURIN, Denis V. Valeriyevich")]
    [('tiurin', 'name'), ('denis', 'name'), ('v', 'initial'), ('valerevic', 'patronymic')]
    >>> [t.kind for t in parse("Ахметжан Қасымұлы")]
    ['name', 'patronymic']
    """
    out = []
    get = _token_memo.get
    for text in tokens(name):
        token = get(text, _NEW)
        if token is _NEW:
            token = _token_memo.put(text, _token_maker()(text))
        if token is not None:
            out.append(token)
    return out


_NEW: Final[NameToken] = NameToken("", "", "", "", "name")  # not in the memo (a sentinel)


def _new_token(text: str) -> NameToken | None:
    """The token ``text`` (a token of :func:`kznames.phonetic.tokens`) with what it is, or None
    when it has no letter a key keeps: pivot, folds and kind computed once each, kept only in
    the token memo (the per-function memos of phonetic are for their own callers)."""
    text = text[:MAX_TOKEN_LETTERS]
    p, letters, fine, key_ = token_parts(text)
    if not fine:
        return None
    return NameToken(text, p, fine, key_, _kind(text, key_, letters), reading_of(text, fine))


@lru_cache(maxsize=1)
def _token_maker() -> Callable[[str], NameToken | None]:
    """:func:`_new_token`, or the compiled core's ``TokenMaker``: a token the core's
    ``TokenPath.token`` takes (Cyrillic letters, Uyghur Arabic script) from its text to its
    record in one call, the kind read as :func:`_kind` reads it; any other token through
    :func:`_new_token`. The record is made as the dataclass's own ``__init__`` makes it (its
    fields set with ``object.__setattr__``), so only while the class has those six fields in
    that order and no ``__post_init__``."""
    path = _token_path()
    names = tuple(f.name for f in fields(NameToken))
    if (
        CORE is None
        or path is None
        or names != ("text", "pivot", "fine", "key", "kind", "reading")
        or hasattr(NameToken, "__post_init__")
    ):
        return _new_token
    maker: Callable[[str], NameToken | None] = CORE.TokenMaker(
        path,
        _particle_letters(),
        _name_parts().titles,
        _PATRONYMIC_ENDINGS,
        NameToken,
        names,
        _new_token,
        MAX_TOKEN_LETTERS,
    )
    return maker


_NAME_FOLD: Final = ("fold-5-name.scheme",)
# A short key keeps its vowels: without them it says too little (Aksu, Agsu and Akoso would all
# be "ks"). Short is 5 letters or fewer, as long as the key also has 3 consonants or fewer: a
# spelling that leaves vowels out (Arabic-script كاشغر, kashgr) is then judged as the one that
# writes them (Kashgar). Measured on dev_groups (key version 5), inner vowels dropped from keys of
# 6 letters on: precision 0.931, F1 0.475; of 6 letters or 4 consonants on (this rule): 0.932,
# 0.481; of 3 consonants on: 0.933, 0.488, but 117 more pairs of different places in the shipped
# gazetteer share a key (920 against 807: Ti-hua-shih met Kashi Diqu), so not that.
_INNER_VOWELS_FROM_LETTERS: Final = 6
_INNER_VOWELS_FROM_CONSONANTS: Final = 4
_KEY_VOWELS: Final = frozenset("aeiou")
_token_memo: Memo[str, NameToken | None] = Memo()
_key_memo: Memo[str, str] = Memo()


@short_inputs_cache()
def name_gender(token: str) -> str:
    """``m`` or ``f`` when one token ends as a man's or a woman's surname or patronymic (on its
    letter classes, with a stem of two letters or more), ``""`` otherwise. Memoised: the match
    model's features ask it of both tokens of every paired name in every pair.

    >>> name_gender("Иванов"), name_gender("Umanova"), name_gender("Nurlanqyzy")
    ('m', 'f', 'f')
    >>> name_gender("Aigul"), name_gender("Eva"), name_gender("Serik")
    ('', '', '')
    """
    letters = letter_classes(token)
    parts = _name_parts()
    for gender, endings in (("f", parts.feminine), ("m", parts.masculine)):
        for ending in endings:
            if letters.endswith(ending) and len(letters) - len(ending) >= 2:
                return gender
    return ""


@short_inputs_cache()
def gender_pair(key_a: str, key_b: str) -> bool:
    """True when two keys are the masculine and feminine forms of one surname.

    >>> gender_pair("ivanov", "ivanova"), gender_pair("aliev", "alieva")
    (True, True)
    >>> gender_pair("ivanov", "ivan")
    False
    """
    for masculine, feminine in _name_parts().gender_endings:
        for a, b in ((key_a, key_b), (key_b, key_a)):
            stem = a[: -len(masculine)]
            if (
                a.endswith(masculine)
                and b.endswith(feminine)
                and stem == b[: -len(feminine)]
                and len(stem) > 1
            ):
                return True
    return False


def _core_keys(name: str) -> list[str]:
    """The keys that identify a name: patronymics, initials and particles are left out when at
    least two name tokens remain (Mukhtar Kabyluly Ablyazov = Mukhtar Ablyazov), kept otherwise
    (Gulzira Auelkhankyzy keeps her patronymic surname). Hyphenated parts count as tokens, so a
    name means the same with a hyphen or a space."""
    parsed = _without_designator(parse(unhyphenate(name)))
    kept = [t for t in parsed if t.kind == "name"]
    if len(kept) >= 2:
        return [t.key for t in kept]
    return [_surname_key(t) if t.kind == "patronymic" else t.key for t in parsed]


_DESIGNATORS_FILE: Final = keydata("designators.tsv")


@lru_cache(maxsize=1)
def designators() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words that say a place is a city, town or township (as fine keys) and the Chinese
    suffixes that say so or that a name is a people's (longest first), from
    ``keydata/designators.tsv``.

    Raises :class:`~kznames.errors.DataFileError` naming the file and line of every bad row.
    """
    words: set[str] = set()
    suffixes: list[str] = []
    problems: list[str] = []
    columns = ("written", "where", "meaning")
    for row in read_table(_DESIGNATORS_FILE, columns, header=False, problems=problems):
        written, where, _meaning = row.fields
        if not written.strip():
            problems.append(row.problem("the written form is empty"))
        elif where == "last":
            fine = fine_key(written)
            if not fine:
                problems.append(row.problem(f"{written!r} has no letters a key keeps"))
                continue
            words.add(fine)
        elif where == "suffix":
            suffixes.append(written)
        else:
            problems.append(row.problem(f"where must be 'last' or 'suffix', not {where!r}"))
    if problems:
        raise DataFileError.of(in_line_order(problems))
    return frozenset(words), tuple(sorted(suffixes, key=len, reverse=True))


_LEVELS_FILE: Final = keydata("levels.tsv")
_LEVEL_NAMES: Final = ("region", "prefecture", "district")
_LEVEL_PLACES: Final = ("last", "first", "suffix", "adjective")


@dataclass(frozen=True, slots=True)
class Levels:
    """The words of ``keydata/levels.tsv`` by where they stand, each with its level: whole words
    (case-folded) at the end or the start of a name, Chinese suffixes and Russian adjective
    endings (longest first)."""

    last: dict[str, str]
    first: dict[str, str]
    suffixes: tuple[tuple[str, str], ...]
    adjectives: tuple[tuple[str, str], ...]

    def adjective_stem(self, word: str, level: str) -> str:
        """``word`` without the longest adjective ending of ``level`` that leaves two letters,
        or "" when none ends it.

        >>> levels().adjective_stem("Алматинская", "region")
        'Алмат'
        >>> levels().adjective_stem("Алматы", "region")
        ''
        """
        folded = word.casefold()
        for ending, of in self.adjectives:
            if of == level and folded.endswith(ending) and len(word) - len(ending) >= 2:
                return word[: -len(ending)]
        return ""


@lru_cache(maxsize=1)
def levels() -> Levels:
    """The level words of ``keydata/levels.tsv`` (see :class:`Levels`).

    Raises :class:`~kznames.errors.DataFileError` naming the file and line of every bad row.

    >>> levels().last["облысы"], levels().first["область"], levels().last["prefecture"]
    ('region', 'region', 'prefecture')
    """
    places: dict[str, dict[str, str]] = {where: {} for where in _LEVEL_PLACES}
    problems: list[str] = []
    columns = ("written", "where", "level", "meaning")
    for row in read_table(_LEVELS_FILE, columns, header=False, problems=problems):
        written, where, level, _meaning = row.fields
        folded = written.strip().casefold()
        if not folded or " " in folded:
            problems.append(row.problem("the written form must be one word"))
        elif where not in places:
            problems.append(row.problem(f"where must be one of {', '.join(_LEVEL_PLACES)}"))
        elif level not in _LEVEL_NAMES:
            problems.append(row.problem(f"level must be one of {', '.join(_LEVEL_NAMES)}"))
        elif where != "adjective" and places[where].get(folded, level) != level:
            problems.append(row.problem(f"{written!r} is already of another level"))
        elif where == "adjective":
            places[where][f"{folded}\t{level}"] = level
        else:
            places[where][folded] = level
    if problems:
        raise DataFileError.of(in_line_order(problems))

    def longest(table: dict[str, str]) -> tuple[tuple[str, str], ...]:
        pairs = ((written.partition("\t")[0], level) for written, level in table.items())
        return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))

    return Levels(
        places["last"], places["first"], longest(places["suffix"]), longest(places["adjective"])
    )


def level_of(name: str) -> tuple[str, str] | None:
    """``(bare name, level)`` for a name written with a level word (``keydata/levels.tsv``): at
    its end or start as a whole word of a name of two or more, or as the suffix of a Chinese
    word that keeps two characters; else None. The key is unchanged: this is for finding the
    entity from its bare name (lookup), not for equating the two.

    >>> level_of("Jambyl Region"), level_of("область Абай"), level_of("阿拉木图州")
    (('Jambyl', 'region'), ('Абай', 'region'), ('阿拉木图', 'region'))
    >>> level_of("Almaty") is None, level_of("Region") is None, level_of("广州") is None
    (True, True, True)
    """
    words = require_str("name", name).split()
    if not words:
        return None
    table = levels()
    if len(words) >= 2:
        level = table.last.get(words[-1].casefold())
        if level is not None:
            return " ".join(words[:-1]), level
        level = table.first.get(words[0].casefold())
        if level is not None:
            return " ".join(words[1:]), level
    last = words[-1]
    for suffix, level in table.suffixes:
        if last.endswith(suffix) and len(last) - len(suffix) >= 2:
            return " ".join([*words[:-1], last[: -len(suffix)]]), level
    return None


def _without_designator(parsed: list[NameToken]) -> list[NameToken]:
    """A name without a last word or Chinese suffix that only says it is a city, town, township
    or people (Kashi Shi = Kashi, 喀什市 = 喀什, 柯尔克孜族 = 柯尔克孜); the word stays when it is
    the whole name."""
    if not parsed:
        return parsed
    words, suffixes = designators()
    last = parsed[-1]
    if len(parsed) >= 2 and last.fine in words:
        return parsed[:-1]
    if not last.text.endswith(suffixes):  # one C call for nearly every name
        return parsed
    for suffix in suffixes:
        if last.text.endswith(suffix) and len(last.text) - len(suffix) >= 2:
            return parsed[:-1] + parse(last.text[: -len(suffix)])
    return parsed


# A Kazakh patronymic that serves as a surname means what the Russian-style surname made from the
# same father's name means: Abai Qunanbaiuly = Abai Kunanbayev, Makhambet Otemisuly = Utemisov.
_SURNAME_OF_PATRONYMIC: Final = (("uli", "ev"), ("kizi", "eva"))


def _surname_key(token: NameToken) -> str:
    """The key of a Kazakh -uly/-qyzy token kept in a key, as the -ev/-eva surname it stands for."""
    letters = letter_classes(token.text)
    for ending, surname_ending in _SURNAME_OF_PATRONYMIC:
        if letters.endswith(ending):
            return token_key(letters[: -len(ending)] + surname_ending)
    return token.key


#: The version of every key this module and :mod:`kznames.phonetic` compute (:func:`key`,
#: :func:`skeleton`, token keys): it changes whenever any name's key changes, so that stored keys
#: are known to need recomputing (tests/golden/keys.tsv pins them).
KEY_VERSION: Final = "21"


def key(name: str) -> str:
    """The match key of a name: its identifying tokens' keys, sorted and joined, without the
    vowel slots inside (keydata/fold-5-name.scheme).

    Spellings of one name in any scheme or script share a key; different names keep different
    keys. ASCII ``[a-z0-9]``, deterministic, order-free; a compound meets itself written with a
    hyphen, a space or joined (Ata-Jurt, Ata Jurt, Atajurt) when its parts are in sorted order,
    and always between hyphen and space. See docs/keys.md for every class.

    >>> key("Serikzhan Bilash") == key("Серікжан Білаш") == key("BILASH, Serikjan")
    True
    >>> key("Serikzhan Bilash")
    'blcsrkjn'
    >>> key("Ata-Jurt") == key("Ata Jurt") == key("Atajurt") == key("Атажұрт")
    True
    >>> key("Мұхтар Қабылұлы Әблязов") == key("Mukhtar Ablyazov")
    True
    """
    # A name seen before is one look-up (the type test only when it is not a plain str).
    if name.__class__ is not str:  # a str subclass as a plain str: the core takes str only
        name = str.__str__(require_str("name", name))
    hit = _key_memo.get(name)
    if hit is None:
        # A Chinese name in Palladius Cyrillic or pinyin is keyed as its characters are
        # (kznames.palladius): Си Цзиньпин, Xi Jinping and 习近平 share a key.
        hit = _key_path()(key_text(name))
        _key_memo.put(name, hit)
    return hit


def _key_of_name(name: str) -> str:
    """The key of a name, computed (the reference of the compiled core's ``NamePath``)."""
    return _key_of_keys(_core_keys(name))


@lru_cache(maxsize=1)
def _key_path() -> Callable[[str], str]:
    """:func:`_key_of_name`, or the compiled core's ``NamePath`` (a plainly written name from
    its text to its key in one call, the token memo read and filled as :func:`parse` does)."""
    maker = _key_maker()
    if CORE is None or not isinstance(maker, CORE.NameKey):
        return _key_of_name
    path: Callable[[str], str] = CORE.NamePath(
        maker,
        _token_memo.get,
        _token_memo.put,
        _NEW,
        _token_maker(),
        _without_designator,
        _surname_key,
        _core_keys,
        cyrillic_letters(),
        MAX_TOKEN_LETTERS,
    )
    return path


def _key_of_keys(keys: list[str]) -> str:
    """The name key of its identifying tokens' keys: sorted, joined, refolded, and the name
    pass when the key is long enough (the reference of the compiled core's ``NameKey``)."""
    hit = refold("".join(sorted(keys)))
    if (
        len(hit) >= _INNER_VOWELS_FROM_LETTERS
        or sum(c not in _KEY_VOWELS for c in hit) >= _INNER_VOWELS_FROM_CONSONANTS
    ):
        hit = refold(_name_fold()(hit))
    return hit


@lru_cache(maxsize=1)
def _key_maker() -> Callable[[list[str]], str]:
    """:func:`_key_of_keys`, or the compiled core's ``NameKey`` (the same steps in one call)
    when it runs the name pass."""
    fold = folds(_NAME_FOLD)[0]
    if CORE is None or fold._plain_letters is None:
        return _key_of_keys
    maker: Callable[[list[str]], str] = CORE.NameKey(
        refold_rules(),
        fold._plain_letters,
        fold.rewrite_word_once,
        _INNER_VOWELS_FROM_LETTERS,
        _INNER_VOWELS_FROM_CONSONANTS,
        _KEY_VOWELS,
    )
    return maker


@lru_cache(maxsize=1)
def _name_fold() -> Callable[[str], str]:
    """The name pass (``keydata/fold-5-name.scheme``) as a function of a joined key.

    Every name is new to this pass, so its cost is paid per name, not per token. When each rule
    of the file rewrites one letter away from a word's ends (as the shipped file does), a
    ``str.translate`` of the key's inner letters gives the engine's result at C speed; a key
    with a digit (which the engine takes for a word break) or any other kind of rule goes
    through the engine.
    """
    fold = folds(_NAME_FOLD)[0]
    inner_only = all(
        len(rule.source) == 1
        and sorted((c.kind, c.negated, c.members) for c in rule.conditions)
        == [("final", True, ()), ("initial", True, ())]
        for rule in fold.rules
    )
    if not inner_only:
        return lambda key: fold.rewrite_word(key)[0]
    table = str.maketrans({rule.source: rule.target for rule in fold.rules})

    def inner(key: str) -> str:
        if len(key) <= 2 or not key.isalpha():
            return fold.rewrite_word(key)[0]
        return key[0] + key[1:-1].translate(table) + key[-1]

    return inner


def skeleton(name: str) -> str:
    """A coarser key for blocking candidate pairs in deduplication; never a verdict.

    >>> skeleton("Serikzhan Bilash")
    'plc srkcn'
    """
    return skeleton_of_keys(_core_keys(key_text(require_str("name", name))))


def fine_name_key(name: str) -> str:
    """The fine keys of a name's identifying tokens, sorted and space-joined: order-free, in one
    Latin whatever the script, finer than :func:`key` (only the first fold passes). What the
    Splink and Spark integrations compare with Jaro-Winkler, as their ``<prefix>_fine_key``
    column (:func:`kznames.spark.fine_key_udf` computes it on Spark).

    >>> fine_name_key("BILASH, Serikjan") == fine_name_key("Серікжан Білаш")
    True
    """
    tokens = parse(unhyphenate(key_text(require_str("name", name))))
    kept = [t for t in tokens if t.kind == "name"] or tokens
    return " ".join(sorted(t.fine for t in kept))


#: The name columns the integrations add, by suffix: ``<prefix>_key`` (:func:`key`),
#: ``<prefix>_skeleton`` (:func:`skeleton`) and ``<prefix>_fine_key`` (:func:`fine_name_key`),
#: in that order; one definition for pandas (:func:`kznames.splink.add_name_columns`) and Spark
#: (:func:`kznames.spark.add_name_columns`).
NAME_COLUMNS: Final[tuple[tuple[str, Callable[[str], str]], ...]] = (
    ("key", key),
    ("skeleton", skeleton),
    ("fine_key", fine_name_key),
)
