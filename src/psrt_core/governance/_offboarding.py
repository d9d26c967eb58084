"""The yearly inactivity report (R-F1 to R-F3) and the roster's invariants (R-E1, R-A5)."""

from __future__ import annotations

import datetime
import enum
from collections import defaultdict
from collections.abc import Collection, Iterable

import attrs

from psrt_core.exceptions import InvalidGovernanceDataError
from psrt_core.governance._decision import Decision
from psrt_core.governance._members import (
    ActivityKind,
    Attribute,
    Member,
    MemberStatus,
    Roster,
    handle_key,
    handle_validator,
)
from psrt_core.governance._policy import Basis, InactivityPolicy, Policy
from psrt_core.governance._rules import Annotation, FindingCode, Flag, RuleId
from psrt_core.governance._time import aware, to_utc

__all__ = [
    "Activity",
    "AdminDuty",
    "InactiveMember",
    "InactivityReport",
    "Permission",
    "RosterFinding",
    "check_roster",
    "inactivity_report",
    "may_perform",
]


@attrs.frozen
class Activity:
    """A member coordinated or commented on a vulnerability report at a time (R-F2)."""

    member: str = attrs.field(validator=handle_validator)
    kind: ActivityKind
    at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    report: str | None = None


@attrs.frozen
class InactiveMember:
    """One member with no activity in the window, and what the report says about them."""

    member: Member
    recommended_for_removal: bool
    exemption: Attribute | None
    annotations: tuple[Annotation, ...]
    last_activity: datetime.datetime | None


@attrs.frozen
class InactivityReport(Decision):
    """The report to the Steering Council; a recommendation, never a removal (R-F4).

    The window is ``(window_start, on]`` in calendar days (UTC).
    """

    on: datetime.date
    window_start: datetime.date
    inactive: tuple[InactiveMember, ...]
    active: tuple[str, ...]

    @property
    def recommended(self) -> tuple[Member, ...]:
        """The members recommended for removal."""
        return tuple(entry.member for entry in self.inactive if entry.recommended_for_removal)


def inactivity_report(
    roster: Roster,
    activity: Iterable[Activity],
    *,
    on: datetime.date,
    previous_report: datetime.date | None = None,
    steering_council: Collection[str] = (),
    policy: Policy | None = None,
) -> InactivityReport:
    """Who "hasn't coordinated or commented on a vulnerability report" since the last report.

    Exemptions (Release Manager, Steering Council) are judged as of *on* from the roster's
    attributes and the *steering_council* handles (R-F3). Without *previous_report* the window
    is the trailing ``first_window`` (365 days).
    """
    policy = policy or Policy()
    rules = policy.inactivity
    start = _window_start(on, previous_report, rules)
    council = {handle_key(c) for c in steering_council}
    latest, in_window = _activity_index(activity, rules, start, on)
    overrides = policy.overrides(("inactivity.",))
    flags = [Flag.DEPARTS_FROM_PEP811] if any(o.basis is Basis.TEXT for o in overrides) else []
    if previous_report is None:
        flags.append(Flag.FIRST_REPORT)
    inactive: list[InactiveMember] = []
    active: list[str] = []
    for member in _one_entry_per_person(roster.members_on(on)):
        if member.key is not None and member.key in in_window:
            active.append(member.github or member.name)
        else:
            inactive.append(_inactive(member, rules, council, start, latest))
    return InactivityReport(
        on=on,
        window_start=start,
        inactive=tuple(inactive),
        active=tuple(active),
        flags=tuple(flags),
        rules=(RuleId.R_F1, RuleId.R_F2, RuleId.R_F3),
        overrides=overrides,
    )


