"""What every governance document reader shares: the converter, handle checks, problem lists.

The converter is `make_converter` (strict scalars, no extra keys) with the governance hooks
layered on it: UTC instants, enums that list their values, arrays only for sequences. Handles
are checked before structuring so that one error lists every bad handle at its own path.
"""

from __future__ import annotations

import csv
import datetime
import enum
import functools
import io
import re
import types
from collections.abc import Iterator, Mapping
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from psrt_core.exceptions import InvalidGovernanceDataError, InvalidHandleError, Problem
from psrt_core.governance import GovernanceEvent, Member, MotionKind, check_handle
from psrt_core.limits import Limits
from psrt_core.serialization._converter import make_converter, parse_datetime
from psrt_core.serialization._errors import problems_from_cattrs
from psrt_core.serialization._reading import check_document, json_document, text_of

__all__ = [
    "MAX_DAYS",
    "MAX_PROBLEMS",
    "bad_handle",
    "check",
    "csv_rows",
    "event_tag",
    "fail",
    "governance_converter",
    "handle_problem",
    "handle_problems",
    "load_json",
    "structure_document",
    "utc_instant",
]

_T = TypeVar("_T")
_UTC = datetime.timezone.utc
# Every window a policy can set is at most MAX_DAYS long and a decision adds at most a few of
# them to a timestamp; keeping timestamps before this instant keeps every such sum in range.
_LATEST: Final = datetime.datetime(9000, 1, 1, tzinfo=_UTC)
MAX_DAYS: Final = 36500
MAX_PROBLEMS: Final = 20


def utc_instant(value: object, _: type) -> datetime.datetime:
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
    converter.register_structure_hook(datetime.datetime, utc_instant)
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
def governance_converter() -> cattrs.Converter:
    """The governance converter with the event union configured, built on first use.

    Generating the hooks for every event type costs tens of milliseconds, which an
    ``import psrt_core`` that never reads a governance document should not pay.
    """
    converter = _make()
    configure_tagged_union(GovernanceEvent, converter, tag_generator=event_tag, tag_name="type")
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


def handle_problem(where: str, value: object) -> Problem:
    """The problem of a bad handle; a non-ASCII one is also spelt escaped (a look-alike shows)."""
    message = _HANDLE_PROBLEM
    if isinstance(value, str) and not value.isascii():
        message += f"; non-ASCII: {value!a}"
    return Problem(where, message, value)


def bad_handle(value: object) -> bool:
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


def handle_problems(document: object, root: str = "$") -> list[Problem]:
    """A `Problem` for every value under a handle key of *document* that is no GitHub login.

    The walk uses its own stack, so a deeply nested document cannot exhaust Python's.
    """
    problems: list[Problem] = []
    stack: list[tuple[object, str]] = [(document, root)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, Mapping):
            for where, value in _handles_in(node, path):
                if bad_handle(value):
                    problems.append(handle_problem(where, value))
            stack += [(v, f"{path}.{k}") for k, v in reversed(list(node.items()))]
        elif isinstance(node, list):
            stack += [(v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node)))]
    return problems


def fail(problems: list[Problem], source: str | None) -> None:
    if problems:
        raise InvalidGovernanceDataError(problems, source=source)


def structure_document(
    document: object, type_: type[_T], root: str, problems: list[Problem]
) -> _T | None:
    """Structure one value, adding its problems (with paths under *root*) to *problems*.

    An attrs class is read only from an object: cattrs would otherwise fail on a list or a
    string with an error that is no `Problem` (an ``AttributeError``).
    """
    if attrs.has(type_) and not isinstance(document, Mapping):
        problems.append(Problem(root, "expected an object", document))
        return None
    try:
        return governance_converter().structure(document, type_)
    except (cattrs.ClassValidationError, cattrs.IterableValidationError) as exc:
        problems.extend(problems_from_cattrs(exc, document, root=root))
    except (ValueError, TypeError, OverflowError) as exc:
        problems.append(Problem(root, str(exc), document))
    return None


def load_json(text: str, source: str | None, limits: Limits) -> object:
    return json_document(
        text, limits=limits, error=InvalidGovernanceDataError, source=source, label="not JSON"
    )


def check(document: object, source: str | None, limits: Limits, root: str = "$") -> None:
    check_document(
        document, limits=limits, error=InvalidGovernanceDataError, source=source, root=root
    )


def event_tag(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def csv_rows(
    text: str, source: str, limits: Limits, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV text, numbered; a malformed or oversized field ends it as a problem.

    ``csv.field_size_limit`` stays at its default (131,072 characters): a longer field is
    the csv module's ``csv.Error``, reported with its line.
    """
    text = text_of(text, limits=limits, error=InvalidGovernanceDataError, source=source)
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(f"line {reader.line_num}", f"not CSV: {exc}"))
            return
        if reader.line_num > limits.max_items:
            problems.append(
                Problem(f"line {reader.line_num}", f"lines exceed max_items={limits.max_items}")
            )
            return
        yield reader.line_num, row
