"""Unit tests of the governance types: members, policy, lifecycles, motions and replay rules."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path

import pytest

import psrt_core
from psrt_core import governance
from psrt_core.exceptions import InvalidTransitionError, RuleViolationError, UnknownMemberError
from psrt_core.governance import (
    MEMBERSHIP_LIFECYCLE,
    NOMINATION_LIFECYCLE,
    SETTINGS,
    ActivityKind,
    ActivityRecorded,
    AdminDesignated,
    AdminPolicy,
    AdminRevoked,
    Attribute,
    BallotCast,
    Basis,
    Choice,
    CoordinatorAssigned,
    CouncilChoice,
    CouncillorVote,
    CouncilRule,
    GovernanceEvent,
    InactivityReportGenerated,
    Member,
    MemberListed,
    MemberStatus,
    Motion,
    MotionKind,
    Nominated,
    NominationPolicy,
    Nominee,
    Onboarded,
    Outcome,
    Policy,
    Pool,
    Resigned,
    Roster,
    SteeringCouncilAnswered,
    SteeringCouncilMotionDecided,
    SteeringCouncilPolicy,
    SteeringCouncilSeated,
    VetoAnswer,
    VulnerabilityReportFinished,
    VulnerabilityReportReceived,
    apply,
    decide_motion,
    open_nominations,
    pending_duties,
    replay,
    to_mermaid,
    transition,
)

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAY = dt.timedelta(days=1)
DOCS = Path(__file__).resolve().parents[2] / "docs"


# -- members and rosters ------------------------------------------------------------------------


def test_attribute_labels_round_trip_the_devguide_notes() -> None:
    """DG-PSRT CSV: notes such as "Admin, Release Manager" name attributes by label."""
    assert [a.label for a in Attribute] == [
        "Admin",
        "Release Manager",
        "Steering Council",
        "PSF Staff",
        "Core Team",
        "Triager",
    ]
    assert Attribute.from_label(" release  manager ") is Attribute.RELEASE_MANAGER
    with pytest.raises(ValueError, match="unknown role 'Chair'"):
        Attribute.from_label("Chair")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " "}, "a member needs a name"),
        ({"github": " "}, "an empty GitHub handle must be None"),
        ({"left": dt.date(2026, 1, 1)}, "a current member cannot have a left date"),
        (
            {
                "status": MemberStatus.EMERITUS,
                "joined": dt.date(2026, 2, 1),
                "left": dt.date(2026, 1, 1),
            },
            "left 2026-01-01 before joining 2026-02-01",
        ),
        ({"attributes": (Attribute.ADMIN, Attribute.ADMIN)}, "attributes repeat"),
    ],
)
def test_member_rejects_impossible_values(kwargs: dict[str, object], message: str) -> None:
    """A member's own invariants are checked when it is built."""
    fields: dict[str, object] = {"name": "N", "github": "n", **kwargs}
    with pytest.raises(ValueError, match=message):
        Member(**fields)  # type: ignore[arg-type]


def test_membership_days_include_joining_and_leaving_day() -> None:
    """R-C8 at day granularity: both the joining and the leaving day are member days."""
    member = Member(
        "N", "n", status=MemberStatus.EMERITUS, joined=dt.date(2026, 1, 2), left=dt.date(2026, 1, 5)
    )
    assert [member.is_member_on(dt.date(2026, 1, d)) for d in range(1, 7)] == [
        False,
        True,
        True,
        True,
        True,
        False,
    ]
    assert (
        Member("Old", None, status=MemberStatus.EMERITUS).is_member_on(dt.date(2000, 1, 1)) is False
    )


def test_roster_views_and_lookups() -> None:
    """R-A5: the roster answers who is a member, an admin or emeritus; handles ignore case."""
    admin = Member("Ada", "Ada", (Attribute.ADMIN,))
    former = Member("Fay", "fay", status=MemberStatus.EMERITUS)
    roster = Roster.of([admin, Member("Bo", "bo")], [former])
    assert [m.github for m in roster.current] == ["Ada", "bo"]
    assert roster.admins == (admin,)
    assert roster.emeritus == (former,)
    assert roster.get("ADA") == admin
    assert roster.find("nobody") is None
    with pytest.raises(UnknownMemberError, match="no member with GitHub handle 'nobody'"):
        roster.get("nobody")
    assert roster.replace(former, None).emeritus == ()
    promoted = admin.with_attribute(Attribute.TRIAGER)
    assert promoted.with_attribute(Attribute.TRIAGER) is promoted
    assert promoted.without_attribute(Attribute.ADMIN).attributes == (Attribute.TRIAGER,)


