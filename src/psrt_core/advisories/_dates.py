"""A record's timestamps as timezone-aware instants, for research views.

Why a function beside `Advisory` rather than on it: the record classes keep timestamps as the
records spell them (what makes the round trip lossless); counting advisories per year or
sorting copies by ``modified`` needs instants. OSV ``published``/``modified``/``withdrawn``
and CVE ``datePublished``/``dateUpdated`` (and ``dateRejected`` of a rejected CVE) are RFC
3339; CVE records written by older tools omit the zone, which means UTC (GMT).
"""

from __future__ import annotations

import datetime

import attrs

from psrt_core._time import parse_datetime
from psrt_core.advisories._advisory import Advisory
from psrt_core.advisories._osv import OsvRecord
from psrt_core.exceptions import InvalidRecordError

__all__ = ["RecordDates", "parse_record_time", "record_dates"]


@attrs.frozen
class RecordDates:
    """When a record was published, last modified and withdrawn (``None``: not said)."""

    published: datetime.datetime | None
    modified: datetime.datetime | None
    withdrawn: datetime.datetime | None


def parse_record_time(value: object, *, where: str) -> datetime.datetime | None:
    """*value* as an aware datetime (``None`` stays ``None``); *where* is its JSON path.

    Raises `~psrt_core.exceptions.InvalidRecordError` naming *where* and the value when it
    is not an RFC 3339 timestamp.
    """
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except (TypeError, ValueError):
        raise InvalidRecordError.single(where, "not an RFC 3339 timestamp", value) from None


def record_dates(advisory: Advisory) -> RecordDates:
    """The published, modified and withdrawn instants of *advisory*'s record.

    A CVE record's withdrawal is its rejection: ``dateRejected`` when the state is
    ``REJECTED`` (its ``dateUpdated`` when the record does not say).
    """
    record = advisory.record
    if isinstance(record, OsvRecord):
        return RecordDates(
            published=parse_record_time(record.published, where="$.published"),
            modified=parse_record_time(record.modified, where="$.modified"),
            withdrawn=parse_record_time(record.withdrawn, where="$.withdrawn"),
        )
    metadata = record.cve_metadata
    modified = parse_record_time(metadata.date_updated, where="$.cveMetadata.dateUpdated")
    withdrawn = None
    if advisory.withdrawn:  # a rejected CVE: when (`Advisory.withdrawn_at`) says which field
        where = "$.cveMetadata." + ("dateRejected" if metadata.date_rejected else "dateUpdated")
        withdrawn = parse_record_time(advisory.withdrawn_at, where=where)
    return RecordDates(
        published=parse_record_time(metadata.date_published, where="$.cveMetadata.datePublished"),
        modified=modified,
        withdrawn=withdrawn,
    )
