"""The inactivity report lists a person once (S58); a coordinator who left is flagged (R-H4)."""

from __future__ import annotations

import datetime as dt

from psrt_core.governance import (
    VulnerabilityReport,
    coordination_status,
    inactivity_report,
)
from psrt_core.serialization import (
    roster_from_devguide_csv,
)
from tests.governance.conftest import (
    ROSTER,
    T0,
    log,
)


def test_the_inactivity_report_lists_a_person_once() -> None:
    """S58 with R-F1: one inactive person listed under two spellings is reported once."""
    roster = roster_from_devguide_csv(log("case-duplicates.csv"))
    report = inactivity_report(roster, (), on=dt.date(2026, 3, 2))
    assert [entry.member.github for entry in report.inactive] == ["PaulMcMillan", "a"]


def test_coordinator_who_left_is_flagged() -> None:
    """R-H4: a report whose coordinator is no longer a member must be handed on."""
    report = VulnerabilityReport("GHSA-1", T0, coordinator="gone")
    status = coordination_status(report, ROSTER, at=T0 + dt.timedelta(days=1))
    assert status.flags == ("coordinator_not_a_member",)
    assert status.rules == ("R-H2", "R-H4")
