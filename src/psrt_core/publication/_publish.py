"""From a GitHub Security Advisory and its fixes to the CVE JSON 5 and OSV records.

Why one builder for both records: the PSF's CVE record and its OSV record describe one
vulnerability; building both from the same facts (the GHSA, the fixed-in releases, the fix
commits, the credit ledger) keeps them equal by construction, where the importer today drops
the credits, the CWE and the per-branch ranges on the way from one to the other.

Nothing before its time: a record is built only from a ``published`` GHSA, or when the caller
says the output is embargoed; an embargoed record is marked (CNA ``x_psrt_embargoed``, OSV
``database_specific.embargoed``) and carries no disclosure date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

import attrs

from psrt_core.advisories import (
    CnaContainer,
    CreditLedger,
    CveContainers,
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
    GhsaAdvisory,
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
from psrt_core.advisories._notation import cve_product_entry, cve_versions, osv_ranges
from psrt_core.exceptions import EmbargoError, InvalidInputError, Problem
from psrt_core.publication._checks import cwe_problems
from psrt_core.publication._dates import record_day
from psrt_core.ranges import ranges_from_fixes
from psrt_core.versions import Catalog, Product, VersionSet

__all__ = [
    "EMBARGO_MARK",
    "PSF_ORG_ID",
    "Publication",
    "cve_disclosure_date",
    "refuse_undisclosed",
]

NO_CREDITS = CreditLedger()
PSF_ORG_ID = "28c92f92-d60d-412d-b760-e73465c3df22"
EMBARGO_MARK = "x_psrt_embargoed"
OSV_SCHEMA_VERSION = "1.7.0"
_SHA = re.compile(r"[0-9a-f]{40}")


def cve_disclosure_date(record: CveRecord) -> datetime.date | None:
    """The CNA's ``datePublic``, else ``cveMetadata.datePublished``, as a date.

    Raises `~psrt_core.exceptions.InvalidRecordError` (with the JSON path) for a malformed
    timestamp.
    """
    source = record.cve_metadata.cve_id
    stamp = record.containers.cna.extra.get("datePublic")
    if stamp is not None:
        return record_day(stamp, location="$.containers.cna.datePublic", source=source)
    return record_day(
        record.cve_metadata.date_published, location="$.cveMetadata.datePublished", source=source
    )


def refuse_undisclosed(record: CveRecord, on: datetime.date, *, embargoed: bool = False) -> None:
    """Raise `~psrt_core.exceptions.EmbargoError` when *record* discloses after *on*.

    Unless *embargoed* is said: then the caller marks what it writes.
    """
    disclosed = cve_disclosure_date(record)
    if not embargoed and disclosed is not None and disclosed > on:
        msg = (
            f"{record.cve_metadata.cve_id} is public only from {disclosed} (datePublic), after "
            f"{on}; say --embargoed to write a marked record anyway"
        )
        raise EmbargoError(msg)


def _severity_name(score: float) -> str:
    """CVSS qualitative rating of a base score (CVSS v3.1 and v4.0 › qualitative scale)."""
    for limit, name in ((0.0, "NONE"), (3.9, "LOW"), (6.9, "MEDIUM"), (8.9, "HIGH")):
        if score <= limit:
            return name
    return "CRITICAL"


_CVSS = (
    ("cvss_v4", "cvssV4_0", "4.0", SeverityType.CVSS_V4),
    ("cvss_v3", "cvssV3_1", "3.1", SeverityType.CVSS_V3),
)


def _cvss(ghsa: GhsaAdvisory) -> list[tuple[str, str, str, float, SeverityType]]:
    """(key, version, vector, score, OSV type) for each CVSS the GHSA carries."""
    severities = ghsa.extra.get("cvss_severities")
    found = []
    for ghsa_key, cve_key, version, kind in _CVSS:
        block = severities.get(ghsa_key) if isinstance(severities, JsonMap) else None
        vector = block.get("vector_string") if isinstance(block, JsonMap) else None
        score = block.get("score") if isinstance(block, JsonMap) else None
        if not isinstance(score, (int, float)) or isinstance(score, bool):
            continue
        if isinstance(vector, str) and vector.startswith(f"CVSS:{version}/"):
            found.append((cve_key, version, vector, float(score), kind))
    return found


def _cwe_names(ghsa: GhsaAdvisory) -> dict[str, str]:
    names: dict[str, str] = {}
    for item in ghsa.extra.get("cwes") or ():
        if isinstance(item, JsonMap):
            cwe, name = item.get("cwe_id"), item.get("name")
            if isinstance(cwe, str) and isinstance(name, str):
                names[cwe] = name
    return names


@attrs.frozen(kw_only=True)
class Publication:
    """Everything one advisory's records are built from.

    *fixed_in* names the fix release of each branch (``3.12.6``); *fix_commits* the full
    commit hashes on the product's repository; *facts* the credits the coordinator adds;
    *roster* maps GitHub logins to display names. *product* (a `~psrt_core.versions.Product`)
    overrides the one the GHSA shows (`~psrt_core.advisories.GhsaAdvisory.product`). *on* is
    today's date for the disclosure check.
    """

    ghsa: GhsaAdvisory
    catalog: Catalog
    fixed_in: tuple[str, ...]
    fix_commits: tuple[str, ...] = ()
    facts: CreditLedger = NO_CREDITS
    roster: Mapping[str, str] = attrs.field(factory=dict)
    product: Product | None = None
    embargoed: bool = False
    on: datetime.date | None = None

    def check(self) -> None:
        """Raise if no record may be built yet.

        `~psrt_core.exceptions.EmbargoError` before disclosure;
        `~psrt_core.exceptions.InvalidInputError` for bad commits or no product;
        `~psrt_core.exceptions.InvalidRecordError` for a malformed ``published_at``.
        """
        ghsa = self.ghsa
        if not self.embargoed and not ghsa.is_public:
            msg = (
                f"{ghsa.ghsa_id} is in state {ghsa.state.value}, not published; say "
                "--embargoed to write a marked record without a disclosure date"
            )
            raise EmbargoError(msg)
        published = record_day(ghsa.published_at, location="$.published_at", source=ghsa.ghsa_id)
        if not self.embargoed and self.on is not None and published and published > self.on:
            msg = f"{ghsa.ghsa_id} is published only on {published}, after {self.on}"
            raise EmbargoError(msg)
        problems = [
            Problem(f"fix_commits[{index}]", "is not a full 40-hex commit hash", sha)
            for index, sha in enumerate(self.fix_commits)
            if not _SHA.fullmatch(sha)
        ]
        problems += cwe_problems(ghsa.cwe_ids or (), "$.cwe_ids")
        if self.target is None:
            problems.append(Problem("$.vulnerabilities", "names neither a pip package nor CPython"))
        if problems:
            raise InvalidInputError(problems, source=ghsa.ghsa_id)

    @property
    def target(self) -> Product | str | None:
        """What the records are about (``None``: nothing known).

        The override, else the GHSA's known `~psrt_core.versions.Product`, else the PyPI
        name it shows.
        """
        return self.product or self.ghsa.product or self.ghsa.product_name

    @property
    def product_name(self) -> str | None:
        """The name of `target` (``"cpython"``, ``"pip"``, another PyPI name)."""
        target = self.target
        return None if target is None else str(target)

    @property
    def credits(self) -> CreditLedger:
        """The GHSA's credits, then the coordinator's facts."""
        return CreditLedger.from_ghsa(self.ghsa) | self.facts

    @property
    def disclosed(self) -> str | None:
        """The disclosure time to write, ``None`` while embargoed."""
        return None if self.embargoed else self.ghsa.published_at

    def affected(self) -> VersionSet:
        """The affected set the fixes imply over the catalog (``psrt_core.ranges``' rules)."""
        return ranges_from_fixes(self.catalog, self.fixed_in).affected

    def _repo(self) -> str | None:
        target = self.target
        return target.repository if isinstance(target, Product) else self.ghsa.repository

    def _commit_urls(self) -> list[str]:
        repo = self._repo()
        return [f"{repo}/commit/{sha}" for sha in self.fix_commits] if repo else []

    def _cve_product(self, versions: tuple[CveVersion, ...]) -> CveProduct:
        """The product entry; a package psrt-core has no `Product` for is its own vendor."""
        target = self.target
        repo = None if isinstance(target, Product) else self._repo()
        return cve_product_entry(target, versions, default_status=Status.UNAFFECTED, repo=repo)

    def cve(self) -> CveRecord:
        """The CVE JSON 5 record (dataVersion 5.1) for the PSF CNA.

        Raises as `check` does, and `~psrt_core.exceptions.InvalidInputError` when the GHSA
        has no CVE id yet.
        """
        self.check()
        ghsa = self.ghsa
        if not ghsa.cve_id:
            raise InvalidInputError.single(
                "$.cve_id", "no CVE id reserved yet", source=ghsa.ghsa_id
            )
        versions = cve_versions(self.affected(), catalog=self.catalog)
        references = [CveReference(url=url, tags=("patch",)) for url in self._commit_urls()]
        if ghsa.html_url:
            references.insert(0, CveReference(url=ghsa.html_url, tags=("vendor-advisory",)))
        names = _cwe_names(ghsa)
        problem_types = tuple(
            CveProblemType(
                descriptions=(
                    CveProblemDescription(
                        lang="en",
                        description=f"{cwe} {names[cwe]}" if cwe in names else cwe,
                        cwe_id=cwe,
                        type="CWE",
                    ),
                )
            )
            for cwe in ghsa.cwe_ids or ()
        )
        metrics = tuple(
            JsonMap.of(
                {
                    key: {
                        "version": version,
                        "vectorString": vector,
                        "baseScore": score,
                        "baseSeverity": _severity_name(score),
                    }
                }
            )
            for key, version, vector, score, _ in _cvss(ghsa)
        )
        extra: dict[str, Any] = {}
        if self.disclosed:
            extra["datePublic"] = self.disclosed
        if self.embargoed:
            extra[EMBARGO_MARK] = True
        credits = self.credits.cve_credits(self.roster)
        cna = CnaContainer(
            affected=(self._cve_product(versions),),
            descriptions=(CveDescription(lang="en", value=ghsa.description or ghsa.summary),),
            references=tuple(references) or None,
            title=ghsa.summary,
            credits=credits or None,
            problem_types=problem_types or None,
            metrics=metrics or None,
            provider_metadata=JsonMap.of({"orgId": PSF_ORG_ID, "shortName": "PSF"}),
            extra=JsonMap.of(extra),
        )
        return CveRecord(
            data_type="CVE_RECORD",
            data_version="5.1",
            cve_metadata=CveMetadata(
                cve_id=ghsa.cve_id,
                state="PUBLISHED",
                assigner_org_id=PSF_ORG_ID,
                assigner_short_name="PSF",
            ),
            containers=CveContainers(cna=cna),
        )

    def _osv_entry(self, affected: VersionSet, ranges: tuple[OsvRange, ...]) -> OsvAffected:
        versions = tuple(str(release.version) for release in self.catalog.select(affected))
        target = self.target
        if isinstance(target, Product) and target.ecosystem is None:
            # OSV schema 1.7 › affected: no ecosystem (CPython, osv-schema#94): GIT ranges only.
            git: tuple[OsvRange, ...] = ()
            if self.fix_commits:
                events = (
                    Event(EventKind.INTRODUCED, "0"),
                    *(Event(EventKind.FIXED, sha) for sha in self.fix_commits),
                )
                git = (OsvRange(RangeType.GIT, events, repo=target.repository),)
            return OsvAffected(ranges=git or None, versions=versions)
        if isinstance(target, Product):
            package = Package(target.ecosystem or "PyPI", target.package or target.name)
        else:
            assert target is not None  # check() said so
            package = Package("PyPI", target)
        return OsvAffected(package=package, ranges=ranges or None, versions=versions)

    def osv(self, record_id: str | None = None) -> OsvRecord:
        """The PSF-style OSV record, with enumerated ``versions``, credits and CWE ids.

        CPython gets a GIT range from the fix commits, a PyPI package ECOSYSTEM ranges.

        *record_id* defaults to the PSF importer's placeholder ``PSF-0000-<CVE id>``, or the
        GHSA id when no CVE is reserved.
        """
        self.check()
        ghsa = self.ghsa
        affected = self.affected()
        ranges = osv_ranges(affected)
        name = record_id or (f"PSF-0000-{ghsa.cve_id}" if ghsa.cve_id else ghsa.ghsa_id)
        aliases = tuple(alias for alias in (ghsa.cve_id, ghsa.ghsa_id) if alias and alias != name)
        references = [Reference(ReferenceType.FIX, url) for url in self._commit_urls()]
        if ghsa.html_url:
            references.insert(0, Reference(ReferenceType.ADVISORY, ghsa.html_url))
        specific: dict[str, Any] = {"cwe_ids": list(ghsa.cwe_ids or ())}
        if self.embargoed:
            specific["embargoed"] = True
        severity = tuple(SeverityScore(kind, vector) for *_, vector, _, kind in _cvss(ghsa))
        credits = self.credits.osv_credits(self.roster)
        return OsvRecord(
            schema_version=OSV_SCHEMA_VERSION,
            id=name,
            modified=ghsa.updated_at
            or ghsa.published_at
            or ghsa.created_at
            or "1970-01-01T00:00:00Z",
            published=self.disclosed,
            aliases=aliases or None,
            summary=ghsa.summary,
            details=ghsa.description or ghsa.summary,
            severity=severity or None,
            affected=(self._osv_entry(affected, ranges),),
            references=tuple(references) or None,
            credits=credits or None,
            database_specific=JsonMap.of(specific),
        )
