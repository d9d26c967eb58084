"""`VersionSet.bounded_below` / `bounded_above` agree with the set's intervals."""

from __future__ import annotations

from hypothesis import given
from packaging.version import Version

from psrt_core.testing import version_sets, versions
from psrt_core.versions import Interval, VersionSet


@given(version_sets())
def test_bounds_match_the_outermost_intervals(versions: VersionSet) -> None:
    """Unbounded below exactly when the first interval reaches the bottom of the line (OSV's
    ``"0"``), unbounded above exactly when the last reaches the top (``"*"``)."""
    intervals = versions.intervals()
    assert versions.bounded_below == (not intervals or intervals[0].lower is not None)
    assert versions.bounded_above == (not intervals or intervals[-1].upper is not None)


def test_bounds_of_simple_sets() -> None:
    """The four shapes: bounded, open at the top, open at the bottom, everything."""
    one, two = Version("1.0"), Version("2.0")
    assert (
        VersionSet.interval(one, two).bounded_below,
        VersionSet.interval(one, two).bounded_above,
    ) == (True, True)
    assert (VersionSet.at_least(one).bounded_below, VersionSet.at_least(one).bounded_above) == (
        True,
        False,
    )
    assert (VersionSet.less_than(two).bounded_below, VersionSet.less_than(two).bounded_above) == (
        False,
        True,
    )
    assert (VersionSet.full().bounded_below, VersionSet.full().bounded_above) == (False, False)
    assert (VersionSet.empty().bounded_below, VersionSet.empty().bounded_above) == (True, True)


def test_interval_membership_at_its_bounds() -> None:
    """An `Interval` holds a bound only when that side is inclusive; ``None`` is unbounded."""
    one, two = Version("1.0"), Version("2.0")
    closed, open_ = Interval(one, True, two, True), Interval(one, False, two, False)
    probes = [Version(text) for text in ("0.9", "1.0", "1.5", "2.0", "2.1")]
    assert [probe in closed for probe in probes] == [False, True, True, True, False]
    assert [probe in open_ for probe in probes] == [False, False, True, False, False]
    assert [probe in Interval(None, False, one, False) for probe in probes] == [True] + [False] * 4
    assert [probe in Interval(two, True, None, False) for probe in probes] == [False] * 3 + [
        True
    ] * 2


@given(version_sets(), versions())
def test_a_version_is_in_the_set_exactly_when_in_one_of_its_intervals(
    items: VersionSet, version: Version
) -> None:
    """`VersionSet.intervals` are the set's PEP 440 members, run by run."""
    assert (version in items) == any(version in item for item in items.intervals())
