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

from psrt_core.advisories import CommitMap, CommitReach
from psrt_core.advisories._commits import branch_set
from psrt_core.exceptions import InvalidInputError, Problem, UnknownBranchError
from psrt_core.versions import BranchScheme, Catalog, Release, VersionLike, VersionSet
from psrt_core.versions import parse_version as _parse

__all__ = ["AffectedRanges", "BranchRange", "BranchState", "ranges_from_fixes"]

CommitMapLike = Mapping[str, Sequence[VersionLike]]
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
    inferred: bool = False
    """Whether the fix on this branch was inferred (a branch cut after a fix commit landed,
    `psrt_core.advisories.CommitMap.reach`) rather than read from the commit map."""


@attrs.frozen
class AffectedRanges:
    """Everything `ranges_from_fixes` derived: one `BranchRange` per catalog branch, oldest first.

    *affected* is the union of the branch ranges. *notes* explains facts that were accepted
    but look suspicious (two fixes on one branch, a fix below the introduced version); a fix
    that is no catalog release is never accepted (`ranges_from_fixes` refuses it).
    """

    product: str
    fixes: tuple[Version, ...]
    introduced: Version | None
    branches: tuple[BranchRange, ...]
    affected: VersionSet
    notes: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    """Names of the branches whose status was inferred rather than read from the commit map."""

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
    commit_map: CommitMap | CommitMapLike | None = None,
) -> AffectedRanges:
    """Build the per-branch affected ranges of a vulnerability from where it was fixed.

    *fixed_in* names fix releases (``"3.12.8"``) or, with *commit_map*, fix commits; the map
    sends a commit to the first release of each branch that contains it (a commit missing from
    the map is an error, never a guess), and `psrt_core.advisories.CommitMap.reach` adds the
    branches cut after it (its ``infer_later_branches`` setting; a plain mapping is read with
    the setting on).
    *introduced* (a version or a mapped commit) is the first affected version; without it the
    vulnerability is as old as the product.

    Raises `~psrt_core.exceptions.InvalidInputError` listing every fix that is not a version,
    is not a release of the catalog (scheduled releases are releases; a typo or a spelling
    such as ``1!3.12.8`` or ``3.12.8+local`` is not), is an unmapped commit, or is a commit
    the map sends to a version the catalog does not have; and an introduced version naming
    a branch or an epoch the catalog does not have.
    """
    if commit_map is not None and not isinstance(commit_map, CommitMap):
        commit_map = CommitMap.of(commit_map, scheme=catalog.scheme)
    problems: list[Problem] = []
    fix_reaches: list[CommitReach] = []
    fixes = _resolve(
        catalog, list(fixed_in), commit_map, "fixed_in", problems=problems, reaches=fix_reaches
    )
    introduced_version: Version | None = None
    floor = VersionSet.full()
    if introduced is not None:
        reached: list[CommitReach] = []
        resolved = _resolve(
            catalog, [introduced], commit_map, "introduced", problems=problems, reaches=reached
        )
        introduced_version = min(resolved) if resolved else None
        if reached:
            floor = reached[0].contains
        elif introduced_version is not None:
            floor = VersionSet.at_least(introduced_version)
    if not fixes and not problems:
        problems.append(Problem("fixed_in", "names no fix", []))
    if problems:
        raise InvalidInputError(problems, source=f"{catalog.product} fixes")
    notes: list[str] = []
    if catalog.scheme is BranchScheme.MAJOR:
        branches = _one_line(catalog, fixes, introduced_version, notes)
    else:
        facts = _Facts(fixes, _given_versions(fixes, fix_reaches), fix_reaches, floor)
        branches = _per_branch(catalog, facts, introduced_version, notes)
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
        inferred=tuple(item.branch for item in branches if item.inferred),
    )


@attrs.frozen
class _Facts:
    """What `_per_branch` works from: every fix, those given as versions, commit reaches."""

    fixes: list[Version]
    version_fixes: list[Version]
    reaches: list[CommitReach]
    floor: VersionSet


def _given_versions(fixes: list[Version], reaches: list[CommitReach]) -> list[Version]:
    """The fixes given as versions: those no commit of *reaches* resolved to."""
    from_commits = {first for reach in reaches for first in reach.firsts}
    return [fix for fix in fixes if fix not in from_commits]


def _resolve(
    catalog: Catalog,
    values: list[VersionLike],
    commit_map: CommitMap | None,
    where: str,
    *,
    problems: list[Problem],
    reaches: list[CommitReach],
) -> list[Version]:
    """Turn versions and mapped commits into versions, recording a problem for each bad one."""
    known = {branch.name for branch in catalog.branches}
    result: list[Version] = []
    for index, value in enumerate(values):
        location = f"{where}[{index}]" if where == "fixed_in" else where
        candidates: list[tuple[Version | None, VersionLike]]
        if commit_map is not None and isinstance(value, str) and value in commit_map:
            reach = commit_map.reach(value)
            reaches.append(reach)
            candidates = [(first, value) for first in reach.firsts]
        elif commit_map is not None and isinstance(value, str) and _COMMIT.fullmatch(value):
            # A full commit id is never read as a version, even when it is all digits.
            problems.append(Problem(location, "is a commit the commit map does not have", value))
            continue
        else:
            candidates = [(_parse(value), value)]
        for version, raw in candidates:
            if version is None:
                message = "is not a PEP 440 version"
                if commit_map is not None:
                    message += " nor a commit of the commit map"
                problems.append(Problem(location, message, str(raw)))
                continue
            problem = _version_problem(catalog, version, where, known)
            if problem is not None:
                if _parse(raw) != version:  # a commit: name the release it maps to
                    problem = f"resolves to {version}, which {problem}"
                problems.append(Problem(location, problem, str(raw)))
                continue
            result.append(version)
    return result


