"""The normalisers users would otherwise reach for, as order-free keys and similarities.

Only ``kznames eval --baselines`` uses this module; its packages are the ``eval`` extra and are
imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import regex

from .errors import KznamesError
from .evaluate import join_tokens

__all__ = ["key_baselines", "similarity_baselines"]

_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise KznamesError(
            f"--baselines needs the package {module!r}: pip install 'kznames[eval]'"
        ) from exc


def _tokens(text: str) -> list[str]:
    found: list[str] = _WORD.findall(text.lower())
    return found


@lru_cache(maxsize=1)
def _icu_latin() -> Any:
    icu = _need("icu")
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")


def key_baselines() -> dict[str, Callable[[str], str]]:
    """Name -> order-free key function, for each baseline."""
    unidecode = _need("unidecode").unidecode
    anyascii = _need("anyascii").anyascii
    normality = _need("normality")
    jellyfish = _need("jellyfish")
    icu = _icu_latin()
    return {
        "unidecode": lambda s: join_tokens(_tokens(unidecode(s))),
        "ICU Any-Latin": lambda s: join_tokens(_tokens(icu.transliterate(s))),
        "anyascii": lambda s: join_tokens(_tokens(anyascii(s))),
        "normality": lambda s: join_tokens(_tokens(normality.normalize(s, ascii=True) or "")),
        "metaphone": lambda s: join_tokens(jellyfish.metaphone(t) for t in _tokens(unidecode(s))),
    }


def similarity_baselines() -> dict[str, Callable[[str, str], float]]:
    """Name pair -> similarity, for each baseline."""
    unidecode = _need("unidecode").unidecode
    jaro = _need("rapidfuzz.distance.JaroWinkler")
    icu = _icu_latin()

    def on(latin: Callable[[str], str]) -> Callable[[str, str], float]:
        def score(a: str, b: str) -> float:
            return float(
                jaro.normalized_similarity(
                    join_tokens(_tokens(latin(a))), join_tokens(_tokens(latin(b)))
                )
            )

        return score

    return {
        "Jaro-Winkler on unidecode": on(unidecode),
        "Jaro-Winkler on ICU Latin": on(icu.transliterate),
    }
