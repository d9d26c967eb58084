"""Advisory records in and out: OSV JSON and YAML, CVE JSON 5, and commit maps.

Why one converter with a hook per model class: every class keeps the keys it does not model
in its ``extra`` mapping, so load -> dump gives back the same JSON value; and cattrs' detailed
validation reports every shape problem at once, each with its JSON path and value.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from types import UnionType
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

import attrs

from psrt_core.advisories import (
    Advisory,
    CnaContainer,
    CommitMap,
    Credit,
    CreditType,
    CveChange,
    CveContainers,
    CveCredit,
    CveDescription,
    CveMetadata,
    CveProblemDescription,
    CveProblemType,
    CveProduct,
    CveRecord,
    CveReference,
    CveVersion,
    Event,
    EventKind,
    JsonMap,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Reference,
    ReferenceType,
    SeverityScore,
    SeverityType,
    Status,
)
from psrt_core.advisories._json import thaw
from psrt_core.exceptions import InvalidRecordError, Problem
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._converter import make_converter, parse_datetime
from psrt_core.serialization._errors import _value_at, problems_from_cattrs
from psrt_core.serialization._fast_structure import structure_record
from psrt_core.serialization._reading import (
    check_document,
    json_document,
    json_line,
    step,
    text_of,
    yaml_document,
)
from psrt_core.versions import BranchScheme

if TYPE_CHECKING:
    # Imported where used: a JSON record read by the hand-written structurer needs neither
    # cattrs nor PyYAML, and the two are most of a command's start-up.
    import cattrs
    import yaml

__all__ = [
    "Syntax",
    "advisory_from_dict",
    "advisory_to_dict",
    "commit_map_from_dict",
    "commit_map_from_text",
    "dump_advisory",
    "load_advisory",
    "load_commit_map",
    "make_advisory_converter",
    "parse_advisory",
]

Syntax = Literal["json", "yaml"]

_CAMEL = {
    "data_type": "dataType",
    "data_version": "dataVersion",
    "cve_metadata": "cveMetadata",
    "cve_id": "cveId",
    "assigner_org_id": "assignerOrgId",
    "assigner_short_name": "assignerShortName",
    "date_reserved": "dateReserved",
    "date_published": "datePublished",
    "date_updated": "dateUpdated",
    "date_rejected": "dateRejected",
    "collection_url": "collectionURL",
    "package_name": "packageName",
    "default_status": "defaultStatus",
    "version_type": "versionType",
    "less_than": "lessThan",
    "less_than_or_equal": "lessThanOrEqual",
    "problem_types": "problemTypes",
    "cwe_id": "cweId",
    "provider_metadata": "providerMetadata",
}

_OSV_CLASSES: tuple[type, ...] = (
    SeverityScore,
    OsvRange,
    Package,
    OsvAffected,
    Reference,
    Credit,
    OsvRecord,
)
_CVE_CLASSES: tuple[type, ...] = (
    CveChange,
    CveVersion,
    CveProduct,
    CveCredit,
    CveReference,
    CveDescription,
    CveProblemDescription,
    CveProblemType,
    CnaContainer,
    CveContainers,
    CveMetadata,
    CveRecord,
)


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__}"
        raise TypeError(msg)
    return value


def _json_map(value: object, _: type) -> JsonMap:
    if not isinstance(value, Mapping):
        msg = "expected a JSON object"
        raise TypeError(msg)
    return JsonMap.of(value)


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


#: The event kinds by their key, read once (iterating an enum is slow for 20,000 events).
_EVENT_KINDS: tuple[tuple[str, EventKind], ...] = tuple((kind.value, kind) for kind in EventKind)


def _structure_event(value: object, _: type) -> Event:
    if not isinstance(value, Mapping):
        msg = "expected a JSON object"
        raise TypeError(msg)
    kinds = [(name, kind) for name, kind in _EVENT_KINDS if name in value]
    if len(kinds) != 1:
        raise InvalidRecordError.single(
            "$", "an event needs exactly one of introduced, fixed, last_affected, limit"
        )
    ((name, kind),) = kinds
    text = value[name]
    if not isinstance(text, str):
        raise InvalidRecordError.single("$", f"{name} must be a string")
    if len(value) == 1:  # the usual event: nothing else to keep
        return Event(kind, text)
    return Event(kind, text, JsonMap.of({key: item for key, item in value.items() if key != name}))


def _unstructure_event(event: Event) -> dict[str, Any]:
    return {event.kind.value: event.value, **thaw(event.extra)}


def _structure_cve_credit_type(value: object, _: type) -> CreditType:
    if not isinstance(value, str):
        msg = "expected a string"
        raise TypeError(msg)
    return CreditType.from_cve(value)


def _register(converter: cattrs.Converter, cls: type, renames: Mapping[str, str]) -> None:
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    names = [field.name for field in attrs.fields(cls) if field.name != "extra"]
    wire = {name: renames.get(name, name) for name in names}
    known = frozenset(wire.values())
    overrides: dict[str, Any] = {
        name: override(rename=key) for name, key in wire.items() if key != name
    }
    if cls is CveCredit:
        overrides["type"] = override(struct_hook=_structure_cve_credit_type)
    structure: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls, converter, extra=override(omit=True), **overrides
    )
    unstructure_overrides = dict(overrides)
    if cls is CveCredit:
        unstructure_overrides["type"] = override(unstruct_hook=lambda kind: kind.cve)
    unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=True,
        extra=override(omit=True),
        **unstructure_overrides,
    )

    def structure_hook(value: object, _: type) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            msg = "expected a JSON object"
            raise TypeError(msg)
        obj = structure(value, cls)
        unknown = value.keys() - known
        if None in value.values():
            # An explicit null of a modelled field structures to the field's None, which dumps
            # as an absent key; remember it so that the round trip gives back the same value.
            unknown |= {key for key, item in value.items() if item is None}
        if not unknown:
            return obj
        extras = {key: item for key, item in value.items() if key in unknown}
        return attrs.evolve(obj, extra=JsonMap.of(extras))

    def unstructure_hook(obj: Any) -> dict[str, Any]:
        document: dict[str, Any] = unstructure(obj)
        for key, item in thaw(obj.extra).items():
            # A remembered null never hides a value the field holds now.
            if item is not None or document.get(key) is None:
                document[key] = item
        return document

    converter.register_structure_hook(cls, structure_hook)
    converter.register_unstructure_hook(cls, unstructure_hook)


def make_advisory_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """The converter for OSV and CVE JSON 5 records (strict types, extras kept).

    Without *detailed_validation* it is the fast path of `advisory_from_dict`: it accepts and
    rejects exactly the same documents, but says less about why.
    """
    converter = make_converter(detailed_validation=detailed_validation)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(JsonMap, _json_map)
    converter.register_unstructure_hook(JsonMap, thaw)
    converter.register_structure_hook(Event, _structure_event)
    converter.register_unstructure_hook(Event, _unstructure_event)

    def structure_tuple(value: object, type_: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            msg = "expected a JSON array"
            raise TypeError(msg)
        return converter._structure_tuple(value, type_)  # noqa: SLF001 - cattrs' own tuple hook

    if detailed_validation:
        converter.register_structure_hook_func(_is_homogeneous_tuple, structure_tuple)
    else:
        converter.register_structure_hook_factory(
            _is_homogeneous_tuple, lambda type_: _fast_tuple_hook(converter, type_)
        )
        converter.register_structure_hook_factory(
            _is_optional, lambda type_: _fast_optional_hook(converter, type_)
        )
    for cls in (*_OSV_CLASSES, *_CVE_CLASSES):
        _register(converter, cls, renames_for(cls))
    return converter


def renames_for(cls: type) -> Mapping[str, str]:
    """Field name -> wire name for a record class: CVE JSON 5 is camelCase, OSV snake_case.

    The one place both structurers (cattrs here, the hand-written one in `_fast_structure`)
    learn a class's key names from, so the two never disagree on where a key goes.
    """
    return _CAMEL if cls in _CVE_CLASSES else {}


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return len(args) == 2 and type(None) in args and get_origin(type_) in (Union, UnionType)


def _fast_optional_hook(converter: cattrs.Converter, type_: Any) -> Callable[[Any, Any], Any]:
    """``X | None`` with X's hook looked up once, not once per value as cattrs does."""
    (inner,) = (arg for arg in get_args(type_) if arg is not type(None))
    hook = converter.get_structure_hook(inner)
    return lambda value, _: None if value is None else hook(value, inner)


