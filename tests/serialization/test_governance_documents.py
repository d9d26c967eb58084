"""Governance documents: devguide CSV, JSON roster, TOML policy, nomination, activity, event log."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given

from psrt_core.exceptions import InvalidGovernanceDataError
from psrt_core.governance import (
    ActivityKind,
    Attribute,
    Ballot,
    Choice,
    CoordinationPolicy,
    CouncilChoice,
    CouncilRule,
    Denominator,
    ElectorateTiming,
    GovernanceEvent,
    InactivityPolicy,
    Member,
    MemberStatus,
    Motion,
    MotionKind,
    NominationPolicy,
    Policy,
    Resigned,
    Roster,
    SteeringCouncilPolicy,
    VetoAnswer,
    check_roster,
    replay,
)
from psrt_core.serialization import (
    ROSTER_FORMAT,
    activity_from_json,
    emeritus_to_devguide_csv,
    event_from_dict,
    event_to_dict,
    events_from_jsonl,
    events_to_jsonl,
    members_to_devguide_csv,
    nomination_from_dict,
    nomination_from_json,
    policy_from_dict,
    policy_from_toml,
    policy_to_toml,
    roster_from_devguide_csv,
    roster_from_dict,
    roster_from_json,
    roster_to_dict,
)
from psrt_core.testing import governance_histories, rosters

FIXTURES = Path(__file__).resolve().parents[1] / "governance" / "fixtures"
UTC = dt.timezone.utc


def read(name: str) -> str:
    """A fixture's text."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def error(call: object) -> str:
    """The one-line message of the `InvalidGovernanceDataError` *call* raises."""
    with pytest.raises(InvalidGovernanceDataError) as caught:
        call()  # type: ignore[operator]
    return str(caught.value)


# -- devguide CSV -------------------------------------------------------------------------------


def test_devguide_csv_round_trips_exactly() -> None:
    """DG-PSRT: no header, ``name,github,notes``, quoted multi-role notes, empty handles."""
    members, emeritus = read("psrt.csv"), read("psrt-emeritus.csv")
    roster = roster_from_devguide_csv(members, emeritus)
    assert members_to_devguide_csv(roster) == members
    assert emeritus_to_devguide_csv(roster) == emeritus
    bruno = roster.get("brunox")
    assert (bruno.github, bruno.attributes) == (
        "BrunoX",
        (Attribute.ADMIN, Attribute.RELEASE_MANAGER),
    )
    gustav = roster.emeritus[0]
    assert (gustav.name, gustav.github, gustav.status) == (
        "Gustav Vorbild",
        None,
        MemberStatus.EMERITUS,
    )
    assert roster.get("chloe-b").name == "Chloé Beispiel"


def test_real_devguide_lists_round_trip(shared_data: Path) -> None:
    """DG-PSRT: the real ``psrt.csv`` and ``psrt-emeritus.csv`` are read and written exactly."""
    members = (shared_data / "psrt" / "psrt.csv").read_text(encoding="utf-8")
    emeritus = (shared_data / "psrt" / "psrt-emeritus.csv").read_text(encoding="utf-8")
    roster = roster_from_devguide_csv(members, emeritus)
    assert members_to_devguide_csv(roster) == members
    assert emeritus_to_devguide_csv(roster) == emeritus
    assert len(roster.current) == len(members.splitlines())
    assert len(roster.admins) >= 2  # R-E1 holds on the published list


def test_devguide_csv_reports_every_problem() -> None:
    """Every bad line is reported with its line number and value."""
    text = 'Ok,ok,\nTwo,fields\n,blank-name,\nX,x,"Admin, Chair"\nY,y,"Admin, admin"\n\n'
    assert error(lambda: roster_from_devguide_csv(text)) == (
        "psrt.csv: line 2: expected 3 fields: name,github,notes (got ['Two', 'fields']); "
        "line 3, name: a member needs a name (got ''); "
        "line 4, notes: unknown role (got 'Chair'); "
        "line 5, notes: a role is repeated (got 'Admin, admin')"
    )
    assert error(lambda: roster_from_devguide_csv("A,a,\n", "B,b,Boss\n")) == (
        "psrt-emeritus.csv: line 1, notes: unknown role (got 'Boss')"
    )


