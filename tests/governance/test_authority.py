"""Identity and authority (issue 14): handles are GitHub logins, and only the Council acts as one.

One test per rule that gives someone a power: R-C1 (members nominate), R-C2 (members vote),
R-D1/R-D4 (the Council vetoes), R-F4 (the Council removes), R-E1/R-E3 (the Council designates
and revokes admins), R-E2 (admins perform admin duties); plus the handle rule (S58) and the
tally's cost, which must grow with ballots + members, not their product.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.exceptions import InvalidHandleError, RuleViolationError
from psrt_core.governance import (
    AdminDesignated,
    AdminDuty,
    AdminRevoked,
    Attribute,
    Ballot,
    BallotCast,
    Choice,
    CouncilChoice,
    CouncillorVote,
    GovernanceEvent,
    Member,
    MemberListed,
    Motion,
    MotionKind,
    Nominated,
    Nomination,
    Nominee,
    Outcome,
    Pool,
    Removed,
    Roster,
    SteeringCouncilMotionDecided,
    SteeringCouncilSeated,
    VetoAnswer,
    check_handle,
    decide_motion,
    handle_key,
    may_perform,
    replay,
    tally,
)
from psrt_core.governance import _members as members_module
from tests.governance.conftest import OPEN, day

KELVIN_KATE = "\u212aate"  # KELVIN SIGN, which str.lower() folds to "k"
UNKNOWN = "the Steering Council's membership is not known, so a Council motion cannot be validated"
F, A = CouncilChoice.FOR, CouncilChoice.AGAINST
COUNCIL = ("sc1", "sc2", "sc3", "sc4", "sc5")
NORA = Nominee("Nora", "nora", frozenset({Pool.CORE_TEAM}))


# -- identity: GitHub's login rule, compared in ASCII only (S58) ---------------------------------


@pytest.mark.parametrize("handle", ["a", "Kate", "AA-Turner", "a-b-c", "x1", "9", "a" * 39])
def test_github_logins_are_accepted(handle: str) -> None:
    """S58: letters, digits, single inner hyphens, up to 39 characters."""
    assert check_handle(handle) == handle


@pytest.mark.parametrize(
    "handle",
    [KELVIN_KATE, "", " kate", "kate ", "-kate", "kate-", "ka--te", "ka_te", "ka.te", "a" * 40,
     "k\u0430te", "kate\n", None, 7],
)  # fmt: skip
def test_anything_else_is_refused(handle: object) -> None:
    """S58: the Kelvin sign, a Cyrillic a, spaces, edge or double hyphens, 40 characters."""
    with pytest.raises(InvalidHandleError) as caught:
        check_handle(handle)
    assert caught.value.value == handle
    assert isinstance(caught.value, ValueError)


def test_a_kelvin_sign_ballot_is_refused_not_counted_as_kate() -> None:
    """R-C2, S58: a look-alike of a member's handle is no handle at all; it never matches."""
    with pytest.raises(InvalidHandleError):
        Ballot(KELVIN_KATE, Choice.YES, OPEN)
    assert handle_key(KELVIN_KATE) != "kate"
    assert handle_key("KaTe") == "kate"
    roster = Roster((Member("Kate", "kate"),))
    assert roster.find(KELVIN_KATE) is None


@pytest.mark.parametrize(
    "build",
    [
        lambda: Member("Kate", KELVIN_KATE),
        lambda: Nominee("Kate", KELVIN_KATE),
        lambda: Nomination(NORA, KELVIN_KATE, OPEN),
        lambda: Nomination(NORA, "m0", OPEN, seconders=(KELVIN_KATE,)),
        lambda: CouncillorVote(KELVIN_KATE, F),
        lambda: Motion(MotionKind.REMOVAL, KELVIN_KATE),
        lambda: Motion(MotionKind.VETO, "n1", conflicted=frozenset({KELVIN_KATE})),
        lambda: SteeringCouncilSeated((KELVIN_KATE,), OPEN),
        lambda: BallotCast("n1", KELVIN_KATE, Choice.YES, OPEN),
        lambda: Removed(KELVIN_KATE, "m1", OPEN),
    ],
)
def test_every_model_that_names_a_person_checks_the_handle(build: object) -> None:
    """S58: members, nominees, nominators, seconders, voters, councillors, subjects, events."""
    with pytest.raises(InvalidHandleError):
        build()  # type: ignore[operator]


