"""Which Steering Council counts for an act at its instant: one precedence everywhere (R-D4).

`resolve_council` decides it: the Council the log seated at or before the act's instant, else the
one recorded on the motion, else the caller's ``steering_council=``, else none (the motion is
``undecidable`` in a tally, refused in the log). Every caller (the tally, `decide_motion`, the
event log, `open_nominations`, `pending_duties`) goes through it; these tests pin the rule and
one observable consequence per caller.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    Attribute,
    Ballot,
    BallotCast,
    Choice,
    CouncilChoice,
    CouncillorVote,
    GovernanceEvent,
    Member,
    MemberListed,
    Motion,
    MotionKind,
    Nominated,
    Nomination,
    Nominee,
    Outcome,
    Pool,
    Roster,
    SteeringCouncilMotionDecided,
    SteeringCouncilSeated,
    decide_motion,
    open_nominations,
    pending_duties,
    replay,
    tally,
)
from psrt_core.governance._council import resolve_council
from tests.governance.conftest import OPEN, day

F = CouncilChoice.FOR
SEATED = ("s1", "s2", "s3", "s4", "s5")
RECORDED = ("r1", "r2", "r3", "r4", "r5")
GIVEN = ("g1", "g2", "g3", "g4", "g5")
NORA = Nominee("Nora", "nora", frozenset({Pool.CORE_TEAM}))

councils = st.one_of(
    st.none(),
    st.just(()),
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=3).map(tuple),
)


# -- the rule itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seated", "recorded", "given", "expected"),
    [
        (SEATED, RECORDED, GIVEN, frozenset(SEATED)),
        (None, RECORDED, GIVEN, frozenset(RECORDED)),
        (None, None, GIVEN, frozenset(GIVEN)),
        (SEATED, None, GIVEN, frozenset(SEATED)),
        ((), RECORDED, (), frozenset(RECORDED)),
        ((), (), GIVEN, frozenset(GIVEN)),
        (None, None, None, None),
        ((), (), (), None),
    ],
)
def test_the_precedence_is_seated_then_recorded_then_given(
    seated: tuple[str, ...] | None,
    recorded: tuple[str, ...] | None,
    given: tuple[str, ...] | None,
    expected: frozenset[str] | None,
) -> None:
    """R-D4: seated, else recorded, else given, else unknown; an empty council is unknown."""
    assert resolve_council(seated=seated, recorded=recorded, given=given) == expected


@given(councils, councils, councils)
def test_the_first_non_empty_source_wins(
    seated: tuple[str, ...] | None,
    recorded: tuple[str, ...] | None,
    given: tuple[str, ...] | None,
) -> None:
    """R-D4 as a law: the result is the first non-empty source as a set, or ``None``."""
    result = resolve_council(seated=seated, recorded=recorded, given=given)
    sources = [s for s in (seated, recorded, given) if s]
    assert result == (frozenset(sources[0]) if sources else None)
    if result is not None:
        assert result  # never an empty council


@given(councils)
def test_a_single_source_is_taken_whatever_its_position(council: tuple[str, ...] | None) -> None:
    """R-D4: with one source known, every position gives the same Council."""
    expected = frozenset(council) if council else None
    assert resolve_council(seated=council) == expected
    assert resolve_council(recorded=council) == expected
    assert resolve_council(given=council) == expected


# -- every caller uses it ---------------------------------------------------------------------


def _removal(*voters: str, council: tuple[str, ...] | None = None) -> Motion:
    votes = tuple(CouncillorVote(v, F) for v in voters)
    return Motion(MotionKind.REMOVAL, "m1", votes, council=council)


def test_decide_motion_prefers_the_motions_recorded_council_to_the_argument() -> None:
    """R-D4: a motion recorded with its Council is counted against that Council."""
    decided = decide_motion(_removal("r1", "g1", council=RECORDED), council=GIVEN)
    assert (decided.carried, decided.in_favour) == (True, 1)
    assert [(v.councillor, v.reason) for v in decided.ignored_votes] == [
        ("g1", "not a Steering Council member")
    ]


def test_decide_motion_takes_the_argument_when_nothing_is_recorded() -> None:
    """R-D4: without a recorded Council the caller's is used."""
    decided = decide_motion(_removal("r1", "g1"), council=GIVEN)
    assert (decided.carried, decided.in_favour) == (True, 1)
    assert [v.councillor for v in decided.ignored_votes] == ["r1"]


