"""The ``--json`` outputs of ``psrt-core governance``: CLI formats, not documents read back.

They live beside the commands that print them; the documents psrt-core reads and writes (the
roster, the policy, the event log) are in `psrt_core.serialization`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from psrt_core.governance import (
    Duty,
    GovernanceState,
    IgnoredBallot,
    InactivityReport,
    MotionDecision,
    Nomination,
    NominationDecision,
    Outcome,
    Override,
    RosterFinding,
    VetoAnswer,
)
from psrt_core.serialization import roster_to_dict
from psrt_core.serialization._converter import render_datetime

__all__ = [
    "RULES_PAGE",
    "decision_to_dict",
    "findings_to_dict",
    "inactivity_report_to_dict",
    "render_tally_markdown",
    "render_tally_text",
    "state_to_dict",
    "tally_text_lines",
]

RULES_PAGE = "docs/explanation/governance-rules.md"
"""Where rule ids link to in the Markdown announcement: the rules page, anchors ``#r-c3``."""


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
        "ignored_ballots": [_ignored(b) for b in decision.ignored_ballots],
        "flags": _values(decision.flags),
        "rules": _values(decision.rules),
        "reasons": list(decision.reasons),
        "closes_at": render_datetime(decision.closes_at),
        "settings_changed": _overrides(decision.overrides),
        "steering_council": None if decision.council is None else _motion(decision.council),
        "opened_at": None if decision.opened_at is None else render_datetime(decision.opened_at),
        "share": _ratio(decision.share),
        "threshold": _ratio(decision.threshold),
        "turnout": _ratio(decision.turnout_share),
        "quorum": None if decision.quorum is None else _ratio(decision.quorum),
        "share_of": decision.base,
    }


def _ignored(ballot: IgnoredBallot) -> dict[str, Any]:
    shown: dict[str, Any] = {"voter": ballot.voter, "reason": ballot.reason}
    shown["rule"] = ballot.rule.value
    if ballot.unknown:
        shown["unknown_handle"] = True
        shown["suggestion"] = ballot.suggestion
    return shown


def _ratio(value: Fraction | None) -> dict[str, Any] | None:
    """An exact fraction as ``"7/10"`` and its percentage, rounded to two decimals."""
    if value is None:
        return None
    return {"fraction": _fraction(value), "percent": round(float(value * 100), 2)}


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _percent(value: Fraction) -> str:
    """``70 %``, ``66.67 %``: two decimals at most, no trailing zeros."""
    return f"{round(float(value * 100), 2):g} %"


# -- the tally as text and as a Markdown announcement -------------------------------------------


def share_sentence(decision: NominationDecision) -> str:
    """``7 of 10 for, 70 % ≥ 2/3``: the share of yes against the threshold (R-C3, R-C4)."""
    share, threshold = decision.share, decision.threshold
    if share is None:
        return f"no votes counted; the threshold is {_fraction(threshold)}"
    sign = "≥" if share >= threshold else "<"
    return f"{decision.yes} of {decision.base} for, {_percent(share)} {sign} {_fraction(threshold)}"


def turnout_sentence(decision: NominationDecision) -> str:
    """``4 of 6 members voted (2/3, 66.67 %); quorum 1/2 met`` (R-C5)."""
    turnout = decision.turnout_share
    shown = "" if turnout is None else f" ({_fraction(turnout)}, {_percent(turnout)})"
    text = f"{decision.turnout} of {decision.electorate} members voted{shown}"
    quorum = decision.quorum
    if quorum is None:
        return f"{text}; no quorum"
    met = turnout is not None and turnout >= quorum
    return f"{text}; quorum {_fraction(quorum)} {'met' if met else 'not met'}"


def council_sentence(decision: NominationDecision, nomination: Nomination) -> str:
    """The Council's position (R-D1 to R-D4): its answer, its counted motion, or none yet."""
    motion = decision.council
    if motion is not None:
        verdict = "carried" if motion.carried else "did not carry"
        return (
            f"veto motion {verdict} (for {motion.in_favour}, against {motion.against}, "
            f"abstain {motion.abstain})"
        )
    answer = nomination.steering_council
    if answer is VetoAnswer.VETO:
        return "vetoed"
    if answer is VetoAnswer.NO_VETO:
        return "no veto"
    return "no decision recorded"


def ignored_sentence(ballot: IgnoredBallot) -> str:
    """Why one ballot did not count; an unknown handle names the nearest member handle."""
    if not ballot.unknown:
        return f"{ballot.reason} ({ballot.rule.value})"
    hint = "" if ballot.suggestion is None else f"; nearest member handle: {ballot.suggestion}"
    return f"unknown handle, not on the roster{hint} ({ballot.rule.value})"


def render_tally_text(decision: NominationDecision, nomination: Nomination) -> str:
    """`tally_text_lines` as one text, each line ended by a newline."""
    return "".join(f"{line}\n" for line in tally_text_lines(decision, nomination))


