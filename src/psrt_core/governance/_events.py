"""The governance event log and its replay: state as a pure fold over immutable events.

`apply` checks each event against the rules and raises `RuleViolationError` (rule id and
reason) for one that breaks them; `replay` folds a whole log and names the event that failed,
so no event is ever dropped silently.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from typing import TypeVar

import attrs

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance._coordination import (
    CoordinationStatus,
    VulnerabilityReport,
    coordination_status,
)
from psrt_core.governance._council import (
    KIND_RULES,
    CouncillorVote,
    Motion,
    MotionDecision,
    MotionKind,
    VetoAnswer,
    decide_motion,
    resolve_council,
)
from psrt_core.governance._lifecycle import MEMBERSHIP_LIFECYCLE, transition
from psrt_core.governance._members import (
    ActivityKind,
    Attribute,
    Member,
    MemberStatus,
    Roster,
    check_handle,
    check_handles,
    handle_key,
    handle_validator,
    same_handle,
)
from psrt_core.governance._nominations import (
    COUNCIL_UNKNOWN_REASON,
    Ballot,
    BallotGate,
    Choice,
    Nomination,
    NominationDecision,
    Nominee,
    Outcome,
    nominee_conflicts,
    tally,
)
from psrt_core.governance._offboarding import Activity
from psrt_core.governance._policy import Policy
from psrt_core.governance._rules import DutyKind, Flag, RuleId, never
from psrt_core.governance._time import aware, instant, to_utc, to_utc_optional

__all__ = [
    "ActivityRecorded",
    "AdminDesignated",
    "AdminRevoked",
    "BallotCast",
    "CoordinatorAssigned",
    "Duty",
    "GovernanceEvent",
    "GovernanceState",
    "InactivityReportGenerated",
    "MemberListed",
    "MotionRecord",
    "Nominated",
    "NominationRecord",
    "Onboarded",
    "Removed",
    "Resigned",
    "SteeringCouncilAnswered",
    "SteeringCouncilMotionDecided",
    "SteeringCouncilSeated",
    "VulnerabilityReportFinished",
    "VulnerabilityReportReceived",
    "apply",
    "open_nominations",
    "pending_duties",
    "replay",
]

_R = TypeVar("_R")


@attrs.frozen
class MemberListed:
    """The published list at the start of the log; only allowed before any other event (R-A1)."""

    member: Member
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class Nominated:
    """A member nominated someone and the vote opened (R-C1)."""

    nomination: str
    nominee: Nominee
    nominator: str = attrs.field(validator=handle_validator)
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    seconders: tuple[str, ...] = attrs.field(default=(), converter=check_handles)


@attrs.frozen
class BallotCast:
    """A member cast a ballot on an open nomination (R-C2)."""

    nomination: str
    voter: str = attrs.field(validator=handle_validator)
    choice: Choice
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


def _handle_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(check_handles(value))


@attrs.frozen
class SteeringCouncilAnswered:
    """The Council's answer on a passing nomination, when only the answer is recorded (R-D1)."""

    nomination: str
    answer: VetoAnswer
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class SteeringCouncilMotionDecided:
    """The Council voted on a motion (veto, removal, admin designation or revocation)."""

    motion: str
    kind: MotionKind
    subject: str
    votes: tuple[CouncillorVote, ...]
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    conflicted: frozenset[str] = attrs.field(default=frozenset(), converter=_handle_set)

    def __attrs_post_init__(self) -> None:
        # A veto's subject is a nomination id; every other motion is about a member.
        if self.kind is not MotionKind.VETO:
            check_handle(self.subject)


@attrs.frozen
class SteeringCouncilSeated:
    """The Steering Council's membership from *at* on (PEP 13 › Electing the council).

    The log's own record of who may act as the Council: a motion is counted only against
    the council seated at its instant (R-D4). Before any such event the council is the one
    given to `replay` / `apply` (``steering_council=``), else unknown.
    """

    councillors: tuple[str, ...] = attrs.field(converter=check_handles)
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)

    def __attrs_post_init__(self) -> None:
        if not self.councillors:
            msg = "a seated Steering Council needs at least one councillor"
            raise ValueError(msg)


