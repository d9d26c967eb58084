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
from psrt_core.governance._coordination import VulnerabilityReport, coordination_status
from psrt_core.governance._council import (
    CouncillorVote,
    Motion,
    MotionDecision,
    MotionKind,
    VetoAnswer,
    decide_motion,
)
from psrt_core.governance._members import (
    ActivityKind,
    Attribute,
    Member,
    MemberStatus,
    Roster,
    same_handle,
)
from psrt_core.governance._nominations import (
    Ballot,
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
from psrt_core.governance._time import aware, to_utc, to_utc_optional

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
    nominator: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    seconders: tuple[str, ...] = ()


@attrs.frozen
class BallotCast:
    """A member cast a ballot on an open nomination (R-C2)."""

    nomination: str
    voter: str
    choice: Choice
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


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
    conflicted: frozenset[str] = frozenset()


@attrs.frozen
class Onboarded:
    """A granted nominee was added to the list (R-D5)."""

    nomination: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class AdminDesignated:
    """A member became an admin under a carried Council motion (R-E1)."""

    member: str
    motion: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class AdminRevoked:
    """A member stopped being an admin under a carried Council motion (R-E3)."""

    member: str
    motion: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class Resigned:
    """A member resigned; they move to the emeritus list at once (R-F6)."""

    member: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class Removed:
    """The Council removed a member under a carried removal motion (R-F4)."""

    member: str
    motion: str
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


@attrs.frozen
class ActivityRecorded:
    """A member coordinated or commented on a vulnerability report (R-F2)."""

    member: str
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
    member: str
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

    *at* is the time of the last applied event (``None`` before any event).
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


def _nomination(state: GovernanceState, key: str) -> NominationRecord:
    for record in state.nominations:
        if record.id == key:
            return record
    raise RuleViolationError("R-C1", f"no nomination {key!r} in the log")


def _motion(state: GovernanceState, key: str, kind: MotionKind, subject: str) -> MotionRecord:
    rule = {
        MotionKind.REMOVAL: "R-F4",
        MotionKind.ADMIN_DESIGNATION: "R-E1",
        MotionKind.ADMIN_REVOCATION: "R-E3",
    }[kind]
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


def _current(state: GovernanceState, handle: str, rule: str, what: str) -> Member:
    member = next((m for m in state.roster.current if same_handle(m.github, handle)), None)
    if member is None:
        raise RuleViolationError(rule, f"{handle!r} is not a PSRT member, so cannot {what}")
    return member


def _replace_record(records: tuple[_R, ...], old: _R, new: _R) -> tuple[_R, ...]:
    return tuple(new if r is old else r for r in records)


def _leave(state: GovernanceState, member: Member, at: datetime.datetime) -> GovernanceState:
    # The instant is kept too: a ballot cast later that day no longer counts (R-C2, R-C8).
    former = attrs.evolve(
        member.without_attribute(Attribute.ADMIN),
        status=MemberStatus.EMERITUS,
        left=at.date(),
        left_at=at,
    )
    return attrs.evolve(state, roster=state.roster.replace(member, former))


def apply(
    state: GovernanceState,
    event: GovernanceEvent,
    *,
    policy: Policy | None = None,
    steering_council: Collection[str] | None = None,
) -> GovernanceState:
    """The state after *event*; `psrt_core.exceptions.RuleViolationError` if it breaks a rule."""
    policy = policy or Policy()
    if state.at is not None and event.at < state.at:
        raise RuleViolationError(
            "LOG", f"event at {event.at.isoformat()} is earlier than the previous event"
        )
    new = _apply(state, event, policy, steering_council)
    return attrs.evolve(
        new,
        at=event.at,
        events=state.events + 1,
        started_at=state.started_at or event.at,
    )


def _apply(  # noqa: PLR0915 - one branch per event type, in the table's order
    state: GovernanceState,
    event: GovernanceEvent,
    policy: Policy,
    council: Collection[str] | None,
) -> GovernanceState:
    at = event.at
    if isinstance(event, MemberListed):
        if state.events != len(state.roster.members):
            raise RuleViolationError(
                "R-A1", "members are listed only at the start of the log; later, only by nomination"
            )
        if event.member.github and state.roster.is_member(event.member.github):
            raise RuleViolationError("R-A5", f"{event.member.github!r} is listed twice")
        return attrs.evolve(state, roster=state.roster.add(event.member))
    if isinstance(event, Nominated):
        if any(r.id == event.nomination for r in state.nominations):
            raise RuleViolationError("R-C1", f"nomination {event.nomination!r} already exists")
        if not state.roster.is_member(event.nominator):
            raise RuleViolationError(
                "R-C1", f"the nominator {event.nominator!r} is not a PSRT member"
            )
        if event.nominee.github is not None and state.roster.is_member(event.nominee.github):
            raise RuleViolationError(
                "R-A1", f"the nominee {event.nominee.github!r} is already a PSRT member"
            )
        nomination = Nomination(event.nominee, event.nominator, at, seconders=event.seconders)
        decision = tally(nomination, state.roster, at=at, policy=policy)
        if decision.outcome is Outcome.INVALID:
            rule = "R-C1" if "too_few_nominators" in decision.flags else "R-A2"
            raise RuleViolationError(rule, "; ".join(decision.reasons))
        cooldown = policy.nomination.renomination_cooldown
        if cooldown is not None and event.nominee.github is not None:
            for record in state.nominations:
                earlier = record.nomination
                if not same_handle(earlier.nominee.github, event.nominee.github):
                    continue
                outcome = tally(earlier, state.roster, at=at, policy=policy).outcome
                if outcome in (Outcome.REJECTED, Outcome.VETOED) and (
                    at < earlier.closes_at(policy) + cooldown
                ):
                    raise RuleViolationError(
                        "R-C10", f"{event.nominee.github!r} is in the cooling-off period"
                    )
        record = NominationRecord(event.nomination, nomination)
        return attrs.evolve(state, nominations=(*state.nominations, record))
    if isinstance(event, BallotCast):
        record = _nomination(state, event.nomination)
        nomination = record.nomination
        ballot = Ballot(event.voter, event.choice, at)
        probe = attrs.evolve(nomination, ballots=(ballot,))
        decision = tally(probe, state.roster, at=at, policy=policy)
        if decision.outcome is not Outcome.OPEN:
            raise RuleViolationError("R-C6", f"the vote on {event.nomination!r} is closed")
        if decision.ignored_ballots:
            ignored = decision.ignored_ballots[0]
            raise RuleViolationError(ignored.rule, f"{event.voter}: {ignored.reason}")
        updated = attrs.evolve(
            record, nomination=attrs.evolve(nomination, ballots=(*nomination.ballots, ballot))
        )
        return attrs.evolve(state, nominations=_replace_record(state.nominations, record, updated))
    if isinstance(event, SteeringCouncilAnswered):
        record = _nomination(state, event.nomination)
        _awaiting(state, record, at, policy, council)
        updated = attrs.evolve(
            record, nomination=attrs.evolve(record.nomination, steering_council=event.answer)
        )
        return attrs.evolve(state, nominations=_replace_record(state.nominations, record, updated))
    if isinstance(event, SteeringCouncilMotionDecided):
        if any(r.id == event.motion for r in state.motions):
            raise RuleViolationError("R-D4", f"motion {event.motion!r} already exists")
        motion = Motion(event.kind, event.subject, event.votes, event.conflicted)
        nominations = state.nominations
        conflicted: tuple[str, ...] = ()
        if event.kind is MotionKind.VETO:
            record = _nomination(state, event.subject)
            _awaiting(state, record, at, policy, council)
            conflicted = nominee_conflicts(record.nomination.nominee)
            updated = attrs.evolve(
                record, nomination=attrs.evolve(record.nomination, steering_council=motion)
            )
            nominations = _replace_record(nominations, record, updated)
        elif event.kind is MotionKind.REMOVAL:
            _current(state, event.subject, "R-F4", "be removed")
        elif event.kind is MotionKind.ADMIN_DESIGNATION:
            _current(state, event.subject, "R-E1", "be designated an admin")
        else:
            member = _current(state, event.subject, "R-E3", "lose the admin role")
            if not member.has(Attribute.ADMIN):
                raise RuleViolationError("R-E3", f"{event.subject!r} is not an admin")
        motion_decision = decide_motion(
            motion, council=council, policy=policy, conflicted=conflicted
        )
        motions = (*state.motions, MotionRecord(event.motion, motion_decision, at))
        return attrs.evolve(state, motions=motions, nominations=nominations)
    if isinstance(event, Onboarded):
        record = _nomination(state, event.nomination)
        if record.onboarded:
            raise RuleViolationError("R-D5", f"{event.nomination!r} was already onboarded")
        outcome = tally(
            record.nomination, state.roster, at=at, policy=policy, steering_council=council or ()
        ).outcome
        if outcome is not Outcome.GRANTED:
            raise RuleViolationError(
                "R-D1", f"nomination {event.nomination!r} is {outcome.value}, not granted"
            )
        nominee = record.nomination.nominee
        if nominee.github is not None and state.roster.is_member(nominee.github):
            raise RuleViolationError("R-A1", f"{nominee.github!r} is already a PSRT member")
        # A former member's earlier term stays on the roster as history, so that ballots cast
        # during that term keep counting (R-C8).
        # The instant of joining is kept so that a vote opened earlier that day does not count
        # the new member in its electorate (R-C8, S25).
        roster = state.roster.add(
            Member(nominee.name, nominee.github, joined=at.date(), joined_at=at)
        )
        updated = attrs.evolve(record, onboarded=True)
        nominations = _replace_record(state.nominations, record, updated)
        return attrs.evolve(state, roster=roster, nominations=nominations)
    if isinstance(event, (AdminDesignated, AdminRevoked, Removed)):
        kind, rule, what = {
            AdminDesignated: (MotionKind.ADMIN_DESIGNATION, "R-E1", "be designated an admin"),
            AdminRevoked: (MotionKind.ADMIN_REVOCATION, "R-E3", "lose the admin role"),
            Removed: (MotionKind.REMOVAL, "R-F4", "be removed"),
        }[type(event)]
        motion_record = _motion(state, event.motion, kind, event.member)
        member = _current(state, event.member, rule, what)
        motions = _replace_record(
            state.motions, motion_record, attrs.evolve(motion_record, used=True)
        )
        state = attrs.evolve(state, motions=motions)
        if isinstance(event, Removed):
            return _leave(state, member, at)
        changed = (
            member.with_attribute(Attribute.ADMIN)
            if isinstance(event, AdminDesignated)
            else member.without_attribute(Attribute.ADMIN)
        )
        return attrs.evolve(state, roster=state.roster.replace(member, changed))
    if isinstance(event, Resigned):
        member = _current(state, event.member, "R-F6", "resign")
        return _leave(state, member, at)
    if isinstance(event, ActivityRecorded):
        _current(state, event.member, "R-F2", "record activity")
        activity = Activity(event.member, event.kind, at, event.report)
        return attrs.evolve(state, activity=(*state.activity, activity))
    if isinstance(event, InactivityReportGenerated):
        return attrs.evolve(state, last_inactivity_report=at.date())
    if isinstance(event, VulnerabilityReportReceived):
        if any(r.id == event.report for r in state.reports):
            raise RuleViolationError("R-H2", f"report {event.report!r} already exists")
        report = VulnerabilityReport(event.report, at, last_activity_at=at)
        return attrs.evolve(state, reports=(*state.reports, report))
    report_record = next((r for r in state.reports if r.id == event.report), None)
    if report_record is None or report_record.finished_at is not None:
        status = "no" if report_record is None else "no open"
        raise RuleViolationError("R-H2", f"{status} report {event.report!r} in the log")
    if isinstance(event, CoordinatorAssigned):
        _current(state, event.member, "R-H4", "coordinate a report")
        changed_report = attrs.evolve(report_record, coordinator=event.member, last_activity_at=at)
    else:
        changed_report = attrs.evolve(report_record, finished_at=at)
    reports = _replace_record(state.reports, report_record, changed_report)
    return attrs.evolve(state, reports=reports)


def _awaiting(
    state: GovernanceState,
    record: NominationRecord,
    at: datetime.datetime,
    policy: Policy,
    council: Collection[str] | None,
) -> None:
    decision = tally(
        record.nomination, state.roster, at=at, policy=policy, steering_council=council or ()
    )
    if decision.outcome is not Outcome.AWAITING_STEERING_COUNCIL:
        raise RuleViolationError(
            "R-D2",
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
    order is refused whatever time it is replayed to.
    """
    state = GovernanceState()
    previous: datetime.datetime | None = None
    for number, event in enumerate(events, start=1):
        if previous is not None and event.at < previous:
            reason = f"event at {event.at.isoformat()} is earlier than the previous event"
            raise RuleViolationError("LOG", reason, location=f"event {number}")
        previous = event.at
        if at is not None and event.at > at:
            continue
        try:
            state = apply(state, event, policy=policy, steering_council=steering_council)
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
    """Every nomination with its decision at *at*, except those already onboarded."""
    return tuple(
        (
            record.id,
            tally(
                record.nomination,
                state.roster,
                at=at,
                policy=policy,
                steering_council=steering_council,
            ),
        )
        for record in state.nominations
        if not record.onboarded
    )


@attrs.frozen
class Duty:
    """Something the admins or a coordinator must do, and the rule that asks for it."""

    kind: str
    subject: str
    rule: str
    message: str


def pending_duties(
    state: GovernanceState,
    *,
    at: datetime.datetime,
    policy: Policy | None = None,
    steering_council: Collection[str] = (),
) -> tuple[Duty, ...]:
    """What is owed at *at*: Council notices, onboarding, admins, reports, the yearly report."""
    policy = policy or Policy()
    at = to_utc(at)
    duties: list[Duty] = []
    for key, decision in open_nominations(
        state, at=at, policy=policy, steering_council=steering_council
    ):
        if decision.outcome is Outcome.AWAITING_STEERING_COUNCIL:
            duties.append(
                Duty("notify_steering_council", key, "R-D1", "ask the Council for a veto or not")
            )
        elif decision.outcome is Outcome.GRANTED:
            duties.append(Duty("onboard", key, "R-D5", "add the new member to every venue"))
    admins = len(state.roster.admins)
    if admins < policy.admins.min_count:
        duties.append(
            Duty(
                "designate_admin",
                "admins",
                "R-E1",
                f"{admins} admin(s); the Council must designate at least {policy.admins.min_count}",
            )
        )
    for report in state.reports:
        if report.finished_at is not None and report.finished_at <= at:
            continue
        status = coordination_status(
            report, state.roster, at=at, steering_council=steering_council, policy=policy
        )
        if "no_coordinator" in status.flags:
            if "autoassign_due" in status.flags:
                message = f"auto-assign a coordinator ({status.assignee} by the default strategy)"
            elif "no_autoassign_candidate" in status.flags:
                message = "assign a coordinator by hand: no member may be auto-assigned"
            else:
                message = "assign a coordinator"
            duties.append(Duty("assign_coordinator", report.id, "R-H3", message))
        elif "coordinator_not_a_member" in status.flags:
            duties.append(
                Duty(
                    "hand_over_coordinator",
                    report.id,
                    "R-H4",
                    f"{report.coordinator} left the PSRT; hand the report to a member",
                )
            )
        if status.overdue:
            duties.append(Duty("overdue_report", report.id, "R-H2", "past the 90-day target"))
    last = state.last_inactivity_report
    since = last if last is not None else (state.started_at.date() if state.started_at else None)
    if since is not None and at.date() >= since + policy.inactivity.report_every:
        duties.append(
            Duty("inactivity_report", "roster", "R-F1", "the yearly inactivity report is due")
        )
    return tuple(duties)
