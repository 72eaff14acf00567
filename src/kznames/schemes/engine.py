"""The transliteration engine: compiles a scheme's rules into a fast longest-match rewriter.

Concepts owned here:

* **Rewriter** — one compiled direction of a scheme. All rules become one alternation, ordered
  longest source first and, for one source, most specific context first, so that the regex
  engine's leftmost-first choice *is* longest match with context. Contexts become look-arounds
  evaluated inside one word, which is why text is rewritten word by word.
* **word** — a maximal run of letters, combining marks and the non-letter characters that the
  scheme's own source strings use (the apostrophe of ``a'`` in the 2017 alphabet, the backtick of
  GOST ``e```). Words are memoised: names repeat heavily in real data.
* **case** — rules are lower case. A word in lower case is rewritten as is; a word whose cased
  letters are all upper case (two or more of them) is rewritten and upper-cased (``ЖАНА`` →
  ``ZHANA``); in any other word each rewritten piece whose first source letter is upper case gets
  a capital first letter (``Жана`` → ``Zhana``, and a lone initial ``Ж`` → ``Zh``). ``turkic``
  casing pairs i/İ and ı/I.
* **separator** — a character a scheme inserts between two pieces whose concatenation its reverse
  direction would otherwise read as one (ULY ``n'g``); the reverse direction drops it.
* **harmony** — a reverse direction may first mark, word by word, which ambiguous vowels read
  front (:mod:`kznames.schemes.harmony`, from the scheme file's ``[harmony]`` section), then
  prefer a known spelling where the rule cannot tell (``known``: :mod:`kznames.schemes.lexicon`).
* **derived reverse** — for reversible schemes the reverse rules are computed from the forward
  ones (contexts are carried over by mapping each context letter to its own targets). For
  non-reversible schemes a ``[reverse]`` section may say how targets shared by several letters
  read back; every other reverse rule is still derived.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Final

import regex

from .._casing import DEFAULT_LOWER, TURKIC_LOWER, TURKIC_UPPER
from .._engine import CORE
from .._memo import Memo
from .._words import LETTER, LETTERS, WORD
from ..errors import SchemeFileError
from .fileformat import Casing, Condition, Rule, SchemeSpec
from .harmony import Harmony
from .matcher import Matcher

if TYPE_CHECKING:
    from .. import _core

__all__ = [
    "HanRewriter",
    "Rewriter",
    "SyllableRewriter",
    "derive_reverse_rules",
    "lower",
    "reference_pattern",
    "upper",
]

_APOSTROPHE_FOLD: Final = str.maketrans(dict.fromkeys("’ʼʻ‘′´", "'"))


def lower(text: str, casing: Casing) -> str:
    """Lower-case ``text`` without changing its length (``İ`` is the one letter that would)."""
    if casing == "turkic" and ("I" in text or "İ" in text):
        text = text.translate(TURKIC_LOWER)
    lowered = text.lower()
    if len(lowered) != len(text):
        text = text.translate(DEFAULT_LOWER)
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def upper(text: str, casing: Casing) -> str:
    """Upper-case ``text`` with the casing convention of the scheme's alphabet."""
    if casing == "turkic":
        text = text.translate(TURKIC_UPPER)
    return text.upper()


def _title(text: str, casing: Casing) -> str:
    return upper(text[:1], casing) + text[1:] if text else text


def _alternation(members: Sequence[str]) -> str:
    ordered = sorted(set(members), key=lambda m: (-len(m), m))
    return "(?:" + "|".join(regex.escape(m) for m in ordered) + ")"


def _condition_pattern(condition: Condition) -> tuple[str, str]:
    """Return (lookbehind, lookahead) text for one condition; words are matched in isolation."""
    neg = condition.negated
    if condition.kind == "initial":
        return ("(?<=.)" if neg else "(?<!.)", "")
    if condition.kind == "final":
        return ("", "(?=.)" if neg else "(?!.)")
    alt = f"(?:{condition.members[0]})" if condition.raw else _alternation(condition.members)
    if condition.kind == "inword":
        # Anywhere in the word, before or after this point (Kazakh Arabic vowel harmony).
        if neg:
            return (f"(?<!{alt}.*)(?!.*{alt})", "")
        return (f"(?:(?<={alt}.*)|(?=.*{alt}))", "")
    if condition.kind == "after":
        return (f"(?<!{alt})" if neg else f"(?<={alt})", "")
    return ("", f"(?!{alt})" if neg else f"(?={alt})")


