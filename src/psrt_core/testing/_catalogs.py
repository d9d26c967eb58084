"""Strategies for release catalogs: ``releases``, ``branches`` and ``catalogs``.

They generate valid values only (every release on the branch its version maps to, no duplicate
versions, branch dates in life order), so that code under test sees catalogs as the loaders
would build them, including pre-releases, yanked and scheduled releases and unknown dates.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from packaging.version import Version

from psrt_core.versions import Branch, BranchScheme, BranchStatus, Catalog, Release

__all__ = ["branches", "catalog_versions", "catalogs", "releases"]

_EARLIEST = datetime.date(1990, 1, 1)
_LATEST = datetime.date(2040, 12, 31)
_PRE = st.one_of(
    st.just(""),
    st.tuples(st.sampled_from(["a", "b", "rc"]), st.integers(1, 4)).map(lambda t: f"{t[0]}{t[1]}"),
)


def _dates() -> st.SearchStrategy[datetime.date]:
    return st.dates(min_value=_EARLIEST, max_value=_LATEST)


def catalog_versions(*, scheme: BranchScheme = BranchScheme.MINOR) -> st.SearchStrategy[Version]:
    """PEP 440 release versions shaped like CPython's (``3.12.0rc1``) or pip's (``24.1b1``)."""
    if scheme is BranchScheme.MINOR:
        parts = st.tuples(st.integers(1, 3), st.integers(0, 14), st.integers(0, 20))
    else:
        parts = st.tuples(st.integers(0, 26), st.integers(0, 4), st.integers(0, 3))
    return st.builds(lambda numbers, pre: Version(".".join(map(str, numbers)) + pre), parts, _PRE)


@st.composite
def releases(
    draw: st.DrawFn,
    *,
    version: st.SearchStrategy[Version] | None = None,
    scheme: BranchScheme = BranchScheme.MINOR,
) -> Release:
    """One `~psrt_core.versions.Release` on the branch its version maps to under *scheme*."""
    value = draw(version if version is not None else catalog_versions(scheme=scheme))
    yanked = draw(st.booleans())
    reason = (
        draw(st.none() | st.sampled_from(["broken wheel", "See the tracker"])) if yanked else None
    )
    return Release(
        value,
        scheme,
        date=draw(st.none() | _dates()),
        yanked=yanked,
        yanked_reason=reason,
        scheduled=draw(st.booleans()),
        note=draw(st.none() | st.sampled_from(["hotfix", "security hotfix", "recalled"])),
    )


@st.composite
def branches(draw: st.DrawFn, *, name: str | None = None) -> Branch:
    """One `~psrt_core.versions.Branch` whose known dates are in life order.

    The order is start of development, feature freeze, first release, end of bugfix, end of
    life; each date is independently known or unknown.
    """
    if name is None:
        name = f"{draw(st.integers(0, 30))}.{draw(st.integers(0, 20))}"
    ordered = sorted(draw(st.lists(_dates(), min_size=5, max_size=5)))
    known = draw(st.lists(st.booleans(), min_size=5, max_size=5))
    start, freeze, first, bugfix_end, life_end = (
        day if keep else None for day, keep in zip(ordered, known, strict=True)
    )
    return Branch(
        name=name,
        status=draw(st.sampled_from(BranchStatus)),
        start_of_development=start,
        feature_freeze=freeze,
        first_release=first,
        end_of_bugfix=bugfix_end,
        end_of_life=life_end,
    )


@st.composite
def catalogs(
    draw: st.DrawFn,
    *,
    product: str | None = None,
    scheme: BranchScheme | None = None,
    min_size: int = 0,
    max_size: int = 10,
) -> Catalog:
    """A valid `~psrt_core.versions.Catalog` of *min_size* to *max_size* releases.

    Every branch the releases need is there, plus a few branches without releases, as real
    catalogs have (a branch whose first alpha is still scheduled). *product* defaults to
    ``cpython`` for the ``minor`` scheme and ``pip`` for ``major``; the scheme is drawn when not
    given.
    """
    if min_size < 0 or max_size < min_size:
        msg = f"need 0 <= min_size <= max_size, got min_size={min_size}, max_size={max_size}"
        raise InvalidArgument(msg)
    chosen = scheme if scheme is not None else draw(st.sampled_from(BranchScheme))
    name = (
        product if product is not None else ("cpython" if chosen is BranchScheme.MINOR else "pip")
    )
    items = draw(
        st.lists(
            releases(scheme=chosen),
            min_size=min_size,
            max_size=max_size,
            unique_by=lambda release: release.version,
        )
    )
    extra = draw(st.lists(catalog_versions(scheme=chosen), max_size=2))
    names = {release.branch for release in items} | {chosen.branch_of(v) for v in extra}
    made: dict[str, Any] = {branch: draw(branches(name=branch)) for branch in sorted(names)}
    return Catalog(name, tuple(items), tuple(made.values()), chosen)
