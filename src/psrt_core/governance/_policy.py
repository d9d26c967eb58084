"""Every setting of the rules document's §K, with PEP 811's defaults, and how a policy departs.

A setting is [TEXT] when PEP 811 (or the devguide) states its value and [INTERP] when the text is
silent and the default is this library's reading. Both may be changed; every decision lists the
changed settings that affected it, so a departure from the published rules is never silent.
"""

from __future__ import annotations

import datetime
import enum
from fractions import Fraction
from typing import Any

import attrs

from psrt_core.governance._members import ActivityKind, Attribute
from psrt_core.governance._rules import RuleId

__all__ = [
    "AdminPolicy",
    "Basis",
    "CoordinationPolicy",
    "CouncilRule",
    "Denominator",
    "ElectorateTiming",
    "InactivityPolicy",
    "NominationPolicy",
    "Override",
    "Policy",
    "Setting",
    "SteeringCouncilPolicy",
]

_DAY = datetime.timedelta(days=1)
_OUTSIDE_ROLES = frozenset({Attribute.RELEASE_MANAGER, Attribute.STEERING_COUNCIL})


class Basis(enum.Enum):
    """Whether the published text fixes a setting's default ([TEXT]) or we read it ([INTERP])."""

    TEXT = "TEXT"
    INTERP = "INTERP"


class Denominator(enum.Enum):
    """What the two-thirds share is a share of (R-C4)."""

    VOTES_CAST = "votes_cast"
    ELECTORATE = "electorate"


class ElectorateTiming(enum.Enum):
    """When the list of voters is fixed (R-C8)."""

    SNAPSHOT_AT_OPEN = "snapshot_at_open"
    CURRENT_AT_CLOSE = "current_at_close"


class CouncilRule(enum.Enum):
    """How a Steering Council motion carries (R-D4, R-F4)."""

    STRICT_MAJORITY_NON_ABSTAINING = "strict_majority_non_abstaining"
    TWO_THIRDS_NON_ABSTAINING = "two_thirds_non_abstaining"


def _positive_fraction(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Fraction) or not 0 < value <= 1:
        msg = f"{attribute.name} must be a fraction in (0, 1], got {value!r}"
        raise ValueError(msg)


def _positive_delta(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, datetime.timedelta) or value <= datetime.timedelta(0):
        msg = f"{attribute.name} must be a positive duration, got {value!r}"
        raise ValueError(msg)


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 0:
        msg = f"{attribute.name} must not be negative, got {value!r}"
        raise ValueError(msg)


@attrs.frozen
class NominationPolicy:
    """Settings of the nomination vote (§C, §D)."""

    threshold: Fraction = attrs.field(default=Fraction(2, 3), validator=_positive_fraction)
    period: datetime.timedelta = attrs.field(default=7 * _DAY, validator=_positive_delta)
    min_nominators: int = attrs.field(default=1, validator=_non_negative)
    denominator: Denominator = Denominator.VOTES_CAST
    count_abstentions: bool = False
    quorum: Fraction | None = attrs.field(default=None, validator=_positive_fraction)
    min_votes_cast: int = attrs.field(default=1, validator=_non_negative)
    electorate: ElectorateTiming = ElectorateTiming.SNAPSHOT_AT_OPEN
    nominator_implicit_yes: bool = False
    strict_pool: bool = False
    sc_veto_window: datetime.timedelta | None = attrs.field(default=None, validator=_positive_delta)
    renomination_cooldown: datetime.timedelta | None = attrs.field(
        default=None, validator=_positive_delta
    )


@attrs.frozen
class AdminPolicy:
    """Settings about admins (§E)."""

    min_count: int = attrs.field(default=2, validator=_non_negative)


@attrs.frozen
class InactivityPolicy:
    """Settings of the yearly inactivity report (§F)."""

    report_every: datetime.timedelta = attrs.field(default=365 * _DAY, validator=_positive_delta)
    first_window: datetime.timedelta = attrs.field(default=365 * _DAY, validator=_positive_delta)
    activity_kinds: frozenset[ActivityKind] = attrs.field(factory=lambda: frozenset(ActivityKind))
    exempt_roles: frozenset[Attribute] = attrs.field(factory=lambda: _OUTSIDE_ROLES)
    recommend_joined_in_window: bool = False


@attrs.frozen
class SteeringCouncilPolicy:
    """Settings of Steering Council motions (PEP 13 › Powers, R-D4)."""

    decision_rule: CouncilRule = CouncilRule.STRICT_MAJORITY_NON_ABSTAINING
    size: int = attrs.field(default=5, validator=_non_negative)


