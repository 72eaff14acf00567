"""The DuckDB engine's SQL plan against the pipeline on the benchmark's records: identical
clusters, and each engine's time and peak memory, each in a fresh process.

    python bench/duckdb_sql.py --rows 100000 200000

For each size: the python engine (the pipeline in dictionaries) and the duckdb engine (blocks,
pairs, links, label propagation, assignment and split in SQL), their seconds, peak resident set
(the process's own ``ru_maxrss``; its scoring workers' largest beside it) and peak summed PSS of
the process and its workers (sampled, as ``dedup_bench.py``), and whether every row's cluster
id, canonical name and score are the same (a digest of the three lists).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_bench import MemorySampler
from dedup_data import records


def child(rows: int, engine: str) -> None:
    import kznames

    names = [name for name, _ in records(rows)]
    sampler = MemorySampler()
    sampler.start()
    start = time.perf_counter()
    result = kznames.dedup(names, engine=engine)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    digest = hashlib.sha256(
        json.dumps([result.cluster_ids, result.canonical, result.scores]).encode()
    ).hexdigest()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "pss_mb": sampler.peak_kib / 1024,
                "digest": digest,
                **result.summary(),
            }
        )
    )


def measure(rows: int, engine: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", "--rows", str(rows), "--engine", engine]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="python", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows[0], args.engine)
        return
    print(
        f"{'rows':>9} {'engine':<7} {'seconds':>8} {'RSS MB':>7} {'workers':>8} {'PSS MB':>7} "
        f"{'pairs':>8} {'clusters':>9}  same clusters"
    )
    for rows in args.rows:
        digests: dict[str, object] = {}
        for engine in ("python", "duckdb"):
            out = measure(rows, engine)
            if "error" in out:
                print(f"{rows:>9} {engine:<7} error: {out['error']}")
                continue
            digests[engine] = out["digest"]
            same = "" if engine == "python" else str(digests.get("python") == out["digest"])
            print(
                f"{rows:>9} {engine:<7} {out['seconds']:>8.1f} {out['rss_mb']:>7.0f} "
                f"{out['worker_rss_mb']:>8.0f} {out['pss_mb']:>7.0f} "
                f"{out['compared_pairs']:>8} {out['clusters']:>9}  {same}",
                flush=True,
            )


if __name__ == "__main__":
    main()
