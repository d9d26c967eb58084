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

import weakref
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, Union, cast

import attrs
from packaging.version import Version

from psrt_core.exceptions import InvalidInputError, Problem, UnknownAdvisoryError
from psrt_core.ranges._plain import Plain, plain_line, set_of_line
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


class _Sets(Mapping[str, VersionSet]):
    """The index's own sets by id: a caller changing theirs later cannot unsettle the tables.

    An advisory placed by the fast path (`psrt_core.ranges._plain`) is held as its
    ``(line, mask)`` until its set is asked for; the set is then rebuilt from the line (its
    bounds are all releases, so the line says exactly what it is) and kept.
    """

    __slots__ = ("_items", "_versions")

    def __init__(
        self, items: Mapping[str, VersionSet | Plain], versions: tuple[Version, ...] = ()
    ) -> None:
        self._items: dict[str, VersionSet | Plain] = dict(items)
        self._versions = versions

    def __getitem__(self, advisory_id: str) -> VersionSet:
        found = self._items[advisory_id]
        if isinstance(found, tuple):
            found = set_of_line(found[0], self._versions)
            self._items[advisory_id] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def raw(self, versions: tuple[Version, ...]) -> Mapping[str, VersionSet | Plain]:
        """The sets, and the fast path's lines where no set was built yet.

        The lines are positions on the releases they were placed on: for an index over other
        *versions* (``attrs.evolve`` to another catalog or ``include_scheduled``) every line
        is first turned back into its set, which is then placed anew.
        """
        if versions != self._versions:
            for advisory_id, value in self._items.items():
                if isinstance(value, tuple):
                    self._items[advisory_id] = set_of_line(value[0], self._versions)
        return self._items


def _own_copy(sets: Mapping[str, VersionSet]) -> _Sets:
    """The index's own copy (`_Sets`); one `build` made is taken as it is.

    A caller's mapping must hold `VersionSet`s: anything else (the fast path's own
    ``(line, mask)`` pairs included) is refused, so it can never be taken as placed already.
    """
    if isinstance(sets, _Sets):
        return sets
    problems = [
        Problem(f"sets[{advisory_id!r}]", "is not a VersionSet", value)
        for advisory_id, value in cast("Mapping[str, object]", sets).items()
        if not isinstance(value, VersionSet)
    ]
    if problems:
        raise InvalidInputError(problems, source="advisories to index")
    return _Sets(sets)


