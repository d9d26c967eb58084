"""Governance documents never fail with anything but `InvalidGovernanceDataError` (review fix 6).

Issue 4's contract: bad input gives every problem with its location and value, and the CLI one
line and exit status 2, never a traceback. These failed before the fix with ``AttributeError``
(an array where an object belongs) and ``OverflowError`` (timestamps and day counts at the edge
of the calendar).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.exceptions import InvalidGovernanceDataError
from psrt_core.serialization import (
    activity_from_json,
    event_from_dict,
    events_from_jsonl,
    nomination_from_dict,
    policy_from_dict,
    roster_from_dict,
)

NOMINEE = {"name": "X", "github": "x", "pools": ["core_team"]}


def error(call: Callable[[], object]) -> str:
    """The one-line message of the `InvalidGovernanceDataError` *call* raises."""
    with pytest.raises(InvalidGovernanceDataError) as caught:
        call()
    return str(caught.value)


def nomination(**fields: Any) -> dict[str, Any]:
    """A valid nomination document with *fields* replaced."""
    return {"nominee": NOMINEE, "nominator": "a", "opened_at": "2026-03-02T09:00:00Z", **fields}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "$: expected an object (got [])"),
        ("x", "$: expected an object (got 'x')"),
        (
            nomination(opened_at="9999-12-31T23:00:00Z"),
            "$.opened_at: too late: timestamps must be before 9000-01-01T00:00:00Z"
            " (got '9999-12-31T23:00:00Z')",
        ),
        (
            nomination(
                ballots=[{"voter": "a", "choice": "yes", "cast_at": "9999-12-31T23:59:59-05:00"}]
            ),
            "$.ballots[0].cast_at: outside the years 1 to 9999 once converted to UTC"
            " (got '9999-12-31T23:59:59-05:00')",
        ),
        (
            nomination(seconders="abc"),
            "$.seconders: expected a list, got str (got 'abc')",
        ),
        (
            nomination(ballots={"a": 1}),
            "$.ballots: expected a list, got dict (got {'a': 1})",
        ),
        (
            nomination(nominee={"name": "X", "github": ""}),
            "$.nominee: an empty GitHub handle must be None (got {'name': 'X', 'github': ''})",
        ),
        (
            nomination(steering_council={"decision": "veto", "conflicted": ["c1"]}),
            "$.steering_council.conflicted: declared conflicts go with \"votes\" (got ['c1'])",
        ),
    ],
)
def test_bad_nomination_documents_are_problems(document: object, message: str) -> None:
    """Issue 4 (bad input names the field), R-C6 (UTC instants): each case is one Problem."""
    assert error(lambda: nomination_from_dict(document)) == message


def test_the_nominee_on_council_can_be_named_conflicted() -> None:
    """R-D4: the nomination document accepts ``"conflicted"`` beside the councillors' votes."""
    votes = [{"councillor": "c1", "choice": "for"}, {"councillor": "c2", "choice": "against"}]
    parsed = nomination_from_dict(
        nomination(steering_council={"votes": votes, "conflicted": ["C2"]})
    )
    assert parsed.steering_council is not None
    assert parsed.steering_council.conflicted == frozenset({"C2"})  # type: ignore[union-attr]


def test_a_timestamp_is_read_as_a_utc_instant() -> None:
    """R-C6 ("use timezone-aware UTC timestamps"): the offset is applied, then dropped."""
    parsed = nomination_from_dict(nomination(opened_at="2026-03-02T20:00:00-05:00"))
    assert parsed.opened_at.isoformat() == "2026-03-03T01:00:00+00:00"


def test_a_roster_member_that_is_not_an_object_is_a_problem() -> None:
    """Issue 4: ``{"members": [[]]}`` names the entry instead of raising AttributeError."""
    document = {"format": "psrt-core/roster-1", "members": [[], "x"]}
    assert error(lambda: roster_from_dict(document)) == (
        "$.members[0]: expected an object (got []); $.members[1]: expected an object (got 'x')"
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"nomination": {"period_days": 3_000_000}},
            "$.nomination.period_days: at most 36500 days (100 years) (got 3000000)",
        ),
        (
            {"inactivity": {"first_window_days": 3_000_000}},
            "$.inactivity.first_window_days: at most 36500 days (100 years) (got 3000000)",
        ),
        ([], "$: expected an object (got [])"),
    ],
)
def test_day_counts_are_bounded(document: object, message: str) -> None:
    """§K settings: a window longer than 100 years is refused, not an OverflowError later."""
    assert error(lambda: policy_from_dict(document)) == message


def test_an_event_type_that_is_no_string_is_a_problem() -> None:
    """Event log: a ``"type"`` that is an array is a Problem, not "unhashable type" (Hypothesis)."""
    assert error(lambda: events_from_jsonl('{"type": []}')).startswith(
        "line 1 $.type: expected one of activity_recorded, admin_designated,"
    )


def test_an_event_before_year_one_in_utc_is_a_problem() -> None:
    """Event log: ``0001-01-01T00:00:00+01:00`` is before year 1 in UTC; one line names it."""
    text = '{"type":"vulnerability_report_received","report":"r","at":"0001-01-01T00:00:00+01:00"}'
    assert error(lambda: events_from_jsonl(text)) == (
        "line 1 $.at: outside the years 1 to 9999 once converted to UTC"
        " (got '0001-01-01T00:00:00+01:00')"
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "2026-03-02T09:00:00Z",
            "9999-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00+01:00",
            *["yes", "", "a", "psrt-core/roster-1", "member_listed", "ballot_cast", "nominated"],
        ]
    )
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "format",
                    "members",
                    "name",
                    "github",
                    "nominee",
                    "nominator",
                    "opened_at",
                    "ballots",
                    "voter",
                    "choice",
                    "cast_at",
                    "steering_council",
                    "votes",
                    "conflicted",
                    "seconders",
                    "type",
                    "at",
                    "member",
                    "kind",
                    "nomination",
                    "inactivity",
                    "period_days",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


def _event(document: object) -> object:
    return event_from_dict(document)


@pytest.mark.parametrize(
    "load",
    [
        roster_from_dict,
        policy_from_dict,
        nomination_from_dict,
        _event,
        lambda document: activity_from_json(json.dumps(document)),
        lambda document: events_from_jsonl(json.dumps(document)),
    ],
    ids=["roster", "policy", "nomination", "event", "activity", "event-log"],
)
@given(document=json_values)
def test_any_json_gives_a_result_or_invalid_governance_data(
    load: Callable[[object], object], document: object
) -> None:
    """Issue 4: every governance reader returns a value or raises InvalidGovernanceDataError."""
    with contextlib.suppress(InvalidGovernanceDataError):
        load(document)


def test_a_member_the_domain_refuses_is_a_problem_at_its_entry() -> None:
    """R-A5: a member needs a name; the domain's own message is kept with the entry's path."""
    document = {"format": "psrt-core/roster-1", "members": [{"name": " ", "github": "x"}]}
    assert error(lambda: roster_from_dict(document)) == (
        "$.members[0]: a member needs a name (got {'name': ' ', 'github': 'x'})"
    )
