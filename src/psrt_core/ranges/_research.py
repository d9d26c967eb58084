"""Research queries: per advisory and branch, when exposure began, when it ended, how long.

Why per branch: "fixed in 3.12.8" says nothing about how long 3.9 users were exposed. Reading
the affected set against the catalog branch by branch gives the first affected release, the
first release that fixed it, how many releases shipped the flaw, and the exposure window in
days. Dates are release metadata (sometimes wrong in the sources, see the catalog docs), so
they feed the window only, never the order.
"""

from __future__ import annotations

import datetime

import attrs

from psrt_core.versions import BranchScheme, Catalog, Release, VersionSet

__all__ = ["BranchExposure", "branch_exposures"]


@attrs.frozen
class BranchExposure:
    """How one branch was exposed to one advisory.

    *first_fixed* is the first released release of the branch after its last affected one
    that is not affected; ``None`` means the branch is still exposed (*open*). *days* runs
    from *first_affected*'s date to *first_fixed*'s date, or to the *on* date of the query
    while open; ``None`` when a needed date is unknown.
    """

    advisory_id: str
    branch: str
    first_affected: Release
    last_affected: Release
    first_fixed: Release | None
    affected_count: int
    days: int | None

    @property
    def open(self) -> bool:
        """Whether no release of the branch fixes it yet."""
        return self.first_fixed is None


def branch_exposures(
    catalog: Catalog,
    affected: VersionSet,
    *,
    advisory_id: str = "",
    on: datetime.date | None = None,
) -> tuple[BranchExposure, ...]:
    """One `BranchExposure` per branch with an affected release, oldest branch first.

    Only released releases count (scheduled ones have not shipped). For a product that is
    one line of releases (pip), the whole catalog is one "branch" named after the product.
    With *on*, releases dated after it are treated as not yet released, and open windows run
    up to it.
    """
    released = [
        release
        for release in catalog.released()
        if on is None or release.date is None or release.date <= on
    ]
    groups: dict[str, list[Release]] = {}
    for release in released:
        name = catalog.product if catalog.scheme is BranchScheme.MAJOR else release.branch
        groups.setdefault(name, []).append(release)
    result: list[BranchExposure] = []
    for name, releases in groups.items():
        members = [release.version in affected for release in releases]
        if not any(members):
            continue
        first = members.index(True)
        last = len(members) - 1 - members[::-1].index(True)
        fixed = releases[last + 1] if last + 1 < len(releases) else None
        end = fixed.date if fixed is not None else on
        start = releases[first].date
        days = (end - start).days if start is not None and end is not None else None
        result.append(
            BranchExposure(
                advisory_id,
                name,
                releases[first],
                releases[last],
                fixed,
                sum(members),
                days,
            )
        )
    return tuple(sorted(result, key=lambda item: _branch_key(item.branch)))


def _branch_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".")) if name[:1].isdigit() else (-1,)
