"""kznames benchmarks: keys, transliteration and similarity beside their peers, in one run.

    make bench                               # or: python bench/run.py [--names N]
    python bench/run.py --against a7efd85    # also the code of another revision, same run

Prints names (or pairs) per second for kznames and for the peers measured in the same process
on the same data: unidecode, anyascii and ICU's ``Any-Latin`` for keys, ICU's BGN/PCGN
transforms and unidecode for transliteration, rapidfuzz's ratio over unidecode and over ICU
output for similarity, and rapidfuzz's Levenshtein distance beside kznames's weighted edit
distance of two keys. A ratio is kznames / peer (> 1: kznames is faster). Both engines of this
code are measured, each in its own worker: ``compiled`` (the Cython core, ``make core`` or an
install) and ``python`` (``KZNAMES_PURE=1``).

Data nobody tuned on: the spellings of the ``report`` half of ../shared/eval (the groups the
project measures on, never fits on; split by :func:`kznames.evaluate.half_of`), and generated
names whose surnames are built from syllables (``bench/corpus.py``), so that a cold pass meets
only new tokens. **cold**: every memo emptied before the pass (each name and token is new to
kznames); **warm**: tokens repeat with a Zipf law, names are mostly new; **seen**: a second pass
over names already keyed. kznames runs best of two cold passes, the peers (which keep no memo)
best of three.

Rates are CPU time of this process (``time.process_time``), for kznames and peers alike: the
machine is shared, and wall time would measure the neighbours. ``--against REV`` measures
``git archive REV src`` in a second worker process on the same data, for before/after figures,
with that revision's compiled core built in place when it has one (the row is labelled
``REV/py`` when it could not be built and the Python engine ran).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import names
from revisions import archive, ratio

REPO = Path(__file__).resolve().parent.parent
# ../shared beside the clone, as the tests find it (or $KZNAMES_SHARED).
SHARED = Path(os.environ.get("KZNAMES_SHARED") or REPO.parent / "shared")
EVAL_FILES = ("dev_groups.tsv", "news_groups.tsv")

Corpora = dict[str, list[str]]
Pairs = dict[str, list[tuple[str, str]]]


# ---------------------------------------------------------------------------------------------
# Data (built once by the parent, read by every worker)


def eval_report_half() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Distinct spellings of the report half, its Cyrillic ones, and similarity pairs: every
    same-group pair of the half and as many seeded random cross-group pairs."""
    from kznames.evaluate import half_of

    groups: dict[str, list[str]] = {}
    cyrillic: list[str] = []
    for name in EVAL_FILES:
        lines = (SHARED / "eval" / name).read_text(encoding="utf-8").splitlines()[1:]
        for line in lines:
            fields = line.split("\t")
            if len(fields) < 4 or half_of(fields[0]) != "report":
                continue
            groups.setdefault(fields[0], []).append(fields[2])
            if fields[3].startswith("Cyrl"):
                cyrillic.append(fields[2])
    spellings = sorted({s for members in groups.values() for s in members})
    same = [pair for members in groups.values() for pair in combinations(sorted(members), 2)]
    rng = random.Random(19)
    different = [tuple(rng.sample(spellings, 2)) for _ in same]
    return spellings, sorted(set(cyrillic)), same + [(a, b) for a, b in different]


def mixed(count: int, corpus: str) -> list[str]:
    """A mixed-script record column: Kazakh and Russian Cyrillic, English-press Latin, Uyghur
    Arabic script and Chinese renderings, a fifth each."""
    import kznames

    part = count // 5
    columns = [
        names("kk", part, corpus),
        names("ru", part, corpus),
        [
            kznames.transliterate(n, "kk-Latn-press").text
            for n in names("kk", part, corpus, seed=11)
        ],
        names("ug", part, corpus),
        names("zh", part, corpus),
    ]
    return [name for row in zip(*columns, strict=True) for name in row]


