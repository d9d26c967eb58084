"""Report coordination (R-H2 to R-H4) and the governance side of advisories (R-I1 to R-I3).

These model the PSRT's duties on a report in governance terms; the advisory records
themselves live in `psrt_core.advisories`, which this package does not import; the two share
only the ten credit roles (`CreditType`, from the foundation module ``psrt_core._credits``).
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

import attrs

from psrt_core._credits import CreditType
from psrt_core.exceptions import RuleViolationError
from psrt_core.governance._decision import Decision
from psrt_core.governance._members import Member, Roster, handle_key
from psrt_core.governance._offboarding import RosterFinding
from psrt_core.governance._policy import Policy
from psrt_core.governance._rules import FindingCode, Flag, RuleId
from psrt_core.governance._time import aware, instant, to_utc, to_utc_optional
from psrt_core.versions import BranchStatus

__all__ = [
    "AssignmentStrategy",
    "CoordinationStatus",
    "Eligibility",
    "PublicationChecklist",
    "PublicationDecision",
    "ReportCredit",
    "VulnerabilityReport",
    "check_credits",
    "check_publication",
    "coordination_status",
    "cve_eligibility",
    "hand_over",
    "rotate_by_report",
]


@attrs.frozen
class VulnerabilityReport:
    """A report (a GHSA ticket) as far as governance cares: when it came, who coordinates it."""

    id: str
    received_at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    coordinator: str | None = None
    last_activity_at: datetime.datetime | None = attrs.field(
        default=None, converter=to_utc_optional
    )
    finished_at: datetime.datetime | None = attrs.field(default=None, converter=to_utc_optional)


class AssignmentStrategy(Protocol):
    """Chooses a coordinator among the candidates; the text leaves the choice open (R-H3)."""

    def __call__(self, candidates: Sequence[Member], report: VulnerabilityReport) -> Member:
        """Return one of *candidates* (never called with an empty sequence)."""
        ...  # pragma: no cover - protocol


def rotate_by_report(candidates: Sequence[Member], report: VulnerabilityReport) -> Member:
    """The default strategy: candidates sorted by handle, indexed by a CRC-32 of the report id.

    Deterministic (same inputs, same choice), needs no state, and spreads reports evenly.
    """
    ordered = sorted(candidates, key=lambda m: (m.key or "", m.name))
    return ordered[zlib.crc32(report.id.encode("utf-8")) % len(ordered)]


@attrs.frozen
class CoordinationStatus(Decision):
    """What a report needs at a time: overdue, a coordinator, who could be auto-assigned."""

    report: VulnerabilityReport
    overdue: bool
    candidates: tuple[str, ...]
    assignee: str | None


def coordination_status(
    report: VulnerabilityReport,
    roster: Roster,
    *,
    at: datetime.datetime,
    steering_council: Collection[str] = (),
    policy: Policy | None = None,
    strategy: AssignmentStrategy = rotate_by_report,
) -> CoordinationStatus:
    """Flags for one report at *at*: overdue past the deadline (R-H2), auto-assignment (R-H3).

    After ``autoassign_after`` idle days without a coordinator, the candidates are the members
    without an excluded role (Release Manager, Steering Council, or a handle in
    *steering_council*) and *strategy* picks one. A naive *at* is
    `~psrt_core.exceptions.InvalidInputError`.
    """
    at = instant(at)
    policy = policy or Policy()
    rules = policy.coordination
    flags: list[Flag] = []
    rule_ids = [RuleId.R_H2]
    finished = report.finished_at is not None and report.finished_at <= at
    overdue = not finished and at - report.received_at > rules.deadline
    if overdue:
        flags.append(Flag.OVERDUE)
    candidates: tuple[Member, ...] = ()
    assignee = None
    council = {handle_key(c) for c in steering_council}
    if report.coordinator is not None and not roster.is_member(report.coordinator):
        flags.append(Flag.COORDINATOR_NOT_A_MEMBER)
        rule_ids.append(RuleId.R_H4)
    if report.coordinator is None and not finished:
        flags.append(Flag.NO_COORDINATOR)
        rule_ids.append(RuleId.R_H3)
        idle_since = report.last_activity_at or report.received_at
        if at - idle_since >= rules.autoassign_after:
            candidates = tuple(
                m
                for m in roster.current
                if m.key is not None
                and m.key not in council
                and not any(m.has(role) for role in rules.autoassign_exclude)
            )
            if candidates:
                flags.append(Flag.AUTOASSIGN_DUE)
                chosen = strategy(candidates, report)
                assignee = chosen.github
            else:
                flags.append(Flag.NO_AUTOASSIGN_CANDIDATE)
    return CoordinationStatus(
        report=report,
        overdue=overdue,
        candidates=tuple(m.github or m.name for m in candidates),
        assignee=assignee,
        flags=tuple(flags),
        rules=tuple(rule_ids),
        overrides=policy.overrides(("coordination.",)),
    )


def hand_over(
    report: VulnerabilityReport, to: str, roster: Roster, *, at: datetime.datetime
) -> VulnerabilityReport:
    """The report with *to* as coordinator; only a PSRT member may take the role (R-H4)."""
    at = instant(at)
    if not roster.is_member(to, at=at):
        raise RuleViolationError(
            RuleId.R_H4, f"the coordinator role can be handed only to a PSRT member, not {to!r}"
        )
    return attrs.evolve(report, coordinator=to, last_activity_at=at)


@attrs.frozen
class PublicationChecklist:
    """What must hold before an advisory is sent (DG-PSRT › Remediating a report, R-I1)."""

    cvss_v4_vector: str | None = None
    fix_merged: bool = False
    public_issue: str | None = None
    title: str | None = None
    description: str | None = None


@attrs.frozen
class PublicationDecision:
    """Whether the advisory may go out, and every missing prerequisite."""

    allowed: bool
    missing: tuple[str, ...]
    rule: RuleId = RuleId.R_I1


def check_publication(checklist: PublicationChecklist) -> PublicationDecision:
    """All three prerequisites are required before an advisory goes out (S55).

    They are a CVSSv4 score, a merged fix with a public issue, and a title with a description.
    """
    missing = []
    vector = checklist.cvss_v4_vector
    if vector is None or not vector.startswith("CVSS:4.0/"):
        missing.append("a CVSSv4 severity score")
    if not checklist.fix_merged or not checklist.public_issue:
        missing.append("a merged fix with a public GitHub issue")
    if not checklist.title or not checklist.description:
        missing.append("an advisory title and short description")
    return PublicationDecision(not missing, tuple(missing))


@attrs.frozen
class Eligibility:
    """Whether a vulnerability gets a CVE from the PSF CNA, and why not (R-I2)."""

    eligible: bool
    reasons: tuple[str, ...]
    rule: RuleId = RuleId.R_I2


def cve_eligibility(
    statuses: Iterable[BranchStatus],
    *,
    experimental_feature: bool = False,
    unsupported_platform: bool = False,
) -> Eligibility:
    """CVEs only for supported branches, those in "bugfix" or "security" (S56).

    Prereleases, experimental features and platforms PEP 11 does not support are regular bugs.
    """
    statuses = tuple(statuses)
    reasons = []
    if not any(status.supported for status in statuses):
        if statuses and all(s in (BranchStatus.PRERELEASE, BranchStatus.FEATURE) for s in statuses):
            reasons.append("found only in a prerelease: file it as a regular bug")
        else:
            reasons.append("no supported (bugfix or security) branch is affected")
    if experimental_feature:
        reasons.append("experimental features are not eligible")
    if unsupported_platform:
        reasons.append("platforms that PEP 11 does not support are not Python vulnerabilities")
    return Eligibility(not reasons, tuple(reasons))


@attrs.frozen
class ReportCredit:
    """One credit on an advisory: a person (by GitHub handle or name) and a credit role (R-I3).

    The roles are the advisories' `~psrt_core.advisories.CreditType`, which GHSA, CVE JSON 5 and
    OSV spell each in their own way.
    """

    person: str
    type: CreditType


def check_credits(
    credits: Iterable[ReportCredit], roster: Roster, *, on: datetime.date | None = None
) -> tuple[RosterFinding, ...]:
    """A report needs a coordinator credit held by a PSRT member (R-I3, S57).

    Other credits may go to anyone, and a person may hold several.
    """
    coordinators = [c for c in credits if c.type is CreditType.COORDINATOR]
    if not coordinators:
        return (
            RosterFinding(
                FindingCode.MISSING_COORDINATOR_CREDIT, RuleId.R_I3, "no coordinator credit"
            ),
        )
    return tuple(
        RosterFinding(
            FindingCode.COORDINATOR_NOT_A_MEMBER,
            RuleId.R_H4,
            f"the coordinator credit names {c.person!r}, who is not a PSRT member",
            (c.person,),
        )
        for c in coordinators
        if not roster.is_member(c.person, on=on)
    )