@attrs.frozen
class CoordinationPolicy:
    """Settings of report coordination (§H)."""

    deadline: datetime.timedelta = attrs.field(default=90 * _DAY, validator=_positive_delta)
    autoassign_after: datetime.timedelta = attrs.field(default=3 * _DAY, validator=_positive_delta)
    autoassign_exclude: frozenset[Attribute] = attrs.field(factory=lambda: _OUTSIDE_ROLES)


@attrs.frozen
class Setting:
    """One §K setting: its dotted key, its basis, and the rules it feeds."""

    key: str
    basis: Basis
    rules: tuple[RuleId, ...]

    def value(self, policy: Policy) -> object:
        """The setting's value in *policy*."""
        section, name = self.key.split(".")
        return getattr(getattr(policy, section), name)


@attrs.frozen
class Override:
    """A setting whose value differs from PEP 811's default, as shown in a decision."""

    setting: str
    basis: Basis
    default: str
    value: str


def render_setting(value: object) -> str:
    """A setting's value as text: ``2/3``, ``7 days``, ``none``, ``a, b``."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, datetime.timedelta):
        if value % _DAY:
            return f"{value.total_seconds():g} seconds"
        days = value // _DAY
        return f"{days} day" if days == 1 else f"{days} days"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, frozenset):
        return ", ".join(sorted(render_setting(item) for item in value)) or "none"
    return str(value)


@attrs.frozen
class Policy:
    """Every setting of §K; ``Policy()`` is PEP 811 as published plus the documented readings."""

    nomination: NominationPolicy = attrs.field(factory=NominationPolicy)
    admins: AdminPolicy = attrs.field(factory=AdminPolicy)
    inactivity: InactivityPolicy = attrs.field(factory=InactivityPolicy)
    steering_council: SteeringCouncilPolicy = attrs.field(factory=SteeringCouncilPolicy)
    coordination: CoordinationPolicy = attrs.field(factory=CoordinationPolicy)

    def overrides(self, prefixes: tuple[str, ...] = ("",)) -> tuple[Override, ...]:
        """The settings under *prefixes* (``"nomination."``) that differ from the defaults."""
        found = []
        for setting in _SETTINGS:
            if not setting.key.startswith(prefixes):
                continue
            value, default = setting.value(self), setting.value(_DEFAULT)
            if value != default:
                found.append(
                    Override(
                        setting.key, setting.basis, render_setting(default), render_setting(value)
                    )
                )
        return tuple(found)


def _settings() -> tuple[Setting, ...]:
    t, i = Basis.TEXT, Basis.INTERP
    return (
        Setting("nomination.threshold", t, (RuleId.R_C3,)),
        Setting("nomination.period", t, (RuleId.R_C6,)),
        Setting("nomination.min_nominators", t, (RuleId.R_C1,)),
        Setting("nomination.denominator", i, (RuleId.R_C4,)),
        Setting("nomination.count_abstentions", i, (RuleId.R_C4,)),
        Setting("nomination.quorum", i, (RuleId.R_C5,)),
        Setting("nomination.min_votes_cast", i, (RuleId.R_C5,)),
        Setting("nomination.electorate", i, (RuleId.R_C8,)),
        Setting("nomination.nominator_implicit_yes", i, (RuleId.R_C2,)),
        Setting("nomination.strict_pool", i, (RuleId.R_A2,)),
        Setting("nomination.sc_veto_window", i, (RuleId.R_D3,)),
        Setting("nomination.renomination_cooldown", i, (RuleId.R_C10,)),
        Setting("admins.min_count", t, (RuleId.R_E1,)),
        Setting("inactivity.report_every", t, (RuleId.R_F1,)),
        Setting("inactivity.first_window", i, (RuleId.R_F2,)),
        Setting("inactivity.activity_kinds", t, (RuleId.R_F2,)),
        Setting("inactivity.exempt_roles", t, (RuleId.R_F3,)),
        Setting("inactivity.recommend_joined_in_window", i, (RuleId.R_F2,)),
        Setting("steering_council.decision_rule", i, (RuleId.R_D4, RuleId.R_F4)),
        Setting("steering_council.size", t, (RuleId.R_D4,)),
        Setting("coordination.deadline", t, (RuleId.R_H2,)),
        Setting("coordination.autoassign_after", t, (RuleId.R_H3,)),
        Setting("coordination.autoassign_exclude", t, (RuleId.R_H3,)),
    )


_SETTINGS = _settings()
_DEFAULT = Policy()
SETTINGS: tuple[Setting, ...] = _SETTINGS
