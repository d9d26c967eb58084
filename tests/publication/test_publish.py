"""Records out: schema-valid CVE JSON 5 and OSV records from a GHSA and its fixes."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psrt_core.exceptions import EmbargoError, InvalidInputError, Problem
from psrt_core.publication import Publication, check_cve_record, check_osv_record
from psrt_core.ranges import ranges_from_fixes
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    cpython_releases,
    ghsa_from_dict,
    load_ghsa,
    pip_releases,
)
from psrt_core.versions import CPYTHON
from tests.publication.conftest import schema_errors

EMBARGO_MARK = "x_psrt_embargoed"  # the CNA container's mark (docs/reference/publication.md)

SHA = "4eaf4891c12589e3c7bdad5f5b076e4c8392dd06"
FIXES_6232 = ("3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2")


def _cpython_ghsa(**changes: Any) -> Any:
    document = {
        "ghsa_id": "GHSA-aaaa-bbbb-cccc",
        "cve_id": "CVE-2024-6232",
        "state": "published",
        "summary": "Regular-expression DoS when parsing TarFile headers",
        "description": "ReDoS in tarfile header parsing.",
        "html_url": "https://github.com/python/cpython/security/advisories/GHSA-aaaa-bbbb-cccc",
        "created_at": "2024-06-20T10:00:00Z",
        "updated_at": "2024-09-04T10:00:00Z",
        "published_at": "2024-09-03T12:29:00Z",
        "cwe_ids": ["CWE-1333"],
        "credits_detailed": [
            {"user": {"login": "sethmlarson"}, "type": "coordinator", "state": "accepted"}
        ],
    }
    document.update(changes)
    return ghsa_from_dict(document)


def _valid(
    cve_schema: Any, osv_schema: Any, publication: Publication
) -> tuple[dict[str, Any], dict[str, Any]]:
    cve = advisory_to_dict(publication.cve())
    osv = advisory_to_dict(publication.osv())
    assert schema_errors(cve_schema, cve) == []
    assert schema_errors(osv_schema, osv) == []
    assert check_cve_record(cve) == ()
    assert check_osv_record(osv) == ()
    return cve, osv


def test_cpython_records_carry_everything(cve_schema: Any, osv_schema: Any) -> None:
    """Issue 10 item 3 with CVE-2024-6232's facts: per-branch versions (pre-releases of every
    branch included), credits, CWE, GIT range from the fix commit, enumerated versions."""
    publication = Publication(
        ghsa=_cpython_ghsa(),
        catalog=cpython_releases(),
        fixed_in=FIXES_6232,
        fix_commits=(SHA,),
        roster={"sethmlarson": "Seth Larson"},
    )
    cve, osv = _valid(cve_schema, osv_schema, publication)
    cna = cve["containers"]["cna"]
    assert cna["affected"][0]["vendor"] == "Python Software Foundation"
    assert cna["affected"][0]["product"] == "CPython"
    assert cna["affected"][0]["repo"] == "https://github.com/python/cpython"
    assert [(v["version"], v["lessThan"]) for v in cna["affected"][0]["versions"]] == [
        ("0", "3.8.20"),
        ("3.9.0a1", "3.9.20"),
        ("3.10.0a1", "3.10.15"),
        ("3.11.0a1", "3.11.10"),
        ("3.12.0a1", "3.12.6"),
        ("3.13.0a1", "3.13.0rc2"),
    ]
    assert cna["credits"] == [{"lang": "en", "value": "Seth Larson", "type": "coordinator"}]
    assert cna["problemTypes"][0]["descriptions"][0]["cweId"] == "CWE-1333"
    assert cna["title"] == "Regular-expression DoS when parsing TarFile headers"
    assert cna["datePublic"] == "2024-09-03T12:29:00Z"
    assert EMBARGO_MARK not in cna
    assert {"url": f"https://github.com/python/cpython/commit/{SHA}", "tags": ["patch"]} in cna[
        "references"
    ]
    assert osv["aliases"] == ["CVE-2024-6232", "GHSA-aaaa-bbbb-cccc"]
    assert osv["database_specific"] == {"cwe_ids": ["CWE-1333"]}
    assert osv["credits"] == [{"name": "Seth Larson", "type": "COORDINATOR"}]
    assert osv["affected"][0]["ranges"] == [
        {
            "type": "GIT",
            "repo": "https://github.com/python/cpython",
            "events": [{"introduced": "0"}, {"fixed": SHA}],
        }
    ]
    assert "3.13.0rc1" in osv["affected"][0]["versions"]
    assert "3.13.0rc2" not in osv["affected"][0]["versions"]


def test_pip_records(cve_schema: Any, osv_schema: Any) -> None:
    """A pip-ecosystem GHSA gives a PyPI package, ECOSYSTEM ranges and pip's vendor."""
    ghsa = _cpython_ghsa(
        html_url="https://github.com/pypa/pip/security/advisories/GHSA-aaaa-bbbb-cccc",
        vulnerabilities=[{"package": {"ecosystem": "pip", "name": "pip"}}],
    )
    cve, osv = _valid(
        cve_schema, osv_schema, Publication(ghsa=ghsa, catalog=pip_releases(), fixed_in=("23.3",))
    )
    product = cve["containers"]["cna"]["affected"][0]
    assert (product["vendor"], product["product"], product["packageName"], product["repo"]) == (
        "Pip maintainers",
        "pip",
        "pip",
        "https://github.com/pypa/pip",
    )
    assert product["versions"] == [
        {"version": "0", "status": "affected", "versionType": "python", "lessThan": "23.3"}
    ]
    assert osv["affected"][0]["package"] == {"ecosystem": "PyPI", "name": "pip"}
    assert osv["affected"][0]["ranges"] == [
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "23.3"}]}
    ]


