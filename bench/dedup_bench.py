"""Deduplication benchmark: synthetic records with known truth, kznames engines and a Splink
baseline on the same rows, side by side.

    make bench-dedup                 # 10k, 100k and 1M rows; python, duckdb, spark (local[2])
    python bench/dedup_bench.py --rows 10000 --engines python duckdb --splink

Prints, for each size and engine: wall time, peak memory (summed proportional set size of the
process and its workers, sampled; each size in a fresh process; for spark this includes the
JVM and its Python workers, and the time includes starting the session), compared pairs,
pairwise and B-cubed precision / recall / F1 against the truth, and the 1M / 100k cost ratio.
Goals (issue 6): 1M rows in <= 120 s and <= 2 GB, 1M <= 12 x 100k, precision >= 0.98,
recall >= 0.95.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from dedup_data import records


def pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def quality(predicted: Sequence[object], truth: Sequence[object]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of a clustering against the truth."""
    cells = Counter(zip(predicted, truth, strict=True))
    by_cluster = Counter(predicted)
    by_truth = Counter(truth)
    together = pairs(cells)
    precision = together / max(pairs(by_cluster), 1)
    recall = together / max(pairs(by_truth), 1)
    rows = len(truth)
    b3_precision = sum(n * n / by_cluster[c] for (c, _), n in cells.items()) / rows
    b3_recall = sum(n * n / by_truth[t] for (_, t), n in cells.items()) / rows
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-12),
        "b3_precision": b3_precision,
        "b3_recall": b3_recall,
        "b3_f1": 2 * b3_precision * b3_recall / max(b3_precision + b3_recall, 1e-12),
    }


def dedup_records(rows: int, engine: str, truth: list[str] | None = None) -> tuple[Any, float]:
    """The benchmark's ``rows`` records (:func:`dedup_data.records`) deduplicated by one engine:
    the result and its seconds (the records' generation not counted); each row's truth id is
    appended to ``truth`` when given."""
    import kznames

    names: list[str] = []
    for name, truth_id in records(rows):
        names.append(name)
        if truth is not None:
            truth.append(truth_id)
    start = time.perf_counter()
    result = kznames.dedup(names, engine=engine)  # type: ignore[arg-type]
    return result, time.perf_counter() - start


def run_kznames(rows: int, engine: str) -> dict[str, object]:
    truth: list[str] = []
    result, seconds = dedup_records(rows, engine, truth)
    figures = quality(result.cluster_ids, truth)
    return {"seconds": seconds, **result.summary(), **figures}


def run_splink(rows: int) -> dict[str, object]:
    from splink_baseline import cluster_with_splink

    data = list(records(rows))
    start = time.perf_counter()
    clusters, compared = cluster_with_splink([n for n, _ in data])
    seconds = time.perf_counter() - start
    figures = quality(clusters, [t for _, t in data])
    return {"seconds": seconds, "compared_pairs": compared, **figures}


def _pss_kib(pid: int) -> int:
    """Proportional set size of one process: shared pages divided among their sharers, so the
    sum over a parent and its forked workers is the memory they use together."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _family(pid: int) -> list[int]:
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child_pid in children:
        found.extend(_family(int(child_pid)))
    return found


class MemorySampler(threading.Thread):
    """The peak, sampled every 250 ms, of the summed PSS of this process and its workers."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            total = sum(_pss_kib(pid) for pid in _family(os.getpid()))
            self.peak_kib = max(self.peak_kib, total)
            time.sleep(0.25)


def child(args: argparse.Namespace) -> None:
    """One measurement in this process; prints JSON with the peak memory."""
    sampler = MemorySampler()
    sampler.start()
    out = run_splink(args.rows) if args.engine == "splink" else run_kznames(args.rows, args.engine)
    sampler.running = False
    sampler.join()
    if sampler.peak_kib:
        out["peak_mb"] = sampler.peak_kib / 1024
    else:  # no /proc: the process's own peak resident set
        out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def measure(rows: int, engine: str, script: str = __file__) -> dict[str, object]:
    """``script --child --rows ROWS --engine ENGINE`` in a fresh process: the JSON of its last
    line, or ``{"error": its last line of stderr}``."""
    command = [sys.executable, script, "--child", "--rows", str(rows), "--engine", engine]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=["python", "duckdb", "spark"])
    parser.add_argument("--splink", action="store_true", help="add the Splink baseline")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="python", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.rows = args.rows[0]
        child(args)
        return
    engines = [*args.engines, *(["splink"] if args.splink else [])]
    header = (
        f"{'rows':>9} {'engine':<7} {'seconds':>8} {'peak MB':>8} {'pairs':>10} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}"
    )
    print(header)
    seconds: dict[tuple[str, int], float] = {}
    for rows in args.rows:
        for engine in engines:
            out = measure(rows, engine)
            if "error" in out:
                print(f"{rows:>9} {engine:<7} error: {out['error']}")
                continue
            seconds[(engine, rows)] = float(out["seconds"])  # type: ignore[arg-type]
            print(
                f"{rows:>9} {engine:<7} {out['seconds']:>8.1f} {out['peak_mb']:>8.0f} "
                f"{out['compared_pairs']:>10} {out['precision']:>6.3f} {out['recall']:>6.3f} "
                f"{out['f1']:>6.3f} {out['b3_precision']:>6.3f} {out['b3_recall']:>6.3f} "
                f"{out['b3_f1']:>6.3f}",
                flush=True,
            )
    for engine in engines:
        small, large = seconds.get((engine, 100_000)), seconds.get((engine, 1_000_000))
        if small and large:
            print(f"{engine}: 1M / 100k cost = {large / small:.1f} (goal <= 12)")


if __name__ == "__main__":
    main()
