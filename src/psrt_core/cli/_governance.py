"""``psrt-core governance tally|inactivity|check|replay``: PEP 811 decisions for maintainers.

Every subcommand exits 0 whenever its input could be evaluated, whatever the outcome ("no" is
a result), and 2 with one line naming the file and the field when an input is malformed.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any, TextIO

from psrt_core.cli._common import (
    CliError,
    date_argument,
    now,
    read_text,
    render_table,
    time_argument,
    write_json,
)
from psrt_core.cli._governance_output import (
    decision_to_dict,
    findings_to_dict,
    inactivity_report_to_dict,
    render_tally_markdown,
    render_tally_text,
    state_to_dict,
)
from psrt_core.exceptions import InvalidHandleError, RuleViolationError
from psrt_core.governance import (
    Override,
    Policy,
    Roster,
    check_handle,
    check_roster,
    inactivity_report,
    open_nominations,
    pending_duties,
    replay,
    tally,
)
from psrt_core.serialization import (
    activity_from_json,
    events_from_jsonl,
    nomination_from_json,
    policy_from_toml,
    roster_from_devguide_csv,
    roster_from_json,
)

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``governance`` subcommand and its four actions."""
    parser = commands.add_parser(
        "governance",
        help="PEP 811 governance: tally a nomination, inactivity report, roster checks, replay",
        description="PEP 811 governance decisions from the devguide's member list.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    tally_parser = actions.add_parser(
        "tally", help="tally a nomination vote", description="Tally a nomination vote (§C, §D)."
    )
    tally_parser.add_argument("nomination", metavar="NOMINATION.json")
    _roster_options(tally_parser)
    _council_option(tally_parser)
    _policy_option(tally_parser)
    tally_parser.add_argument(
        "--at", type=time_argument, default=None, help="evaluate at this time (default: now)"
    )
    tally_parser.add_argument("--json", action="store_true", help="print the decision as JSON")
    tally_parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default=None,
        help="text (default), json (as --json) or markdown: a ready announcement",
    )
    tally_parser.set_defaults(handler=run_tally)

    inactivity = actions.add_parser(
        "inactivity",
        help="the yearly inactivity report",
        description="List inactive members for the Steering Council (R-F1 to R-F3).",
    )
    _roster_options(inactivity, emeritus=False)
    inactivity.add_argument("--activity", required=True, metavar="activity.json")
    inactivity.add_argument("--on", type=date_argument, required=True, help="the report date")
    inactivity.add_argument(
        "--previous-report", type=date_argument, default=None, help="the previous report's date"
    )
    _council_option(inactivity)
    _policy_option(inactivity)
    inactivity.add_argument("--json", action="store_true", help="print the report as JSON")
    inactivity.set_defaults(handler=run_inactivity)

    check = actions.add_parser(
        "check",
        help="check the roster's invariants",
        description="Findings: too few admins, duplicate handles, people on both lists, "
        "missing handles.",
    )
    _roster_options(check)
    _policy_option(check)
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.set_defaults(handler=run_check)

    replay_parser = actions.add_parser(
        "replay",
        help="replay an event log",
        description="The roster, nominations and pending duties after an event log.",
    )
    replay_parser.add_argument("events", metavar="EVENTS.jsonl")
    replay_parser.add_argument(
        "--at", type=time_argument, default=None, help="the state at this time (default: now)"
    )
    _council_option(replay_parser)
    _policy_option(replay_parser)
    replay_parser.add_argument("--json", action="store_true", help="print the state as JSON")
    replay_parser.set_defaults(handler=run_replay)


def _roster_options(parser: argparse.ArgumentParser, *, emeritus: bool = True) -> None:
    parser.add_argument(
        "--roster",
        required=True,
        metavar="psrt.csv",
        help="the member list: the devguide CSV, or a psrt-core JSON roster (.json)",
    )
    if emeritus:
        parser.add_argument("--emeritus", metavar="psrt-emeritus.csv", default=None)


def _council_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--steering-council",
        type=_handles,
        default=(),
        metavar="HANDLE,...",
        help="the current Steering Council's GitHub handles: a Council motion counts only "
        "against a known Council (an event log may seat it with steering_council_seated)",
    )


def _policy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", metavar="policy.toml", default=None)


def _handles(value: str) -> tuple[str, ...]:
    """Comma-separated GitHub logins; a look-alike or malformed handle is a usage error."""
    handles = tuple(h.strip() for h in value.split(",") if h.strip())
    if not handles:
        raise argparse.ArgumentTypeError("expected comma-separated GitHub handles")
    bad = [h for h in handles if not _is_handle(h)]
    if bad:
        shown = ", ".join(ascii(h) for h in bad)
        raise argparse.ArgumentTypeError(f"not GitHub handles: {shown}")
    return handles


def _is_handle(text: str) -> bool:
    try:
        check_handle(text)
    except InvalidHandleError:
        return False
    return True


