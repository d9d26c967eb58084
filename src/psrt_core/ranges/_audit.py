"""Audit one installation: which known vulnerabilities affect this interpreter and its pip.

Why an index: a fleet audits thousands of installations against one advisory set. Merging the
copies of each vulnerability, evaluating the newest copy and placing it on the catalogs is done
once (`AuditIndex.build`); `audit` is then a few dict lookups per target. Pure like the rest of
`psrt_core.ranges`: the caller reads the files, picks the catalogs and the target.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs
from packaging.version import Version

from psrt_core.advisories import (
    Advisory,
    CommitMap,
    Evaluation,
    OsvRecord,
    alias_ids,
    group_aliases,
    normalize_platform,
    platform_applies,
    split_withdrawn,
)
from psrt_core.advisories._aliases import modified_key
from psrt_core.exceptions import InvalidInputError
from psrt_core.ranges._index import AffectedIndex
from psrt_core.versions import CPYTHON, PIP, Catalog, Release, VersionSet

__all__ = [
    "AuditFinding",
    "AuditIndex",
    "AuditReport",
    "ProductIndex",
    "TargetAudit",
    "Upgrade",
    "Verdict",
    "Vulnerability",
    "audit",
    "merge_advisories",
]


class Verdict(enum.Enum):
    """What an advisory says about one target."""

    AFFECTED = "affected"
    UNKNOWN = "unknown"
    NOT_AFFECTED = "not-affected"


def _record_facts(advisory: Advisory) -> tuple[frozenset[str], str | None]:
    """The platforms the record is limited to (empty: every one) and why it is withdrawn.

    Both are the record's own (`Advisory.platforms`, `Advisory.withdrawn`).
    """
    platforms = frozenset(advisory.platforms or ())
    if not advisory.withdrawn:
        return platforms, None
    if isinstance(advisory.record, OsvRecord):
        return platforms, f"withdrawn {advisory.withdrawn_at}"
    return platforms, "rejected"


# -- merging ---------------------------------------------------------------------------------------


@attrs.frozen
class Vulnerability:
    """One vulnerability: every copy of it, the newest one (by ``modified``) speaking.

    *ids* are the ids of the copies and the ids they name as ``aliases`` or ``upstream``,
    the speaking copy's id first; *related* the ids named as related only (OSV: a different
    vulnerability, so not merged). *platforms* empty means every platform.
    """

    advisory: Advisory
    copies: tuple[Advisory, ...]
    ids: tuple[str, ...]
    related: tuple[str, ...] = ()
    platforms: frozenset[str] = frozenset()
    withdrawn: str | None = None

    @property
    def id(self) -> str:
        """The speaking copy's id."""
        return self.advisory.id

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every other id of the vulnerability, sorted."""
        return self.ids[1:]

    @property
    def product(self) -> str | None:
        """The product the speaking copy is about (``cpython``, ``pip``, another name)."""
        return self.advisory.product_name


def _related(advisory: Advisory) -> tuple[str, ...]:
    record = advisory.record
    return tuple(record.related or ()) if isinstance(record, OsvRecord) else ()


def merge_advisories(advisories: Iterable[Advisory]) -> tuple[Vulnerability, ...]:
    """The vulnerabilities *advisories* describe, copies merged, ordered by speaking id.

    Two advisories are one vulnerability when linked by id, ``aliases`` or ``upstream``
    (transitively: CVE id, PSF, PYSEC and GHSA ids all join). The copy with the newest
    ``modified`` speaks (a tie goes to the greater id, so the result never depends on order).
    A withdrawn id never speaks for a vulnerability that a live record still describes (a
    withdrawn ``PYSEC-…`` duplicate must not hide its live twin); a vulnerability all of whose
    ids are withdrawn is kept, withdrawn, so that the audit can say why it is left out.
    """
    live, gone = split_withdrawn(advisories)
    groups = list(group_aliases(live))
    standing = {name for copies in groups for copy in copies for name in alias_ids(copy)}
    groups += [
        copies
        for copies in group_aliases(gone)
        if not any(name in standing for copy in copies for name in alias_ids(copy))
    ]
    merged: list[Vulnerability] = []
    for copies in groups:
        speaking = copies[0]
        named = set().union(*(alias_ids(copy) for copy in copies))
        related = set().union(*(_related(copy) for copy in copies)) - named
        platforms, withdrawn = _record_facts(speaking)
        ids = (speaking.id, *sorted(named - {speaking.id}))
        merged.append(
            Vulnerability(speaking, copies, ids, tuple(sorted(related)), platforms, withdrawn)
        )
    return tuple(sorted(merged, key=lambda item: item.id))


# -- the index -------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class ProductIndex:
    """One product's vulnerabilities placed on its catalog: affected and unknown, per release.

    *affected* and *unknown* are `AffectedIndex` tables keyed by vulnerability id (the unknown
    one over each evaluation's unknown set); *evaluations* keep the reasons.
    """

    catalog: Catalog
    vulnerabilities: Mapping[str, Vulnerability]
    evaluations: Mapping[str, Evaluation]
    affected: AffectedIndex
    unknown: AffectedIndex

    def status(self, vulnerability_id: str, version: Version | Release) -> Verdict:
        """The vulnerability's verdict on *version*, platform aside."""
        if vulnerability_id in self.affected.advisories_affecting(version):
            return Verdict.AFFECTED
        if vulnerability_id in self.unknown.advisories_affecting(version):
            return Verdict.UNKNOWN
        return Verdict.NOT_AFFECTED


@attrs.frozen(eq=False)
class AuditIndex:
    """Advisories merged, evaluated and placed once, ready to audit any number of targets.

    *products* maps a product name (``cpython``, ``pip``) to its `ProductIndex`; *others* are
    the vulnerabilities about products without a catalog here (never audited).
    *newest_modified* is the newest ``modified`` of any advisory given: how fresh the set is.
    """

    products: Mapping[str, ProductIndex]
    others: tuple[Vulnerability, ...]
    records: int
    newest_modified: str | None

    @classmethod
    def build(
        cls,
        advisories: Iterable[Advisory],
        catalogs: Iterable[Catalog],
        *,
        commit_map: CommitMap | None = None,
    ) -> AuditIndex:
        """Merge *advisories*, evaluate each vulnerability's speaking copy and index it.

        *catalogs* are the products' release catalogs (keyed by ``Catalog.product``);
        *commit_map* places GIT ranges (without one, a GIT-only record is unknown).
        """
        items = list(advisories)
        by_product = {catalog.product: catalog for catalog in catalogs}
        grouped: dict[str, dict[str, Vulnerability]] = {name: {} for name in by_product}
        others: list[Vulnerability] = []
        for vulnerability in merge_advisories(items):
            bucket = grouped.get(vulnerability.product or "")
            if bucket is None:
                others.append(vulnerability)
            else:
                bucket[vulnerability.id] = vulnerability
        products = {
            name: _product_index(by_product[name], found, commit_map)
            for name, found in grouped.items()
        }
        newest = max(items, key=modified_key, default=None)
        return cls(products, tuple(others), len(items), newest.modified if newest else None)

    def __len__(self) -> int:
        return sum(len(index.vulnerabilities) for index in self.products.values())


def _product_index(
    catalog: Catalog, found: Mapping[str, Vulnerability], commit_map: CommitMap | None
) -> ProductIndex:
    evaluations = {
        key: (
            Evaluation(VersionSet.empty())
            if item.withdrawn
            else item.advisory.evaluate(commit_map=commit_map)
        )
        for key, item in found.items()
    }
    affected = AffectedIndex.build(catalog, {k: e.affected for k, e in evaluations.items()})
    unknown = AffectedIndex.build(catalog, {k: e.unknown for k, e in evaluations.items()})
    return ProductIndex(catalog, dict(found), evaluations, affected, unknown)


# -- the report ------------------------------------------------------------------------------------


@attrs.frozen
class AuditFinding:
    """What one vulnerability means for the target, and why.

    *fixed_in* is the first release of the target's branch after it that the vulnerability
    does not affect (affected and unknown findings only; ``None`` when the catalog has none).
    """

    vulnerability: Vulnerability
    verdict: Verdict
    why: str
    fixed_in: Version | None = None

    @property
    def id(self) -> str:
        """The speaking copy's id."""
        return self.vulnerability.id


@attrs.frozen
class Upgrade:
    """The smallest upgrade that fixes every affecting vulnerability.

    *version* is ``None`` when no release in the catalog does; *same_branch* says whether it
    stays on the target's branch; *note* says so in words.
    """

    version: Version | None
    same_branch: bool
    note: str


@attrs.frozen
class TargetAudit:
    """The audit of one product's installed version (CPython or pip)."""

    product: str
    version: Version
    branch: str
    platform: str | None
    findings: tuple[AuditFinding, ...]
    upgrade: Upgrade | None
    in_catalog: bool
    past_catalog: bool
    newest_release: Version | None

    def with_verdict(self, verdict: Verdict) -> tuple[AuditFinding, ...]:
        """The findings with *verdict*, in report order."""
        return tuple(finding for finding in self.findings if finding.verdict is verdict)

    @property
    def affected(self) -> bool:
        """Whether any vulnerability affects the target."""
        return any(finding.verdict is Verdict.AFFECTED for finding in self.findings)


@attrs.frozen
class AuditReport:
    """An installation's audit: its interpreter, its pip (when given), the advisory set."""

    python: TargetAudit
    pip: TargetAudit | None
    newest_modified: str | None
    records: int
    others: int

    @property
    def targets(self) -> tuple[TargetAudit, ...]:
        """The audited targets, interpreter first."""
        return (self.python,) if self.pip is None else (self.python, self.pip)

    @property
    def affected(self) -> bool:
        """Whether anything affects the installation (the CLI's exit status 1)."""
        return any(target.affected for target in self.targets)


_ORDER = {Verdict.AFFECTED: 0, Verdict.UNKNOWN: 1, Verdict.NOT_AFFECTED: 2}


def audit(
    python: Version,
    *,
    platform: str | None,
    index: AuditIndex,
    pip: Version | None = None,
) -> AuditReport:
    """Audit an interpreter (and its pip) on *platform* against a prebuilt `AuditIndex`.

    CPython vulnerabilities are audited against *python*, pip ones against *pip* (not at all
    when ``None``). *platform* ``None`` means unknown: platform-limited vulnerabilities still
    count, with the limit in their *why*.
    """
    chosen = None if platform is None else normalize_platform(platform)
    python_audit = _audit_target(index, CPYTHON.name, python, chosen)
    pip_audit = None if pip is None else _audit_target(index, PIP.name, pip, chosen)
    return AuditReport(
        python_audit, pip_audit, index.newest_modified, index.records, len(index.others)
    )


def _audit_target(
    index: AuditIndex, product: str, version: Version, platform: str | None
) -> TargetAudit:
    table = index.products.get(product)
    if table is None:
        raise InvalidInputError.single(
            "index", f"the audit index has no {product} catalog", product
        )
    catalog = table.catalog
    branch = catalog.branch_of(version)
    later = _later_on_branch(catalog, version, branch)
    findings = sorted(
        (_finding(table, key, version, platform, later) for key in table.vulnerabilities),
        key=lambda finding: (_ORDER[finding.verdict], finding.id),
    )
    affecting = [f.id for f in findings if f.verdict is Verdict.AFFECTED]
    released = catalog.versions()
    newest = released[-1] if released else None
    return TargetAudit(
        product=product,
        version=version,
        branch=branch,
        platform=platform,
        findings=tuple(findings),
        upgrade=_upgrade(table, affecting, version, branch, later) if affecting else None,
        in_catalog=version in catalog,
        past_catalog=newest is not None and version > newest,
        newest_release=newest,
    )


def _later_on_branch(catalog: Catalog, version: Version, branch: str) -> tuple[Release, ...]:
    """The branch's releases after *version*: finals, and pre-releases for a pre-release target.

    Why: an upgrade to a release candidate is no advice for someone running a final release.
    """
    return tuple(
        release
        for release in catalog.released()
        if release.branch == branch
        and release.version > version
        and (version.is_prerelease or not release.prerelease)
    )


def _finding(
    table: ProductIndex,
    key: str,
    version: Version,
    platform: str | None,
    later: tuple[Release, ...],
) -> AuditFinding:
    vulnerability = table.vulnerabilities[key]
    if vulnerability.withdrawn:
        return AuditFinding(vulnerability, Verdict.NOT_AFFECTED, vulnerability.withdrawn)
    limited = sorted(vulnerability.platforms)
    if limited and not platform_applies(vulnerability.platforms, platform):
        why = f"only on {', '.join(limited)}, not {platform}"
        return AuditFinding(vulnerability, Verdict.NOT_AFFECTED, why)
    verdict = table.status(key, version)
    if verdict is Verdict.NOT_AFFECTED:
        return AuditFinding(vulnerability, verdict, f"{version} is not in the affected versions")
    if verdict is Verdict.AFFECTED:
        why = f"{version} is in the affected versions"
    else:
        reasons = [reason for reason, found in table.evaluations[key].causes if version in found]
        why = "; ".join(reasons) or "the record cannot decide"
    if limited:
        why += f" (only on {', '.join(limited)})"
    fixed = next((r.version for r in later if table.status(key, r) is Verdict.NOT_AFFECTED), None)
    return AuditFinding(vulnerability, verdict, why, fixed)


def _upgrade(
    table: ProductIndex,
    affecting: list[str],
    version: Version,
    branch: str,
    later: tuple[Release, ...],
) -> Upgrade:
    """The lowest release on the branch clear of every affecting vulnerability, else beyond it.

    Clear means each of them is known not to affect it (unknown is not clear).
    """

    def clear(release: Release) -> bool:
        return all(table.status(key, release) is Verdict.NOT_AFFECTED for key in affecting)

    for release in later:
        if clear(release):
            return Upgrade(release.version, True, f"upgrade to {release.version}")
    newer = (
        release
        for release in table.catalog.released()
        if release.version > version and release.branch != branch and not release.prerelease
    )
    found = next((release for release in newer if clear(release)), None)
    if found is None:
        return Upgrade(None, False, "no release in the catalog fixes them all")
    note = f"no {branch} release fixes them all; the lowest newer release that does is {found}"
    return Upgrade(found.version, False, note)