# -- policy -------------------------------------------------------------------------------------


def test_policy_defaults_are_pep_811() -> None:
    """§K: the defaults are the rules document's values."""
    policy = Policy()
    assert policy.nomination.threshold == Fraction(2, 3)
    assert policy.nomination.period == 7 * DAY
    assert policy.nomination.quorum is None
    assert policy.admins.min_count == 2
    assert policy.coordination.deadline == 90 * DAY
    assert policy.overrides() == ()
    text = {s.key for s in SETTINGS if s.basis is Basis.TEXT}
    assert "nomination.threshold" in text
    assert "nomination.denominator" not in text


def test_policy_overrides_render_values() -> None:
    """§K: every changed setting is shown with its default, value and basis."""
    policy = Policy(
        nomination=NominationPolicy(
            period=dt.timedelta(hours=36), quorum=Fraction(1, 2), strict_pool=True
        ),
        admins=AdminPolicy(min_count=1),
        steering_council=SteeringCouncilPolicy(decision_rule=CouncilRule.TWO_THIRDS_NON_ABSTAINING),
    )
    rendered = [(o.setting, o.basis.value, o.default, o.value) for o in policy.overrides()]
    assert rendered == [
        ("nomination.period", "TEXT", "7 days", "129600 seconds"),
        ("nomination.quorum", "INTERP", "none", "1/2"),
        ("nomination.strict_pool", "INTERP", "false", "true"),
        ("admins.min_count", "TEXT", "2", "1"),
        (
            "steering_council.decision_rule",
            "INTERP",
            "strict_majority_non_abstaining",
            "two_thirds_non_abstaining",
        ),
    ]
    assert [o.setting for o in Policy(nomination=NominationPolicy(period=DAY)).overrides()] == [
        "nomination.period"
    ]
    assert Policy(nomination=NominationPolicy(period=DAY)).overrides()[0].value == "1 day"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": Fraction(3, 2)}, r"threshold must be a fraction in \(0, 1\]"),
        ({"period": dt.timedelta(0)}, "period must be a positive duration"),
        ({"min_votes_cast": -1}, "min_votes_cast must not be negative"),
    ],
)
def test_policy_rejects_impossible_settings(kwargs: dict[str, object], message: str) -> None:
    """§K: settings outside their domain are malformed input."""
    with pytest.raises(ValueError, match=message):
        NominationPolicy(**kwargs)  # type: ignore[arg-type]


def test_two_thirds_council_rule() -> None:
    """R-D4 alternative: a two-thirds council rule needs 2 of 3 non-abstaining."""
    policy = Policy(
        steering_council=SteeringCouncilPolicy(decision_rule=CouncilRule.TWO_THIRDS_NON_ABSTAINING)
    )
    f, a = CouncilChoice.FOR, CouncilChoice.AGAINST

    def votes(*choices: CouncilChoice) -> tuple[CouncillorVote, ...]:
        return tuple(CouncillorVote(f"s{i}", x) for i, x in enumerate(choices))

    council = ("s0", "s1", "s2", "s3", "s4")
    assert decide_motion(
        Motion(MotionKind.REMOVAL, "x", votes(f, f, a)), council=council, policy=policy
    ).carried
    assert not decide_motion(
        Motion(MotionKind.REMOVAL, "x", votes(f, f, f, a, a)), council=council, policy=policy
    ).carried


