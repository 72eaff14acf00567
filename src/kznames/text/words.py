"""Words of running text and how they are read: the word pattern, scripts, capitals, keys
and spellings of words, sentence starts and what may stand between the words of a name."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import regex

from .._words import LETTERS
from ..phonetic import token_key
from ..scripts import script_of_char

# Words: letters and marks, with inner apostrophes and hyphens (Ata-Jurt, O'zbek); every Han
# character is a word of its own (Chinese is written without spaces).
_WORD: Final = regex.compile(rf"\p{{Han}}|[{LETTERS}](?:[{LETTERS}]|['’\-](?=[{LETTERS}]))*")


_SENTENCE_END: Final = regex.compile(r"[.!?。！？؟]\s*$")
# An initial (one capital letter and its full stop: Д. Куйкабаевой, Сауытбай С.) or an
# abbreviation of one-letter words (a.k.a., e.g., U.S.): its full stop ends no sentence.
_INITIAL_END: Final = regex.compile(r"(?<![\w.])(?:\p{Lu}|(?:\p{L}\.)+\p{L})\.$")


_MIDDLE_DOTS: Final = "·・•‧"


# A gazetteer name with a key this short matches running text only as spelled.
_SHORT_KEY: Final = 4


# A line this long (characters) ending without a sentence end is running prose wrapped at a line
# break: the word after it continues the sentence. Datelines and headings are shorter.
_WRAPPED_LINE: Final = 50


# The script of a character, memoised: a document asks it of every word's first letter.
_script_of = lru_cache(maxsize=4096)(script_of_char)


def _cased(word: str) -> bool:
    return _script_of(word[0]) in ("Latn", "Cyrl")


def _reading(word: str) -> str:
    """How a word is matched against the gazetteer: Latin and Cyrillic words by their key (any
    romanization or script meets), words of caseless scripts as written (NFC, case-folded): with
    no capital letter to tell a name from a word, a key would match common words."""
    return token_key(word) if _cased(word) else word.casefold()


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


def _sentence_start(text: str, position: int) -> bool:
    # A bounded look back: the text just before the word decides (linear over a document). A
    # word after 80 or more blanks follows a gap as wide as a paragraph break: a sentence start
    # (looking further back for the text's start made this quadratic on a page of blanks).
    before = text[max(0, position - 80) : position].rstrip(" \t\"'«“(")
    if not before:
        return True
    if _SENTENCE_END.search(before):
        return not _INITIAL_END.search(before)
    if not before.endswith("\n"):
        return False
    # After a line break: a new line, unless the line before wraps running prose (as long as a
    # line of prose, no sentence end): Shanghai / Cooperation Organisation is one name; a
    # dateline or a heading (ASTANA, a title line, a long line in capitals) is followed by a
    # new sentence.
    line = before.rstrip()
    line = line[line.rfind("\n") + 1 :]
    return len(line) < _WRAPPED_LINE or line.isupper()


def _initial(text: str, word: regex.Match[str]) -> bool:
    """A word that is an initial: one capital letter followed by a full stop."""
    return (
        len(word.group()) == 1
        and word.group().isupper()
        and text[word.end() : word.end() + 1] == "."
    )


def _adjacent(
    text: str, left: regex.Match[str], right: regex.Match[str], dots: bool = False
) -> bool:
    """Only spaces (a line break included, not a blank line) or middle dots between words."""
    between = text[left.end() : right.start()]
    allowed = " \t\r\n\u00a0" + (_MIDDLE_DOTS if dots else "")
    return all(c in allowed for c in between) and between.count("\n") <= 1