def reference_pattern(rules: Sequence[Rule]) -> str:
    """What ``rules`` (in priority order) match, as one flat ``regex`` alternation whose group
    ``i`` is rule ``i``; the :class:`~kznames.schemes.matcher.Matcher` runs an equivalent faster
    pattern.

    >>> reference_pattern([Rule("sh", "x"), Rule("s", "z", (Condition("final"),))])
    '(sh)|(s)(?!.)'
    """
    parts = []
    for rule in rules:
        behind = "".join(_condition_pattern(c)[0] for c in rule.conditions)
        ahead = "".join(_condition_pattern(c)[1] for c in rule.conditions)
        parts.append(f"{behind}({regex.escape(rule.source)}){ahead}")
    return "|".join(parts) or "(?!)"


class Rewriter:
    """One compiled direction of a scheme: ``rewrite(text)`` and ``rewrite_word(word)``."""

    #: Each word written starts with a capital, whatever the source (:class:`HanRewriter`).
    capitalise_words: bool = False

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        source_casing: Casing = "default",
        target_casing: Casing = "default",
        separator: str = "",
        reverse_sources: Sequence[str] = (),
        pre: Rewriter | None = None,
        input_nfkc: Sequence[tuple[int, int]] = (),
        word_mark: str = "",
        word_mark_when: Sequence[str] = (),
        word_mark_unless: Sequence[str] = (),
        harmony: Harmony | None = None,
        known: Callable[[str, str], str] | None = None,
    ) -> None:
        self.pre = pre
        self.harmony = harmony
        self.known = known
        self._nfkc = (
            regex.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in input_nfkc) + "]+")
            if input_nfkc
            else None
        )
        self.word_mark = word_mark
        self._mark_when_re = regex.compile(_alternation(word_mark_when)) if word_mark else None
        self._mark_unless_re = (
            regex.compile(_alternation(word_mark_unless))
            if word_mark and word_mark_unless
            else None
        )
        self.rules: tuple[Rule, ...] = tuple(
            sorted(rules, key=lambda r: (-len(r.source), -len(r.conditions), r.line))
        )
        self.source_casing: Casing = source_casing
        self.target_casing: Casing = target_casing
        self.separator = separator
        self._matcher = Matcher(self.rules, reference_pattern(self.rules))
        # Group i (1-based) is rule i-1; index 0 is unused so lastindex can index directly.
        self._targets: tuple[str, ...] = ("", *(r.target for r in self.rules))
        self.alphabet = frozenset("".join(r.source for r in self.rules))
        # A scheme that reads apostrophes reads every apostrophe-like character as one.
        self._fold = _APOSTROPHE_FOLD if "'" in self.alphabet else None
        self._drop_alphabet = {ord(c): None for c in self.alphabet}
        extra = sorted({c for c in self.alphabet if not LETTER.match(c)} | set(separator))
        extra_class = "".join(regex.escape(c) for c in extra)
        self._word = regex.compile(rf"[{LETTERS}{extra_class}]+")
        self._danger = self._danger_pairs(reverse_sources) if separator else frozenset()
        self._cache: Memo[str, tuple[str, bool]] = Memo()
        self._chunks: Memo[str, tuple[str, tuple[str, ...]]] = Memo()
        self._compile_fast_path()

    def _compile_fast_path(self) -> None:
        """Split the rules so that most letters go through ``str.translate`` (C speed).

        A letter is *simple* when it has exactly one rule, one character long and without
        context. One regex pass rewrites everything else (multi-letter sources, contextual
        letters), then a translate table rewrites the simple letters left over. The result is
        the same as one longest-match pass: look-arounds see the original word during the regex
        pass, a multi-letter source still wins over its first letter, and a simple letter has no
        competing rule. It is exact only when no target contains a simple letter, which holds
        whenever source and target scripts differ; otherwise every letter stays on the regex
        path.
        """
        by_source: dict[str, list[Rule]] = defaultdict(list)
        for rule in self.rules:
            by_source[rule.source].append(rule)
        simple = {
            src: rules[0].target
            for src, rules in by_source.items()
            if len(src) == 1 and len(rules) == 1 and not rules[0].conditions
        }
        target_chars = set("".join(r.target for r in self.rules))
        if self._danger or target_chars & set(simple):
            simple = {}
        complex_rules = [r for r in self.rules if r.source not in simple]
        self._simple_table = str.maketrans(simple) if simple else {}
        self._complex_matcher = (
            Matcher(complex_rules, reference_pattern(complex_rules)) if complex_rules else None
        )
        # A Title word can be rewritten in lower case and capitalised after when its first letter
        # always becomes some text: not a letter that may vanish (ъ, ь) or pass through
        # unconverted, which would capitalise the wrong letter or recase a foreign one.
        self._title_safe = frozenset(
            r.source for r in self.rules if len(r.source) == 1 and not r.conditions and r.target
        ) - {r.source[0] for r in self.rules if not r.target}
        # The compiled core runs _rewrite_letters' one-pass words when it runs the rules.
        self._letters: _core.Letters | None = None
        # ... and rewrite_word_once's whole word when nothing else touches it.
        self._plain_letters: _core.Letters | None = None
        matcher = self._complex_matcher
        if CORE is not None and not self._danger and (matcher is None or matcher._core):
            self._letters = CORE.Letters(
                self.alphabet,
                self._drop_alphabet,
                self._title_safe,
                self._simple_table,
                None if matcher is None else matcher._core,
                self.source_casing,
                self.target_casing,
            )
            plain = (
                self.harmony is None
                and self.known is None
                and self._mark_when_re is None
                and type(self)._rewrite_letters is Rewriter._rewrite_letters
            )
            self._plain_letters = self._letters if plain else None

    def _fast(self, lowered: str) -> str:
        """Rewrite a lower-case word: regex for the complex rules, translate for the rest."""
        if self._complex_matcher is not None:
            lowered = self._complex_matcher.sub(lowered)
        return lowered.translate(self._simple_table) if self._simple_table else lowered

    def _danger_pairs(self, reverse_sources: Sequence[str]) -> frozenset[tuple[int, int]]:
        """Pairs of rules whose targets, written side by side, the reverse could read as one."""
        bridges: set[tuple[str, str]] = set()
        for src in reverse_sources:
            for k in range(1, len(src)):
                bridges.add((src[:k], src[k:]))
        if not bridges:
            return frozenset()
        pairs: set[tuple[int, int]] = set()
        targets = self._targets
        for i in range(1, len(targets)):
            for j in range(1, len(targets)):
                a, b = targets[i], targets[j]
                if a and b and any(a.endswith(x) and b.startswith(y) for x, y in bridges):
                    pairs.add((i, j))
        return frozenset(pairs)

    def _rewrite_uncached(self, word: str) -> tuple[str, bool]:
        if self.harmony is not None:
            # Mark the vowels that read front; the word's own letters are reported as untouched.
            out, untouched = self._rewrite_letters(self.harmony.mark(word))
            if self.known is not None and not untouched:
                # A known spelling where the rule cannot tell (kznames.schemes.lexicon).
                out = self.known(word, out)
            return out, untouched
        out, untouched = self._rewrite_letters(word)
        if self.known is not None and not untouched:
            out = self._known_spelling(word, out)
        if self._mark_when_re is not None:
            lowered = lower(word, self.source_casing)
            if self._mark_when_re.search(lowered) and (
                self._mark_unless_re is None or not self._mark_unless_re.search(lowered)
            ):
                out = self.word_mark + out
        return out, untouched

    def _known_spelling(self, word: str, out: str) -> str:
        """``out`` replaced by the known spelling of ``word`` (looked up in lower case), in the
        case ``out`` has: ``Adilzhan`` → ``Аділжан`` → ``Әділжан``."""
        assert self.known is not None
        rule = lower(out, self.target_casing)
        known = self.known(lower(word, self.source_casing), rule)
        if known == rule:
            return out
        if len(out) > 1 and out.isupper():
            return upper(known, self.target_casing)
        if out[:1] != rule[:1]:
            return upper(known[:1], self.target_casing) + known[1:]
        return known

    def _rewrite_letters(self, word: str) -> tuple[str, bool]:
        if self._letters is not None:
            done = self._letters.rewrite(word)
            if done is not None:
                return done
        lowered = lower(word, self.source_casing)
        if self.alphabet.issuperset(lowered):  # nearly every word: one C-level pass
            untouched = False
        else:
            residue = lowered.translate(self._drop_alphabet)
            untouched = bool(residue) and any(map(str.isalpha, residue))
        if lowered == word:
            mode = "lower"
        elif word.isupper() and sum(map(str.isupper, word)) > 1:
            mode = "upper"
        elif word[1:] == lowered[1:] and lowered[0] in self._title_safe:
            mode = "title"
        else:
            mode = "mixed"
        if self._danger or mode == "mixed" or (mode == "upper" and untouched):
            # Piece by piece: separators, mixed case, or passthrough letters in a capital word
            # whose case must not change.
            return "".join(self._pieces(word, lowered, mode)), untouched
        out = self._fast(lowered)
        if mode == "upper":
            out = upper(out, self.target_casing)
        elif mode == "title":
            out = upper(out[:1], self.target_casing) + out[1:]
        return out, untouched

    def _pieces(self, word: str, lowered: str, mode: str) -> list[str]:
        pieces: list[str] = []
        pos = 0
        previous = 0
        for start, end, index in self._matcher.finditer(lowered):
            if start > pos:
                pieces.append(word[pos:start])  # passthrough keeps its own case
                previous = 0
            target = self._targets[index]
            if previous and (previous, index) in self._danger:
                pieces.append(self.separator)
            if mode == "upper":
                target = upper(target, self.target_casing)
            elif mode in ("mixed", "title") and word[start] != lowered[start]:
                target = _title(target, self.target_casing)
            pieces.append(target)
            previous = index if target else previous
            pos = end
        if pos < len(word):
            pieces.append(word[pos:])
        return pieces

    def rewrite_word(self, word: str) -> tuple[str, bool]:
        """Rewrite one word; the flag is true when some letter of it is outside the scheme."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._rewrite_uncached(word)
            self._cache.put(word, cached)
        return cached

    def rewrite_word_once(self, word: str) -> str:
        """``rewrite_word(word)[0]`` without keeping the word in this rewriter's memo: for a
        caller that memoises its own result (the key path keeps one entry a token, not one a
        pass), so a new word costs no memo entry here.

        >>> from kznames.phonetic import folds
        >>> folds()[0].rewrite_word_once("serikzhan") == folds()[0].rewrite_word("serikzhan")[0]
        True
        """
        if self._plain_letters is not None:
            done = self._plain_letters.rewrite(word)
            if done is not None:
                return done[0]
        cached = self._cache.get(word)
        return cached[0] if cached is not None else self._rewrite_uncached(word)[0]

    def _prepared(self, text: str, once: bool) -> str:
        """``text`` as the rules read it, the first steps of :meth:`rewrite` and
        :meth:`rewrite_once`: the ``pre`` direction (memoised or ``once``), NFKC on the ranges
        the scheme asks for, apostrophe-like characters as one."""
        if self.pre is not None:
            text = self.pre.rewrite_once(text) if once else self.pre.rewrite(text)[0]
        if self._nfkc is not None:
            text = self._nfkc.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        if self._fold is not None:
            text = text.translate(self._fold)
        return text

    def rewrite_once(self, text: str) -> str:
        """``rewrite(text)[0]`` without keeping ``text``'s chunks and words in this rewriter's
        memos, for a caller that memoises its own result (see :meth:`rewrite_word_once`)."""
        text = self._prepared(text, once=True)
        if " " not in text:  # one chunk: a token
            return self._chunk_once(text)
        return " ".join([self._chunk_once(part) for part in text.split(" ")])

    def _chunk_once(self, chunk: str) -> str:
        hit = self._chunks.get(chunk)
        if hit is not None:
            return hit[0]
        if chunk.isalpha():
            return self.rewrite_word_once(chunk)
        return self._rewrite_chunk(chunk)[0]

    def covers(self, word: str) -> bool:
        """True when every character of ``word`` is one the rules read (letters, marks, ')."""
        return not set(lower(word, self.source_casing)) - self.alphabet

    def _rewrite_chunk(self, chunk: str) -> tuple[str, tuple[str, ...]]:
        untouched: list[str] = []

        def replace_word(match: regex.Match[str]) -> str:
            word = match.group()
            out, missed = self.rewrite_word(word)
            if missed:
                untouched.append(word)
            return out

        return self._word.sub(replace_word, chunk), tuple(untouched)

    def rewrite(self, text: str) -> tuple[str, list[str]]:
        """Rewrite ``text`` (already NFC); return it with the words left wholly or partly as is.

        Text is memoised by space-separated chunk (``Қасым-Жомарт``, ``Білаш,``): in real data
        most chunks repeat, and a hit costs one dictionary look-up.
        """
        text = self._prepared(text, once=False)
        chunks = self._chunks
        parts = text.split(" ")
        hits = [chunks.get(part) for part in parts]
        if None in hits:
            hits = [hit or self._memo_chunk(part) for part, hit in zip(parts, hits, strict=True)]
        out = " ".join([hit[0] for hit in hits])  # type: ignore[index]
        return out, [word for hit in hits for word in hit[1]]  # type: ignore[index]

    def _memo_chunk(self, chunk: str) -> tuple[str, tuple[str, ...]]:
        hit: tuple[str, tuple[str, ...]]
        if chunk.isalpha():  # one plain word: no need to split it with the regex
            # Kept once, as a chunk: the word memo would hold the same word again.
            word_hit = self._cache.get(chunk)
            out_word, missed = word_hit if word_hit is not None else self._rewrite_uncached(chunk)
            hit = (out_word, (chunk,) if missed else ())
        else:
            hit = self._rewrite_chunk(chunk)
        return self._chunks.put(chunk, hit)  # a long chunk is not kept: it rarely repeats


class HanRewriter(Rewriter):
    """Chinese characters to toneless pinyin: the scheme's rules first, pypinyin for the rest.

    The rules of a ``engine = pypinyin`` scheme are readings that override pypinyin's: the
    readings of characters used to transcribe Turkic names (什 shi, 勒 le) and of surnames
    (``initial`` context: 曾 zeng, 单 shan). Every other run of characters is read by pypinyin,
    whose phrase dictionary picks the reading of a character from its neighbours. The syllables
    of one word are joined; pypinyin is imported on first use, not with kznames.

    With ``capitalise_words`` (the scheme's ``capitalise_words = true``): Chinese has no capitals,
    so each word written starts with one, as names are written in pinyin (ISO 7098, BGN/PCGN):
    ``Xi Jinping``, not ``xi jinping``. Otherwise the output is in lower case.

    >>> from kznames.schemes import get_scheme
    >>> get_scheme("zh-Latn-pinyin").forward.rewrite("伊力哈木 新疆-乌鲁木齐")[0]
    'Yilihamu Xinjiang-Wulumuqi'
    """

    def _rewrite_letters(self, word: str) -> tuple[str, bool]:
        read = _read_han
        pieces: list[str] = []
        pos = 0
        for start, end, index in self._matcher.finditer(word):
            if start > pos:
                pieces.append(read(word[pos:start]))
            pieces.append(self._targets[index])
            pos = end
        if pos < len(word):
            pieces.append(read(word[pos:]))
        out = "".join(pieces)
        # A character pypinyin has no reading for stays as it is: the word is reported.
        # (The letters that are not Han characters: the word with its Han characters removed.)
        untouched = any(map(str.isalpha, _HAN.sub("", word))) or bool(_HAN.search(out))
        if untouched:
            return out, untouched
        out = out.lower()
        if self.capitalise_words:  # a surname break has become a space: Xi Jinping
            out = " ".join([part[:1].upper() + part[1:] for part in out.split(" ")])
        return out, untouched


class SyllableRewriter(Rewriter):
    """A word read a whole syllable at a time (``engine = syllables``: Wade-Giles to pinyin).

    A word's syllables are the parts between hyphens, middle dots and tone numbers (1 to 5, or
    superscript); each must be the source of a rule (or already one of the rules' targets, as
    careless romanizations mix them in), and the word becomes the rules' targets joined, with
    the word's capital (or its capitals) kept: ``K'a-shih`` → ``Kashi``, ``Mao Tse-tung`` →
    ``Mao Zedong``, ``k'a-shih`` → ``kashi``. A word with any other
    part is not in the scheme: it is kept as written and reported (its letters untouched), never
    rewritten letter by letter (Wade-Giles ``ch`` and ``j`` would turn ``Chingiz`` and
    ``Janibek`` into other names).

    >>> rules = [Rule("k'a", "ka"), Rule("shih", "shi")]
    >>> SyllableRewriter(rules).rewrite("K'a-shih Kashgar K'A-SHIH")
    ('Kashi Kashgar KASHI', ['Kashgar'])

    With ``joined_syllables`` (the scheme's ``joined_syllables = true``: Palladius writes the
    syllables of a name part together, Цзиньпин), a part that is not one syllable is cut into
    syllables (:meth:`cut`), and a syllable after the first that starts with a, e or o is set
    off by an apostrophe, as pinyin writes it (Чанъань → Chang'an, Сиань → Xi'an).

    >>> joined = SyllableRewriter([Rule("цзинь", "jin"), Rule("пин", "ping"), Rule("си", "xi")])
    >>> joined.joined_syllables = True
    >>> joined.rewrite("Си Цзиньпин Цзиньпинка")
    ('Xi Jinping Цзиньпинка', ['Цзиньпинка'])
    """

    #: A word's syllables may be written together (see the class docstring).
    joined_syllables: bool = False
    #: The source sets a syllable off with an apostrophe and joins words with a hyphen, as pinyin
    #: does (``Xi'an``, ``Xinjiang-Wulumuqi``): see :meth:`configure`.
    apostrophe_breaks: bool = False
    #: Where the separator goes: after a syllable whose target ends in one of the first strings,
    #: before one whose target starts with one of the second (Palladius: ъ after -н before a
    #: vowel, Чанъань).
    separate: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    def __init__(self, rules: Sequence[Rule], **options: Any) -> None:
        super().__init__(rules, **options)
        self._word_re = _SYLLABLE_WORD
        self._break_re = _SYLLABLE_BREAK
        self._syllables: dict[str, str] = {}
        for rule in self.rules:
            self._syllables.setdefault(rule.source, rule.target)
        #: What the syllables are read as (a word may mix them in: they are read as they are).
        self.targets = frozenset(self._syllables.values())
        self._longest = max(map(len, self._syllables), default=0)

    def configure(
        self,
        joined_syllables: bool,
        apostrophe_breaks: bool = False,
        separate: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    ) -> None:
        """Set the scheme's options for joined syllables (``joined_syllables``,
        ``apostrophe_breaks``, the separator's classes ``separate_after`` and ``separate_before``).

        With ``apostrophe_breaks`` (a source written as pinyin is) an apostrophe parts two
        syllables (``Xi'an`` is xi + an, ``Xian`` one syllable), a part is cut with the fewest
        syllables that start with a, e or o *in the source* (an unmarked ``Fangan`` is fan + gan),
        and a hyphen is not inside a word but between two words, kept as written
        (``Xinjiang-Wulumuqi``); the input normaliser (which drops pinyin's apostrophe) reads the
        text between apostrophes.

        >>> rules = [Rule(s, t) for s, t in (("xi", "си"), ("an", "ань"), ("xian", "сянь"),
        ...                                  ("chang", "чан"), ("jiang", "цзян"))]
        >>> pinyin = SyllableRewriter(rules, separator="ъ")
        >>> pinyin.configure(True, True, (("н",), ("а",)))
        >>> pinyin.rewrite("Xi'an Xian Chang'an Xian-Xi'an")[0]
        'Сиань Сянь Чанъань Сянь-Сиань'
        """
        self.joined_syllables = joined_syllables
        self.apostrophe_breaks = apostrophe_breaks
        self.separate = separate
        if apostrophe_breaks:
            self._word_re = _PINYIN_WORD
            self._break_re = _PINYIN_BREAK

    def _prepared(self, text: str, once: bool) -> str:
        if not self.apostrophe_breaks or self.pre is None:
            return super()._prepared(text, once)
        # The normaliser drops the apostrophe (pinyin's other readers read Xi'an as xian): it
        # reads the text between apostrophes, which stay to part the syllables.
        pre = self.pre
        parts = text.translate(_APOSTROPHE_FOLD).split("'")
        return "'".join([pre.rewrite_once(p) if once else pre.rewrite(p)[0] for p in parts])

    def _separated(self, read: list[str]) -> str:
        """The syllables' targets joined, the separator between two that ask for it."""
        after, before = self.separate
        if not self.separator or not after:
            return "".join(read)
        out = [read[0]]
        for previous, syllable in itertools.pairwise(read):
            if previous.endswith(after) and syllable.startswith(before):
                out.append(self.separator)
            out.append(syllable)
        return "".join(out)

    def cut(self, part: str) -> list[str] | None:
        """The readings of ``part`` cut into syllables, every letter in one, or None when it
        cannot be cut so. Of several cuts, the one with the fewest syllables that start with a,
        e or o (pinyin's syllables without an initial), then the fewest syllables: Хэнань is
        хэ + нань (Henan), not хэн + ань, which Palladius would write Хэнъань.

        >>> rules = [Rule(s, t) for s, t in (("хэ", "he"), ("хэн", "heng"), ("нань", "nan"),
        ...                                  ("ань", "an"))]
        >>> SyllableRewriter(rules).cut("хэнань"), SyllableRewriter(rules).cut("хэнь")
        (['he', 'nan'], None)
        """
        size = len(part)
        # best[i]: (syllables with no initial, syllables, readings) of the best cut of part[:i]
        best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (size + 1)
        best[0] = (0, 0, ())
        for start in range(size):
            here = best[start]
            if here is None:
                continue
            for end in range(start + 1, min(size, start + self._longest) + 1):
                reading = self._syllables.get(part[start:end])
                if reading is None:
                    continue
                # Pinyin's syllables without an initial: of the source, or of what is read.
                first = part[start] if self.apostrophe_breaks else reading[:1]
                found = (here[0] + (first in _NO_INITIAL), here[1] + 1, (*here[2], reading))
                there = best[end]
                if there is None or found[:2] < there[:2]:
                    best[end] = found
        done = best[size]
        return list(done[2]) if done is not None else None

    def syllables(self, lowered: str) -> list[str] | None:
        """The reading of each syllable of a lower-case word, or None when a part is not a
        syllable of the scheme.

        >>> SyllableRewriter([Rule("k'a", "ka"), Rule("shih", "shi")]).syllables("k'a2-shih4")
        ['ka', 'shi']
        """
        out = []
        for part in self._break_re.split(lowered):
            if not part:
                continue
            reading = self._syllables.get(part)
            if reading is None:
                if part in self.targets:
                    reading = part
                elif self.joined_syllables and (cut := self.cut(part)) is not None:
                    out.extend(cut)
                    continue
                else:
                    return None
            out.append(reading)
        return out if out else None

    def _rewrite_letters(self, word: str) -> tuple[str, bool]:
        if self.apostrophe_breaks:  # a word asked for alone (rewrite_word): tone marks folded
            word = self._prepared(word, once=True)
        out, untouched = self._rewrite_chunk(word)
        return out, bool(untouched)

    def _rewrite_chunk(self, chunk: str) -> tuple[str, tuple[str, ...]]:
        untouched: list[str] = []

        def replace_word(match: regex.Match[str]) -> str:
            word = str(match.group())
            read = self.syllables(lower(word, self.source_casing))
            if read is None:
                untouched.extend(_LETTERS.findall(word))
                return word
            if self.joined_syllables:
                # Pinyin sets off a syllable without an initial: Chang'an, Xi'an.
                read = [read[0], *(f"'{r}" if r[:1] in _NO_INITIAL else r for r in read[1:])]
            out = self._separated(read)
            # A name keeps its capital (K'a-shih -> Kashi), a word in capitals its capitals.
            if word[:1].isupper():
                cased = [c for c in word if c.isalpha()]
                if len(cased) > 1 and all(c.isupper() for c in cased):
                    return upper(out, self.target_casing)
                return _title(out, self.target_casing)
            return out

        return str(self._word_re.sub(replace_word, chunk)), tuple(untouched)


# What separates the syllables of a word read by a syllables scheme: hyphens, the middle dot,
# tone numbers (1 to 5; superscript too). A word is letters (and apostrophes) in such parts.
# Palladius's ъ (Чанъань: chang + an) is a break too.
_SYLLABLE_BREAK: Final = regex.compile(r"[-·ъ1-5¹²³⁴⁵]+")
# The first letters of pinyin syllables without an initial (written after an apostrophe).
_NO_INITIAL: Final = frozenset("aeo")
_SYLLABLE_WORD: Final = regex.compile(rf"[{LETTERS}']+(?:[-·1-5¹²³⁴⁵]+[{LETTERS}']+)*[1-5¹²³⁴⁵]*")
_LETTERS: Final = WORD
# A source written as pinyin (apostrophe_breaks): the apostrophe parts syllables, a hyphen words.
_PINYIN_BREAK: Final = regex.compile(r"[·'1-5¹²³⁴⁵]+")
_PINYIN_WORD: Final = regex.compile(rf"[{LETTERS}']+(?:[·1-5¹²³⁴⁵]+[{LETTERS}']+)*[1-5¹²³⁴⁵]*")


# The toneless pinyin of each segment pypinyin cuts a run into (a character, or a word of its
# phrase dictionary): names of new people are new runs of the same few thousand characters.
_segment_memo: Memo[str, str] = Memo()


@cache
def _pinyin() -> tuple[Callable[[str], list[str]], Callable[[str], str]]:
    """pypinyin's segmentation and one segment's reading, as ``lazy_pinyin`` runs them.

    These are pypinyin's internals, not its public API: pyproject.toml pins the versions they
    were tested on, and tests/test_key_path.py checks they exist and read as ``lazy_pinyin``."""
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, RE_HANS
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin
    from pypinyin.seg import mmseg

    converter = DefaultConverter()
    general = Pinyin(converter).seg

    def cut(run: str) -> list[str]:
        # A run of Han characters only (nearly every one) is one piece of pypinyin's first cut,
        # which its phrase segmenter then cuts; its first cut is a Python loop a character.
        if PHRASES_DICT and RE_HANS.fullmatch(run):
            return list(mmseg.seg.cut(run))
        segments: list[str] = general(run)
        return segments

    def segment(words: str) -> str:
        readings = converter.convert(words, Style.NORMAL, False, "default", strict=True)
        return "".join(reading for item in readings for reading in item)

    return cut, segment


def _read_han(run: str) -> str:
    """``"".join(pypinyin.lazy_pinyin(run))`` (toneless, characters without a reading kept):
    the same segmentation, each segment's reading memoised. ``lazy_pinyin`` cuts ``run`` into
    segments and converts each alone, so the reading of a segment is the same in every run.

    >>> _read_han("伊力哈木"), _read_han("阿X合")
    ('yilihamu', 'aXhe')
    """
    cut, segment = _pinyin()
    get = _segment_memo.get
    out = []
    for words in cut(run):
        hit = get(words)
        if hit is None:
            hit = _segment_memo.put(words, segment(words))
        out.append(hit)
    return "".join(out)


_HAN: Final = regex.compile(r"\p{Script=Han}")


def _member_targets(rules: Sequence[Rule]) -> dict[str, set[str]]:
    targets: dict[str, set[str]] = defaultdict(set)
    for rule in rules:
        if rule.target:
            targets[rule.source].add(rule.target)
    return targets


def _reverse_condition(condition: Condition, targets: dict[str, set[str]]) -> Condition:
    if not condition.members:
        return condition
    mapped = sorted({t for m in condition.members for t in targets.get(m, ())})
    return Condition(condition.kind, condition.negated, tuple(mapped), condition.label)


def derive_reverse_rules(spec: SchemeSpec) -> list[Rule]:
    """Reverse rules of ``spec``: derived from the forward rules, resolved by ``[reverse]`` rows.

    Raises :class:`SchemeFileError` (file and line) when a reversible scheme is not one-to-one,
    or when a target shared by several letters has no ``[reverse]`` row saying how to read it.
    """
    problems: list[str] = []
    targets = _member_targets(spec.rules)
    resolved = {r.source for r in spec.reverse_rules}
    by_target: dict[str, list[Rule]] = defaultdict(list)
    for rule in spec.rules:
        if not rule.target:
            if spec.reversible:
                problems.append(
                    f"{spec.path}:{rule.line}: {rule.source!r} has an empty target, "
                    "so a reversible scheme could not read it back"
                )
            continue
        by_target[lower(rule.target, spec.target_casing)].append(rule)

    derived: list[Rule] = []
    for target, rules in by_target.items():
        sources = {r.source for r in rules}
        if target in resolved:
            continue
        if len(sources) > 1 and not _mutually_exclusive(rules):
            lines = ", ".join(f"{r.source!r} (line {r.line})" for r in rules)
            if spec.reversible:
                problems.append(
                    f"{spec.path}:{rules[-1].line}: reversible scheme is not one-to-one: "
                    f"{target!r} comes from {lines}"
                )
            else:
                problems.append(
                    f"{spec.path}:{rules[-1].line}: {target!r} comes from {lines}; add a "
                    "[reverse] row saying which letter it reads back as"
                )
            continue
        seen: set[str] = set()
        for rule in rules:
            conditions = tuple(_reverse_condition(c, targets) for c in rule.conditions)
            key = " ".join(sorted(str(c) + repr(c.members) for c in conditions))
            if key in seen:
                continue
            seen.add(key)
            derived.append(Rule(target, rule.source, conditions, rule.line, "derived"))
    if problems:
        raise SchemeFileError(problems)
    derived.extend(spec.reverse_rules)
    if spec.separator:
        derived.append(Rule(spec.separator, "", (), 0, "separator"))
    if spec.word_mark:
        derived.append(Rule(spec.word_mark, "", (), 0, "word mark"))
    return derived


def _exclusive(a: Rule, b: Rule) -> bool:
    """True when some condition of ``a`` is the negation of one of ``b``: never both apply."""
    return any(
        ca.kind == cb.kind and ca.members == cb.members and ca.negated != cb.negated
        for ca in a.conditions
        for cb in b.conditions
    )


def _mutually_exclusive(rules: Sequence[Rule]) -> bool:
    """True when rules with different sources can never apply at the same place."""
    return all(
        _exclusive(a, b)
        for i, a in enumerate(rules)
        for b in rules[i + 1 :]
        if a.source != b.source
    )
