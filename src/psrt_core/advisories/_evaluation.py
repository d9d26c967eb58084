"""Exact evaluation: the set of affected versions, and the set nobody can decide.

Why sets and not a per-version test: the OSV walk and the CVE first-match rule both turn into
unions of intervals, so the whole answer is a `VersionSet` computed once, catalog-independent,
and every catalog, version list or question afterwards is a cheap lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs
from packaging.version import Version

from psrt_core.advisories._commits import CommitMap
from psrt_core.advisories._cve import CveProduct, CveVersion, Status
from psrt_core.advisories._osv import EventKind, OsvAffected, OsvRange, RangeType
from psrt_core.versions import BranchScheme, Release, VersionLike, VersionSet, parse_version

__all__ = [
    "Evaluation",
    "branch_set",
    "cve_match_set",
    "evaluate_cve_product",
    "evaluate_osv_entry",
    "evaluate_osv_range",
    "spell_bound",
    "walk_events",
]

BOTTOM = "0"
TOP = "*"


def spell_bound(version: Version) -> str:
    """A bound's text for OSV events and CVE entries; the version 0 is written ``"0.0"``.

    range-semantics §8.3: ``"0"`` means the bottom of the line in every event (an upper
    ``fixed: "0"`` would clear everything rather than end below the version 0).
    """
    text = str(version)
    return "0.0" if text == BOTTOM else text


_EMPTY = VersionSet.empty()
_FULL = VersionSet.full()
#: Every PEP 440 version and no literal: ranges order versions, so they never hold a literal.
ALL_VERSIONS = VersionSet.interval(None, None)


def _causes(items: Iterable[tuple[str, VersionSet]]) -> tuple[tuple[str, VersionSet], ...]:
    return tuple((reason, versions) for reason, versions in items)


@attrs.frozen
class Evaluation:
    """What a record says about every version.

    Built from *affected* and *causes* (each reason paired with the versions it leaves
    undecided); what is affected anywhere wins over what is unknown somewhere, so *causes* is
    kept without the affected versions and without reasons left with nothing. *unknown* (the
    union of the causes, disjoint from *affected*) and *reasons* (the reasons alone, first
    occurrence order) are derived from them; everything else is unaffected.
    """

    affected: VersionSet
    causes: tuple[tuple[str, VersionSet], ...] = attrs.field(default=(), converter=_causes)
    unknown: VersionSet = attrs.field(init=False, eq=False)
    reasons: tuple[str, ...] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        kept: list[tuple[str, VersionSet]] = []
        unknown = _EMPTY
        for reason, versions in self.causes:
            rest = versions - self.affected
            if rest.is_empty:
                continue
            kept.append((reason, rest))
            unknown = unknown | rest
        object.__setattr__(self, "causes", tuple(kept))
        object.__setattr__(self, "unknown", unknown)
        object.__setattr__(self, "reasons", tuple(dict.fromkeys(reason for reason, _ in kept)))

    def status(self, version: VersionLike | Release) -> Status:
        """``Status.AFFECTED``, ``Status.UNKNOWN`` or ``Status.UNAFFECTED`` for *version*.

        *version* may be a `Version`, a string (compared as PEP 440, else literally) or a
        catalog ``Release``.
        """
        if isinstance(version, Release):
            version = version.version
        if version in self.affected:
            return Status.AFFECTED
        if version in self.unknown:
            return Status.UNKNOWN
        return Status.UNAFFECTED

    @classmethod
    def combine(cls, affected: VersionSet, causes: Iterable[tuple[str, VersionSet]]) -> Evaluation:
        """The evaluation of *affected* and *causes* (the same as calling the class)."""
        return cls(affected, causes)


# -- OSV ---------------------------------------------------------------------------------------


def _sort_key(value: str) -> tuple[int, Version | None]:
    if value == BOTTOM:
        return (0, None)
    if value == TOP:
        return (2, None)
    return (1, Version(value))


def _fire(kind: EventKind, value: str) -> VersionSet:
    """The versions on which an event "fires" in the spec's pseudo-code."""
    if kind is EventKind.LIMIT:  # v < limit
        if value == TOP:
            return ALL_VERSIONS
        return _EMPTY if value == BOTTOM else VersionSet.less_than(Version(value))
    if value == BOTTOM:
        return ALL_VERSIONS
    if value == TOP:
        return _EMPTY
    if kind is EventKind.LAST_AFFECTED:  # v > last_affected
        return VersionSet.greater_than(Version(value))
    return VersionSet.at_least(Version(value))  # introduced / fixed: v >= value


