"""The ``kznames`` command. The only module that prints.

Every error is one line on stderr in one voice, ``kznames <verb>: <what> (<where>)``, where
*where* is the file and line (or the option) at fault. Exit codes: 0 success; 1 the data is at
fault (a file that cannot be read, a bad row; the rest was processed where it could be), or, for
``kznames same``, the names differ; 2 the command line is at fault (an unknown option or scheme,
a bad value); 130 interrupted (SIGINT, Ctrl-C) and 143 terminated (SIGTERM), after removing any
partial output. No Python exception text reaches the user: an unexpected failure says so in one
line, and ``KZNAMES_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__, scheme_infos, transliterate
from ._engine import describe as describe_engine
from ._signals import Terminated, terminated_raises, was_terminated
from .errors import (
    DataFileError,
    KznamesError,
    NoRouteError,
    UnknownSchemeError,
    UntouchedError,
)
from .progress import Reporter
from .resources import decode_text, read_text
from .score import LINK_THRESHOLD, PROBABILITY_THRESHOLD
from .scripts import detect_language

if TYPE_CHECKING:  # the eval module loads only when `kznames eval` runs
    from .evaluate import BlockingReport, DedupReport, KeyReport, SimilarityReport

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line in the common voice and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


# Seconds between two progress lines when stderr is not a terminal.
_PROGRESS_EVERY = 5.0


class _UsageError(KznamesError):
    """The command line asks for something impossible (exit 2), beyond what argparse checks."""


# A library message that opens with its location, ``path:line: what`` or ``path: what``.
_LOCATED = re.compile(r"(?P<where>(?:stdin|\S*[/.]\S*?)(?::\d+)*|\S+?(?::\d+)+): (?P<what>.+)")


def _voice(verb: str, message: str) -> str:
    """One error line: ``kznames <verb>: <what> (<where>)``.

    >>> _voice("dedup", "people.csv:3: not valid UTF-8 (byte 7)")
    'kznames dedup: not valid UTF-8 (byte 7) (people.csv:3)'
    >>> _voice("translit", "unknown scheme 'x'")
    "kznames translit: unknown scheme 'x'"
    """
    first = message.splitlines()[0] if message else "failed"
    located = _LOCATED.fullmatch(first)
    if located:
        return f"kznames {verb}: {located['what']} ({located['where']})"
    return f"kznames {verb}: {first}"


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
            errors.append(f"invalid UTF-8 at byte {exc.start} (stdin:{number})")
            if strict:
                return
            yield None


class _DataError(DataFileError):
    """An input the command cannot use (exit 1): unreadable, undecodable, malformed."""

    def __init__(self, problem: str) -> None:
        self._fill([problem])


def _read_text(path: Path) -> str:
    """A UTF-8 file's text (``-`` is stdin), or a :class:`_DataError` saying where it failed."""
    if str(path) != "-":
        return read_text(path, _DataError)
    try:
        data = sys.stdin.buffer.read()
    except OSError as exc:
        raise _DataError(f"-: cannot read ({(exc.strerror or str(exc)).lower()})") from None
    return decode_text(data, path, _DataError)


def _cmd_translit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    errors: list[str] = []
    texts: Iterator[str | None] = (
        iter(args.text) if args.text else _read_lines(sys.stdin, args.strict, errors)
    )
    where = "argument" if args.text else "stdin"
    untouched: dict[str, None] = {}  # the words kept as they were, in order, once each
    kept = 0
    for number, text in enumerate(texts, start=1):
        if text is None:
            # Keep output lines aligned with input lines: an empty line stands for a skipped one.
            out.write("\n" if not args.json else json.dumps({"error": errors[-1]}) + "\n")
            err.write(f"kznames translit: line skipped: {errors[-1]}\n")
            continue
        try:
            result = transliterate(
                text,
                args.target,
                source=args.source,
                strict=args.strict,
                kind=args.kind,
                known_spellings=not args.by_rule,
            )
        except UntouchedError as exc:
            errors.append(f"{where}:{number}: {exc}")
            break
        kept += len(result.untouched)
        untouched.update(dict.fromkeys(result.untouched))
        if args.json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(result.text + "\n")
    if kept and not args.strict:
        # Exit status 0, but say so: a word kept as it was is no word of the target.
        err.write(f"kznames translit: {_untouched_note(kept, list(untouched), args.target)}\n")
    if errors and args.strict:
        err.write(f"kznames translit: stopped (--strict): {errors[-1]}\n")
    return 1 if errors else 0


