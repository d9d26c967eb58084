"""Commit maps: the offline bridge from git commits to the releases that contain them.

Why: GIT ranges (every PSF OSV record) name commits, not versions. Without the repository the
only way to evaluate them on versions is a map from each commit to the first release of every
branch whose tag contains it, as ``git tag --contains`` based tools produce.

**Branches cut after a commit** (issue 9, item 3). python-security's ``commit_tags.txt``, the
one public map for CPython, stops listing a commit's later branches once the commit is in an
``X.Y.0`` release: every later branch of major ``X`` was cut from main after that release, so
it holds the commit from its first release on, and listing it would say nothing new. The
rule, `CommitMap.reach`: when the first release of branch ``X.Y`` containing a commit is at or
below ``X.Y.0`` final (an alpha, beta or candidate of ``X.Y.0``, or ``X.Y.0`` itself), every
branch ``X.Z`` with ``Z > Y`` the map does not list for that commit contains it from its very
first version. A branch the map does list is read, never overridden. Why it holds for CPython:
a feature branch ``X.Y`` is cut from main at ``X.Y.0b1``, and until ``X.Y.0`` the fixes reach it
from main; main then becomes ``X.(Y+1)``. So a commit in an ``X.Y.0`` pre-release or final was
on main before ``X.(Y+1)`` began. Nothing crosses a major version (3.0 was not cut from 2.7).
Products whose branches are major versions (pip) release one line from main: a commit in any
release is in every later major. The rule is the setting ``infer_later_branches`` (on by
default); `CommitReach.inferred` says which versions' containment was inferred, not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs
from packaging.version import Version

from psrt_core.versions import BranchScheme, VersionLike, VersionSet, parse_version

__all__ = ["CommitMap", "CommitReach", "branch_set"]

_NOTHING = VersionSet.empty()


def branch_set(branch: str) -> VersionSet:
    """Every version (epoch 0) of a branch: ``3.9`` is ``[3.9.dev0, 3.10.dev0)``.

    pip's ``24`` is ``[24.dev0, 25.dev0)``: the name says the scheme.
    """
    parts = [int(part) for part in branch.split(".")]
    upper = [*parts[:-1], parts[-1] + 1]
    lower_text = ".".join(map(str, parts)) + ".dev0"
    upper_text = ".".join(map(str, upper)) + ".dev0"
    return VersionSet.interval(Version(lower_text), Version(upper_text))


@attrs.frozen
class CommitReach:
    """Where one commit is: every version that contains it, per the map and the inference.

    *firsts* are the map's own entries (the first version per listed branch). *contains* is
    every version holding the commit: ``[first, end of branch)`` per listed branch, plus the
    inferred later branches; *inferred* is the part of *contains* that was inferred.
    """

    commit: str
    firsts: tuple[Version, ...]
    contains: VersionSet
    inferred: VersionSet = _NOTHING


@attrs.frozen
class CommitMap(Mapping[str, tuple[Version, ...]]):
    """Commit hash -> the first version containing it on each branch, ascending.

    Build with `CommitMap.of`, which keeps only the lowest version per branch (under *scheme*:
    ``major.minor`` for CPython, ``major`` for pip). Hashes are matched lower-case and in full.
    *infer_later_branches* (default on) applies the later-branch rule of this module's
    docstring in `reach`; ``attrs.evolve(commit_map, infer_later_branches=False)`` reads the
    map literally.
    """

    entries: tuple[tuple[str, tuple[Version, ...]], ...] = ()
    scheme: BranchScheme = BranchScheme.MINOR
    infer_later_branches: bool = True
    _index: dict[str, tuple[Version, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", dict(self.entries))

    @classmethod
    def of(
        cls,
        mapping: Mapping[str, Iterable[VersionLike]],
        *,
        scheme: BranchScheme = BranchScheme.MINOR,
        infer_later_branches: bool = True,
    ) -> CommitMap:
        """Reduce *mapping* (commit -> every version containing it) to first-per-branch.

        Strings that are not PEP 440 versions (tags such as ``legacy-trunk``) are skipped; a
        leading ``v`` (``v3.12.1``) is accepted.
        """
        merged: dict[str, dict[str, Version]] = {}
        for commit, versions in mapping.items():
            firsts = merged.setdefault(commit.strip().lower(), {})
            for item in versions:
                version = _tag_version(item)
                if version is None:
                    continue
                branch = scheme.branch_of(version)
                if branch not in firsts or version < firsts[branch]:
                    firsts[branch] = version
        entries = tuple(
            (commit, tuple(sorted(firsts.values()))) for commit, firsts in sorted(merged.items())
        )
        return cls(entries, scheme, infer_later_branches)

    def __getitem__(self, commit: str) -> tuple[Version, ...]:
        return self._index[commit.strip().lower()]

    def __contains__(self, commit: object) -> bool:
        return isinstance(commit, str) and commit.strip().lower() in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def first_on_branch(self, commit: str, branch: str) -> Version | None:
        """The first version of *branch* containing *commit*, as the map lists it (or ``None``)."""
        for version in self[commit]:
            if self.scheme.branch_of(version) == branch:
                return version
        return None

    def reach(self, commit: str) -> CommitReach:
        """Every version containing *commit*: read from the map, plus the inferred branches.

        The one place the later-branch rule lives: GIT-range evaluation and
        `psrt_core.ranges.ranges_from_fixes` both call it. Raises `KeyError` for a commit
        the map does not have.
        """
        firsts = self[commit]
        contains = VersionSet.empty()
        listed = VersionSet.empty()
        for first in firsts:
            region = branch_set(self.scheme.branch_of(first))
            listed = listed | region
            contains = contains | (VersionSet.at_least(first) & region)
        inferred = VersionSet.empty()
        if self.infer_later_branches:
            for first in firsts:
                inferred = inferred | self._later_branches(first)
            inferred = inferred - listed
        return CommitReach(commit.strip().lower(), firsts, contains | inferred, inferred)

    def _later_branches(self, first: Version) -> VersionSet:
        """The versions of the branches cut after *first* (empty unless *first* qualifies)."""
        major = first.release[0]
        if self.scheme is BranchScheme.MAJOR:
            return VersionSet.at_least(Version(f"{major + 1}.dev0"))
        minor = first.release[1] if len(first.release) > 1 else 0
        if first > Version(f"{major}.{minor}"):
            return VersionSet.empty()
        return VersionSet.interval(
            Version(f"{major}.{minor + 1}.dev0"), Version(f"{major + 1}.dev0")
        )


def _tag_version(value: VersionLike) -> Version | None:
    if isinstance(value, str) and value[:1] in ("v", "V"):
        value = value[1:]
    return parse_version(value)
