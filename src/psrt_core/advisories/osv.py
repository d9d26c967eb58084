"""The OSV record (schema 1.0 to 1.7) as typed, frozen classes, named after the schema.

Each class keeps the keys the schema does not define in its ``extra`` mapping, so a record
reads and writes back unchanged. Reading and writing files is `psrt_core.serialization`'s job.
"""

from psrt_core.advisories._osv import (
    Credit,
    CreditType,
    Event,
    EventKind,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Reference,
    ReferenceType,
    SeverityScore,
    SeverityType,
)

__all__ = [
    "Credit",
    "CreditType",
    "Event",
    "EventKind",
    "OsvAffected",
    "OsvRange",
    "OsvRecord",
    "Package",
    "RangeType",
    "Reference",
    "ReferenceType",
    "SeverityScore",
    "SeverityType",
]


def __dir__() -> list[str]:
    return __all__
