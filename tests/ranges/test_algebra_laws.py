"""The laws of `VersionSet`'s algebra, checked against a brute-force interval reference.

Issue 5, item 1: one exact range representation with union, intersection, difference,
complement, equality, subset and a canonical minimal form; enumeration and equality over a
catalog. The reference below knows nothing about cut lists: a set is a list of intervals and
membership is "inside any of them".
"""

from __future__ import annotations

import itertools
import random

from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.testing import version_sets, versions
from psrt_core.versions import Interval, VersionSet

RawInterval = tuple[Version | None, bool, Version | None, bool]
LITERAL_PROBES = ("0.7.10p1", "2.0.0-final", "wat", "not-listed")

bounds = st.one_of(st.none(), versions())
raw_intervals = st.tuples(bounds, st.booleans(), bounds, st.booleans())


def ref_contains(intervals: list[RawInterval], version: Version) -> bool:
    """Brute-force membership: inside any interval, ends compared one by one."""
    for lower, lower_inclusive, upper, upper_inclusive in intervals:
        above = lower is None or version > lower or (version == lower and lower_inclusive)
        below = upper is None or version < upper or (version == upper and upper_inclusive)
        if above and below:
            return True
    return False


def build(intervals: list[RawInterval]) -> VersionSet:
    """The VersionSet of a raw interval list, through the public constructors."""
    result = VersionSet.empty()
    for lower, li, upper, ui in intervals:
        result = result | VersionSet.interval(lower, upper, lower_inclusive=li, upper_inclusive=ui)
    return result


def probes(intervals: list[RawInterval], extra: list[Version]) -> list[Version]:
    """Every interval end plus the extra versions: where membership can change."""
    ends = [v for item in intervals for v in (item[0], item[2]) if v is not None]
    return sorted(set(ends + extra))


@given(st.lists(raw_intervals, max_size=5), st.lists(versions(), max_size=8))
def test_membership_matches_brute_force_reference(
    intervals: list[RawInterval], extra: list[Version]
) -> None:
    """A set built from intervals contains exactly the versions inside one of them."""
    built = build(intervals)
    for version in probes(intervals, extra):
        assert (version in built) == ref_contains(intervals, version), version


@given(
    st.lists(raw_intervals, max_size=4),
    st.lists(raw_intervals, max_size=4),
    st.lists(versions(), max_size=8),
)
def test_operations_match_pointwise_boolean_operations(
    left: list[RawInterval], right: list[RawInterval], extra: list[Version]
) -> None:
    """Union, intersection, difference, symmetric difference and complement are pointwise."""
    a, b = build(left), build(right)
    for version in probes(left + right, extra):
        in_a, in_b = ref_contains(left, version), ref_contains(right, version)
        assert (version in (a | b)) == (in_a or in_b)
        assert (version in (a & b)) == (in_a and in_b)
        assert (version in (a - b)) == (in_a and not in_b)
        assert (version in (a ^ b)) == (in_a != in_b)
        assert (version in ~a) == (not in_a)


@given(version_sets(literals=True), version_sets(literals=True))
def test_union_and_intersection_commute(a: VersionSet, b: VersionSet) -> None:
    """a | b == b | a and a & b == b & a (canonical form makes == set equality)."""
    assert a | b == b | a
    assert a & b == b & a


@given(version_sets(literals=True), version_sets(literals=True), version_sets(literals=True))
def test_union_and_intersection_associate(a: VersionSet, b: VersionSet, c: VersionSet) -> None:
    """(a | b) | c == a | (b | c), the same for &, and & distributes over |."""
    assert (a | b) | c == a | (b | c)
    assert (a & b) & c == a & (b & c)
    assert a & (b | c) == (a & b) | (a & c)


@given(version_sets(literals=True), version_sets(literals=True))
def test_de_morgan(a: VersionSet, b: VersionSet) -> None:
    """~(a | b) == ~a & ~b and ~(a & b) == ~a | ~b; a - b == a & ~b."""
    assert ~(a | b) == ~a & ~b
    assert ~(a & b) == ~a | ~b
    assert a - b == a & ~b


@given(version_sets(literals=True))
def test_complement_involution_and_identities(a: VersionSet) -> None:
    """~~a == a; a | ~a is everything; a & ~a is nothing."""
    assert ~~a == a
    assert (a | ~a).is_full
    assert (a & ~a).is_empty
    assert a | VersionSet.empty() == a
    assert a & VersionSet.full() == a


