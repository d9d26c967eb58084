"""RFC 3339 timestamps, read the same way by the core and the edges.

Why here: the advisory models keep timestamps as the records spell them, and the research
views need them as instants. The parser is pure string work, so it lives below both the core
(``psrt_core.advisories``) and the edge (``psrt_core.serialization`` re-exports it).
"""

from __future__ import annotations

import datetime
import re

__all__ = ["parse_datetime"]

_RFC3339 = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<time>\d{2}:\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?"
    r"(?P<zone>[Zz]|[+-]\d{2}:\d{2})?",
    re.ASCII,
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_datetime(value: object) -> datetime.datetime:
    """An RFC 3339 timestamp or a bare ``YYYY-MM-DD`` date (its midnight UTC).

    ``Z`` is accepted and a missing offset means UTC. Fractions of any length are read the
    same on every Python (3.10's ``fromisoformat`` takes only 3 or 6 digits, and real OSV
    records carry 5); digits past microseconds are dropped. A leap second (``:60``, RFC 3339
    § 5.6) is read as the last microsecond of its minute. Seconds may be left out (hand-written
    logs write ``2026-02-01 09:00``; RFC 3339 § 5.6 has them). No other form is read: which
    ISO 8601 forms ``fromisoformat`` takes differs between Python 3.10 and 3.11, and a
    record's validity must not depend on the interpreter.
    """
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = _parse_text(value)
    else:
        msg = f"expected an RFC 3339 timestamp string, got {type(value).__name__}"
        raise TypeError(msg)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def _parse_text(value: str) -> datetime.datetime:
    text = value.strip()
    match = _RFC3339.fullmatch(text)
    if match is not None:
        fraction = (match["fraction"] or "")[:6].ljust(6, "0")
        zone = match["zone"] or ""
        second = match["second"] or "00"
        if second == "60":
            second, fraction = "59", "999999"
        clock = f"{match['time']}:{second}"
        text = f"{match['date']}T{clock}.{fraction}"
        text += "+00:00" if zone in ("", "Z", "z") else zone
    elif _DATE.fullmatch(text) is None:
        text = ""  # not a form this parser reads: refused below
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        msg = f"not an RFC 3339 timestamp: {value!r}"
        raise ValueError(msg) from None
