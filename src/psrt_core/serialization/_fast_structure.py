"""A hand-made structurer for the usual OSV and CVE JSON 5 record, tried before cattrs.

Why: structuring with cattrs was most of the time from record text to an `Advisory`
(issue 13). This path reads each model class's fields once (wire name, type, whether null is
allowed) and builds the very objects the cattrs converter builds, extras in document order
included. It handles only the plain shapes (JSON objects as ``dict``, arrays as ``list``,
strings as ``str``, enum values by their exact value); anything else, a missing field or any
error, gives ``None``, and `advisory_from_dict` asks the cattrs converters, which build the
object or say what is wrong with the paths and messages they always gave.
"""

from __future__ import annotations

import enum
import functools
import itertools
import types
from collections.abc import Callable, Mapping
from typing import Any, Final, Union, get_args, get_origin

import attrs

from psrt_core.advisories import CreditType, CveCredit, CveRecord, Event, JsonMap, OsvRecord

__all__ = ["structure_record"]

_Build = Callable[[object], object]


class _UnusualError(Exception):
    """The value is not of the plain shape this path handles: the cattrs path decides."""


#: How many records the interpreted builders make before the generated ones are written.
#: Why: writing and compiling a class's builder costs about as much as the generated code saves
#: over a couple of hundred records, so a process that reads fewer (a CLI call reads one) never
#: pays for it, and one that reads thousands gains on every later record.
WARM_UP: Final = 200
_records = itertools.count()


def structure_record(document: Mapping[str, Any], cls: type) -> OsvRecord | CveRecord | None:
    """*document* as *cls* (`OsvRecord` or `CveRecord`), or ``None`` for the cattrs path."""
    try:
        record = _builder(cls, generated=next(_records) >= WARM_UP)(document)
    except Exception:  # noqa: BLE001 - anything unusual is the cattrs path's to judge
        return None
    assert isinstance(record, (OsvRecord, CveRecord))
    return record


#: One modelled key: the attribute it fills, how to build it (``None`` for a plain string, the
#: most common case, checked inline) and whether null is allowed.
_Field = tuple[str, "_Build | None", bool]


def _wire_names(cls: type) -> Mapping[str, str]:
    from psrt_core.serialization._advisory_io import renames_for

    return renames_for(cls)


@functools.cache
def _builder(type_: Any, *, generated: bool = True) -> _Build:
    """How to build a value of *type_* from plain JSON (cached: the model is fixed).

    Objects of attrs classes by code *generated* for the class, or else by the interpreted
    builder; both make the same objects.
    """
    if type_ is str:
        return _string
    if type_ is JsonMap:
        return _json_map
    if type_ is Event:
        return _event
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return _enum(type_)
    if get_origin(type_) is tuple and get_args(type_)[1:] == (Ellipsis,):
        return _array(_builder(get_args(type_)[0], generated=generated))
    if isinstance(type_, type) and attrs.has(type_):
        return _object(type_, generated=generated)
    return _unusual


def _object(cls: type, *, generated: bool) -> _Build:
    fields = _fields_of(cls, generated=generated)
    general = _general(cls, fields)
    if generated and _absent_is_none(cls):
        return _generated(cls, fields, general)

    def build(value: object) -> object:
        if type(value) is not dict:
            raise _UnusualError
        return general(value)

    return build


def _absent_is_none(cls: type) -> bool:
    """Whether every optional modelled field of *cls* defaults to ``None``.

    The generated builder passes ``None`` for a key the object lacks, which is the field's
    default only then; a class with another default keeps the interpreted builder.
    """
    return all(
        field.default is None
        for field in attrs.fields(cls)
        if field.name != "extra" and field.default is not attrs.NOTHING
    )


def _general(cls: type, fields: Mapping[str, _Field]) -> Callable[[dict[str, object]], object]:
    """The builder for any JSON object of *cls*: unknown keys and nulls kept as extras.

    The generated builder calls it with a ``dict`` it did not finish (see `_generated`).
    """

    def build(value: dict[str, object]) -> object:
        values: dict[str, object] = {}
        extras: dict[str, object] | None = None
        for key, item in value.items():
            found = fields.get(key)
            if found is None or item is None:
                if found is not None and not found[2]:
                    raise _UnusualError
                # Unknown keys, and nulls remembered, as the cattrs hooks keep them.
                extras = {} if extras is None else extras
                extras[key] = item
                continue
            name, make, _ = found
            if make is not None:
                values[name] = make(item)
            elif type(item) is str:
                values[name] = item
            else:
                raise _UnusualError
        if extras:
            values["extra"] = JsonMap.of(extras)
        return cls(**values)

    return build


