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

``import kznames`` itself loads none of the package's modules; each loads on the first use of a
name it defines (:func:`key` loads the key path and its schemes, not deduplication or the
gazetteer).
"""

from __future__ import annotations

import importlib as _importlib

# typing.TYPE_CHECKING without importing typing (7 ms of the 9 an ``import kznames`` took):
# false when the code runs, taken as true by type checkers (mypy reads a name TYPE_CHECKING so).
TYPE_CHECKING = False

if TYPE_CHECKING:  # the names below are loaded on first use (see __getattr__)
    from ._engine import engine
    from ._memo import memo_budget, set_memo_budget
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

# Where each public name lives. ``import kznames`` loads none of these modules: a program that
# keys names does not pay for deduplication, the gazetteer or document reconciliation (nor a
# command that only prints its help), and each module is imported on the first use of one of
# its names, once (the name is then an ordinary attribute of the package).
_HOMES = {
    "KEY_VERSION": "names",
    "DataFileError": "errors",
    "DedupResult": "deduplication",
    "Document": "text",
    "Explanation": "score",
    "Gazetteer": "gazetteer",
    "KznamesError": "errors",
    "Match": "gazetteer",
    "NoRouteError": "errors",
    "Reconciliation": "text",
    "SchemeFileError": "errors",
    "SchemeInfo": "schemes",
    "Score": "score",
    "TableError": "gazetteer",
    "Transliteration": "translit",
    "UnknownSchemeError": "errors",
    "UntouchedError": "errors",
    "dedup": "deduplication",
    "detect_script": "scripts",
    "engine": "_engine",
    "key": "names",
    "keys": "shapes",
    "lookup": "gazetteer",
    "memo_budget": "_memo",
    "reconcile": "text",
    "same": "score",
    "scheme_infos": "schemes",
    "set_memo_budget": "_memo",
    "similarity": "score",
    "skeleton": "names",
    "transliterate": "translit",
    "transliterations": "shapes",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


# What the module's own set-up leaves in its namespace is not its API (found by review).
_NOT_API = frozenset({"TYPE_CHECKING", "annotations"})


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__} - _NOT_API)


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
    "memo_budget",
    "reconcile",
    "same",
    "scheme_infos",
    "set_memo_budget",
    "similarity",
    "skeleton",
    "transliterate",
    "transliterations",
]

__version__ = "0.1.0"
