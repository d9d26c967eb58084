"""Acceptance scenarios S01–S33 of the governance rules document (nominations and the Council).

Each test names its scenario and rule; the expected values are the document's, not the code's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs
import pytest

from psrt_core.governance import (
    Ballot,
    Choice,
    CouncilChoice,
    CouncillorVote,
    Denominator,
    ElectorateTiming,
    IgnoredBallot,
    Member,
    MemberStatus,
    Motion,
    MotionKind,
    Nomination,
    NominationPolicy,
    Nominee,
    Outcome,
    Policy,
    Pool,
    Roster,
    VetoAnswer,
    decide_motion,
    tally,
)

UTC = dt.timezone.utc
OPEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = dt.timedelta(days=1)
CLOSED = OPEN + 8 * DAY
JOINED = dt.date(2025, 1, 1)
NORA = Nominee("Nora Nominee", "nora", frozenset({Pool.CORE_TEAM}))


def roster(size: int, *, admins: int = 0, extra: Iterable[Member] = ()) -> Roster:
    """Members m0..m{size-1}; the first *admins* are admins."""
    from psrt_core.governance import Attribute

    members = [
        Member(
            f"Member {i}",
            f"m{i}",
            (Attribute.ADMIN,) if i < admins else (),
            joined=JOINED,
        )
        for i in range(size)
    ]
    return Roster((*members, *extra))


def votes(yes: int, no: int = 0, abstain: int = 0, *, day: int = 1) -> tuple[Ballot, ...]:
    """Ballots from m0, m1, ... in the order yes, no, abstain, all cast on *day*."""
    choices = [Choice.YES] * yes + [Choice.NO] * no + [Choice.ABSTAIN] * abstain
    at = OPEN + day * DAY
    return tuple(Ballot(f"m{i}", choice, at) for i, choice in enumerate(choices))


def nominate(
    ballots: Iterable[Ballot] = (),
    *,
    nominee: Nominee = NORA,
    nominator: str = "m0",
    council: VetoAnswer | Motion | None = None,
) -> Nomination:
    """A nomination opened at OPEN."""
    return Nomination(nominee, nominator, OPEN, tuple(ballots), council)


def policy(**settings: object) -> Policy:
    """The default policy with nomination settings changed."""
    return Policy(nomination=NominationPolicy(**settings))  # type: ignore[arg-type]


# -- Nomination validity ------------------------------------------------------------------------


def test_s01_member_nominates_core_developer_opens_seven_day_ballot() -> None:
    """S01 / R-C1, R-C6: a member's nomination is valid and opens a 7-day ballot."""
    decision = tally(nominate(), roster(9), at=OPEN + dt.timedelta(hours=1))
    assert decision.outcome is Outcome.OPEN
    assert decision.closes_at == dt.datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    assert decision.flags == ()
    assert decision.electorate == 9
    assert decision.reasons == ("the vote is open until 2026-03-09T09:00:00+00:00",)


