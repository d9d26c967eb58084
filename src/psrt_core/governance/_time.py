"""Instants in UTC: every governance timestamp is normalised on construction.

The rules count windows in elapsed time (R-C6: "7 days" from the opening) and compare days as
UTC calendar days. Python adds a `datetime.timedelta` to an aware datetime in *wall-clock* time
of its own zone, and ``.date()`` takes the date of that zone, so two spellings of the same
instant (``20:00-05:00`` and ``01:00Z`` the next day) could give different results. Converting
to UTC once, when a value is built, makes every later sum and date independent of how the time
zone was written.
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

__all__ = ["aware", "to_utc", "to_utc_optional"]

_UTC = datetime.timezone.utc


def to_utc(value: Any) -> Any:
    """*value* converted to UTC when it is an aware datetime; anything else is left to `aware`."""
    if isinstance(value, datetime.datetime) and value.utcoffset() is not None:
        try:
            return value.astimezone(_UTC)
        except OverflowError:
            msg = f"{value.isoformat()} is outside the years 1 to 9999 once converted to UTC"
            raise ValueError(msg) from None
    return value


def to_utc_optional(value: Any) -> Any:
    """`to_utc` that lets ``None`` through."""
    return None if value is None else to_utc(value)


def aware(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a timezone-aware datetime (a naive one names no instant)."""
    if not isinstance(value, datetime.datetime) or value.utcoffset() is None:
        msg = f"{attribute.name} must be a timezone-aware datetime, got {value!r}"
        raise ValueError(msg)