def test_github_examples_give_valid_records(
    ghsa_dir: Path, cve_schema: Any, osv_schema: Any
) -> None:
    """The published example gives valid records; the triage one only with embargoed."""
    published = load_ghsa(ghsa_dir / "openapi-example-repository-advisory.json")
    _valid(
        cve_schema,
        osv_schema,
        Publication(
            ghsa=published, catalog=cpython_releases(), fixed_in=("3.12.6",), product=CPYTHON
        ),
    )
    triage = load_ghsa(ghsa_dir / "openapi-example-repository-advisory-pvr.json")
    refused = Publication(
        ghsa=triage, catalog=cpython_releases(), fixed_in=("3.12.6",), product=CPYTHON
    )
    with pytest.raises(EmbargoError, match="GHSA-abcd-1234-efgh is in state triage, not published"):
        refused.cve()
    with pytest.raises(EmbargoError):
        refused.osv()
    cve, osv = _valid(
        cve_schema,
        osv_schema,
        Publication(
            ghsa=triage,
            catalog=cpython_releases(),
            fixed_in=("3.12.6",),
            product=CPYTHON,
            embargoed=True,
        ),
    )
    assert cve["containers"]["cna"][EMBARGO_MARK] is True
    assert "datePublic" not in cve["containers"]["cna"]
    assert "datePublished" not in cve["cveMetadata"]
    assert osv["database_specific"]["embargoed"] is True
    assert "published" not in osv


def test_disclosure_after_on_is_refused() -> None:
    """Issue 10 item 6: nothing is emitted before its disclosure date."""
    publication = Publication(
        ghsa=_cpython_ghsa(),
        catalog=cpython_releases(),
        fixed_in=("3.12.6",),
        on=datetime.date(2024, 9, 2),
    )
    with pytest.raises(EmbargoError, match="published only on 2024-09-03, after 2024-09-02"):
        publication.cve()
    on_the_day = Publication(
        ghsa=_cpython_ghsa(),
        catalog=cpython_releases(),
        fixed_in=("3.12.6",),
        on=datetime.date(2024, 9, 3),
    )
    assert on_the_day.cve().cve_metadata.cve_id == "CVE-2024-6232"


def test_bad_commits_and_unknown_product_are_reported() -> None:
    ghsa = _cpython_ghsa(html_url=None)
    publication = Publication(
        ghsa=ghsa, catalog=cpython_releases(), fixed_in=("3.12.6",), fix_commits=("abc",)
    )
    with pytest.raises(InvalidInputError) as info:
        publication.cve()
    assert [str(p) for p in info.value.problems] == [
        "fix_commits[0]: is not a full 40-hex commit hash (got 'abc')",
        "$.vulnerabilities: names neither a pip package nor CPython",
    ]


