"""``psrt-core governance tally|inactivity|check|replay``: the contracts of issue 4.

Exit status 0 whenever the input could be evaluated, 2 with one line naming the file and the
field on bad input, never a traceback.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from psrt_core.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "governance" / "fixtures"
ROSTER = str(FIXTURES / "psrt.csv")
EMERITUS = str(FIXTURES / "psrt-emeritus.csv")
NOMINATION = str(FIXTURES / "nomination.json")


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI and capture its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = main(["governance", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


COUNCIL = "sc-one,sc-two,sc-three"


def test_tally_json_contract() -> None:
    """R-C3 at the exact boundary (2 yes, 1 no), R-C7 last ballot, R-C2 nominee, R-C6 close."""
    status, out, err = run(
        "tally", NOMINATION, "--roster", ROSTER, "--at", "2026-03-10", "--json",
        "--steering-council", COUNCIL,
    )  # fmt: skip
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document.pop("format") == "psrt-core/tally-1"
    assert list(document)[:9] == [
        "outcome",
        "yes",
        "no",
        "abstain",
        "electorate",
        "ignored_ballots",
        "flags",
        "rules",
        "reasons",
    ]
    assert document["outcome"] == "granted"
    assert (document["yes"], document["no"], document["abstain"], document["electorate"]) == (
        2,
        1,
        1,
        6,
    )
    assert document["ignored_ballots"] == [
        {
            "voter": "ines-e",
            "reason": "the nominee cannot vote on their own nomination",
            "rule": "R-C2",
        },
        {"voter": "brunox", "reason": "superseded by a later ballot", "rule": "R-C7"},
        {"voter": "eunji", "reason": "cast at or after the close of the vote", "rule": "R-C6"},
    ]
    assert document["flags"] == []
    assert document["rules"] == ["R-C1", "R-C2", "R-C6", "R-C7", "R-C3", "R-C4", "R-D1", "R-D4"]
    assert document["closes_at"] == "2026-03-09T09:00:00Z"
    council = document["steering_council"]
    assert (council["carried"], council["for"], council["against"]) == (False, 1, 2)
    assert document["settings_changed"] == []


def test_tally_text_shows_reasons_flags_and_departures(tmp_path: Path) -> None:
    """R-A2, R-C3: the text output lists reasons, flags and changed [TEXT] settings."""
    nomination = json.loads(Path(NOMINATION).read_text(encoding="utf-8"))
    nomination["nominee"]["pools"] = []
    del nomination["steering_council"]
    (tmp_path / "n.json").write_text(json.dumps(nomination), encoding="utf-8")
    (tmp_path / "p.toml").write_text('[nomination]\nthreshold = "3/4"\n', encoding="utf-8")
    status, out, _ = run(
        "tally", str(tmp_path / "n.json"), "--roster", ROSTER,
        "--policy", str(tmp_path / "p.toml"), "--at", "2026-03-10",
    )  # fmt: skip
    assert status == 0
    assert "outcome: rejected" in out.splitlines()
    assert "reason: 2 yes of 3 is below 3/4" in out.splitlines()
    assert "flags: departs_from_pep811, outside_expected_pool, threshold_not_met" in out
    assert "setting changed: nomination.threshold = 3/4 (default 2/3, TEXT)" in out


def test_inactivity_text_lists_departures(tmp_path: Path) -> None:
    """R-F3 / §K inactivity.exempt_roles [TEXT]: a changed exemption is shown."""
    (tmp_path / "p.toml").write_text("[inactivity]\nexempt_roles = []\n", encoding="utf-8")
    status, out, _ = run(
        "inactivity", "--roster", ROSTER, "--activity", str(FIXTURES / "activity.json"),
        "--on", "2026-06-01", "--policy", str(tmp_path / "p.toml"),
    )  # fmt: skip
    assert status == 0
    assert out.splitlines()[-2:] == [
        "4 inactive, 4 recommended for removal, 2 active",
        "setting changed: inactivity.exempt_roles = none (default release_manager,"
        " steering_council, TEXT)",
    ]


def test_tally_inside_the_week_is_open() -> None:
    """R-C6: a vote still inside its week is ``open``; later ballots are not yet cast."""
    status, out, _ = run(
        "tally", NOMINATION, "--roster", ROSTER, "--at", "2026-03-05T00:00:00Z", "--json"
    )
    document = json.loads(out)
    assert (status, document["outcome"], document["yes"], document["no"]) == (0, "open", 1, 1)


def test_tally_text_and_policy() -> None:
    """§K: a TOML policy's changed settings are listed with their basis."""
    policy = str(FIXTURES / "policy.toml")
    status, out, _ = run(
        "tally", NOMINATION, "--roster", ROSTER, "--at", "2026-03-10", "--policy", policy,
        "--steering-council", COUNCIL,
    )  # fmt: skip
    assert status == 0
    assert out.splitlines() == [
        "nomination of Ines Ejemplo (ines-e)",
        "outcome: granted",
        "yes 2, no 1, abstain 1; electorate 6; vote closes 2026-03-09T09:00:00+00:00",
        "share: 2 of 3 for, 66.67 % ≥ 2/3",
        "turnout: 4 of 6 members voted (2/3, 66.67 %); quorum 1/2 met",
        "window: opened 2026-03-02T09:00:00+00:00, closes 2026-03-09T09:00:00+00:00",
        "steering council: veto motion did not carry (for 1, against 2, abstain 0)",
        "ignored ballot: ines-e: the nominee cannot vote on their own nomination (R-C2)",
        "ignored ballot: brunox: superseded by a later ballot (R-C7)",
        "ignored ballot: eunji: cast at or after the close of the vote (R-C6)",
        "rules: R-C1, R-C2, R-C6, R-C7, R-C3, R-C4, R-D1, R-D4",
        "setting changed: nomination.quorum = 1/2 (default none, INTERP)",
        "setting changed: nomination.sc_veto_window = 14 days (default none, INTERP)",
    ]


