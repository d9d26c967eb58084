"""Exact conversions between `VersionSet` and the range notations other tools speak.

Why each conversion returns a `Conversion` instead of a bare value: not every notation can say
every set. OSV has no exclusive ``introduced``; CVE ranges have no exclusive lower end; PEP 440's
``<V`` leaves out V's own pre-releases and ``>V`` its post-releases. Rather than approximate
silently, a conversion hands back the value together with exactly what it got wrong: the
members it *missed* and the non-members it *added*, each as a `VersionSet`, and the scope the
check covered (the whole version line, or the releases of a catalog).

OSV, CVE JSON 5 and ``vers:`` have exact, comparator-based semantics, so those conversions are
checked over the whole version line by reading the value back. PEP 440 specifiers have
prefix-based exceptions (pre-, post- and local releases) that no finite list of boundaries can
describe, so those conversions are checked over a catalog's releases: a specifier is exact
over the catalog or is reported as inexact, with the releases it gets wrong.

The dict shapes are the JSON shapes of the formats (``{"type": "ECOSYSTEM", "events": [...]}``,
``{"version": ..., "lessThan": ..., "status": ..., "versionType": "python"}``); this module only
builds and reads them, it never parses JSON text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Generic, TypeVar, Union

import attrs
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from psrt_core.advisories import (
    CveChange,
    CveProduct,
    CveVersion,
    Evaluation,
    Event,
    EventKind,
    OsvRange,
    RangeType,
    Status,
    cve_match_set,
    evaluate_cve_product,
    evaluate_osv_range,
)
from psrt_core.advisories._evaluation import spell_bound
from psrt_core.exceptions import InvalidInputError, InvalidRecordError, Problem
from psrt_core.versions import Catalog, Interval, VersionSet, parse_version

__all__ = [
    "HAS_VERSION_RANGE",
    "LINE",
    "Conversion",
    "catalog_set",
    "from_cve_versions",
    "from_osv_ranges",
    "from_specifiers",
    "from_vers",
    "from_version_range",
    "to_cve_versions",
    "to_osv_ranges",
    "to_specifiers",
    "to_vers",
    "to_version_range",
]

T = TypeVar("T")
LINE = "the version line"
"""The `Conversion.scope` of a conversion checked over every PEP 440 version."""

try:  # packaging >= 26.3
    from packaging.ranges import VersionRange

    HAS_VERSION_RANGE = True
except ImportError:  # pragma: no cover - depends on the installed packaging
    HAS_VERSION_RANGE = False

Versions = Union[Catalog, Sequence[Version]]  # noqa: UP007 - a runtime alias must work on 3.10
_EMPTY: Final = VersionSet.empty()
#: CVE JSON 5 ``versionType`` values ordered by PEP 440 (compared in lower case, as the
#: advisory evaluator does).
PEP440_TYPES: Final = frozenset({"python", "pypi"})


@attrs.frozen
class Conversion(Generic[T]):
    """A converted value and exactly what it could not express.

    *missing* holds members of the source set the value leaves out, *extra* the non-members it
    takes in; both are empty when the conversion is exact. *scope* says where that was checked:
    `LINE` (every version) or a catalog's releases. *notes* explain each loss in words.
    """

    value: T
    missing: VersionSet = _EMPTY
    extra: VersionSet = _EMPTY
    scope: str = LINE
    notes: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        """Whether the value means exactly the source set over ``scope``."""
        return self.missing.is_empty and self.extra.is_empty

    def exact_over(self, versions: Iterable[Version]) -> bool:
        """Whether the value and the source agree on every one of *versions*."""
        return not any(v in self.missing or v in self.extra for v in versions)


def _check(
    value: T, source: VersionSet, back: VersionSet, scope: str, notes: list[str]
) -> Conversion[T]:
    missing = source - back
    extra = back - source
    if not missing.is_empty:
        notes.append(f"does not express {missing}")
    if not extra.is_empty:
        notes.append(f"also takes in {extra}")
    return Conversion(value, missing, extra, scope, tuple(notes))


def _versions_of(versions: Versions) -> tuple[Version, ...]:
    if isinstance(versions, Catalog):
        return versions.versions(include_scheduled=True)
    return tuple(versions)


def _scope_of(versions: Versions) -> str:
    if isinstance(versions, Catalog):
        return f"the {len(versions)} releases of the {versions.product} catalog"
    return f"{len(versions)} given versions"


def catalog_set(versions: Sequence[Version], members: Iterable[int]) -> VersionSet:
    """The set of ``versions[i]`` for *members* (positions), as closed runs.

    Why runs: a set known only over a catalog (for example what a specifier matches) is
    written with the catalog's own releases as ends, which keeps it short and exact there.
    """
    chosen = sorted(set(members))
    result = VersionSet.empty()
    start = previous = None
    for position in [*chosen, None]:
        if position is not None and previous is not None and position == previous + 1:
            previous = position
            continue
        if start is not None and previous is not None:
            result = result | VersionSet.interval(
                versions[start], versions[previous], upper_inclusive=True
            )
        start = previous = position
    return result


def _literal_note(source: VersionSet, notes: list[str]) -> None:
    if source.literals or source.literals_inverted:
        notes.append("non-PEP 440 strings cannot be expressed as a range and are left out")


# -- OSV -------------------------------------------------------------------------------------


def to_osv_ranges(source: VersionSet) -> Conversion[tuple[dict[str, Any], ...]]:
    """OSV ``ECOSYSTEM`` ranges: minimal, sorted events, one range whenever one can say it.

    An interval with an inclusive upper end needs ``last_affected``, which OSV forbids next to
    ``fixed`` in one range; only then is a second range emitted. OSV has no exclusive
    ``introduced``, so an interval open at its lower end cannot be expressed exactly.
    """
    notes: list[str] = []
    _literal_note(source, notes)
    fixed_events: list[dict[str, str]] = []
    last_events: list[dict[str, str]] = []
    for item in source.intervals():
        target = last_events if item.upper_inclusive else fixed_events
        target.append({"introduced": "0" if item.lower is None else spell_bound(item.lower)})
        if item.lower is not None and not item.lower_inclusive:
            notes.append(f"OSV has no exclusive introduced: {item.lower} is taken in")
        if item.upper is not None:
            key = "last_affected" if item.upper_inclusive else "fixed"
            target.append({key: spell_bound(item.upper)})
    ranges = tuple(
        {"type": "ECOSYSTEM", "events": events} for events in (fixed_events, last_events) if events
    )
    back = from_osv_ranges(ranges)
    return _check(ranges, source - _literal_part(source), back, LINE, notes)


def _literal_part(source: VersionSet) -> VersionSet:
    """The non-PEP 440 members of *source*, which interval notations leave out by design."""
    return source - VersionSet.from_intervals(source.intervals())


def from_osv_ranges(
    ranges: Iterable[Mapping[str, Any]], *, root: str = "$.ranges", source: str | None = None
) -> VersionSet:
    """The versions OSV ``ECOSYSTEM`` ranges contain, by the schema's evaluation.

    OSV schema 1.7 › Evaluation: events sorted by version (a stable sort, so the file's order
    breaks ties), ``introduced`` sets, ``fixed`` clears at ``>=``, ``last_affected`` clears at
    ``>``; ``limit`` narrows; ranges are combined by OR. ``"0"`` is the bottom and ``"*"`` the
    top in every kind of event (range-semantics §8.3). The walk is the advisory evaluator's
    own (`psrt_core.advisories.evaluate_osv_range`), so a range means here what it means in
    a loaded record. Raises `~psrt_core.exceptions.InvalidRecordError` listing every range,
    event or version that is not one.
    """
    problems: list[Problem] = []
    parsed: list[OsvRange] = []
    for r_index, value in enumerate(ranges):
        where = f"{root}[{r_index}]"
        item: object = value  # outside data: the annotation is a promise, not a check
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "must be a range object", item))
            continue
        raw_events = item.get("events", ())
        if not isinstance(raw_events, (list, tuple)):
            problems.append(Problem(f"{where}.events", "must be a list of events", raw_events))
            continue
        events: list[Event] = []
        for e_index, event in enumerate(raw_events):
            location = f"{where}.events[{e_index}]"
            if not isinstance(event, Mapping) or len(event) != 1:
                problems.append(Problem(location, "must hold exactly one event", event))
                continue
            ((kind, raw),) = event.items()
            if kind not in _EVENT_KINDS:
                problems.append(Problem(location, "is not an OSV event", kind))
                continue
            if not isinstance(raw, str) or (raw not in ("0", "*") and parse_version(raw) is None):
                problems.append(Problem(f"{location}.{kind}", "is not a PEP 440 version", raw))
                continue
            events.append(Event(EventKind(kind), raw))
        parsed.append(OsvRange(RangeType.ECOSYSTEM, tuple(events)))
    if problems:
        raise InvalidRecordError(problems, source=source)
    result = VersionSet.empty()
    for osv_range in parsed:
        found, _unknown = evaluate_osv_range(osv_range, ecosystem="PyPI")  # validated: none
        result = result | found
    return result - _literal_part(result)


_EVENT_KINDS = frozenset(kind.value for kind in EventKind)


# -- CVE JSON 5 ------------------------------------------------------------------------------


def to_cve_versions(
    source: VersionSet, *, catalog: Catalog | None = None, version_type: str = "python"
) -> Conversion[tuple[dict[str, str], ...]]:
    """CVE JSON 5 ``versions`` entries (status ``affected``), in ascending order.

    With a *catalog*, an interval that spans several branches is split at each branch's first
    release, giving one entry per branch; the interval that starts at the bottom of the line
    stays one ``"0"`` entry, because it stands for every older branch (the PSF CNA's
    convention). Use them with ``defaultStatus: "unaffected"``. CVE ranges have no exclusive
    lower end, so an interval open at its lower end cannot be expressed exactly.
    """
    notes: list[str] = []
    _literal_note(source, notes)
    starts: list[Version] = []
    if catalog is not None:
        for branch in catalog.branches:
            releases = catalog.releases_of(branch.name, include_scheduled=True)
            if releases:
                starts.append(releases[0].version)
    entries: list[dict[str, str]] = []
    for item in source.intervals():
        pieces = [item]
        if item.lower is not None:
            pieces = _split(item, starts)
        for piece in pieces:
            entries.append(_cve_entry(piece, version_type, notes))
    back, _unknown = from_cve_versions(entries, default_status="unaffected")
    return _check(tuple(entries), source - _literal_part(source), back, LINE, notes)


def _split(item: Interval, starts: Sequence[Version]) -> list[Interval]:
    pieces: list[Interval] = []
    lower, lower_inclusive = item.lower, item.lower_inclusive
    for start in starts:
        if lower is not None and start > lower and (item.upper is None or start < item.upper):
            pieces.append(Interval(lower, lower_inclusive, start, False))
            lower, lower_inclusive = start, True
    pieces.append(Interval(lower, lower_inclusive, item.upper, item.upper_inclusive))
    return pieces


def _cve_entry(item: Interval, version_type: str, notes: list[str]) -> dict[str, str]:
    if item.lower is not None and item.lower == item.upper:
        version = spell_bound(item.lower)
        return {"version": version, "status": "affected", "versionType": version_type}
    if item.lower is not None and not item.lower_inclusive:
        notes.append(f"CVE ranges have no exclusive lower end: {item.lower} is taken in")
    entry = {"version": "0" if item.lower is None else spell_bound(item.lower)}
    if item.upper is None:
        entry["lessThan"] = "*"
    elif item.upper_inclusive:
        entry["lessThanOrEqual"] = spell_bound(item.upper)
    else:
        entry["lessThan"] = spell_bound(item.upper)
    entry["status"] = "affected"
    entry["versionType"] = version_type
    return entry


_STATUSES = ("affected", "unaffected", "unknown")


def from_cve_versions(
    entries: Iterable[Mapping[str, Any]],
    *,
    default_status: str = "unknown",
    root: str = "$.versions",
    source: str | None = None,
) -> tuple[VersionSet, VersionSet]:
    """The ``(affected, unknown)`` sets of a CVE JSON 5 product's ``versions`` entries.

    CVE JSON 5 › versions: the first matching entry decides; ``version: "0"`` is the bottom,
    ``"*"`` the top and ``"2.*"`` the whole 2.x series; ``changes`` (re-sorted) replace the
    status from their ``at`` on; an unmatched version gets *default_status* (``unknown`` when
    the record has none). The algorithm is the advisory evaluator's own
    (`psrt_core.advisories.evaluate_cve_product`), so entries mean here what they mean in a
    loaded record. Only PEP 440 version types (``python``, ``pypi``, in any case) can be
    evaluated; any other entry is a problem. Raises
    `~psrt_core.exceptions.InvalidRecordError` listing every problem.
    """
    problems: list[Problem] = []
    models: list[CveVersion] = []
    for index, entry in enumerate(entries):
        model = _cve_model(entry, f"{root}[{index}]", problems)
        if model is not None:
            models.append(model)
    if default_status not in _STATUSES:
        problems.append(Problem("defaultStatus", "is not a CVE status", default_status))
    if problems:
        raise InvalidRecordError(problems, source=source)
    product = CveProduct(versions=tuple(models), default_status=Status(default_status))
    affected, causes = evaluate_cve_product(product)
    unknown = Evaluation.combine(affected, causes).unknown
    return affected - _literal_part(affected), unknown - _literal_part(unknown)


def _text(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) else None


def _cve_model(entry: object, location: str, problems: list[Problem]) -> CveVersion | None:
    """The entry as the evaluator's model, or ``None`` after noting why it cannot be one."""
    if not isinstance(entry, Mapping):
        problems.append(Problem(location, "must be a versions entry object", entry))
        return None
    found = len(problems)
    has_range = "lessThan" in entry or "lessThanOrEqual" in entry
    version_type = entry.get("versionType")
    if (version_type is not None or has_range) and (
        not isinstance(version_type, str) or version_type.lower() not in PEP440_TYPES
    ):
        problems.append(
            Problem(
                f"{location}.versionType",
                "must be 'python' or 'pypi' to be evaluated",
                version_type,
            )
        )
        return None
    status = entry.get("status")
    if status not in _STATUSES:
        problems.append(Problem(f"{location}.status", "is not a CVE status", status))
    changes: list[CveChange] = []
    for c_index, change in enumerate(entry.get("changes") or ()):
        at = _text(change, "at") if isinstance(change, Mapping) else None
        change_status = change.get("status") if isinstance(change, Mapping) else None
        if at is None or parse_version(at) is None or change_status not in _STATUSES:
            problems.append(Problem(f"{location}.changes[{c_index}]", "is not a change", change))
            continue
        changes.append(CveChange(at=at, status=Status(change_status)))
    keys = ["version", *(key for key in ("lessThan", "lessThanOrEqual") if key in entry)]
    texts = {key: _text(entry, key) for key in keys}
    for key, text in texts.items():
        if text is None:
            problems.append(Problem(f"{location}.{key}", "is not a PEP 440 version", entry[key]))
    if len(problems) > found:
        return None
    model = CveVersion(
        version=texts["version"] or "",
        status=Status(status),
        version_type=version_type,
        less_than=texts.get("lessThan"),
        less_than_or_equal=texts.get("lessThanOrEqual"),
        changes=tuple(changes) or None,
    )
    if not has_range and parse_version(model.version) is None:
        problems.append(Problem(f"{location}.version", "is not a PEP 440 version", model.version))
        return None
    _match, reason = cve_match_set(model, location)
    if reason is not None:  # a bound the evaluator cannot order: name which one
        lower_ok = model.version == "0" or parse_version(model.version) is not None
        key = (
            "version" if not lower_ok else "lessThan" if "lessThan" in texts else "lessThanOrEqual"
        )
        problems.append(Problem(f"{location}.{key}", "is not a PEP 440 version", texts[key]))
        return None
    return model


