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

from packaging.version import Version

from psrt_core.advisories._advisory import CPYTHON_REPO, Advisory, cve_severities
from psrt_core.advisories._commits import CommitMap
from psrt_core.advisories._cve import (
    CnaContainer,
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
    Status,
)
from psrt_core.advisories._evaluation import TOP, cve_match_set, spell_bound
from psrt_core.advisories._json import JsonMap
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
from psrt_core.versions import Catalog, Release, VersionSet

__all__ = ["PSF_ORG_ID", "cve_to_osv", "osv_to_cve"]

PSF_ORG_ID = "28c92f92-d60d-412d-b760-e73465c3df22"
#: pip's CVE ``vendor`` as the PSF CNA writes it since 2025 (range-semantics §2.2).
PIP_VENDOR = "Python Packaging Authority"
OSV_SCHEMA_VERSION = "1.7.0"

_COMMIT = re.compile(r"^https://github\.com/python/cpython/commit/([0-9a-f]{20,40})$", re.I)
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


def _osv_timestamp(value: str | None) -> str | None:
    """A CVE timestamp (zone optional, GMT assumed) as OSV's RFC 3339 UTC with ``Z``."""
    if value is None:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    parsed = parsed.astimezone(datetime.timezone.utc)
    stamp = parsed.strftime("%Y-%m-%dT%H:%M:%S")
    if parsed.microsecond:
        stamp += f".{parsed.microsecond:06d}".rstrip("0")
    return stamp + "Z"


def _english(descriptions: tuple[CveDescription, ...] | None) -> str | None:
    items = descriptions or ()
    for item in items:
        if item.lang.lower().startswith("en"):
            return item.value
    return items[0].value if items else None


def cve_to_osv(
    advisory: Advisory,
    catalog: Catalog | None = None,
    *,
    record_id: str | None = None,
    commit_map: CommitMap | None = None,
) -> OsvRecord:
    """The OSV record the PSF database ought to publish for a CVE record.

    CPython gets a GIT range on python/cpython with ``introduced: "0"`` and a ``fixed`` event
    per patch-tagged commit URL; OSV wants full hashes, so a short (20-39 hex) one counts only
    when exactly one commit of *commit_map* starts with it, and otherwise stays a ``FIX``
    reference without an event. Any other product gets an ECOSYSTEM range. Both get
    ``versions`` enumerated from the CVE's own ranges over *catalog* (default: the bound
    catalog, else the versions the record names). *record_id* defaults to the PSF importer's
    placeholder ``PSF-0000-<CVE id>``.
    """
    record = advisory.record
    if not isinstance(record, CveRecord):
        msg = "cve_to_osv needs an advisory loaded from a CVE record"
        raise TypeError(msg)
    cna = record.containers.cna
    cve_id = record.cve_metadata.cve_id
    product = advisory.product
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

    if product == "cpython":
        events = (Event(EventKind.INTRODUCED, "0"), *(Event(EventKind.FIXED, sha) for sha in fixes))
        entry = OsvAffected(
            ranges=(OsvRange(RangeType.GIT, events, repo=CPYTHON_REPO),), versions=versions
        )
    else:
        package = Package("PyPI", product) if product else None
        ranges = _ecosystem_ranges(evaluation.affected)
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
        modified=_osv_timestamp(
            record.cve_metadata.date_updated or record.cve_metadata.date_published
        )
        or "1970-01-01T00:00:00Z",
        published=_osv_timestamp(record.cve_metadata.date_published),
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


def _ecosystem_ranges(affected: VersionSet) -> tuple[OsvRange, ...]:
    """ECOSYSTEM ranges for a set: ``fixed``-closed intervals together, each inclusive one alone.

    Intervals with an exclusive lower end cannot be written with ``introduced`` (which is
    ``>=``); the enumerated ``versions`` still carry them.
    """
    events: list[Event] = []
    separate: list[OsvRange] = []
    for interval in affected.intervals():
        if interval.lower is not None and not interval.lower_inclusive:
            continue
        start = Event(EventKind.INTRODUCED, "0" if interval.lower is None else str(interval.lower))
        if interval.upper is None:
            events.append(start)
        elif interval.upper_inclusive:
            end = Event(EventKind.LAST_AFFECTED, str(interval.upper))
            separate.append(OsvRange(RangeType.ECOSYSTEM, (start, end)))
        else:
            events.extend((start, Event(EventKind.FIXED, str(interval.upper))))
    ranges = [OsvRange(RangeType.ECOSYSTEM, tuple(events))] if events else []
    return tuple(ranges + separate)


