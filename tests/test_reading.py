"""Reconcile reads running text like a reader: short names spelled, longer names whole,
particles inside names, sentence openers and roles left out, case endings read off by table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames.gazetteer import Gazetteer
from kznames.text import Document, DocumentError, find_mentions, reconcile, stems

RUSSIAN = (
    "Иванов отказался от комментариев. Токарев заявил, что встретился с Маратом Ивановым "
    "и Анной Ивановой в Астане."
)


def _clusters(*texts: str) -> dict[str, tuple[str, set[str]]]:
    """canonical → (entity id, forms)."""
    result = reconcile([Document(f"d{i}", t) for i, t in enumerate(texts)])
    return {c.canonical: (c.entity_id, {v.form for v in c.variants}) for c in result.clusters}


_G = Gazetteer.default()


def _surfaces(text: str, origin: str = "") -> list[str]:
    found = find_mentions(Document("d", text), _G)
    return [m.surface for m in found if not origin or m.origin == origin]


def test_common_words_are_not_entities() -> None:
    clusters = _clusters(
        RUSSIAN,
        "Members of Volunteers of the Fatherland met in Almaty. "
        "Businessman Halemubieke Xiaheman spoke.",
    )
    forms = {f for _, fs in clusters.values() for f in fs}
    for word in ["Иван", "Токар", "Volunteers", "Businessman"]:
        assert word not in forms
    assert not any(f.startswith("Businessman") for f in forms)
    entities = {e for e, _ in clusters.values()}
    assert "lang-ru" not in entities  # Иван is not 俄文 read as Ewen
    assert "gn1520025" not in entities  # Токарев is not the village Тұғыл (Токар)
    assert clusters["Atajurt"] == ("atajurt", {"Volunteers of the Fatherland"})
    assert "Halemubieke Xiaheman" in forms


def test_russian_cases_are_read_off_keeping_the_surname_s_gender() -> None:
    clusters = _clusters(RUSSIAN, "Марат Иванов и Анна Иванова приехали в Алматы.")
    assert {"Марат Иванов"} <= clusters["Марат Иванов"][1]
    assert clusters["Анна Иванова"][1] == {"Анна Иванова"}
    forms = {f for _, fs in clusters.values() for f in fs}
    assert not {"Маратом Иванов", "Анной Иванов", "Анна Иванов", "Анной Иванова"} & forms


def test_a_lone_surname_in_a_case_is_the_full_name_of_its_document() -> None:
    # По словам Токаева beside Касым-Жомарт Токаев was a cluster of its own ("not in gazetteer").
    text = "Касым-Жомарт Токаев встретился с Си Цзиньпином. По словам Токаева, торговля выросла."
    result = reconcile([Document("d", text)])
    (cluster,) = [c for c in result.clusters if "Токаев" in {v.form for v in c.variants}]
    assert {v.form for v in cluster.variants} == {"Касым-Жомарт Токаев", "Токаев"}
    # A woman named in full keeps her surname: the lone form is hers.
    text = "Анна Токаева выступила. Токаева сказала, что Касым-Жомарт Токаев прав."
    forms = {m.form for m in reconcile([Document("d", text)]).mentions}
    assert "Токаева" in forms


def test_the_genitive_of_a_after_a_hushing_or_velar_letter_is_i() -> None:
    # Russian writes и for ы after г к х ж ч ш щ: Кульджи is Кульджа's genitive, not Кульджя's.
    assert stems("Кульджи", ("ru",))[0] == "Кульджа"
    result = reconcile([Document("d", "Родственники из Кульджи пропали. Жители Кульджи молчат.")])
    (cluster,) = [c for c in result.clusters if c.entity_id]
    assert {v.form for v in cluster.variants} == {"Кульджа"}


def test_a_masculine_genitive_reads_masculine_and_a_feminine_surname_stays_feminine() -> None:
    # The given name shows the gender (the name frequency tables): Аскара and Ивана are
    # masculine, so Мамина and Петрова are the genitive of Мамин and Петров; Марию and Анной
    # are feminine, so Мамину and Ивановой stay feminine. Not one of these names is written in
    # the nominative anywhere in the documents.
    clusters = _clusters(
        "Суд вызвал Аскара Мамина и Ивана Петрова.",
        "Встреча с Анной Ивановой и Нурлана Жаксыбекова прошла.",
        "Вчера мы видели Марию Мамину. Вчера Мамина не пришла.",
    )
    forms = {f for _, fs in clusters.values() for f in fs}
    assert {"Иван Петров", "Анна Иванова", "Нурлан Жаксыбеков", "Мария Мамина"} <= forms
    assert clusters["Askar Mamin"][0] == "mamin"  # the gazetteer's Аскар Мамин
    assert not {"Иван Петрова", "Ивана Петрова", "Мари", "Мария Мамин", "Анна Иванов"} & forms
    assert "Мамина" in forms  # a lone surname keeps its feminine reading


def test_a_declension_row_of_unknown_use_or_gender_names_its_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kznames.errors import DataFileError
    from kznames.text import tables as text

    table = tmp_path / "declension.tsv"
    table.write_text(
        "language\tending\tnominative\tuse\tgender\n"
        "ru\tова\tов\tagree\tm\n"
        "ru\tина\tин\tagree\tmale\n"
        "ru\tой\tа\tsometimes\tf\n",
        "utf-8",
    )
    monkeypatch.setattr(text, "textdata", lambda name: tmp_path / name)
    text._declension.cache_clear()
    try:
        with pytest.raises(DataFileError) as error:
            text._declension()
        assert f"{table}:3: ина: gender 'male'" in str(error.value)
        assert f"{table}:4: ой: use 'sometimes'" in str(error.value)
    finally:
        monkeypatch.undo()
        text._declension.cache_clear()


def test_kazakh_endings_come_off_the_last_word_only() -> None:
    clusters = _clusters("Әбдірехим Тұрсынның ісі қаралды.", "Abdurehim Tursun was moved.")
    (forms,) = [fs for _, fs in clusters.values() if "Abdurehim Tursun" in fs]
    assert "Әбдірехим Тұрсын" in forms


def test_a_people_named_as_an_adjective_stays_a_people() -> None:
    clusters = _clusters("Xinjiang has large Uygur, Kyrgyz, Hui and Kazakh groups.")
    assert clusters["Uyghurs"] == ("uyghur", {"Uygur"})
    assert clusters["Kyrgyz"][0] == "kyrgyz"
    assert clusters["Kazakhs"][0] == "kazakh"
    assert clusters["Xinjiang"] == ("xinjiang", {"Xinjiang"})


def test_a_name_inside_a_longer_capitalised_name_is_not_that_entity() -> None:
    surfaces = _surfaces("He ran in the Almaty Marathon and then flew to Almaty.")
    assert surfaces == ["Almaty Marathon", "Almaty"]
    kinds = [m.origin for m in find_mentions(Document("d", "The Almaty Marathon."), _G)]
    assert kinds == ["name-like"]


def test_short_keys_match_only_as_spelled() -> None:
    # Иван has the key of Ewen (a pinyin reading of 俄文, Russian); Osh is spelled as listed.
    assert _surfaces("Иван пришёл. Мы были в Ош и в Алматы.", "gazetteer") == ["Ош", "Алматы"]
    assert _surfaces("Вчера Иван приехал.", "gazetteer") == []


def test_a_sentence_opening_common_word_is_not_part_of_a_name() -> None:
    text = "Villagers Aibek Nurov and Sara Ali spoke. The villagers were afraid."
    assert "Aibek Nurov" in _surfaces(text)
    assert not any(s.startswith("Villagers") for s in _surfaces(text))


def test_particles_may_sit_inside_a_name_not_at_its_ends() -> None:
    surfaces = _surfaces("A letter from the Society of Friends of Lop Nor arrived.")
    assert "Society of Friends of Lop Nor" in surfaces or "Society of Friends" in surfaces
    assert not any(s.endswith(" of") or s.startswith("of ") for s in surfaces)


@given(st.text(alphabet="бвгдклмнпрстхжшБВГДКЛМНПРСТ", min_size=3, max_size=6))
def test_surnames_in_ov_keep_their_gender_through_the_cases(root: str) -> None:
    stem = root[0].upper() + root[1:].lower() + "ов"
    assert stems(stem + "ым")[0] == stem
    assert stems(stem + "ой")[0] == stem + "а"
    assert stems(stem + "а")[0] == stem + "а"


def test_reconcile_takes_documents_files_and_refuses_plain_text(tmp_path: Path) -> None:
    import kznames

    assert kznames.reconcile is reconcile
    one = reconcile(Document("a", "Serikzhan Bilash was detained in Almaty."))
    assert {c.canonical for c in one.clusters} == {"Serikzhan Bilash", "Almaty"}
    with pytest.raises(DocumentError, match=r"is not a file: .* Document\(name, text\)"):
        reconcile(["some text about Almaty"])
    with pytest.raises(DocumentError, match="is not a file"):
        reconcile("Serikzhan Bilash")
    path = tmp_path / "a.txt"
    path.write_text("Серікжан Білаш Алматыда.", encoding="utf-8")
    assert reconcile([str(path)]).documents == (str(path),)
    assert reconcile([tmp_path / "missing.txt"]).skipped  # a Path: reported and skipped


def test_cli_reconcile_reads_standard_input() -> None:
    source = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "kznames.cli", "reconcile", "--tsv", "-q", "-"]
    text = b"Serikzhan Bilash was detained in Almaty."
    done = subprocess.run(command, input=text, capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "bilash\tperson\tSerikzhan Bilash\tSerikzhan Bilash\t1\t" in done.stdout.decode()


def test_a_misprinted_lone_surname_joins_the_one_full_name_it_can_be() -> None:
    docs = [Document("a", "Aiman Umarova spoke in court. Later Umanova said the case would go on.")]
    result = reconcile(docs)
    (cluster,) = [c for c in result.clusters if c.entity_id == "umarova"]
    why = {v.form: v.why for v in cluster.variants}
    assert why["Umanova"].startswith("probable misspelling: 'Umanova' is 'Umarova' of")
    assert "same document" in why["Umanova"]
    assert "similarity 0.86" in why["Umanova"]
    apart = reconcile(docs, context=False)
    assert "Umanova" in {c.canonical for c in apart.clusters}


def test_a_lone_surname_joins_by_spelling_and_document() -> None:
    clusters = _clusters(RUSSIAN, "Марат Иванов и Анна Иванова приехали в Алматы.")
    assert "Иванов" in clusters["Марат Иванов"][1]  # not Анна Иванова: the spelling decides
    result = reconcile([Document("a", "Nurlan Zhaksybekov spoke. Zhaksybekov left.")])
    (cluster,) = [c for c in result.clusters if c.canonical == "Nurlan Zhaksybekov"]
    assert {v.why for v in cluster.variants if v.form == "Zhaksybekov"} == {
        "lone surname: 'Zhaksybekov' is 'Zhaksybekov' of 'Nurlan Zhaksybekov' in the same document"
    }


def test_two_full_names_with_one_surname_leave_a_lone_surname_alone() -> None:
    clusters = _clusters("Aibek Nurov met Daulet Nurov. Nurov left.")
    assert clusters["Nurov"] == ("", {"Nurov"})


def test_cli_no_context(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kznames.cli import main

    path = tmp_path / "a.txt"
    path.write_text("Aiman Umarova spoke. Later Umanova left.", encoding="utf-8")
    assert main(["reconcile", "--tsv", str(path)]) == 0
    assert "\tAiman Umarova\tUmanova\t" in capsys.readouterr().out
    assert main(["reconcile", "--tsv", "--no-context", str(path)]) == 0
    assert "\tUmanova\tUmanova\t" in capsys.readouterr().out


def test_a_chinese_name_ends_before_a_function_character() -> None:
    surfaces = _surfaces("据报道，阿依努尔·卡斯木在阿拉木图接受采访。")
    assert "阿依努尔·卡斯木" in surfaces
    assert "阿拉木图" in surfaces


def test_a_uyghur_vowel_raised_before_a_suffix_is_read_back() -> None:
    assert "غۇلجا" in stems("غۇلجىدا")
    assert _surfaces("ئۇ غۇلجىدا تۇتۇلغان.", "gazetteer") == ["غۇلجىدا"]


def test_a_short_sentence_opener_is_not_confirmed_by_its_key() -> None:
    result = reconcile([Document("a", "Суд начался. Айман Умарова выступила. Оның сөзі.")])
    forms = {v.form for c in result.clusters for v in c.variants}
    assert forms == {"Айман Умарова"}
