"""Research queries (issue 5, item 4): per advisory and branch, first affected, first fixed,
how many releases, and the exposure window in days (open while unfixed)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core.ranges import branch_exposures, ranges_from_fixes
from psrt_core.testing import version_sets
from psrt_core.versions import Branch, BranchScheme, BranchStatus, Catalog, Release, VersionSet

CPYTHON = psrt_core.cpython_releases()
D = datetime.date


def small_catalog() -> Catalog:
    """Two branches with known dates (one release without a date)."""
    releases = [
        Release("1.0a1", date=D(2020, 1, 1)),
        Release("1.0", date=D(2020, 3, 1)),
        Release("1.0.1", date=D(2020, 6, 1)),
        Release("1.0.2", date=None),
        Release("1.1.0", date=D(2021, 1, 1)),
        Release("1.1.1", date=D(2021, 2, 1)),
        Release("1.1.2", date=D(2030, 1, 1)),
    ]
    branches = [Branch("1.0", BranchStatus.SECURITY), Branch("1.1", BranchStatus.BUGFIX)]
    return Catalog("toy", releases, branches)


def test_exposure_of_a_fixed_branch_runs_from_first_affected_to_fix() -> None:
    """Exposure window: first affected release's date to the fixed release's date, in days."""
    catalog = small_catalog()
    affected = VersionSet.less_than(Version("1.0.1")) | VersionSet.interval(
        Version("1.1.0"), Version("1.1.1")
    )
    first, second = branch_exposures(catalog, affected, advisory_id="X-1")
    assert (first.branch, str(first.first_affected), str(first.last_affected)) == (
        "1.0",
        "1.0a1",
        "1.0",
    )
    assert (str(first.first_fixed), first.affected_count, first.days, first.open) == (
        "1.0.1",
        2,
        152,
        False,
    )
    assert (second.branch, str(second.first_fixed), second.days) == ("1.1", "1.1.1", 31)
    assert second.advisory_id == "X-1"


def test_open_window_runs_to_the_query_date_and_later_releases_are_not_out_yet() -> None:
    """Open while unfixed: the window ends on the query date; releases after it do not count."""
    catalog = small_catalog()
    affected = VersionSet.at_least(Version("1.1.0"))
    (item,) = branch_exposures(catalog, affected, on=D(2021, 3, 1))
    assert item.open
    assert item.first_fixed is None
    assert (item.affected_count, item.days) == (2, 59)
    (undated,) = branch_exposures(catalog, affected)
    assert undated.days is None
    assert undated.affected_count == 3
    unknown_fix = branch_exposures(catalog, VersionSet.singleton(Version("1.0.1")))
    assert unknown_fix[0].first_fixed == catalog.release("1.0.2")
    assert unknown_fix[0].days is None  # 1.0.2 has no date


def test_cpython_2024_6232_exposure_per_branch() -> None:
    """CVE-2024-6232 on the bundled catalog: 3.12 from 3.12.0a1 (2022-10-24) to 3.12.6
    (2024-09-06) is 683 days over 20 releases; 3.14 and later are not exposed."""
    affected = ranges_from_fixes(
        CPYTHON, ["3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2"]
    ).affected
    on = D(2024, 9, 10)
    rows = {item.branch: item for item in branch_exposures(CPYTHON, affected, on=on)}
    item = rows["3.12"]
    assert (str(item.first_affected), str(item.first_fixed), item.affected_count, item.days) == (
        "3.12.0a1",
        "3.12.6",
        20,
        683,
    )
    assert "3.14" not in rows
    eol = rows["2.7"]  # end-of-life, never fixed: open, every release exposed, up to `on`
    assert eol.open
    assert eol.affected_count == len(CPYTHON.releases_of("2.7"))
    assert eol.days == (on - D(2009, 12, 5)).days
    assert eol.first_affected.date == D(2009, 12, 5)


def test_pip_is_one_line() -> None:
    """pip's catalog is one line of releases: one row named after the product."""
    pip = psrt_core.pip_releases()
    (item,) = branch_exposures(pip, ranges_from_fixes(pip, ["23.3"]).affected)
    assert (item.branch, str(item.first_fixed), item.affected_count) == ("pip", "23.3", 134)
    assert pip.scheme is BranchScheme.MAJOR


@given(version_sets(elements=st.sampled_from(CPYTHON.versions())))
def test_counts_add_up_to_the_affected_releases(affected: VersionSet) -> None:
    """Per-branch counts sum to the affected released releases; first <= last < fixed."""
    rows = branch_exposures(CPYTHON, affected)
    assert sum(item.affected_count for item in rows) == len(CPYTHON.select(affected))
    for item in rows:
        assert item.first_affected.version <= item.last_affected.version
        assert item.first_affected.version in affected
        if item.first_fixed is not None:
            assert item.first_fixed.version not in affected
            assert item.first_fixed.version > item.last_affected.version
            assert item.first_fixed.branch == item.branch
