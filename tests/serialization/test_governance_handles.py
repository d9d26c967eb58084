"""Handles in governance documents (issue 14, S58): each bad one is reported at its own path."""

from __future__ import annotations

import json

import pytest

from psrt_core.exceptions import InvalidGovernanceDataError
from psrt_core.governance import SteeringCouncilSeated
from psrt_core.serialization import (
    activity_from_json,
    event_from_dict,
    event_to_dict,
    events_from_jsonl,
    nomination_from_dict,
    roster_from_devguide_csv,
    roster_from_dict,
)
from tests.governance.conftest import OPEN

KELVIN_KATE = "\u212aate"
RULE = (
    "not a GitHub handle (ASCII letters, digits and single hyphens, no hyphen first or last, "
    "at most 39 characters)"
)
KELVIN = f"{RULE}; non-ASCII: '\\u212aate'"


def _locations(error: InvalidGovernanceDataError) -> list[tuple[str, str, object]]:
    return [(p.location, p.message, p.value) for p in error.problems]


def test_devguide_csv_names_the_line_of_each_bad_handle() -> None:
    """S58: the Kelvin-sign Kate and a trailing hyphen, one error; a missing handle is fine."""
    text = f"Kate,{KELVIN_KATE},\nOk,ok,Admin\nNo Handle,,\nDash,dash-,\n"
    with pytest.raises(InvalidGovernanceDataError) as caught:
        roster_from_devguide_csv(text)
    assert caught.value.source == "psrt.csv"
    assert _locations(caught.value) == [
        ("line 1, github", KELVIN, KELVIN_KATE),
        ("line 4, github", RULE, "dash-"),
    ]


def test_json_roster_reports_every_bad_handle_with_its_path() -> None:
    """S58: each member's ``github`` is checked; the good members are not reported."""
    document = {
        "format": "psrt-core/roster-1",
        "members": [
            {"name": "K", "github": KELVIN_KATE},
            {"name": "Ok", "github": "ok"},
            {"name": "Long", "github": "a" * 40},
        ],
    }
    with pytest.raises(InvalidGovernanceDataError) as caught:
        roster_from_dict(document)
    assert _locations(caught.value) == [
        ("$.members[0].github", KELVIN, KELVIN_KATE),
        ("$.members[2].github", RULE, "a" * 40),
    ]


def test_nomination_reports_nominee_nominator_seconders_voters_and_councillors() -> None:
    """R-C1, R-C2, R-D4: every field that names a person is a GitHub handle."""
    document = {
        "nominee": {"name": "Kate Ünicode", "github": "kate"},
        "nominator": "a b",
        "opened_at": "2026-03-02T09:00:00Z",
        "seconders": ["a--b"],
        "ballots": [{"voter": KELVIN_KATE, "choice": "yes", "cast_at": "2026-03-02T10:00:00Z"}],
        "steering_council": {
            "votes": [{"councillor": "-sc", "choice": "for"}],
            "conflicted": ["sc_1"],
        },
    }
    with pytest.raises(InvalidGovernanceDataError) as caught:
        nomination_from_dict(document)
    assert _locations(caught.value) == [
        ("$.nominator", RULE, "a b"),
        ("$.seconders[0]", RULE, "a--b"),
        ("$.ballots[0].voter", KELVIN, KELVIN_KATE),
        ("$.steering_council.conflicted[0]", RULE, "sc_1"),
        ("$.steering_council.votes[0].councillor", RULE, "-sc"),
    ]


def test_event_log_and_activity_report_handles_per_line() -> None:
    """S58: event members, voters, councillors and motion subjects; a veto's subject is free."""
    lines = [
        {"type": "resigned", "member": KELVIN_KATE, "at": "2026-03-02T10:00:00Z"},
        {"type": "steering_council_seated", "councillors": ["ok", "x_"],
         "at": "2026-03-02T10:00:00Z"},
        {"type": "steering_council_motion_decided", "motion": "m", "kind": "removal",
         "subject": "-x", "votes": [], "at": "2026-03-02T10:00:00Z"},
        {"type": "steering_council_motion_decided", "motion": "v", "kind": "veto",
         "subject": "nomination 1", "votes": [], "at": "2026-03-02T10:00:00Z"},
    ]  # fmt: skip
    text = "".join(json.dumps(line) + "\n" for line in lines)
    with pytest.raises(InvalidGovernanceDataError) as caught:
        events_from_jsonl(text)
    assert _locations(caught.value) == [
        ("line 1 $.member", KELVIN, KELVIN_KATE),
        ("line 2 $.councillors[1]", RULE, "x_"),
        ("line 3 $.subject", RULE, "-x"),
    ]
    activity = [{"member": "ok", "kind": "commented", "at": "2026-03-02T10:00:00Z"},
                {"member": "o k", "kind": "commented", "at": "2026-03-02T10:00:00Z"}]  # fmt: skip
    with pytest.raises(InvalidGovernanceDataError) as caught:
        activity_from_json(json.dumps(activity))
    assert _locations(caught.value) == [("$[1].member", RULE, "o k")]


def test_steering_council_seated_round_trips() -> None:
    """R-D4: the Council's seating is an event of the log, written and read back unchanged."""
    event = SteeringCouncilSeated(("gpshead", "Yhg1s"), OPEN)
    document = event_to_dict(event)
    assert document == {
        "type": "steering_council_seated",
        "councillors": ["gpshead", "Yhg1s"],
        "at": "2026-03-02T09:00:00Z",
    }
    assert event_from_dict(document) == event
