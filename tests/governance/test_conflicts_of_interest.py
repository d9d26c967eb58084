"""Conflicts of interest: the nominee abstains on the veto of their own nomination (R-D4)."""

from __future__ import annotations

import datetime as dt

from psrt_core.governance import (
    BallotCast,
    Choice,
    CouncilChoice,
    CouncillorVote,
    GovernanceEvent,
    Member,
    MemberListed,
    MotionKind,
    Nominated,
    Outcome,
    Roster,
    SteeringCouncilMotionDecided,
    decide_motion,
    replay,
    tally,
)
from psrt_core.serialization import (
    nomination_from_json,
)
from tests.governance.conftest import (
    NOMINEE,
    OPEN,
    day,
    log,
)


def test_a_councillor_who_is_the_nominee_abstains_on_the_veto() -> None:
    """R-D4 (PEP 13: members with a conflict of interest must abstain), S06 with S44.

    corona10's "against" becomes an abstention with a reason, so 2 for, 1 against carries.
    """
    nomination = nomination_from_json(log("nominee-on-council.json"))
    decision = tally(nomination, Roster((Member("W", "warsaw"),)), at=day(8))
    assert decision.outcome is Outcome.VETOED
    council = decision.council
    assert council is not None
    assert (council.in_favour, council.against, council.abstain) == (2, 1, 2)
    assert [(v.councillor, v.reason) for v in council.ignored_votes] == [
        ("corona10", "conflict of interest: must abstain (PEP 13)")
    ]
    assert "conflicted_vote_counted_as_abstention" in council.flags
    # The motion itself is as recorded; the conflict comes from the nomination.
    assert decide_motion(council.motion).carried is False


def test_a_veto_in_the_event_log_treats_the_nominee_as_conflicted() -> None:
    """R-D4: the same conflict when the veto motion arrives through the event log."""
    votes = (
        CouncillorVote("s1", CouncilChoice.FOR),
        CouncillorVote("nn", CouncilChoice.AGAINST),
        CouncillorVote("s2", CouncilChoice.ABSTAIN),
    )
    events: list[GovernanceEvent] = [
        MemberListed(Member("A", "a"), OPEN - dt.timedelta(days=30)),
        Nominated("n1", NOMINEE, "a", OPEN),
        BallotCast("n1", "a", Choice.YES, day(1)),
        SteeringCouncilMotionDecided("m1", MotionKind.VETO, "n1", votes, day(8)),
    ]
    state = replay(events)
    assert state.motions[0].decision.carried is True
    assert tally(state.nominations[0].nomination, state.roster, at=day(9)).outcome is (
        Outcome.VETOED
    )
