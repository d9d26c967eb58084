"""Governance documents: the devguide CSVs, JSON rosters, TOML policies, nominations, event logs.

Also the activity JSON. The CLI's ``--json`` outputs are CLI formats and live in
`psrt_core.cli`.

Every reader reports every problem it finds as an `InvalidGovernanceDataError` naming the
source, the location (``line 3`` or a JSON path) and the value.
"""

from __future__ import annotations

import csv
import datetime
import enum
import functools
import io
import json
import re
import sys
import types
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from psrt_core.exceptions import InvalidGovernanceDataError, InvalidHandleError, Problem
from psrt_core.governance import (
    Activity,
    ActivityKind,
    Attribute,
    Ballot,
    CouncillorVote,
    GovernanceEvent,
    Member,
    MemberStatus,
    Motion,
    MotionKind,
    Nomination,
    Nominee,
    Policy,
    Roster,
    VetoAnswer,
    check_handle,
)
from psrt_core.serialization._converter import make_converter, parse_datetime
from psrt_core.serialization._errors import problems_from_cattrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "ROSTER_FORMAT",
    "activity_from_json",
    "emeritus_to_devguide_csv",
    "event_from_dict",
    "event_to_dict",
    "events_from_jsonl",
    "events_to_jsonl",
    "members_to_devguide_csv",
    "nomination_from_dict",
    "nomination_from_json",
    "policy_from_dict",
    "policy_from_toml",
    "policy_to_dict",
    "policy_to_toml",
    "roster_from_devguide_csv",
    "roster_from_dict",
    "roster_from_json",
    "roster_to_dict",
]

ROSTER_FORMAT: Final = "psrt-core/roster-1"
_T = TypeVar("_T")
_UTC = datetime.timezone.utc
# Every window a policy can set is at most _MAX_DAYS long and a decision adds at most a few of
# them to a timestamp; keeping timestamps before this instant keeps every such sum in range.
_LATEST: Final = datetime.datetime(9000, 1, 1, tzinfo=_UTC)
_MAX_DAYS: Final = 36500


def _instant(value: object, _: type) -> datetime.datetime:
    """An RFC 3339 timestamp as a UTC instant, so that how the zone is written never matters."""
    parsed = parse_datetime(value)
    try:
        instant = parsed.astimezone(_UTC)
    except OverflowError:
        raise InvalidGovernanceDataError.single(
            "$", "outside the years 1 to 9999 once converted to UTC", value
        ) from None
    if instant >= _LATEST:
        raise InvalidGovernanceDataError.single(
            "$", "too late: timestamps must be before 9000-01-01T00:00:00Z", value
        )
    return instant


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _enum(value: object, type_: type[enum.Enum]) -> enum.Enum:
    """An enum member by value; a wrong value lists the allowed ones (``pools``: issue 12)."""
    try:
        return type_(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in type_)
        message = f"invalid value for type, expected {type_.__name__}, one of: {allowed}"
        raise InvalidGovernanceDataError.single("$", message, value) from None


def _is_sequence(type_: Any) -> bool:
    origin = get_origin(type_)
    if origin is tuple:
        args = get_args(type_)
        return len(args) == 2 and args[1] is Ellipsis
    return origin in (list, frozenset, set)


def _sequence_hook(converter: cattrs.Converter) -> Any:
    """Sequences must be JSON arrays: a string or an object is not a list of its characters/keys."""

    def factory(type_: Any) -> Any:
        item_type: Any = types.GenericAlias(list, (get_args(type_)[0],))
        base = list_structure_factory(item_type, converter)
        origin = get_origin(type_)

        def structure(value: object, _: type) -> object:
            if not isinstance(value, list):
                raise InvalidGovernanceDataError.single(
                    "$", f"expected a list, got {type(value).__name__}", value
                )
            items = base(value, item_type)
            return items if origin is list else origin(items)

        return structure

    return factory


