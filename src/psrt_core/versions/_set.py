"""An exact set of versions on the PEP 440 line, closed under the set operations.

Why a boundary list: OSV events, CVE ``versions`` entries, PEP 440 specifiers and ``vers:``
strings all describe unions of intervals of one total order. Storing the sorted list of the
places where membership flips ("cuts") makes union, intersection, difference and complement a
single merge, makes the canonical minimal form the only form (two equal sets have equal cut
lists), and answers membership with one binary search.

A cut sits either just *below* a version (``(v, BELOW)``) or just *above* it
(``(v, ABOVE)``); ``[3.9.0, 3.9.20)`` is the two cuts ``(3.9.0, BELOW), (3.9.20, BELOW)``.
The line has a bottom below every version (OSV's ``"0"``, CVE's ``version: "0"``) and a top
above every version (``"*"``); ``starts_inside`` says whether the set contains the bottom end.

Strings that are not PEP 440 versions (``0.7.10p1``) are never guessed into the order: they are
members only literally, through a finite set of literals or, after a complement, a co-finite one.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Final, TypeVar, Union

import attrs
from packaging.version import InvalidVersion, Version

__all__ = ["Interval", "VersionLike", "VersionSet", "parse_version"]

BELOW: Final = 0
ABOVE: Final = 1

_Cut = tuple[Version, int]
VersionLike = Union[Version, str]  # noqa: UP007 - a runtime alias must work on 3.10
_T = TypeVar("_T")
# A boolean operation as its truth table, indexed by ``2 * left + right``: the sweep looks the
# combined state up instead of calling a function per step.
_Table = tuple[bool, bool, bool, bool]
_UNION: Final[_Table] = (False, True, True, True)
_INTERSECTION: Final[_Table] = (False, False, False, True)
_DIFFERENCE: Final[_Table] = (False, False, True, False)
_SYMMETRIC: Final[_Table] = (False, True, True, False)


def parse_version(value: VersionLike) -> Version | None:
    """Return *value* as a `Version`, or ``None`` when it is not PEP 440.

    Strings are parsed once and remembered: advisories name the same few hundred releases
    over and over, and a shared `Version` also keeps its comparison key computed.
    """
    if isinstance(value, Version):
        return value
    return _parse_text(value)


@functools.lru_cache(maxsize=8192)
def _parse_text(value: str) -> Version | None:
    try:
        return Version(value)
    except (InvalidVersion, ValueError):  # ValueError: a number beyond int()'s digit limit
        return None


def _order_key_of(version: Version) -> object:
    """The precomputed ordering key of packaging; comparing it skips ``Version.__lt__``."""
    return version._key


def _same(version: Version) -> object:
    return version


#: The key sets compare versions by. ``Version._key`` is packaging's private, precomputed
#: ordering key; should a packaging release drop it, versions are compared directly (same
#: order, slower), so no result depends on the private attribute.
_order_key: Callable[[Version], object] = _order_key_of if hasattr(Version("0"), "_key") else _same
#: The same key, for modules of this package that bisect over versions (the index).
order_key = _order_key


@attrs.frozen
class Interval:
    """One maximal run of a `VersionSet`; ``None`` bounds are the bottom and the top of the line."""

    lower: Version | None
    lower_inclusive: bool
    upper: Version | None
    upper_inclusive: bool

    def __contains__(self, version: Version) -> bool:
        if self.lower is not None and (
            version < self.lower or (version == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (version > self.upper or (version == self.upper and not self.upper_inclusive))
        )

    def __str__(self) -> str:
        if self.lower is not None and self.lower == self.upper:
            return f"{{{self.lower}}}"
        left = "(-inf" if self.lower is None else ("[" if self.lower_inclusive else "(")
        if self.lower is not None:
            left += str(self.lower)
        right = "+inf)" if self.upper is None else str(self.upper)
        if self.upper is not None:
            right += "]" if self.upper_inclusive else ")"
        return f"{left}, {right}"


@attrs.frozen(repr=False)
class VersionSet:
    """A set of PEP 440 versions, in canonical minimal form.

    Build one with the class methods (`empty`, `full`, `singleton`, `interval`, `at_least`,
    `less_than`, ...), combine with ``|``, ``&``, ``-`` and ``~``, and test with ``in``.
    Equality is set equality: every set has exactly one representation.
    """

    _cuts: tuple[_Cut, ...] = ()
    _starts_inside: bool = False
    _literals: frozenset[str] = frozenset()
    _literals_inverted: bool = False
    # packaging's comparison keys of the cuts, computed on first use: comparing them is the
    # interpreter's tuple comparison instead of a Python-level ``Version.__lt__`` per step.
    _key_cache: tuple[tuple[object, int], ...] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> VersionSet:
        """The set with no version."""
        return _EMPTY

    @classmethod
    def full(cls) -> VersionSet:
        """Every version, and every non-PEP 440 string too."""
        return _FULL

    @classmethod
    def singleton(cls, version: VersionLike) -> VersionSet:
        """Exactly one version; a non-PEP 440 string is kept as a literal."""
        parsed = parse_version(version)
        if parsed is None:
            return cls(literals=frozenset({str(version)}))
        return cls(cuts=((parsed, BELOW), (parsed, ABOVE)))

    @classmethod
    def of(cls, versions: Iterable[VersionLike]) -> VersionSet:
        """Exactly the given versions."""
        parsed: set[Version] = set()
        literals: set[str] = set()
        for version in versions:
            as_version = parse_version(version)
            if as_version is None:
                literals.add(str(version))
            else:
                parsed.add(as_version)
        cuts = tuple(
            cut for version in sorted(parsed) for cut in ((version, BELOW), (version, ABOVE))
        )
        return cls(cuts=cuts, literals=frozenset(literals))

    @classmethod
    def interval(
        cls,
        lower: Version | None,
        upper: Version | None,
        *,
        lower_inclusive: bool = True,
        upper_inclusive: bool = False,
    ) -> VersionSet:
        """Versions between *lower* and *upper*; ``None`` means the bottom or the top."""
        if lower is not None and upper is not None:
            if upper < lower:
                return _EMPTY
            if upper == lower and not (lower_inclusive and upper_inclusive):
                return _EMPTY
        cuts: list[_Cut] = []
        if lower is not None:
            cuts.append((lower, BELOW if lower_inclusive else ABOVE))
        if upper is not None:
            cuts.append((upper, ABOVE if upper_inclusive else BELOW))
        return cls(cuts=tuple(cuts), starts_inside=lower is None)

    @classmethod
    def at_least(cls, version: Version) -> VersionSet:
        """``[version, +inf)``."""
        return cls.interval(version, None)

    @classmethod
    def greater_than(cls, version: Version) -> VersionSet:
        """``(version, +inf)``."""
        return cls.interval(version, None, lower_inclusive=False)

    @classmethod
    def less_than(cls, version: Version) -> VersionSet:
        """``(-inf, version)``."""
        return cls.interval(None, version)

    @classmethod
    def at_most(cls, version: Version) -> VersionSet:
        """``(-inf, version]``."""
        return cls.interval(None, version, upper_inclusive=True)

    @classmethod
    def from_intervals(cls, intervals: Iterable[Interval]) -> VersionSet:
        """The union of *intervals* (which may overlap and come in any order)."""
        result = _EMPTY
        for item in intervals:
            result = result | cls.interval(
                item.lower,
                item.upper,
                lower_inclusive=item.lower_inclusive,
                upper_inclusive=item.upper_inclusive,
            )
        return result

    @classmethod
    def union_all(cls, sets: Iterable[VersionSet]) -> VersionSet:
        """The union of *sets* in one sort-and-merge of all their cuts.

        Same result as ``a | b | c ...``, without the intermediate sets: each cut enters or
        leaves one set, so counting the sets a point is inside, sorted by cut, finds where the
        union flips. Sets with co-finite literals take the pairwise path.
        """
        items = [item for item in sets if not item.is_empty]
        if len(items) < 2 or any(item._literals_inverted for item in items):
            return functools.reduce(VersionSet.union, items, _EMPTY)
        return _counted_union(items)[0]

    @classmethod
    def union_if_disjoint(cls, sets: Iterable[VersionSet]) -> VersionSet | None:
        """The union of *sets* when no two of them share a version, else ``None``.

        Why: under a first-match rule (CVE 5 › versions) disjoint entries each claim all they
        match, so the one sort-and-merge of `union_all` also settles who claims what. Only
        for sets without literals (``None`` otherwise).
        """
        items = [item for item in sets if not item.is_empty]
        if any(item._literals or item._literals_inverted for item in items):
            return None
        if len(items) < 2:
            return items[0] if items else _EMPTY
        union, deepest = _counted_union(items)
        return union if deepest < 2 else None

    # -- queries ------------------------------------------------------------------------------

    def __contains__(self, version: object) -> bool:
        if isinstance(version, Version):
            return self._contains_version(version)
        if isinstance(version, str):
            parsed = parse_version(version)
            if parsed is None:
                return (version in self._literals) != self._literals_inverted
            return self._contains_version(parsed)
        return False

    def _contains_version(self, version: Version) -> bool:
        crossed = bisect_right(self._keys(), (_order_key(version), BELOW))
        return self._starts_inside != bool(crossed & 1)

    def _keys(self) -> tuple[tuple[object, int], ...]:
        keys = self._key_cache
        if keys is None:
            keys = tuple((_order_key(version), side) for version, side in self._cuts)
            object.__setattr__(self, "_key_cache", keys)
        return keys

    @property
    def is_empty(self) -> bool:
        """Whether no version and no literal is a member."""
        return not self._cuts and not self._starts_inside and self._literals_empty

    @property
    def is_full(self) -> bool:
        """Whether every version and every literal is a member."""
        return not self._cuts and self._starts_inside and self._literals_full

    @property
    def _literals_empty(self) -> bool:
        return not self._literals and not self._literals_inverted

    @property
    def _literals_full(self) -> bool:
        return not self._literals and self._literals_inverted

    @property
    def literals(self) -> frozenset[str]:
        """Non-PEP 440 strings that are members (or, if `literals_inverted`, that are not)."""
        return self._literals

    @property
    def literals_inverted(self) -> bool:
        """Whether every non-PEP 440 string except `literals` is a member."""
        return self._literals_inverted

    @property
    def bounded_below(self) -> bool:
        """Whether some version lies below every member."""
        return not self._starts_inside

    @property
    def bounded_above(self) -> bool:
        """Whether some version lies above every member."""
        return self._starts_inside == (len(self._cuts) % 2 == 1)

    def intervals(self) -> tuple[Interval, ...]:
        """The maximal disjoint intervals of PEP 440 versions, in ascending order."""
        cuts = list(self._cuts)
        result: list[Interval] = []
        lower: Version | None = None
        lower_inclusive = False
        inside = self._starts_inside
        for version, side in cuts:
            if inside:
                result.append(Interval(lower, lower_inclusive, version, side == ABOVE))
            else:
                lower, lower_inclusive = version, side == BELOW
            inside = not inside
        if inside:
            result.append(Interval(lower, lower_inclusive, None, False))
        return tuple(result)

    def boundaries(self) -> tuple[Version, ...]:
        """Every version at which membership changes, ascending and without repeats."""
        seen: list[Version] = []
        for version, _side in self._cuts:
            if not seen or seen[-1] != version:
                seen.append(version)
        return tuple(seen)

    def select(
        self, versions: Iterable[_T], key: Callable[[_T], VersionLike] | None = None
    ) -> tuple[_T, ...]:
        """The members among *versions*, in their given order.

        *key* maps an item to its version (for example ``lambda release: release.version``).
        """
        if key is None:
            return tuple(item for item in versions if item in self)
        return tuple(item for item in versions if key(item) in self)

    def select_sorted(self, versions: Sequence[Version]) -> tuple[int, ...]:
        """Positions of the members of the ascending, duplicate-free *versions*.

        Costs one binary search per boundary instead of one per version, which is what makes
        evaluating many sets over one catalog cheap.
        """
        positions: list[int] = []
        for start, stop in self.position_runs(versions):
            positions.extend(range(start, stop))
        return tuple(positions)

    def position_runs(
        self, versions: Sequence[Version], positions: Mapping[Version, int] | None = None
    ) -> tuple[tuple[int, int], ...]:
        """Half-open index runs ``(start, stop)`` of the members of the ascending *versions*.

        *positions* (``{version: index}`` for *versions*) lets a boundary that is itself one
        of *versions* be placed by one dict lookup instead of a binary search: the common
        case when many sets written against one catalog are evaluated over it.
        """
        runs: list[tuple[int, int]] = []
        start = 0 if self._starts_inside else None
        for version, side in self._cuts:
            found = None if positions is None else positions.get(version)
            # BELOW: the version's own index; ABOVE: the next one.
            index = _position(versions, version, side) if found is None else found + side
            if start is None:
                start = index
            else:
                if index > start:
                    runs.append((start, index))
                start = None
        if start is not None and start < len(versions):
            runs.append((start, len(versions)))
        return tuple(runs)

    def extended_runs(
        self, versions: Sequence[Version], positions: Mapping[Version, int]
    ) -> tuple[tuple[int, int], ...]:
        """Half-open runs on the line of *versions* and the gaps between them.

        Position ``2 * i + 1`` is ``versions[i]`` and ``2 * i`` the open gap below it
        (``2 * len(versions)`` is above the last). A boundary that is not one of *versions*
        splits its gap, which is then left out of both runs (the caller asks the set there).
        """
        runs: list[tuple[int, int]] = []
        start = 0 if self._starts_inside else None
        for version, side in self._cuts:
            found = positions.get(version)
            if found is not None:
                index = 2 * found + 1 + side
            else:  # inside the gap below versions[gap]: a start skips it, a stop ends before it
                gap = _position(versions, version, BELOW)
                index = 2 * gap + (start is None)
            if start is None:
                start = index
            else:
                if index > start:
                    runs.append((start, index))
                start = None
        end = 2 * len(versions) + 1
        if start is not None and start < end:
            runs.append((start, end))
        return tuple(runs)

    def equal_over(self, other: VersionSet, versions: Iterable[VersionLike]) -> bool:
        """Whether the two sets agree on every one of *versions* (for example a catalog's)."""
        return all((item in self) == (item in other) for item in versions)

    def issubset(self, other: VersionSet) -> bool:
        """Whether every member of this set is a member of *other*."""
        return (self - other).is_empty

    def issuperset(self, other: VersionSet) -> bool:
        """Whether every member of *other* is a member of this set."""
        return other.issubset(self)

    def isdisjoint(self, other: VersionSet) -> bool:
        """Whether the two sets share no member."""
        return (self & other).is_empty

    __le__ = issubset
    __ge__ = issuperset

    # -- algebra ------------------------------------------------------------------------------

    # The empty operand is common (an accumulator's first step), and its answer needs no sweep;
    # returning an operand unchanged is safe because sets are immutable.

    def union(self, other: VersionSet) -> VersionSet:
        """Members of either set."""
        if other.is_empty:
            return self
        if self.is_empty:
            return other
        return self._combine(other, _UNION)

    def intersection(self, other: VersionSet) -> VersionSet:
        """Members of both sets."""
        if self.is_empty or other.is_empty:
            return _EMPTY
        return self._combine(other, _INTERSECTION)

    def difference(self, other: VersionSet) -> VersionSet:
        """Members of this set that are not members of *other*."""
        if self.is_empty or other.is_empty:
            return self
        if (not self._cuts and not self._starts_inside and other._literals_empty) or (
            self._literals_empty and not other._cuts and not other._starts_inside
        ):
            return self  # one holds only versions, the other only literals: nothing shared
        return self._combine(other, _DIFFERENCE)

    def symmetric_difference(self, other: VersionSet) -> VersionSet:
        """Members of exactly one of the two sets."""
        return self._combine(other, _SYMMETRIC)

    def complement(self) -> VersionSet:
        """Every version (and literal) that is not a member."""
        result = VersionSet(
            cuts=self._cuts,
            starts_inside=not self._starts_inside,
            literals=self._literals,
            literals_inverted=not self._literals_inverted,
        )
        object.__setattr__(result, "_key_cache", self._key_cache)
        return result

    def __or__(self, other: VersionSet) -> VersionSet:
        return self.union(other)

    def __and__(self, other: VersionSet) -> VersionSet:
        return self.intersection(other)

    def __sub__(self, other: VersionSet) -> VersionSet:
        return self.difference(other)

    def __xor__(self, other: VersionSet) -> VersionSet:
        return self.symmetric_difference(other)

    def __invert__(self) -> VersionSet:
        return self.complement()

    def _combine(self, other: VersionSet, table: _Table) -> VersionSet:
        cuts, keys = _merge(
            (self._cuts, self._keys()),
            self._starts_inside,
            (other._cuts, other._keys()),
            other._starts_inside,
            table,
        )
        literals, inverted = _combine_literals(
            (self._literals, self._literals_inverted),
            (other._literals, other._literals_inverted),
            table,
        )
        result = VersionSet(
            cuts=cuts,
            starts_inside=table[2 * self._starts_inside + other._starts_inside],
            literals=literals,
            literals_inverted=inverted,
        )
        object.__setattr__(result, "_key_cache", keys)
        return result

    # -- display ------------------------------------------------------------------------------

    def __str__(self) -> str:
        parts = [str(item) for item in self.intervals()]
        if self._literals_inverted:
            excluded = ", ".join(sorted(self._literals))
            parts.append(f"literals except {{{excluded}}}" if excluded else "any literal")
        elif self._literals:
            parts.append("{" + ", ".join(repr(item) for item in sorted(self._literals)) + "}")
        return " | ".join(parts) if parts else "{}"

    def __repr__(self) -> str:
        return f"VersionSet({str(self)!r})"

    def __iter__(self) -> Iterator[Interval]:
        return iter(self.intervals())


def _counted_union(items: Sequence[VersionSet]) -> tuple[VersionSet, int]:
    """The union of non-empty *items* (no co-finite literals) and the most that share a version.

    The sweep of `VersionSet.union_all`; the count also tells `union_if_disjoint` its answer.
    """
    ordered = _ordered_union(items)
    if ordered is not None:
        return ordered, 1
    inside = sum(item._starts_inside for item in items)
    events = [
        (key, (index % 2 == 0) != item._starts_inside, cut)
        for item in items
        for index, (cut, key) in enumerate(zip(item._cuts, item._keys(), strict=True))
    ]
    events.sort(key=lambda event: event[0])
    cuts: list[_Cut] = []
    keys: list[tuple[object, int]] = []
    count = deepest = inside
    position = 0
    while position < len(events):
        key, cut = events[position][0], events[position][2]
        was = count > 0
        while position < len(events) and events[position][0] == key:
            count += 1 if events[position][1] else -1
            position += 1
        deepest = max(deepest, count)
        if (count > 0) != was:
            cuts.append(cut)
            keys.append(key)
    result = VersionSet(
        cuts=tuple(cuts),
        starts_inside=inside > 0,
        literals=frozenset().union(*(item._literals for item in items)),
    )
    object.__setattr__(result, "_key_cache", tuple(keys))
    return result, deepest


def _ordered_union(items: Sequence[VersionSet]) -> VersionSet | None:
    """The union of literal-free *items* given in ascending order, apart and not touching.

    The usual CVE product (one range per branch, branches in order): its cuts only need to be
    laid end to end. ``None`` when the items are not like that (the sweep decides).
    """
    last = len(items) - 1
    cuts: list[_Cut] = []
    keys: list[tuple[object, int]] = []
    for index, item in enumerate(items):
        if (
            item._literals
            or item._literals_inverted
            or (item._starts_inside and index > 0)
            or (not item.bounded_above and index < last)
        ):
            return None
        item_keys = item._keys()
        if keys and not keys[-1] < item_keys[0]:
            return None
        cuts.extend(item._cuts)
        keys.extend(item_keys)
    result = VersionSet(cuts=tuple(cuts), starts_inside=items[0]._starts_inside)
    object.__setattr__(result, "_key_cache", tuple(keys))
    return result


def _position(versions: Sequence[Version], version: Version, side: int) -> int:
    """Index of the first element of *versions* that lies above the cut ``(version, side)``."""
    if side == BELOW:
        lo, hi = 0, len(versions)
        while lo < hi:  # bisect_left without building a key list
            mid = (lo + hi) // 2
            if versions[mid] < version:
                lo = mid + 1
            else:
                hi = mid
        return lo
    lo, hi = 0, len(versions)
    while lo < hi:
        mid = (lo + hi) // 2
        if version < versions[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


_Keyed = tuple[tuple[_Cut, ...], tuple[tuple[object, int], ...]]


def _merge(
    left: _Keyed,
    left_inside: bool,
    right: _Keyed,
    right_inside: bool,
    table: _Table,
) -> _Keyed:
    """Sweep both cut lists once, emitting a cut wherever the combined membership flips.

    Each list comes with its comparison keys (see ``VersionSet._key_cache``); the sweep
    compares those, and returns the result's keys along with its cuts. The state is
    ``2 * inside_left + inside_right``, flipped with XOR and looked up in *table*. Where only
    one list still has cuts (its tail, or all of it when the two do not interleave, the
    common case when records list branches in order), the result either flips at every one
    of them or at none, so the tail is copied or dropped as a slice.
    """
    (left_cuts, left_keys), (right_cuts, right_keys) = left, right
    cuts: list[_Cut] = []
    keys: list[tuple[object, int]] = []
    state = 2 * left_inside + right_inside
    i = j = 0
    n_left, n_right = len(left_cuts), len(right_cuts)
    if n_left and n_right and right_keys[0] < left_keys[0]:
        # Let the sweep start with whichever list's first cut comes first.
        order_right_first = right_keys[-1] < left_keys[0]
    else:
        order_right_first = False
    if not order_right_first and not (n_left and n_right and left_keys[-1] < right_keys[0]):
        current = table[state]
        while i < n_left and j < n_right:
            left_key, right_key = left_keys[i], right_keys[j]
            if left_key < right_key:
                cut, key = left_cuts[i], left_key
                state ^= 2
                i += 1
            elif right_key < left_key:
                cut, key = right_cuts[j], right_key
                state ^= 1
                j += 1
            else:  # the same cut in both lists
                cut, key = left_cuts[i], left_key
                state ^= 3
                i += 1
                j += 1
            if table[state] != current:
                cuts.append(cut)
                keys.append(key)
                current = not current
    tails = [(left_cuts, left_keys, i, 2), (right_cuts, right_keys, j, 1)]
    if order_right_first:
        tails.reverse()
    for cuts_rest, keys_rest, start, flip in tails:
        if start == len(cuts_rest):
            continue
        other = state & (3 ^ flip)  # the other list's bit, fixed along this tail
        if table[other] != table[other | flip]:  # the result follows this list's state
            cuts.extend(cuts_rest[start:])
            keys.extend(keys_rest[start:])
        if (len(cuts_rest) - start) % 2:
            state ^= flip
    return tuple(cuts), tuple(keys)


def _combine_literals(
    left: tuple[frozenset[str], bool],
    right: tuple[frozenset[str], bool],
    table: _Table,
) -> tuple[frozenset[str], bool]:
    """Combine two finite-or-cofinite literal sets under the operation *table*."""
    (left_set, left_inv), (right_set, right_inv) = left, right
    inverted = table[2 * left_inv + right_inv]
    if not left_set and not right_set:  # the common case: no literal is listed anywhere
        return left_set, inverted
    # A literal outside both sets gets `inverted`; only listed literals can differ from it.
    members = {
        literal
        for literal in left_set | right_set
        if table[2 * ((literal in left_set) != left_inv) + ((literal in right_set) != right_inv)]
        != inverted
    }
    return frozenset(members), inverted


_EMPTY: Final = VersionSet()
_FULL: Final = VersionSet(starts_inside=True, literals_inverted=True)