@attrs.frozen
class Onboarded:
    """A granted nominee was added to the list (R-D5)."""

    nomination: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class AdminDesignated:
    """A member became an admin under a carried Council motion (R-E1)."""

    member: str = attrs.field(validator=handle_validator)
    motion: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class AdminRevoked:
    """A member stopped being an admin under a carried Council motion (R-E3)."""

    member: str = attrs.field(validator=handle_validator)
    motion: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class Resigned:
    """A member resigned; they move to the emeritus list at once (R-F6)."""

    member: str = attrs.field(validator=handle_validator)
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class Removed:
    """The Council removed a member under a carried removal motion (R-F4)."""

    member: str = attrs.field(validator=handle_validator)
    motion: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class ActivityRecorded:
    """A member coordinated or commented on a vulnerability report (R-F2)."""

    member: str = attrs.field(validator=handle_validator)
    kind: ActivityKind
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    report: str | None = None


@attrs.frozen
class InactivityReportGenerated:
    """The admins sent the yearly inactivity report to the Council (R-F1)."""

    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class VulnerabilityReportReceived:
    """A vulnerability report (a GHSA ticket) arrived (R-H2 counts from here)."""

    report: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class CoordinatorAssigned:
    """A member took the coordinator role on a report, first or by hand-over (R-H3, R-H4)."""

    report: str
    member: str = attrs.field(validator=handle_validator)
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class VulnerabilityReportFinished:
    """A report reached a finished state (R-H2)."""

    report: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


GovernanceEvent = (
    MemberListed
    | Nominated
    | BallotCast
    | SteeringCouncilAnswered
    | SteeringCouncilMotionDecided
    | SteeringCouncilSeated
    | Onboarded
    | AdminDesignated
    | AdminRevoked
    | Resigned
    | Removed
    | ActivityRecorded
    | InactivityReportGenerated
    | VulnerabilityReportReceived
    | CoordinatorAssigned
    | VulnerabilityReportFinished
)
"""Every governance event type."""


@attrs.frozen
class NominationRecord:
    """A nomination in the log and whether its nominee was onboarded."""

    id: str
    nomination: Nomination
    onboarded: bool = False


@attrs.frozen
class MotionRecord:
    """A decided Council motion in the log."""

    id: str
    decision: MotionDecision
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    used: bool = False


@attrs.frozen
class GovernanceState:
    """Everything the log says at one time: the roster, nominations, motions, activity, reports.

    *at* is the time of the last applied event (``None`` before any event). *steering_council*
    is the Council the log last seated (`SteeringCouncilSeated`), ``None`` before any.
    *listing* says the log is still at its start (only members listed and a Council seated),
    where `MemberListed` is allowed.
    """

    at: datetime.datetime | None = attrs.field(default=None, converter=to_utc_optional)
    roster: Roster = attrs.field(factory=Roster)
    nominations: tuple[NominationRecord, ...] = ()
    motions: tuple[MotionRecord, ...] = ()
    activity: tuple[Activity, ...] = ()
    reports: tuple[VulnerabilityReport, ...] = ()
    last_inactivity_report: datetime.date | None = None
    started_at: datetime.datetime | None = attrs.field(default=None, converter=to_utc_optional)
    events: int = 0
    steering_council: frozenset[str] | None = None
    listing: bool = True


def _nomination(state: GovernanceState, key: str) -> NominationRecord:
    for record in state.nominations:
        if record.id == key:
            return record
    raise RuleViolationError(RuleId.R_C1, f"no nomination {key!r} in the log")


def _motion(state: GovernanceState, key: str, kind: MotionKind, subject: str) -> MotionRecord:
    rule = KIND_RULES[kind]
    for record in state.motions:
        if record.id == key:
            motion = record.decision.motion
            if motion.kind is not kind or not same_handle(motion.subject, subject):
                reason = f"motion {key!r} is not a {kind.value} motion about {subject!r}"
                raise RuleViolationError(rule, reason)
            if not record.decision.carried:
                raise RuleViolationError(rule, f"motion {key!r} did not carry")
            if record.used:
                raise RuleViolationError(rule, f"motion {key!r} was already enacted")
            return record
    raise RuleViolationError(rule, f"no Steering Council motion {key!r} in the log")


