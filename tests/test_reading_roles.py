"""Issue 17, session 12: role words before names (``stopwords.tsv``'s ``role`` kind), a short
key matched through a spelling read into the name's scheme, a single candidate reported as
itself, Russian nouns in -ия read back from their cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from kznames.errors import DataFileError
from kznames.gazetteer import Gazetteer
from kznames.text import Document, reconcile
from support import cluster_of as _cluster_of
from support import mentions_found as _mentions

_G = Gazetteer.default()


def test_a_name_after_a_role_is_cut_from_the_role_and_what_qualifies_it() -> None:
    assert _mentions("Foreign Minister Murat Nurtleu met the press.") == [
        ("Murat Nurtleu", "name-like")
    ]
    # Words qualifying the role (Deputy Foreign) take none of the four capitalised words a
    # span holds at most; a people before a role stays a people (an adjective of one).
    assert _mentions("Kazakh Deputy Foreign Minister Murat Nurtleu Abenuly spoke.") == [
        ("Kazakh", "gazetteer"),
        ("Murat Nurtleu Abenuly", "name-like"),
    ]
    assert _mentions("Вчера МИД Мурат Нуртле заявил о визите.") == [("Мурат Нуртле", "name-like")]
    result = reconcile([Document("en", "Foreign Minister Murat Nurtleu met the press.")])
    assert _cluster_of(result, "Murat Nurtleu")[1] == {"Murat Nurtleu"}
    # A role word alone, or last, is trimmed as a stop word is.
    assert _mentions("The Minister spoke.") == []


def test_a_role_word_in_a_case_neither_names_a_person_nor_lengthens_a_place() -> None:
    for text in (
        "Қазақстан Республикасының Президенті сөз сөйледі.",
        "Қазақстан Президенті сөз сөйледі.",
    ):
        found = _mentions(text)
        assert [origin for _, origin in found] == ["gazetteer"], found
        assert found[0][0].startswith("Қазақстан")
        assert not any("Президент" in surface for surface, _ in found)
        result = reconcile([Document("kk", text)])
        assert [c.entity_id for c in result.clusters] == ["country-kz"]
    assert _mentions("Министра Мурата Нуртле встретили.")[0][0] == "Мурата Нуртле"


def test_a_stopword_row_of_unknown_kind_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kznames.text import tables

    (tmp_path / "stopwords.tsv").write_text(
        "language\tword\tkind\nen\tThe\tstop\nen\tMinister\ttitle\n", encoding="utf-8"
    )
    monkeypatch.setattr(tables, "textdata", lambda name: tmp_path / name)
    cached = (tables._stopword_rows, tables._stopwords, tables._roles)
    for function in cached:
        function.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"stopwords.tsv:3: Minister: kind 'title'"):
            tables._stopwords()
    finally:
        monkeypatch.undo()
        for function in cached:
            function.cache_clear()


def test_role_words_are_stop_words_too() -> None:
    from kznames.text.tables import _roles, _stopwords

    assert {"minister", "президент", "мид"} <= _roles()
    assert _roles() <= _stopwords()
    assert "monday" in _stopwords() - _roles()
    assert _mentions("President Tokayev spoke.") == [("Tokayev", "name-like")]
    assert _mentions("Президент Тоқаев сөйледі.") == [("Тоқаев", "name-like")]


def test_a_short_key_is_identified_through_a_variant_read_into_the_name_s_scheme() -> None:
    # Достық (kk-Cyrl) is written Достык in Russian: the key dstk is four letters, so the
    # spelling must agree, read into the name's scheme.
    assert _G.identify("Достык") is _G.entities["gn1524537"]
    result = reconcile([Document("ru", "Поезд прибыл в Достык.")])
    assert _cluster_of(result, "Достык")[0] == "gn1524537"
    # Not across scripts, nor from a variant of no stated language: Иван stays apart from
    # Ewen, a pinyin reading of 俄文, and "ok" from Oix.
    assert _G.identify("Иван") is None
    assert _G.identify("ok") is None


def test_a_single_candidate_is_not_called_homonyms() -> None:
    from kznames.text.clustering import Cluster

    one = Cluster("", "", "Name", (), ambiguous=("gn1",))
    two = Cluster("", "", "Name", (), ambiguous=("gn1", "gn2"))
    assert one.identity == "gazetteer candidate, not certain: gn1"
    assert two.identity == "gazetteer homonyms: gn1, gn2"
    assert Cluster("", "", "Name", ()).identity == "not in gazetteer"


@pytest.mark.parametrize(
    ("word", "nominative"),
    [("Швеции", "Швеция"), ("Италии", "Италия"), ("Киргизии", "Киргизия"), ("Марии", "Мария")],
)
def test_a_noun_in_iya_is_read_back_from_its_cases(word: str, nominative: str) -> None:
    from kznames.text.declension import stems

    found = stems(word, frozenset({"ru"}))
    assert found[0] == nominative
    # A feminine -ь has a consonant before it: no reading ends in a vowel and a soft sign.
    assert not any(s.endswith(("иь", "ь")) for s in found)
    assert stems("Перми", frozenset({"ru"}))[0] == "Пермь"


def test_russian_nouns_in_iya_take_their_nominative_in_running_text() -> None:
    result = reconcile(
        [
            Document("a", "Он живёт в Швеции."),
            Document("b", "Швеция и Италия. Брат живёт в Италии, а сестра в Киргизии."),
        ]
    )
    forms = {v.form for c in result.clusters for v in c.variants}
    assert {"Швеция", "Италия", "Киргизия"} <= forms
    assert not any(f.endswith("иь") or f == "Швеци" for f in forms)
    assert _cluster_of(result, "Италия")[0] == "country-it"
    # A masculine given name keeps -ий: о Василии Иванове is Василий Иванов, not Василия.
    (found,) = reconcile([Document("c", "Мы писали о Василии Иванове.")]).clusters
    assert found.canonical == "Василий Иванов"
    (found,) = reconcile([Document("d", "Мы встретили Марию Иванову.")]).clusters
    assert found.canonical == "Мария Иванова"


def test_ili_alone_is_the_prefecture_and_yining_the_city() -> None:
    # 伊犁 alone is the prefecture's short name (伊犁州, 伊犁哈萨克自治州); the city, its seat,
    # is 伊宁 / Yining / Ghulja. GeoNames listed the prefecture's names among the city's
    # (伊梨, Yili, I-li, Ili Diqu): dropped by data/curation/places.tsv.
    for name in ["伊犁", "伊犁州", "伊梨", "Yili", "Ili", "Іле", "Или", "ئىلى"]:
        assert _G.lookup(name, kind="place")[0].entity.entity_id == "xj-ili", name
    for name in ["伊犁", "伊犁州", "Yili", "Іле"]:
        assert _G.identify(name) is _G.entities["xj-ili"], name
    for name in ["伊宁", "Yining", "Ghulja", "Kulja", "Құлжа", "غۇلجا"]:
        assert _G.lookup(name, kind="place")[0].entity.entity_id == "gn1529435", name
    city = {v.variant for v in _G.variants if v.entity_id == "gn1529435"}
    assert not city & {"伊梨", "伊犁哈萨克自治州", "Yili", "I-li", "Ili Diqu"}


def test_a_gazetteer_word_after_a_given_name_is_a_surname() -> None:
    # Auezov is spelled as a gazetteer variant (a place named after the writer), but after a
    # given name of the name frequency tables (by its key: Mukhtar) it is his surname.
    assert _mentions("The writer Mukhtar Auezov told his life.") == [
        ("Mukhtar Auezov", "name-like")
    ]
    assert _mentions("Mahmud Kashgari compiled a dictionary.") == [("Mahmud Kashgari", "name-like")]
    # A place in a case after a name is where the person is (Kazakh word order), even when
    # the name's last word is a given name too (Ақан, Сауытбай).
    assert _mentions("Оның інісі Нұрбол Ақан Талдықорғанда сөйледі.")[-1] == (
        "Талдықорғанда",
        "gazetteer",
    )
    assert ("Алматыда", "gazetteer") in _mentions("Сайрагүл Сауытбай Алматыда сөйледі.")
    # After a capitalised word that is no given name the gazetteer spelling stays the place.
    assert ("Kashgar", "gazetteer") in _mentions("They walked through Old Kashgar at dawn.")


def test_title_case_words_of_a_name_found_elsewhere_are_one_mention() -> None:
    text = (
        "Abai Kunanbayev: Poet Of The Steppe\n\n"
        "Abai Kunanbayev was born in 1845 in the Chingistau hills.\n"
    )
    result = reconcile([Document("poet", text)])
    assert _cluster_of(result, "Abai Kunanbayev")[1] == {"Abai Kunanbayev"}
    assert sum(v.count for c in result.clusters for v in c.variants if "Abai" in v.form) == 2
    assert not any(v.form == "Kunanbayev" for c in result.clusters for v in c.variants)


def test_a_lone_word_joins_a_full_name_by_its_first_or_last_word_only() -> None:
    # Тунис shares a key with Tennis, the middle word of an organisation's name: no join.
    result = reconcile(
        [
            Document("en", "The Kazakhstan Tennis Federation backed her."),
            Document("ru", "Она обыграла соперницу из Туниса."),
        ]
    )
    assert _cluster_of(result, "Kazakhstan Tennis Federation")[1] == {
        "Kazakhstan Tennis Federation"
    }
    # A surname, the last word, still joins.
    result = reconcile([Document("d", "Aiman Umarova spoke. Umarova said more.")])
    assert _cluster_of(result, "Umarova")[1] == {"Aiman Umarova", "Umarova"}


def test_a_word_certainly_in_a_case_is_read_through_its_nominative_only() -> None:
    # Кашгарии (о Кашгарии, an "always" ending) has the key of Кашгар as written: it is read as
    # Кашгария, the nominative, and reported so.
    result = reconcile([Document("ru", "Валиханов написал очерк о Кашгарии.")])
    forms = {v.form for c in result.clusters for v in c.variants}
    assert "Кашгария" in forms
    assert "Кашгарии" not in forms
    # A Kazakh genitive still finds the name it declines.
    result = reconcile(
        [Document("kk", "Білаштың адвокаты сөйледі."), Document("en", "Serikzhan Bilash spoke.")]
    )
    assert _cluster_of(result, "Білаш")[0] == "bilash"
