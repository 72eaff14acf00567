"""Synthetic name records with known truth, for the deduplication benchmark.

People: a Kazakh or Russian given name, a surname (common ones, and surnames built the way
Kazakh surnames are, from a name or from syllables, with -ов/-ев), sometimes a patronymic. Each
row spells one person as real records do: Kazakh or Russified Cyrillic, or a Latin romanization
(2021 alphabet, press, BGN/PCGN, ICAO, GOST), in either name order, with or without the
patronymic, and with noise: a typo, a Latin/Cyrillic homoglyph, upper or lower case, extra
spaces. Places: spellings of gazetteer places that have no homonym.

People are told apart by their names, as the benchmark assumes: any two given names of the
pool differ by three or more letter edits, and so do any two surnames, so a one-letter typo never
turns one person into another (a real population has such pairs; no method can separate them by
name, so they would measure the generator, not the method). Rows per person follow a Zipf-like
law, 50 rows per person on average.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import kznames
from corpus import KAZAKH_GIVEN, KAZAKH_SURNAMES, RUSSIAN_GIVEN, RUSSIAN_SURNAMES
from kznames.gazetteer import Gazetteer

# Common Kazakh given names besides the corpus's (facts: names, no one's list).
MORE_KAZAKH_GIVEN = [
    "Асқар",
    "Бақыт",
    "Динара",
    "Мадина",
    "Тимур",
    "Арман",
    "Болат",
    "Жанар",
    "Гүлмира",
    "Нұрлан",
    "Данияр",
    "Ардақ",
    "Самал",
    "Әлия",
    "Айжан",
    "Мақсат",
    "Ботагөз",
    "Қуаныш",
    "Ләззат",
    "Бекзат",
    "Раушан",
    "Талғат",
    "Меруерт",
    "Ескендір",
    "Зарина",
    "Оралхан",
    "Сымбат",
    "Темірлан",
    "Аружан",
    "Ғани",
]
GIVEN = KAZAKH_GIVEN + MORE_KAZAKH_GIVEN + RUSSIAN_GIVEN
_RUSSIFY = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_SYLLABLES = [
    "ай",
    "бол",
    "ер",
    "жан",
    "қан",
    "мұр",
    "нұр",
    "сай",
    "тал",
    "ұз",
    "бақ",
    "дәу",
    "ес",
    "қас",
    "тұр",
    "ал",
    "бек",
    "кен",
    "жар",
    "ораз",
    "сұл",
    "ман",
    "ғал",
    "шай",
]
_HOMOGLYPHS = str.maketrans("aeopcxAEOPCXаеорсхАЕОРСХ", "аеорсхАЕОРСХaeopcxAEOPCX")
# How a row is written: (weight, scheme of the Kazakh name, scheme of the Russified name).
_FORMS = [
    (30, "kk-Cyrl"),
    (20, "ru-Cyrl"),
    (18, "kk-Latn-press"),
    (8, "kk-Latn"),
    (6, "kk-Latn-bgn"),
    (10, "ru-Latn-icao"),
    (5, "ru-Latn-bgn"),
    (3, "ru-Latn-gost"),
]


@dataclass(frozen=True, slots=True)
class Person:
    given: str
    surname: str
    patronymic: str


def edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def separated(words: list[str], apart: int = 3) -> list[str]:
    """The words, in order, leaving out each one within ``apart`` - 1 edits of a kept one
    (compared lower-cased, with Kazakh letters read as their Russian counterparts)."""
    kept: list[str] = []
    plain: list[tuple[str, Counter[str]]] = []
    for word in words:
        form = word.lower().translate(_RUSSIFY)
        letters = Counter(form)
        close = False
        for other, other_letters in plain:
            if abs(len(form) - len(other)) >= apart:
                continue
            # Each edit changes the letter counts by at most two: a cheap lower bound first.
            differ = sum(((letters - other_letters) + (other_letters - letters)).values())
            if (differ + 1) // 2 < apart and edits(form, other) < apart:
                close = True
                break
        if not close:
            kept.append(word)
            plain.append((form, letters))
    return kept


def _surnames(rng: random.Random) -> list[str]:
    built = {given + "ов" for given in GIVEN if "-" not in given}
    for first in _SYLLABLES:
        for second in _SYLLABLES:
            for third in ("", *_SYLLABLES[:12]):
                if len({first, second, third}) == 3 or (not third and first != second):
                    root = first + second + third
                    built.add(root.capitalize() + ("ев" if root[-1] in "йжшщчц" else "ов"))
    real = sorted(set(KAZAKH_SURNAMES) | set(RUSSIAN_SURNAMES))
    made = sorted(built - set(real))
    rng.shuffle(made)
    return separated(real + made[:3000])


def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def people(count: int, seed: int = 11) -> list[Person]:
    rng = random.Random(seed)
    surnames = _surnames(rng)
    givens = separated([g for g in GIVEN if "-" not in g])
    female = {
        g
        for g in givens
        if g.endswith(("а", "я", "гүл", "нар", "ұлжан", "әсел", "сәуле", "гөз", "шан", "ерт"))
        or g in ("Айжан", "Аружан", "Сымбат", "Самал", "Ләззат")
    }
    fathers = [g for g in givens if g not in female]
    made: list[Person] = []
    keys: set[str] = set()
    attempts = 0
    while len(made) < count and attempts < count * 20:
        attempts += 1
        given = rng.choice(givens)
        surname = rng.choice(surnames)
        if given in female:
            surname = _feminine(surname)
        patronymic = ""
        if rng.random() < 0.5:
            father = rng.choice(fathers)
            patronymic = father + ("қызы" if given in female else "ұлы")
        name_key = kznames.key(f"{given} {surname}")
        if name_key in keys:
            continue
        keys.add(name_key)
        made.append(Person(given, surname, patronymic))
    return made


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    change = rng.randrange(3)
    if change == 0:
        return word[:i] + word[i + 1 :]
    if change == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("аеиолнрст" if word[i] > "z" else "aeiolnrst") + word[i + 1 :]


def render(rng: random.Random, person: Person) -> str:
    scheme = rng.choices([f[1] for f in _FORMS], [f[0] for f in _FORMS])[0]
    parts = [person.given, person.surname]
    if rng.random() < 0.6:
        parts.reverse()
    if person.patronymic and rng.random() < 0.4:
        parts.insert(1 if parts[0] == person.given else 2, person.patronymic)
    if scheme.startswith("ru"):
        parts = [p.translate(_RUSSIFY) for p in parts]
    text = " ".join(parts)
    if scheme not in ("kk-Cyrl", "ru-Cyrl"):
        source = "ru-Cyrl" if scheme.startswith("ru") else "kk-Cyrl"
        text = kznames.transliterate(text, scheme, source=source).text
    noise = rng.random()
    if noise < 0.05:
        words = text.split()
        index = rng.randrange(len(words))
        words[index] = _typo(rng, words[index])
        text = " ".join(words)
    elif noise < 0.07:
        text = text.translate(_HOMOGLYPHS) if rng.random() < 0.5 else text[:1] + text[1:]
    elif noise < 0.17:
        text = text.upper()
    elif noise < 0.22:
        text = text.lower()
    elif noise < 0.27:
        text = "  " + text.replace(" ", "  ") + " "
    if rng.random() < 0.05 and len(text.split()) >= 2:
        first, rest = text.split(maxsplit=1)
        text = f"{first}, {rest}"
    return text


def places(gazetteer: Gazetteer) -> list[tuple[str, list[str]]]:
    """Gazetteer places with no homonym and three or more spellings, with their spellings."""
    entangled = {e for pair in gazetteer.homonyms for e in pair}
    by_entity: dict[str, list[str]] = {}
    for variant in gazetteer.variants:
        entity = gazetteer.entities[variant.entity_id]
        if entity.kind == "place" and entity.entity_id not in entangled:
            by_entity.setdefault(entity.entity_id, []).append(variant.variant)
    return sorted((e, sorted(set(v))) for e, v in by_entity.items() if len(set(v)) >= 3)


def records(rows: int, seed: int = 11, place_share: float = 0.1) -> Iterator[tuple[str, str]]:
    """``rows`` (name, truth id) pairs: people and places, Zipf-like repeats."""
    rng = random.Random(seed)
    persons = people(max(1, rows // 50), seed)
    place_pool = places(Gazetteer.default())
    person_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(persons))]
    place_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(place_pool))]
    person_picks = rng.choices(range(len(persons)), person_weights, k=rows)
    place_picks = rng.choices(range(len(place_pool)), place_weights, k=rows)
    for row in range(rows):
        if rng.random() < place_share:
            entity, spellings = place_pool[place_picks[row]]
            yield rng.choice(spellings), entity
        else:
            index = person_picks[row]
            yield render(rng, persons[index]), f"person-{index}"