def test_motion_with_a_known_council() -> None:
    """PEP 13 › Powers: only councillors vote, each must vote or abstain; the last vote counts."""
    motion = Motion(
        MotionKind.VETO,
        "n1",
        (
            CouncillorVote("sc1", CouncilChoice.AGAINST),
            CouncillorVote("SC1", CouncilChoice.FOR),
            CouncillorVote("outsider", CouncilChoice.FOR),
            CouncillorVote("sc2", CouncilChoice.FOR),
        ),
        conflicted=frozenset({"sc2"}),
    )
    decided = decide_motion(motion, council=("sc1", "sc2", "sc3"))
    assert (decided.carried, decided.in_favour, decided.against, decided.abstain) == (True, 1, 0, 1)
    assert [(v.councillor, v.reason) for v in decided.ignored_votes] == [
        ("sc1", "superseded by a later vote"),
        ("outsider", "not a Steering Council member"),
        ("sc2", "conflict of interest: must abstain (PEP 13)"),
    ]
    assert decided.flags == (
        "conflicted_vote_counted_as_abstention",
        "councillor_did_not_vote",
        "council_size_differs",
    )
    assert decided.rules == ("R-D4", "R-D1")


# -- lifecycles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lifecycle", [NOMINATION_LIFECYCLE, MEMBERSHIP_LIFECYCLE])
def test_every_state_is_reachable(lifecycle: governance.Lifecycle) -> None:
    """Lifecycle tables: one initial state, and no unreachable state."""
    assert lifecycle.reachable() == frozenset(lifecycle.states)


@pytest.mark.parametrize("lifecycle", [NOMINATION_LIFECYCLE, MEMBERSHIP_LIFECYCLE])
def test_terminal_states_are_final_and_no_trap_states(lifecycle: governance.Lifecycle) -> None:
    """Lifecycle tables: a terminal state accepts no event; every other state can move on."""
    for state in lifecycle.terminal:
        for event in lifecycle.events:
            with pytest.raises(InvalidTransitionError):
                transition(lifecycle, state, event)
    rows = {(r.state, r.event) for r in lifecycle.transitions}
    assert len(rows) == len(lifecycle.transitions), "the table must be deterministic"


def test_nomination_lifecycle_states_are_the_outcomes() -> None:
    """The tally's outcomes are exactly the nomination lifecycle's states after 'proposed'."""
    assert set(NOMINATION_LIFECYCLE.states) - {"proposed"} == {o.value for o in Outcome}
    assert set(NOMINATION_LIFECYCLE.terminal) == {
        "invalid",
        "rejected",
        "granted",
        "vetoed",
        "undecidable",
    }
    assert MEMBERSHIP_LIFECYCLE.terminal == ()  # R-F7: a former member may always be nominated


def test_transition_follows_the_table() -> None:
    """R-D1: a passing vote waits for the Council; "veto" ends it."""
    state = transition(NOMINATION_LIFECYCLE, "open", "closed_passing")
    assert transition(NOMINATION_LIFECYCLE, state, "veto") == "vetoed"
    with pytest.raises(InvalidTransitionError) as caught:
        transition(NOMINATION_LIFECYCLE, "granted", "veto")
    assert str(caught.value) == "event 'veto' is not allowed in state 'granted'"


def _blocks(page: str) -> list[str]:
    text = (DOCS / "explanation" / page).read_text(encoding="utf-8")
    return re.findall(r"```text\n(stateDiagram-v2\n.*?)```", text, flags=re.S)


def test_docs_diagrams_match_the_tables() -> None:
    """The lifecycle drawings in the docs are generated from the tables and must match them."""
    assert _blocks("lifecycles.md") == [
        to_mermaid(NOMINATION_LIFECYCLE),
        to_mermaid(MEMBERSHIP_LIFECYCLE),
    ]


# -- replay rules -------------------------------------------------------------------------------


def _listed() -> list[GovernanceEvent]:
    return [
        MemberListed(Member("Ada", "ada", (Attribute.ADMIN,)), T0),
        MemberListed(Member("Bo", "bo", (Attribute.ADMIN,)), T0),
        MemberListed(Member("Cy", "cy"), T0),
    ]


COUNCIL = ("sc0", "sc1", "sc2", "sc3", "sc4")


def _violation(events: list[GovernanceEvent]) -> str:
    with pytest.raises(RuleViolationError) as caught:
        replay(events, steering_council=COUNCIL)
    return str(caught.value)


