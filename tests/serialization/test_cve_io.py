"""CVE JSON 5 in and out: camelCase keys, ADP kept apart, lossless round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

from psrt_core import load_advisory
from psrt_core.advisories import CreditType, CveRecord, Status
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    dump_advisory,
    parse_advisory,
)
from psrt_core.testing import cve_records

FIXTURES = Path(__file__).parents[1] / "advisories" / "fixtures"


def test_fixture_round_trips_with_adp_and_extras() -> None:
    """Lossless: the CNA's x_ keys, metrics and the whole ADP container come back unchanged."""
    path = FIXTURES / "cve-cpython.json"
    advisory = load_advisory(path)
    assert advisory_to_dict(advisory) == json.loads(path.read_text(encoding="utf-8"))
    record = advisory.record
    assert isinstance(record, CveRecord)
    assert record.containers.adp is not None
    assert record.containers.adp[0]["title"] == "Someone else's view"
    cna = record.containers.cna
    assert cna.extra["x_generator"]["engine"] == "hand"
    assert cna.affected is not None
    product = cna.affected[0]
    assert (product.vendor, product.product, product.modules) == (
        "Python Software Foundation",
        "CPython",
        ("example",),
    )
    assert product.default_status is Status.UNAFFECTED
    assert product.versions is not None
    assert product.versions[0].less_than == "3.11.9"
    assert cna.credits is not None
    assert [c.type for c in cna.credits] == [
        CreditType.FINDER,
        CreditType.REMEDIATION_DEVELOPER,
        None,
    ]
    assert cna.credits[1].user == "00000000-0000-4000-9000-000000000000"


def test_format_is_detected_by_data_type_or_metadata() -> None:
    """CVE JSON 5 has ``dataType: CVE_RECORD``; ``cveMetadata`` alone also identifies it."""
    minimal = {
        "dataVersion": "5.0",
        "cveMetadata": {"cveId": "CVE-2099-0001", "state": "PUBLISHED"},
        "containers": {"cna": {}},
    }
    with pytest.raises(InvalidRecordError, match=r"\$.dataType: required field missing"):
        advisory_from_dict(minimal)
    advisory = advisory_from_dict({"dataType": "CVE_RECORD", **minimal})
    assert advisory.format == "cve"
    assert advisory.id == "CVE-2099-0001"


def test_problems_use_the_documents_own_key_names() -> None:
    """Problems name camelCase JSON paths and the offending values, all at once."""
    document = {
        "dataType": "CVE_RECORD",
        "cveMetadata": {"cveId": "CVE-2024-0001", "datePublished": "nope"},
        "containers": {
            "cna": {
                "affected": [
                    {"versions": [{"version": "1", "status": "broken"}], "defaultStatus": "meh"}
                ],
                "credits": [{"lang": "en", "value": "v", "type": "hero"}],
            }
        },
    }
    with pytest.raises(InvalidRecordError) as info:
        advisory_from_dict(document)
    assert [str(p) for p in info.value.problems] == [
        "$.dataVersion: required field missing",
        "$.cveMetadata.state: required field missing",
        "$.containers.cna.affected[0].versions[0].status: expected one of affected, unaffected, "
        "unknown (got 'broken')",
        "$.containers.cna.affected[0].defaultStatus: expected one of affected, unaffected, "
        "unknown (got 'meh')",
        "$.containers.cna.credits[0].type: expected one of finder, reporter, analyst, coordinator, "
        "remediation developer, remediation reviewer, remediation verifier, tool, sponsor, other "
        "(got 'hero')",
        "$.cveMetadata.datePublished: not an RFC 3339 timestamp (got 'nope')",
    ]


def test_credit_type_is_written_in_cve_spelling() -> None:
    """CVE 5 › credits: types are lower case with spaces (``remediation developer``)."""
    text = dump_advisory(load_advisory(FIXTURES / "cve-cpython.json"))
    assert '"type": "remediation developer"' in text


@given(cve_records())
def test_generated_records_round_trip(record: CveRecord) -> None:
    """Lossless: dump -> load gives the same CVE record for generated records."""
    text = dump_advisory(record)
    assert parse_advisory(text).record == record


@pytest.mark.parametrize(
    "spelling", ["FINDER", "remediation_developer", "Finder", "REMEDIATION DEVELOPER"]
)
def test_credit_type_accepts_only_the_cve_spellings(spelling: str) -> None:
    """CVE JSON 5 › credits (range-semantics §2.4): ``type`` is one of ten exact strings.

    OSV's ``FINDER`` or a ``remediation_developer`` look-alike used to be accepted and dumped
    back as ``finder``/``remediation developer``: not lossless. They are problems now, with the
    JSON path and the value (review reproducer ``cred.json``).
    """
    document = {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
        "containers": {
            "cna": {
                "credits": [
                    {"lang": "en", "value": "A", "type": "finder"},
                    {"lang": "en", "value": "B", "type": spelling},
                ]
            }
        },
    }
    with pytest.raises(InvalidRecordError) as info:
        advisory_from_dict(document)
    assert [str(p) for p in info.value.problems] == [
        "$.containers.cna.credits[1].type: expected one of finder, reporter, analyst, "
        "coordinator, remediation developer, remediation reviewer, remediation verifier, tool, "
        f"sponsor, other (got {spelling!r})",
    ]


def test_every_cve_credit_spelling_round_trips() -> None:
    """CVE JSON 5 › credits: each of the ten exact spellings loads and dumps back unchanged."""
    spellings = [member.cve for member in CreditType]
    assert spellings[4] == "remediation developer"
    document = {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
        "containers": {
            "cna": {"credits": [{"lang": "en", "value": "A", "type": kind} for kind in spellings]}
        },
    }
    assert advisory_to_dict(advisory_from_dict(document)) == document