def test_rejoined_member_is_not_written_to_the_emeritus_list() -> None:
    """R-F7: a rejoined member's earlier term is history; the devguide lists them once."""
    roster = Roster(
        (
            Member("Kim", "kim", joined=dt.date(2026, 7, 1)),
            Member("Kim", "kim", status=MemberStatus.EMERITUS, left=dt.date(2025, 1, 1)),
            Member("Lee", None, status=MemberStatus.EMERITUS),
        )
    )
    assert emeritus_to_devguide_csv(roster) == "Lee,,\n"


# -- JSON roster --------------------------------------------------------------------------------


@given(rosters())
def test_json_roster_round_trips(roster: Roster) -> None:
    """The richer JSON roster keeps every field of every member."""
    assert roster_from_dict(roster_to_dict(roster)) == roster


def test_json_roster_reports_every_problem() -> None:
    """Problems carry JSON paths and values; unknown keys are refused."""
    document = {
        "format": "other",
        "extra": 1,
        "members": [
            {"name": "A", "github": "a", "attributes": ["wizard"], "status": "member"},
            {"name": "B", "status": "member", "left": "2026-01-01"},
        ],
    }
    assert error(lambda: roster_from_dict(document, source="r.json")) == (
        "r.json: $.format: expected 'psrt-core/roster-1' (got 'other'); "
        "$: extra fields not allowed: extra; "
        "$.members[0].attributes[0]: invalid value for type, expected Attribute,"
        " one of: admin, release_manager, steering_council,"
        " psf_staff, core_team, triager (got 'wizard'); "
        "$.members[1]: B: a current member cannot have a left date (got {'name': 'B', "
        "'status': 'member', 'left': '2026-01-01'})"
    )
    assert error(lambda: roster_from_dict([])) == "$: expected an object (got [])"
    assert error(lambda: roster_from_dict({"format": ROSTER_FORMAT})) == (
        "$.members: expected a list"
    )
    assert error(lambda: roster_from_json("[", source="r.json")) == (
        "r.json: line 1 column 2: not JSON: Expecting value"
    )


# -- TOML policy --------------------------------------------------------------------------------


def test_policy_toml_defaults_and_fixture() -> None:
    """§K: an empty document is PEP 811; the fixture changes two nomination settings."""
    assert policy_from_toml("") == Policy()
    policy = policy_from_toml(read("policy.toml"))
    assert policy.nomination.quorum == Fraction(1, 2)
    assert policy.nomination.sc_veto_window == dt.timedelta(days=14)
    assert policy.coordination.deadline == dt.timedelta(days=60)
    assert policy.nomination.threshold == Fraction(2, 3)


def test_policy_toml_round_trips_every_setting() -> None:
    """`policy_to_toml` writes every setting so that `policy_from_toml` reads it back."""
    policy = Policy(
        nomination=NominationPolicy(
            threshold=Fraction(3, 4),
            period=dt.timedelta(days=10),
            min_nominators=2,
            denominator=Denominator.ELECTORATE,
            count_abstentions=True,
            quorum=Fraction(1, 3),
            min_votes_cast=3,
            electorate=ElectorateTiming.CURRENT_AT_CLOSE,
            nominator_implicit_yes=True,
            strict_pool=True,
            sc_veto_window=dt.timedelta(days=14),
            renomination_cooldown=dt.timedelta(days=90),
        ),
        inactivity=InactivityPolicy(
            activity_kinds=frozenset({ActivityKind.COORDINATED}), exempt_roles=frozenset()
        ),
        steering_council=SteeringCouncilPolicy(CouncilRule.TWO_THIRDS_NON_ABSTAINING, 7),
        coordination=CoordinationPolicy(autoassign_exclude=frozenset({Attribute.ADMIN})),
    )
    text = policy_to_toml(policy)
    assert policy_from_toml(text) == policy
    assert 'threshold = "3/4"' in text.splitlines()
    assert policy_from_toml(policy_to_toml(Policy())) == Policy()