def _make() -> cattrs.Converter:
    converter = make_converter(forbid_extra_keys=True, strict=True)
    converter.register_structure_hook(datetime.datetime, _instant)
    converter.register_structure_hook_func(_is_enum, _enum)
    converter.register_structure_hook_factory(_is_sequence, _sequence_hook(converter))
    # The exact instants of joining and leaving exist only for members the event log changed;
    # leaving them out otherwise keeps the roster JSON of a devguide roster as it was.
    converter.register_unstructure_hook(
        Member,
        make_dict_unstructure_fn(
            Member,
            converter,
            joined_at=override(omit_if_default=True),
            left_at=override(omit_if_default=True),
        ),
    )
    converter.register_unstructure_hook_func(
        lambda type_: getattr(type_, "__origin__", type_) is frozenset,
        lambda value: sorted(converter.unstructure(v) for v in value),
    )
    return converter


@functools.cache
def _converter() -> cattrs.Converter:
    """The governance converter with the event union configured, built on first use.

    Generating the hooks for every event type costs tens of milliseconds, which an
    ``import psrt_core`` that never reads a governance document should not pay.
    """
    converter = _make()
    configure_tagged_union(GovernanceEvent, converter, tag_generator=_tag, tag_name="type")
    return converter


# -- GitHub handles -----------------------------------------------------------------------------
#
# Every governance document names people by GitHub handle under these keys. They are checked
# before the document is structured so that one error lists every bad handle at its own path
# (a model's validator could only name the enclosing object).

_HANDLE_PROBLEM: Final = (
    "not a GitHub handle (ASCII letters, digits and single hyphens, no hyphen first or last, "
    "at most 39 characters)"
)
_HANDLE_KEYS: Final = frozenset({"github", "nominator", "voter", "councillor", "member"})
_HANDLE_LIST_KEYS: Final = frozenset({"seconders", "conflicted", "councillors"})


def _handle_problem(where: str, value: object) -> Problem:
    """The problem of a bad handle; a non-ASCII one is also spelt escaped (a look-alike shows)."""
    message = _HANDLE_PROBLEM
    if isinstance(value, str) and not value.isascii():
        message += f"; non-ASCII: {value!a}"
    return Problem(where, message, value)


def _bad_handle(value: object) -> bool:
    try:
        check_handle(value)
    except InvalidHandleError:
        return True
    return False


def _handles_in(obj: Mapping[Any, Any], path: str) -> list[tuple[str, object]]:
    """The ``(path, value)`` of every handle one object names directly."""
    found: list[tuple[str, object]] = []
    for key, value in obj.items():
        if key in _HANDLE_KEYS and isinstance(value, str) and value.strip():
            found.append((f"{path}.{key}", value))  # "" and null are the models' to refuse
        elif key in _HANDLE_LIST_KEYS and isinstance(value, list):
            found += [(f"{path}.{key}[{i}]", item) for i, item in enumerate(value)]
    kind = obj.get("kind")
    if "subject" in obj and isinstance(kind, str) and kind != MotionKind.VETO.value:
        found.append((f"{path}.subject", obj["subject"]))  # a veto's subject is a nomination
    return found


def _handle_problems(document: object, root: str = "$") -> list[Problem]:
    """A `Problem` for every value under a handle key of *document* that is no GitHub login.

    The walk uses its own stack, so a deeply nested document cannot exhaust Python's.
    """
    problems: list[Problem] = []
    stack: list[tuple[object, str]] = [(document, root)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, Mapping):
            for where, value in _handles_in(node, path):
                if _bad_handle(value):
                    problems.append(_handle_problem(where, value))
            stack += [(v, f"{path}.{k}") for k, v in reversed(list(node.items()))]
        elif isinstance(node, list):
            stack += [(v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node)))]
    return problems


def _fail(problems: list[Problem], source: str | None) -> None:
    if problems:
        raise InvalidGovernanceDataError(problems, source=source)


