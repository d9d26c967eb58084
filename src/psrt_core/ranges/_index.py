"""A precomputed release-by-advisory index: "which advisories affect this interpreter?" at once.

Why precompute: a fleet asks the same question for many installations, and the answer for one
release never changes while the advisories do not. Each advisory's `VersionSet` is placed on
the catalog once (its boundaries are catalog releases, so a dict lookup places each one), kept
as a bitmask over the catalog's releases, and turned into one frozenset of advisory ids per
release, and one per gap between two releases. A query for a release is then a dict lookup,
for any other version a binary search; the same frozenset object is shared by every release
and gap with the same advisories.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, Union

import attrs
from packaging.version import Version

from psrt_core.exceptions import InvalidInputError, Problem, UnknownAdvisoryError
from psrt_core.versions import Catalog, Release, VersionLike, VersionSet, parse_version
from psrt_core.versions._set import order_key

__all__ = ["AdvisoryLike", "AffectedIndex", "EvaluationLike"]


class EvaluationLike(Protocol):
    """What the index needs from an evaluation: its affected set."""

    @property
    def affected(self) -> VersionSet:
        """The affected versions."""


class AdvisoryLike(Protocol):
    """What the index needs from an advisory: an id and an evaluation.

    `psrt_core.advisories.Advisory` is one.
    """

    @property
    def id(self) -> str:
        """The advisory's id."""

    def evaluate(self) -> EvaluationLike:
        """The advisory's evaluation."""


Source = Union[AdvisoryLike, tuple[str, VersionSet]]  # noqa: UP007 - runtime alias on 3.10
_NONE: frozenset[str] = frozenset()


def _own_copy(sets: Mapping[str, VersionSet]) -> Mapping[str, VersionSet]:
    """The index's own dict: a caller changing theirs later cannot unsettle the tables."""
    return dict(sets)