#: How many of the words kept as they were the note on stderr names (each once, in order; the
#: count is of all of them, repeats too; --json lists them line by line).
_NOTE_WORDS = 8


def _untouched_note(count: int, words: list[str], target: str) -> str:
    """The one-line note of the words ``translit`` left as they were (``untouched``).

    >>> _untouched_note(3, ["Urumqi", "Smith"], "ru-Cyrl")
    '3 word(s) not written in ru-Cyrl, left as they were: Urumqi, Smith'
    """
    shown = ", ".join(words[:_NOTE_WORDS]) + (", …" if len(words) > _NOTE_WORDS else "")
    return f"{count} word(s) not written in {target}, left as they were: {shown}"


def _cmd_key(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .names import key, parse, skeleton

    errors: list[str] = []
    names: Iterator[str | None] = (
        iter(args.names) if args.names else _read_lines(sys.stdin, False, errors)
    )
    for name in names:
        if name is None:  # an undecodable stdin line: an empty output line keeps the alignment
            err.write(f"kznames key: line skipped: {errors[-1]}\n")
            out.write(json.dumps({"error": errors[-1]}) + "\n" if args.json else "\n")
            continue
        if not args.json:
            out.write(key(name) + "\n")
            continue
        tokens = [
            {"text": t.text, "fine": t.fine, "key": t.key, "kind": t.kind} for t in parse(name)
        ]
        row = {
            "name": name,
            "key": key(name),
            "fine": " ".join(t["fine"] for t in tokens),
            "skeleton": skeleton(name),
            "tokens": tokens,
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 1 if errors else 0


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from .score import similarity

    score = similarity(args.a, args.b)
    if args.json:
        out.write(json.dumps(score.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(f"{score.value:.2f} (alignment {score.alignment:.2f})  {score.explanation}\n")
    return 0


def _cmd_same(args: argparse.Namespace, out: TextIO) -> int:
    from .score import similarity

    score = similarity(args.a, args.b)
    verdict = score.value >= args.threshold
    if not args.quiet:
        word = "same" if verdict else "different"
        out.write(
            f"{word}  {score.value:.2f} (threshold {args.threshold:g})  {score.explanation}\n"
        )
    return 0 if verdict else 1


def _cmd_schemes(args: argparse.Namespace, out: TextIO) -> int:
    from .schemes import siblings

    infos = scheme_infos()
    rows = siblings()
    if args.json:
        data = [
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
                "sibling_for": [
                    {"target": r.target, "language": r.language, "why": r.why}
                    for r in rows
                    if r.scheme == s.tag
                ],
            }
            for s in infos
        ]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(s.direction) for s in infos)
    for s in infos:
        kind = "reversible" if s.reversible else ("reads back by rule" if s.reads_back else "")
        out.write(f"{s.direction:<{width}}  {s.name}" + (f"  [{kind}]" if kind else "") + "\n")
    out.write(
        "\nSiblings (schemes/data/siblings.tsv): a word of another language asked for in a "
        "target is written with:\n"
    )
    target_width = max(len(r.target) for r in rows)
    scheme_width = max(len(r.scheme) for r in rows)
    for r in rows:
        out.write(
            f"{r.target:<{target_width}}  {r.language}  {r.scheme:<{scheme_width}}  {r.why}\n"
        )
    return 0


def _cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    names = [
        line.strip()
        for line in _read_text(Path(args.file)).splitlines()
        if line.strip() and not line.startswith("#")
    ]
    infos = scheme_infos()
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
    if args.reconcile:
        return _cmd_eval_reconcile(Path(args.reconcile), args.json, out)
    if not args.groups:
        raise _UsageError("eval needs a groups file, or --reconcile DIR")
    from . import evaluate
    from .deduplication import dedup
    from .deduplication.pipeline import MATCH_THRESHOLD, block_keys
    from .names import key, skeleton
    from .score import similarity

    all_rows = evaluate.read_groups(Path(args.groups))
    rows = evaluate.pick_half(all_rows, args.half)
    all_pairs = [p for path in args.negatives or [] for p in evaluate.read_look_alikes(Path(path))]
    look_alikes = evaluate.pick_half_pairs(all_pairs, args.half)
    keys: dict[str, Callable[[str], str]] = {"kznames key": key}
    scores: dict[str, Callable[[str, str], float]] = {
        "kznames similarity": lambda a, b: similarity(a, b).value,
        "match model": lambda a, b: similarity(a, b).probability,
        "alignment": lambda a, b: similarity(a, b).alignment,
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

    from .gazetteer import Gazetteer

    gazetteer = Gazetteer.default()  # loaded once, not at each of the look-alike pairs' dedups

    def clusters(names: list[str]) -> list[int]:
        return dedup(names, workers=1, gazetteer=gazetteer).cluster_ids

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


def _cmd_eval_reconcile(directory: Path, as_json: bool, out: TextIO) -> int:
    from dataclasses import asdict

    from .reconcile_eval import evaluate_reconcile
    from .report import counted

    report = evaluate_reconcile(directory)
    if as_json:
        data = asdict(report) | {"precision": report.precision, "recall": report.recall}
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    documents = counted(report.documents, "document")
    out.write(f"{directory}: {documents}, {counted(report.expected, 'expected mention')}\n")
    out.write(f"{'entity':<20}{'mentions':>9}{'P':>7}{'R':>7}  cluster\n")
    for entity in report.entities:
        out.write(
            f"{entity.entity:<20}{entity.expected:>9}{entity.precision:>7.3f}"
            f"{entity.recall:>7.3f}  {entity.cluster}\n"
        )
    out.write(
        f"{'all':<20}{report.expected:>9}{report.precision:>7.3f}{report.recall:>7.3f}"
        f"  ({report.correct} correct of {report.found} found)\n"
    )
    for line in report.unexpected:
        out.write(f"unexpected: {line}\n")
    for line in report.missed:
        out.write(f"missed: {line}\n")
    return 0


def _row(label: str, values: Sequence[str], width: int) -> str:
    return f"{label:<28}" + "".join(f"{v:>{width}}" for v in values) + "\n"


def _figure(value: float) -> str:
    """A measured figure, or ``n/a`` where nothing could be measured (NaN)."""
    return "n/a" if value != value else f"{value:.3f}"


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
    out.write(_row("ROC AUC vs look-alikes", [_figure(r.auc_look_alikes) for r in rs], width))
    out.write(_row("best F1", [f"{r.best_f1:.3f}" for r in rs], width))
    out.write(_row("  at threshold", [f"{r.best_threshold:.3f}" for r in rs], width))
    for label in first.auc_by_scripts:
        values = [_figure(r.auc_by_scripts.get(label, float("nan"))) for r in rs]
        out.write(_row(f"ROC AUC {label}", values, width))
    if any(r.auc_look_alikes != r.auc_look_alikes for r in rs):  # NaN: no look-alike pairs
        out.write("n/a: no look-alike pairs to measure against (give --negatives FILE)\n")


def _cmd_lookup(args: argparse.Namespace, out: TextIO) -> int:
    from .gazetteer import Gazetteer, iso_date

    try:
        on = iso_date(args.on) if args.on else None
    except ValueError:
        raise _UsageError(f"--on takes a date as YYYY-MM-DD, not {args.on!r}") from None
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
        if m.level:
            how += f" without the {m.level} word"
        now = f", on {args.on}: {m.name_on}" if args.on else ""
        out.write(
            f"{m.entity.name} [{m.entity.kind}, {m.entity.entity_id}]{now} — "
            f"via {m.variant.variant!r} ({m.variant.tag}; {how}; source: {m.variant.source})\n"
        )
    return 0


def _explain_pair(args: argparse.Namespace, out: TextIO) -> int:
    from .deduplication.why import explain_pair
    from .gazetteer import Gazetteer

    gazetteer = None if args.no_gazetteer else Gazetteer.default()
    a, b = args.explain
    verdict = explain_pair(a, b, gazetteer=gazetteer, threshold=args.threshold)
    out.write(f"{verdict}\n")
    return 0


def _cmd_dedup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .deduplication import dedup, dedup_stream
    from .deduplication.table import OUTPUT_COLUMNS, with_clusters
    from .record_files import RecordSource, check_target, format_of, write_records
    from .report import counted

    if args.explain is not None:
        if args.input is not None:
            raise _UsageError("give a file or --explain A B, not both")
        return _explain_pair(args, out)
    if args.input is None:
        raise _UsageError("give the file to deduplicate (or --explain A B)")
    source = Path(args.input)
    try:
        in_format = format_of(source, args.input_format)
    except KznamesError:
        raise _UsageError(
            f"{source}: cannot tell the format from the name; give --input-format "
            "(csv, tsv, jsonl or parquet)"
        ) from None
    # The file is read three times and never held: once to check every row and learn the
    # columns, once for the names, once as the results are written beside the records (a pipe,
    # which gives its data once, is read whole first).
    records = RecordSource.open(source, in_format)
    stamp = records.stamp()
    scan = records.scan()
    if not scan.rows:
        raise KznamesError(f"{source}: no rows to deduplicate")
    # Everything checkable is checked before the clustering: the column in every row, the
    # output's folder and format. A --column the file lacks is the command line's fault.
    try:
        column = records.name_column(scan.columns, args.column)
    except KznamesError as exc:
        raise _UsageError(str(exc)) from None
    names = records.names(column)
    target = Path(args.out) if args.out else None
    try:
        out_format = args.format or (format_of(target) if target else None) or in_format
    except KznamesError as exc:
        raise _UsageError(str(exc)) from None
    if out_format == "parquet" and target is None:
        raise _UsageError("Parquet output needs --out FILE (it cannot go to stdout)")
    try:  # --out names a place that cannot take the output: the command line's fault
        check_target(target, out_format)
    except KznamesError as exc:
        raise _UsageError(str(exc)) from None
    columns = [*scan.columns, *OUTPUT_COLUMNS]
    options: dict[str, Any] = {
        "threshold": args.threshold,
        "gazetteer": None if args.no_gazetteer else "default",
    }
    bar = Reporter("dedup", err, quiet=args.quiet, interval=_PROGRESS_EVERY)
    if args.engine == "duckdb" and not args.html:
        # Out of core: the results stay in DuckDB and are written a batch at a time beside
        # the records, without a list per row.
        try:
            with dedup_stream(names, progress=bar, **options) as results:
                bar.close()
                del names
                write_records(
                    target,
                    columns,
                    with_clusters(records.again(scan, stamp), results.rows()),
                    out_format,
                    out,
                    source=records,
                )
                summary = results.summary()
        finally:
            bar.close()
    else:
        try:
            result = dedup(names, engine=args.engine, progress=bar, **options)
        finally:
            bar.close()
        write_records(
            target,
            columns,
            with_clusters(
                records.again(scan, stamp),
                zip(result.cluster_ids, result.canonical, result.scores, strict=True),
            ),
            out_format,
            out,
            source=records,
        )
        if args.html:  # after the records: a refused input (changed while read) leaves none
            from .report import dedup_html

            _write_page(
                Path(args.html), dedup_html(result, f"kznames dedup {source.name}"), "dedup", err
            )
        summary = result.summary()
    err.write(
        f"kznames dedup: {counted(summary['rows'], 'row')}, "
        f"{counted(summary['distinct_names'], 'distinct name')}, "
        f"{counted(summary['clusters'], 'cluster')}, "
        f"{counted(summary['compared_pairs'], 'pair')} compared"
        + (f"; written to {target}\n" if target else "\n")
    )
    return 0


def _cmd_reconcile(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .text import Document, read_document, reconcile

    inputs: list[Document | Path] = []
    for name in args.files:
        if name == "-":  # a document from stdin: HTML reduced to its text like an .html file
            inputs.append(_stdin_document())
        else:
            inputs.append(Path(name))
    with Reporter("reconcile", err, quiet=args.quiet, interval=_PROGRESS_EVERY) as progress:
        result = reconcile(
            inputs, threshold=args.threshold, progress=progress, context=not args.no_context
        )
    if args.html:
        from .report import reconcile_html

        texts = {d.name: d.text for d in inputs if isinstance(d, Document)}
        for path in inputs:
            if not isinstance(path, Document) and str(path) in result.documents:
                texts[str(path)] = read_document(path).text
        _write_page(Path(args.html), reconcile_html(result, texts), "reconcile", err)
    for problem in result.skipped:
        err.write(_voice("reconcile", problem) + "\n")
    if not result.documents:
        raise _DataError("no document could be read")
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


def _write_page(path: Path, page: str, verb: str, err: TextIO) -> None:
    """Write an HTML page whole (a temporary file renamed), or say why it cannot be."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(page, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _UsageError(f"{path}: cannot write the page ({exc.strerror})") from None
    err.write(f"kznames {verb}: page written to {path}\n")


def _stdin_document() -> Any:
    from .text import Document, html_text

    text = _read_text(Path("-"))
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        text = html_text(text)
    return Document("stdin", unicodedata.normalize("NFC", text))


def _print_reconciliation(result: Any, explain: bool, min_documents: int, out: TextIO) -> None:
    """The clusters as a table: one block per entity, one line per spelling."""
    from .report import counted, mentions_in_documents

    names = {d: f"[{i}]" for i, d in enumerate(result.documents, start=1)}
    documents = counted(len(result.documents), "document")
    out.write(f"{documents}, {counted(len(result.mentions), 'mention')}\n")
    for document, label in names.items():
        out.write(f"  {label} {document}\n")
    shown = [c for c in result.clusters if len(c.documents) >= min_documents]
    width = max((_display_width(v.form) for c in shown for v in c.variants), default=10)
    for cluster in shown:
        known = cluster.identity
        seen = mentions_in_documents(cluster.mentions, len(cluster.documents))
        out.write(f"\n{cluster.canonical}  ({known}; {seen})\n")
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
            err.write(_voice("tables check", problem) + "\n")
        err.write(f"kznames tables check: {len(exc.problems)} problem(s): nothing loaded\n")
        return 1
    for warning in gazetteer.warnings:
        err.write(_voice("tables check", warning).replace(": ", ": warning: ", 1) + "\n")
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


def _verb(sub: Any, name: str, summary: str, examples: str) -> _Parser:
    """A verb's parser: its one-line summary, and examples (one per line) as the epilog."""
    parser: _Parser = sub.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.strip().splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(verb_parser=parser)  # so that an unknown option is the verb's error
    return parser


def _add_translit(sub: Any) -> None:
    tr = _verb(
        sub,
        "translit",
        "write text in another scheme",
        """
kznames translit -t kk-Latn-bgn 'Серікжан Білаш'     # Serikzhan Bilash
kznames translit -s kk-Latn -t kk-Cyrl 'Serıkjan Bılaş'
kznames translit -t ru-Latn-bgn --json < names.txt   # one JSON object per line
kznames translit -t kk-Cyrl --by-rule 'جىبەك'           # жыбек (known spelling: жібек)
""",
    )
    tr.add_argument(
        "-t", "--target", required=True, help="target scheme tag, e.g. kk-Latn-bgn (see schemes)"
    )
    tr.add_argument("-s", "--source", default="auto", help="source tag (default: auto-detect)")
    tr.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per input line: text, routes, untouched words",
    )
    tr.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first line that is not valid UTF-8 or has a word that cannot be "
        "written in the target (exit status 1)",
    )
    tr.add_argument(
        "--kind",
        choices=["person", "place", "org", "people", "other"],
        help="what the text names: Chinese personal names are written in pinyin surname apart "
        "unless it is not a person",
    )
    tr.add_argument(
        "--by-rule",
        action="store_true",
        help="read Kazakh Arabic script by rule alone, not preferring spellings known to the "
        "gazetteer where the script does not show a vowel's row (docs/tote-jazu.md)",
    )
    tr.add_argument("text", nargs="*", help="text to convert (default: stdin, line by line)")


def _add_schemes(sub: Any) -> None:
    sc = _verb(
        sub,
        "schemes",
        "list the schemes with direction and reversibility",
        """
kznames schemes
kznames schemes --json | jq -r '.[].tag'
""",
    )
    sc.add_argument(
        "--json", action="store_true", help="a JSON list: tag, direction, name, authority, url"
    )


def _add_key(sub: Any) -> None:
    ky = _verb(
        sub,
        "key",
        "the match key of each name: spellings of one name share it",
        """
kznames key 'Serikzhan Bilash' 'Серікжан Білаш'     # blcsrkjn, twice
kznames key < names.txt                              # one key per input line
kznames key --json 'BILASH, Serikjan'                # key, fine keys, skeleton, tokens
""",
    )
    ky.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per name: key, fine (the tokens' fine keys, vowels kept), "
        "skeleton (the blocking key) and the tokens with their kinds",
    )
    ky.add_argument("names", nargs="*", help="names (default: stdin, one name per line)")


def _add_compare(sub: Any) -> None:
    cp = _verb(
        sub,
        "compare",
        "how alike two names are, and why",
        """
kznames compare 'Aiman Umarova' 'Aiman Umanova'   # 0.82  Aiman~Aiman 1.00; Umarova~...
kznames compare --json 'Tokayev' 'Тоқаев'          # the score with every token match
""",
    )
    cp.add_argument(
        "--json", action="store_true", help="the score and its explanation as one JSON object"
    )
    cp.add_argument("a", help="the first name")
    cp.add_argument("b", help="the second name")


def _add_same(sub: Any) -> None:
    from .score import PROBABILITY_THRESHOLD

    sm = _verb(
        sub,
        "same",
        "exit 0 when two names are one name, 1 when not (for shell scripts)",
        """
kznames same 'Kassym-Jomart Tokayev' 'Қасым-Жомарт Тоқаев' && echo same
kznames same -q Ivanov Ivanova || echo different
""",
    )
    sm.add_argument(
        "--threshold",
        type=_unit_interval,
        default=PROBABILITY_THRESHOLD,
        help="match probability from which two names are the same (default "
        f"{PROBABILITY_THRESHOLD:g}, as kznames.same)",
    )
    sm.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing: the exit status says it"
    )
    sm.add_argument("a", help="the first name")
    sm.add_argument("b", help="the second name")


def _add_eval(sub: Any) -> None:
    ev = _verb(
        sub,
        "eval",
        "measure keys and similarity on labelled variant groups",
        """
kznames eval groups.tsv --negatives look-alikes.tsv
kznames eval groups.tsv --baselines --json > report.json
kznames eval --reconcile tests/data/reconcile/heldout
""",
    )
    ev.add_argument(
        "groups", nargs="?", help="TSV: group_id, kind, variant, script_or_scheme, source"
    )
    ev.add_argument(
        "--reconcile",
        metavar="DIR",
        help="measure reconcile instead: the documents of DIR against its expected.tsv "
        "(per-entity precision and recall)",
    )
    ev.add_argument(
        "--negatives",
        action="append",
        help="TSV of look-alike pairs: name_a, name_b, relation, kind (repeatable; e.g. "
        "data/eval/look-alikes.tsv)",
    )
    ev.add_argument("--baselines", action="store_true", help="measure the usual normalisers too")
    ev.add_argument(
        "--sample",
        type=int,
        default=20_000,
        help="negative pairs sampled for similarity (default 20000)",
    )
    ev.add_argument(
        "--half",
        choices=["fit", "report", "all"],
        default="report",
        help="groups to measure, split by the SHA-256 of the group id: tune on fit, read figures "
        "on report (default)",
    )
    ev.add_argument("--json", action="store_true", help="the reports as one JSON object")


def _add_lookup(sub: Any) -> None:
    lk = _verb(
        sub,
        "lookup",
        "the known entities a name may refer to",
        """
kznames lookup Astana --on 2020-06-01       # Astana, then called Nur-Sultan
kznames lookup Jambyl                       # Jambyl Region (found without its level word), Taraz
kznames lookup 'Ата Жұрт' --kind org --json
""",
    )
    lk.add_argument("name", help="the name to look up, in any script or scheme")
    lk.add_argument(
        "--kind",
        choices=["person", "place", "org", "people", "other"],
        help="only entities of this kind",
    )
    lk.add_argument("--on", help="a date (YYYY-MM-DD): prefer the name in force that day")
    lk.add_argument("--table", action="append", help="a user table to load too (repeatable)")
    lk.add_argument(
        "--json", action="store_true", help="the matches as a JSON list (entity, variant, score)"
    )


def _add_tables(sub: Any) -> None:
    tb = _verb(
        sub,
        "tables",
        "work with variant tables",
        """
kznames tables check my-places.tsv
""",
    )
    tb_sub = tb.add_subparsers(dest="tables_command", required=True, parser_class=_Parser)
    check = _verb(
        tb_sub,
        "check",
        "validate tables; report every problem by line",
        """
kznames tables check my-places.tsv my-people.tsv
kznames tables check --alone my-places.tsv    # without the shipped tables
""",
    )
    check.add_argument("files", nargs="+", help="the variant tables (TSV) to check")
    check.add_argument(
        "--alone", action="store_true", help="check without loading the shipped tables"
    )


def _add_dedup(sub: Any) -> None:
    dd = _verb(
        sub,
        "dedup",
        "cluster the names of a CSV, TSV, JSONL or Parquet file",
        """
kznames dedup people.csv --column name --out clustered.csv
kznames dedup people.jsonl --column name --engine duckdb --format csv
kznames dedup --explain 'Nursultan Nazarbaev' 'Nazarbaev N.'
""",
    )
    dd.add_argument(
        "input", nargs="?", help="the records (format from the extension, or --input-format)"
    )
    dd.add_argument(
        "--explain",
        nargs=2,
        metavar=("A", "B"),
        help="instead of a file: whether dedup joins the names A and B, and the step that "
        "decides it (shared entity or key, blocks, score against the thresholds)",
    )
    dd.add_argument("--column", help="the column of names (default: the only column)")
    dd.add_argument(
        "--out",
        help="output file (default: stdout); written atomically. It has the input's columns "
        "and cluster_id, canonical (the cluster's name) and score (how sure the row's link is)",
    )
    dd.add_argument(
        "--format",
        choices=["csv", "tsv", "jsonl", "parquet"],
        help="output format (default: from --out, else the input's)",
    )
    dd.add_argument(
        "--input-format",
        choices=["csv", "tsv", "jsonl", "parquet"],
        help="input format (default: from the input's extension)",
    )
    dd.add_argument(
        "--engine",
        choices=["python", "duckdb", "spark"],
        default="python",
        help="python (in process), duckdb (out of core) or spark (local mode; needs Java 17)",
    )
    dd.add_argument(
        "--threshold",
        type=_unit_interval,
        default=PROBABILITY_THRESHOLD,
        help=f"match probability that links two names (default {PROBABILITY_THRESHOLD:g})",
    )
    dd.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on stderr (by default a bar on a terminal, else a line every 5 s)",
    )
    dd.add_argument(
        "--html",
        metavar="FILE",
        help="also write a self-contained page of the clusters, the largest and least "
        "certain first, with why each row joined",
    )
    dd.add_argument(
        "--no-gazetteer",
        action="store_true",
        help="phonetics alone: do not join names through the known entities' variants",
    )