def _structure(document: object, type_: type[_T], root: str, problems: list[Problem]) -> _T | None:
    """Structure one value, adding its problems (with paths under *root*) to *problems*.

    An attrs class is read only from an object: cattrs would otherwise fail on a list or a
    string with an error that is no `Problem` (an ``AttributeError``).
    """
    if attrs.has(type_) and not isinstance(document, Mapping):
        problems.append(Problem(root, "expected an object", document))
        return None
    try:
        return _converter().structure(document, type_)
    except (cattrs.ClassValidationError, cattrs.IterableValidationError) as exc:
        problems.extend(problems_from_cattrs(exc, document, root=root))
    except (ValueError, TypeError, OverflowError) as exc:
        problems.append(Problem(root, str(exc), document))
    return None


def _load_json(text: str, source: str | None) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise InvalidGovernanceDataError.single(
            where, f"not JSON: {exc.msg}", source=source
        ) from None


# -- the devguide CSV files ---------------------------------------------------------------------


def _read_csv(
    text: str, status: MemberStatus, source: str, problems: list[Problem]
) -> list[Member]:
    members = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
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
        if github.strip() and _bad_handle(github.strip()):
            problems.append(_handle_problem(f"{where}, github", github))
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
) -> Roster:
    """The roster from the devguide's ``psrt.csv`` (and ``psrt-emeritus.csv``) texts.

    The files have no header; each line is ``name,github,notes`` where *notes* lists roles
    such as ``"Admin, Release Manager"``. An empty handle is kept as ``None``.
    """
    problems: list[Problem] = []
    current = _read_csv(members, MemberStatus.MEMBER, members_source, problems)
    _fail(problems, members_source)
    former: list[Member] = []
    if emeritus is not None:
        former = _read_csv(emeritus, MemberStatus.EMERITUS, emeritus_source, problems)
        _fail(problems, emeritus_source)
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
        "members": [_converter().unstructure(member) for member in roster.members],
    }


def roster_from_dict(document: object, *, source: str | None = None) -> Roster:
    """The roster from a `roster_to_dict` document; every problem is reported."""
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
            bad = _handle_problems(item, f"$.members[{index}]")
            problems += bad
            member = None if bad else _structure(item, Member, f"$.members[{index}]", problems)
            if member is not None:
                members.append(member)
    _fail(problems, source)
    return Roster(tuple(members))


def roster_from_json(text: str, *, source: str | None = None) -> Roster:
    """`roster_from_dict` on JSON text."""
    return roster_from_dict(_load_json(text, source), source=source)


# -- the TOML policy ----------------------------------------------------------------------------
#
# The document is generated from the `Policy` attrs fields: one table per section, one key per
# setting, the wire form chosen by the setting's type (`_wire_fields`). The defaults therefore
# exist once, in `psrt_core.governance.Policy`. A duration is written in the largest unit that
# holds it exactly (``period_days = 7``, ``period_hours = 36``), and any one unit is read.

_UNITS: Final = (
    ("days", datetime.timedelta(days=1)),
    ("hours", datetime.timedelta(hours=1)),
    ("minutes", datetime.timedelta(minutes=1)),
    ("seconds", datetime.timedelta(seconds=1)),
    ("microseconds", datetime.timedelta(microseconds=1)),
)
_MAX_DURATION: Final = datetime.timedelta(days=_MAX_DAYS)
_SECTIONS: Final = tuple(field.name for field in attrs.fields(Policy))
_OPTIONAL_INT: Any = int | None
_KEEP: Final = object()
"""A setting the document does not give: the `Policy` default holds."""


def _fields(cls: type) -> tuple[Any, ...]:
    """The attrs fields of a policy class with their annotations resolved to types."""
    return tuple(attrs.fields(attrs.resolve_types(cls)))


def _base(type_: Any) -> Any:
    """``X`` for ``X | None``; *type_* otherwise."""
    if _optional(type_):
        return next(arg for arg in get_args(type_) if arg is not type(None))
    return type_


def _optional(type_: Any) -> bool:
    return type(None) in get_args(type_)


