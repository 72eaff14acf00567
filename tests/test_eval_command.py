"""kznames eval on the labelled data, with and without baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kznames.cli import main
from kznames.evaluate import EvalFileError, read_groups
from support import shared_dir


def test_eval_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    eval_dir = shared_dir() / "eval"
    args = ["eval", str(eval_dir / "news_groups.tsv"), "--negatives"]
    assert main([*args, str(eval_dir / "dev_negatives.tsv"), "--baselines", "--sample", "500"]) == 0
    out = capsys.readouterr().out
    for figure in ("precision", "recall", "F1 person", "macro-F1", "ROC AUC", "look-alikes"):
        assert figure in out
    for baseline in ("unidecode", "ICU Any-Latin", "anyascii", "normality", "metaphone"):
        assert baseline in out


def test_news_persons_share_keys_but_the_misspelling(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(shared_dir() / "eval" / "news_groups.tsv"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["keys"][0]
    person = report["by_kind"]["person"]
    # 7 people, 31 positive pairs; only the two pairs with the printed "Umanova" are missed.
    assert person["positives"] - round(person["recall"] * person["positives"]) == 2
    assert person["precision"] == 1.0


def test_dev_groups_beat_every_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    eval_dir = shared_dir() / "eval"
    args = ["eval", str(eval_dir / "dev_groups.tsv"), "--baselines", "--json", "--sample", "2000"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    ours, *baselines = data["keys"]
    for other in baselines:
        assert ours["overall"]["precision"] > other["overall"]["precision"], other["name"]
        assert ours["overall"]["f1"] > other["overall"]["f1"], other["name"]
        assert ours["macro_f1"] > other["macro_f1"], other["name"]
        assert ours["by_kind"]["person"]["f1"] > other["by_kind"]["person"]["f1"], other["name"]
    sim, *sim_baselines = data["similarity"]
    for other in sim_baselines:
        assert sim["auc"] > other["auc"], other["name"]


def test_bad_groups_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("group_id\tkind\tvariant\tscript_or_scheme\tsource\ng1\tperson\n")
    with pytest.raises(EvalFileError, match=r"bad.tsv:2:"):
        read_groups(path)