@attrs.frozen(eq=False)
class AffectedIndex:
    """Which advisories affect which releases of one catalog.

    Build with `AffectedIndex.build`. *releases* are the catalog's releases the index covers
    (scheduled ones only with *include_scheduled*) and *advisory_ids* the advisories, in the
    order given. Everything else is computed once from the catalog and the advisories' sets,
    so no caller can hand the index tables that disagree with them.
    """

    catalog: Catalog
    _sets: _Sets = attrs.field(repr=False, converter=_own_copy)
    include_scheduled: bool = False
    releases: tuple[Release, ...] = attrs.field(init=False)
    advisory_ids: tuple[str, ...] = attrs.field(init=False)
    _masks: Mapping[str, int] = attrs.field(init=False, repr=False)
    # The line of releases and gaps: position ``2 * i + 1`` is release *i*, ``2 * i`` the open
    # gap below it. ``_lines`` holds each advisory's bitmask over that line; a position's row
    # of ids is built from them on first use and kept in ``_cache`` (rows are built lazily,
    # so an index of many advisories keeps only the rows it was asked for). ``_positions``
    # maps a release's version and its text to its position; a set with a boundary inside a
    # gap (a non-catalog bound) is listed in ``_mixed[gap]`` and asked directly there.
    _lines: Mapping[str, int] = attrs.field(init=False, repr=False)
    _cache: list[frozenset[str] | None] = attrs.field(init=False, repr=False)
    _positions: Mapping[object, int] = attrs.field(init=False, repr=False)
    _keys: tuple[Any, ...] = attrs.field(init=False, repr=False)
    _mixed: Mapping[int, tuple[str, ...]] = attrs.field(init=False, repr=False)
    # The query side's own tables, made from ``_keys`` on the first query (see `_Lookup`).
    _lookup: _Lookup | None = attrs.field(init=False, default=None, repr=False)
    # Releases asked for as a `Version`: hash -> (key, row), the one table a repeated query
    # for a release reads (see `advisories_affecting`).
    _hits: dict[int, tuple[Any, frozenset[str]]] = attrs.field(init=False, factory=dict, repr=False)
    # Per gap, its row once built when no advisory has a bound inside it (the whole answer
    # for any version there), else ``None``: a version between releases reads it.
    _plain: list[frozenset[str] | None] = attrs.field(init=False, repr=False)

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        advisories: Mapping[str, VersionSet] | Iterable[Source],
        *,
        include_scheduled: bool = False,
        include_withdrawn: bool = False,
    ) -> AffectedIndex:
        """Index *advisories* over *catalog*.

        *advisories* are advisory objects (anything with ``id`` and ``evaluate()``, such as
        the result of `psrt_core.serialization.load_advisory`), ``(id, affected set)`` pairs,
        or a mapping from id to affected set. Advisory objects whose ``withdrawn`` is true
        (withdrawn OSV, rejected CVE records) are left out unless *include_withdrawn*. Raises
        `~psrt_core.exceptions.InvalidInputError` listing every repeated id.
        """
        if not include_withdrawn and not isinstance(advisories, Mapping):
            advisories = [item for item in advisories if not getattr(item, "withdrawn", False)]
        layout = _catalog_layout(catalog, include_scheduled)
        sets = _Sets(_collect(advisories, layout), layout[1].versions)
        return cls(catalog, sets, include_scheduled=include_scheduled)

    def __attrs_post_init__(self) -> None:
        releases, layout, positions = _catalog_layout(self.catalog, self.include_scheduled)
        versions = layout.versions
        masks, lines, mixed = _place(self._sets.raw(versions), layout)
        derived = {
            "releases": releases,
            "advisory_ids": tuple(self._sets),
            "_masks": masks,
            "_lines": lines,
            "_cache": [None] * (2 * len(versions) + 1),
            "_plain": [None] * (len(versions) + 1),
            "_positions": positions,
            "_keys": layout.keys,
            "_mixed": mixed,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return len(self.advisory_ids)

    def advisories_affecting(self, version: VersionLike | Release) -> frozenset[str]:
        """The ids of the advisories that affect *version*.

        A catalog release is one dict lookup; any other version is one binary search for the
        gap between two releases it falls in, whose row is kept once built (advisories with a
        bound inside that very gap are asked directly, so the answer is exact). A ``Version``
        is looked up by the hash and ordering key packaging caches on it, so a fresh object
        equal to a release costs no ``Version.__eq__`` call, and once hashed, no ``__hash__``
        call either: a release asked before is one hash-table read and one key comparison.
        """
        if _CACHED_HASH and type(version) is Version:
            # A release asked before: its (key, row) by the version's cached hash, and one key
            # comparison (a hash is no proof; the key is), so a stale hash only misses.
            digest = version._hash_cache  # noqa: SLF001 - read, never written
            if digest is None:  # never hashed: packaging's hash fills its hash and key caches
                digest = hash(version)
            hit = self._hits.get(digest)
            if hit is not None and hit[0] == version._key_cache:  # noqa: SLF001 - read only
                return hit[1]
            return self._hashed(version, digest)
        if type(version) is str:
            position = self._positions.get(version)
            if position is not None:
                return self._row(position)
        return self._other(version)

    def _tables(self) -> _Lookup:
        """The query tables, made on the first query and again where they are stale.

        They are stale in a process whose hash seed differs from the one that made them (an
        unpickled index): hashes of keys with a local label's text differ there.
        """
        lookup = self._lookup
        if lookup is None or lookup.seed != _SEED:
            lookup = _Lookup.of(self._keys)
            object.__setattr__(self, "_lookup", lookup)
            self._hits.clear()
        return lookup

    def _other(self, version: VersionLike | Release) -> frozenset[str]:
        """The query for text, a `Release`, or a version without packaging's caches."""
        lookup = self._tables()
        if isinstance(version, Release):
            version = version.version
        position = self._positions.get(version)
        if position is not None:
            return self._row(position)
        if isinstance(version, str):
            parsed = parse_version(version)
            if parsed is None:
                return frozenset(i for i, s in self._sets.items() if version in s)
            version = parsed
        key = order_key(version)
        position = lookup.positions.get(key)
        if position is None:
            return self._in_gap(version, key, lookup)
        return self._row(position)

    def _hashed(self, version: Version, digest: int) -> frozenset[str]:
        """A `Version` placed by packaging's cached hash and key (see `_CACHED_HASH`).

        *by_hash* holds every release's key hash, made in this process, and packaging's hash
        of a version is its key's hash: a version missing from it (or whose key differs from
        the release it names) is no release, and its gap is searched straight away. A
        release's row is then remembered by hash for `advisories_affecting`.
        """
        lookup = self._tables()
        by_hash = lookup.by_hash
        if by_hash is None:  # two releases share a hash: only the keys tell them apart
            return self._other(version)
        key: Any = version._key_cache  # noqa: SLF001 - read, never written
        if key is None:  # packaging filled the hash but not the key: its own call does
            key = order_key(version)
        position = by_hash.get(digest)
        if position is not None and key == self._keys[position >> 1]:
            row = self._row(position)
            self._hits[digest] = (self._keys[position >> 1], row)
            return row
        gap = lookup.group_gap(key)
        if gap is not None:
            found = self._plain[gap]
            if found is not None:
                return found
        return self._in_gap(version, key, lookup)

    def _row(self, position: int) -> frozenset[str]:
        row = self._cache[position]
        if row is None:
            row = frozenset(i for i, line in self._lines.items() if line >> position & 1)
            self._cache[position] = row
        return row

    def _in_gap(self, version: Version, key: object, lookup: _Lookup) -> frozenset[str]:
        gap = lookup.gap_of(self._keys, key)
        row = self._cache[2 * gap]
        if row is None:
            row = self._row(2 * gap)
        mixed = self._mixed.get(gap)
        if not mixed:
            self._plain[gap] = row
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
        """For each of ``releases``, the ids of the advisories affecting it.

        Builds every row not built yet in one sweep; rows that do not change from one
        position to the next are the same frozenset object.
        """
        if any(row is None for row in self._cache):
            _sweep(self._lines, self._cache)
        return tuple(self._row(2 * index + 1) for index in range(len(self.releases)))

    def matrix(self) -> tuple[tuple[bool, ...], ...]:
        """The release-by-advisory matrix: ``matrix()[r][a]`` is ``releases[r]`` x advisory a."""
        return tuple(
            tuple(advisory_id in row for advisory_id in self.advisory_ids) for row in self.rows()
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


_CatalogLayout = tuple[tuple[Release, ...], _Layout, Mapping[object, int]]
#: Per live catalog (by identity) and *include_scheduled*: its releases, their layout and the
#: positions of their versions and texts. Catalogs are immutable, and ``str(version)`` of
#: every release was most of an index build over a few hundred advisories.
_LAYOUTS: dict[tuple[int, bool], _CatalogLayout] = {}


def _catalog_layout(catalog: Catalog, include_scheduled: bool) -> _CatalogLayout:
    """The catalog's part of an index, computed once per catalog (see `_LAYOUTS`)."""
    key = (id(catalog), include_scheduled)
    found = _LAYOUTS.get(key)
    if found is not None:
        return found
    releases = tuple(catalog.releases if include_scheduled else catalog.released())
    layout = _Layout.of(tuple(release.version for release in releases))
    positions: dict[object, int] = {}
    for index, version in enumerate(layout.versions):
        positions[version] = positions[str(version)] = 2 * index + 1
    found = (releases, layout, positions)
    _LAYOUTS[key] = found
    weakref.finalize(catalog, _LAYOUTS.pop, key, None)
    return found


#: Whether packaging keeps a version's hash (``hash(_key)``) and key in slots of its own
#: (packaging 26): then a query reads them instead of calling ``Version.__hash__`` and
#: ``Version._key``, two Python-level calls that cost more than the dict lookup itself.
_CACHED_HASH = {"_hash_cache", "_key_cache"} <= set(getattr(Version, "__slots__", ())) and hash(
    Version("1.0")
) == hash(order_key(Version("1.0")))


#: This process's hash of a fixed text: it differs under another ``PYTHONHASHSEED``, so a
#: `_Lookup` made in another process (an unpickled index) is known to have stale hashes.
_SEED = hash("psrt-core: which hash seed made this table")


@attrs.frozen
class _Lookup:
    """Where an ordering key lands among the indexed releases, for queries.

    *positions* maps a release's key to its position on the line, *by_hash* the key's hash
    (what packaging caches as the version's hash; ``None`` unless `_CACHED_HASH` and the
    releases' hashes are distinct, so a hit needs one key comparison), valid in the process
    whose `_SEED` is *seed*. A key is packaging's
    ``(epoch, release, suffix[, local])``. When every release has one *epoch*, *groups* maps
    a release tuple to the slice of keys sharing it, with their suffixes, and *heads*/*starts*
    list those groups in order: a version outside the catalog bisects the flat suffixes of its
    own group (its keys, with a local label), or the flat release tuples, rather than every
    nested key. Otherwise (several epochs, or no packaging key: the keys are the versions)
    *groups* is ``None`` and every key is bisected.
    """

    positions: Mapping[object, int]
    by_hash: Mapping[int, int] | None
    seed: int
    epoch: int
    groups: Mapping[object, tuple[int, int, tuple[Any, ...]]] | None
    heads: tuple[Any, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, keys: tuple[Any, ...]) -> _Lookup:
        positions = {key: 2 * index + 1 for index, key in enumerate(keys)}
        if not all(isinstance(key, tuple) for key in keys):
            return cls(positions, None, _SEED, 0, None, (), ())
        by_hash: dict[int, int] | None = {hash(key): at for key, at in positions.items()}
        if not _CACHED_HASH or len(by_hash or ()) < len(positions):  # no slots, or collisions
            by_hash = None
        epochs = {key[0] for key in keys}
        if len(epochs) > 1:
            return cls(positions, by_hash, _SEED, 0, None, (), ())
        members: dict[object, list[int]] = {}
        for index, key in enumerate(keys):
            members.setdefault(key[1], []).append(index)
        # A group's keys are adjacent (sorted keys, one epoch): its slice and its suffixes.
        groups = {
            release: (at[0], at[-1] + 1, tuple(keys[index][2] for index in at))
            for release, at in members.items()
        }
        starts = tuple(start for start, _, _ in groups.values())
        epoch = epochs.pop() if epochs else 0
        return cls(positions, by_hash, _SEED, epoch, groups, tuple(groups), starts)

    def group_gap(self, key: Any) -> int | None:
        """The gap of a key without a local label, found among its release number's group.

        It sorts below every key of the group with the same suffix. ``None`` when that does
        not tell: several epochs, another epoch, a local label, or a release number no
        release has.
        """
        if self.groups is None or len(key) != 3 or key[0] != self.epoch:
            return None
        span = self.groups.get(key[1])
        return None if span is None else span[0] + bisect_left(span[2], key[2])

    def gap_of(self, keys: tuple[Any, ...], key: Any) -> int:
        """The gap *key* falls in (a key that is no release's), as ``bisect_left`` over *keys*."""
        if self.groups is None:
            return bisect_left(keys, key)
        if key[0] != self.epoch:
            return 0 if key[0] < self.epoch else len(keys)
        gap = self.group_gap(key)
        if gap is not None:
            return gap
        span = self.groups.get(key[1])
        if span is not None:  # a local label: the whole keys of its group are compared
            return bisect_left(keys, key, span[0], span[1])
        group = bisect_left(self.heads, key[1])
        return self.starts[group] if group < len(self.starts) else len(keys)


_Placed = tuple[dict[str, int], dict[str, int], dict[int, tuple[str, ...]]]


def _place(sets: Mapping[str, VersionSet | Plain], layout: _Layout) -> _Placed:
    """Each set's mask over the releases, its bitmask over releases and gaps, the mixed gaps.

    A run ``[lower, upper)`` of extended positions covers releases ``[lower // 2, upper // 2)``.
    The fast path's ``(line, mask)`` pairs are placed already (their bounds are releases).
    """
    masks: dict[str, int] = {}
    lines: dict[str, int] = {}
    mixed: dict[int, list[str]] = {}
    for advisory_id, affected in sets.items():
        if isinstance(affected, tuple):
            lines[advisory_id], masks[advisory_id] = affected
            continue
        mask = line = 0
        for lower, upper in affected.extended_runs(layout.versions, layout.positions):
            line |= (1 << upper) - (1 << lower)
            first, last = lower // 2, upper // 2
            if last > first:
                mask |= (1 << last) - (1 << first)
        for boundary in affected.boundaries():
            gap = layout.gap_of(boundary)
            if gap is not None:
                mixed.setdefault(gap, []).append(advisory_id)
        masks[advisory_id] = mask
        lines[advisory_id] = line
    return masks, lines, {gap: tuple(dict.fromkeys(ids)) for gap, ids in mixed.items()}


def _sweep(lines: Mapping[str, int], cache: list[frozenset[str] | None]) -> None:
    """Fill *cache* with every position's row; a row that does not change is shared."""
    count = len(cache)
    starts: list[list[str]] = [[] for _ in range(count + 1)]
    stops: list[list[str]] = [[] for _ in range(count + 1)]
    for advisory_id, bits in lines.items():
        line, position = bits, 0
        while line:  # each run of set bits is one start and one stop
            low = (line & -line).bit_length() - 1
            line >>= low
            position += low
            length = (~line & (line + 1)).bit_length() - 1
            starts[position].append(advisory_id)
            stops[position + length].append(advisory_id)
            line >>= length
            position += length
    active: set[str] = set()
    row = _NONE
    for position in range(count):
        if starts[position] or stops[position]:
            active.difference_update(stops[position])
            active.update(starts[position])
            row = frozenset(active)
        if cache[position] is None:
            cache[position] = row


def _collect(
    advisories: Mapping[str, VersionSet] | Iterable[Source], layout: _CatalogLayout
) -> dict[str, VersionSet | Plain]:
    """Each advisory's set, or its place on the line when the fast path can tell it."""
    if isinstance(advisories, Mapping):
        return dict(_own_copy(advisories).raw(()))
    positions, top = layout[2], 2 * len(layout[0]) + 1
    sets: dict[str, VersionSet | Plain] = {}
    problems: list[Problem] = []
    for index, item in enumerate(advisories):
        affected: VersionSet | Plain | None
        if isinstance(item, tuple):
            advisory_id, given = item[0], cast("object", item[1])  # a caller's, unchecked
            if not isinstance(given, VersionSet):
                problems.append(Problem(f"advisories[{index}]", "is not a VersionSet", given))
                continue
            affected = given
        else:
            advisory_id, affected = item.id, plain_line(item, positions, top)
            if affected is None:
                affected = item.evaluate().affected
        if advisory_id in sets:
            problems.append(Problem(f"advisories[{index}]", "repeats an advisory id", advisory_id))
            continue
        sets[advisory_id] = affected
    if problems:
        raise InvalidInputError(problems, source="advisories to index")
    return sets
