"""psrt-core: typed, pure-domain models for the Python Security Response Team.

The root holds the handful of names a PSF tool needs; everything else lives in its subpackage
(`psrt_core.versions`, `psrt_core.advisories`, `psrt_core.ranges`, `psrt_core.governance`,
`psrt_core.serialization`). Names are loaded on first use (PEP 562), so ``import psrt_core``
costs almost nothing and never loads cattrs, PyYAML or the governance package.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psrt_core.advisories import Advisory, CommitMap
    from psrt_core.exceptions import PsrtError
    from psrt_core.governance import Nomination, Policy, Roster, tally
    from psrt_core.ranges import AffectedIndex, ranges_from_fixes
    from psrt_core.serialization import (
        cpython_releases,
        load_advisory,
        parse_advisory,
        pip_releases,
    )
    from psrt_core.versions import Catalog, VersionSet

__all__ = [
    "Advisory",
    "AffectedIndex",
    "Catalog",
    "CommitMap",
    "Nomination",
    "Policy",
    "PsrtError",
    "Roster",
    "VersionSet",
    "__version__",
    "cpython_releases",
    "load_advisory",
    "parse_advisory",
    "pip_releases",
    "ranges_from_fixes",
    "tally",
]

#: Where each root name is defined: the root only re-exports.
_HOMES: dict[str, str] = {
    "Advisory": "psrt_core.advisories",
    "AffectedIndex": "psrt_core.ranges",
    "Catalog": "psrt_core.versions",
    "CommitMap": "psrt_core.advisories",
    "Nomination": "psrt_core.governance",
    "Policy": "psrt_core.governance",
    "PsrtError": "psrt_core.exceptions",
    "Roster": "psrt_core.governance",
    "VersionSet": "psrt_core.versions",
    "cpython_releases": "psrt_core.serialization",
    "load_advisory": "psrt_core.serialization",
    "parse_advisory": "psrt_core.serialization",
    "pip_releases": "psrt_core.serialization",
    "ranges_from_fixes": "psrt_core.ranges",
    "tally": "psrt_core.governance",
}

#: Names the 0.1 root exported and the docs showed there; they still work, with a warning.
_DEPRECATED: dict[str, str] = {
    "AffectedRanges": "psrt_core.ranges",
    "Ballot": "psrt_core.governance",
    "Branch": "psrt_core.versions",
    "BranchRange": "psrt_core.ranges",
    "BranchScheme": "psrt_core.versions",
    "BranchState": "psrt_core.ranges",
    "BranchStatus": "psrt_core.versions",
    "Conversion": "psrt_core.ranges",
    "Evaluation": "psrt_core.advisories",
    "Interval": "psrt_core.versions",
    "InvalidCatalogError": "psrt_core.exceptions",
    "InvalidGovernanceDataError": "psrt_core.exceptions",
    "InvalidInputError": "psrt_core.exceptions",
    "InvalidRecordError": "psrt_core.exceptions",
    "InvalidTransitionError": "psrt_core.exceptions",
    "InvalidVersionError": "psrt_core.exceptions",
    "Member": "psrt_core.governance",
    "NominationDecision": "psrt_core.governance",
    "Problem": "psrt_core.exceptions",
    "Release": "psrt_core.versions",
    "RuleViolationError": "psrt_core.exceptions",
    "Status": "psrt_core.advisories",
    "UnknownBranchError": "psrt_core.exceptions",
    "UnknownMemberError": "psrt_core.exceptions",
    "UnknownVersionError": "psrt_core.exceptions",
    "advisory_to_dict": "psrt_core.serialization",
    "catalog_from_dict": "psrt_core.serialization",
    "catalog_from_python_releases_toml": "psrt_core.serialization",
    "catalog_from_simple_api": "psrt_core.serialization",
    "catalog_to_dict": "psrt_core.serialization",
    "dump_advisory": "psrt_core.serialization",
    "load_commit_map": "psrt_core.serialization",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from psrt_core._version import __version__

        return __version__
    home = _HOMES.get(name)
    if home is None and name in _DEPRECATED:
        home = _DEPRECATED[name]
        warnings.warn(
            f"psrt_core.{name} is deprecated; import it from {home}",
            DeprecationWarning,
            stacklevel=2,
        )
    if home is None:
        msg = f"module 'psrt_core' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(home), name)
    if name in _HOMES:
        globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return __all__
