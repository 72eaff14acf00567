"""Transliteration schemes: data files in ``schemes/data/`` and the engine that runs them.

A **scheme** is one standard or habit of writing a language in another script, named by the tag
of what it produces (``kk-Latn-bgn``) and reading the tag named by its ``source`` (``kk-Cyrl``).
Each scheme lives in one ``<tag>.scheme`` file (format: :mod:`kznames.schemes.fileformat`); the
registry below finds the files by name and parses and compiles a file only when first used, so
importing kznames costs no table work.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Final

from ..errors import SchemeFileError, UnknownSchemeError
from ..resources import read_text, schemes_dir, text_lines
from .alphabet import Alphabet, parse_alphabet
from .engine import HanRewriter, Rewriter, SyllableRewriter, derive_reverse_rules
from .fileformat import SchemeSpec, parse_scheme
from .harmony import Harmony
from .lexicon import KnownSpelling, Lexicon, Loosening, read_lexicon

__all__ = [
    "DATA_DIR",
    "Alphabet",
    "Scheme",
    "SchemeInfo",
    "Sibling",
    "get_alphabet",
    "get_scheme",
    "read_alphabets",
    "read_siblings",
    "scheme_infos",
    "scheme_tags",
    "siblings",
    "siblings_for",
]

DATA_DIR: Final = schemes_dir()


@dataclass(frozen=True)
class SchemeInfo:
    """What :func:`scheme_infos` (``kznames.scheme_infos()``) reports for one scheme."""

    tag: str
    source: str
    name: str
    authority: str
    date: str
    url: str
    reversible: bool
    reads_back: bool
    scheme_id: str = ""

    @property
    def direction(self) -> str:
        arrow = "<->" if self.reads_back else "->"
        return f"{self.source} {arrow} {self.tag}"


class Scheme:
    """A parsed scheme file with its forward and (where it has one) reverse rewriter."""

    def __init__(self, spec: SchemeSpec) -> None:
        self.spec = spec

    @property
    def tag(self) -> str:
        return self.spec.tag

    @property
    def source(self) -> str:
        return self.spec.source

    @property
    def reads_back(self) -> bool:
        """True when the scheme can be read back to its source (reversible or by rule)."""
        return self.spec.reversible or bool(self.spec.reverse_rules)

    @cached_property
    def forward(self) -> Rewriter:
        spec = self.spec
        # Only a scheme with a separator needs to know how its output would be read back.
        # (A syllables scheme says where its separator goes: [classes] separate_after, _before.)
        reads_letters = spec.separator and spec.engine == "rules"
        reverse_sources = [r.source for r in derive_reverse_rules(spec)] if reads_letters else []
        engines: dict[str, type[Rewriter]] = {
            "pypinyin": HanRewriter,
            "syllables": SyllableRewriter,
        }
        kind = engines.get(spec.engine, Rewriter)
        rewriter = kind(
            spec.rules,
            source_casing=spec.source_casing,
            target_casing=spec.target_casing,
            separator=spec.separator,
            reverse_sources=reverse_sources,
            pre=get_normalizer(spec.source),
            word_mark=spec.word_mark,
            word_mark_when=spec.word_mark_when,
            word_mark_unless=spec.word_mark_unless,
        )
        # Only Chinese, which has no capitals, is given them by word (``capitalise_words``).
        rewriter.capitalise_words = spec.capitalise_words
        if isinstance(rewriter, SyllableRewriter):
            classes = spec.classes
            separate = (classes.get("separate_after", ()), classes.get("separate_before", ()))
            rewriter.configure(spec.joined_syllables, spec.apostrophe_breaks, separate)
        return rewriter

    @cached_property
    def harmony(self) -> Harmony | None:
        """How the reverse direction reads vowels by harmony (the ``[harmony]`` section)."""
        settings = self.spec.harmony
        if settings is None:
            return None
        forward = self.forward
        return Harmony(settings, self.spec.word_mark, lambda text: forward.rewrite(text)[0])

    @cached_property
    def lexicon(self) -> Lexicon | None:
        """The known spellings the reverse direction prefers (``lexicon =``), each looked up by
        what this scheme writes for it. A row of the gazetteer or of the Kazakh name list serves
        every scheme; a row of the name table (chosen as those one scheme misreads) only the
        scheme whose writing its first column holds."""
        if not self.spec.lexicon or not self.reads_back:
            return None
        return self.lexicon_of(read_lexicon(self.spec.path.parent / self.spec.lexicon))

    def lexicon_of(self, rows: Iterable[KnownSpelling]) -> Lexicon:
        """A lexicon of ``rows`` for this scheme, as :attr:`lexicon` builds it from its table
        (scripts/tote_jazu_report.py measures one with some rows left out)."""
        forward = self.forward

        def write(text: str) -> str:
            return forward.rewrite(text)[0]

        kept = []
        for row in rows:
            written = write(row.spelling)
            if row.origin != "name-table" or written == row.written:
                kept.append(dataclasses.replace(row, written=written))
        loose = Loosening.read(self.spec.path.parent / self.spec.loose) if self.spec.loose else None
        return Lexicon(kept, self.harmony, write, unwritten=self.unwritten, loose=loose)

    @cached_property
    def unwritten(self) -> frozenset[str]:
        """Source letters the scheme does not write as themselves (its one-letter
        ``roundtrip_exceptions``: ё ю я щ ц ъ ь э for Kazakh Arabic script)."""
        return frozenset(x for x in self.spec.roundtrip_exceptions if len(x) == 1)

    @cached_property
    def reverse(self) -> Rewriter | None:
        """The reverse direction, preferring known spellings where the scheme has a lexicon."""
        if not self.reads_back:
            return None
        lexicon = self.lexicon
        if lexicon is None:
            return self.reverse_by_rule
        return self._reverse(lexicon.read)

    @cached_property
    def reverse_by_rule(self) -> Rewriter | None:
        """The reverse direction by its rules alone (no lexicon)."""
        if not self.reads_back:
            return None
        return self._reverse(None)

    def _reverse(self, known: Callable[[str, str], str] | None) -> Rewriter:
        return Rewriter(
            derive_reverse_rules(self.spec),
            source_casing=self.spec.target_casing,
            target_casing=self.spec.source_casing,
            pre=get_normalizer(self.spec.tag),
            harmony=self.harmony,
            known=known,
        )

    def reader(self, known_spellings: bool = True) -> Rewriter | None:
        """The reverse direction, with or without the known spellings of its lexicon."""
        return self.reverse if known_spellings else self.reverse_by_rule

    def info(self) -> SchemeInfo:
        s = self.spec
        return SchemeInfo(
            s.tag,
            s.source,
            s.name,
            s.authority,
            s.date,
            s.url,
            s.reversible,
            self.reads_back,
            s.path.name.removesuffix(".scheme"),
        )


_SCHEMES: dict[str, Scheme] = {}
_NORMALIZERS: dict[str, Rewriter | None] = {}


def get_normalizer(tag: str) -> Rewriter | None:
    """The input normaliser for text read as ``tag`` (``data/<tag>.normalize``), if any.

    A normaliser is a scheme file from a tag to itself: it folds the spellings of one
    orthography that mean the same letter (Arabic presentation forms, Persian ی and ک, tatweel,
    harakat) before any scheme reads the text.
    """
    if tag not in _NORMALIZERS:
        path = DATA_DIR / f"{tag}.normalize"
        if path.exists():
            spec = parse_scheme(path)
            _NORMALIZERS[tag] = Rewriter(
                spec.rules,
                source_casing=spec.source_casing,
                target_casing=spec.target_casing,
                input_nfkc=spec.input_nfkc,
            )
        else:
            _NORMALIZERS[tag] = None
    return _NORMALIZERS[tag]


def _paths() -> dict[str, Path]:
    return {p.name.removesuffix(".scheme"): p for p in sorted(DATA_DIR.glob("*.scheme"))}


def scheme_tags() -> list[str]:
    """Ids of every shipped scheme, sorted: the tag it writes, or ``<source>__<tag>`` for a
    second scheme writing a tag that another scheme already writes from another source."""
    return sorted(_paths())


def get_scheme(tag: str) -> Scheme:
    """The scheme named ``tag``; raise :class:`UnknownSchemeError` with close tags otherwise."""
    scheme = _SCHEMES.get(tag)
    if scheme is not None:
        return scheme
    paths = _paths()
    path = paths.get(tag)
    if path is None:
        raise UnknownSchemeError(tag, difflib.get_close_matches(tag, list(paths), n=3, cutoff=0.5))
    spec = parse_scheme(path)
    if tag not in (spec.tag, f"{spec.source}__{spec.tag}"):
        raise SchemeFileError(
            [f"{path}:1: tag {spec.tag!r} does not match the file name (<tag> or <source>__<tag>)"]
        )
    if spec.alphabet is None:
        raise SchemeFileError(
            [f"{path}:1: [scheme] lacks the required key 'alphabet' (the letters {spec.tag} uses)"]
        )
    scheme = Scheme(spec)
    _SCHEMES[tag] = scheme
    return scheme


def scheme_infos() -> list[SchemeInfo]:
    """Every shipped scheme with its direction and whether it reads back, sorted by id.

    >>> "kk-Cyrl <-> kk-Latn-iso9" in {s.direction for s in scheme_infos()}
    True
    """
    return [get_scheme(tag).info() for tag in scheme_tags()]


@lru_cache(maxsize=1)
def _source_alphabets() -> dict[str, Alphabet]:
    return read_alphabets(DATA_DIR / "alphabets.tsv")


def read_alphabets(path: Path) -> dict[str, Alphabet]:
    """A table of alphabets (``data/alphabets.tsv``: tag, alphabet, source); raise
    :class:`SchemeFileError` listing every bad row as ``path:line: message``."""
    problems: list[str] = []
    found: dict[str, Alphabet] = {}
    for number, line in _data_rows(path, "tag"):
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            problems.append(f"{path}:{number}: expected tag, alphabet and source, tab-separated")
            continue
        tag, text = fields[0].strip(), fields[1]
        if tag in found:
            problems.append(f"{path}:{number}: tag {tag!r} given twice")
            continue
        alphabet, messages = parse_alphabet(text)
        problems.extend(f"{path}:{number}: {m}" for m in messages)
        found[tag] = alphabet
    if problems:
        raise SchemeFileError(problems)
    return found


def _data_rows(path: Path, header: str) -> list[tuple[int, str]]:
    """Numbered lines of a TSV data file, without comments, blank lines and its header row,
    read as every shipped table is (:func:`kznames.resources.read_text`: an unreadable file or a
    bad byte is a :class:`SchemeFileError` with the line; lines end at ``\n`` only)."""
    rows = []
    for number, line in enumerate(text_lines(read_text(path, SchemeFileError)), start=1):
        if line.strip() and not line.startswith("#") and not line.startswith(header + "\t"):
            rows.append((number, line))
    return rows


_ALPHABETS: dict[str, Alphabet] = {}


def get_alphabet(tag: str) -> Alphabet:
    """The letters text written in ``tag`` may use: the ``alphabet`` of the scheme files that
    write ``tag`` (which must agree), else the tag's row in ``data/alphabets.tsv``.

    >>> icao = get_alphabet("ru-Latn-icao")
    >>> icao.holds("Serikzhan"), icao.outside("Serіkzhan")  # the second і is Cyrillic
    (True, 'і')
    """
    hit = _ALPHABETS.get(tag)
    if hit is not None:
        return hit
    declared = [get_scheme(i) for i in scheme_tags() if i == tag or i.endswith(f"__{tag}")]
    alphabets = {s.spec.path: s.spec.alphabet for s in declared if s.spec.alphabet is not None}
    if alphabets:
        first_path, first = next(iter(alphabets.items()))
        for path, alphabet in alphabets.items():
            if alphabet.letters != first.letters or alphabet.properties != first.properties:
                raise SchemeFileError(
                    [f"{path}:1: alphabet differs from {first_path.name}'s for {tag}"]
                )
        result = first
    elif tag in _source_alphabets():
        result = _source_alphabets()[tag]
    else:
        raise SchemeFileError([f"{DATA_DIR / 'alphabets.tsv'}:1: no alphabet declared for {tag!r}"])
    _ALPHABETS[tag] = result
    return result


@dataclass(frozen=True)
class Sibling:
    """One row of ``data/siblings.tsv``: a word of ``language`` asked for in ``target`` is
    written with the scheme ``scheme``. ``target`` may be ``*-Latn`` (any Latin target)."""

    target: str
    language: str
    scheme: str
    why: str
    line: int


@lru_cache(maxsize=1)
def siblings() -> tuple[Sibling, ...]:
    """The rows of ``data/siblings.tsv``, validated (file:line errors), in file order."""
    return read_siblings(DATA_DIR / "siblings.tsv")


def read_siblings(path: Path) -> tuple[Sibling, ...]:
    """A siblings table (target, language, scheme, why); raise :class:`SchemeFileError`
    listing every bad row as ``path:line: message``."""
    written = {get_scheme(i).tag for i in scheme_tags()}
    problems: list[str] = []
    rows: list[Sibling] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, line in _data_rows(path, "target"):
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 4 or not all(fields):
            problems.append(f"{path}:{number}: expected target, language, scheme and why")
            continue
        target, language, scheme, why = fields
        if not (target in written or target in ("*-Latn", "*-Cyrl", "*-Arab")):
            problems.append(f"{path}:{number}: target {target!r} is no scheme's tag nor *-Script")
        elif scheme not in written:
            problems.append(f"{path}:{number}: scheme {scheme!r} is not a shipped scheme's tag")
        elif not language.isalpha() or not language.islower():
            problems.append(f"{path}:{number}: language {language!r} is not a language code")
        elif (target, language, scheme) in seen:
            first = seen[(target, language, scheme)]
            problems.append(f"{path}:{number}: repeats line {first}")
        else:
            seen[(target, language, scheme)] = number
            rows.append(Sibling(target, language, scheme, why, number))
    if problems:
        raise SchemeFileError(problems)
    return tuple(rows)


def siblings_for(target: str, language: str) -> tuple[str, ...]:
    """The schemes that may write a ``language`` word asked for in ``target``, in order.

    >>> siblings_for("ru-Latn-icao", "kk"), siblings_for("ug-Latn-uyy", "kk")
    (('kk-Latn-icao',), ('kk-Latn',))
    """
    script = target.split("-")[1] if "-" in target else ""
    exact = [s.scheme for s in siblings() if s.target == target and s.language == language]
    pattern = [s.scheme for s in siblings() if s.target == f"*-{script}" and s.language == language]
    return tuple(dict.fromkeys(exact or pattern))
