"""The day a record's timestamp names, or an `~psrt_core.exceptions.InvalidRecordError`.

Why not ``datetime.fromisoformat``: a GHSA or CVE record built in code (or a CNA field the
loader keeps as an unknown key, such as ``datePublic``) was never checked at the edge, and
``fromisoformat`` raises a bare `ValueError` without saying which field was wrong; Python
3.10 also rejects the 5-digit fractions real records carry. The one timestamp parser
(`psrt_core._time.parse_datetime`) reads them; the day is the one written in the stamp (its
own offset), as GitHub and the CVE Services write it.
"""

from __future__ import annotations

import datetime

from psrt_core._time import parse_datetime
from psrt_core.exceptions import InvalidRecordError

__all__ = ["record_day"]


def record_day(stamp: object, *, location: str, source: str | None = None) -> datetime.date | None:
    """The date of the RFC 3339 timestamp (or bare date) *stamp* (``None`` or ``""``: no date).

    Raises `~psrt_core.exceptions.InvalidRecordError` naming *location* (a JSON path) and
    the value for anything that is not a timestamp or a date.
    """
    if stamp is None or stamp == "":
        return None
    try:
        if not isinstance(stamp, str):
            raise TypeError(stamp)
        return parse_datetime(stamp).date()
    except (TypeError, ValueError):
        raise InvalidRecordError.single(
            location, "is not an RFC 3339 timestamp", stamp, source=source
        ) from None
