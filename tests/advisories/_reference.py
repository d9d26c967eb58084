"""Brute-force reference evaluators: the specs' pseudo-code, one version at a time.

They are deliberately naive (no sets, no sorting tricks) so that the set-based evaluation in
`psrt_core.advisories` can be checked against them with Hypothesis.
"""

from __future__ import annotations

from packaging.version import Version

from psrt_core.advisories import CveProduct, EventKind, OsvRange, Status


def _at_least(v: Version, value: str) -> bool:
    if value == "0":
        return True
    if value == "*":
        return False
    return v >= Version(value)


def _above(v: Version, value: str) -> bool:
    if value == "0":
        return True
    if value == "*":
        return False
    return v > Version(value)


def _below(v: Version, value: str) -> bool:
    if value == "*":
        return True
    if value == "0":
        return False
    return v < Version(value)


def _sort_key(value: str) -> tuple[int, Version | None]:
    if value == "0":
        return (0, None)
    if value == "*":
        return (2, None)
    return (1, Version(value))


def osv_range_contains(item: OsvRange, v: Version) -> bool:
    """OSV schema › Evaluation: the limit check, then the walk over sorted events."""
    limits = [e.value for e in item.events if e.kind is EventKind.LIMIT]
    if limits and not any(_below(v, value) for value in limits):
        return False
    vulnerable = False
    for event in sorted(item.events, key=lambda e: _sort_key(e.value)):  # sorted() is stable
        if event.kind is EventKind.INTRODUCED and _at_least(v, event.value):
            vulnerable = True
        elif event.kind is EventKind.FIXED and _at_least(v, event.value):
            vulnerable = False  # kept apart from the next branch, as in the spec's pseudo-code
        elif event.kind is EventKind.LAST_AFFECTED and _above(v, event.value):
            vulnerable = False
    return vulnerable


def cve_status(product: CveProduct, v: Version) -> Status:
    """CVE JSON 5 › version status: first matching entry, then its sorted changes."""
    for entry in product.versions or ():
        if entry.less_than is None and entry.less_than_or_equal is None:
            matched = v == Version(entry.version)
        else:
            low_ok = entry.version == "0" or v >= Version(entry.version)
            if entry.less_than is not None:
                high_ok = entry.less_than == "*" or v < Version(entry.less_than)
            else:
                assert entry.less_than_or_equal is not None
                high_ok = entry.less_than_or_equal == "*" or v <= Version(entry.less_than_or_equal)
            matched = low_ok and high_ok
        if matched:
            status = entry.status
            for change in sorted(entry.changes or (), key=lambda c: Version(c.at)):
                if v >= Version(change.at):
                    status = change.status
            return status
    return product.default_status or Status.UNKNOWN
