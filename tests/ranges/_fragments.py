"""JSON in and out for range tests: the serialization layer's readers, then the domain's.

Why a helper: `psrt_core.ranges` works on models (`OsvRange`, `CveVersion`); the tests keep
their JSON-shaped inputs and expected values, as a user's files have them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from psrt_core.advisories import CveVersion, OsvRange, Status
from psrt_core.ranges import from_cve_versions, from_osv_ranges
from psrt_core.serialization import cve_versions_from_dicts, fragment_to_dict, osv_ranges_from_dicts
from psrt_core.versions import VersionSet


def osv_json(ranges: Iterable[OsvRange]) -> tuple[dict[str, Any], ...]:
    """OSV ranges as the JSON a record holds."""
    return tuple(fragment_to_dict(item) for item in ranges)


def cve_json(entries: Iterable[CveVersion]) -> tuple[dict[str, Any], ...]:
    """CVE ``versions`` entries as the JSON a record holds."""
    return tuple(fragment_to_dict(item) for item in entries)


def _typed(item: object) -> object:
    """An ECOSYSTEM range when the test leaves the type out (the tests' shorthand)."""
    if isinstance(item, Mapping) and "type" not in item:
        return {"type": "ECOSYSTEM", **item}
    return item


def osv_from_json(ranges: Iterable[object], *, source: str | None = None) -> VersionSet:
    """The set JSON OSV ranges contain: read by serialization, evaluated by ranges."""
    models = osv_ranges_from_dicts([_typed(item) for item in ranges], source=source)
    return from_osv_ranges(models, source=source)


def cve_from_json(
    entries: Iterable[object],
    *,
    default_status: Status | str | None = None,
    source: str | None = None,
) -> tuple[VersionSet, VersionSet]:
    """The ``(affected, unknown)`` sets of JSON CVE entries: serialization, then ranges."""
    models = cve_versions_from_dicts(list(entries), source=source)
    return from_cve_versions(models, default_status=default_status, source=source)
