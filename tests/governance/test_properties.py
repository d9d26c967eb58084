"""Laws of the tally and of replay, checked with Hypothesis against brute-force references."""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from psrt_core.governance import (
    Ballot,
    Choice,
    GovernanceState,
    Member,
    Nomination,
    NominationPolicy,
    Nominee,
    Outcome,
    Policy,
    Pool,
    Roster,
    apply,
    replay,
    tally,
)
from psrt_core.testing import governance_histories, nominations, rosters

UTC = dt.timezone.utc
OPEN = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CLOSED = OPEN + dt.timedelta(days=8)
NOMINEE = Nominee("Nora", "nora", frozenset({Pool.CORE_TEAM}))
PASSING = {Outcome.AWAITING_STEERING_COUNCIL, Outcome.GRANTED, Outcome.VETOED}


def electorate(size: int) -> Roster:
    """Members v0..v{size-1}."""
    return Roster(tuple(Member(f"V{i}", f"v{i}") for i in range(size)))


@given(rosters(min_size=1), st.data(), st.datetimes(timezones=st.just(UTC)))
def test_tally_does_not_depend_on_the_order_of_ballots_cast_at_distinct_instants(
    roster: Roster, data: st.DataObject, at: dt.datetime
) -> None:
    """R-C7: the last ballot by time counts, whatever order ballots of distinct times are listed in.

    Ballots cast at the very same instant are ordered by the log instead (see the next test),
    so this law holds for ballots whose times differ.
    """
    drawn = data.draw(nominations(roster=roster))
    distinct = tuple({b.cast_at: b for b in drawn.ballots}.values())
    nomination = Nomination(drawn.nominee, drawn.nominator, drawn.opened_at, distinct)
    shuffled = data.draw(st.permutations(distinct))
    reordered = Nomination(nomination.nominee, nomination.nominator, nomination.opened_at, shuffled)
    assert tally(nomination, roster, at=at) == tally(reordered, roster, at=at)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["v0", "V0", "v1", "v2"]),
            st.sampled_from(Choice),
            st.sampled_from([0, 1, 2]),
        ),
        max_size=12,
    )
)
def test_of_a_voters_ballots_at_the_same_instant_the_one_listed_last_counts(
    listed: list[tuple[str, Choice, int]],
) -> None:
    """R-C7 ("the last ballot counts"): among ties in time, the later one in the log wins.

    Brute-force reference: per voter (any letter case), the ballot with the greatest
    ``(cast_at, position in the list)``.
    """
    ballots = tuple(Ballot(v, c, OPEN + dt.timedelta(hours=h)) for v, c, h in listed)
    nomination = Nomination(NOMINEE, "v0", OPEN, ballots)
    decision = tally(nomination, electorate(3), at=OPEN + dt.timedelta(days=1))
    last: dict[str, tuple[dt.datetime, int, Choice]] = {}
    for index, ballot in enumerate(ballots):
        key = ballot.voter.lower()
        candidate = (ballot.cast_at, index, ballot.choice)
        if key not in last or candidate[:2] > last[key][:2]:
            last[key] = candidate
    counted = [choice for _, _, choice in last.values()]
    assert (decision.yes, decision.no, decision.abstain) == (
        counted.count(Choice.YES),
        counted.count(Choice.NO),
        counted.count(Choice.ABSTAIN),
    )


choices = st.lists(st.sampled_from([Choice.YES, Choice.NO, Choice.ABSTAIN, None]), max_size=20)


def _ballots(votes: list[Choice | None]) -> tuple[Ballot, ...]:
    return tuple(
        Ballot(f"v{i}", choice, OPEN + dt.timedelta(hours=i))
        for i, choice in enumerate(votes)
        if choice is not None
    )


