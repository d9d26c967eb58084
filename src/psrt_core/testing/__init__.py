"""Hypothesis strategies for psrt-core's types, for users who property-test code built on them.

Needs the ``testing`` extra: ``pip install psrt-core[testing]``.
"""

from __future__ import annotations

from psrt_core.testing._advisories import (
    commit_maps,
    cve_products,
    cve_records,
    cve_versions,
    evaluation_points,
    osv_affected,
    osv_events,
    osv_ranges,
    osv_records,
    range_versions,
)
from psrt_core.testing._catalogs import branches, catalog_versions, catalogs, releases
from psrt_core.testing._governance import (
    ballots,
    governance_histories,
    handles,
    members,
    nominations,
    rosters,
)
from psrt_core.testing._versions import cpython_versions, pip_versions, version_sets, versions

__all__: list[str] = [
    "ballots",
    "branches",
    "catalog_versions",
    "catalogs",
    "commit_maps",
    "cpython_versions",
    "cve_products",
    "cve_records",
    "cve_versions",
    "evaluation_points",
    "governance_histories",
    "handles",
    "members",
    "nominations",
    "osv_affected",
    "osv_events",
    "osv_ranges",
    "osv_records",
    "pip_versions",
    "range_versions",
    "releases",
    "rosters",
    "version_sets",
    "versions",
]


def __dir__() -> list[str]:
    return __all__
