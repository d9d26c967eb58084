"""Regression tests for the governance bugs found in code review, one block per bug.

Each test names the rule or scenario of the rules document it checks. The regression tests
failed before their fix; a few guards (a ballot cast before leaving still counts, the
``current_at_close`` switch, event order across zones) pin behaviour the fixes must keep.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from fractions import Fraction
from pathlib import Path

import pytest

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    Activity,
    ActivityKind,
    Ballot,
    BallotCast,
    Choice,
    CouncilChoice,
    CouncillorVote,
    ElectorateTiming,
    GovernanceEvent,
    GovernanceState,
    Member,
    MemberListed,
    MemberStatus,
    MotionKind,
    Nominated,
    Nomination,
    NominationPolicy,
    Nominee,
    Onboarded,
    Outcome,
    Policy,
    Pool,
    Roster,
    SteeringCouncilAnswered,
    SteeringCouncilMotionDecided,
    VetoAnswer,
    apply,
    decide_motion,
    inactivity_report,
    replay,
    tally,
)
from psrt_core.serialization import (
    events_from_jsonl,
    nomination_from_json,
    roster_from_devguide_csv,
    roster_from_dict,
    roster_to_dict,
)

REVIEW = Path(__file__).resolve().parent / "fixtures" / "review"
UTC = dt.timezone.utc
EST = dt.timezone(dt.timedelta(hours=-5))
OPEN = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
NOMINEE = Nominee("N", "nn", frozenset({Pool.CORE_TEAM}))


def day(offset: float) -> dt.datetime:
    """*offset* days after the vote opened."""
    return OPEN + dt.timedelta(days=offset)


def log(name: str) -> str:
    """A reviewer's event log, copied into the fixtures."""
    return (REVIEW / name).read_text(encoding="utf-8")