def _current(state: GovernanceState, handle: str, rule: RuleId, what: str) -> Member:
    member = next((m for m in state.roster.current if same_handle(m.github, handle)), None)
    if member is None:
        raise RuleViolationError(rule, f"{handle!r} is not a PSRT member, so cannot {what}")
    return member


def _replace_record(records: tuple[_R, ...], old: _R, new: _R) -> tuple[_R, ...]:
    return tuple(new if r is old else r for r in records)


def _standing(member: Member) -> str:
    """A current member's state in `MEMBERSHIP_LIFECYCLE` (only current members leave)."""
    return "admin" if member.has(Attribute.ADMIN) else "member"


def _leave(
    state: GovernanceState, member: Member, at: datetime.datetime, event: str
) -> GovernanceState:
    """Move *member* to the emeritus list as the membership lifecycle's *event* says (R-F7)."""
    status = MemberStatus(transition(MEMBERSHIP_LIFECYCLE, _standing(member), event))
    # The instant is kept too: a ballot cast later that day no longer counts (R-C2, R-C8).
    former = attrs.evolve(
        member.without_attribute(Attribute.ADMIN), status=status, left=at.date(), left_at=at
    )
    return attrs.evolve(state, roster=state.roster.replace(member, former))


@attrs.define
class _CurrentKeys:
    """The handle keys of *roster*'s current members: a replay's cache, so mutable."""

    roster: Roster | None
    keys: set[str]


@attrs.frozen
class _Context:
    """What every event handler may consult besides the state and the event.

    *gates* keeps each nomination's `BallotGate` across the events of one replay; a gate
    is used only for the roster and nomination it was made for, so a stale one is remade.
    """

    policy: Policy
    council: Collection[str] | None
    gates: dict[str, BallotGate] = attrs.field(factory=dict, eq=False)
    current: _CurrentKeys = attrs.field(factory=lambda: _CurrentKeys(None, set()), eq=False)

    def is_member(self, roster: Roster, handle: str) -> bool:
        """`Roster.is_member` (now), kept up to date while the log lists its members.

        Listing M members asked each time over the whole roster: O(M^2) for a long list.
        """
        current = self.current
        if current.roster is not roster:
            current.roster = roster
            current.keys = {m.key for m in roster.current if m.key is not None}
        return handle_key(handle) in current.keys

    def listed(self, before: Roster, after: Roster, member: Member) -> None:
        """Note that *after* is *before* plus *member*, if the keys are those of *before*."""
        current = self.current
        if current.roster is not before:
            return  # nothing known of *before*: `is_member` rebuilds for *after* if asked
        if member.key is not None and member.status is MemberStatus.MEMBER:
            current.keys.add(member.key)
        current.roster = after

    def gate(self, state: GovernanceState, record: NominationRecord) -> BallotGate:
        """The ballot gate of *record* on the current roster (made on first use)."""
        gate = self.gates.get(record.id)
        nomination = record.nomination
        if (
            gate is None
            or gate.roster is not state.roster
            or attrs.evolve(gate.nomination, ballots=()) != attrs.evolve(nomination, ballots=())
        ):
            gate = BallotGate.of(nomination, state.roster, self.policy)
            self.gates[record.id] = gate
        return gate

    def council_of(self, state: GovernanceState) -> frozenset[str] | None:
        """The Council now: the one the log seated, else the one given to `apply` (R-D4)."""
        return resolve_council(seated=state.steering_council, given=self.council)

    def tally(
        self, state: GovernanceState, nomination: Nomination, at: datetime.datetime
    ) -> NominationDecision:
        return tally(
            nomination,
            state.roster,
            at=at,
            policy=self.policy,
            steering_council=self.council_of(state) or (),
        )


