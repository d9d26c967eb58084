"""Commit maps: the offline bridge from git commits to the releases that contain them.

Why: GIT ranges (every PSF OSV record) name commits, not versions. Without the repository the
only way to evaluate them on versions is a map from each commit to the first release of every
branch whose tag contains it, as ``git tag --contains`` based tools produce.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs
from packaging.version import Version

from psrt_core.versions import BranchScheme, VersionLike, parse_version

__all__ = ["CommitMap"]


@attrs.frozen
class CommitMap(Mapping[str, tuple[Version, ...]]):
    """Commit hash -> the first version containing it on each branch, ascending.

    Build with `CommitMap.of`, which keeps only the lowest version per branch (under *scheme*:
    ``major.minor`` for CPython, ``major`` for pip). Hashes are matched lower-case and in full.
    """

    entries: tuple[tuple[str, tuple[Version, ...]], ...] = ()
    scheme: BranchScheme = BranchScheme.MINOR
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
        return cls(entries, scheme)

    def __getitem__(self, commit: str) -> tuple[Version, ...]:
        return self._index[commit.strip().lower()]

    def __contains__(self, commit: object) -> bool:
        return isinstance(commit, str) and commit.strip().lower() in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def first_on_branch(self, commit: str, branch: str) -> Version | None:
        """The first version of *branch* containing *commit*, or ``None`` if none does."""
        for version in self[commit]:
            if self.scheme.branch_of(version) == branch:
                return version
        return None


def _tag_version(value: VersionLike) -> Version | None:
    if isinstance(value, str) and value[:1] in ("v", "V"):
        value = value[1:]
    return parse_version(value)
