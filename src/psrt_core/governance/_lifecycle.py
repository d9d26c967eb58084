"""Lifecycles as data: (state, event, next state) tables for nominations and membership.

The tables drive the code: `psrt_core.governance.tally` changes a nomination's state only through
`transition` on `NOMINATION_LIFECYCLE` (its outcome is the state reached), and the event log's
resignations and removals follow `MEMBERSHIP_LIFECYCLE`. The tests check the tables (one initial
state, every state reachable, terminal states final) and the docs draw them with `to_mermaid`.
"""

from __future__ import annotations

import attrs

from psrt_core.exceptions import InvalidTransitionError

__all__ = [
    "MEMBERSHIP_LIFECYCLE",
    "NOMINATION_LIFECYCLE",
    "Lifecycle",
    "Transition",
    "to_mermaid",
    "transition",
]


@attrs.frozen
class Transition:
    """One row of a lifecycle table."""

    state: str
    event: str
    next_state: str


@attrs.frozen
class Lifecycle:
    """A named state machine given as a table; *terminal* states have no way out."""

    name: str
    initial: str
    transitions: tuple[Transition, ...]

    @property
    def states(self) -> tuple[str, ...]:
        """Every state, in the order the table first mentions it."""
        seen = dict.fromkeys([self.initial])
        for row in self.transitions:
            seen.update(dict.fromkeys([row.state, row.next_state]))
        return tuple(seen)

    @property
    def terminal(self) -> tuple[str, ...]:
        """The states no transition leaves."""
        leaving = {row.state for row in self.transitions}
        return tuple(state for state in self.states if state not in leaving)

    @property
    def events(self) -> tuple[str, ...]:
        """Every event, in table order."""
        return tuple(dict.fromkeys(row.event for row in self.transitions))

    def reachable(self) -> frozenset[str]:
        """The states reachable from the initial state."""
        found = {self.initial}
        frontier = [self.initial]
        while frontier:
            state = frontier.pop()
            for row in self.transitions:
                if row.state == state and row.next_state not in found:
                    found.add(row.next_state)
                    frontier.append(row.next_state)
        return frozenset(found)


def transition(lifecycle: Lifecycle, state: str, event: str) -> str:
    """The state after *event* in *state*.

    Raises `psrt_core.exceptions.InvalidTransitionError` when the table has no such row.
    """
    for row in lifecycle.transitions:
        if row.state == state and row.event == event:
            return row.next_state
    raise InvalidTransitionError(state, event)


def _table(*rows: tuple[str, str, str]) -> tuple[Transition, ...]:
    return tuple(Transition(*row) for row in rows)


NOMINATION_LIFECYCLE = Lifecycle(
    name="nomination",
    initial="proposed",
    transitions=_table(
        ("proposed", "found_invalid", "invalid"),
        ("proposed", "vote_opened", "open"),
        ("open", "ballot_cast", "open"),
        ("open", "closed_below_threshold", "rejected"),
        ("open", "closed_passing", "awaiting_steering_council"),
        ("awaiting_steering_council", "veto", "vetoed"),
        ("awaiting_steering_council", "no_veto", "granted"),
        ("awaiting_steering_council", "veto_window_expired", "granted"),
    ),
)
"""A nomination from proposal to a final outcome (R-C1 to R-D4); states are `Outcome` values."""

MEMBERSHIP_LIFECYCLE = Lifecycle(
    name="membership",
    initial="outsider",
    transitions=_table(
        ("outsider", "nominated", "nominee"),
        ("nominee", "not_granted", "outsider"),
        ("nominee", "granted_and_onboarded", "member"),
        ("member", "designated_admin", "admin"),
        ("admin", "admin_revoked", "member"),
        ("member", "resigned", "emeritus"),
        ("admin", "resigned", "emeritus"),
        ("member", "removed_by_steering_council", "emeritus"),
        ("admin", "removed_by_steering_council", "emeritus"),
        ("emeritus", "nominated", "nominee"),
    ),
)
"""A person's standing: the only way in, and back in, is a nomination (R-A1, R-F7)."""


def to_mermaid(lifecycle: Lifecycle) -> str:
    """The lifecycle as a Mermaid ``stateDiagram-v2``, one line per table row."""
    lines = ["stateDiagram-v2", f"    [*] --> {lifecycle.initial}"]
    lines += [f"    {r.state} --> {r.next_state}: {r.event}" for r in lifecycle.transitions]
    lines += [f"    {state} --> [*]" for state in lifecycle.terminal]
    return "\n".join(lines) + "\n"
