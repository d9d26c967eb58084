"""Hypothesis entry point: teaches ``st.from_type`` psrt-core's types.

Registered in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``, so a project that
has psrt-core and Hypothesis installed can write ``st.from_type(Roster)`` or annotate a
``@given`` argument with ``VersionSet``.

Hypothesis calls the hook while ``import hypothesis`` is still running, which may itself be
happening inside ``import psrt_core.testing``; so the hook registers resolvers that import the
strategies only when ``from_type`` first asks for one, never at registration time.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["register_type_strategies"]

#: Each registered type and the `psrt_core.testing` strategy function that draws it.
STRATEGY_NAMES = {
    ("psrt_core.versions", "VersionSet"): "version_sets",
    ("psrt_core.versions", "Release"): "releases",
    ("psrt_core.versions", "Branch"): "branches",
    ("psrt_core.versions", "Catalog"): "catalogs",
    ("psrt_core.advisories", "OsvRecord"): "osv_records",
    ("psrt_core.advisories", "CveRecord"): "cve_records",
    ("psrt_core.advisories", "CommitMap"): "commit_maps",
    ("psrt_core.governance", "Member"): "members",
    ("psrt_core.governance", "Roster"): "rosters",
    ("psrt_core.governance", "Ballot"): "ballots",
    ("psrt_core.governance", "Nomination"): "nominations",
}


def _resolve(strategy_name: str, _type: type) -> Any:
    from psrt_core import testing

    return getattr(testing, strategy_name)()


def register_type_strategies() -> None:
    """Register a lazy strategy for every psrt-core type that has one in `psrt_core.testing`."""
    import importlib

    from hypothesis import strategies as st

    for (module_name, type_name), strategy_name in STRATEGY_NAMES.items():
        type_ = getattr(importlib.import_module(module_name), type_name)
        st.register_type_strategy(type_, functools.partial(_resolve, strategy_name))
