"""One notation builder: a `VersionSet` to and from OSV ranges and CVE ``versions`` entries.

Why one: `osv_to_cve`, `cve_to_osv`, `psrt_core.ranges` and the CLI used to build these with
three pieces of code that disagreed (one entry against fourteen for the same set). Every
writer now calls `osv_ranges` / `cve_versions` here, and every reader goes through the
evaluator (`psrt_core.advisories.evaluate_osv_range`, `evaluate_cve_product`), so what is
written reads back as the same set over the whole version line.

The conventions (docs: explanation/osv-cve-pep440-semantics):

- Entries follow the set's own interval ends, never the catalog's releases: a range written
  from releases would silently drop the versions between them (``3.12.dev0`` below
  ``3.12.0a1``, a post-release before the fix).
- A bound at the bottom of the line is ``"0"``; the version 0 itself is ``"0.0"``
  (`spell_bound`).
- Neither format has an exclusive lower end: such an end is written inclusive (one version
  taken in, never one left out), so no affected version is ever written unaffected.
- CVE layout (`CveLayout`): `FROM_ZERO` (the default, as the PSF CNA writes it) keeps the
  interval from the bottom as one ``"0"`` entry covering every branch older than the oldest
  fix and splits the others per branch; `PER_BRANCH` splits every interval per branch.
- Unknown versions are never written unaffected: ``defaultStatus`` is ``unaffected`` only
  when nothing is unknown (`cve_default_status`).
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Sequence

from packaging.version import Version

from psrt_core.advisories._cve import CveProduct, CveVersion, Status
from psrt_core.advisories._evaluation import (
    BOTTOM,
    TOP,
    Evaluation,
    evaluate_cve_product,
    evaluate_osv_range,
    spell_bound,
)
from psrt_core.advisories._osv import Event, EventKind, OsvRange, RangeType
from psrt_core.versions import Catalog, Interval, Product, VersionSet

__all__ = [
    "DEFAULT_LAYOUT",
    "CveLayout",
    "cve_default_status",
    "cve_product_entry",
    "cve_versions",
    "evaluate_cve_versions",
    "evaluate_osv_ranges",
    "osv_ranges",
]


class CveLayout(enum.Enum):
    """How CVE ``versions`` entries are cut.

    Both layouts mean the same set; they differ only in how many entries say it.
    """

    FROM_ZERO = "from-zero"
    """One ``"0"`` entry for everything below the first unaffected version (every branch
    older than the oldest fix), the other intervals one entry per branch: the PSF CNA's
    published convention (CVE-2024-6232, CVE-2023-5752)."""

    PER_BRANCH = "per-branch"
    """Every interval cut at each branch's first release, so one entry per affected branch."""


DEFAULT_LAYOUT = CveLayout.FROM_ZERO


# -- OSV ---------------------------------------------------------------------------------------


def osv_ranges(affected: VersionSet) -> tuple[OsvRange, ...]:
    """OSV ``ECOSYSTEM`` ranges for the PEP 440 part of *affected*, sorted and minimal.

    OSV schema 1.7 › ranges: ``last_affected`` may not share a range with ``fixed``, so
    intervals closed above go into a second range; all others share the first. An interval
    open below is written from its lower end (OSV has no exclusive ``introduced``).
    """
    fixed: list[Event] = []
    last: list[Event] = []
    for item in affected.intervals():
        target = last if item.upper_inclusive else fixed
        lower = BOTTOM if item.lower is None else spell_bound(item.lower)
        target.append(Event(EventKind.INTRODUCED, lower))
        if item.upper is not None:
            kind = EventKind.LAST_AFFECTED if item.upper_inclusive else EventKind.FIXED
            target.append(Event(kind, spell_bound(item.upper)))
    return tuple(OsvRange(RangeType.ECOSYSTEM, tuple(events)) for events in (fixed, last) if events)


def evaluate_osv_ranges(ranges: Iterable[OsvRange], *, ecosystem: str = "PyPI") -> Evaluation:
    """What OSV ranges say about every version: the union of their affected sets.

    The evaluator's own walk (OSV schema 1.7 › Evaluation), so a range means here what it
    means in a loaded record; a range that cannot be ordered makes its versions unknown.
    """
    affected = VersionSet.empty()
    causes: list[tuple[str, VersionSet]] = []
    for index, item in enumerate(ranges):
        found, unknown = evaluate_osv_range(item, ecosystem=ecosystem, where=f"$.ranges[{index}]")
        affected = affected | found
        causes.extend(unknown)
    return Evaluation.combine(affected, causes)


# -- CVE JSON 5 --------------------------------------------------------------------------------


