"""Rebuild ``src/kznames/namedata/name-frequencies.tsv.gz``: given names and surnames, how common.

``make name-frequencies`` runs this after installing its source packages into a scratch
directory (they are never dependencies of kznames). Every row says where it comes from:

* ``pypi:russiannames==2.0.0`` (BSD-3-Clause): the surname and first-name tables the package
  ships (``data/surnames.parquet``, ``data/names.parquet``), with its counts of bearers.
  Surnames with at least :data:`MIN_SURNAME_COUNT` bearers and first names with at least
  :data:`MIN_GIVEN_COUNT` are kept. Russian-language spellings, many of them Kazakh, Tatar,
  Uzbek and Kyrgyz surnames as written in Russian (Токаев, Жумабаев, Хасанов).
* ``pypi:faker==40.63.0`` (MIT): the person-name lists of the locales of the region's languages
  (``ru_RU``, ``uz_UZ``, ``az_AZ``, ``tr_TR``). A list the locale gives in order of frequency
  (``ru_RU`` surnames, ``uz_UZ``'s top-100 lists) gets a ``rank``; the others none.
* ``data/variants/curated-figures.tsv`` (this repository, public-figure names with their cited
  sources): the Kazakh, Kyrgyz and Uyghur given names and surnames of the figures, each row
  citing its line. First token given name, last token surname, patronymics left out.
* Kazakh given names, with their gender: those of ``data/names/kazakh-names.tsv`` (the ``kk``
  locale of ``pypi:mimesis==22.2.0``, MIT; each row cites the package's list and index) and
  those of ``pypi:airlock-pii==0.1.0`` (Apache-2.0: ``airlock_pii/data/given_names_kk.txt``,
  a ``[male]`` and a ``[female]`` section, other spellings of a name after commas, kept when
  their key is the name's; each row cites the file's line). The package says its lists are
  written from general knowledge, not from a register, and unverified: read them as attested
  spellings, not as counts. A name in Kazakh letters also gets its Russian spelling
  (:data:`KAZAKH_TO_RUSSIAN`: Серік / Серик, Дариға / Дарига, Мұхтар / Мухтар), the spelling of
  Russian-language documents, its row citing the same line with "in Russian letters".

Columns: ``name, key, language, kind (given|surname), gender (m|f|), count, rank, source``;
``count`` and ``rank`` may be empty. ``key`` is the name's token match key at the key version
the first line states (``# kznames key version N``): similarity looks names up by key, and
computing 60,000 keys at run time would cost seconds. The output is sorted and gzipped without a
timestamp, so a rebuild from the same packages and key version is byte-identical.
``--rekey`` keys the shipped table's rows again at the current key version without the source
packages (after a KEY_VERSION bump; at the same version it rewrites the file byte for byte).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import io
import sys
from importlib.metadata import version
from pathlib import Path

import pyarrow.parquet as pq
import regex

from kznames import KEY_VERSION
from kznames.frequencies import token_key

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "kznames" / "namedata" / "name-frequencies.tsv.gz"
FIGURES = ROOT / "data" / "variants" / "curated-figures.tsv"
HEADER = ("name", "key", "language", "kind", "gender", "count", "rank", "source")
MIN_SURNAME_COUNT = 10
MIN_GIVEN_COUNT = 10
FAKER_LISTS = {
    "first_names_male": ("given", "m"),
    "first_names_female": ("given", "f"),
    "last_names_male": ("surname", "m"),
    "last_names_female": ("surname", "f"),
}
# Faker locale -> (language, lists given in order of frequency).
FAKER_LOCALES = {
    "ru_RU": ("ru", {"last_names_male", "last_names_female"}),
    "uz_UZ": ("uz", set(FAKER_LISTS)),
    "az_AZ": ("az", set()),
    "tr_TR": ("tr", set()),
}
# Tags of curated-figures.tsv -> language of the name tables.
FIGURE_LANGUAGES = {"kk-Cyrl": "kk", "ky-Cyrl": "ky", "ug-Arab": "ug", "ug-Cyrl": "ug"}
PATRONYMIC_ENDINGS = ("ович", "евич", "овна", "евна", "ұлы", "улы", "қызы", "кызы", "уулу")

# The Kazakh given names of airlock-pii (Apache-2.0), installed beside the other packages.
AIRLOCK_NAMES = ("airlock_pii", "data", "given_names_kk.txt")
KAZAKH_NAMES = ROOT / "data" / "names" / "kazakh-names.tsv"
# How Russian-language documents write the nine Kazakh letters Russian lacks (Серік: Серик).
KAZAKH_TO_RUSSIAN = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхИи")

Row = tuple[str, str, str, str, str, str, str]
# A name is letters, with hyphens or apostrophes inside (Ulug‘bek, Abdul-Aziz): rows of the
# sources that are not (quoted shop names, numbers, stray dots) are left out.
NAME = regex.compile(r"\p{L}+(?:[-’‘'ʻ]\p{L}+)*")


def _clean(name: str) -> str | None:
    """The name as a table row holds it, or None to leave it out; ALL CAPS rows are title-cased
    (the same name as its title-case row)."""
    name = name.strip()
    if not NAME.fullmatch(name):
        return None
    return name.title() if name.isupper() and len(name) > 1 else name


def _russiannames() -> list[Row]:
    package = importlib.import_module("russiannames")
    data = Path(package.__file__).parent / "data"
    source = f"pypi:russiannames=={version('russiannames')}"
    rows: list[Row] = []
    for table, kind, floor in (
        ("surnames", "surname", MIN_SURNAME_COUNT),
        ("names", "given", MIN_GIVEN_COUNT),
    ):
        frame = pq.read_table(data / f"{table}.parquet", columns=["text", "count", "gender"])
        merged: dict[tuple[str, str], int] = {}
        columns = (frame.column(c).to_pylist() for c in frame.column_names)
        for raw, count, gender in zip(*columns, strict=True):
            name = _clean(raw or "")
            if name is None or count is None:
                continue
            sex = gender if gender in ("m", "f") else ""
            merged[(name, sex)] = merged.get((name, sex), 0) + count
        for (name, sex), count in merged.items():
            if count >= floor:
                rows.append((name, "ru", kind, sex, str(count), "", f"{source} {table}"))
    return rows


def _faker() -> list[Row]:
    source = f"pypi:faker=={version('faker')}"
    rows: list[Row] = []
    for locale, (language, ranked) in FAKER_LOCALES.items():
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute, (kind, gender) in FAKER_LISTS.items():
            names = getattr(provider, attribute, None) or ()
            seen: set[str] = set()
            for position, raw in enumerate(names, start=1):
                name = _clean(raw)
                if name is None or name in seen:
                    continue
                seen.add(name)
                rank = str(position) if attribute in ranked else ""
                where = f"{source} {locale} {attribute}"
                rows.append((name, language, kind, gender, "", rank, where))
    return rows


def _figures() -> list[Row]:
    rows: list[Row] = []
    lines = FIGURES.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        language = FIGURE_LANGUAGES.get(fields[2]) if len(fields) > 2 else None
        if language is None:
            continue
        tokens = [t for t in fields[1].split() if not t.lower().endswith(PATRONYMIC_ENDINGS)]
        if len(tokens) < 2:
            continue
        where = f"data/variants/curated-figures.tsv:{number}"
        for token, kind in ((tokens[0], "given"), (tokens[-1], "surname")):
            name = _clean(token)
            if name is not None:
                rows.append((name, language, kind, "", "", "", where))
    return rows


def _with_russian_spelling(rows: list[Row]) -> list[Row]:
    """``rows`` and, for a name written with Kazakh letters, the same row in Russian letters."""
    out = list(rows)
    for name, language, kind, gender, count, rank, source in rows:
        russian = name.translate(KAZAKH_TO_RUSSIAN)
        if russian != name:
            where = f"{source}, in Russian letters"
            out.append((russian, language, kind, gender, count, rank, where))
    return out


def _kazakh_given_names() -> list[Row]:
    """The given names of ``data/names/kazakh-names.tsv`` (mimesis's kk locale)."""
    rows: list[Row] = []
    for line in KAZAKH_NAMES.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) != 4 or fields[1] != "given":
            continue
        name = _clean(fields[0])
        if name is not None and fields[2] in ("m", "f"):
            rows.append((name, "kk", "given", fields[2], "", "", fields[3]))
    return _with_russian_spelling(rows)


