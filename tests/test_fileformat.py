"""Scheme files with errors fail to load, reporting every problem with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kznames.errors import SchemeFileError
from kznames.schemes import Scheme
from kznames.schemes.engine import derive_reverse_rules
from kznames.schemes.fileformat import parse_scheme, parse_scheme_text
from support import SCHEME_HEADER

HEADER = SCHEME_HEADER


def scheme_text(rules: str, reversible: str = "false", extra: str = "") -> str:
    return HEADER.format(reversible=reversible) + extra + "\n[rules]\n" + rules


def load(text: str) -> None:
    derive_reverse_rules(parse_scheme_text(text, Path("bad.scheme")))


def problems_of(text: str) -> list[str]:
    with pytest.raises(SchemeFileError) as info:
        load(text)
    return list(info.value.problems)


def test_valid_file_parses() -> None:
    spec = parse_scheme_text(scheme_text("а\ta\nб\tb\tinitial\n"), Path("ok.scheme"))
    assert [r.source for r in spec.rules] == ["а", "б"]
    assert spec.rules[1].context == "initial"


def test_unknown_context_names_file_and_line() -> None:
    problems = problems_of(scheme_text("а\ta\nб\tb\tmidword\n"))
    assert len(problems) == 1
    assert problems[0].startswith("bad.scheme:12: unknown context 'midword'")


def test_unknown_class_is_reported() -> None:
    (problem,) = problems_of(scheme_text("а\ta\tafter=vowels\n"))
    assert "bad.scheme:11:" in problem
    assert "unknown class 'vowels'" in problem


def test_duplicate_source_names_both_lines() -> None:
    (problem,) = problems_of(scheme_text("а\ta\nб\tb\nа\tā\n"))
    assert problem == "bad.scheme:13: duplicate source 'а' (first given on line 11)"


def test_same_source_with_different_contexts_is_allowed() -> None:
    spec = parse_scheme_text(scheme_text("е\tye\tinitial\nе\te\n"), Path("ok.scheme"))
    assert len(spec.rules) == 2


def test_reversible_scheme_must_be_one_to_one() -> None:
    (problem,) = problems_of(scheme_text("и\ti\nй\ti\n", reversible="true"))
    assert problem.startswith("bad.scheme:12: reversible scheme is not one-to-one: 'i' comes from")


def test_reversible_scheme_may_not_drop_letters() -> None:
    (problem,) = problems_of(scheme_text("а\ta\nъ\t\n", reversible="true"))
    assert problem.startswith("bad.scheme:12: 'ъ' has an empty target")


def test_shared_target_without_reverse_row_is_an_error_when_reading_back() -> None:
    text = scheme_text("и\ti\nй\ti\nа\ta\n") + "\n[reverse]\nа\tа\n"
    (problem,) = problems_of(text)
    assert "add a [reverse] row" in problem
    assert "bad.scheme:12:" in problem


def test_every_problem_is_reported_at_once() -> None:
    text = scheme_text("А\ta\nб\tb\tnowhere\nв\n", extra="colour = red\n")
    problems = problems_of(text)
    assert len(problems) == 4
    assert any("unknown key 'colour'" in p for p in problems)
    assert any("not lower case" in p for p in problems)
    assert any("unknown context" in p for p in problems)
    assert any("needs a source and a target" in p for p in problems)


def test_missing_required_key() -> None:
    problems = problems_of("[scheme]\ntag = x\n[rules]\nа\ta\n")
    assert any("lacks the required key 'source'" in p for p in problems)


def test_unknown_section_and_text_outside_sections() -> None:
    problems = problems_of("stray\n" + scheme_text("а\ta\n") + "[extras]\n")
    assert any("bad.scheme:1: text outside any section" in p for p in problems)
    assert any("unknown section [extras]" in p for p in problems)


def test_separator_may_not_appear_in_targets() -> None:
    problems = problems_of(scheme_text("а\ta'\n", extra="separator = '\n"))
    assert any("separator" in p for p in problems)


def test_invalid_utf8_file_reports_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.scheme"
    path.write_bytes(b"[scheme]\ntag = x\n\xff\xfe\n")
    with pytest.raises(SchemeFileError) as info:
        parse_scheme(path)
    assert f"{path}:3: not valid UTF-8" in str(info.value)


def test_missing_file_is_a_scheme_error(tmp_path: Path) -> None:
    with pytest.raises(SchemeFileError, match="cannot read"):
        parse_scheme(tmp_path / "nope.scheme")


def test_reverse_rows_are_refused_in_reversible_schemes() -> None:
    text = scheme_text("а\ta\n", reversible="true") + "\n[reverse]\na\tа\n"
    assert any("derives its reverse" in p for p in problems_of(text))


def test_separator_keeps_a_reversible_scheme_readable() -> None:
    # н+г would read back as ң without a separator: the engine inserts one only there.
    text = scheme_text("н\tn\nг\tg\nң\tng\nа\ta\n", reversible="true", extra="separator = '\n")
    scheme = Scheme(parse_scheme_text(text, Path("sep.scheme")))
    assert scheme.forward.rewrite("аңа нга")[0] == "anga n'ga"
    assert scheme.reverse is not None
    assert scheme.reverse.rewrite("anga n'ga")[0] == "аңа нга"
    assert scheme.forward.rewrite("НГА Нга")[0] == "N'GA N'ga"


def test_auto_read_needs_a_number_and_a_way_back() -> None:
    problems = problems_of(scheme_text("а\ta\n", extra="auto_read = first\n"))
    assert any("auto_read must be a whole number" in p for p in problems)
    assert any("auto_read needs a scheme that reads back" in p for p in problems)


def test_alphabet_is_parsed_and_checked_against_every_target() -> None:
    spec = parse_scheme_text(
        scheme_text("а\ta\nб\tb\nв\tv̇\n", extra="alphabet = a-c v̇\n"), Path("ok.scheme")
    )
    assert spec.alphabet is not None
    assert spec.alphabet.holds("Abc v̇V̇")
    assert spec.alphabet.outside("abcd") == "d"
    problems = problems_of(
        scheme_text("а\ta\nб\tb\nв\tw\n", extra="alphabet = a b\n")
        + "\n[samples]\nаб\tab\nв\tw\tforward\nв\tv\treverse\n"
    )
    assert problems == [
        "bad.scheme:14: target 'w' has 'w' (U+0077), which is not in the alphabet declared in "
        "[scheme]",
        "bad.scheme:18: sample target 'w' has 'w' (U+0077), which is not in the alphabet",
    ]


@pytest.mark.parametrize(
    ("alphabet", "message"),
    [
        ("z-a", "bad.scheme:9: alphabet range 'z-a' runs backwards"),
        ("a 1", "bad.scheme:9: alphabet item '1' has '1' (U+0031), not a letter or mark"),
        ("a B", "bad.scheme:9: alphabet item 'B' is not lower case"),
        ("", "bad.scheme:9: alphabet is empty"),
    ],
)
def test_bad_alphabet_names_file_and_line(alphabet: str, message: str) -> None:
    problems = problems_of(scheme_text("а\ta\n", extra=f"alphabet = {alphabet}\n"))
    assert problems[0].startswith(message)


def test_turkic_alphabet_admits_the_turkic_capitals() -> None:
    spec = parse_scheme_text(
        scheme_text("и\ti\nы\tı\n", extra="target_casing = turkic\nalphabet = i ı\n"),
        Path("ok.scheme"),
    )
    assert spec.alphabet is not None
    assert spec.alphabet.holds("İiIı")


def test_alphabet_and_sibling_tables_report_file_and_line(tmp_path: Path) -> None:
    from kznames.schemes import read_alphabets, read_siblings

    alphabets = tmp_path / "alphabets.tsv"
    alphabets.write_text(
        "# comment\ntag\talphabet\tsource\nxx-Cyrl\tа-я\tsomewhere\nxx-Cyrl\tа\tagain\n"
        "yy-Cyrl\tа 7\tbad\nzz-Cyrl\tа\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemeFileError) as info:
        read_alphabets(alphabets)
    assert [p.split(": ", 1)[0] for p in info.value.problems] == [
        f"{alphabets}:4",
        f"{alphabets}:5",
        f"{alphabets}:6",
    ]
    table = tmp_path / "siblings.tsv"
    table.write_text(
        "target\tlanguage\tscheme\twhy\n"
        "ru-Latn-icao\tkk\tkk-Latn-icao\tpassports\n"
        "ru-Latn-icao\tkk\tkk-Latn-icao\tagain\n"
        "ru-Latn-nope\tkk\tkk-Latn-icao\tunknown target\n"
        "ru-Latn-icao\tkk\tkk-Latn-nope\tunknown scheme\n"
        "ru-Latn-icao\tKK\tkk-Latn\tbad language\n"
        "ru-Latn-icao\tkk\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemeFileError) as info:
        read_siblings(table)
    assert info.value.problems == (
        f"{table}:3: repeats line 2",
        f"{table}:4: target 'ru-Latn-nope' is no scheme's tag nor *-Script",
        f"{table}:5: scheme 'kk-Latn-nope' is not a shipped scheme's tag",
        f"{table}:6: language 'KK' is not a language code",
        f"{table}:7: expected target, language, scheme and why",
    )


def test_alphabet_and_sibling_tables_are_read_as_every_table_is(tmp_path: Path) -> None:
    # resources.read_text: a bad byte names its line, a missing file is a SchemeFileError (it
    # was a UnicodeDecodeError or FileNotFoundError), and U+2028 inside a field splits no row.
    from kznames.schemes import read_alphabets, read_siblings

    bad = tmp_path / "alphabets.tsv"
    bad.write_bytes(b"tag\talphabet\tsource\nxx-Cyrl\t\xff\tsomewhere\n")
    with pytest.raises(SchemeFileError, match=r"alphabets\.tsv:2: not valid UTF-8"):
        read_alphabets(bad)
    with pytest.raises(SchemeFileError, match="cannot read"):
        read_siblings(tmp_path / "missing.tsv")
    table = tmp_path / "siblings.tsv"
    table.write_text(
        "target\tlanguage\tscheme\twhy\nru-Latn-icao\tkk\tkk-Latn-icao\tpass\u2028ports\n",
        encoding="utf-8",
    )
    assert [s.why for s in read_siblings(table)] == ["pass\u2028ports"]


def test_shipped_schemes_declare_alphabets_and_the_siblings_table_loads() -> None:
    from kznames.schemes import get_alphabet, get_scheme, scheme_tags, siblings

    for scheme_id in scheme_tags():
        assert get_scheme(scheme_id).spec.alphabet is not None, scheme_id
    assert {s.scheme for s in siblings()} <= {get_scheme(i).tag for i in scheme_tags()}
    for tag in ("kk-Cyrl", "ru-Cyrl", "ky-Cyrl", "ug-Arab", "zh-Hani"):
        assert get_alphabet(tag).letters or get_alphabet(tag).properties


def test_surname_table_reports_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "names.tsv"
    table.write_text("# c\nsurname\tnote\n王\tok\nWang\tlatin\n王\tagain\n欧阳\tok\n", "utf-8")
    path = tmp_path / "x.scheme"
    text = scheme_text("а\ta\n", extra="surnames = names.tsv\n")
    with pytest.raises(SchemeFileError) as info:
        parse_scheme_text(text, path)
    assert info.value.problems == (
        f"{table}:4: 'Wang' is not one or two Han characters",
        f"{table}:5: '王' repeats line 3",
    )
    table.write_text("王\n欧阳\n", "utf-8")
    assert parse_scheme_text(text, path).surnames == ("欧阳", "王")
    missing = scheme_text("а\ta\n", extra="surnames = none.tsv\n")
    with pytest.raises(SchemeFileError, match=r"x.scheme:9: surnames: cannot read none.tsv"):
        parse_scheme_text(missing, path)


def test_a_shipped_scheme_without_alphabet_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    registry = importlib.import_module("kznames.schemes")  # kznames.schemes is also a function
    (tmp_path / "xx-Latn-test.scheme").write_text(scheme_text("а\ta\n"), encoding="utf-8")
    monkeypatch.setattr(registry, "DATA_DIR", tmp_path)
    with pytest.raises(SchemeFileError, match=r"xx-Latn-test.scheme:1: \[scheme\] lacks the "):
        registry.get_scheme("xx-Latn-test")


def test_capitalise_words_is_for_the_pypinyin_engine_only() -> None:
    text = scheme_text("а\ta\n", extra="capitalise_words = true\n")
    assert problems_of(text) == ["bad.scheme:9: capitalise_words is for engine = pypinyin only"]
    bad = scheme_text("а\ta\n", extra="capitalise_words = maybe\n")
    assert problems_of(bad) == ["bad.scheme:9: expected true or false, got 'maybe'"]
    han = scheme_text("阿\ta\n", extra="engine = pypinyin\ncapitalise_words = true\n")
    spec = parse_scheme_text(han, Path("ok.scheme"))
    assert spec.capitalise_words
    assert Scheme(spec).forward.rewrite("阿阿 阿")[0] == "Aa A"
    assert not parse_scheme_text(scheme_text("а\ta\n"), Path("ok.scheme")).capitalise_words