def test_s02_non_member_core_developer_cannot_nominate() -> None:
    """S02 / R-C1: "brought to the PSRT by an existing PSRT member"."""
    decision = tally(nominate(nominator="coredev"), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.INVALID
    assert decision.flags == ("nominator_not_a_member",)
    assert decision.reasons == ("the nominator 'coredev' is not a PSRT member",)
    assert "R-C1" in decision.rules


def test_s03_outsider_cannot_nominate_themself() -> None:
    """S03 / R-C1: a self-nomination by an outsider is not brought by a member."""
    outsider = Nominee("Olive Outsider", "olive", frozenset({Pool.TRIAGER}))
    decision = tally(nominate(nominee=outsider, nominator="olive"), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.INVALID
    assert decision.reasons == ("the nominator 'olive' is not a PSRT member",)


def test_s04_nominee_outside_expected_pool_is_flagged_not_rejected() -> None:
    """S04 / R-A2: "expected to be drawn from" is a flag; strict_pool restores the draft's bar."""
    researcher = Nominee("Rae Researcher", "rae")
    decision = tally(nominate(votes(6, 3), nominee=researcher), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.AWAITING_STEERING_COUNCIL
    assert decision.flags == ("outside_expected_pool",)
    strict = tally(
        nominate(votes(6, 3), nominee=researcher),
        roster(9),
        at=CLOSED,
        policy=policy(strict_pool=True),
    )
    assert strict.outcome is Outcome.INVALID
    assert strict.reasons == ("the nominee is outside the expected pool (strict_pool)",)


def test_s05_nominating_an_existing_member_is_invalid() -> None:
    """S05 / R-A1: nominating someone already on the list is a no-op, outcome invalid."""
    member = Nominee("Member 3", "M3", frozenset({Pool.CORE_TEAM}))
    decision = tally(nominate(votes(9), nominee=member), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.INVALID
    assert decision.flags == ("nominee_already_member",)
    assert decision.reasons == ("the nominee 'M3' is already a PSRT member",)


def test_s06_sitting_council_member_goes_through_a_normal_vote() -> None:
    """S06 / R-A4: Steering Council status confers no automatic membership."""
    councillor = Nominee("Sam Council", "samsc", frozenset({Pool.CORE_TEAM}))
    nomination = nominate(nominee=councillor)
    decision = tally(nomination, roster(9), at=OPEN + DAY, steering_council=("SamSC",))
    assert decision.outcome is Outcome.OPEN
    assert decision.flags == ("nominee_on_steering_council",)
    closed = tally(nomination, roster(9), at=CLOSED, steering_council=("samsc",))
    assert closed.outcome is Outcome.REJECTED  # no votes: no automatic admission


def test_s07_emeritus_member_needs_a_normal_vote() -> None:
    """S07 / R-F7: a former member rejoins only through a fresh nomination and vote."""
    former = Member("Fay Former", "fay", status=MemberStatus.EMERITUS, left=dt.date(2025, 6, 1))
    nominee = Nominee("Fay Former", "fay", frozenset({Pool.CORE_TEAM}))
    decision = tally(nominate(votes(2), nominee=nominee), roster(9, extra=[former]), at=CLOSED)
    assert decision.outcome is Outcome.AWAITING_STEERING_COUNCIL
    assert decision.flags == ("former_member",)


# -- Counting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "size", "yes", "no", "outcome"),
    [
        ("S08", 9, 6, 3, Outcome.AWAITING_STEERING_COUNCIL),
        ("S09", 9, 5, 4, Outcome.REJECTED),
        ("S10", 31, 21, 10, Outcome.AWAITING_STEERING_COUNCIL),
        ("S11", 31, 20, 11, Outcome.REJECTED),
        ("S13", 6, 3, 3, Outcome.REJECTED),
    ],
)
def test_s08_to_s13_two_thirds_is_inclusive_and_exact(
    scenario: str, size: int, yes: int, no: int, outcome: Outcome
) -> None:
    """S08–S11, S13 / R-C3, R-C9: "at least two-thirds", 3·yes ≥ 2·(yes+no); a tie fails."""
    decision = tally(nominate(votes(yes, no)), roster(size), at=CLOSED)
    assert (decision.outcome, decision.yes, decision.no) == (outcome, yes, no)
    assert ("threshold_not_met" in decision.flags) is (outcome is Outcome.REJECTED)


def test_s09_rejection_reason_states_the_share() -> None:
    """S09 / R-C3: 5 yes of 9 is below 2/3, and the reason says so."""
    decision = tally(nominate(votes(5, 4)), roster(9), at=CLOSED)
    assert decision.reasons == ("5 yes of 9 is below 2/3",)


def test_s12_denominator_is_votes_cast_not_the_electorate() -> None:
    """S12 / R-C4: 10 yes, 5 no, 16 silent passes on votes cast; fails over the electorate."""
    nomination = nominate(votes(10, 5))
    assert tally(nomination, roster(31), at=CLOSED).outcome is Outcome.AWAITING_STEERING_COUNCIL
    electorate = tally(
        nomination, roster(31), at=CLOSED, policy=policy(denominator=Denominator.ELECTORATE)
    )
    assert electorate.outcome is Outcome.REJECTED
    assert electorate.reasons == ("10 yes of 31 is below 2/3",)
    assert [o.setting for o in electorate.overrides] == ["nomination.denominator"]


def test_s14_zero_votes_is_never_granted() -> None:
    """S14 / R-C5: zero votes cast at the close is not granted (min_votes_cast = 1)."""
    decision = tally(nominate(), roster(31), at=CLOSED)
    assert decision.outcome is Outcome.REJECTED
    assert decision.flags == ("too_few_votes",)
    assert decision.reasons == ("0 vote(s) cast, 1 needed",)


def test_s15_single_yes_passes_without_quorum_and_fails_with_one() -> None:
    """S15 / R-C5: no quorum in the text, so 1–0 of 31 passes; a 1/2 quorum makes it fail."""
    nomination = nominate(votes(1))
    assert tally(nomination, roster(31), at=CLOSED).outcome is Outcome.AWAITING_STEERING_COUNCIL
    quorate = tally(nomination, roster(31), at=CLOSED, policy=policy(quorum=Fraction(1, 2)))
    assert quorate.outcome is Outcome.REJECTED
    assert quorate.flags == ("quorum_not_met",)
    assert quorate.reasons == ("turnout 1 of 31 is below the quorum 1/2",)


def test_s15_quorum_exactly_met_passes() -> None:
    """S15 / R-C5: 16 of 31 ballots meets a 1/2 quorum (2·16 ≥ 31); 15 does not."""
    quorum = policy(quorum=Fraction(1, 2))
    assert (
        tally(nominate(votes(16)), roster(31), at=CLOSED, policy=quorum).outcome
        is Outcome.AWAITING_STEERING_COUNCIL
    )
    assert tally(nominate(votes(15)), roster(31), at=CLOSED, policy=quorum).outcome is (
        Outcome.REJECTED
    )


def test_s16_abstentions_are_excluded_unless_counted() -> None:
    """S16 / R-C4: 6 yes, 3 no, 2 abstain passes (6/9); counting abstentions gives 6/11."""
    nomination = nominate(votes(6, 3, 2))
    decision = tally(nomination, roster(11), at=CLOSED)
    assert (decision.outcome, decision.abstain) == (Outcome.AWAITING_STEERING_COUNCIL, 2)
    counted = tally(nomination, roster(11), at=CLOSED, policy=policy(count_abstentions=True))
    assert counted.outcome is Outcome.REJECTED
    assert counted.reasons == ("6 yes of 11 is below 2/3",)


def test_s17_nominator_vote_counts_like_any_other() -> None:
    """S17 / R-C2: the nominator (m0) votes yes and that ballot is counted."""
    decision = tally(nominate(votes(1), nominator="m0"), roster(9), at=CLOSED)
    assert (decision.yes, decision.ignored_ballots) == (1, ())


def test_s18_no_implicit_yes_for_the_nominator() -> None:
    """S18 / R-C2 [INTERP]: the nomination is not a vote; the setting adds the implicit yes."""
    ballots = (Ballot("m1", Choice.YES, OPEN + DAY), Ballot("m2", Choice.NO, OPEN + DAY))
    decision = tally(nominate(ballots, nominator="m0"), roster(9), at=CLOSED)
    assert (decision.outcome, decision.yes, decision.no) == (Outcome.REJECTED, 1, 1)
    implicit = tally(
        nominate(ballots, nominator="m0"),
        roster(9),
        at=CLOSED,
        policy=policy(nominator_implicit_yes=True),
    )
    assert (implicit.outcome, implicit.yes) == (Outcome.AWAITING_STEERING_COUNCIL, 2)
    assert implicit.flags == ("nominator_implicit_yes",)


def test_s18_no_implicit_yes_for_a_nominator_whose_ballot_is_ignored() -> None:
    """S18, S22 / R-C2 (``nominator_implicit_yes``): a nominator who voted ``no`` too late
    cast a ballot; it is ignored (R-C6), and it is not replaced by an implicit yes."""
    ballots = (
        Ballot("m1", Choice.YES, OPEN + DAY),
        Ballot("m2", Choice.NO, OPEN + DAY),
        Ballot("M0", Choice.NO, OPEN + 7 * DAY),
    )
    decision = tally(
        nominate(ballots, nominator="m0"),
        roster(9),
        at=CLOSED,
        policy=policy(nominator_implicit_yes=True),
    )
    assert (decision.outcome, decision.yes, decision.no) == (Outcome.REJECTED, 1, 1)
    assert decision.flags == ("threshold_not_met",)  # no "nominator_implicit_yes"
    assert decision.ignored_ballots == (
        IgnoredBallot("M0", "cast at or after the close of the vote", "R-C6"),
    )


def test_s19_nominee_cannot_vote() -> None:
    """S19 / R-C2: the nominee is not yet a member; their ballot is ignored."""
    ballots = (*votes(1), Ballot("NORA", Choice.YES, OPEN + DAY))
    decision = tally(nominate(ballots), roster(9), at=CLOSED)
    assert decision.yes == 1
    assert decision.ignored_ballots == (
        IgnoredBallot("NORA", "the nominee cannot vote on their own nomination", "R-C2"),
    )


def test_s20_silent_admins_are_non_responses() -> None:
    """S20 / R-C2: two admins vote yes, three admins stay silent: 2 of 2 votes cast pass."""
    decision = tally(nominate(votes(2)), roster(9, admins=5), at=CLOSED)
    assert (decision.outcome, decision.yes, decision.no, decision.abstain) == (
        Outcome.AWAITING_STEERING_COUNCIL,
        2,
        0,
        0,
    )


def test_s21_last_ballot_of_a_voter_counts() -> None:
    """S21 / R-C7: no on day 1 then yes on day 5: only the yes counts."""
    ballots = (Ballot("m1", Choice.YES, OPEN + 5 * DAY), Ballot("M1", Choice.NO, OPEN + DAY))
    decision = tally(nominate(ballots), roster(9), at=CLOSED)
    assert (decision.yes, decision.no) == (1, 0)
    assert decision.ignored_ballots == (
        IgnoredBallot("M1", "superseded by a later ballot", "R-C7"),
    )


def test_s22_window_is_half_open() -> None:
    """S22 / R-C6: a ballot at opened_at + 7d exactly is ignored; one microsecond earlier counts."""
    close = OPEN + 7 * DAY
    ballots = (
        Ballot("m1", Choice.YES, close - dt.timedelta(microseconds=1)),
        Ballot("m2", Choice.NO, close),
        Ballot("m3", Choice.NO, close + DAY),
        Ballot("m4", Choice.NO, OPEN - dt.timedelta(seconds=1)),
    )
    decision = tally(nominate(ballots), roster(9), at=CLOSED + 5 * DAY)
    assert (decision.yes, decision.no) == (1, 0)
    assert decision.ignored_ballots == (
        IgnoredBallot("m4", "cast before the vote opened", "R-C6"),
        IgnoredBallot("m2", "cast at or after the close of the vote", "R-C6"),
        IgnoredBallot("m3", "cast at or after the close of the vote", "R-C6"),
    )


def test_s23_no_early_close_even_when_certain() -> None:
    """S23 / R-C6: 25 of 31 yes on day 2 stays open until the week ends."""
    nomination = nominate(votes(25, day=2))
    assert tally(nomination, roster(31), at=OPEN + 3 * DAY).outcome is Outcome.OPEN
    before = OPEN + 7 * DAY - dt.timedelta(seconds=1)
    assert tally(nomination, roster(31), at=before).outcome is Outcome.OPEN
    at_close = tally(nomination, roster(31), at=OPEN + 7 * DAY)
    assert at_close.outcome is Outcome.AWAITING_STEERING_COUNCIL


def test_s24_ballot_of_a_member_removed_mid_vote_still_counts() -> None:
    """S24 / R-C8: electorate fixed at open keeps the ballot; current_at_close drops it."""
    removed = Member(
        "Rita Removed",
        "rita",
        status=MemberStatus.EMERITUS,
        joined=JOINED,
        left=(OPEN + 4 * DAY).date(),
    )
    ballots = (Ballot("rita", Choice.YES, OPEN + 2 * DAY), Ballot("m1", Choice.NO, OPEN + DAY))
    decision = tally(nominate(ballots), roster(3, extra=[removed]), at=CLOSED)
    assert (decision.yes, decision.no, decision.electorate) == (1, 1, 4)
    later = tally(
        nominate(ballots),
        roster(3, extra=[removed]),
        at=CLOSED,
        policy=policy(electorate=ElectorateTiming.CURRENT_AT_CLOSE),
    )
    assert (later.yes, later.no, later.electorate) == (0, 1, 3)
    assert later.ignored_ballots == (
        IgnoredBallot("rita", "not a PSRT member when the vote closed", "R-C8"),
    )


def test_s25_member_admitted_mid_vote_cannot_vote() -> None:
    """S25 / R-C8: a member admitted on day 3 cannot vote on a ballot open since day 0."""
    newcomer = Member("Nick New", "nick", joined=(OPEN + 3 * DAY).date())
    ballots = (Ballot("nick", Choice.YES, OPEN + 4 * DAY),)
    decision = tally(nominate(ballots), roster(9, extra=[newcomer]), at=CLOSED)
    assert decision.electorate == 9
    assert decision.ignored_ballots == (
        IgnoredBallot("nick", "not a PSRT member when the vote opened", "R-C8"),
    )


def test_s26_non_member_core_developer_vote_is_ignored() -> None:
    """S26 / R-C2: only existing PSRT members vote."""
    ballots = (*votes(1), Ballot("coredev", Choice.NO, OPEN + DAY))
    decision = tally(nominate(ballots), roster(9), at=CLOSED)
    assert (decision.yes, decision.no) == (1, 0)
    assert decision.ignored_ballots == (
        IgnoredBallot("coredev", "not a PSRT member when the vote opened", "R-C8"),
    )


def test_s27_concurrent_nominations_are_independent() -> None:
    """S27: one voter on two ballots; each is counted on its own."""
    other = Nominee("Otto Other", "otto", frozenset({Pool.TRIAGER}))
    first = tally(nominate(votes(1)), roster(9), at=CLOSED)
    second = tally(
        nominate((Ballot("m0", Choice.NO, OPEN + DAY),), nominee=other), roster(9), at=CLOSED
    )
    assert (first.yes, first.no, second.yes, second.no) == (1, 0, 0, 1)


# -- The Steering Council step ------------------------------------------------------------------


def test_s28_veto_after_a_passing_vote() -> None:
    """S28 / R-D1: a passing vote that the Council vetoes is not granted."""
    decision = tally(nominate(votes(6, 3), council=VetoAnswer.VETO), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.VETOED
    assert decision.reasons == ("the Steering Council vetoed the nomination",)


def test_s29_no_veto_grants() -> None:
    """S29 / R-D1, R-D5: a passing vote with "no veto" recorded is granted."""
    decision = tally(nominate(votes(6, 3), council=VetoAnswer.NO_VETO), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.GRANTED
    assert decision.vote_passed


def test_s30_awaiting_the_council_has_no_deadline_by_default() -> None:
    """S30 / R-D3: without a Council answer the nomination waits, however long."""
    decision = tally(nominate(votes(6, 3)), roster(9), at=CLOSED + 365 * DAY)
    assert decision.outcome is Outcome.AWAITING_STEERING_COUNCIL
    assert decision.reasons == ("the vote passed; no Steering Council decision is recorded yet",)
    window = policy(sc_veto_window=14 * DAY)
    assert tally(nominate(votes(6, 3)), roster(9), at=CLOSED, policy=window).outcome is (
        Outcome.AWAITING_STEERING_COUNCIL
    )
    expired = tally(nominate(votes(6, 3)), roster(9), at=OPEN + 21 * DAY, policy=window)
    assert (expired.outcome, expired.flags) == (Outcome.GRANTED, ("veto_window_expired",))


def test_s31_failed_vote_never_reaches_the_council() -> None:
    """S31 / R-D2: the Council may only veto a positive vote; a recorded answer is ignored."""
    decision = tally(nominate(votes(5, 4), council=VetoAnswer.NO_VETO), roster(9), at=CLOSED)
    assert decision.outcome is Outcome.REJECTED
    assert decision.flags == ("threshold_not_met", "steering_council_decision_ignored")


def _motion(
    *choices: CouncilChoice, kind: MotionKind = MotionKind.VETO, subject: str = "nora"
) -> Motion:
    return Motion(kind, subject, tuple(CouncillorVote(f"sc{i}", c) for i, c in enumerate(choices)))


F, A, X = CouncilChoice.FOR, CouncilChoice.AGAINST, CouncilChoice.ABSTAIN
COUNCIL = ("sc0", "sc1", "sc2", "sc3", "sc4")


def test_s32_veto_carries_with_a_strict_majority_of_non_abstaining() -> None:
    """S32 / R-D4: 2 for, 1 against, 2 abstain: 2 of 3 non-abstaining carries the veto."""
    motion = _motion(F, F, A, X, X)
    decided = decide_motion(motion, council=COUNCIL)
    assert (decided.carried, decided.in_favour, decided.against, decided.abstain) == (True, 2, 1, 2)
    decision = tally(
        nominate(votes(6, 3), council=motion), roster(9), at=CLOSED, steering_council=COUNCIL
    )
    assert decision.outcome is Outcome.VETOED
    assert decision.council == decided


def test_s33_tied_veto_motion_fails_so_the_grant_stands() -> None:
    """S33 / R-D4: 2 for, 2 against, 1 abstain is no strict majority: the veto fails."""
    motion = _motion(F, F, A, A, X)
    assert decide_motion(motion, council=COUNCIL).carried is False
    decision = tally(
        nominate(votes(6, 3), council=motion), roster(9), at=CLOSED, steering_council=COUNCIL
    )
    assert decision.outcome is Outcome.GRANTED


def test_s32_everyone_abstaining_carries_nothing() -> None:
    """R-D4: "if every councillor abstains, nothing passes"."""
    decided = decide_motion(_motion(X, X, X, X, X), council=COUNCIL)
    assert (decided.carried, decided.flags) == (False, ("everyone_abstained",))


def test_nomination_rejects_a_non_veto_motion() -> None:
    """R-D1: only a veto motion belongs to a nomination; anything else is malformed input."""
    with pytest.raises(ValueError, match="must be a veto, got removal"):
        nominate(council=_motion(F, kind=MotionKind.REMOVAL, subject="m1"))


def test_changed_text_setting_is_reported_on_the_decision() -> None:
    """§K: a [TEXT] setting changed from PEP 811 marks every decision it affects."""
    changed = policy(threshold=Fraction(1, 2))
    decision = tally(nominate(votes(5, 4)), roster(9), at=CLOSED, policy=changed)
    assert decision.outcome is Outcome.AWAITING_STEERING_COUNCIL
    assert decision.flags == ("departs_from_pep811",)
    (override,) = decision.overrides
    assert (override.setting, override.basis.value, override.default, override.value) == (
        "nomination.threshold",
        "TEXT",
        "2/3",
        "1/2",
    )


def test_ballot_after_the_evaluation_time_is_not_yet_cast() -> None:
    """R-C6: evaluating at a time inside the week ignores ballots from the future."""
    ballots = (Ballot("m1", Choice.YES, OPEN + DAY), Ballot("m2", Choice.NO, OPEN + 3 * DAY))
    decision = tally(nominate(ballots), roster(9), at=OPEN + 2 * DAY)
    assert (decision.outcome, decision.yes, decision.no) == (Outcome.OPEN, 1, 0)
    assert decision.ignored_ballots == (
        IgnoredBallot("m2", "cast after the time of evaluation", "R-C6"),
    )


def test_ballot_requires_an_aware_time() -> None:
    """R-C6: times are timezone-aware UTC; a naive time is malformed input."""
    with pytest.raises(ValueError, match="timezone-aware"):
        Ballot("m1", Choice.YES, dt.datetime(2026, 3, 2))


def test_invalid_nomination_reports_every_reason() -> None:
    """R-C1, R-A1: a non-member nominating a member gets both reasons."""
    member = Nominee("Member 1", "m1", frozenset({Pool.CORE_TEAM}))
    decision = tally(nominate(nominee=member, nominator="nobody"), roster(3), at=CLOSED)
    assert decision.reasons == (
        "the nominator 'nobody' is not a PSRT member",
        "the nominee 'm1' is already a PSRT member",
    )
    assert attrs.evolve(decision, reasons=()).outcome is Outcome.INVALID
