"""The case conventions of a scheme's alphabet, as translation tables: one definition read by the
Python engine (:func:`kznames.schemes.engine.lower` / ``upper``), the alphabet checks
(:mod:`kznames.schemes.alphabet`) and the compiled core (``_core.pyx``).

``turkic`` casing pairs i with İ and ı with I (Kazakh 2021, Uyghur ULY, Turkish); ``default``
casing is Unicode's, except that İ lowers to one letter (i), so that lowering keeps the length.

>>> "İIi".translate(TURKIC_LOWER), "İ".translate(DEFAULT_LOWER), "iı".translate(TURKIC_UPPER)
('iıi', 'i', 'İI')
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_LOWER", "TURKIC_LOWER", "TURKIC_UPPER"]

TURKIC_LOWER: Final = str.maketrans({"I": "ı", "İ": "i"})
DEFAULT_LOWER: Final = str.maketrans({"İ": "i"})
TURKIC_UPPER: Final = str.maketrans({"i": "İ", "ı": "I"})
