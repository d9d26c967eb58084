"""CVE JSON 5 <-> OSV conversion at the model level."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from packaging.version import Version

from psrt_core import load_advisory
from psrt_core.advisories import (
    Advisory,
    CnaContainer,
    CommitMap,
    CreditType,
    CveContainers,
    CveLayout,
    CveMetadata,
    CveProduct,
    CveRecord,
    CveVersion,
    EventKind,
    OsvAffected,
    OsvRecord,
    Package,
    RangeType,
    ReferenceType,
    SeverityScore,
    SeverityType,
    Status,
    cve_to_osv,
    osv_to_cve,
)
from psrt_core.advisories._convert import _osv_timestamp
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    bundled_catalog,
    commit_map_from_text,
)
from psrt_core.testing import cve_products, osv_affected
from psrt_core.versions import CPYTHON, Catalog
from tests.advisories.test_osv_evaluation import _range

INTRO, FIX, LAST = EventKind.INTRODUCED, EventKind.FIXED, EventKind.LAST_AFFECTED
CPYTHON_CATALOG = bundled_catalog("cpython")
PIP_CATALOG = bundled_catalog("pip")


def test_cve_to_osv_for_cpython(fixtures: Path) -> None:
    """range-semantics §3.2: a GIT range from patch commits, plus what the importer drops.

    The importer never maps versions, credits or CWE ids; here all three survive.
    """
    advisory = load_advisory(fixtures / "cve-cpython.json")
    osv = cve_to_osv(advisory, CPYTHON_CATALOG)
    assert osv.id == "PSF-0000-CVE-2099-0001"
    assert osv.schema_version == "1.7.0"
    assert osv.aliases == ("CVE-2099-0001",)
    assert osv.summary == "Example flaw in an example module"
    assert osv.details == "A made-up record for tests."
    assert osv.published == "2099-01-01T00:00:00Z"
    assert osv.modified == "2099-01-02T03:04:05.5Z"
    assert osv.cwe_ids == ("CWE-20",)
    assert osv.affected is not None
    (entry,) = osv.affected
    assert entry.package is None
    assert entry.ranges is not None
    (git,) = entry.ranges
    assert git.type is RangeType.GIT
    assert git.repo == "https://github.com/python/cpython"
    assert [(e.kind, e.value) for e in git.events] == [(INTRO, "0"), (FIX, "1" * 40)]
    assert entry.versions is not None
    assert "3.12.3" in entry.versions
    assert "3.12.4" not in entry.versions
    assert entry.versions[-1] == "3.13.0b1"
    assert osv.references is not None
    assert [r.type for r in osv.references] == [
        ReferenceType.FIX,
        ReferenceType.WEB,
        ReferenceType.REPORT,
        ReferenceType.ADVISORY,
        ReferenceType.WEB,
    ]
    assert osv.credits is not None
    assert [(c.name, c.type) for c in osv.credits] == [
        ("A. Finder", CreditType.FINDER),
        ("A. Fixer", CreditType.REMEDIATION_DEVELOPER),
        ("Untyped Credit", CreditType.FINDER),  # CVE 5: type defaults to finder
    ]
    assert osv.severity == (
        SeverityScore(
            SeverityType.CVSS_V4, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N"
        ),
    )


def test_converted_osv_versions_agree_with_its_git_range(fixtures: Path) -> None:
    """With a commit map whose first tags are the CVE's fixes, both halves of the OSV agree."""
    advisory = load_advisory(fixtures / "cve-cpython.json")
    osv = Advisory(cve_to_osv(advisory, CPYTHON_CATALOG, record_id="PSF-2099-1"))
    assert osv.id == "PSF-2099-1"
    commit_map = commit_map_from_text("1111111111111111111111111111111111111111\n  3.12.4\n")
    assert osv.product is CPYTHON
    listed = osv.affected_versions(CPYTHON_CATALOG)
    assert listed == advisory.affected_versions(CPYTHON_CATALOG)
    assert osv.evaluate(commit_map=commit_map).status("3.12.3") is Status.AFFECTED


