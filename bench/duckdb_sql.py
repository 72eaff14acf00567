"""The DuckDB engine's SQL plan against the pipeline on the benchmark's records: identical
clusters, and each engine's time and peak memory, each in a fresh process.

    python bench/duckdb_sql.py --rows 100000 200000
    python bench/duckdb_sql.py --rows 10000000 --engines stream   # the out-of-core size

For each size: the python engine (the pipeline in dictionaries), the duckdb engine (blocks,
pairs, links, label propagation, assignment and split in SQL; ``kznames.dedup``'s lists of
results) and ``stream`` (the same engine through ``dedup_stream``: the names read from a file
by a generator, the results read out of DuckDB a batch at a time and written to a CSV file
beside them, as ``kznames dedup --engine duckdb`` writes; no list per row), their seconds, peak
resident set (the process's own ``ru_maxrss``; its scoring workers' largest beside it) and peak
summed PSS of the process and its workers (sampled, as ``dedup_bench.py``), and whether every
row's cluster id, canonical name and score are the same (a digest of the rows). The names are
generated once per size, in a process of their own, into a file in the temporary folder that
every engine reads: the generator's own memory is no engine's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_bench import MemorySampler, measure
from dedup_data import records


def names_file(rows: int) -> Path:
    """The benchmark's ``rows`` names, one a line (none holds a line break), written once."""
    path = Path(tempfile.gettempdir()) / f"kznames-bench-names-{rows}.txt"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for name, _ in records(rows):
                out.write(name + "\n")
        partial.rename(path)
    return path


def read_names(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield line[:-1]


def digest(rows: Iterable[tuple[int, str, float]]) -> str:
    """A digest of every row's cluster id, canonical name and score, in row order."""
    sha = hashlib.sha256()
    for cluster_id, canonical, score in rows:
        sha.update(f"{cluster_id}\t{canonical}\t{score!r}\n".encode())
    return sha.hexdigest()


def child(rows: int, engine: str) -> None:
    import kznames
    from kznames.deduplication import dedup_stream

    path = names_file(rows)
    sampler = MemorySampler()
    sampler.start()
    start = time.perf_counter()
    if engine == "stream":
        out = path.with_suffix(".out.csv")
        with dedup_stream(read_names(path)) as results, out.open("w", encoding="utf-8") as csv:
            sha = hashlib.sha256()
            for name, (cluster_id, canonical, score) in zip(
                read_names(path), results.rows(), strict=True
            ):
                csv.write(f'"{name}",{cluster_id},"{canonical}",{score!r}\n')
                sha.update(f"{cluster_id}\t{canonical}\t{score!r}\n".encode())
            summary = results.summary()
        out.unlink()
        found = sha.hexdigest()
    else:
        result = kznames.dedup(list(read_names(path)), engine=engine)  # type: ignore[arg-type]
        found = digest(zip(result.cluster_ids, result.canonical, result.scores, strict=True))
        summary = result.summary()
    seconds = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "pss_mb": sampler.peak_kib / 1024,
                "digest": found,
                **summary,
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
        choices=["python", "duckdb", "stream"],
        help="engines to run (the clusters are compared when several run)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--names-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="python", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.names_only:
        names_file(args.rows[0])
        return
    if args.child:
        child(args.rows[0], args.engine)
        return
    print(
        f"{'rows':>9} {'engine':<7} {'seconds':>8} {'RSS MB':>7} {'workers':>8} {'PSS MB':>7} "
        f"{'pairs':>8} {'clusters':>9}  same clusters"
    )
    for rows in args.rows:
        # The names, in a process of its own (its memory is not the engines').
        subprocess.run([sys.executable, __file__, "--names-only", "--rows", str(rows)], check=True)
        digests: dict[str, object] = {}
        for engine in args.engines:
            out = measure(rows, engine, __file__)
            if "error" in out:
                print(f"{rows:>9} {engine:<7} error: {out['error']}")
                continue
            digests[engine] = out["digest"]
            same = ""
            if len(digests) > 1:
                same = str(len(set(digests.values())) == 1)
            print(
                f"{rows:>9} {engine:<7} {out['seconds']:>8.1f} {out['rss_mb']:>7.0f} "
                f"{out['worker_rss_mb']:>8.0f} {out['pss_mb']:>7.0f} "
                f"{out['compared_pairs']:>8} {out['clusters']:>9}  {same}",
                flush=True,
            )


if __name__ == "__main__":
    main()
