"""Measure how Latin Kazakh spellings read back to Kazakh Cyrillic with the source detected.

    python scripts/latin_detection_report.py [SHARED_DIR] [--half=fit|report|all]
        [--lexicon=full|without-half|none] [--gazetteer]

Rows: every Latin variant of SHARED_DIR/eval/*_groups.tsv labelled as a Kazakh romanization
(``Latn:press``, ``Latn:kk*``) whose group also has a Kazakh Cyrillic variant (``Cyrl:kk``).
A row counts as read back when ``transliterate(variant, "kk-Cyrl")`` equals one of the group's
Kazakh Cyrillic variants (ignoring case). A group belongs to the fit half when the crc32 of its
id is even; docs/detection.md gives the report half. ``--lexicon`` says which known spellings the
press reading may prefer: the shipped table (``full``, the default), the table less the
gazetteer rows of the half's entities (``without-half``: the names measured are not looked up
from themselves), or none (the rules alone). ``--gazetteer`` reads the gazetteer's own English
and other Latin (``en``, ``und-Latn``) variants of its entities that have a Kazakh Cyrillic one
instead, split into halves by entity id the same way.
"""

from __future__ import annotations

import sys
import zlib
from collections import defaultdict
from pathlib import Path

from kznames import transliterate
from kznames.resources import schemes_dir
from kznames.schemes import get_scheme
from kznames.schemes.lexicon import read_lexicon

REPO = Path(__file__).resolve().parents[1]


def rows(shared: Path, half: str) -> list[tuple[str, str, str, list[str]]]:
    """(group, label, Latin variant, the group's Kazakh Cyrillic variants) of one half."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in ("dev_groups.tsv", "news_groups.tsv"):
        for line in (shared / "eval" / name).read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) >= 4:
                groups[fields[0]].append((fields[2], fields[3]))
    out = []
    for group, variants in sorted(groups.items()):
        if half != "all" and zlib.crc32(group.encode("utf-8")) % 2 != (half == "report"):
            continue
        cyrillic = [v for v, label in variants if label == "Cyrl:kk"]
        for variant, label in variants:
            if cyrillic and (label == "Latn:press" or label.startswith("Latn:kk")):
                out.append((group, label, variant, cyrillic))
    return out


def variant_rows() -> list[tuple[str, str, str]]:
    """(entity, variant, tag) of every variant file of data/variants, in file order."""
    out = []
    for path in sorted((REPO / "data" / "variants").glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0].split("\t")[:3] != ["entity_id", "variant", "tag"]:
            continue
        for line in lines[1:]:
            fields = line.split("\t")
            if len(fields) >= 3:
                out.append((fields[0], fields[1], fields[2]))
    return out


def gazetteer_rows(half: str) -> list[tuple[str, str, str, list[str]]]:
    """(entity, tag, Latin variant, the entity's Kazakh Cyrillic variants) of one half: the
    ``en`` and ``und-Latn`` variants of the gazetteer's entities that have a ``kk-Cyrl`` one
    (kznames' own ``kk-Latn`` renderings are left out: they read back by construction)."""
    variants: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity, variant, tag in variant_rows():
        variants[entity].append((variant, tag))
    out = []
    for entity, names in sorted(variants.items()):
        if half != "all" and zlib.crc32(entity.encode("utf-8")) % 2 != (half == "report"):
            continue
        cyrillic = [v for v, tag in names if tag == "kk-Cyrl"]
        for variant, tag in dict.fromkeys(names):
            if cyrillic and tag in ("en", "und-Latn") and variant.isascii():
                out.append((entity, tag, variant, cyrillic))
    return out


def use_lexicon(mode: str, half: str) -> None:
    """Make the press reading prefer the known spellings ``mode`` keeps (before any reading)."""
    scheme = get_scheme("kk-Latn-press")
    rows = read_lexicon(schemes_dir() / scheme.spec.lexicon)
    if mode == "none":
        rows = []
    elif mode == "without-half":
        wanted = 1 if half == "report" else 0
        rows = [r for r in rows if not r.entity or zlib.crc32(r.entity.encode()) % 2 != wanted]
    elif mode != "full":
        raise SystemExit(f"--lexicon takes full, without-half or none, not {mode}")
    # The scheme's lexicon and reverse direction are computed once; this run replaces them
    # before first use (auto detection asks the lexicon whether it knows a word, too).
    lexicon = scheme.lexicon_of(rows)
    scheme.__dict__["lexicon"] = lexicon if rows else None
    scheme.__dict__["reverse"] = scheme._reverse(lexicon.read)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    shared = Path(args[0]) if args else REPO.parent / "shared"
    half = next((a.split("=", 1)[1] for a in argv if a.startswith("--half=")), "report")
    mode = next((a.split("=", 1)[1] for a in argv if a.startswith("--lexicon=")), "full")
    use_lexicon(mode, half)
    exact = 0
    selected = gazetteer_rows(half) if "--gazetteer" in argv else rows(shared, half)
    for _group, label, variant, cyrillic in selected:
        result = transliterate(variant, "kk-Cyrl")
        ok = result.text.lower() in {c.lower() for c in cyrillic}
        exact += ok
        routes = " ".join(result.routes)
        print(f"{'ok ' if ok else 'NO '}{label}\t{variant}\t{result.text}\t{routes}\t{cyrillic[0]}")
    print(
        f"{half} half, lexicon {mode}: {exact} of {len(selected)} Latin spellings read back exactly"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
