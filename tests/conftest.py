"""pytest configuration: hypothesis profiles and the shared/ fixture."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from support import shared_dir

# CI runs more examples per property than a developer's quick run, and derandomised: a CI run
# is reproducible, while developers' random runs keep exploring (and hypothesis's database
# replays what they found).
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
# A deeper search for a property's counterexamples, by hand: `pytest --hypothesis-profile=deep
# --hypothesis-seed=N tests/test_keys.py` (how the key's fixed-point failures of version 10 were
# looked for; docs/keys.md).
settings.register_profile(
    "deep", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()