def cve_versions(
    affected: VersionSet,
    *,
    catalog: Catalog | None = None,
    layout: CveLayout = DEFAULT_LAYOUT,
    version_type: str = "python",
) -> tuple[CveVersion, ...]:
    """CVE JSON 5 ``versions`` entries (status ``affected``) for the PEP 440 part of *affected*.

    Ascending, disjoint, so the first-match rule (CVE JSON 5 › versions) changes nothing.
    With a *catalog*, intervals are cut at branch starts as *layout* says; a cut is made only
    where the piece below it holds a release, so no entry covers a gap alone. Use them with
    `cve_default_status`.
    """
    starts, known = _branch_starts(catalog)
    entries: list[CveVersion] = []
    for item in affected.intervals():
        if item.lower is None and layout is CveLayout.FROM_ZERO:
            pieces = [item]
        else:
            pieces = _cut(item, starts, known)
        entries.extend(_cve_entry(piece, version_type) for piece in pieces)
    return tuple(entries)


def cve_default_status(unknown: VersionSet) -> Status:
    """``unaffected`` when nothing is unknown, else ``unknown``: unknown is never unaffected."""
    return Status.UNAFFECTED if unknown.is_empty else Status.UNKNOWN


def evaluate_cve_versions(
    entries: Iterable[CveVersion], *, default_status: Status | None
) -> Evaluation:
    """What CVE ``versions`` entries say about every version, by the evaluator's algorithm."""
    product = CveProduct(versions=tuple(entries), default_status=default_status)
    affected, causes = evaluate_cve_product(product)
    return Evaluation.combine(affected, causes)


def cve_product_entry(
    product: Product | str | None,
    versions: Sequence[CveVersion],
    *,
    default_status: Status,
    repo: str | None = None,
) -> CveProduct:
    """A CNA ``affected[]`` product: vendor, product and repository from a known `Product`.

    CVE JSON 5 › affected: a product is named by ``vendor`` + ``product`` (or by
    ``collectionURL`` + ``packageName``); a package without a `Product` is its own vendor,
    so the record stays valid, and *repo* is its repository when known.
    """
    if isinstance(product, Product):
        return CveProduct(
            vendor=product.cve_vendor,
            product=product.cve_product,
            package_name=product.package,
            repo=product.repository,
            versions=tuple(versions) or None,
            default_status=default_status,
        )
    return CveProduct(
        vendor=product,
        product=product,
        package_name=product,
        repo=repo,
        versions=tuple(versions) or None,
        default_status=default_status,
    )


def _branch_starts(catalog: Catalog | None) -> tuple[list[Version], list[Version]]:
    """The first release of every branch, and every release, both ascending."""
    if catalog is None:
        return [], []
    starts: list[Version] = []
    for branch in catalog.branches:
        releases = catalog.releases_of(branch.name, include_scheduled=True)
        if releases:
            starts.append(releases[0].version)
    return sorted(starts), sorted(catalog.versions(include_scheduled=True))


def _cut(item: Interval, starts: Sequence[Version], known: Sequence[Version]) -> list[Interval]:
    """*item* cut at the branch starts inside it whose piece below holds a release."""
    pieces: list[Interval] = []
    lower, lower_inclusive = item.lower, item.lower_inclusive
    for start in starts:
        inside = (lower is None or start > lower) and (item.upper is None or start < item.upper)
        if inside and _holds_release(known, lower, lower_inclusive, start):
            pieces.append(Interval(lower, lower_inclusive, start, False))
            lower, lower_inclusive = start, True
    pieces.append(Interval(lower, lower_inclusive, item.upper, item.upper_inclusive))
    return pieces


def _holds_release(
    known: Sequence[Version], lower: Version | None, inclusive: bool, upper: Version
) -> bool:
    if lower is None:
        first = 0
    elif inclusive:
        first = bisect.bisect_left(known, lower)
    else:
        first = bisect.bisect_right(known, lower)
    return first < bisect.bisect_left(known, upper)


def _cve_entry(item: Interval, version_type: str) -> CveVersion:
    if item.lower is not None and item.lower == item.upper:
        return CveVersion(
            version=spell_bound(item.lower), status=Status.AFFECTED, version_type=version_type
        )
    lower = BOTTOM if item.lower is None else spell_bound(item.lower)
    if item.upper is None:
        return CveVersion(
            version=lower, less_than=TOP, status=Status.AFFECTED, version_type=version_type
        )
    if item.upper_inclusive:
        return CveVersion(
            version=lower,
            less_than_or_equal=spell_bound(item.upper),
            status=Status.AFFECTED,
            version_type=version_type,
        )
    return CveVersion(
        version=lower,
        less_than=spell_bound(item.upper),
        status=Status.AFFECTED,
        version_type=version_type,
    )