def walk_events(events: Sequence[tuple[EventKind, VersionSet]]) -> VersionSet:
    """The spec walk over events already in sorted order, done on whole sets.

    A version ends vulnerable exactly when the last event that fires on it is an
    ``introduced``; going backwards, each event decides the versions no later event fired on.
    Limit events only narrow: a version must lie below at least one of them.
    """
    result = _EMPTY
    covered = _EMPTY
    limits: VersionSet | None = None
    for kind, fires in reversed(events):
        if kind is EventKind.LIMIT:
            limits = fires if limits is None else limits | fires
            continue
        if kind is EventKind.INTRODUCED:
            result = result | (fires - covered)
        covered = covered | fires
    return result if limits is None else result & limits


def _is_pep440_or_bound(value: str) -> bool:
    return value in (BOTTOM, TOP) or parse_version(value) is not None


def evaluate_osv_range(
    item: OsvRange,
    *,
    ecosystem: str | None,
    commit_map: CommitMap | None = None,
    where: str = "$",
) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    """The affected set of one range, and the reasons for any unknown part."""
    if item.type is RangeType.GIT:
        return _evaluate_git(item, commit_map, where)
    if item.type is RangeType.SEMVER:
        reason = f"{where}: SEMVER ranges are not evaluated on PEP 440 versions"
        return _EMPTY, [(reason, _FULL)]
    if ecosystem is not None and ecosystem.split(":")[0] != "PyPI":
        reason = f"{where}: ECOSYSTEM range of {ecosystem} is not ordered by PEP 440"
        return _EMPTY, [(reason, _FULL)]
    bad = [event.value for event in item.events if not _is_pep440_or_bound(event.value)]
    if bad:
        reason = f"{where}: event version {bad[0]!r} is not PEP 440, so the range cannot be ordered"
        return _EMPTY, [(reason, _FULL)]
    ordered = sorted(
        item.events, key=lambda event: _sort_key(event.value)
    )  # stable: ties keep file order
    return walk_events([(event.kind, _fire(event.kind, event.value)) for event in ordered]), []


def branch_set(branch: str, scheme: BranchScheme) -> VersionSet:
    """Every version (epoch 0) of a branch: ``3.9`` is ``[3.9.dev0, 3.10.dev0)``."""
    parts = [int(part) for part in branch.split(".")]
    upper = [*parts[:-1], parts[-1] + 1]
    lower_text = ".".join(map(str, parts)) + ".dev0"
    upper_text = ".".join(map(str, upper)) + ".dev0"
    return VersionSet.interval(Version(lower_text), Version(upper_text))


