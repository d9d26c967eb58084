"""The shortcuts of the CVE evaluation equal the general first-match sweep (issue 13).

`_first_match_wins` skips the segment tree of `first_claims` when no two entries share a
version (`VersionSet.union_if_disjoint`), and the literal bookkeeping of entries without
literals. Both are only sound if they give exactly the sets (and the causes, in order) of
the general path, which these tests keep here as it was before the shortcuts.
"""

from __future__ import annotations

from collections.abc import Sequence
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from psrt_core.advisories import (
    CveProduct,
    CveVersion,
    Status,
    _evaluation,
    evaluate_cve_product,
)
from psrt_core.advisories._evaluation import ALL_LITERALS, ALL_VERSIONS
from psrt_core.advisories._sweep import first_claims
from psrt_core.testing import cve_products
from psrt_core.versions import VersionSet

_EMPTY = VersionSet.empty()
_POINTS = ("0", "1.0", "1.0.post1", "1.5", "2.0rc1", "2.0", "3.0", "*")


def _general_first_match_wins(
    plans: Sequence[tuple[str, CveVersion, list[tuple[Status, VersionSet]]]],
    matches: Sequence[VersionSet],
) -> tuple[list[VersionSet], list[tuple[str, VersionSet]], VersionSet, VersionSet]:
    """`_first_match_wins` as it was before the shortcuts (CVE 5 › versions)."""
    fresh = first_claims([match & ALL_VERSIONS for match in matches])
    affected: list[VersionSet] = []
    causes: list[tuple[str, VersionSet]] = []
    literals = _EMPTY
    for (here, entry, pieces), match, new in zip(plans, matches, fresh, strict=True):
        for status, part in pieces:
            decided = (part & new) | ((part & ALL_LITERALS) - literals)
            if status is Status.AFFECTED:
                affected.append(decided)
            elif status is Status.UNKNOWN:
                causes.append((f"{here}: status is unknown", decided))
        literals = literals | (match & ALL_LITERALS)
        if entry.is_range:
            causes.append((_evaluation._literal_cause(here)[0], ALL_LITERALS - literals))
            literals = ALL_LITERALS
    return affected, causes, literals, VersionSet.union_all(matches)


def _general(product: CveProduct) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    with mock.patch.object(_evaluation, "_first_match_wins", _general_first_match_wins):
        return evaluate_cve_product(product)


@st.composite
def _disjoint_products(draw: st.DrawFn) -> CveProduct:
    """One range per "branch", in any order: the shape of real records and of the benchmark."""
    cuts = sorted(set(draw(st.lists(st.sampled_from(range(len(_POINTS))), max_size=8))))
    pairs = [(_POINTS[a], _POINTS[b]) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    entries = [
        CveVersion(
            version=lower,
            status=draw(st.sampled_from(Status)),
            version_type="python",
            less_than=None if inclusive else upper,
            less_than_or_equal=upper if inclusive else None,
        )
        for (lower, upper), inclusive in zip(
            pairs,
            draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs))),
            strict=True,
        )
        if lower != "*" and upper != "0"
    ]
    order = draw(st.permutations(entries))
    return CveProduct(
        product="x", versions=tuple(order), default_status=draw(st.sampled_from(Status))
    )


@given(st.one_of(cve_products(), _disjoint_products()))
def test_shortcuts_give_the_general_answer_exactly(product: CveProduct) -> None:
    """CVE 5 › versions (first match wins): same affected set, same causes in the same order."""
    assert evaluate_cve_product(product) == _general(product)


_SETS = st.builds(
    lambda low, high, inclusive, literal: (
        VersionSet.interval(
            None if low == "0" else _evaluation._cve_bound(low),
            None if high == "*" else _evaluation._cve_bound(high),
            upper_inclusive=inclusive,
        )
        | (VersionSet.singleton(literal) if literal else _EMPTY)
    ),
    st.sampled_from(_POINTS[:-1]),
    st.sampled_from(_POINTS[1:]),
    st.booleans(),
    st.sampled_from(("", "", "", "legacy")),
)


@given(st.lists(st.one_of(_SETS, _SETS.map(lambda s: s | VersionSet.singleton("4.0"))), max_size=6))
def test_union_if_disjoint_is_the_union_exactly_when_no_two_sets_meet(
    sets: list[VersionSet],
) -> None:
    """The union of pairwise disjoint literal-free sets, ``None`` otherwise; and then each
    set claims everything it holds (`first_claims` answers the sets themselves)."""
    found = VersionSet.union_if_disjoint(sets)
    literal_free = all(not s.literals and not s.literals_inverted for s in sets)
    apart = all(a.isdisjoint(b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    if literal_free and apart:
        assert found == VersionSet.union_all(sets)
        assert first_claims(sets) == sets
    else:
        assert found is None
