"""What deduplicating 100M names costs: the counts and unit costs measured on synthetic records,
carried to a larger input.

    python bench/scaling_model.py                      # measure on 1M rows, project to 100M
    python bench/scaling_model.py --rows 200000 --target 100000000 --cores 64

Measures, on ``--rows`` synthetic records (bench/dedup_data.py, as the dedup benchmark):
distinct names D, leads L (key groups), block memberships M, candidate pairs P and strong links;
and on one core, the Python time to profile one distinct name (key, skeleton, blocks, gazetteer
entity) and to score one pair. It then projects each count to ``--target`` rows two ways: with
the synthetic data's own growth (D/R, L/D, M/L and P/M as measured) and in the worst case of
every row a distinct name with no key group shared (D = L = R), and turns counts into CPU hours
and hours on ``--cores`` cores. docs/scaling.md explains the model and quotes a run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_data import records
from kznames.deduplication.pipeline import (
    BLOCK_BOUND,
    MATCH_THRESHOLD,
    candidate_pairs,
    group_blocks,
    leads,
    profile,
    similarities,
)
from kznames.gazetteer import Gazetteer

_SAMPLE = 20_000


def measure(rows: int) -> dict[str, float]:
    names = [n for n, _ in records(rows)]
    counts = Counter(n for n in names if n.strip())
    distinct = list(counts)
    gazetteer = Gazetteer.default()
    start = time.perf_counter()
    sample = distinct[:_SAMPLE]
    for name in sample:
        profile(name, gazetteer)
    # Cold: each name once, with the per-token memos filling as they would on new data.
    profile_seconds = (time.perf_counter() - start) / len(sample)
    profiles = [profile(name, gazetteer) for name in distinct]
    frequency = [counts[n] for n in distinct]
    lead_ids = leads(profiles, frequency)
    blocks = group_blocks(profiles, frequency, lead_ids)
    memberships = sum(len(members) for _, members in blocks)
    pairs = sorted(candidate_pairs(blocks, BLOCK_BOUND))
    sample_pairs = [(distinct[i], distinct[j]) for i, j in pairs[:_SAMPLE]]
    start = time.perf_counter()
    values = similarities(sample_pairs)
    pair_seconds = (time.perf_counter() - start) / max(len(sample_pairs), 1)
    strong = sum(v >= MATCH_THRESHOLD for v in values) / max(len(values), 1)
    return {
        "rows": rows,
        "distinct": len(distinct),
        "leads": len(lead_ids),
        "memberships": memberships,
        "pairs": len(pairs),
        "strong_share": strong,
        "profile_ms": profile_seconds * 1000,
        "pair_ms": pair_seconds * 1000,
    }


def project(m: dict[str, float], target: int, worst: bool) -> dict[str, float]:
    scale = target / m["rows"]
    if worst:
        distinct = leads = float(target)
        # Memberships and pairs per lead as measured (the bound caps pairs per membership).
        memberships = leads * m["memberships"] / m["leads"]
        pairs = memberships * m["pairs"] / m["memberships"]
    else:
        # Distinct names and leads grow slower than rows (spellings repeat); linear growth
        # with the rows is the pessimistic reading of the synthetic data's ratios.
        distinct = m["distinct"] * scale
        leads = m["leads"] * scale
        memberships = m["memberships"] * scale
        pairs = m["pairs"] * scale
    # Python work: a profile per distinct name, a similarity per pair, and per distinct name a
    # similarity against its representative (the split).
    cpu_seconds = distinct * m["profile_ms"] / 1000 + (pairs + distinct) * m["pair_ms"] / 1000
    return {
        "distinct": distinct,
        "leads": leads,
        "memberships": memberships,
        "pairs": pairs,
        "cpu_hours": cpu_seconds / 3600,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--target", type=int, default=100_000_000)
    parser.add_argument("--cores", type=int, default=100)
    args = parser.parse_args()
    m = measure(args.rows)
    print(
        f"measured on {m['rows']:,.0f} rows: {m['distinct']:,.0f} distinct names, "
        f"{m['leads']:,.0f} leads, {m['memberships']:,.0f} block memberships, "
        f"{m['pairs']:,.0f} pairs ({m['strong_share']:.1%} strong); one core: "
        f"{m['profile_ms']:.3f} ms per profile, {m['pair_ms']:.3f} ms per pair"
    )
    for label, worst in (("as the synthetic data grows", False), ("worst case D = R", True)):
        p = project(m, args.target, worst)
        print(
            f"{args.target:,} rows, {label}: {p['distinct']:,.0f} distinct, "
            f"{p['leads']:,.0f} leads, {p['memberships']:,.0f} memberships, "
            f"{p['pairs']:,.0f} pairs; Python work {p['cpu_hours']:,.1f} CPU hours, "
            f"{p['cpu_hours'] / args.cores * 60:,.0f} min on {args.cores} cores"
        )


if __name__ == "__main__":
    main()
