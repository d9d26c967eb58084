"""Steering Council motions: veto, removal, admin designation (PEP 13 › Powers; R-D4)."""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable

import attrs

from psrt_core.governance._decision import Decision
from psrt_core.governance._members import (
    check_handle,
    check_handles,
    handle_key,
    handle_validator,
)
from psrt_core.governance._policy import CouncilRule, Policy
from psrt_core.governance._rules import Flag, RuleId

__all__ = [
    "CouncilChoice",
    "CouncillorVote",
    "IgnoredVote",
    "Motion",
    "MotionDecision",
    "MotionKind",
    "VetoAnswer",
    "decide_motion",
    "resolve_council",
]


class CouncilChoice(enum.Enum):
    """A councillor's vote; PEP 13: every member "must either vote or explicitly abstain"."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class MotionKind(enum.Enum):
    """What a motion decides; the subject is a nomination id (veto) or a member's handle."""

    VETO = "veto"
    REMOVAL = "removal"
    ADMIN_DESIGNATION = "admin_designation"
    ADMIN_REVOCATION = "admin_revocation"


class VetoAnswer(enum.Enum):
    """The Council's answer on a passing nomination when only the answer is recorded (R-D1)."""

    VETO = "veto"
    NO_VETO = "no_veto"


KIND_RULES = {
    MotionKind.VETO: RuleId.R_D1,
    MotionKind.REMOVAL: RuleId.R_F4,
    MotionKind.ADMIN_DESIGNATION: RuleId.R_E1,
    MotionKind.ADMIN_REVOCATION: RuleId.R_E3,
}
"""The rule that gives the Council each kind of motion (and that enacting it must follow)."""


def resolve_council(
    *,
    seated: Collection[str] | None = None,
    recorded: Collection[str] | None = None,
    given: Collection[str] | None = None,
) -> frozenset[str] | None:
    """The Steering Council that counts for an act at its instant, or ``None`` (R-D4).

    The one precedence every caller uses: the Council the event log *seated*
    (`SteeringCouncilSeated`) at or before the act's instant, else the one *recorded* on the
    motion when it was decided, else the caller's *given* ``steering_council=``. ``None``
    (no Council known) makes a motion ``undecidable`` or refused: anyone could otherwise vote
    as a councillor. An empty council counts as unknown, since nobody could act as it.
    """
    for council in (seated, recorded, given):
        if council:
            return frozenset(council)
    return None


def _handles(value: Iterable[str]) -> frozenset[str]:
    return frozenset(check_handles(value))