def _window_start(
    on: datetime.date, previous_report: datetime.date | None, rules: InactivityPolicy
) -> datetime.date:
    """The day after which activity counts: the previous report, or ``first_window`` back."""
    if previous_report is not None and previous_report >= on:
        raise InvalidGovernanceDataError.single(
            "previous_report",
            f"the previous report must be before the report date {on.isoformat()}",
            previous_report.isoformat(),
        )
    if previous_report is not None:
        return previous_report
    try:
        return on - rules.first_window
    except OverflowError:
        raise InvalidGovernanceDataError.single(
            "on",
            f"too early: the first window of {rules.first_window.days} days starts before year 1",
            on.isoformat(),
        ) from None


def _activity_index(
    activity: Iterable[Activity], rules: InactivityPolicy, start: datetime.date, on: datetime.date
) -> tuple[dict[str, datetime.datetime], set[str]]:
    """Each handle's latest counted activity up to *on*, and the handles active in the window."""
    latest: dict[str, datetime.datetime] = {}
    in_window: set[str] = set()
    for item in activity:
        day = item.at.astimezone(datetime.timezone.utc).date()
        if item.kind not in rules.activity_kinds or day > on:
            continue
        who = handle_key(item.member)
        if who not in latest or item.at > latest[who]:
            latest[who] = item.at
        if start < day:
            in_window.add(who)
    return latest, in_window


def _exemption(member: Member, rules: InactivityPolicy, council: set[str]) -> Attribute | None:
    """R-F3: the exempt role the member holds (a councillor by attribute or by handle)."""
    for role in (Attribute.RELEASE_MANAGER, Attribute.STEERING_COUNCIL):
        holds = member.has(role) or (
            role is Attribute.STEERING_COUNCIL and member.key is not None and member.key in council
        )
        if holds and role in rules.exempt_roles:
            return role
    return None


def _inactive(
    member: Member,
    rules: InactivityPolicy,
    council: set[str],
    start: datetime.date,
    latest: dict[str, datetime.datetime],
) -> InactiveMember:
    """One inactive member's entry: recommended for removal unless exempt (R-F3, R-F4).

    A member who joined inside the window is listed with ``joined_in_window`` but not
    recommended unless ``recommend_joined_in_window`` is set (S40: the Council decides).
    """
    exemption = _exemption(member, rules, council)
    annotations: list[Annotation] = []
    newcomer = member.joined is not None and member.joined > start
    if newcomer:
        annotations.append(Annotation.JOINED_IN_WINDOW)
    key = member.key
    last = latest.get(key) if key is not None else None
    if key is None:
        annotations.append(Annotation.NO_GITHUB_HANDLE)
    elif last is None:
        annotations.append(Annotation.NO_RECORDED_ACTIVITY)
    else:
        annotations.append(Annotation.ACTIVE_BEFORE_WINDOW)
    return InactiveMember(
        member=member,
        recommended_for_removal=exemption is None
        and (not newcomer or rules.recommend_joined_in_window),
        exemption=exemption,
        annotations=tuple(annotations),
        last_activity=last,
    )


def _one_entry_per_person(members: Iterable[Member]) -> list[Member]:
    """One entry per handle (any letter case: one GitHub account, S58), member list first.

    A handle listed twice must not put one person twice in the report.
    """
    listed: set[str] = set()
    chosen = []
    for member in sorted(members, key=lambda m: m.status is not MemberStatus.MEMBER):
        if member.key is not None:
            if member.key in listed:
                continue
            listed.add(member.key)
        chosen.append(member)
    return chosen


@attrs.frozen
class RosterFinding:
    """An invariant the roster breaks: a code, the rule, a message, and who is concerned."""

    code: FindingCode = attrs.field(converter=FindingCode)
    rule: RuleId = attrs.field(converter=RuleId)
    message: str
    subjects: tuple[str, ...] = ()


