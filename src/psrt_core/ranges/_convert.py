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

OSV ranges and CVE ``versions`` entries are the advisory models (`OsvRange`, `CveVersion`),
built by the one notation builder in `psrt_core.advisories` and read by its evaluator; JSON
goes in and out through ``psrt_core.serialization`` (``osv_ranges_from_dicts``,
``cve_versions_from_dicts``, ``fragment_to_dict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final, Generic, TypeVar, Union

import attrs
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from psrt_core.advisories import CveLayout, CveVersion, OsvRange, Status, cve_match_set
from psrt_core.advisories._notation import (
    DEFAULT_LAYOUT,
    cve_versions,
    evaluate_cve_versions,
    evaluate_osv_ranges,
    osv_ranges,
)
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


def to_osv_ranges(source: VersionSet) -> Conversion[tuple[OsvRange, ...]]:
    """OSV ``ECOSYSTEM`` ranges (models) from the one notation builder, checked by reading back.

    An interval with an inclusive upper end needs ``last_affected``, which OSV forbids next to
    ``fixed`` in one range; only then is a second range emitted. OSV has no exclusive
    ``introduced``, so an interval open at its lower end takes its lower end in (reported as
    *extra*). Write them as JSON with ``psrt_core.serialization.fragment_to_dict``.
    """
    notes: list[str] = []
    _literal_note(source, notes)
    for item in source.intervals():
        if item.lower is not None and not item.lower_inclusive:
            notes.append(f"OSV has no exclusive introduced: {item.lower} is taken in")
    ranges = osv_ranges(source)
    back = from_osv_ranges(ranges)
    return _check(ranges, source - _literal_part(source), back, LINE, notes)


def _literal_part(source: VersionSet) -> VersionSet:
    """The non-PEP 440 members of *source*, which interval notations leave out by design."""
    return source - VersionSet.from_intervals(source.intervals())


def _problem(reason: str) -> Problem:
    """An evaluator's reason (``"$.ranges[0]: why"``) as a problem at its path."""
    location, _, message = reason.partition(": ")
    return Problem(location, message) if message else Problem("$", reason)


def from_osv_ranges(ranges: Iterable[OsvRange], *, source: str | None = None) -> VersionSet:
    """The versions OSV ``ECOSYSTEM`` ranges contain, by the schema's evaluation.

    OSV schema 1.7 › Evaluation: events sorted by version (a stable sort, so the file's order
    breaks ties), ``introduced`` sets, ``fixed`` clears at ``>=``, ``last_affected`` clears at
    ``>``; ``limit`` narrows; ranges are combined by OR. ``"0"`` is the bottom and ``"*"`` the
    top in every kind of event. The walk is the advisory evaluator's own, so a range means here
    what it means in a loaded record. Read JSON with
    ``psrt_core.serialization.osv_ranges_from_dicts`` first. Raises
    `~psrt_core.exceptions.InvalidRecordError` for every range that cannot be evaluated on
    PEP 440 versions (a non-PEP 440 event, a GIT or SEMVER range).
    """
    evaluation = evaluate_osv_ranges(ranges)
    if evaluation.reasons:
        raise InvalidRecordError([_problem(r) for r in evaluation.reasons], source=source)
    return evaluation.affected - _literal_part(evaluation.affected)


# -- CVE JSON 5 ------------------------------------------------------------------------------


def to_cve_versions(
    source: VersionSet,
    *,
    catalog: Catalog | None = None,
    layout: CveLayout = DEFAULT_LAYOUT,
    version_type: str = "python",
) -> Conversion[tuple[CveVersion, ...]]:
    """CVE JSON 5 ``versions`` entries (models, status ``affected``), in ascending order.

    The one notation builder's entries: with a *catalog*, intervals are cut at branch starts
    as *layout* says (`psrt_core.advisories.CveLayout.FROM_ZERO`, the default and the PSF
    CNA's convention, keeps the interval from the bottom as one ``"0"`` entry for every older
    branch). Use them with
    ``defaultStatus: "unaffected"``. CVE ranges have no exclusive lower end, so an interval
    open at its lower end takes its lower end in (reported as *extra*).
    """
    notes: list[str] = []
    _literal_note(source, notes)
    for item in source.intervals():
        if item.lower is not None and not item.lower_inclusive and item.lower != item.upper:
            notes.append(f"CVE ranges have no exclusive lower end: {item.lower} is taken in")
    entries = cve_versions(source, catalog=catalog, layout=layout, version_type=version_type)
    back, _unknown = from_cve_versions(entries, default_status=Status.UNAFFECTED)
    return _check(entries, source - _literal_part(source), back, LINE, notes)


def from_cve_versions(
    entries: Iterable[CveVersion],
    *,
    default_status: Status | str | None = None,
    source: str | None = None,
) -> tuple[VersionSet, VersionSet]:
    """The ``(affected, unknown)`` sets of a CVE JSON 5 product's ``versions`` entries.

    CVE JSON 5 › versions: the first matching entry decides; ``version: "0"`` is the bottom,
    ``"*"`` the top and ``"2.*"`` the whole 2.x series; ``changes`` (re-sorted) replace the
    status from their ``at`` on; an unmatched version gets *default_status* (``None``: absent,
    so unknown). The algorithm is the advisory evaluator's own, so entries mean here what they
    mean in a loaded record. Read JSON with ``psrt_core.serialization.cve_versions_from_dicts``
    first. Raises `~psrt_core.exceptions.InvalidRecordError` listing every entry that cannot be
    evaluated (a version type other than ``python``/``pypi``, a bound or change that is not
    PEP 440).
    """
    models = tuple(entries)
    problems: list[Problem] = []
    for index, model in enumerate(models):
        problems.extend(_entry_problems(model, f"$.versions[{index}]"))
    status = _status(default_status, problems)
    if problems:
        raise InvalidRecordError(problems, source=source)
    evaluation = evaluate_cve_versions(models, default_status=status)
    affected, unknown = evaluation.affected, evaluation.unknown
    return affected - _literal_part(affected), unknown - _literal_part(unknown)


def _status(value: Status | str | None, problems: list[Problem]) -> Status | None:
    if value is None or isinstance(value, Status):
        return value
    if value not in _STATUSES:
        problems.append(Problem("defaultStatus", "is not a CVE status", value))
        return None
    return Status(value)


_STATUSES = frozenset(status.value for status in Status)


def _entry_problems(entry: CveVersion, location: str) -> list[Problem]:
    """Why the evaluator cannot evaluate *entry*, as problems (none when it can)."""
    _match, reason = cve_match_set(entry, location)
    if reason is None and not entry.is_range and parse_version(entry.version) is None:
        reason = f"{location}: {entry.version!r} is not a PEP 440 version"
    problems = [] if reason is None else [_problem(reason)]
    for c_index, change in enumerate(entry.changes or ()):
        if parse_version(change.at) is None:
            where = f"{location}.changes[{c_index}].at"
            problems.append(Problem(where, "is not a PEP 440 version", change.at))
    return problems


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
    except Exception as exc:  # noqa: BLE001 - univers raises bare exceptions of many kinds
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


def _specifier_set(text: str) -> SpecifierSet | None:
    """*text* as a specifier set admitting pre-releases, or ``None`` when PEP 440 has none.

    Why ``None``: an interval end with a local label (``>=3.12.8+local``) is a valid version
    but no valid specifier; the caller then writes the interval with catalog releases.
    """
    try:
        return SpecifierSet(text, prereleases=True)
    except InvalidSpecifier:
        return None


def to_specifiers(source: VersionSet, versions: Versions) -> Conversion[tuple[SpecifierSet, ...]]:
    """PEP 440 specifier sets (their union), exact over *versions* (a catalog) or reported.

    Each interval becomes ``>=A,<B``; where PEP 440 would read that differently over the
    catalog (``<B`` leaves out B's pre-releases, ``>A`` A's post-releases), the interval's
    ends are moved onto the catalog's first and last member instead (``>=A,<=L``), which is
    exact there. The sets are built with ``prereleases=True``: evaluate them that way.
    Ends no specifier can name (a local version) are moved onto the catalog the same way;
    raises `~psrt_core.exceptions.InvalidInputError` when even a release of *versions*
    cannot be named (a given version with a local label).
    """
    ordered = _versions_of(versions)
    notes: list[str] = []
    _literal_note(source, notes)
    specs: list[SpecifierSet] = []
    for item in source.intervals():
        single = VersionSet.from_intervals([item])
        runs = single.position_runs(ordered)
        natural = _specifier_set(_natural_spec(item))
        wanted = [i for start, stop in runs for i in range(start, stop)]
        if natural is not None and _spec_members([natural], ordered) == wanted:
            specs.append(natural)
            continue
        for run in runs:
            snapped = _specifier_set(_snapped_spec(ordered, run))
            if snapped is None:
                raise InvalidInputError.single(
                    "versions",
                    "a release cannot be written as a PEP 440 specifier",
                    _snapped_spec(ordered, run),
                )
            specs.append(snapped)
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