def _to_wire(value: object) -> object:
    """A setting's value as TOML writes it (durations are handled by `_duration_keys`)."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, frozenset):
        return sorted(value, key=lambda item: item.value)
    return value


def _wire_fields(section: type) -> dict[str, Any]:
    """The wire table's fields for one `Policy` section, with the section's defaults."""
    fields: dict[str, Any] = {}
    defaults = section()
    for field in _fields(section):
        base = _base(field.type)
        if base is datetime.timedelta:
            for unit, _ in _UNITS:
                fields[f"{field.name}_{unit}"] = attrs.field(type=_OPTIONAL_INT, default=None)
            continue
        wire: Any = {Fraction: str}.get(base, base)
        if get_origin(base) is frozenset:
            wire = list[get_args(base)[0]]  # type: ignore[misc]
        if _optional(field.type):
            wire = wire | None
        fields[field.name] = attrs.field(type=wire, default=_to_wire(getattr(defaults, field.name)))
    return fields


@functools.cache
def _policy_document() -> type:
    """The wire form of the whole policy: one generated attrs class per section."""
    tables = {}
    for field in _fields(Policy):
        table = attrs.make_class(f"_{field.name}_table", _wire_fields(field.type), frozen=True)
        tables[field.name] = attrs.field(type=table, factory=table)
    return attrs.make_class("_PolicyDocument", tables, frozen=True)


_FRACTION = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


def _fraction(text: str, where: str, problems: list[Problem]) -> Fraction | None:
    match = _FRACTION.fullmatch(text)
    if match is None or int(match[2]) == 0 or not 0 < int(match[1]) <= int(match[2]):
        problems.append(Problem(where, 'expected a fraction in (0, 1] such as "2/3"', text))
        return None
    return Fraction(int(match[1]), int(match[2]))


def _duration(table: object, name: str, where: str, problems: list[Problem]) -> object:
    """A window in one unit, at most 36500 days; `_KEEP` when no unit is given.

    A longer window could not be added to a timestamp safely.
    """
    given = [(unit, size, getattr(table, f"{name}_{unit}")) for unit, size in _UNITS]
    given = [item for item in given if item[2] is not None]
    if not given:
        return _KEEP
    if len(given) > 1:
        keys = ", ".join(f"{name}_{unit}" for unit, _, _ in given)
        problems.append(Problem(f"{where}.{name}_{given[0][0]}", f"give only one of {keys}"))
        return None
    unit, size, count = given[0]
    path = f"{where}.{name}_{unit}"
    if count <= 0:
        problems.append(Problem(path, f"expected a positive number of {unit}", count))
        return None
    if count * size > _MAX_DURATION:
        limit = _MAX_DURATION // size
        problems.append(Problem(path, f"at most {limit} {unit} (100 years)", count))
        return None
    return count * size


def _kind(type_: Any) -> int:
    """The order problems are reported in: fractions, durations, counts, the rest."""
    base = _base(type_)
    return {Fraction: 0, datetime.timedelta: 1, int: 2}.get(base, 3)


def _setting(table: object, field: Any, where: str, problems: list[Problem]) -> Any:
    """One setting from its wire table, or `_KEEP` for the default."""
    base = _base(field.type)
    if base is datetime.timedelta:
        return _duration(table, field.name, where, problems)
    value = getattr(table, field.name)
    if value is None:
        return None
    if base is Fraction:
        return _fraction(value, f"{where}.{field.name}", problems)
    if base is int and value < 0:
        problems.append(Problem(f"{where}.{field.name}", "must not be negative", value))
    if get_origin(base) is frozenset:
        return frozenset(value)
    return value


def policy_from_dict(document: object, *, source: str | None = None) -> Policy:
    """The policy from its TOML tables (as a mapping); missing settings keep their defaults."""
    problems: list[Problem] = []
    doc = _structure(document, _policy_document(), "$", problems)
    _fail(problems, source)
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    for kind in range(4):
        for section in _fields(Policy):
            table = getattr(doc, section.name)
            for field in _fields(section.type):
                if _kind(field.type) == kind:
                    value = _setting(table, field, f"$.{section.name}", problems)
                    if value is not _KEEP:
                        values[section.name][field.name] = value
    _fail(problems, source)
    return Policy(
        **{section.name: section.type(**values[section.name]) for section in _fields(Policy)}
    )


def policy_from_toml(text: str, *, source: str | None = None) -> Policy:
    """`policy_from_dict` on TOML text (``[nomination]``, ``[inactivity]``, ...)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidGovernanceDataError.single("$", f"not TOML: {exc}", source=source) from None
    return policy_from_dict(document, source=source)


