"""CVE JSON 5 <-> OSV at the model level.

Why: the PSF's importer drops the CVE's per-branch ranges, credits and CWE ids. Converting
through the evaluated affected set keeps all three: CVE -> OSV gives the GIT range from the
patch commits *plus* the affected releases enumerated over the catalog; OSV -> CVE gives one
PEP 440 range per branch, starting at the branch's first affected release, pre-releases
included.
"""

from __future__ import annotations

import datetime
import re

from psrt_core._time import parse_datetime
from psrt_core.advisories._advisory import Advisory, cve_severities
from psrt_core.advisories._commits import CommitMap
from psrt_core.advisories._cve import (
    CnaContainer,
    CveContainers,
    CveCredit,
    CveDescription,
    CveMetadata,
    CveProblemDescription,
    CveProblemType,
    CveRecord,
    CveReference,
)
from psrt_core.advisories._json import JsonMap
from psrt_core.advisories._notation import (
    DEFAULT_LAYOUT,
    CveLayout,
    cve_default_status,
    cve_product_entry,
    cve_versions,
    osv_ranges,
)
from psrt_core.advisories._osv import (
    Credit,
    CreditType,
    Event,
    EventKind,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Reference,
    ReferenceType,
    SeverityScore,
    SeverityType,
)
from psrt_core.exceptions import InvalidRecordError
from psrt_core.versions import CPYTHON, Catalog

__all__ = ["PSF_ORG_ID", "cve_to_osv", "osv_to_cve"]

PSF_ORG_ID = "28c92f92-d60d-412d-b760-e73465c3df22"
OSV_SCHEMA_VERSION = "1.7.0"

_COMMIT = re.compile(r"https://github\.com/python/cpython/commit/([0-9a-f]{20,40})\Z", re.I)
_CVE_TAG_TO_OSV = {
    "vendor-advisory": ReferenceType.ADVISORY,
    "issue-tracking": ReferenceType.REPORT,
    "third-party-advisory": ReferenceType.ADVISORY,
    "exploit": ReferenceType.EVIDENCE,
    "technical-description": ReferenceType.ARTICLE,
}
_OSV_TO_CVE_TAG = {
    ReferenceType.ADVISORY: "vendor-advisory",
    ReferenceType.REPORT: "issue-tracking",
    ReferenceType.FIX: "patch",
    ReferenceType.EVIDENCE: "exploit",
}


def _osv_timestamp(value: str | None, *, where: str = "$", source: str | None = None) -> str | None:
    """A CVE timestamp (zone optional, GMT assumed) as OSV's RFC 3339 UTC with ``Z``.

    Read by the one parser (`parse_datetime`: any fraction length on every Python); a stamp
    that is not RFC 3339 is an `InvalidRecordError` naming *where*, its JSON path.
    """
    if value is None:
        return None
    try:
        parsed = parse_datetime(value)
    except (TypeError, ValueError):
        raise InvalidRecordError.single(
            where, "not an RFC 3339 timestamp", value, source=source
        ) from None
    parsed = parsed.astimezone(datetime.timezone.utc)
    stamp = parsed.strftime("%Y-%m-%dT%H:%M:%S")
    if parsed.microsecond:
        stamp += f".{parsed.microsecond:06d}".rstrip("0")
    return stamp + "Z"


def _modified(record: CveRecord, cve_id: str) -> str:
    """OSV ``modified``: the CVE's last update, else its publication, else the epoch."""
    metadata = record.cve_metadata
    where, value = "$.cveMetadata.dateUpdated", metadata.date_updated
    if not value:
        where, value = "$.cveMetadata.datePublished", metadata.date_published
    return _osv_timestamp(value, where=where, source=cve_id) or "1970-01-01T00:00:00Z"


def _english(descriptions: tuple[CveDescription, ...] | None) -> str | None:
    items = descriptions or ()
    for item in items:
        if item.lang.lower().startswith("en"):
            return item.value
    return items[0].value if items else None