def test_policy_reports_every_problem() -> None:
    """Bad settings are reported with their TOML path."""
    text = (
        '[nomination]\nthreshold = "3/2"\nquorum = "half"\nperiod_days = 0\n'
        'min_votes_cast = -1\ndenominator = "members"\n'
    )
    assert error(lambda: policy_from_toml(text, source="p.toml")) == (
        "p.toml: $.nomination.denominator: invalid value for type, expected Denominator,"
        " one of: votes_cast, electorate"
        " (got 'members')"
    )
    text = (
        '[nomination]\nthreshold = "3/2"\nquorum = "half"\nperiod_days = 0\nmin_votes_cast = -1\n'
    )
    assert error(lambda: policy_from_toml(text, source="p.toml")) == (
        'p.toml: $.nomination.threshold: expected a fraction in (0, 1] such as "2/3"'
        " (got '3/2'); "
        "$.nomination.quorum: expected a fraction in (0, 1] such as \"2/3\" (got 'half'); "
        "$.nomination.period_days: expected a positive number of days (got 0); "
        "$.nomination.min_votes_cast: must not be negative (got -1)"
    )
    assert error(lambda: policy_from_toml("[bogus]\n")) == (
        "$: extra fields not allowed: bogus (got {'bogus': {}})"
    )
    assert error(lambda: policy_from_toml("x = ")).startswith("$: not TOML: ")
    assert policy_from_dict({"admins": {"min_count": 3}}).admins.min_count == 3


# -- nominations and activity -------------------------------------------------------------------


def test_nomination_fixture() -> None:
    """The CLI's nomination document: nominee, nominator, times, ballots, Council votes."""
    nomination = nomination_from_json(read("nomination.json"))
    assert nomination.nominee.github == "ines-e"
    assert nomination.opened_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert nomination.ballots[1] == Ballot(
        "brunox", Choice.NO, dt.datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    )
    council = nomination.steering_council
    assert isinstance(council, Motion)
    assert (council.kind, council.subject) == (MotionKind.VETO, "ines-e")
    assert [v.choice for v in council.votes] == [
        CouncilChoice.AGAINST,
        CouncilChoice.FOR,
        CouncilChoice.AGAINST,
    ]


def test_nomination_with_a_decision_only() -> None:
    """``{"decision": "no_veto"}`` records the Council's answer without the votes."""
    document = {
        "nominee": {"name": "N"},
        "nominator": "a",
        "opened_at": "2026-03-02T09:00:00Z",
        "steering_council": {"decision": "no_veto"},
    }
    assert nomination_from_dict(document).steering_council is VetoAnswer.NO_VETO


def test_nomination_reports_every_problem() -> None:
    """All problems of a nomination document at once, with JSON paths."""
    document = {
        "nominee": {"name": "N", "pools": ["wizards"]},
        "nominator": "a",
        "opened_at": "yesterday",
        "ballots": [{"voter": "b", "choice": "maybe", "cast_at": "2026-03-02T10:00:00Z"}],
        "surprise": True,
    }
    assert error(lambda: nomination_from_dict(document, source="n.json")).endswith(
        "$.ballots[0].choice: invalid value for type, expected Choice,"
        " one of: yes, no, abstain (got 'maybe'); "
        "$: extra fields not allowed: surprise (got {'nominee': {'name': 'N', 'pools':"
        " ['wizards']}, 'nominator': 'a', 'opened_at...)"
    )
    del document["surprise"]
    assert error(lambda: nomination_from_dict(document, source="n.json")) == (
        "n.json: $.nominee.pools[0]: invalid value for type, expected Pool,"
        " one of: core_team, triager, psf_staff (got 'wizards'); "
        "$.opened_at: invalid value for type, expected datetime (got 'yesterday'); "
        "$.ballots[0].choice: invalid value for type, expected Choice,"
        " one of: yes, no, abstain (got 'maybe')"
    )