def _duration_keys(name: str, value: datetime.timedelta) -> dict[str, int]:
    """*value* in the largest unit that holds it exactly: ``{"period_hours": 36}``."""
    for unit, size in _UNITS:  # pragma: no branch - microseconds always divide
        if not value % size:
            return {f"{name}_{unit}": value // size}
    raise AssertionError(value)  # pragma: no cover - unreachable


def _table_to_dict(section: object) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for field in _fields(type(section)):
        value = getattr(section, field.name)
        if value is None:
            continue
        if isinstance(value, datetime.timedelta):
            table.update(_duration_keys(field.name, value))
        else:
            table[field.name] = _converter().unstructure(_to_wire(value))
    return table


def policy_to_dict(policy: Policy) -> dict[str, dict[str, Any]]:
    """The policy as TOML tables; absent optional settings are left out."""
    return {name: _table_to_dict(getattr(policy, name)) for name in _SECTIONS}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)


def policy_to_toml(policy: Policy) -> str:
    """The policy as a TOML document that `policy_from_toml` reads back to the same policy."""
    lines = []
    for name, table in policy_to_dict(policy).items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in table.items()]
        lines.append("")
    return "\n".join(lines)


# -- nomination and activity documents ----------------------------------------------------------


@attrs.frozen
class _CouncilDocument:
    decision: VetoAnswer | None = None
    votes: list[CouncillorVote] | None = None
    conflicted: list[str] | None = None


@attrs.frozen
class _NominationDocument:
    nominee: Nominee
    nominator: str
    opened_at: datetime.datetime
    ballots: list[Ballot] = attrs.field(factory=list)
    steering_council: _CouncilDocument | None = None
    seconders: list[str] = attrs.field(factory=list)


def _council_shown(council: _CouncilDocument) -> dict[str, Any]:
    shown: dict[str, Any] = _converter().unstructure(council)
    if shown["conflicted"] is None:
        del shown["conflicted"]
    return shown


def nomination_from_dict(document: object, *, source: str | None = None) -> Nomination:
    """A nomination from the CLI's nomination document (see ``psrt-core governance tally``)."""
    problems = _handle_problems(document)
    _fail(problems, source)
    doc = _structure(document, _NominationDocument, "$", problems)
    _fail(problems, source)
    assert doc is not None
    council: VetoAnswer | Motion | None = None
    if doc.steering_council is not None:
        decision, votes = doc.steering_council.decision, doc.steering_council.votes
        conflicted = doc.steering_council.conflicted
        if (decision is None) == (votes is None):
            raise InvalidGovernanceDataError.single(
                "$.steering_council",
                'expected exactly one of "decision" or "votes"',
                _council_shown(doc.steering_council),
                source=source,
            )
        if conflicted is not None and votes is None:
            raise InvalidGovernanceDataError.single(
                "$.steering_council.conflicted",
                'declared conflicts go with "votes"',
                conflicted,
                source=source,
            )
        subject = doc.nominee.github or doc.nominee.name
        council = decision or Motion(
            MotionKind.VETO, subject, tuple(votes or ()), frozenset(conflicted or ())
        )
    return Nomination(
        doc.nominee,
        doc.nominator,
        doc.opened_at,
        tuple(doc.ballots),
        council,
        seconders=tuple(doc.seconders),
    )


def nomination_from_json(text: str, *, source: str | None = None) -> Nomination:
    """`nomination_from_dict` on JSON text."""
    return nomination_from_dict(_load_json(text, source), source=source)