def _add_reconcile(sub: Any) -> None:
    rc = _verb(
        sub,
        "reconcile",
        "who and what documents mention, under which spellings",
        """
kznames reconcile examples/dispatches/*
kznames reconcile --explain --min-documents 2 reports/*.txt
curl -s https://example.org/news.html | kznames reconcile -
""",
    )
    rc.add_argument(
        "files", nargs="+", help="plain text or HTML files (UTF-8); - reads one from stdin"
    )
    rc.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on stderr (by default a bar on a terminal, else a line every 5 s)",
    )
    rc.add_argument(
        "--html",
        metavar="FILE",
        help="also write a self-contained page: the documents with each mention in its "
        "entity's colour beside the entities, their spellings and why each joined",
    )
    rc.add_argument("--json", action="store_true", help="the clusters as JSON")
    rc.add_argument("--tsv", action="store_true", help="one line per cluster and spelling")
    rc.add_argument("--explain", action="store_true", help="say why each spelling was joined")
    rc.add_argument(
        "--no-context",
        action="store_true",
        help="do not join a lone surname or misprint to the one full name it can belong to",
    )
    rc.add_argument(
        "--min-documents",
        type=int,
        default=1,
        help="show entities seen in at least this many documents (table only)",
    )
    rc.add_argument(
        "--threshold",
        type=_unit_interval,
        default=LINK_THRESHOLD,
        help=f"similarity that joins two spellings (default {LINK_THRESHOLD:g})",
    )


