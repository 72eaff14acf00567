"""Case endings: the nominatives a word may be a case of (``textdata/declension.tsv``), the
languages whose endings a document is read with, and the form a mention is clustered by."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

from .._memo import short_inputs_cache
from ..names import key
from .documents import Mention
from .tables import _declension, _endings, _given_genders, _Reading
from .words import _WORD, _main_script, _script_of, _short, _word_reading


def stems(word: str, languages: frozenset[str] | None = None) -> list[str]:
    """The nominatives the word may be a case of (longest ending first), of 3+ letters; a
    feminine surname stays as written. ``languages``: only the endings of these languages
    (``declension.tsv``'s first column; None: all), those of the document the word is in.

    >>> stems("Білаштың")[:1], stems("Bilash's"), stems("Ивановой")[:1], stems("Иванова")[:1]
    (['Білаш'], ['Bilash'], ['Иванова'], ['Иванова'])
    >>> stems("Хотана"), stems("Хотана", frozenset({"ru"}))
    (['Хота', 'Хотан'], ['Хотан'])
    """
    return list(
        dict.fromkeys(
            r.nominative
            for r in _nominatives(word)
            if r.use != "agree" and (languages is None or r.language in languages)
        )
    )


# Letters that only the Turkic Cyrillic alphabets write (Kazakh, Kyrgyz): a Cyrillic document
# with such words is read with Kazakh endings, one without with Russian ones.
_TURKIC_CYRILLIC: Final = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


# Share of a Cyrillic document's words that must carry such a letter for it to be Kazakh: a
# Russian article quoting a Kazakh name (Атажұрт еріктілері) stays Russian; Kazakh prose runs at
# 40-60 %.
_TURKIC_SHARE: Final = 0.25


def declension_languages(text: str) -> frozenset[str] | None:
    """The languages whose case endings are read off the words of a document: ``en`` for a Latin
    text, ``ug`` for Arabic script, ``kk`` or ``ru`` for Cyrillic (by the share of words with a
    letter only Kazakh or Kyrgyz writes), None (all) for other scripts. An ending of one
    language is a plain letter of a name in another: Russian Хотана is the genitive of Хотан,
    not a Kazakh dative of Хота.

    >>> declension_languages("Суд в Таразе."), declension_languages("Тараздағы сот.")
    (frozenset({'ru'}), frozenset({'kk'}))
    """
    script = _main_script(text)
    if script == "Latn":
        return frozenset({"en"})
    if script == "Arab":
        return frozenset({"ug"})
    if script != "Cyrl":
        return None
    words = [w for w in _WORD.findall(text) if _script_of(w[0]) == "Cyrl"]
    turkic = sum(1 for w in words if not _TURKIC_CYRILLIC.isdisjoint(w))
    return frozenset({"kk"}) if turkic > _TURKIC_SHARE * len(words) else frozenset({"ru"})


# Words recur through a document: each distinct word is read once. Longer words (no name is
# this long) are read each time rather than held in the memo.
_STEM_MEMO_LONGEST: Final = 40


def _nominatives(word: str) -> tuple[_Reading, ...]:
    """A reading for each declension row whose ending the word carries."""
    if len(word) > _STEM_MEMO_LONGEST:
        return _nominatives_of(word)
    return _nominatives_memo(word)


def _nominatives_of(word: str) -> tuple[_Reading, ...]:
    if not word.endswith(_endings()):  # one call in C rejects most words
        return ()
    found = []
    for ending, nominative, use, language, gender in _declension():
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if stem[-1].isalpha():
                found.append(_Reading(stem + nominative, use, language, gender))
    return tuple(found)


@short_inputs_cache(longest=_STEM_MEMO_LONGEST)
def _nominatives_memo(word: str) -> tuple[_Reading, ...]:
    return _nominatives_of(word)


def _in_case(word: str, languages: frozenset[str] | None) -> bool:
    """A word certainly in a case: it carries an ``always`` ending of one of ``languages``
    whose nominative is another word (Кашгарии → Кашгария, Білаштың → Білаш; not Иванова,
    which the feminine row keeps as written).

    >>> _in_case("Кашгарии", frozenset({"ru"})), _in_case("Иванова", frozenset({"ru"}))
    (True, False)
    """
    return any(
        r.use == "always" and r.nominative != word
        for r in _nominatives(word)
        if languages is None or r.language in languages
    )


def _given_name_in_case(word: str, matched: str, languages: frozenset[str] | None) -> bool:
    """A word the gazetteer matched through a case ending (``matched``, the stem) that another
    ending reads as a given name of the name frequency tables, other than the stem: before a
    capitalised word it starts a person's name (Марию Мамину: Мария, not the place Мари)."""
    names = _given_genders()
    return any(n.casefold() in names and n != matched for n in (word, *stems(word, languages)))


def _name_gender(given: str, readings: Sequence[_Reading]) -> str:
    """The gender a Russian name's first word shows: ``m`` or ``f`` when it is, as written or
    read through a Russian case ending, a given name of one gender in the name frequency tables
    (Аскара → Аскар, m; Анной → Анна, f); else "" (a word no ending reads as a given name of the
    tables, or a name of either gender)."""
    names = _given_genders()
    written = names.get(given.casefold(), "")
    if written:
        return written
    found = {
        names[folded]
        for r in readings
        if r.language == "ru"
        and (folded := r.nominative.casefold()) in names
        and r.gender in (names[folded], "-")
    }
    return next(iter(found)) if len(found) == 1 else ""


def nominative_name(name: str) -> str | None:
    """A Russian name of two or three words written in a case, in the nominative; None when it
    is not one. The first word must read, through a Russian case ending and not as written, as a
    given name of one gender in the name frequency tables (Аскара → Аскар; Александра is a
    woman's name as written, so Александра Иванова stays); each other word then takes the
    first Russian ending of that gender it carries (``declension.tsv``, longest first), or stays
    as written. A hyphenated word is read part by part: a hyphenated given name (Кассым-Жомарта)
    shows its gender by its last part (Жомарта → Жомарт), and each part reads through an ending
    or stays (Кассым-Жомарт). A similarity judges such a name both ways
    (:func:`kznames.similarity`).

    >>> nominative_name("Аскара Мамина"), nominative_name("Анной Ивановой")
    ('Аскар Мамин', 'Анна Иванова')
    >>> nominative_name("Маратом Ивановым"), nominative_name("Аскар Мамин")
    ('Марат Иванов', None)
    >>> nominative_name("Александра Иванова"), nominative_name("Мамина")
    (None, None)
    >>> nominative_name("Кассым-Жомарта Токаева"), nominative_name("Кассым-Жомарт Токаев")
    ('Кассым-Жомарт Токаев', None)
    """
    parts = name.split()
    if not 2 <= len(parts) <= 3 or not all(_script_of(p[0]) == "Cyrl" for p in parts):
        return None
    names = _given_genders()
    given = parts[0].split("-")
    if parts[0].casefold() in names or given[-1].casefold() in names or not all(given):
        return None  # a given name as written: the name is in the nominative
    gender = _name_gender(given[-1], _russian_readings(given[-1]))
    if not gender:
        return None
    words = [_in_the_nominative(parts[0], gender, names)]
    words.extend(_in_the_nominative(part, gender) for part in parts[1:])
    return " ".join(words)


def _russian_readings(word: str) -> tuple[_Reading, ...]:
    return tuple(r for r in _nominatives(word) if r.language == "ru")


def _in_the_nominative(word: str, gender: str, names: dict[str, str] | None = None) -> str:
    """``word`` with each hyphenated part through the first Russian ending of ``gender`` it
    carries, or as written; with ``names`` (a given name), only a reading that is a given name
    of that gender counts."""
    out = []
    for part in word.split("-"):
        pick = part
        for r in _russian_readings(part):
            if r.gender not in ("-", gender):
                continue
            if names is not None and names.get(r.nominative.casefold()) != gender:
                continue
            pick = r.nominative
            break
        out.append(pick)
    return "-".join(out)


def _form(
    mention: Mention,
    surface_keys: set[str],
    name_words: set[str],
    gazetteer_keys: set[str],
    languages: frozenset[str] | None = None,
    gazetteer_spellings: frozenset[str] = frozenset(),
    full_name_words: frozenset[str] = frozenset(),
) -> str:
    """The surface with each word in its nominative (``textdata/declension.tsv``, the endings
    of the document's ``languages``); a gazetteer mention keeps the form its match went
    through (the surface, or the stem the gazetteer knows).

    A nominative from an ``always`` ending is read off; one from a ``seen`` ending only when it
    is a name seen elsewhere (the key of another mention, a word of one, or a gazetteer key:
    one of four letters or fewer only as the gazetteer spells it, so Айгерим is not Айгер), or
    when another word of the name carries a Russian ``always`` ending (Russian declines every
    word of a name alike: Анной Ивановой → Анна Иванова). In a Russian name the given name's
    gender (:func:`_name_gender`) keeps the surname's: only endings of that gender are read, an
    ``agree`` ending too (Аскара Мамина → Аскар Мамин; Марию Мамину → Мария Мамина). A lone
    surname takes an ``agree`` ending's nominative when the document names a person with it in
    full and never writes the lone form so (``full_name_words``, the words of the document's
    names of several words): По словам Токаева beside Касым-Жомарт Токаев is Токаев's genitive,
    not a woman. A Kazakh or Uyghur ending is read off the last word only, the one that carries
    it.
    """
    surface = mention.surface
    if mention.origin == "gazetteer":
        return mention.form
    own = key(surface)
    if own in gazetteer_keys and not _in_case(surface, languages):
        return surface

    def seen(candidate: str) -> bool:
        return candidate in name_words or (candidate in surface_keys and candidate != own)

    def in_gazetteer(name: str) -> bool:
        if key(name) not in gazetteer_keys:
            return False
        if _short(_WORD.findall(name)):
            return unicodedata.normalize("NFC", name).casefold() in gazetteer_spellings
        return True

    parts = surface.split(" ")
    options = [
        tuple(o for o in _nominatives(part) if languages is None or o.language in languages)
        for part in parts
    ]
    agree = any(
        o.use == "always" and o.language == "ru" and o.nominative != part
        for part, found in zip(parts, options, strict=True)
        for o in found
    )
    gender = _name_gender(parts[0], options[0]) if len(parts) > 1 else ""
    if len(parts) == 1 and surface not in full_name_words:
        for o in options[0]:
            if o.use == "agree" and o.nominative in full_name_words:
                return o.nominative  # the full name's surname, in a case
    chosen: list[str] = []
    for number, (part, found) in enumerate(zip(parts, options, strict=True)):
        last = number == len(parts) - 1
        # The given name read in a case: the other words of the name are in that case.
        oblique = number > 0 and chosen[0] != parts[0]
        pick = part
        for o in found:
            if not last and o.language != "ru":
                continue
            if gender and o.gender not in ("-", gender):
                continue  # the surname keeps the gender of the given name
            if o.use == "agree" and o.gender != gender:
                continue
            whole = " ".join([*chosen, o.nominative, *parts[number + 1 :]])
            if (
                o.use != "seen"
                or (agree and o.language == "ru")
                or (oblique and o.gender == gender)
                or (
                    number == 0
                    and gender
                    and _given_genders().get(o.nominative.casefold()) == gender
                )
                or in_gazetteer(whole)
                or seen(key(whole))
                or _word_reading(o.nominative) in name_words
            ):
                pick = o.nominative
                break
        chosen.append(pick)
    return " ".join(chosen)