def _fast_tuple_hook(converter: cattrs.Converter, type_: Any) -> Callable[[Any, Any], Any]:
    """``tuple[X, ...]`` from a JSON array, with X's hook looked up once."""
    item = get_args(type_)[0]
    hook = converter.get_structure_hook(item)

    def structure(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            msg = "expected a JSON array"
            raise TypeError(msg)
        return tuple([hook(element, item) for element in value])

    return structure


@functools.cache
def _converter() -> cattrs.Converter:
    """The detailed converter, built on first use: most imports never load a record."""
    return make_advisory_converter()


@functools.cache
def _fast_converter() -> cattrs.Converter:
    """The fast-path converter of `advisory_from_dict`, built on first use."""
    return make_advisory_converter(detailed_validation=False)


def _timestamp_problems(document: Mapping[str, Any]) -> list[Problem]:
    places: list[tuple[str, object]] = []
    if _is_cve(document):
        metadata = document.get("cveMetadata")
        if isinstance(metadata, Mapping):
            for key in ("dateReserved", "datePublished", "dateUpdated", "dateRejected"):
                if key in metadata:
                    places.append((f"$.cveMetadata.{key}", metadata[key]))
    else:
        for key in ("modified", "published", "withdrawn"):
            if key in document:
                places.append((f"$.{key}", document[key]))
    problems = []
    for location, value in places:
        if not isinstance(value, str):
            continue  # the type check reports it
        try:
            parse_datetime(value)
        except ValueError:
            problems.append(Problem(location, "not an RFC 3339 timestamp", value))
    return problems


_ENUMS = {cls.__name__: cls for cls in (Status, CreditType, RangeType, ReferenceType, SeverityType)}
_SEGMENT = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)")


