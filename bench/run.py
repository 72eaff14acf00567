"""kznames benchmarks: one run, kznames and its peers measured side by side on the same corpus.

    make bench            # or: python bench/run.py [--names N]

Prints names per second for each engine and the ratio kznames / peer (> 1 means kznames is
faster). Goals (issue 2): ratio >= 1.0 against ICU's BGN transforms; `import kznames` < 150 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import icu

import kznames
from corpus import CORPORA, names
from kznames.schemes import get_scheme


def rate(func: Callable[[str], object], corpus: list[str], repeat: int = 3) -> float:
    """Best-of-``repeat`` names per second of calling ``func`` on each name."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for name in corpus:
            func(name)
        times.append(time.perf_counter() - start)
    return len(corpus) / min(times)


def clear_memos(tag: str) -> None:
    from kznames import translit

    translit._memo.clear()
    forward = get_scheme(tag).forward
    forward._cache.clear()
    forward._chunks.clear()


def kznames_rate(tag: str, source: str, corpus: list[str]) -> float:
    """Names per second in one pass from empty memos: each distinct word is computed once."""
    clear_memos(tag)
    start = time.perf_counter()
    for name in corpus:
        kznames.transliterate(name, tag, source=source)
    return len(corpus) / (time.perf_counter() - start)


def import_time_ms() -> float:
    code = "import time; t=time.perf_counter(); import kznames; print(time.perf_counter()-t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=50_000, help="names per corpus")
    args = parser.parse_args()

    print(f"kznames {kznames.__version__}, ICU {icu.ICU_VERSION}, Python {sys.version.split()[0]}")
    print(f"import kznames: {import_time_ms():.0f} ms (goal < 150 ms)\n")
    header = f"{'transform':<28}{'corpus':<17}{'kznames/s':>12}{'ICU/s':>12}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    pairs = [
        ("kk", "kk-Cyrl", "kk-Latn-bgn", "Kazakh-Latin/BGN"),
        ("ru", "ru-Cyrl", "ru-Latn-bgn", "Russian-Latin/BGN"),
    ]
    ok = True
    for lang, source, tag, icu_id in pairs:
        transform = icu.Transliterator.createInstance(icu_id)
        for label in CORPORA:
            corpus = names(lang, args.names, label)
            icu_rate = rate(transform.transliterate, corpus)
            ours = kznames_rate(tag, source, corpus)
            ratio = ours / icu_rate
            ok &= ratio >= 1.0
            print(
                f"{source + ' -> ' + tag:<28}{label:<17}{ours:>12,.0f}{icu_rate:>12,.0f}"
                f"{ratio:>8.2f}"
            )
    print("\nkznames: one pass from empty memos; ICU: best of 3 passes (it keeps no memo).")
    print("goal: ratio >= 1.0 on every row:", "met" if ok else "NOT met")
    print()
    key_benchmark(args.names)
    return 0


def _mixed_corpus(count: int, corpus: str) -> list[str]:
    """A mixed-script record column: Kazakh and Russian Cyrillic, English-press Latin, Uyghur
    Arabic script and Chinese renderings, a fifth each."""
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


def key_benchmark(count: int) -> None:
    """Match-key throughput, cold (unique tokens) and warm (repeated tokens), beside peers."""
    from anyascii import anyascii
    from unidecode import unidecode

    from kznames import names as names_layer
    from kznames import phonetic

    icu_latin = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")
    peers: dict[str, Callable[[str], object]] = {
        "unidecode": unidecode,
        "anyascii": anyascii,
        "ICU Any-Latin": icu_latin.transliterate,
    }
    header = f"{'match key':<28}{'corpus':<17}{'kznames/s':>12}" + "".join(
        f"{p + '/s':>16}" for p in peers
    )
    print(header)
    print("-" * len(header))
    for label, corpus in (("cold", "unique tokens"), ("warm", "repeated tokens")):
        mixed = _mixed_corpus(count, corpus)
        for memo in (phonetic._pivot_memo, phonetic._fine_memo, phonetic._key_memo):
            memo.clear()
        start = time.perf_counter()
        for name in mixed:
            names_layer.key(name)
        ours = len(mixed) / (time.perf_counter() - start)
        row = f"{'key(name)':<28}{label + ': ' + corpus:<17}{ours:>12,.0f}"
        for peer in peers.values():
            row += f"{rate(peer, mixed, repeat=1):>16,.0f}"
        print(row)
    print("goal (issue 4): cold >= 300k names/s, warm >= 1M names/s on one core")


if __name__ == "__main__":
    raise SystemExit(main())
