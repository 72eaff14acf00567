"""The ``kznames`` command. The only module that prints.

Exit codes: 0 success; 1 some input lines could not be read (reported on stderr, the others were
processed); 2 bad arguments or an unknown scheme (one line on stderr); 130 interrupted (SIGINT,
Ctrl-C) and 143 terminated (SIGTERM), after removing any partial output (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__, schemes, transliterate
from ._signals import Terminated, terminated_raises, was_terminated
from .errors import KznamesError
from .scripts import detect_language

if TYPE_CHECKING:  # the eval module loads only when `kznames eval` runs
    from .evaluate import BlockingReport, DedupReport, KeyReport, SimilarityReport

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _read_lines(stream: TextIO, strict: bool, errors: list[str]) -> Iterator[str | None]:
    """Yield each decoded stdin line, or ``None`` for a line that is not valid UTF-8."""
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a StringIO in tests: already text
        for line in stream:
            yield line.rstrip("\r\n")
        return
    for number, raw in enumerate(binary, start=1):
        try:
            yield raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            errors.append(f"stdin:{number}: invalid UTF-8 at byte {exc.start}: line skipped")
            if strict:
                return
            yield None


def _cmd_translit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    errors: list[str] = []
    texts: Iterator[str | None] = (
        iter(args.text) if args.text else _read_lines(sys.stdin, args.strict, errors)
    )
    for text in texts:
        if text is None:
            # Keep output lines aligned with input lines: an empty line stands for a skipped one.
            out.write("\n" if not args.json else json.dumps({"error": errors[-1]}) + "\n")
            err.write(errors[-1] + "\n")
            continue
        result = transliterate(text, args.target, source=args.source)
        if args.json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(result.text + "\n")
    if errors and args.strict:
        err.write(errors[-1] + " (--strict: stopped)\n")
    return 1 if errors else 0


def _cmd_schemes(args: argparse.Namespace, out: TextIO) -> int:
    infos = schemes()
    if args.json:
        rows = [
            {
                "tag": s.tag,
                "source": s.source,
                "direction": s.direction,
                "reversible": s.reversible,
                "reads_back": s.reads_back,
                "name": s.name,
                "authority": s.authority,
                "date": s.date,
                "url": s.url,
            }
            for s in infos
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(s.direction) for s in infos)
    for s in infos:
        kind = "reversible" if s.reversible else ("reads back by rule" if s.reads_back else "")
        out.write(f"{s.direction:<{width}}  {s.name}" + (f"  [{kind}]" if kind else "") + "\n")
    return 0


def _cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = Path(args.file)
    try:
        names = [
            line.strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    except (OSError, UnicodeDecodeError) as exc:
        err.write(f"kznames: error: cannot read {path}: {exc}\n")
        return 2
    infos = schemes()
    width = max(len(s.tag) for s in infos)
    for name in names:
        # Show the schemes of the languages the name can be read in: a Kazakh name in a Russian
        # passport scheme keeps its Kazakh letters, which says nothing about either; a name
        # without Kazakh letters (Айман Умарова) is shown in both.
        languages = {detect_language(word) for word in name.split()} - {None, "ru"}
        languages = languages or {"kk", "ru"}
        own = [s.tag for s in infos if s.source.split("-")[0] in languages]
        out.write(f"\n{name}\n{'-' * len(name)}\n")
        for tag in own:
            out.write(f"  {tag:<{width}}  {transliterate(name, tag).text}\n")
    return 0


def _cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from . import evaluate
    from .deduplication import dedup
    from .deduplication.pipeline import MATCH_THRESHOLD, block_keys
    from .names import key, skeleton
    from .score import similarity

    all_rows = evaluate.read_groups(Path(args.groups))
    rows = evaluate.pick_half(all_rows, args.half)
    all_pairs = evaluate.read_look_alikes(Path(args.negatives)) if args.negatives else []
    look_alikes = evaluate.pick_half_pairs(all_pairs, args.half)
    keys: dict[str, Callable[[str], str]] = {"kznames key": key}
    scores: dict[str, Callable[[str, str], float]] = {
        "kznames similarity": lambda a, b: similarity(a, b).value
    }
    if args.baselines:
        from ._baselines import key_baselines, similarity_baselines

        keys |= key_baselines()
        scores |= similarity_baselines()
    key_reports = [evaluate.evaluate_key(n, f, rows, look_alikes) for n, f in keys.items()]
    sim_reports = [
        evaluate.evaluate_similarity(n, f, rows, look_alikes, skeleton, negatives=args.sample)
        for n, f in scores.items()
    ]

    def clusters(names: list[str]) -> list[int]:
        return dedup(names, workers=1).cluster_ids

    def blocks(name: str) -> tuple[str, ...]:
        name_key = key(name)
        return (f"k:{name_key}", *block_keys(name, name_key, skeleton(name))) if name_key else ()

    dedup_report = evaluate.evaluate_dedup(clusters, rows, look_alikes)
    blocking = evaluate.evaluate_blocking(
        blocks, lambda a, b: similarity(a, b).value, MATCH_THRESHOLD, rows
    )
    header = (
        f"Half: {args.half} ({len(rows)} of {len(all_rows)} rows, "
        f"{len({r.group for r in rows})} groups; {len(look_alikes)} of {len(all_pairs)} "
        "look-alike pairs)\n\n"
    )
    if args.json:
        from dataclasses import asdict

        data = {
            "half": args.half,
            "rows": len(rows),
            "keys": [asdict(r) for r in key_reports],
            "similarity": [asdict(r) for r in sim_reports],
            "dedup": asdict(dedup_report),
            "blocking": asdict(blocking)
            | {"recall": blocking.recall, "accepted_recall": blocking.accepted_recall},
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    out.write(header)
    _print_key_table(key_reports, out)
    _print_similarity_table(sim_reports, out)
    _print_dedup_table(dedup_report, blocking, out)
    return 0


def _print_dedup_table(d: DedupReport, b: BlockingReport, out: TextIO) -> None:
    out.write(f"\nDedup, pairwise ({d.homonym_pairs_left_out} homonym pairs left out)\n")
    out.write(_row("figure", ["precision", "recall", "positives"], 12))
    out.write(
        _row(
            "overall",
            [f"{d.overall.precision:.3f}", f"{d.overall.recall:.3f}", str(d.overall.positives)],
            12,
        )
    )
    for kind, f in d.by_kind.items():
        out.write(_row(kind, [f"{f.precision:.3f}", f"{f.recall:.3f}", str(f.positives)], 12))
    if d.look_alikes:
        out.write(f"look-alike pairs merged: {d.look_alikes_merged}/{d.look_alikes}\n")
    out.write(
        f"Blocking: {b.compared}/{b.positives} same-entity pairs compared (recall "
        f"{b.recall:.3f}); of {b.accepted} the similarity accepts, {b.accepted_missed} never "
        f"compared (accepted recall {b.accepted_recall:.3f})\n"
    )


def _row(label: str, values: Sequence[str], width: int) -> str:
    return f"{label:<28}" + "".join(f"{v:>{width}}" for v in values) + "\n"


def _print_key_table(rs: Sequence[KeyReport], out: TextIO) -> None:
    width = max(14, *(len(r.name) + 2 for r in rs))
    first = rs[0]
    out.write(
        f"Key equality, pairwise ({first.left_out} +partial rows left out; "
        f"{first.homonym_pairs_left_out} homonym pairs left out of precision)\n"
    )
    out.write(_row("figure", [r.name for r in rs], width))
    out.write(_row("precision", [f"{r.overall.precision:.3f}" for r in rs], width))
    out.write(_row("recall", [f"{r.overall.recall:.3f}" for r in rs], width))
    out.write(_row("F1", [f"{r.overall.f1:.3f}" for r in rs], width))
    for kind in first.by_kind:
        out.write(_row(f"F1 {kind}", [f"{r.by_kind[kind].f1:.3f}" for r in rs], width))
    out.write(_row("macro-F1 over kinds", [f"{r.macro_f1:.3f}" for r in rs], width))
    for label, (_, n) in first.recall_by_scripts.items():
        values = [f"{r.recall_by_scripts[label][0]:.3f}" for r in rs]
        out.write(_row(f"recall {label} ({n})", values, width))
    if first.look_alikes:
        values = [f"{r.look_alikes_joined}/{r.look_alikes}" for r in rs]
        out.write(_row("look-alikes given one key", values, width))
        values = [f"{r.look_alikes_joined_distinct}/{r.look_alikes_distinct}" for r in rs]
        out.write(_row("  of them not identical", values, width))
    out.write("\n")


def _print_similarity_table(rs: Sequence[SimilarityReport], out: TextIO) -> None:
    width = max(14, *(len(r.name) + 2 for r in rs))
    first = rs[0]
    out.write(
        f"Similarity ({first.positives} positive pairs; {first.negatives_sampled} of "
        f"{first.negatives_total} negative pairs sampled, weighted back)\n"
    )
    out.write(_row("figure", [r.name for r in rs], width))
    out.write(_row("ROC AUC", [f"{r.auc:.3f}" for r in rs], width))
    out.write(_row("ROC AUC vs look-alikes", [f"{r.auc_look_alikes:.3f}" for r in rs], width))
    out.write(_row("best F1", [f"{r.best_f1:.3f}" for r in rs], width))
    out.write(_row("  at threshold", [f"{r.best_threshold:.3f}" for r in rs], width))
    for label in first.auc_by_scripts:
        values = [f"{r.auc_by_scripts.get(label, float('nan')):.3f}" for r in rs]
        out.write(_row(f"ROC AUC {label}", values, width))


def _cmd_lookup(args: argparse.Namespace, out: TextIO) -> int:
    from .gazetteer import Gazetteer, iso_date

    try:
        on = iso_date(args.on) if args.on else None
    except ValueError:
        raise KznamesError(f"--on takes an ISO date (YYYY-MM-DD), not {args.on!r}") from None
    gazetteer = Gazetteer.load(args.table or [], include_default=True)
    matches = gazetteer.lookup(args.name, kind=args.kind, on=on)
    if args.json:
        out.write(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=2) + "\n")
        return 0 if matches else 1
    if not matches:
        out.write(f"no entity known for {args.name!r}\n")
        return 1
    for m in matches:
        how = "same key" if m.exact else f"similarity {m.score:.2f}"
        now = f", on {args.on}: {m.name_on}" if args.on else ""
        out.write(
            f"{m.entity.name} [{m.entity.kind}, {m.entity.entity_id}]{now} — "
            f"via {m.variant.variant!r} ({m.variant.tag}; {how}; source: {m.variant.source})\n"
        )
    return 0


class _ProgressBar:
    """A one-line progress report on a terminal; nothing when stderr is piped."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.on = stream.isatty()
        self.last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.on:
            return
        share = f"{100 * done // total:3d}%" if total else ""
        line = f"\rkznames dedup: {stage:<9} {share} ({done:,}/{total:,})"
        if line != self.last:
            self.stream.write(line.ljust(60))
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.on and self.last:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def _cmd_dedup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .deduplication import dedup
    from .deduplication.files import check_target, format_of, read_records, write_records

    source = Path(args.input)
    read = read_records(source, format_of(source, args.input_format))
    if not read.records:
        raise KznamesError(f"{source}: no rows to deduplicate")
    # Everything checkable is checked before the clustering: the column in every row, the
    # output's folder and format.
    column = read.name_column(args.column)
    target = Path(args.out) if args.out else None
    out_format = args.format or (format_of(target) if target else None) or format_of(source)
    check_target(target, out_format)
    bar = _ProgressBar(err)
    try:
        result = dedup(
            read.records,
            column,
            engine=args.engine,
            threshold=args.threshold,
            gazetteer=None if args.no_gazetteer else "default",
            progress=bar,
        )
    finally:
        bar.close()
    write_records(
        target,
        [*read.columns, "cluster_id", "canonical", "score"],
        result.table(),
        out_format,
        out,
        source=read,
    )
    summary = result.summary()
    err.write(
        f"kznames dedup: {summary['rows']:,} rows, {summary['distinct_names']:,} distinct names, "
        f"{summary['clusters']:,} clusters, {summary['compared_pairs']:,} pairs compared"
        + (f"; written to {target}\n" if target else "\n")
    )
    return 0


