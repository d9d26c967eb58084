"""Exact evaluation: the set of affected versions, and the set nobody can decide.

Why sets and not a per-version test: the OSV walk and the CVE first-match rule both turn into
unions of intervals, so the whole answer is a `VersionSet` computed once, catalog-independent,
and every catalog, version list or question afterwards is a cheap lookup.

Nothing undecidable comes out unaffected (issue 9):

- A version that is not PEP 440 (``0.7.10p1``, ``2.0.0-final``) cannot be ordered, so every
  range that orders versions (ECOSYSTEM with PEP 440 events, GIT with a commit map, a CVE
  ``lessThan`` entry) leaves it unknown, with the reason; only a literal listing (OSV
  ``versions``, a CVE exact ``version``) decides it. These causes are kept apart in
  `Evaluation.literal_causes`, so `Evaluation.unknown` and `Evaluation.reasons` keep
  describing the version line.
- A commit missing from the commit map leaves unknown only what it could have decided (see
  `evaluate_osv_range`): a missing ``fixed`` commit turns affected versions unknown on the
  branches no known fix reaches; branches whose fix is known keep their answer. A missing
  ``introduced`` commit turns unaffected versions unknown on the branches no known
  ``introduced`` reaches. Which branch an unmapped commit is on is exactly what is not known,
  so no branch without a known event of its kind can keep a definite answer.
- Branches cut after a commit come from `CommitMap.reach` (the later-branch inference, on by
  default); `Evaluation.inferred` holds the versions whose answer rests on it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

import attrs
from packaging.version import Version

from psrt_core.advisories._commits import CommitMap, branch_set
from psrt_core.advisories._cve import CveProduct, CveVersion, Status
from psrt_core.advisories._osv import EventKind, OsvAffected, OsvRange, RangeType
from psrt_core.advisories._sweep import first_claims
from psrt_core.versions import Release, VersionLike, VersionSet, parse_version

__all__ = [
    "Evaluation",
    "RangeResult",
    "branch_set",
    "cve_match_set",
    "evaluate_cve_product",
    "evaluate_osv_range",
    "osv_entry_result",
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
#: Every string that is not a PEP 440 version, and no version.
ALL_LITERALS = _FULL - ALL_VERSIONS


def _literal_cause(where: str) -> tuple[str, VersionSet]:
    """What a range that orders versions says about the strings it cannot order: nothing."""
    return (f"{where}: a version that is not PEP 440 cannot be ordered in the range", ALL_LITERALS)


def _literals_only(versions: VersionSet) -> bool:
    """Whether *versions* holds every literal but a finite few, and no version."""
    return versions.literals_inverted and versions.bounded_below and not versions.boundaries()


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

    A cause that holds every non-PEP 440 string and no version ("a range cannot order
    ``0.7.10p1``") goes to *literal_causes* instead: `status` still answers ``UNKNOWN`` for
    such a string, while *unknown* and *reasons* keep describing the version line.
    *inferred* holds the versions whose answer rests on the later-branch inference of
    `CommitMap.reach`. *platforms* are the (normalised) platforms the answer is about, ``None``
    for all (see `psrt_core.advisories.normalize_platform`).
    """

    affected: VersionSet
    causes: tuple[tuple[str, VersionSet], ...] = attrs.field(default=(), converter=_causes)
    inferred: VersionSet = attrs.field(default=_EMPTY, kw_only=True)
    platforms: frozenset[str] | None = attrs.field(default=None, kw_only=True)
    unknown: VersionSet = attrs.field(init=False, eq=False)
    reasons: tuple[str, ...] = attrs.field(init=False, eq=False)
    literal_causes: tuple[tuple[str, VersionSet], ...] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        kept: list[tuple[str, VersionSet]] = []
        literal: list[tuple[str, VersionSet]] = []
        for reason, versions in self.causes:
            if versions.is_empty:  # common (a range's literal cause after the first range)
                continue
            rest = versions - self.affected
            if rest.is_empty:
                continue
            if _literals_only(rest):
                literal.append((reason, rest))
                continue
            kept.append((reason, rest))
        unknown = VersionSet.union_all(
            [rest for _, rest in kept]
        )  # balanced: O(n log n) for n causes
        object.__setattr__(self, "causes", tuple(kept))
        object.__setattr__(self, "literal_causes", tuple(literal))
        object.__setattr__(self, "unknown", unknown)
        object.__setattr__(self, "reasons", tuple(dict.fromkeys(reason for reason, _ in kept)))

    def status(self, version: VersionLike | Release) -> Status:
        """``Status.AFFECTED``, ``Status.UNKNOWN`` or ``Status.UNAFFECTED`` for *version*.

        *version* may be a `Version`, a string (compared as PEP 440, else literally) or a
        catalog ``Release``. A user's version should be checked first (`user_version`).
        """
        if isinstance(version, Release):
            version = version.version
        if version in self.affected:
            return Status.AFFECTED
        if version in self.unknown:
            return Status.UNKNOWN
        if any(version in versions for _, versions in self.literal_causes):
            return Status.UNKNOWN
        return Status.UNAFFECTED

    def reasons_for(self, version: VersionLike | Release) -> tuple[str, ...]:
        """Why *version* is unknown: the reasons whose versions hold it (empty if decided)."""
        if isinstance(version, Release):
            version = version.version
        if version in self.affected:
            return ()
        found = [r for r, versions in (*self.causes, *self.literal_causes) if version in versions]
        return tuple(dict.fromkeys(found))

    @classmethod
    def combine(cls, affected: VersionSet, causes: Iterable[tuple[str, VersionSet]]) -> Evaluation:
        """The evaluation of *affected* and *causes* (the same as calling the class)."""
        return cls(affected, causes)