def _airlock() -> list[Row]:
    """The given names of airlock-pii's ``given_names_kk.txt``: sections ``[male]`` and
    ``[female]``, one name a line with its other spellings after commas, ``#`` comments."""
    package = importlib.import_module("airlock_pii")
    path = Path(package.__file__).parent.joinpath(*AIRLOCK_NAMES[1:])
    where = f"pypi:airlock-pii=={version('airlock-pii')} {'/'.join(AIRLOCK_NAMES)}"
    genders = {"[male]": "m", "[female]": "f"}
    gender = ""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if text.startswith("["):
            if text not in genders:
                raise SystemExit(f"{path}:{number}: unknown section {text!r}")
            gender = genders[text]
            continue
        if not gender:
            raise SystemExit(f"{path}:{number}: a name before any section")
        spellings = []
        for spelling in text.split(","):
            name = _clean(spelling)
            if name is None:
                raise SystemExit(f"{path}:{number}: not a name: {spelling!r}")
            spellings.append(name)
        # Another spelling whose key differs from the name's (Бауржан for Бауыржан, Дюсен for
        # Дүйсен) is left out: the table cannot say two keys are one name, and two attested
        # given names one letter apart count as two people (Bauyrzhan / Baurzhan 0.95 -> 0.51).
        head = token_key(spellings[0])
        for name in spellings:
            if token_key(name) == head:
                rows.append((name, "kk", "given", gender, "", "", f"{where}:{number}"))
    return _with_russian_spelling(rows)


def shipped_rows(path: Path = OUT) -> list[Row]:
    """The rows of the table at ``path`` without their keys: what :func:`build` would sort and
    key again (``--rekey``: after a change of key version, without the source packages)."""
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()[2:]
    rows: list[Row] = []
    for line in lines:
        name, _key, language, kind, gender, count, rank, source = line.split("\t")
        rows.append((name, language, kind, gender, count, rank, source))
    return rows


def build(rows: list[Row] | None = None) -> bytes:
    """The gzipped table, deterministic for the same source packages (or the same ``rows``)."""
    if rows is None:
        rows = _russiannames() + _faker() + _figures() + _kazakh_given_names() + _airlock()
    rows = sorted(set(rows))
    text = io.StringIO()
    text.write(f"# kznames key version {KEY_VERSION}\n")
    text.write("\t".join(HEADER) + "\n")
    for row in rows:
        text.write("\t".join((row[0], token_key(row[0]), *row[1:])) + "\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as out:
        out.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--rekey",
        action="store_true",
        help="key the shipped table's rows again at the current key version (no source packages)",
    )
    args = parser.parse_args(argv)
    data = build(shipped_rows() if args.rekey else None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    rows = gzip.decompress(data).decode("utf-8").count("\n") - 2
    print(f"{args.out}: {rows} rows, {len(data)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
