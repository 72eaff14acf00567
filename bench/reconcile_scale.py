"""reconcile on text full of distinct names the gazetteer does not know: does its cost grow with
the text's length, or faster?

    python bench/reconcile_scale.py                      # 0.25, 1 and 5 MB
    python bench/reconcile_scale.py --sizes 0.25 1 5 20
    python bench/reconcile_scale.py --sizes 0.25 --against 5d1ce71   # also that revision's code

The text (``text(megabytes)``, seeded) is sentences in Russian, Kazakh and English, each naming
two or three people whose surnames are new (a surname built from a counter's syllables, as in
``bench/corpus.py``'s ``unique tokens``), in Cyrillic and in Latin letters; one sentence in
eight names someone by surname alone, and one in sixteen by a misprint of a surname seen before
(a letter changed): the one-word forms reconcile's context step joins to a full name. One
document, the shape issue 20 measured (20 MB of distinct names).

Each size runs in a fresh process (``--one``), so that memory is that size's: **wall** seconds,
**cpu** seconds of the process and its worker processes (the machine is shared: CPU time is the
steadier figure), **peak MB** the process's maximum resident set (``ru_maxrss``; workers are
separate processes of about the size of a fresh interpreter with the gazetteer), mentions and
clusters, and cost per MB against the smallest size: flat when the cost is linear. The
gazetteer is loaded before the clock starts. ``--against REV`` runs the same text through
``git archive REV src data`` (the code and its gazetteer tables) in the same way and says
whether the results are identical (clusters, variants, reasons and every mention); its
compiled core is built in place when it has one (``bench/revisions.py``, as for
``bench/run.py``). **engine**: ``compiled`` when kznames's compiled core (issue 19, ``make
core``) is built in the tree, else ``python``; ``--pure`` runs the Python engine everywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import syllable_number
from revisions import archive, ratio

ROOT = Path(__file__).resolve().parent.parent

_GIVEN_CYRILLIC = ["Серікжан", "Айман", "Ерлан", "Гүлнар", "Мұхтар", "Дәурен", "Жансая", "Қайрат"]
_GIVEN_RUSSIAN = ["Сергей", "Ольга", "Дмитрий", "Ирина", "Андрей", "Наталья", "Юрий", "Елена"]
_GIVEN_LATIN = ["Serikzhan", "Aiman", "Yerlan", "Gulnar", "Mukhtar", "Dauren", "Zhansaya", "Kairat"]
_BASES_CYRILLIC = ["Білаш", "Оспан", "Жұмабай", "Сәрсен", "Тоқ", "Қали", "Мұқан", "Әуез"]
_BASES_LATIN = ["Bilash", "Ospan", "Zhumabai", "Sarsen", "Tok", "Kali", "Mukan", "Auez"]
_SYLLABLES_CYRILLIC = ["ба", "ке", "ті", "мұ", "ро", "жан", "бек", "ша", "ғы", "са", "ту", "ле"]
_SYLLABLES_LATIN = ["ba", "ke", "ti", "mu", "ro", "zhan", "bek", "sha", "gy", "sa", "tu", "le"]


def _misprint(word: str, rng: random.Random) -> str:
    """The word with one inner letter replaced by its neighbour in the word."""
    if len(word) < 5:
        return word
    at = rng.randrange(2, len(word) - 1)
    return word[:at] + word[at - 1] + word[at + 1 :]


def text(megabytes: float, seed: int = 20) -> str:
    """About ``megabytes`` MB (UTF-8) of sentences naming distinct people."""
    rng = random.Random(seed)
    limit = int(megabytes * 1e6)
    parts: list[str] = []
    size = 0
    counter = 0
    surnames: list[str] = []

    def person(latin: bool, russian: bool = False) -> str:
        nonlocal counter
        counter += 1
        if latin:
            given = rng.choice(_GIVEN_LATIN)
            surname = rng.choice(_BASES_LATIN) + syllable_number(counter, _SYLLABLES_LATIN) + "ov"
        else:
            given = rng.choice(_GIVEN_RUSSIAN if russian else _GIVEN_CYRILLIC)
            surname = rng.choice(_BASES_CYRILLIC) + syllable_number(counter, _SYLLABLES_CYRILLIC)
            surname += "ов"
        surnames.append(surname)
        return f"{given} {surname}"

    while size < limit:
        kind = rng.randrange(16)
        if kind == 0 and surnames:
            sentence = f"Later that day the court heard {_misprint(rng.choice(surnames), rng)}."
        elif kind in (1, 2) and surnames:
            sentence = f"Reporters said that {rng.choice(surnames)} had left the city."
        elif kind < 7:
            sentence = f"{person(False, True)} сегодня встретился с {person(False, True)} в городе."
        elif kind < 11:
            sentence = f"Кеше {person(False)} мен {person(False)} Алматыда кездесті."
        else:
            sentence = f"On Monday {person(True)} met {person(True)} and {person(True)} in Almaty."
        parts.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
    return " ".join(parts)


def _one(megabytes: float) -> dict[str, object]:
    """Reconcile ``text(megabytes)`` in this process (whatever ``kznames`` it imports)."""
    from kznames.gazetteer import Gazetteer
    from kznames.text import Document, reconcile

    document = Document("names", text(megabytes))
    gazetteer = Gazetteer.default()
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = reconcile([document], gazetteer=gazetteer)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) + (
        children.ru_utime + children.ru_stime
    )
    shown = json.dumps(
        [
            result.to_dict(),
            [[m.start, m.end, m.surface, m.form, m.origin] for m in result.mentions],
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    import kznames

    engine = getattr(kznames, "engine", lambda: "python")  # before issue 19: Python only
    return {
        "engine": engine(),
        "megabytes": len(document.text.encode("utf-8")) / 1e6,
        "wall": wall,
        "cpu": cpu,
        "peak_mb": after.ru_maxrss / 1024,
        "mentions": len(result.mentions),
        "clusters": len(result.clusters),
        "digest": hashlib.sha256(shown.encode("utf-8")).hexdigest()[:16],
    }


def _run(megabytes: float, source: Path, pure: bool) -> dict[str, object]:
    environment = {"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"}
    if pure:
        environment["KZNAMES_PURE"] = "1"
    completed = subprocess.run(
        [sys.executable, __file__, "--one", str(megabytes)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(completed.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 1, 5], help="MB")
    parser.add_argument("--against", help="a git revision to run the same texts with")
    parser.add_argument(
        "--pure", action="store_true", help="the Python engine (KZNAMES_PURE=1) in every run"
    )
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one)))
        return
    sources = {"this tree": ROOT / "src"}
    with tempfile.TemporaryDirectory() as folder:
        if args.against:
            sources[args.against] = archive(args.against, Path(folder), ("src", "data"))
        print(
            f"{'code':>10} {'engine':>8} {'MB':>5} {'mentions':>9} {'clusters':>9} {'wall s':>8} "
            f"{'cpu s':>8} {'cpu s/MB':>9} {'x 1st':>6} {'peak MB':>8}  digest"
        )
        for label, source in sources.items():
            first = None
            for size in args.sizes:
                row = _run(size, source, args.pure)
                per_mb = float(row["cpu"]) / float(row["megabytes"])  # type: ignore[arg-type]
                first = first or per_mb
                print(
                    f"{label[:10]:>10} {row['engine']:>8} {row['megabytes']:5.2f} "
                    f"{row['mentions']:>9,} {row['clusters']:>9,} {row['wall']:8.1f} "
                    f"{row['cpu']:8.1f} {per_mb:9.1f} "
                    f"{ratio(per_mb, first)} {row['peak_mb']:8.0f}  {row['digest']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
