"""The Hypothesis entry point: ``st.from_type`` knows psrt-core's types downstream."""

from __future__ import annotations

from importlib.metadata import entry_points

from hypothesis import given
from hypothesis import strategies as st

from psrt_core._hypothesis_hook import register_type_strategies
from psrt_core.advisories import CveRecord, OsvRecord
from psrt_core.governance import Roster
from psrt_core.versions import Catalog, VersionSet


def test_entry_point_is_declared() -> None:
    """The installed distribution declares the hook in Hypothesis' entry-point group."""
    hooks = [e for e in entry_points(group="hypothesis") if e.value.startswith("psrt_core.")]
    assert [e.value for e in hooks] == ["psrt_core._hypothesis_hook:register_type_strategies"]
    assert hooks[0].load() is register_type_strategies


@given(
    st.from_type(VersionSet),
    st.from_type(Catalog),
    st.from_type(Roster),
    st.one_of(st.from_type(OsvRecord), st.from_type(CveRecord)),
)
def test_from_type_draws_psrt_core_values(
    versions: VersionSet, catalog: Catalog, roster: Roster, record: OsvRecord | CveRecord
) -> None:
    """Drawn values are real instances of the registered types."""
    assert isinstance(versions, VersionSet)
    assert isinstance(catalog, Catalog)
    assert isinstance(roster, Roster)
    assert isinstance(record, (OsvRecord, CveRecord))


def test_importing_the_strategies_before_hypothesis_is_not_circular() -> None:
    """Hypothesis runs the hook inside ``import hypothesis``, which ``import psrt_core.testing``
    triggers; the hook must not need `psrt_core.testing` to be importable yet."""
    import subprocess
    import sys

    code = (
        "import psrt_core.testing\n"
        "from hypothesis import find, strategies as st\n"
        "from psrt_core import VersionSet\n"
        "assert isinstance(find(st.from_type(VersionSet), lambda _: True), VersionSet)\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
