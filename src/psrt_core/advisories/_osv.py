"""The OSV record (schema 1.0 to 1.7) as frozen attrs classes.

Field names follow the schema. Optional fields are ``None`` when the record leaves them out,
which is different from an empty list: keeping the difference is what makes a load and dump
give back the same JSON value. Keys the schema does not define are kept in each object's
``extra`` mapping. Shape checks live at the edge (`psrt_core.serialization`); semantic checks
(events out of order, overlapping intervals, ...) are lint findings, not load errors, because
real published records break them.
"""

from __future__ import annotations

import enum

import attrs

from psrt_core._credits import CreditType
from psrt_core.advisories._json import EMPTY, JsonMap

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


class EventKind(enum.Enum):
    """The four OSV range events (OSV schema › affected[].ranges[].events)."""

    INTRODUCED = "introduced"
    FIXED = "fixed"
    LAST_AFFECTED = "last_affected"
    LIMIT = "limit"


class RangeType(enum.Enum):
    """How the events of a range are ordered: SemVer 2.0, the ecosystem's order, or git history."""

    SEMVER = "SEMVER"
    ECOSYSTEM = "ECOSYSTEM"
    GIT = "GIT"


class SeverityType(enum.Enum):
    """The scoring systems OSV ``severity[].type`` names."""

    CVSS_V2 = "CVSS_V2"
    CVSS_V3 = "CVSS_V3"
    CVSS_V4 = "CVSS_V4"
    UBUNTU = "Ubuntu"


class ReferenceType(enum.Enum):
    """OSV ``references[].type`` (the JSON Schema enum, which also has ``GIT``)."""

    ADVISORY = "ADVISORY"
    ARTICLE = "ARTICLE"
    DETECTION = "DETECTION"
    DISCUSSION = "DISCUSSION"
    REPORT = "REPORT"
    FIX = "FIX"
    INTRODUCED = "INTRODUCED"
    GIT = "GIT"
    PACKAGE = "PACKAGE"
    EVIDENCE = "EVIDENCE"
    WEB = "WEB"


@attrs.frozen
class SeverityScore:
    """One severity: a scoring system and its vector string."""

    type: SeverityType
    score: str
    extra: JsonMap = EMPTY


@attrs.frozen
class Event:
    """One range event: its kind and the version, commit, ``"0"`` or ``"*"`` it names."""

    kind: EventKind
    value: str
    extra: JsonMap = EMPTY


@attrs.frozen
class OsvRange:
    """One ``affected[].ranges[]`` entry; *repo* is required for GIT ranges."""

    type: RangeType
    events: tuple[Event, ...]
    repo: str | None = None
    database_specific: JsonMap | None = None
    extra: JsonMap = EMPTY


@attrs.frozen
class Package:
    """``affected[].package``: ecosystem, name and optional purl."""

    ecosystem: str
    name: str
    purl: str | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class OsvAffected:
    """One ``affected[]`` entry. *package* is ``None`` in GIT-only records such as the PSF's."""

    package: Package | None = None
    severity: tuple[SeverityScore, ...] | None = None
    ranges: tuple[OsvRange, ...] | None = None
    versions: tuple[str, ...] | None = None
    ecosystem_specific: JsonMap | None = None
    database_specific: JsonMap | None = None
    extra: JsonMap = EMPTY


@attrs.frozen
class Reference:
    """One ``references[]`` entry."""

    type: ReferenceType
    url: str
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class Credit:
    """One ``credits[]`` entry: a name, contact URLs and a role."""

    name: str
    contact: tuple[str, ...] | None = None
    type: CreditType | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class OsvRecord:
    """An OSV record, as written, every field kept.

    Timestamps stay the strings the record holds (the edge checks they are RFC 3339), so that
    writing the record back gives exactly the same text for them.
    """

    schema_version: str | None = None
    id: str
    modified: str
    published: str | None = None
    withdrawn: str | None = None
    aliases: tuple[str, ...] | None = None
    upstream: tuple[str, ...] | None = None
    related: tuple[str, ...] | None = None
    summary: str | None = None
    details: str | None = None
    severity: tuple[SeverityScore, ...] | None = None
    affected: tuple[OsvAffected, ...] | None = None
    references: tuple[Reference, ...] | None = None
    credits: tuple[Credit, ...] | None = None
    database_specific: JsonMap | None = None
    extra: JsonMap = EMPTY

    @property
    def cwe_ids(self) -> tuple[str, ...]:
        """``database_specific.cwe_ids``, the place PSF and pypa records keep CWE ids."""
        if self.database_specific is None:
            return ()
        value = self.database_specific.get("cwe_ids")
        if not isinstance(value, tuple):
            return ()
        return tuple(item for item in value if isinstance(item, str))
