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