_OBJECTS = frozenset(cls.__name__ for cls in (*_OSV_CLASSES, *_CVE_CLASSES, JsonMap, Event))


def _friendly(message: str, *, cve: bool) -> str:
    """Say what the JSON should hold, where cattrs names a Python type."""
    message = re.sub(r"psrt_core\.(?:advisories\.)?_\w+\.", "", message).replace(" | None", "")
    found = re.fullmatch(r"invalid value for type, expected (\w+)", message)
    if found and found[1] in _ENUMS:
        members = list(_ENUMS[found[1]])
        if cve and found[1] == "CreditType":
            allowed = ", ".join(CreditType(member).cve for member in members)
        else:
            allowed = ", ".join(str(member.value) for member in members)
        return f"expected one of {allowed}"
    if found and found[1] in _OBJECTS:
        return "expected a JSON object"
    found = re.fullmatch(r"invalid value for type, expected tuple\[(.+), \.\.\.\]", message)
    if found:
        inner = "objects" if found[1] in _OBJECTS else "strings"
        return f"expected a list of {inner}"
    if message == "invalid value for type, expected str":
        return "expected a string"
    return message


def _wire_problems(problems: list[Problem], document: Mapping[str, Any]) -> list[Problem]:
    """Locations with the document's own key names (cattrs reports attribute names)."""
    cve = _is_cve(document)
    result = []
    for problem in problems:
        location = _SEGMENT.sub(lambda m: "." + _CAMEL.get(m[1], m[1]), problem.location)
        result.append(
            Problem(
                location, _friendly(problem.message, cve=cve), _value_at(document, location, "$")
            )
        )
    return result


def _is_cve(document: Mapping[str, Any]) -> bool:
    return document.get("dataType") == "CVE_RECORD" or "cveMetadata" in document