@pytest.mark.parametrize("council", [(), None])
def test_decide_motion_with_an_empty_or_no_council_is_council_unknown(
    council: tuple[str, ...] | None,
) -> None:
    """R-D4: an empty council is no council; the votes are counted for the record only."""
    decided = decide_motion(_removal("g1", council=council), council=())
    assert (decided.carried, decided.in_favour, decided.flags) == (False, 1, ("council_unknown",))


def _passing(motion: Motion) -> Nomination:
    ballots = (Ballot("m0", Choice.YES, day(1)), Ballot("m1", Choice.YES, day(1)))
    return Nomination(NORA, "m0", OPEN, ballots, motion)


def _members() -> Roster:
    return Roster(tuple(Member(f"M{i}", f"m{i}") for i in range(4)))


def test_tally_counts_a_veto_against_its_recorded_council_first() -> None:
    """R-D1, R-D4: the recorded Council's veto carries although the caller names another."""
    veto = Motion(MotionKind.VETO, "nora", (CouncillorVote("r1", F),), council=RECORDED)
    decision = tally(_passing(veto), _members(), at=day(8), steering_council=GIVEN)
    assert decision.outcome is Outcome.VETOED
    unrecorded = Motion(MotionKind.VETO, "nora", (CouncillorVote("r1", F),))
    decision = tally(_passing(unrecorded), _members(), at=day(8), steering_council=GIVEN)
    assert decision.outcome is Outcome.GRANTED


def _log(*, seat: bool) -> list[GovernanceEvent]:
    members = [
        Member("Ada", "ada", (Attribute.ADMIN,)),
        *(Member(f"M{i}", f"m{i}") for i in range(4)),
    ]
    events: list[GovernanceEvent] = [MemberListed(m, OPEN) for m in members]
    if seat:
        events.append(SteeringCouncilSeated(SEATED, OPEN))
    events.append(Nominated("n1", NORA, "m0", OPEN))
    events.extend(BallotCast("n1", f"m{i}", Choice.YES, day(1)) for i in range(4))
    return events


def test_the_log_counts_a_motion_against_the_seated_council_not_the_argument() -> None:
    """R-D4: the seated Council beats ``steering_council=``; the motion records the seated one."""
    veto = SteeringCouncilMotionDecided(
        "v1", MotionKind.VETO, "n1", (CouncillorVote("s1", F), CouncillorVote("g1", F)), day(8)
    )
    state = replay([*_log(seat=True), veto], steering_council=GIVEN)
    decision = state.motions[0].decision
    assert decision.motion.council == frozenset(SEATED)
    assert (decision.carried, decision.in_favour) == (True, 1)
    assert dict(open_nominations(state, at=day(9), steering_council=GIVEN))["n1"].outcome is (
        Outcome.VETOED
    )


def test_the_log_refuses_a_motion_with_no_council_and_an_empty_argument() -> None:
    """R-D1, R-D4: nothing seated and ``steering_council=()`` is an unknown Council."""
    veto = SteeringCouncilMotionDecided("v1", MotionKind.VETO, "n1", (), day(8))
    with pytest.raises(RuleViolationError) as caught:
        replay([*_log(seat=False), veto], steering_council=())
    assert (caught.value.rule, caught.value.location) == ("R-D1", "event 11")


def test_open_nominations_and_duties_use_the_seated_council_for_the_nominee_flag() -> None:
    """R-A4, R-D1: a nominee on the seated Council is flagged whatever the caller passes."""
    events = _log(seat=True)
    events[-5] = Nominated("n1", Nominee("S", "s1", frozenset({Pool.CORE_TEAM})), "m0", OPEN)
    state = replay(events)
    decision = dict(open_nominations(state, at=day(8), steering_council=GIVEN))["n1"]
    assert "nominee_on_steering_council" in decision.flags
    assert [d.kind.value for d in pending_duties(state, at=day(8))] == [
        "notify_steering_council",
        "designate_admin",
    ]
    unseated = replay(_log(seat=False))
    decision = dict(open_nominations(unseated, at=day(8), steering_council=("nora",)))["n1"]
    assert "nominee_on_steering_council" in decision.flags
