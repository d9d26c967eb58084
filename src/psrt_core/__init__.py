"""psrt-core: typed, pure-domain models for the Python Security Response Team.

The most used names are re-exported here; everything public is also reachable from its
subpackage (`psrt_core.versions`, `psrt_core.advisories`, `psrt_core.ranges`,
`psrt_core.governance`, `psrt_core.serialization`).
"""

from __future__ import annotations

from psrt_core.advisories import Advisory, CommitMap, Evaluation, Status
from psrt_core.exceptions import (
    InvalidCatalogError,
    InvalidGovernanceDataError,
    InvalidInputError,
    InvalidRecordError,
    InvalidTransitionError,
    InvalidVersionError,
    Problem,
    PsrtError,
    RuleViolationError,
    UnknownBranchError,
    UnknownMemberError,
    UnknownVersionError,
)
from psrt_core.governance import (
    Ballot,
    Member,
    Nomination,
    NominationDecision,
    Policy,
    Roster,
    tally,
)
from psrt_core.ranges import (
    AffectedIndex,
    AffectedRanges,
    BranchRange,
    BranchState,
    Conversion,
    ranges_from_fixes,
)
from psrt_core.serialization import (
    advisory_to_dict,
    catalog_from_dict,
    catalog_from_python_releases_toml,
    catalog_from_simple_api,
    catalog_to_dict,
    cpython_releases,
    dump_advisory,
    load_advisory,
    load_commit_map,
    pip_releases,
)
from psrt_core.versions import (
    Branch,
    BranchScheme,
    BranchStatus,
    Catalog,
    Interval,
    Release,
    VersionSet,
)

__all__ = [
    "Advisory",
    "AffectedIndex",
    "AffectedRanges",
    "Ballot",
    "Branch",
    "BranchRange",
    "BranchScheme",
    "BranchState",
    "BranchStatus",
    "Catalog",
    "CommitMap",
    "Conversion",
    "Evaluation",
    "Interval",
    "InvalidCatalogError",
    "InvalidGovernanceDataError",
    "InvalidInputError",
    "InvalidRecordError",
    "InvalidTransitionError",
    "InvalidVersionError",
    "Member",
    "Nomination",
    "NominationDecision",
    "Policy",
    "Problem",
    "PsrtError",
    "Release",
    "Roster",
    "RuleViolationError",
    "Status",
    "UnknownBranchError",
    "UnknownMemberError",
    "UnknownVersionError",
    "VersionSet",
    "__version__",
    "advisory_to_dict",
    "catalog_from_dict",
    "catalog_from_python_releases_toml",
    "catalog_from_simple_api",
    "catalog_to_dict",
    "cpython_releases",
    "dump_advisory",
    "load_advisory",
    "load_commit_map",
    "pip_releases",
    "ranges_from_fixes",
    "tally",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("psrt-core")
    msg = f"module 'psrt_core' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return __all__
