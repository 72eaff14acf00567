"""The baseline a user would build with Splink alone: names made ASCII with unidecode and lower
case, a Jaro-Winkler name comparison, DuckDB backend.

As a careful user would, it deduplicates identical strings first (Splink would otherwise compare
every copy of a frequent name with every other) and blocks on the first four and last three
letters, or the first token: Splink estimates u by random sampling and m by expectation
maximisation, predicts, and clusters pairs at match probability 0.5.
"""

from __future__ import annotations

import logging

import pandas
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink import comparison_library as cl
from unidecode import unidecode


def _ascii(name: str | None) -> str:
    return " ".join(unidecode(name or "").lower().replace(",", " ").split())


def cluster_with_splink(names: list[str | None]) -> tuple[list[int], int]:
    """A cluster id per row, and the number of pairs Splink compared."""
    ascii_names = [_ascii(n) for n in names]
    distinct = sorted(set(ascii_names) - {""})
    index = {name: i for i, name in enumerate(distinct)}
    frame = pandas.DataFrame(
        {
            "unique_id": range(len(distinct)),
            "name": distinct,
            "head": [n[:4] for n in distinct],
            "tail": [n[-3:] for n in distinct],
            "first_token": [n.split()[0] for n in distinct],
        }
    )
    rules = [block_on("head", "tail"), block_on("first_token")]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.JaroWinklerAtThresholds("name", [0.95, 0.9, 0.8])],
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
    )
    api = DuckDBAPI()
    linker = Linker(api.register(frame), settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("head", "tail"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    # Pairs Splink compared: those its blocking rules generate (each once).
    heads = frame.groupby(["head", "tail"]).size()
    firsts = frame.groupby("first_token").size()
    compared = int((heads * (heads - 1) // 2).sum() + (firsts * (firsts - 1) // 2).sum())
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5)
    cluster_of = dict(
        clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]].itertuples(index=False)
    )
    labels: dict[object, int] = {}
    out = []
    for row, name in enumerate(ascii_names):
        label = cluster_of.get(index[name], f"#{name}") if name else f"blank{row}"
        out.append(labels.setdefault(label, len(labels)))
    return out, compared
