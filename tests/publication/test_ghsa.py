"""GHSA input: GitHub's repository advisory REST shape, read losslessly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psrt_core.advisories import CreditType, GhsaCreditType, GhsaState, parse_role
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import ghsa_from_dict, ghsa_to_dict, load_ghsa

EXAMPLES = (
    "openapi-example-repository-advisory.json",
    "openapi-example-repository-advisory-pvr.json",
)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_round_trip_losslessly(ghsa_dir: Path, name: str) -> None:
    """Issue 10 item 1: unknown keys (author, cvss_severities, private_fork) and explicit
    nulls survive a load and dump."""
    document = json.loads((ghsa_dir / name).read_text(encoding="utf-8"))["value"]
    assert ghsa_to_dict(ghsa_from_dict(document)) == document


def test_published_example_fields(ghsa_dir: Path) -> None:
    advisory = load_ghsa(ghsa_dir / EXAMPLES[0])
    assert advisory.ghsa_id == "GHSA-abcd-1234-efgh"
    assert advisory.cve_id == "CVE-2050-00000"
    assert advisory.state is GhsaState.PUBLISHED
    assert advisory.cwe_ids == ("CWE-123",)
    assert advisory.product == "a-package"  # the first pip-ecosystem package
    assert advisory.repository == "https://github.com/repo/a-package"
    (credit,) = advisory.credits_detailed or ()
    assert (credit.user.login, credit.type.role, credit.state.value) == (
        "octocat",
        CreditType.ANALYST,
        "accepted",
    )


def test_triage_example_is_not_public_and_names_no_python_product(ghsa_dir: Path) -> None:
    advisory = load_ghsa(ghsa_dir / EXAMPLES[1])
    assert advisory.state is GhsaState.TRIAGE
    assert not advisory.is_public
    assert advisory.product is None  # an npm package, not python/cpython


def test_cpython_repository_is_cpython() -> None:
    advisory = ghsa_from_dict(
        {
            "ghsa_id": "GHSA-xxxx-xxxx-xxxx",
            "state": "draft",
            "summary": "s",
            "html_url": "https://github.com/python/cpython/security/advisories/GHSA-xxxx-xxxx-xxxx",
        }
    )
    assert advisory.product == "cpython"


def test_bad_values_are_reported_with_their_paths() -> None:
    """Bad outside data raises InvalidRecordError with the JSON path and value."""
    with pytest.raises(InvalidRecordError) as info:
        ghsa_from_dict(
            {
                "ghsa_id": "GHSA-1",
                "state": "public",
                "summary": "s",
                "credits_detailed": [
                    {"user": {"login": "a"}, "type": "fixer", "state": "accepted"}
                ],
                "published_at": "yesterday",
            }
        )
    rendered = [str(problem) for problem in info.value.problems]
    assert rendered == [
        "$.state: expected one of published, closed, withdrawn, draft, triage (got 'public')",
        "$.credits_detailed[0].type: expected one of analyst, finder, reporter, coordinator, "
        "remediation_developer, remediation_reviewer, remediation_verifier, tool, sponsor, "
        "other (got 'fixer')",
        "$.published_at: not an RFC 3339 timestamp (got 'yesterday')",
    ]


@pytest.mark.parametrize("role", list(CreditType))
def test_three_vocabularies_map_exactly(role: CreditType) -> None:
    """range-semantics §2.4: GHSA ``remediation_developer`` = CVE ``remediation developer`` =
    OSV ``REMEDIATION_DEVELOPER``, for all ten roles."""
    ghsa = GhsaCreditType.of(role)
    assert ghsa.role is role
    assert ghsa.value == role.cve.replace(" ", "_") == role.value.lower()
    assert parse_role(ghsa.value) is parse_role(role.cve) is parse_role(role.value) is role


def test_ten_roles() -> None:
    assert len(GhsaCreditType) == len(CreditType) == 10
    with pytest.raises(ValueError, match="Remediation developer"):
        parse_role("Remediation developer")
