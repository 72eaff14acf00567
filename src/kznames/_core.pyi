"""Types of the compiled core (``_core.pyx``); see that file."""

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
