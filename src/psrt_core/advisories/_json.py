"""An immutable JSON object, so that fields psrt-core does not model survive a round trip.

Why: OSV and CVE records carry vendor data (``database_specific``, ``x_*`` keys, ADP containers)
that the library has no business interpreting but must give back unchanged. Freezing it keeps
the models hashable and immutable; `thaw` turns it back into plain dicts and lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

__all__ = ["JsonMap", "freeze", "thaw"]


@attrs.frozen(repr=False, eq=False)
class JsonMap(Mapping[str, Any]):
    """A read-only JSON object: keys in document order, nested objects frozen, lists as tuples.

    Equality is JSON equality: key order does not matter (it is kept only for writing back).
    """

    items_: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> JsonMap:
        """Freeze a JSON object (a mapping with string keys)."""
        if type(value) is dict and all(type(key) is str for key in value):
            return cls(tuple(zip(value, map(freeze, value.values()), strict=True)))
        return cls(tuple((str(key), freeze(item)) for key, item in value.items()))

    def __getitem__(self, key: str) -> Any:
        for name, item in self.items_:
            if name == key:
                return item
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.items_)

    def __len__(self) -> int:
        return len(self.items_)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JsonMap):
            return NotImplemented
        return dict(self.items_) == dict(other.items_)

    def __hash__(self) -> int:
        return hash(frozenset(self.items_))

    def __repr__(self) -> str:
        return f"JsonMap({thaw(self)!r})"

    def to_dict(self) -> dict[str, Any]:
        """A plain, mutable copy (dicts and lists)."""
        return {name: thaw(item) for name, item in self.items_}


EMPTY = JsonMap()


def freeze(value: Any) -> Any:
    """Turn a JSON value into its immutable form (objects become `JsonMap`, lists tuples)."""
    kind = type(value)
    if kind is str or value is None or kind is int or kind is float or kind is bool:
        return value  # the usual leaves first: the ABC checks below are slow
    if isinstance(value, JsonMap):
        return value
    if isinstance(value, Mapping):
        return JsonMap.of(value)
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Turn a frozen JSON value back into dicts and lists."""
    if isinstance(value, JsonMap):
        return value.to_dict()
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value
