"""The name frequency table: shipped, fresh for the current key version, read with clear errors."""

from __future__ import annotations

import gzip
import math
import random
from pathlib import Path

import pytest

from kznames import KEY_VERSION
from kznames.frequencies import (
    DEFAULT_FREQUENCIES,
    NameFrequencies,
    NameFrequencyError,
    default_name_frequencies,
    iter_name_frequencies,
    read_name_frequencies,
    token_key,
)

HEADER = "name\tkey\tlanguage\tkind\tgender\tcount\trank\tsource\n"


def test_shipped_table_is_at_the_current_key_version_and_its_keys_are_right() -> None:
    first = gzip.decompress(DEFAULT_FREQUENCIES.read_bytes()).decode("utf-8").split("\n", 1)[0]
    assert first == f"# kznames key version {KEY_VERSION}"
    rows = read_name_frequencies()
    assert len(rows) > 50_000
    for row in random.Random(16).sample(rows, 300):
        assert row.key == token_key(row.name), row


def test_every_row_has_a_source_and_the_languages_of_the_region() -> None:
    rows = read_name_frequencies()
    assert all(r.source for r in rows)
    languages = {r.language for r in rows}
    assert {"ru", "uz", "kk", "ug"} <= languages
    assert {r.kind for r in rows} == {"given", "surname"}


def test_common_kazakh_given_names_are_men_or_women_in_both_spellings() -> None:
    # Серик, Ерлан, Дарига, Абай, Олжас were in no given-name list (Серик only as a Russian
    # surname): the Kazakh given names of mimesis's kk locale and of airlock-pii, each in Kazakh
    # and in Russian letters, each row citing its list and line.
    from kznames.text.tables import _given_genders

    genders = _given_genders()
    men = ("Серік", "Серик", "Ерлан", "Абай", "Олжас", "Мұхтар", "Мухтар", "Нұрлан", "Нурлан")
    women = ("Дариға", "Дарига", "Айман", "Сәуле", "Сауле")
    for name, gender in [*((n, "m") for n in men), *((n, "f") for n in women)]:
        assert genders.get(name.casefold()) == gender, name
    rows = [r for r in read_name_frequencies() if r.name == "Серик" and r.kind == "given"]
    assert {r.source for r in rows} == {
        "pypi:airlock-pii==0.1.0 airlock_pii/data/given_names_kk.txt:211, in Russian letters",
        "pypi:mimesis==22.2.0 mimesis/datasets/kk/person.json names.male[279], in Russian letters",
    }
    # Another spelling of a name with another key is not listed as a second name: two attested
    # given names one letter apart are two people (Bauyrzhan / Baurzhan would be 0.51).
    assert not default_name_frequencies().attested(token_key("Бауржан"))
    assert default_name_frequencies().attested(token_key("Бауыржан"))


def test_common_surnames_are_less_rare_than_uncommon_ones() -> None:
    table = default_name_frequencies()
    tokarev, tokayev = token_key("Токарев"), token_key("Tokayev")
    assert tokarev != tokayev
    assert table.attested(tokarev)
    assert table.attested(tokayev)
    assert table.count(tokarev) > table.count(tokayev) > 0
    assert table.rarity(token_key("Иванов")) < table.rarity(tokarev) < table.rarity(tokayev)
    assert table.rarity(token_key("Qwzxqwzx")) == 1.0
    assert table.kinds(token_key("Иванов")) == {"surname"}


def _write(tmp_path: Path, body: str, version: str = KEY_VERSION) -> Path:
    path = tmp_path / "names.tsv"
    path.write_text(f"# kznames key version {version}\n{HEADER}{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Asan\tasan\tkk\tgiven\tm\tmany\t\tsrc\n", r"names.tsv:3: count must be a whole number"),
        ("Asan\tasan\tkk\tgiven\tm\t-1\t\tsrc\n", r"names.tsv:3: count must not be negative"),
        ("Asan\tasan\tkk\tnick\tm\t1\t\tsrc\n", r"names.tsv:3: kind must be given or surname"),
        ("Asan\tasan\tkk\tgiven\tx\t1\t\tsrc\n", r"names.tsv:3: gender must be m, f or empty"),
        ("Asan\tasan\tkk\tgiven\n", r"names.tsv:3: expected 8 tab-separated fields, got 4"),
        ("\n\nAsan\tasan\tkk\tgiven\tm\t1\t\t\n", r"names.tsv:5: a row needs a name and a source"),
    ],
)
def test_a_bad_row_names_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(NameFrequencyError, match=message):
        read_name_frequencies(_write(tmp_path, body))