def apply(
    state: GovernanceState,
    event: GovernanceEvent,
    *,
    policy: Policy | None = None,
    steering_council: Collection[str] | None = None,
) -> GovernanceState:
    """The state after *event*; `psrt_core.exceptions.RuleViolationError` if it breaks a rule.

    *steering_council* is the Council's membership until the log seats one
    (`SteeringCouncilSeated`); with neither, a Council motion is refused (R-D4).
    """
    return _applied(state, event, _Context(policy or Policy(), steering_council))


def _applied(state: GovernanceState, event: GovernanceEvent, ctx: _Context) -> GovernanceState:
    """`apply` with a context that a replay keeps from one event to the next."""
    if state.at is not None and event.at < state.at:
        raise RuleViolationError(
            RuleId.LOG, f"event at {event.at.isoformat()} is earlier than the previous event"
        )
    new = _apply(state, event, ctx)
    return attrs.evolve(
        new,
        at=event.at,
        events=state.events + 1,
        started_at=state.started_at or event.at,
        listing=state.listing and isinstance(event, (MemberListed, SteeringCouncilSeated)),
    )


def _apply(state: GovernanceState, event: GovernanceEvent, ctx: _Context) -> GovernanceState:
    """Dispatch on the event type; mypy checks that every event type has a case (`never`)."""
    match event:
        case MemberListed():
            return _member_listed(state, event, ctx)
        case Nominated():
            return _nominated(state, event, ctx)
        case BallotCast():
            return _ballot_cast(state, event, ctx)
        case SteeringCouncilAnswered():
            return _council_answered(state, event, ctx)
        case SteeringCouncilMotionDecided():
            return _motion_decided(state, event, ctx)
        case Onboarded():
            return _onboarded(state, event, ctx)
        case _:
            return _apply_other(state, event)


_OtherEvent = (
    SteeringCouncilSeated
    | AdminDesignated
    | AdminRevoked
    | Removed
    | Resigned
    | ActivityRecorded
    | InactivityReportGenerated
    | VulnerabilityReportReceived
    | CoordinatorAssigned
    | VulnerabilityReportFinished
)


def _apply_other(state: GovernanceState, event: _OtherEvent) -> GovernanceState:  # noqa: RET503
    """The events that need no tally: the roster, activity and reports."""
    match event:
        case SteeringCouncilSeated():
            return attrs.evolve(state, steering_council=frozenset(event.councillors))
        case AdminDesignated() | AdminRevoked() | Removed():
            return _motion_enacted(state, event)
        case Resigned():
            member = _current(state, event.member, RuleId.R_F6, "resign")
            return _leave(state, member, event.at, "resigned")
        case ActivityRecorded():
            _current(state, event.member, RuleId.R_F2, "record activity")
            activity = Activity(event.member, event.kind, event.at, event.report)
            return attrs.evolve(state, activity=(*state.activity, activity))
        case InactivityReportGenerated():
            return attrs.evolve(state, last_inactivity_report=event.at.date())
        case VulnerabilityReportReceived():
            return _report_received(state, event)
        case CoordinatorAssigned() | VulnerabilityReportFinished():
            return _report_changed(state, event)
        case _:  # pragma: no cover - unreachable by type
            never(event)


def _member_listed(state: GovernanceState, event: MemberListed, ctx: _Context) -> GovernanceState:
    """R-A1: the published list seeds the log; later, only a nomination adds a member."""
    if not state.listing:
        raise RuleViolationError(
            RuleId.R_A1,
            "members are listed only at the start of the log; later, only by nomination",
        )
    if event.member.github and ctx.is_member(state.roster, event.member.github):
        raise RuleViolationError(RuleId.R_A5, f"{event.member.github!r} is listed twice")
    roster = state.roster.add(event.member)
    ctx.listed(state.roster, roster, event.member)
    return attrs.evolve(state, roster=roster)


