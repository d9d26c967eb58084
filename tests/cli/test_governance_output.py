"""Issue 12: the tally an admin can send, the activity file from traces, offboarding as a patch."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from psrt_core.cli import main
from psrt_core.cli._governance import offboarded
from psrt_core.cli._governance_output import (
    decision_to_dict,
    render_tally_markdown,
    render_tally_text,
)
from psrt_core.governance import (
    Ballot,
    Choice,
    Member,
    MemberStatus,
    Nomination,
    NominationPolicy,
    Nominee,
    Policy,
    Pool,
    Roster,
    VetoAnswer,
    tally,
)
from tests.conftest import shared_path

FIXTURES = Path(__file__).resolve().parents[1] / "governance" / "fixtures"


def _psrt() -> Path:
    """The devguide's PSRT roster in ``../shared`` (skips without it)."""
    return shared_path("data", "psrt", "psrt.csv")


def _emeritus() -> Path:
    return shared_path("data", "psrt", "psrt-emeritus.csv")


RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "explanation" / "governance-rules.md"
OPEN = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)
AFTER = OPEN + dt.timedelta(days=8)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["governance", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def roster(size: int = 10) -> Roster:
    return Roster(Member(f"Member {i}", f"member-{i}") for i in range(size))


def nomination(yes: int, no: int, *extra: Ballot, answer: VetoAnswer | None = None) -> Nomination:
    ballots = [Ballot(f"member-{i}", Choice.YES, OPEN + dt.timedelta(hours=1)) for i in range(yes)]
    ballots += [
        Ballot(f"member-{yes + i}", Choice.NO, OPEN + dt.timedelta(hours=1)) for i in range(no)
    ]
    nominee = Nominee("Nia Nominee", "nia-n", {Pool.TRIAGER})
    return Nomination(nominee, "member-0", OPEN, (*ballots, *extra), answer)


def test_share_threshold_and_turnout_are_exact() -> None:
    """R-C3, R-C4, R-C5: 7 of 10 for is 7/10 = 70 % against 2/3; turnout 10 of 12."""
    decision = tally(nomination(7, 3, answer=VetoAnswer.NO_VETO), roster(12), at=AFTER)
    assert (decision.share, decision.threshold, decision.turnout_share) == (
        Fraction(7, 10),
        Fraction(2, 3),
        Fraction(5, 6),
    )
    document = decision_to_dict(decision)
    assert document["share"] == {"fraction": "7/10", "percent": 70.0}
    assert document["threshold"] == {"fraction": "2/3", "percent": 66.67}
    assert document["turnout"] == {"fraction": "5/6", "percent": 83.33}
    assert (document["quorum"], document["share_of"], document["yes"]) == (None, 10, 7)
    assert document["opened_at"] == "2026-03-02T09:00:00Z"


def test_no_votes_has_no_share() -> None:
    """R-C5: nothing counted, no share (never a division by zero)."""
    decision = tally(nomination(0, 0), roster(3), at=AFTER)
    assert decision.share is None
    assert decision_to_dict(decision)["share"] is None
    assert "share: no votes counted; the threshold is 2/3" in render_tally_text(
        decision, nomination(0, 0)
    )


def test_unknown_handle_gets_the_nearest_member_handle() -> None:
    """R-C8: a handle nowhere on the roster is an unknown handle; the nearest handle is named."""
    typo = Ballot("membr-3", Choice.YES, OPEN + dt.timedelta(hours=2))
    stranger = Ballot("zz-top", Choice.YES, OPEN + dt.timedelta(hours=2))
    decision = tally(nomination(7, 3, typo, stranger), roster(12), at=AFTER)
    first, second = decision.ignored_ballots
    assert (first.voter, first.unknown, first.suggestion) == ("membr-3", True, "member-3")
    assert (second.voter, second.unknown, second.suggestion) == ("zz-top", True, None)
    assert decision_to_dict(decision)["ignored_ballots"][0] == {
        "voter": "membr-3",
        "reason": "not a PSRT member when the vote opened",
        "rule": "R-C8",
        "unknown_handle": True,
        "suggestion": "member-3",
    }
    text = render_tally_text(decision, nomination(7, 3, typo, stranger))
    assert (
        "ignored ballot: membr-3: unknown handle, not on the roster; nearest member handle: "
        "member-3 (R-C8)" in text.splitlines()
    )
    assert "ignored ballot: zz-top: unknown handle, not on the roster (R-C8)" in text


def test_former_member_is_not_an_unknown_handle() -> None:
    """R-C8: someone on the roster but not a member at the opening keeps the plain reason."""
    later = Member("Late Comer", "late-c", joined=dt.date(2026, 3, 3))
    ballot = Ballot("late-c", Choice.YES, OPEN + dt.timedelta(days=2))
    team = Roster((*roster(3).members, later))
    (ignored,) = tally(nomination(2, 0, ballot), team, at=AFTER).ignored_ballots
    assert (ignored.reason, ignored.unknown, ignored.suggestion) == (
        "not a PSRT member when the vote opened",
        False,
        None,
    )


PASSING = """\
# PSRT nomination of Nia Nominee (@nia-n): granted

The vote passed and the Steering Council did not veto it: Nia Nominee (@nia-n) is admitted \
to the PSRT.

**7 of 10 for, 70 % ≥ 2/3**; 10 of 12 members voted (5/6, 83.33 %); no quorum.

| | Count | Share |
|---|---:|---|
| For | 7 | 7/10 (70 %) |
| Against | 3 | 3/10 (30 %) |
| Abstain | 0 | |
| Turnout | 10 of 12 | 5/6 (83.33 %) |
| Threshold | | 2/3 (66.67 %) of 10 |
| Quorum | | none |

- Nominated by: @member-0
- Voting window: opened 2026-03-02T09:00:00+00:00, closes 2026-03-09T09:00:00+00:00 \
(the close is excluded)
- Steering Council: no veto

## Rules

Decided under [R-C1](docs/explanation/governance-rules.md#r-c1), \
[R-C2](docs/explanation/governance-rules.md#r-c2), \
[R-C6](docs/explanation/governance-rules.md#r-c6), \
[R-C3](docs/explanation/governance-rules.md#r-c3), \
[R-C4](docs/explanation/governance-rules.md#r-c4), \
[R-D1](docs/explanation/governance-rules.md#r-d1).
"""


def test_passing_tally_reads_as_an_announcement() -> None:
    """Issue 12 › Done when: a passing tally reads like a PSRT announcement in Markdown."""
    chosen = nomination(7, 3, answer=VetoAnswer.NO_VETO)
    decision = tally(chosen, roster(12), at=AFTER)
    assert render_tally_markdown(decision, chosen) == PASSING


def test_failing_tally_reads_as_an_announcement() -> None:
    """R-C3: 6 of 10 for is 60 % < 2/3; ignored ballots are listed with their reasons."""
    late = Ballot("member-11", Choice.YES, OPEN + dt.timedelta(days=7))
    again = Ballot("member-9", Choice.NO, OPEN + dt.timedelta(hours=3))
    chosen = nomination(6, 4, late, again)
    decision = tally(chosen, roster(12), at=AFTER)
    text = render_tally_markdown(decision, chosen, rules_page="https://docs.invalid/rules.html")
    lines = text.splitlines()
    assert lines[0] == "# PSRT nomination of Nia Nominee (@nia-n): rejected"
    assert (
        lines[2] == "The nomination of Nia Nominee (@nia-n) is not accepted: the vote did not pass."
    )
    assert (
        lines[4] == "**6 of 10 for, 60 % < 2/3**; 10 of 12 members voted (5/6, 83.33 %); no quorum."
    )
    assert "- Reason: 6 yes of 10 is below 2/3" in lines
    assert "- Steering Council: no decision recorded" in lines
    start = lines.index("## Ignored ballots")
    assert lines[start + 2 : start + 4] == [
        "- @member-9: superseded by a later ballot (R-C7)",
        "- @member-11: cast at or after the close of the vote (R-C6)",
    ]
    assert "[R-C7](https://docs.invalid/rules.html#r-c7)" in text
    assert "Flags: `threshold_not_met`." in lines


def test_every_rule_link_resolves_to_an_anchor() -> None:
    """Issue 12: every rule id printed resolves to an anchor of the rules page."""
    anchors = RULES_DOC.read_text(encoding="utf-8")
    chosen = nomination(6, 4, Ballot("member-11", Choice.YES, OPEN + dt.timedelta(days=7)))
    text = render_tally_markdown(tally(chosen, roster(12), at=AFTER), chosen)
    links = [part.split(")")[0] for part in text.split("governance-rules.md#")[1:]]
    assert links
    for anchor in links:
        assert f"({anchor})=" in anchors, anchor


def test_markdown_escapes_names() -> None:
    """A name is text, not markup: emphasis, links and table bars are escaped."""
    chosen = Nomination(Nominee("*Bold* [x](y) |", "nia-n", {Pool.TRIAGER}), "member-0", OPEN)
    text = render_tally_markdown(tally(chosen, roster(3), at=AFTER), chosen)
    assert text.splitlines()[0] == (
        "# PSRT nomination of \\*Bold\\* \\[x\\](y) \\| (@nia-n): rejected"
    )


def test_cli_tally_format_markdown() -> None:
    """``tally --format markdown`` prints the announcement; ``--format json`` is ``--json``."""
    base = ("tally", str(FIXTURES / "nomination.json"), "--roster", str(FIXTURES / "psrt.csv"))
    status, out, _ = run(*base, "--at", "2026-03-10", "--format", "markdown")
    assert status == 0
    assert out.startswith("# PSRT nomination of Ines Ejemplo (@ines-e): ")
    assert "| For | 2 | 2/3 (66.67 %) |" in out
    as_json = run(*base, "--at", "2026-03-10", "--format", "json")[1]
    assert as_json == run(*base, "--at", "2026-03-10", "--json")[1]


def test_bad_pool_lists_the_allowed_values(tmp_path: Path) -> None:
    """Issue 12: an error on ``pools`` lists the values the field takes."""
    bad = tmp_path / "n.json"
    bad.write_text(
        json.dumps(
            {
                "nominee": {"name": "N", "pools": ["core"]},
                "nominator": "ada-example",
                "opened_at": "2026-03-02T09:00:00Z",
            }
        ),
        encoding="utf-8",
    )
    status, _, err = run("tally", str(bad), "--roster", str(FIXTURES / "psrt.csv"))
    assert status == 2
    assert err == (
        f"psrt-core: error: {bad}: $.nominee.pools[0]: invalid value for type, expected Pool, "
        "one of: core_team, triager, psf_staff (got 'core')\n"
    )


# -- activity from traces --------------------------------------------------------------------------


def ghsa_export(tmp_path: Path) -> Path:
    document = json.loads(
        (shared_path("data", "ghsa") / "openapi-example-repository-advisory.json").read_text(
            encoding="utf-8"
        )
    )["value"]
    document["credits_detailed"][0]["type"] = "coordinator"
    document["credits_detailed"][0]["user"]["login"] = "SethMLarson"
    analyst = json.loads(json.dumps(document["credits_detailed"][0]))
    analyst["type"] = "analyst"
    analyst["user"]["login"] = "tiran"
    stranger = json.loads(json.dumps(analyst))
    stranger["type"] = "coordinator"
    stranger["user"]["login"] = "octocat"
    document["credits_detailed"] += [analyst, stranger]
    path = tmp_path / "ghsa.json"
    path.write_text(json.dumps([document]), encoding="utf-8")
    return path


def test_activity_from_credits_and_comments(tmp_path: Path) -> None:
    """R-F2: coordinator credits (GHSA by login, CVE by the roster's name) and the comment log
    become the activity file; other roles do not count; an unmatched credit is a warning."""
    comments = tmp_path / "comments.csv"
    comments.write_text(
        "member,report,at\nwarsaw,GHSA-xxxx,2026-01-05T10:00:00Z\n\ntiran,,2026-02-01 09:00\n",
        encoding="utf-8",
    )
    status, out, err = run(
        "activity", "--roster", str(_psrt()), "--emeritus", str(_emeritus()),
        "--ghsa", str(ghsa_export(tmp_path)),
        "--record", str(shared_path("data", "samples", "cve", "CVE-2024-6232.json")),
        "--comments", str(comments),
    )  # fmt: skip
    assert status == 0
    assert json.loads(out) == [
        {"member": "sethmlarson", "kind": "coordinated", "at": "2020-01-03T00:00:00Z",
         "report": "GHSA-abcd-1234-efgh"},
        {"member": "sethmlarson", "kind": "coordinated", "at": "2024-09-03T12:29:00.102000Z",
         "report": "CVE-2024-6232"},
        {"member": "warsaw", "kind": "commented", "at": "2026-01-05T10:00:00Z",
         "report": "GHSA-xxxx"},
        {"member": "tiran", "kind": "commented", "at": "2026-02-01T09:00:00Z", "report": None},
    ]  # fmt: skip
    assert "GHSA-abcd-1234-efgh: coordinator 'octocat' matches no member" in err


def test_activity_file_feeds_the_inactivity_report(tmp_path: Path) -> None:
    """R-F2: the built file is the one ``inactivity --activity`` reads."""
    comments = tmp_path / "comments.csv"
    comments.write_text("member,report,at\nwarsaw,R-1,2026-01-05T10:00:00Z\n", encoding="utf-8")
    _, out, _ = run("activity", "--roster", str(_psrt()), "--comments", str(comments))
    activity = tmp_path / "activity.json"
    activity.write_text(out, encoding="utf-8")
    status, report, _ = run(
        "inactivity", "--roster", str(_psrt()), "--activity", str(activity), "--on", "2026-06-01",
        "--json",
    )  # fmt: skip
    assert status == 0
    assert json.loads(report)["active"] == ["warsaw"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: expected the header member,report,at (got [])"),
        ("who,what,when\n", "line 1: expected the header member,report,at"),
        ("member,report,at\nwarsaw,R-1\n", "line 2: expected 3 fields: member,report,at"),
        ("member,report,at\nwarsaw,R-1,yesterday\n", "line 2, at: expected an RFC 3339"),
        ("member,report,at\n@warsaw,R-1,2026-01-01\n", "line 2, member:"),
    ],
)
def test_comment_log_errors(tmp_path: Path, text: str, message: str) -> None:
    """Bad outside data: exit 2 and one line naming the file, the line and the field."""
    comments = tmp_path / "c.csv"
    comments.write_text(text, encoding="utf-8")
    status, _, err = run("activity", "--roster", str(_psrt()), "--comments", str(comments))
    assert status == 2
    assert f"{comments}: {message}" in err


