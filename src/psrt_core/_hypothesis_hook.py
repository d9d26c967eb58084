"""Hypothesis entry point: teaches ``st.from_type`` psrt-core's types.

Registered in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``, so a project that
has psrt-core and Hypothesis installed can write ``st.from_type(Roster)`` or annotate a
``@given`` argument with ``VersionSet``. This module imports nothing at import time, because
Hypothesis loads it while Hypothesis itself is still being imported.
"""

from __future__ import annotations

__all__ = ["register_type_strategies"]


def register_type_strategies() -> None:
    """Register a strategy for every psrt-core type that has one in `psrt_core.testing`."""
    from hypothesis import strategies as st

    from psrt_core import testing
    from psrt_core.advisories import CommitMap, CveRecord, OsvRecord
    from psrt_core.governance import Ballot, Member, Nomination, Roster
    from psrt_core.versions import Branch, Catalog, Release, VersionSet

    strategies: dict[type, st.SearchStrategy[object]] = {
        VersionSet: testing.version_sets(),
        Release: testing.releases(),
        Branch: testing.branches(),
        Catalog: testing.catalogs(),
        OsvRecord: testing.osv_records(),
        CveRecord: testing.cve_records(),
        CommitMap: testing.commit_maps(),
        Member: testing.members(),
        Roster: testing.rosters(),
        Ballot: testing.ballots(),
        Nomination: testing.nominations(),
    }
    for type_, strategy in strategies.items():
        st.register_type_strategy(type_, strategy)
