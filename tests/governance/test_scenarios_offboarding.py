"""Acceptance scenarios S34–S58: offboarding, admins, coordination and advisories, handles.

Each test names its scenario and rule; the expected values are the rules document's.
"""

from __future__ import annotations

import datetime as dt

import pytest

from psrt_core.advisories import CreditType
from psrt_core.exceptions import InvalidGovernanceDataError, RuleViolationError
from psrt_core.governance import (
    Activity,
    ActivityKind,
    AdminDesignated,
    AdminDuty,
    Attribute,
    Ballot,
    BallotCast,
    Choice,
    CoordinatorAssigned,
    CouncilChoice,
    CouncillorVote,
    GovernanceEvent,
    InactivityPolicy,
    Member,
    MemberListed,
    MemberStatus,
    Motion,
    MotionKind,
    Nominated,
    Nomination,
    Nominee,
    Onboarded,
    Outcome,
    Permission,
    Policy,
    Pool,
    PublicationChecklist,
    Removed,
    ReportCredit,
    Resigned,
    Roster,
    RosterFinding,
    SteeringCouncilAnswered,
    SteeringCouncilMotionDecided,
    VetoAnswer,
    VulnerabilityReport,
    VulnerabilityReportReceived,
    check_credits,
    check_publication,
    check_roster,
    coordination_status,
    cve_eligibility,
    decide_motion,
    hand_over,
    inactivity_report,
    may_perform,
    pending_duties,
    replay,
    tally,
)
from psrt_core.versions import BranchStatus

