"""Nominations, ballots and the tally: PEP 811's admission rule as a pure function (§C, §D)."""

from __future__ import annotations

import datetime
import difflib
import enum
from collections.abc import Callable, Collection, Iterable
from fractions import Fraction
from typing import Any

import attrs

from psrt_core.governance._council import (
    Motion,
    MotionDecision,
    MotionKind,
    VetoAnswer,
    decide_motion,
    resolve_council,
)
from psrt_core.governance._decision import Decision
from psrt_core.governance._lifecycle import NOMINATION_LIFECYCLE, transition
from psrt_core.governance._members import (
    Member,
    Roster,
    RosterIndex,
    check_handle,
    handle_key,
    handle_validator,
    handles_validator,
    same_handle,
)
from psrt_core.governance._policy import (
    Basis,
    Denominator,
    ElectorateTiming,
    NominationPolicy,
    Policy,
)
from psrt_core.governance._rules import Flag, RuleId
from psrt_core.governance._time import aware, instant, to_utc

__all__ = [
    "Ballot",
    "Choice",
    "IgnoredBallot",
    "Nomination",
    "NominationDecision",
    "Nominee",
    "Outcome",
    "Pool",
    "tally",
]


class Choice(enum.Enum):
    """A member's ballot on a nomination."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Pool(enum.Enum):
    """The groups new members are "expected to be drawn from" (R-A2)."""

    CORE_TEAM = "core_team"
    TRIAGER = "triager"
    PSF_STAFF = "psf_staff"


class Outcome(enum.Enum):
    """Where a nomination stands; the values are the nomination lifecycle's states.

    ``undecidable``: the vote passed and a Council veto motion is recorded, but the Council's
    membership is not known, so the motion cannot be counted (R-D4): never granted, never
    vetoed until the tally is given the Council.
    """

    INVALID = "invalid"
    OPEN = "open"
    REJECTED = "rejected"
    AWAITING_STEERING_COUNCIL = "awaiting_steering_council"
    GRANTED = "granted"
    VETOED = "vetoed"
    UNDECIDABLE = "undecidable"


@attrs.frozen
class Ballot:
    """One ballot: who, what, and when (the last ballot of a voter counts, R-C7)."""

    voter: str = attrs.field(validator=handle_validator)
    choice: Choice
    cast_at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)


def _pools(value: Iterable[Pool]) -> frozenset[Pool]:
    return frozenset(value)


@attrs.frozen
class Nominee:
    """The person nominated, and which expected pools (R-A2) they belong to."""

    name: str
    github: str | None = None
    pools: frozenset[Pool] = attrs.field(default=frozenset(), converter=_pools)

    def __attrs_post_init__(self) -> None:
        # An empty handle would match no one and hide R-A1 and R-C2 checks; say "no handle" (None).
        if not self.name.strip():
            msg = "a nominee needs a name"
            raise ValueError(msg)
        if self.github is not None and not self.github.strip():
            msg = "an empty GitHub handle must be None"
            raise ValueError(msg)
        if self.github is not None:
            check_handle(self.github)


def _ballots(value: Iterable[Ballot]) -> tuple[Ballot, ...]:
    return tuple(value)


def _handles(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _veto_motion(_instance: Nomination, _attribute: object, value: Any) -> None:
    if isinstance(value, Motion) and value.kind is not MotionKind.VETO:
        msg = f"a nomination's Steering Council motion must be a veto, got {value.kind.value}"
        raise ValueError(msg)


@attrs.frozen
class Nomination:
    """A nomination: nominee, nominator, when the vote opened, the ballots, the Council step.

    PEP 811 asks for one nominating member and no seconder; *seconders* only matter when a
    policy raises ``min_nominators`` above 1.
    """

    nominee: Nominee
    nominator: str = attrs.field(validator=handle_validator)
    opened_at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    ballots: tuple[Ballot, ...] = attrs.field(default=(), converter=_ballots)
    steering_council: VetoAnswer | Motion | None = attrs.field(default=None, validator=_veto_motion)
    seconders: tuple[str, ...] = attrs.field(
        default=(), converter=_handles, validator=handles_validator
    )

    def closes_at(self, policy: Policy | None = None) -> datetime.datetime:
        """The end of the half-open voting window ``[opened_at, opened_at + period)`` (R-C6)."""
        return self.opened_at + (policy or Policy()).nomination.period


@attrs.frozen
class IgnoredBallot:
    """A ballot that did not count, the reason, and the rule that says so.

    *unknown* says the voter's handle is nowhere on the roster (a typo is likelier than a
    former member), and *suggestion* is the nearest handle of the electorate, if any is close.
    Both are hints for the announcement, not part of what the ballot is, so equality ignores them.
    """

    voter: str
    reason: str
    rule: RuleId = attrs.field(converter=RuleId)
    unknown: bool = attrs.field(default=False, eq=False, kw_only=True)
    suggestion: str | None = attrs.field(default=None, eq=False, kw_only=True)


@attrs.frozen
class NominationDecision(Decision):
    """The outcome of a nomination at one time, and everything that led to it.

    *yes*, *no* and *abstain* count the ballots that counted. *flags* are advisory facts
    (``outside_expected_pool``, ``departs_from_pep811``); *rules* are the rule ids that decided;
    *overrides* are the changed settings that affected it. *opened_at*, *threshold*, *base* (the
    count the share of yes is taken of: the votes cast or the electorate, R-C4) and *quorum*
    are the terms the counts were judged by, so the decision can state its share exactly.
    """

    outcome: Outcome
    yes: int
    no: int
    abstain: int
    electorate: int
    ignored_ballots: tuple[IgnoredBallot, ...]
    reasons: tuple[str, ...]
    closes_at: datetime.datetime
    council: MotionDecision | None = None
    opened_at: datetime.datetime | None = None
    threshold: Fraction = Fraction(2, 3)
    base: int = 0
    quorum: Fraction | None = None

    @property
    def turnout(self) -> int:
        """The ballots that counted, abstentions included (R-C5)."""
        return self.yes + self.no + self.abstain

    @property
    def share(self) -> Fraction | None:
        """The exact share of yes among *base* (R-C3, R-C4); ``None`` when nothing was counted."""
        return Fraction(self.yes, self.base) if self.base else None

    @property
    def turnout_share(self) -> Fraction | None:
        """The turnout as a share of the electorate; ``None`` for an empty electorate."""
        return Fraction(self.turnout, self.electorate) if self.electorate else None

    @property
    def vote_passed(self) -> bool:
        """Whether the vote itself reached the threshold (before the Council step)."""
        return self.outcome in (
            Outcome.AWAITING_STEERING_COUNCIL,
            Outcome.GRANTED,
            Outcome.VETOED,
            Outcome.UNDECIDABLE,
        )


def _member_all_day(roster: Roster, handle: str, day: datetime.date) -> bool:
    """Whether *handle* was a member for the whole of *day*: not joining nor leaving that day.

    Dates cannot order a nomination and a membership change on the same day, so only a
    membership that held all day makes the nominee "already a member" (R-A1).
    """
    key = handle_key(handle)
    return any(
        m.key == key
        and m.is_member_on(day)
        and (m.joined is None or m.joined < day)
        and (m.left is None or m.left > day)
        for m in roster.members
    )


def _electorate(
    nomination: Nomination, roster: Roster, policy: Policy, at: datetime.datetime
) -> tuple[Member, ...]:
    """The members at the opening instant, or at the close (R-C8, §K ``electorate``).

    Instants decide where the roster knows them (`Member.is_member_at`), so someone onboarded
    later on the day a vote opened is not part of its electorate (S25).
    """
    return roster.members_at(_electorate_at(nomination, policy, at))


def _electorate_at(
    nomination: Nomination, policy: Policy, at: datetime.datetime
) -> datetime.datetime:
    """The instant the electorate is taken at: the opening, or the close (R-C8)."""
    if policy.nomination.electorate is ElectorateTiming.SNAPSHOT_AT_OPEN:
        return nomination.opened_at
    return min(at, nomination.closes_at(policy))


def _electorate_size(electorate: Iterable[Member]) -> int:
    """How many people: one per distinct handle (any letter case, S58), plus handle-less entries.

    A handle listed twice in different letter case is one GitHub account, hence one voter; it
    must not raise the denominator under ``denominator = "electorate"`` nor the quorum.
    """
    keys: set[str] = set()
    without_handle = 0
    for member in electorate:
        if member.key is None:
            without_handle += 1
        else:
            keys.add(member.key)
    return len(keys) + without_handle


def nominee_conflicts(nominee: Nominee) -> tuple[str, ...]:
    """The handles conflicted on the veto of *nominee*'s nomination: the nominee's own.

    R-D4 (PEP 13 › Conflicts of interest): a councillor who is the nominee must not vote on the
    veto of their own nomination; their vote counts as an abstention with the reason given,
    as for a councillor who is the subject of a removal motion (S44).
    """
    return () if nominee.github is None else (nominee.github,)


# -- the tally as an ordered sequence of rule steps ---------------------------------------------


@attrs.frozen
class _Vote:
    """What decides whether one ballot counts (R-C2, R-C6, R-C8): the window and who may vote.

    *electorate_keys* are the handle keys of the electorate, taken at *electorate_at*; ``None``
    asks the roster index at that instant instead, the same question without the list: a
    `BallotGate` under ``current_at_close`` timing, where each ballot moves the instant.
    """

    nomination: Nomination
    rules: NominationPolicy
    at: datetime.datetime
    closes_at: datetime.datetime
    electorate_at: datetime.datetime
    index: RosterIndex
    electorate_keys: frozenset[str] | None

    def in_electorate(self, handle: str) -> bool:
        """Whether *handle* is one of the electorate's (R-C8)."""
        if self.electorate_keys is not None:
            return handle_key(handle) in self.electorate_keys
        return self.index.is_member_at(handle, self.electorate_at)


