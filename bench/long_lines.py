"""Transliteration and reconciliation of one very long line: is the cost linear in its length?

    python bench/long_lines.py                 # lines of 1, 2, 5 and 10 MB
    python bench/long_lines.py --sizes 1 20    # other sizes (MB of UTF-8)

The line is the bundled dispatches (English, Kazakh, Russian, Uyghur, HTML reduced to text)
repeated with their line breaks turned into spaces until it is long enough: one document, one
line, the shape that exposes any cost quadratic in a line's length. Prints CPU seconds
(``time.process_time``: the machine is shared) for ``transliterate(line, "kk-Latn-bgn")`` and
``reconcile([line])`` at each size, and seconds per MB, which stays flat when the cost is
linear. The gazetteer is loaded before the clock starts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kznames import transliterate
from kznames.gazetteer import Gazetteer
from kznames.text import Document, html_text, reconcile

DISPATCHES = Path(__file__).resolve().parent.parent / "examples" / "dispatches"


def long_line(megabytes: float) -> str:
    """One line of about ``megabytes`` MB of UTF-8, cut at a word boundary."""
    texts = []
    for path in sorted(DISPATCHES.iterdir()):
        text = path.read_text(encoding="utf-8")
        texts.append(html_text(text) if path.suffix == ".html" else text)
    base = " ".join(" ".join(texts).split())
    copies = int(megabytes * 1e6 / len(base.encode("utf-8"))) + 1
    line = " ".join([base] * copies)
    cut = line.encode("utf-8")[: int(megabytes * 1e6)].decode("utf-8", errors="ignore")
    return cut.rsplit(" ", 1)[0]


def timed(function: object) -> float:
    start = time.process_time()
    function()  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5, 10], help="MB")
    args = parser.parse_args()
    Gazetteer.default()
    print(f"{'MB':>5} {'chars':>10} {'translit s':>11} {'s/MB':>6} {'reconcile s':>12} {'s/MB':>6}")
    for size in args.sizes:
        line = long_line(size)
        megabytes = len(line.encode("utf-8")) / 1e6
        translit = timed(lambda line=line: transliterate(line, "kk-Latn-bgn"))
        found = timed(lambda line=line: reconcile([Document("line", line)]))
        print(
            f"{megabytes:5.1f} {len(line):>10,} {translit:11.2f} {translit / megabytes:6.2f} "
            f"{found:12.2f} {found / megabytes:6.2f}"
        )


if __name__ == "__main__":
    main()