def _load_roster(path: str, emeritus: str | None = None) -> Roster:
    if path.endswith(".json"):
        if emeritus is not None:
            raise CliError("--emeritus goes with a devguide CSV roster, not a JSON roster")
        return roster_from_json(read_text(path), source=path)
    return roster_from_devguide_csv(
        read_text(path),
        None if emeritus is None else read_text(emeritus),
        members_source=path,
        emeritus_source=emeritus or "psrt-emeritus.csv",
    )


def _load_policy(path: str | None) -> Policy:
    return Policy() if path is None else policy_from_toml(read_text(path), source=path)


def _settings_lines(overrides: tuple[Override, ...]) -> list[str]:
    return [
        f"setting changed: {o.setting} = {o.value} (default {o.default}, {o.basis.value})"
        for o in overrides
    ]


def run_tally(args: argparse.Namespace, out: TextIO) -> int:
    """Tally one nomination."""
    nomination = nomination_from_json(read_text(args.nomination), source=args.nomination)
    roster = _load_roster(args.roster, args.emeritus)
    policy = _load_policy(args.policy)
    at = args.at or now()
    decision = tally(
        nomination, roster, at=at, policy=policy, steering_council=args.steering_council
    )
    form = args.format or ("json" if args.json else "text")
    if form == "json":
        write_json(decision_to_dict(decision), out)
    elif form == "markdown":
        out.write(render_tally_markdown(decision, nomination))
    else:
        out.write(render_tally_text(decision, nomination))
    return 0


def run_inactivity(args: argparse.Namespace, out: TextIO) -> int:
    """Print the inactivity report."""
    if args.previous_report is not None and args.previous_report >= args.on:
        raise CliError("--previous-report must be a date before --on")
    roster = _load_roster(args.roster)
    activity = activity_from_json(read_text(args.activity), source=args.activity)
    policy = _load_policy(args.policy)
    report = inactivity_report(
        roster,
        activity,
        on=args.on,
        previous_report=args.previous_report,
        steering_council=args.steering_council,
        policy=policy,
    )
    if args.json:
        write_json(inactivity_report_to_dict(report), out)
        return 0
    out.write(
        f"inactivity report on {report.on.isoformat()} "
        f"(activity after {report.window_start.isoformat()})\n"
    )
    rows = [
        (
            entry.member.github,
            entry.member.name,
            "yes" if entry.recommended_for_removal else "no",
            None if entry.exemption is None else entry.exemption.value,
            ", ".join(entry.annotations),
        )
        for entry in report.inactive
    ]
    out.write(render_table(("member", "name", "recommend removal", "exemption", "notes"), rows))
    out.write(
        f"{len(report.inactive)} inactive, {len(report.recommended)} recommended for removal, "
        f"{len(report.active)} active\n"
    )
    for line in _settings_lines(report.overrides):
        out.write(line + "\n")
    return 0


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    """Print the roster's findings."""
    roster = _load_roster(args.roster, args.emeritus)
    findings = check_roster(roster, policy=_load_policy(args.policy))
    if args.json:
        write_json(findings_to_dict(findings), out)
        return 0
    if not findings:
        out.write(
            f"ok: {len(roster.current)} members, {len(roster.admins)} admins, "
            f"{len(roster.emeritus)} emeritus\n"
        )
        return 0
    for finding in findings:
        out.write(f"{finding.code} ({finding.rule}): {finding.message}\n")
    return 0


def run_replay(args: argparse.Namespace, out: TextIO) -> int:
    """Print the state after the event log."""
    events = events_from_jsonl(read_text(args.events), source=args.events)
    policy = _load_policy(args.policy)
    at: datetime.datetime = args.at or now()
    council = args.steering_council or None
    try:
        state = replay(events, at=at, policy=policy, steering_council=council)
    except RuleViolationError as exc:
        raise CliError(f"{args.events}: {exc}") from None
    # The Council the log seated wins over the option (which covers a log that seats none).
    nominations = open_nominations(
        state, at=at, policy=policy, steering_council=args.steering_council
    )
    duties = pending_duties(state, at=at, policy=policy, steering_council=args.steering_council)
    if args.json:
        write_json(state_to_dict(state, nominations=nominations, duties=duties, at=at), out)
        return 0
    roster = state.roster
    out.write(
        f"state at {at.isoformat()} after {state.events} event(s): "
        f"{len(roster.current)} members, {len(roster.admins)} admins, "
        f"{len(roster.emeritus)} emeritus\n"
    )
    for key, decision in nominations:
        out.write(
            f"nomination {key}: {decision.outcome.value} "
            f"(yes {decision.yes}, no {decision.no}, abstain {decision.abstain})\n"
        )
    for duty in duties:
        out.write(f"pending: {duty.kind} {duty.subject} ({duty.rule}): {duty.message}\n")
    return 0
