"""The cross-romanization layer: any token to its pivot, its match key and its skeleton.

Concepts owned here:

* **pivot** — a token written in lower-case Latin with every distinction its source makes:
  Cyrillic (Kazakh, Russian, Kyrgyz) through the official 2021 Kazakh alphabet, which has a letter
  for every Kazakh sound and reads Russian too; Uyghur Arabic script through ULY; Kazakh Arabic
  script through Kazakh Cyrillic; Chinese characters through pinyin and the Turkic reading of
  Chinese renderings; Latin as written. ``pivot("Серікжан") == "serıkjan"``.
* **pivot**, continued — Latin with pinyin tone marks (Rèyīlā Dáwútí) is read as pinyin, through
  the Turkic reading.
* **key** — the pivot folded into sound classes so that the spellings of one name under every
  scheme meet: zh/j/ž/dzh are one class, sh/ş/š/s' another, k/q/kh/x/h another, y and i one
  vowel, ye after a vowel or at the start is e, a doubled letter counts once (``docs/keys.md``
  lists every class). The fold is data: passes in ``keydata/*.scheme`` (``docs/keys.md`` says
  which, in order), run by the same engine as the transliteration schemes.
  :func:`kznames.names.key` builds a name's key from its tokens' keys. Keys are ASCII
  ``[a-z0-9 ]``; ``kznames.names.KEY_VERSION`` changes whenever any key changes.
* **skeleton** — a coarser key for blocking only: the consonant classes of each token, vowels
  dropped after the first letter.

Tokens are memoised: real data repeats them heavily.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Final

import regex
from unidecode import unidecode

from ._engine import CORE
from ._memo import Memo
from ._words import LETTERS
from .clean import clean, normalize
from .resources import keydata, read_scheme
from .schemes import get_scheme
from .schemes.engine import Rewriter
from .scripts import (
    arabic_language,
    arabic_letters,
    cyrillic_letters,
    detect_language,
    detect_script,
    join_spaced_han,
)
from .translit import transliterate_text
from .wadegiles import may_be as may_be_wade_giles
from .wadegiles import normalize as normalize_wade_giles
from .wadegiles import to_pinyin

if TYPE_CHECKING:
    from . import _core

__all__ = [
    "fine_key",
    "folds",
    "key_of_fine",
    "letter_classes",
    "pinyin_reading",
    "pivot",
    "pivot_of",
    "reading_of",
    "refold",
    "skeleton_of_keys",
    "token_folds",
    "token_key",
    "token_parts",
    "tokens",
    "unhyphenate",
]


def __getattr__(name: str) -> object:
    # KEY_VERSION moved to kznames.names, beside key(); read here it is the same value.
    if name == "KEY_VERSION":
        from .names import KEY_VERSION

        return KEY_VERSION
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The doubled-letter pass runs twice: right after the letters pass, to a fixed point (a run of
# one letter of any length counts once), so that the letter classes and the glides pass read
# endings on runs counted once (the press writes -ий and -ый as one y: Биий is Biy, Мюсихизый is
# Myusikhizy; key version 12); and after the glides pass, on letters it made meet.
_FOLD_FILES: Final = (
    "fold-1-letters.scheme",
    "fold-3-doubles.scheme",
    "fold-2-glides.scheme",
    "fold-3-doubles.scheme",
)
# The passes after the first that run to a fixed point, before the letter classes are read.
_COUNTED_PASSES: Final = 1
# The match key folds the fine key further, then counts doubled letters once again.
_COARSE_FILES: Final = ("fold-4-coarse.scheme", "fold-3-doubles.scheme")
# Name tokens: letters and marks, with the apostrophes some alphabets use inside words. Hyphens
# join compound parts; everything else separates tokens.
_TOKEN: Final = regex.compile(rf"[{LETTERS}\p{{N}}'`ʹʺ’·]+(?:-[{LETTERS}\p{{N}}'`ʹʺ’·]+)*")
_NOT_KEY: Final = regex.compile(r"[^a-z0-9]+")
# The middle dot of a transcribed name (伊力哈木·土赫提) separates its parts, as a space does in
# Latin: each part is a token, keyed and memoised alone (the dot is a token letter elsewhere, where
# it joins the syllables of a Wade-Giles word).
_HAN_NAME_DOT: Final = regex.compile(r"(?<=\p{Han})·(?=\p{Han})")


_VOWELS: Final = frozenset("aeiou")


@lru_cache(maxsize=1)
def _fold_alphabet() -> frozenset[str]:
    """Every character a fold pass reads."""
    return frozenset("".join(r.source for fold in folds() for r in fold.rules))


@cache
def _arabic_letters() -> Rewriter:
    """Arabic-script letters Uyghur lacks, as Uyghur letters (keydata/arabic-letters.scheme)."""
    return Rewriter(read_scheme(keydata("arabic-letters.scheme")).rules)


@cache  # a handful of pass lists; each must compile once
def folds(files: tuple[str, ...] = _FOLD_FILES) -> tuple[Rewriter, ...]:
    """The compiled fold passes (the fine key's by default)."""
    return tuple(Rewriter(read_scheme(keydata(name)).rules) for name in files)


#: Letters of one token that keys and similarity read; a longer token is cut to them.
MAX_TOKEN_LETTERS: Final = 64


def unhyphenate(name: str) -> str:
    """``name`` with its hyphens as spaces, so that the parts of a compound are tokens (Ata-Jurt
    = Ata Jurt), except inside a Wade-Giles name, where hyphens join the syllables of one word.

    >>> unhyphenate("Kassym-Jomart"), unhyphenate("A-k'o-su-chen")
    ('Kassym Jomart', "A·k'o·su·chen")
    """
    if "-" not in name:
        return name
    return _wade_giles_words(name).replace("-", " ")


def _wade_giles_words(text: str) -> str:
    """Each Wade-Giles name in ``text`` as one word, its syllables joined by a middle dot;
    everything else as it is."""
    if "-" not in text or not may_be_wade_giles(text):
        return text
    # Read as the Wade-Giles scheme reads it (A-k‘o-su: the quotation mark is the apostrophe).
    return str(_TOKEN.sub(_wade_giles_word, normalize_wade_giles(text)))


def _wade_giles_word(match: regex.Match[str]) -> str:
    token: str = match.group()
    if not to_pinyin(token):
        return token
    return token.replace("-", "·")


def tokens(name: str) -> list[str]:
    """The tokens of a name: hyphenated parts stay together, punctuation separates.

    >>> tokens("BILASH, Serikzhan  (Ata-Jurt)")
    ['BILASH', 'Serikzhan', 'Ata-Jurt']
    >>> tokens("伊力哈木·土赫提")
    ['伊力哈木', '土赫提']
    """
    text = clean(name, keep="`")
    # Chinese characters spaced out for typography (阿 合 買 提 江) are one word.
    text = join_spaced_han(text)
    if "·" in text:
        text = _HAN_NAME_DOT.sub(" ", text)
    # A Wade-Giles name is one word whose syllables happen to be hyphenated (A-k'o-su-chen).
    text = _wade_giles_words(text)
    found: list[str] = _TOKEN.findall(text)
    if len(text) <= MAX_TOKEN_LETTERS:
        return found  # no token of it can be longer
    # No name token is this long; a longer run of letters (a pasted hash, a broken file) is
    # keyed on its first letters, keeping the folds' context rules from costing its length
    # squared.
    return [t[:MAX_TOKEN_LETTERS] for t in found]


# Pinyin with tone marks: read it as the Turkic name it renders. Only marks no Kazakh or Uyghur
# scheme writes count as a sign (2021 ū, BGN ī ū, 2018 á ó ú, ISO 9 ì ù è are all Kazakh): a
# caron, an acute on i (ULY writes é), a macron on a, e or o, a marked ü.
_PINYIN_TONES: Final = regex.compile("[ǎěǐǒǔǚíāēōǖǘǜ]")
_PINYIN_SYLLABLES: Final = regex.compile(
    r"(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|"
    r"ua|uo|ue|ui|un|ve|a|e|i|o|u|v|ü)(?:ng|n)?)+",
    regex.IGNORECASE,
)


# Toneless pinyin of three syllables or more (Halemubieke, Maimaitiming, Xuekelaiti): a Chinese
# rendering of a Turkic name, or a Kazakh or Russian name that happens to parse as one
# (Qunanbai, Suleiman). The key cannot tell them apart and reads such a token as written;
# similarity also tries the Turkic reading (pinyin_reading).
_TONELESS_PINYIN: Final = regex.compile(
    r"(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|"
    r"ua|uo|ue|ui|un|a|e|i|o|u)(?:ng|n)?){3,}",
    regex.IGNORECASE,
)
_reading_memo: Memo[str, str] = Memo()


def pinyin_reading(token: str) -> str:
    """The Turkic reading of a Latin token that could be toneless pinyin of three syllables or
    more, as a fine key; ``""`` when it cannot be.

    >>> pinyin_reading("Halemubieke"), fine_key("Halemubieke")
    ('kalembek', 'kalemubeke')
    >>> pinyin_reading("Serikzhan")
    ''
    """
    token = token[:MAX_TOKEN_LETTERS]  # see MAX_TOKEN_LETTERS
    hit = _reading_memo.get(token)
    if hit is None:
        hit = _reading_memo.put(token, reading_of(token))
    return hit


def reading_of(token: str, fine: str | None = None) -> str:
    """:func:`pinyin_reading` of a token of at most MAX_TOKEN_LETTERS letters, not memoised;
    ``fine``: its fine key, when the caller has it."""
    if not (token.isascii() and _TONELESS_PINYIN.fullmatch(token)):
        return ""
    reading = transliterate_text(token.lower(), "ug-Latn", "zh-Latn-pinyin")
    hit = fine_key(reading)
    return "" if hit == (fine_key(token) if fine is None else fine) else hit  # "": nothing new


def _is_pinyin(token: str) -> bool:
    if not _PINYIN_TONES.search(token):
        return False
    plain = unidecode(token).replace("'", "").replace("’", "")
    return bool(_PINYIN_SYLLABLES.fullmatch(plain))


def _rewrite(scheme_id: str, token: str, reverse: bool = False) -> str:
    """One scheme direction on one token, without transliterate()'s per-call routing."""
    scheme = get_scheme(scheme_id)
    # By rule alone: a key must not change when a lexicon of known spellings grows.
    rewriter = scheme.reverse_by_rule if reverse else scheme.forward
    assert rewriter is not None
    return rewriter.rewrite_once(token)  # the pivot is memoised: the rewriter need not be


def _to_latin(token: str) -> str:
    token = normalize(token)
    script = detect_script(token)
    if script == "Latn":
        if _is_pinyin(token):
            return transliterate_text(token, "ug-Latn", "zh-Latn-pinyin")
        wade_giles = to_pinyin(token)  # memoised with the pivot: once per token
        if wade_giles is not None:
            return transliterate_text(wade_giles, "ug-Latn", "zh-Latn-pinyin")
        return token
    if script == "Cyrl":
        return _rewrite("kk-Latn", token)
    if script == "Arab":
        # A word of letters Uyghur and Persian share (با) is read as Uyghur, the likelier here.
        language = detect_language(token, default="ug")
        if language == "kk":
            return _rewrite("kk-Latn", _rewrite("kk-Arab", token, reverse=True))
        if language is None:
            # Persian, Arabic, Urdu or Kurdish spelling: its letters as Uyghur's, then as Uyghur.
            token = _arabic_letters().rewrite_word_once(token)
        # ULY's apostrophes (hamza, n'g) carry no sound class; 2017 Kazakh reads n' as ң.
        return _rewrite("ug-Latn", token).replace("'", "")
    if script == "Hani":
        # In lower case: pinyin capitalises Chinese words, and pivot_of reads a capital I
        # the scheme wrote as Turkic ı.
        return transliterate_text(token, "ug-Latn", "zh-Hani").lower()
    return unidecode(token)


_pivot_memo: Memo[str, str] = Memo()
_fine_memo: Memo[str, str] = Memo()
_letters_memo: Memo[str, str] = Memo()
_key_memo: Memo[str, str] = Memo()


def pivot(token: str) -> str:
    """The token in lower-case Latin keeping its source's distinctions.

    >>> pivot("Серікжан"), pivot("ئۇيغۇر"), pivot("伊力哈木"), pivot("Serikzhan")
    ('serıkjan', 'uyghur', 'ilham', 'serikzhan')
    """
    token = token[:MAX_TOKEN_LETTERS]  # see MAX_TOKEN_LETTERS
    hit = _pivot_memo.get(token)
    if hit is None:
        hit = _pivot_memo.put(token, pivot_of(token))
    return hit


def pivot_of(token: str) -> str:
    """:func:`pivot` of a token of at most MAX_TOKEN_LETTERS letters, not memoised (see
    :func:`token_folds`).

    >>> pivot_of("Серікжан")
    'serıkjan'
    """
    latin = _to_latin(token)
    # Turkic capitals first: the 2021 alphabet's I is ı and İ is i.
    return latin.replace("İ", "i").replace("I", "ı" if latin != token else "i").lower()


def letter_classes(token: str) -> str:
    """The pivot after the first fold pass, with a run of one letter counted once: every
    spelling of a sound class is one letter, vowels and endings still as written (kabylūly,
    Qabyluly and Қабылұлы all give kabiluli; Мюсихизый and its press spelling Myusikhizy both
    end in kizi). The names layer reads patronymic endings and particles here."""
    token = token[:MAX_TOKEN_LETTERS]  # see MAX_TOKEN_LETTERS
    hit = _letters_memo.get(token)
    if hit is None:
        folded = _letter_passes(pivot(token).replace("-", ""))
        hit = _letters_memo.put(token, _letters_of_folded(folded))
    return hit


def _letter_passes(text: str) -> str:
    """The letters pass, then the doubled-letter pass until a run of one letter of any length is
    one letter (one pass leaves two of a run of four; a pass that changed nothing is the last)."""
    passes = folds()
    folded = passes[0].rewrite_word_once(text)
    for fold in passes[1 : 1 + _COUNTED_PASSES]:
        while (counted := fold.rewrite_word_once(folded)) != folded:
            folded = counted
    return folded


def _letters_of_folded(folded: str) -> str:
    """``_NOT_KEY.sub("", unidecode(folded))``: nearly every folded token is already ASCII key
    letters (unidecode returns ASCII text as it is), so that is checked first."""
    text = folded if folded.isascii() else unidecode(folded)
    if text.isalnum() and (text.islower() or text.isdigit()):  # ASCII: only [a-z0-9]
        return text
    return str(_NOT_KEY.sub("", text))


def _fine_of_folded(folded: str) -> str:
    """``_NOT_KEY.sub("", unidecode(folded).lower())``, checked first as above."""
    text = (folded if folded.isascii() else unidecode(folded)).lower()
    if text.isascii() and text.isalnum():  # lower-case ASCII letters and digits only
        return text
    return str(_NOT_KEY.sub("", text))


def fine_key(token: str) -> str:
    """The fine key of one token: sound classes folded, vowels kept. Similarity compares these.

    >>> fine_key("Serikzhan"), fine_key("Серікжан"), fine_key("Serıkjan")
    ('serikjan', 'serikjan', 'serikjan')
    >>> fine_key("Tokayev"), fine_key("Тоқаев"), fine_key("Nur-Sultan")
    ('tokaev', 'tokaev', 'nursultan')
    """
    token = token[:MAX_TOKEN_LETTERS]  # see MAX_TOKEN_LETTERS
    hit = _fine_memo.get(token)
    if hit is None:
        hit = _fine_memo.put(token, token_folds(pivot(token))[1])
    return hit


def token_folds(pivot_: str) -> tuple[str, str]:
    """The letter classes (:func:`letter_classes`) and the fine key (:func:`fine_key`) of a token
    whose pivot is ``pivot_``, computed (not memoised), with the first fold pass run once when
    both read the same letters. The key path memoises its tokens whole (kznames.names.parse).

    >>> token_folds(pivot("Қабылұлы"))
    ('kabiluli', 'kabilul')
    """
    path = _token_path()
    if path is not None:
        done = path.folds(pivot_, False)
        if done is not None:
            return done[0], done[1]
    return _python_token_folds(pivot_)


def _python_token_folds(pivot_: str) -> tuple[str, str]:
    """:func:`token_folds` in Python: the reference of the compiled core's ``TokenPath.folds``
    and what runs a pivot with a letter the folds do not know."""
    plain = pivot_.replace("-", "")
    first = _letter_passes(plain)
    letters = _letters_of_folded(first)
    # Characters the folds do not know (Persian ؤ, Greek, ŵ) become ASCII first, so that the
    # folds see every letter and every key letter is one they keep.
    known = _fold_alphabet()
    if not (plain.isascii() or known.issuperset(plain)):  # most tokens: no letter to convert
        text = "".join(c if c.isascii() or c in known else unidecode(c) for c in plain)
        first = _letter_passes(text)
    for fold in folds()[1 + _COUNTED_PASSES :]:
        first = fold.rewrite_word_once(first)  # a token has no spaces: no need to split it
    return letters, _fine_of_folded(first)


def token_parts(token: str) -> tuple[str, str, str, str]:
    """The pivot, letter classes, fine key and match key of a token of at most
    MAX_TOKEN_LETTERS letters (:func:`pivot_of`, :func:`token_folds`, :func:`key_of_fine`),
    computed, not memoised: what :func:`kznames.names.parse` keeps of a new token. With the
    compiled core a token of Cyrillic letters takes one call from its text to its keys, and
    any other token one call from its pivot.

    >>> token_parts("Қабылұлы")
    ('qabylūly', 'kabiluli', 'kabilul', 'kabalal')
    """
    path = _token_path()
    if path is None:
        p = pivot_of(token)
        letters, fine = _python_token_folds(p)
        return p, letters, fine, _python_key_of_fine(fine)
    done: tuple[str, str, str, str] | None = path.token(token)
    if done is not None:
        return done
    p = pivot_of(token)
    parts = path.folds(p, True)
    if parts is not None:
        return p, parts[0], parts[1], parts[2] or ""  # a str: the key was asked for
    letters, fine = _python_token_folds(p)
    return p, letters, fine, path.key(fine)


@cache
def _token_path() -> _core.TokenPath | None:
    """The compiled core's key path of a token (``_core.TokenPath``), built from the fold passes
    and the Cyrillic direction as the Python code runs them; None with the Python engine, or
    when a pass is not run by the core (the Python code then runs it)."""
    if CORE is None:
        return None
    passes = (*folds(), *folds(_COARSE_FILES))
    if any(fold._plain_letters is None for fold in passes):
        return None
    # Cyrillic tokens: _rewrite("kk-Latn", token), i.e. rewrite_once, which for a word of
    # letters is rewrite_word_once when no step comes before the rules.
    forward = get_scheme("kk-Latn").forward
    plain = forward._plain_letters if forward.pre is None and forward._nfkc is None else None
    # Arabic-script tokens read as Uyghur: _rewrite("ug-Latn", token) is its pre step, then its
    # rules, when neither step has another step before it and no NFKC range holds a letter.
    uly = get_scheme("ug-Latn").forward
    pre = uly.pre
    arabic = None
    if (
        pre is not None
        and pre.pre is None
        and uly._nfkc is None
        and not (pre._nfkc is not None and pre._nfkc.search(arabic_letters()))
        and pre._plain_letters is not None
        and uly._plain_letters is not None
    ):
        arabic = (
            pre._plain_letters,
            pre.rewrite_once,
            uly._plain_letters,
            uly.rewrite_word_once,
            arabic_language,
            arabic_letters(),
        )
    path: _core.TokenPath = CORE.TokenPath(
        [(fold._plain_letters, fold.rewrite_word_once) for fold in passes],
        len(folds()),
        _fold_alphabet(),
        refold_rules(),
        _letters_of_folded,
        _fine_of_folded,
        plain,
        forward.rewrite_once,
        cyrillic_letters(),
        _COUNTED_PASSES,
        arabic,
    )
    return path


def token_key(token: str) -> str:
    """The match key of one token: the fine key with vowels in one slot and g/k, ch/sh, v/u met.

    >>> token_key("Mihrigul") == token_key("Mehrigül") == token_key("مېھرىگۈل")
    True
    >>> token_key("Ivanov"), token_key("Ivanova")
    ('avanav', 'avanava')
    """
    token = token[:MAX_TOKEN_LETTERS]  # see MAX_TOKEN_LETTERS
    hit = _key_memo.get(token)
    if hit is None:
        hit = _key_memo.put(token, key_of_fine(fine_key(token)))
    return hit


def key_of_fine(fine: str) -> str:
    """The match key of a token whose fine key is ``fine`` (not memoised: see
    :func:`token_folds`).

    >>> key_of_fine(fine_key("Ivanov"))
    'avanav'
    """
    path = _token_path()
    if path is not None:
        return path.key(fine)
    return _python_key_of_fine(fine)


def _python_key_of_fine(fine: str) -> str:
    """:func:`key_of_fine` in Python, the reference of the compiled core's ``TokenPath.key``."""
    for fold in folds(_COARSE_FILES):
        fine = fold.rewrite_word_once(fine)
    # One pass leaves two of a run of four (Byuyyeb: biuieb -> baaaap -> baap), where the
    # Cyrillic spelling (biueb) collapses to bap: fold until nothing changes.
    return refold(fine)


def _token_skeleton(key: str) -> str:
    if not key:
        return ""
    head, rest = key[0], key[1:]
    consonants = "".join(c for c in rest if c not in _VOWELS)
    # Coarser classes than the key: voiced and voiceless pairs meet, j meets ch/sh (c).
    return (head + consonants).translate(_SKELETON_TABLE)


_SKELETON_TABLE: Final = str.maketrans({"g": "k", "b": "p", "d": "t", "z": "s", "j": "c", "v": "f"})


@cache
def _boundary_fold() -> tuple[re.Pattern[str], dict[str, str]]:
    """The fold rules that can still fire on a string of key letters, as one substitution.

    Derived from the fold data: key letters are the ones no pass rewrites on their own; the rules
    kept are those made only of key letters that change something (doubled letters, dj). Joining
    token keys can create exactly those at a boundary (balac + carnav, akmad + jan). Key letters
    have no case, so a plain substitution does. A rule with a context (a final d read as t) does
    not make its letter a non-key letter: the letter stays wherever the context does not hold.
    """
    rules = [r for fold in folds() + folds(_COARSE_FILES) for r in fold.rules]
    rewritten = {
        r.source for r in rules if len(r.source) == 1 and r.target != r.source and not r.conditions
    }
    letters = set("abcdefghijklmnopqrstuvwxyz0123456789") - rewritten
    table = {
        r.source: r.target
        for r in rules
        if r.target != r.source and not r.conditions and set(r.source) <= letters
    }
    # Longest match, as in the passes; alternatives grouped by first letter, and compiled by the
    # standard re (key letters are ASCII), which scans such a pattern about six times faster than
    # a flat alternation in the regex module: refold runs on every new name.
    table = {source: table[source] for source in sorted(table, key=len, reverse=True)}
    by_first: dict[str, list[str]] = {}
    for source in table:
        by_first.setdefault(source[0], []).append(source[1:])
    pattern = "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
        for first, rests in by_first.items()
    )
    return re.compile(pattern), table  # the table longest source first, as the pattern


@cache
def refold_rules() -> _core.Rules:
    """The boundary rules of :func:`refold` as the compiled core's matcher (longest first, no
    conditions: what the pattern matches); only with the compiled core."""
    assert CORE is not None
    _pattern, table = _boundary_fold()
    rules: _core.Rules = CORE.Rules([(source, target, ()) for source, target in table.items()])
    return rules


def refold(key: str) -> str:
    """Fold a string of key letters again until nothing changes, so that key(key(x)) == key(x).

    Joining token keys can put a doubled letter or a digraph across a boundary; the rules that
    can fire there come from the fold data (:func:`_boundary_fold`).
    """
    pattern, table = _boundary_fold()
    if pattern.search(key) is None:  # nearly every key: one scan, no copy
        return key
    while True:
        folded: str = pattern.sub(lambda m: table[m.group()], key)
        if folded == key:
            return folded
        key = folded


def skeleton_of_keys(keys: list[str]) -> str:
    """The skeleton of a name from its tokens' keys (see :func:`kznames.names.skeleton`)."""
    return " ".join(sorted(s for s in (_token_skeleton(k) for k in keys) if s))