def _generated(
    cls: type, fields: Mapping[str, _Field], general: Callable[[dict[str, object]], object]
) -> _Build:
    """A builder made for *cls* alone, for the object with only modelled, non-null keys.

    Why: a loop over the object's items costs a tuple unpacking and a dict lookup per key;
    code written out per class reads each key once and makes the object (see
    `_construction`). Anything else (an unknown key, a null, a missing required key) is passed
    to *general*, which decides exactly as before, so the two can never disagree.
    """
    required = {field.name for field in attrs.fields(cls) if field.default is attrs.NOTHING}
    namespace: dict[str, object] = {"Unusual": _UnusualError, "general": general, "cls": cls}
    lines = ["def build(value):", "    if type(value) is not dict:", "        raise Unusual"]
    lines += ["    get = value.get", "    known = 0"]
    arguments: dict[str, str] = {}
    for index, (wire, (name, make, _)) in enumerate(fields.items()):
        var = f"v{index}"
        lines.append(f"    {var} = get({wire!r})")
        if name in required:
            lines += [f"    if {var} is None:", "        return general(value)"]
            indent = "    "
        else:
            lines.append(f"    if {var} is not None:")
            indent = "        "
        if make is None:
            lines += [f"{indent}if type({var}) is not str:", f"{indent}    raise Unusual"]
        else:
            namespace[f"make{index}"] = make
            lines.append(f"{indent}{var} = make{index}({var})")
        lines.append(f"{indent}known += 1")
        arguments[name] = var
    lines += ["    if known != len(value):", "        return general(value)"]
    lines += _construction(cls, arguments, namespace)
    # Our own code, written from the model's fields; named for tracebacks and profiles.
    code = compile("\n".join(lines), f"<psrt-core builder {cls.__qualname__}>", "exec")
    exec(code, namespace)
    build: _Build = namespace["build"]  # type: ignore[assignment]
    return build


def _construction(
    cls: type, arguments: Mapping[str, str], namespace: dict[str, object]
) -> list[str]:
    """The lines that make the instance from *arguments* (field name to variable name).

    The slots are set directly when that is all attrs' ``__init__`` would do.

    Why: the ``__init__`` of a frozen attrs class sets each slot through
    ``object.__setattr__``, a call by name that costs about twice what the slot's own
    descriptor costs. When every field is a plain init argument (no validator, converter,
    factory, hook or slot of attrs' own), ``__init__`` does nothing else, so setting the slots
    is the same object.
    """
    fields = attrs.fields(cls)
    plain = all(
        field.init
        and field.validator is None
        and field.converter is None
        and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
        for field in fields
    ) and not any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__"))
    # Only attrs' own __init__ and object's __new__ are known to do nothing more.
    new: object = cls.__new__
    init = getattr(cls.__dict__.get("__init__"), "__code__", None)
    made_by_attrs = new is object.__new__ and getattr(init, "co_filename", "").startswith(
        "<attrs generated"
    )
    names = {field.name for field in fields}
    # attrs' own slots (a cached hash, say) would need its __init__ to be set.
    slotted = set(cls.__dict__.get("__slots__", ("__dict__",))) <= {*names, "__weakref__"}
    if not (plain and made_by_attrs and slotted):
        aliases = {field.name: field.alias for field in fields}
        keywords = ", ".join(f"{aliases[name]}={var}" for name, var in arguments.items())
        return [f"    return cls({keywords})"]
    lines = ["    made = new(cls)"]
    for index, field in enumerate(fields):
        namespace[f"set{index}"] = getattr(cls, field.name).__set__
        if field.name in arguments:
            value = arguments[field.name]
        else:
            namespace[f"default{index}"] = field.default
            value = f"default{index}"
        lines.append(f"    set{index}(made, {value})")
    namespace["new"] = object.__new__
    return [*lines, "    return made"]


def _fields_of(cls: type, *, generated: bool) -> dict[str, _Field]:
    """The modelled keys of *cls* by their wire name."""
    attrs.resolve_types(cls)
    renames = _wire_names(cls)
    fields: dict[str, _Field] = {}
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        inner, nullable = _without_none(field.type)
        make: _Build | None = None if inner is str else _builder(inner, generated=generated)
        if cls is CveCredit and field.name == "type":
            make = _cve_credit_type
        fields[renames.get(field.name, field.name)] = (
            field.name,
            make,
            nullable and field.default is None,
        )
    return fields


def _without_none(type_: Any) -> tuple[Any, bool]:
    args = get_args(type_)
    if get_origin(type_) in (Union, types.UnionType) and type(None) in args and len(args) == 2:
        (inner,) = (arg for arg in args if arg is not type(None))
        return inner, True
    return type_, False


def _string(value: object) -> object:
    if type(value) is not str:
        raise _UnusualError
    return value


def _json_map(value: object) -> object:
    if type(value) is not dict:
        raise _UnusualError
    return JsonMap.of(value)


def _event(value: object) -> object:
    from psrt_core.serialization._advisory_io import _structure_event

    if type(value) is not dict:
        raise _UnusualError
    return _structure_event(value, Event)


def _cve_credit_type(value: object) -> object:
    if type(value) is not str:
        raise _UnusualError
    return CreditType.from_cve(value)


def _enum(cls: type[enum.Enum]) -> _Build:
    members = {member.value: member for member in cls if isinstance(member.value, str)}

    def build(value: object) -> object:
        if type(value) is not str or value not in members:
            raise _UnusualError
        return members[value]

    return build


def _array(item: _Build) -> _Build:
    def build(value: object) -> object:
        if type(value) is not list:
            raise _UnusualError
        return tuple([item(element) for element in value])

    return build


def _unusual(_: object) -> object:
    raise _UnusualError
