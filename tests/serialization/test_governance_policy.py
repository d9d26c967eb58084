"""The TOML policy document, generated from the `Policy` fields: exact round trips, durations."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.exceptions import InvalidGovernanceDataError
from psrt_core.governance import (
    ActivityKind,
    AdminPolicy,
    Attribute,
    CoordinationPolicy,
    CouncilRule,
    Denominator,
    ElectorateTiming,
    InactivityPolicy,
    NominationPolicy,
    Policy,
    SteeringCouncilPolicy,
)
from psrt_core.serialization import policy_from_dict, policy_from_toml, policy_to_toml

durations = st.timedeltas(min_value=dt.timedelta(microseconds=1), max_value=dt.timedelta(36500))
fractions = st.fractions(min_value=Fraction(0), max_value=1).filter(lambda f: f > 0)
counts = st.integers(min_value=0, max_value=1000)

policies = st.builds(
    Policy,
    nomination=st.builds(
        NominationPolicy,
        threshold=fractions,
        period=durations,
        min_nominators=counts,
        denominator=st.sampled_from(Denominator),
        count_abstentions=st.booleans(),
        quorum=st.none() | fractions,
        min_votes_cast=counts,
        electorate=st.sampled_from(ElectorateTiming),
        nominator_implicit_yes=st.booleans(),
        strict_pool=st.booleans(),
        sc_veto_window=st.none() | durations,
        renomination_cooldown=st.none() | durations,
    ),
    admins=st.builds(AdminPolicy, min_count=counts),
    inactivity=st.builds(
        InactivityPolicy,
        report_every=durations,
        first_window=durations,
        activity_kinds=st.frozensets(st.sampled_from(ActivityKind)),
        exempt_roles=st.frozensets(st.sampled_from(Attribute)),
    ),
    steering_council=st.builds(
        SteeringCouncilPolicy, decision_rule=st.sampled_from(CouncilRule), size=counts
    ),
    coordination=st.builds(
        CoordinationPolicy,
        deadline=durations,
        autoassign_after=durations,
        autoassign_exclude=st.frozensets(st.sampled_from(Attribute)),
    ),
)


@given(policy=policies)
def test_every_policy_round_trips_exactly_through_toml(policy: Policy) -> None:
    """§K: every setting, including windows that are not whole days, reads back unchanged."""
    assert policy_from_toml(policy_to_toml(policy)) == policy


def test_a_36_hour_voting_period_is_written_in_hours() -> None:
    """R-C6 (§K ``period``): 36 hours was once written back as ``period_days = 1``."""
    policy = Policy(nomination=NominationPolicy(period=dt.timedelta(hours=36)))
    text = policy_to_toml(policy)
    assert "period_hours = 36" in text.splitlines()
    assert "period_days" not in text
    assert policy_from_toml(text).nomination.period == dt.timedelta(hours=36)


@pytest.mark.parametrize(
    ("key", "value", "period"),
    [
        ("period_days", 7, dt.timedelta(days=7)),
        ("period_hours", 36, dt.timedelta(hours=36)),
        ("period_minutes", 90, dt.timedelta(minutes=90)),
        ("period_seconds", 1, dt.timedelta(seconds=1)),
        ("period_microseconds", 5, dt.timedelta(microseconds=5)),
    ],
)
def test_a_window_is_read_in_any_one_unit(key: str, value: int, period: dt.timedelta) -> None:
    """§K windows: ``*_days`` stays readable beside the finer units."""
    assert policy_from_dict({"nomination": {key: value}}).nomination.period == period


def _error(document: object) -> str:
    with pytest.raises(InvalidGovernanceDataError) as caught:
        policy_from_dict(document)
    return str(caught.value)


def test_two_units_for_one_window_are_refused() -> None:
    """§K windows: one unit per setting, so no document means two things."""
    assert _error({"nomination": {"period_days": 1, "period_hours": 2}}) == (
        "$.nomination.period_days: give only one of period_days, period_hours"
    )


def test_a_window_in_hours_is_bounded_like_one_in_days() -> None:
    """§K windows: at most 100 years in any unit, and positive."""
    assert _error({"coordination": {"deadline_hours": 876_001}}) == (
        "$.coordination.deadline_hours: at most 876000 hours (100 years) (got 876001)"
    )
    assert _error({"coordination": {"deadline_hours": 0}}) == (
        "$.coordination.deadline_hours: expected a positive number of hours (got 0)"
    )
    assert policy_from_dict({"coordination": {"deadline_hours": 876_000}}).coordination == (
        CoordinationPolicy(deadline=dt.timedelta(days=36500))
    )


def test_the_default_document_lists_every_setting_with_pep811_defaults() -> None:
    """§K: the defaults are written once, in `Policy`, and the document shows them all."""
    assert policy_to_toml(Policy()).splitlines() == [
        "[nomination]",
        'threshold = "2/3"',
        "period_days = 7",
        "min_nominators = 1",
        'denominator = "votes_cast"',
        "count_abstentions = false",
        "min_votes_cast = 1",
        'electorate = "snapshot_at_open"',
        "nominator_implicit_yes = false",
        "strict_pool = false",
        "",
        "[admins]",
        "min_count = 2",
        "",
        "[inactivity]",
        "report_every_days = 365",
        "first_window_days = 365",
        'activity_kinds = ["commented", "coordinated"]',
        'exempt_roles = ["release_manager", "steering_council"]',
        "recommend_joined_in_window = false",
        "",
        "[steering_council]",
        'decision_rule = "strict_majority_non_abstaining"',
        "size = 5",
        "",
        "[coordination]",
        "deadline_days = 90",
        "autoassign_after_days = 3",
        'autoassign_exclude = ["release_manager", "steering_council"]',
    ]