def _nominated(state: GovernanceState, event: Nominated, ctx: _Context) -> GovernanceState:
    """R-C1, R-A1, R-A2: a valid nomination by a member opens a vote; R-C10: the cooling-off."""
    if any(r.id == event.nomination for r in state.nominations):
        raise RuleViolationError(RuleId.R_C1, f"nomination {event.nomination!r} already exists")
    if not state.roster.is_member(event.nominator):
        raise RuleViolationError(
            RuleId.R_C1, f"the nominator {event.nominator!r} is not a PSRT member"
        )
    if event.nominee.github is not None and state.roster.is_member(event.nominee.github):
        raise RuleViolationError(
            RuleId.R_A1, f"the nominee {event.nominee.github!r} is already a PSRT member"
        )
    nomination = Nomination(event.nominee, event.nominator, event.at, seconders=event.seconders)
    decision = tally(nomination, state.roster, at=event.at, policy=ctx.policy)
    if decision.outcome is Outcome.INVALID:
        rule = RuleId.R_C1 if Flag.TOO_FEW_NOMINATORS in decision.flags else RuleId.R_A2
        raise RuleViolationError(rule, "; ".join(decision.reasons))
    _cooling_off(state, event, ctx.policy)
    record = NominationRecord(event.nomination, nomination)
    return attrs.evolve(state, nominations=(*state.nominations, record))


def _cooling_off(state: GovernanceState, event: Nominated, policy: Policy) -> None:
    """R-C10 (§K ``renomination_cooldown``): no renomination soon after a rejection or veto."""
    cooldown = policy.nomination.renomination_cooldown
    if cooldown is None or event.nominee.github is None:
        return
    for record in state.nominations:
        earlier = record.nomination
        if not same_handle(earlier.nominee.github, event.nominee.github):
            continue
        outcome = tally(earlier, state.roster, at=event.at, policy=policy).outcome
        if outcome in (Outcome.REJECTED, Outcome.VETOED) and (
            event.at < earlier.closes_at(policy) + cooldown
        ):
            raise RuleViolationError(
                RuleId.R_C10, f"{event.nominee.github!r} is in the cooling-off period"
            )


def _ballot_cast(state: GovernanceState, event: BallotCast, ctx: _Context) -> GovernanceState:
    """R-C2, R-C6, R-C8: a ballot the tally would count, on a vote that is still open.

    The gate says so in O(1) per ballot; only a refused ballot runs the tally, for its reason.
    """
    record = _nomination(state, event.nomination)
    nomination = record.nomination
    ballot = Ballot(event.voter, event.choice, event.at)
    if not ctx.gate(state, record).admits(ballot):
        _refuse(state, record, ballot, ctx)
    updated = attrs.evolve(
        record, nomination=attrs.evolve(nomination, ballots=(*nomination.ballots, ballot))
    )
    return attrs.evolve(state, nominations=_replace_record(state.nominations, record, updated))


def _refuse(
    state: GovernanceState, record: NominationRecord, ballot: Ballot, ctx: _Context
) -> None:
    """Raise why the tally would not count *ballot* (it runs on the nomination with it alone).

    The gate refused it, so the tally either finds the vote closed or ignores the ballot.
    """
    probe = attrs.evolve(record.nomination, ballots=(ballot,))
    decision = tally(probe, state.roster, at=ballot.cast_at, policy=ctx.policy)
    if decision.outcome is not Outcome.OPEN:
        raise RuleViolationError(RuleId.R_C6, f"the vote on {record.id!r} is closed")
    ignored = decision.ignored_ballots[0]
    raise RuleViolationError(ignored.rule, f"{ballot.voter}: {ignored.reason}")


def _council_answered(
    state: GovernanceState, event: SteeringCouncilAnswered, ctx: _Context
) -> GovernanceState:
    """R-D1, R-D2: the Council answers only on a vote that passed."""
    record = _nomination(state, event.nomination)
    _awaiting(state, record, event.at, ctx)
    updated = attrs.evolve(
        record, nomination=attrs.evolve(record.nomination, steering_council=event.answer)
    )
    return attrs.evolve(state, nominations=_replace_record(state.nominations, record, updated))


