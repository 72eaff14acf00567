"""Reconciling documents: mentions, case endings, clusters across scripts, the CLI and the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames.cli import main
from kznames.gazetteer import Gazetteer
from kznames.text import Document, find_mentions, html_text, reconcile, stems

DISPATCHES = sorted((Path(__file__).resolve().parents[1] / "examples" / "dispatches").iterdir())


@pytest.fixture(scope="module")
def demo() -> dict[str, dict[str, set[str]]]:
    """The demo's clusters: canonical name → spelling → documents (file names)."""
    result = reconcile(DISPATCHES)
    return {
        c.canonical: {v.form: {Path(d).name for d in v.documents} for v in c.variants}
        for c in result.clusters
    }


def test_a_person_is_followed_through_five_documents_and_four_scripts(
    demo: dict[str, dict[str, set[str]]],
) -> None:
    tursun = demo["Abdurehim Tursun"]
    assert {
        "Abdurehim Tursun",
        "Әбдірехим Тұрсын",
        "Абдурехим Турсун",
        "ئابدۇرېھىم تۇرسۇن",
        "阿不都热合木·吐尔逊",
        "Abdurahim Tursun",
    } <= set(tursun)
    assert "Турсун" in tursun  # a lone surname (Турсуна, with its case ending) joins him
    assert len(set().union(*tursun.values())) == 5


def test_places_under_former_names_romanizations_and_case_endings(
    demo: dict[str, dict[str, set[str]]],
) -> None:
    # в Алма-Ате and в Кульдже are shown as the gazetteer spells them, Алма-Ата and Кульджа: a
    # reading through a case ending that is a gazetteer spelling comes first, also when it
    # shares the key of the word as written.
    assert {"Almaty", "Алматы", "Алма-Ата", "Alma-Ata", "ئالمۇتا"} <= set(demo["Almaty"])
    assert {"Astana", "Nur-Sultan", "Астана"} <= set(demo["Astana"])
    assert {"Ghulja", "Kulja", "Құлжа", "Кульджа"} <= set(demo["Ghulja"])
    assert {"Urumqi", "Ürümqi", "Үрімжі", "Урумчи", "ئۈرۈمچى"} <= set(demo["Ürümqi"])


def test_a_typo_and_a_lone_surname_join_the_full_name(
    demo: dict[str, dict[str, set[str]]],
) -> None:
    assert {"Gulnara Sadykova", "Gulnara Sadykva", "Sadykova", "Гульнара Садыкова"} <= set(
        demo["Gulnara Sadykova"]
    )
    assert {"Nurlan Jaqsybekov", "Жақсыбеков", "Zhaksybekov"} <= set(demo["Nurlan Zhaksybekov"])


def test_case_endings_and_possessives_are_read_off_names_seen_elsewhere() -> None:
    result = reconcile(
        [
            Document("a", "Serikzhan Bilash was detained in Almaty."),
            Document("b", "Серікжан Білаштың ісі Алматыда қаралды."),
            Document("c", "Bilash's lawyer spoke in Alma-Ata on Monday."),
        ]
    )
    forms = {c.canonical: [v.form for v in c.variants] for c in result.clusters}
    assert set(forms["Serikzhan Bilash"]) == {"Serikzhan Bilash", "Серікжан Білаш", "Bilash"}
    assert set(forms["Almaty"]) == {"Almaty", "Алматы", "Alma-Ata"}
    assert "Monday" not in str(forms)


def test_sentence_openers_are_not_names() -> None:
    found = find_mentions(
        Document("a", "Meanwhile the court sat. Yesterday it rained. Later, Aiman Umarova spoke."),
        Gazetteer.default(),
    )
    assert [m.surface for m in found if m.origin != "weak"] == ["Aiman Umarova"]
    assert stems("Білаштың")[0] == "Білаш"


def test_html_is_read_as_its_text() -> None:
    assert "x()" not in html_text("<script>x()</script><p>Bilash</p>")
    found = reconcile([DISPATCHES[-1]])
    assert "Week notes" not in str([c.canonical for c in found.clusters])


def test_a_file_that_cannot_be_decoded_is_reported_and_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"Jos\xe9 Bilash\n")
    good = tmp_path / "good.txt"
    good.write_text("Serikzhan Bilash spoke in Almaty.", encoding="utf-8")
    result = reconcile([bad, good, tmp_path / "missing.txt"])
    assert result.documents == (str(good),)
    assert len(result.skipped) == 2
    assert f"{bad}:1: not valid UTF-8" in result.skipped[0]
    assert any(c.canonical == "Serikzhan Bilash" for c in result.clusters)


def test_cli_table_json_tsv_and_explanations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in DISPATCHES]
    assert main(["reconcile", *files, "--explain"]) == 0
    table = capsys.readouterr().out
    assert "Abdurehim Tursun  (not in gazetteer; 7 mentions in 5 documents)" in table
    assert "why: gazetteer: a spelling of Almaty (gn1526384)" in table
    assert main(["reconcile", *files, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["canonical"] for c in data["clusters"]} >= {"Almaty", "Abdurehim Tursun"}
    assert main(["reconcile", *files, "--tsv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split("\t") == [
        "entity_id",
        "kind",
        "canonical",
        "variant",
        "count",
        "documents",
        "why",
    ]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    assert main(["reconcile", str(bad), files[0]]) == 1
    captured = capsys.readouterr()
    assert "not valid UTF-8" in captured.err
    assert "Almaty" in captured.out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=3))
def test_any_text_reconciles_without_crashing(texts: list[str]) -> None:
    result = reconcile([Document(f"d{i}", t) for i, t in enumerate(texts)])
    for mention in result.mentions:
        assert mention.surface


def test_huge_documents_are_read_in_linear_time() -> None:
    """Twenty thousand capitalised words, a 100,000-letter word, Chinese text without spaces:
    reconciled (a quadratic step here would not finish in the suite's time)."""
    text = "Aiman Umarova met " + "Bilash " * 20_000 + "x" * 100_000
    chinese = "法院判处伊力哈木·土赫提无期徒刑。" * 2_000
    result = reconcile([Document("a", text), Document("b", chinese), Document("c", "\x00")])
    assert any(c.canonical == "Aiman Umarova" for c in result.clusters)
    dotted = [c for c in result.clusters if "伊力哈木·土赫提" in c.canonical]
    assert dotted
    assert dotted[0].mentions == 2_000