def _version_problem(catalog: Catalog, version: Version, where: str, known: set[str]) -> str | None:
    """Why *version* cannot be a fix (*where* ``fixed_in``) or the introduced version, if it cannot.

    A fix must be a release of the catalog, whatever its spelling: ``1!3.12.8`` or
    ``3.12.8+local`` name no CPython release, and read as fixes they would close or open
    branches by comparison alone (``1!3.12.8`` sorts above every 3.13 and 3.14 release). A
    scheduled release is in the catalog, so a fix planned for it is accepted.
    """
    if catalog.scheme is BranchScheme.MINOR and catalog.branch_of(version) not in known:
        branch = catalog.branch_of(version)
        return f"names branch {branch}, which the {catalog.product} catalog does not have"
    if where == "fixed_in" and version not in catalog:
        return f"is not a release of the {catalog.product} catalog"
    epochs = {item.epoch for item in catalog.versions(include_scheduled=True)}
    if version.epoch not in epochs:
        return f"has epoch {version.epoch}, which no {catalog.product} release has"
    return None


def _first_release(releases: Sequence[Release]) -> Version | None:
    return releases[0].version if releases else None


def _by_branch(catalog: Catalog, fixes: list[Version], notes: list[str]) -> dict[str, Version]:
    """The fix closing each branch: the earlier of two, with a note."""
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
    return by_branch


def _inferred_fixes(
    names: list[str], starts: Mapping[str, Version], facts: _Facts, by_branch: Mapping[str, Version]
) -> dict[str, Version]:
    """Branches a fix commit reaches only by the later-branch inference: fixed from their start."""
    inferred: dict[str, Version] = {}
    for name in names:
        if name in by_branch:
            continue
        region = branch_set(name)
        if any(not (reach.inferred & region).is_empty for reach in facts.reaches):
            inferred[name] = starts[name]
    return inferred


def _per_branch(
    catalog: Catalog,
    facts: _Facts,
    introduced: Version | None,
    notes: list[str],
) -> list[BranchRange]:
    by_branch = _by_branch(catalog, facts.fixes, notes)
    names = [branch.name for branch in catalog.branches]
    # Where each branch starts: its first release, or X.Y.dev0 (the lowest X.Y version) for a
    # branch without releases yet; a branch's range ends where the next one starts.
    starts = {
        name: _first_release(catalog.releases_of(name, include_scheduled=True))
        or Version(f"{name}.dev0")
        for name in names
    }
    inferred = _inferred_fixes(names, starts, facts, by_branch)
    by_branch.update(inferred)
    given = {catalog.branch_of(fix) for fix in facts.version_fixes}
    newest_given = max((names.index(name) for name in given), default=-1)
    cut_before = _cut_before_the_fix(catalog, facts.version_fixes, names[newest_given + 1 :])
    for name in cut_before:
        notes.append(
            f"branch {name} is newer than every fixed branch, so it counts as unaffected, but "
            f"it had releases before the fix was released: check that it has the fix, or give "
            f"its fix with --fixed-in"
        )
    result: list[BranchRange] = []
    for position, name in enumerate(names):
        fix = by_branch.get(name)
        if position > newest_given and fix is None and given:
            result.append(BranchRange(name, BranchState.UNAFFECTED, VersionSet.empty()))
            continue
        lower: Version | None = None if position == 0 else starts[name]
        upper: Version | None = fix
        if fix is None:
            upper = starts[names[position + 1]] if position + 1 < len(names) else None
        affected = VersionSet.interval(lower, upper) & facts.floor & _ALL_VERSIONS
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
                lower=affected.intervals()[0].lower if not affected.is_empty else None,
                upper=upper if not affected.is_empty else None,
                inferred=name in inferred,
            )
        )
    return result


_ALL_VERSIONS = VersionSet.interval(None, None)


def _cut_before_the_fix(
    catalog: Catalog, fixes: Sequence[Version], newer: Sequence[str]
) -> tuple[str, ...]:
    """The *newer* branches (than every fixed one) released before the newest fix was.

    A branch cut after the fix landed contains it, which is why newer branches count as
    unaffected (the rule of `ranges_from_fixes`); but a branch that had a release before the
    fix shipped may have been cut before the fix landed on main (3.13.0 came out before
    3.12.8, so ``--fixed-in 3.12.8`` alone says nothing about 3.13). The rule stays, and such
    a branch gets a note, so that a forgotten fix is never silent. Undated releases decide
    nothing.
    """
    dates = [catalog.release(fix).date for fix in fixes if fix in catalog]
    known = [day for day in dates if day is not None]
    if not known:
        return ()
    shipped = max(known)
    found = []
    for name in newer:
        releases = catalog.releases_of(name)
        first = releases[0].date if releases else None
        if first is not None and first < shipped:
            found.append(name)
    return tuple(found)


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
