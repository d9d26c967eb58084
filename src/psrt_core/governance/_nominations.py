"""Nominations, ballots and the tally: PEP 811's admission rule as a pure function (§C, §D)."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Collection, Iterable
from typing import Any

import attrs

from psrt_core.governance._council import (
    Motion,
    MotionDecision,
    MotionKind,
    VetoAnswer,
    decide_motion,
)
from psrt_core.governance._members import Member, Roster, handle_key, same_handle
from psrt_core.governance._policy import (
    Basis,
    Denominator,
    ElectorateTiming,
    Override,
    Policy,
)
from psrt_core.governance._time import aware, to_utc

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
    """Where a nomination stands; the values are the nomination lifecycle's states."""

    INVALID = "invalid"
    OPEN = "open"
    REJECTED = "rejected"
    AWAITING_STEERING_COUNCIL = "awaiting_steering_council"
    GRANTED = "granted"
    VETOED = "vetoed"


@attrs.frozen
class Ballot:
    """One ballot: who, what, and when (the last ballot of a voter counts, R-C7)."""

    voter: str
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


def _ballots(value: Iterable[Ballot]) -> tuple[Ballot, ...]:
    return tuple(value)


def _handles(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _veto_motion(instance: Nomination, attribute: object, value: Any) -> None:
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
    nominator: str
    opened_at: datetime.datetime = attrs.field(converter=to_utc, validator=aware)
    ballots: tuple[Ballot, ...] = attrs.field(default=(), converter=_ballots)
    steering_council: VetoAnswer | Motion | None = attrs.field(default=None, validator=_veto_motion)
    seconders: tuple[str, ...] = attrs.field(default=(), converter=_handles)

    def closes_at(self, policy: Policy | None = None) -> datetime.datetime:
        """The end of the half-open voting window ``[opened_at, opened_at + period)`` (R-C6)."""
        return self.opened_at + (policy or Policy()).nomination.period


@attrs.frozen
class IgnoredBallot:
    """A ballot that did not count, the reason, and the rule that says so."""

    voter: str
    reason: str
    rule: str


@attrs.frozen
class NominationDecision:
    """The outcome of a nomination at one time, and everything that led to it.

    *yes*, *no* and *abstain* count the ballots that counted. *flags* are advisory facts
    (``outside_expected_pool``, ``departs_from_pep811``); *rules* are the rule ids that decided;
    *overrides* are the changed settings that affected it.
    """

    outcome: Outcome
    yes: int
    no: int
    abstain: int
    electorate: int
    ignored_ballots: tuple[IgnoredBallot, ...]
    flags: tuple[str, ...]
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    overrides: tuple[Override, ...]
    closes_at: datetime.datetime
    council: MotionDecision | None = None

    @property
    def vote_passed(self) -> bool:
        """Whether the vote itself reached the threshold (before the Council step)."""
        return self.outcome in (
            Outcome.AWAITING_STEERING_COUNCIL,
            Outcome.GRANTED,
            Outcome.VETOED,
        )


class _Trail:
    """Collects flags, rules and reasons in the order the evaluation met them."""

    def __init__(self) -> None:
        self.flags: dict[str, None] = {}
        self.rules: dict[str, None] = {}
        self.reasons: list[str] = []

    def rule(self, *rules: str) -> None:
        self.rules.update(dict.fromkeys(rules))

    def flag(self, flag: str, *rules: str) -> None:
        self.flags[flag] = None
        self.rule(*rules)


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
    if policy.nomination.electorate is ElectorateTiming.SNAPSHOT_AT_OPEN:
        instant = nomination.opened_at
    else:
        instant = min(at, nomination.closes_at(policy))
    return roster.members_at(instant)


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


def tally(  # noqa: PLR0915 - one step per rule, in the rules' order
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
    the current councillors' handles, for flags and for counting a veto motion.
    """
    policy = policy or Policy()
    at = to_utc(at)
    rules = policy.nomination
    trail = _Trail()
    overrides = policy.overrides(("nomination.", "steering_council."))
    if any(o.basis is Basis.TEXT for o in overrides):
        trail.flag("departs_from_pep811")
    closes_at = nomination.closes_at(policy)
    opened_at = nomination.opened_at
    opened_on = opened_at.date()
    nominee = nomination.nominee
    council_keys = {handle_key(c) for c in steering_council}

    # Validity of the nomination itself (R-C1, R-A1, R-A2).
    trail.rule("R-C1")
    if not roster.is_member(nomination.nominator, at=opened_at):
        trail.flag("nominator_not_a_member", "R-C1")
        trail.reasons.append(f"the nominator {nomination.nominator!r} is not a PSRT member")
    if rules.min_nominators > 1:
        backers = {
            handle_key(h)
            for h in (nomination.nominator, *nomination.seconders)
            if roster.is_member(h, at=opened_at)
        }
        if len(backers) < rules.min_nominators:
            trail.flag("too_few_nominators", "R-C1")
            trail.reasons.append(
                f"{len(backers)} nominating member(s), {rules.min_nominators} required"
            )
    if nominee.github is not None and _member_all_day(roster, nominee.github, opened_on):
        trail.flag("nominee_already_member", "R-A1")
        trail.reasons.append(f"the nominee {nominee.github!r} is already a PSRT member")
    if not nominee.pools:
        trail.flag("outside_expected_pool", "R-A2")
        if rules.strict_pool:
            trail.reasons.append("the nominee is outside the expected pool (strict_pool)")
    if nominee.github is not None:
        former = roster.find(nominee.github)
        if former is not None and not roster.is_member(nominee.github, at=opened_at):
            trail.flag("former_member", "R-F7")
        if handle_key(nominee.github) in council_keys:
            trail.flag("nominee_on_steering_council", "R-A4")

    electorate = _electorate(nomination, roster, policy, at)
    electorate_keys = {m.key for m in electorate if m.key is not None}
    if trail.reasons:
        return _decision(
            Outcome.INVALID,
            trail,
            (0, 0, 0),
            _electorate_size(electorate),
            (),
            overrides,
            closes_at,
        )

    # Ballots (R-C2, R-C6, R-C7, R-C8). A stable sort by time: of two ballots cast at the same
    # instant the one listed later (later in the log) is the later ballot and counts (R-C7).
    trail.rule("R-C2", "R-C6")
    ignored: list[IgnoredBallot] = []
    latest: dict[str, Ballot] = {}
    snapshot = rules.electorate is ElectorateTiming.SNAPSHOT_AT_OPEN
    for ballot in sorted(nomination.ballots, key=lambda b: b.cast_at):
        key = handle_key(ballot.voter)
        if ballot.cast_at > at:
            reason, rule = "cast after the time of evaluation", "R-C6"
        elif ballot.cast_at < nomination.opened_at:
            reason, rule = "cast before the vote opened", "R-C6"
        elif ballot.cast_at >= closes_at:
            reason, rule = "cast at or after the close of the vote", "R-C6"
        elif same_handle(ballot.voter, nominee.github):
            reason, rule = "the nominee cannot vote on their own nomination", "R-C2"
        elif key not in electorate_keys:
            when = "opened" if rules.electorate is ElectorateTiming.SNAPSHOT_AT_OPEN else "closed"
            reason, rule = f"not a PSRT member when the vote {when}", "R-C8"
        elif snapshot and not roster.is_member(ballot.voter, at=ballot.cast_at):
            # R-C2 gives the vote to members; R-C8 keeps only a ballot cast before removal.
            reason, rule = "no longer a PSRT member when the ballot was cast", "R-C8"
        else:
            if key in latest:
                previous = latest[key]
                ignored.append(
                    IgnoredBallot(previous.voter, "superseded by a later ballot", "R-C7")
                )
                trail.rule("R-C7")
            latest[key] = ballot
            continue
        ignored.append(IgnoredBallot(ballot.voter, reason, rule))
        trail.rule(rule)
    counted = [b.choice for b in latest.values()]
    yes, no, abstain = (counted.count(c) for c in (Choice.YES, Choice.NO, Choice.ABSTAIN))
    if (
        rules.nominator_implicit_yes
        and handle_key(nomination.nominator) not in latest
        and handle_key(nomination.nominator) in electorate_keys
    ):
        yes += 1
        trail.flag("nominator_implicit_yes", "R-C2")
    counts = (yes, no, abstain)
    size = _electorate_size(electorate)
    ignored_t = tuple(ignored)

    if at < closes_at:
        trail.reasons.append(f"the vote is open until {closes_at.isoformat()}")
        return _decision(Outcome.OPEN, trail, counts, size, ignored_t, overrides, closes_at)

    # Counting at the close (R-C3, R-C4, R-C5).
    trail.rule("R-C3", "R-C4")
    votes_cast = yes + no + (abstain if rules.count_abstentions else 0)
    total = size if rules.denominator is Denominator.ELECTORATE else votes_cast
    failed = []
    if votes_cast < rules.min_votes_cast or total == 0:
        trail.flag("too_few_votes", "R-C5")
        failed.append(f"{votes_cast} vote(s) cast, {rules.min_votes_cast} needed")
    if rules.quorum is not None:
        turnout = yes + no + abstain
        if rules.quorum.denominator * turnout < rules.quorum.numerator * size:
            trail.flag("quorum_not_met", "R-C5")
            failed.append(f"turnout {turnout} of {size} is below the quorum {rules.quorum}")
    threshold = rules.threshold
    if threshold.denominator * yes < threshold.numerator * total:
        trail.flag("threshold_not_met", "R-C3")
        failed.append(f"{yes} yes of {total} is below {threshold}")
    if failed:
        trail.reasons.extend(failed)
        if nomination.steering_council is not None:
            trail.flag("steering_council_decision_ignored", "R-D2")
        return _decision(Outcome.REJECTED, trail, counts, size, ignored_t, overrides, closes_at)

    # The Steering Council step (R-D1 to R-D4).
    trail.rule("R-D1")
    answer = nomination.steering_council
    council = None
    if isinstance(answer, Motion):
        council = decide_motion(
            answer,
            council=steering_council or None,
            policy=policy,
            conflicted=nominee_conflicts(nominee),
        )
        trail.rule(*council.rules)
        answer = VetoAnswer.VETO if council.carried else VetoAnswer.NO_VETO
    if answer is VetoAnswer.VETO:
        trail.reasons.append("the Steering Council vetoed the nomination")
        outcome = Outcome.VETOED
    elif answer is VetoAnswer.NO_VETO:
        outcome = Outcome.GRANTED
    elif rules.sc_veto_window is not None and at >= closes_at + rules.sc_veto_window:
        trail.flag("veto_window_expired", "R-D3")
        outcome = Outcome.GRANTED
    else:
        trail.rule("R-D3")
        trail.reasons.append("the vote passed; no Steering Council decision is recorded yet")
        outcome = Outcome.AWAITING_STEERING_COUNCIL
    return _decision(outcome, trail, counts, size, ignored_t, overrides, closes_at, council)


def _decision(  # noqa: PLR0917 - private constructor of one result type
    outcome: Outcome,
    trail: _Trail,
    counts: tuple[int, int, int],
    electorate: int,
    ignored: tuple[IgnoredBallot, ...],
    overrides: tuple[Override, ...],
    closes_at: datetime.datetime,
    council: MotionDecision | None = None,
) -> NominationDecision:
    yes, no, abstain = counts
    return NominationDecision(
        outcome=outcome,
        yes=yes,
        no=no,
        abstain=abstain,
        electorate=electorate,
        ignored_ballots=ignored,
        flags=tuple(trail.flags),
        rules=tuple(trail.rules),
        reasons=tuple(trail.reasons),
        overrides=overrides,
        closes_at=closes_at,
        council=council,
    )
