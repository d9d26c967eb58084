"""The nomination document (JSON) that ``psrt-core governance tally`` reads."""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from psrt_core.exceptions import InvalidGovernanceDataError
from psrt_core.governance import (
    Ballot,
    CouncillorVote,
    Motion,
    MotionKind,
    Nomination,
    Nominee,
    VetoAnswer,
)
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._governance_common import (
    check,
    fail,
    governance_converter,
    handle_problems,
    load_json,
    structure_document,
)

__all__ = [
    "nomination_from_dict",
    "nomination_from_json",
]

# -- nomination and activity documents ----------------------------------------------------------


@attrs.frozen
class _CouncilDocument:
    decision: VetoAnswer | None = None
    votes: list[CouncillorVote] | None = None
    conflicted: list[str] | None = None


@attrs.frozen
class _NominationDocument:
    nominee: Nominee
    nominator: str
    opened_at: datetime.datetime
    ballots: list[Ballot] = attrs.field(factory=list)
    steering_council: _CouncilDocument | None = None
    seconders: list[str] = attrs.field(factory=list)


def _council_shown(council: _CouncilDocument) -> dict[str, Any]:
    shown: dict[str, Any] = governance_converter().unstructure(council)
    if shown["conflicted"] is None:
        del shown["conflicted"]
    return shown


def nomination_from_dict(
    document: object, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Nomination:
    """A nomination from the CLI's nomination document (see ``psrt-core governance tally``)."""
    check(document, source, limits)
    problems = handle_problems(document)
    fail(problems, source)
    doc = structure_document(document, _NominationDocument, "$", problems)
    fail(problems, source)
    assert doc is not None
    council: VetoAnswer | Motion | None = None
    if doc.steering_council is not None:
        decision, votes = doc.steering_council.decision, doc.steering_council.votes
        conflicted = doc.steering_council.conflicted
        if (decision is None) == (votes is None):
            raise InvalidGovernanceDataError.single(
                "$.steering_council",
                'expected exactly one of "decision" or "votes"',
                _council_shown(doc.steering_council),
                source=source,
            )
        if conflicted is not None and votes is None:
            raise InvalidGovernanceDataError.single(
                "$.steering_council.conflicted",
                'declared conflicts go with "votes"',
                conflicted,
                source=source,
            )
        subject = doc.nominee.github or doc.nominee.name
        council = decision or Motion(
            MotionKind.VETO, subject, tuple(votes or ()), frozenset(conflicted or ())
        )
    return Nomination(
        doc.nominee,
        doc.nominator,
        doc.opened_at,
        tuple(doc.ballots),
        council,
        seconders=tuple(doc.seconders),
    )


def nomination_from_json(
    text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Nomination:
    """`nomination_from_dict` on strict JSON text, under *limits*."""
    return nomination_from_dict(load_json(text, source, limits), source=source, limits=limits)