def test_join_dates_from_an_event_log(tmp_path: Path) -> None:
    """S40 / R-F2: joined dates replayed from the log; the newcomer is listed, not recommended."""
    roster_path = FIXTURES / "psrt.csv"
    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps(
            {
                "type": "member_listed",
                "at": "2026-03-01T09:00:00Z",
                "member": {"name": "Farid Misal", "github": "farid-m", "joined": "2026-03-01"},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    activity = tmp_path / "a.json"
    activity.write_text("[]", encoding="utf-8")
    base = ("inactivity", "--roster", str(roster_path), "--activity", str(activity))
    _, before, _ = run(*base, "--on", "2026-06-01", "--json")
    status, after, err = run(*base, "--on", "2026-06-01", "--json", "--events", str(events))
    assert status == 0, err
    farid = [e for e in json.loads(after)["inactive"] if e["member"] == "farid-m"]
    assert farid[0]["annotations"][0] == "joined_in_window"
    assert farid[0]["recommended_for_removal"] is False
    old = [e for e in json.loads(before)["inactive"] if e["member"] == "farid-m"]
    assert old[0]["recommended_for_removal"] is True


# -- offboarding as a patch -----------------------------------------------------------------------


def test_offboard_patch_is_exact_and_applies(tmp_path: Path) -> None:
    """R-F4, R-F6: the patch moves the member (Admin dropped, R-E3) in the files' own format."""
    status, patch, _ = run(
        "offboard", "--roster", str(_psrt()), "--emeritus", str(_emeritus()),
        "--remove", "warsaw", "tiran-x", "--on", "2026-06-01",
    )  # fmt: skip
    assert status == 2  # tiran-x is no member
    status, patch, err = run(
        "offboard", "--roster", str(_psrt()), "--emeritus", str(_emeritus()),
        "--remove", "Warsaw", "sethmlarson", "--on", "2026-06-01",
    )  # fmt: skip
    assert (status, err) == (0, "")
    members = _psrt().read_bytes()
    emeritus = _emeritus().read_bytes()
    expected_members = members.replace(b"Barry Warsaw,warsaw,Admin\n", b"").replace(
        b"Seth Larson,sethmlarson,Admin\n", b""
    )
    expected_emeritus = emeritus.replace(
        b"Christian Heimes,tiran,\n", b"Barry Warsaw,warsaw,\nChristian Heimes,tiran,\n"
    ).replace(b"Trent Mick,,\n", b"Seth Larson,sethmlarson,\nTrent Mick,,\n")
    assert patch.splitlines()[:4] == [
        "Move Warsaw, sethmlarson to the PSRT emeritus list on 2026-06-01 (R-F4, R-F6).",
        "",
        "--- a/security/psrt.csv",
        "+++ b/security/psrt.csv",
    ]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "devguide"
    (repo / "security").mkdir(parents=True)
    (repo / "security" / "psrt.csv").write_bytes(members)
    (repo / "security" / "psrt-emeritus.csv").write_bytes(emeritus)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (tmp_path / "p.patch").write_text(patch, encoding="utf-8")
    for check in (["--check"], []):
        subprocess.run(["git", "apply", *check, str(tmp_path / "p.patch")], cwd=repo, check=True)
    assert (repo / "security" / "psrt.csv").read_bytes() == expected_members
    assert (repo / "security" / "psrt-emeritus.csv").read_bytes() == expected_emeritus


def test_offboard_suggests_a_near_handle() -> None:
    """A mistyped handle is a usage error that names the nearest current member."""
    status, out, err = run(
        "offboard", "--roster", str(_psrt()), "--emeritus", str(_emeritus()), "--remove", "warsw"
    )
    assert (status, out) == (2, "")
    assert (
        err
        == "psrt-core: error: --remove: 'warsw' is not a current member (did you mean warsaw?)\n"
    )


def test_offboard_refuses_files_not_in_devguide_format(tmp_path: Path) -> None:
    """Byte-exact or nothing: a file with CRLF line ends would give a patch that does not apply."""
    crlf = tmp_path / "psrt.csv"
    crlf.write_bytes(_psrt().read_bytes().replace(b"\n", b"\r\n"))
    status, _, err = run(
        "offboard", "--roster", str(crlf), "--emeritus", str(_emeritus()), "--remove", "warsaw"
    )
    assert status == 2
    assert "not in the devguide's exact format" in err


def _write_json(path: Path, document: object) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_activity_from_an_osv_record_counts_coordinators_by_name(tmp_path: Path) -> None:
    """R-F2: an OSV record's COORDINATOR credits count on its date (``published``, else
    ``modified``); other roles do not, and an unknown name is a warning."""
    record = _write_json(
        tmp_path / "osv.json",
        {
            "id": "PSF-2099-1",
            "modified": "2099-01-02T00:00:00Z",
            "credits": [
                {"name": "Seth Larson", "type": "COORDINATOR"},
                {"name": "Nobody Known", "type": "COORDINATOR"},
                {"name": "Seth Larson", "type": "FINDER"},
            ],
        },
    )
    status, out, err = run("activity", "--roster", str(_psrt()), "--record", record)
    assert status == 0
    assert json.loads(out) == [
        {"member": "sethmlarson", "kind": "coordinated", "at": "2099-01-02T00:00:00Z",
         "report": "PSF-2099-1"},
    ]  # fmt: skip
    assert err == "psrt-core: warning: PSF-2099-1: coordinator 'Nobody Known' matches no member\n"


def test_a_coordinator_credit_without_any_date_is_a_warning(tmp_path: Path) -> None:
    """R-F2 counts activity on a day: a GHSA or CVE record that gives no date at all yields a
    warning saying so, not an activity and not a "matches no member"."""
    ghsa = _write_json(
        tmp_path / "ghsa.json",
        {
            "ghsa_id": "GHSA-abcd-1234-efgh",
            "state": "published",
            "summary": "s",
            "credits_detailed": [
                {"user": {"login": "sethmlarson"}, "type": "coordinator", "state": "accepted"}
            ],
        },
    )
    cve = _write_json(
        tmp_path / "cve.json",
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": {"cveId": "CVE-2099-0001", "assignerOrgId": "o", "state": "PUBLISHED"},
            "containers": {
                "cna": {
                    "providerMetadata": {"orgId": "o"},
                    "credits": [{"lang": "en", "value": "Seth Larson", "type": "coordinator"}],
                }
            },
        },
    )
    status, out, err = run("activity", "--roster", str(_psrt()), "--ghsa", ghsa, "--record", cve)
    assert (status, json.loads(out)) == (0, [])
    assert err.splitlines() == [
        "psrt-core: warning: GHSA-abcd-1234-efgh: coordinator 'sethmlarson': the GHSA gives no "
        "date",
        "psrt-core: warning: CVE-2099-0001: coordinator 'Seth Larson': the record gives no date",
    ]


def test_inactivity_csv_is_the_table_alone() -> None:
    """The output convention (issue 12 item 1): CSV is a header row and data rows, nothing else."""
    status, out, _ = run(
        "inactivity", "--roster", str(FIXTURES / "psrt.csv"),
        "--activity", str(FIXTURES / "activity.json"), "--on", "2026-02-01", "--format", "csv",
    )  # fmt: skip
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "member,name,recommend removal,exemption,notes"
    assert lines[1] == "ada-example,Ada Example,yes,,no_recorded_activity"


def test_join_dates_from_a_log_that_breaks_a_rule_is_bad_input(tmp_path: Path) -> None:
    """An event log that violates a rule (a ballot on no nomination) cannot date anybody: exit 2
    with the file and the rule."""
    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps(
            {"type": "ballot_cast", "nomination": "n1", "voter": "ada-example", "choice": "yes",
             "at": "2026-03-01T09:00:00Z"}
        ) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    activity = tmp_path / "a.json"
    activity.write_text("[]", encoding="utf-8")
    status, out, err = run(
        "inactivity", "--roster", str(FIXTURES / "psrt.csv"), "--activity", str(activity),
        "--on", "2026-06-01", "--events", str(events),
    )  # fmt: skip
    assert (status, out) == (2, "")
    assert err.startswith(f"psrt-core: error: {events}: event 1: R-C1: ")
    assert err.endswith("no nomination 'n1' in the log\n")


def test_offboarded_member_sorting_last_goes_to_the_end_of_the_emeritus_list() -> None:
    """R-F6: the emeritus list stays in name order; a name after every other one is appended."""
    roster = Roster(
        (
            Member("Zoe Last", "zoe-l"),
            Member("Ann Early", "ann-e", status=MemberStatus.EMERITUS),
            Member("Bob Middle", "bob-m", status=MemberStatus.EMERITUS),
        )
    )
    after = offboarded(roster, ["Zoe-L"], dt.date(2026, 6, 1))
    assert [m.github for m in after.current] == []
    assert [(m.github, m.left) for m in after.emeritus] == [
        ("ann-e", None),
        ("bob-m", None),
        ("zoe-l", dt.date(2026, 6, 1)),
    ]


def test_offboard_reads_the_roster_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--roster -`` reads standard input; the patch is the one the file gives."""
    argv = ["offboard", "--emeritus", str(_emeritus()), "--remove", "warsaw", "--on", "2026-06-01"]
    from_file = run(*argv, "--roster", str(_psrt()))
    monkeypatch.setattr("sys.stdin", io.StringIO(_psrt().read_text(encoding="utf-8")))
    assert run(*argv, "--roster", "-") == from_file
    assert from_file[0] == 0


def test_offboard_needs_the_devguide_csv_files() -> None:
    """The patch is against the devguide's CSV files: a JSON roster is bad input (exit 2)."""
    status, out, err = run(
        "offboard", "--roster", "x.json", "--emeritus", str(_emeritus()), "--remove", "warsaw"
    )
    assert (status, out, err) == (
        2,
        "",
        "psrt-core: error: --emeritus goes with a devguide CSV roster, not a JSON roster\n",
    )


def test_vetoed_tally_with_a_changed_threshold_says_both() -> None:
    """R-D1: the Council's veto is named; a setting that departs from PEP 811 (R-C3's 2/3
    lowered to 3/5) is listed with its default under its own heading."""
    chosen = nomination(7, 3, answer=VetoAnswer.VETO)
    policy = Policy(nomination=NominationPolicy(threshold=Fraction(3, 5)))
    lines = render_tally_markdown(tally(chosen, roster(12), at=AFTER, policy=policy), chosen)
    assert lines.splitlines()[0] == "# PSRT nomination of Nia Nominee (@nia-n): vetoed"
    assert "- Steering Council: vetoed" in lines.splitlines()
    start = lines.splitlines().index("## Settings changed from PEP 811")
    assert lines.splitlines()[start + 2] == "- `nomination.threshold` = 3/5 (default 2/3, TEXT)"


def test_markdown_shows_control_and_invisible_characters() -> None:
    """A bell or a zero-width space in a name is shown escaped, never passed on raw."""
    chosen = Nomination(Nominee("Nia\x07 \u200bN", "nia-n", {Pool.TRIAGER}), "member-0", OPEN)
    text = render_tally_markdown(tally(chosen, roster(3), at=AFTER), chosen)
    assert text.splitlines()[0] == "# PSRT nomination of Nia\\x07 \\u200bN (@nia-n): rejected"