@given(version_sets(literals=True))
def test_canonical_form_is_idempotent(a: VersionSet) -> None:
    """Rebuilding a set from its own intervals (plus literals) gives the same set; a | a == a."""
    literal_part = a - VersionSet.from_intervals(a.intervals())
    assert VersionSet.from_intervals(a.intervals()) | literal_part == a
    assert a | a == a
    assert a & a == a


@given(st.lists(raw_intervals, max_size=5), st.randoms(use_true_random=False))
def test_canonical_form_ignores_construction_order(
    intervals: list[RawInterval], rng: random.Random
) -> None:
    """The same intervals united in any order give an equal set with equal intervals."""
    shuffled = list(intervals)
    rng.shuffle(shuffled)
    assert build(intervals) == build(shuffled)
    assert build(intervals).intervals() == build(shuffled).intervals()


@given(version_sets())
def test_intervals_are_sorted_disjoint_and_maximal(a: VersionSet) -> None:
    """intervals() is the minimal form: ascending, non-empty, never touching or overlapping."""
    items: tuple[Interval, ...] = a.intervals()
    for item in items:
        if item.lower is not None and item.upper is not None:
            assert item.lower < item.upper or (
                item.lower == item.upper and item.lower_inclusive and item.upper_inclusive
            )
    for left, right in itertools.pairwise(items):
        assert left.upper is not None
        assert right.lower is not None
        assert left.upper < right.lower or (
            left.upper == right.lower and not left.upper_inclusive and not right.lower_inclusive
        )


@given(version_sets(literals=True), version_sets(literals=True))
def test_subset_agrees_with_operations(a: VersionSet, b: VersionSet) -> None:
    """a & b <= a <= a | b, and a <= b exactly when a - b is empty and a | b == b."""
    assert (a & b) <= a
    assert a <= (a | b)
    assert a.issubset(b) == (a | b == b)
    assert a.isdisjoint(b) == (a & b).is_empty


@given(version_sets(literals=True))
def test_literals_stay_off_the_version_line(a: VersionSet) -> None:
    """Non-PEP 440 strings are members only literally, and complement flips them too."""
    for literal in LITERAL_PROBES:
        assert (literal in ~a) == (literal not in a)


@given(version_sets(), st.lists(versions(), max_size=25, unique=True))
def test_catalog_enumeration_matches_membership(a: VersionSet, pool: list[Version]) -> None:
    """select_sorted, position_runs (with and without a position map) and select agree."""
    ordered = sorted(pool)
    expected = tuple(i for i, version in enumerate(ordered) if version in a)
    assert a.select_sorted(ordered) == expected
    positions = {version: index for index, version in enumerate(ordered)}
    runs = a.position_runs(ordered, positions)
    assert runs == a.position_runs(ordered)
    assert tuple(i for start, stop in runs for i in range(start, stop)) == expected
    assert a.select(ordered) == tuple(ordered[i] for i in expected)


@given(version_sets(), version_sets(), st.lists(versions(), max_size=25, unique=True))
def test_equal_over_is_agreement_on_every_version(
    a: VersionSet, b: VersionSet, pool: list[Version]
) -> None:
    """equal_over(catalog) holds exactly when no version of the catalog tells them apart."""
    assert a.equal_over(b, pool) == all((v in a) == (v in b) for v in pool)
    assert a.equal_over(a, pool)


def test_bottom_and_top_are_beyond_every_version() -> None:
    """range-semantics §8.3: the bottom sorts below 0.dev0, and is not Version('0')."""
    below_zero = VersionSet.less_than(Version("0"))
    assert Version("0.dev0") in below_zero
    assert Version("0a1") in below_zero
    assert Version("0") not in below_zero
    assert str(VersionSet.at_least(Version("1!0.1"))) == "[1!0.1, +inf)"
    assert Version("9.9") not in VersionSet.at_least(Version("1!0.1"))


def test_post_and_local_order_after_their_release() -> None:
    """PEP 440: X.Y.0 < X.Y.0+local < X.Y.0.post1; fixed 23.9.0 leaves 23.9.0.post1 unaffected."""
    affected = VersionSet.less_than(Version("23.9.0"))
    assert Version("23.9.0rc1") in affected
    assert Version("23.9.0.post1") not in affected
    just_above = VersionSet.greater_than(Version("1.0"))
    assert Version("1.0+local") in just_above
    assert Version("1.0") not in just_above