def _motion_decided(
    state: GovernanceState, event: SteeringCouncilMotionDecided, ctx: _Context
) -> GovernanceState:
    """R-D4: a motion is counted once, against the known Council; its subject must exist.

    Only the Council vetoes (R-D1), removes (R-F4) and designates or revokes admins (R-E1,
    R-E3): without a known Council at the motion's instant the motion is refused under the
    rule of its kind, never counted as carried.
    """
    if any(r.id == event.motion for r in state.motions):
        raise RuleViolationError(RuleId.R_D4, f"motion {event.motion!r} already exists")
    council = ctx.council_of(state)
    if council is None:
        raise RuleViolationError(KIND_RULES[event.kind], COUNCIL_UNKNOWN_REASON)
    motion = Motion(event.kind, event.subject, event.votes, event.conflicted, council)
    nominations = state.nominations
    conflicted: tuple[str, ...] = ()
    if event.kind is MotionKind.VETO:
        record = _nomination(state, event.subject)
        _awaiting(state, record, event.at, ctx)
        conflicted = nominee_conflicts(record.nomination.nominee)
        updated = attrs.evolve(
            record, nomination=attrs.evolve(record.nomination, steering_council=motion)
        )
        nominations = _replace_record(nominations, record, updated)
    else:
        _motion_subject(state, event)
    decision = decide_motion(motion, policy=ctx.policy, conflicted=conflicted)
    motions = (*state.motions, MotionRecord(event.motion, decision, event.at))
    return attrs.evolve(state, motions=motions, nominations=nominations)


_MOTION_WHAT = {
    MotionKind.REMOVAL: "be removed",
    MotionKind.ADMIN_DESIGNATION: "be designated an admin",
    MotionKind.ADMIN_REVOCATION: "lose the admin role",
}


def _motion_subject(state: GovernanceState, event: SteeringCouncilMotionDecided) -> None:
    """R-F4, R-E1, R-E3: a motion about a member needs a current member (an admin to revoke)."""
    rule = KIND_RULES[event.kind]
    member = _current(state, event.subject, rule, _MOTION_WHAT[event.kind])
    if event.kind is MotionKind.ADMIN_REVOCATION and not member.has(Attribute.ADMIN):
        raise RuleViolationError(rule, f"{event.subject!r} is not an admin")


def _onboarded(state: GovernanceState, event: Onboarded, ctx: _Context) -> GovernanceState:
    """R-D5, R-D1, R-A1: only a granted nominee who is not a member yet is added, once."""
    record = _nomination(state, event.nomination)
    if record.onboarded:
        raise RuleViolationError(RuleId.R_D5, f"{event.nomination!r} was already onboarded")
    outcome = ctx.tally(state, record.nomination, event.at).outcome
    if outcome is not Outcome.GRANTED:
        raise RuleViolationError(
            RuleId.R_D1, f"nomination {event.nomination!r} is {outcome.value}, not granted"
        )
    nominee = record.nomination.nominee
    if nominee.github is not None and state.roster.is_member(nominee.github):
        raise RuleViolationError(RuleId.R_A1, f"{nominee.github!r} is already a PSRT member")
    # A former member's earlier term stays on the roster as history, so that ballots cast
    # during that term keep counting (R-C8).
    # The instant of joining is kept so that a vote opened earlier that day does not count
    # the new member in its electorate (R-C8, S25).
    roster = state.roster.add(
        Member(nominee.name, nominee.github, joined=event.at.date(), joined_at=event.at)
    )
    updated = attrs.evolve(record, onboarded=True)
    nominations = _replace_record(state.nominations, record, updated)
    return attrs.evolve(state, roster=roster, nominations=nominations)


_ENACTED = {
    AdminDesignated: MotionKind.ADMIN_DESIGNATION,
    AdminRevoked: MotionKind.ADMIN_REVOCATION,
    Removed: MotionKind.REMOVAL,
}


def _motion_enacted(
    state: GovernanceState, event: AdminDesignated | AdminRevoked | Removed
) -> GovernanceState:
    """R-E1, R-E3, R-F4: a carried, unused Council motion about this member is enacted."""
    kind = _ENACTED[type(event)]
    motion_record = _motion(state, event.motion, kind, event.member)
    member = _current(state, event.member, KIND_RULES[kind], _MOTION_WHAT[kind])
    motions = _replace_record(state.motions, motion_record, attrs.evolve(motion_record, used=True))
    state = attrs.evolve(state, motions=motions)
    if isinstance(event, Removed):
        return _leave(state, member, event.at, "removed_by_steering_council")
    changed = (
        member.with_attribute(Attribute.ADMIN)
        if isinstance(event, AdminDesignated)
        else member.without_attribute(Attribute.ADMIN)
    )
    return attrs.evolve(state, roster=state.roster.replace(member, changed))


