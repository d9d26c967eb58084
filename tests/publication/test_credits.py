"""The credit ledger: several roles per person, only accepted credits, rosters, round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psrt_core.advisories import (
    CreditEntry,
    CreditLedger,
    CreditSource,
    CreditState,
    CreditType,
    CveCredit,
    GhsaCreditType,
    OsvRecord,
    Publication,
    cve_to_osv,
)
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    cpython_releases,
    ghsa_from_dict,
)

LOGINS = ("sethmlarson", "gpshead", "encukou", "Reporter1", "serhiy-storchaka")
ROSTER = {"sethmlarson": "Seth Larson", "gpshead": "Gregory P. Smith", "encukou": "Petr Viktorin"}


def _ghsa(credits: list[dict[str, object]]) -> dict[str, object]:
    return {
        "ghsa_id": "GHSA-aaaa-bbbb-cccc",
        "cve_id": "CVE-2024-6232",
        "state": "published",
        "summary": "Regular-expression DoS when parsing TarFile headers",
        "description": "ReDoS in tarfile.",
        "html_url": "https://github.com/python/cpython/security/advisories/GHSA-aaaa-bbbb-cccc",
        "published_at": "2024-09-03T12:00:00Z",
        "cwe_ids": ["CWE-1333"],
        "credits_detailed": credits,
    }


def test_one_person_several_roles_and_only_accepted_published() -> None:
    """Issue 10 item 2: a coordinator adds a reviewer role for someone credited as
    coordinator; declined and pending credits are not published."""
    advisory = ghsa_from_dict(
        _ghsa(
            [
                {"user": {"login": "sethmlarson"}, "type": "coordinator", "state": "accepted"},
                {"user": {"login": "Reporter1"}, "type": "reporter", "state": "accepted"},
                {"user": {"login": "gpshead"}, "type": "remediation_reviewer", "state": "declined"},
                {"user": {"login": "encukou"}, "type": "analyst", "state": "pending"},
            ]
        )
    )
    facts = CreditLedger(
        (
            CreditEntry(
                login="SETHMLARSON",
                role=CreditType.REMEDIATION_DEVELOPER,
                source=CreditSource.FACTS,
            ),
            CreditEntry(
                login="gpshead", role=CreditType.REMEDIATION_REVIEWER, source=CreditSource.FACTS
            ),
        )
    )
    ledger = CreditLedger.from_ghsa(advisory) | facts
    assert ledger.published(ROSTER) == (
        ("Seth Larson", CreditType.COORDINATOR),
        ("Reporter1", CreditType.REPORTER),  # not in the roster: the login is the name
        ("Seth Larson", CreditType.REMEDIATION_DEVELOPER),
    )
    assert ledger.withheld(ROSTER) == (
        ("Gregory P. Smith", CreditType.REMEDIATION_REVIEWER),  # declined beats the fact
        ("Petr Viktorin", CreditType.ANALYST),
    )


def test_typeless_cve_credit_reads_as_finder_and_is_written_typed() -> None:
    """CVE JSON 5 › credits: ``type`` defaults to ``finder`` (range-semantics §2.4)."""
    ledger = CreditLedger.from_cve([CveCredit(lang="en", value="Someone")])
    assert ledger.published() == (("Someone", CreditType.FINDER),)
    assert ledger.cve_credits() == (CveCredit(lang="en", value="Someone", type=CreditType.FINDER),)


def test_pending_then_accepted_is_accepted() -> None:
    entries = (
        CreditEntry(
            name="A", role=CreditType.TOOL, source=CreditSource.GHSA, state=CreditState.PENDING
        ),
        CreditEntry(name="A", role=CreditType.TOOL, source=CreditSource.CVE),
    )
    assert CreditLedger(entries).published() == (("A", CreditType.TOOL),)


credit_facts = st.lists(
    st.fixed_dictionaries(
        {
            "user": st.fixed_dictionaries({"login": st.sampled_from(LOGINS)}),
            "type": st.sampled_from([kind.value for kind in GhsaCreditType]),
            "state": st.sampled_from(["accepted", "declined", "pending"]),
        }
    ),
    max_size=8,
)


@given(credit_facts)
def test_every_credit_round_trips_ghsa_ledger_cve_osv_ledger(
    credits: list[dict[str, object]],
) -> None:
    """Issue 10, tests: every accepted credit goes GHSA -> ledger -> CVE -> OSV -> ledger with
    its roles, and nothing else does."""
    advisory = ghsa_from_dict(_ghsa(credits))
    ledger = CreditLedger.from_ghsa(advisory)
    publication = Publication(
        ghsa=advisory, catalog=cpython_releases(), fixed_in=("3.12.6",), roster=ROSTER
    )
    cve = advisory_from_dict(advisory_to_dict(publication.cve()))
    osv = advisory_from_dict(advisory_to_dict(cve_to_osv(cve, cpython_releases()))).record
    assert isinstance(osv, OsvRecord)
    assert all(credit.type is not None for credit in osv.credits or ())
    back = CreditLedger.from_osv(osv.credits or ())
    assert set(back.published()) == set(ledger.published(ROSTER))
    assert back.published() == ledger.published(ROSTER)
    direct = advisory_from_dict(advisory_to_dict(publication.osv())).record
    assert isinstance(direct, OsvRecord)
    assert CreditLedger.from_osv(direct.credits or ()).published() == ledger.published(ROSTER)