def build_data(count: int) -> dict[str, object]:
    import kznames

    spellings, cyrillic, eval_pairs = eval_report_half()
    cold, warm = mixed(count, "unique tokens"), mixed(count, "repeated tokens")
    rng = random.Random(7)
    # Generated pairs: a Kazakh name against its press spelling, or two random names.
    kk = names("kk", count // 4, "unique tokens", seed=23)
    generated_pairs = [(n, kznames.transliterate(n, "kk-Latn-press").text) for n in kk]
    generated_pairs += [(rng.choice(cold), rng.choice(cold)) for _ in kk]
    return {
        "keys": {"eval report half": spellings, "generated, cold": cold, "generated, warm": warm},
        "translit": {
            "eval report half, Cyrillic": cyrillic,
            "kk, cold": names("kk", count, "unique tokens"),
            "kk, warm": names("kk", count, "repeated tokens"),
            "ru, cold": names("ru", count, "unique tokens"),
            "ru, warm": names("ru", count, "repeated tokens"),
        },
        "pairs": {"eval report half": eval_pairs, "generated": generated_pairs},
    }


# ---------------------------------------------------------------------------------------------
# Measuring (in a worker process)


def clear_memos() -> None:
    """Empty every per-input memo of kznames (not its compiled schemes): the next call on any
    name is cold. Found by kind, so that it works on the code of any revision."""
    from kznames.schemes.engine import Rewriter

    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("kznames"):
            continue
        for attribute, value in list(vars(module).items()):
            if attribute.endswith("_memo") and hasattr(value, "clear"):
                value.clear()  # a dict, or a kznames._memo.Memo
            info = getattr(value, "cache_info", None)
            if info is None:
                continue
            # A short_inputs_cache (its CacheInfo has no maxsize: a per-input memo), or an
            # lru_cache of inputs (large), not of loaded data (maxsize 1 or unbounded).
            stats = info()
            if not hasattr(stats, "maxsize") or (stats.maxsize or 0) >= 1000:
                value.cache_clear()
    for obj in gc.get_objects():
        if isinstance(obj, Rewriter):
            for attribute in ("_cache", "_chunks"):
                memo = getattr(obj, attribute, None)
                if hasattr(memo, "clear"):
                    memo.clear()


def once(func: Callable[[str], object], corpus: Sequence[str]) -> float:
    start = time.process_time()
    for item in corpus:
        func(item)
    return len(corpus) / max(time.process_time() - start, 1e-9)


def once_pairs(func: Callable[[str, str], object], pairs: Sequence[tuple[str, str]]) -> float:
    start = time.process_time()
    for a, b in pairs:
        func(a, b)
    return len(pairs) / max(time.process_time() - start, 1e-9)


def best_cold(measure: Callable[[], float], repeat: int = 2) -> float:
    rates = []
    for _ in range(repeat):
        clear_memos()
        rates.append(measure())
    return max(rates)


def worker(data_path: Path) -> dict[str, object]:
    import icu
    from anyascii import anyascii
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein
    from unidecode import unidecode

    import kznames

    data = json.loads(data_path.read_text(encoding="utf-8"))
    any_latin = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")
    bgn = {
        "kk": icu.Transliterator.createInstance("Kazakh-Latin/BGN"),
        "ru": icu.Transliterator.createInstance("Russian-Latin/BGN"),
    }
    # Warm-up: compile every scheme the passes use and import pypinyin, outside the timing.
    for corpus in data["keys"].values():
        for name in corpus[:50]:
            kznames.key(name)
    kznames.similarity("Серікжан Білаш", "Serikzhan Bilash")
    kznames.transliterate("Серікжан", "kk-Latn-bgn", source="kk-Cyrl")
    kznames.transliterate("Сергей", "ru-Latn-bgn", source="ru-Cyrl")

    out: dict[str, object] = {
        "kznames": kznames.__file__,
        "icu": icu.ICU_VERSION,
        # The engine that ran (code before issue 19's core has only the Python one).
        "engine": kznames.engine() if hasattr(kznames, "engine") else "python",
    }
    keys: dict[str, dict[str, float]] = {}
    peers: dict[str, Callable[[str], object]] = {
        "unidecode": unidecode,
        "anyascii": anyascii,
        "ICU Any-Latin": any_latin.transliterate,
    }
    for label, corpus in data["keys"].items():
        row = {"fresh": best_cold(lambda c=corpus: once(kznames.key, c))}
        row["seen"] = once(kznames.key, corpus)  # the same names again: memo hits
        for peer, func in peers.items():
            row[peer] = max(once(func, corpus) for _ in range(3))
        keys[label] = row
    out["keys"] = keys

    translit: dict[str, dict[str, float]] = {}
    for label, corpus in data["translit"].items():
        lang = "ru" if label.startswith("ru") else "kk"
        tag, source = f"{lang}-Latn-bgn", f"{lang}-Cyrl"

        def ours(name: str, tag: str = tag, source: str = source) -> object:
            return kznames.transliterate(name, tag, source=source)

        translit[label] = {
            "kznames": best_cold(lambda c=corpus, f=ours: once(f, c)),
            "ICU BGN": max(once(bgn[lang].transliterate, corpus) for _ in range(3)),
            "unidecode": max(once(unidecode, corpus) for _ in range(3)),
        }
    out["translit"] = translit

    def uni_ratio(a: str, b: str) -> float:
        return float(fuzz.ratio(unidecode(a), unidecode(b)))

    def icu_ratio(a: str, b: str) -> float:
        return float(fuzz.ratio(any_latin.transliterate(a), any_latin.transliterate(b)))

    similarity: dict[str, dict[str, float]] = {}
    for label, pairs in data["pairs"].items():
        pairs = [tuple(p) for p in pairs]
        similarity[label] = {
            "kznames": best_cold(lambda p=pairs: once_pairs(kznames.similarity, p)),
            "seen": once_pairs(kznames.similarity, pairs),  # the same pairs again
            "unidecode + rapidfuzz": max(once_pairs(uni_ratio, pairs) for _ in range(3)),
            "ICU + rapidfuzz": max(once_pairs(icu_ratio, pairs) for _ in range(3)),
        }
    out["similarity"] = similarity

    # The weighted edit distance of two fine keys (the similarity's inner loop), unmemoised,
    # against rapidfuzz's Levenshtein distance (C++, unit costs, no edits listed) on the same keys.
    from kznames import score
    from kznames.phonetic import fine_key, tokens

    distance = getattr(score._distance, "__wrapped__", score._distance)
    distances: dict[str, dict[str, float]] = {}
    for label, pairs in data["pairs"].items():
        key_pairs = [
            (fine_key(ta), fine_key(tb))
            for a, b in pairs
            for ta, tb in zip(tokens(a), tokens(b), strict=False)
        ]
        distances[label] = {
            "kznames": max(once_pairs(distance, key_pairs) for _ in range(3)),
            "rapidfuzz Levenshtein": max(
                once_pairs(Levenshtein.distance, key_pairs) for _ in range(3)
            ),
        }
    out["distance"] = distances
    return out


def import_time_ms(env: dict[str, str]) -> float:
    code = "import time; t=time.perf_counter(); import kznames; print(time.perf_counter()-t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


# ---------------------------------------------------------------------------------------------
# Report (the parent)


def run_worker(data_path: Path, src: Path, pure: bool = False) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), str(Path(__file__).parent)]))
    env["KZNAMES_PURE"] = "1" if pure else "0"
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(data_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the worker for {src} failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout)
    expected = src.resolve()
    if not Path(str(result["kznames"])).resolve().is_relative_to(expected):
        raise SystemExit(f"the worker imported {result['kznames']}, not the code in {expected}")
    result["import_ms"] = import_time_ms(env)
    return result