@given(choices, st.data())
def test_adding_a_yes_never_turns_a_pass_into_a_failure(
    votes: list[Choice | None], data: st.DataObject
) -> None:
    """R-C3: one more "yes" from a member who had not voted never makes a passing vote fail."""
    votes = [*votes, None]
    silent = [i for i, choice in enumerate(votes) if choice is None]
    index = data.draw(st.sampled_from(silent))
    roster = electorate(len(votes))
    before = tally(Nomination(NOMINEE, "v0", OPEN, _ballots(votes)), roster, at=CLOSED)
    votes[index] = Choice.YES
    after = tally(Nomination(NOMINEE, "v0", OPEN, _ballots(votes)), roster, at=CLOSED)
    assert after.yes == before.yes + 1
    if before.outcome in PASSING:
        assert after.outcome in PASSING


@given(choices, st.data())
def test_adding_a_no_never_turns_a_failure_into_a_pass(
    votes: list[Choice | None], data: st.DataObject
) -> None:
    """R-C3: one more "no" from a member who had not voted never makes a failing vote pass."""
    votes = [*votes, None]
    silent = [i for i, choice in enumerate(votes) if choice is None]
    index = data.draw(st.sampled_from(silent))
    roster = electorate(len(votes))
    before = tally(Nomination(NOMINEE, "v0", OPEN, _ballots(votes)), roster, at=CLOSED)
    votes[index] = Choice.NO
    after = tally(Nomination(NOMINEE, "v0", OPEN, _ballots(votes)), roster, at=CLOSED)
    assert after.no == before.no + 1
    if before.outcome is Outcome.REJECTED:
        assert after.outcome is Outcome.REJECTED


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 5))
def test_two_thirds_boundary_is_exact(yes: int, no: int, abstain: int) -> None:
    """R-C3: passes iff yes/(yes+no) ≥ 2/3 as an exact rational, with at least one vote cast."""
    votes = [Choice.YES] * yes + [Choice.NO] * no + [Choice.ABSTAIN] * abstain
    decision = tally(
        Nomination(NOMINEE, "v0", OPEN, _ballots(list(votes))), electorate(len(votes)), at=CLOSED
    )
    expected = yes + no >= 1 and Fraction(yes, yes + no) >= Fraction(2, 3)
    assert (decision.outcome in PASSING) is expected


@given(
    st.integers(0, 25),
    st.integers(0, 25),
    st.fractions(min_value=Fraction(1, 12), max_value=1, max_denominator=12),
)
def test_any_threshold_is_exact(yes: int, no: int, threshold: Fraction) -> None:
    """§K nomination.threshold: any rational threshold is compared exactly, inclusively."""
    votes = [Choice.YES] * yes + [Choice.NO] * no
    policy = Policy(nomination=NominationPolicy(threshold=threshold))
    decision = tally(
        Nomination(NOMINEE, "v0", OPEN, _ballots(list(votes))),
        electorate(len(votes)),
        at=CLOSED,
        policy=policy,
    )
    expected = yes + no >= 1 and Fraction(yes, yes + no) >= threshold
    assert (decision.outcome in PASSING) is expected


@given(governance_histories())
def test_replay_is_deterministic_and_equals_applying_one_at_a_time(events: tuple) -> None:  # type: ignore[type-arg]
    """Replay is a pure fold: the same log gives the same state, equal to stepwise `apply`."""
    folded = functools.reduce(apply, events, GovernanceState())
    assert replay(events) == folded
    assert replay(events) == replay(list(events))


@given(governance_histories(), st.integers(0, 30))
def test_replay_at_a_time_equals_replaying_the_prefix(events: tuple, cut: int) -> None:  # type: ignore[type-arg]
    """`replay(log, at=t)` is the state after exactly the events up to t."""
    assume(events)
    at = events[min(cut, len(events) - 1)].at
    prefix = [event for event in events if event.at <= at]
    assert replay(events, at=at) == replay(prefix)


@given(rosters(max_size=8))
def test_roster_lookups_ignore_letter_case(roster: Roster) -> None:
    """S58: every current member is found by an upper- or lower-cased handle."""
    for member in roster.current:
        assert member.github is not None
        assert roster.is_member(member.github.upper())
        assert roster.get(member.github.lower()).key == member.key
