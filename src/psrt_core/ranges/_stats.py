"""Research views over a whole advisory set: counts per year and CWE, time to fix per branch.

Why here: the PSRT counts its advisories per year, and researchers ask how long each branch
stays exposed. Both need the same groundwork: one entry per vulnerability (aliases merged,
withdrawn records left out) and, per branch, the exposure `branch_exposures` computes. Pure:
the catalogs and the query date are arguments.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from psrt_core.advisories import Advisory
from psrt_core.advisories._aliases import group_aliases, split_withdrawn
from psrt_core.advisories._dates import record_dates
from psrt_core.ranges._research import BranchExposure, branch_exposures
from psrt_core.versions import Catalog

__all__ = [
    "BranchStats",
    "PeriodCount",
    "VulnerabilityRecords",
    "branch_stats",
    "count_by_cwe",
    "count_by_year",
    "exposures_of",
    "nearest_rank",
    "vulnerabilities",
]

#: The key of advisories with no published date (per year) or no CWE id (per CWE).
UNKNOWN = "unknown"


@attrs.frozen
class VulnerabilityRecords:
    """One vulnerability: its records (newest ``modified`` first) with withdrawn ones gone."""

    records: tuple[Advisory, ...]

    @property
    def id(self) -> str:
        """The id of the copy that speaks for the group (the newest modified one)."""
        return self.records[0].id

    @property
    def ids(self) -> tuple[str, ...]:
        """Every record id in the group, sorted."""
        return tuple(sorted({record.id for record in self.records}))

    @property
    def product_name(self) -> str | None:
        """The product the first record that names one is about."""
        return next((r.product_name for r in self.records if r.product_name is not None), None)

    @property
    def published(self) -> datetime.datetime | None:
        """The earliest ``published`` among the records: when the flaw became public."""
        found = [record_dates(record).published for record in self.records]
        return min((when for when in found if when is not None), default=None)

    @property
    def cwe_ids(self) -> tuple[str, ...]:
        """The CWE ids any record gives, sorted, no repeats."""
        return tuple(sorted({cwe for record in self.records for cwe in record.cwe_ids}))


def vulnerabilities(
    advisories: Iterable[Advisory], *, follow_related: bool = False
) -> tuple[VulnerabilityRecords, ...]:
    """The advisories merged by aliases, withdrawn records left out (OSV schema › withdrawn).

    A withdrawn duplicate (``PYSEC-…`` withdrawn in favour of its ``GHSA-…``) drops out and
    its twin counts once; a group left with no live record is gone.
    """
    live, _withdrawn = split_withdrawn(advisories)
    groups = group_aliases(live, follow_related=follow_related)
    return tuple(VulnerabilityRecords(group) for group in groups)


@attrs.frozen
class PeriodCount:
    """How many vulnerabilities fall under *key* (a year, a CWE id, a branch), and which."""

    key: str
    count: int
    ids: tuple[str, ...]


def _count(
    items: Iterable[VulnerabilityRecords], keys: Callable[[VulnerabilityRecords], Iterable[str]]
) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in items:
        for key in keys(item):
            found.setdefault(key, []).append(item.id)
    return found


def _counts(found: Mapping[str, list[str]], order: Sequence[str]) -> tuple[PeriodCount, ...]:
    return tuple(PeriodCount(key, len(found[key]), tuple(sorted(found[key]))) for key in order)


def count_by_year(items: Iterable[VulnerabilityRecords]) -> tuple[PeriodCount, ...]:
    """Vulnerabilities per year first published (UTC), oldest year first, ``unknown`` last."""

    def year(item: VulnerabilityRecords) -> list[str]:
        when = item.published
        return [str(when.astimezone(datetime.timezone.utc).year) if when else UNKNOWN]

    found = _count(items, year)
    order = sorted(key for key in found if key != UNKNOWN)
    return _counts(found, order + ([UNKNOWN] if UNKNOWN in found else []))


def count_by_cwe(items: Iterable[VulnerabilityRecords]) -> tuple[PeriodCount, ...]:
    """Vulnerabilities per CWE id (one may count under several), most frequent first."""
    found = _count(items, lambda item: item.cwe_ids or (UNKNOWN,))
    order = sorted(found, key=lambda key: (-len(found[key]), key == UNKNOWN, key))
    return _counts(found, order)


def nearest_rank(values: Sequence[int], fraction: float) -> int | None:
    """The nearest-rank percentile: the smallest value with *fraction* of values at or below.

    An observed value, never an interpolation (``None`` for no values): "90 % of fixes took at
    most this many days" stays literally true.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@attrs.frozen
class BranchStats:
    """Per branch: how many vulnerabilities affected it, how many are fixed, days to fix.

    *median_days* and *p90_days* cover fixed exposures whose dates are known, from the first
    affected release to the first fixed one (`BranchExposure.days`); open ones are counted
    in *open*, not timed.
    """

    product: str
    branch: str
    advisories: int
    fixed: int
    open: int
    median_days: float | None
    p90_days: int | None


def exposures_of(
    item: VulnerabilityRecords, catalog: Catalog, *, on: datetime.date | None = None
) -> tuple[BranchExposure, ...]:
    """*item*'s exposures over *catalog*, from the newest record that marks a release affected.

    A copy that can say nothing without a commit map (a PSF record's GIT ranges) gives way to
    the next copy (its CVE record's versions).
    """
    for record in item.records:
        found = branch_exposures(catalog, record.evaluate().affected, advisory_id=item.id, on=on)
        if found:
            return found
    return ()


def branch_stats(
    items: Iterable[VulnerabilityRecords],
    catalogs: Mapping[str, Catalog],
    *,
    on: datetime.date | None = None,
) -> tuple[BranchStats, ...]:
    """`BranchStats` per product and branch, products in *catalogs* order, newest branch first.

    Vulnerabilities of a product without a catalog in *catalogs* are left out.
    """
    grouped: dict[tuple[str, str], list[BranchExposure]] = {}
    for item in items:
        catalog = catalogs.get(item.product_name or "")
        if catalog is None:
            continue
        for exposure in exposures_of(item, catalog, on=on):
            grouped.setdefault((catalog.product, exposure.branch), []).append(exposure)
    products = list(catalogs)
    keys = sorted(grouped, key=lambda key: (products.index(key[0]), _desc_branch(key[1])))
    return tuple(_summary(key, grouped[key]) for key in keys)


def _desc_branch(name: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in name.split(".")) if name[:1].isdigit() else (1,)


def _summary(key: tuple[str, str], exposures: Sequence[BranchExposure]) -> BranchStats:
    days = [e.days for e in exposures if not e.open and e.days is not None]
    return BranchStats(
        product=key[0],
        branch=key[1],
        advisories=len(exposures),
        fixed=sum(not e.open for e in exposures),
        open=sum(e.open for e in exposures),
        median_days=float(statistics.median(days)) if days else None,
        p90_days=nearest_rank(days, 0.9),
    )
