"""Research queries (issue 5, item 4): per advisory and branch, first affected, first fixed,
how many releases, and the exposure window in days (open while unfixed)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core import testing
from psrt_core.ranges import BranchExposure, Window, branch_exposures, ranges_from_fixes
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
    assert item.window is Window.FIXED
    assert "3.14" not in rows
    eol = rows["2.7"]  # end-of-life, never fixed: every release exposed, up to its end of life
    assert eol.open
    assert eol.window is Window.END_OF_LIFE
    assert eol.affected_count == len(CPYTHON.releases_of("2.7"))
    # 2.7's end of life is 2020-01-01, but 2.7.18 shipped on 2020-04-20: the later one ends it
    assert CPYTHON.branch("2.7").end_of_life == D(2020, 1, 1)
    assert (str(eol.last_affected), eol.last_affected.date) == ("2.7.18", D(2020, 4, 20))
    assert eol.days == (D(2020, 4, 20) - D(2009, 12, 5)).days
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


def eol_catalog() -> Catalog:
    """1.0 reached end of life on 2021-06-01; its 1.0.1 is dated before 1.0.1rc1 (a wrong
    source date, as 2.7.3 is in python-releases.toml); 1.1 is supported."""
    releases = [
        Release("1.0a1", date=D(2020, 1, 1)),
        Release("1.0", date=D(2020, 3, 1)),
        Release("1.0.1rc1", date=D(2020, 5, 1)),
        Release("1.0.1", date=D(2020, 4, 1)),
        Release("1.1.0", date=D(2021, 1, 1)),
    ]
    branches = [
        Branch("1.0", BranchStatus.END_OF_LIFE, end_of_life=D(2021, 6, 1)),
        Branch("1.1", BranchStatus.BUGFIX),
    ]
    return Catalog("toy", releases, branches)


def test_windows_say_how_they_ended() -> None:
    """Issue 9 (8): a branch never fixed closes on its end-of-life date, not on `on`; a
    supported one stays open up to `on`; a fixed one closes on its fix."""
    catalog = eol_catalog()
    every = VersionSet.full()
    old, new = branch_exposures(catalog, every, on=D(2030, 1, 1))
    assert (old.window, old.days, old.open) == (
        Window.END_OF_LIFE,
        (D(2021, 6, 1) - D(2020, 1, 1)).days,
        True,
    )
    assert (new.window, new.days) == (Window.OPEN, (D(2030, 1, 1) - D(2021, 1, 1)).days)
    (before,) = branch_exposures(catalog, every, on=D(2020, 12, 1))  # 1.0 not yet dead
    assert (before.window, before.days) == (Window.OPEN, (D(2020, 12, 1) - D(2020, 1, 1)).days)
    (undated,) = branch_exposures(catalog, VersionSet.singleton(Version("1.0a1")))
    assert (undated.window, str(undated.first_fixed)) == (Window.FIXED, "1.0")


def test_from_final_and_fixes_dated_before_the_last_affected_release() -> None:
    """Issue 9 (8): from_final counts from the first affected final release (0 days when only
    pre-releases were affected); a fix dated before an affected release is flagged."""
    catalog = eol_catalog()
    below_fix = VersionSet.less_than(Version("1.0.1"))
    (item,) = branch_exposures(catalog, below_fix, from_final=True)
    assert (str(item.start), item.days) == ("1.0", (D(2020, 4, 1) - D(2020, 3, 1)).days)
    assert item.dates_out_of_order  # 1.0.1 (2020-04-01) before 1.0.1rc1 (2020-05-01)
    (pre,) = branch_exposures(catalog, VersionSet.singleton(Version("1.0a1")), from_final=True)
    assert (pre.start, pre.days, pre.dates_out_of_order) == (None, 0, False)


# -- the run walk against the per-release definition (issue 13) -------------------------------


def _naive_exposures(
    catalog: Catalog,
    affected: VersionSet,
    *,
    on: datetime.date | None,
    from_final: bool,
) -> tuple[BranchExposure, ...]:
    """The definition, one membership test per released release (the code before issue 13)."""
    released = [r for r in catalog.released() if on is None or r.date is None or r.date <= on]
    groups: dict[str, list[Release]] = {}
    for release in released:
        name = catalog.product if catalog.scheme is BranchScheme.MAJOR else release.branch
        groups.setdefault(name, []).append(release)
    result = []
    for name, members in groups.items():
        hits = [release.version in affected for release in members]
        if any(hits):
            result.append(_naive_one(catalog, (name, members, hits), on=on, from_final=from_final))
    return tuple(sorted(result, key=_numeric_branch))


def _numeric_branch(item: BranchExposure) -> tuple[int, ...]:
    return tuple(map(int, item.branch.split("."))) if item.branch[0].isdigit() else (-1,)


def _naive_one(
    catalog: Catalog,
    group: tuple[str, list[Release], list[bool]],
    *,
    on: datetime.date | None,
    from_final: bool,
) -> BranchExposure:
    name, releases, hits = group
    first = hits.index(True)
    last = len(hits) - 1 - hits[::-1].index(True)
    fixed = releases[last + 1] if last + 1 < len(releases) else None
    window, end = Window.OPEN, on
    if fixed is not None:
        window, end = Window.FIXED, fixed.date
    elif catalog.scheme is BranchScheme.MINOR:
        branch = catalog.branch(name)
        status = branch.status if on is None else branch.status_on(on)
        if status is BranchStatus.END_OF_LIFE:
            window, end = Window.END_OF_LIFE, branch.end_of_life
            shipped = releases[last].date
            if end is not None and shipped is not None:
                end = max(end, shipped)
    start: Release | None = releases[first]
    if from_final:
        finals = [r for r, hit in zip(releases, hits, strict=True) if hit and not r.prerelease]
        start = finals[0] if finals else None
    days: int | None = 0
    if start is not None:
        days = None if start.date is None or end is None else (end - start.date).days
    predates = (
        fixed is not None
        and fixed.date is not None
        and any(r.date is not None and r.date > fixed.date for r in releases[first : last + 1])
    )
    return BranchExposure(
        "X-1",
        name,
        releases[first],
        releases[last],
        fixed,
        sum(hits),
        days,
        window,
        start,
        predates,
    )


@st.composite
def _catalogs_with_epochs(draw: st.DrawFn) -> Catalog:
    """Catalogs whose branches may be split in PEP 440 order (``1!3.9.1`` sorts after 3.10)."""
    scheme = draw(st.sampled_from(BranchScheme))
    base = testing.catalog_versions(scheme=scheme)
    with_epoch = st.builds(
        lambda v, e: Version(f"{e}!{v}") if e else v, base, st.sampled_from([0, 0, 0, 1])
    )
    items = draw(
        st.lists(
            testing.releases(version=with_epoch, scheme=scheme),
            max_size=14,
            unique_by=lambda r: r.version,
        )
    )
    names = sorted({release.branch for release in items})
    product = "cpython" if scheme is BranchScheme.MINOR else "pip"
    return Catalog(product, items, [draw(testing.branches(name=name)) for name in names], scheme)


@given(st.data())
def test_run_walk_equals_the_per_release_definition(data: st.DataObject) -> None:
    """Issue 13: the walk over the set's runs gives exactly what one membership test per
    released release gives (first/last affected, fix, count, window, days), on random
    catalogs (split branches included) and random sets with ends on and between releases."""
    catalog = data.draw(st.one_of(testing.catalogs(max_size=14), _catalogs_with_epochs()))
    ends = (
        st.sampled_from(catalog.versions(include_scheduled=True))
        if len(catalog)
        else testing.versions()
    )
    affected = data.draw(
        version_sets(elements=st.one_of(ends, testing.versions()), max_intervals=5)
    )
    on = data.draw(st.none() | st.dates(D(1990, 1, 1), D(2040, 12, 31)))
    from_final = data.draw(st.booleans())
    got = branch_exposures(catalog, affected, advisory_id="X-1", on=on, from_final=from_final)
    assert got == _naive_exposures(catalog, affected, on=on, from_final=from_final)


def test_a_branch_split_in_pep_440_order_is_one_row() -> None:
    """Issue 13: ``1!1.0.1`` is on branch 1.0 but sorts after 1.1.0; the walk joins the
    branch's two stretches into one row of 2 releases (1.0.0 and 1!1.0.1), first fixed by
    1!1.0.2; branch 1.1 (1.1.0) stays affected with no fix."""
    releases_ = [Release("1.0.0"), Release("1.1.0"), Release("1!1.0.1"), Release("1!1.0.2")]
    branches_ = [Branch("1.0", BranchStatus.BUGFIX), Branch("1.1", BranchStatus.BUGFIX)]
    catalog = Catalog("toy", releases_, branches_)
    affected = VersionSet.less_than(Version("1!1.0.2"))
    old, new = branch_exposures(catalog, affected)
    assert (old.branch, str(old.first_affected), str(old.last_affected)) == (
        "1.0",
        "1.0.0",
        "1!1.0.1",
    )
    assert (old.affected_count, str(old.first_fixed)) == (2, "1!1.0.2")
    assert (new.branch, new.affected_count, new.first_fixed) == ("1.1", 1, None)


def test_a_single_line_product_never_closes_on_an_end_of_life() -> None:
    """pip-like products (one line of releases, `BranchScheme.MAJOR`): the whole catalog is one
    "branch" named after the product; an old major at end of life does not close its window."""
    major = BranchScheme.MAJOR
    catalog = Catalog(
        "tool",
        [
            Release("1.0", scheme=major, date=D(2020, 1, 1)),
            Release("2.0", scheme=major, date=D(2021, 1, 1)),
        ],
        [
            Branch("1", BranchStatus.END_OF_LIFE, end_of_life=D(2020, 6, 1)),
            Branch("2", BranchStatus.BUGFIX),
        ],
        scheme=major,
    )
    (only,) = branch_exposures(catalog, VersionSet.at_least(Version("1.0")), on=D(2021, 1, 11))
    assert (only.branch, only.affected_count, only.first_fixed) == ("tool", 2, None)
    assert (only.window, only.days) == (Window.OPEN, (D(2021, 1, 11) - D(2020, 1, 1)).days)