def _council(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else _handles(value)


def _votes(value: Iterable[CouncillorVote]) -> tuple[CouncillorVote, ...]:
    return tuple(value)


@attrs.frozen
class CouncillorVote:
    """One councillor's vote on a motion."""

    councillor: str = attrs.field(validator=handle_validator)
    choice: CouncilChoice


@attrs.frozen
class Motion:
    """A Steering Council motion with each councillor's vote.

    *conflicted* names councillors with a declared conflict of interest; a councillor who is the
    subject of a removal or admin motion is conflicted without being named (S44). The subject
    of those motions is a member's handle; a veto's subject is the nomination (any text).

    *council* is the Council's membership when the motion was decided, where the record knows
    it (the event log sets it from `SteeringCouncilSeated` or ``steering_council=``); without
    it, and without a council given to `decide_motion`, the motion cannot carry (R-D4).
    """

    kind: MotionKind
    subject: str
    votes: tuple[CouncillorVote, ...] = attrs.field(default=(), converter=_votes)
    conflicted: frozenset[str] = attrs.field(default=frozenset(), converter=_handles)
    council: frozenset[str] | None = attrs.field(default=None, converter=_council)

    def __attrs_post_init__(self) -> None:
        if self.kind is not MotionKind.VETO:
            check_handle(self.subject)

    def is_conflicted(self, councillor: str) -> bool:
        """Whether *councillor* must abstain on this motion."""
        key = handle_key(councillor)
        if any(handle_key(c) == key for c in self.conflicted):
            return True
        return self.kind is not MotionKind.VETO and handle_key(self.subject) == key


@attrs.frozen
class IgnoredVote:
    """A councillor's vote that did not count, and why."""

    councillor: str
    reason: str


@attrs.frozen
class MotionDecision(Decision):
    """Whether a motion carried, with the counts and every vote that did not count."""

    motion: Motion
    carried: bool
    in_favour: int
    against: int
    abstain: int
    ignored_votes: tuple[IgnoredVote, ...]


def decide_motion(
    motion: Motion,
    *,
    council: Collection[str] | None = None,
    policy: Policy | None = None,
    conflicted: Collection[str] = (),
) -> MotionDecision:
    """Count a motion: a strict majority of the councillors who do not abstain (R-D4).

    Only the Council acts as the Council: the councillors' handles come from the motion's own
    ``Motion.council``, else from *council* (the one precedence, ``resolve_council``). Without
    either the votes are counted for the record but the motion does not carry, flagged
    ``council_unknown``: anyone could otherwise vote as a councillor. Votes from anyone
    outside the council are ignored, councillors who neither voted nor abstained are flagged,
    and so is a council whose size is not the policy's (five under PEP 13). A conflicted
    councillor's vote counts as an abstention. If everyone abstains nothing carries.

    *conflicted* adds handles that the context makes conflicted although the motion does not
    name them: `psrt_core.governance.tally` passes the nominee's handle for the veto of their
    own nomination (R-D4, PEP 13 › Conflicts of interest).
    """
    policy = policy or Policy()
    extra = {handle_key(c) for c in conflicted}
    known = resolve_council(recorded=motion.council, given=council)
    council_keys = None if known is None else {handle_key(c) for c in known}
    latest: dict[str, CouncillorVote] = {}
    ignored: list[IgnoredVote] = []
    flags: list[Flag] = []
    for vote in motion.votes:
        key = handle_key(vote.councillor)
        if council_keys is not None and key not in council_keys:
            ignored.append(IgnoredVote(vote.councillor, "not a Steering Council member"))
            continue
        if key in latest:
            ignored.append(IgnoredVote(latest[key].councillor, "superseded by a later vote"))
        latest[key] = vote
    counts = dict.fromkeys(CouncilChoice, 0)
    for vote in latest.values():
        choice = vote.choice
        conflict = motion.is_conflicted(vote.councillor) or handle_key(vote.councillor) in extra
        if choice is not CouncilChoice.ABSTAIN and conflict:
            ignored.append(
                IgnoredVote(vote.councillor, "conflict of interest: must abstain (PEP 13)")
            )
            choice = CouncilChoice.ABSTAIN
            flags.append(Flag.CONFLICTED_VOTE_COUNTED_AS_ABSTENTION)
        counts[choice] += 1
    if council_keys is not None and council_keys - set(latest):
        flags.append(Flag.COUNCILLOR_DID_NOT_VOTE)
    if council_keys is not None and len(council_keys) != policy.steering_council.size:
        flags.append(Flag.COUNCIL_SIZE_DIFFERS)
    in_favour, against = counts[CouncilChoice.FOR], counts[CouncilChoice.AGAINST]
    if policy.steering_council.decision_rule is CouncilRule.STRICT_MAJORITY_NON_ABSTAINING:
        carried = in_favour > against
    else:
        carried = in_favour > 0 and 3 * in_favour >= 2 * (in_favour + against)
    if in_favour + against == 0:
        flags.append(Flag.EVERYONE_ABSTAINED)
    if council_keys is None:
        carried = False
        flags.append(Flag.COUNCIL_UNKNOWN)
    return MotionDecision(
        motion=motion,
        carried=carried,
        in_favour=in_favour,
        against=against,
        abstain=counts[CouncilChoice.ABSTAIN],
        ignored_votes=tuple(ignored),
        flags=tuple(dict.fromkeys(flags)),
        rules=(RuleId.R_D4, KIND_RULES[motion.kind]),
        overrides=policy.overrides(("steering_council.",)),
    )