def test_tally_with_council_list_and_emeritus(tmp_path: Path) -> None:
    """R-D4, R-F7: councillors outside --steering-council are ignored; emeritus nominee flagged."""
    nomination = json.loads(Path(NOMINATION).read_text(encoding="utf-8"))
    nomination["nominee"] = {"name": "Hana Przyklad", "github": "HanaP"}
    path = tmp_path / "n.json"
    path.write_text(json.dumps(nomination), encoding="utf-8")
    status, out, _ = run(
        "tally", str(path), "--roster", ROSTER, "--emeritus", EMERITUS,
        "--steering-council", "sc-two,sc-four", "--at", "2026-03-10", "--json",
    )  # fmt: skip
    document = json.loads(out)
    assert status == 0
    assert document["outcome"] == "vetoed"
    assert document["flags"] == ["outside_expected_pool", "former_member"]
    assert document["steering_council"]["flags"] == [
        "councillor_did_not_vote",
        "council_size_differs",
    ]


def test_inactivity_report() -> None:
    """R-F1 to R-F3: inactive members, RM exemption, annotations, over the trailing year."""
    status, out, err = run(
        "inactivity", "--roster", ROSTER, "--activity", str(FIXTURES / "activity.json"),
        "--on", "2026-06-01", "--steering-council", "farid-m", "--json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["window"] == {"after": "2025-06-01", "until": "2026-06-01"}
    assert [
        (e["member"], e["recommended_for_removal"], e["exemption"], e["annotations"])
        for e in document["inactive"]
    ] == [
        ("BrunoX", False, "release_manager", ["no_recorded_activity"]),
        ("dprimer", False, "release_manager", ["no_recorded_activity"]),
        ("eunji", True, None, ["active_before_window"]),
        ("farid-m", False, "steering_council", ["no_recorded_activity"]),
    ]
    assert document["active"] == ["ada-example", "chloe-b"]
    assert document["inactive"][2]["last_activity"] == "2025-06-01T08:00:00Z"


def test_inactivity_text_with_previous_report() -> None:
    """R-F2: the window runs since the previous report."""
    status, out, _ = run(
        "inactivity", "--roster", ROSTER, "--activity", str(FIXTURES / "activity.json"),
        "--on", "2026-06-01", "--previous-report", "2026-03-01",
    )  # fmt: skip
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "inactivity report on 2026-06-01 (activity after 2026-03-01)"
    assert lines[-1] == "5 inactive, 3 recommended for removal, 1 active"


def test_check_findings() -> None:
    """R-E1, R-A5: findings for the fixture lists, as text and JSON; exit 1 on findings."""
    status, out, _ = run("check", "--roster", ROSTER, "--emeritus", EMERITUS)
    assert (status, out) == (
        1,
        "missing_handle (R-A5): Gustav Vorbild on the emeritus list has no GitHub handle\n",
    )
    status, out, _ = run("check", "--roster", ROSTER, "--json")
    assert (status, json.loads(out)) == (
        0,
        {"format": "psrt-core/roster-check-1", "ok": True, "findings": []},
    )
    status, out, _ = run("check", "--roster", ROSTER)
    assert out == "ok: 6 members, 2 admins, 0 emeritus\n"


def test_check_too_few_admins(tmp_path: Path) -> None:
    """S49 / R-E1: one admin is a finding."""
    path = tmp_path / "psrt.csv"
    path.write_text("Solo Admin,solo,Admin\nSolo Admin Again,SOLO,\n", encoding="utf-8")
    status, out, _ = run("check", "--roster", str(path), "--json")
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert (status, codes) == (1, ["too_few_admins", "duplicate_handle"])


def test_replay_state() -> None:
    """Replay: the roster, nominations and pending duties at a time."""
    events = str(FIXTURES / "events.jsonl")
    status, out, err = run("replay", events, "--at", "2026-03-20", "--json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["events_applied"] == 12
    current = [m["github"] for m in document["roster"]["members"] if m["status"] == "member"]
    assert current == ["ada-example", "BrunoX", "ines-e"]
    assert document["nominations"] == []
    assert document["pending_duties"] == []
    status, out, _ = run("replay", events, "--at", "2026-02-10", "--json")
    assert json.loads(out)["pending_duties"] == [
        {
            "kind": "notify_steering_council",
            "subject": "2026-01",
            "rule": "R-D1",
            "message": "ask the Council for a veto or not",
        }
    ]
    status, out, _ = run("replay", events, "--at", "2026-02-10")
    assert out.splitlines() == [
        "state at 2026-02-10T00:00:00+00:00 after 6 event(s): 3 members, 2 admins, 0 emeritus",
        "nomination 2026-01: awaiting_steering_council (yes 2, no 0, abstain 0)",
        "pending: notify_steering_council 2026-01 (R-D1): ask the Council for a veto or not",
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad.json",
            '{"nominee": {"name": 3}, "nominator": "x", "opened_at": "2026-01-01T00:00:00Z"}',
            "psrt-core: error: bad.json: $.nominee.name: invalid value for type, expected str"
            " (got 3)",
        ),
        (
            "bad.json",
            "{",
            "psrt-core: error: bad.json: line 1 column 2: not JSON: Expecting"
            " property name enclosed in double quotes",
        ),
        (
            "bad.json",
            '{"nominee": {"name": "N"}, "nominator": "x", "opened_at": "2026-01-01T00:00:00Z",'
            ' "steering_council": {}}',
            'psrt-core: error: bad.json: $.steering_council: expected exactly one of "decision"'
            " or \"votes\" (got {'decision': None, 'votes': None})",
        ),
    ],
)
def test_tally_bad_input_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    """Bad input: exit 2, one line naming the file and the field."""
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    status, out, err = run("tally", name, "--roster", ROSTER)
    assert (status, out, err) == (2, "", message + "\n")


