"""``psrt-core governance``: PEP 811 decisions and the files the admins keep.

``tally|inactivity|check|replay`` decide; ``activity`` builds the activity file from credits
and comments; ``offboard`` writes the devguide CSV change as a patch.

Every subcommand exits 0 whenever its input could be evaluated, whatever the outcome ("no" is
a result), and 2 with one line naming the file and the field when an input is malformed.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

import attrs

from psrt_core.advisories import Advisory, CreditLedger, CreditType
from psrt_core.cli._common import (
    CliError,
    date_argument,
    now,
    read_text,
    time_argument,
    warn,
    write_json,
)
from psrt_core.cli._governance_output import (
    decision_to_dict,
    findings_to_dict,
    inactivity_report_to_dict,
    render_tally_markdown,
    state_to_dict,
    tally_text_lines,
)
from psrt_core.cli._output import (
    COMMANDS,
    EXIT_FINDINGS,
    add_format_option,
    add_output_option,
    write_lines,
    write_table,
)
from psrt_core.exceptions import InvalidHandleError, InvalidRecordError, RuleViolationError
from psrt_core.governance import (
    Activity,
    ActivityKind,
    Attribute,
    Member,
    MemberStatus,
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
    activity_to_json,
    comment_activity_from_csv,
    emeritus_to_devguide_csv,
    events_from_jsonl,
    ghsa_from_dict,
    members_to_devguide_csv,
    nomination_from_json,
    parse_advisory,
    policy_from_toml,
    roster_from_devguide_csv,
    roster_from_json,
)
from psrt_core.serialization._converter import parse_datetime
from psrt_core.serialization._reading import json_document

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``governance`` subcommand and its four actions."""
    parser = commands.add_parser(
        "governance",
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
    add_format_option(tally_parser, COMMANDS["governance tally"].formats)
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
    inactivity.add_argument(
        "--events",
        metavar="EVENTS.jsonl",
        default=None,
        help="an event log whose members' joined dates complete the roster's",
    )
    _council_option(inactivity)
    _policy_option(inactivity)
    add_format_option(inactivity, COMMANDS["governance inactivity"].formats)
    inactivity.set_defaults(handler=run_inactivity)

    check = actions.add_parser(
        "check",
        help="check the roster's invariants",
        description="Findings: too few admins, duplicate handles, people on both lists, "
        "missing handles.",
    )
    _roster_options(check)
    _policy_option(check)
    add_format_option(check, COMMANDS["governance check"].formats)
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
    add_format_option(replay_parser, COMMANDS["governance replay"].formats)
    replay_parser.set_defaults(handler=run_replay)
    _register_activity(actions)
    _register_offboard(actions)


def _register_activity(actions: argparse._SubParsersAction[Any]) -> None:
    parser = actions.add_parser(
        "activity",
        help="build the activity file from credits and comments",
        description="The activity file for `inactivity` (R-F2): coordinator credits in "
        "OSV/CVE records and GHSA exports, and the admins' comment log (member,report,at).",
    )
    _roster_options(parser)
    parser.add_argument(
        "--record", action="append", default=[], metavar="RECORD", help="an OSV or CVE record"
    )
    parser.add_argument(
        "--ghsa",
        action="append",
        default=[],
        metavar="GHSA.json",
        help="a GHSA export: one advisory or a list of them",
    )
    parser.add_argument("--comments", action="append", default=[], metavar="comments.csv")
    add_output_option(parser)
    parser.set_defaults(handler=run_activity)


def _register_offboard(actions: argparse._SubParsersAction[Any]) -> None:
    parser = actions.add_parser(
        "offboard",
        help="move members to the emeritus list, as a patch",
        description="Print a unified diff of security/psrt.csv and security/psrt-emeritus.csv "
        "that moves the given members to the emeritus list (R-F4, R-F6); apply it with "
        "`git apply`.",
    )
    parser.add_argument("--roster", required=True, metavar="psrt.csv")
    parser.add_argument("--emeritus", required=True, metavar="psrt-emeritus.csv")
    parser.add_argument("--remove", required=True, nargs="+", metavar="HANDLE")
    parser.add_argument(
        "--on", type=date_argument, default=None, help="the removal date, shown in the patch"
    )
    add_output_option(parser)
    parser.set_defaults(handler=run_offboard)


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


def _contract(action: str) -> str | None:
    return COMMANDS[f"governance {action}"].contract


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
    if args.format == "json":
        write_json(decision_to_dict(decision), out, contract=_contract("tally"))
    elif args.format == "markdown":
        write_lines(out, render_tally_markdown(decision, nomination).splitlines())
    else:
        # One write per line: a newline inside a name is data, escaped (`SafeStream`).
        write_lines(out, tally_text_lines(decision, nomination))
    return 0


def run_inactivity(args: argparse.Namespace, out: TextIO) -> int:
    """Print the inactivity report."""
    if args.previous_report is not None and args.previous_report >= args.on:
        raise CliError("--previous-report must be a date before --on")
    roster = _load_roster(args.roster)
    activity = activity_from_json(read_text(args.activity), source=args.activity)
    policy = _load_policy(args.policy)
    if args.events is not None:
        roster = _with_join_dates(roster, args.events, args.on, policy)
    report = inactivity_report(
        roster,
        activity,
        on=args.on,
        previous_report=args.previous_report,
        steering_council=args.steering_council,
        policy=policy,
    )
    if args.format == "json":
        write_json(inactivity_report_to_dict(report), out, contract=_contract("inactivity"))
        return 0
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
    headers = ("member", "name", "recommend removal", "exemption", "notes")
    if args.format != "table":  # CSV and Markdown are the table alone, as in every command
        write_table(out, headers, rows, form=args.format)
        return 0
    out.write(
        f"inactivity report on {report.on.isoformat()} "
        f"(activity after {report.window_start.isoformat()})\n"
    )
    write_table(out, headers, rows)
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
    if args.format == "json":
        write_json(findings_to_dict(findings), out, contract=_contract("check"))
        return EXIT_FINDINGS if findings else 0
    if not findings:
        out.write(
            f"ok: {len(roster.current)} members, {len(roster.admins)} admins, "
            f"{len(roster.emeritus)} emeritus\n"
        )
        return 0
    for finding in findings:
        out.write(f"{finding.code} ({finding.rule}): {finding.message}\n")
    return EXIT_FINDINGS


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
    if args.format == "json":
        document = state_to_dict(state, nominations=nominations, duties=duties, at=at)
        write_json(document, out, contract=_contract("replay"))
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


# -- join dates from an event log ----------------------------------------------------------------


def _with_join_dates(roster: Roster, path: str, on: datetime.date, policy: Policy) -> Roster:
    """*roster* with each member's ``joined`` date taken from the log where the roster has none."""
    events = events_from_jsonl(read_text(path), source=path)
    end = datetime.datetime.combine(on, datetime.time.max, tzinfo=datetime.timezone.utc)
    try:
        state = replay(events, at=end, policy=policy)
    except RuleViolationError as exc:
        raise CliError(f"{path}: {exc}") from None
    joined = {
        m.key: m.joined for m in state.roster.members if m.key is not None and m.joined is not None
    }
    return Roster(
        attrs.evolve(m, joined=joined[m.key])
        if m.joined is None and m.key is not None and m.key in joined
        else m
        for m in roster.members
    )


# -- the activity file from credits and comments -------------------------------------------------


def _ghsa_documents(path: str) -> list[Any]:
    document = json_document(read_text(path), error=InvalidRecordError, source=path)
    return document if isinstance(document, list) else [document]


def _instant(text: str | None) -> datetime.datetime | None:
    """A record's date; the loaders have already refused one that is not RFC 3339."""
    return None if text is None else parse_datetime(text)


def _ghsa_activity(path: str, logins: Mapping[str, str]) -> Iterator[Activity | str]:
    """Coordinator credits of a GHSA export, by GitHub login; unmatched logins as strings."""
    for number, document in enumerate(_ghsa_documents(path)):
        advisory = ghsa_from_dict(document, source=f"{path}[{number}]")
        at = _instant(advisory.published_at or advisory.updated_at or advisory.created_at)
        for entry in CreditLedger.from_ghsa(advisory).entries:
            if entry.role is not CreditType.COORDINATOR or entry.login is None:
                continue
            handle = logins.get(entry.login.casefold())
            if handle is None:
                yield f"{advisory.ghsa_id}: coordinator {entry.login!r} matches no member"
                continue
            if at is None:
                yield f"{advisory.ghsa_id}: coordinator {entry.login!r}: the GHSA gives no date"
                continue
            yield Activity(handle, ActivityKind.COORDINATED, at, advisory.ghsa_id)


def _record_credits(advisory: Advisory) -> tuple[CreditLedger, str | None]:
    record = advisory.record
    if advisory.format == "osv":
        credits = getattr(record, "credits", None) or ()
        return CreditLedger.from_osv(credits), getattr(record, "published", None) or (
            advisory.modified
        )
    cna = record.containers.cna  # type: ignore[union-attr]
    metadata = record.cve_metadata  # type: ignore[union-attr]
    return CreditLedger.from_cve(cna.credits or ()), metadata.date_published or advisory.modified


def _record_activity(path: str, names: Mapping[str, str]) -> Iterator[Activity | str]:
    """Coordinator credits of an OSV or CVE record, by the roster's names."""
    advisory = parse_advisory(read_text(path), source=path)
    ledger, published = _record_credits(advisory)
    at = _instant(published)
    for entry in ledger.entries:
        if entry.role is not CreditType.COORDINATOR or entry.name is None:
            continue
        handle = names.get(_name_key(entry.name))
        if handle is None:
            yield f"{advisory.id}: coordinator {entry.name!r} matches no member"
            continue
        if at is None:
            yield f"{advisory.id}: coordinator {entry.name!r}: the record gives no date"
            continue
        yield Activity(handle, ActivityKind.COORDINATED, at, advisory.id)


def _name_key(name: str) -> str:
    """Names compare without case, accents or extra spaces (``Bénédikt`` = ``Benedikt``)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def run_activity(args: argparse.Namespace, out: TextIO) -> int:
    """Print the activity file built from credits and the comment log."""
    roster = _load_roster(args.roster, args.emeritus)
    people = [m for m in roster.members if m.github is not None]
    logins = {m.github.casefold(): m.github for m in people if m.github}
    names = {_name_key(m.name): m.github for m in people if m.github}
    found: list[Activity | str] = []
    for path in args.ghsa:
        found += _ghsa_activity(path, logins)
    for path in args.record:
        found += _record_activity(path, names)
    for path in args.comments:
        found += comment_activity_from_csv(read_text(path), source=path)
    for note in (item for item in found if isinstance(item, str)):
        warn(args, ascii(note)[1:-1])
    out.write(activity_to_json(item for item in found if isinstance(item, Activity)))
    return 0


# -- offboarding as a patch of the devguide files ------------------------------------------------

DEVGUIDE_DIR = "security"


def _emeritus_entry(member: Member, on: datetime.date | None) -> Member:
    """The member as the emeritus list holds them: no Admin role (R-E3, R-F8)."""
    roles = tuple(a for a in member.attributes if a is not Attribute.ADMIN)
    return attrs.evolve(member, attributes=roles, status=MemberStatus.EMERITUS, left=on)


def _sort_key(member: Member) -> str:
    return _name_key(member.name)


def _insert_sorted(emeritus: list[Member], member: Member) -> None:
    """Insert *member* before the first entry whose name sorts after theirs (the file's order)."""
    for index, other in enumerate(emeritus):
        if _sort_key(other) > _sort_key(member):
            emeritus.insert(index, member)
            return
    emeritus.append(member)


def offboarded(roster: Roster, handles: Iterable[str], on: datetime.date | None) -> Roster:
    """*roster* with the members *handles* moved to the emeritus list."""
    current, emeritus = list(roster.current), list(roster.emeritus)
    for handle in handles:
        key = handle.casefold()
        matches = [m for m in current if m.key == key]
        if not matches:
            known = sorted(m.github for m in current if m.github)
            near = difflib.get_close_matches(handle, known, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise CliError(f"--remove: {handle!a} is not a current member{hint}")
        for member in matches:
            current.remove(member)
            _insert_sorted(emeritus, _emeritus_entry(member, on))
    return Roster((*current, *emeritus))


def _diff(before: str, after: str, name: str) -> list[str]:
    return list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"a/{DEVGUIDE_DIR}/{name}",
            f"b/{DEVGUIDE_DIR}/{name}",
        )
    )


def offboard_patch(members_text: str, emeritus_text: str, after: Roster, note: str = "") -> str:
    """A ``git apply`` patch from the two files' texts to *after*'s devguide CSV files."""
    lines = _diff(members_text, members_to_devguide_csv(after), "psrt.csv")
    lines += _diff(emeritus_text, emeritus_to_devguide_csv(after), "psrt-emeritus.csv")
    return note + "".join(lines)


def _exact_text(path: str) -> str:
    """The file's text with its line ends as they are: the patch must match it byte for byte."""
    text = read_text(path)  # the one-line errors for a missing or undecodable file
    if path == "-":
        return text
    with open(path, encoding="utf-8", newline="") as stream:
        return stream.read()


def run_offboard(args: argparse.Namespace, out: TextIO) -> int:
    """Print the patch moving ``--remove`` members to the emeritus list."""
    if args.roster.endswith(".json"):
        raise CliError("--emeritus goes with a devguide CSV roster, not a JSON roster")
    members_text, emeritus_text = _exact_text(args.roster), _exact_text(args.emeritus)
    # Parsed from the texts already read: standard input (``-``) cannot be read twice.
    roster = roster_from_devguide_csv(
        members_text, emeritus_text, members_source=args.roster, emeritus_source=args.emeritus
    )
    if members_to_devguide_csv(roster) != members_text or (
        emeritus_to_devguide_csv(roster) != emeritus_text
    ):
        raise CliError(
            "the CSV files are not in the devguide's exact format (name,github,notes, "
            "no header, LF line ends): rewrite them before offboarding"
        )
    after = offboarded(roster, args.remove, args.on)
    when = "" if args.on is None else f" on {args.on.isoformat()}"
    note = f"Move {', '.join(args.remove)} to the PSRT emeritus list{when} (R-F4, R-F6).\n\n"
    out.write(offboard_patch(members_text, emeritus_text, after, note))
    return 0
