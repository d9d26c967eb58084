"""Advisory records (OSV and CVE JSON 5) and exactly which versions they mark affected.

Pure domain: record models (OSV, CVE JSON 5, GitHub Security Advisories and the credit ledger),
evaluation, lint and format conversion. Building and revising published records is
`psrt_core.publication`'s job; reading and writing files `psrt_core.serialization`'s
(``psrt_core.load_advisory``).

Names are loaded on first use (PEP 562): reading and evaluating a record needs neither lint,
conversion, GitHub advisories nor the credit ledger, and a command line pays only for what it
uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psrt_core._lazy import lazy_getattr

if TYPE_CHECKING:
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

#: Where each name is defined: the package only re-exports, each on first use.
_LAZY: dict[str, str] = {
    "Advisory": "psrt_core.advisories._advisory",
    "cve_product_name": "psrt_core.advisories._advisory",
    "normalize_name": "psrt_core.advisories._advisory",
    "osv_entry_product": "psrt_core.advisories._advisory",
    "user_version": "psrt_core.advisories._advisory",
    "alias_ids": "psrt_core.advisories._aliases",
    "group_aliases": "psrt_core.advisories._aliases",
    "split_withdrawn": "psrt_core.advisories._aliases",
    "CommitMap": "psrt_core.advisories._commits",
    "CommitReach": "psrt_core.advisories._commits",
    "cve_to_osv": "psrt_core.advisories._convert",
    "osv_to_cve": "psrt_core.advisories._convert",
    "CreditEntry": "psrt_core.advisories._credits",
    "CreditLedger": "psrt_core.advisories._credits",
    "CreditSource": "psrt_core.advisories._credits",
    "DisplayNames": "psrt_core.advisories._credits",
    "parse_role": "psrt_core.advisories._credits",
    "CnaContainer": "psrt_core.advisories._cve",
    "CveChange": "psrt_core.advisories._cve",
    "CveContainers": "psrt_core.advisories._cve",
    "CveCredit": "psrt_core.advisories._cve",
    "CveDescription": "psrt_core.advisories._cve",
    "CveMetadata": "psrt_core.advisories._cve",
    "CveProblemDescription": "psrt_core.advisories._cve",
    "CveProblemType": "psrt_core.advisories._cve",
    "CveProduct": "psrt_core.advisories._cve",
    "CveRecord": "psrt_core.advisories._cve",
    "CveReference": "psrt_core.advisories._cve",
    "CveVersion": "psrt_core.advisories._cve",
    "Status": "psrt_core.advisories._cve",
    "RecordDates": "psrt_core.advisories._dates",
    "parse_record_time": "psrt_core.advisories._dates",
    "record_dates": "psrt_core.advisories._dates",
    "Evaluation": "psrt_core.advisories._evaluation",
    "cve_match_set": "psrt_core.advisories._evaluation",
    "evaluate_cve_product": "psrt_core.advisories._evaluation",
    "evaluate_osv_range": "psrt_core.advisories._evaluation",
    "walk_events": "psrt_core.advisories._evaluation",
    "CreditState": "psrt_core.advisories._ghsa",
    "GhsaAdvisory": "psrt_core.advisories._ghsa",
    "GhsaCredit": "psrt_core.advisories._ghsa",
    "GhsaCreditType": "psrt_core.advisories._ghsa",
    "GhsaPackage": "psrt_core.advisories._ghsa",
    "GhsaState": "psrt_core.advisories._ghsa",
    "GhsaUser": "psrt_core.advisories._ghsa",
    "GhsaVulnerability": "psrt_core.advisories._ghsa",
    "JsonMap": "psrt_core.advisories._json",
    "Finding": "psrt_core.advisories._lint",
    "Level": "psrt_core.advisories._lint",
    "lint": "psrt_core.advisories._lint",
    "lint_all": "psrt_core.advisories._lint",
    "lint_checks": "psrt_core.advisories._lint",
    "CveLayout": "psrt_core.advisories._notation",
    "Credit": "psrt_core.advisories._osv",
    "CreditType": "psrt_core.advisories._osv",
    "Event": "psrt_core.advisories._osv",
    "EventKind": "psrt_core.advisories._osv",
    "OsvAffected": "psrt_core.advisories._osv",
    "OsvRange": "psrt_core.advisories._osv",
    "OsvRecord": "psrt_core.advisories._osv",
    "Package": "psrt_core.advisories._osv",
    "RangeType": "psrt_core.advisories._osv",
    "Reference": "psrt_core.advisories._osv",
    "ReferenceType": "psrt_core.advisories._osv",
    "SeverityScore": "psrt_core.advisories._osv",
    "SeverityType": "psrt_core.advisories._osv",
    "normalize_platform": "psrt_core.advisories._platforms",
    "platform_applies": "psrt_core.advisories._platforms",
}

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


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return __all__