UTC = dt.timezone.utc
R = dt.date(2026, 10, 1)
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def at(day: dt.date) -> dt.datetime:
    """Noon UTC on *day*."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def months_before(months: int) -> dt.date:
    """About *months* months before the report date R (30-day months)."""
    return R - dt.timedelta(days=30 * months)


def team(*extra: Member) -> Roster:
    """Two admins (a1, a2), two plain members (p1, p2), plus *extra*."""
    base = (
        Member("Ada Admin", "a1", (Attribute.ADMIN,), joined=dt.date(2024, 1, 1)),
        Member("Abe Admin", "a2", (Attribute.ADMIN,), joined=dt.date(2024, 1, 1)),
        Member("Pia Plain", "p1", joined=dt.date(2024, 1, 1)),
        Member("Pat Plain", "p2", joined=dt.date(2024, 1, 1)),
    )
    return Roster((*base, *extra))


def busy(*handles: str) -> list[Activity]:
    """One comment a month before R by each of *handles*."""
    return [Activity(h, ActivityKind.COMMENTED, at(months_before(1))) for h in handles]


# -- Offboarding --------------------------------------------------------------------------------


def test_s34_inactive_member_is_recommended_for_removal() -> None:
    """S34 / R-F1, R-F2, R-F4: no credit and no comment in the window: listed and recommended."""
    report = inactivity_report(team(), busy("a1", "a2", "p1"), on=R)
    (entry,) = report.inactive
    assert (entry.member.github, entry.recommended_for_removal, entry.exemption) == (
        "p2",
        True,
        None,
    )
    assert entry.annotations == ("no_recorded_activity",)
    assert report.active == ("a1", "a2", "p1")
    assert report.window_start == dt.date(2025, 10, 1)
    assert report.flags == ("first_report",)


def test_s35_release_manager_is_exempt() -> None:
    """S35 / R-F3: a Release Manager at R may remain regardless of inactivity."""
    rm = Member("Rex Release", "rex", (Attribute.RELEASE_MANAGER,), joined=dt.date(2024, 1, 1))
    report = inactivity_report(team(rm), busy("a1", "a2", "p1", "p2"), on=R)
    (entry,) = report.inactive
    assert (entry.member.github, entry.recommended_for_removal, entry.exemption) == (
        "rex",
        False,
        Attribute.RELEASE_MANAGER,
    )
    assert report.recommended == ()


def test_s36_steering_council_member_is_exempt() -> None:
    """S36 / R-F3: a Council member at R is exempt (from the attribute or the handle list)."""
    report = inactivity_report(team(), busy("a1", "a2", "p1"), on=R, steering_council=("P2",))
    (entry,) = report.inactive
    assert (entry.exemption, entry.recommended_for_removal) == (Attribute.STEERING_COUNCIL, False)
    sc = Member("Sue Council", "sue", (Attribute.STEERING_COUNCIL,), joined=dt.date(2024, 1, 1))
    other = inactivity_report(team(sc), busy("a1", "a2", "p1", "p2"), on=R)
    assert [(e.member.github, e.exemption) for e in other.inactive] == [
        ("sue", Attribute.STEERING_COUNCIL)
    ]


def test_s36_exemption_can_be_narrowed_by_policy() -> None:
    """§K inactivity.exempt_roles [TEXT]: dropping an exemption is reported as a departure."""
    policy = Policy(inactivity=InactivityPolicy(exempt_roles=frozenset()))
    report = inactivity_report(
        team(), busy("a1", "a2", "p1"), on=R, steering_council=("p2",), policy=policy
    )
    assert report.inactive[0].recommended_for_removal is True
    assert report.flags == ("departs_from_pep811", "first_report")
    assert [o.setting for o in report.overrides] == ["inactivity.exempt_roles"]


def test_s37_one_comment_eleven_months_ago_is_active() -> None:
    """S37 / R-F2: coordinating or commenting, either counts."""
    activity = [
        *busy("a1", "a2", "p1"),
        Activity("p2", ActivityKind.COMMENTED, at(months_before(11))),
    ]
    assert inactivity_report(team(), activity, on=R).inactive == ()


def test_s38_window_runs_since_the_previous_report() -> None:
    """S38 / R-F2: last activity 13 months ago but just after a report 10 months ago: active."""
    previous = months_before(10)
    just_after = at(previous + DAY)
    activity = [*busy("a1", "a2", "p1"), Activity("p2", ActivityKind.COORDINATED, just_after)]
    report = inactivity_report(team(), activity, on=R, previous_report=previous)
    assert report.inactive == ()
    assert report.window_start == previous
    on_report_day = [*busy("a1", "a2", "p1"), Activity("p2", ActivityKind.COMMENTED, at(previous))]
    listed = inactivity_report(team(), on_report_day, on=R, previous_report=previous)
    assert [(e.member.github, e.annotations) for e in listed.inactive] == [
        ("p2", ("active_before_window",))
    ]


def test_s39_former_release_manager_is_not_exempt() -> None:
    """S39 / R-F3 [INTERP]: exemption is judged at R; an RM until 2 months before is listed."""
    former_rm = Member("Ron Retired", "ron", joined=dt.date(2024, 1, 1))
    report = inactivity_report(team(former_rm), busy("a1", "a2", "p1", "p2"), on=R)
    assert [(e.member.github, e.recommended_for_removal) for e in report.inactive] == [
        ("ron", True)
    ]


def test_s40_joined_in_window_is_annotated() -> None:
    """S40 / R-F2 [INTERP]: literally inactive, listed with joined_in_window; the SC decides.

    With ``recommend_joined_in_window`` set, the literal reading: recommended like anyone.
    """
    newcomer = Member("Nell New", "nell", joined=months_before(4))
    policy = Policy(inactivity=InactivityPolicy(recommend_joined_in_window=True))
    report = inactivity_report(team(newcomer), busy("a1", "a2", "p1", "p2"), on=R, policy=policy)
    (entry,) = report.inactive
    assert entry.annotations == ("joined_in_window", "no_recorded_activity")
    assert entry.recommended_for_removal is True
    assert [o.setting for o in report.overrides] == ["inactivity.recommend_joined_in_window"]


def test_s40_newcomer_is_listed_not_recommended_by_default() -> None:
    """S40 / R-F2 [INTERP], issue 12: by default a member who joined in the window is listed
    with joined_in_window but not proposed for removal; a day before the window they are."""
    newcomer = Member("Nell New", "nell", joined=months_before(4))
    report = inactivity_report(team(newcomer), busy("a1", "a2", "p1", "p2"), on=R)
    (entry,) = report.inactive
    assert entry.annotations == ("joined_in_window", "no_recorded_activity")
    assert entry.recommended_for_removal is False
    assert report.recommended == ()
    start = report.window_start
    on_the_edge = Member("Ed Edge", "ed", joined=start)
    edge = inactivity_report(team(on_the_edge), busy("a1", "a2", "p1", "p2"), on=R)
    assert [(e.member.github, e.recommended_for_removal) for e in edge.inactive] == [("ed", True)]


def test_s41_recommendation_alone_removes_nobody() -> None:
    """S41 / R-F4: the report is a recommendation; without a Council vote the member stays."""
    events: list[GovernanceEvent] = [MemberListed(m, T0) for m in team().current]
    state = replay(events, at=T0 + 400 * DAY)
    report = inactivity_report(state.roster, [], on=(T0 + 400 * DAY).date())
    assert len(report.recommended) == 4
    assert state.roster.is_member("p2")


def _removal(motion: str, subject: str, *choices: CouncilChoice) -> SteeringCouncilMotionDecided:
    votes = tuple(CouncillorVote(f"sc{i}", c) for i, c in enumerate(choices))
    return SteeringCouncilMotionDecided(motion, MotionKind.REMOVAL, subject, votes, T0 + DAY)


F, A, X = CouncilChoice.FOR, CouncilChoice.AGAINST, CouncilChoice.ABSTAIN
COUNCIL = ("sc0", "sc1", "sc2", "sc3", "sc4")


def test_s42_council_removes_an_active_member_three_to_two() -> None:
    """S42 / R-F4: the Council's removal power is unconditional: 3–2 removes."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        _removal("m1", "p1", F, F, F, A, A),
        Removed("p1", "m1", T0 + 2 * DAY),
    ]
    state = replay(events, steering_council=COUNCIL)
    p1 = state.roster.get("p1")
    assert (p1.status, p1.left) == (MemberStatus.EMERITUS, dt.date(2026, 1, 7))
    assert not state.roster.is_member("p1")


