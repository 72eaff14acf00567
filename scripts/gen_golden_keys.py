"""Write tests/golden/keys.tsv: the key and skeleton of a fixed list of names.

    python scripts/gen_golden_keys.py   # after a deliberate key change, KEY_VERSION bumped

The names are the spellings of tests/golden/names.txt (from ../shared/eval and the examples).
tests/test_keys.py fails when any key differs from this file, so no key change is silent.
"""

from __future__ import annotations

from pathlib import Path

from kznames import KEY_VERSION, key, skeleton

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    names = [
        line
        for line in (ROOT / "tests/golden/names.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    rows = [f"# KEY_VERSION\t{KEY_VERSION}", "name\tkey\tskeleton"]
    rows += [f"{name}\t{key(name)}\t{skeleton(name)}" for name in names]
    target = ROOT / "tests/golden/keys.tsv"
    tmp = target.with_suffix(".tmp")
    tmp.write_text("\n".join(rows) + "\n", encoding="utf-8")
    tmp.replace(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
