"""Hypothesis strategies for governance: members, rosters, ballots, nominations, histories."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    ActivityKind,
    ActivityRecorded,
    Attribute,
    Ballot,
    BallotCast,
    Choice,
    CouncilChoice,
    CouncillorVote,
    GovernanceEvent,
    GovernanceState,
    Member,
    MemberListed,
    MemberStatus,
    MotionKind,
    Nominated,
    Nomination,
    Nominee,
    Onboarded,
    Outcome,
    Pool,
    Removed,
    Resigned,
    Roster,
    SteeringCouncilAnswered,
    SteeringCouncilMotionDecided,
    SteeringCouncilSeated,
    VetoAnswer,
    apply,
    handle_key,
    tally,
)

__all__ = [
    "ballots",
    "governance_histories",
    "handles",
    "members",
    "nominations",
    "rosters",
]

_EPOCH = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.timezone.utc)


def handles() -> st.SearchStrategy[str]:
    """GitHub-style handles, in mixed letter case (handles compare case-insensitively)."""
    return st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}(-[A-Za-z0-9]{1,4})?", fullmatch=True)


def members(*, current: bool | None = None) -> st.SearchStrategy[Member]:
    """Members with a handle and some attributes; *current* fixes the status."""
    attributes = st.lists(st.sampled_from(Attribute), unique=True, max_size=3).map(tuple)

    @st.composite
    def build(draw: st.DrawFn) -> Member:
        is_current = draw(st.booleans()) if current is None else current
        joined = draw(st.none() | st.dates(datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)))
        left = None
        if not is_current:
            start = joined or datetime.date(2020, 1, 1)
            left = draw(st.none() | st.dates(start, datetime.date(2026, 12, 31)))
        return Member(
            name=draw(st.text(st.characters(codec="utf-8", categories=["L"]), min_size=1)),
            github=draw(handles()),
            attributes=draw(attributes),
            status=MemberStatus.MEMBER if is_current else MemberStatus.EMERITUS,
            joined=joined,
            left=left,
        )

    return build()


def rosters(*, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[Roster]:
    """Rosters whose handles are unique ignoring case; at least *min_size* current members."""
    if min_size < 0 or max_size < min_size:
        msg = f"need 0 <= min_size <= max_size, got min_size={min_size}, max_size={max_size}"
        raise InvalidArgument(msg)

    @st.composite
    def build(draw: st.DrawFn) -> Roster:
        current = draw(
            st.lists(
                members(current=True),
                min_size=min_size,
                max_size=max_size,
                unique_by=lambda m: m.key,
            )
        )
        taken = {m.key for m in current}
        former = draw(
            st.lists(members(current=False), max_size=3, unique_by=lambda m: m.key).map(
                lambda items: [m for m in items if m.key not in taken]
            )
        )
        return Roster((*current, *former))

    return build()


def ballots(
    *,
    voters: Sequence[str] | None = None,
    opened_at: datetime.datetime = _EPOCH,
    period: datetime.timedelta = datetime.timedelta(days=7),
) -> st.SearchStrategy[Ballot]:
    """Ballots cast inside ``[opened_at, opened_at + period)`` by one of *voters*."""
    voter = handles() if voters is None else st.sampled_from(list(voters))
    seconds = int(period.total_seconds()) - 1
    return st.builds(
        Ballot,
        voter=voter,
        choice=st.sampled_from(Choice),
        cast_at=st.integers(0, seconds).map(lambda s: opened_at + datetime.timedelta(seconds=s)),
    )


def nominations(
    *, roster: Roster | None = None, max_ballots: int = 15
) -> st.SearchStrategy[Nomination]:
    """Valid nominations by a current member of *roster*, with ballots from its members."""

    @st.composite
    def build(draw: st.DrawFn) -> Nomination:
        source = roster if roster is not None else draw(rosters(min_size=1))
        if not source.current:
            msg = "nominations() needs a roster with at least one current member"
            raise InvalidArgument(msg)
        voters = [m.github for m in source.current if m.github]
        taken = {handle_key(v) for v in voters} | {m.key for m in source.members}
        nominee = draw(handles().filter(lambda h: handle_key(h) not in taken))
        return Nomination(
            nominee=Nominee(
                "Nominee", nominee, draw(st.frozensets(st.sampled_from(Pool), max_size=2))
            ),
            nominator=draw(st.sampled_from(voters)),
            opened_at=_EPOCH,
            ballots=tuple(draw(st.lists(ballots(voters=voters), max_size=max_ballots))),
        )

    return build()


@st.composite
def governance_histories(draw: st.DrawFn, *, max_events: int = 25) -> tuple[GovernanceEvent, ...]:
    """Event logs that replay without a rule violation.

    A listed roster, then nominations, ballots, Council answers and motions, onboarding,
    resignations, removals and activity.
    """
    roster = draw(rosters(min_size=2, max_size=6))
    at = _EPOCH
    council = ("sc1", "sc2", "sc3")
    # The Council is seated first: a removal motion counts only against a seated Council (R-D4).
    events: list[GovernanceEvent] = [
        *(MemberListed(m, at) for m in roster.current),
        SteeringCouncilSeated(council, at),
    ]
    state = GovernanceState()
    for event in events:
        state = apply(state, event)
    for number in range(draw(st.integers(0, max_events))):
        at += datetime.timedelta(hours=draw(st.sampled_from((0, 1, 6, 12, 24, 200))))
        # Never empty: removals and resignations leave at least one current member.
        current = [m.github for m in state.roster.current if m.github]
        kind = draw(
            st.sampled_from(
                (
                    "nominate",
                    "vote",
                    "vote",
                    "vote",
                    "answer",
                    "motion",
                    "decide",
                    "resign",
                    "activity",
                )
            )
        )
        nomination_ids = [r.id for r in state.nominations]
        outcomes = {
            r.id: tally(r.nomination, state.roster, at=at).outcome
            for r in state.nominations
            if not r.onboarded
        }
        awaiting = [k for k, o in outcomes.items() if o is Outcome.AWAITING_STEERING_COUNCIL]
        candidate: GovernanceEvent
        then: list[GovernanceEvent] = []
        if kind == "nominate":
            candidate = Nominated(
                f"n{number}",
                Nominee(f"Person {number}", f"person{number}", frozenset({Pool.CORE_TEAM})),
                draw(st.sampled_from(current)),
                at,
            )
        elif kind == "vote" and nomination_ids:
            candidate = BallotCast(
                draw(st.sampled_from(nomination_ids)),
                draw(st.sampled_from(current)),
                draw(st.sampled_from(Choice)),
                at,
            )
        elif kind == "answer" and awaiting:
            candidate = SteeringCouncilAnswered(
                draw(st.sampled_from(awaiting)), draw(st.sampled_from(VetoAnswer)), at
            )
        elif kind == "motion" and len(current) > 1:
            subject = draw(st.sampled_from(current))
            votes = tuple(CouncillorVote(c, draw(st.sampled_from(CouncilChoice))) for c in council)
            candidate = SteeringCouncilMotionDecided(
                f"m{number}", MotionKind.REMOVAL, subject, votes, at
            )
            then = [Removed(subject, f"m{number}", at)]  # applies only if the motion carried
        elif kind == "decide" and outcomes:
            # Every current member votes yes, the week passes, the Council does not veto and
            # the nominee is onboarded (R-C3, R-D1); the chain stops at its first refused event.
            chosen = draw(st.sampled_from(sorted(outcomes)))
            candidate = BallotCast(chosen, current[0], Choice.YES, at)
            closed = at + datetime.timedelta(days=8)
            then = [BallotCast(chosen, voter, Choice.YES, at) for voter in current[1:]]
            then += [SteeringCouncilAnswered(chosen, VetoAnswer.NO_VETO, closed)]
            then += [Onboarded(chosen, closed)]
            at = closed
        elif kind == "resign" and len(current) > 1:
            candidate = Resigned(draw(st.sampled_from(current)), at)
        else:
            candidate = ActivityRecorded(
                draw(st.sampled_from(current)), draw(st.sampled_from(ActivityKind)), at
            )
        for event in (candidate, *then):  # the first refused event ends the step
            try:
                state = apply(state, event)
            except RuleViolationError:
                break
            events.append(event)
    return tuple(events)
