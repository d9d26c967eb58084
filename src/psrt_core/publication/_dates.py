"""The day a record's timestamp names, or an `~psrt_core.exceptions.InvalidRecordError`.

Why here and not ``datetime.fromisoformat``: a GHSA or CVE record built in code (or a
CNA field the loader keeps as an unknown key, such as ``datePublic``) was never checked at
the edge, and ``fromisoformat`` raises a bare `ValueError` without saying which field was
wrong; Python 3.10 also rejects the 5-digit fractions real records carry. The day is the
one written in the stamp (its own offset), as GitHub and the CVE Services write it.
"""

from __future__ import annotations

import datetime
import re

from psrt_core.exceptions import InvalidRecordError

__all__ = ["record_day"]

_STAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?:[Zz]|[+-]\d{2}:?\d{2})?)?"
)


def record_day(stamp: object, *, location: str, source: str | None = None) -> datetime.date | None:
    """The date of the RFC 3339 timestamp *stamp* (``None`` or ``""``: no date).

    Raises `~psrt_core.exceptions.InvalidRecordError` naming *location* (a JSON path) and
    the value for anything that is not a timestamp or a date.
    """
    if stamp is None or stamp == "":
        return None
    found = _STAMP.fullmatch(stamp.strip()) if isinstance(stamp, str) else None
    day = None
    if found is not None and _clock_ok(found):
        try:
            day = datetime.date.fromisoformat(found["date"])
        except ValueError:
            day = None
    if day is None:
        raise InvalidRecordError.single(
            location, "is not an RFC 3339 timestamp", stamp, source=source
        )
    return day


def _clock_ok(found: re.Match[str]) -> bool:
    """Hours below 24, minutes below 60, seconds up to 60 (RFC 3339 § 5.6: leap second)."""
    hour, minute, second = (int(found[key] or 0) for key in ("hour", "minute", "second"))
    return hour < 24 and minute < 60 and second <= 60
