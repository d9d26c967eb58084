"""RFC 3339 timestamps read the same on every supported Python.

Python 3.10's ``datetime.fromisoformat`` accepts only 3- or 6-digit fractions, and real pypa
records carry 5 (``2023-11-03T16:28:41.53834Z``); these tests run on every Python in CI.
"""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.serialization import advisory_from_dict
from psrt_core.serialization._converter import parse_datetime, render_datetime

UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-03T16:28:41.53834Z", datetime.datetime(2023, 11, 3, 16, 28, 41, 538340, UTC)),
        ("2024-06-20T21:06:54.145Z", datetime.datetime(2024, 6, 20, 21, 6, 54, 145000, UTC)),
        ("2024-06-20t21:06:54.1z", datetime.datetime(2024, 6, 20, 21, 6, 54, 100000, UTC)),
        ("2024-01-01T00:00:00.1234567Z", datetime.datetime(2024, 1, 1, 0, 0, 0, 123456, UTC)),
        ("2024-01-01T00:00:00", datetime.datetime(2024, 1, 1, tzinfo=UTC)),
        (
            "2024-01-01T02:00:00+02:00",
            datetime.datetime(2024, 1, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        ),
    ],
)
def test_rfc3339_forms(text: str, expected: datetime.datetime) -> None:
    """RFC 3339 §5.6: ``time-secfrac = "." 1*DIGIT`` (any length); ``Z`` is UTC.

    CVE JSON 5: a timestamp without a zone is GMT.
    """
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["nope", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z"])
def test_invalid_timestamps_name_the_value(text: str) -> None:
    """A string that is no timestamp is an error that shows it."""
    with pytest.raises(ValueError, match=f"^not an RFC 3339 timestamp: {text!r}$"):
        parse_datetime(text)


@given(st.datetimes(timezones=st.just(UTC)), st.integers(min_value=1, max_value=9))
def test_any_fraction_length_round_trips(moment: datetime.datetime, digits: int) -> None:
    """Rendering then parsing gives the instant back, whatever the fraction's length."""
    rendered = render_datetime(moment)
    assert parse_datetime(rendered) == moment
    seconds = moment.replace(microsecond=0, tzinfo=None).isoformat()
    fraction = f"{moment.microsecond:06d}".ljust(9, "0")[:digits]
    truncated = int(fraction.ljust(6, "0")[:6])
    assert parse_datetime(f"{seconds}.{fraction}Z") == moment.replace(microsecond=truncated)


def test_osv_record_with_a_five_digit_fraction_loads() -> None:
    """OSV schema 1.7 › modified: RFC 3339; pypa writes five fractional digits."""
    advisory = advisory_from_dict(
        {"id": "PYSEC-2023-228", "modified": "2023-11-03T16:28:41.53834Z", "affected": []}
    )
    assert advisory.modified == "2023-11-03T16:28:41.53834Z"


@pytest.mark.parametrize(
    "text",
    ["20240102", "2024-01-02T03:04:05+0000", "2024-W01-2", "2024-01-02T03:04.5Z", "2024-01-02T03"],
)
def test_only_rfc3339_or_a_bare_date(text: str) -> None:
    """Review D: besides RFC 3339 only a bare ``YYYY-MM-DD`` is read; other ISO 8601 forms,
    which ``fromisoformat`` takes on 3.11 but not 3.10, are refused on every Python."""
    with pytest.raises(ValueError, match=f"^{re.escape(f'not an RFC 3339 timestamp: {text!r}')}$"):
        parse_datetime(text)


def test_bare_date_and_leap_second() -> None:
    """Review D: a bare date is its midnight UTC; a leap second (RFC 3339 § 5.6) is the last
    microsecond of its minute; seconds left out are zero (hand-written comment logs)."""
    assert parse_datetime("2024-01-02") == datetime.datetime(2024, 1, 2, tzinfo=UTC)
    assert parse_datetime("2024-01-02 03:04") == datetime.datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
    assert parse_datetime("2016-12-31T23:59:60Z") == datetime.datetime(
        2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC
    )
