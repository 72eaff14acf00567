"""Every sample of every scheme file is a test, in both directions where the scheme reads back."""

from __future__ import annotations

import pytest

from kznames import transliterate
from kznames.schemes import get_scheme, scheme_tags

CASES = [
    pytest.param(tag, sample, id=f"{tag}:{sample.line}")
    for tag in scheme_tags()
    for sample in get_scheme(tag).spec.samples
]


def test_every_scheme_has_samples() -> None:
    for tag in scheme_tags():
        assert len(get_scheme(tag).spec.samples) >= 5, tag


@pytest.mark.parametrize(("tag", "sample"), CASES)
def test_sample_forward(tag: str, sample: object) -> None:
    scheme = get_scheme(tag)
    assert sample.direction in ("both", "forward", "reverse")  # type: ignore[attr-defined]
    if sample.direction == "reverse":  # type: ignore[attr-defined]
        pytest.fail("no scheme ships reverse-only samples yet; add a test when one does")
    got = transliterate(sample.source, scheme.tag, source=scheme.source)  # type: ignore[attr-defined]
    assert got.text == sample.target  # type: ignore[attr-defined]
    assert got.untouched == ()


@pytest.mark.parametrize(
    ("tag", "sample"),
    [c for c in CASES if c.values[1].direction == "both"],  # type: ignore[attr-defined]
)
def test_sample_reads_back(tag: str, sample: object) -> None:
    scheme = get_scheme(tag)
    assert scheme.reads_back, f"{tag} has 'both' samples but cannot read back"
    back = transliterate(sample.target, scheme.source, source=scheme.tag)  # type: ignore[attr-defined]
    assert back.text == sample.source  # type: ignore[attr-defined]