def check_roster(roster: Roster, *, policy: Policy | None = None) -> tuple[RosterFinding, ...]:
    """The roster's invariants as findings (none means all hold).

    Codes: ``too_few_admins`` (R-E1), ``admin_not_member`` (R-E3), ``duplicate_handle`` (S58),
    ``on_both_lists`` (R-F7) and ``missing_handle`` (R-A5); ``setting_changed`` says that the
    policy's admin count differs from PEP 811's.
    """
    policy = policy or Policy()
    findings = [
        RosterFinding(
            FindingCode.SETTING_CHANGED,
            RuleId.R_E1,
            f"{o.setting} is {o.value} (PEP 811: {o.default}, {o.basis.value})",
            (o.setting,),
        )
        for o in policy.overrides(("admins.",))
    ]
    admins = roster.admins
    if len(admins) < policy.admins.min_count:
        findings.append(
            RosterFinding(
                FindingCode.TOO_FEW_ADMINS,
                RuleId.R_E1,
                f"{len(admins)} admin(s), at least {policy.admins.min_count} required;"
                " the Steering Council should designate another",
                tuple(m.github or m.name for m in admins),
            )
        )
    for member in roster.emeritus:
        if member.has(Attribute.ADMIN):
            findings.append(
                RosterFinding(
                    FindingCode.ADMIN_NOT_MEMBER,
                    RuleId.R_E3,
                    f"{member.name} is marked Admin on the emeritus list",
                    (member.github or member.name,),
                )
            )
    for label, members in (("member", roster.current), ("emeritus", roster.emeritus)):
        groups: defaultdict[str, list[Member]] = defaultdict(list)
        for member in members:
            if member.key is not None:
                groups[member.key].append(member)
            else:
                findings.append(
                    RosterFinding(
                        FindingCode.MISSING_HANDLE,
                        RuleId.R_A5,
                        f"{member.name} on the {label} list has no GitHub handle",
                        (member.name,),
                    )
                )
        for group in groups.values():
            if len(group) > 1:
                spellings = tuple(m.github or "" for m in group)
                findings.append(
                    RosterFinding(
                        FindingCode.DUPLICATE_HANDLE,
                        RuleId.S58,
                        f"the {label} list has the same handle {len(group)} times"
                        f" (ignoring case): {', '.join(spellings)}",
                        spellings,
                    )
                )
    joined = {m.key: m.joined for m in roster.current if m.key is not None}
    for member in roster.emeritus:
        if member.key is None or member.key not in joined:
            continue
        rejoined = joined[member.key]
        # An earlier term that ended before the current one began is history, not a listing error.
        if member.left is None or rejoined is None or rejoined < member.left:
            findings.append(
                RosterFinding(
                    FindingCode.ON_BOTH_LISTS,
                    RuleId.R_F7,
                    f"{member.github} is on both the member and the emeritus list",
                    (member.github or member.name,),
                )
            )
    return tuple(findings)


class AdminDuty(enum.Enum):
    """The duties PEP 811 and the devguide give to admins (R-E2)."""

    TRIAGE_SECURITY_LIST = "triage_security_list"
    SYNC_MEMBERSHIP = "sync_membership"
    INACTIVITY_REPORT = "inactivity_report"
    CERTIFY_BALLOT = "certify_ballot"
    NOTIFY_STEERING_COUNCIL = "notify_steering_council"


@attrs.frozen
class Permission:
    """Whether someone may perform a duty, with the rule and the reason."""

    allowed: bool
    rule: RuleId = attrs.field(converter=RuleId)
    reason: str


def may_perform(
    roster: Roster, handle: str, duty: AdminDuty, *, on: datetime.date | None = None
) -> Permission:
    """Whether *handle* may perform an admin *duty*: only a current admin may (R-E2, S50)."""
    pool = roster.current if on is None else roster.members_on(on)
    key = handle_key(handle)
    member = next((m for m in pool if m.key == key), None)
    if member is None:
        return Permission(False, RuleId.R_E2, f"{handle} is not a PSRT member")
    if not member.has(Attribute.ADMIN):
        return Permission(
            False, RuleId.R_E2, f"{duty.value} is an admin duty; {handle} is not an admin"
        )
    return Permission(True, RuleId.R_E2, f"{handle} is an admin")
