"""Settings that PEP 811 fixes but a policy may change, and the edges of the helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    AdminPolicy,
    Member,
    MemberListed,
    Nominated,
    Nomination,
    NominationPolicy,
    Nominee,
    Outcome,
    Policy,
    Pool,
    Roster,
    RosterFinding,
    VulnerabilityReport,
    check_roster,
    coordination_status,
    replay,
    same_handle,
    tally,
)
from psrt_core.testing import nominations, rosters

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ROSTER = Roster(
    (Member("Ada", "ada", joined=dt.date(2025, 1, 1)), Member("Bo", "bo"), Member("Cy", "cy"))
)
NORA = Nominee("Nora", "nora", frozenset({Pool.CORE_TEAM}))


def test_min_nominators_counts_distinct_member_backers() -> None:
    """R-C1 / §K nomination.min_nominators [TEXT]: PEP 811 asks for one member; raising it
    needs seconders, counted once each and only if they are members."""
    policy = Policy(nomination=NominationPolicy(min_nominators=2))
    alone = tally(
        Nomination(NORA, "ada", T0, seconders=("ADA", "zed")), ROSTER, at=T0, policy=policy
    )
    assert alone.outcome is Outcome.INVALID
    assert alone.flags == ("departs_from_pep811", "too_few_nominators")
    assert alone.reasons == ("1 nominating member(s), 2 required",)
    backed = tally(Nomination(NORA, "ada", T0, seconders=("bo",)), ROSTER, at=T0, policy=policy)
    assert backed.outcome is Outcome.OPEN
    events = [MemberListed(m, T0) for m in ROSTER.members]
    with pytest.raises(RuleViolationError) as caught:
        replay([*events, Nominated("n1", NORA, "ada", T0)], policy=policy)
    assert str(caught.value) == "event 4: R-C1: 1 nominating member(s), 2 required"
    state = replay([*events, Nominated("n1", NORA, "ada", T0, ("cy",))], policy=policy)
    assert state.nominations[0].nomination.seconders == ("cy",)


def test_changed_admin_count_is_reported_by_the_check() -> None:
    """R-E1 / §K admins.min_count [TEXT]: the roster check says the policy departs from PEP 811."""
    policy = Policy(admins=AdminPolicy(min_count=0))
    assert check_roster(ROSTER, policy=policy) == (
        RosterFinding(
            "setting_changed",
            "R-E1",
            "admins.min_count is 0 (PEP 811: 2, TEXT)",
            ("admins.min_count",),
        ),
    )


def test_coordinator_who_left_is_flagged() -> None:
    """R-H4: a report whose coordinator is no longer a member must be handed on."""
    report = VulnerabilityReport("GHSA-1", T0, coordinator="gone")
    status = coordination_status(report, ROSTER, at=T0 + dt.timedelta(days=1))
    assert status.flags == ("coordinator_not_a_member",)
    assert status.rules == ("R-H2", "R-H4")


def test_missing_handles_never_match() -> None:
    """S58: a missing handle is nobody; handles otherwise compare without letter case."""
    assert same_handle(None, "ada") is False
    assert same_handle("ADA", "ada") is True


def test_strategies_refuse_impossible_bounds() -> None:
    """Strategies raise Hypothesis' InvalidArgument for impossible arguments."""
    with pytest.raises(InvalidArgument, match="min_size=3, max_size=2"):
        rosters(min_size=3, max_size=2)

    @given(nominations(roster=Roster()))
    def draw(nomination: Nomination) -> None:
        raise AssertionError  # pragma: no cover - never reached

    with pytest.raises(InvalidArgument, match="at least one current member"):
        draw()
