"""Enrich, diff and timeline on the real PSF records."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from psrt_core.advisories import (
    CreditLedger,
    CreditType,
    CveRecord,
    OsvRecord,
    cve_to_osv,
)
from psrt_core.exceptions import InvalidInputError
from psrt_core.publication import case_timeline, diff_records, enrich_osv
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    cpython_releases,
    ghsa_from_dict,
    load_advisory,
)


def _cve_samples(samples: Path) -> list[Path]:
    return sorted((samples / "cve").glob("CVE-*.json"))


def _expected_credits(document: dict[str, Any]) -> list[tuple[str, CreditType]]:
    cna = document["containers"]["cna"]
    return [
        (credit["value"], CreditType.from_cve(credit.get("type", "finder")))
        for credit in cna.get("credits", [])
    ]


def _expected_cwe(document: dict[str, Any]) -> list[str]:
    cna = document["containers"]["cna"]
    return [
        d["cweId"] for p in cna.get("problemTypes", []) for d in p["descriptions"] if "cweId" in d
    ]


def test_every_sample_cve_converts_and_enriches_with_credits_and_cwe(samples: Path) -> None:
    """Issue 10, real data: for every PSF CVE sample, ``convert --to osv`` and ``enrich`` carry
    all its credits with mapped types and its CWE ids."""
    checked = 0
    for path in _cve_samples(samples):
        document = json.loads(path.read_text(encoding="utf-8"))
        cve = load_advisory(path)
        credits, cwe = _expected_credits(document), _expected_cwe(document)
        converted = cve_to_osv(cve, cpython_releases())
        assert [(c.name, c.type) for c in converted.credits or ()] == credits, path.name
        assert list(converted.cwe_ids) == cwe, path.name
        bare = OsvRecord(id="PSF-0000-X", modified="2024-01-01T00:00:00Z")
        assert isinstance(cve.record, CveRecord)
        cna = cve.record.containers.cna
        result = enrich_osv(
            bare, credits=CreditLedger.from_cve(cna.credits or ()), cwe_ids=cna.cwe_ids
        )
        assert [(c.name, c.type) for c in result.record.credits or ()] == credits, path.name
        assert list(result.record.cwe_ids) == cwe, path.name
        checked += 1
    assert checked == 12


def test_enrich_psf_2024_11_from_cve_2024_6232_is_lossless(samples: Path) -> None:
    """Issue 10 item 4: PSF-2024-11 lacks CVE-2024-6232's 4 credits and CWE-1333; enrich adds
    them, the title and the versions, and leaves every other field as it was."""
    original = json.loads((samples / "osv-psf" / "PSF-2024-11.json").read_text(encoding="utf-8"))
    original["x_unknown"] = {"kept": [1, 2]}
    osv = advisory_from_dict(original).record
    cve = load_advisory(samples / "cve" / "CVE-2024-6232.json")
    assert isinstance(cve.record, CveRecord)
    cna = cve.record.containers.cna
    versions = [str(r.version) for r in cve.affected_versions(cpython_releases())]
    result = enrich_osv(
        osv,  # type: ignore[arg-type]
        credits=CreditLedger.from_cve(cna.credits or ()),
        cwe_ids=cna.cwe_ids,
        title=cna.title,
        product="cpython",
        versions=versions,
    )
    assert result.added == (
        "credit: Elias Joakim Myllymäki (reporter)",
        "credit: Seth Larson (coordinator)",
        "credit: Seth Larson (remediation developer)",
        "credit: Gregory P. Smith (remediation reviewer)",
        "cwe: CWE-1333",
        "summary: Regular-expression DoS when parsing TarFile headers",
        f"affected[0].versions: {len(versions)} release(s) (1.6.0a1 ... 3.13.0rc1)",
    )
    after = advisory_to_dict(result.record)
    changed = {key for key in after if after.get(key) != original.get(key)}
    assert changed == {"credits", "database_specific", "summary", "affected"}
    assert after["affected"][0]["ranges"] == original["affected"][0]["ranges"]
    assert after["x_unknown"] == {"kept": [1, 2]}
    again = enrich_osv(
        result.record,
        credits=CreditLedger.from_cve(cna.credits or ()),
        cwe_ids=cna.cwe_ids,
        title="other",
        product="cpython",
        versions=versions,
    )
    assert again.added == ()
    assert again.record == result.record


def test_diff_of_the_two_cve_2024_6232_revisions(samples: Path) -> None:
    """Issue 10 item 5 on real data: the refined record (per branch) no longer marks the fix
    releases of older branches, nor the pre-releases of branches GA when it was written."""
    old = load_advisory(samples / "cve" / "CVE-2024-6232.v2024-09-03.json")
    new = load_advisory(samples / "cve" / "CVE-2024-6232.json")
    diff = diff_records(old, new, cpython_releases())
    by_branch = {change.branch: change for change in diff.branches}
    assert sorted(by_branch, key=lambda b: tuple(map(int, b.split(".")))) == [
        "3.8",
        "3.9",
        "3.10",
        "3.11",
        "3.12",
    ]
    assert by_branch["3.8"].lost == ("3.8.20",)
    assert by_branch["3.12"].lost[:1] == ("3.12.0a1",)
    assert "3.12.5" not in by_branch["3.12"].lost
    assert "3.12.6" in by_branch["3.12"].lost
    assert all(not change.gained for change in diff.branches)
    assert (diff.credits_added, diff.credits_removed, diff.cwe_added, diff.cwe_removed) == (
        (),
        (),
        (),
        (),
    )
    assert diff_records(new, new).empty


def test_timeline_against_the_ninety_day_target() -> None:
    """The PSRT's 90-day target from report to publication (devguide)."""
    ghsa = ghsa_from_dict(
        {
            "ghsa_id": "GHSA-1",
            "state": "published",
            "summary": "s",
            "created_at": "2024-06-01T08:00:00Z",
            "published_at": "2024-09-03T12:29:00Z",
        }
    )
    timeline = case_timeline(
        ghsa,
        on=datetime.date(2024, 10, 1),
        catalog=cpython_releases(),
        fixed_in=["3.12.6", "3.99.0"],
    )
    assert [(m.label, m.date) for m in timeline.milestones] == [
        ("report received", datetime.date(2024, 6, 1)),
        ("report accepted", None),
        ("CVE reserved", None),
        ("fix released: 3.12.6 (3.12)", datetime.date(2024, 9, 6)),
        ("fix released: 3.99.0", None),
        ("published", datetime.date(2024, 9, 3)),
    ]
    assert timeline.target == datetime.date(2024, 8, 30)
    assert timeline.days_left == -4  # published four days late
    before = case_timeline(ghsa, on=datetime.date(2024, 8, 20))
    assert before.published is None
    assert before.days_left == 10


