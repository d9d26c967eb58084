"""`JsonMap`: the frozen JSON objects that carry unknown fields through a round trip."""

from __future__ import annotations

from typing import Any

import pytest

from psrt_core.advisories import JsonMap
from psrt_core.advisories._json import freeze, thaw


def test_freeze_and_thaw_are_inverse() -> None:
    """Objects become `JsonMap`, arrays tuples, and back again."""
    value = {"a": [1, {"b": None}], "c": 2.5, "d": True}
    frozen = freeze(value)
    assert isinstance(frozen, JsonMap)
    assert frozen["a"] == (1, JsonMap.of({"b": None}))
    assert thaw(frozen) == value
    assert freeze(frozen) is frozen


def test_mapping_behaviour() -> None:
    """A read-only mapping in document order, with a readable repr."""
    item = JsonMap.of({"z": 1, "a": 2})
    assert list(item) == ["z", "a"]
    assert len(item) == 2
    assert item.get("missing") is None
    with pytest.raises(KeyError):
        item["missing"]
    assert repr(item) == "JsonMap({'z': 1, 'a': 2})"


def test_equality_ignores_key_order_and_hashes_alike() -> None:
    """JSON object equality: key order does not matter; equal maps hash equally."""
    first = JsonMap.of({"a": 1, "b": [1, 2]})
    second = JsonMap.of({"b": [1, 2], "a": 1})
    assert first == second
    assert hash(first) == hash(second)
    assert first != JsonMap.of({"a": 1})
    assert first != {"a": 1, "b": [1, 2]}  # a JsonMap is not a dict


def test_any_mapping_freezes_with_text_keys() -> None:
    """A read-only mapping or one with a non-text key freezes too (keys become their text);
    values that are not JSON are kept as given rather than guessed at."""
    from types import MappingProxyType

    marker = object()
    numbered: dict[Any, Any] = {1: "x", "b": (2,)}
    assert JsonMap.of(MappingProxyType({"a": [1]})) == JsonMap.of({"a": [1]})
    assert list(JsonMap.of(numbered)) == ["1", "b"]
    assert JsonMap.of(numbered)["1"] == "x"
    assert freeze(marker) is marker
    assert freeze({"m": marker})["m"] is marker
