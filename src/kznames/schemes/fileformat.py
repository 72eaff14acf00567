"""Reading and validating scheme files (``*.scheme``): text in, :class:`SchemeSpec` out.

A scheme file is plain UTF-8 in four sections, so that a linguist can edit it and every problem
can be reported with its line (see ``docs/schemes-format.md`` for the full description)::

    # comments start with '#'
    [scheme]
    tag = kk-Latn-bgn                 # the target tag this file produces
    source = kk-Cyrl                  # the tag it reads
    name = Kazakh, BGN/PCGN 1979
    reversible = false

    [classes]
    vowel = а ә е ё и о ө у ұ ү ы і э ю я

    [rules]
    # from  <TAB> to <TAB> context (optional) <TAB> note (optional)
    е	ye	initial

    [reverse]
    # only in non-reversible schemes: which letter a shared target reads back as
    i	й	after=lvowel

    [samples]
    Серікжан Білаш	Serikzhan Bilash

Rules are written in lower case; the engine derives Title and UPPER forms. Contexts are
space-separated conditions that must all hold: ``initial``, ``final``, ``after=CLASS``,
``before=CLASS``, each negatable with ``!``. ``CLASS`` is a name from ``[classes]`` or a literal
set of single characters in braces, ``{аеиоу}``, or a Unicode property, ``\\p{Han}``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from ..errors import SchemeFileError
from .alphabet import Alphabet, parse_alphabet
from .harmony import HarmonySettings, check_unmarked

__all__ = ["Condition", "Rule", "Sample", "SchemeSpec", "parse_scheme", "parse_scheme_text"]

Casing = Literal["default", "turkic"]
ConditionKind = Literal["initial", "final", "after", "before", "inword"]

_META_KEYS = frozenset(
    {
        "tag",
        "source",
        "name",
        "authority",
        "date",
        "url",
        "reversible",
        "source_casing",
        "target_casing",
        "separator",
        "roundtrip_exceptions",
        "description",
        "auto_read",
        "input_nfkc",
        "word_mark",
        "word_mark_when",
        "word_mark_unless",
        "engine",
        "alphabet",
        "surnames",
        "lexicon",
        "loose",
        "last_step",
        "capitalise_words",
        "joined_syllables",
        "apostrophe_breaks",
    }
)
_REQUIRED_META = ("tag", "source", "name", "authority", "date", "url", "reversible")
# How a scheme's rules are run (``engine =``): rules rewrite the letters of a word, longest
# match first; pypinyin reads Chinese characters, the rules overriding its readings; syllables
# reads a word a whole syllable at a time, each part a rule's source (Wade-Giles).
_ENGINES: Final = ("rules", "pypinyin", "syllables")
# What a syllables engine reads as one syllable (SyllableRewriter): letters, marks, apostrophes.
# A syllables scheme writes its separator after a syllable whose target ends in a member of the
# first class and before one whose target starts with a member of the second.
_SEPARATOR_CLASSES: Final = ("separate_after", "separate_before")
_SYLLABLE: Final = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f]|')+")
_SECTIONS = frozenset({"scheme", "classes", "rules", "reverse", "samples", "harmony"})
_HARMONY_KEYS = frozenset(
    {
        "vowels",
        "front_vowels",
        "front",
        "back",
        "neutral",
        "front_reading",
        "unmarked",
        "suffixes",
        "prefixes",
        "loan",
    }
)
_HARMONY_REQUIRED = ("vowels", "front", "back", "front_reading")


@dataclass(frozen=True, slots=True)
class Condition:
    """One context condition of a rule; ``members`` is set for ``after`` and ``before``."""

    kind: ConditionKind
    negated: bool = False
    members: tuple[str, ...] = ()
    label: str = ""
    raw: bool = False  # members[0] is a regex property class such as \p{Han}

    def __str__(self) -> str:
        text = self.kind if not self.members else f"{self.kind}={self.label}"
        return ("!" if self.negated else "") + text


@dataclass(frozen=True, slots=True)
class Rule:
    """Rewrite ``source`` (lower case) to ``target`` where every condition holds."""

    source: str
    target: str
    conditions: tuple[Condition, ...] = ()
    line: int = 0
    note: str = ""

    @property
    def context(self) -> str:
        return " ".join(str(c) for c in self.conditions)


@dataclass(frozen=True, slots=True)
class Sample:
    """A worked example from the scheme file: ``source`` must become ``target``."""

    source: str
    target: str
    line: int
    direction: Literal["both", "forward", "reverse"] = "both"


@dataclass(frozen=True)
class SchemeSpec:
    """Everything a scheme file says, validated but not compiled."""

    path: Path
    tag: str
    source: str
    name: str
    authority: str
    date: str
    url: str
    reversible: bool
    description: str = ""
    source_casing: Casing = "default"
    target_casing: Casing = "default"
    separator: str = ""
    roundtrip_exceptions: tuple[str, ...] = ()
    auto_read: int | None = None
    input_nfkc: tuple[tuple[int, int], ...] = ()
    word_mark: str = ""
    word_mark_when: tuple[str, ...] = ()
    word_mark_unless: tuple[str, ...] = ()
    engine: str = "rules"
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    reverse_rules: tuple[Rule, ...] = ()
    samples: tuple[Sample, ...] = ()
    harmony: HarmonySettings | None = None
    alphabet: Alphabet | None = None  # the letters of ``tag``; required of shipped schemes
    surnames: tuple[str, ...] = ()  # Chinese surnames, longest first (``surnames = FILE``)
    lexicon: str = ""  # known spellings the reverse prefers (kznames.schemes.lexicon)
    loose: str = ""  # spellings the lexicon look-up treats as one (kznames.schemes.lexicon)
    last_step: bool = False  # only the last step of a route, never a step on to another tag
    capitalise_words: bool = False  # each word written starts with a capital (pypinyin engine)
    joined_syllables: bool = False  # a word's syllables may be written together (syllables engine)
    apostrophe_breaks: bool = False  # the source parts syllables with ' and words with - (pinyin)


class _Problems:
    """Collects every problem of one file so the user sees them all at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(f"{self.path}:{line}: {message}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_PROPERTY_CLASS = re.compile(r"\\p\{[A-Za-z_=]+\}")


def _parse_class(
    spec: str, classes: dict[str, tuple[str, ...]], line: int, problems: _Problems
) -> tuple[str, ...] | None:
    if _PROPERTY_CLASS.fullmatch(spec):
        return (spec,)
    if spec.startswith("{") and spec.endswith("}") and len(spec) > 2:
        return tuple(dict.fromkeys(spec[1:-1]))
    if spec in classes:
        return classes[spec]
    problems.add(line, f"unknown class {spec!r} (define it in [classes] or write {{letters}})")
    return None


def _parse_conditions(
    text: str, classes: dict[str, tuple[str, ...]], line: int, problems: _Problems
) -> tuple[Condition, ...] | None:
    conditions: list[Condition] = []
    ok = True
    for token in text.split():
        negated = token.startswith("!")
        body = token[1:] if negated else token
        name, _, arg = body.partition("=")
        if name in ("initial", "final") and not arg:
            conditions.append(Condition(name, negated))  # type: ignore[arg-type]
        elif name in ("after", "before", "inword") and arg:
            members = _parse_class(arg, classes, line, problems)
            if members is None:
                ok = False
                continue
            raw = bool(_PROPERTY_CLASS.fullmatch(arg))
            conditions.append(Condition(name, negated, members, arg, raw))  # type: ignore[arg-type]
        else:
            problems.add(
                line,
                f"unknown context {token!r}: use initial, final, after=CLASS, before=CLASS, "
                "inword=CLASS (each may start with '!')",
            )
            ok = False
    if len({str(c) for c in conditions}) != len(conditions):
        problems.add(line, f"context {text!r} repeats a condition")
        ok = False
    return tuple(conditions) if ok else None


def _lower(text: str, casing: Casing) -> str:
    if casing == "turkic":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def _parse_rule_rows(
    rows: list[tuple[int, str]],
    classes: dict[str, tuple[str, ...]],
    casing: Casing,
    problems: _Problems,
    section: str,
) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in rows:
        fields = raw.split("\t")
        if len(fields) < 2:
            problems.add(line, f"[{section}] row needs a source and a target separated by a TAB")
            continue
        if len(fields) > 4:
            problems.add(line, f"[{section}] row has {len(fields)} fields; at most 4")
            continue
        source, target = _nfc(fields[0]), _nfc(fields[1])
        context = fields[2].strip() if len(fields) > 2 else ""
        note = fields[3].strip() if len(fields) > 3 else ""
        if not source:
            problems.add(line, f"[{section}] row has an empty source")
            continue
        if source != _lower(source, casing):
            problems.add(
                line,
                f"source {source!r} is not lower case: write rules in lower case, "
                "the engine derives Title and UPPER forms",
            )
            continue
        conditions = _parse_conditions(context, classes, line, problems)
        if conditions is None:
            continue
        key = (source, " ".join(sorted(str(c) for c in conditions)))
        if key in seen:
            where = f" with context {context!r}" if context else ""
            problems.add(
                line, f"duplicate source {source!r}{where} (first given on line {seen[key]})"
            )
            continue
        seen[key] = line
        rules.append(Rule(source, target, conditions, line, note))
    return tuple(rules)


def _parse_bool(value: str, line: int, problems: _Problems) -> bool:
    if value.lower() in ("true", "yes"):
        return True
    if value.lower() in ("false", "no"):
        return False
    problems.add(line, f"expected true or false, got {value!r}")
    return False


def parse_scheme_text(text: str, path: Path) -> SchemeSpec:
    """Parse the text of a scheme file; raise :class:`SchemeFileError` listing every problem."""
    problems = _Problems(path)
    section = ""
    meta: dict[str, tuple[int, str]] = {}
    class_rows: list[tuple[int, str]] = []
    harmony_rows: dict[str, tuple[int, str]] = {}
    rows: dict[str, list[tuple[int, str]]] = {"rules": [], "reverse": [], "samples": []}
    seen_sections: set[str] = set()

    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip("\r\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            if section not in _SECTIONS:
                problems.add(number, f"unknown section [{section}]")
            elif section in seen_sections:
                problems.add(number, f"section [{section}] appears twice")
            seen_sections.add(section)
            continue
        if section in ("scheme", "classes", "harmony"):
            key, sep, value = stripped.partition("=")
            value = value.split(" #", 1)[0].strip()
            key = key.strip()
            if not sep or not key:
                problems.add(number, f"expected 'key = value' in [{section}]")
            elif section == "harmony":
                if key not in _HARMONY_KEYS:
                    known = ", ".join(sorted(_HARMONY_KEYS))
                    problems.add(number, f"unknown key {key!r} in [harmony] (known: {known})")
                elif key in harmony_rows:
                    problems.add(number, f"key {key!r} given twice (line {harmony_rows[key][0]})")
                else:
                    harmony_rows[key] = (number, value)
            elif section == "scheme":
                if key not in _META_KEYS:
                    problems.add(number, f"unknown key {key!r} in [scheme]")
                elif key in meta:
                    problems.add(number, f"key {key!r} given twice (line {meta[key][0]})")
                else:
                    meta[key] = (number, value)
            else:
                class_rows.append((number, stripped))
        elif section in rows:
            rows[section].append((number, line))
        else:
            problems.add(number, "text outside any section")

    for key in _REQUIRED_META:
        if key not in meta:
            problems.add(1, f"[scheme] lacks the required key {key!r}")

    def get(key: str, default: str = "") -> str:
        return meta[key][1] if key in meta else default

    casings: dict[str, Casing] = {}
    for key in ("source_casing", "target_casing"):
        value = get(key, "default")
        if value not in ("default", "turkic"):
            problems.add(meta[key][0], f"{key} must be 'default' or 'turkic', got {value!r}")
            value = "default"
        casings[key] = value  # type: ignore[assignment]

    classes: dict[str, tuple[str, ...]] = {}
    for number, row in class_rows:
        name, _, members = row.partition("=")
        name = name.strip()
        if name in classes:
            problems.add(number, f"class {name!r} defined twice")
            continue
        items = tuple(_nfc(m) for m in members.split())
        if not items:
            problems.add(number, f"class {name!r} is empty")
            continue
        classes[name] = items

    reversible = _parse_bool(
        get("reversible", "false"), meta.get("reversible", (1, ""))[0], problems
    )
    last_step = _parse_bool(get("last_step", "false"), meta.get("last_step", (1, ""))[0], problems)
    capitalise_words = _parse_bool(
        get("capitalise_words", "false"), meta.get("capitalise_words", (1, ""))[0], problems
    )
    joined_syllables = _parse_bool(
        get("joined_syllables", "false"), meta.get("joined_syllables", (1, ""))[0], problems
    )
    apostrophe_breaks = _parse_bool(
        get("apostrophe_breaks", "false"), meta.get("apostrophe_breaks", (1, ""))[0], problems
    )
    rules = _parse_rule_rows(rows["rules"], classes, casings["source_casing"], problems, "rules")
    reverse_rules = _parse_rule_rows(
        rows["reverse"], classes, casings["target_casing"], problems, "reverse"
    )
    if reversible and reverse_rules:
        problems.add(
            reverse_rules[0].line,
            "a reversible scheme derives its reverse direction; [reverse] rows are only for "
            "schemes declared reversible = false",
        )

    samples: list[Sample] = []
    for number, raw in rows["samples"]:
        fields = raw.split("\t")
        if len(fields) not in (2, 3) or not fields[0].strip():
            problems.add(number, "a sample is 'source<TAB>target' with an optional direction")
            continue
        direction = fields[2].strip() if len(fields) == 3 else "both"
        if direction not in ("both", "forward", "reverse"):
            problems.add(
                number, f"sample direction must be both, forward or reverse: {direction!r}"
            )
            continue
        samples.append(Sample(_nfc(fields[0]), _nfc(fields[1]), number, direction))  # type: ignore[arg-type]

    auto_read: int | None = None
    if "auto_read" in meta:
        if not reversible and not rows["reverse"]:
            problems.add(meta["auto_read"][0], "auto_read needs a scheme that reads back")
        try:
            auto_read = int(get("auto_read"))
        except ValueError:
            problems.add(
                meta["auto_read"][0], f"auto_read must be a whole number: {get('auto_read')!r}"
            )

    nfkc_ranges: list[tuple[int, int]] = []
    for item in get("input_nfkc").split():
        low, _, high = item.partition("-")
        try:
            nfkc_ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            problems.add(
                meta["input_nfkc"][0], f"input_nfkc takes hex ranges like FB50-FDFF: {item!r}"
            )

    word_mark = _nfc(get("word_mark"))
    mark_classes: dict[str, tuple[str, ...]] = {}
    for key in ("word_mark_when", "word_mark_unless"):
        if key in meta:
            if not word_mark:
                problems.add(meta[key][0], f"{key} needs word_mark")
            name = get(key)
            if name not in classes:
                problems.add(meta[key][0], f"{key} names an unknown class {name!r}")
            mark_classes[key] = classes.get(name, ())
    if word_mark and "word_mark_when" not in meta:
        problems.add(meta["word_mark"][0], "word_mark needs word_mark_when = CLASS")

    engine = get("engine", "rules")
    if engine not in _ENGINES:
        problems.add(meta["engine"][0], f"engine must be {', '.join(_ENGINES)}, got {engine!r}")
    if engine != "rules" and reversible:
        problems.add(meta["engine"][0], f"a {engine} scheme cannot be reversible")
    if capitalise_words and engine != "pypinyin":
        # A script with capitals gives each word its own case; only Chinese has none to follow.
        problems.add(meta["capitalise_words"][0], "capitalise_words is for engine = pypinyin only")
    if joined_syllables and engine != "syllables":
        # Only a reader of whole syllables can cut a word into them (Цзиньпин: цзинь + пин).
        problems.add(meta["joined_syllables"][0], "joined_syllables is for engine = syllables only")
    if apostrophe_breaks and not joined_syllables:
        # Only a source that writes syllables together sets some off with an apostrophe.
        problems.add(meta["apostrophe_breaks"][0], "apostrophe_breaks needs joined_syllables")
    if engine == "syllables" and "separator" in meta:
        # Between which syllables the separator goes (Palladius: ъ after -н before a vowel).
        for name in _SEPARATOR_CLASSES:
            if name not in classes:
                problems.add(
                    meta["separator"][0],
                    f"a syllables scheme's separator needs the class {name!r} in [classes]",
                )
    if engine == "syllables":
        # A syllable is read whole or not at all: a context would say otherwise.
        for rule in rules:
            if rule.conditions:
                problems.add(
                    rule.line, f"{rule.source}: a syllables scheme's rules take no context"
                )
            if not _SYLLABLE.fullmatch(rule.source):
                # The reader's syllables are letters, marks and the apostrophe (ch`ua never was).
                problems.add(
                    rule.line,
                    f"{rule.source}: a syllable is letters, marks and ' only: it could never apply",
                )

    separator = _nfc(get("separator"))
    if separator and any(separator in r.target for r in rules):
        problems.add(
            meta["separator"][0],
            f"separator {separator!r} also occurs in a rule's target: it could not be read back",
        )

    harmony = _parse_harmony(harmony_rows, "harmony" in seen_sections, problems)
    if harmony is not None and not rows["reverse"]:
        problems.add(1, "[harmony] says how to read the scheme back: it needs [reverse] rows")

    alphabet: Alphabet | None = None
    if "alphabet" in meta:
        alphabet_line = meta["alphabet"][0]
        alphabet, alphabet_problems = parse_alphabet(get("alphabet"), casings["target_casing"])
        for message in alphabet_problems:
            problems.add(alphabet_line, message)
        if not alphabet_problems:
            _check_alphabet(alphabet, rules, samples, word_mark, meta, problems)

    surnames: tuple[str, ...] = ()
    if "surnames" in meta:
        surnames = _read_surnames(path.parent / get("surnames"), meta["surnames"][0], problems)

    lexicon = get("lexicon")
    if "lexicon" in meta and (
        not lexicon or any(c in lexicon for c in "/\\ ") or not lexicon.endswith(".tsv")
    ):
        problems.add(meta["lexicon"][0], "lexicon names a .tsv file beside the scheme file")
    loose = get("loose")
    if "loose" in meta and (
        not loose or any(c in loose for c in "/\\ ") or not loose.endswith(".tsv")
    ):
        problems.add(meta["loose"][0], "loose names a .tsv file beside the scheme file")
    elif "loose" in meta and "lexicon" not in meta:
        problems.add(meta["loose"][0], "loose needs a lexicon: it loosens its look-up")

    if problems.items:
        raise SchemeFileError(problems.items)
    return SchemeSpec(
        path=path,
        tag=get("tag"),
        source=get("source"),
        name=get("name"),
        authority=get("authority"),
        date=get("date"),
        url=get("url"),
        reversible=reversible,
        description=get("description"),
        source_casing=casings["source_casing"],
        target_casing=casings["target_casing"],
        separator=separator,
        roundtrip_exceptions=tuple(_nfc(x) for x in get("roundtrip_exceptions").split()),
        auto_read=auto_read,
        input_nfkc=tuple(nfkc_ranges),
        word_mark=word_mark,
        word_mark_when=mark_classes.get("word_mark_when", ()),
        word_mark_unless=mark_classes.get("word_mark_unless", ()),
        engine=engine,
        classes=classes,
        rules=rules,
        reverse_rules=reverse_rules,
        samples=tuple(samples),
        harmony=harmony,
        alphabet=alphabet,
        surnames=surnames,
        lexicon=lexicon,
        loose=loose,
        last_step=last_step,
        capitalise_words=capitalise_words,
        joined_syllables=joined_syllables,
        apostrophe_breaks=apostrophe_breaks,
    )


def _parse_harmony(
    rows: dict[str, tuple[int, str]], present: bool, problems: _Problems
) -> HarmonySettings | None:
    """The ``[harmony]`` section (see :mod:`kznames.schemes.harmony`), or None without one."""
    if not present:
        return None
    ok = True
    for key in _HARMONY_REQUIRED:
        if key not in rows:
            problems.add(1, f"[harmony] lacks the required key {key!r}")
            ok = False

    def items(key: str) -> tuple[str, ...]:
        return tuple(_nfc(x) for x in rows[key][1].split()) if key in rows else ()

    unmarked = items("unmarked") or ("left", "right", "back")
    problem = check_unmarked(unmarked)
    if problem:
        problems.add(rows["unmarked"][0], problem)
        ok = False
    for key in ("vowels", "front_vowels", "front", "back", "neutral", "loan"):
        long = [x for x in items(key) if len(x) != 1]
        if long:
            problems.add(rows[key][0], f"{key} lists single letters, not {' '.join(long)}")
            ok = False
    if not ok:
        return None
    return HarmonySettings(
        vowels=items("vowels"),
        front_vowels=items("front_vowels"),
        front=items("front"),
        back=items("back"),
        neutral=items("neutral"),
        front_reading=items("front_reading"),
        unmarked=unmarked,
        suffixes=tuple(x.lower() for x in items("suffixes")),
        prefixes=tuple(x.lower() for x in items("prefixes")),
        loan=items("loan"),
    )


_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{1,2}")


def _read_surnames(path: Path, line: int, problems: _Problems) -> tuple[str, ...]:
    """The surname table a scheme names (``surname <TAB> note``), longest first."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(line, f"surnames: cannot read {path.name} ({exc})")
        return ()
    found: dict[str, int] = {}
    for number, row in enumerate(text.splitlines(), start=1):
        if not row.strip() or row.startswith("#") or row.startswith("surname\t"):
            continue
        surname = row.split("\t", 1)[0].strip()
        if not _HAN_RUN.fullmatch(surname):
            problems.items.append(f"{path}:{number}: {surname!r} is not one or two Han characters")
        elif surname in found:
            problems.items.append(f"{path}:{number}: {surname!r} repeats line {found[surname]}")
        else:
            found[surname] = number
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


def _check_alphabet(
    alphabet: Alphabet,
    rules: tuple[Rule, ...],
    samples: list[Sample],
    word_mark: str,
    meta: dict[str, tuple[int, str]],
    problems: _Problems,
) -> None:
    """Every letter the scheme writes (rule targets, word mark, forward samples) is declared."""
    for rule in rules:
        letter = alphabet.outside(rule.target)
        if letter:
            problems.add(
                rule.line,
                f"target {rule.target!r} has {letter!r} (U+{ord(letter):04X}), which is not in "
                "the alphabet declared in [scheme]",
            )
    if word_mark and alphabet.outside(word_mark):
        problems.add(meta["word_mark"][0], f"word_mark {word_mark!r} is not in the alphabet")
    for sample in samples:
        if sample.direction == "reverse":
            continue
        letter = alphabet.outside(sample.target)
        if letter:
            problems.add(
                sample.line,
                f"sample target {sample.target!r} has {letter!r} (U+{ord(letter):04X}), which is "
                "not in the alphabet",
            )


def parse_scheme(path: Path) -> SchemeSpec:
    """Read and parse one scheme file; raise :class:`SchemeFileError` with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise SchemeFileError([f"{path}:{line}: not valid UTF-8 ({exc.reason})"]) from exc
    except OSError as exc:
        raise SchemeFileError([f"{path}:0: cannot read ({exc.strerror})"]) from exc
    return parse_scheme_text(text, path)
