"""`VersionSet.union_all`: one sort-and-merge equals the pairwise unions (set algebra law)."""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from psrt_core.testing import version_sets
from psrt_core.versions import VersionSet


@given(st.lists(version_sets(), max_size=6))
def test_union_all_equals_pairwise_unions(sets: list[VersionSet]) -> None:
    """Union is associative and commutative: the merged union is the folded one, exactly."""
    assert VersionSet.union_all(sets) == functools.reduce(
        VersionSet.union, sets, VersionSet.empty()
    )


def test_union_all_of_nothing_is_empty() -> None:
    """The empty union is the empty set."""
    assert VersionSet.union_all([]).is_empty


@given(version_sets(), st.lists(st.sampled_from(["0", "1.0", "1.5", "2.0", "3.0rc1", "9"])))
def test_the_intervals_of_a_set_in_order_unite_to_the_set(
    versions: VersionSet, points: list[str]
) -> None:
    """The ordered shortcut (runs laid end to end, issue 13) gives the set back, and answers
    membership like it; out of order, the sweep gives the same set."""
    pep440 = VersionSet.from_intervals(versions.intervals())
    runs = [VersionSet.from_intervals([run]) for run in versions.intervals()]
    for order in (runs, runs[::-1]):
        united = VersionSet.union_all(order)
        assert united == pep440
        assert VersionSet.union_if_disjoint(order) == pep440
        assert [p in united for p in points] == [p in pep440 for p in points]


@given(version_sets(), version_sets())
def test_difference_of_a_literal_only_set_and_a_version_only_set(
    a: VersionSet, b: VersionSet
) -> None:
    """Versions and literals never meet: such a difference is the first set, as the law says."""
    literals_of_a = a - VersionSet.from_intervals(a.intervals())
    versions_of_b = VersionSet.from_intervals(b.intervals())
    assert literals_of_a - versions_of_b == literals_of_a & ~versions_of_b == literals_of_a
    assert versions_of_b - literals_of_a == versions_of_b & ~literals_of_a == versions_of_b
