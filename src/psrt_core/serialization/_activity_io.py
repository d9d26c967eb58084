"""Activity documents (R-F2): the activity JSON and the admins' comment log (CSV)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Final

from psrt_core.exceptions import InvalidGovernanceDataError, Problem
from psrt_core.governance import Activity, ActivityKind
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._governance_common import (
    bad_handle,
    csv_rows,
    fail,
    handle_problem,
    handle_problems,
    load_json,
    structure_document,
    utc_instant,
)

__all__ = [
    "COMMENTS_HEADER",
    "activity_from_json",
    "activity_to_json",
    "comment_activity_from_csv",
]


def activity_from_json(
    text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[Activity, ...]:
    """Activity records: ``[{"member": ..., "kind": "coordinated"|"commented", "at": ...}]``."""
    problems: list[Problem] = []
    document = load_json(text, source, limits)
    if not isinstance(document, list):
        raise InvalidGovernanceDataError.single(
            "$", "expected a list of activity records", document, source=source
        )
    problems += handle_problems(document)
    fail(problems, source)
    activity = structure_document(document, list[Activity], "$", problems)
    fail(problems, source)
    return tuple(activity or ())


COMMENTS_HEADER: Final = ("member", "report", "at")


def _comment_row(row: list[str], where: str, problems: list[Problem]) -> Activity | None:
    if len(row) != len(COMMENTS_HEADER):
        problems.append(Problem(where, "expected 3 fields: member,report,at", row))
        return None
    member, report, at = (field.strip() for field in row)
    if bad_handle(member):
        problems.append(handle_problem(f"{where}, member", member))
        return None
    try:
        instant = utc_instant(at, datetime.datetime)
    except (ValueError, InvalidGovernanceDataError):
        problems.append(Problem(f"{where}, at", "expected an RFC 3339 timestamp", at))
        return None
    return Activity(member, ActivityKind.COMMENTED, instant, report or None)


def comment_activity_from_csv(
    text: str, *, source: str = "comments.csv", limits: Limits = DEFAULT_LIMITS
) -> tuple[Activity, ...]:
    """The admins' comment log: a ``member,report,at`` header, then one comment per line.

    *member* is the GitHub handle, *report* the report's id (may be empty), *at* an RFC 3339
    timestamp (no offset means UTC). Each line is a ``commented`` activity (R-F2). The text,
    its lines and fields are bounded by *limits* and the csv module's field size, as a roster's.
    """
    problems: list[Problem] = []
    rows = csv_rows(text, source, limits, problems)
    first = next(rows, None)
    header = tuple(field.strip().lower() for field in first[1]) if first else ()
    fail(problems, source)
    if header != COMMENTS_HEADER:
        raise InvalidGovernanceDataError.single(
            "line 1", "expected the header member,report,at", list(header), source=source
        )
    found = []
    for number, row in rows:
        if not row:
            continue
        item = _comment_row(row, f"line {number}", problems)
        if item is not None:
            found.append(item)
    fail(problems, source)
    return tuple(found)


def activity_to_json(activity: Iterable[Activity]) -> str:
    """The activity file `activity_from_json` reads, sorted by time, member, kind and report."""
    ordered = sorted(
        set(activity), key=lambda a: (a.at, a.member.lower(), a.kind.value, a.report or "")
    )
    document = [
        {
            "member": a.member,
            "kind": a.kind.value,
            "at": a.at.isoformat().replace("+00:00", "Z"),
            "report": a.report,
        }
        for a in ordered
    ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
