"""The policy document (TOML), generated from the `Policy` fields so its defaults exist once."""

from __future__ import annotations

import datetime
import functools
import json
import re
from fractions import Fraction
from typing import Any, Final, get_args, get_origin

import attrs

from psrt_core.exceptions import InvalidGovernanceDataError, Problem
from psrt_core.governance import Policy
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._governance_common import (
    MAX_DAYS,
    check,
    fail,
    governance_converter,
    structure_document,
)
from psrt_core.serialization._reading import toml_document

__all__ = [
    "policy_from_dict",
    "policy_from_toml",
    "policy_to_dict",
    "policy_to_toml",
]

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
_MAX_DURATION: Final = datetime.timedelta(days=MAX_DAYS)
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


def policy_from_dict(
    document: object, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Policy:
    """The policy from its TOML tables (as a mapping); missing settings keep their defaults."""
    check(document, source, limits)
    problems: list[Problem] = []
    doc = structure_document(document, _policy_document(), "$", problems)
    fail(problems, source)
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    for kind in range(4):
        for section in _fields(Policy):
            table = getattr(doc, section.name)
            for field in _fields(section.type):
                if _kind(field.type) == kind:
                    value = _setting(table, field, f"$.{section.name}", problems)
                    if value is not _KEEP:
                        values[section.name][field.name] = value
    fail(problems, source)
    return Policy(
        **{section.name: section.type(**values[section.name]) for section in _fields(Policy)}
    )


def policy_from_toml(
    text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Policy:
    """`policy_from_dict` on TOML text (``[nomination]``, ``[inactivity]``, ...)."""
    document = toml_document(
        text, limits=limits, error=InvalidGovernanceDataError, source=source, label="not TOML"
    )
    return policy_from_dict(document, source=source, limits=limits)


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
            table[field.name] = governance_converter().unstructure(_to_wire(value))
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
    return json.dumps(value, allow_nan=False)


def policy_to_toml(policy: Policy) -> str:
    """The policy as a TOML document that `policy_from_toml` reads back to the same policy."""
    lines = []
    for name, table in policy_to_dict(policy).items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in table.items()]
        lines.append("")
    return "\n".join(lines)