def test_s43_tied_removal_motion_does_not_remove() -> None:
    """S43 / R-D4: 2 for, 2 against, 1 abstain: not removed; enacting it is a rule violation."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        _removal("m1", "p1", F, F, A, A, X),
        Removed("p1", "m1", T0 + 2 * DAY),
    ]
    with pytest.raises(RuleViolationError) as caught:
        replay(events, steering_council=COUNCIL)
    assert str(caught.value) == "event 6: R-F4: motion 'm1' did not carry"


def test_s44_conflicted_councillor_must_abstain() -> None:
    """S44 / PEP 13 › Powers: the councillor who is the subject of a removal must abstain."""
    motion = Motion(
        MotionKind.REMOVAL,
        "sc0",
        (
            CouncillorVote("SC0", A),
            CouncillorVote("sc1", F),
            CouncillorVote("sc2", F),
            CouncillorVote("sc3", A),
            CouncillorVote("sc4", X),
        ),
    )
    decided = decide_motion(motion, council=COUNCIL)
    assert (decided.carried, decided.in_favour, decided.against, decided.abstain) == (True, 2, 1, 2)
    assert decided.flags == ("conflicted_vote_counted_as_abstention",)
    assert [v.reason for v in decided.ignored_votes] == [
        "conflict of interest: must abstain (PEP 13)"
    ]


def test_s45_resignation_moves_to_emeritus_and_coordination_must_be_handed_on() -> None:
    """S45 / R-F6, R-H4: leaves at once, becomes emeritus; both reports need a new coordinator."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        VulnerabilityReportReceived("GHSA-1", T0),
        VulnerabilityReportReceived("GHSA-2", T0),
        CoordinatorAssigned("GHSA-1", "p1", T0),
        CoordinatorAssigned("GHSA-2", "p1", T0),
        Resigned("P1", T0 + DAY),
    ]
    state = replay(events)
    assert state.roster.get("p1").status is MemberStatus.EMERITUS
    duties = pending_duties(state, at=T0 + 2 * DAY)
    assert [(d.kind, d.subject, d.rule) for d in duties] == [
        ("hand_over_coordinator", "GHSA-1", "R-H4"),
        ("hand_over_coordinator", "GHSA-2", "R-H4"),
    ]
    handed = replay([*events, CoordinatorAssigned("GHSA-1", "p2", T0 + 2 * DAY)])
    assert [d.subject for d in pending_duties(handed, at=T0 + 2 * DAY)] == ["GHSA-2"]


