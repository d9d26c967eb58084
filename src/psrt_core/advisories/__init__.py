"""Advisory records (OSV and CVE JSON 5) and exactly which versions they mark affected.

Pure domain: record models (OSV, CVE JSON 5, GitHub Security Advisories and the credit ledger),
evaluation, lint and format conversion. Building and revising published records is
`psrt_core.publication`'s job; reading and writing files `psrt_core.serialization`'s
(``psrt_core.load_advisory``).
"""

from psrt_core.advisories._advisory import (
    Advisory,
    cve_product_name,
    normalize_name,
    osv_entry_product,
    user_version,
)
from psrt_core.advisories._aliases import alias_ids, group_aliases, split_withdrawn
from psrt_core.advisories._commits import CommitMap, CommitReach
from psrt_core.advisories._convert import cve_to_osv, osv_to_cve
from psrt_core.advisories._credits import (
    CreditEntry,
    CreditLedger,
    CreditSource,
    DisplayNames,
    parse_role,
)
from psrt_core.advisories._cve import (
    CnaContainer,
    CveChange,
    CveContainers,
    CveCredit,
    CveDescription,
    CveMetadata,
    CveProblemDescription,
    CveProblemType,
    CveProduct,
    CveRecord,
    CveReference,
    CveVersion,
    Status,
)
from psrt_core.advisories._dates import RecordDates, parse_record_time, record_dates
from psrt_core.advisories._evaluation import (
    Evaluation,
    cve_match_set,
    evaluate_cve_product,
    evaluate_osv_range,
    walk_events,
)
from psrt_core.advisories._ghsa import (
    CreditState,
    GhsaAdvisory,
    GhsaCredit,
    GhsaCreditType,
    GhsaPackage,
    GhsaState,
    GhsaUser,
    GhsaVulnerability,
)
from psrt_core.advisories._json import JsonMap
from psrt_core.advisories._lint import Finding, Level, lint, lint_all, lint_checks
from psrt_core.advisories._notation import CveLayout
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
from psrt_core.advisories._platforms import normalize_platform, platform_applies

__all__ = [
    "Advisory",
    "CnaContainer",
    "CommitMap",
    "CommitReach",
    "Credit",
    "CreditEntry",
    "CreditLedger",
    "CreditSource",
    "CreditState",
    "CreditType",
    "CveChange",
    "CveContainers",
    "CveCredit",
    "CveDescription",
    "CveLayout",
    "CveMetadata",
    "CveProblemDescription",
    "CveProblemType",
    "CveProduct",
    "CveRecord",
    "CveReference",
    "CveVersion",
    "DisplayNames",
    "Evaluation",
    "Event",
    "EventKind",
    "Finding",
    "GhsaAdvisory",
    "GhsaCredit",
    "GhsaCreditType",
    "GhsaPackage",
    "GhsaState",
    "GhsaUser",
    "GhsaVulnerability",
    "JsonMap",
    "Level",
    "OsvAffected",
    "OsvRange",
    "OsvRecord",
    "Package",
    "RangeType",
    "RecordDates",
    "Reference",
    "ReferenceType",
    "SeverityScore",
    "SeverityType",
    "Status",
    "alias_ids",
    "cve_match_set",
    "cve_product_name",
    "cve_to_osv",
    "evaluate_cve_product",
    "evaluate_osv_range",
    "group_aliases",
    "lint",
    "lint_all",
    "lint_checks",
    "normalize_name",
    "normalize_platform",
    "osv_entry_product",
    "osv_to_cve",
    "parse_record_time",
    "parse_role",
    "platform_applies",
    "record_dates",
    "split_withdrawn",
    "user_version",
    "walk_events",
]


def __dir__() -> list[str]:
    return __all__
