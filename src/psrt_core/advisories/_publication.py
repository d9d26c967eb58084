"""The publication API in one place, re-exported by `psrt_core.advisories`.

GHSA models, the credit ledger, record building, checks, enrichment, revision diffs and the
case timeline.
"""

from psrt_core.advisories._checks import check_cve_record, check_osv_record
from psrt_core.advisories._credits import (
    CreditEntry,
    CreditLedger,
    CreditSource,
    DisplayNames,
    parse_role,
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
from psrt_core.advisories._publish import (
    EMBARGO_MARK,
    Publication,
    cve_disclosure_date,
    refuse_undisclosed,
)
from psrt_core.advisories._revision import (
    BranchChange,
    Enrichment,
    RecordDiff,
    advisory_credits,
    diff_records,
    enrich_osv,
)
from psrt_core.advisories._timeline import TARGET_DAYS, Milestone, Timeline, case_timeline

__all__ = [
    "EMBARGO_MARK",
    "TARGET_DAYS",
    "BranchChange",
    "CreditEntry",
    "CreditLedger",
    "CreditSource",
    "CreditState",
    "DisplayNames",
    "Enrichment",
    "GhsaAdvisory",
    "GhsaCredit",
    "GhsaCreditType",
    "GhsaPackage",
    "GhsaState",
    "GhsaUser",
    "GhsaVulnerability",
    "Milestone",
    "Publication",
    "RecordDiff",
    "Timeline",
    "advisory_credits",
    "case_timeline",
    "check_cve_record",
    "check_osv_record",
    "cve_disclosure_date",
    "diff_records",
    "enrich_osv",
    "parse_role",
    "refuse_undisclosed",
]