def test_a_veto_subject_is_a_nomination_not_a_handle() -> None:
    """R-D1: a veto motion is about a nomination id, which need not look like a login."""
    assert Motion(MotionKind.VETO, "nomination 1").subject == "nomination 1"
    assert Member("Kate", None).github is None  # a member without a handle stays allowed


@given(st.text(max_size=12))
def test_the_key_folds_ascii_letters_only(text: str) -> None:
    """S58: only A-Z fold; every other character keeps its code point (no Unicode folding)."""
    key = handle_key(text)
    stripped = text.strip()
    assert len(key) == len(stripped)
    for before, after in zip(stripped, key, strict=True):
        assert after == (before.lower() if "A" <= before <= "Z" else before)


# -- authority: the Council ----------------------------------------------------------------------


def _members(size: int = 4) -> Roster:
    return Roster(tuple(Member(f"M{i}", f"m{i}") for i in range(size)))


def _passing(council: Motion | VetoAnswer | None) -> Nomination:
    ballots = (Ballot("m0", Choice.YES, day(1)), Ballot("m1", Choice.YES, day(1)))
    return Nomination(NORA, "m0", OPEN, ballots, council)


def test_r_d4_a_veto_voted_by_members_without_a_known_council_is_undecidable() -> None:
    """R-D1, R-D4: two PSRT members "vote" a veto; without the Council's roster it is not counted.

    The outcome is ``undecidable``: never vetoed, never granted, with the reason and the flag.
    """
    motion = Motion(MotionKind.VETO, "nora", (CouncillorVote("m2", F), CouncillorVote("m3", F)))
    decision = tally(_passing(motion), _members(), at=day(8))
    assert decision.outcome is Outcome.UNDECIDABLE
    assert decision.vote_passed is True
    assert decision.flags == ("council_unknown",)
    assert decision.reasons == (UNKNOWN,)
    assert decision.council is not None
    assert (decision.council.carried, decision.council.in_favour) == (False, 2)
    assert decision.rules[-2:] == ("R-D1", "R-D4")


def test_r_d4_with_the_council_known_members_outside_it_cannot_veto() -> None:
    """R-D1, R-D4: against a known Council the members' votes are ignored; the grant stands."""
    motion = Motion(MotionKind.VETO, "nora", (CouncillorVote("m2", F), CouncillorVote("m3", F)))
    decision = tally(_passing(motion), _members(), at=day(8), steering_council=COUNCIL)
    assert decision.outcome is Outcome.GRANTED
    assert decision.council is not None
    assert [v.reason for v in decision.council.ignored_votes] == [
        "not a Steering Council member",
        "not a Steering Council member",
    ]


def test_r_d1_a_recorded_answer_is_the_councils_word_and_needs_no_roster() -> None:
    """R-D1: ``"decision": "veto"`` records the Council's answer as the admins received it.

    It names no councillor, so a roster would check nothing; it decides without one.
    """
    assert tally(_passing(VetoAnswer.VETO), _members(), at=day(8)).outcome is Outcome.VETOED
    assert tally(_passing(VetoAnswer.NO_VETO), _members(), at=day(8)).outcome is Outcome.GRANTED


def test_r_d4_decide_motion_never_carries_without_a_council() -> None:
    """R-D4: counted for the record, flagged ``council_unknown``, never carried."""
    motion = Motion(MotionKind.REMOVAL, "m1", (CouncillorVote("m2", F),))
    decided = decide_motion(motion)
    assert (decided.carried, decided.in_favour, decided.flags) == (False, 1, ("council_unknown",))
    assert decided.rules == ("R-D4", "R-F4")
    seated = Motion(MotionKind.REMOVAL, "m1", (CouncillorVote("sc1", F),), council=COUNCIL)
    assert decide_motion(seated).carried is True


def _listed(*extra: Member) -> list[GovernanceEvent]:
    members = [Member("Ada", "ada", (Attribute.ADMIN,)), Member("Bo", "bo"), *extra]
    return [MemberListed(m, OPEN) for m in members]


