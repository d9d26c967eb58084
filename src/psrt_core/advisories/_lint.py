"""Lint: what is legal in a record but probably not what its author meant.

Why findings and not load errors: published records break these rules (69 pypa records have
unsorted events, wagtail's overlapping intervals, the pyspark tie), and they still have to be
read and evaluated. Each finding has a stable code and name, a level, a JSON path and a message.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence

import attrs
from packaging.version import Version

from psrt_core.advisories._advisory import Advisory, cve_product_name, osv_entry_product
from psrt_core.advisories._cve import CveProduct, CveRecord, CveVersion
from psrt_core.advisories._evaluation import (
    ALL_VERSIONS,
    cve_match_set,
    evaluate_osv_range,
)
from psrt_core.advisories._osv import EventKind, OsvAffected, OsvRange, OsvRecord, RangeType
from psrt_core.advisories._sweep import first_overlaps
from psrt_core.versions import Catalog, VersionSet, parse_version

__all__ = ["CHECKS", "Finding", "Level", "lint", "lint_all", "lint_checks"]


class Level(enum.Enum):
    """How bad a finding is; any ``ERROR`` makes ``psrt-core lint`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: Every check: code -> (name, level). Codes never change meaning.
CHECKS: dict[str, tuple[str, Level]] = {
    "OSV001": ("events-out-of-order", Level.WARNING),
    "OSV002": ("overlapping-intervals", Level.ERROR),
    "OSV003": ("introduced-equals-fixed", Level.ERROR),
    "OSV004": ("fixed-and-last-affected", Level.ERROR),
    "OSV005": ("not-pep440", Level.WARNING),
    "OSV006": ("versions-outside-ranges", Level.WARNING),
    "OSV007": ("ranges-beyond-versions", Level.WARNING),
    "OSV008": ("git-only", Level.INFO),
    "OSV009": ("range-without-introduced", Level.ERROR),
    "OSV010": ("git-range-without-repo", Level.ERROR),
    "CVE001": ("entries-overlap", Level.WARNING),
    "CVE002": ("entries-out-of-order", Level.INFO),
    "CVE003": ("prereleases-uncovered", Level.WARNING),
    "CVE004": ("custom-version-type", Level.WARNING),
    "CVE005": ("missing-default-status", Level.WARNING),
    "CVE006": ("not-pep440", Level.WARNING),
    "RUN001": ("alias-shared", Level.ERROR),
    "REC001": ("withdrawn", Level.WARNING),
    "REC002": ("pre-1.0-layout", Level.INFO),
}


def lint_checks() -> dict[str, tuple[str, Level]]:
    """Every check psrt-core runs: code -> (stable name, level)."""
    return dict(CHECKS)


@attrs.frozen
class Finding:
    """One lint finding about one record."""

    code: str
    location: str
    message: str

    @property
    def name(self) -> str:
        """The check's stable name (``events-out-of-order``)."""
        return CHECKS[self.code][0]

    @property
    def level(self) -> Level:
        """The check's level."""
        return CHECKS[self.code][1]

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.name} [{self.level.value}]: {self.message}"


def _key(value: str) -> tuple[int, Version | None]:
    if value == "0":
        return (0, None)
    if value == "*":
        return (2, None)
    return (1, Version(value))


def _lint_osv_range(item: OsvRange, ecosystem: str | None, where: str) -> list[Finding]:
    findings: list[Finding] = []
    kinds = [event.kind for event in item.events]
    if EventKind.INTRODUCED not in kinds:
        findings.append(
            Finding("OSV009", where, "the range has no introduced event, so it contains nothing")
        )
    if EventKind.FIXED in kinds and EventKind.LAST_AFFECTED in kinds:
        findings.append(Finding("OSV004", where, "fixed and last_affected must not share a range"))
    if item.type is RangeType.GIT:
        if not item.repo:
            findings.append(Finding("OSV010", where, "a GIT range needs repo"))
        return findings
    bad = [
        (index, event.value)
        for index, event in enumerate(item.events)
        if event.value not in ("0", "*") and parse_version(event.value) is None
    ]
    for index, value in bad:
        findings.append(
            Finding("OSV005", f"{where}.events[{index}]", f"{value!r} is not a PEP 440 version")
        )
    if bad or item.type is not RangeType.ECOSYSTEM:
        return findings
    findings.extend(_lint_event_order(item, where))
    findings.extend(_lint_overlap(item, ecosystem, where))
    return findings


def _lint_event_order(item: OsvRange, where: str) -> list[Finding]:
    """OSV003 (introduced and fixed at one version) and OSV001 (events not sorted)."""
    findings: list[Finding] = []
    introduced = {_key(e.value) for e in item.events if e.kind is EventKind.INTRODUCED}
    for index, event in enumerate(item.events):
        if event.kind is EventKind.FIXED and _key(event.value) in introduced:
            findings.append(
                Finding(
                    "OSV003",
                    f"{where}.events[{index}]",
                    f"introduced and fixed at the same version {event.value}: the result "
                    "depends on their file order",
                )
            )
    keys = [_key(event.value) for event in item.events]
    if keys != sorted(keys):
        findings.append(Finding("OSV001", f"{where}.events", "events are not sorted by version"))
    return findings


def _lint_overlap(item: OsvRange, ecosystem: str | None, where: str) -> list[Finding]:
    """OSV002: the intervals the author wrote overlap and the spec walk disagrees with them."""
    walked, _ = evaluate_osv_range(item, ecosystem=ecosystem, where=where)
    pairs: list[VersionSet] = []
    starts: list[str] = []
    for event in item.events:  # file order: what the author wrote, introduced..closing
        if event.kind is EventKind.INTRODUCED:
            starts.append(event.value)
        elif event.kind in (EventKind.FIXED, EventKind.LAST_AFFECTED):
            inclusive = event.kind is EventKind.LAST_AFFECTED
            pairs.extend(_pair(start, event.value, inclusive=inclusive) for start in starts)
            starts = []
    pairs.extend(_pair(start, None, inclusive=False) for start in starts)
    overlapping = bool(first_overlaps(pairs))  # a sweep: pairwise checks were quadratic
    union = VersionSet.union_all(pairs)
    if overlapping and union != walked:
        return [
            Finding(
                "OSV002",
                f"{where}.events",
                f"intervals overlap: the spec walk gives {walked}, their union is {union}",
            )
        ]
    return []


def _pair(start: str, end: str | None, *, inclusive: bool) -> VersionSet:
    """The interval an author meant by ``introduced: start`` .. *end*.

    The bounds read as in the walk (range-semantics §8.3): ``"0"`` is the bottom and ``"*"``
    the top, so ``introduced: "*"`` starts nothing and a closing ``"0"`` ends before anything.
    """
    if start == "*" or end == "0":
        return VersionSet.empty()
    lower = None if start == "0" else Version(start)
    if end is None or end == "*":
        return VersionSet.interval(lower, None)
    return VersionSet.interval(lower, Version(end), upper_inclusive=inclusive)


def _lint_osv_entry(entry: OsvAffected, where: str, catalog: Catalog | None) -> list[Finding]:
    findings: list[Finding] = []
    ecosystem = entry.package.ecosystem if entry.package is not None else None
    ranges = entry.ranges or ()
    for index, item in enumerate(ranges):
        findings.extend(_lint_osv_range(item, ecosystem, f"{where}.ranges[{index}]"))
    for index, value in enumerate(entry.versions or ()):
        if parse_version(value) is None:
            findings.append(
                Finding(
                    "OSV005", f"{where}.versions[{index}]", f"{value!r} is not a PEP 440 version"
                )
            )
    if ranges and all(item.type is RangeType.GIT for item in ranges) and not entry.versions:
        findings.append(
            Finding(
                "OSV008",
                where,
                "only GIT ranges and no versions: the entry cannot be evaluated on versions "
                "without a commit map",
            )
        )
    evaluable = [item for item in ranges if item.type is RangeType.ECOSYSTEM]
    if not evaluable or entry.versions is None:
        return findings
    founds = []
    for item in evaluable:
        found, unknown = evaluate_osv_range(item, ecosystem=ecosystem, where=where)
        if any(not (versions & ALL_VERSIONS).is_empty for _, versions in unknown):
            return findings
        founds.append(found)
    covered = VersionSet.union_all(founds)
    for index, value in enumerate(entry.versions):
        if parse_version(value) is not None and value not in covered:
            findings.append(
                Finding(
                    "OSV006",
                    f"{where}.versions[{index}]",
                    f"{value} is listed but the ranges exclude it",
                )
            )
    if catalog is not None:
        listed = VersionSet.of(entry.versions)
        missing = [
            str(release.version)
            for release in catalog.released()
            if release.version in covered and release.version not in listed
        ]
        if missing:
            findings.append(
                Finding(
                    "OSV007",
                    f"{where}.versions",
                    f"the ranges cover {catalog.product} releases the list omits: "
                    + ", ".join(missing),
                )
            )
    return findings


def _lint_osv(record: OsvRecord, catalog: Catalog | None, product: str | None) -> list[Finding]:
    findings: list[Finding] = []
    for index, entry in enumerate(record.affected or ()):
        entry_catalog = catalog if osv_entry_product(entry) == product else None
        findings.extend(_lint_osv_entry(entry, f"$.affected[{index}]", entry_catalog))
    return findings


_BRANCH_START = re.compile(r"(\d+)\.(\d+)\.0\Z")
_SERIES = re.compile(r"\d+(\.\d+)*\.\*")


def _lint_cve_product(product: CveProduct, where: str, catalog: Catalog | None) -> list[Finding]:
    findings: list[Finding] = []
    if product.default_status is None:
        findings.append(
            Finding("CVE005", where, "no defaultStatus: versions no entry matches are unknown")
        )
    entries = product.versions or ()
    matches: list[VersionSet | None] = []
    for index, entry in enumerate(entries):
        here = f"{where}.versions[{index}]"
        findings.extend(_lint_cve_entry(entry, here))
        match, reason = cve_match_set(entry, here)
        matches.append(None if reason else match)
    findings.extend(_lint_cve_overlaps(matches, where))
    findings.extend(_lint_cve_prereleases(product, matches, where, catalog))
    return findings


def _lint_cve_entry(entry: CveVersion, here: str) -> list[Finding]:
    """CVE004 (custom versionType) and CVE006 (a bound that is not PEP 440)."""
    findings: list[Finding] = []
    if (entry.version_type or "").lower() == "custom":
        findings.append(Finding("CVE004", here, "versionType custom cannot be evaluated"))
    for field, value in (
        ("version", entry.version),
        ("lessThan", entry.less_than),
        ("lessThanOrEqual", entry.less_than_or_equal),
    ):
        series = field != "version" and value is not None and _SERIES.fullmatch(value)
        if value is None or value in ("0", "*") or series:
            continue
        if parse_version(value) is None:
            findings.append(
                Finding("CVE006", f"{here}.{field}", f"{value!r} is not a PEP 440 version")
            )
    return findings


def _lint_cve_overlaps(matches: Sequence[VersionSet | None], where: str) -> list[Finding]:
    """CVE001 (entries overlap: the first wins) and CVE002 (entries out of order)."""
    findings: list[Finding] = []
    for j, i in first_overlaps(matches):  # each entry once, against the first it overlaps
        first, second = matches[i], matches[j]
        assert first is not None
        assert second is not None
        findings.append(
            Finding(
                "CVE001",
                f"{where}.versions[{j}]",
                f"overlaps versions[{i}]: the first match wins on {first & second}",
            )
        )
    lowers = [
        (m.intervals()[0].lower if m is not None and m.intervals() else None) for m in matches
    ]
    known = [(index, lower) for index, lower in enumerate(lowers) if matches[index] is not None]
    ordered = sorted(known, key=lambda pair: (pair[1] is not None, pair[1] or Version("0")))
    if [index for index, _ in known] != [index for index, _ in ordered]:
        findings.append(
            Finding("CVE002", f"{where}.versions", "entries are not in ascending version order")
        )
    return findings


def _lint_cve_prereleases(
    product: CveProduct,
    matches: Sequence[VersionSet | None],
    where: str,
    catalog: Catalog | None,
) -> list[Finding]:
    """CVE003: a range starting at ``X.Y.0`` leaves that branch's pre-releases unmatched."""
    findings: list[Finding] = []
    union = VersionSet.union_all([matched for matched in matches if matched is not None])
    for index, entry in enumerate(product.versions or ()):
        found = _BRANCH_START.match(entry.version)
        if not (found and entry.is_range and matches[index] is not None):
            continue
        start = Version(entry.version)
        pre = VersionSet.interval(Version(f"{found[1]}.{found[2]}.0.dev0"), start)
        if catalog is not None:
            missing = [
                str(release.version)
                for release in catalog.released()
                if release.version in pre and release.version not in union
            ]
        else:
            missing = [] if pre.issubset(union) else [f"{entry.version} pre-releases"]
        if missing:
            findings.append(
                Finding(
                    "CVE003",
                    f"{where}.versions[{index}]",
                    f"the range starts at {entry.version}, so {', '.join(missing)} match no "
                    f"entry and get defaultStatus {_status_text(product)}",
                )
            )
    return findings


def _status_text(product: CveProduct) -> str:
    return product.default_status.value if product.default_status else "unknown (absent)"


def _lint_cve(record: CveRecord, catalog: Catalog | None, product: str | None) -> list[Finding]:
    findings: list[Finding] = []
    for index, item in enumerate(record.containers.cna.affected or ()):
        item_catalog = catalog if cve_product_name(item) == product else None
        findings.extend(
            _lint_cve_product(item, f"$.containers.cna.affected[{index}]", item_catalog)
        )
    return findings


def _lint_record(advisory: Advisory) -> list[Finding]:
    """REC001 (withdrawn or rejected) and REC002 (pre-1.0 OSV layout)."""
    findings: list[Finding] = []
    if advisory.withdrawn:
        if isinstance(advisory.record, OsvRecord):
            where, what = "$.withdrawn", f"withdrawn on {advisory.withdrawn_at}"
        else:
            where, what = "$.cveMetadata.state", "REJECTED"
        findings.append(
            Finding("REC001", where, f"the record is {what}: it describes no vulnerability")
        )
    if isinstance(advisory.record, OsvRecord) and "affects" in advisory.record.extra:
        findings.append(
            Finding(
                "REC002",
                "$.affects",
                "pre-1.0 OSV layout (top-level package and affects): read as affected[]",
            )
        )
    return findings


def lint(advisory: Advisory, *, catalog: Catalog | None = None) -> tuple[Finding, ...]:
    """Every finding about one record; the catalog checks run only when *catalog* is given."""
    findings = _lint_record(advisory)
    if isinstance(advisory.record, OsvRecord):
        findings.extend(_lint_osv(advisory.record, catalog, advisory.product_name))
    else:
        findings.extend(_lint_cve(advisory.record, catalog, advisory.product_name))
    return tuple(findings)


def _catalog_for(advisory: Advisory, catalogs: Mapping[str, Catalog] | None) -> Catalog | None:
    name = advisory.product_name
    return catalogs.get(name) if catalogs is not None and name is not None else None


def lint_all(
    advisories: Sequence[Advisory],
    *,
    catalog: Catalog | None = None,
    catalogs: Mapping[str, Catalog] | None = None,
) -> tuple[tuple[Finding, ...], ...]:
    """Lint several records together: each one's findings, plus aliases they share.

    Each record is checked against *catalog*, else against ``catalogs[its product name]``
    when there is one (the CLI passes the bundled CPython and pip catalogs).
    """
    results = [
        list(lint(advisory, catalog=catalog or _catalog_for(advisory, catalogs)))
        for advisory in advisories
    ]
    owners: dict[str, list[int]] = {}
    for index, advisory in enumerate(advisories):
        for alias in dict.fromkeys(advisory.aliases):
            owners.setdefault(alias, []).append(index)
    for alias, indexes in owners.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = ", ".join(advisories[i].id for i in indexes if i != index)
            position = advisories[index].aliases.index(alias)
            results[index].append(
                Finding("RUN001", f"$.aliases[{position}]", f"{alias} is also an alias of {others}")
            )
    return tuple(tuple(findings) for findings in results)