def test_cve_to_osv_for_a_pypi_project(toy: Catalog) -> None:
    """Other products get a PyPI package and ECOSYSTEM ranges built from the affected set."""
    advisory = advisory_from_dict(
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.0",
            "cveMetadata": {
                "cveId": "CVE-2099-0003",
                "state": "PUBLISHED",
                "dateUpdated": "2099-01-01T00:00:00",
            },
            "containers": {
                "cna": {
                    "affected": [
                        {
                            "product": "example",
                            "packageName": "example",
                            "defaultStatus": "unaffected",
                            "versions": [
                                {
                                    "version": "1.0.1",
                                    "lessThan": "1.1.1",
                                    "status": "affected",
                                    "versionType": "python",
                                },
                                {
                                    "version": "2.0.0b1",
                                    "lessThanOrEqual": "2.0.0b1",
                                    "status": "affected",
                                    "versionType": "python",
                                },
                                {
                                    "version": "3.0",
                                    "lessThan": "*",
                                    "status": "affected",
                                    "versionType": "python",
                                },
                            ],
                        }
                    ],
                    "metrics": [
                        {"cvssV3_1": {"vectorString": "CVSS:3.1/AV:N"}},
                        {"cvssV3_0": {"vectorString": "CVSS:3.0/AV:N"}},
                        {"other": {}},
                    ],
                    "descriptions": [{"lang": "fr", "value": "bonjour"}],
                }
            },
        }
    )
    osv = cve_to_osv(advisory, toy)
    assert osv.modified == "2099-01-01T00:00:00Z"
    assert osv.published is None
    assert osv.details == "bonjour"
    assert osv.severity == (SeverityScore(SeverityType.CVSS_V3, "CVSS:3.1/AV:N"),)
    assert osv.affected is not None
    (entry,) = osv.affected
    assert entry.package == Package("PyPI", "example")
    assert entry.versions == ("1.0.1", "1.0.2", "1.1.0a1", "1.1.0", "2.0.0b1")
    assert entry.ranges is not None
    shapes = [[(e.kind, e.value) for e in r.events] for r in entry.ranges]
    assert shapes == [
        [(INTRO, "1.0.1"), (FIX, "1.1.1"), (INTRO, "3.0")],
        [(INTRO, "2.0.0b1"), (LAST, "2.0.0b1")],
    ]


def test_cve_to_osv_rejects_osv_input(fixtures: Path) -> None:
    """Converting needs the right input format."""
    osv = load_advisory(fixtures / "osv-pip.yaml")
    with pytest.raises(TypeError, match="cve_to_osv needs an advisory loaded from a CVE record"):
        cve_to_osv(osv, None)
    cve = load_advisory(fixtures / "cve-cpython.json")
    with pytest.raises(TypeError, match="osv_to_cve needs an advisory loaded from an OSV record"):
        osv_to_cve(cve, None)


def test_osv_to_cve_one_range_per_branch(fixtures: Path) -> None:
    """OSV -> CVE with `CveLayout.PER_BRANCH`: one ``python`` range per branch, pre-releases
    covered, fix as lessThan. Each range starts where the evaluated set does: the GIT range's
    3.12 and 3.13 regions start at X.Y.dev0 (the old builder started at X.Y.0a1, leaving the
    versions below it out although the OSV record marks them affected)."""
    advisory = load_advisory(fixtures / "osv-cpython-git.json")
    commit_map = CommitMap.of({"1" * 40: ["3.12.4", "3.13.0b2"], "2" * 40: ["3.11.9"]})
    cve = osv_to_cve(advisory, CPYTHON_CATALOG, commit_map=commit_map, layout=CveLayout.PER_BRANCH)
    assert cve.cve_metadata.cve_id == "CVE-2099-0001"
    assert cve.cve_metadata.date_updated == "2099-01-02T03:04:05Z"
    cna = cve.containers.cna
    assert cna.title == "Example flaw in an example module"
    assert cna.cwe_ids == ("CWE-20",)
    assert cna.affected is not None
    (product,) = cna.affected
    assert (product.vendor, product.product, product.default_status) == (
        "Python Software Foundation",
        "CPython",
        Status.UNAFFECTED,
    )
    assert product.versions is not None
    by_lower = {v.version: v for v in product.versions}
    # The first branch starts at "0"; a run reaching its branch's end runs to the next branch.
    assert by_lower["0"].less_than == "2.0.0b1"
    assert by_lower["3.11.0a1"].less_than == "3.11.9"
    assert by_lower["3.12.dev0"].less_than == "3.12.4"
    assert by_lower["3.13.dev0"].less_than == "3.13.0b2"
    assert all(v.version_type == "python" and v.status is Status.AFFECTED for v in product.versions)
    assert cna.credits is not None
    assert cna.credits[0].type is CreditType.FINDER
    assert cna.references is not None
    assert [r.tags for r in cna.references] == [("patch",), ("issue-tracking",)]
    round_trip = Advisory(cve)
    assert round_trip.affected_versions(CPYTHON_CATALOG) == advisory.affected_versions(
        CPYTHON_CATALOG, commit_map=commit_map
    )
    assert round_trip.evaluate().affected == advisory.evaluate(commit_map=commit_map).affected


