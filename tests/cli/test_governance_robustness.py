"""``psrt-core governance``: inputs from the code review give one line and exit 2 (review fix 6).

Issue 4's contract: "exit status 2 on bad input with one line naming the file and field", never a
traceback. Each case raised ``AttributeError`` or ``OverflowError`` before the fix, or (replay
``--at``) accepted a log that is out of order.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from psrt_core.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "governance" / "fixtures"
ROSTER = str(FIXTURES / "psrt.csv")
ACTIVITY = str(FIXTURES / "activity.json")
NOMINATION = str(FIXTURES / "nomination.json")


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI and capture its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = main(["governance", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "bad.json: $: expected an object (got [])"),
        (
            '{"nominee":{"name":"X","github":"x"},"nominator":"a",'
            '"opened_at":"9999-12-31T23:00:00Z"}',
            "bad.json: $.opened_at: too late: timestamps must be before 9000-01-01T00:00:00Z"
            " (got '9999-12-31T23:00:00Z')",
        ),
    ],
)
def test_tally_of_a_bad_nomination_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    """Issue 4: a nomination that is no object, or opens too late to close, exits 2."""
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(text, encoding="utf-8")
    assert run("tally", "bad.json", "--roster", ROSTER) == (2, "", f"psrt-core: error: {message}\n")


def test_check_of_a_roster_with_a_non_object_member_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 4: ``{"members": [[]]}`` exits 2 naming the entry."""
    monkeypatch.chdir(tmp_path)
    Path("r.json").write_text('{"format":"psrt-core/roster-1","members":[[]]}', encoding="utf-8")
    assert run("check", "--roster", "r.json") == (
        2,
        "",
        "psrt-core: error: r.json: $.members[0]: expected an object (got [])\n",
    )


@pytest.mark.parametrize(
    ("table", "key"),
    [("nomination", "period_days"), ("inactivity", "first_window_days")],
)
def test_a_huge_day_count_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, key: str
) -> None:
    """§K settings: a day count above 36500 is refused where it is written."""
    monkeypatch.chdir(tmp_path)
    Path("p.toml").write_text(f"[{table}]\n{key} = 3000000\n", encoding="utf-8")
    assert run("tally", NOMINATION, "--roster", ROSTER, "--policy", "p.toml") == (
        2,
        "",
        f"psrt-core: error: p.toml: $.{table}.{key}: at most 36500 days (100 years)"
        " (got 3000000)\n",
    )


def test_an_inactivity_report_whose_window_starts_before_year_one_is_one_line() -> None:
    """R-F2: ``--on 0001-01-01`` with the 365-day first window has no start date."""
    assert run("inactivity", "--roster", ROSTER, "--activity", ACTIVITY, "--on", "0001-01-01") == (
        2,
        "",
        "psrt-core: error: on: too early: the first window of 365 days starts before year 1"
        " (got '0001-01-01')\n",
    )


def test_replay_at_a_time_refuses_an_out_of_order_log() -> None:
    """Event log: the reviewer's ev4 has an event earlier than the one before it."""
    events = str(FIXTURES / "review" / "ev4.jsonl")
    assert run("replay", events, "--at", "2026-03-06") == (
        2,
        "",
        f"psrt-core: error: {events}: event 5: LOG: event at 2026-03-05T09:00:00+00:00 is"
        " earlier than the previous event\n",
    )