def _upper_entry(lower: str, upper: Version | None, *, inclusive: bool) -> CveVersion:
    """An affected ``python`` range from *lower* up to *upper* (``None``: ``lessThan: "*"``)."""
    if upper is None:
        return CveVersion(
            version=lower, less_than=TOP, status=Status.AFFECTED, version_type="python"
        )
    if inclusive:
        return CveVersion(
            version=lower,
            less_than_or_equal=str(upper),
            status=Status.AFFECTED,
            version_type="python",
        )
    return CveVersion(
        version=lower, less_than=str(upper), status=Status.AFFECTED, version_type="python"
    )


def _branch_end(
    last: Version, affected: VersionSet, next_start: Version | None
) -> tuple[Version | None, bool]:
    """Where a run that reaches the end of its branch stops: ``(upper, inclusive)``.

    CVE JSON 5 › versions (range-semantics §2.3): ``lessThan: "*"`` is unbounded. A run that
    ends with the branch's last catalog release goes on as far as the affected interval
    holding that release does, up to the next branch's first release; so later releases of
    the branch (and, on the last branch, every later version) keep their status.
    """
    interval = next(item for item in affected.intervals() if last in item)
    upper, inclusive = interval.upper, interval.upper_inclusive
    if next_start is not None and (upper is None or upper >= next_start):
        return next_start, False
    return upper, inclusive


def _branch_ranges(
    releases: tuple[Release, ...], affected: VersionSet, unknown: VersionSet
) -> list[CveVersion]:
    """One ``python`` range per run of affected releases inside a branch.

    A run stops ``lessThan`` the next release of its branch, or ``lessThanOrEqual`` the last
    affected one when the next is unknown. A run that reaches the end of its branch follows
    the affected set past the catalog (`_branch_end`), and affected versions above the whole
    catalog that no run reaches get ranges of their own, so that the CVE says what the OSV
    record says about releases still to come.
    """
    entries: list[CveVersion] = []
    by_branch: dict[str, list[Release]] = {}
    for release in releases:
        by_branch.setdefault(release.branch, []).append(release)
    groups = list(by_branch.values())
    for number, branch_releases in enumerate(groups):
        next_start = groups[number + 1][0].version if number + 1 < len(groups) else None
        run: list[Release] = []
        for following in [*branch_releases, None]:
            if following is not None and following.version in affected:
                run.append(following)
                continue
            if run:
                from_bottom = not affected.bounded_below and run[0] is releases[0]
                lower = "0" if from_bottom else spell_bound(run[0].version)
                if following is None:
                    upper, inclusive = _branch_end(run[-1].version, affected, next_start)
                    entries.append(_upper_entry(lower, upper, inclusive=inclusive))
                elif following.version not in unknown:
                    entries.append(_upper_entry(lower, following.version, inclusive=False))
                else:
                    entries.append(_upper_entry(lower, run[-1].version, inclusive=True))
                run = []
    if releases:
        covered = VersionSet.empty()
        for entry in entries:
            covered = covered | cve_match_set(entry, "$")[0]
        beyond = affected & VersionSet.greater_than(max(r.version for r in releases))
        for item in (beyond - covered).intervals():
            assert item.lower is not None  # above the catalog
            lower = spell_bound(item.lower)
            entries.append(_upper_entry(lower, item.upper, inclusive=item.upper_inclusive))
    return entries


def osv_to_cve(
    advisory: Advisory, catalog: Catalog | None = None, *, commit_map: CommitMap | None = None
) -> CveRecord:
    """A CVE JSON 5 record whose CNA ``affected`` has one ``python`` range per branch.

    The ranges come from evaluating the OSV record over *catalog* (default: the bound one),
    so they cover each branch's pre-releases; a run reaching the end of its branch goes on to
    the next branch's first release, or to ``"*"`` when the set is unbounded above, so future
    releases keep the OSV record's status (CVE JSON 5 › versions, range-semantics §2.3).
    ``defaultStatus`` is ``unaffected`` only when nothing is unknown; otherwise ``unknown``.
    The CVE id is the record's id or its first ``CVE-`` alias.
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
    releases = advisory.releases(catalog)
    evaluation = advisory.evaluate(commit_map=commit_map)
    versions = _branch_ranges(releases, evaluation.affected, evaluation.unknown)
    # Versions outside the catalog count too: a record unknown anywhere cannot say unaffected.
    default = Status.UNAFFECTED if evaluation.unknown.is_empty else Status.UNKNOWN
    product = advisory.product
    if product == "cpython":
        item = CveProduct(
            vendor="Python Software Foundation",
            product="CPython",
            repo=CPYTHON_REPO,
            versions=tuple(versions) or None,
            default_status=default,
        )
    else:
        item = CveProduct(
            vendor=PIP_VENDOR if product == "pip" else None,
            product=product,
            package_name=product,
            versions=tuple(versions) or None,
            default_status=default,
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
