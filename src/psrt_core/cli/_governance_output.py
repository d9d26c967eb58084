"""The ``--json`` outputs of ``psrt-core governance``: CLI formats, not documents read back.

They live beside the commands that print them; the documents psrt-core reads and writes (the
roster, the policy, the event log) are in `psrt_core.serialization`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from psrt_core.governance import (
    Duty,
    GovernanceState,
    InactivityReport,
    MotionDecision,
    NominationDecision,
    Override,
    RosterFinding,
)
from psrt_core.serialization import roster_to_dict
from psrt_core.serialization._converter import render_datetime

__all__ = ["decision_to_dict", "findings_to_dict", "inactivity_report_to_dict", "state_to_dict"]


def _values(items: Iterable[Any]) -> list[str]:
    return [item.value for item in items]


def _overrides(overrides: Iterable[Override]) -> list[dict[str, Any]]:
    return [
        {"setting": o.setting, "basis": o.basis.value, "default": o.default, "value": o.value}
        for o in overrides
    ]


def _motion(decision: MotionDecision) -> dict[str, Any]:
    return {
        "kind": decision.motion.kind.value,
        "subject": decision.motion.subject,
        "carried": decision.carried,
        "for": decision.in_favour,
        "against": decision.against,
        "abstain": decision.abstain,
        "ignored_votes": [
            {"councillor": v.councillor, "reason": v.reason} for v in decision.ignored_votes
        ],
        "flags": _values(decision.flags),
        "rules": _values(decision.rules),
    }


def decision_to_dict(decision: NominationDecision) -> dict[str, Any]:
    """The ``tally --json`` document: the contract's keys first, then the details."""
    return {
        "outcome": decision.outcome.value,
        "yes": decision.yes,
        "no": decision.no,
        "abstain": decision.abstain,
        "electorate": decision.electorate,
        "ignored_ballots": [
            {"voter": b.voter, "reason": b.reason, "rule": b.rule.value}
            for b in decision.ignored_ballots
        ],
        "flags": _values(decision.flags),
        "rules": _values(decision.rules),
        "reasons": list(decision.reasons),
        "closes_at": render_datetime(decision.closes_at),
        "settings_changed": _overrides(decision.overrides),
        "steering_council": None if decision.council is None else _motion(decision.council),
    }


def inactivity_report_to_dict(report: InactivityReport) -> dict[str, Any]:
    """The ``inactivity --json`` document."""
    return {
        "on": report.on.isoformat(),
        "window": {"after": report.window_start.isoformat(), "until": report.on.isoformat()},
        "inactive": [
            {
                "member": entry.member.github,
                "name": entry.member.name,
                "recommended_for_removal": entry.recommended_for_removal,
                "exemption": None if entry.exemption is None else entry.exemption.value,
                "annotations": _values(entry.annotations),
                "last_activity": None
                if entry.last_activity is None
                else render_datetime(entry.last_activity),
            }
            for entry in report.inactive
        ],
        "active": list(report.active),
        "flags": _values(report.flags),
        "rules": _values(report.rules),
        "settings_changed": _overrides(report.overrides),
    }


def findings_to_dict(findings: Iterable[RosterFinding]) -> dict[str, Any]:
    """The ``check --json`` document."""
    items = [
        {
            "code": f.code.value,
            "rule": f.rule.value,
            "message": f.message,
            "subjects": list(f.subjects),
        }
        for f in findings
    ]
    return {"ok": not items, "findings": items}


def _duty(duty: Duty) -> dict[str, Any]:
    return {
        "kind": duty.kind.value,
        "subject": duty.subject,
        "rule": duty.rule.value,
        "message": duty.message,
    }


def state_to_dict(
    state: GovernanceState,
    *,
    nominations: Iterable[tuple[str, NominationDecision]],
    duties: Iterable[Duty],
    at: datetime.datetime,
) -> dict[str, Any]:
    """The ``replay --json`` document: roster, nominations with decisions, pending duties."""
    return {
        "at": render_datetime(at),
        "events_applied": state.events,
        "roster": roster_to_dict(state.roster),
        "nominations": [{"id": key, **decision_to_dict(decision)} for key, decision in nominations],
        "pending_duties": [_duty(duty) for duty in duties],
        "last_inactivity_report": None
        if state.last_inactivity_report is None
        else state.last_inactivity_report.isoformat(),
    }