def _report_received(state: GovernanceState, event: VulnerabilityReportReceived) -> GovernanceState:
    """R-H2: a report is received once; its 90 days count from here."""
    if any(r.id == event.report for r in state.reports):
        raise RuleViolationError(RuleId.R_H2, f"report {event.report!r} already exists")
    report = VulnerabilityReport(event.report, event.at, last_activity_at=event.at)
    return attrs.evolve(state, reports=(*state.reports, report))


def _report_changed(
    state: GovernanceState, event: CoordinatorAssigned | VulnerabilityReportFinished
) -> GovernanceState:
    """R-H2, R-H4: only an open report changes, and only a member coordinates."""
    report = next((r for r in state.reports if r.id == event.report), None)
    if report is None or report.finished_at is not None:
        status = "no" if report is None else "no open"
        raise RuleViolationError(RuleId.R_H2, f"{status} report {event.report!r} in the log")
    if isinstance(event, CoordinatorAssigned):
        _current(state, event.member, RuleId.R_H4, "coordinate a report")
        changed = attrs.evolve(report, coordinator=event.member, last_activity_at=event.at)
    else:
        changed = attrs.evolve(report, finished_at=event.at)
    return attrs.evolve(state, reports=_replace_record(state.reports, report, changed))


def _awaiting(
    state: GovernanceState, record: NominationRecord, at: datetime.datetime, ctx: _Context
) -> None:
    decision = ctx.tally(state, record.nomination, at)
    if decision.outcome is not Outcome.AWAITING_STEERING_COUNCIL:
        raise RuleViolationError(
            RuleId.R_D2,
            f"the Steering Council can decide only a passing vote; {record.id!r} is "
            f"{decision.outcome.value}",
        )


def replay(
    events: Iterable[GovernanceEvent],
    *,
    at: datetime.datetime | None = None,
    policy: Policy | None = None,
    steering_council: Collection[str] | None = None,
) -> GovernanceState:
    """Fold *events* (in log order) up to *at*; a failing event is named as ``event N``.

    The whole log must be in time order, including the events after *at*: a log that is out of
    order is refused whatever time it is replayed to. A naive or out-of-range *at* is
    `~psrt_core.exceptions.InvalidInputError`.
    """
    if at is not None:
        at = instant(at)
    state = GovernanceState()
    ctx = _Context(policy or Policy(), steering_council)
    previous: datetime.datetime | None = None
    for number, event in enumerate(events, start=1):
        if previous is not None and event.at < previous:
            reason = f"event at {event.at.isoformat()} is earlier than the previous event"
            raise RuleViolationError(RuleId.LOG, reason, location=f"event {number}")
        previous = event.at
        if at is not None and event.at > at:
            continue
        try:
            state = _applied(state, event, ctx)
        except RuleViolationError as exc:
            raise RuleViolationError(exc.rule, exc.reason, location=f"event {number}") from None
    return state


def open_nominations(
    state: GovernanceState,
    *,
    at: datetime.datetime,
    policy: Policy | None = None,
    steering_council: Collection[str] = (),
) -> tuple[tuple[str, NominationDecision], ...]:
    """Every nomination with its decision at *at*, except those already onboarded.

    The Council is the one the log seated, else *steering_council*.
    """
    at = instant(at)
    council = resolve_council(seated=state.steering_council, given=steering_council) or ()
    return tuple(
        (
            record.id,
            tally(
                record.nomination,
                state.roster,
                at=at,
                policy=policy,
                steering_council=council,
            ),
        )
        for record in state.nominations
        if not record.onboarded
    )


