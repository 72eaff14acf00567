"""The ``kznames`` command. The only module that prints.

Exit codes: 0 success; 1 some input lines could not be read (reported on stderr, the others were
processed); 2 bad arguments or an unknown scheme (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from . import __version__, schemes, transliterate
from .errors import KznamesError
from .scripts import detect_language

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

    demo = sub.add_parser("demo", help="show each name of a file in every scheme")
    demo.add_argument("file", help="UTF-8 file, one name per line")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    err = sys.stderr
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "translit":
            return _cmd_translit(args, out, err)
        if args.command == "schemes":
            return _cmd_schemes(args, out)
        return _cmd_demo(args, out, err)
    except KznamesError as exc:
        err.write(f"kznames: error: {str(exc).splitlines()[0]}\n")
        return 2
    except BrokenPipeError:
        # `kznames translit ... | head` closes the pipe early: not an error.
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
