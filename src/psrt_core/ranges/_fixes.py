"""From a coordinator's facts ("fixed in 3.12.8, 3.13.1 and 3.14.0a3") to per-branch ranges.

Why per branch: CPython ships fixes as backports, one release per maintained branch, so the
affected set is not one interval but one interval per branch. Writing those by hand is where
pre-releases get lost (a range that starts at ``3.13.0`` leaves ``3.13.0a1`` to ``3.13.0rc3``
unaccounted for); computing them from the catalog cannot forget a release.

The rules (issue 5, item 2): each fix closes its own branch, whose releases before the fix are
affected (pre-releases included) from the introduced version on; branches older than the newest
fixed branch that have no fix stay affected (wholly, when nothing is introduced); branches newer
than the newest fixed branch were cut after the fix landed and are unaffected; nothing below the
introduced version is affected. Products whose catalog groups releases by major version (pip)
are one line of releases: the lowest fix closes the line.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs
from packaging.version import Version

from psrt_core.exceptions import InvalidInputError, Problem, UnknownBranchError
from psrt_core.versions import BranchScheme, Catalog, Release, VersionLike, VersionSet
from psrt_core.versions import parse_version as _parse

__all__ = ["AffectedRanges", "BranchRange", "BranchState", "ranges_from_fixes"]

CommitMap = Mapping[str, Sequence[VersionLike]]
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class BranchState(enum.Enum):
    """How one branch stands towards one vulnerability."""

    FIXED = "fixed"
    """A fix release exists on the branch; its releases before the fix are affected."""
    UNFIXED = "unfixed"
    """The branch is affected and has no fix."""
    UNAFFECTED = "unaffected"
    """No release of the branch is affected."""


@attrs.frozen
class BranchRange:
    """The affected range of one branch.

    *affected* is exact over the version line; its ends sit on catalog releases (or the
    bottom of the line for the oldest branch), so it reads like a CVE ``versions`` entry.
    """

    branch: str
    state: BranchState
    affected: VersionSet
    fixed: Version | None = None
    lower: Version | None = None
    """The first affected version (``None``: the bottom of the line)."""
    upper: Version | None = None
    """The exclusive end of the range (the fix, or the next branch's first release)."""


@attrs.frozen
class AffectedRanges:
    """Everything `ranges_from_fixes` derived: one `BranchRange` per catalog branch, oldest first.

    *affected* is the union of the branch ranges. *notes* explains facts that were accepted
    but look suspicious (two fixes on one branch, a fix below the introduced version).
    """

    product: str
    fixes: tuple[Version, ...]
    introduced: Version | None
    branches: tuple[BranchRange, ...]
    affected: VersionSet
    notes: tuple[str, ...] = ()

    def branch(self, name: str) -> BranchRange:
        """The range of the branch called *name*.

        Raises `~psrt_core.exceptions.UnknownBranchError` when the catalog has no such branch.
        """
        for item in self.branches:
            if item.branch == name:
                return item
        raise UnknownBranchError(name, product=self.product)

    def affected_branches(self) -> tuple[BranchRange, ...]:
        """The branches with at least one affected version, oldest first."""
        return tuple(item for item in self.branches if item.state is not BranchState.UNAFFECTED)

    def unfixed_supported(self, catalog: Catalog, on: datetime.date) -> tuple[str, ...]:
        """Names of the branches supported on *on* that are affected and have no fix yet.

        These are the backports still owed: the catalog's bugfix and security branches on
        that date, minus the branches with a fix or without an affected release.
        """
        unfixed = {item.branch for item in self.branches if item.state is BranchState.UNFIXED}
        return tuple(branch.name for branch in catalog.supported_on(on) if branch.name in unfixed)

    def releases(self, catalog: Catalog, *, include_scheduled: bool = False) -> tuple[Release, ...]:
        """The affected releases of *catalog*, in PEP 440 order."""
        return catalog.select(self.affected, include_scheduled=include_scheduled)


def ranges_from_fixes(
    catalog: Catalog,
    fixed_in: Iterable[VersionLike],
    *,
    introduced: VersionLike | None = None,
    commit_map: CommitMap | None = None,
) -> AffectedRanges:
    """Build the per-branch affected ranges of a vulnerability from where it was fixed.

    *fixed_in* names fix releases (``"3.12.8"``) or, with *commit_map*, fix commits; the map
    sends a commit to the first release of each branch that contains it (a commit missing from
    the map is an error, never a guess). *introduced* (a version or a mapped commit) is the
    first affected version; without it the vulnerability is as old as the product.

    Raises `~psrt_core.exceptions.InvalidInputError` listing every fix that is not a version,
    names a branch the catalog does not have, or is an unmapped commit.
    """
    problems: list[Problem] = []
    fixes = _resolve(catalog, list(fixed_in), commit_map, "fixed_in", problems)
    introduced_version: Version | None = None
    if introduced is not None:
        resolved = _resolve(catalog, [introduced], commit_map, "introduced", problems)
        introduced_version = min(resolved) if resolved else None
    if not fixes and not problems:
        problems.append(Problem("fixed_in", "names no fix", []))
    if problems:
        raise InvalidInputError(problems, source=f"{catalog.product} fixes")
    notes: list[str] = [
        f"fix {fix} is not a release of the {catalog.product} catalog (a typo, or not yet known)"
        for fix in sorted(set(fixes))
        if fix not in catalog
    ]
    if catalog.scheme is BranchScheme.MAJOR:
        branches = _one_line(catalog, fixes, introduced_version, notes)
    else:
        branches = _per_branch(catalog, fixes, introduced_version, notes)
    affected = VersionSet.empty()
    for item in branches:
        affected = affected | item.affected
    return AffectedRanges(
        product=catalog.product,
        fixes=tuple(sorted(set(fixes))),
        introduced=introduced_version,
        branches=tuple(branches),
        affected=affected,
        notes=tuple(notes),
    )


def _resolve(
    catalog: Catalog,
    values: list[VersionLike],
    commit_map: CommitMap | None,
    where: str,
    problems: list[Problem],
) -> list[Version]:
    """Turn versions and mapped commits into versions, recording a problem for each bad one."""
    known = {branch.name for branch in catalog.branches}
    result: list[Version] = []
    for index, value in enumerate(values):
        location = f"{where}[{index}]" if where == "fixed_in" else where
        if commit_map is not None and isinstance(value, str) and value in commit_map:
            candidates = [(_parse(item), item) for item in commit_map[value]]
        elif commit_map is not None and isinstance(value, str) and _COMMIT.fullmatch(value):
            # A full commit id is never read as a version, even when it is all digits.
            problems.append(Problem(location, "is a commit the commit map does not have", value))
            continue
        else:
            candidates = [(_parse(value), value)]
        for version, raw in candidates:
            if version is None:
                message = "is not a PEP 440 version"
                if commit_map is not None and raw is value:
                    message += " nor a commit of the commit map"
                problems.append(Problem(location, message, str(raw)))
                continue
            if catalog.scheme is BranchScheme.MINOR and catalog.branch_of(version) not in known:
                problems.append(
                    Problem(
                        location,
                        f"names branch {catalog.branch_of(version)}, "
                        f"which the {catalog.product} catalog does not have",
                        str(raw),
                    )
                )
                continue
            result.append(version)
    return result


def _first_release(releases: Sequence[Release]) -> Version | None:
    return releases[0].version if releases else None


def _per_branch(
    catalog: Catalog,
    fixes: list[Version],
    introduced: Version | None,
    notes: list[str],
) -> list[BranchRange]:
    by_branch: dict[str, Version] = {}
    for candidate in sorted(fixes):
        name = catalog.branch_of(candidate)
        if name in by_branch:
            if candidate != by_branch[name]:
                notes.append(
                    f"branch {name} has two fixes, {by_branch[name]} and {candidate}: "
                    f"the earlier one closes it"
                )
            continue
        by_branch[name] = candidate
    names = [branch.name for branch in catalog.branches]
    # Where each branch starts: its first release, or X.Y.dev0 (the lowest X.Y version) for a
    # branch without releases yet; a branch's range ends where the next one starts.
    starts = {
        name: _first_release(catalog.releases_of(name, include_scheduled=True))
        or Version(f"{name}.dev0")
        for name in names
    }
    newest_fixed = max(names.index(name) for name in by_branch)
    floor = VersionSet.full() if introduced is None else VersionSet.at_least(introduced)
    result: list[BranchRange] = []
    for position, name in enumerate(names):
        lower: Version | None = None if position == 0 else starts[name]
        if position > newest_fixed:
            result.append(BranchRange(name, BranchState.UNAFFECTED, VersionSet.empty()))
            continue
        fix = by_branch.get(name)
        upper: Version | None = fix
        if fix is None:
            upper = starts[names[position + 1]] if position + 1 < len(names) else None
        whole = VersionSet.interval(lower, upper)
        affected = whole & floor
        if introduced is not None and (lower is None or introduced > lower):
            lower = introduced
        if fix is not None and introduced is not None and fix <= introduced:
            notes.append(f"fix {fix} is not above the introduced version {introduced}")
        if affected.is_empty:
            state = BranchState.UNAFFECTED
        else:
            state = BranchState.FIXED if fix is not None else BranchState.UNFIXED
        result.append(
            BranchRange(
                name,
                state,
                affected,
                fixed=fix,
                lower=lower if not affected.is_empty else None,
                upper=upper if not affected.is_empty else None,
            )
        )
    return result


def _one_line(
    catalog: Catalog,
    fixes: list[Version],
    introduced: Version | None,
    notes: list[str],
) -> list[BranchRange]:
    fix = min(fixes)
    later = sorted({item for item in fixes if item != fix})
    if later:
        shown = ", ".join(str(item) for item in later)
        notes.append(
            f"{catalog.product} is one line of releases: {fix} closes it, {shown} add nothing"
        )
    if introduced is not None and fix <= introduced:
        notes.append(f"fix {fix} is not above the introduced version {introduced}")
    affected = VersionSet.interval(introduced, fix)
    state = BranchState.UNAFFECTED if affected.is_empty else BranchState.FIXED
    return [
        BranchRange(
            catalog.product,
            state,
            affected,
            fixed=fix,
            lower=introduced,
            upper=fix if not affected.is_empty else None,
        )
    ]