def test_osv_to_cve_with_unknowns_uses_default_unknown(fixtures: Path) -> None:
    """Without a commit map nothing is known, so the CVE must not claim ``unaffected``."""
    cve = osv_to_cve(load_advisory(fixtures / "osv-cpython-git.json"), CPYTHON_CATALOG)
    assert cve.containers.cna.affected is not None
    (product,) = cve.containers.cna.affected
    assert product.default_status is Status.UNKNOWN
    assert product.versions is None


def test_osv_to_cve_for_pip_and_metrics(toy: Catalog) -> None:
    """A PyPI package keeps its name; CVSS vectors become CVE metrics by version."""
    record = OsvRecord(
        id="CVE-2099-0009",
        modified="2099-01-01T00:00:00Z",
        affected=(
            OsvAffected(
                package=Package("PyPI", "example"),
                ranges=(_range((INTRO, "1.1.0"), (FIX, "2.0.0b1")),),
            ),
        ),
        severity=(
            SeverityScore(SeverityType.CVSS_V3, "CVSS:3.0/AV:N"),
            SeverityScore(SeverityType.CVSS_V3, "CVSS:3.1/AV:L"),
            SeverityScore(SeverityType.CVSS_V2, "AV:N/AC:L"),
            SeverityScore(SeverityType.CVSS_V4, "CVSS:4.0/AV:N"),
            SeverityScore(SeverityType.UBUNTU, "high"),
        ),
    )
    cve = osv_to_cve(Advisory(record), toy)
    assert cve.cve_metadata.cve_id == "CVE-2099-0009"
    cna = cve.containers.cna
    assert cna.affected is not None
    assert cna.affected[0].package_name == "example"
    assert cna.affected[0].versions == (
        CveVersion(
            version="1.1.0", less_than="2.0.0a1", status=Status.AFFECTED, version_type="python"
        ),
        CveVersion(
            version="2.0.0a1", less_than="2.0.0b1", status=Status.AFFECTED, version_type="python"
        ),
    )
    assert cna.metrics is not None
    assert [m.to_dict() for m in cna.metrics] == [
        {"cvssV3_0": {"version": "3.0", "vectorString": "CVSS:3.0/AV:N"}},
        {"cvssV3_1": {"version": "3.1", "vectorString": "CVSS:3.1/AV:L"}},
        {"cvssV2_0": {"version": "2.0", "vectorString": "AV:N/AC:L"}},
        {"cvssV4_0": {"version": "4.0", "vectorString": "CVSS:4.0/AV:N"}},
    ]


def test_osv_to_cve_needs_a_cve_id() -> None:
    """Without a CVE id among id and aliases there is nothing to write."""
    record = OsvRecord(id="PYSEC-2099-1", modified="2099-01-01T00:00:00Z", aliases=("GHSA-x",))
    with pytest.raises(InvalidRecordError) as info:
        osv_to_cve(Advisory(record), None)
    assert str(info.value) == "$.aliases: no CVE id among the id and aliases (got ['GHSA-x'])"


