"""Replaying ballots (issue 13): a per-nomination gate decides what a tally per ballot did.

R-C2, R-C6, R-C8: a `BallotCast` is accepted only when the tally at its instant, of the nomination
with that ballot alone, is open and counts it. The replay used to run that tally for each ballot
(O(members) each, so O(ballots x members) per log); it now asks a `BallotGate` prepared once per
nomination and roster. The old check stays here as the oracle: patched in for the gate, it must
accept and refuse the same events with the same rule and reason, and leave the same state.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    Ballot,
    BallotCast,
    Choice,
    ElectorateTiming,
    GovernanceEvent,
    GovernanceState,
    Member,
    MemberListed,
    MemberStatus,
    Nominated,
    Nomination,
    NominationPolicy,
    Nominee,
    Onboarded,
    Outcome,
    Policy,
    Pool,
    Resigned,
    Roster,
    SteeringCouncilAnswered,
    VetoAnswer,
    apply,
    replay,
    tally,
)
from psrt_core.governance._nominations import BallotGate

EPOCH = dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone.utc)
HANDLES = ("ana", "ben", "cy", "dee", "eve")
# Voters: members, case variants of members (S58), a former member, outsiders and nominees.
VOTERS = (*HANDLES, "ANA", "Ben", "old", "zed", "new1", "new2")
NOMINATIONS = ("n1", "n2", "n3")


def _old_admits(self: BallotGate, ballot: Ballot) -> bool:
    """The check before issue 13: a full tally of the nomination with this ballot alone."""
    probe = attrs.evolve(self.nomination, ballots=(ballot,))
    decision = tally(probe, self.roster, at=ballot.cast_at, policy=self.policy)
    return decision.outcome is Outcome.OPEN and not decision.ignored_ballots


_POLICIES = st.sampled_from(
    [
        Policy(),
        Policy(nomination=NominationPolicy(electorate=ElectorateTiming.CURRENT_AT_CLOSE)),
        Policy(nomination=NominationPolicy(min_nominators=2, strict_pool=True)),
        Policy(nomination=NominationPolicy(period=dt.timedelta(days=1))),
    ]
)


@st.composite
def _logs(draw: st.DrawFn) -> list[GovernanceEvent]:
    """A listed roster, then nominations, ballots (many of them refused), resignations, answers
    and onboardings, with time steps that cross the close of a vote."""
    listed = draw(st.lists(st.sampled_from(HANDLES), min_size=1, max_size=5, unique=True))
    events: list[GovernanceEvent] = [MemberListed(Member(h.upper(), h), EPOCH) for h in listed]
    former = Member("Old", "old", status=MemberStatus.EMERITUS, left=dt.date(2025, 1, 1))
    events.append(MemberListed(former, EPOCH))
    nominee = Nominee("New", "new1", {Pool.TRIAGER})
    events.append(Nominated("n1", nominee, listed[0], EPOCH, tuple(listed[1:2])))
    at = EPOCH
    for _ in range(draw(st.integers(0, 30))):
        at += draw(st.sampled_from([dt.timedelta(0), dt.timedelta(hours=5), dt.timedelta(days=2)]))
        kind = draw(
            st.sampled_from(["nominate", "vote", "vote", "vote", "vote", "resign", "other"])
        )
        if kind == "nominate":
            nominee = Nominee(
                "New",
                draw(st.sampled_from(["new1", "new2", "ana"])),
                draw(st.sampled_from([(), (Pool.TRIAGER,)])),
            )
            seconders = tuple(draw(st.lists(st.sampled_from(HANDLES), max_size=1)))
            nominator = draw(st.sampled_from(VOTERS))
            events.append(
                Nominated(draw(st.sampled_from(NOMINATIONS)), nominee, nominator, at, seconders)
            )
        elif kind == "vote":
            choice = draw(st.sampled_from(Choice))
            voter = draw(st.sampled_from(VOTERS))
            target = draw(st.sampled_from(("n1", "n1", "n1", "n2", "n3")))
            events.append(BallotCast(target, voter, choice, at))
        elif kind == "resign":
            events.append(Resigned(draw(st.sampled_from(listed)), at))
        else:
            target = draw(st.sampled_from(NOMINATIONS))
            other: GovernanceEvent = (
                Onboarded(target, at)
                if draw(st.booleans())
                else SteeringCouncilAnswered(target, VetoAnswer.NO_VETO, at)
            )
            events.append(other)
    return events


def _old_fold(
    events: list[GovernanceEvent], policy: Policy
) -> tuple[GovernanceState, list[GovernanceEvent], list[tuple[int, GovernanceEvent, str, str]]]:
    """Apply each event with the old check, skipping refused ones: the state, what was
    accepted, and each refusal as (events accepted before it, event, rule, reason)."""
    state = GovernanceState()
    accepted: list[GovernanceEvent] = []
    refused: list[tuple[int, GovernanceEvent, str, str]] = []
    with mock.patch.object(BallotGate, "admits", _old_admits):
        for event in events:
            try:
                state = apply(state, event, policy=policy)
            except RuleViolationError as exc:
                refused.append((len(accepted), event, exc.rule, exc.reason))
                continue
            accepted.append(event)
    return state, accepted, refused


@given(_logs(), _POLICIES)
def test_replay_accepts_and_refuses_what_a_tally_per_ballot_did(
    events: list[GovernanceEvent], policy: Policy
) -> None:
    """R-C2, R-C6, R-C7, R-C8: over random logs (members and outsiders voting, the nominee
    voting, votes after the close, resignations between ballots, snapshot and at-close
    electorates), the replay ends in the state the old per-ballot tally gave, and refuses every
    event the old check refused, with the same rule, reason and event number."""
    state, accepted, refused = _old_fold(events, policy)
    assert replay(accepted, policy=policy) == state
    for before, event, rule, reason in refused:
        with pytest.raises(RuleViolationError) as info:
            replay([*accepted[:before], event], policy=policy)
        assert (info.value.rule, info.value.reason, info.value.location) == (
            rule,
            reason,
            f"event {before + 1}",
        )


def test_the_oracle_sees_accepted_and_refused_ballots() -> None:
    """The oracle is not vacuous: one log where it accepts a ballot and refuses three, each
    for its own rule (R-C8 outsider, R-C2 nominee, R-C6 closed)."""
    events: list[GovernanceEvent] = [
        MemberListed(Member("Ana", "ana"), EPOCH),
        MemberListed(Member("Ben", "ben"), EPOCH),
        Nominated("n1", Nominee("New", "new1", {Pool.TRIAGER}), "ana", EPOCH),
        BallotCast("n1", "BEN", Choice.YES, EPOCH + dt.timedelta(hours=1)),
        BallotCast("n1", "zed", Choice.YES, EPOCH + dt.timedelta(hours=2)),
        BallotCast("n1", "new1", Choice.YES, EPOCH + dt.timedelta(hours=3)),
        BallotCast("n1", "ana", Choice.YES, EPOCH + dt.timedelta(days=8)),
    ]
    _state, accepted, refused = _old_fold(events, Policy())
    assert len(accepted) == 4
    assert [(rule, reason) for _, _, rule, reason in refused] == [
        ("R-C8", "zed: not a PSRT member when the vote opened"),
        ("R-C2", "new1: the nominee cannot vote on their own nomination"),
        ("R-C6", "the vote on 'n1' is closed"),
    ]
    for before, event, rule, reason in refused:
        with pytest.raises(RuleViolationError) as info:
            replay([*accepted[:before], event])
        assert (info.value.rule, info.value.reason) == (rule, reason)


def test_a_gate_is_remade_when_the_roster_changes() -> None:
    """R-C8 with ``current_at_close``: a member who resigned after the vote opened can no
    longer vote; the gate made before the resignation is not reused after it."""
    policy = Policy(nomination=NominationPolicy(electorate=ElectorateTiming.CURRENT_AT_CLOSE))
    events: list[GovernanceEvent] = [
        MemberListed(Member("Ana", "ana"), EPOCH),
        MemberListed(Member("Ben", "ben"), EPOCH),
        Nominated("n1", Nominee("New", "new1", {Pool.TRIAGER}), "ana", EPOCH),
        BallotCast("n1", "ben", Choice.YES, EPOCH + dt.timedelta(hours=1)),
        Resigned("ben", EPOCH + dt.timedelta(hours=2)),
        BallotCast("n1", "ben", Choice.NO, EPOCH + dt.timedelta(hours=3)),
    ]
    with pytest.raises(RuleViolationError) as info:
        replay(events, policy=policy)
    assert (info.value.rule, info.value.reason, info.value.location) == (
        "R-C8",
        "ben: not a PSRT member when the vote closed",
        "event 6",
    )


def test_a_nomination_that_never_opens_admits_no_ballot() -> None:
    """R-C1, R-C2: a nomination by someone who is not a member never opens, so no ballot on it
    counts; the gate says so without a tally, as the tally per ballot did."""
    roster = Roster(members=(Member("Ana", "ana"), Member("Ben", "ben")))
    nomination = Nomination(Nominee("New", "new1", {Pool.TRIAGER}), "zed", EPOCH)
    gate = BallotGate.of(nomination, roster, Policy())
    ballot = Ballot("ben", Choice.YES, EPOCH + dt.timedelta(hours=1))
    assert gate.opens is False
    assert gate.admits(ballot) is False
    assert _old_admits(gate, ballot) is False
    assert tally(nomination, roster, at=EPOCH, policy=Policy()).outcome is Outcome.INVALID