@attrs.frozen
class Duty:
    """Something the admins or a coordinator must do, and the rule that asks for it."""

    kind: DutyKind = attrs.field(converter=DutyKind)
    subject: str
    rule: RuleId = attrs.field(converter=RuleId)
    message: str


def pending_duties(
    state: GovernanceState,
    *,
    at: datetime.datetime,
    policy: Policy | None = None,
    steering_council: Collection[str] = (),
) -> tuple[Duty, ...]:
    """What is owed at *at*: Council notices, onboarding, admins, reports, the yearly report.

    The Council is the one the log seated, else *steering_council*.
    """
    council = resolve_council(seated=state.steering_council, given=steering_council) or ()
    policy = policy or Policy()
    at = instant(at)
    return (
        *_nomination_duties(state, at, policy, council),
        *_admin_duties(state, policy),
        *_report_duties(state, at, policy, council),
        *_inactivity_duties(state, at, policy),
    )


def _nomination_duties(
    state: GovernanceState, at: datetime.datetime, policy: Policy, council: Collection[str]
) -> list[Duty]:
    """R-D1: tell the Council about a passing vote; R-D5: onboard a granted nominee."""
    duties = []
    for key, decision in open_nominations(state, at=at, policy=policy, steering_council=council):
        if decision.outcome is Outcome.AWAITING_STEERING_COUNCIL:
            duties.append(
                Duty(
                    DutyKind.NOTIFY_STEERING_COUNCIL,
                    key,
                    RuleId.R_D1,
                    "ask the Council for a veto or not",
                )
            )
        elif decision.outcome is Outcome.GRANTED:
            duties.append(
                Duty(DutyKind.ONBOARD, key, RuleId.R_D5, "add the new member to every venue")
            )
    return duties


def _admin_duties(state: GovernanceState, policy: Policy) -> list[Duty]:
    """R-E1: at least ``admins.min_count`` admins."""
    admins = len(state.roster.admins)
    if admins >= policy.admins.min_count:
        return []
    message = f"{admins} admin(s); the Council must designate at least {policy.admins.min_count}"
    return [Duty(DutyKind.DESIGNATE_ADMIN, "admins", RuleId.R_E1, message)]


def _report_duties(
    state: GovernanceState, at: datetime.datetime, policy: Policy, council: Collection[str]
) -> list[Duty]:
    """R-H2 to R-H4: every open report has a member as coordinator and is not overdue."""
    duties = []
    for report in state.reports:
        if report.finished_at is not None and report.finished_at <= at:
            continue
        status = coordination_status(
            report, state.roster, at=at, steering_council=council, policy=policy
        )
        if Flag.NO_COORDINATOR in status.flags:
            duties.append(
                Duty(DutyKind.ASSIGN_COORDINATOR, report.id, RuleId.R_H3, _assign_message(status))
            )
        elif Flag.COORDINATOR_NOT_A_MEMBER in status.flags:
            message = f"{report.coordinator} left the PSRT; hand the report to a member"
            duties.append(Duty(DutyKind.HAND_OVER_COORDINATOR, report.id, RuleId.R_H4, message))
        if status.overdue:
            duties.append(
                Duty(DutyKind.OVERDUE_REPORT, report.id, RuleId.R_H2, "past the 90-day target")
            )
    return duties


def _assign_message(status: CoordinationStatus) -> str:
    if Flag.AUTOASSIGN_DUE in status.flags:
        return f"auto-assign a coordinator ({status.assignee} by the default strategy)"
    if Flag.NO_AUTOASSIGN_CANDIDATE in status.flags:
        return "assign a coordinator by hand: no member may be auto-assigned"
    return "assign a coordinator"


def _inactivity_duties(state: GovernanceState, at: datetime.datetime, policy: Policy) -> list[Duty]:
    """R-F1: the inactivity report every ``report_every`` (a year) since the last or the start."""
    last = state.last_inactivity_report
    since = last if last is not None else (state.started_at.date() if state.started_at else None)
    if since is None or at.date() < since + policy.inactivity.report_every:
        return []
    message = "the yearly inactivity report is due"
    return [Duty(DutyKind.INACTIVITY_REPORT, "roster", RuleId.R_F1, message)]
