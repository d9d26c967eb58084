"""The roster documents: the devguide's ``psrt.csv`` / ``psrt-emeritus.csv`` and the JSON roster."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any, Final

from psrt_core.exceptions import InvalidGovernanceDataError, Problem
from psrt_core.governance import Attribute, Member, MemberStatus, Roster
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._governance_common import (
    bad_handle,
    check,
    csv_rows,
    fail,
    governance_converter,
    handle_problem,
    handle_problems,
    load_json,
    structure_document,
)

__all__ = [
    "ROSTER_FORMAT",
    "emeritus_to_devguide_csv",
    "members_to_devguide_csv",
    "roster_from_devguide_csv",
    "roster_from_dict",
    "roster_from_json",
    "roster_to_dict",
]

ROSTER_FORMAT: Final = "psrt-core/roster-1"


# -- the devguide CSV files ---------------------------------------------------------------------


def _read_csv(
    text: str, status: MemberStatus, source: str, problems: list[Problem], limits: Limits
) -> list[Member]:
    members = []
    for number, row in csv_rows(text, source, limits, problems):
        where = f"line {number}"
        if not row:
            continue
        if len(row) != 3:
            problems.append(Problem(where, "expected 3 fields: name,github,notes", row))
            continue
        name, github, notes = row
        if not name.strip():
            problems.append(Problem(f"{where}, name", "a member needs a name", name))
            continue
        if github.strip() and bad_handle(github.strip()):
            problems.append(handle_problem(f"{where}, github", github))
            continue
        attributes = []
        for note in (n for n in notes.split(",") if n.strip()):
            try:
                attributes.append(Attribute.from_label(note))
            except ValueError:
                problems.append(Problem(f"{where}, notes", "unknown role", note.strip()))
        if len(set(attributes)) != len(attributes):
            problems.append(Problem(f"{where}, notes", "a role is repeated", notes))
            continue
        members.append(Member(name, github.strip() or None, tuple(attributes), status=status))
    return members


def roster_from_devguide_csv(
    members: str,
    emeritus: str | None = None,
    *,
    members_source: str = "psrt.csv",
    emeritus_source: str = "psrt-emeritus.csv",
    limits: Limits = DEFAULT_LIMITS,
) -> Roster:
    """The roster from the devguide's ``psrt.csv`` (and ``psrt-emeritus.csv``) texts.

    The files have no header; each line is ``name,github,notes`` where *notes* lists roles
    such as ``"Admin, Release Manager"``. An empty handle is kept as ``None``.
    """
    problems: list[Problem] = []
    current = _read_csv(members, MemberStatus.MEMBER, members_source, problems, limits)
    fail(problems, members_source)
    former: list[Member] = []
    if emeritus is not None:
        former = _read_csv(emeritus, MemberStatus.EMERITUS, emeritus_source, problems, limits)
        fail(problems, emeritus_source)
    return Roster((*current, *former))


def _write_csv(members: Iterable[Member]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for member in members:
        notes = ", ".join(attribute.label for attribute in member.attributes)
        writer.writerow([member.name, member.github or "", notes])
    return buffer.getvalue()


def members_to_devguide_csv(roster: Roster) -> str:
    """``psrt.csv`` for the current members, in roster order, exactly as the devguide writes it."""
    return _write_csv(roster.current)


def emeritus_to_devguide_csv(roster: Roster) -> str:
    """``psrt-emeritus.csv`` for the emeritus list, in roster order.

    A former member who rejoined is left out: the devguide moves them back to ``psrt.csv``.
    """
    current = {m.key for m in roster.current if m.key is not None}
    return _write_csv(m for m in roster.emeritus if m.key is None or m.key not in current)


# -- the JSON roster ----------------------------------------------------------------------------


def roster_to_dict(roster: Roster) -> dict[str, Any]:
    """The richer JSON roster: every field of every member, both lists, in order."""
    return {
        "format": ROSTER_FORMAT,
        "members": [governance_converter().unstructure(member) for member in roster.members],
    }


def roster_from_dict(
    document: object, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Roster:
    """The roster from a `roster_to_dict` document; every problem is reported."""
    check(document, source, limits)
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        raise InvalidGovernanceDataError.single("$", "expected an object", document, source=source)
    if document.get("format") != ROSTER_FORMAT:
        problems.append(
            Problem(
                "$.format", f"expected {ROSTER_FORMAT!r}", document.get("format", Problem.NO_VALUE)
            )
        )
    extra = sorted(set(document) - {"format", "members"})
    if extra:
        problems.append(Problem("$", f"extra fields not allowed: {', '.join(extra)}"))
    raw = document.get("members")
    members: list[Member] = []
    if not isinstance(raw, list):
        problems.append(
            Problem("$.members", "expected a list", raw if raw is not None else Problem.NO_VALUE)
        )
    else:
        for index, item in enumerate(raw):
            bad = handle_problems(item, f"$.members[{index}]")
            problems += bad
            member = (
                None if bad else structure_document(item, Member, f"$.members[{index}]", problems)
            )
            if member is not None:
                members.append(member)
    fail(problems, source)
    return Roster(tuple(members))


def roster_from_json(
    text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Roster:
    """`roster_from_dict` on strict JSON text, under *limits*."""
    return roster_from_dict(load_json(text, source, limits), source=source, limits=limits)