NORA = Nominee("Nora", "nora", frozenset({Pool.CORE_TEAM}))


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ([MemberListed(Member("Ada", "ADA"), T0)], "event 4: R-A5: 'ADA' is listed twice"),
        (
            [Resigned("cy", T0), MemberListed(Member("Di", "di"), T0)],
            "event 5: R-A1: members are listed only at the start of the log; later, only by"
            " nomination",
        ),
        (
            [Resigned("cy", T0 - DAY)],
            "event 4: LOG: event at 2026-01-04T09:00:00+00:00 is earlier than the previous event",
        ),
        (
            [Nominated("n1", NORA, "zed", T0)],
            "event 4: R-C1: the nominator 'zed' is not a PSRT member",
        ),
        (
            [Nominated("n1", Nominee("Cy", "CY"), "ada", T0)],
            "event 4: R-A1: the nominee 'CY' is already a PSRT member",
        ),
        (
            [Nominated("n1", NORA, "ada", T0), Nominated("n1", NORA, "bo", T0)],
            "event 5: R-C1: nomination 'n1' already exists",
        ),
        ([BallotCast("n9", "ada", Choice.YES, T0)], "event 4: R-C1: no nomination 'n9' in the log"),
        (
            [Nominated("n1", NORA, "ada", T0), BallotCast("n1", "ada", Choice.YES, T0 + 7 * DAY)],
            "event 5: R-C6: the vote on 'n1' is closed",
        ),
        (
            [Nominated("n1", NORA, "ada", T0), BallotCast("n1", "zed", Choice.YES, T0)],
            "event 5: R-C8: zed: not a PSRT member when the vote opened",
        ),
        (
            [Nominated("n1", NORA, "ada", T0), SteeringCouncilAnswered("n1", VetoAnswer.VETO, T0)],
            "event 5: R-D2: the Steering Council can decide only a passing vote; 'n1' is open",
        ),
        ([Onboarded("n1", T0)], "event 4: R-C1: no nomination 'n1' in the log"),
        (
            [
                SteeringCouncilMotionDecided("m1", MotionKind.ADMIN_REVOCATION, "cy", (), T0),
            ],
            "event 4: R-E3: 'cy' is not an admin",
        ),
        (
            [
                SteeringCouncilMotionDecided("m1", MotionKind.REMOVAL, "cy", (), T0),
                SteeringCouncilMotionDecided("m1", MotionKind.REMOVAL, "cy", (), T0),
            ],
            "event 5: R-D4: motion 'm1' already exists",
        ),
        (
            [
                SteeringCouncilMotionDecided("m1", MotionKind.REMOVAL, "cy", (), T0),
                AdminDesignated("cy", "m1", T0),
            ],
            "event 5: R-E1: motion 'm1' is not a admin_designation motion about 'cy'",
        ),
        ([Resigned("zed", T0)], "event 4: R-F6: 'zed' is not a PSRT member, so cannot resign"),
        (
            [ActivityRecorded("zed", ActivityKind.COMMENTED, T0)],
            "event 4: R-F2: 'zed' is not a PSRT member, so cannot record activity",
        ),
        (
            [VulnerabilityReportReceived("G1", T0), VulnerabilityReportReceived("G1", T0)],
            "event 5: R-H2: report 'G1' already exists",
        ),
        ([CoordinatorAssigned("G1", "ada", T0)], "event 4: R-H2: no report 'G1' in the log"),
        (
            [
                VulnerabilityReportReceived("G1", T0),
                VulnerabilityReportFinished("G1", T0),
                VulnerabilityReportFinished("G1", T0),
            ],
            "event 6: R-H2: no open report 'G1' in the log",
        ),
        (
            [VulnerabilityReportReceived("G1", T0), CoordinatorAssigned("G1", "zed", T0)],
            "event 5: R-H4: 'zed' is not a PSRT member, so cannot coordinate a report",
        ),
    ],
)
def test_replay_rejects_events_that_break_a_rule(tail: list[GovernanceEvent], message: str) -> None:
    """Replay never drops an event: one that breaks a rule fails with the rule and the reason."""
    assert _violation([*_listed(), *tail]) == message


def test_a_member_without_a_handle_may_open_the_list_and_a_repeat_is_still_caught() -> None:
    """R-A1, R-A5: a listed member may have no GitHub handle; the members listed after it are
    still checked for a handle given twice (compared case-insensitively)."""
    events: list[GovernanceEvent] = [
        MemberListed(Member("Anon"), T0),
        MemberListed(Member("Ada", "ada"), T0),
        MemberListed(Member("Ada L.", "ADA"), T0),
    ]
    assert _violation(events) == "event 3: R-A5: 'ADA' is listed twice"
    state = replay(events[:2], steering_council=COUNCIL)
    assert [(m.name, m.github) for m in state.roster.current] == [("Anon", None), ("Ada", "ada")]