def test_s46_removed_member_comes_back_only_through_a_new_vote() -> None:
    """S46 / R-F7: a removed member is nominated, voted on and onboarded like anyone else."""
    roster = team()
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in roster.current),
        _removal("m1", "p1", F, F, F),
        Removed("p1", "m1", T0 + 2 * DAY),
        Nominated(
            "n1", Nominee("Pia Plain", "p1", frozenset({Pool.CORE_TEAM})), "a1", T0 + 3 * DAY
        ),
        BallotCast("n1", "a1", Choice.YES, T0 + 4 * DAY),
        BallotCast("n1", "a2", Choice.YES, T0 + 4 * DAY),
        SteeringCouncilAnswered("n1", VetoAnswer.NO_VETO, T0 + 11 * DAY),
        Onboarded("n1", T0 + 12 * DAY),
    ]
    state = replay(events, steering_council=COUNCIL)
    p1 = state.roster.get("p1")
    assert (p1.status, p1.joined) == (MemberStatus.MEMBER, dt.date(2026, 1, 17))
    earlier = [
        m for m in state.roster.members if m.key == "p1" and m.status is MemberStatus.EMERITUS
    ]
    assert [(m.joined, m.left) for m in earlier] == [(dt.date(2024, 1, 1), dt.date(2026, 1, 7))]
    assert check_roster(state.roster) == ()  # the earlier term is history, not a listing error
    with pytest.raises(RuleViolationError) as caught:
        replay([*events[:9], Onboarded("n1", T0 + 12 * DAY)], steering_council=COUNCIL)
    assert caught.value.rule == "R-D1"
    assert caught.value.reason == "nomination 'n1' is awaiting_steering_council, not granted"


# -- Admins -------------------------------------------------------------------------------------


def _designation(subject: str) -> SteeringCouncilMotionDecided:
    votes = (CouncillorVote("sc0", F), CouncillorVote("sc1", F))
    return SteeringCouncilMotionDecided(
        "d1", MotionKind.ADMIN_DESIGNATION, subject, votes, T0 + DAY
    )


def test_s47_council_designates_a_member_as_admin() -> None:
    """S47 / R-E1: admins are "determined by the Steering Council"."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        _designation("p1"),
        AdminDesignated("p1", "d1", T0 + DAY),
    ]
    state = replay(events, steering_council=COUNCIL)
    assert [m.github for m in state.roster.admins] == ["a1", "a2", "p1"]
    with pytest.raises(RuleViolationError) as caught:
        replay([*events, AdminDesignated("p1", "d1", T0 + DAY)], steering_council=COUNCIL)
    assert caught.value.reason == "motion 'd1' was already enacted"


def test_s48_non_member_cannot_be_admin() -> None:
    """S48 / R-E1: "At least two PSRT members shall serve as admins": a non-member cannot."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        _designation("outsider"),
    ]
    with pytest.raises(RuleViolationError) as caught:
        replay(events, steering_council=COUNCIL)
    assert str(caught.value) == (
        "event 5: R-E1: 'outsider' is not a PSRT member, so cannot be designated an admin"
    )


