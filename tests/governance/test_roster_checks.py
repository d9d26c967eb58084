"""Roster checks, nominees without a handle and unordered activity (R-A4, R-E3, R-F2, R-F7)."""

from __future__ import annotations

import datetime as dt

from psrt_core.governance import (
    Activity,
    ActivityKind,
    Attribute,
    Ballot,
    Choice,
    Member,
    MemberStatus,
    Nomination,
    Nominee,
    Outcome,
    Pool,
    Roster,
    check_roster,
    inactivity_report,
    tally,
)
from tests.governance.conftest import OPEN, day

UTC = dt.timezone.utc
ADMINS = (Member("Ada", "ada", (Attribute.ADMIN,)), Member("Al", "al", (Attribute.ADMIN,)))


def _codes(roster: Roster) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.code.value, f.rule.value, f.subjects) for f in check_roster(roster)]


def test_r_e3_an_admin_on_the_emeritus_list_is_a_finding() -> None:
    """R-E3: the admin role ends with membership; an emeritus entry marked Admin is reported."""
    former = Member("Em", "em", (Attribute.ADMIN,), status=MemberStatus.EMERITUS)
    assert _codes(Roster((*ADMINS, former))) == [("admin_not_member", "R-E3", ("em",))]


def test_r_f7_a_current_term_overlapping_an_emeritus_entry_is_on_both_lists() -> None:
    """R-F7: an emeritus entry without a left date, or left after rejoining, is a listing error."""
    current = Member("Bo", "bo", joined=dt.date(2025, 1, 1))
    open_ended = Member("Bo", "BO", status=MemberStatus.EMERITUS)
    assert _codes(Roster((*ADMINS, current, open_ended))) == [("on_both_lists", "R-F7", ("BO",))]
    later = Member("Bo", "bo", status=MemberStatus.EMERITUS, left=dt.date(2025, 6, 1))
    assert _codes(Roster((*ADMINS, current, later))) == [("on_both_lists", "R-F7", ("bo",))]
    history = Member("Bo", "bo", status=MemberStatus.EMERITUS, left=dt.date(2024, 6, 1))
    assert _codes(Roster((*ADMINS, current, history))) == []


def test_r_a4_a_nominee_without_a_handle_skips_the_history_and_council_checks() -> None:
    """R-F7, R-A4: with no handle there is nothing to match; the vote still runs and passes."""
    nominee = Nominee("Nameless", None, frozenset({Pool.CORE_TEAM}))
    roster = Roster((Member("A", "a"), Member("B", "b")))
    ballots = (Ballot("a", Choice.YES, day(1)), Ballot("b", Choice.YES, day(1)))
    decision = tally(
        Nomination(nominee, "a", OPEN, ballots), roster, at=day(8), steering_council=("a",)
    )
    assert (decision.outcome, decision.flags) == (Outcome.AWAITING_STEERING_COUNCIL, ())


def test_r_f2_activity_out_of_time_order_keeps_the_latest_instant() -> None:
    """R-F2: the latest counted activity is reported whatever order the records come in."""
    later = Activity("bo", ActivityKind.COMMENTED, dt.datetime(2025, 3, 1, tzinfo=UTC))
    earlier = Activity("bo", ActivityKind.COMMENTED, dt.datetime(2024, 3, 1, tzinfo=UTC))
    roster = Roster((*ADMINS, Member("Bo", "bo")))
    report = inactivity_report(
        roster, [later, earlier], on=dt.date(2026, 6, 1), previous_report=dt.date(2025, 6, 1)
    )
    bo = next(i for i in report.inactive if i.member.github == "bo")
    assert bo.last_activity == dt.datetime(2025, 3, 1, tzinfo=UTC)
