"""Generic words of rivers, lakes, sites and companies (``kznames.text.heads``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kznames.errors import DataFileError
from kznames.text import heads, tables
from kznames.text.heads import (
    generic_heads,
    han_head,
    head_after,
    head_before,
    head_word,
    split_head,
)
from kznames.text.words import _WORD


@pytest.mark.parametrize(
    ("name", "part", "cls"),
    [
        ("Ili River", "Ili", "river"),
        ("Lake Balkhash", "Balkhash", "lake"),
        ("озеро Балхаш", "Балхаш", "lake"),
        ("Семипалатинского ядерного полигона", "Семипалатинского", "test-site"),
        ("Семей ядролық сынақ полигонын", "Семей", "test-site"),
        ("Қытай ұлттық мұнай-газ корпорациясы", "Қытай", "company"),
        ("Всемирного банка", "Всемирного", "bank"),
        ("ئىلى دەرياسى", "ئىلى", "river"),
        ("جۇڭغار ئويمانلىقىنىڭ", "جۇڭغار", "basin"),
        ("قاپچىغاي سۇ ئامبىرى", "قاپچىغاي", "reservoir"),
        ("塞米巴拉金斯克核试验场", "塞米巴拉金斯克", "test-site"),
        ("中国石油天然气集团公司", "中国石油天然气", "company"),
        ("湖南卫视", "湖南", "broadcaster"),
        # A court named with its rank (the rule of tests/data/reconcile/README.md).
        ("Жаркент аудандық соты", "Жаркент", "district-court"),
        ("Панфиловского районного суда", "Панфиловского", "district-court"),
        ("阿克苏地区中级人民法院", "阿克苏地区", "intermediate-court"),
    ],
)
def test_a_name_with_its_generic_word_splits_into_name_and_class(
    name: str, part: str, cls: str
) -> None:
    found = split_head(name)
    assert found is not None
    assert (found[0], found[1].cls) == (part, cls)


@pytest.mark.parametrize(
    "name",
    ["Almaty", "Сауытбай", "Aral", "哈萨克斯坦", "River", "河", "Жаркенттегі сот", "扎尔肯特法院"],
)
def test_a_name_without_a_generic_word_does_not_split(name: str) -> None:
    assert split_head(name) is None


def test_a_head_takes_a_case_ending_and_nothing_else() -> None:
    assert head_word("полигона", "полигон")
    assert head_word("полигонын", "полигоны")
    assert head_word("көлінде", "көлі")
    assert head_word("دەرياسىغا", "دەرياسى")
    assert not head_word("көлігі", "көлі")  # its vehicle, not its lake
    assert not head_word("тауып", "тауы")  # finding, not its mountain
    assert not head_word("банкротство", "банк")
    assert not head_word("река-", "река")


def test_heads_after_and_before_a_word_and_in_chinese() -> None:
    text = "Kazakhstan built the Kokaral dam on the North Aral Sea; озеро Балхаш."
    words = list(_WORD.finditer(text))
    index = {m.group(): n for n, m in enumerate(words)}
    after = head_after(text, words, index["dam"])
    assert after is not None
    assert after[1].cls == "dam"
    assert head_after(text, words, index["built"]) is None
    before = head_before(text, words, index["Балхаш"])
    assert before is not None
    assert before[1].cls == "lake"
    # Punctuation between the head and the name: no head.
    text = "the lake. Балхаш"
    assert head_before(text, list(_WORD.finditer(text)), 2) is None
    chinese = "中国石油天然气集团公司和哈萨克斯坦"
    found = han_head(chinese, 2)
    assert found is not None
    assert chinese[: found[0]] == "中国石油天然气集团公司"
    # An org's head is not looked for across a conjunction.
    assert han_head("中国和哈萨克斯坦公司", 2) is None


def test_every_row_of_the_table_is_read() -> None:
    rows = [
        line
        for line in (Path(heads.__file__).parent.parent / "textdata" / "generic-heads.tsv")
        .read_text("utf-8")
        .splitlines()
        if line and not line.startswith("#")
    ]
    assert len(generic_heads()) == len(rows) - 1  # the header
    assert {h.language for h in generic_heads()} == {"en", "ru", "kk", "ug", "zh"}


def test_a_bad_row_is_an_error_naming_its_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    table = tmp_path / "generic-heads.tsv"
    table.write_text(
        "language\thead\tkind\tclass\tposition\n"
        "en\tRiver\tfeature\triver\tafter\n"
        "en\tBank\tshop\tbank\tafter\n"
        "en\tLake\tfeature\tlake\taround\n"
        "en\t\tfeature\tlake\tafter\n",
        "utf-8",
    )
    monkeypatch.setattr(tables, "textdata", lambda name: tmp_path / name)
    generic_heads.cache_clear()
    heads._by_position.cache_clear()
    try:
        with pytest.raises(DataFileError) as error:
            generic_heads()
        message = str(error.value)
        assert f"{table}:3: Bank: kind 'shop'" in message
        assert f"{table}:4: Lake: position 'around'" in message
        assert f"{table}:5: 5 non-empty fields expected" in message
    finally:
        monkeypatch.undo()
        generic_heads.cache_clear()
        heads._by_position.cache_clear()
        heads._after_by_start.cache_clear()


@given(st.text(max_size=30))
def test_split_head_never_fails_and_keeps_a_prefix(name: str) -> None:
    found = split_head(name)
    if found is not None:
        part, head = found
        assert part
        assert head.cls
        assert name.startswith(part) or name.endswith(part)


def _head_after_every_head(text: str, words: list[Any], j: int) -> tuple[int, Any] | None:
    """head_after as it was before the heads were filed by their first letters: every head of
    position ``after`` tried in table order."""
    for head in heads._by_position()["after"]:
        n = len(head.words)
        if j + n <= len(words) and all(
            head_word(words[j + k].group(), stem)
            and (k == 0 or not text[words[j + k - 1].end() : words[j + k].start()].strip())
            for k, stem in enumerate(head.words)
        ):
            return n, head
    return None


_HEAD_WORDS = sorted({w for h in generic_heads() for w in h.words if h.position != "suffix"})


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_HEAD_WORDS).map(str.title),
            st.sampled_from(_HEAD_WORDS),
            st.tuples(
                st.sampled_from(_HEAD_WORDS), st.sampled_from(["а", "ы", "нда", "'s", "сы"])
            ).map("".join),
            st.text(alphabet="abкқсоaиİIıßς ", min_size=1, max_size=6),
        ),
        max_size=8,
    ),
    st.sampled_from([" ", ", ", "  "]),
)
def test_head_after_finds_what_trying_every_head_finds(parts: list[str], glue: str) -> None:
    """Filing the heads by their first two letters changes no answer (and reconcile's answer
    on the bench's text is identical by digest: bench/reconcile_scale.py --against)."""
    text = glue.join(parts)
    words = list(_WORD.finditer(text))
    for j in range(len(words) + 1):
        assert head_after(text, words, j) == _head_after_every_head(text, words, j)
