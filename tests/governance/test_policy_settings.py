"""Settings that PEP 811 fixes but a policy may change: nominators, the admin count (§K)."""

from __future__ import annotations

import pytest

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    AdminPolicy,
    MemberListed,
    Nominated,
    Nomination,
    NominationPolicy,
    Outcome,
    Policy,
    RosterFinding,
    check_roster,
    replay,
    tally,
)
from tests.governance.conftest import (
    NORA,
    ROSTER,
    T0,
)


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