@pytest.mark.parametrize(
    "bad", ["CWE-0", "CWE-012", "CWE-123456", "cwe-79", "CWE-79\n", "CWE-", "79", "CWE-7a"]
)
def test_a_malformed_cwe_id_is_refused(bad: str) -> None:
    """CVE JSON 5.1 problemTypes › descriptions › cweId: pattern ``^CWE-[1-9][0-9]*$``,
    5 to 9 characters. A stranger's GHSA with another spelling would give a record CVE
    Services reject, so no record is built and the problem names the GHSA field."""
    publication = Publication(
        ghsa=_cpython_ghsa(cwe_ids=["CWE-1333", bad]),
        catalog=cpython_releases(),
        fixed_in=("3.12.6",),
    )
    with pytest.raises(InvalidInputError) as info:
        publication.cve()
    assert [str(p) for p in info.value.problems] == [
        f"$.cwe_ids[1]: is not a CWE id (CWE-<number>, at most 9 characters) (got {bad!r})"
    ]


@pytest.mark.parametrize("good", ["CWE-1", "CWE-79", "CWE-99999"])
def test_well_formed_cwe_ids_pass(cve_schema: Any, osv_schema: Any, good: str) -> None:
    """The boundaries of the cweId pattern: one digit, and the longest id (9 characters)."""
    publication = Publication(
        ghsa=_cpython_ghsa(cwe_ids=[good]), catalog=cpython_releases(), fixed_in=("3.12.6",)
    )
    cve, _ = _valid(cve_schema, osv_schema, publication)
    described = cve["containers"]["cna"]["problemTypes"][0]["descriptions"][0]
    assert described["cweId"] == good


def test_check_cve_record_reports_a_bad_cwe_id() -> None:
    """check_cve_record enforces the cweId pattern of CVE JSON 5.1 without a schema file."""
    publication = Publication(
        ghsa=_cpython_ghsa(), catalog=cpython_releases(), fixed_in=("3.12.6",)
    )
    cve = advisory_to_dict(publication.cve())
    descriptions = cve["containers"]["cna"]["problemTypes"][0]["descriptions"]
    descriptions[0]["cweId"] = "CWE-01"
    descriptions.append({"lang": "en", "description": "x", "cweId": 79})
    assert [str(p) for p in check_cve_record(cve)] == [
        "$.containers.cna.problemTypes[0].descriptions[0].cweId: "
        "is not a CWE id (CWE-<number>) (got 'CWE-01')",
        "$.containers.cna.problemTypes[0].descriptions[1].cweId: "
        "is not a CWE id (CWE-<number>) (got 79)",
    ]


def test_no_cve_id_no_cve_record() -> None:
    publication = Publication(
        ghsa=_cpython_ghsa(cve_id=None), catalog=cpython_releases(), fixed_in=("3.12.6",)
    )
    with pytest.raises(InvalidInputError, match=r"\$.cve_id: no CVE id reserved yet"):
        publication.cve()
    assert advisory_to_dict(publication.osv())["id"] == "GHSA-aaaa-bbbb-cccc"


def test_checks_report_missing_required_fields() -> None:
    """CVE JSON 5.1 cnaPublishedContainer and OSV required fields, without a schema file."""
    assert check_cve_record(
        {
            "dataType": "CVE_RECORD",
            "cveMetadata": {"cveId": "CVE-1"},
            "containers": {
                "cna": {
                    "affected": [{"vendor": "v", "versions": [{"version": "1", "lessThan": "2"}]}],
                    "references": [],
                }
            },
        }
    ) == (
        Problem("$.dataVersion", "is required"),
        Problem("$.cveMetadata.assignerOrgId", "is required"),
        Problem("$.cveMetadata.state", "is required"),
        Problem("$.containers.cna.providerMetadata", "is required"),
        Problem("$.containers.cna.descriptions", "is required"),
        Problem("$.containers.cna.references", "must not be empty", []),
        Problem(
            "$.containers.cna.affected[0]",
            "needs vendor and product, or collectionURL and packageName",
        ),
        Problem("$.containers.cna.affected[0].versions[0].status", "is required"),
        Problem("$.containers.cna.affected[0].versions[0].versionType", "is required in a range"),
    )
    assert check_osv_record(
        {
            "id": "X",
            "affected": [
                {"package": {"ecosystem": "PyPI"}, "ranges": [{"type": "GIT", "events": []}]}
            ],
            "credits": [{}],
        }
    ) == (
        Problem("$.modified", "is required"),
        Problem("$.affected[0].package.name", "is required"),
        Problem("$.affected[0].ranges[0].events", "must not be empty", []),
        Problem("$.affected[0].ranges[0].repo", "is required in a GIT range"),
        Problem("$.credits[0].name", "is required"),
    )


