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
