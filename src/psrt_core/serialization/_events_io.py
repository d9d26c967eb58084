"""The governance event log: one tagged JSON object per event, as JSON lines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from psrt_core.exceptions import InvalidGovernanceDataError, Problem
from psrt_core.governance import GovernanceEvent
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._governance_common import (
    MAX_PROBLEMS,
    check,
    event_tag,
    fail,
    governance_converter,
    handle_problems,
    structure_document,
)
from psrt_core.serialization._reading import json_document, text_of

__all__ = [
    "event_from_dict",
    "event_to_dict",
    "events_from_jsonl",
    "events_to_jsonl",
]

# -- the event log ------------------------------------------------------------------------------


_EVENT_TYPES: dict[str, type[GovernanceEvent]] = {
    event_tag(cls): cls for cls in GovernanceEvent.__args__
}


def event_to_dict(event: GovernanceEvent) -> dict[str, Any]:
    """One event as a JSON object with its ``"type"`` tag first."""
    document: dict[str, Any] = governance_converter().unstructure(event, GovernanceEvent)
    return {"type": document.pop("type"), **document}


def event_from_dict(
    document: object,
    *,
    root: str = "$",
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> GovernanceEvent:
    """One event from its JSON object; the ``"type"`` tag picks the event class."""
    check(document, source, limits, root)
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        problems.append(Problem(root, "expected an object", document))
    elif not isinstance(document.get("type"), str) or document["type"] not in _EVENT_TYPES:
        problems.append(
            Problem(
                f"{root}.type",
                f"expected one of {', '.join(sorted(_EVENT_TYPES))}",
                document.get("type", Problem.NO_VALUE),
            )
        )
    else:
        body = {key: value for key, value in document.items() if key != "type"}
        problems += handle_problems(body, root)
        event = (
            None
            if problems
            else structure_document(body, _EVENT_TYPES[document["type"]], root, problems)
        )
        if event is not None:
            return event
    raise InvalidGovernanceDataError(problems, source=source)


def events_from_jsonl(
    text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[GovernanceEvent, ...]:
    """Every event of a JSON-lines log; blank lines are skipped, every bad line is reported.

    The whole text is held to *limits* (size, and at most ``max_items`` lines), each line as
    a strict JSON document.
    """
    events: list[GovernanceEvent] = []
    problems: list[Problem] = []
    text = text_of(text, limits=limits, error=InvalidGovernanceDataError, source=source)
    lines = text.splitlines()
    if len(lines) > limits.max_items:
        raise InvalidGovernanceDataError.single(
            "$", f"{len(lines)} lines exceed max_items={limits.max_items}", source=source
        )
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            document = json_document(
                line,
                limits=limits,
                error=InvalidGovernanceDataError,
                source=None,
                root=f"line {number} $",
                where=_at_line(number),
                label="not JSON",
            )
            events.append(event_from_dict(document, root=f"line {number} $", limits=limits))
        except InvalidGovernanceDataError as exc:
            problems.extend(exc.problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    fail(problems, source)
    return tuple(events)


def _at_line(number: int) -> Callable[[json.JSONDecodeError], str]:
    return lambda _: f"line {number}"


def events_to_jsonl(events: Iterable[GovernanceEvent]) -> str:
    """The log as JSON lines, one compact object per event."""
    return "".join(
        json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        + "\n"
        for event in events
    )