def activity_from_json(text: str, *, source: str | None = None) -> tuple[Activity, ...]:
    """Activity records: ``[{"member": ..., "kind": "coordinated"|"commented", "at": ...}]``."""
    problems: list[Problem] = []
    document = _load_json(text, source)
    if not isinstance(document, list):
        raise InvalidGovernanceDataError.single(
            "$", "expected a list of activity records", document, source=source
        )
    problems += _handle_problems(document)
    _fail(problems, source)
    activity = _structure(document, list[Activity], "$", problems)
    _fail(problems, source)
    return tuple(activity or ())


COMMENTS_HEADER: Final = ("member", "report", "at")


def _comment_row(row: list[str], where: str, problems: list[Problem]) -> Activity | None:
    if len(row) != len(COMMENTS_HEADER):
        problems.append(Problem(where, "expected 3 fields: member,report,at", row))
        return None
    member, report, at = (field.strip() for field in row)
    if _bad_handle(member):
        problems.append(_handle_problem(f"{where}, member", member))
        return None
    try:
        instant = _instant(at, datetime.datetime)
    except (ValueError, InvalidGovernanceDataError):
        problems.append(Problem(f"{where}, at", "expected an RFC 3339 timestamp", at))
        return None
    return Activity(member, ActivityKind.COMMENTED, instant, report or None)


def comment_activity_from_csv(text: str, *, source: str = "comments.csv") -> tuple[Activity, ...]:
    """The admins' comment log: a ``member,report,at`` header, then one comment per line.

    *member* is the GitHub handle, *report* the report's id (may be empty), *at* an RFC 3339
    timestamp (no offset means UTC). Each line is a ``commented`` activity (R-F2).
    """
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = tuple(field.strip().lower() for field in rows[0]) if rows else ()
    if header != COMMENTS_HEADER:
        raise InvalidGovernanceDataError.single(
            "line 1", "expected the header member,report,at", list(header), source=source
        )
    problems: list[Problem] = []
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        item = _comment_row(row, f"line {number}", problems)
        if item is not None:
            found.append(item)
    _fail(problems, source)
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


# -- the event log ------------------------------------------------------------------------------


def _tag(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


_EVENT_TYPES: dict[str, type[GovernanceEvent]] = {
    _tag(cls): cls for cls in GovernanceEvent.__args__
}


def event_to_dict(event: GovernanceEvent) -> dict[str, Any]:
    """One event as a JSON object with its ``"type"`` tag first."""
    document: dict[str, Any] = _converter().unstructure(event, GovernanceEvent)
    return {"type": document.pop("type"), **document}


def event_from_dict(
    document: object, *, root: str = "$", source: str | None = None
) -> GovernanceEvent:
    """One event from its JSON object; the ``"type"`` tag picks the event class."""
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        problems.append(Problem(root, "expected an object", document))
    elif not isinstance(document.get("type"), str) or document["type"] not in _EVENT_TYPES:
        problems.append(
            Problem(
                f"{root}.type",
                f"expected one of {', '.join(sorted(_EVENT_TYPES))}",
                document.get("type", Problem.NO_VALUE),
            )
        )
    else:
        body = {key: value for key, value in document.items() if key != "type"}
        problems += _handle_problems(body, root)
        event = (
            None if problems else _structure(body, _EVENT_TYPES[document["type"]], root, problems)
        )
        if event is not None:
            return event
    raise InvalidGovernanceDataError(problems, source=source)


def events_from_jsonl(text: str, *, source: str | None = None) -> tuple[GovernanceEvent, ...]:
    """Every event of a JSON-lines log; blank lines are skipped, every bad line is reported."""
    events: list[GovernanceEvent] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"line {number}", f"not JSON: {exc.msg}"))
            continue
        try:
            events.append(event_from_dict(document, root=f"line {number} $"))
        except InvalidGovernanceDataError as exc:
            problems.extend(exc.problems)
    _fail(problems, source)
    return tuple(events)


def events_to_jsonl(events: Iterable[GovernanceEvent]) -> str:
    """The log as JSON lines, one compact object per event."""
    return "".join(
        json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":")) + "\n"
        for event in events
    )
