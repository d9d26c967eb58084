"""Release catalogs: every release of a product, in PEP 440 order, grouped into branches.

Why catalogs matter: an affected set is only as right as the list of releases it is evaluated
over. A catalog keeps pre-releases, yanked releases and scheduled (announced, not yet released)
releases, flags the last two, and orders releases by PEP 440 version only: published dates are
kept as metadata, never used for ordering, because real sources contain impossible dates.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, cast

import attrs
from packaging.version import Version

from psrt_core.exceptions import (
    InvalidBranchNameError,
    InvalidCatalogError,
    InvalidVersionError,
    Problem,
    UnknownBranchError,
    UnknownVersionError,
)
from psrt_core.versions._set import VersionLike, VersionSet, parse_version

__all__ = ["Branch", "BranchScheme", "BranchStatus", "Catalog", "Release"]


class BranchStatus(enum.Enum):
    """Where a branch is in its life, in the devguide's vocabulary."""

    FEATURE = "feature"
    PRERELEASE = "prerelease"
    BUGFIX = "bugfix"
    SECURITY = "security"
    END_OF_LIFE = "end-of-life"

    @property
    def supported(self) -> bool:
        """True in bugfix and security status, the devguide's "supported" branches."""
        return self in (BranchStatus.BUGFIX, BranchStatus.SECURITY)


class BranchScheme(enum.Enum):
    """How a version maps to its branch: CPython by ``major.minor``, pip by ``major``."""

    MINOR = "minor"
    MAJOR = "major"

    def branch_of(self, version: Version) -> str:
        """The branch name of *version* under this scheme."""
        if self is BranchScheme.MAJOR:
            return str(version.major)
        return f"{version.major}.{version.minor}"


def _to_version(value: VersionLike) -> Version:
    parsed = parse_version(value)
    if parsed is None:
        raise InvalidVersionError(value)
    return parsed


def _check_scheme(scheme: BranchScheme) -> BranchScheme:
    """The scheme itself; checked on assignment, before the branch is derived from it.

    Why at run time too: ``Release(version, "3.12")`` was the old call, and must fail loudly.
    """
    if not isinstance(cast("object", scheme), BranchScheme):
        msg = (
            f"a release takes its product's BranchScheme, not {scheme!r}; its branch is derived "
            "from the version"
        )
        raise TypeError(msg)
    return scheme


@attrs.frozen
class Release:
    """One release of a product.

    *branch* is derived from the version under *scheme* (CPython's ``major.minor`` by default),
    so a release can never sit on the wrong branch. *date* is the published release date
    (``None`` when unknown); it is metadata only. *scheduled* marks an announced release that
    has not happened yet; evaluations leave scheduled releases out unless asked.
    """

    version: Version = attrs.field(converter=_to_version)
    scheme: BranchScheme = attrs.field(default=BranchScheme.MINOR, converter=_check_scheme)
    branch: str = attrs.field(init=False)
    date: datetime.date | None = None
    yanked: bool = False
    yanked_reason: str | None = None
    scheduled: bool = False
    note: str | None = None

    @branch.default
    def _derive_branch(self) -> str:
        return self.scheme.branch_of(self.version)

    @property
    def prerelease(self) -> bool:
        """Whether this is an alpha, beta, candidate or development release (PEP 440)."""
        return self.version.is_prerelease

    def __str__(self) -> str:
        return str(self.version)


_BRANCH_NAME = re.compile(r"\d+(?:\.\d+)*")


def _check_branch_name(_: object, __: object, name: Any) -> None:
    if not isinstance(name, str) or _BRANCH_NAME.fullmatch(name) is None:
        raise InvalidBranchNameError(name)


