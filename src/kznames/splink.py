"""kznames in Splink: name columns for a table, and a name comparison built on them.

Splink's comparisons are SQL run by its backend (DuckDB, Spark…), so kznames' similarity, which
is Python, is not called pair by pair. Instead each record gets three precomputed columns —
the match key, the skeleton, and the fine name key (the identifying tokens' fine keys, sorted:
:func:`kznames.names.fine_name_key`, one Latin for every script and romanization) — and the
comparison uses only equality and Splink's own
``jaro_winkler`` on them, which every backend has. The fine name key is what makes Jaro-Winkler
work across scripts: Серікжан Білаш and BILASH, Serikjan have the same one, where their raw
strings share nothing. (A registered Python UDF would run kznames' similarity itself, but costs
a Python call per pair and registers differently on each backend.)

>>> import pandas
>>> table = add_name_columns(pandas.DataFrame({"name": ["Серікжан Білаш", "BILASH, Serikjan"]}))
>>> table["kz_key"].tolist()
['blcsrkjn', 'blcsrkjn']
>>> table["kz_fine_key"].nunique()
1
"""

from __future__ import annotations

from typing import Any

from ._renamed import old_name
from .names import NAME_COLUMNS, fine_name_key

__all__ = ["add_name_columns", "name_comparison"]


def __getattr__(name: str) -> Any:
    # The column and its function were called "pivot" until issue 15, although the pivot is a
    # token's spelling before the folds (kznames.phonetic.pivot): the old name still answers.
    return old_name(__name__, name, {"name_pivot": ("kznames.names.fine_name_key", fine_name_key)})


def add_name_columns(frame: Any, column: str = "name", prefix: str = "kz") -> Any:
    """A copy of a pandas DataFrame with ``<prefix>_key``, ``<prefix>_skeleton`` and
    ``<prefix>_fine_key`` columns computed from ``column`` (missing names give nulls)."""
    names = frame[column].tolist()

    def each(function: Any) -> list[str | None]:
        return [function(n) if isinstance(n, str) and n.strip() else None for n in names]

    return frame.assign(**{f"{prefix}_{suffix}": each(f) for suffix, f in NAME_COLUMNS})


def name_comparison(
    prefix: str = "kz", high: float = 0.92, low: float = 0.8, output_column: str = "name"
) -> Any:
    """A Splink comparison on the columns of :func:`add_name_columns`, levels best first:
    match keys equal; skeletons equal and fine name keys' Jaro-Winkler >= ``high``; fine name
    keys' Jaro-Winkler >= ``low``; anything else. Needs the ``splink`` extra."""
    from splink import comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    key_column, skeleton_column = f"{prefix}_key", f"{prefix}_skeleton"
    fine_column = f"{prefix}_fine_key"
    return CustomComparison(
        comparison_levels=[
            cll.NullLevel(key_column),
            cll.ExactMatchLevel(key_column).configure(label_for_charts="kznames key equal"),
            cll.And(
                cll.ExactMatchLevel(skeleton_column),
                cll.JaroWinklerLevel(fine_column, high),
            ).configure(label_for_charts=f"skeleton equal, fine key Jaro-Winkler >= {high}"),
            cll.JaroWinklerLevel(fine_column, low).configure(
                label_for_charts=f"fine key Jaro-Winkler >= {low}"
            ),
            cll.ElseLevel(),
        ],
        output_column_name=output_column,
        comparison_description="kznames: key, skeleton and fine key of the name",
    )
