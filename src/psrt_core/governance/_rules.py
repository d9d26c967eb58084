"""The vocabulary of decisions as values: rule ids, flags, annotations, finding codes, duties.

Each is an `enum.Enum` over `str` whose value is the spelling the JSON outputs and the docs
use, so a member compares equal to that spelling and serialises to it, while a misspelt flag
or rule id is a name error instead of a silently different string.
"""

from __future__ import annotations

import enum
from typing import NoReturn

__all__ = ["Annotation", "DutyKind", "FindingCode", "Flag", "RuleId"]


class _Text(str, enum.Enum):
    """A `str` enum that prints as its value on every supported Python."""

    def __str__(self) -> str:
        return str.__str__(self)


class RuleId(_Text):
    """A rule of PEP 811 as the governance rules page numbers it (R-..), or a scenario (S..).

    ``LOG`` is the event log's own rule: events are in time order.
    """

    LOG = "LOG"
    R_A1 = "R-A1"
    R_A2 = "R-A2"
    R_A4 = "R-A4"
    R_A5 = "R-A5"
    R_C1 = "R-C1"
    R_C2 = "R-C2"
    R_C3 = "R-C3"
    R_C4 = "R-C4"
    R_C5 = "R-C5"
    R_C6 = "R-C6"
    R_C7 = "R-C7"
    R_C8 = "R-C8"
    R_C10 = "R-C10"
    R_D1 = "R-D1"
    R_D2 = "R-D2"
    R_D3 = "R-D3"
    R_D4 = "R-D4"
    R_D5 = "R-D5"
    R_E1 = "R-E1"
    R_E2 = "R-E2"
    R_E3 = "R-E3"
    R_F1 = "R-F1"
    R_F2 = "R-F2"
    R_F3 = "R-F3"
    R_F4 = "R-F4"
    R_F6 = "R-F6"
    R_F7 = "R-F7"
    R_H2 = "R-H2"
    R_H3 = "R-H3"
    R_H4 = "R-H4"
    R_I1 = "R-I1"
    R_I2 = "R-I2"
    R_I3 = "R-I3"
    S58 = "S58"


class Flag(_Text):
    """An advisory fact a decision reports beside its outcome (it never decides by itself)."""

    # Any decision under a policy that changes a [TEXT] setting.
    DEPARTS_FROM_PEP811 = "departs_from_pep811"
    # Nominations (R-A1 to R-D3).
    NOMINATOR_NOT_A_MEMBER = "nominator_not_a_member"
    TOO_FEW_NOMINATORS = "too_few_nominators"
    NOMINEE_ALREADY_MEMBER = "nominee_already_member"
    OUTSIDE_EXPECTED_POOL = "outside_expected_pool"
    FORMER_MEMBER = "former_member"
    NOMINEE_ON_STEERING_COUNCIL = "nominee_on_steering_council"
    NOMINATOR_IMPLICIT_YES = "nominator_implicit_yes"
    TOO_FEW_VOTES = "too_few_votes"
    QUORUM_NOT_MET = "quorum_not_met"
    THRESHOLD_NOT_MET = "threshold_not_met"
    STEERING_COUNCIL_DECISION_IGNORED = "steering_council_decision_ignored"
    VETO_WINDOW_EXPIRED = "veto_window_expired"
    # Steering Council motions (R-D4).
    CONFLICTED_VOTE_COUNTED_AS_ABSTENTION = "conflicted_vote_counted_as_abstention"
    COUNCILLOR_DID_NOT_VOTE = "councillor_did_not_vote"
    COUNCIL_SIZE_DIFFERS = "council_size_differs"
    EVERYONE_ABSTAINED = "everyone_abstained"
    # Report coordination (R-H2 to R-H4).
    OVERDUE = "overdue"
    COORDINATOR_NOT_A_MEMBER = "coordinator_not_a_member"
    NO_COORDINATOR = "no_coordinator"
    AUTOASSIGN_DUE = "autoassign_due"
    NO_AUTOASSIGN_CANDIDATE = "no_autoassign_candidate"
    # The inactivity report (R-F1).
    FIRST_REPORT = "first_report"


class Annotation(_Text):
    """What the inactivity report notes about one inactive member (R-F2)."""

    JOINED_IN_WINDOW = "joined_in_window"
    NO_GITHUB_HANDLE = "no_github_handle"
    NO_RECORDED_ACTIVITY = "no_recorded_activity"
    ACTIVE_BEFORE_WINDOW = "active_before_window"


class FindingCode(_Text):
    """What a `RosterFinding` is about (see `check_roster` and `check_credits`)."""

    SETTING_CHANGED = "setting_changed"
    TOO_FEW_ADMINS = "too_few_admins"
    ADMIN_NOT_MEMBER = "admin_not_member"
    MISSING_HANDLE = "missing_handle"
    DUPLICATE_HANDLE = "duplicate_handle"
    ON_BOTH_LISTS = "on_both_lists"
    MISSING_COORDINATOR_CREDIT = "missing_coordinator_credit"
    COORDINATOR_NOT_A_MEMBER = "coordinator_not_a_member"


class DutyKind(_Text):
    """Something the log says is owed (see `pending_duties`)."""

    NOTIFY_STEERING_COUNCIL = "notify_steering_council"
    ONBOARD = "onboard"
    DESIGNATE_ADMIN = "designate_admin"
    ASSIGN_COORDINATOR = "assign_coordinator"
    HAND_OVER_COORDINATOR = "hand_over_coordinator"
    OVERDUE_REPORT = "overdue_report"
    INACTIVITY_REPORT = "inactivity_report"


def never(value: NoReturn) -> NoReturn:
    """Mark a branch mypy proves unreachable (`typing.assert_never` is 3.11+ only)."""
    msg = f"unhandled value: {value!r}"  # pragma: no cover - unreachable by type
    raise AssertionError(msg)  # pragma: no cover - unreachable by type