def _motion(kind: MotionKind, subject: str, *voters: str) -> SteeringCouncilMotionDecided:
    votes = tuple(CouncillorVote(v, F) for v in voters)
    return SteeringCouncilMotionDecided("m1", kind, subject, votes, day(1))


@pytest.mark.parametrize(
    ("kind", "subject", "enact", "rule"),
    [
        (MotionKind.REMOVAL, "bo", Removed("bo", "m1", day(2)), "R-F4"),
        (MotionKind.ADMIN_DESIGNATION, "bo", AdminDesignated("bo", "m1", day(2)), "R-E1"),
        (MotionKind.ADMIN_REVOCATION, "ada", AdminRevoked("ada", "m1", day(2)), "R-E3"),
    ],
)
def test_r_f4_r_e1_r_e3_a_council_motion_needs_a_known_council(
    kind: MotionKind, subject: str, enact: GovernanceEvent, rule: str
) -> None:
    """R-F4 removal, R-E1 designation, R-E3 revocation: refused without a known Council.

    Members voting as the Council is the attack; with the Council seated in the log (or given
    to `replay`) the councillors' motion carries and is enacted, the members' does not.
    """
    members_vote = [*_listed(), _motion(kind, subject, "ada", "bo"), enact]
    with pytest.raises(RuleViolationError) as caught:
        replay(members_vote)
    assert (caught.value.rule, caught.value.reason) == (rule, UNKNOWN)
    assert caught.value.location == "event 3"
    seated = [*_listed(), SteeringCouncilSeated(COUNCIL, OPEN)]
    with pytest.raises(RuleViolationError, match="did not carry"):
        replay([*seated, _motion(kind, subject, "ada", "bo"), enact])
    state = replay([*seated, _motion(kind, subject, "sc1", "sc2", "sc3"), enact])
    assert state.motions[0].decision.carried is True
    by_option = replay(
        [*_listed(), _motion(kind, subject, "sc1", "sc2", "sc3"), enact], steering_council=COUNCIL
    )
    assert by_option.roster == state.roster


def test_r_d4_the_council_seated_at_the_motions_instant_counts_it() -> None:
    """R-D4: a Council seated after the motion does not validate it; the latest seating rules."""
    late = [
        *_listed(),
        _motion(MotionKind.REMOVAL, "bo", "sc1"),
        SteeringCouncilSeated(COUNCIL, day(3)),
    ]
    with pytest.raises(RuleViolationError) as caught:
        replay(late)
    assert caught.value.rule == "R-F4"
    reseated = [
        *_listed(),
        SteeringCouncilSeated(COUNCIL, OPEN),
        SteeringCouncilSeated(("new1", "new2", "new3"), OPEN),
        _motion(MotionKind.REMOVAL, "bo", "sc1", "sc2", "sc3"),
    ]
    state = replay(reseated)
    assert state.steering_council == frozenset({"new1", "new2", "new3"})
    decision = state.motions[0].decision
    assert (decision.carried, decision.in_favour) == (False, 0)
    assert decision.motion.council == frozenset({"new1", "new2", "new3"})


def test_r_d4_a_vetoed_nomination_in_the_log_keeps_the_council_of_its_motion() -> None:
    """R-D1, R-D4: a veto motion in the log carries its Council; later tallies need no option."""
    events: list[GovernanceEvent] = [
        *_listed(),
        SteeringCouncilSeated(COUNCIL, OPEN),
        Nominated("n1", NORA, "ada", OPEN),
        BallotCast("n1", "ada", Choice.YES, day(1)),
        SteeringCouncilMotionDecided(
            "v1", MotionKind.VETO, "n1", (CouncillorVote("sc1", F),), day(8)
        ),
    ]
    state = replay(events)
    nomination = state.nominations[0].nomination
    assert tally(nomination, state.roster, at=day(9)).outcome is Outcome.VETOED


def test_seating_is_allowed_among_the_opening_listing() -> None:
    """R-A1: members are listed at the start; seating the Council there does not end the list."""
    events = [SteeringCouncilSeated(COUNCIL, OPEN), *_listed()]
    assert len(replay(events).roster.current) == 2
    with pytest.raises(ValueError, match="at least one councillor"):
        SteeringCouncilSeated((), OPEN)


