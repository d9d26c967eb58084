"""Shared helpers of the governance tests: a vote opened at a fixed instant, small rosters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from psrt_core.exceptions import RuleViolationError
from psrt_core.governance import (
    Member,
    MemberStatus,
    Nominee,
    Pool,
    Roster,
)

REVIEW = Path(__file__).resolve().parent / "fixtures" / "review"
UTC = dt.timezone.utc
EST = dt.timezone(dt.timedelta(hours=-5))
OPEN = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
NOMINEE = Nominee("N", "nn", frozenset({Pool.CORE_TEAM}))


def day(offset: float) -> dt.datetime:
    """*offset* days after the vote opened."""
    return OPEN + dt.timedelta(days=offset)


def log(name: str) -> str:
    """A reviewer's event log, copied into the fixtures."""
    return (REVIEW / name).read_text(encoding="utf-8")


def violation(call: object) -> RuleViolationError:
    """The `RuleViolationError` *call* raises."""
    with pytest.raises(RuleViolationError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def ignored(decision: object) -> list[tuple[str, str, str]]:
    """The ignored ballots of a decision as ``(voter, reason, rule)``."""
    return [(b.voter, b.reason, b.rule) for b in decision.ignored_ballots]  # type: ignore[attr-defined]


def removed_on_day_one() -> Roster:
    """A, B, C current; R was a member when the vote opened and left on its second day."""
    former = Member("R", "r", status=MemberStatus.EMERITUS, left=day(1).date())
    return Roster((Member("A", "a"), Member("B", "b"), Member("C", "c"), former))


T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ROSTER = Roster(
    (Member("Ada", "ada", joined=dt.date(2025, 1, 1)), Member("Bo", "bo"), Member("Cy", "cy"))
)


NORA = Nominee("Nora", "nora", frozenset({Pool.CORE_TEAM}))