def cve_to_osv(
    advisory: Advisory,
    catalog: Catalog | None,
    *,
    record_id: str | None = None,
    commit_map: CommitMap | None = None,
) -> OsvRecord:
    """The OSV record the PSF database ought to publish for a CVE record.

    CPython gets a GIT range on python/cpython with ``introduced: "0"`` and a ``fixed`` event
    per patch-tagged commit URL; OSV wants full hashes, so a short (20-39 hex) one counts only
    when exactly one commit of *commit_map* starts with it, and otherwise stays a ``FIX``
    reference without an event. Any other product gets an ECOSYSTEM range. Both get
    ``versions`` enumerated from the CVE's own ranges over *catalog* (``None``: the versions
    the record names). The ECOSYSTEM ranges come from the one notation builder
    (`psrt_core.advisories` ``_notation.osv_ranges``). *record_id* defaults to the PSF
    importer's placeholder ``PSF-0000-<CVE id>``.
    """
    record = advisory.record
    if not isinstance(record, CveRecord):
        msg = "cve_to_osv needs an advisory loaded from a CVE record"
        raise TypeError(msg)
    cna = record.containers.cna
    cve_id = record.cve_metadata.cve_id
    product = advisory.product_name
    releases = advisory.releases(catalog)
    evaluation = advisory.evaluate(commit_map=commit_map)
    positions = evaluation.affected.select_sorted([release.version for release in releases])
    versions = tuple(str(releases[index].version) for index in positions)

    fixes: list[str] = []
    references: list[Reference] = []
    for ref in cna.references or ():
        tags = ref.tags or ()
        match = _COMMIT.match(ref.url)
        if "patch" in tags and match:
            sha = _full_commit(match.group(1).lower(), commit_map)
            if sha is not None and sha not in fixes:
                fixes.append(sha)
            references.append(Reference(ReferenceType.FIX, ref.url))
            continue
        kind = next((_CVE_TAG_TO_OSV[tag] for tag in tags if tag in _CVE_TAG_TO_OSV), None)
        references.append(Reference(kind or ReferenceType.WEB, ref.url))

    if advisory.product is CPYTHON:
        events = (Event(EventKind.INTRODUCED, "0"), *(Event(EventKind.FIXED, sha) for sha in fixes))
        entry = OsvAffected(
            ranges=(OsvRange(RangeType.GIT, events, repo=CPYTHON.repository),), versions=versions
        )
    else:
        package = Package("PyPI", product) if product else None
        ranges = osv_ranges(evaluation.affected)
        entry = OsvAffected(package=package, ranges=ranges or None, versions=versions)

    credits = tuple(
        Credit(name=credit.value, type=credit.type or CreditType.FINDER)
        for credit in cna.credits or ()
    )
    cwe_ids = cna.cwe_ids
    severity = cve_severities(cna)
    return OsvRecord(
        schema_version=OSV_SCHEMA_VERSION,
        id=record_id or f"PSF-0000-{cve_id}",
        modified=_modified(record, cve_id),
        published=_osv_timestamp(
            record.cve_metadata.date_published, where="$.cveMetadata.datePublished", source=cve_id
        ),
        aliases=(cve_id,),
        summary=cna.title,
        details=_english(cna.descriptions),
        severity=severity or None,
        affected=(entry,),
        references=tuple(references) or None,
        credits=credits or None,
        database_specific=JsonMap.of({"cwe_ids": list(cwe_ids)}),
    )


def _full_commit(sha: str, commit_map: CommitMap | None) -> str | None:
    """A full 40-hex commit id for a patch URL's hash, or ``None`` when there is none.

    OSV schema 1.7 › ranges: GIT event values are full commit hashes. A 20-39 hex short hash
    is expanded through *commit_map* when exactly one commit there starts with it; otherwise
    it gives no ``fixed`` event (a short hash is ambiguous in principle), and the URL stays a
    ``FIX`` reference.
    """
    if len(sha) == 40:
        return sha
    matches = [commit for commit in commit_map or () if commit.lower().startswith(sha)]
    return matches[0].lower() if len(matches) == 1 and len(matches[0]) == 40 else None


