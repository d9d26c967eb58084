"""Affected ranges: per-branch ranges from fixes, conversions, research, a bulk index, audits.

Pure domain, like `psrt_core.versions`: no file or JSON handling, no printing, no clock (dates
are arguments). The CLI (``psrt-core range`` and ``psrt-core report``) and the serialization
layer build on it.
"""

from psrt_core.ranges._audit import (
    AuditFinding,
    AuditIndex,
    AuditReport,
    ProductIndex,
    TargetAudit,
    Upgrade,
    Verdict,
    Vulnerability,
    audit,
    merge_advisories,
)
from psrt_core.ranges._convert import (
    HAS_VERSION_RANGE,
    LINE,
    Conversion,
    catalog_set,
    from_cve_versions,
    from_osv_ranges,
    from_specifiers,
    from_vers,
    from_version_range,
    to_cve_versions,
    to_osv_ranges,
    to_specifiers,
    to_vers,
    to_version_range,
)
from psrt_core.ranges._fixes import AffectedRanges, BranchRange, BranchState, ranges_from_fixes
from psrt_core.ranges._index import AdvisoryLike, AffectedIndex, EvaluationLike
from psrt_core.ranges._research import BranchExposure, Window, branch_exposures
from psrt_core.ranges._stats import (
    BranchStats,
    PeriodCount,
    VulnerabilityRecords,
    branch_stats,
    count_by_cwe,
    count_by_year,
    exposures_of,
    nearest_rank,
    vulnerabilities,
)

__all__ = [
    "HAS_VERSION_RANGE",
    "LINE",
    "AdvisoryLike",
    "AffectedIndex",
    "AffectedRanges",
    "AuditFinding",
    "AuditIndex",
    "AuditReport",
    "BranchExposure",
    "BranchRange",
    "BranchState",
    "BranchStats",
    "Conversion",
    "EvaluationLike",
    "PeriodCount",
    "ProductIndex",
    "TargetAudit",
    "Upgrade",
    "Verdict",
    "Vulnerability",
    "VulnerabilityRecords",
    "Window",
    "audit",
    "branch_exposures",
    "branch_stats",
    "catalog_set",
    "count_by_cwe",
    "count_by_year",
    "exposures_of",
    "from_cve_versions",
    "from_osv_ranges",
    "from_specifiers",
    "from_vers",
    "from_version_range",
    "merge_advisories",
    "nearest_rank",
    "ranges_from_fixes",
    "to_cve_versions",
    "to_osv_ranges",
    "to_specifiers",
    "to_vers",
    "to_version_range",
    "vulnerabilities",
]


def __dir__() -> list[str]:
    return __all__
