"""The DuckDB engine's SQL plan against the pipeline on the benchmark's records: identical
clusters, and each engine's time and peak memory, each in a fresh process.

    python bench/duckdb_sql.py --rows 100000 200000
    python bench/duckdb_sql.py --rows 10000000 --engines duckdb   # the out-of-core size

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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_bench import MemorySampler, dedup_records, measure


def child(rows: int, engine: str) -> None:
    sampler = MemorySampler()
    sampler.start()
    result, seconds = dedup_records(rows, engine)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument(
        "--engines",
        nargs="+",
        default=["python", "duckdb"],
        choices=["python", "duckdb"],
        help="engines to run (the clusters are compared when both run)",
    )
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
        for engine in args.engines:
            out = measure(rows, engine, __file__)
            if "error" in out:
                print(f"{rows:>9} {engine:<7} error: {out['error']}")
                continue
            digests[engine] = out["digest"]
            same = ""
            if engine != "python" and "python" in digests:
                same = str(digests["python"] == out["digest"])
            print(
                f"{rows:>9} {engine:<7} {out['seconds']:>8.1f} {out['rss_mb']:>7.0f} "
                f"{out['worker_rss_mb']:>8.0f} {out['pss_mb']:>7.0f} "
                f"{out['compared_pairs']:>8} {out['clusters']:>9}  {same}",
                flush=True,
            )


if __name__ == "__main__":
    main()
