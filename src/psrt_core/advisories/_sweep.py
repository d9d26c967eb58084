"""Overlaps and unions of many version sets in O(n log n) (issue 14: bounded work).

Why: lint compared every pair of intervals and folded unions one at a time, which is
quadratic in the events of one OSV range or the entries of one CVE product.
"""

from __future__ import annotations

from collections.abc import Sequence

from packaging.version import Version

from psrt_core.versions import VersionSet

__all__ = ["first_overlaps"]

_Key = tuple[int, Version | None, int]
"""A point of the version line: (-inf | version | +inf, the version, below 0 / above 1)."""

_BOTTOM: _Key = (0, None, 0)
_TOP: _Key = (2, None, 0)


def _spans(versions: VersionSet) -> list[tuple[_Key, _Key]]:
    """The intervals of *versions* as half-open spans of points."""
    spans = []
    for item in versions.intervals():
        lower = _BOTTOM if item.lower is None else (1, item.lower, 0 if item.lower_inclusive else 1)
        upper = _TOP if item.upper is None else (1, item.upper, 1 if item.upper_inclusive else 0)
        spans.append((lower, upper))
    return spans


class _MinTree:
    """Range "lower to at most v" updates and range minimum queries over n elementary slots."""

    def __init__(self, size: int) -> None:
        self.size = max(size, 1)
        self.low = [_NONE] * (4 * self.size)
        self.tag = [_NONE] * (4 * self.size)

    def update(self, first: int, stop: int, value: int) -> None:
        self._update(1, (0, self.size), (first, stop), value)

    def query(self, first: int, stop: int) -> int:
        return self._query(1, 0, self.size, (first, stop))

    def _update(
        self, node: int, bounds: tuple[int, int], span: tuple[int, int], value: int
    ) -> None:
        (lo, hi), (first, stop) = bounds, span
        if stop <= lo or hi <= first:
            return
        self.low[node] = min(self.low[node], value)
        if first <= lo and hi <= stop:
            self.tag[node] = min(self.tag[node], value)
            return
        mid = (lo + hi) // 2
        self._update(2 * node, (lo, mid), span, value)
        self._update(2 * node + 1, (mid, hi), span, value)

    def _query(self, node: int, lo: int, hi: int, span: tuple[int, int]) -> int:
        first, stop = span
        if stop <= lo or hi <= first:
            return _NONE
        if first <= lo and hi <= stop:
            return self.low[node]
        mid = (lo + hi) // 2
        below = min(
            self._query(2 * node, lo, mid, span),
            self._query(2 * node + 1, mid, hi, span),
        )
        return min(self.tag[node], below)


_NONE = 1 << 62


def first_overlaps(sets: Sequence[VersionSet | None]) -> list[tuple[int, int]]:
    """``(j, i)`` for each set *j* overlapping an earlier one, *i* the first such: O(n log n).

    The PEP 440 intervals go through a segment tree over their sorted end points; the few
    sets holding literal members (non-PEP 440 strings) are also compared pairwise among
    themselves.
    """
    spans = [[] if s is None else _spans(s) for s in sets]
    points = sorted({point for group in spans for span in group for point in span})
    index = {point: position for position, point in enumerate(points)}
    tree = _MinTree(len(points))
    literal_sets: list[int] = []
    found = []
    for j, group in enumerate(spans):
        earliest = min((tree.query(index[a], index[b]) for a, b in group), default=_NONE)
        earliest = min(earliest, _literal_overlap(sets, literal_sets, j))
        if earliest != _NONE:
            found.append((j, earliest))
        for a, b in group:
            tree.update(index[a], index[b], j)
    return found


def _literal_overlap(sets: Sequence[VersionSet | None], earlier: list[int], j: int) -> int:
    current = sets[j]
    if current is None or current.is_empty or current == _pep440_part(current):
        return _NONE
    hits = [i for i in earlier if not _literal_part(sets[i]).isdisjoint(_literal_part(current))]
    earlier.append(j)
    return min(hits, default=_NONE)


def _pep440_part(versions: VersionSet) -> VersionSet:
    return VersionSet.from_intervals(versions.intervals())


def _literal_part(versions: VersionSet | None) -> VersionSet:
    assert versions is not None
    return versions - _pep440_part(versions)


def _from_key(lower: _Key, upper: _Key) -> VersionSet:
    return VersionSet.interval(
        lower[1],
        upper[1],
        lower_inclusive=lower[2] == 0,
        upper_inclusive=upper[2] == 1,
    )


def first_claims(sets: Sequence[VersionSet]) -> list[VersionSet]:
    """For each set, the PEP 440 versions it holds that no earlier set holds: O(n log n).

    The first-match-wins rule of CVE 5 › versions, for all entries at once: each elementary
    span between sorted end points belongs to the first set covering it. Literal members
    (non-PEP 440 strings) are left to the caller.
    """
    spans = [_spans(s) for s in sets]
    points = sorted({point for group in spans for span in group for point in span})
    index = {point: position for position, point in enumerate(points)}
    tree = _MinTree(len(points))
    for j in reversed(range(len(spans))):  # any order: the tree keeps the minimum
        for a, b in spans[j]:
            tree.update(index[a], index[b], j)
    owned: list[list[VersionSet]] = [[] for _ in sets]
    owners = [tree.query(slot, slot + 1) for slot in range(len(points) - 1)]
    start = 0
    for slot, owner in enumerate(owners):
        following = owners[slot + 1] if slot + 1 < len(owners) else _NONE
        if owner != following:  # a run of one owner ends at this slot
            if owner != _NONE:
                owned[owner].append(_from_key(points[start], points[slot + 1]))
            start = slot + 1
    return [VersionSet.union_all(parts) for parts in owned]
