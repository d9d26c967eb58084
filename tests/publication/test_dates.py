"""Record timestamps: a malformed one is an InvalidRecordError with its JSON path, never a
bare ValueError (brief: bad outside data raises only PsrtError subclasses)."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest

from psrt_core.advisories import CveRecord, GhsaAdvisory, GhsaState
from psrt_core.exceptions import EmbargoError, InvalidRecordError
from psrt_core.publication import (
    Publication,
    case_timeline,
    cve_disclosure_date,
    refuse_undisclosed,
)
from psrt_core.publication._dates import record_day
from psrt_core.serialization import advisory_from_dict, cpython_releases

CVE: dict[str, object] = {
    "dataType": "CVE_RECORD",
    "dataVersion": "5.1",
    "cveMetadata": {
        "cveId": "CVE-2024-0001",
        "assignerOrgId": "28c92f92-d60d-412d-b760-e73465c3df22",
        "state": "PUBLISHED",
        "dateReserved": "2024-01-02T03:04:05.12345Z",
    },
    "containers": {"cna": {"providerMetadata": {"orgId": "x"}}},
}


def _ghsa(created_at: str | None = None, published_at: str | None = None) -> GhsaAdvisory:
    return GhsaAdvisory(
        ghsa_id="GHSA-1",
        state=GhsaState.PUBLISHED,
        summary="s",
        created_at=created_at,
        published_at=published_at,
    )


def _cve(**cna: object) -> CveRecord:
    base: dict[str, Any] = CVE["containers"]["cna"]  # type: ignore[index]
    document = {**CVE, "containers": {"cna": {**base, **cna}}}
    record = advisory_from_dict(document).record
    assert isinstance(record, CveRecord)
    return record


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("2024-09-03T12:29:00Z", datetime.date(2024, 9, 3)),
        ("2024-09-03T23:30:00-05:00", datetime.date(2024, 9, 3)),  # the day as written
        ("2024-09-03T12:29:00.12345Z", datetime.date(2024, 9, 3)),  # 5-digit fraction
        ("2016-12-31T23:59:60Z", datetime.date(2016, 12, 31)),  # RFC 3339 § 5.6 leap second
        ("2024-09-03", datetime.date(2024, 9, 3)),
        (None, None),
        ("", None),
    ],
)
def test_record_day_reads_rfc3339(stamp: str | None, day: datetime.date | None) -> None:
    assert record_day(stamp, location="$.x") == day


@pytest.mark.parametrize(
    "stamp", ["yesterday", "2024-13-01T00:00:00Z", "2024-02-30", "2024-09-03T24:00:00Z", 20240903]
)
def test_record_day_refuses_anything_else(stamp: object) -> None:
    with pytest.raises(InvalidRecordError) as caught:
        record_day(stamp, location="$.published_at", source="GHSA-1")
    assert caught.value.problems[0].location == "$.published_at"
    assert caught.value.problems[0].value == stamp
    assert str(caught.value).startswith("GHSA-1: $.published_at: is not an RFC 3339 timestamp")


def test_publication_check_names_the_bad_published_at() -> None:
    publication = Publication(
        ghsa=_ghsa(published_at="2024-09-03 noon"), catalog=cpython_releases(), fixed_in=()
    )
    with pytest.raises(InvalidRecordError) as caught:
        publication.check()
    assert str(caught.value) == (
        "GHSA-1: $.published_at: is not an RFC 3339 timestamp (got '2024-09-03 noon')"
    )


def test_disclosure_date_names_the_bad_cna_field() -> None:
    record = _cve(datePublic="soon")
    with pytest.raises(InvalidRecordError) as caught:
        cve_disclosure_date(record)
    assert str(caught.value) == (
        "CVE-2024-0001: $.containers.cna.datePublic: is not an RFC 3339 timestamp (got 'soon')"
    )
    with pytest.raises(InvalidRecordError):
        refuse_undisclosed(record, datetime.date(2024, 1, 1))
    good = _cve(datePublic="2024-09-03T00:00:00Z")
    assert cve_disclosure_date(good) == datetime.date(2024, 9, 3)


def test_timeline_names_each_bad_date() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        case_timeline(_ghsa(created_at="June"), on=datetime.date(2024, 9, 3))
    assert caught.value.problems[0].location == "$.created_at"
    cve = _cve()
    timeline = case_timeline(_ghsa(), on=datetime.date(2024, 9, 3), cve=cve)
    assert timeline.milestones[2].date == datetime.date(2024, 1, 2)
    metadata = attrs.evolve(cve.cve_metadata, date_reserved="2024-01-32")
    broken = attrs.evolve(cve, cve_metadata=metadata)
    with pytest.raises(InvalidRecordError) as caught:
        case_timeline(_ghsa(), on=datetime.date(2024, 9, 3), cve=broken)
    assert caught.value.problems[0].location == "$.cveMetadata.dateReserved"


@pytest.mark.parametrize("stamp", ["2024-09-03T12:29:00+0000", "20240903"])
def test_record_day_reads_only_what_parse_datetime_reads(stamp: str) -> None:
    """Review D: one timestamp parser (`psrt_core._time.parse_datetime`): the forms the old
    regex let through (an offset without a colon, a date without dashes) are not RFC 3339."""
    with pytest.raises(InvalidRecordError) as caught:
        record_day(stamp, location="$.published_at")
    assert caught.value.problems[0].location == "$.published_at"
    assert caught.value.problems[0].value == stamp


def test_refuse_undisclosed_names_the_record_and_both_days() -> None:
    """Issue 10 item 6: a CVE record public only after *on* is refused unless embargoed."""
    record = _cve(datePublic="2024-09-03T00:00:00Z")
    with pytest.raises(EmbargoError) as caught:
        refuse_undisclosed(record, datetime.date(2024, 9, 2))
    assert str(caught.value) == (
        "CVE-2024-0001 is public only from 2024-09-03 (datePublic), after 2024-09-02; "
        "say --embargoed to write a marked record anyway"
    )
    refuse_undisclosed(record, datetime.date(2024, 9, 2), embargoed=True)
    refuse_undisclosed(record, datetime.date(2024, 9, 3))


def test_timeline_without_a_received_date_has_no_target() -> None:
    """No ``created_at``: no day to count the target from, so no target and no days left."""
    timeline = case_timeline(_ghsa(), on=datetime.date(2024, 9, 3))
    assert (timeline.received, timeline.target, timeline.days_left) == (None, None, None)


def test_a_fix_release_not_yet_out_has_no_date() -> None:
    """A scheduled release, or one dated after *on*, is a milestone still to come."""
    catalog = cpython_releases()
    timeline = case_timeline(
        _ghsa(created_at="2024-06-20T10:00:00Z"),
        on=datetime.date(2024, 9, 5),
        catalog=catalog,
        fixed_in=("3.12.6", "3.13.16", "3.12.5"),
    )
    fixes = [(m.label, m.date) for m in timeline.milestones if m.label.startswith("fix")]
    assert fixes == [
        ("fix released: 3.12.6 (3.12)", None),  # out on 2024-09-06, after *on*
        ("fix released: 3.13.16 (3.13)", None),  # scheduled
        ("fix released: 3.12.5 (3.12)", catalog.release("3.12.5").date),
    ]
    assert timeline.target == datetime.date(2024, 6, 20) + datetime.timedelta(days=90)
