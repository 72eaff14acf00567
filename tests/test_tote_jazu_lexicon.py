"""Kazakh Arabic script read back with known spellings (kznames.schemes.lexicon): one example
of each class the rule cannot read, the three steps, the table, the figures of docs/tote-jazu.md."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames import transliterate
from kznames.cli import main
from kznames.errors import DataFileError, SchemeFileError
from kznames.resources import schemes_dir
from kznames.schemes import get_scheme
from kznames.schemes.fileformat import parse_scheme_text
from kznames.schemes.lexicon import KnownSpelling, Lexicon, Loosening, read_lexicon
from support import REPO, SCHEME_HEADER, from_tote_jazu, load_script, shared_dir, to_tote_jazu

LEXICON = schemes_dir() / "kk-Arab.lexicon.tsv"
KAZAKH_NAMES = REPO / "data" / "names" / "kazakh-names.tsv"
# docs/tote-jazu.md: the report half read back with the shipped lexicon (293 of 299), and with
# the gazetteer rows of the report half's entities left out of it (257 of 299). The words are
# Kazakh ones: rows tagged Kyrgyz or Uzbek (CLDR's Түштүк Корея, Ироқ) are no longer counted.
REPORT_HALF_FULL_FLOOR = 0.979
REPORT_HALF_WITHOUT_HALF_FLOOR = 0.859


REPORT_SCRIPT = "scripts/tote_jazu_report.py"


def _by_rule(arabic: str) -> str:
    reader = get_scheme("kk-Arab").reverse_by_rule
    assert reader is not None
    return reader.rewrite(arabic)[0]


def _lexicon(*rows: tuple[str, str]) -> Lexicon:
    """A lexicon of (spelling, entity) rows, written by the shipped scheme."""
    scheme = get_scheme("kk-Arab")
    assert scheme.harmony is not None

    def write(text: str) -> str:
        return scheme.forward.rewrite(text)[0]

    known = [KnownSpelling(write(s), s, entity, "test") for s, entity in rows]
    return Lexicon(known, scheme.harmony, write)


@pytest.mark.parametrize(
    ("word", "by_rule"),
    [
        # no letter shows the vowel row: a compound without a listed part
        ("гүлшат", "гүлшәт"),
        ("жаңаөзен", "жәңәөзен"),
        # a front stem hidden by its part (-бек, -төбе show front harmony, so no hamza mark)
        ("жібек", "жыбек"),
        ("үштөбе", "ұштөбе"),
        # letters tote jazu does not write (ц э я ь)
        ("цілиноград", "тсілинөгрәд"),
        ("эрық", "ерық"),
        ("көкяр", "көкиәр"),
        # к beside a back vowel (a loan)
        ("корла", "көрлә"),
    ],
)
def test_known_gazetteer_words_read_back_as_spelt(word: str, by_rule: str) -> None:
    arabic = to_tote_jazu(word)
    assert from_tote_jazu(arabic, known_spellings=False) == by_rule
    assert from_tote_jazu(arabic) == word


def test_russian_names_of_the_frequency_table_read_back() -> None:
    # Names whose letters tote jazu lacks or whose к stands beside a back vowel.
    for word, by_rule in [("наталья", "наталия"), ("пётр", "пиотр"), ("игорь", "игөр")]:
        arabic = to_tote_jazu(word)
        assert _by_rule(arabic) == by_rule
        assert from_tote_jazu(arabic) == word


def test_two_known_spellings_written_alike_keep_the_rule_reading() -> None:
    # The gazetteer spells one place Айтеке, Айтэке and Әйтеке: all are ايتەكە, the rule reads
    # әйтеке, one of them, and keeps it.
    arabic = to_tote_jazu("айтеке")
    assert set(get_scheme("kk-Arab").lexicon.spellings(arabic)) == {"айтеке", "айтэке", "әйтеке"}  # type: ignore[union-attr]
    assert from_tote_jazu(arabic) == "әйтеке"
    # Хань (the people) and хан (khan, of the Kazakh name list's Абылай хан) are both حان.
    arabic = to_tote_jazu("хань")
    assert set(get_scheme("kk-Arab").lexicon.spellings(arabic)) == {"хань", "хан"}  # type: ignore[union-attr]
    assert from_tote_jazu(arabic) == "хан"


@pytest.mark.parametrize(
    ("word", "by_rule"),
    # Words the gazetteer spells in one entity each, known also to the Kazakh name list.
    [("жәнібек", "жаныбек"), ("сарыөзек", "сәріөзек"), ("үшарал", "үшәрәл")],
)
def test_words_of_the_kazakh_name_list_read_back(word: str, by_rule: str) -> None:
    arabic = to_tote_jazu(word)
    assert _by_rule(arabic) == by_rule
    assert from_tote_jazu(arabic) == word
    rows = [r for r in read_lexicon(LEXICON) if r.spelling == word]
    assert "kazakh-names" in {r.origin for r in rows}
    # Without the gazetteer's rows the list alone reads it.
    alone = get_scheme("kk-Arab").lexicon_of(r for r in rows if r.origin == "kazakh-names")
    assert alone.read(arabic, by_rule) == word


def test_the_issue_names_still_read_back() -> None:
    text = "жаңғырбек тоқаев серікжан асқарбек шәріпұлы"
    assert from_tote_jazu(to_tote_jazu(text)) == text
    assert from_tote_jazu(to_tote_jazu(text), known_spellings=False) == text


def test_cli_by_rule_reads_without_the_lexicon(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translit", "-s", "kk-Arab", "-t", "kk-Cyrl", "جىبەك"]) == 0
    assert capsys.readouterr().out == "жібек\n"
    assert main(["translit", "-s", "kk-Arab", "-t", "kk-Cyrl", "--by-rule", "جىبەك"]) == 0
    assert capsys.readouterr().out == "жыбек\n"


def test_keys_read_arabic_by_rule_alone() -> None:
    # kznames.key() must not move when the lexicon grows: it reads Kazakh Arabic by rule.
    from kznames.phonetic import _rewrite

    assert _rewrite("kk-Arab", "جىبەك", reverse=True) == "жыбек"


# The three steps, on small lexicons.


def test_a_known_word_wins_unless_the_rule_reads_one_of_its_spellings() -> None:
    lexicon = _lexicon(("жібек", "e1"))
    assert lexicon.reading("جىبەك", "жыбек") == ("жібек", "word")
    both = _lexicon(("жібек", "e1"), ("жыбек", "e2"))
    assert both.reading("جىبەك", "жыбек") == ("жыбек", "rule")


def test_spellings_rank_gazetteer_first_then_by_entities() -> None:
    scheme = get_scheme("kk-Arab")
    assert scheme.harmony is not None
    written = to_tote_jazu("жібек")
    rows = [
        KnownSpelling(written, "жыбек", "", "table", origin="name-table"),  # last
        KnownSpelling(written, "жібік", "", "list", origin="kazakh-names"),  # before the table
        KnownSpelling(written, "жібек", "e1", "a"),
        KnownSpelling(written, "жібек", "e2", "b"),
        KnownSpelling(written, "жібак", "e3", "c"),  # not written so, but ranks second
    ]
    lexicon = Lexicon(rows, scheme.harmony, lambda t: scheme.forward.rewrite(t)[0])
    assert list(lexicon.spellings(written)) == ["жібек", "жібак", "жібік", "жыбек"]
    assert lexicon.spellings("ابا") == ()
    assert len(lexicon) == 1


def test_a_known_stem_reads_a_word_with_more_parts() -> None:
    # жібек is known; жібекжан is not: its stem (cut -жан, -бек) is the known жі.
    lexicon = _lexicon(("жібек", "e1"))
    arabic = to_tote_jazu("жібекжан")
    by_rule = _by_rule(arabic)
    assert by_rule == "жыбекжан"
    assert lexicon.reading(arabic, by_rule) == ("жібекжан", "stem")


def test_stems_come_from_the_gazetteer_and_the_kazakh_name_list_only() -> None:
    scheme = get_scheme("kk-Arab")
    assert scheme.harmony is not None
    arabic = to_tote_jazu("жібекжан")

    def lexicon(origin: str) -> Lexicon:
        def write(text: str) -> str:
            return scheme.forward.rewrite(text)[0]

        row = KnownSpelling(write("жібек"), "жібек", "", "test", origin=origin)
        return Lexicon([row], scheme.harmony, write)

    assert lexicon("kazakh-names").reading(arabic, "жыбекжан") == ("жібекжан", "stem")
    assert lexicon("name-table").reading(arabic, "жыбекжан") == ("жыбекжан", "rule")


def test_two_known_stems_read_a_compound() -> None:
    lexicon = _lexicon(("ай", "e1"), ("теке", "e2"))
    arabic = to_tote_jazu("айтеке")
    assert lexicon.reading(arabic, _by_rule(arabic)) == ("айтеке", "parts")


def test_splits_that_disagree_keep_the_rule() -> None:
    # ай+теке and айт+еке give айтеке and әйтеке: no single reading, the rule's is kept.
    lexicon = _lexicon(("ай", "e1"), ("теке", "e2"), ("әйт", "e3"), ("еке", "e4"))
    arabic = to_tote_jazu("айтеке")
    assert lexicon.reading(arabic, "әйтеке")[1] == "rule"
    assert lexicon.reading(arabic, "әйтекә") == ("әйтекә", "rule")


def test_a_reading_must_be_written_as_the_word_stands() -> None:
    # әлім is written with the hamza mark; a word without it is not read as әлім.
    lexicon = _lexicon(("әлім", "e1"))
    assert to_tote_jazu("әлім") == "ٴالىم"
    assert lexicon.reading("الىم", "алым") == ("алым", "rule")
    assert lexicon.reading("ٴالىم", "әлім") == ("әлім", "rule")


@given(st.text(alphabet="абвгғдежзийкқлмнңоөпрстуұүфхһчшыіәэюяцьё", min_size=2, max_size=12))
def test_a_reading_is_always_written_as_the_word_it_reads(word: str) -> None:
    # The lexicon never puts a word in place of another the scheme writes differently, and
    # never changes the reading of a word it knows nothing about.
    lexicon = get_scheme("kk-Arab").lexicon
    assert lexicon is not None
    arabic = to_tote_jazu(word)
    by_rule = _by_rule(arabic)
    reading, how = lexicon.reading(arabic, by_rule)
    if how == "rule":
        assert reading == by_rule
    else:
        assert reading != by_rule
        assert to_tote_jazu(reading) == arabic


# The table.


def test_every_row_is_written_as_its_arabic_column() -> None:
    rows = read_lexicon(LEXICON)
    assert len(rows) > 1000
    wrong = [(r.line, r.spelling) for r in rows if to_tote_jazu(r.spelling) != r.written]
    assert wrong == [], "stale: run make tote-jazu-lexicon"


def test_the_table_is_what_its_generator_builds() -> None:
    # Its sources are file:line: any edit of data/variants or data/names moves them.
    module = load_script("scripts/gen_tote_jazu_lexicon.py")
    stale = LEXICON.read_text(encoding="utf-8") != module.build()
    assert not stale, "stale after a gazetteer edit: run make tote-jazu-lexicon"


def test_gazetteer_rows_cite_a_kazakh_variant_of_their_entity() -> None:
    rows = [r for r in read_lexicon(LEXICON) if r.entity]
    assert len(rows) > 400
    lines: dict[str, list[str]] = {}
    for row in rows:
        file, number = row.source.rsplit(":", 1)
        assert file.startswith("data/variants/"), row
        text = lines.setdefault(file, (REPO / file).read_text(encoding="utf-8").splitlines())
        fields = text[int(number) - 1].split("\t")
        assert fields[0] == row.entity, row
        assert fields[2] == "kk-Cyrl", row
        assert row.spelling in fields[1].lower(), row


def test_kazakh_name_list_rows_cite_a_row_of_the_list_holding_the_word() -> None:
    rows = [r for r in read_lexicon(LEXICON) if r.origin == "kazakh-names"]
    assert len(rows) > 2000
    lines = KAZAKH_NAMES.read_text(encoding="utf-8").splitlines()
    for row in rows:
        file, number = row.source.rsplit(":", 1)
        assert file == "data/names/kazakh-names.tsv", row
        assert row.entity == "", row
        assert row.spelling in lines[int(number) - 1].split("\t")[0].lower(), row


def test_the_kazakh_name_list_cites_its_package_and_licence() -> None:
    text = KAZAKH_NAMES.read_text(encoding="utf-8")
    assert "# MIT License" in text
    assert "# Copyright (c) 2016-Present Isaak Uchakaev" in text
    body = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert body[0] == ["name", "kind", "gender", "source"]
    assert len(body) > 2000
    pattern = re.compile(
        r"pypi:mimesis==22\.2\.0 mimesis/datasets/kk/(person|address)\.json [a-z.]+\[\d+\]"
    )
    for name, kind, gender, source in body[1:]:
        assert name, source
        assert kind in {"given", "surname", "place", "street"}, name
        assert gender in {"m", "f", ""}, name
        assert pattern.fullmatch(source), source
    assert body[1:] == sorted(body[1:])
    assert "built from pypi:mimesis==22.2.0: Copyright" in LEXICON.read_text(encoding="utf-8")


def test_name_table_rows_are_russian_names_the_rule_misreads_and_their_homographs() -> None:
    rows = [r for r in read_lexicon(LEXICON) if r.origin == "name-table"]
    assert len(rows) > 1000
    assert all(r.source.startswith("pypi:") for r in rows)
    by_written: dict[str, list[str]] = {}
    for row in rows:
        by_written.setdefault(row.written, []).append(row.spelling)
    sample = sorted(by_written)[:: len(by_written) // 50]
    for written in sample:
        assert any(_by_rule(written) != spelling for spelling in by_written[written]), written
    # A rarer name written like a frequent one is kept, so that it still reads by rule.
    assert {"белков", "бельков"} <= set(by_written[to_tote_jazu("белков")])
    assert from_tote_jazu(to_tote_jazu("белков")) == "белков"


def test_rows_are_sorted_and_unique() -> None:
    rows = [(r.written, r.spelling, r.entity, r.origin, r.source) for r in read_lexicon(LEXICON)]
    assert rows == sorted(set(rows))


def test_a_malformed_table_names_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "x.lexicon.tsv"
    rows = ["arabic\tcyrillic\tentity\torigin\tsource", "ابا\tаба\te\tgazetteer\ts"]
    rows += ["ابا\tАба\te\tgazetteer\ts", "ابا\t\te\tgazetteer\ts", "ابا\tаба"]
    rows += ["ابا\tаба\te\tfriends\ts", "ابا\tаба\t\tgazetteer\ts", "ابا\tаба\te\tname-table\ts"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_lexicon(table)
    problems = "\n".join(caught.value.problems)
    assert f"{table}:3: cyrillic is one word in lower case" in problems
    assert f"{table}:4: arabic, cyrillic and source must not be empty" in problems
    assert f"{table}:5: 2 fields, expected 5" in problems
    assert f"{table}:6: origin is one of gazetteer, kazakh-names, name-table" in problems
    assert f"{table}:7: a gazetteer row names its entity, no other row does" in problems
    assert f"{table}:8: a gazetteer row names its entity, no other row does" in problems


def test_the_scheme_names_its_lexicon_as_a_file_beside_it() -> None:
    text = (
        SCHEME_HEADER.format(reversible="false").replace(
            "[scheme]\n", "[scheme]\nlexicon = ../x.tsv\n"
        )
        + "\n[rules]\nа\tا\nә\tا\n\n[reverse]\nا\tа\n"
    )
    with pytest.raises(SchemeFileError, match=r"lexicon names a \.tsv file beside the scheme"):
        parse_scheme_text(text, Path("h.scheme"))
    spec = parse_scheme_text(text.replace("../x.tsv", "x.tsv"), Path("h.scheme"))
    assert spec.lexicon == "x.tsv"
    assert get_scheme("kk-Latn").lexicon is None


# The figures (docs/tote-jazu.md).


def _half(entity: str) -> str:
    return "fit" if zlib.crc32(entity.encode("utf-8")) % 2 == 0 else "report"


@pytest.mark.parametrize("half", ["fit", "report"])
@pytest.mark.parametrize("mode", ["full", "without-half"])
def test_the_lexicon_never_breaks_a_word_the_rule_reads(half: str, mode: str) -> None:
    script = load_script(REPORT_SCRIPT)
    words = script.kazakh_words(shared_dir(), half)
    lexicon = script.lexicon_for(mode, half, words)
    broken = []
    for word in words:
        arabic = to_tote_jazu(word)
        by_rule = _by_rule(arabic)
        if by_rule == word and lexicon.read(arabic, by_rule) != word:
            broken.append(word)
    assert broken == []


def test_round_trip_on_the_report_half_with_and_without_its_entities() -> None:
    script = load_script(REPORT_SCRIPT)
    exact, total, failures = script.measure(shared_dir(), "report", "full")
    assert total > 200
    assert exact / total >= REPORT_HALF_FULL_FLOOR, failures
    exact, total, failures = script.measure(shared_dir(), "report", "without-half")
    assert exact / total >= REPORT_HALF_WITHOUT_HALF_FLOOR, failures
    # Leaving out the half's entities leaves out their rows: no row of the half is used.
    kept = script.lexicon_rows("without-half", "report")
    assert kept
    assert all(_half(r.entity) == "fit" for r in kept if r.entity)
    assert len(script.lexicon_rows("full", "report")) == len(read_lexicon(LEXICON))


# The press habit (kk-Latn-press) reads gazetteer names with the same table.


def test_press_reading_prefers_a_gazetteer_spelling() -> None:
    def read(text: str, known: bool = True) -> str:
        return transliterate(text, "kk-Cyrl", source="kk-Latn-press", known_spellings=known).text

    assert read("Leila Adilzhan", known=False) == "Лейла Аділжан"
    assert read("Leila Adilzhan") == "Лейла Әділжан"
    assert read("LEILA ADILZHAN") == "ЛЕЙЛА ӘДІЛЖАН"
    assert read("oskemen urimzhi") == "өскемен үрімжі"
    assert read("Serikzhan Bilash") == "Серікжан Білаш"
    # The name table's rows were chosen for tote jazu: the press reading does not use them.
    press = get_scheme("kk-Latn-press").lexicon
    assert press is not None
    assert press.spellings("natalya") == ()
    assert list(press.spellings("adilzhan")) == ["әділжан"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10))
def test_press_reading_with_known_spellings_is_written_as_the_word(word: str) -> None:
    # A known spelling replaces the rule's reading only where the press writes it as the word,
    # up to the spellings of its loose table (kh for қ, ss for с).
    scheme = get_scheme("kk-Latn-press")
    loosen = Loosening.read(schemes_dir() / scheme.spec.loose)
    by_rule = transliterate(word, "kk-Cyrl", source="kk-Latn-press", known_spellings=False)
    known = transliterate(word, "kk-Cyrl", source="kk-Latn-press")
    if known.text != by_rule.text:
        assert loosen(scheme.forward.rewrite(known.text)[0]) == loosen(word)


def test_lexicalised_press_spellings_read_back_to_the_known_name() -> None:
    def read(text: str, known: bool = True) -> str:
        return transliterate(text, "kk-Cyrl", known_spellings=known).text

    assert read("Kazakhstan") == "Қазақстан"
    assert read("Kazakhstan", known=False) == "Қазахстан"
    assert read("Kazakh") == "Қазақ"
    assert read("Kassym-Jomart Tokayev") == "Қасым-Жомарт Тоқаев"
    assert read("Kassym-Jomart Tokayev", known=False) == "Қассым-Жомарт Тоқаев"
    # х is kh too: a known Ахметов stays, and an unknown word keeps the rule's reading.
    assert read("Akhmetov") == "Ахметов"
    press = get_scheme("kk-Latn-press").lexicon
    assert press is not None
    assert press.reading("kazakhstan", "қазахстан") == ("қазақстан", "loose")


def test_a_loose_look_up_reads_only_a_single_known_spelling() -> None:
    scheme = get_scheme("kk-Latn-press")

    def write(text: str) -> str:
        return scheme.forward.rewrite(text)[0]

    def lexicon(*spellings: str) -> Lexicon:
        rows = [KnownSpelling(write(s), s, f"e{i}", "t") for i, s in enumerate(spellings)]
        return Lexicon(rows, None, write, loose=Loosening([("kh", "k", 1)]))

    # Қазақ is written kazak; kazakh loosened is kazak: one known spelling, read.
    assert lexicon("қазақ").reading("kazakh", "қазах") == ("қазақ", "loose")
    # Қазақ and Қазах (written kazakh, loosened kazak): two spellings, the rule is kept.
    assert lexicon("қазақ", "қазах").reading("kazakh", "қазах") == ("қазах", "rule")
    assert lexicon("қазақ", "казак").reading("kazakh", "қазах") == ("қазах", "rule")
    # The rule's own reading among those found: kept.
    assert lexicon("қазақ").reading("kazakh", "қазақ") == ("қазақ", "rule")
    # Without a loose table, no loose step.
    plain = Lexicon([KnownSpelling(write("қазақ"), "қазақ", "e", "t")], None, write)
    assert plain.reading("kazakh", "қазах") == ("қазах", "rule")


def test_a_malformed_loose_table_names_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "x.loose.tsv"
    rows = ["spelling\tloose\tnote", "kh\tk\tok", "KH\tk\t", "ss\tss\t", "kh\tg\t", "zz"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        Loosening.read(table)
    problems = "\n".join(caught.value.problems)
    assert f"{table}:3: spelling and loose are in lower case" in problems
    assert f"{table}:4: 'ss' is the same as its loose form" in problems
    assert f"{table}:5: 'kh' is given twice" in problems
    assert f"{table}:6: 1 field, expected 3" in problems


def test_the_scheme_names_its_loose_table_beside_it_with_a_lexicon() -> None:
    base = SCHEME_HEADER.format(reversible="false") + "\n[rules]\nа\ta\n\n[reverse]\na\tа\n"
    with_lexicon = base.replace("[scheme]\n", "[scheme]\nlexicon = x.tsv\nloose = ../y.tsv\n")
    with pytest.raises(SchemeFileError, match=r"loose names a \.tsv file beside the scheme"):
        parse_scheme_text(with_lexicon, Path("h.scheme"))
    alone = base.replace("[scheme]\n", "[scheme]\nloose = y.tsv\n")
    with pytest.raises(SchemeFileError, match="loose needs a lexicon"):
        parse_scheme_text(alone, Path("h.scheme"))
    spec = parse_scheme_text(with_lexicon.replace("../y.tsv", "y.tsv"), Path("h.scheme"))
    assert spec.loose == "y.tsv"


def test_auto_detection_prefers_a_scheme_that_writes_a_known_spelling() -> None:
    # Oskemen has no cue: among the schemes that can read it, the press writes Өскемен so.
    known = transliterate("Oskemen", "kk-Cyrl")
    assert (known.text, known.routes) == ("Өскемен", ("kk-Latn-press>kk-Cyrl",))
    by_rule = transliterate("Oskemen", "kk-Cyrl", known_spellings=False)
    assert (by_rule.text, by_rule.routes) == ("Оскемен", ("kk-Latn>kk-Cyrl",))
    # The word's own cues, then the text's, still come first: q makes the text the 2021 one.
    assert transliterate("Oskemen Qala", "kk-Cyrl").routes == ("kk-Latn>kk-Cyrl",)
    # A word no scheme knows keeps the auto_read order.
    assert transliterate("Tokyo", "kk-Cyrl").routes == ("kk-Latn>kk-Cyrl",)


def test_gazetteer_latin_names_read_back_no_worse_with_known_spellings() -> None:
    rows = load_script("scripts/latin_detection_report.py").gazetteer_rows("report")
    assert len(rows) > 1000
    for variant in ("Aksu", "Kyzylorda", "Korgas"):
        cyrillic = next(c for _, _, v, c in rows if v == variant)
        by_rule = transliterate(variant, "kk-Cyrl", known_spellings=False).text
        assert by_rule not in cyrillic
        assert transliterate(variant, "kk-Cyrl").text in cyrillic
