"""Research queries: per advisory and branch, when exposure began, when it ended, how long.

Why per branch: "fixed in 3.12.8" says nothing about how long 3.9 users were exposed. Reading
the affected set against the catalog branch by branch gives the first affected release, the
first release that fixed it, how many releases shipped the flaw, and the exposure window in
days. Dates are release metadata (sometimes wrong in the sources, see the catalog docs), so
they feed the window only, never the order.

A window means something only if it says how it ended: closed by a fix, closed by the
branch's end of life (nobody fixes an end-of-life branch; counting on until today would make
every old advisory look decades long), or still open on a supported branch.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import operator
from collections.abc import Sequence

import attrs

from psrt_core.versions import BranchScheme, BranchStatus, Catalog, Release, VersionSet

__all__ = ["BranchExposure", "Window", "branch_exposures"]


class Window(enum.Enum):
    """How an exposure window ended, if it did."""

    FIXED = "fixed"  # a release of the branch fixed it
    END_OF_LIFE = "end-of-life"  # the branch reached end of life without a fix
    OPEN = "open"  # no fix, and the branch is still supported (or not known to be dead)


@attrs.frozen
class BranchExposure:
    """How one branch was exposed to one advisory.

    *first_fixed* is the first released release of the branch after its last affected one
    that is not affected; ``None`` means no release fixed it (*open*). *window* says how the
    exposure ended. *days* runs from *start*'s date (the first affected release, or the first
    affected final release when counted from finals) to the fix's date, to the branch's end of
    life (or its last affected release, if that shipped later), or to the *on* date of the
    query while open; ``None`` when a needed date is unknown,
    0 when no final release was affected and the window counts from finals.
    *dates_out_of_order* is true when the fix is dated before an affected release it follows
    (2.7.3 before 2.7.3rc2 in python-releases.toml): a source date is wrong, and so is *days*.
    """

    advisory_id: str
    branch: str
    first_affected: Release
    last_affected: Release
    first_fixed: Release | None
    affected_count: int
    days: int | None
    window: Window = Window.OPEN
    start: Release | None = None
    dates_out_of_order: bool = False

    @property
    def open(self) -> bool:
        """Whether no release of the branch fixes it (see *window* for why it may be closed)."""
        return self.first_fixed is None


def branch_exposures(
    catalog: Catalog,
    affected: VersionSet,
    *,
    advisory_id: str = "",
    on: datetime.date | None = None,
    from_final: bool = False,
) -> tuple[BranchExposure, ...]:
    """One `BranchExposure` per branch with an affected release, oldest branch first.

    Only released releases count (scheduled ones have not shipped). For a product that is
    one line of releases (pip), the whole catalog is one "branch" named after the product.
    With *on*, releases dated after it are treated as not yet released, and open windows run
    up to it; a branch at end of life on *on* (without *on*: recorded end-of-life) and never
    fixed closes on its end-of-life date. With *from_final*, windows count from the first
    affected final release instead of the first affected (pre-)release.
    """
    released = [
        release
        for release in catalog.released()
        if on is None or release.date is None or release.date <= on
    ]
    runs = affected.position_runs([release.version for release in released])
    result = [
        _exposure(catalog, (advisory_id, name), releases, hits, on=on, from_final=from_final)
        for name, releases, hits in _branch_runs(catalog, released, runs)
    ]
    return tuple(sorted(result, key=lambda item: _branch_key(item.branch)))


_Run = tuple[int, int]


def _branch_runs(
    catalog: Catalog, released: Sequence[Release], runs: Sequence[_Run]
) -> list[tuple[str, list[Release], list[_Run]]]:
    """Per branch with an affected release: its releases and the affected runs among them.

    *released* is in PEP 440 order and *runs* are the half-open index runs of its affected
    releases, so one walk over the branches' stretches of *released* and the runs together
    replaces a membership test per release. Runs come back as indices into the branch's own
    release list, branches in the order they first appear. A branch whose releases are split
    in PEP 440 order (``1!3.9.1`` sorts after 3.10) gets one run per stretch touched: its runs
    stay ascending and disjoint, which is all `_exposure` needs.
    """
    groups: dict[str, tuple[list[Release], list[_Run]]] = {}
    run_index = 0
    for name, start, stop in _stretches(catalog, released):
        releases, hits = groups.setdefault(name, ([], []))
        offset = len(releases) - start  # global index + offset = index in the branch's list
        releases.extend(released[start:stop])
        while run_index < len(runs) and runs[run_index][0] < stop:
            low, high = runs[run_index]
            hits.append((max(low, start) + offset, min(high, stop) + offset))
            if high > stop:
                break  # the run goes on into the next stretch
            run_index += 1
    return [(name, releases, hits) for name, (releases, hits) in groups.items() if hits]


def _stretches(catalog: Catalog, released: Sequence[Release]) -> list[tuple[str, int, int]]:
    """Maximal stretches ``(branch, start, stop)`` of consecutive releases on one branch."""
    if catalog.scheme is BranchScheme.MAJOR:  # one line of releases, named after the product
        return [(catalog.product, 0, len(released))] if released else []
    found: list[tuple[str, int, int]] = []
    start = 0
    for name, group in itertools.groupby(released, operator.attrgetter("branch")):
        stop = start + len(list(group))
        found.append((name, start, stop))
        start = stop
    return found


def _exposure(
    catalog: Catalog,
    names: tuple[str, str],
    releases: Sequence[Release],
    hits: Sequence[_Run],
    *,
    on: datetime.date | None,
    from_final: bool,
) -> BranchExposure:
    """The exposure to advisory *names[0]* of branch *names[1]*, affected in the runs *hits*.

    *releases* are the branch's releases in order; *hits* index into them.
    """
    advisory_id, name = names
    first, last = hits[0][0], hits[-1][1] - 1
    fixed = releases[last + 1] if last + 1 < len(releases) else None
    window, end = _window_end(catalog, name, fixed, on)
    shipped = releases[last].date
    if window is Window.END_OF_LIFE and end is not None and shipped is not None:
        end = max(end, shipped)  # 2.7.18 shipped after 2.7's end-of-life date
    start: Release | None = releases[first]
    if from_final:
        start = _first_final(releases, hits)
    days = _days(start, end)
    return BranchExposure(
        advisory_id,
        name,
        releases[first],
        releases[last],
        fixed,
        sum(high - low for low, high in hits),
        days,
        window,
        start,
        _fix_predates(fixed, releases[first : last + 1]),
    )


def _first_final(releases: Sequence[Release], hits: Sequence[_Run]) -> Release | None:
    """The first affected release that is not a pre-release, if any."""
    for low, high in hits:
        for release in releases[low:high]:
            if not release.prerelease:
                return release
    return None


def _window_end(
    catalog: Catalog, name: str, fixed: Release | None, on: datetime.date | None
) -> tuple[Window, datetime.date | None]:
    """How the window ended and on which day (``None``: unknown)."""
    if fixed is not None:
        return Window.FIXED, fixed.date
    # Under MINOR every release's branch is a catalog branch (Catalog checks it); under MAJOR
    # the one "branch" is the product, which has no end of life.
    if catalog.scheme is BranchScheme.MINOR:
        branch = catalog.branch(name)
        status = branch.status if on is None else branch.status_on(on)
        if status is BranchStatus.END_OF_LIFE:
            return Window.END_OF_LIFE, branch.end_of_life
    return Window.OPEN, on


def _days(start: Release | None, end: datetime.date | None) -> int | None:
    if start is None:
        return 0  # counted from finals, and no final release was affected
    if start.date is None or end is None:
        return None
    return (end - start.date).days


def _fix_predates(fixed: Release | None, window: Sequence[Release]) -> bool:
    """Whether the fix is dated before an affected release it follows (a wrong source date)."""
    if fixed is None or fixed.date is None:
        return False
    return any(release.date is not None and release.date > fixed.date for release in window)


def _branch_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".")) if name[:1].isdigit() else (-1,)