@attrs.frozen(eq=False)
class AffectedIndex:
    """Which advisories affect which releases of one catalog.

    Build with `AffectedIndex.build`. *releases* are the catalog's releases the index covers
    (scheduled ones only with *include_scheduled*) and *advisory_ids* the advisories, in the
    order given. Everything else is computed once from the catalog and the advisories' sets,
    so no caller can hand the index tables that disagree with them.
    """

    catalog: Catalog
    _sets: Mapping[str, VersionSet] = attrs.field(repr=False, converter=_own_copy)
    include_scheduled: bool = False
    releases: tuple[Release, ...] = attrs.field(init=False)
    advisory_ids: tuple[str, ...] = attrs.field(init=False)
    _masks: Mapping[str, int] = attrs.field(init=False, repr=False)
    _rows: tuple[frozenset[str], ...] = attrs.field(init=False, repr=False)
    _by_version: Mapping[Version, frozenset[str]] = attrs.field(init=False, repr=False)
    _by_text: Mapping[str, frozenset[str]] = attrs.field(init=False, repr=False)
    # Gap rows: ``_gaps[i]`` holds the advisories that contain every version strictly between
    # release ``i - 1`` and release ``i`` (``i = 0``: below the first; ``i = n``: above the
    # last). A set with a boundary inside a gap (a non-catalog bound) is listed in
    # ``_mixed[i]`` and asked directly. ``_keys`` are the releases' ordering keys, for bisect.
    _keys: tuple[Any, ...] = attrs.field(init=False, repr=False)
    # Releases' versions and their texts in one dict: the common query is a single lookup.
    _by_any: Mapping[object, frozenset[str]] = attrs.field(init=False, repr=False)
    _gaps: tuple[frozenset[str], ...] = attrs.field(init=False, repr=False)
    _mixed: Mapping[int, tuple[str, ...]] = attrs.field(init=False, repr=False)

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        advisories: Mapping[str, VersionSet] | Iterable[Source],
        *,
        include_scheduled: bool = False,
    ) -> AffectedIndex:
        """Index *advisories* over *catalog*.

        *advisories* are advisory objects (anything with ``id`` and ``evaluate()``, such as
        the result of `psrt_core.serialization.load_advisory`), ``(id, affected set)`` pairs,
        or a mapping from id to affected set. Raises
        `~psrt_core.exceptions.InvalidInputError` listing every repeated id.
        """
        return cls(catalog, _collect(advisories), include_scheduled=include_scheduled)

    def __attrs_post_init__(self) -> None:
        releases = self.catalog.releases if self.include_scheduled else self.catalog.released()
        versions = tuple(release.version for release in releases)
        layout = _Layout.of(versions)
        masks, starts, stops, mixed = _place(self._sets, layout)
        rows, gaps = _sweep(len(versions), starts, stops)
        by_version = dict(zip(versions, rows, strict=True))
        by_text = {str(version): row for version, row in by_version.items()}
        by_any: dict[object, frozenset[str]] = {}
        by_any.update(by_version.items())
        by_any.update(by_text.items())
        derived = {
            "releases": tuple(releases),
            "advisory_ids": tuple(self._sets),
            "_masks": masks,
            "_rows": rows,
            "_by_version": by_version,
            "_by_text": by_text,
            "_keys": layout.keys,
            "_by_any": by_any,
            "_gaps": gaps,
            "_mixed": mixed,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return len(self.advisory_ids)

    def advisories_affecting(self, version: VersionLike | Release) -> frozenset[str]:
        """The ids of the advisories that affect *version*.

        A catalog release is one dict lookup; any other version is one binary search for the
        gap between two releases it falls in, whose row was precomputed (advisories with a
        bound inside that very gap are asked directly, so the answer is exact).
        """
        if isinstance(version, Release):
            version = version.version
        found = self._by_any.get(version)
        if found is not None:
            return found
        if isinstance(version, str):
            found = self._by_text.get(version)
            if found is not None:
                return found
            parsed = parse_version(version)
            if parsed is None:
                return frozenset(i for i, s in self._sets.items() if version in s)
            version = parsed
        found = self._by_version.get(version)
        if found is not None:
            return found
        return self._in_gap(version)

    def _in_gap(self, version: Version) -> frozenset[str]:
        gap = bisect_left(self._keys, order_key(version))
        row = self._gaps[gap]
        mixed = self._mixed.get(gap)
        if not mixed:
            return row
        inside = {i for i in mixed if version in self._sets[i]}
        return frozenset(row.difference(mixed).union(inside))

    def affected_versions(self, advisory_id: str) -> tuple[Release, ...]:
        """The indexed releases that *advisory_id* affects, in PEP 440 order."""
        mask = self.mask(advisory_id)
        return tuple(release for index, release in enumerate(self.releases) if mask >> index & 1)

    def affected_set(self, advisory_id: str) -> VersionSet:
        """The exact affected set *advisory_id* was indexed with."""
        try:
            return self._sets[advisory_id]
        except KeyError:
            raise UnknownAdvisoryError(advisory_id) from None

    def mask(self, advisory_id: str) -> int:
        """The advisory's row of the matrix as a bitmask: bit *i* is ``releases[i]``."""
        try:
            return self._masks[advisory_id]
        except KeyError:
            raise UnknownAdvisoryError(advisory_id) from None

    def rows(self) -> tuple[frozenset[str], ...]:
        """For each of ``releases``, the ids of the advisories affecting it."""
        return self._rows

    def matrix(self) -> tuple[tuple[bool, ...], ...]:
        """The release-by-advisory matrix: ``matrix()[r][a]`` is ``releases[r]`` x advisory a."""
        return tuple(
            tuple(advisory_id in row for advisory_id in self.advisory_ids) for row in self._rows
        )


@attrs.frozen
class _Layout:
    """The indexed releases as positions, and where a cut lands among them."""

    versions: tuple[Version, ...]
    positions: Mapping[Version, int]
    keys: tuple[Any, ...]

    @classmethod
    def of(cls, versions: tuple[Version, ...]) -> _Layout:
        positions = {version: index for index, version in enumerate(versions)}
        return cls(versions, positions, tuple(order_key(version) for version in versions))

    def gap_of(self, version: Version) -> int | None:
        """The gap strictly containing *version*, or ``None`` for a release itself."""
        if version in self.positions:
            return None
        return bisect_left(self.keys, order_key(version))


_Placed = tuple[dict[str, int], list[list[str]], list[list[str]], dict[int, tuple[str, ...]]]


def _place(sets: Mapping[str, VersionSet], layout: _Layout) -> _Placed:
    """Each set's mask, its run starts and stops on the extended line, and the mixed gaps.

    Extended position ``2 * i + 1`` is release *i* and ``2 * i`` the gap below it. A run of
    releases ``[start, stop)`` covers extended ``[2 * start + 1, 2 * stop)``, plus the gap
    below *start* and the gap at *stop* when the set reaches into them; a boundary that is
    not a release marks its gap mixed.
    """
    count = len(layout.versions)
    masks: dict[str, int] = {}
    starts: list[list[str]] = [[] for _ in range(2 * count + 2)]
    stops: list[list[str]] = [[] for _ in range(2 * count + 2)]
    mixed: dict[int, list[str]] = {}
    for advisory_id, affected in sets.items():
        mask = 0
        for lower, upper in affected.extended_runs(layout.versions, layout.positions):
            starts[lower].append(advisory_id)
            stops[upper].append(advisory_id)
            first, last = lower // 2, upper // 2
            if last > first:
                mask |= (1 << last) - (1 << first)
        for boundary in affected.boundaries():
            gap = layout.gap_of(boundary)
            if gap is not None:
                mixed.setdefault(gap, []).append(advisory_id)
        masks[advisory_id] = mask
    return masks, starts, stops, {gap: tuple(dict.fromkeys(ids)) for gap, ids in mixed.items()}


def _sweep(
    count: int, starts: list[list[str]], stops: list[list[str]]
) -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    """Release rows and gap rows from one sweep; a row that does not change is shared."""
    rows: list[frozenset[str]] = []
    gaps: list[frozenset[str]] = []
    active: set[str] = set()
    row = _NONE
    for position in range(2 * count + 1):
        if starts[position] or stops[position]:
            active.difference_update(stops[position])
            active.update(starts[position])
            row = frozenset(active)
        (rows if position & 1 else gaps).append(row)
    return tuple(rows), tuple(gaps)


def _collect(advisories: Mapping[str, VersionSet] | Iterable[Source]) -> dict[str, VersionSet]:
    if isinstance(advisories, Mapping):
        return dict(advisories)
    sets: dict[str, VersionSet] = {}
    problems: list[Problem] = []
    for index, item in enumerate(advisories):
        if isinstance(item, tuple):
            advisory_id, affected = item
        else:
            advisory_id, affected = item.id, item.evaluate().affected
        if advisory_id in sets:
            problems.append(Problem(f"advisories[{index}]", "repeats an advisory id", advisory_id))
            continue
        sets[advisory_id] = affected
    if problems:
        raise InvalidInputError(problems, source="advisories to index")
    return sets
