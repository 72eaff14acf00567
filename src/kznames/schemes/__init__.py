"""Transliteration schemes: data files in ``schemes/data/`` and the engine that runs them.

A **scheme** is one standard or habit of writing a language in another script, named by the tag
of what it produces (``kk-Latn-bgn``) and reading the tag named by its ``source`` (``kk-Cyrl``).
Each scheme lives in one ``<tag>.scheme`` file (format: :mod:`kznames.schemes.fileformat`); the
registry below finds the files by name and parses and compiles a file only when first used, so
importing kznames costs no table work.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final

from ..errors import SchemeFileError, UnknownSchemeError
from ..resources import schemes_dir
from .engine import HanRewriter, Rewriter, derive_reverse_rules
from .fileformat import SchemeSpec, parse_scheme
from .harmony import Harmony

__all__ = ["DATA_DIR", "Scheme", "SchemeInfo", "get_scheme", "scheme_infos", "scheme_tags"]

DATA_DIR: Final = schemes_dir()


@dataclass(frozen=True)
class SchemeInfo:
    """What ``kznames.schemes()`` reports for one scheme."""

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
        reverse_sources = [r.source for r in derive_reverse_rules(spec)] if spec.separator else []
        kind = HanRewriter if spec.engine == "pypinyin" else Rewriter
        return kind(
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

    @cached_property
    def harmony(self) -> Harmony | None:
        """How the reverse direction reads vowels by harmony (the ``[harmony]`` section)."""
        settings = self.spec.harmony
        if settings is None:
            return None
        forward = self.forward
        return Harmony(settings, self.spec.word_mark, lambda text: forward.rewrite(text)[0])

    @cached_property
    def reverse(self) -> Rewriter | None:
        if not self.reads_back:
            return None
        return Rewriter(
            derive_reverse_rules(self.spec),
            source_casing=self.spec.target_casing,
            target_casing=self.spec.source_casing,
            pre=get_normalizer(self.spec.tag),
            harmony=self.harmony,
        )

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
    scheme = Scheme(spec)
    _SCHEMES[tag] = scheme
    return scheme


def scheme_infos() -> list[SchemeInfo]:
    """Every shipped scheme's description, sorted by tag."""
    return [get_scheme(tag).info() for tag in scheme_tags()]
