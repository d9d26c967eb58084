"""Instants in UTC: a timestamp names one instant whatever its zone (R-C6, R-C8, S25)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from psrt_core.governance import (
    Activity,
    ActivityKind,
    Ballot,
    BallotCast,
    Choice,
    GovernanceEvent,
    GovernanceState,
    Member,
    MemberListed,
    MemberStatus,
    Nominated,
    Nomination,
    Onboarded,
    Outcome,
    Roster,
    SteeringCouncilAnswered,
    VetoAnswer,
    apply,
    replay,
    tally,
)
from psrt_core.serialization import (
    events_from_jsonl,
    roster_from_dict,
    roster_to_dict,
)
from tests.governance.conftest import (
    EST,
    NOMINEE,
    OPEN,
    UTC,
    day,
    ignored,
    log,
    violation,
)


def test_timestamps_are_normalised_to_utc() -> None:
    """R-C6 "use timezone-aware UTC timestamps": every instant is stored in UTC."""
    instant = dt.datetime(2026, 3, 2, 20, tzinfo=EST)
    expected = dt.datetime(2026, 3, 3, 1, tzinfo=UTC)
    values = [
        Ballot("a", Choice.YES, instant).cast_at,
        Nomination(NOMINEE, "a", instant).opened_at,
        Activity("a", ActivityKind.COMMENTED, instant).at,
        BallotCast("n1", "a", Choice.YES, instant).at,
        Member("A", "a", joined=expected.date(), joined_at=instant).joined_at,
    ]
    assert values == [expected] * 5
    assert all(value.tzinfo is UTC for value in values)  # type: ignore[union-attr]


def test_an_instant_outside_the_calendar_in_utc_is_refused() -> None:
    """R-C6: 0001-01-01T00:00+01:00 has no UTC equivalent; building a ballot says so."""
    early = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with pytest.raises(ValueError, match="outside the years 1 to 9999 once converted to UTC"):
        Ballot("a", Choice.YES, early)


def test_apply_compares_event_times_as_instants() -> None:
    """Event log order (guard): 20:00-05:00 is 01:00Z the next day, so 00:30Z comes before it."""
    first = apply(
        GovernanceState(), MemberListed(Member("A", "a"), dt.datetime(2026, 3, 2, 20, tzinfo=EST))
    )
    error = violation(
        lambda: apply(
            first, MemberListed(Member("B", "b"), dt.datetime(2026, 3, 3, 0, 30, tzinfo=UTC))
        )
    )
    assert str(error) == (
        "LOG: event at 2026-03-03T00:30:00+00:00 is earlier than the previous event"
    )


def test_the_same_instant_written_in_two_zones_gives_the_same_decision() -> None:
    """R-C8 with R-C6: 20:00-05:00 is 01:00Z on the next UTC day; the member who joined that day
    belongs to the electorate however the opening time is written (reviewer's s2.py)."""
    opened = dt.datetime(2026, 3, 2, 20, tzinfo=EST)
    roster = Roster((Member("A", "a"), Member("B", "b", joined=dt.date(2026, 3, 3))))
    ballots = (Ballot("b", Choice.YES, opened + dt.timedelta(hours=2)),)
    at = opened + dt.timedelta(days=8)
    local = tally(Nomination(NOMINEE, "a", opened, ballots), roster, at=at)
    in_utc = tally(Nomination(NOMINEE, "a", opened.astimezone(UTC), ballots), roster, at=at)
    assert local == in_utc
    assert (local.outcome, local.yes, local.electorate) == (
        Outcome.AWAITING_STEERING_COUNCIL,
        1,
        2,
    )


def test_the_week_is_seven_times_24_hours_across_a_dst_change() -> None:
    """R-C6: the window is ``[opened_at, opened_at + 7x24h)``, not seven wall-clock days.

    New York moves to summer time on 8 March 2026: 09:00 EST on 5 March plus 168 hours is
    10:00 EDT (14:00Z) on 12 March, and a ballot at 09:30 EDT is still inside the window.
    """
    try:
        new_york = zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError:  # pragma: no cover - no time zone data here
        pytest.skip("no time zone data for America/New_York")
    opened = dt.datetime(2026, 3, 5, 9, tzinfo=new_york)
    late = Ballot("b", Choice.YES, dt.datetime(2026, 3, 12, 9, 30, tzinfo=new_york))
    roster = Roster((Member("A", "a"), Member("B", "b")))
    nomination = Nomination(NOMINEE, "a", opened, (late,))
    assert nomination.closes_at() == dt.datetime(2026, 3, 12, 14, tzinfo=UTC)
    decision = tally(nomination, roster, at=dt.datetime(2026, 3, 20, tzinfo=UTC))
    assert (decision.yes, ignored(decision)) == (1, [])


def test_replay_takes_the_utc_day_of_an_onboarding() -> None:
    """R-D5 with R-C6: onboarded at 20:00-05:00 on 2 March is 3 March in UTC."""
    events: list[GovernanceEvent] = [
        MemberListed(Member("A", "a"), OPEN - dt.timedelta(days=30)),
        Nominated("n1", NOMINEE, "a", OPEN),
        BallotCast("n1", "a", Choice.YES, day(1)),
        SteeringCouncilAnswered("n1", VetoAnswer.NO_VETO, day(8)),
        Onboarded("n1", dt.datetime(2026, 3, 10, 20, tzinfo=EST)),
    ]
    joined = replay(events).roster.find("nn")
    assert joined is not None
    assert (joined.joined, joined.joined_at) == (
        dt.date(2026, 3, 11),
        dt.datetime(2026, 3, 11, 1, tzinfo=UTC),
    )


def test_the_electorate_snapshot_compares_instants_when_known() -> None:
    """R-C8 / S25: ``joined_at`` after ``opened_at`` keeps a same-day member out."""
    noon = OPEN.replace(hour=12)
    roster = Roster(
        (
            Member("A", "a"),
            Member("L", "late", joined=OPEN.date(), joined_at=noon),
            Member("E", "early", joined=OPEN.date(), joined_at=OPEN.replace(hour=8)),
        )
    )
    ballots = (Ballot("late", Choice.NO, day(1)), Ballot("early", Choice.YES, day(1)))
    decision = tally(Nomination(NOMINEE, "a", OPEN, ballots), roster, at=day(8))
    assert (decision.yes, decision.no, decision.electorate) == (1, 0, 2)
    assert ignored(decision) == [("late", "not a PSRT member when the vote opened", "R-C8")]


def test_a_date_without_an_instant_still_counts_the_whole_day() -> None:
    """R-C8, documented fallback: with only the devguide's date, the joining day counts."""
    roster = Roster((Member("A", "a"), Member("D", "dated", joined=OPEN.date())))
    midnight = OPEN.replace(hour=0)
    assert roster.is_member("dated", at=midnight) is True
    assert roster.is_member("dated", at=OPEN.replace(hour=23, minute=59)) is True
    assert roster.is_member("dated", at=midnight - dt.timedelta(microseconds=1)) is False


def test_an_instant_must_fall_on_its_date() -> None:
    """R-C8: ``joined_at`` and ``left_at`` refine the dates; they may not contradict them."""
    with pytest.raises(ValueError, match="joined_at 2026-03-02T09:00:00\\+00:00 is not on"):
        Member("A", "a", joined=dt.date(2026, 3, 3), joined_at=OPEN)
    with pytest.raises(ValueError, match="left_at 2026-03-02T09:00:00\\+00:00 is not on left None"):
        Member("A", "a", status=MemberStatus.EMERITUS, left_at=OPEN)


def test_the_json_roster_keeps_instants_and_omits_unknown_ones() -> None:
    """R-C8: the JSON roster carries the instants replay knows and round-trips them."""
    roster = Roster(
        (
            Member("A", "a"),
            Member("B", "b", joined=OPEN.date(), joined_at=OPEN),
        )
    )
    document = roster_to_dict(roster)
    assert "joined_at" not in document["members"][0]
    assert document["members"][1]["joined_at"] == "2026-03-02T09:00:00Z"
    assert roster_from_dict(document) == roster


def test_replay_up_to_a_time_still_refuses_an_out_of_order_log() -> None:
    """Event log: time order is a property of the whole log, not of the prefix replayed."""
    events = events_from_jsonl(log("ev4.jsonl"))
    error = violation(lambda: replay(events, at=dt.datetime(2026, 3, 6, tzinfo=UTC)))
    assert str(error) == (
        "event 5: LOG: event at 2026-03-05T09:00:00+00:00 is earlier than the previous event"
    )


def test_replay_refuses_a_ballot_from_someone_who_joined_after_the_vote_opened() -> None:
    """R-C8 / S25: newbie joined at 12:00, the vote opened at 09:00 that day: no vote."""
    error = violation(lambda: replay(events_from_jsonl(log("ev2.jsonl"))))
    assert str(error) == "event 9: R-C8: newbie: not a PSRT member when the vote opened"
