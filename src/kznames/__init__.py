"""kznames: reconcile spellings of Central Asian and Xinjiang names across scripts.

The same man is *Serikjan Bilash*, *Serikzhan Bilash*, *Серікжан Білаш* and *Серикжан Билаш*.
kznames turns each spelling into the others (:func:`transliterate`) with transliteration schemes
kept as data files, one per standard (:func:`scheme_infos` lists them), gives every spelling of one
name the same match key (:func:`key`), and scores how alike two names are, saying why
(:func:`similarity`, :func:`same`).

>>> import kznames
>>> kznames.transliterate("Серікжан Білаш", "kk-Latn-press").text
'Serikzhan Bilash'
>>> kznames.detect_script("ئۇيغۇر")
'Arab'
>>> kznames.key("Serikzhan Bilash") == kznames.key("Серікжан Білаш")
True
>>> kznames.same("Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев")
True
"""

from __future__ import annotations

from ._engine import engine
from .deduplication import DedupResult, dedup
from .errors import (
    DataFileError,
    KznamesError,
    NoRouteError,
    SchemeFileError,
    UnknownSchemeError,
    UntouchedError,
)
from .gazetteer import Gazetteer, Match, TableError, lookup
from .names import KEY_VERSION, key, skeleton
from .schemes import SchemeInfo, scheme_infos
from .score import Explanation, Score, same, similarity
from .scripts import detect_script
from .shapes import keys, transliterations
from .text import Document, Reconciliation, reconcile
from .translit import Transliteration, transliterate

__all__ = [
    "KEY_VERSION",
    "DataFileError",
    "DedupResult",
    "Document",
    "Explanation",
    "Gazetteer",
    "KznamesError",
    "Match",
    "NoRouteError",
    "Reconciliation",
    "SchemeFileError",
    "SchemeInfo",
    "Score",
    "TableError",
    "Transliteration",
    "UnknownSchemeError",
    "UntouchedError",
    "__version__",
    "dedup",
    "detect_script",
    "engine",
    "key",
    "keys",
    "lookup",
    "reconcile",
    "same",
    "scheme_infos",
    "similarity",
    "skeleton",
    "transliterate",
    "transliterations",
]

__version__ = "0.1.0"