# -- vers ------------------------------------------------------------------------------------


def to_vers(source: VersionSet) -> Conversion[str | None]:
    """A ``vers:pypi/...`` string (checked by parsing it back through univers).

    vers has comparators for every kind of interval end, so this is exact for every set of
    PEP 440 versions except the empty set, which vers cannot write (the value is ``None``).
    """
    notes: list[str] = []
    _literal_note(source, notes)
    constraints: list[str] = []
    for item in source.intervals():
        if item.lower is None and item.upper is None:
            constraints.append("*")
        elif item.lower is not None and item.lower == item.upper:
            constraints.append(str(item.lower))
        else:
            if item.lower is not None:
                constraints.append((">=" if item.lower_inclusive else ">") + str(item.lower))
            if item.upper is not None:
                constraints.append(("<=" if item.upper_inclusive else "<") + str(item.upper))
    if not constraints:
        notes.append("vers cannot write the empty set")
        return Conversion(None, scope=LINE, notes=tuple(notes))
    text = "vers:pypi/" + "|".join(constraints)
    back = from_vers(text)
    return _check(text, source - _literal_part(source), back, LINE, notes)


def from_vers(text: str) -> VersionSet:
    """The versions a ``vers:pypi/...`` string contains, parsed by univers.

    vers: ``=`` and ``!=`` constraints are checked first; the remaining comparators, sorted,
    pair up into intervals (a leading ``<``/``<=`` starts at the bottom, a trailing
    ``>``/``>=`` runs to the top). Raises `~psrt_core.exceptions.InvalidInputError` for a
    string univers rejects or a scheme other than ``pypi``.
    """
    from univers.version_range import VersionRange as UniversRange

    if not text.startswith("vers:pypi/"):
        raise InvalidInputError.single("vers", "is not a vers:pypi/ string", text)
    try:
        parsed = UniversRange.from_string(text)  # type: ignore[no-untyped-call]
    except Exception as exc:  # univers raises bare ValueError/TypeError subclasses
        raise InvalidInputError.single("vers", f"univers rejects it: {exc}", text) from None
    points = VersionSet.empty()
    excluded = VersionSet.empty()
    result = VersionSet.empty()
    lower: tuple[Version, bool] | None = None
    for constraint in parsed.constraints:
        comparator = constraint.comparator
        if comparator == "*":
            return VersionSet.full() - _literal_part(VersionSet.full())
        version = constraint.version.value
        if comparator == "=":
            points = points | VersionSet.singleton(version)
        elif comparator == "!=":
            excluded = excluded | VersionSet.singleton(version)
        elif comparator in (">", ">="):
            if lower is None:
                lower = (version, comparator == ">=")
        else:
            low, low_inclusive = (None, True) if lower is None else lower
            result = result | VersionSet.interval(
                low, version, lower_inclusive=low_inclusive, upper_inclusive=comparator == "<="
            )
            lower = None
    if lower is not None:
        result = result | VersionSet.interval(lower[0], None, lower_inclusive=lower[1])
    if not excluded.is_empty and points.is_empty and result.is_empty:
        result = VersionSet.full() - _literal_part(VersionSet.full())
    return (result | points) - excluded