def test_a_missing_header_or_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_text("name\tlanguage\n", encoding="utf-8")
    with pytest.raises(NameFrequencyError, match=r"names.tsv:1: expected the header"):
        read_name_frequencies(path)
    with pytest.raises(NameFrequencyError, match="cannot read"):
        read_name_frequencies(tmp_path / "absent.tsv.gz")
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(NameFrequencyError, match="cannot read"):
        read_name_frequencies(broken)


def test_a_table_of_another_key_version_is_read_with_keys_recomputed(tmp_path: Path) -> None:
    path = _write(tmp_path, "Тоқаев\tstale\tkk\tsurname\t\t3\t\tsrc\n", version="0")
    (row,) = read_name_frequencies(path)
    assert row.key == token_key("Tokayev")
    assert (row.count, row.rank) == (3, None)
    table = NameFrequencies([row])
    assert table.count(token_key("Токаев")) == 3
    assert table.rarity(row.key) == 0.0  # the only, hence the commonest, name of its table


def test_look_alike_set_is_attested_names_within_two_edits() -> None:
    from rapidfuzz.distance import Levenshtein

    from kznames.evaluate import read_look_alikes

    path = Path(__file__).resolve().parents[1] / "data" / "eval" / "look-alikes.tsv"
    pairs = read_look_alikes(path)
    different = [p for p in pairs if p.relation == "different"]
    related = [p for p in pairs if p.relation == "related"]
    assert len(different) >= 2000
    assert len(related) >= 300
    names = {r.name for r in read_name_frequencies()}
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    checked = 0
    for line in lines:
        a, b, relation, _, note, source_a, source_b = line.split("\t")
        assert source_a
        assert source_b
        if "as attested" in note and "shared given name" not in note:
            assert a in names
            assert b in names
            assert a != b
            if relation == "different":
                assert Levenshtein.distance(a.lower(), b.lower()) <= 2, line
            checked += 1
    assert checked > 800


def test_the_table_sums_counts_and_kinds_per_key_as_the_rows_say() -> None:
    rows = read_name_frequencies()
    counts: dict[str, int] = {}
    kinds: dict[str, set[str]] = {}
    for row in rows:
        if row.key:
            counts[row.key] = counts.get(row.key, 0) + (1 if row.count is None else row.count)
            kinds.setdefault(row.key, set()).add(row.kind)
    table = NameFrequencies(iter(rows))  # one pass over any iterable
    assert len(table) == len(counts)
    largest = max(counts.values())
    for name_key, count in counts.items():
        assert table.count(name_key) == count
        assert table.kinds(name_key) == kinds[name_key]
        assert table.rarity(name_key) == round(1 - math.log1p(count) / math.log1p(largest), 6)
    assert table.kinds("qqqzzz") == frozenset()
    assert table.count("qqqzzz") == 0


def test_the_table_is_read_as_a_stream_with_the_lines_of_splitlines(tmp_path: Path) -> None:
    body = "Asan\tasan\tkk\tgiven\tm\t3\t\tsrc\nAsan\tasan\tru\tgiven\tm\t\t4\tother\n"
    plain = _write(tmp_path, body)
    rows = read_name_frequencies(plain)
    assert list(iter_name_frequencies(plain)) == rows
    crlf = tmp_path / "crlf.tsv.gz"
    crlf.write_bytes(gzip.compress(plain.read_bytes().replace(b"\n", b"\r\n")))
    assert read_name_frequencies(crlf) == rows
    # A line break other than \n ends a row there, as str.splitlines says (the row is short).
    broken = _write(tmp_path, body.replace("\tsrc", "\u2028src", 1))
    with pytest.raises(NameFrequencyError, match=r"names.tsv:3: expected 8 tab-separated fields"):
        read_name_frequencies(broken)
    # A bad row is reported when the stream reaches it, with its line.
    stream = iter_name_frequencies(_write(tmp_path, body.replace("ru\tgiven", "ru\tnick")))
    assert next(stream) == rows[0]
    with pytest.raises(NameFrequencyError, match=r"names.tsv:4: kind must be"):
        next(stream)
