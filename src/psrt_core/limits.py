"""How much work psrt-core does for one outside document, in one place.

Records, catalogs, commit maps and governance files come from reporters, forks and mirrors.
Every loader of `psrt_core.serialization` takes a `Limits` (``limits=``, `DEFAULT_LIMITS` when
not given) and refuses a document that exceeds one with the document's ``Invalid...Error``,
naming the limit and the JSON path. This module is pure: it only holds the numbers.
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    """A size or count bound: at least 1 (0 would refuse every document, never meant)."""
    if type(value) is not int or value < 1:
        msg = f"{attribute.name} must be a positive int (1 or more), got {value!r}"
        raise ValueError(msg)


def _non_negative(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    """A budget where 0 means "none allowed" (YAML aliases)."""
    if type(value) is not int or value < 0:
        msg = f"{attribute.name} must be a non-negative int (0 or more), got {value!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds a loader holds any document to; change one with `attrs.evolve`.

    Why each default: they are far above every real document (the largest real OSV range
    has a few dozen events, the bundled CPython catalog is 110 KB and 4 levels deep) and low
    enough that a hostile file costs at most a second and a few hundred MB. Every bound is
    1 or more, except `max_yaml_aliases`, where 0 (the default) refuses aliases.
    """

    max_bytes: int = attrs.field(default=16 * 1024 * 1024, validator=_positive)
    """Size of one document in UTF-8 bytes (16 MiB)."""

    max_depth: int = attrs.field(default=64, validator=_positive)
    """Nesting of arrays and objects (the document itself is depth 1)."""

    max_yaml_aliases: int = attrs.field(default=0, validator=_non_negative)
    """YAML alias uses (``*name``) in one document; 0 refuses them (real OSV YAML has none).

    Whatever the budget, an alias to a node that itself holds an alias is refused: that is
    what makes a "billion laughs" document grow exponentially.
    """

    max_events: int = attrs.field(default=100_000, validator=_positive)
    """Events in one OSV range (``affected[].ranges[].events``)."""

    max_entries: int = attrs.field(default=100_000, validator=_positive)
    """Version entries of one CVE product (``affected[].versions``)."""

    max_items: int = attrs.field(default=1_000_000, validator=_positive)
    """Elements of any one array or object, and lines of a JSON-lines or CSV document."""

    max_integer_digits: int = attrs.field(default=64, validator=_positive)
    """Digits of an integer number, counted before it is converted.

    Python's own limit is 4,300 digits, and converting is quadratic in them.
    """

    max_version_length: int = attrs.field(default=128, validator=_positive)
    """Characters of a version string (PEP 440 puts no bound on it)."""


DEFAULT_LIMITS: Final = Limits()
"""The limits every loader applies unless given others."""