def test_s48_admin_designation_needs_a_council_motion() -> None:
    """R-E1: designating an admin without a carried Council motion is rejected."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        AdminDesignated("p1", "d9", T0),
    ]
    with pytest.raises(RuleViolationError) as caught:
        replay(events)
    assert caught.value.reason == "no Steering Council motion 'd9' in the log"


def test_s49_fewer_than_two_admins_is_flagged() -> None:
    """S49 / R-E1: two admins, one leaves: the invariant breaks and is flagged for the SC."""
    events: list[GovernanceEvent] = [
        *(MemberListed(m, T0) for m in team().current),
        Resigned("a2", T0 + DAY),
    ]
    state = replay(events)
    assert check_roster(state.roster) == (
        RosterFinding(
            "too_few_admins",
            "R-E1",
            "1 admin(s), at least 2 required; the Steering Council should designate another",
            ("a1",),
        ),
    )
    assert [d.kind for d in pending_duties(state, at=T0 + DAY)] == ["designate_admin"]
    assert state.roster.get("a2").attributes == ()


def test_s50_only_admins_certify_ballots_or_notify_the_council() -> None:
    """S50 / R-E2: counting votes and notifying the Council are admin duties."""
    roster = team()
    assert may_perform(roster, "p1", AdminDuty.CERTIFY_BALLOT) == Permission(
        False, "R-E2", "certify_ballot is an admin duty; p1 is not an admin"
    )
    assert may_perform(roster, "A1", AdminDuty.NOTIFY_STEERING_COUNCIL).allowed is True
    assert may_perform(roster, "ghost", AdminDuty.CERTIFY_BALLOT) == Permission(
        False, "R-E2", "ghost is not a PSRT member"
    )


# -- Coordination and advisories ----------------------------------------------------------------


def test_s51_idle_report_is_auto_assigned_to_a_non_rm_non_sc_member() -> None:
    """S51 / R-H3: idle three days without a coordinator: auto-assign, excluding RMs and SC."""
    rm = Member("Rex Release", "rex", (Attribute.RELEASE_MANAGER,))
    roster = team(rm)
    report = VulnerabilityReport("GHSA-abcd", T0)
    early = coordination_status(report, roster, at=T0 + 3 * DAY - dt.timedelta(seconds=1))
    assert (early.flags, early.assignee) == (("no_coordinator",), None)
    status = coordination_status(report, roster, at=T0 + 3 * DAY, steering_council=("p2",))
    assert status.candidates == ("a1", "a2", "p1")
    assert status.flags == ("no_coordinator", "autoassign_due")
    assert status.assignee in status.candidates
    again = coordination_status(report, roster, at=T0 + 4 * DAY, steering_council=("p2",))
    assert again.assignee == status.assignee


def test_s51_strategy_is_pluggable() -> None:
    """S51 / R-H3: the selection is unspecified, so the caller may supply the strategy."""
    status = coordination_status(
        VulnerabilityReport("GHSA-1", T0),
        team(),
        at=T0 + 5 * DAY,
        strategy=lambda candidates, report: candidates[-1],
    )
    assert status.assignee == "p2"


def test_s52_no_candidate_is_flagged_for_the_admins() -> None:
    """S52: every member is an RM or Council member: nobody can be auto-assigned."""
    roster = Roster(
        (
            Member("Rex Release", "rex", (Attribute.RELEASE_MANAGER,)),
            Member("Sue Council", "sue", (Attribute.STEERING_COUNCIL,)),
        )
    )
    status = coordination_status(VulnerabilityReport("GHSA-1", T0), roster, at=T0 + 3 * DAY)
    assert (status.flags, status.assignee) == (("no_coordinator", "no_autoassign_candidate"), None)


def test_s53_report_open_past_ninety_days_is_overdue() -> None:
    """S53 / R-H2: "within 90 days of being received"; day 91 is overdue, day 90 is not."""
    report = VulnerabilityReport("GHSA-1", T0, coordinator="p1")
    assert coordination_status(report, team(), at=T0 + 90 * DAY).overdue is False
    late = coordination_status(report, team(), at=T0 + 91 * DAY)
    assert (late.overdue, late.flags) == (True, ("overdue",))
    done = VulnerabilityReport("GHSA-1", T0, coordinator="p1", finished_at=T0 + 10 * DAY)
    assert coordination_status(done, team(), at=T0 + 91 * DAY).overdue is False


def test_s54_coordinator_role_goes_only_to_a_member() -> None:
    """S54 / R-H4: "delegate their Coordinator role to someone else in the PSRT"."""
    report = VulnerabilityReport("GHSA-1", T0, coordinator="p1")
    with pytest.raises(RuleViolationError) as caught:
        hand_over(report, "collaborator", team(), at=T0 + DAY)
    assert str(caught.value) == (
        "R-H4: the coordinator role can be handed only to a PSRT member, not 'collaborator'"
    )
    assert hand_over(report, "p2", team(), at=T0 + DAY).coordinator == "p2"


def test_s55_advisory_needs_all_three_prerequisites() -> None:
    """S55 / R-I1: CVSSv4 score, a merged fix with a public issue, a title and description."""
    blocked = check_publication(
        PublicationChecklist(cvss_v4_vector="CVSS:3.1/AV:N", fix_merged=False, title="t")
    )
    assert blocked.allowed is False
    assert blocked.missing == (
        "a CVSSv4 severity score",
        "a merged fix with a public GitHub issue",
        "an advisory title and short description",
    )
    ready = PublicationChecklist(
        cvss_v4_vector="CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
        fix_merged=True,
        public_issue="gh-12345",
        title="Title",
        description="Description.",
    )
    assert check_publication(ready).allowed is True


def test_s56_prerelease_only_vulnerability_is_not_cve_eligible() -> None:
    """S56 / R-I2: a vulnerability only in a 3.x alpha is a regular bug."""
    decision = cve_eligibility([BranchStatus.PRERELEASE])
    assert decision.eligible is False
    assert decision.reasons == ("found only in a prerelease: file it as a regular bug",)
    assert cve_eligibility([BranchStatus.PRERELEASE, BranchStatus.SECURITY]).eligible is True
    assert cve_eligibility([BranchStatus.END_OF_LIFE]).reasons == (
        "no supported (bugfix or security) branch is affected",
    )
    assert cve_eligibility(
        [BranchStatus.BUGFIX], experimental_feature=True, unsupported_platform=True
    ).reasons == (
        "experimental features are not eligible",
        "platforms that PEP 11 does not support are not Python vulnerabilities",
    )


def test_s57_only_the_coordinator_credit_must_be_a_member() -> None:
    """S57 / R-I3: reporter and a non-PSRT developer are fine; the coordinator must be a member."""
    credits = [
        ReportCredit("reporter-person", CreditType.REPORTER),
        ReportCredit("coredev", CreditType.REMEDIATION_DEVELOPER),
        ReportCredit("P1", CreditType.COORDINATOR),
    ]
    assert check_credits(credits, team()) == ()
    outsider = [ReportCredit("coredev", CreditType.COORDINATOR)]
    assert check_credits(outsider, team()) == (
        RosterFinding(
            "coordinator_not_a_member",
            "R-H4",
            "the coordinator credit names 'coredev', who is not a PSRT member",
            ("coredev",),
        ),
    )
    assert check_credits([], team())[0].code == "missing_coordinator_credit"


def test_s58_handles_compare_case_insensitively() -> None:
    """S58: `PaulMcMillan` and `paulmcmillan` are the same person; shown as written."""
    roster = Roster((Member("Paul McMillan", "paulmcmillan"), Member("Ned", "ned")))
    nominee = Nominee("N", "nn", frozenset({Pool.CORE_TEAM}))
    nomination = Nomination(
        nominee, "PaulMcMillan", T0, (Ballot("PAULMCMILLAN", Choice.YES, T0 + DAY),)
    )
    decision = tally(nomination, roster, at=T0 + 8 * DAY)
    assert (decision.outcome, decision.yes) == (Outcome.AWAITING_STEERING_COUNCIL, 1)
    assert roster.get("PaulMcMillan").github == "paulmcmillan"
    duplicate = Roster((Member("Paul McMillan", "PaulMcMillan"), Member("Paul", "paulmcmillan")))
    (finding,) = [f for f in check_roster(duplicate) if f.code == "duplicate_handle"]
    assert finding.subjects == ("PaulMcMillan", "paulmcmillan")


def test_previous_report_must_precede_the_report_date() -> None:
    """R-F2: a previous report on or after the report date is malformed input."""
    with pytest.raises(InvalidGovernanceDataError) as caught:
        inactivity_report(team(), [], on=R, previous_report=R)
    assert str(caught.value) == (
        "previous_report: the previous report must be before the report date 2026-10-01"
        " (got '2026-10-01')"
    )


def test_inactive_member_without_handle_is_annotated() -> None:
    """R-F2: activity is recorded by handle, so a member without one cannot show any."""
    nameless = Member("No Handle", None, joined=dt.date(2024, 1, 1))
    report = inactivity_report(team(nameless), busy("a1", "a2", "p1", "p2"), on=R)
    assert [(e.member.name, e.annotations) for e in report.inactive] == [
        ("No Handle", ("no_github_handle",))
    ]


def test_activity_outside_policy_kinds_or_after_the_report_is_ignored() -> None:
    """R-F2: only the configured activity kinds, and only activity up to R, count."""
    policy = Policy(
        inactivity=InactivityPolicy(activity_kinds=frozenset({ActivityKind.COORDINATED}))
    )
    activity = [*busy("a1", "a2", "p1"), Activity("p2", ActivityKind.COORDINATED, at(R + DAY))]
    report = inactivity_report(team(), [*activity, *busy("p2")], on=R, policy=policy)
    assert [e.member.github for e in report.inactive] == ["a1", "a2", "p1", "p2"]
