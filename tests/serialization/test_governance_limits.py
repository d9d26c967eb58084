"""Governance documents at their bounds: line counts, the problem cap, constructor refusals.

Issue 4's contract (every problem with its location and value, only `InvalidGovernanceDataError`)
at the edges each reader enforces itself rather than through `psrt_core.limits`' generic checks.
"""

from __future__ import annotations

import attrs
import pytest

from psrt_core.exceptions import InvalidGovernanceDataError, Problem
from psrt_core.limits import DEFAULT_LIMITS
from psrt_core.serialization import (
    ROSTER_FORMAT,
    comment_activity_from_csv,
    events_from_jsonl,
    nomination_from_dict,
    roster_from_devguide_csv,
    roster_from_dict,
)
from psrt_core.serialization._governance_common import structure_document

_NO_VALUE = Problem.NO_VALUE
THREE = attrs.evolve(DEFAULT_LIMITS, max_items=3)


def _problems(call: object) -> list[tuple[str, str, object]]:
    with pytest.raises(InvalidGovernanceDataError) as caught:
        call()  # type: ignore[operator]
    return [(p.location, p.message, p.value) for p in caught.value.problems]


def test_an_event_log_longer_than_max_items_is_refused_whole() -> None:
    """Limits: a log of 4 lines under ``max_items=3`` is one problem at ``$``."""
    text = "\n".join(["{}"] * 4)
    assert _problems(lambda: events_from_jsonl(text, limits=THREE)) == [
        ("$", "4 lines exceed max_items=3", _NO_VALUE)
    ]


def test_a_log_with_many_bad_lines_reports_the_first_twenty() -> None:
    """Issue 4: every bad line is reported, up to 20 problems, then reading stops."""
    text = "\n".join(["[]"] * 25)
    problems = _problems(lambda: events_from_jsonl(text))
    assert len(problems) == 20
    assert problems[0] == ("line 1 $", "expected an object", [])
    assert problems[-1][0] == "line 20 $"


def test_a_devguide_csv_longer_than_max_items_stops_at_the_line() -> None:
    """Limits: the fourth line of ``psrt.csv`` under ``max_items=3`` is the problem."""
    text = "".join(f"M{i},m{i},\n" for i in range(5))
    assert _problems(lambda: roster_from_devguide_csv(text, limits=THREE)) == [
        ("line 4", "lines exceed max_items=3", _NO_VALUE)
    ]


def test_a_member_the_model_refuses_is_a_problem_at_its_path() -> None:
    """R-A5: a blank name passes the schema but the `Member` refuses it; reported at its path."""
    document = {"format": ROSTER_FORMAT, "members": [{"name": " ", "github": "x"}]}
    assert _problems(lambda: roster_from_dict(document)) == [
        ("$.members[0]", "a member needs a name", {"name": " ", "github": "x"})
    ]


def test_a_council_step_with_both_answer_and_votes_shows_the_conflicts_too() -> None:
    """R-D1, R-D4: ``decision`` and ``votes`` together are refused; the value shown keeps all."""
    council = {
        "decision": "veto",
        "votes": [{"councillor": "c1", "choice": "for"}],
        "conflicted": ["c2"],
    }
    document = {
        "nominee": {"name": "X", "github": "x", "pools": ["core_team"]},
        "nominator": "a",
        "opened_at": "2026-03-02T09:00:00Z",
        "steering_council": council,
    }
    assert _problems(lambda: nomination_from_dict(document)) == [
        ("$.steering_council", 'expected exactly one of "decision" or "votes"', council)
    ]


def test_a_hook_error_outside_an_object_is_still_a_problem() -> None:
    """Issue 4: a scalar hook's raw ``TypeError`` (no cattrs group around it) becomes a Problem.

    No public reader structures a bare scalar today; the guard keeps a future one honest.
    """
    problems: list[Problem] = []
    assert structure_document("7", int, "$.count", problems) is None
    assert [(p.location, p.message, p.value) for p in problems] == [
        ("$.count", "expected int, got str", "7")
    ]


_COMMENT = "warsaw,GHSA-xxxx-0001,2024-01-01T00:00:00Z"


def test_a_comment_log_field_over_the_csv_limit_is_one_problem() -> None:
    """Issue 14 (hostile input): a field longer than the csv module's 131,072 characters is a
    problem on its line, not a ``csv.Error`` traceback."""
    text = f'member,report,at\n"{"x" * 200_000}",r,2024-01-01T00:00:00Z\n'
    assert _problems(lambda: comment_activity_from_csv(text)) == [
        ("line 2", "not CSV: field larger than field limit (131072)", _NO_VALUE)
    ]


def test_a_comment_log_longer_than_max_items_is_refused() -> None:
    """Limits: the header and two comments under ``max_items=2``: the third line is refused."""
    text = "\n".join(["member,report,at", _COMMENT, _COMMENT]) + "\n"
    limits = attrs.evolve(DEFAULT_LIMITS, max_items=2)
    assert _problems(lambda: comment_activity_from_csv(text, limits=limits)) == [
        ("line 3", "lines exceed max_items=2", _NO_VALUE)
    ]
    assert len(comment_activity_from_csv(text, limits=THREE)) == 2


def test_a_comment_log_over_max_bytes_is_refused() -> None:
    """Limits: the text itself is bounded like every other document."""
    text = "member,report,at\n" + _COMMENT + "\n"
    limits = attrs.evolve(DEFAULT_LIMITS, max_bytes=10)
    with pytest.raises(InvalidGovernanceDataError, match="max_bytes=10"):
        comment_activity_from_csv(text, limits=limits)
