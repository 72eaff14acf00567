"""The resources layer: one reader for the shipped tables, one DataFileError with file and line."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kznames import names, score, wadegiles
from kznames.errors import DataFileError, KznamesError, SchemeFileError
from kznames.evaluate import EvalFileError
from kznames.frequencies import DEFAULT_FREQUENCIES, NameFrequencyError
from kznames.gazetteer import TableError, default_tables_dir
from kznames.model import MODEL_FILE, MatchModelError
from kznames.record_files import RecordFileError, read_records
from kznames.resources import (
    decode_text,
    keydata,
    namedata,
    read_scheme,
    read_table,
    read_text,
    schemes_dir,
    text_lines,
    textdata,
    variants_dir,
)
from kznames.schemes import DATA_DIR, get_scheme
from kznames.schemes.fileformat import parse_scheme
from support import SCHEME_HEADER


def test_shipped_data_is_found_in_one_place() -> None:
    assert default_tables_dir() == variants_dir()
    assert (variants_dir() / "entities.tsv").is_file()
    assert schemes_dir() == DATA_DIR
    assert (schemes_dir() / "kk-Latn-bgn.scheme").is_file()
    for name in ("costs.tsv", "designators.tsv", "arabic-letters.scheme"):
        assert keydata(name).is_file(), name
    assert keydata("match-model.tsv") == MODEL_FILE
    assert namedata("name-frequencies.tsv.gz") == DEFAULT_FREQUENCIES
    assert DEFAULT_FREQUENCIES.is_file()
    assert textdata("declension.tsv").is_file()


def test_every_shipped_table_reads_without_a_problem() -> None:
    assert len(read_table(keydata("costs.tsv"), ("a", "b", "cost"), header=False)) > 20
    assert read_scheme(keydata("arabic-letters.scheme")).rules


def test_a_table_reports_every_bad_row_with_its_line(tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_text("# comment\n\na\tb\nx\ty\nz\nu\tv\tw\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_table(table, ("a", "b"), header=True)
    assert caught.value.problems == (
        f"{table}:5: 1 field, expected 2 (a, b)",
        f"{table}:6: 3 fields, expected 2 (a, b)",
    )
    assert (caught.value.file, caught.value.line) == (str(table), 5)
    problems: list[str] = []
    rows = read_table(table, ("a", "b"), header=True, problems=problems)
    assert [(row.line, row.fields) for row in rows] == [(4, ("x", "y"))]
    assert len(problems) == 2
    with pytest.raises(DataFileError, match=r"t.tsv:3: the header must be c, d"):
        read_table(table, ("c", "d"), header=True)
    (tmp_path / "empty.tsv").write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"empty.tsv:1: no header"):
        read_table(tmp_path / "empty.tsv", ("a",), header=True)


def test_unreadable_files_are_data_file_errors(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes(b"a\tb\nJos\xe9\tx\n")
    with pytest.raises(DataFileError, match=r"latin1.tsv:2: not valid UTF-8"):
        read_text(latin1)
    with pytest.raises(DataFileError, match=r"missing.tsv: cannot read"):
        read_table(tmp_path / "missing.tsv", ("a",), header=False)


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """Point a module's table at a file of ``text`` with its cache cleared (and cleared again
    afterwards, so that the shipped table comes back)."""
    caches: list[Any] = []

    def patch(module: Any, attribute: str, loader: Any, text: str) -> Path:
        path = tmp_path / f"{attribute.strip('_').lower()}.tsv"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(module, attribute, path)
        loader.cache_clear()
        caches.append(loader)
        return path

    yield patch
    for loader in caches:
        loader.cache_clear()


def test_a_bad_cost_row_names_its_line(patched: Callable[..., Path]) -> None:
    path = patched(score, "_COSTS_FILE", score._costs, "# costs\na\te\t0.4\nk\tg\tcheap\n\t\t0.5\n")
    with pytest.raises(DataFileError) as caught:
        score._costs()
    assert caught.value.problems == (
        f"{path}:3: cost must be a number: 'cheap'",
        f"{path}:4: expected a letter and a cost from 0 to 1",
    )


def test_the_wade_giles_syllables_are_the_registry_schemes(tmp_path: Path) -> None:
    """The key path reads Wade-Giles with the scheme ``transliterate`` runs; a bad row of a
    syllables scheme names its line."""
    reader = wadegiles._reader()
    assert len(reader.syllables("k'a-shih") or ()) == 2
    assert get_scheme(wadegiles.SCHEME).forward is reader
    path = tmp_path / "zh-Latn-test.scheme"
    path.write_text(
        SCHEME_HEADER.format(reversible="false").replace("xx-Latn-test", "zh-Latn-test")
        + "alphabet = a-z ü\nengine = syllables\n\n[rules]\nk'a\tka\nk'a\tke\nhsi\txi\tinitial\n"
        + "ch`ua\tchua\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemeFileError) as caught:
        parse_scheme(path)
    problems = caught.value.problems
    assert any(p.startswith(f"{path}:14: duplicate source") for p in problems), problems
    assert f"{path}:15: hsi: a syllables scheme's rules take no context" in problems
    # pypinyin's slip ch`ua: the reader has no backtick, so the rule could never apply.
    assert f"{path}:16: ch`ua: a syllable is letters, marks and ' only: it could never apply" in (
        problems
    )


def test_a_bad_designator_row_is_a_data_file_error(patched: Callable[..., Path]) -> None:
    path = patched(names, "_DESIGNATORS_FILE", names.designators, "Shi\tsomewhere\tcity\n")
    with pytest.raises(DataFileError, match=f"{path}:1: where must be"):
        names.designators()


@pytest.mark.parametrize(
    "error",
    [
        DataFileError("t.tsv", 3, "bad"),
        DataFileError.of(["t.tsv:3: bad", "t.tsv:9: worse"]),
        SchemeFileError(["x.scheme:4: unknown key"]),
        TableError(["variants.tsv:2: no entity"]),
        EvalFileError("groups.tsv: cannot read (gone)"),
        MatchModelError("match-model.tsv:5: weight must be a number: 'x'"),
        NameFrequencyError("names.tsv:7: a row needs a name and a source"),
        RecordFileError("people.tsv:4: 3 fields, the header has 2"),
    ],
    ids=["one", "many", "scheme", "table", "eval", "model", "frequencies", "records"],
)
def test_every_data_file_error_says_where_and_survives_pickling(error: DataFileError) -> None:
    # The older error classes are kinds of DataFileError: code catching them keeps working,
    # and code catching DataFileError catches every malformed file. Spark and worker processes
    # pickle errors raised where the data is read.
    assert isinstance(error, KznamesError)
    assert str(error) == "\n".join(error.problems)
    assert error.file.endswith((".tsv", ".scheme"))
    assert error.line == (0 if isinstance(error, EvalFileError) else int(str(error).split(":")[1]))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert (again.problems, again.file, again.line) == (error.problems, error.file, error.line)


def test_a_bad_text_table_row_names_its_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kznames.text import tables as text

    table = tmp_path / "endings.tsv"
    table.write_text("ending\tlanguage\n-ның\tkk\n\tkk\n", encoding="utf-8")
    monkeypatch.setattr(text, "textdata", lambda name: tmp_path / name)
    with pytest.raises(DataFileError, match=f"{table}:3: 2 non-empty fields expected"):
        text._table("endings.tsv", ("ending", "language"))


def test_a_byte_order_mark_is_dropped_and_bad_bytes_are_counted_from_the_file_start() -> None:
    assert decode_text(b"\xef\xbb\xbfa\tb\n", "t.tsv") == "a\tb\n"
    with pytest.raises(DataFileError) as caught:
        decode_text(b"\xef\xbb\xbfok\nJos\xe9\n", "t.tsv")
    # The BOM's three bytes count: the bad byte is the 10th of the file (offset 9), line 2.
    assert caught.value.problems == ("t.tsv:2: not valid UTF-8 (byte 9)",)
    assert (caught.value.file, caught.value.line) == ("t.tsv", 2)


def test_lines_end_at_a_newline_only() -> None:
    assert text_lines("a\r\nb\u2028c\x85d\n\ne") == ["a", "b\u2028c\x85d", "", "e"]
    assert text_lines("") == []


def test_a_path_holding_a_nul_is_a_data_file_error() -> None:
    with pytest.raises(DataFileError, match="the path holds a NUL"):
        read_text(Path("bad\x00name.tsv"))


@pytest.mark.parametrize("problem", ["missing", "latin1"])
def test_every_reader_of_a_given_file_fails_the_same_way(tmp_path: Path, problem: str) -> None:
    """The gazetteer's tables, the eval files, dedup's record files, the match model and the
    reconcile corpus's expected.tsv are read by resources.read_text: one message, each reader's
    own kind of DataFileError."""
    from kznames.evaluate import read_groups, read_look_alikes
    from kznames.gazetteer import Gazetteer
    from kznames.model import read_model
    from kznames.reconcile_eval import read_expected

    path = tmp_path / "t.tsv"
    if problem == "latin1":
        path.write_bytes(b"group_id\tkind\tvariant\tscript\nJos\xe9\tx\n")
        expected = f"{path}:2: not valid UTF-8 (byte 32)"
    else:
        expected = f"{path}: cannot read (no such file or directory)"
    readers: list[tuple[Callable[[], object], type[DataFileError]]] = [
        (lambda: Gazetteer.load([path], include_default=False), TableError),
        (lambda: read_groups(path), EvalFileError),
        (lambda: read_look_alikes(path), EvalFileError),
        (lambda: read_records(path, "tsv"), RecordFileError),
        (lambda: read_model(path), MatchModelError),
        (lambda: read_expected(path), DataFileError),
    ]
    for read, kind in readers:
        with pytest.raises(kind) as caught:
            read()
        assert caught.value.problems[0] == expected, kind
        assert isinstance(caught.value, DataFileError)


def test_the_gazetteer_reads_a_table_with_a_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    from kznames.gazetteer import Gazetteer

    table = tmp_path / "entities.tsv"
    table.write_bytes(
        "\ufeffentity_id\tkind\tname\tdescription\r\n"
        "kz-x\tperson\tSerikzhan Bilash\tan activist\r\n".encode()
    )
    gazetteer = Gazetteer.load([table], include_default=False)
    assert gazetteer.entities["kz-x"].name == "Serikzhan Bilash"