BRANCHES = ("3.9", "3.10", "3.11", "3.12", "3.13")


@st.composite
def cpython_fixes(draw: st.DrawFn) -> tuple[str, ...]:
    catalog = cpython_releases()
    chosen = draw(st.lists(st.sampled_from(BRANCHES), min_size=1, max_size=5, unique=True))
    fixes = []
    for branch in chosen:
        releases = [r for r in catalog.releases_of(branch) if not r.scheduled]
        fixes.append(str(draw(st.sampled_from(releases[1:])).version))
    return tuple(fixes)


@settings(max_examples=15)
@given(cpython_fixes())
def test_records_validate_and_evaluate_to_what_the_fixes_imply(fixes: tuple[str, ...]) -> None:
    """Issue 10, tests: every emitted record validates and evaluates, through the advisory
    evaluator, to exactly the releases the fixes imply over the catalog."""
    catalog = cpython_releases()
    expected = catalog.select(ranges_from_fixes(catalog, fixes).affected)
    publication = Publication(
        ghsa=_cpython_ghsa(), catalog=catalog, fixed_in=fixes, fix_commits=(SHA,)
    )
    for record in (publication.cve(), publication.osv()):
        document = advisory_to_dict(record)
        assert (check_cve_record if "cveMetadata" in document else check_osv_record)(document) == ()
        assert advisory_from_dict(document).affected_versions(catalog) == expected


@settings(max_examples=5)
@given(cpython_fixes())
def test_records_validate_against_the_official_schemas(fixes: tuple[str, ...]) -> None:
    """Both records validate against CVE JSON 5.1 and OSV whatever the fixes."""
    validators = _schemas()
    publication = Publication(
        ghsa=_cpython_ghsa(), catalog=cpython_releases(), fixed_in=fixes, fix_commits=(SHA,)
    )
    assert schema_errors(validators[0], advisory_to_dict(publication.cve())) == []
    assert schema_errors(validators[1], advisory_to_dict(publication.osv())) == []


def _schemas() -> tuple[Any, Any]:
    from tests.publication.conftest import _validator

    return _validator("cve-5.1.0-bundled.json"), _validator("osv-schema.json")


def _pypi_ghsa(**changes: Any) -> Any:
    """A published GHSA about a PyPI package psrt-core has no `Product` for."""
    document = {
        "ghsa_id": "GHSA-dddd-eeee-ffff",
        "cve_id": "CVE-2099-0001",
        "state": "published",
        "summary": "s",
        "published_at": "2024-09-03T12:29:00Z",
        "vulnerabilities": [{"package": {"ecosystem": "pip", "name": "requests"}}],
    }
    document.update(changes)
    return ghsa_from_dict(document)


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0.0, "NONE"),
        (0.1, "LOW"),
        (3.9, "LOW"),
        (4.0, "MEDIUM"),
        (6.9, "MEDIUM"),
        (7.0, "HIGH"),
        (8.9, "HIGH"),
        (9.0, "CRITICAL"),
    ],
)
def test_cvss_base_severity_follows_the_qualitative_scale(score: float, rating: str) -> None:
    """CVSS v4.0 › qualitative severity rating scale: each band's boundaries, both sides."""
    cvss = {"cvss_v4": {"vector_string": "CVSS:4.0/AV:N/AC:L", "score": score}}
    publication = Publication(
        ghsa=_pypi_ghsa(cvss_severities=cvss), catalog=pip_releases(), fixed_in=("23.3",)
    )
    metrics = advisory_to_dict(publication.cve())["containers"]["cna"]["metrics"]
    assert metrics == [
        {
            "cvssV4_0": {
                "version": "4.0",
                "vectorString": "CVSS:4.0/AV:N/AC:L",
                "baseScore": score,
                "baseSeverity": rating,
            }
        }
    ]