def advisory_from_dict(
    document: object,
    *,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Advisory:
    """An advisory from a parsed OSV or CVE JSON 5 document (format detected).

    *document* is what ``json.loads`` or a YAML loader returned; anything but a mapping is a
    problem too. Raises ``InvalidRecordError`` listing every problem, each with its JSON path
    and value, or naming the exceeded limit of *limits* (`psrt_core.limits.Limits`).
    """
    check_document(document, limits=limits, error=InvalidRecordError, source=source)
    return _advisory_from_checked(document, source=source, limits=limits)


def _advisory_from_checked(document: object, *, source: str | None, limits: Limits) -> Advisory:
    """`advisory_from_dict` for a document the loaders already walked with `check_document`."""
    if not isinstance(document, Mapping):
        raise InvalidRecordError.single(
            "$", "a record must be a JSON object", document, source=source
        )
    cls: type = CveRecord if _is_cve(document) else OsvRecord
    _check_sizes(document, limits, source)
    legacy = None if cls is CveRecord else _legacy_affected(document, source)
    problems = _id_problems(document) + _timestamp_problems(document)
    record = structure_record(document, cls)
    if record is None:
        record, problems = _structure_with_cattrs(document, cls, problems)
    if problems or record is None:
        raise InvalidRecordError(problems, source=source)
    if legacy is not None and isinstance(record, OsvRecord):
        record = attrs.evolve(record, affected=legacy)
    return Advisory(record)


def _structure_with_cattrs(
    document: Mapping[str, Any], cls: type, problems: list[Problem]
) -> tuple[OsvRecord | CveRecord | None, list[Problem]]:
    """The record by the cattrs converters, or the problems the detailed one finds."""
    try:
        return _fast_converter().structure(document, cls), problems
    except Exception:  # noqa: BLE001 - any failure: the detailed converter says what is wrong
        try:
            return _converter().structure(document, cls), problems
        except Exception as exc:  # noqa: BLE001 - cattrs' grouped errors, each with its path
            return None, _wire_problems(problems_from_cattrs(exc), document) + problems


# -- limits and ids of records -------------------------------------------------------------------

_OSV_ID = re.compile(r"[A-Za-z0-9-]+-[^\s\x00-\x1f\x7f-\x9f]+")
"""The OSV schema's id shape (a prefix, a hyphen, then no whitespace; no control characters)."""
_CVE_ID = re.compile(r"CVE-[0-9]{4}-[0-9]{4,19}")
"""The CVE JSON 5 schema's ``cveId`` pattern."""
#: Where each format's bounded lists are (key paths, ``"*"`` for every item), the `Limits`
#: field that bounds their length, and the keys of their items that hold version strings.
_Sized = tuple[tuple[tuple[str, ...], ...], str, tuple[str, ...]]
_CVE_SIZED: _Sized = (
    (
        ("containers", "cna", "affected", "*", "versions"),
        ("containers", "adp", "*", "affected", "*", "versions"),
    ),
    "max_entries",
    ("version", "lessThan", "lessThanOrEqual"),
)
_OSV_SIZED: _Sized = (
    (("affected", "*", "ranges", "*", "events"),),
    "max_events",
    ("introduced", "fixed", "last_affected", "limit"),
)


def _id_problems(document: Mapping[str, Any]) -> list[Problem]:
    """An id of the wrong shape is refused: it is printed, linked and written to CSV cells."""
    if _is_cve(document):
        metadata = document.get("cveMetadata")
        value = metadata.get("cveId") if isinstance(metadata, Mapping) else None
        where, pattern, shape = "$.cveMetadata.cveId", _CVE_ID, "CVE-YYYY-NNNN"
    else:
        value, where, pattern, shape = document.get("id"), "$.id", _OSV_ID, "PREFIX-ID"
    if isinstance(value, str) and not pattern.fullmatch(value):
        return [Problem(where, f"not a record id of the form {shape}", value)]
    return []


def _lists_at(document: Mapping[str, Any], *keys: str) -> list[tuple[str, list[Any]]]:
    """Every list reached by following *keys* (lists on the way are walked), with its path."""
    found: list[tuple[str, object]] = [("$", document)]
    for key in keys:
        following: list[tuple[str, object]] = []
        for path, found_value in found:
            value = dict(enumerate(found_value)) if isinstance(found_value, list) else found_value
            if isinstance(value, Mapping) and key in value:
                following.append((step(path, key), value[key]))
            if key == "*" and isinstance(value, Mapping):
                following += [(step(path, k), item) for k, item in value.items()]
        found = following
    return [(path, value) for path, value in found if isinstance(value, list)]


def _within_sizes(document: Mapping[str, Any], limits: Limits) -> bool:
    """Whether `_check_sizes` would pass, found without naming paths (the usual answer)."""
    paths, name, keys = _CVE_SIZED if _is_cve(document) else _OSV_SIZED
    groups = [found for keys_path in paths for found in _values_at(document, *keys_path)]
    most, longest = getattr(limits, name), limits.max_version_length
    for items in groups:
        if type(items) is not list:
            if isinstance(items, list):  # a subclass: let the full check decide
                return False
            continue
        if len(items) > most:
            return False
        for item in items:
            if type(item) is not dict or not _short_values(item, keys, longest):
                return False
    return True


def _short_values(item: dict[str, Any], keys: tuple[str, ...], longest: int) -> bool:
    """Whether *item*'s values at *keys* surely pass the version-length limit.

    Absent keys and non-strings pass (the type check reports those); a str subclass sends
    the record to the walk that names paths.
    """
    for key in keys:
        value = item.get(key)
        if type(value) is str:
            if len(value) > longest:
                return False
        elif isinstance(value, str):
            return False
    return True


def _values_at(document: Mapping[str, Any], *keys: str) -> list[object]:
    """What `_lists_at` reaches (not only lists), without the paths."""
    found: list[object] = [document]
    for key in keys:
        following: list[object] = []
        for value in found:
            if isinstance(value, list):
                if key == "*":
                    following += value
            # A dict first: the Mapping ABC check is slow, and documents are made of dicts.
            elif isinstance(value, dict) or isinstance(value, Mapping):  # noqa: SIM101
                if key == "*":
                    following += value.values()
                elif key in value:
                    following.append(value[key])
        found = following
    return found


def _check_sizes(document: Mapping[str, Any], limits: Limits, source: str | None) -> None:
    """Events per range, entries per product and version lengths (`Limits`), before any work."""
    if _within_sizes(document, limits):
        return
    paths, name, keys = _CVE_SIZED if _is_cve(document) else _OSV_SIZED
    groups = [found for keys_path in paths for found in _lists_at(document, *keys_path)]
    problems = []
    for path, items in groups:
        if len(items) > getattr(limits, name):
            problems.append(
                Problem(path, f"{len(items)} items exceed {name}={getattr(limits, name)}")
            )
            continue
        problems += _long_versions(path, items, keys, limits)
    if problems:
        raise InvalidRecordError(problems[:20], source=source)


def _long_versions(
    path: str, items: list[Any], keys: tuple[str, ...], limits: Limits
) -> list[Problem]:
    problems = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        for key in keys:
            value = item.get(key)
            if isinstance(value, str) and len(value) > limits.max_version_length:
                message = (
                    f"version string of {len(value)} characters exceeds "
                    f"max_version_length={limits.max_version_length}"
                )
                problems.append(Problem(step(step(path, index), key), message))
    return problems


# -- pre-1.0 OSV ---------------------------------------------------------------------------------

_LEGACY_RANGE_KEYS = frozenset({"type", "repo", "introduced", "fixed"})


def _legacy_affected(
    document: Mapping[str, Any], source: str | None
) -> tuple[OsvAffected, ...] | None:
    """The 1.x ``affected`` of a pre-1.0 OSV record, or ``None`` for any other record.

    Pre-1.0 layout (OSV schema changelog, 2021-08-17, when ``affected`` replaced it): a
    top-level ``package`` and ``affects: {ranges: [{type, repo, introduced, fixed}],
    versions}``, each range one interval; a missing ``introduced`` is the start of history. It
    maps onto one ``affected[]`` entry: events ``introduced`` (or ``"0"``) then ``fixed``. The
    original keys stay in the record's ``extra`` and are what is written back (lossless);
    anything that does not fit that shape is refused rather than evaluated to nothing.
    """
    affects = document.get("affects")
    if "affected" in document or affects is None:
        return None
    problems: list[Problem] = []
    if not isinstance(affects, Mapping):
        raise InvalidRecordError.single(
            "$.affects", "expected a JSON object", affects, source=source
        )
    package = _legacy_package(document.get("package"), problems)
    ranges = [
        _legacy_range(item, f"$.affects.ranges[{index}]", problems)
        for index, item in enumerate(_legacy_list(affects, "ranges", problems))
    ]
    versions = _legacy_list(affects, "versions", problems)
    if any(not isinstance(item, str) for item in versions):
        problems.append(Problem("$.affects.versions", "expected a list of strings", versions))
    unknown = sorted(set(affects) - {"ranges", "versions"})
    if unknown:
        problems.append(Problem("$.affects", "keys the pre-1.0 layout does not define", unknown))
    if problems:
        raise InvalidRecordError(problems, source=source)
    entry = OsvAffected(
        package=package,
        ranges=tuple(item for item in ranges if item is not None) or None,
        versions=tuple(versions) if "versions" in affects else None,
    )
    return (entry,)


def _legacy_list(affects: Mapping[str, Any], key: str, problems: list[Problem]) -> list[Any]:
    value = affects.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(f"$.affects.{key}", "expected a JSON array", value))
        return []
    return value


