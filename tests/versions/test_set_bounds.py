"""`VersionSet.bounded_below` / `bounded_above` agree with the set's intervals."""

from __future__ import annotations

from hypothesis import given
from packaging.version import Version

from psrt_core.testing import version_sets
from psrt_core.versions import VersionSet


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
