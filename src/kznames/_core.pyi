"""Types of the compiled core (``_core.pyx``); see that file."""

from collections.abc import Callable
from typing import Any

import regex

from kznames.translit import Transliteration

SOURCE_HASH: str

class CostTable:
    transpose: float
    def __init__(
        self,
        substitution: dict[tuple[str, str], float],
        indel: dict[str, float],
        transpose: float,
    ) -> None: ...

def distance(a: str, b: str, table: CostTable) -> tuple[float, tuple[str, ...]]: ...

class Rules:
    def __init__(
        self, rules: list[tuple[str, str, tuple[tuple[str, bool, tuple[str, ...]], ...]]]
    ) -> None: ...
    def finditer(self, word: str) -> list[tuple[int, int, int]]: ...
    def sub(self, word: str) -> str: ...

class Letters:
    def __init__(
        self,
        alphabet: frozenset[str],
        drop: dict[int, None],
        title_safe: frozenset[str],
        simple: dict[int, str],
        rules: Rules | None,
        source_casing: str,
        target_casing: str,
    ) -> None: ...
    def rewrite(self, word: str) -> tuple[str, bool] | None: ...

class TokenPath:
    def __init__(
        self,
        passes: list[tuple[Letters, Callable[[str], str]]],
        fine_passes: int,
        known: frozenset[str],
        refold: Rules,
        letters_of_folded: Callable[[str], str],
        fine_of_folded: Callable[[str], str],
        pivot: Letters | None,
        pivot_once: Callable[[str], str],
        cyrillic: str,
        counted: int = 0,
        arabic: tuple[
            Letters,
            Callable[[str], str],
            Letters,
            Callable[[str], str],
            Callable[[str, str], str | None],
            str,
        ]
        | None = None,
    ) -> None: ...
    def folds(self, pivot: str, with_key: bool = True) -> tuple[str, str, str | None] | None: ...
    def key(self, fine: str) -> str: ...
    def token(self, text: str) -> tuple[str, str, str, str] | None: ...

class NameKey:
    def __init__(
        self,
        refold: Rules,
        name_pass: Letters,
        name_once: Callable[[str], str],
        from_letters: int,
        from_consonants: int,
        vowels: frozenset[str],
    ) -> None: ...
    def __call__(self, keys: list[str]) -> str: ...

class NamePath:
    def __init__(
        self,
        key_of_keys: NameKey,
        memo_get: Callable[[str, object], object],
        memo_put: Callable[[str, object], object],
        missing: object,
        new_token: Callable[[str], object],
        without_designator: Callable[[list[Any]], list[Any]],
        surname_key: Callable[[Any], str],
        core_keys: Callable[[str], list[str]],
        cyrillic: str,
        longest: int,
    ) -> None: ...
    def tokens(self, name: str) -> list[str] | None: ...
    def __call__(self, name: str) -> str: ...

class PlainRoute:
    def __init__(
        self,
        letters: Letters,
        chunk_get: Callable[[str], tuple[str, tuple[str, ...]] | None],
        chunk_put: Callable[[str, tuple[str, tuple[str, ...]]], tuple[str, tuple[str, ...]]],
        word_get: Callable[[str], tuple[str, bool] | None],
        memo_chunk: Callable[[str], tuple[str, tuple[str, ...]]],
        holds: Callable[[str], bool],
        cyrillic: str,
        word: regex.Pattern[str],
        result: type[Transliteration],
        source: str,
        target: str,
        labels: tuple[str, ...],
    ) -> None: ...
    def __call__(self, text: str) -> tuple[str, list[str]] | None: ...
    def transliteration(self, text: str) -> Transliteration | None: ...

class MemoPut:
    def __init__(
        self, memo: Any, entry: int, per_character: int, budget: Any, make_room: Any
    ) -> None: ...
    def __call__(self, key: Any, value: Any, characters: int | None = None) -> Any: ...

class TokenMaker:
    def __init__(
        self,
        path: TokenPath,
        particles: frozenset[str],
        titles: frozenset[str],
        endings: tuple[str, ...],
        token_class: type,
        fields: tuple[str, ...],
        fallback: Callable[[str], Any],
        longest: int,
    ) -> None: ...
    def __call__(self, text: str) -> Any: ...

class Transliterate:
    def __init__(
        self,
        memo_get: Callable[[Any], Any],
        memo_put: Callable[[Any, Any], Any],
        plain_route: Callable[[str, str], PlainRoute | None],
    ) -> None: ...
    def __call__(
        self, text: object, target: object, source: object, kind: object, known_spellings: object
    ) -> Transliteration | None: ...

class ScriptOf:
    def __init__(
        self,
        fallback: Callable[[str], Any],
        normalize: Callable[[str], str],
        scripts: tuple[str, ...],
        letters: tuple[Any, ...],
        extra: Any,
        letter: Any,
        order: tuple[str, ...],
    ) -> None: ...
    def __call__(self, text: str) -> Any: ...

class Aligner:
    def __init__(
        self,
        pair: Callable[[Any, Any], Any],
        explanation: Callable[..., Any],
        conflict: float,
        conflict_cap: float,
        weakest: float,
    ) -> None: ...
    def align(self, a: list[Any], b: list[Any]) -> tuple[list[Any], set[int], set[int], float]: ...
    def score_pieces(self, a: list[Any], b: list[Any]) -> tuple[float, Any]: ...

def may_reach(a: str, b: str, value: float, indel: float, per_count: float) -> bool: ...
def unshared(a: str, b: str) -> int: ...

class Best:
    def __init__(
        self,
        aligner: Aligner,
        pair: Callable[[Any, Any], Any],
        piece: Callable[..., Any],
        explanation: Callable[..., Any],
        cheapest_edits: Callable[[], tuple[float, float]],
        compound_match: float,
        note: str,
    ) -> None: ...
    def __call__(self, a: list[Any], b: list[Any]) -> tuple[float, Any]: ...

class Features:
    def __init__(
        self,
        designators: Callable[[], tuple[frozenset[str], tuple[str, ...]]],
        frequencies: Callable[[], Any],
        script_of: Callable[[str], str],
        genders_differ: Callable[[Any], bool],
        order_changed: Callable[[list[Any], list[Any], tuple[Any, ...]], bool],
        gaps: Callable[[str, str], tuple[int, int]],
        readings_differ: Callable[[str, str, str, str], bool],
        readings_agree: Callable[[str, str, str, str], bool],
        names: tuple[str, ...],
        forms_note: str,
    ) -> None: ...
    def __call__(
        self, a: list[Any], b: list[Any], value: float, explanation: Any, text_a: str, text_b: str
    ) -> tuple[float, ...]: ...

class Contributions:
    def __init__(
        self,
        read_model: Callable[[], tuple[float, tuple[float, ...]]],
        names: tuple[str, ...],
        fallback: Callable[[tuple[float, ...]], Any],
    ) -> None: ...
    def __call__(
        self, values: tuple[float, ...]
    ) -> tuple[float, tuple[tuple[str, float], ...]]: ...