def _evaluate_git(
    item: OsvRange, commit_map: CommitMap | None, where: str
) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    repo = item.repo or "an unnamed repository"
    if commit_map is None:
        reason = f"GIT range on {repo} cannot be evaluated on versions without a commit map"
        return _EMPTY, [(reason, _FULL)]
    for event in item.events:
        if event.kind is EventKind.LIMIT and event.value != TOP:
            return _EMPTY, [
                (f"{where}: GIT limit events cannot be placed from a commit map", _FULL)
            ]
        if event.kind is EventKind.LAST_AFFECTED and event.value != BOTTOM:
            reason = f"{where}: GIT last_affected events cannot be placed from a commit map"
            return _EMPTY, [(reason, _FULL)]
    missing = [
        e.value for e in item.events if e.value not in (BOTTOM, TOP) and e.value not in commit_map
    ]
    if missing:
        reason = f"{where}: commit {missing[0]} on {repo} is not in the commit map"
        return _EMPTY, [(reason, _FULL)]
    branches: dict[str, None] = {}
    for event in item.events:
        if event.value not in (BOTTOM, TOP):
            for version in commit_map[event.value]:
                branches.setdefault(commit_map.scheme.branch_of(version), None)
    regions: list[tuple[str | None, VersionSet]] = []
    elsewhere = _FULL
    for branch_name in branches:
        region = branch_set(branch_name, commit_map.scheme)
        regions.append((branch_name, region))
        elsewhere = elsewhere - region
    regions.append((None, elsewhere))
    result = _EMPTY
    for branch, region in regions:
        steps: list[tuple[tuple[int, Version | None], EventKind, VersionSet]] = []
        for event in item.events:
            if event.kind is EventKind.LIMIT:
                continue
            if event.value in (BOTTOM, TOP):
                steps.append(
                    (_sort_key(event.value), event.kind, _fire(event.kind, event.value) & region)
                )
                continue
            first = None if branch is None else commit_map.first_on_branch(event.value, branch)
            if first is None:
                continue  # no release of this branch contains the commit: the event never fires
            steps.append(((1, first), event.kind, VersionSet.at_least(first) & region))
        # OSV schema 1.7 › ranges (range-semantics §1.3): in a GIT range ``u < v`` means u is an
        # ancestor of v. Commits first contained in the same release are ordered by the map
        # only up to that release, so the file's order must not decide: the release contains
        # the fix, hence ``introduced`` is walked before ``fixed``/``last_affected`` there.
        steps.sort(key=lambda step: (step[0], step[1] is not EventKind.INTRODUCED))
        result = result | walk_events([(kind, fires) for _, kind, fires in steps])
    return result, []


def evaluate_osv_entry(
    entry: OsvAffected, *, commit_map: CommitMap | None = None, where: str = "$"
) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    """An ``affected[]`` entry: the union of its ranges and of its ``versions`` list.

    A GIT range has no order on versions; the schema asks for a ``versions`` list next to it
    for exactly that reason (osv.dev fills it from the repository's tags). So without a commit
    map, an entry that has a non-empty ``versions`` list lets that list speak for its GIT
    ranges, and an entry without one leaves them unknown. An empty list names no tag at all,
    so it cannot be the expansion of a GIT range that has an ``introduced`` (which every
    range must have): it says nothing, and the range stays unknown.
    """
    ecosystem = entry.package.ecosystem if entry.package is not None else None
    affected = VersionSet.of(entry.versions or ())
    causes: list[tuple[str, VersionSet]] = []
    for index, item in enumerate(entry.ranges or ()):
        if item.type is RangeType.GIT and commit_map is None and entry.versions:
            continue
        found, unknown = evaluate_osv_range(
            item, ecosystem=ecosystem, commit_map=commit_map, where=f"{where}.ranges[{index}]"
        )
        affected = affected | found
        causes.extend(unknown)
    return affected, causes


# -- CVE JSON 5 --------------------------------------------------------------------------------

PEP440_VERSION_TYPES = frozenset({"python", "pypi"})


def _cve_bound(value: str) -> Version:
    """A PEP 440 bound; raises `ValueError` for anything else."""
    parsed = parse_version(value)
    if parsed is None:
        raise ValueError(value)
    return parsed


def cve_match_set(entry: CveVersion, where: str) -> tuple[VersionSet, str | None]:
    """The versions an entry matches, or a reason why that cannot be computed."""
    version_type = entry.version_type.lower() if entry.version_type is not None else None
    if not entry.is_range:
        if version_type is None or version_type in PEP440_VERSION_TYPES:
            return VersionSet.singleton(entry.version), None
        return _FULL, f"{where}: versionType {entry.version_type!r} cannot be compared as PEP 440"
    if version_type is None:
        return _FULL, f"{where}: a range without versionType cannot be evaluated"
    if version_type not in PEP440_VERSION_TYPES:
        return _FULL, f"{where}: versionType {entry.version_type!r} cannot be compared as PEP 440"
    upper_text = entry.less_than if entry.less_than is not None else entry.less_than_or_equal
    assert upper_text is not None  # is_range
    inclusive = entry.less_than is None
    try:
        lower = None if entry.version == BOTTOM else _cve_bound(entry.version)
        if upper_text == TOP:
            upper = None
        elif upper_text.endswith(".*"):
            # "2.*" is the whole 2.x series: <= it ends below 3.dev0, < it ends below 2.dev0.
            upper, inclusive = _series_bound(upper_text[:-2], past=inclusive), False
        else:
            upper = _cve_bound(upper_text)
    except ValueError as exc:
        return _FULL, f"{where}: {exc.args[0]!r} is not a PEP 440 version"
    return VersionSet.interval(lower, upper, upper_inclusive=inclusive), None