def _legacy_package(value: object, problems: list[Problem]) -> Package | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(
        isinstance(value.get(key), str) for key in ("ecosystem", "name")
    ):
        problems.append(Problem("$.package", "expected an object with ecosystem and name", value))
        return None
    purl = value.get("purl")
    return Package(value["ecosystem"], value["name"], purl if isinstance(purl, str) else None)


def _legacy_range(value: object, where: str, problems: list[Problem]) -> OsvRange | None:
    if not isinstance(value, Mapping) or not set(value) <= _LEGACY_RANGE_KEYS:
        problems.append(Problem(where, "expected {type, repo?, introduced?, fixed?}", value))
        return None
    texts = {key: value.get(key) for key in _LEGACY_RANGE_KEYS}
    if any(item is not None and not isinstance(item, str) for item in texts.values()):
        problems.append(Problem(where, "every field must be a string", value))
        return None
    try:
        kind = RangeType(texts["type"])
    except ValueError:
        problems.append(
            Problem(f"{where}.type", "expected one of SEMVER, ECOSYSTEM, GIT", texts["type"])
        )
        return None
    if texts["introduced"] is None and texts["fixed"] is None:
        problems.append(Problem(where, "a range needs introduced or fixed", value))
        return None
    events = [Event(EventKind.INTRODUCED, texts["introduced"] or "0")]
    if texts["fixed"] is not None:
        events.append(Event(EventKind.FIXED, texts["fixed"]))
    return OsvRange(kind, tuple(events), repo=texts["repo"])