def test_timestamps_become_rfc3339_utc() -> None:
    """CVE 5 timestamps may lack a zone (GMT assumed); OSV wants UTC with ``Z``."""
    assert _osv_timestamp("2024-09-03T12:29:00.102Z") == "2024-09-03T12:29:00.102Z"
    assert _osv_timestamp("2024-09-03T12:29:00") == "2024-09-03T12:29:00Z"
    assert _osv_timestamp("2024-09-03T14:29:00+02:00") == "2024-09-03T12:29:00Z"
    assert _osv_timestamp(None) is None


def _pool_catalog() -> Catalog:
    """A catalog over the strategies' version pool, so conversions meet every edge."""
    from psrt_core.versions import Branch, BranchStatus, Release

    texts = ["0a1", "0.5", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.1", "1.2"]
    texts += ["1.9", "1.10", "2.0.dev0", "2.0rc1", "2.0", "2.1", "3.1.1", "9.9"]
    versions = sorted(Version(text) for text in texts)
    releases = [Release(v) for v in versions]
    names = sorted({r.branch for r in releases}, key=lambda n: tuple(map(int, n.split("."))))
    return Catalog("example", releases, [Branch(name, BranchStatus.BUGFIX) for name in names])


POOL_CATALOG = _pool_catalog()


def _statuses(advisory: Advisory) -> list[Status]:
    evaluation = advisory.evaluate()
    return [evaluation.status(release) for release in POOL_CATALOG.released()]


@given(cve_products())
def test_cve_to_osv_keeps_the_affected_releases(product: CveProduct) -> None:
    """Converting CVE -> OSV keeps every affected release of the catalog affected, and the
    rest unaffected except an exclusive lower end of an affected interval: OSV has no
    exclusive ``introduced``, and the one convention takes such an end in rather than leave
    the affected versions above it out (the old builder dropped the whole interval)."""
    cve = Advisory(
        CveRecord(
            data_type="CVE_RECORD",
            data_version="5.1",
            cve_metadata=CveMetadata(cve_id="CVE-2099-0001", state="PUBLISHED"),
            containers=CveContainers(cna=CnaContainer(affected=(product,))),
        )
    )
    osv = Advisory(cve_to_osv(cve, POOL_CATALOG))
    taken_in = {
        item.lower
        for item in cve.evaluate().affected.intervals()
        if item.lower is not None and not item.lower_inclusive
    }
    expected = [
        s is Status.AFFECTED or release.version in taken_in
        for s, release in zip(_statuses(cve), POOL_CATALOG.released(), strict=True)
    ]
    assert [s is Status.AFFECTED for s in _statuses(osv)] == expected


@given(osv_affected())
def test_osv_to_cve_keeps_every_status(entry: OsvAffected) -> None:
    """Converting OSV -> CVE keeps affected releases affected and the rest unaffected."""
    record = OsvRecord(id="CVE-2099-0002", modified="2099-01-01T00:00:00Z", affected=(entry,))
    osv = Advisory(record)
    cve = Advisory(osv_to_cve(osv, POOL_CATALOG))
    assert _statuses(cve) == _statuses(osv)


#: Versions above or between the pool catalog's releases: releases still to come.
BEYOND = ["1.0.2", "1.2.1", "1.9.1", "2.0.1", "2.2", "3.1.2", "9.9.1", "9.10", "10.0", "100.0"]


def test_osv_to_cve_keeps_an_open_ended_record_open(fixtures: Path) -> None:
    """CVE JSON 5 › versions (range-semantics §2.3): ``lessThan: "*"`` is unbounded above.

    An unfixed OSV range (``introduced: 25.0``, no ``fixed``) affects every later pip
    release; the CVE must not stop at the catalog's last release, or ``defaultStatus:
    unaffected`` would clear 26.4 and 27.0 (review reproducer ``open.json``).
    """
    osv = load_advisory(fixtures / "osv-open-ended.json")
    cve = osv_to_cve(osv, PIP_CATALOG)
    (product,) = cve.containers.cna.affected or ()
    assert product.versions == (
        CveVersion(version="25.0", less_than="26.0", status=Status.AFFECTED, version_type="python"),
        CveVersion(version="26.0", less_than="*", status=Status.AFFECTED, version_type="python"),
    )
    assert product.default_status is Status.UNAFFECTED
    reloaded = advisory_from_dict(advisory_to_dict(cve))
    for version in ["24.3.1", "25.0", "26.3", "26.4", "27.0", "100.0"]:
        assert reloaded.status(version) is osv.status(version), version


def test_osv_to_cve_past_the_catalog_with_bounded_ranges(toy: Catalog) -> None:
    """CVE JSON 5 › versions: a branch's last run ends where the affected interval does.

    ``last_affected: 1.0.2`` keeps 1.0.3 unaffected (inclusive end, not the next branch), and
    ``[5.0, 6.0)`` above the whole catalog, where no release lies, still gets its range.
    """
    record = OsvRecord(
        id="CVE-2099-0010",
        modified="2099-01-01T00:00:00Z",
        affected=(
            OsvAffected(
                package=Package("PyPI", "example"),
                ranges=(
                    _range((INTRO, "1.0.1"), (LAST, "1.0.2")),
                    _range((INTRO, "2.0.0"), (FIX, "2.5"), (INTRO, "5.0"), (FIX, "6.0")),
                ),
            ),
        ),
    )
    osv = Advisory(record)
    cve = osv_to_cve(osv, toy)
    (product,) = cve.containers.cna.affected or ()
    assert product.versions == (
        CveVersion(
            version="1.0.1",
            less_than_or_equal="1.0.2",
            status=Status.AFFECTED,
            version_type="python",
        ),
        CveVersion(version="2.0.0", less_than="2.5", status=Status.AFFECTED, version_type="python"),
        CveVersion(version="5.0", less_than="6.0", status=Status.AFFECTED, version_type="python"),
    )
    for version in ["1.0.3", "2.0.1", "2.4", "2.5", "5.0", "5.9", "6.0"]:
        assert Advisory(cve).status(version) is osv.status(version), version


@given(osv_affected())
def test_osv_to_cve_keeps_every_status_past_the_catalog(entry: OsvAffected) -> None:
    """CVE JSON 5 › versions vs OSV schema 1.7 › Evaluation: same status beyond the catalog.

    The converted (and reloaded) CVE gives every catalog release and every version still to
    come (next micro, minor and major releases) the status the OSV record gives it.
    """
    record = OsvRecord(id="CVE-2099-0002", modified="2099-01-01T00:00:00Z", affected=(entry,))
    osv = Advisory(record)
    cve = advisory_from_dict(advisory_to_dict(osv_to_cve(osv, POOL_CATALOG)))
    versions = [release.version for release in POOL_CATALOG.released()] + BEYOND
    assert [cve.status(v) for v in versions] == [osv.status(v) for v in versions]


def test_osv_to_cve_for_pip_names_the_vendor_and_always_describes(fixtures: Path) -> None:
    """range-semantics §2.2: the PSF CNA's pip records name vendor "Python Packaging
    Authority"; CVE JSON 5 › descriptions: a CNA container needs a non-empty description,
    so a record without details or summary gets one saying so (it used to be "")."""
    cve = osv_to_cve(load_advisory(fixtures / "osv-open-ended.json"), PIP_CATALOG)
    (product,) = cve.containers.cna.affected or ()
    assert (product.vendor, product.product, product.package_name) == (
        "Pip maintainers",
        "pip",
        "pip",
    )
    assert [d.value for d in cve.containers.cna.descriptions or ()] == [
        "A vulnerability in pip (from PYSEC-X, which has no description)."
    ]


def test_cve_to_osv_short_commit_hashes(fixtures: Path) -> None:
    """OSV schema 1.7 › ranges: GIT events are full commit hashes. A 20-39 hex hash in a patch
    URL becomes a ``fixed`` event only when the commit map expands it to exactly one commit;
    otherwise it stays a FIX reference with no event (it used to become a short ``fixed``)."""
    document = json.loads((fixtures / "cve-cpython.json").read_text(encoding="utf-8"))
    short = "2" * 24
    document["containers"]["cna"]["references"] = [
        {"url": f"https://github.com/python/cpython/commit/{short}", "tags": ["patch"]},
        {"url": f"https://github.com/python/cpython/commit/{'3' * 20}", "tags": ["patch"]},
    ]
    advisory = advisory_from_dict(document)
    commit_map = CommitMap.of({"2" * 40: ["3.12.4"], "3" * 20 + "4" * 20: ["3.12.5"]})
    plain = cve_to_osv(advisory, CPYTHON_CATALOG)
    expanded = cve_to_osv(advisory, CPYTHON_CATALOG, commit_map=commit_map)
    for osv, fixes in ((plain, []), (expanded, ["2" * 40, "3" * 20 + "4" * 20])):
        (git,) = (osv.affected or ())[0].ranges or ()
        assert [(e.kind, e.value) for e in git.events] == [(INTRO, "0")] + [
            (FIX, sha) for sha in fixes
        ]
        assert [r.type for r in osv.references or ()] == [ReferenceType.FIX] * 2


def test_osv_to_cve_stops_before_an_unknown_release(toy: Catalog) -> None:
    """CVE JSON 5 › versions: with part of the record unknown (a SEMVER range cannot be
    ordered as PEP 440), the entry says exactly the affected interval (``lessThan`` the fix:
    the old builder stopped ``lessThanOrEqual: 1.0.1`` and so left 1.0.1.post1 out although
    the record marks it affected), and ``defaultStatus`` is ``unknown``, so nothing unknown is
    written unaffected."""
    record = OsvRecord(
        id="CVE-2099-0011",
        modified="2099-01-01T00:00:00Z",
        affected=(
            OsvAffected(
                package=Package("PyPI", "example"),
                ranges=(
                    _range((INTRO, "1.0.0"), (FIX, "1.0.2")),
                    _range((INTRO, "0"), kind=RangeType.SEMVER),
                ),
            ),
        ),
    )
    osv = Advisory(record)
    (product,) = osv_to_cve(osv, toy).containers.cna.affected or ()
    assert product.versions == (
        CveVersion(
            version="1.0.0",
            less_than="1.0.2",
            status=Status.AFFECTED,
            version_type="python",
        ),
    )
    assert product.default_status is Status.UNKNOWN


def test_timestamps_read_by_the_one_parser() -> None:
    """Review D: `_osv_timestamp` reads through `parse_datetime`, so a 5-digit fraction (which
    Python 3.10's ``fromisoformat`` refuses) converts on every Python, and a stamp that is not
    RFC 3339 is an `InvalidRecordError` naming its JSON path, not a bare ValueError."""
    assert _osv_timestamp("2024-09-03T12:29:00.12345Z") == "2024-09-03T12:29:00.12345Z"
    with pytest.raises(InvalidRecordError) as caught:
        _osv_timestamp("2024-09-03T12:29:00+0000", where="$.cveMetadata.dateUpdated", source="X")
    assert caught.value.problems[0].location == "$.cveMetadata.dateUpdated"
    assert caught.value.problems[0].value == "2024-09-03T12:29:00+0000"
    assert str(caught.value).startswith("X: $.cveMetadata.dateUpdated: not an RFC 3339 timestamp")


def test_cve_to_osv_names_the_bad_date_updated(fixtures: Path) -> None:
    """Review D: a CVE record built in code with a bad ``dateUpdated`` fails with its path."""
    advisory = load_advisory(fixtures / "cve-cpython.json")
    record = advisory.record
    assert isinstance(record, CveRecord)
    bad = attrs.evolve(record.cve_metadata, date_updated="last Tuesday")
    broken = Advisory(attrs.evolve(record, cve_metadata=bad))
    with pytest.raises(InvalidRecordError) as caught:
        cve_to_osv(broken, None)
    assert caught.value.problems[0].location == "$.cveMetadata.dateUpdated"
    assert caught.value.problems[0].value == "last Tuesday"
