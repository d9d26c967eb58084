"""Who may vote and which ballot counts: the electorate, leaving, ties (R-C2, R-C7, R-C8)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from psrt_core.governance import (
    Ballot,
    Choice,
    ElectorateTiming,
    Member,
    Nomination,
    NominationPolicy,
    Nominee,
    Outcome,
    Policy,
    Roster,
    replay,
    same_handle,
    tally,
)
from psrt_core.serialization import (
    events_from_jsonl,
    roster_from_devguide_csv,
)
from tests.governance.conftest import (
    NOMINEE,
    OPEN,
    day,
    ignored,
    log,
    removed_on_day_one,
    violation,
)


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


def test_a_nominee_needs_a_handle_that_is_not_empty() -> None:
    """R-A1 / R-C2: an empty handle would match no one and hide both checks."""
    with pytest.raises(ValueError, match="an empty GitHub handle must be None"):
        Nominee("X", " ")
    with pytest.raises(ValueError, match="a nominee needs a name"):
        Nominee(" ", "x")


def test_missing_handles_never_match() -> None:
    """S58: a missing handle is nobody; handles otherwise compare without letter case."""
    assert same_handle(None, "ada") is False
    assert same_handle("ADA", "ada") is True
