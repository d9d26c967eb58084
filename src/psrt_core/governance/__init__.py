"""PEP 811 governance: members, the roster, nominations, Council motions, offboarding, events.

Pure functions of the roster, a `Policy` and an explicit time. "No" is a result (a decision
with an outcome, counts, flags and rule ids); exceptions are kept for malformed input and for
events that break a rule (`psrt_core.exceptions.RuleViolationError`).
"""

from psrt_core.governance._coordination import (
    AssignmentStrategy,
    CoordinationStatus,
    Eligibility,
    PublicationChecklist,
    PublicationDecision,
    ReportCredit,
    VulnerabilityReport,
    check_credits,
    check_publication,
    coordination_status,
    cve_eligibility,
    hand_over,
    rotate_by_report,
)
from psrt_core.governance._council import (
    CouncilChoice,
    CouncillorVote,
    IgnoredVote,
    Motion,
    MotionDecision,
    MotionKind,
    VetoAnswer,
    decide_motion,
)
from psrt_core.governance._decision import Decision
from psrt_core.governance._events import (
    ActivityRecorded,
    AdminDesignated,
    AdminRevoked,
    BallotCast,
    CoordinatorAssigned,
    Duty,
    GovernanceEvent,
    GovernanceState,
    InactivityReportGenerated,
    MemberListed,
    MotionRecord,
    Nominated,
    NominationRecord,
    Onboarded,
    Removed,
    Resigned,
    SteeringCouncilAnswered,
    SteeringCouncilMotionDecided,
    SteeringCouncilSeated,
    VulnerabilityReportFinished,
    VulnerabilityReportReceived,
    apply,
    open_nominations,
    pending_duties,
    replay,
)
from psrt_core.governance._lifecycle import (
    MEMBERSHIP_LIFECYCLE,
    NOMINATION_LIFECYCLE,
    Lifecycle,
    Transition,
    to_mermaid,
    transition,
)
from psrt_core.governance._members import (
    ActivityKind,
    Attribute,
    Member,
    MemberStatus,
    Roster,
    check_handle,
    handle_key,
    same_handle,
)
from psrt_core.governance._nominations import (
    Ballot,
    Choice,
    IgnoredBallot,
    Nomination,
    NominationDecision,
    Nominee,
    Outcome,
    Pool,
    tally,
)
from psrt_core.governance._offboarding import (
    Activity,
    AdminDuty,
    InactiveMember,
    InactivityReport,
    Permission,
    RosterFinding,
    check_roster,
    inactivity_report,
    may_perform,
)
from psrt_core.governance._policy import (
    SETTINGS,
    AdminPolicy,
    Basis,
    CoordinationPolicy,
    CouncilRule,
    Denominator,
    ElectorateTiming,
    InactivityPolicy,
    NominationPolicy,
    Override,
    Policy,
    Setting,
    SteeringCouncilPolicy,
)
from psrt_core.governance._rules import Annotation, DutyKind, FindingCode, Flag, RuleId

__all__ = [
    "MEMBERSHIP_LIFECYCLE",
    "NOMINATION_LIFECYCLE",
    "SETTINGS",
    "Activity",
    "ActivityKind",
    "ActivityRecorded",
    "AdminDesignated",
    "AdminDuty",
    "AdminPolicy",
    "AdminRevoked",
    "Annotation",
    "AssignmentStrategy",
    "Attribute",
    "Ballot",
    "BallotCast",
    "Basis",
    "Choice",
    "CoordinationPolicy",
    "CoordinationStatus",
    "CoordinatorAssigned",
    "CouncilChoice",
    "CouncilRule",
    "CouncillorVote",
    "Decision",
    "Denominator",
    "Duty",
    "DutyKind",
    "ElectorateTiming",
    "Eligibility",
    "FindingCode",
    "Flag",
    "GovernanceEvent",
    "GovernanceState",
    "IgnoredBallot",
    "IgnoredVote",
    "InactiveMember",
    "InactivityPolicy",
    "InactivityReport",
    "InactivityReportGenerated",
    "Lifecycle",
    "Member",
    "MemberListed",
    "MemberStatus",
    "Motion",
    "MotionDecision",
    "MotionKind",
    "MotionRecord",
    "Nominated",
    "Nomination",
    "NominationDecision",
    "NominationPolicy",
    "NominationRecord",
    "Nominee",
    "Onboarded",
    "Outcome",
    "Override",
    "Permission",
    "Policy",
    "Pool",
    "PublicationChecklist",
    "PublicationDecision",
    "Removed",
    "ReportCredit",
    "Resigned",
    "Roster",
    "RosterFinding",
    "RuleId",
    "Setting",
    "SteeringCouncilAnswered",
    "SteeringCouncilMotionDecided",
    "SteeringCouncilPolicy",
    "SteeringCouncilSeated",
    "Transition",
    "VetoAnswer",
    "VulnerabilityReport",
    "VulnerabilityReportFinished",
    "VulnerabilityReportReceived",
    "apply",
    "check_credits",
    "check_handle",
    "check_publication",
    "check_roster",
    "coordination_status",
    "cve_eligibility",
    "decide_motion",
    "hand_over",
    "handle_key",
    "inactivity_report",
    "may_perform",
    "open_nominations",
    "pending_duties",
    "replay",
    "rotate_by_report",
    "same_handle",
    "tally",
    "to_mermaid",
    "transition",
]


def __dir__() -> list[str]:
    return __all__


def __getattr__(name: str) -> object:
    """``ReportCreditType``, the 0.1 copy of the credit roles: now `advisories.CreditType`."""
    if name == "ReportCreditType":
        import warnings

        from psrt_core._credits import CreditType

        warnings.warn(
            "psrt_core.governance.ReportCreditType is deprecated: use "
            "psrt_core.advisories.CreditType (its values are spelt as OSV spells them)",
            DeprecationWarning,
            stacklevel=2,
        )
        return CreditType
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