@attrs.frozen
class RangeResult:
    """One range's or entry's answer: affected, the unknown causes, the inferred versions."""

    affected: VersionSet
    causes: tuple[tuple[str, VersionSet], ...] = ()
    inferred: VersionSet = _EMPTY


# -- OSV ---------------------------------------------------------------------------------------


def _sort_key(value: str, version: Version | None) -> tuple[int, Version | None]:
    if value == BOTTOM:
        return (0, None)
    if value == TOP:
        return (2, None)
    return (1, version)


def _fire(kind: EventKind, value: str, version: Version | None = None) -> VersionSet:
    """The versions on which an event "fires" in the spec's pseudo-code.

    *version* is *value* parsed, when the caller has parsed it already.
    """
    if value == BOTTOM:  # "0": every version is at or above it, none below
        return _EMPTY if kind is EventKind.LIMIT else ALL_VERSIONS
    if value == TOP:  # "*": no version is at or above it, every one below
        return ALL_VERSIONS if kind is EventKind.LIMIT else _EMPTY
    at = version if version is not None else Version(value)
    if kind is EventKind.LIMIT:  # v < limit
        return VersionSet.less_than(at)
    if kind is EventKind.LAST_AFFECTED:  # v > last_affected
        return VersionSet.greater_than(at)
    return VersionSet.at_least(at)  # introduced / fixed: v >= value


def walk_events(events: Sequence[tuple[EventKind, VersionSet]]) -> VersionSet:
    """The spec walk over events already in sorted order, done on whole sets.

    A version ends vulnerable exactly when the last event that fires on it is an
    ``introduced``; going backwards, each event decides the versions no later event fired on.
    Limit events only narrow: a version must lie below at least one of them.
    """
    pieces: list[VersionSet] = []
    covered = _EMPTY
    limits: list[VersionSet] = []
    for kind, fires in reversed(events):
        if kind is EventKind.LIMIT:
            limits.append(fires)
            continue
        if kind is EventKind.INTRODUCED:
            pieces.append(fires - covered)
        covered = covered | fires
    # The pieces are disjoint: merged once in a balanced tree, not one by one (issue 14).
    result = VersionSet.union_all(pieces)
    return result if not limits else result & VersionSet.union_all(limits)


def evaluate_osv_range(
    item: OsvRange,
    *,
    ecosystem: str | None,
    commit_map: CommitMap | None = None,
    where: str = "$",
) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    """The affected set of one range, and the reasons for any unknown part.

    ``osv_range_result`` with the inferred versions left out.
    """
    result = osv_range_result(item, ecosystem=ecosystem, commit_map=commit_map, where=where)
    return result.affected, list(result.causes)