# -- authority: members nominate and vote, admins perform admin duties ----------------------------


def test_r_c1_only_a_member_nominates() -> None:
    """R-C1: a nomination by someone not on the list is refused (log) or invalid (tally)."""
    with pytest.raises(RuleViolationError) as caught:
        replay([*_listed(), Nominated("n1", NORA, "zed", OPEN)])
    assert (caught.value.rule, caught.value.reason) == (
        "R-C1",
        "the nominator 'zed' is not a PSRT member",
    )
    decision = tally(Nomination(NORA, "zed", OPEN), _members(), at=day(1))
    assert (decision.outcome, decision.flags) == (Outcome.INVALID, ("nominator_not_a_member",))


def test_r_c2_only_a_member_votes() -> None:
    """R-C2, R-C8: a ballot from someone not on the list is refused (log) or ignored (tally)."""
    events = [
        *_listed(),
        Nominated("n1", NORA, "ada", OPEN),
        BallotCast("n1", "zed", Choice.YES, day(1)),
    ]
    with pytest.raises(RuleViolationError) as caught:
        replay(events)
    assert (caught.value.rule, caught.value.reason) == (
        "R-C8",
        "zed: not a PSRT member when the vote opened",
    )
    nomination = Nomination(NORA, "m0", OPEN, (Ballot("zed", Choice.YES, day(1)),))
    decision = tally(nomination, _members(), at=day(8))
    assert [(b.voter, b.rule) for b in decision.ignored_ballots] == [("zed", "R-C8")]
    assert decision.yes == 0


def test_r_e2_only_an_admin_performs_an_admin_duty() -> None:
    """R-E2, S50: certifying a ballot or notifying the Council is an admin's act."""
    roster = Roster((Member("Ada", "ada", (Attribute.ADMIN,)), Member("Bo", "bo")))
    assert may_perform(roster, "ADA", AdminDuty.CERTIFY_BALLOT).allowed is True
    refused = may_perform(roster, "bo", AdminDuty.NOTIFY_STEERING_COUNCIL)
    assert (refused.allowed, refused.rule) == (False, "R-E2")
    assert may_perform(roster, KELVIN_KATE, AdminDuty.CERTIFY_BALLOT).allowed is False


# -- the tally's cost: O(ballots + members) --------------------------------------------------------


def _big(n: int) -> tuple[Nomination, Roster]:
    roster = Roster(tuple(Member(f"M{i}", f"m{i}", joined=dt.date(2025, 1, 1)) for i in range(n)))
    at = OPEN + dt.timedelta(hours=1)
    ballots = tuple(Ballot(f"m{i}", Choice.YES, at) for i in range(n))
    return Nomination(NORA, "m0", OPEN, ballots), roster


def _membership_checks(monkeypatch: pytest.MonkeyPatch, n: int) -> int:
    calls = 0
    original = members_module.Member.is_member_at

    def counting(self: Member, instant: dt.datetime) -> bool:
        nonlocal calls
        calls += 1
        return original(self, instant)

    monkeypatch.setattr(members_module.Member, "is_member_at", counting)
    nomination, roster = _big(n)
    assert tally(nomination, roster, at=day(8)).yes == n
    monkeypatch.setattr(members_module.Member, "is_member_at", original)
    return calls


def test_a_tally_checks_membership_a_bounded_number_of_times_per_ballot_and_member(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 14: n ballots over n members; 16 times more of each costs 16 times more checks.

    Scanning the roster per ballot would cost 256 times more.
    """
    small, large = (_membership_checks(monkeypatch, n) for n in (100, 1600))
    # One check per member for the electorate, one per ballot, one for the nominator.
    assert (small, large) == (2 * 100 + 1, 2 * 1600 + 1)
    assert large < 17 * small


def test_a_tally_of_16n_ballots_and_members_takes_at_most_40_times_n() -> None:
    """Issue 14: the time ratio between n and 16n is bounded (quadratic work would be ~256x)."""

    def cost(n: int) -> float:
        nomination, roster = _big(n)
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            tally(nomination, roster, at=day(8))
            best = min(best, time.process_time() - start)
        return best

    cost(50)  # warm up
    assert cost(3200) < 40 * max(cost(200), 1e-4)
