"""Shared pytest configuration: Hypothesis profiles and the real-data corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=30, deadline=None)
# CI derandomizes: the same examples on every run, so the 100 % coverage gate (nox `coverage`)
# never depends on which random examples a run happened to draw. `thorough` explores.
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
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


#: ``PSRT_REQUIRE_SHARED=1`` turns every "../shared not found" skip into a failure, for a CI that
#: has the corpus and must prove the real-data tests ran.
REQUIRE_SHARED = os.environ.get("PSRT_REQUIRE_SHARED") == "1"


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``; the test skips (or fails, see `REQUIRE_SHARED`) without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} not found (../shared sits beside the checkout)"
        if REQUIRE_SHARED:
            pytest.fail(f"{reason}; PSRT_REQUIRE_SHARED=1 makes this an error", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture
def samples() -> Path:
    """The real OSV and CVE records in ``../shared/data/samples``; skips where it is absent."""
    return shared_path("data", "samples")


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` with the raw release facts; skips where it is absent."""
    return shared_path("data")
