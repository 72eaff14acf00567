"""kznames in Splink: the name columns, the comparison, and the example that links two registers."""

from __future__ import annotations

import pandas
import pytest

from kznames.splink import add_name_columns, name_comparison
from support import load_script


def test_name_columns_meet_across_scripts_and_keep_missing_names() -> None:
    table = add_name_columns(
        pandas.DataFrame({"name": ["Серікжан Білаш", "BILASH, Serikjan", None, "  "]})
    )
    assert table["kz_key"].iloc[0] == table["kz_key"].iloc[1]
    assert table["kz_fine_key"].iloc[0] == table["kz_fine_key"].iloc[1]
    assert table["kz_key"].iloc[2:].isna().all()


@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_the_comparison_is_sql_every_backend_runs(dialect: str) -> None:
    comparison = name_comparison().get_comparison(dialect)
    sql = " ".join(level.sql_condition for level in comparison.comparison_levels)
    assert "kz_key_l" in sql
    assert "jaro_winkler" in sql.lower()


def test_the_example_links_two_registers_better_than_jaro_winkler() -> None:
    example = load_script("examples/splink_link.py")
    results = example.main()
    kz = results["kznames"]["f1"]
    assert kz >= 0.9
    assert kz > results["plain Jaro-Winkler"]["f1"]
    assert kz > results["JW on unidecode"]["f1"]