@attrs.frozen
class _Inputs:
    """What every step of a tally reads: the nomination, the roster, the time and the policy."""

    nomination: Nomination
    roster: Roster
    at: datetime.datetime
    policy: Policy
    steering_council: Collection[str]
    closes_at: datetime.datetime
    electorate: tuple[Member, ...]
    index: RosterIndex
    electorate_keys: frozenset[str]
    vote: _Vote

    @property
    def rules(self) -> NominationPolicy:
        return self.policy.nomination

    def is_member_at(self, handle: str, instant: datetime.datetime) -> bool:
        """`Roster.is_member` with ``at=``, in O(entries for *handle*) through the index."""
        return self.index.is_member_at(handle, instant)


@attrs.frozen
class _Tally:
    """The tally so far: the lifecycle state, the trail of flags, rules and reasons, the counts.

    Steps return an updated copy. *paused* says that the evaluation stops in the current state
    for now (the vote is still open, or the Council has not answered yet).
    """

    state: str = NOMINATION_LIFECYCLE.initial
    flags: tuple[Flag, ...] = ()
    rules: tuple[RuleId, ...] = ()
    reasons: tuple[str, ...] = ()
    counts: tuple[int, int, int] = (0, 0, 0)
    voters: frozenset[str] = frozenset()
    ignored: tuple[IgnoredBallot, ...] = ()
    council: MotionDecision | None = None
    paused: bool = False

    def cite(self, *rules: RuleId) -> _Tally:
        return attrs.evolve(self, rules=tuple(dict.fromkeys((*self.rules, *rules))))

    def flag(self, flag: Flag, *rules: RuleId) -> _Tally:
        flags = tuple(dict.fromkeys((*self.flags, flag)))
        return attrs.evolve(self, flags=flags).cite(*rules)

    def reason(self, *reasons: str) -> _Tally:
        return attrs.evolve(self, reasons=(*self.reasons, *reasons))

    def then(self, event: str) -> _Tally:
        """Follow the nomination lifecycle table: the table decides the next state."""
        return attrs.evolve(self, state=transition(NOMINATION_LIFECYCLE, self.state, event))


