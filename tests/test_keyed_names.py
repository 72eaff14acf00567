"""Names that only a key finds: a Chinese rendering with no middle dot (a run of transcription
characters, textdata/han-transcription.tsv) and a Uyghur spelling of a place the gazetteer
spells only in other scripts (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kznames.errors import DataFileError
from kznames.gazetteer import Gazetteer
from kznames.text import Document, find_mentions, reconcile
from kznames.text.tables import _han_transcription

_G = Gazetteer.default()


def _mentions(text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.form, m.origin) for m in find_mentions(Document("d", text), _G)]


def _cluster_of(result_text: list[str], form: str) -> tuple[str, str]:
    result = reconcile([Document(f"d{i}", t) for i, t in enumerate(result_text)])
    for cluster in result.clusters:
        for variant in cluster.variants:
            if variant.form == form:
                return cluster.entity_id, variant.why
    raise AssertionError(f"{form} not found")


def test_the_transcription_table_is_data_with_the_characters_of_names() -> None:
    table = _han_transcription()
    assert len(table) > 250
    assert set("托卡耶夫米尔济约扎帕罗") <= table
    assert not set("和在的大是") & table  # common words a run must not swallow


def test_a_surname_in_chinese_without_a_dot_joins_its_person() -> None:
    assert ("托卡耶夫", "托卡耶夫", "name-like") in _mentions(
        "托卡耶夫总统在阿斯塔纳会见了习近平。"
    )
    entity, why = _cluster_of(
        ["Kassym-Jomart Tokayev met Xi Jinping.", "托卡耶夫总统在阿斯塔纳会见了习近平。"],
        "托卡耶夫",
    )
    assert entity == "tokayev"
    assert why.startswith("lone surname: '托卡耶夫' is a part of '卡瑟姆-若马尔特·托卡耶夫'")


def test_a_run_matches_only_at_its_ends_and_only_by_a_gazetteer_key() -> None:
    # Common words of transcription characters, and the middle of a longer rendering.
    assert _mentions("大多数人认为东西方的差别很大。") == []
    assert _mentions("克里斯蒂娜是他的同事。") == []
    # A place at the end of a run that a verb's character opens (抵达阿克套).
    assert ("阿克套", "阿克套", "gazetteer") in _mentions("他抵达阿克套。")


def test_uyghur_spellings_of_places_the_gazetteer_spells_otherwise() -> None:
    found = _mentions("ئاندىن ئۇ ئاقتاۋغا باردى. ئۇنىڭ ئىنىسى تالدىقورغاندا سۆزلىدى.")
    assert ("ئاقتاۋغا", "ئاقتاۋ", "gazetteer") in found
    assert ("تالدىقورغاندا", "تالدىقورغان", "gazetteer") in found
    # ئۇنىڭ ("his") shares a match key with Yining, ئاقان with Yeken: not by fine key.
    assert not any(s in ("ئۇنىڭ", "ئىنىسى") for s, _, _ in found)
    assert _mentions("قايشا ئاقان تۇتۇلغان.") == []
    entity, _ = _cluster_of(["Tokayev flew to Aktau.", "ئۇ ئاقتاۋغا باردى."], "ئاقتاۋ")
    assert entity == "gn610612"


_SPELLED = {v.variant for v in _G.variants}
_COMMON = "的是在了和有大这人中上为们地个用工时要动国产以我到会"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_COMMON + "托卡耶夫", max_size=40))
def test_text_of_common_characters_names_no_one(text: str) -> None:
    # Common characters are no transcription characters: among them only a gazetteer name as
    # spelled (中国) or a run of three or more of the four of 托卡耶夫 is a name.
    assert not set(_COMMON) & _han_transcription()
    for surface, _, _ in _mentions(text):
        if surface not in _SPELLED:
            assert set(surface) <= set("托卡耶夫")
            assert len(surface) >= 3


def test_a_bad_transcription_row_names_its_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kznames.text import tables as text

    table = tmp_path / "han-transcription.tsv"
    table.write_text("# t\ntable\tcharacter\ngeneral\t阿\ngeneral\t托卡\nrussian\tx\n", "utf-8")
    monkeypatch.setattr(text, "textdata", lambda name: tmp_path / name)
    text._han_transcription.cache_clear()
    try:
        with pytest.raises(DataFileError, match=f"{table}:4: '托卡': one Chinese character"):
            text._han_transcription()
    finally:
        monkeypatch.undo()
        text._han_transcription.cache_clear()