def osv_range_result(
    item: OsvRange,
    *,
    ecosystem: str | None,
    commit_map: CommitMap | None = None,
    where: str = "$",
) -> RangeResult:
    """One range: affected, unknown causes, and the versions the inference decided.

    OSV schema 1.7 › Evaluation: an ECOSYSTEM range of PyPI is ordered by PEP 440, which cannot
    place a version that is not PEP 440, so those are unknown for it (a ``versions`` listing
    still decides them).
    """
    if item.type is RangeType.GIT:
        return _evaluate_git(item, commit_map, where)
    if item.type is RangeType.SEMVER:
        reason = f"{where}: SEMVER ranges are not evaluated on PEP 440 versions"
        return RangeResult(_EMPTY, ((reason, _FULL),))
    if ecosystem is not None and ecosystem.split(":")[0] != "PyPI":
        reason = f"{where}: ECOSYSTEM range of {ecosystem} is not ordered by PEP 440"
        return RangeResult(_EMPTY, ((reason, _FULL),))
    # Each value parsed once (a range may hold thousands of events).
    parsed = {
        event.value: parse_version(event.value)
        for event in item.events
        if event.value not in (BOTTOM, TOP)
    }
    bad = [value for value, version in parsed.items() if version is None]
    if bad:
        reason = f"{where}: event version {bad[0]!r} is not PEP 440, so the range cannot be ordered"
        return RangeResult(_EMPTY, ((reason, _FULL),))
    ordered = sorted(
        item.events, key=lambda event: _sort_key(event.value, parsed.get(event.value))
    )  # stable: ties keep file order
    walked = walk_events(
        [(event.kind, _fire(event.kind, event.value, parsed.get(event.value))) for event in ordered]
    )
    return RangeResult(walked, (_literal_cause(where),))


def _git_unplaceable(item: OsvRange, where: str) -> str | None:
    """Why a GIT range cannot be placed from a first-tag map (limit, last_affected), if so."""
    for event in item.events:
        if event.kind is EventKind.LIMIT and event.value != TOP:
            return f"{where}: GIT limit events cannot be placed from a commit map"
        if event.kind is EventKind.LAST_AFFECTED and event.value != BOTTOM:
            return f"{where}: GIT last_affected events cannot be placed from a commit map"
    return None


@attrs.frozen
class _GitEvent:
    kind: EventKind
    fires: VersionSet
    bound: bool  # "0" / "*" rather than a commit


def _regions(commit_map: CommitMap, reaches: Iterable[VersionSet]) -> list[VersionSet]:
    """The version line cut at every branch start a commit's reach begins or ends on.

    Inside one region every event fires on an up-set of it (``[first, end)``, all or none),
    so sorting the events by where they start firing is sorting by ancestry (§1.3).
    """
    cuts: set[Version] = set()
    for contains in reaches:
        for interval in contains.intervals():
            for bound in (interval.lower, interval.upper):
                if bound is not None:
                    cuts.add(_branch_start(commit_map, bound))
    ordered = sorted(cuts)
    edges: list[Version | None] = [None, *ordered, None]
    return [VersionSet.interval(low, high) for low, high in itertools.pairwise(edges)]


def _branch_start(commit_map: CommitMap, version: Version) -> Version:
    """The lowest version of *version*'s branch (a region never splits a branch)."""
    return branch_set(commit_map.scheme.branch_of(version)).intervals()[0].lower or version


def _walk_region(region: VersionSet, events: Sequence[_GitEvent]) -> VersionSet:
    steps: list[tuple[tuple[int, Version | None], bool, bool, EventKind, VersionSet]] = []
    for event in events:
        part = event.fires & region
        if part.is_empty:
            continue
        lower = part.intervals()[0].lower
        key = (0, None) if lower is None else (1, lower)
        # OSV schema 1.7 › ranges (range-semantics §1.3): in a GIT range ``u < v`` means u is
        # an ancestor of v. Commits first contained in the same release are ordered by the map
        # only up to that release, so the file's order must not decide: the release contains
        # the fix, hence ``introduced`` is walked before ``fixed`` there.
        steps.append(
            (key, not event.bound, event.kind is not EventKind.INTRODUCED, event.kind, part)
        )
    steps.sort(key=lambda step: step[:3])
    return walk_events([(kind, part) for *_, kind, part in steps])


