"""What a word is made of, written once for every module that finds words: letters and their
combining marks (:data:`LETTERS`, a character-class body). A module that lets more inside a word
(a romanization's apostrophes, syllable digits, a scheme's own signs) writes the class as this
body plus its named extras, so that "a letter of a word" means one thing everywhere."""

from __future__ import annotations

from typing import Final

import regex

#: The body of the character class of a word's letters: letters and combining marks.
LETTERS: Final = r"\p{L}\p{M}"

#: A word: a run of letters and marks.
WORD: Final = regex.compile(rf"[{LETTERS}]+")

#: One letter or mark.
LETTER: Final = regex.compile(rf"[{LETTERS}]")
