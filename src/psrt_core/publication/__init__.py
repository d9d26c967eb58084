"""Records out: from a GitHub Security Advisory and its fixes to CVE JSON 5 and OSV records.

Pure domain above `psrt_core.advisories` (the record types, the GHSA models and the credit
ledger) and ``psrt_core.ranges`` (which releases a set of fixes leaves affected): building the
records (`Publication`), their structural checks, enrichment of an existing OSV record, what
changed between two revisions, what a published record must change to match its fixes, and
the case timeline. Reading and writing files is `psrt_core.serialization`'s job.
"""

from psrt_core.publication._checks import check_cve_record, check_osv_record
from psrt_core.publication._publish import (
    EMBARGO_MARK,
    Publication,
    cve_disclosure_date,
    refuse_undisclosed,
)
from psrt_core.publication._revision import (
    BranchChange,
    CveUpdate,
    Enrichment,
    RecordDiff,
    advisory_credits,
    branch_changes,
    cve_update,
    diff_records,
    enrich_osv,
)
from psrt_core.publication._timeline import TARGET_DAYS, Milestone, Timeline, case_timeline

__all__ = [
    "EMBARGO_MARK",
    "TARGET_DAYS",
    "BranchChange",
    "CveUpdate",
    "Enrichment",
    "Milestone",
    "Publication",
    "RecordDiff",
    "Timeline",
    "advisory_credits",
    "branch_changes",
    "case_timeline",
    "check_cve_record",
    "check_osv_record",
    "cve_disclosure_date",
    "cve_update",
    "diff_records",
    "enrich_osv",
    "refuse_undisclosed",
]


def __dir__() -> list[str]:
    return __all__