def test_bad_roster_policy_activity_and_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each input file names itself and the field in its one-line error."""
    monkeypatch.chdir(tmp_path)
    Path("r.csv").write_text("Name Only\n", encoding="utf-8")
    Path("p.toml").write_text("[nomination]\nthreshold = 0.67\n", encoding="utf-8")
    Path("a.json").write_text('[{"member": "x", "kind": "lurked", "at": "2026-01-01"}]', "utf-8")
    Path("e.jsonl").write_text('{"type": "resigned", "member": "x", "at": "2026-01-01"}\n', "utf-8")
    cases = [
        (("check", "--roster", "r.csv"), "r.csv: line 1: expected 3 fields: name,github,notes"
         " (got ['Name Only'])"),
        (("tally", NOMINATION, "--roster", ROSTER, "--policy", "p.toml"),
         "p.toml: $.nomination.threshold: invalid value for type, expected str (got 0.67)"),
        (("inactivity", "--roster", ROSTER, "--activity", "a.json", "--on", "2026-02-01"),
         "a.json: $[0].kind: invalid value for type, expected ActivityKind,"
         " one of: coordinated, commented (got 'lurked')"),
        (("replay", "e.jsonl"),
         "e.jsonl: event 1: R-F6: 'x' is not a PSRT member, so cannot resign"),
        (("check", "--roster", "missing.csv"), "missing.csv: no such file"),
        (("inactivity", "--roster", ROSTER, "--activity", "a.json", "--on", "2026-02-01",
          "--previous-report", "2026-02-01"), "--previous-report must be a date before --on"),
        (("check", "--roster", "x.json", "--emeritus", "e.csv"),
         "--emeritus goes with a devguide CSV roster, not a JSON roster"),
    ]  # fmt: skip
    for argv, message in cases:
        status, out, err = run(*argv)
        assert (status, out, err) == (2, "", f"psrt-core: error: {message}\n"), argv


def test_json_roster_is_accepted(tmp_path: Path) -> None:
    """A psrt-core JSON roster can stand in for the devguide CSV."""
    from psrt_core.serialization import roster_from_devguide_csv, roster_to_dict

    roster = roster_from_devguide_csv(Path(ROSTER).read_text(encoding="utf-8"))
    path = tmp_path / "roster.json"
    path.write_text(json.dumps(roster_to_dict(roster)), encoding="utf-8")
    status, out, _ = run("check", "--roster", str(path))
    assert (status, out) == (0, "ok: 6 members, 2 admins, 0 emeritus\n")


def test_steering_council_option_needs_handles(capsys: pytest.CaptureFixture[str]) -> None:
    """An empty --steering-council is a usage error (argparse exits 2)."""
    status, _, _ = run("tally", NOMINATION, "--roster", ROSTER, "--steering-council", ",")
    assert status == 2
    assert "expected comma-separated GitHub handles" in capsys.readouterr().err