def _evaluate_git(item: OsvRange, commit_map: CommitMap | None, where: str) -> RangeResult:
    repo = item.repo or "an unnamed repository"
    if commit_map is None:
        reason = f"GIT range on {repo} cannot be evaluated on versions without a commit map"
        return RangeResult(_EMPTY, ((reason, _FULL),))
    unplaceable = _git_unplaceable(item, where)
    if unplaceable is not None:
        return RangeResult(_EMPTY, ((unplaceable, _FULL),))
    events: list[_GitEvent] = []
    missing: list[tuple[EventKind, str]] = []
    inferred = _EMPTY
    for event in item.events:
        if event.kind is EventKind.LIMIT:
            continue  # only "*" is left: no restriction
        if event.value in (BOTTOM, TOP):
            events.append(_GitEvent(event.kind, _fire(event.kind, event.value), bound=True))
        elif event.value in commit_map:
            reach = commit_map.reach(event.value)
            inferred = inferred | reach.inferred
            events.append(_GitEvent(event.kind, reach.contains, bound=False))
        else:
            missing.append((event.kind, event.value))
    regions = _regions(commit_map, [e.fires for e in events if not e.bound])
    result = VersionSet.union_all([_walk_region(region, events) for region in regions])
    template = f"{where}: commit {{}} on {repo} is not in the commit map"
    causes = [_literal_cause(where), *_missing_causes(regions, events, missing, result, template)]
    for _, unknown in causes[1:]:
        result = result - unknown  # an unknown fix makes "affected" a guess: it is unknown
    return RangeResult(result, tuple(causes), inferred)


def _missing_causes(
    regions: Sequence[VersionSet],
    events: Sequence[_GitEvent],
    missing: Sequence[tuple[EventKind, str]],
    result: VersionSet,
    template: str,
) -> list[tuple[str, VersionSet]]:
    """What each unmapped commit leaves unknown: the regions no known event of its kind reaches.

    A missing ``fixed`` could close any such region, so its affected versions are unknown; a
    missing ``introduced`` could open any such region, so its unaffected versions are unknown.
    """
    causes: list[tuple[str, VersionSet]] = []
    for kind, commit in missing:
        closing = kind is not EventKind.INTRODUCED
        open_regions = _EMPTY
        for region in regions:
            reached = any(
                (e.kind is not EventKind.INTRODUCED) == closing and not (e.fires & region).is_empty
                for e in events
            )
            if not reached:
                open_regions = open_regions | region
        unknown = (result & open_regions) if closing else (open_regions - result)
        causes.append((template.format(commit), unknown))
    return causes


def osv_entry_result(
    entry: OsvAffected, *, commit_map: CommitMap | None = None, where: str = "$"
) -> RangeResult:
    """An ``affected[]`` entry: the union of its ranges and of its ``versions`` list.

    A GIT range has no order on versions; the schema asks for a ``versions`` list next to it
    for exactly that reason (osv.dev fills it from the repository's tags). So without a commit
    map, an entry that has a non-empty ``versions`` list lets that list speak for its GIT
    ranges, and an entry without one leaves them unknown. An empty list names no tag at all,
    so it cannot be the expansion of a GIT range that has an ``introduced`` (which every
    range must have): it says nothing, and the range stays unknown. An entry with neither
    ranges nor versions (OSV schema 1.7 › affected: one of them is required) says nothing
    either: unknown everywhere, not "nothing affected".
    """
    ecosystem = entry.package.ecosystem if entry.package is not None else None
    found_sets = [VersionSet.of(entry.versions or ())]
    causes: list[tuple[str, VersionSet]] = []
    inferred_sets: list[VersionSet] = []
    if not entry.ranges and not entry.versions:
        causes.append((f"{where}: the entry lists no ranges and no versions", _FULL))
    for index, item in enumerate(entry.ranges or ()):
        if item.type is RangeType.GIT and commit_map is None and entry.versions:
            continue
        found = osv_range_result(
            item, ecosystem=ecosystem, commit_map=commit_map, where=f"{where}.ranges[{index}]"
        )
        found_sets.append(found.affected)
        causes.extend(found.causes)
        inferred_sets.append(found.inferred)
    return RangeResult(
        VersionSet.union_all(found_sets), tuple(causes), VersionSet.union_all(inferred_sets)
    )


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


def _has_literals(versions: VersionSet) -> bool:
    return bool(versions.literals) or versions.literals_inverted


def _versions_part(versions: VersionSet) -> VersionSet:
    """``versions & ALL_VERSIONS``; the set itself when it holds no literal (the usual case)."""
    return versions & ALL_VERSIONS if _has_literals(versions) else versions


def _decided(
    part: VersionSet, match: VersionSet, new: VersionSet, literals: VersionSet
) -> VersionSet:
    """What *part* (of an entry matching *match*) decides: its *new* versions, its new literals.

    Shortcuts of ``(part & new) | ((part & ALL_LITERALS) - literals)``: when the entry claims
    all it matches (*new* is *match*, so ``part & new`` is *part*'s versions), and when *part*
    holds no literal.
    """
    if _has_literals(part):
        return (part & new) | ((part & ALL_LITERALS) - literals)
    return part if new is match else part & new