# -- PEP 440 specifiers ----------------------------------------------------------------------


def _natural_spec(item: Interval) -> str:
    if item.lower is not None and item.lower == item.upper:
        return f"=={item.lower}"
    parts = []
    if item.lower is not None:
        parts.append((">=" if item.lower_inclusive else ">") + str(item.lower))
    if item.upper is not None:
        parts.append(("<=" if item.upper_inclusive else "<") + str(item.upper))
    return ",".join(parts)


def _snapped_spec(versions: Sequence[Version], run: tuple[int, int]) -> str:
    start, stop = run
    first, last = versions[start], versions[stop - 1]
    if first == last:
        return f"=={first}"
    parts = [] if start == 0 else [f">={first}"]
    if stop < len(versions):
        parts.append(f"<={last}")
    return ",".join(parts)


def _spec_members(specs: Sequence[SpecifierSet], versions: Sequence[Version]) -> list[int]:
    return [
        index
        for index, version in enumerate(versions)
        if any(spec.contains(version, prereleases=True) for spec in specs)
    ]


def to_specifiers(source: VersionSet, versions: Versions) -> Conversion[tuple[SpecifierSet, ...]]:
    """PEP 440 specifier sets (their union), exact over *versions* (a catalog) or reported.

    Each interval becomes ``>=A,<B``; where PEP 440 would read that differently over the
    catalog (``<B`` leaves out B's pre-releases, ``>A`` A's post-releases), the interval's
    ends are moved onto the catalog's first and last member instead (``>=A,<=L``), which is
    exact there. The sets are built with ``prereleases=True``: evaluate them that way.
    """
    ordered = _versions_of(versions)
    notes: list[str] = []
    _literal_note(source, notes)
    specs: list[SpecifierSet] = []
    for item in source.intervals():
        single = VersionSet.from_intervals([item])
        runs = single.position_runs(ordered)
        natural = SpecifierSet(_natural_spec(item), prereleases=True)
        wanted = [i for start, stop in runs for i in range(start, stop)]
        if _spec_members([natural], ordered) == wanted:
            specs.append(natural)
            continue
        for run in runs:
            specs.append(SpecifierSet(_snapped_spec(ordered, run), prereleases=True))
    back = from_specifiers(specs, ordered)
    target = catalog_set(ordered, (source - _literal_part(source)).select_sorted(ordered))
    return _check(tuple(specs), target, back, _scope_of(versions), notes)