def _series_bound(prefix: str, *, past: bool) -> Version:
    """The first version of the series *prefix* (``past=False``) or of the one after it."""
    if not re.fullmatch(r"\d+(\.\d+)*", prefix):
        raise ValueError(prefix + ".*")
    parts = [int(part) for part in prefix.split(".")]
    if past:
        parts[-1] += 1
    return Version(".".join(map(str, parts)) + ".dev0")


def _entry_statuses(
    entry: CveVersion, match: VersionSet, where: str
) -> tuple[list[tuple[Status, VersionSet]], str | None]:
    """Split a range's matches by its ``changes`` (re-sorted, CVE 5 › changes)."""
    if not entry.changes:
        return [(entry.status, match)], None
    try:
        keyed = [(_cve_bound(change.at), change.status) for change in entry.changes]
    except ValueError as exc:
        return [], f"{where}.changes: {exc.args[0]!r} is not a PEP 440 version"
    keyed.sort(key=lambda pair: pair[0])
    pieces: list[tuple[Status, VersionSet]] = []
    covered = _EMPTY
    for at, status in reversed(keyed):
        fires = VersionSet.at_least(at) & match
        pieces.append((status, fires - covered))
        covered = covered | fires
    pieces.append((entry.status, match - covered))
    return pieces, None


def evaluate_cve_product(
    product: CveProduct, *, where: str = "$"
) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    """The CVE 5 version-status algorithm for one product, done on whole sets.

    Entry *i* decides the versions it matches that no earlier entry matched; an entry that
    cannot be evaluated leaves everything not yet decided unknown (a later entry cannot be
    reached for sure). What no entry matches gets ``defaultStatus``, ``unknown`` when absent.
    """
    affected, claimed, causes = _first_match(product, where)
    if affected is None:
        return claimed, causes
    rest = ~claimed
    if product.default_status is None:
        causes.append((f"{where}: no defaultStatus, so unlisted versions are unknown", rest))
    elif product.default_status is Status.AFFECTED:
        affected = affected | rest
    elif product.default_status is Status.UNKNOWN:
        causes.append((f"{where}: defaultStatus is unknown", rest))
    return affected, causes


def _all_affected(
    product: CveProduct, where: str
) -> tuple[VersionSet, VersionSet, list[tuple[str, VersionSet]]] | None:
    """The common case in one merge: every entry computable, ``affected``, without changes.

    Then first-match order cannot matter (every match says the same), so the affected and the
    claimed versions are both the union of the matches.
    """
    matches = []
    for index, entry in enumerate(product.versions or ()):
        if entry.changes or entry.status is not Status.AFFECTED:
            return None
        match, reason = cve_match_set(entry, f"{where}.versions[{index}]")
        if reason is not None:
            return None
        matches.append(match)
    union = VersionSet.union_all(matches)
    return union, union, []


def _first_match(
    product: CveProduct, where: str
) -> tuple[VersionSet | None, VersionSet, list[tuple[str, VersionSet]]]:
    """Affected, claimed and causes after the entries.

    ``None`` first if an entry stopped the walk; the second item is then the affected set so far.
    """
    fast = _all_affected(product, where)
    if fast is not None:
        return fast
    affected = _EMPTY
    causes: list[tuple[str, VersionSet]] = []
    claimed = _EMPTY
    for index, entry in enumerate(product.versions or ()):
        here = f"{where}.versions[{index}]"
        match, reason = cve_match_set(entry, here)
        pieces: list[tuple[Status, VersionSet]] = []
        if reason is None:
            pieces, reason = _entry_statuses(entry, match, here)
        if reason is not None:
            causes.append((reason, ~claimed))
            return None, affected, causes
        for status, part in pieces:
            decided = part - claimed
            if status is Status.AFFECTED:
                affected = affected | decided
            elif status is Status.UNKNOWN:
                causes.append((f"{here}: status is unknown", decided))
        claimed = claimed | match
    return affected, claimed, causes
