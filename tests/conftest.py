"""Shared pytest configuration: Hypothesis profiles and the real-data corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"
SAMPLES = SHARED / "data" / "samples"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every Hypothesis test ``property`` so that ``nox -s property`` can select them."""
    for item in items:
        function = getattr(item, "obj", None)
        if getattr(function, "is_hypothesis_test", False):
            item.add_marker(pytest.mark.property)


@pytest.fixture
def samples() -> Path:
    """The real OSV and CVE records in ``../shared/data/samples``; skips where it is absent."""
    if not SAMPLES.is_dir():
        pytest.skip(f"real-record corpus not found at {SAMPLES} (it sits beside the checkout)")
    return SAMPLES


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` with the raw release facts; skips where it is absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"raw release data not found at {data} (it sits beside the checkout)")
    return data