def _first_match_wins(
    plans: Sequence[tuple[str, CveVersion, list[tuple[Status, VersionSet]]]],
    matches: Sequence[VersionSet],
) -> tuple[list[VersionSet], list[tuple[str, VersionSet]], VersionSet, VersionSet]:
    """Entry *i* decides what it matches that no earlier entry matched (CVE 5 › versions).

    The PEP 440 part is split among the entries by one sweep (`first_claims`, O(n log n)),
    or, when no two entries share a version (one range per branch, the usual record), by the
    one merge that also gives their union; the literal part, rare and small, is tracked as it
    goes. Returns the affected pieces, the unknown causes in entry order, the literals
    claimed in the end and the union of *matches*.
    """
    union = VersionSet.union_if_disjoint(matches)
    if union is None:
        fresh = first_claims([_versions_part(match) for match in matches])
        union = VersionSet.union_all(matches)
    else:
        fresh = list(matches)
    affected: list[VersionSet] = []
    causes: list[tuple[str, VersionSet]] = []
    literals = _EMPTY
    for (here, entry, pieces), match, new in zip(plans, matches, fresh, strict=True):
        for status, part in pieces:
            decided = _decided(part, match, new, literals)
            if status is Status.AFFECTED:
                affected.append(decided)
            elif status is Status.UNKNOWN:
                causes.append((f"{here}: status is unknown", decided))
        if _has_literals(match):
            literals = literals | (match & ALL_LITERALS)
        if entry.is_range:
            # A range cannot say whether it holds "2.0.0-final": neither can a later entry
            # nor defaultStatus, so strings not yet decided stay unknown.
            causes.append((_literal_cause(here)[0], _undecided_literals(literals)))
            literals = ALL_LITERALS
    return affected, causes, literals, union


def _undecided_literals(literals: VersionSet) -> VersionSet:
    """``ALL_LITERALS - literals``, at once after the first range (which decides them all)."""
    return _EMPTY if literals is ALL_LITERALS else ALL_LITERALS - literals


def _union_of(
    parts: Sequence[VersionSet], matches: Sequence[VersionSet], union: VersionSet
) -> VersionSet:
    """The union of *parts*: *union* when they are the *matches* themselves (all affected)."""
    if len(parts) == len(matches) and all(a is b for a, b in zip(parts, matches, strict=True)):
        return union
    return VersionSet.union_all(parts)


def evaluate_cve_product(
    product: CveProduct, *, where: str = "$"
) -> tuple[VersionSet, list[tuple[str, VersionSet]]]:
    """The CVE 5 version-status algorithm for one product, done on whole sets.

    Entry *i* decides the versions it matches that no earlier entry matched; an entry that
    cannot be evaluated leaves everything not yet decided unknown (a later entry cannot be
    reached for sure). What no entry matches gets ``defaultStatus``, ``unknown`` when absent.
    A range entry cannot order a string that is not PEP 440, so such strings no earlier exact
    entry decided are unknown from there on (CVE 5 › versions: ``lessThan`` compares by
    ``versionType``, which has no place for them).
    """
    plans: list[tuple[str, CveVersion, list[tuple[Status, VersionSet]]]] = []
    matches: list[VersionSet] = []
    failure: str | None = None
    for index, entry in enumerate(product.versions or ()):
        here = f"{where}.versions[{index}]"
        match, failure = cve_match_set(entry, here)
        pieces: list[tuple[Status, VersionSet]] = []
        if failure is None:
            pieces, failure = _entry_statuses(entry, match, here)
        if failure is not None:
            break
        plans.append((here, entry, pieces))
        matches.append(match)
    affected_parts, causes, literals, union = _first_match_wins(plans, matches)
    claimed = union | literals
    if failure is not None:
        causes.append((failure, ~claimed))
        return VersionSet.union_all(affected_parts), causes
    affected = _union_of(affected_parts, matches, union)
    rest = ~claimed
    if product.default_status is None:
        causes.append((f"{where}: no defaultStatus, so unlisted versions are unknown", rest))
    elif product.default_status is Status.AFFECTED:
        affected = affected | rest
    elif product.default_status is Status.UNKNOWN:
        causes.append((f"{where}: defaultStatus is unknown", rest))
    return affected, causes