def from_specifiers(specs: Iterable[SpecifierSet | str], versions: Versions) -> VersionSet:
    """The members of *versions* that any of *specs* matches (pre-releases admitted).

    Why over a catalog: PEP 440's pre-, post- and local-release exceptions have no exact
    boundary form, so a specifier's set is only known release by release. The result is
    exact over *versions* and written with their releases as ends.
    """
    ordered = _versions_of(versions)
    parsed: list[SpecifierSet] = []
    problems: list[Problem] = []
    for index, spec in enumerate(specs):
        if isinstance(spec, SpecifierSet):
            parsed.append(spec)
            continue
        try:
            parsed.append(SpecifierSet(spec, prereleases=True))
        except InvalidSpecifier:
            problems.append(Problem(f"specifiers[{index}]", "is not a PEP 440 specifier", spec))
    if problems:
        raise InvalidInputError(problems, source="specifiers")
    return catalog_set(ordered, _spec_members(parsed, ordered))


# -- packaging.ranges.VersionRange -----------------------------------------------------------


def _need_version_range() -> None:
    if not HAS_VERSION_RANGE:  # pragma: no cover - depends on the installed packaging
        msg = "packaging.ranges.VersionRange needs packaging 26.3 or later"
        raise RuntimeError(msg)


def to_version_range(source: VersionSet, versions: Versions) -> Conversion[Any]:
    """A ``packaging.ranges.VersionRange`` admitting pre-releases, exact over *versions*.

    Built through public API only (the union of `to_specifiers`' sets' ranges), so it has
    PEP 440's exceptions too and is checked over the catalog like them.
    """
    _need_version_range()
    specifiers = to_specifiers(source, versions)
    result = VersionRange.empty(prereleases=True)
    for spec in specifiers.value:
        result = result | spec.to_range()
    back = from_version_range(result, versions)
    ordered = _versions_of(versions)
    target = catalog_set(ordered, (source - _literal_part(source)).select_sorted(ordered))
    return _check(result, target, back, _scope_of(versions), list(specifiers.notes))


def from_version_range(value: Any, versions: Versions) -> VersionSet:
    """The members of *versions* that a ``packaging.ranges.VersionRange`` contains.

    Membership is the range's own (``version in value``, with its pre-release policy).
    """
    _need_version_range()
    ordered = _versions_of(versions)
    return catalog_set(ordered, [i for i, version in enumerate(ordered) if version in value])
