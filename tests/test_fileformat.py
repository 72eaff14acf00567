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