@attrs.frozen
class _Step:
    """One rule of the tally: the lifecycle state it applies in, the rules it applies, the code."""

    state: str
    rules: tuple[RuleId, ...]
    run: Callable[[_Inputs, _Tally], _Tally]


def _nominator(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-C1: a PSRT member nominates."""
    nominator = inputs.nomination.nominator
    acc = acc.cite(RuleId.R_C1)
    if inputs.is_member_at(nominator, inputs.nomination.opened_at):
        return acc
    return acc.flag(Flag.NOMINATOR_NOT_A_MEMBER, RuleId.R_C1).reason(
        f"the nominator {nominator!r} is not a PSRT member"
    )


def _nominators(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-C1 (§K ``min_nominators``): enough nominating members when a policy asks for more."""
    needed = inputs.rules.min_nominators
    if needed <= 1:
        return acc
    nomination = inputs.nomination
    backers = {
        handle_key(h)
        for h in (nomination.nominator, *nomination.seconders)
        if inputs.is_member_at(h, nomination.opened_at)
    }
    if len(backers) >= needed:
        return acc
    return acc.flag(Flag.TOO_FEW_NOMINATORS, RuleId.R_C1).reason(
        f"{len(backers)} nominating member(s), {needed} required"
    )


def _nominee_outside(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-A1: the nominee is not already a member."""
    github = inputs.nomination.nominee.github
    if github is None or not _member_all_day(
        inputs.roster, github, inputs.nomination.opened_at.date()
    ):
        return acc
    return acc.flag(Flag.NOMINEE_ALREADY_MEMBER, RuleId.R_A1).reason(
        f"the nominee {github!r} is already a PSRT member"
    )


def _expected_pool(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-A2: a nominee outside the expected pools is flagged, and invalid under ``strict_pool``."""
    if inputs.nomination.nominee.pools:
        return acc
    acc = acc.flag(Flag.OUTSIDE_EXPECTED_POOL, RuleId.R_A2)
    if inputs.rules.strict_pool:
        acc = acc.reason("the nominee is outside the expected pool (strict_pool)")
    return acc


def _nominee_history(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-F7 and R-A4: a former member, or a sitting councillor, is flagged (never refused)."""
    github = inputs.nomination.nominee.github
    if github is None:
        return acc
    roster = inputs.roster
    if roster.find(github) is not None and not inputs.is_member_at(
        github, inputs.nomination.opened_at
    ):
        acc = acc.flag(Flag.FORMER_MEMBER, RuleId.R_F7)
    if handle_key(github) in {handle_key(c) for c in inputs.steering_council}:
        acc = acc.flag(Flag.NOMINEE_ON_STEERING_COUNCIL, RuleId.R_A4)
    return acc


def _open_vote(_inputs: _Inputs, acc: _Tally) -> _Tally:
    """A nomination that broke a rule above is invalid; any other opens its vote."""
    return acc.then("found_invalid" if acc.reasons else "vote_opened")


def _ballot_problem(vote: _Vote, ballot: Ballot) -> tuple[str, RuleId] | None:
    """Why *ballot* does not count (R-C2, R-C6, R-C8), or ``None`` when it counts."""
    nomination, rules = vote.nomination, vote.rules
    snapshot = rules.electorate is ElectorateTiming.SNAPSHOT_AT_OPEN
    if ballot.cast_at > vote.at:
        return "cast after the time of evaluation", RuleId.R_C6
    if ballot.cast_at < nomination.opened_at:
        return "cast before the vote opened", RuleId.R_C6
    if ballot.cast_at >= vote.closes_at:
        return "cast at or after the close of the vote", RuleId.R_C6
    if same_handle(ballot.voter, nomination.nominee.github):
        return "the nominee cannot vote on their own nomination", RuleId.R_C2
    if not vote.in_electorate(ballot.voter):
        when = "opened" if snapshot else "closed"
        return f"not a PSRT member when the vote {when}", RuleId.R_C8
    if snapshot and not vote.index.is_member_at(ballot.voter, ballot.cast_at):
        # R-C2 gives the vote to members; R-C8 keeps only a ballot cast before removal.
        return "no longer a PSRT member when the ballot was cast", RuleId.R_C8
    return None


def _ignored(inputs: _Inputs, voter: str, reason: str, rule: RuleId) -> IgnoredBallot:
    """An ignored ballot; a handle nowhere on the roster gets the electorate's nearest handle."""
    if rule is not RuleId.R_C8 or inputs.roster.find(voter) is not None:
        return IgnoredBallot(voter, reason, rule)
    near = difflib.get_close_matches(handle_key(voter), sorted(inputs.electorate_keys), n=1)
    suggestion = None
    if near:
        suggestion = next(m.github for m in inputs.electorate if m.github and m.key == near[0])
    return IgnoredBallot(voter, reason, rule, unknown=True, suggestion=suggestion)


def _count_ballots(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-C2, R-C6, R-C8: who may vote and when; R-C7: a voter's last ballot counts.

    A stable sort by time: of two ballots cast at the same instant the one listed later
    (later in the log) is the later ballot and counts (R-C7).
    """
    acc = acc.cite(RuleId.R_C2, RuleId.R_C6)
    ignored = list(acc.ignored)
    latest: dict[str, Ballot] = {}
    for ballot in sorted(inputs.nomination.ballots, key=lambda b: b.cast_at):
        problem = _ballot_problem(inputs.vote, ballot)
        if problem is not None:
            ignored.append(_ignored(inputs, ballot.voter, *problem))
            acc = acc.cite(problem[1])
            continue
        key = handle_key(ballot.voter)
        if key in latest:
            ignored.append(
                IgnoredBallot(latest[key].voter, "superseded by a later ballot", RuleId.R_C7)
            )
            acc = acc.cite(RuleId.R_C7)
        latest[key] = ballot
    counted = [b.choice for b in latest.values()]
    counts = (counted.count(Choice.YES), counted.count(Choice.NO), counted.count(Choice.ABSTAIN))
    return attrs.evolve(acc, counts=counts, voters=frozenset(latest), ignored=tuple(ignored))


def _implicit_yes(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-C2 (§K ``nominator_implicit_yes``): a nominator who cast no ballot votes yes.

    Any ballot of theirs, counted or not (late, superseded), means they spoke: an ignored
    late ``no`` must not turn into an implicit ``yes``.
    """
    nominator = handle_key(inputs.nomination.nominator)
    if (
        not inputs.rules.nominator_implicit_yes
        or any(handle_key(b.voter) == nominator for b in inputs.nomination.ballots)
        or nominator not in inputs.electorate_keys
    ):
        return acc
    yes, no, abstain = acc.counts
    acc = attrs.evolve(acc, counts=(yes + 1, no, abstain))
    return acc.flag(Flag.NOMINATOR_IMPLICIT_YES, RuleId.R_C2)


def _until_close(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-C6: nothing is decided before the vote closes."""
    if inputs.at >= inputs.closes_at:
        return acc
    return attrs.evolve(
        acc.reason(f"the vote is open until {inputs.closes_at.isoformat()}"), paused=True
    )


def _shortfalls(inputs: _Inputs, acc: _Tally) -> tuple[_Tally, list[str]]:
    """R-C5 and R-C3: the minimum turnout, the quorum and the threshold, each flagged if missed."""
    rules, size = inputs.rules, _electorate_size(inputs.electorate)
    yes, no, abstain = acc.counts
    votes_cast = yes + no + (abstain if rules.count_abstentions else 0)
    total = _base(rules, size, acc.counts)
    failed = []
    if votes_cast < rules.min_votes_cast or total == 0:
        acc = acc.flag(Flag.TOO_FEW_VOTES, RuleId.R_C5)
        failed.append(f"{votes_cast} vote(s) cast, {rules.min_votes_cast} needed")
    quorum, turnout = rules.quorum, yes + no + abstain
    if quorum is not None and quorum.denominator * turnout < quorum.numerator * size:
        acc = acc.flag(Flag.QUORUM_NOT_MET, RuleId.R_C5)
        failed.append(f"turnout {turnout} of {size} is below the quorum {quorum}")
    threshold = rules.threshold
    if threshold.denominator * yes < threshold.numerator * total:
        acc = acc.flag(Flag.THRESHOLD_NOT_MET, RuleId.R_C3)
        failed.append(f"{yes} yes of {total} is below {threshold}")
    return acc, failed


def _base(rules: NominationPolicy, size: int, counts: tuple[int, int, int]) -> int:
    """What the share of yes is a share of: the electorate, or the votes cast (R-C4)."""
    if rules.denominator is Denominator.ELECTORATE:
        return size
    yes, no, abstain = counts
    return yes + no + (abstain if rules.count_abstentions else 0)


def _count(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-C3, R-C4, R-C5 at the close; a Council answer on a failed vote is ignored (R-D2)."""
    acc, failed = _shortfalls(inputs, acc.cite(RuleId.R_C3, RuleId.R_C4))
    if not failed:
        return acc.then("closed_passing")
    acc = acc.reason(*failed)
    if inputs.nomination.steering_council is not None:
        acc = acc.flag(Flag.STEERING_COUNCIL_DECISION_IGNORED, RuleId.R_D2)
    return acc.then("closed_below_threshold")


def _steering_council(inputs: _Inputs, acc: _Tally) -> _Tally:
    """R-D1 to R-D4: the Council's answer, a counted veto motion, or an expired veto window."""
    acc = acc.cite(RuleId.R_D1)
    answer = inputs.nomination.steering_council
    if isinstance(answer, Motion):
        council = decide_motion(
            answer,
            council=resolve_council(recorded=answer.council, given=inputs.steering_council),
            policy=inputs.policy,
            conflicted=nominee_conflicts(inputs.nomination.nominee),
        )
        acc = attrs.evolve(acc, council=council).cite(*council.rules)
        if Flag.COUNCIL_UNKNOWN in council.flags:
            return (
                acc.flag(Flag.COUNCIL_UNKNOWN, RuleId.R_D4)
                .reason(COUNCIL_UNKNOWN_REASON)
                .then("council_unknown")
            )
        answer = VetoAnswer.VETO if council.carried else VetoAnswer.NO_VETO
    if answer is VetoAnswer.VETO:
        return acc.reason("the Steering Council vetoed the nomination").then("veto")
    if answer is VetoAnswer.NO_VETO:
        return acc.then("no_veto")
    window = inputs.rules.sc_veto_window
    if window is not None and inputs.at >= inputs.closes_at + window:
        return acc.flag(Flag.VETO_WINDOW_EXPIRED, RuleId.R_D3).then("veto_window_expired")
    acc = acc.cite(RuleId.R_D3)
    acc = acc.reason("the vote passed; no Steering Council decision is recorded yet")
    return attrs.evolve(acc, paused=True)


COUNCIL_UNKNOWN_REASON = (
    "the Steering Council's membership is not known, so a Council motion cannot be validated"
)


_PROPOSED, _OPEN, _AWAITING = "proposed", "open", "awaiting_steering_council"
TALLY_STEPS: tuple[_Step, ...] = (
    _Step(_PROPOSED, (RuleId.R_C1,), _nominator),
    _Step(_PROPOSED, (RuleId.R_C1,), _nominators),
    _Step(_PROPOSED, (RuleId.R_A1,), _nominee_outside),
    _Step(_PROPOSED, (RuleId.R_A2,), _expected_pool),
    _Step(_PROPOSED, (RuleId.R_F7, RuleId.R_A4), _nominee_history),
    _Step(_PROPOSED, (RuleId.R_C1, RuleId.R_A1, RuleId.R_A2), _open_vote),
    _Step(_OPEN, (RuleId.R_C2, RuleId.R_C6, RuleId.R_C7, RuleId.R_C8), _count_ballots),
    _Step(_OPEN, (RuleId.R_C2,), _implicit_yes),
    _Step(_OPEN, (RuleId.R_C6,), _until_close),
    _Step(_OPEN, (RuleId.R_C3, RuleId.R_C4, RuleId.R_C5, RuleId.R_D2), _count),
    _Step(_AWAITING, (RuleId.R_D1, RuleId.R_D3, RuleId.R_D4), _steering_council),
)
"""The tally in the rules' order. A step runs only in its lifecycle state, and the states change
only through `transition` on `NOMINATION_LIFECYCLE`, so the table and the tally cannot drift."""


def tally(
    nomination: Nomination,
    roster: Roster,
    *,
    at: datetime.datetime,
    policy: Policy | None = None,
    steering_council: Collection[str] = (),
) -> NominationDecision:
    """Evaluate *nomination* against *roster* at the time *at*.

    "No" is a result: a nomination that breaks a rule is ``invalid``, one that misses the
    threshold is ``rejected`` (see `Outcome`). *roster* must carry joined and left dates for
    members who changed during the vote (dates are compared in UTC). *steering_council* lists
    the current councillors' handles, for flags and for counting a veto motion: a veto motion
    is counted only against a known Council (its own ``Motion.council``, else *steering_council*);
    without one the outcome is ``undecidable`` (R-D4). A recorded answer (`VetoAnswer`) is the
    Council's word as the admins recorded it and needs no roster. The work is O(ballots +
    members) plus sorting the ballots: the roster is indexed once. A naive or out-of-range
    *at* is `~psrt_core.exceptions.InvalidInputError`.
    """
    policy = policy or Policy()
    at = instant(at)
    inputs = _inputs(nomination, roster, at, policy, steering_council)
    overrides = policy.overrides(("nomination.", "steering_council."))
    acc = _Tally()
    if any(o.basis is Basis.TEXT for o in overrides):
        acc = acc.flag(Flag.DEPARTS_FROM_PEP811)
    for step in TALLY_STEPS:
        if step.state == acc.state and not acc.paused:
            acc = step.run(inputs, acc)
    yes, no, abstain = acc.counts
    size = _electorate_size(inputs.electorate)
    return NominationDecision(
        outcome=Outcome(acc.state),
        yes=yes,
        no=no,
        abstain=abstain,
        electorate=size,
        ignored_ballots=acc.ignored,
        reasons=acc.reasons,
        closes_at=inputs.closes_at,
        council=acc.council,
        opened_at=nomination.opened_at,
        threshold=policy.nomination.threshold,
        base=_base(policy.nomination, size, acc.counts),
        quorum=policy.nomination.quorum,
        flags=acc.flags,
        rules=acc.rules,
        overrides=overrides,
    )


def _inputs(
    nomination: Nomination,
    roster: Roster,
    at: datetime.datetime,
    policy: Policy,
    steering_council: Collection[str],
) -> _Inputs:
    """Everything the steps read, the roster indexed once: O(members)."""
    electorate = _electorate(nomination, roster, policy, at)
    closes_at = nomination.closes_at(policy)
    index = RosterIndex.of(roster)
    at_electorate = _electorate_at(nomination, policy, at)
    keys = frozenset(m.key for m in electorate if m.key is not None)
    return _Inputs(
        nomination,
        roster,
        at,
        policy,
        steering_council,
        closes_at,
        electorate,
        index,
        keys,
        _Vote(nomination, policy.nomination, at, closes_at, at_electorate, index, keys),
    )


@attrs.frozen
class BallotGate:
    """Whether one more ballot on a nomination would count, prepared once per roster.

    An event log accepts a ballot only when the tally at its instant, of the nomination with
    that ballot alone, is open and counts it (R-C2, R-C6, R-C8). Running that tally per ballot
    rebuilt the electorate and the roster index each time: a log of B ballots over M members
    cost O(B x M). The gate runs the nomination's own steps (`TALLY_STEPS` up to the opening
    of the vote) once, and asks `_ballot_problem` per ballot in O(entries for the voter).
    *roster* is the roster it was prepared for; a caller reuses it only while that holds.
    """

    roster: Roster
    nomination: Nomination
    policy: Policy
    _inputs: _Inputs = attrs.field(repr=False)
    opens: bool

    @classmethod
    def of(cls, nomination: Nomination, roster: Roster, policy: Policy) -> BallotGate:
        """The gate of *nomination* (its ballots play no part) on *roster* under *policy*."""
        inputs = _inputs(nomination, roster, nomination.opened_at, policy, ())
        acc = _Tally()
        for step in TALLY_STEPS:
            if step.state == acc.state == _PROPOSED:
                acc = step.run(inputs, acc)
        return cls(roster, nomination, policy, inputs, acc.state == _OPEN)

    def admits(self, ballot: Ballot) -> bool:
        """Whether the vote is still open at *ballot*'s instant and would count it.

        Exactly: `tally` at that instant, of the nomination with *ballot* alone, is ``open``
        and ignores no ballot.
        """
        at = instant(ballot.cast_at)
        vote = self._inputs.vote
        if not self.opens:  # at or after the close, `_ballot_problem` refuses the ballot
            return False
        if self.policy.nomination.electorate is not ElectorateTiming.SNAPSHOT_AT_OPEN:
            # The electorate is taken at the ballot's instant: ask the index there.
            electorate_at = _electorate_at(self.nomination, self.policy, at)
            vote = attrs.evolve(vote, electorate_at=electorate_at, electorate_keys=None)
        return _ballot_problem(attrs.evolve(vote, at=at), ballot) is None