@pytest.mark.parametrize("stamp", ["2024-09-03T12:29:00Z", "2024-09-03T12:29:00+00:00"])
def test_timeline_reads_both_utc_spellings(stamp: str) -> None:
    ghsa = ghsa_from_dict(
        {"ghsa_id": "G", "state": "published", "summary": "s", "created_at": stamp}
    )
    assert case_timeline(ghsa, on=datetime.date(2024, 9, 3)).received == datetime.date(2024, 9, 3)


def test_enrich_adds_versions_to_the_first_entry_about_the_product() -> None:
    """OSV 1.7 › affected[]: versions join the entry about *product*, not an earlier other one.

    Without a product, versions have no entry to join and nothing is added.
    """
    document = {
        "id": "PSF-0000-X",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {"package": {"ecosystem": "PyPI", "name": "pip"}, "versions": ["23.0"]},
            {"package": {"ecosystem": "PyPI", "name": "requests"}, "versions": ["2.0"]},
        ],
    }
    record = advisory_from_dict(document).record
    assert isinstance(record, OsvRecord)
    result = enrich_osv(record, product="requests", versions=["2.0", "2.1", "2.2"])
    assert result.added == ("affected[1].versions: 2 release(s) (2.1 ... 2.2)",)
    assert [entry.versions for entry in result.record.affected or ()] == [
        ("23.0",),
        ("2.0", "2.1", "2.2"),
    ]
    assert enrich_osv(record, versions=["2.1"]).added == ()


def test_enrich_refuses_a_malformed_cwe_id() -> None:
    """CVE JSON 5.1 cweId pattern (``^CWE-[1-9][0-9]*$``): enrich checks CWE ids as publish
    does, so a stranger's GHSA or CVE cannot put ``CWE-79\\n`` into an OSV record."""
    document = {"id": "PSF-2024-1", "modified": "2024-01-01T00:00:00Z"}
    record = advisory_from_dict(document).record
    assert isinstance(record, OsvRecord)
    with pytest.raises(InvalidInputError) as info:
        enrich_osv(record, cwe_ids=["CWE-79", "CWE-79\n", "not-a-cwe"])
    assert info.value.source == "PSF-2024-1"
    assert [str(p) for p in info.value.problems] == [
        "cwe_ids[1]: is not a CWE id (CWE-<number>, at most 9 characters) (got 'CWE-79\\n')",
        "cwe_ids[2]: is not a CWE id (CWE-<number>, at most 9 characters) (got 'not-a-cwe')",
    ]
    enriched = enrich_osv(record, cwe_ids=["CWE-79"])
    assert enriched.added == ("cwe: CWE-79",)
