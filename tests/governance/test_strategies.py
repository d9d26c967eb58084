"""The Hypothesis strategies of `psrt_core.testing` refuse bounds they cannot meet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument

from psrt_core.governance import (
    GovernanceEvent,
    Nomination,
    Onboarded,
    Removed,
    Roster,
    SteeringCouncilMotionDecided,
    SteeringCouncilSeated,
    replay,
)
from psrt_core.testing import governance_histories, nominations, rosters


def test_strategies_refuse_impossible_bounds() -> None:
    """Strategies raise Hypothesis' InvalidArgument for impossible arguments."""
    with pytest.raises(InvalidArgument, match="min_size=3, max_size=2"):
        rosters(min_size=3, max_size=2)

    @given(nominations(roster=Roster()))
    def draw(nomination: Nomination) -> None:
        raise AssertionError  # pragma: no cover - never reached

    with pytest.raises(InvalidArgument, match="at least one current member"):
        draw()


def test_histories_include_removals_by_a_seated_council() -> None:
    """`governance_histories` seats the Council first, so a removal motion can pass (R-D4) and
    the member is then removed; nominations get decided and onboarded (R-C3, R-D1, R-D5); the
    current roster never runs empty."""
    removals: list[tuple[GovernanceEvent, ...]] = []
    onboardings: list[Onboarded] = []

    @settings(database=None, derandomize=True, max_examples=25)
    @given(governance_histories())
    def collect(events: tuple[GovernanceEvent, ...]) -> None:
        seated = [event for event in events if isinstance(event, SteeringCouncilSeated)]
        assert [event.councillors for event in seated] == [("sc1", "sc2", "sc3")]
        assert replay(events).roster.current
        if any(isinstance(event, Removed) for event in events):
            removals.append(events)
        onboardings.extend(event for event in events if isinstance(event, Onboarded))

    collect()
    assert removals
    assert onboardings
    for events in removals:
        for index, event in enumerate(events):
            if isinstance(event, Removed):
                motion = events[index - 1]
                assert isinstance(motion, SteeringCouncilMotionDecided)
                assert (motion.subject, motion.motion) == (event.member, event.motion)