def tally_text_lines(decision: NominationDecision, nomination: Nomination) -> tuple[str, ...]:
    """The plain-text tally ``psrt-core governance tally`` prints."""
    nominee = nomination.nominee
    lines = [
        f"nomination of {nominee.name} ({nominee.github or 'no handle'})",
        f"outcome: {decision.outcome.value}",
        f"yes {decision.yes}, no {decision.no}, abstain {decision.abstain}; "
        f"electorate {decision.electorate}; vote closes {decision.closes_at.isoformat()}",
        f"share: {share_sentence(decision)}",
        f"turnout: {turnout_sentence(decision)}",
        f"window: opened {nomination.opened_at.isoformat()}, "
        f"closes {decision.closes_at.isoformat()}",
        f"steering council: {council_sentence(decision, nomination)}",
    ]
    lines += [f"reason: {reason}" for reason in decision.reasons]
    lines += [f"ignored ballot: {b.voter}: {ignored_sentence(b)}" for b in decision.ignored_ballots]
    if decision.flags:
        lines.append(f"flags: {', '.join(decision.flags)}")
    lines.append(f"rules: {', '.join(decision.rules)}")
    lines += [
        f"setting changed: {o.setting} = {o.value} (default {o.default}, {o.basis.value})"
        for o in decision.overrides
    ]
    return tuple(lines)


_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|~")


def markdown_text(text: str) -> str:
    """*text* as literal Markdown: special characters escaped, control characters shown."""
    out = []
    for char in text:
        if char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(ascii(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)


def _who(nomination: Nomination) -> str:
    nominee = nomination.nominee
    name = markdown_text(nominee.name)
    return name if nominee.github is None else f"{name} (@{nominee.github})"


_OUTCOME_SENTENCES: dict[Outcome, str] = {
    Outcome.GRANTED: "The vote passed and the Steering Council did not veto it: {who} "
    "is admitted to the PSRT.",
    Outcome.AWAITING_STEERING_COUNCIL: "The vote on {who} passed; the nomination now goes "
    "to the Steering Council, which may veto it.",
    Outcome.VETOED: "The vote on {who} passed, but the Steering Council vetoed the nomination.",
    Outcome.UNDECIDABLE: "The vote on {who} passed; the Steering Council's veto motion cannot "
    "be counted until the Council's membership is known.",
    Outcome.REJECTED: "The nomination of {who} is not accepted: the vote did not pass.",
    Outcome.INVALID: "The nomination of {who} is invalid and was not put to a vote.",
    Outcome.OPEN: "The vote on the nomination of {who} is still open.",
}
_TITLES: dict[Outcome, str] = {
    Outcome.GRANTED: "granted",
    Outcome.AWAITING_STEERING_COUNCIL: "vote passed",
    Outcome.VETOED: "vetoed",
    Outcome.UNDECIDABLE: "awaiting a known Steering Council",
    Outcome.REJECTED: "rejected",
    Outcome.INVALID: "invalid",
    Outcome.OPEN: "vote open",
}


def _rule_link(rule: str, rules_page: str) -> str:
    return f"[{rule}]({rules_page}#{rule.lower()})"


def _counts_table(decision: NominationDecision) -> list[str]:
    def cell(count: int, of: int) -> str:
        return f"{_fraction(Fraction(count, of))} ({_percent(Fraction(count, of))})" if of else ""

    turnout = decision.turnout_share
    quorum = decision.quorum
    return [
        "| | Count | Share |",
        "|---|---:|---|",
        f"| For | {decision.yes} | {cell(decision.yes, decision.base)} |",
        f"| Against | {decision.no} | {cell(decision.no, decision.base)} |",
        f"| Abstain | {decision.abstain} | |",
        f"| Turnout | {decision.turnout} of {decision.electorate} | "
        f"{'' if turnout is None else f'{_fraction(turnout)} ({_percent(turnout)})'} |",
        f"| Threshold | | {_fraction(decision.threshold)} "
        f"({_percent(decision.threshold)}) of {decision.base} |",
        f"| Quorum | | {'none' if quorum is None else _fraction(quorum)} |",
    ]


def render_tally_markdown(
    decision: NominationDecision, nomination: Nomination, *, rules_page: str = RULES_PAGE
) -> str:
    """A ready PSRT announcement: title, outcome, counts, window, ignored ballots, rules cited.

    Rule ids link to *rules_page* (anchors such as ``#r-c3``), so every id printed resolves.
    """
    who = _who(nomination)
    lines = [
        f"# PSRT nomination of {who}: {_TITLES[decision.outcome]}",
        "",
        _OUTCOME_SENTENCES[decision.outcome].format(who=who),
        "",
        f"**{share_sentence(decision)}**; {turnout_sentence(decision)}.",
        "",
        *_counts_table(decision),
        "",
        f"- Nominated by: @{nomination.nominator}",
        f"- Voting window: opened {nomination.opened_at.isoformat()}, "
        f"closes {decision.closes_at.isoformat()} (the close is excluded)",
        f"- Steering Council: {council_sentence(decision, nomination)}",
    ]
    lines += [f"- Reason: {markdown_text(reason)}" for reason in decision.reasons]
    if decision.ignored_ballots:
        lines += ["", "## Ignored ballots", ""]
        lines += [
            f"- @{b.voter}: {markdown_text(ignored_sentence(b))}" for b in decision.ignored_ballots
        ]
    if decision.overrides:
        lines += ["", "## Settings changed from PEP 811", ""]
        lines += [
            f"- `{o.setting}` = {markdown_text(o.value)} (default {markdown_text(o.default)}, "
            f"{o.basis.value})"
            for o in decision.overrides
        ]
    lines += ["", "## Rules", ""]
    rules = ", ".join(_rule_link(rule, rules_page) for rule in decision.rules)
    lines.append(f"Decided under {rules}.")
    if decision.flags:
        lines.append(f"Flags: {', '.join(f'`{flag}`' for flag in decision.flags)}.")
    return "\n".join(lines) + "\n"


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
        "steering_council": None
        if state.steering_council is None
        else sorted(state.steering_council),
        "last_inactivity_report": None
        if state.last_inactivity_report is None
        else state.last_inactivity_report.isoformat(),
    }
