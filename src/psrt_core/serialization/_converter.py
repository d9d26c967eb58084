"""The one place that configures cattrs: hooks shared by every wire format psrt-core speaks.

cattrs itself is imported when a converter is first made: a record read by the hand-written
structurer, or the bundled catalog, never needs it, and it is a large share of start-up.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version

from psrt_core._time import parse_datetime
from psrt_core.exceptions import InvalidVersionError

if TYPE_CHECKING:
    import cattrs

__all__ = ["make_converter", "parse_date", "parse_datetime", "render_datetime"]


def _structure_version(value: object, _: type) -> Version:
    if isinstance(value, Version):
        return value
    if not isinstance(value, str):
        raise InvalidVersionError(value)
    try:
        return Version(value)
    except InvalidVersion:
        raise InvalidVersionError(value) from None


def parse_date(value: object) -> datetime.date:
    """An ISO 8601 calendar date (``2024-10-07``); TOML dates pass through."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        msg = f"expected an ISO 8601 date string, got {type(value).__name__}"
        raise TypeError(msg)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        msg = f"not an ISO 8601 date: {value!r}"
        raise ValueError(msg) from None


def render_datetime(value: datetime.datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` suffix, the form OSV and our event log write."""
    text = value.astimezone(datetime.timezone.utc).isoformat()
    return text.replace("+00:00", "Z")


def _exactly(type_: type[Any]) -> Any:
    """A structure hook that accepts only *type_* itself: no ``str(3)``, no ``int("7")``."""

    def structure(value: object, _: object) -> Any:
        if type(value) is not type_:
            msg = f"expected {type_.__name__}, got {type(value).__name__}"
            raise TypeError(msg)
        return value

    return structure


def make_converter(
    *, forbid_extra_keys: bool = False, detailed_validation: bool = True, strict: bool = False
) -> cattrs.Converter:
    """A converter with psrt-core's hooks for versions, dates and timestamps.

    Detailed validation is on by default so that every problem in a document is reported with
    its path; a converter without it is faster and suits a first attempt whose failure is then
    explained by a detailed one. *strict* turns off cattrs' coercions of scalars: ``"false"``
    is not ``False`` and ``"7"`` is not ``7``, so a mistyped document is reported, not misread.
    """
    import cattrs  # on first use (see the module docstring)

    converter = cattrs.Converter(
        detailed_validation=detailed_validation, forbid_extra_keys=forbid_extra_keys
    )
    converter.register_structure_hook(Version, _structure_version)
    converter.register_unstructure_hook(Version, str)
    converter.register_structure_hook(datetime.date, lambda value, _: parse_date(value))
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_structure_hook(datetime.datetime, lambda value, _: parse_datetime(value))
    converter.register_unstructure_hook(datetime.datetime, render_datetime)
    if strict:
        for scalar in (str, int, bool):
            converter.register_structure_hook(scalar, _exactly(scalar))
    return converter
