"""Record timestamps as aware instants (OSV schema › modified/published/withdrawn; CVE JSON 5
› cveMetadata dates, zone optional and then GMT)."""

from __future__ import annotations

import datetime

import pytest

from psrt_core._time import parse_datetime
from psrt_core.advisories import RecordDates, parse_record_time, record_dates
from psrt_core.exceptions import InvalidRecordError, Problem
from psrt_core.serialization import advisory_from_dict, load_advisory
from psrt_core.serialization._converter import parse_datetime as edge_parse_datetime

UTC = datetime.timezone.utc


def test_serialization_reexports_the_core_parser() -> None:
    """The edge and the core read timestamps with one function."""
    assert edge_parse_datetime is parse_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-17T15:11:16.322Z", datetime.datetime(2024, 6, 17, 15, 11, 16, 322000, UTC)),
        ("2023-11-03T16:28:41.53834Z", datetime.datetime(2023, 11, 3, 16, 28, 41, 538340, UTC)),
        ("2024-03-06T14:57:56", datetime.datetime(2024, 3, 6, 14, 57, 56, tzinfo=UTC)),
        (
            "2024-03-06T14:57:56+02:00",
            datetime.datetime(2024, 3, 6, 12, 57, 56, tzinfo=UTC),
        ),
    ],
)
def test_parse_record_time_is_aware(text: str, expected: datetime.datetime) -> None:
    """RFC 3339 with Z, a fraction of 5 digits, no zone (GMT assumed), an offset."""
    parsed = parse_record_time(text, where="$.modified")
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() is not None  # aware, whatever the zone


def test_parse_record_time_none_stays_none() -> None:
    assert parse_record_time(None, where="$.withdrawn") is None


def test_malformed_timestamp_names_the_json_path() -> None:
    """Bad outside data raises InvalidRecordError with the JSON path and the value."""
    with pytest.raises(InvalidRecordError) as caught:
        parse_record_time("yesterday", where="$.published")
    assert caught.value.problems == (
        Problem("$.published", "not an RFC 3339 timestamp", "yesterday"),
    )
    assert str(caught.value) == "$.published: not an RFC 3339 timestamp (got 'yesterday')"


def test_osv_record_dates() -> None:
    advisory = advisory_from_dict(
        {
            "id": "PYSEC-0000-1",
            "modified": "2024-02-01T00:00:00Z",
            "published": "2024-01-01T10:00:00Z",
            "withdrawn": "2024-02-01T00:00:00Z",
        }
    )
    assert record_dates(advisory) == RecordDates(
        published=datetime.datetime(2024, 1, 1, 10, tzinfo=UTC),
        modified=datetime.datetime(2024, 2, 1, tzinfo=UTC),
        withdrawn=datetime.datetime(2024, 2, 1, tzinfo=UTC),
    )


def _cve(state: str, **dates: str) -> dict[str, object]:
    return {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2024-0001", "state": state, **dates},
        "containers": {"cna": {"providerMetadata": {"orgId": "x"}}},
    }


def test_cve_record_dates_and_rejection() -> None:
    """A rejected CVE is withdrawn at its dateRejected (CVE JSON 5 › cveMetadataRejected)."""
    published = _cve(
        "PUBLISHED", datePublished="2024-01-02T03:04:05", dateUpdated="2024-02-01T00:00:00Z"
    )
    dates = record_dates(advisory_from_dict(published))
    assert dates.published == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert dates.modified == datetime.datetime(2024, 2, 1, tzinfo=UTC)
    assert dates.withdrawn is None
    rejected = _cve(
        "REJECTED", dateUpdated="2024-03-01T00:00:00Z", dateRejected="2024-02-15T00:00:00Z"
    )
    assert record_dates(advisory_from_dict(rejected)).withdrawn == datetime.datetime(
        2024, 2, 15, tzinfo=UTC
    )
    undated = _cve("REJECTED", dateUpdated="2024-03-01T00:00:00Z")
    assert record_dates(advisory_from_dict(undated)).withdrawn == datetime.datetime(
        2024, 3, 1, tzinfo=UTC
    )


def test_malformed_cve_rejection_date_names_its_path() -> None:
    """A malformed ``dateRejected`` is refused with its JSON path (it is a modelled timestamp,
    so the loader already checks it)."""
    with pytest.raises(InvalidRecordError) as caught:
        advisory_from_dict(_cve("REJECTED", dateRejected="soon"))
    assert caught.value.problems == (
        Problem("$.cveMetadata.dateRejected", "not an RFC 3339 timestamp", "soon"),
    )


def test_real_records_dates(samples) -> None:  # type: ignore[no-untyped-def]
    """PYSEC-2023-228 (YAML, 5-digit fraction) and CVE-2023-5752 (CVE JSON 5), as published."""
    pysec = record_dates(load_advisory(samples / "osv-pypa" / "pip" / "PYSEC-2023-228.yaml"))
    assert pysec.published == datetime.datetime(2023, 10, 25, 18, 17, tzinfo=UTC)
    assert pysec.modified == datetime.datetime(2023, 11, 3, 16, 28, 41, 538340, UTC)
    cve = record_dates(load_advisory(samples / "cve" / "CVE-2023-5752.json"))
    assert cve.published == datetime.datetime(2023, 10, 24, 20, 56, 5, 469000, UTC)
    assert cve.withdrawn is None