def _add_demo(sub: Any) -> None:
    demo = _verb(
        sub,
        "demo",
        "show each name of a file in every scheme",
        """
kznames demo examples/names.txt
""",
    )
    demo.add_argument("file", help="UTF-8 file, one name per line (# starts a comment line)")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="kznames",
        description="Reconcile spellings of Central Asian and Xinjiang names across scripts.",
        epilog="examples:\n"
        "  kznames translit -t kk-Latn-bgn 'Серікжан Білаш'\n"
        "  kznames same 'Serikzhan Bilash' 'Серікжан Білаш' && echo same\n"
        "  kznames reconcile examples/dispatches/*\n"
        "\n'kznames VERB --help' describes each verb.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"kznames {__version__}, {describe_engine()}"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for add in (
        _add_translit,
        _add_schemes,
        _add_key,
        _add_compare,
        _add_same,
        _add_eval,
        _add_lookup,
        _add_tables,
        _add_dedup,
        _add_reconcile,
        _add_demo,
    ):
        add(sub)
    return parser


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "translit": _cmd_translit,
    "schemes": lambda args, out, err: _cmd_schemes(args, out),
    "key": _cmd_key,
    "compare": lambda args, out, err: _cmd_compare(args, out),
    "same": lambda args, out, err: _cmd_same(args, out),
    "eval": lambda args, out, err: _cmd_eval(args, out),
    "lookup": lambda args, out, err: _cmd_lookup(args, out),
    "tables": _cmd_tables,
    "dedup": _cmd_dedup,
    "reconcile": _cmd_reconcile,
    "demo": _cmd_demo,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    err = sys.stderr
    parser = _build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        getattr(args, "verb_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    verb = args.command
    try:
        with terminated_raises():
            return _run(verb, args, out, err)
    except KeyboardInterrupt:
        err.write(f"kznames {verb}: interrupted (SIGINT)\n")
        return 130
    except Terminated:
        pass
    err.write(f"kznames {verb}: terminated (SIGTERM)\n")
    return 143


def _run(verb: str, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run a verb; every error it raises becomes one line in the common voice."""
    try:
        return _COMMANDS[verb](args, out, err)
    except BrokenPipeError:
        # `kznames translit ... | head` closes the pipe early: not an error.
        return 0
    except (_UsageError, UnknownSchemeError, NoRouteError) as exc:
        err.write(_voice(verb, str(exc)) + "\n")
        return 2
    except KznamesError as exc:
        err.write(_voice(verb, str(exc)) + "\n")
        return 1
    except MemoryError:
        err.write(f"kznames {verb}: out of memory (the input is too large for this machine)\n")
        return 1
    except Exception as exc:
        if was_terminated():  # DuckDB turned the SIGTERM into its own error
            raise Terminated(15) from None
        # A bug, not the user's doing: one line, and the traceback only when asked for.
        if os.environ.get("KZNAMES_DEBUG"):
            traceback.print_exc(file=err)
        err.write(
            f"kznames {verb}: unexpected failure ({type(exc).__name__}); "
            "KZNAMES_DEBUG=1 shows the traceback; please report it\n"
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
