"""The CVE JSON 5 record (dataVersion 5.0 to 5.2) as frozen attrs classes.

The CNA container's affected products, their ``versions`` entries, credits, references,
problem types and descriptions are modelled; metrics and provider metadata are kept as given.
ADP containers (written by others, for example CISA's) are kept whole and never merged into
the CNA's data. Python names are snake_case; the edge maps them to the schema's camelCase.
"""

from __future__ import annotations

import enum

import attrs

from psrt_core.advisories._json import EMPTY, JsonMap
from psrt_core.advisories._osv import CreditType

__all__ = [
    "CnaContainer",
    "CveChange",
    "CveContainers",
    "CveCredit",
    "CveDescription",
    "CveMetadata",
    "CveProblemDescription",
    "CveProblemType",
    "CveProduct",
    "CveRecord",
    "CveReference",
    "CveVersion",
    "Status",
]


class Status(enum.Enum):
    """Whether a version is affected: the CVE JSON 5 status vocabulary, used for OSV too."""

    AFFECTED = "affected"
    UNAFFECTED = "unaffected"
    UNKNOWN = "unknown"


@attrs.frozen
class CveChange:
    """A ``changes[]`` item: from version *at* on (inside its range), the status is *status*."""

    at: str
    status: Status
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveVersion:
    """One ``versions[]`` entry: a single version, or a range when an upper bound is given."""

    version: str
    status: Status
    version_type: str | None = None
    less_than: str | None = None
    less_than_or_equal: str | None = None
    changes: tuple[CveChange, ...] | None = None
    extra: JsonMap = EMPTY

    @property
    def is_range(self) -> bool:
        """Whether the entry has ``lessThan`` or ``lessThanOrEqual`` (CVE 5 › versions)."""
        return self.less_than is not None or self.less_than_or_equal is not None


@attrs.frozen(kw_only=True)
class CveProduct:
    """One ``containers.cna.affected[]`` product and its version statuses."""

    vendor: str | None = None
    product: str | None = None
    collection_url: str | None = None
    package_name: str | None = None
    repo: str | None = None
    modules: tuple[str, ...] | None = None
    platforms: tuple[str, ...] | None = None
    cpes: tuple[str, ...] | None = None
    versions: tuple[CveVersion, ...] | None = None
    default_status: Status | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveCredit:
    """One credit; CVE JSON 5 defaults a missing *type* to ``finder``."""

    lang: str
    value: str
    type: CreditType | None = None
    user: str | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveReference:
    """One reference with its free-form tags (``patch``, ``vendor-advisory``, ...)."""

    url: str
    name: str | None = None
    tags: tuple[str, ...] | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveDescription:
    """A description in one language."""

    lang: str
    value: str
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveProblemDescription:
    """One problem type description, usually a CWE with its id in *cwe_id*."""

    lang: str
    description: str
    cwe_id: str | None = None
    type: str | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveProblemType:
    """One ``problemTypes[]`` item."""

    descriptions: tuple[CveProblemDescription, ...]
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CnaContainer:
    """The CNA's container: the authoritative affected data of the record."""

    affected: tuple[CveProduct, ...] | None = None
    descriptions: tuple[CveDescription, ...] | None = None
    references: tuple[CveReference, ...] | None = None
    title: str | None = None
    credits: tuple[CveCredit, ...] | None = None
    problem_types: tuple[CveProblemType, ...] | None = None
    metrics: tuple[JsonMap, ...] | None = None
    provider_metadata: JsonMap | None = None
    extra: JsonMap = EMPTY

    @property
    def cwe_ids(self) -> tuple[str, ...]:
        """Every ``problemTypes[].descriptions[].cweId``, first occurrence order, no repeats."""
        seen: dict[str, None] = {}
        for problem in self.problem_types or ():
            for description in problem.descriptions:
                if description.cwe_id:
                    seen.setdefault(description.cwe_id, None)
        return tuple(seen)


@attrs.frozen(kw_only=True)
class CveContainers:
    """``containers``: the CNA's and, untouched, the ADPs'."""

    cna: CnaContainer
    adp: tuple[JsonMap, ...] | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveMetadata:
    """``cveMetadata``: id, state and timestamps (kept as the record spells them)."""

    cve_id: str
    state: str
    assigner_org_id: str | None = None
    assigner_short_name: str | None = None
    date_reserved: str | None = None
    date_published: str | None = None
    date_updated: str | None = None
    date_rejected: str | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class CveRecord:
    """A CVE JSON 5 record, every field kept."""

    data_type: str
    data_version: str
    cve_metadata: CveMetadata
    containers: CveContainers
    extra: JsonMap = EMPTY