@attrs.frozen
class Branch:
    """A release line (``3.12`` for CPython, ``24`` for pip) and the dates that define its life.

    *status* is the status the source recorded; `status_on` derives the status on any date
    from the dates and falls back to the recorded one only where the dates are unknown. The
    name must be numeric (``3.12``) so that branches order numerically (``3.9`` < ``3.10``).
    """

    name: str = attrs.field(validator=_check_branch_name)
    status: BranchStatus
    first_release: datetime.date | None = None
    end_of_bugfix: datetime.date | None = None
    end_of_life: datetime.date | None = None
    feature_freeze: datetime.date | None = None
    start_of_development: datetime.date | None = None

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Numeric order of branch names (``3.9`` < ``3.10``)."""
        return tuple(int(part) for part in self.name.split("."))

    def status_on(self, on: datetime.date) -> BranchStatus:
        """The branch's status on *on*, derived from its dates.

        Each date starts its phase on that very day: from ``feature_freeze`` on the branch is
        a pre-release branch, from ``first_release`` on it is in bugfix, from ``end_of_bugfix``
        on it is security-only, from ``end_of_life`` on it is end-of-life. The dates on or
        before *on* say which phase has at least begun; the known dates after *on* say which
        phases have not. When the recorded status lies between those bounds it is kept (the
        dates cannot tell better); otherwise the latest phase that has begun is the answer, so a
        branch past its end of life is end-of-life whatever the recorded status says.
        """
        starts = (
            None,
            self.feature_freeze,
            self.first_release,
            self.end_of_bugfix,
            self.end_of_life,
        )
        lower = 0
        for position, day in enumerate(starts):
            if day is not None and day <= on:
                lower = position
        upper = len(_LIFE)
        for position in range(lower + 1, len(_LIFE)):
            day = starts[position]
            if day is not None and day > on:
                upper = position
                break
        recorded = _LIFE.index(self.status)
        return self.status if lower <= recorded < upper else _LIFE[lower]


_LIFE: Final = tuple(BranchStatus)


def catalog_problems(
    releases: Sequence[Release], branches: Sequence[Branch], scheme: BranchScheme
) -> list[Problem]:
    """Everything that stops these releases and branches from forming one catalog.

    Locations are relative (``releases[3].scheme``) and index the sequences as given, so that a
    loader can check its document's order before `Catalog` sorts it.
    """
    problems: list[Problem] = []
    seen_branches: set[str] = set()
    for index, branch in enumerate(branches):
        if branch.name in seen_branches:
            problems.append(Problem(f"branches[{index}].name", "lists a branch twice", branch.name))
        seen_branches.add(branch.name)
    seen: dict[Version, Release] = {}
    for index, release in enumerate(releases):
        if release.version in seen:
            problems.append(
                Problem(
                    f"releases[{index}].version",
                    f"duplicates release {seen[release.version].version}",
                    str(release.version),
                )
            )
        seen.setdefault(release.version, release)
        if release.scheme is not scheme:
            problems.append(
                Problem(
                    f"releases[{index}].scheme",
                    f"release {release.version} is grouped by the {release.scheme.value} "
                    f"scheme, the catalog by {scheme.value}",
                    release.scheme.value,
                )
            )
        elif release.branch not in seen_branches:
            problems.append(Problem(f"releases[{index}].branch", "names no branch", release.branch))
    return problems


def _sorted_branches(items: Iterable[Branch]) -> tuple[Branch, ...]:
    return tuple(sorted(items, key=lambda branch: branch.sort_key))


def _sorted_releases(items: Iterable[Release]) -> tuple[Release, ...]:
    releases = tuple(items)
    versions = [release.version for release in releases]
    if all(a < b for a, b in itertools.pairwise(versions)):
        return releases
    return tuple(sorted(releases, key=lambda release: release.version))


@attrs.frozen
class Catalog:
    """Every release of one product, in PEP 440 order, and its branches.

    Construct with releases in any order: they are sorted by version. Two releases with equal
    versions (``3.9`` and ``3.9.0``) are an error. Every release must use the catalog's
    *scheme* (its branch is derived from it, so `branch_of` and `releases_of` always agree) and
    its branch must be one of *branches*; branches come out ordered by their numeric name.
    """

    product: str
    releases: tuple[Release, ...] = attrs.field(converter=_sorted_releases)
    branches: tuple[Branch, ...] = attrs.field(converter=_sorted_branches)
    scheme: BranchScheme = BranchScheme.MINOR
    _by_version: dict[Version, Release] = attrs.field(init=False, repr=False, eq=False)
    _by_branch: dict[str, Branch] = attrs.field(init=False, repr=False, eq=False)
    _versions: tuple[Version, ...] = attrs.field(init=False, repr=False, eq=False)
    # Derived once (the catalog is immutable): evaluations ask for these per advisory.
    _released: tuple[Release, ...] = attrs.field(init=False, repr=False, eq=False)
    _released_versions: tuple[Version, ...] = attrs.field(init=False, repr=False, eq=False)
    _positions: dict[Version, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = catalog_problems(self.releases, self.branches, self.scheme)
        if problems:
            raise InvalidCatalogError(problems, source=f"{self.product} catalog")
        object.__setattr__(self, "_by_version", {r.version: r for r in self.releases})
        object.__setattr__(self, "_by_branch", {b.name: b for b in self.branches})
        object.__setattr__(self, "_versions", tuple(release.version for release in self.releases))
        released = tuple(release for release in self.releases if not release.scheduled)
        object.__setattr__(self, "_released", released)
        object.__setattr__(self, "_released_versions", tuple(r.version for r in released))
        object.__setattr__(self, "_positions", {v: i for i, v in enumerate(self._versions)})

    # -- membership and ordering --------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.releases)

    def __iter__(self) -> Iterator[Release]:
        return iter(self.releases)

    def __contains__(self, version: object) -> bool:
        if isinstance(version, Release):
            version = version.version
        if not isinstance(version, (str, Version)):
            return False
        parsed = parse_version(version)
        return parsed is not None and parsed in self._by_version

    def release(self, version: VersionLike) -> Release:
        """The release with this version (``3.12`` finds ``3.12.0``)."""
        parsed = _to_version(version)
        try:
            return self._by_version[parsed]
        except KeyError:
            raise UnknownVersionError(str(version), product=self.product) from None

    def index(self, version: VersionLike) -> int:
        """Position of a release in PEP 440 order."""
        return self._positions[self.release(version).version]

    def versions(self, *, include_scheduled: bool = False) -> tuple[Version, ...]:
        """Every release's version in PEP 440 order; scheduled ones only on request."""
        return self._versions if include_scheduled else self._released_versions

    def released(self) -> tuple[Release, ...]:
        """The releases that have happened (everything but the scheduled ones)."""
        return self._released

    # -- branches -----------------------------------------------------------------------------

    def branch_of(self, version: VersionLike) -> str:
        """The branch a version belongs to, by the product's scheme (need not be a release)."""
        return self.scheme.branch_of(_to_version(version))

    def branch(self, name: str) -> Branch:
        """The branch called *name*."""
        try:
            return self._by_branch[name]
        except KeyError:
            raise UnknownBranchError(name, product=self.product) from None

    def releases_of(self, branch: str, *, include_scheduled: bool = False) -> tuple[Release, ...]:
        """The releases of *branch* in PEP 440 order, pre-releases included."""
        self.branch(branch)
        return tuple(
            release
            for release in self.releases
            if release.branch == branch and (include_scheduled or not release.scheduled)
        )

    def newest(
        self, branch: str, *, include_prereleases: bool = True, include_scheduled: bool = False
    ) -> Release | None:
        """The newest release of *branch*, or ``None`` when it has none yet."""
        candidates = [
            release
            for release in self.releases_of(branch, include_scheduled=include_scheduled)
            if include_prereleases or not release.prerelease
        ]
        return candidates[-1] if candidates else None

    def status_on(self, branch: str, on: datetime.date) -> BranchStatus:
        """The status of *branch* on the date *on* (see `Branch.status_on`)."""
        return self.branch(branch).status_on(on)

    def supported_on(self, on: datetime.date) -> tuple[Branch, ...]:
        """The branches in bugfix or security status on *on*, oldest first."""
        return tuple(branch for branch in self.branches if branch.status_on(on).supported)

    def select(
        self, versions: VersionSet, *, include_scheduled: bool = False
    ) -> tuple[Release, ...]:
        """The releases that are members of *versions*, in catalog order."""
        pool = self.releases if include_scheduled else self._released
        ordered = self.versions(include_scheduled=include_scheduled)
        return tuple(pool[index] for index in versions.select_sorted(ordered))

    def with_releases(self, releases: Iterable[Release]) -> Catalog:
        """A copy holding *releases* instead (for example a filtered list)."""
        return Catalog(self.product, tuple(releases), self.branches, self.scheme)
