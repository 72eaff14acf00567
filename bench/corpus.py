"""Name corpora for the benchmarks: Kazakh and Russian full names in Cyrillic.

Given names and surnames are common ones (facts, not anyone's list); full names are drawn with a
Zipf-like weight so tokens repeat as they do in real records. ``unique=True`` adds a counter-built
syllable to every surname so that no token repeats (the cold, worst case for memoisation).
"""

from __future__ import annotations

import random

KAZAKH_GIVEN = [
    "Серікжан",
    "Лейла",
    "Айман",
    "Нұрсұлтан",
    "Қасым-Жомарт",
    "Ерлан",
    "Әділжан",
    "Бауыржан",
    "Гүлнар",
    "Мұхтар",
    "Айгүл",
    "Дәурен",
    "Жансая",
    "Ержан",
    "Қайрат",
    "Әсел",
    "Нұржан",
    "Сәуле",
    "Бақытжан",
    "Айдос",
    "Ғалым",
    "Шыңғыс",
    "Мейрамбек",
    "Жұлдыз",
    "Өмірзақ",
    "Ұлжан",
    "Түркістан",
    "Құралай",
    "Ақбота",
    "Еркебұлан",
]
KAZAKH_SURNAMES = [
    "Білаш",
    "Әділжан",
    "Тоқаев",
    "Назарбаев",
    "Әуезов",
    "Құнанбаев",
    "Сүлейменов",
    "Жұмабаев",
    "Бөкейханов",
    "Мұқанов",
    "Оспанов",
    "Тәжібаев",
    "Қалиев",
    "Сәрсенбаев",
    "Әбдірахманов",
    "Жақыпов",
    "Ысқақов",
    "Ғабитов",
    "Ұзақов",
    "Төлегенов",
]
RUSSIAN_GIVEN = [
    "Сергей",
    "Елена",
    "Дмитрий",
    "Юрий",
    "Ольга",
    "Алексей",
    "Наталья",
    "Андрей",
    "Татьяна",
    "Евгений",
    "Ирина",
    "Михаил",
    "Светлана",
    "Владимир",
    "Анастасия",
    "Николай",
    "Юлия",
    "Артём",
    "Екатерина",
    "Фёдор",
]
RUSSIAN_SURNAMES = [
    "Дуванов",
    "Васильева",
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Петров",
    "Волков",
    "Соловьёв",
    "Васильев",
    "Зайцев",
    "Павлов",
    "Семёнов",
    "Голубев",
    "Виноградов",
    "Объедков",
]

# Uyghur names in Arabic script (UEY) and Chinese renderings of Uyghur names, as they appear in
# Xinjiang records.
UYGHUR_GIVEN = ["ئەخمەت", "مۇھەممەت", "ئابدۇللا", "تۇرسۇن", "گۈلنار", "ئىلھام", "راھىلە", "ئەركىن"]
UYGHUR_SURNAMES = ["تۇرسۇن", "داۋۇت", "قاسىم", "توختى", "زاكىر", "نۇر", "سايىت", "ئىمىن"]
CHINESE_GIVEN = ["买买提", "阿不都", "吐尔逊", "古丽", "伊力哈木", "热依拉", "艾尔肯", "努尔"]
CHINESE_SURNAMES = ["达吾提", "哈斯木", "土赫提", "扎克尔", "木拉提", "阿迪力", "帕尔哈提", "江"]

_SYLLABLES = ["ба", "ке", "ті", "мұ", "ров", "ев", "жан", "бек", "ша", "ғы", "ың", "өз", "ұл", "са"]


def _zipf_choice(rng: random.Random, items: list[str]) -> str:
    weights = [1 / (rank + 1) for rank in range(len(items))]
    return rng.choices(items, weights)[0]


# Syllables that make a token new, in each corpus's own script.
_SCRIPT_SYLLABLES = {
    "ug": ["با", "كە", "تى", "مۇ", "رو", "جان", "بەك", "شا", "غى", "ڭا", "ئۆز", "ئۇل", "سا"],
    "zh": list("巴克提木江别沙古孜尔热依拉达"),
}


def syllable_number(number: int, syllables: list[str]) -> str:
    """``number`` written with ``syllables`` as its digits, lowest first: a new word for each
    number (also ``reconcile_scale.py``'s surnames)."""
    out = []
    while True:
        number, digit = divmod(number, len(syllables))
        out.append(syllables[digit])
        if not number:
            return "".join(out)


def _counter_syllables(number: int, language: str = "kk") -> str:
    return syllable_number(number, _SCRIPT_SYLLABLES.get(language, _SYLLABLES))


CORPORA = ("repeated names", "repeated tokens", "unique tokens")


def names(language: str, count: int, corpus: str = "repeated tokens", seed: int = 7) -> list[str]:
    """``count`` full names in ``language`` ('kk', 'ru', 'ug' or 'zh'), from one of :data:`CORPORA`.

    * ``repeated names`` — given name and surname, both Zipf-drawn: whole names repeat, as in a
      column of one country's records.
    * ``repeated tokens`` — given name, father's name and surname: tokens repeat but almost every
      full name is new, as in a national register.
    * ``unique tokens`` — every surname is new: no memo helps (the worst case).
    """
    rng = random.Random(seed)
    given, surnames = {
        "kk": (KAZAKH_GIVEN, KAZAKH_SURNAMES),
        "ru": (RUSSIAN_GIVEN, RUSSIAN_SURNAMES),
        "ug": (UYGHUR_GIVEN, UYGHUR_SURNAMES),
        "zh": (CHINESE_GIVEN, CHINESE_SURNAMES),
    }[language]
    out = []
    for i in range(count):
        surname = _zipf_choice(rng, surnames)
        first = _zipf_choice(rng, given)
        if corpus == "repeated names":
            out.append(f"{first} {surname}")
        elif corpus == "repeated tokens":
            father = rng.choice(given).split("-")[0]
            out.append(f"{first} {father} {surname}{_counter_syllables(i % 97, language)}")
        else:
            out.append(f"{first} {surname}{_counter_syllables(i, language)}")
    return out