def _cmd_reconcile(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .text import reconcile

    result = reconcile(args.files, threshold=args.threshold)
    for problem in result.skipped:
        err.write(f"kznames reconcile: {problem}\n")
    if args.json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.tsv:
        out.write("entity_id\tkind\tcanonical\tvariant\tcount\tdocuments\twhy\n")
        # One row per spelling; entity_id empty when the gazetteer does not know the name.
        for cluster in result.clusters:
            for variant in cluster.variants:
                documents = ",".join(variant.documents)
                out.write(
                    f"{cluster.entity_id}\t{cluster.kind}\t{cluster.canonical}\t{variant.form}"
                    f"\t{variant.count}\t{documents}\t{variant.why}\n"
                )
    else:
        _print_reconciliation(result, args.explain, args.min_documents, out)
    return 1 if result.skipped else 0


def _print_reconciliation(result: Any, explain: bool, min_documents: int, out: TextIO) -> None:
    """The clusters as a table: one block per entity, one line per spelling."""
    names = {d: f"[{i}]" for i, d in enumerate(result.documents, start=1)}
    out.write(f"{len(result.documents)} documents, {len(result.mentions)} mentions\n")
    for document, label in names.items():
        out.write(f"  {label} {document}\n")
    shown = [c for c in result.clusters if len(c.documents) >= min_documents]
    width = max((_display_width(v.form) for c in shown for v in c.variants), default=10)
    for cluster in shown:
        if cluster.entity_id:
            known = f"{cluster.kind}, {cluster.entity_id}"
        elif cluster.ambiguous:
            known = "gazetteer homonyms: " + ", ".join(cluster.ambiguous[:4])
        else:
            known = "not in gazetteer"
        out.write(
            f"\n{cluster.canonical}  ({known}; {cluster.mentions} mentions in "
            f"{len(cluster.documents)} documents)\n"
        )
        for variant in cluster.variants:
            where = " ".join(names[d] for d in variant.documents)
            padding = " " * (width - _display_width(variant.form))
            line = f"    {variant.form}{padding}  x{variant.count:<3} {where}"
            if explain and variant.why:
                line += f"\n        why: {variant.why}"
            out.write(line + "\n")
    hidden = len(result.clusters) - len(shown)
    if hidden:
        out.write(
            f"\n({hidden} more seen in fewer than {min_documents} documents: "
            "--min-documents 1 shows them)\n"
        )


def _display_width(text: str) -> int:
    """Columns a string takes on a terminal: Chinese characters take two, marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cmd_tables(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .gazetteer import Gazetteer, TableError
    from .names import key

    try:
        gazetteer = Gazetteer.load(args.files, include_default=not args.alone)
    except TableError as exc:
        for problem in exc.problems:
            err.write(problem + "\n")
        err.write(f"{len(exc.problems)} problem(s): nothing loaded\n")
        return 1
    for warning in gazetteer.warnings:
        err.write(f"warning: {warning}\n")
    # Two well-known places whose different names share a key: only similarity tells them apart.
    collisions = gazetteer.prominent_collisions()
    for first, other in collisions:
        one, two = gazetteer.entities[first.entity_id], gazetteer.entities[other.entity_id]
        out.write(
            f"prominent key collision: {first.variant!r} ({one.name}, {one.entity_id}) and "
            f"{other.variant!r} ({two.name}, {two.entity_id}) share the key "
            f"{key(first.variant)!r}\n"
        )
    out.write(
        f"ok: {len(gazetteer.entities)} entities, {len(gazetteer.variants)} variants, "
        f"{len(collisions)} prominent key collisions\n"
    )
    return 0


def _unit_interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return value


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="kznames",
        description="Reconcile spellings of Central Asian and Xinjiang names across scripts.",
    )
    parser.add_argument("--version", action="version", version=f"kznames {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    tr = sub.add_parser("translit", help="write text in another scheme")
    tr.add_argument("-t", "--target", required=True, help="target scheme tag, e.g. kk-Latn-bgn")
    tr.add_argument("-s", "--source", default="auto", help="source tag (default: auto-detect)")
    tr.add_argument("--json", action="store_true", help="one JSON object per input line")
    tr.add_argument("--strict", action="store_true", help="stop at the first bad input line")
    tr.add_argument("text", nargs="*", help="text to convert (default: stdin, line by line)")

    sc = sub.add_parser("schemes", help="list the schemes with direction and reversibility")
    sc.add_argument("--json", action="store_true")

    ev = sub.add_parser("eval", help="measure keys and similarity on labelled variant groups")
    ev.add_argument("groups", help="TSV: group_id, kind, variant, script_or_scheme, source")
    ev.add_argument("--negatives", help="TSV of look-alike pairs: name_a, name_b, relation, kind")
    ev.add_argument("--baselines", action="store_true", help="measure the usual normalisers too")
    ev.add_argument("--sample", type=int, default=20_000, help="negative pairs for similarity")
    ev.add_argument(
        "--half",
        choices=["fit", "report", "all"],
        default="report",
        help="groups to measure, split by the SHA-256 of the group id: tune on fit, read figures "
        "on report (default)",
    )
    ev.add_argument("--json", action="store_true")

    lk = sub.add_parser("lookup", help="the known entities a name may refer to")
    lk.add_argument("name")
    lk.add_argument("--kind", choices=["person", "place", "org", "people", "other"])
    lk.add_argument("--on", help="a date (YYYY-MM-DD): prefer the name in force that day")
    lk.add_argument("--table", action="append", help="a user table to load too (repeatable)")
    lk.add_argument("--json", action="store_true")

    tb = sub.add_parser("tables", help="work with variant tables")
    tb_sub = tb.add_subparsers(dest="tables_command", required=True, parser_class=_Parser)
    check = tb_sub.add_parser("check", help="validate tables; report every problem by line")
    check.add_argument("files", nargs="+")
    check.add_argument("--alone", action="store_true", help="without the shipped tables")

    dd = sub.add_parser("dedup", help="cluster the names of a CSV, TSV, JSONL or Parquet file")
    dd.add_argument("input", help="the records (format from the extension, or --input-format)")
    dd.add_argument("--column", help="the column of names (default: the only column)")
    dd.add_argument("--out", help="output file (default: stdout); written atomically")
    dd.add_argument(
        "--format",
        choices=["csv", "tsv", "jsonl", "parquet"],
        help="output format (default: from --out, else the input's)",
    )
    dd.add_argument("--input-format", choices=["csv", "tsv", "jsonl", "parquet"])
    dd.add_argument(
        "--engine",
        choices=["python", "duckdb", "spark"],
        default="python",
        help="python (in process), duckdb (out of core) or spark (local mode; needs Java 17)",
    )
    dd.add_argument(
        "--threshold",
        type=_unit_interval,
        default=0.8,
        help="similarity that links two names (default 0.8)",
    )
    dd.add_argument("--no-gazetteer", action="store_true", help="phonetics alone")

    rc = sub.add_parser("reconcile", help="who and what documents mention, under which spellings")
    rc.add_argument("files", nargs="+", help="plain text or HTML files (UTF-8)")
    rc.add_argument("--json", action="store_true", help="the clusters as JSON")
    rc.add_argument("--tsv", action="store_true", help="one line per cluster and spelling")
    rc.add_argument("--explain", action="store_true", help="say why each spelling was joined")
    rc.add_argument(
        "--min-documents",
        type=int,
        default=1,
        help="show entities seen in at least this many documents (table only)",
    )
    rc.add_argument(
        "--threshold",
        type=_unit_interval,
        default=0.8,
        help="similarity that joins two spellings (default 0.8)",
    )

    demo = sub.add_parser("demo", help="show each name of a file in every scheme")
    demo.add_argument("file", help="UTF-8 file, one name per line")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    err = sys.stderr
    args = _build_parser().parse_args(argv)
    try:
        with terminated_raises():
            return _run(args, out, err)
    except KeyboardInterrupt:
        err.write("kznames: interrupted (SIGINT)\n")
        return 130
    except Exception:
        if not was_terminated():  # else DuckDB turned the SIGTERM into its own error
            raise
    except Terminated:
        pass
    err.write("kznames: terminated (SIGTERM)\n")
    return 143


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.command == "translit":
            return _cmd_translit(args, out, err)
        if args.command == "schemes":
            return _cmd_schemes(args, out)
        if args.command == "eval":
            return _cmd_eval(args, out)
        if args.command == "lookup":
            return _cmd_lookup(args, out)
        if args.command == "tables":
            return _cmd_tables(args, out, err)
        if args.command == "dedup":
            return _cmd_dedup(args, out, err)
        if args.command == "reconcile":
            return _cmd_reconcile(args, out, err)
        return _cmd_demo(args, out, err)
    except KznamesError as exc:
        err.write(f"kznames: error: {str(exc).splitlines()[0]}\n")
        return 2
    except BrokenPipeError:
        # `kznames translit ... | head` closes the pipe early: not an error.
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
