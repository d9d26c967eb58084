"""`VersionSet` does not depend on packaging's private ordering key for its results.

Sets compare ``Version._key`` when packaging has it (it skips ``Version.__lt__``); should a
packaging release drop that private attribute, versions are compared directly. Both must give
the same sets.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import given
from packaging.version import Version

from psrt_core.testing import version_sets, versions
from psrt_core.versions import VersionSet, _set


def _rebuilt(source: VersionSet) -> VersionSet:
    return VersionSet.from_intervals(source.intervals())


@given(version_sets(), version_sets(), versions())
def test_set_algebra_is_the_same_without_the_private_key(
    a: VersionSet, b: VersionSet, probe: Version
) -> None:
    """Union, intersection, difference, complement and membership agree under both keys."""
    expected = (a | b, a & b, a - b, ~a)
    with mock.patch.object(_set, "_order_key", _set._same):
        plain_a, plain_b = _rebuilt(a), _rebuilt(b)
        got = (plain_a | plain_b, plain_a & plain_b, plain_a - plain_b, ~plain_a)
        membership = (probe in plain_a, probe in plain_b)
    assert [s.intervals() for s in got] == [s.intervals() for s in expected]
    assert membership == (probe in a, probe in b)


def test_the_fast_key_is_used_when_packaging_has_it() -> None:
    """With the installed packaging, sets compare the precomputed key."""
    assert hasattr(Version("1.0"), "_key")
    assert _set._order_key is _set._order_key_of
