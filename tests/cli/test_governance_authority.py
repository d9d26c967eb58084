"""``psrt-core governance``: handles are logins, and a Council motion needs a known Council."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from psrt_core.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "governance" / "fixtures"
ROSTER = str(FIXTURES / "psrt.csv")
NOMINATION = str(FIXTURES / "nomination.json")


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI and capture its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = main(["governance", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_a_veto_motion_without_the_council_is_undecidable() -> None:
    """R-D4: without --steering-council the recorded veto votes cannot be counted."""
    status, out, err = run("tally", NOMINATION, "--roster", ROSTER, "--at", "2026-03-10")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == "outcome: undecidable"
    assert (
        "reason: the Steering Council's membership is not known, so a Council motion cannot be"
        " validated"
    ) in lines
    assert "flags: council_unknown" in lines
    status, out, _ = run("tally", NOMINATION, "--roster", ROSTER, "--at", "2026-03-10", "--json")
    document = json.loads(out)
    assert (document["outcome"], document["flags"]) == ("undecidable", ["council_unknown"])
    assert document["steering_council"]["carried"] is False


def test_steering_council_handles_must_be_logins(capsys: pytest.CaptureFixture[str]) -> None:
    """S58: a look-alike councillor is a usage error, shown escaped."""
    status, _, _ = run(
        "tally", NOMINATION, "--roster", ROSTER, "--steering-council", "ok,\u212aate,a--b"
    )
    assert status == 2
    assert "not GitHub handles: '\\u212aate', 'a--b'" in capsys.readouterr().err


def test_replay_refuses_a_removal_without_a_council_and_uses_a_seated_one(tmp_path: Path) -> None:
    """R-F4: a removal voted by members is refused; the log may seat the Council itself."""
    listed = [
        {"type": "member_listed", "member": {"name": "A", "github": "ada"},
         "at": "2026-01-05T09:00:00Z"},
        {"type": "member_listed", "member": {"name": "B", "github": "bo"},
         "at": "2026-01-05T09:00:00Z"},
    ]  # fmt: skip
    removal = [
        {"type": "steering_council_motion_decided", "motion": "m1", "kind": "removal",
         "subject": "bo", "votes": [{"councillor": "sc1", "choice": "for"}],
         "at": "2026-01-06T09:00:00Z"},
        {"type": "removed", "member": "bo", "motion": "m1", "at": "2026-01-06T10:00:00Z"},
    ]  # fmt: skip
    seat = {"type": "steering_council_seated", "councillors": ["sc1", "sc2", "sc3"],
            "at": "2026-01-05T09:00:00Z"}  # fmt: skip
    bad, good = tmp_path / "bad.jsonl", tmp_path / "good.jsonl"
    bad.write_text("".join(json.dumps(e) + "\n" for e in [*listed, *removal]), encoding="utf-8")
    good.write_text(
        "".join(json.dumps(e) + "\n" for e in [*listed, seat, *removal]), encoding="utf-8"
    )
    status, out, err = run("replay", str(bad), "--at", "2026-02-01T00:00:00Z")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert (
        "event 3: R-F4: the Steering Council's membership is not known, so a Council motion"
        " cannot be validated"
    ) in err
    status, out, err = run("replay", str(good), "--at", "2026-02-01T00:00:00Z", "--json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["steering_council"] == ["sc1", "sc2", "sc3"]
    assert [m["status"] for m in document["roster"]["members"]] == ["member", "emeritus"]
    status, _, _ = run(
        "replay", str(bad), "--at", "2026-02-01T00:00:00Z", "--steering-council", "sc1,sc2,sc3"
    )
    assert status == 0
