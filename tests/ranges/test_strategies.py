"""The public version strategies in psrt_core.testing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument
from packaging.version import Version

from psrt_core.testing import cpython_versions, pip_versions, version_sets, versions
from psrt_core.versions import VersionSet


@given(cpython_versions(), pip_versions(), versions())
def test_version_strategies_give_pep_440_versions(a: Version, b: Version, c: Version) -> None:
    """Every strategy draws packaging Versions, CPython ones with a major of 2 or 3."""
    assert isinstance(a, Version)
    assert isinstance(b, Version)
    assert isinstance(c, Version)
    assert a.major in (2, 3)


@given(version_sets(max_intervals=2))
def test_version_sets_respect_max_intervals(value: VersionSet) -> None:
    """At most two drawn pieces make at most two intervals."""
    assert len(value.intervals()) <= 2


def test_version_sets_reject_a_negative_size() -> None:
    """Impossible bounds are an InvalidArgument, the Hypothesis way."""
    with pytest.raises(InvalidArgument, match="max_intervals=-1 must be at least 0"):
        version_sets(max_intervals=-1)
