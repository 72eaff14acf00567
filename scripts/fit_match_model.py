"""Fit the match model's weights (``src/kznames/keydata/match-model.tsv``) offline.

``make match-model`` runs this; it needs the ``fit`` extra (numpy, scikit-learn), which kznames
never imports at run time. Logistic regression (balanced classes, L2, C = 1) on the features of
:func:`kznames.score.match_features` of labelled pairs:

* **positives** — every pair of spellings of one group of the *fit* half of
  ``../shared/eval/dev_groups.tsv`` (``+partial`` rows left out), and generated pairs: full
  names (a common given name and surname of one gender from the name frequency table) written
  by implementations other than kznames's schemes — ``iuliia``'s schemas, ICU's transforms,
  ``anyascii``, ``unidecode`` — with hand-written noise: a typing slip (a letter replaced,
  dropped, doubled or two swapped), the given name cut to an initial, the order reversed;
* **negatives** — the *fit* half of the look-alike pairs (``data/eval/look-alikes.tsv`` and
  ``../shared/eval/dev_negatives.tsv``, ``homonym`` rows left out), pairs of different groups of
  the fit half (those sharing a skeleton, and a seeded random sample), generated pairs of two
  different people sharing a given name, and generated masculine/feminine pairs of the
  surnames too rare for the look-alike set (Nazarbayev / Nazarbayeva: related, not one person),
  written by the same renderers.

The report half is never read here: ``kznames eval --half report`` measures the result.
Everything is seeded; the same inputs give the same weights.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from kznames.evaluate import pick_half, pick_half_pairs, read_groups, read_look_alikes
from kznames.frequencies import read_name_frequencies
from kznames.model import FEATURES, MODEL_FILE
from kznames.names import skeleton
from kznames.score import match_features

ROOT = Path(__file__).resolve().parents[1]
SEED = 16
GENERATED_POSITIVES = 3000
GENERATED_NEGATIVES = 1500
RANDOM_NEGATIVES = 5000
GENDER_NEGATIVES = 500
# Generated pairs weigh half a real one: they are many and alike (measured on the fit half,
# in sample: AUC against look-alikes 0.963 -> 0.969 at equal AUC on dev pairs).
GENERATED_WEIGHT = 0.5


def _renderers() -> list[tuple[str, Callable[[str], str]]]:
    import anyascii
    import icu
    import iuliia
    import unidecode

    out: list[tuple[str, Callable[[str], str]]] = []
    for name in (
        "WIKIPEDIA",
        "MOSMETRO",
        "ICAO_DOC_9303",
        "BGN_PCGN",
        "SCIENTIFIC",
        "ALA_LC",
        "TELEGRAM",
        "YANDEX_MAPS",
        "GOST_779",
        "UNGEGN_1987",
    ):
        schema = getattr(iuliia, name, None)
        if schema is not None:
            out.append((f"iuliia {name}", schema.translate))
    for transform in ("Russian-Latin/BGN", "Cyrillic-Latin", "Any-Latin; Latin-ASCII"):
        icu_t = icu.Transliterator.createInstance(transform)
        out.append((f"ICU {transform}", icu_t.transliterate))
    out.append(("anyascii", anyascii.anyascii))
    out.append(("unidecode", unidecode.unidecode))
    return out


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + rng.choice("aeioukstnrlmbdgzhy") + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    j = i - 1
    return text[:j] + text[i] + text[j] + text[i + 1 :] if text[j].isalpha() else text


def _people(rng: random.Random) -> dict[str, tuple[list[str], list[str]]]:
    """Gender -> (common given names, common surnames), Cyrillic, from the frequency table."""
    given: dict[str, list[tuple[int, str]]] = defaultdict(list)
    surnames: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in read_name_frequencies():
        if row.language != "ru" or row.gender not in ("m", "f") or row.count is None:
            continue
        if row.kind == "given" and row.count >= 200:
            given[row.gender].append((row.count, row.name))
        elif row.kind == "surname" and row.count >= 50:
            surnames[row.gender].append((row.count, row.name))
    return {
        g: ([n for _, n in sorted(given[g])], [n for _, n in sorted(surnames[g])])
        for g in ("m", "f")
    }


def _generated(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    renderers = _renderers()
    people = _people(rng)
    positives: list[tuple[str, str]] = []
    negatives: list[tuple[str, str]] = []
    while len(positives) < GENERATED_POSITIVES:
        gender = rng.choice("mf")
        given_names, surnames = people[gender]
        given, surname = rng.choice(given_names), rng.choice(surnames)
        original = f"{given} {surname}"
        _, render = rng.choice(renderers)
        other = render(original)
        if rng.random() < 0.25:
            other = _typo(rng, other)
        if rng.random() < 0.15:
            parts = other.split(" ", 1)
            other = f"{parts[0][:1]}. {parts[1]}" if len(parts) == 2 else other
        if rng.random() < 0.2:
            parts = other.split(" ")
            other = " ".join(reversed(parts))
        first = original if rng.random() < 0.5 else rng.choice(renderers)[1](original)
        if first != other:
            positives.append((first, other))
        if len(negatives) < GENERATED_NEGATIVES:
            stranger = f"{given} {rng.choice(surnames)}"
            if stranger != original:
                negatives.append((rng.choice(renderers)[1](stranger), other))
    rare = [
        row.name
        for row in read_name_frequencies()
        if row.kind == "surname"
        and row.gender == "m"
        and row.name.endswith(("ов", "ев", "ин"))
        and row.count is not None
        and row.count < 100
    ]
    for surname in rng.sample(rare, GENDER_NEGATIVES):
        render = rng.choice(renderers)[1]
        feminine = surname + "а"
        first = surname if rng.random() < 0.3 else render(surname)
        negatives.append((first, rng.choice(renderers)[1](feminine)))
    return positives, negatives


def _eval_pairs(
    groups: Path, rng: random.Random
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    rows = [r for r in pick_half(read_groups(groups), "fit") if not r.partial]
    members: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        members[row.group].append(row.variant)
    positives = [p for names in members.values() for p in combinations(names, 2)]
    negatives: set[tuple[str, str]] = set()
    by_skeleton: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_skeleton[skeleton(row.variant)].append(index)
    for indices in by_skeleton.values():
        for i, j in combinations(indices[:50], 2):
            if rows[i].group != rows[j].group:
                negatives.add((rows[i].variant, rows[j].variant))
    while len(negatives) < RANDOM_NEGATIVES:
        i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
        if rows[i].group != rows[j].group:
            negatives.add((rows[i].variant, rows[j].variant))
    return positives, sorted(negatives)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    eval_pos, eval_neg = _eval_pairs(args.shared / "eval" / "dev_groups.tsv", rng)
    gen_pos, gen_neg = _generated(rng)
    look = [
        (p.a, p.b)
        for path in (
            ROOT / "data" / "eval" / "look-alikes.tsv",
            args.shared / "eval" / "dev_negatives.tsv",
        )
        for p in pick_half_pairs(read_look_alikes(path), "fit")
        if p.relation != "homonym"
    ]
    sets = {
        "fit-half positives": (eval_pos, 1),
        "generated positives": (gen_pos, 1),
        "fit-half negatives": (eval_neg, 0),
        "generated negatives": (gen_neg, 0),
        "fit-half look-alikes": (look, 0),
    }
    features: list[tuple[float, ...]] = []
    labels: list[int] = []
    origin: list[str] = []
    weights: list[float] = []
    for name, (pairs, label) in sets.items():
        for a, b in pairs:
            features.append(match_features(a, b))
            labels.append(label)
            origin.append(name)
            weights.append(GENERATED_WEIGHT if name.startswith("generated") else 1.0)
    x, y = np.array(features), np.array(labels)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000)
    model.fit(x, y, sample_weight=np.array(weights))
    p = model.predict_proba(x)[:, 1]
    auc = roc_auc_score(y, p)
    mask = np.array([o in ("fit-half positives", "fit-half look-alikes") for o in origin])
    auc_look = roc_auc_score(y[mask], p[mask])
    lines = [
        "# The match model's weights (kznames.model): logistic regression fit by",
        "# scripts/fit_match_model.py (make match-model) on the fit half of ../shared/eval and on",
        "# generated pairs; never edit by hand, refit. Training pairs: "
        + ", ".join(f"{name} {len(pairs)}" for name, (pairs, _) in sets.items())
        + ".",
        f"# In-sample ROC AUC {auc:.3f}, against look-alikes {auc_look:.3f} (the figures that",
        "# count are kznames eval --half report's).",
        "feature\tweight",
        f"intercept\t{model.intercept_[0]:.6f}",
        *(f"{name}\t{w:.6f}" for name, w in zip(FEATURES, model.coef_[0], strict=True)),
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
