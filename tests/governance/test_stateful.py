"""A stateful test: nominate, vote, close, Council, onboard, resign and remove against a model.

The model is deliberately naive (sets and dicts, membership as ``[joined, left)`` intervals of
instants), written from the rules document rather than from the implementation: R-C1, R-C2,
R-C3, R-C6, R-C8, R-D1, R-D2, R-F4, R-F6. A ballot counts only from someone who was a member
when the vote opened *and* still is when casting it (R-C2, R-C8: "only a ballot cast before
removal is kept").
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    BallotCast,
    Choice,
    CouncilChoice,
    CouncillorVote,
    GovernanceEvent,
    GovernanceState,
    Member,
    MemberListed,
    MotionKind,
    Nominated,
    Nominee,
    Onboarded,
    Pool,
    Removed,
    Resigned,
    SteeringCouncilAnswered,
    SteeringCouncilMotionDecided,
    VetoAnswer,
    apply,
    replay,
)

UTC = dt.timezone.utc
START = dt.datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
PEOPLE = [f"p{i}" for i in range(8)]


class GovernanceMachine(RuleBasedStateMachine):
    """Drives the event log and checks every accepted or rejected event against the model."""

    def __init__(self) -> None:
        super().__init__()
        self.state = GovernanceState()
        self.events: list[GovernanceEvent] = []
        self.now = START
        self.counter = 0
        # model: handle -> list of [joined, left) intervals of instants
        self.terms: dict[str, list[tuple[dt.datetime, dt.datetime | None]]] = {}
        # model: nomination id -> dict
        self.noms: dict[str, dict[str, object]] = {}

    # -- model helpers --------------------------------------------------------------------------

    def member_at(self, handle: str, instant: dt.datetime) -> bool:
        """Whether the model has *handle* as a member at *instant*: ``joined <= t < left``."""
        return any(
            j <= instant and (left is None or instant < left)
            for j, left in self.terms.get(handle, [])
        )

    def is_member(self, handle: str) -> bool:
        """Whether the model has *handle* as a current member."""
        return any(left is None for _, left in self.terms.get(handle, []))

    def passed(self, key: str) -> bool:
        """The model's tally: at least two-thirds of the votes cast, at least one vote."""
        votes = self.noms[key]["votes"]
        assert isinstance(votes, dict)
        yes = sum(1 for c in votes.values() if c is Choice.YES)
        no = sum(1 for c in votes.values() if c is Choice.NO)
        return yes + no >= 1 and 3 * yes >= 2 * (yes + no)

    def closed(self, key: str) -> bool:
        """Whether the model's week for *key* is over at the next event's time."""
        opened = self.noms[key]["opened"]
        assert isinstance(opened, dt.datetime)
        # The next event is stamped one second later (see `submit`).
        return self.now + dt.timedelta(seconds=1) >= opened + dt.timedelta(days=7)

    def submit(self, event: GovernanceEvent, *, expected: bool) -> bool:
        """Apply *event* and check that acceptance matches the model's *expected*."""
        # One second per event: two ballots of one voter never share an instant (R-C7).
        self.now += dt.timedelta(seconds=1)
        event = attrs.evolve(event, at=self.now)
        try:
            new = apply(self.state, event)
        except RuleViolationError:
            assert not expected, f"rejected an allowed event {event!r}"
            return False
        assert expected, f"accepted a forbidden event {event!r}"
        self.state = new
        self.events.append(event)
        return True

    # -- rules ----------------------------------------------------------------------------------

    @initialize(size=st.integers(2, 5))
    def list_members(self, size: int) -> None:
        """Seed the log with *size* listed members."""
        for handle in PEOPLE[:size]:
            self.submit(MemberListed(Member(handle.upper(), handle), self.now), expected=True)
            self.terms[handle] = [(dt.datetime.min.replace(tzinfo=UTC), None)]

    @rule(days=st.sampled_from((0, 1, 3, 8)))
    def wait(self, days: int) -> None:
        """Let some days pass."""
        self.now += dt.timedelta(days=days)

    def pick(self, data: st.DataObject, preferred: list[str], others: list[str]) -> str:
        """Mostly one of *preferred* (so that events are accepted), sometimes anyone."""
        roll: int = data.draw(st.integers(0, 3))
        if preferred and roll > 0:
            return data.draw(st.sampled_from(sorted(preferred)))
        return data.draw(st.sampled_from(others))

    @rule(data=st.data())
    def nominate(self, data: st.DataObject) -> None:
        """A member (or, sometimes, anyone) nominates someone."""
        members = [h for h in PEOPLE if self.is_member(h)]
        nominee = self.pick(data, [h for h in PEOPLE if h not in members], PEOPLE)
        nominator = self.pick(data, members, [*PEOPLE, "outsider"])
        self.counter += 1
        key = f"n{self.counter}"
        expected = self.is_member(nominator) and not self.is_member(nominee)
        event = Nominated(
            key, Nominee(nominee, nominee, frozenset({Pool.TRIAGER})), nominator, self.now
        )
        if self.submit(event, expected=expected):
            self.noms[key] = {
                "nominee": nominee,
                "opened": self.now,
                "votes": {},
                "answer": None,
                "onboarded": False,
            }

    @precondition(lambda self: bool(self.noms))
    @rule(
        data=st.data(), voter=st.sampled_from([*PEOPLE, "outsider"]), choice=st.sampled_from(Choice)
    )
    def vote(self, data: st.DataObject, voter: str, choice: Choice) -> None:
        """Someone casts a ballot on some nomination."""
        key = data.draw(st.sampled_from(sorted(self.noms)))
        nom = self.noms[key]
        opened = nom["opened"]
        assert isinstance(opened, dt.datetime)
        expected = (
            not self.closed(key)
            and voter != nom["nominee"]
            and self.member_at(voter, opened)
            # the ballot is stamped one second later (see `submit`)
            and self.member_at(voter, self.now + dt.timedelta(seconds=1))
        )
        if self.submit(BallotCast(key, voter, choice, self.now), expected=expected):
            votes = nom["votes"]
            assert isinstance(votes, dict)
            votes[voter] = choice

    @precondition(lambda self: bool(self.noms))
    @rule(data=st.data())
    def everyone_votes_yes(self, data: st.DataObject) -> None:
        """Every person tries to vote yes on one nomination."""
        key = data.draw(st.sampled_from(sorted(self.noms)))
        for voter in PEOPLE:
            self.cast(key, voter, Choice.YES)

    def cast(self, key: str, voter: str, choice: Choice) -> None:
        """Cast one ballot and record it in the model when accepted."""
        nom = self.noms[key]
        opened = nom["opened"]
        assert isinstance(opened, dt.datetime)
        expected = (
            not self.closed(key)
            and voter != nom["nominee"]
            and self.member_at(voter, opened)
            # the ballot is stamped one second later (see `submit`)
            and self.member_at(voter, self.now + dt.timedelta(seconds=1))
        )
        if self.submit(BallotCast(key, voter, choice, self.now), expected=expected):
            votes = nom["votes"]
            assert isinstance(votes, dict)
            votes[voter] = choice

    @precondition(lambda self: bool(self.noms))
    @rule(data=st.data(), answer=st.sampled_from(VetoAnswer))
    def council_answers(self, data: st.DataObject, answer: VetoAnswer) -> None:
        """The Council answers on a nomination, ready or not."""
        ready = [k for k in self.noms if self.closed(k) and self.passed(k)]
        key = self.pick(data, ready, sorted(self.noms))
        nom = self.noms[key]
        expected = (
            self.closed(key) and self.passed(key) and nom["answer"] is None and not nom["onboarded"]
        )
        if self.submit(SteeringCouncilAnswered(key, answer, self.now), expected=expected):
            nom["answer"] = answer

    @precondition(lambda self: bool(self.noms))
    @rule(data=st.data())
    def onboard(self, data: st.DataObject) -> None:
        """Onboard a nomination's nominee, granted or not."""
        ready = [k for k, n in self.noms.items() if n["answer"] is VetoAnswer.NO_VETO]
        key = self.pick(data, ready, sorted(self.noms))
        nom = self.noms[key]
        nominee = nom["nominee"]
        assert isinstance(nominee, str)
        expected = (
            nom["answer"] is VetoAnswer.NO_VETO
            and not nom["onboarded"]
            and not self.is_member(nominee)
        )
        if self.submit(Onboarded(key, self.now), expected=expected):
            nom["onboarded"] = True
            self.terms.setdefault(nominee, []).append((self.now, None))

    def _leave(self, handle: str) -> None:
        """End every open term of *handle* now."""
        self.terms[handle] = [
            (joined, self.now if left is None else left) for joined, left in self.terms[handle]
        ]

    @rule(handle=st.sampled_from(PEOPLE))
    def resign(self, handle: str) -> None:
        """Someone resigns."""
        if self.submit(Resigned(handle.upper(), self.now), expected=self.is_member(handle)):
            self._leave(handle)

    @rule(handle=st.sampled_from(PEOPLE), in_favour=st.integers(0, 5))
    def council_removes(self, handle: str, in_favour: int) -> None:
        """The Council votes on removing someone, then the removal is enacted."""
        self.counter += 1
        motion = f"m{self.counter}"
        votes = tuple(
            CouncillorVote(f"sc{i}", CouncilChoice.FOR if i < in_favour else CouncilChoice.AGAINST)
            for i in range(5)
        )
        decided = SteeringCouncilMotionDecided(motion, MotionKind.REMOVAL, handle, votes, self.now)
        if not self.submit(decided, expected=self.is_member(handle)):
            return
        carried = in_favour >= 3
        if self.submit(Removed(handle, motion, self.now), expected=carried):
            self._leave(handle)

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def roster_matches_the_model(self) -> None:
        """The replayed roster's members are the model's members."""
        current = sorted(m.key or "" for m in self.state.roster.current)
        assert current == sorted(h for h in self.terms if self.is_member(h))

    @invariant()
    def replay_of_the_log_is_the_state(self) -> None:
        """Replaying the accepted events gives the same state."""
        assert replay(self.events) == self.state


GovernanceMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None
)
test_governance_machine = GovernanceMachine.TestCase