def test_a_vector_of_another_cvss_version_is_not_copied() -> None:
    """CVE JSON 5.1 › metrics: ``cvssV3_1`` takes only a ``CVSS:3.1/`` vector, not a 3.0 one."""
    cvss = {"cvss_v3": {"vector_string": "CVSS:3.0/AV:N", "score": 5.0}}
    publication = Publication(
        ghsa=_pypi_ghsa(cvss_severities=cvss), catalog=pip_releases(), fixed_in=("23.3",)
    )
    assert "metrics" not in advisory_to_dict(publication.cve())["containers"]["cna"]
    assert "severity" not in advisory_to_dict(publication.osv())


def test_cwe_names_come_only_from_well_formed_entries() -> None:
    """A GHSA ``cwes`` item gives its name only when it is an object with string id and name."""
    cwes = [{"cwe_id": "CWE-20", "name": "Improper Input Validation"}, "junk", {"cwe_id": "CWE-1"}]
    ghsa = _pypi_ghsa(cwes=cwes, cwe_ids=["CWE-20", "CWE-1"])
    publication = Publication(ghsa=ghsa, catalog=pip_releases(), fixed_in=("23.3",))
    problem_types = advisory_to_dict(publication.cve())["containers"]["cna"]["problemTypes"]
    assert [p["descriptions"][0]["description"] for p in problem_types] == [
        "CWE-20 Improper Input Validation",
        "CWE-1",
    ]


def test_an_unknown_pypi_package_is_named_as_the_ghsa_names_it() -> None:
    """No `Product` for the package: the records name the PyPI package the GHSA shows.

    Without an advisory URL nor fix commits, neither record gets an advisory reference.
    """
    publication = Publication(ghsa=_pypi_ghsa(), catalog=pip_releases(), fixed_in=("23.3",))
    assert (publication.target, publication.product_name) == ("requests", "requests")
    osv = advisory_to_dict(publication.osv())
    assert osv["affected"][0]["package"] == {"ecosystem": "PyPI", "name": "requests"}
    assert "references" not in osv
    assert "references" not in advisory_to_dict(publication.cve())["containers"]["cna"]


def test_a_known_product_is_named_by_its_product_name() -> None:
    """`Publication.product_name`: CPython's records say ``cpython``; nothing known, ``None``."""
    known = Publication(ghsa=_cpython_ghsa(), catalog=cpython_releases(), fixed_in=("3.12.6",))
    assert known.product_name == "cpython"
    unknown = Publication(
        ghsa=_cpython_ghsa(html_url=None), catalog=cpython_releases(), fixed_in=("3.12.6",)
    )
    assert (unknown.target, unknown.product_name) == (None, None)


def test_checks_report_wrong_shapes() -> None:
    """CVE JSON 5.1 shapes: arrays of objects; a product needs versions or a defaultStatus."""
    assert check_cve_record(
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": "not an object",
            "containers": {
                "cna": {
                    "providerMetadata": {"orgId": "x"},
                    "descriptions": [{"lang": "en", "value": "d"}],
                    "references": [{"url": "https://example.invalid"}],
                    "affected": [{"vendor": "v", "product": "p", "versions": "1.0"}, "p2"],
                }
            },
        }
    ) == (
        Problem("$.cveMetadata", "must be an object", "not an object"),
        Problem("$.containers.cna.affected[1]", "must be an object", "p2"),
        Problem("$.containers.cna.affected[0].versions", "must be an array", "1.0"),
    )
    assert check_cve_record(
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": {"cveId": "CVE-1", "assignerOrgId": "o", "state": "PUBLISHED"},
            "containers": {
                "cna": {
                    "providerMetadata": {"orgId": "x"},
                    "descriptions": [{"lang": "en", "value": "d"}],
                    "references": [{"url": "https://example.invalid"}],
                    "affected": [{"vendor": "v", "product": "p"}],
                }
            },
        }
    ) == (Problem("$.containers.cna.affected[0]", "needs versions or defaultStatus"),)


@pytest.mark.parametrize(
    ("containers", "problems"),
    [
        ({}, (Problem("$.containers.cna", "is required"),)),
        ({"cna": []}, (Problem("$.containers.cna", "must be an object", []),)),
        ("not an object", (Problem("$.containers", "must be an object", "not an object"),)),
    ],
)
def test_checks_without_a_cna_container(containers: object, problems: tuple[Problem, ...]) -> None:
    """CVE JSON 5.1 › containers.cna is a required object; without one the walk stops there."""
    document = {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-1", "assignerOrgId": "o", "state": "PUBLISHED"},
        "containers": containers,
    }
    assert check_cve_record(document) == problems