def test_strict_pool_and_cooldown_apply_in_replay() -> None:
    """R-A2 strict_pool and R-C10 cooldown reject the nomination event itself."""
    strict = Policy(nomination=NominationPolicy(strict_pool=True))
    with pytest.raises(RuleViolationError) as caught:
        replay([*_listed(), Nominated("n1", Nominee("Rae", "rae"), "ada", T0)], policy=strict)
    assert caught.value.rule == "R-A2"
    cooldown = Policy(nomination=NominationPolicy(renomination_cooldown=30 * DAY))
    events: list[GovernanceEvent] = [
        *_listed(),
        Nominated("n1", NORA, "ada", T0),
        Nominated("n0", Nominee("Other", "other", frozenset({Pool.TRIAGER})), "ada", T0),
        Nominated("n2", NORA, "bo", T0 + 10 * DAY),
    ]
    with pytest.raises(RuleViolationError) as caught:
        replay(events, policy=cooldown)
    assert str(caught.value) == "event 6: R-C10: 'nora' is in the cooling-off period"
    later = [*events[:-1], Nominated("n2", NORA, "bo", T0 + 40 * DAY)]
    assert len(replay(later, policy=cooldown).nominations) == 3


def test_full_history_and_pending_duties() -> None:
    """R-D1, R-D5, R-E3, R-F1, R-H2, R-H3: the state and the duties a log implies."""
    votes = tuple(CouncillorVote(f"sc{i}", CouncilChoice.FOR) for i in range(3))
    events: list[GovernanceEvent] = [
        *_listed(),
        SteeringCouncilSeated(COUNCIL, T0),
        Nominated("n1", NORA, "ada", T0),
        BallotCast("n1", "ada", Choice.YES, T0 + DAY),
        Nominated("n2", Nominee("Otto", "otto", frozenset({Pool.TRIAGER})), "bo", T0 + DAY),
        BallotCast("n2", "ada", Choice.YES, T0 + 2 * DAY),
        VulnerabilityReportReceived("G1", T0 + 2 * DAY),
        VulnerabilityReportReceived("G2", T0 + 2 * DAY),
        CoordinatorAssigned("G2", "cy", T0 + 2 * DAY),
        VulnerabilityReportReceived("G3", T0 + 2 * DAY),
        VulnerabilityReportFinished("G3", T0 + 3 * DAY),
        SteeringCouncilMotionDecided("v1", MotionKind.VETO, "n2", votes, T0 + 9 * DAY),
        SteeringCouncilAnswered("n1", VetoAnswer.NO_VETO, T0 + 9 * DAY),
        SteeringCouncilMotionDecided("r1", MotionKind.ADMIN_REVOCATION, "bo", votes, T0 + 9 * DAY),
        AdminRevoked("bo", "r1", T0 + 9 * DAY),
        ActivityRecorded("ada", ActivityKind.COORDINATED, T0 + 9 * DAY, "G2"),
        InactivityReportGenerated(T0 + 9 * DAY),
    ]
    state = replay(events)
    assert state.events == len(events)
    assert state.last_inactivity_report == dt.date(2026, 1, 14)
    assert [a.report for a in state.activity] == ["G2"]
    at = T0 + 100 * DAY
    outcomes = [(key, d.outcome) for key, d in open_nominations(state, at=at)]
    assert outcomes == [("n1", Outcome.GRANTED), ("n2", Outcome.VETOED)]
    duties = [(d.kind, d.subject, d.rule) for d in pending_duties(state, at=at)]
    assert duties == [
        ("onboard", "n1", "R-D5"),
        ("designate_admin", "admins", "R-E1"),
        ("assign_coordinator", "G1", "R-H3"),
        ("overdue_report", "G1", "R-H2"),
        ("overdue_report", "G2", "R-H2"),
    ]
    year = pending_duties(state, at=T0 + 380 * DAY)
    assert ("inactivity_report", "R-F1") in [(d.kind, d.rule) for d in year]
    waiting = replay(events[:6])
    assert [d.kind for d in pending_duties(waiting, at=T0 + 8 * DAY)] == ["notify_steering_council"]
    onboarded = apply(state, Onboarded("n1", T0 + 101 * DAY))
    assert onboarded.roster.is_member("NORA")
    assert [k for k, _ in open_nominations(onboarded, at=at)] == ["n2"]
    with pytest.raises(RuleViolationError, match="was already onboarded"):
        apply(onboarded, Onboarded("n1", T0 + 102 * DAY))


