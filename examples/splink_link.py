"""Linking two registers written in different scripts with Splink, with and without kznames.

Register A writes people in Kazakh Cyrillic, register B in press Latin (sometimes surname
first, sometimes with a typo); both give a birth year and a town, each in its own script. The
same Splink model (birth year, town, a name comparison; u by random sampling, m by expectation
maximisation) is trained three times: with a plain Jaro-Winkler on the names as written, with
Jaro-Winkler on the names made ASCII by unidecode, and with kznames' name comparison on
precomputed key, skeleton and pivot columns. It prints precision,
recall and F1 of the links each finds against the truth.

    python examples/splink_link.py          # needs the splink extra: pip install 'kznames[splink]'
    python examples/splink_link.py --spark  # the kznames model on Splink's Spark backend too
                                            # (the spark extra and Java 17)

On Spark the kznames columns are added by ``kznames.spark.add_name_columns`` (pandas UDFs in the
executors) and the model is the same: the comparison is SQL that both backends run.
"""

from __future__ import annotations

import logging
import random
from typing import Any

import pandas
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink import comparison_library as cl
from unidecode import unidecode

import kznames
from kznames.splink import add_name_columns, name_comparison

GIVEN = [
    "Серікжан",
    "Айгүл",
    "Нұрлан",
    "Гүлнара",
    "Бауыржан",
    "Жансая",
    "Ерлан",
    "Мейрамбек",
    "Әсел",
    "Қайрат",
    "Ақбота",
    "Дәурен",
    "Жұлдыз",
    "Мұхтар",
    "Сәуле",
    "Ғалым",
]
SURNAMES = [
    "Білаш",
    "Жақсыбеков",
    "Садықова",
    "Тоқаев",
    "Әуезов",
    "Құнанбаев",
    "Сүлейменов",
    "Оспанов",
    "Бөкейханов",
    "Мұқанов",
    "Тәжібаев",
    "Қалиев",
    "Жұмабаев",
    "Ысқақов",
    "Төлегенов",
    "Ұзақов",
    "Ғабитов",
    "Жақыпов",
    "Сәрсенбаев",
    "Әбдірахманов",
]
TOWNS = ["Алматы", "Астана", "Шымкент", "Қарағанды", "Ақтөбе", "Тараз", "Павлодар", "Өскемен"]


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def registers(people: int = 400, seed: int = 5) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """Register A (Kazakh Cyrillic) and B (press Latin, noisy), with the truth in ``person``."""
    rng = random.Random(seed)
    seen: set[tuple[str, str, int]] = set()
    rows_a, rows_b = [], []
    while len(rows_a) < people:
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        year, town = rng.randrange(1950, 2000), rng.choice(TOWNS)
        if (given, surname, year) in seen:
            continue
        seen.add((given, surname, year))
        person = len(rows_a)
        rows_a.append(
            {
                "unique_id": f"a{person}",
                "person": person,
                "name": f"{given} {surname}",
                "birth_year": year,
                "town": town,
            }
        )
        if rng.random() < 0.8:  # four in five are in register B too
            latin = kznames.transliterate(f"{given} {surname}", "kk-Latn-press").text
            first, last = latin.split(" ", 1)
            if rng.random() < 0.4:
                latin = f"{last.upper()}, {first}"
            elif rng.random() < 0.2:
                latin = f"{first} {_typo(rng, last)}"
            place = kznames.transliterate(town, "kk-Latn-press").text
            rows_b.append(
                {
                    "unique_id": f"b{person}",
                    "person": person,
                    "name": latin,
                    "birth_year": year,
                    "town": place,
                }
            )
    return pandas.DataFrame(rows_a), pandas.DataFrame(rows_b)


def link(
    a: pandas.DataFrame, b: pandas.DataFrame, name: Any, spark: Any = None
) -> dict[str, float]:
    """Train and run one Splink model; precision, recall and F1 of its links (p >= 0.9). With
    a SparkSession, on Splink's Spark backend, else on DuckDB."""

    def columns(frame: pandas.DataFrame) -> Any:
        frame = frame.assign(name_ascii=frame["name"].map(lambda n: unidecode(n).lower()))
        if spark is None:
            return add_name_columns(frame).assign(town_key=frame["town"].map(kznames.key))
        from kznames import spark as kz_spark

        on_spark = spark.createDataFrame(frame)
        return kz_spark.add_name_columns(on_spark).withColumn("town_key", kz_spark.key_udf("town"))

    records_in_a = len(a)
    truth = {(f"a{p}", f"b{p}") for p in b["person"]}
    a, b = columns(a), columns(b)
    settings = SettingsCreator(
        link_type="link_only",
        # The same prior for both models: each record of B has one match among A's.
        probability_two_random_records_match=1 / records_in_a,
        comparisons=[name, cl.ExactMatch("birth_year"), cl.ExactMatch("town_key")],
        blocking_rules_to_generate_predictions=[block_on("birth_year")],
        retain_matching_columns=False,
    )
    api: Any = DuckDBAPI() if spark is None else _spark_api(spark)
    linker = Linker([api.register(a), api.register(b)], settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e5, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year"))
    predictions = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
    found = {(r.unique_id_l, r.unique_id_r) for r in predictions.itertuples()}
    found |= {(right, left) for left, right in found}
    hits = len(truth & found)
    precision = hits / max(len(found) / 2, 1)
    recall = hits / len(truth)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-12),
    }


def _spark_api(spark: Any) -> Any:
    import tempfile

    from splink import SparkAPI

    # Splink breaks long plans with checkpoints, which need a folder.
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="kznames-splink-"))
    return SparkAPI(spark_session=spark)


def spark_session() -> Any:
    """A local session with Splink's jar of string functions (jaro_winkler) on its path."""
    from splink.backends.spark import similarity_jar_location

    from kznames.spark import local_session

    return local_session(config={"spark.jars": similarity_jar_location()})


def main(spark: Any = None) -> dict[str, dict[str, float]]:
    a, b = registers()
    results = {
        "plain Jaro-Winkler": link(a, b, cl.JaroWinklerAtThresholds("name", [0.92, 0.8])),
        "JW on unidecode": link(a, b, cl.JaroWinklerAtThresholds("name_ascii", [0.92, 0.8])),
        "kznames": link(a, b, name_comparison()),
    }
    if spark is not None:
        results["kznames on Spark"] = link(a, b, name_comparison(), spark)
    for label, figures in results.items():
        print(
            f"{label:<20} precision {figures['precision']:.3f}  recall {figures['recall']:.3f}"
            f"  F1 {figures['f1']:.3f}"
        )
    return results


if __name__ == "__main__":
    import sys

    main(spark_session() if "--spark" in sys.argv[1:] else None)
