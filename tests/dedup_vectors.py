"""Names with the clusters deduplication must give, shared by every engine's tests.

Each row is (name, label): rows with one label must share a cluster, rows with two labels must
not. A label of None marks a row without a name, which is a cluster of its own.
"""

from __future__ import annotations

VECTORS: list[tuple[str | None, str | None]] = [
    # One man in five spellings, two scripts, both name orders.
    ("Serikzhan Bilash", "bilash"),
    ("Серікжан Білаш", "bilash"),
    ("Серикжан Билаш", "bilash"),
    ("Serikjan Bilash", "bilash"),
    ("BILASH, Serikzhan", "bilash"),
    # A typo (Umanova) joins its person; a man and a woman of one surname stay apart.
    ("Aiman Umarova", "umarova"),
    ("Айман Умарова", "umarova"),
    ("Aiman Umanova", "umarova"),
    ("Sergey Ivanov", "ivanov"),
    ("Сергей Иванов", "ivanov"),
    ("Elena Ivanova", "ivanova"),
    ("Елена Иванова", "ivanova"),
    # Two men of one surname (a conflict, not a spelling).
    ("POPOV Dimitri", "popov-d"),
    ("POPOV Pavel", "popov-p"),
    # A patronymic written or dropped, and a Kazakh -uly.
    ("Kassym-Jomart Tokayev", "tokayev"),
    ("Касым-Жомарт Кемелевич Токаев", "tokayev"),
    ("Қасым-Жомарт Тоқаев", "tokayev"),
    # A compound hyphenated, spaced, joined, in Cyrillic.
    ("Ata-Jurt", "atajurt"),
    ("Atajurt", "atajurt"),
    ("Ata Jurt", "atajurt"),
    ("Атажұрт", "atajurt"),
    # Names no key joins, which the gazetteer knows are one city.
    ("Almaty", "almaty"),
    ("Alma-Ata", "almaty"),
    ("Верный", "almaty"),
    ("Astana", "astana"),
    ("Tselinograd", "astana"),
    ("Nur-Sultan", "astana"),
    # Chinese renderings and Uyghur script of one man.
    ("Ilham Tohti", "tohti"),
    ("伊力哈木·土赫提", "tohti"),
    ("ئىلھام توختى", "tohti"),
    # Rows without a name.
    (None, None),
    ("", None),
    ("   ", None),
    ("Serikzhan Bilash", "bilash"),
]


def partition_problems(labels: list[str | None], cluster_ids: list[int]) -> list[str]:
    """What is wrong with ``cluster_ids`` against the labels, one line a problem."""
    problems = []
    by_label: dict[str, set[int]] = {}
    by_cluster: dict[int, set[str | None]] = {}
    for row, (label, cluster_id) in enumerate(zip(labels, cluster_ids, strict=True)):
        by_cluster.setdefault(cluster_id, set()).add(label if label is not None else f"#{row}")
        if label is not None:
            by_label.setdefault(label, set()).add(cluster_id)
    for label, clusters in sorted(by_label.items()):
        if len(clusters) > 1:
            problems.append(f"{label} split over clusters {sorted(clusters)}")
    for cluster_id, members in sorted(by_cluster.items()):
        if len(members) > 1:
            problems.append(f"cluster {cluster_id} joins {sorted(map(str, members))}")
    return problems