def test_replay_at_skips_later_events_and_checks_the_council() -> None:
    """`replay(..., at=)` folds only the past; a known council filters motion votes."""
    votes = (
        CouncillorVote("sc1", CouncilChoice.FOR),
        CouncillorVote("intruder", CouncilChoice.FOR),
    )
    events: list[GovernanceEvent] = [
        *_listed(),
        SteeringCouncilMotionDecided("m1", MotionKind.REMOVAL, "cy", votes, T0 + DAY),
    ]
    assert replay(events, at=T0).events == 3
    state = replay(events, steering_council=("sc1", "sc2"))
    decision = state.motions[0].decision
    assert (decision.in_favour, decision.carried) == (1, True)


def test_public_names_are_sorted_and_exported() -> None:
    """The package's public surface is explicit and sorted; the root re-exports the roster, policy,
    nomination and tally (issue 8: a small root)."""
    assert governance.__all__ == sorted(governance.__all__, key=lambda n: (not n.isupper(), n))
    assert dir(governance) == sorted(governance.__all__)
    for name in ("Roster", "Policy", "Nomination", "tally"):
        assert getattr(psrt_core, name) is getattr(governance, name)


def test_second_grant_for_someone_already_onboarded_is_refused() -> None:
    """R-A1: two granted nominations of one person; the second onboarding is a no-op refused."""
    events: list[GovernanceEvent] = [*_listed()]
    events += [
        Nominated("n1", NORA, "ada", T0),
        Nominated("n2", NORA, "bo", T0),
        BallotCast("n1", "bo", Choice.YES, T0 + DAY),
        BallotCast("n2", "bo", Choice.YES, T0 + DAY),
    ]
    events += [
        SteeringCouncilAnswered("n1", VetoAnswer.NO_VETO, T0 + 8 * DAY),
        SteeringCouncilAnswered("n2", VetoAnswer.NO_VETO, T0 + 8 * DAY),
        Onboarded("n1", T0 + 9 * DAY),
        Onboarded("n2", T0 + 9 * DAY),
    ]
    assert _violation(events) == "event 11: R-A1: 'nora' is already a PSRT member"


def test_pending_duties_follow_coordination_status() -> None:
    """R-H3 (S51, S52) in the event log: a report idle for three days without a coordinator is
    due for auto-assignment to a member who is neither Release Manager nor Steering Council
    member, chosen by the same rule as `coordination_status`; when every member is excluded,
    the duty says it must be done by hand."""
    rm, sc = (Attribute.RELEASE_MANAGER,), (Attribute.STEERING_COUNCIL,)
    events: list[GovernanceEvent] = [
        MemberListed(Member("Ada", "ada", (Attribute.ADMIN, *rm)), T0),
        MemberListed(Member("Bo", "bo", (Attribute.ADMIN, *sc)), T0),
        MemberListed(Member("Cy", "cy"), T0),
        VulnerabilityReportReceived("G1", T0),
    ]
    early = pending_duties(replay(events), at=T0 + 2 * DAY)
    assert [(d.kind, d.message) for d in early if d.subject == "G1"] == [
        ("assign_coordinator", "assign a coordinator")
    ]
    due = pending_duties(replay(events), at=T0 + 3 * DAY)
    assert [(d.kind, d.message) for d in due if d.subject == "G1"] == [
        ("assign_coordinator", "auto-assign a coordinator (cy by the default strategy)")
    ]
    only_excluded = [
        e for e in events if not (isinstance(e, MemberListed) and e.member.github == "cy")
    ]
    stuck = pending_duties(replay(only_excluded), at=T0 + 3 * DAY)
    assert [(d.kind, d.message) for d in stuck if d.subject == "G1"] == [
        ("assign_coordinator", "assign a coordinator by hand: no member may be auto-assigned")
    ]