def osv_to_cve(
    advisory: Advisory,
    catalog: Catalog | None,
    *,
    commit_map: CommitMap | None = None,
    layout: CveLayout = DEFAULT_LAYOUT,
) -> CveRecord:
    """A CVE JSON 5 record whose CNA ``affected`` says exactly the OSV record's affected set.

    The ``python`` entries are the one notation builder's (``_notation.cve_versions``) for the
    evaluated set, cut at *catalog*'s branch starts as *layout* says (``None``: no cuts), so
    they cover every version the OSV record does, pre-releases and releases still to come
    included (CVE JSON 5 › versions). ``defaultStatus`` is ``unaffected`` only when nothing is
    unknown; otherwise ``unknown``. The CVE id is the record's id or its first ``CVE-`` alias.
    """
    record = advisory.record
    if not isinstance(record, OsvRecord):
        msg = "osv_to_cve needs an advisory loaded from an OSV record"
        raise TypeError(msg)
    cve_id = next(
        (name for name in (record.id, *(record.aliases or ())) if name.startswith("CVE-")), None
    )
    if cve_id is None:
        raise InvalidRecordError.single(
            "$.aliases", "no CVE id among the id and aliases", list(record.aliases or ())
        )
    evaluation = advisory.evaluate(commit_map=commit_map)
    versions = cve_versions(evaluation.affected, catalog=catalog, layout=layout)
    product = advisory.product_name
    item = cve_product_entry(
        advisory.product or product, versions, default_status=cve_default_status(evaluation.unknown)
    )
    references = tuple(
        CveReference(
            url=ref.url, tags=(_OSV_TO_CVE_TAG[ref.type],) if ref.type in _OSV_TO_CVE_TAG else None
        )
        for ref in record.references or ()
    )
    credits = tuple(
        CveCredit(lang="en", value=credit.name, type=credit.type or CreditType.OTHER)
        for credit in record.credits or ()
    )
    problem_types = tuple(
        CveProblemType(
            descriptions=(
                CveProblemDescription(lang="en", description=cwe, cwe_id=cwe, type="CWE"),
            )
        )
        for cwe in record.cwe_ids
    )
    metrics = tuple(_metric(score) for score in record.severity or () if _metric(score) is not None)
    cna = CnaContainer(
        affected=(item,),
        descriptions=(CveDescription(lang="en", value=_description(record, product)),),
        references=references or None,
        title=record.summary,
        credits=credits or None,
        problem_types=problem_types or None,
        metrics=tuple(m for m in metrics if m is not None) or None,
        provider_metadata=JsonMap.of({"orgId": PSF_ORG_ID}),
    )
    return CveRecord(
        data_type="CVE_RECORD",
        data_version="5.1",
        cve_metadata=CveMetadata(
            cve_id=cve_id,
            state="PUBLISHED",
            assigner_org_id=PSF_ORG_ID,
            date_published=record.published,
            date_updated=record.modified,
        ),
        containers=CveContainers(cna=cna),
    )


def _description(record: OsvRecord, product: str | None) -> str:
    """The CVE description: OSV ``details``, else ``summary``, else a note that there is none.

    CVE JSON 5 › descriptions: a published CNA container needs one with a non-empty value,
    so a record without text still gets a sentence, one that says where it came from.
    """
    text = record.details or record.summary
    if text:
        return text
    name = product or "an unnamed product"
    return f"A vulnerability in {name} (from {record.id}, which has no description)."


def _metric(score: SeverityScore) -> JsonMap | None:
    key = {
        SeverityType.CVSS_V4: "cvssV4_0",
        SeverityType.CVSS_V2: "cvssV2_0",
    }.get(score.type)
    if score.type is SeverityType.CVSS_V3:
        key = "cvssV3_0" if score.score.startswith("CVSS:3.0/") else "cvssV3_1"
    if key is None:
        return None
    version = {"cvssV4_0": "4.0", "cvssV3_1": "3.1", "cvssV3_0": "3.0", "cvssV2_0": "2.0"}[key]
    return JsonMap.of({key: {"version": version, "vectorString": score.score}})