def table(
    title: str, results: list[tuple[str, dict[str, object]]], section: str, ours: Sequence[str]
) -> None:
    """One section: kznames' rates per code version, each peer's, and kznames / peer."""
    first = results[0][1][section]
    assert isinstance(first, dict)
    peers = [p for p in next(iter(first.values())) if p not in ours]
    print(f"\n{title}")
    widths = [max(12, len(p) + 4) for p in peers]
    header = f"{'corpus':<28}{'code':<10}{'measure':<9}{'kznames/s':>11}" + "".join(
        f"{p + '/s':>{w}}{'ratio':>7}" for p, w in zip(peers, widths, strict=True)
    )
    print(header)
    print("-" * len(header))
    for label in first:
        for version, result in results:
            rows = result.get(section)
            if rows is None:
                continue  # a revision that does not measure this
            assert isinstance(rows, dict)
            row = rows[label]
            for measure in ours:
                line = f"{label:<28}{version:<10}{measure:<9}{row[measure]:>11,.0f}"
                for peer, width in zip(peers, widths, strict=True):
                    line += f"{row[peer]:>{width},.0f}{ratio(row[measure], row[peer], 7)}"
                print(line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=20_000, help="generated names per corpus")
    parser.add_argument("--against", metavar="REV", help="also measure this git revision's code")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0

    started = time.perf_counter()
    if not (SHARED / "eval").is_dir():
        parser.error(
            f"{SHARED / 'eval'} not found: put shared/ beside the clone or set KZNAMES_SHARED"
        )
    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.json"
        data_path.write_text(json.dumps(build_data(args.names)), encoding="utf-8")
        compiled = run_worker(data_path, REPO / "src")
        results = [(str(compiled["engine"]), compiled)]
        if compiled["engine"] == "compiled":
            results.append(("python", run_worker(data_path, REPO / "src", pure=True)))
        else:
            print("the compiled core is not built (make core): the Python engine only")
        if args.against:
            old = archive(args.against, Path(tmp) / "old")
            before = run_worker(data_path, old)
            label = args.against[:9] if before["engine"] == "compiled" else args.against[:6] + "/py"
            results.append((label, before))

    print(f"Python {sys.version.split()[0]}, ICU {results[0][1]['icu']}; rates are CPU time")
    for version, result in results:
        print(f"import kznames ({version}): {result['import_ms']:.0f} ms")
    table("Match keys (names/s): kznames.key", results, "keys", ("fresh", "seen"))
    table(
        "Transliteration to BGN/PCGN (names/s), from empty memos",
        results,
        "translit",
        ("kznames",),
    )
    table(
        "Similarity (pairs/s), from empty memos: kznames.similarity",
        results,
        "similarity",
        ("kznames", "seen"),
    )
    table(
        "Weighted edit distance of two keys (pairs/s), unmemoised",
        results,
        "distance",
        ("kznames",),
    )
    for version, other in results[1:]:
        print(f"\n{results[0][0]} / {version} (kznames from empty memos):")
        for section, measure in (
            ("keys", "fresh"),
            ("translit", "kznames"),
            ("similarity", "kznames"),
            ("distance", "kznames"),
        ):
            now, before = results[0][1][section], other[section]
            assert isinstance(now, dict)
            assert isinstance(before, dict)
            for label in now:
                if label in before:  # a revision before the distance section has none
                    speedup = ratio(now[label][measure], before[label][measure])
                    print(f"  {section:<11}{label:<28}{speedup}x")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
