"""The Hypothesis strategies of `psrt_core.testing` refuse bounds they cannot meet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

from psrt_core.governance import (
    Nomination,
    Roster,
)
from psrt_core.testing import nominations, rosters


def test_strategies_refuse_impossible_bounds() -> None:
    """Strategies raise Hypothesis' InvalidArgument for impossible arguments."""
    with pytest.raises(InvalidArgument, match="min_size=3, max_size=2"):
        rosters(min_size=3, max_size=2)

    @given(nominations(roster=Roster()))
    def draw(nomination: Nomination) -> None:
        raise AssertionError  # pragma: no cover - never reached

    with pytest.raises(InvalidArgument, match="at least one current member"):
        draw()