def test_activity_fixture_and_errors() -> None:
    """Activity records: member, kind (coordinated or commented), time, optional report."""
    activity = activity_from_json(read("activity.json"))
    assert [(a.member, a.kind) for a in activity] == [
        ("ada-example", ActivityKind.COORDINATED),
        ("Chloe-B", ActivityKind.COMMENTED),
        ("eunji", ActivityKind.COMMENTED),
    ]
    assert activity[0].report == "GHSA-xxxx-0001"
    assert error(lambda: activity_from_json('{"member": "x"}', source="a.json")) == (
        "a.json: $: expected a list of activity records (got {'member': 'x'})"
    )


# -- event log ----------------------------------------------------------------------------------


def test_event_log_fixture_replays() -> None:
    """The JSON-lines log with ``"type"`` tags replays to the expected roster."""
    events = events_from_jsonl(read("events.jsonl"))
    assert len(events) == 12
    assert events_from_jsonl(events_to_jsonl(events)) == events
    assert events_to_jsonl(events[:3]) == "".join(read("events.jsonl").splitlines(True)[:3])
    state = replay(events)
    assert [m.github for m in state.roster.current] == ["ada-example", "BrunoX", "ines-e"]


@given(governance_histories())
def test_event_log_round_trips(events: tuple[GovernanceEvent, ...]) -> None:
    """Every event type survives JSON lines unchanged, and so does the replayed state."""
    text = events_to_jsonl(events)
    assert events_from_jsonl(text) == events
    assert all(next(iter(event_to_dict(e))) == "type" for e in events)


def test_event_log_reports_every_bad_line() -> None:
    """Each bad line is reported with its line number and JSON path."""
    text = (
        '{"type": "resigned", "member": "x", "at": "soon"}\n'
        "\n"
        '{"type": "joined", "member": "x"}\n'
        "not json\n"
        '["resigned"]\n'
        '{"type": "ballot_cast", "nomination": "n", "voter": "v", "choice": "yes"}\n'
    )
    assert error(lambda: events_from_jsonl(text, source="log.jsonl")) == (
        "log.jsonl: line 1 $.at: invalid value for type, expected datetime (got 'soon'); "
        "line 3 $.type: expected one of activity_recorded, admin_designated, admin_revoked,"
        " ballot_cast, coordinator_assigned, inactivity_report_generated, member_listed,"
        " nominated, onboarded, removed, resigned, steering_council_answered,"
        " steering_council_motion_decided, steering_council_seated,"
        " vulnerability_report_finished, vulnerability_report_received (got 'joined'); "
        "line 4: not JSON: Expecting value; "
        "line 5 $: expected an object (got ['resigned']); "
        "line 6 $.at: required field missing"
    )
    event = event_from_dict({"type": "resigned", "member": "x", "at": "2026-01-01T00:00:00Z"})
    assert event == Resigned("x", dt.datetime(2026, 1, 1, tzinfo=UTC))


def test_real_devguide_lists_hold_the_invariants(shared_data: Path) -> None:
    """R-E1: "there are now 5 admins"; R-A5: only emeritus entries lack a handle (S58 aside)."""
    roster = roster_from_devguide_csv(
        (shared_data / "psrt" / "psrt.csv").read_text(encoding="utf-8"),
        (shared_data / "psrt" / "psrt-emeritus.csv").read_text(encoding="utf-8"),
    )
    assert len(roster.admins) == 5
    findings = check_roster(roster)
    assert {f.code for f in findings} == {"missing_handle"}
    assert all("on the emeritus list" in f.message for f in findings)
    assert roster.get("PaulMcMillan").github == "paulmcmillan"