def _is_legacy(record: OsvRecord) -> bool:
    """Whether *record* still holds what a pre-1.0 document gave it (then it is written so)."""
    if "affects" not in record.extra:
        return False
    try:
        mapped = _legacy_affected(thaw(record.extra), None)
    except InvalidRecordError:
        return False
    return mapped == record.affected


def advisory_to_dict(item: Advisory | OsvRecord | CveRecord) -> dict[str, Any]:
    """The record as a JSON document in its own format (unknown fields included)."""
    record = item.record if isinstance(item, Advisory) else item
    if isinstance(record, OsvRecord) and _is_legacy(record):
        record = attrs.evolve(record, affected=None)  # the original keys are in extra
    document: dict[str, Any] = _converter().unstructure(record)
    return document


_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Double-quote strings with control or line-separator characters (``\x85``, ``\u2028``).

    PyYAML would write them plain or block-folded and read them back as spaces or newlines;
    in double quotes they are escaped and survive.
    """
    if any(ch != "\n" and unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


@functools.cache
def _yaml_dumper() -> type[yaml.SafeDumper]:
    """Safe YAML whose strings always read back the same (see `_represent_str`).

    Made on the first YAML dump, so that importing this module does not import PyYAML.
    """
    import yaml

    class _YamlDumper(yaml.SafeDumper):
        """PyYAML's safe dumper with `_represent_str` for strings."""

    _YamlDumper.add_representer(str, _represent_str)
    return _YamlDumper


