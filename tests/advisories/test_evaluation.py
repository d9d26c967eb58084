"""`Evaluation`: *unknown* and *reasons* are derived from the causes, never passed in (issue 8
item 6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.advisories import Evaluation, Status
from psrt_core.testing import version_sets
from psrt_core.versions import VersionSet

V = Version
BELOW_2 = VersionSet.less_than(V("2.0"))
FROM_1 = VersionSet.at_least(V("1.0"))


def test_summaries_are_derived_from_the_causes() -> None:
    """*unknown* is the union of the causes less what is affected; *reasons* their reasons in
    first-seen order, each once."""
    evaluation = Evaluation(
        BELOW_2,
        [
            ("$.versions[1]: status is unknown", FROM_1),
            ("$: no defaultStatus", VersionSet.at_least(V("5.0"))),
            ("$.versions[1]: status is unknown", VersionSet.singleton("abc")),
        ],
    )
    assert evaluation.unknown == VersionSet.at_least(V("2.0")) | VersionSet.singleton("abc")
    assert evaluation.reasons == ("$.versions[1]: status is unknown", "$: no defaultStatus")
    assert evaluation.causes == (
        ("$.versions[1]: status is unknown", VersionSet.at_least(V("2.0"))),
        ("$: no defaultStatus", VersionSet.at_least(V("5.0"))),
        ("$.versions[1]: status is unknown", VersionSet.singleton("abc")),
    )
    assert [evaluation.status(v) for v in ("1.5", "2.0", "abc", "xyz")] == [
        Status.AFFECTED,
        Status.UNKNOWN,
        Status.UNKNOWN,
        Status.UNAFFECTED,
    ]


def test_a_cause_covered_by_affected_versions_is_dropped() -> None:
    """Affected anywhere wins over unknown somewhere: a reason left with no version goes."""
    evaluation = Evaluation(BELOW_2, [("$.ranges[0]: SEMVER", VersionSet.less_than(V("1.0")))])
    assert (evaluation.causes, evaluation.reasons) == ((), ())
    assert evaluation.unknown.is_empty


def test_summaries_cannot_be_passed() -> None:
    """The constructor takes *affected* and *causes* only."""
    with pytest.raises(TypeError, match="unexpected keyword argument 'unknown'"):
        Evaluation(BELOW_2, unknown=FROM_1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'reasons'"):
        Evaluation(BELOW_2, reasons=("x",))  # type: ignore[call-arg]


def test_combine_is_the_constructor() -> None:
    """`Evaluation.combine` stays as a name for the same construction."""
    causes = [("r", FROM_1)]
    assert Evaluation.combine(BELOW_2, causes) == Evaluation(BELOW_2, causes)
    assert Evaluation(BELOW_2) == Evaluation(BELOW_2, ())


@given(version_sets(), st.lists(st.tuples(st.sampled_from("abc"), version_sets()), max_size=4))
def test_affected_and_unknown_are_disjoint(
    affected: VersionSet, causes: list[tuple[str, VersionSet]]
) -> None:
    """Law: *affected* and *unknown* never share a version, and *unknown* is the causes' union."""
    evaluation = Evaluation(affected, causes)
    assert (evaluation.affected & evaluation.unknown).is_empty
    union = VersionSet.empty()
    for _, versions in causes:
        union = union | versions
    assert evaluation.unknown == union - affected
    assert set(evaluation.reasons) <= {reason for reason, _ in causes}
