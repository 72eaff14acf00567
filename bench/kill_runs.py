"""The issue 20 fault test at full size: kill ``kznames dedup`` at random points of a 300k-row run.

    python bench/kill_runs.py                        # 300,000 rows, 6 kills
    python bench/kill_runs.py --rows 20000 --kills 3 --seed 7

``tests/test_reliability.py::test_11_a_killed_run_leaves_no_partial_or_hidden_file`` does this
in CI on 12,000 rows at fixed moments (a 300k-row run takes about 35 s a try here, too long for
CI with its timing run and several tries). Here each try starts the command line on the same
input (``id,name``, seeded names), waits a random time drawn from the seeded generator between a
second of CPU (past the imports) and 80 % of the time a whole run took, then sends one of
SIGTERM or SIGINT to the process group, SIGTERM to the DuckDB engine, or SIGKILL to the parent
alone. After each try: no traceback, the exit status is the signal's (or 0 when the run ended
first), the output is the earlier file or a complete one, and the input is unchanged. After the
next, unkilled run: no hidden (temporary) file is left in the folder and no DuckDB spill folder
of a killed process. Prints one line a try and exits 1 on the first failed check.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SIGNALS = [
    (signal.SIGTERM, True, "python"),
    (signal.SIGINT, True, "python"),
    (signal.SIGTERM, False, "duckdb"),
    (signal.SIGKILL, False, "python"),
]


def _names(count: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    first = ["Serikzhan", "Aiman", "Mukhtar", "Nurlan", "Gulnara", "Erlan", "Askar", "Dana"]
    last = ["Bilash", "Umarova", "Ablyazov", "Tokayev", "Suleimenov", "Abenov", "Kasymov"]
    return [
        f"{chance.choice(first)}{chance.choice('bdklmnrst')}{chance.choice('aeiou')} "
        f"{chance.choice(last)}{chance.choice('aeiou')}{chance.choice('bdklmnrst')}"
        for _ in range(count)
    ]


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _fail(message: str) -> None:
    print(f"FAILED: {message}", flush=True)
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "in.csv"
        rows = _names(args.rows, args.seed)
        source.write_text(
            "id,name\n" + "".join(f"{i},{n}\n" for i, n in enumerate(rows)), encoding="utf-8"
        )
        original = source.read_bytes()
        out = folder / "out.csv"
        command = [sys.executable, "-m", "kznames.cli", "dedup", str(source), "--column", "name"]
        command += ["--out", str(out), "--no-gazetteer", "-q"]
        start = time.monotonic()
        subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
        whole = time.monotonic() - start
        print(f"{args.rows:,} rows: a whole run {whole:.0f} s", flush=True)
        pids = []
        for number in range(args.kills):
            signum, group, engine = _SIGNALS[number % len(_SIGNALS)]
            # Up to 80 % of a whole run: later, most tries finished before their signal.
            delay = chance.uniform(0, 0.8 * whole)
            out.write_text("earlier\n", encoding="utf-8")
            process = subprocess.Popen(
                [*command, "--engine", engine],
                stderr=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                text=True,
                env=env,
                start_new_session=True,
            )
            pids.append(process.pid)
            begun = time.monotonic()
            while process.poll() is None and (
                time.monotonic() - begun < delay or _cpu_seconds(process.pid) < 1.0
            ):
                time.sleep(0.05)
            with contextlib.suppress(ProcessLookupError):
                (os.killpg if group else os.kill)(process.pid, signum)
            _, err = process.communicate(timeout=600)
            expected = {signal.SIGTERM: 143, signal.SIGINT: 130, signal.SIGKILL: -9}[signum]
            written = out.read_text(encoding="utf-8")
            complete = written.count("\n") == args.rows + 1  # names hold no line break
            print(
                f"try {number + 1}: {signal.Signals(signum).name} to "
                f"{'the group' if group else 'the parent'} ({engine}) after {delay:.1f} s: "
                f"exit {process.returncode}, output {'new' if complete else 'earlier'}",
                flush=True,
            )
            if "Traceback" in err or "BrokenPipeError" in err:
                _fail(err)
            if process.returncode not in (expected, 0, -signum):
                _fail(f"exit {process.returncode}: {err}")
            if written != "earlier\n" and not complete:
                _fail("a partial output")
            if source.read_bytes() != original:
                _fail("the input changed")
        small = folder / "small.csv"
        small.write_text("name\nAlmaty\n", encoding="utf-8")
        subprocess.run([*command[:4], str(small), "--out", str(out)], env=env, check=True)
        hidden = sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
        if hidden:
            _fail(f"hidden files left: {hidden}")
        spill = [p.name for p in Path(tempfile.gettempdir()).glob("kznames-duckdb-*")]
        if [n for n in spill if any(f"-{pid}-" in n for pid in pids)]:
            _fail("a DuckDB spill folder of a killed run is left")
        print("no partial or hidden file, no spill folder, input unchanged", flush=True)


if __name__ == "__main__":
    main()