def dump_advisory(item: Advisory | OsvRecord | CveRecord, *, syntax: Syntax = "json") -> str:
    """The record as JSON (indented, UTF-8) or as YAML in the pypa layout, newline-terminated."""
    document = advisory_to_dict(item)
    if syntax == "yaml":
        import yaml

        text: str = yaml.dump(
            document, Dumper=_yaml_dumper(), sort_keys=False, allow_unicode=True, width=100
        )
        return text
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def parse_advisory(
    text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Advisory:
    """An advisory from OSV or CVE JSON 5 record text, in JSON or YAML (both detected).

    YAML is read with every scalar a string (PyYAML's ``BaseLoader``), as pypa's
    advisory-database intends, so ``1.10`` stays ``"1.10"``; aliases are refused beyond
    *limits* (none by default). Raises ``InvalidRecordError`` naming the line (and for YAML
    the column) of a syntax error, the exceeded limit, or every problem of the record.
    """
    return parse_advisory_with_syntax(text, source=source, limits=limits)[0]


def parse_advisory_with_syntax(
    text: str,
    *,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Advisory, Syntax]:
    """`parse_advisory`, and which syntax the text was (the CLI writes records back in it)."""
    text = text_of(text, limits=limits, error=InvalidRecordError, source=source)
    stripped = text.lstrip(" \t\r\n")
    if stripped.startswith(("{", "[")):
        document = json_document(
            stripped, limits=limits, error=InvalidRecordError, source=source, where=json_line
        )
        return _advisory_from_checked(document, source=source, limits=limits), "json"
    document = yaml_document(stripped, limits=limits, error=InvalidRecordError, source=source)
    return _advisory_from_checked(document, source=source, limits=limits), "yaml"


def _json_document(text: str, source: str | None) -> object:
    """Strict JSON of a record under the default limits (the CLI's ``audit`` reads with it)."""
    return json_document(
        text, limits=DEFAULT_LIMITS, error=InvalidRecordError, source=source, where=json_line
    )


def _yaml_document(text: str, source: str | None) -> object:
    """Bounded YAML of a record under the default limits (as `_json_document`)."""
    return yaml_document(text, limits=DEFAULT_LIMITS, error=InvalidRecordError, source=source)


def load_advisory(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Advisory:
    """Read an OSV or CVE JSON 5 record file, JSON or YAML (syntax and format detected).

    *path* is always a file's path: parse text with `parse_advisory` and a parsed document
    with `advisory_from_dict`. The format is CVE JSON 5 when ``dataType`` is ``CVE_RECORD`` or
    ``cveMetadata`` is present, OSV otherwise. The advisory binds no catalog: pass one (for
    example `bundled_catalog`) to ``Advisory.affected_versions``. Raises
    ``InvalidRecordError`` for bad content and ``OSError`` when the file cannot be read.

    .. deprecated:: 0.1.0
       Passing record text or a mapping (which earlier builds guessed from the value) still
       works with a ``DeprecationWarning`` and will stop working in the next release.
    """
    value: object = path  # typed as a path, but old calls pass text or mappings
    if not isinstance(value, (str, os.PathLike)) or (
        isinstance(value, str) and _looks_like_text(value)
    ):
        return _deprecated_source(value)
    name = os.fspath(path)
    text = text_of(_read_bytes(name), limits=limits, error=InvalidRecordError, source=name)
    return parse_advisory(text, source=name, limits=limits)


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, as ``Path.read_bytes`` reads them, without importing ``pathlib``.

    Only a path: `os.fspath` refuses a file descriptor, which `open` would read and close.
    """
    with open(os.fspath(path), "rb") as handle:
        return handle.read()


def _looks_like_text(value: str) -> bool:
    """Only for the deprecated call: no file name holds a line break or starts with ``{``."""
    return "\n" in value or value.lstrip().startswith("{")


def _deprecated_source(source: object) -> Advisory:
    if isinstance(source, str):
        _warn_deprecated("record text", "parse_advisory(text)")
        return parse_advisory(source)
    if isinstance(source, Mapping):
        _warn_deprecated("a mapping", "advisory_from_dict(document)")
        return advisory_from_dict(source)
    msg = (
        f"load_advisory takes a path, not {type(source).__name__}; use parse_advisory for text "
        "and advisory_from_dict for a parsed document"
    )
    raise TypeError(msg)


def _warn_deprecated(what: str, instead: str) -> None:
    warnings.warn(
        f"passing {what} to load_advisory is deprecated; call {instead} instead",
        DeprecationWarning,
        stacklevel=4,
    )


# -- commit maps ---------------------------------------------------------------------------------


def commit_map_from_dict(
    document: object,
    *,
    scheme: BranchScheme = BranchScheme.MINOR,
    source: str | None = None,
    infer_later_branches: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> CommitMap:
    """A commit map from JSON: ``{"<sha>": ["3.12.1", "3.11.8", ...], ...}``.

    *infer_later_branches*: the setting of `psrt_core.advisories.CommitMap` (branches cut
    after a commit's ``X.Y.0`` release hold it; python-security's ``commit_tags.txt``
    convention).
    """
    check_document(document, limits=limits, error=InvalidRecordError, source=source)
    if not isinstance(document, Mapping):
        raise InvalidRecordError.single(
            "$", "a commit map must be a JSON object", document, source=source
        )
    problems: list[Problem] = []
    for commit, versions in document.items():
        location = f"$[{json.dumps(commit)}]"
        if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
            problems.append(Problem(location, "expected a list of version strings", versions))
        elif any(len(v) > limits.max_version_length for v in versions):
            message = f"a version string exceeds max_version_length={limits.max_version_length}"
            problems.append(Problem(location, message))
    if problems:
        raise InvalidRecordError(problems, source=source)
    return CommitMap.of(document, scheme=scheme, infer_later_branches=infer_later_branches)


def commit_map_from_text(
    text: str,
    *,
    scheme: BranchScheme = BranchScheme.MINOR,
    source: str | None = None,
    infer_later_branches: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> CommitMap:
    """A commit map from the plain-text layout of ``git tag --contains`` based tools.

    A commit hash on its own line, then the tags containing it indented beneath (several per
    line allowed). Blank lines and ``#`` comments are ignored. This is python-security's
    ``commit_tags.txt`` layout; *infer_later_branches* as in `commit_map_from_dict`.
    """
    text = text_of(text, limits=limits, error=InvalidRecordError, source=source)
    mapping: dict[str, list[str]] = {}
    current: list[str] | None = None
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].rstrip()
        if not content.strip():
            continue
        if content[0] in " \t":
            if current is None:
                problems.append(
                    Problem(f"line {number}", "versions before any commit", content.strip())
                )
                continue
            current.extend(_tags(content, number, limits, problems))
        else:
            words = content.split()
            if len(words) != 1:
                problems.append(Problem(f"line {number}", "a commit line holds one hash", content))
                continue
            current = mapping.setdefault(words[0], [])
    if problems:
        raise InvalidRecordError(problems[:20], source=source)
    return CommitMap.of(mapping, scheme=scheme, infer_later_branches=infer_later_branches)


def _tags(content: str, number: int, limits: Limits, problems: list[Problem]) -> list[str]:
    words = content.split()
    if any(len(word) > limits.max_version_length for word in words):
        message = f"a version string exceeds max_version_length={limits.max_version_length}"
        problems.append(Problem(f"line {number}", message))
        return []
    return words


def load_commit_map(
    source: str | os.PathLike[str],
    *,
    scheme: BranchScheme = BranchScheme.MINOR,
    infer_later_branches: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> CommitMap:
    """Read a commit map file: JSON if it starts with ``{``, the text layout otherwise.

    *infer_later_branches* as in `commit_map_from_dict` (on by default).
    """
    name = str(source)
    text = text_of(_read_bytes(source), limits=limits, error=InvalidRecordError, source=name)
    if text.lstrip().startswith("{"):
        document = json_document(
            text, limits=limits, error=InvalidRecordError, source=name, where=json_line
        )
        return commit_map_from_dict(
            document,
            scheme=scheme,
            source=name,
            infer_later_branches=infer_later_branches,
            limits=limits,
        )
    return commit_map_from_text(
        text, scheme=scheme, source=name, infer_later_branches=infer_later_branches, limits=limits
    )