def violation(call: object) -> RuleViolationError:
    """The `RuleViolationError` *call* raises."""
    with pytest.raises(RuleViolationError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def ignored(decision: object) -> list[tuple[str, str, str]]:
    """The ignored ballots of a decision as ``(voter, reason, rule)``."""
    return [(b.voter, b.reason, b.rule) for b in decision.ignored_ballots]  # type: ignore[attr-defined]


# -- 1. a ballot cast after the voter left ------------------------------------------------------


def removed_on_day_one() -> Roster:
    """A, B, C current; R was a member when the vote opened and left on its second day."""
    former = Member("R", "r", status=MemberStatus.EMERITUS, left=day(1).date())
    return Roster((Member("A", "a"), Member("B", "b"), Member("C", "c"), former))


def test_a_ballot_cast_after_leaving_does_not_count() -> None:
    """R-C2 / R-C8: only a ballot "cast before removal" is kept; one cast after it is ignored."""
    ballots = (
        Ballot("a", Choice.YES, day(0.5)),
        Ballot("r", Choice.NO, day(3)),
        Ballot("b", Choice.NO, day(3)),
    )
    decision = tally(Nomination(NOMINEE, "a", OPEN, ballots), removed_on_day_one(), at=day(8))
    assert (decision.yes, decision.no, decision.electorate) == (1, 1, 4)
    assert ignored(decision) == [("r", "no longer a PSRT member when the ballot was cast", "R-C8")]


def test_a_ballot_cast_before_leaving_still_counts() -> None:
    """R-C8 / R-F8: "a member removed later keeps the ballot they already cast"."""
    ballots = (Ballot("a", Choice.YES, day(0.5)), Ballot("r", Choice.NO, day(0.5)))
    decision = tally(Nomination(NOMINEE, "a", OPEN, ballots), removed_on_day_one(), at=day(8))
    assert (decision.yes, decision.no, ignored(decision)) == (1, 1, [])


def test_current_at_close_keeps_its_meaning() -> None:
    """R-C8 switch ``current_at_close``: who counts is the list at the close, as before."""
    policy = Policy(nomination=NominationPolicy(electorate=ElectorateTiming.CURRENT_AT_CLOSE))
    ballots = (Ballot("a", Choice.YES, day(0.5)), Ballot("r", Choice.NO, day(0.5)))
    decision = tally(
        Nomination(NOMINEE, "a", OPEN, ballots), removed_on_day_one(), at=day(8), policy=policy
    )
    assert (decision.yes, decision.no, decision.electorate) == (1, 0, 3)
    assert ignored(decision) == [("r", "not a PSRT member when the vote closed", "R-C8")]


def test_replay_refuses_a_ballot_cast_after_resigning() -> None:
    """R-C2 / R-F6: D resigned on 3 March, so D's ballot on 4 March is refused (reviewer's ev1)."""
    error = violation(lambda: replay(events_from_jsonl(log("ev1.jsonl"))))
    assert str(error) == "event 7: R-C8: d: no longer a PSRT member when the ballot was cast"


# -- 2. time zones ------------------------------------------------------------------------------


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


# -- 3. the nominee on the Steering Council -----------------------------------------------------


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


# -- 4. a member onboarded later on the day a vote opened ---------------------------------------


def test_replay_refuses_a_ballot_from_someone_who_joined_after_the_vote_opened() -> None:
    """R-C8 / S25: newbie joined at 12:00, the vote opened at 09:00 that day: no vote."""
    error = violation(lambda: replay(events_from_jsonl(log("ev2.jsonl"))))
    assert str(error) == "event 9: R-C8: newbie: not a PSRT member when the vote opened"


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


# -- 5. handles that differ only in letter case -------------------------------------------------


def test_case_duplicates_count_once_in_the_electorate() -> None:
    """S58 (same person: compare lowercased): two spellings of one handle are one voter."""
    roster = roster_from_devguide_csv(log("case-duplicates.csv"))
    policy = Policy(nomination=NominationPolicy(quorum=Fraction(1)))
    ballots = (Ballot("paulmcmillan", Choice.YES, day(1)), Ballot("a", Choice.YES, day(1)))
    decision = tally(Nomination(NOMINEE, "a", OPEN, ballots), roster, at=day(8), policy=policy)
    assert decision.electorate == 2
    assert "quorum_not_met" not in decision.flags
    assert decision.outcome is Outcome.AWAITING_STEERING_COUNCIL


def test_members_without_a_handle_each_count_in_the_electorate() -> None:
    """S58 with R-C8: without a handle there is nothing to compare, so each entry is a person."""
    roster = Roster((Member("A", "a"), Member("No Handle"), Member("Other")))
    decision = tally(Nomination(NOMINEE, "a", OPEN), roster, at=day(1))
    assert decision.electorate == 3


def test_the_inactivity_report_lists_a_person_once() -> None:
    """S58 with R-F1: one inactive person listed under two spellings is reported once."""
    roster = roster_from_devguide_csv(log("case-duplicates.csv"))
    report = inactivity_report(roster, (), on=dt.date(2026, 3, 2))
    assert [entry.member.github for entry in report.inactive] == ["PaulMcMillan", "a"]


# -- 7. two ballots at the same instant ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [(Choice.NO, Choice.YES), (Choice.YES, Choice.NO), (Choice.ABSTAIN, Choice.YES)],
)
def test_of_two_ballots_at_the_same_instant_the_later_listed_counts(
    first: Choice, second: Choice
) -> None:
    """R-C7 ("the last ballot counts"): with equal times the log order decides."""
    ballots = (Ballot("a", first, day(1)), Ballot("A", second, day(1)))
    decision = tally(
        Nomination(NOMINEE, "a", OPEN, ballots), Roster((Member("A", "a"),)), at=day(2)
    )
    counts = {Choice.YES: decision.yes, Choice.NO: decision.no, Choice.ABSTAIN: decision.abstain}
    assert counts == {choice: int(choice is second) for choice in Choice}
    assert ignored(decision) == [("a", "superseded by a later ballot", "R-C7")]


def test_replay_counts_the_later_logged_of_two_simultaneous_ballots() -> None:
    """R-C7: the reviewer's ev3, "no" then "yes" at the same instant, counts the "yes"."""
    state = replay(events_from_jsonl(log("ev3.jsonl")))
    decision = tally(state.nominations[0].nomination, state.roster, at=day(8))
    assert (decision.yes, decision.no) == (1, 0)


# -- lesser findings ----------------------------------------------------------------------------


def test_replay_up_to_a_time_still_refuses_an_out_of_order_log() -> None:
    """Event log: time order is a property of the whole log, not of the prefix replayed."""
    events = events_from_jsonl(log("ev4.jsonl"))
    error = violation(lambda: replay(events, at=dt.datetime(2026, 3, 6, tzinfo=UTC)))
    assert str(error) == (
        "event 5: LOG: event at 2026-03-05T09:00:00+00:00 is earlier than the previous event"
    )


def test_a_nominee_needs_a_handle_that_is_not_empty() -> None:
    """R-A1 / R-C2: an empty handle would match no one and hide both checks."""
    with pytest.raises(ValueError, match="an empty GitHub handle must be None"):
        Nominee("X", " ")
    with pytest.raises(ValueError, match="a nominee needs a name"):
        Nominee(" ", "x")
