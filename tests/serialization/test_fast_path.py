"""The fast structuring path of `advisory_from_dict` agrees with the detailed converter.

`advisory_from_dict` first structures with a converter without cattrs' detailed validation
(cheaper, so loading stays within a small multiple of ``json.loads``) and only on failure asks
the detailed converter for every problem. That is only sound if both accept and reject the same
documents and build the same records.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.advisories import CveRecord, OsvRecord
from psrt_core.exceptions import InvalidRecordError
from psrt_core.limits import Limits
from psrt_core.serialization import _reading, advisory_to_dict
from psrt_core.serialization._advisory_io import _converter, _fast_converter
from psrt_core.serialization._reading import _clean, _problems, json_document
from psrt_core.testing import cve_records, osv_records

RECORDS = st.one_of(osv_records(), cve_records())


def _leaves(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(document, dict):
        return [p for key, value in document.items() for p in _leaves(value, (*path, key))]
    if isinstance(document, list):
        return [p for index, value in enumerate(document) for p in _leaves(value, (*path, index))]
    return [path]


def _replace(document: Any, path: tuple[Any, ...], value: object) -> Any:
    if not path:
        return value
    head, *rest = path
    copy: Any = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _replace(document[head], tuple(rest), value)
    return copy


@given(RECORDS)
def test_fast_and_detailed_converters_build_the_same_record(record: OsvRecord | CveRecord) -> None:
    """A valid document gives equal records through both converters."""
    document = advisory_to_dict(record)
    cls = type(record)
    assert _fast_converter().structure(document, cls) == _converter().structure(document, cls)
    assert _fast_converter().structure(document, cls) == record


@given(RECORDS, st.data(), st.sampled_from([12345, 1.5, [1], {"x": 1}, True]))
def test_fast_converter_rejects_what_the_detailed_one_rejects(
    record: OsvRecord | CveRecord, data: st.DataObject, bad: object
) -> None:
    """Corrupting one leaf makes both converters fail, or neither (extras may hold anything)."""
    document = advisory_to_dict(record)
    leaves = [path for path in _leaves(document) if path]
    path = data.draw(st.sampled_from(leaves))
    corrupted = _replace(document, path, bad)
    cls = type(record)
    outcomes = []
    for converter in (_fast_converter(), _converter()):
        try:
            converter.structure(corrupted, cls)
        except Exception:  # noqa: BLE001 - any failure counts as a rejection here
            outcomes.append("rejected")
        else:
            outcomes.append("accepted")
    assert outcomes[0] == outcomes[1]


def test_fast_converter_rejects_a_non_array_where_a_list_belongs() -> None:
    """``aliases`` must be a JSON array on the fast path too."""
    document = {"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "aliases": "CVE-1"}
    with pytest.raises(TypeError, match="expected a JSON array"):
        _fast_converter().structure(document, OsvRecord)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**8), max_value=10**8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=4),
    st.sampled_from(["\ud800", "a\udfff", "ok"]),
)
_KEYS = st.one_of(st.text(max_size=3), st.sampled_from(["\udc80", "k"]))
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=30,
)


@given(_DOCUMENTS)
def test_quick_check_agrees_with_the_walk_with_paths(document: object) -> None:
    """The path-free pre-check of `check_document` finds a document clean exactly when the
    walk that names paths finds no problem (depth, sizes, integers, non-finite floats, lone
    surrogates in keys and values; RFC 8259 › 6 and › 8.2), under tight limits."""
    limits = Limits(max_depth=3, max_items=4, max_integer_digits=6)
    found = list(_problems(document, limits, "$"))
    assert _clean(document, limits) is (not found)


def test_quick_check_leaves_a_non_string_key_to_the_walk() -> None:
    """A mapping given to `advisory_from_dict` may hold a non-string key: the pre-check defers."""
    assert _clean({1: "x"}, Limits()) is False
    assert list(_problems({1: "x"}, Limits(), "$")) == []


def _outcome(text: str, limits: Limits) -> object:
    try:
        return json_document(text, limits=limits, error=InvalidRecordError, source=None)
    except InvalidRecordError as exc:
        return [(p.location, p.message) for p in exc.problems]


@given(_DOCUMENTS, st.booleans(), st.sampled_from([(3, 4), (3, 1000), (64, 4), (64, 1000)]))
def test_json_document_skips_the_walk_only_when_it_would_find_nothing(
    document: object, ascii_only: bool, sizes: tuple[int, int]
) -> None:
    """Skipping the walk when the text shows no limit can be hit (bracket count, length, no
    surrogate escape) gives the same document or the same problems (RFC 8259 › 8.2)."""
    text = json.dumps(document, ensure_ascii=ascii_only)
    limits = Limits(max_depth=sizes[0], max_items=sizes[1], max_integer_digits=6)
    fast = _outcome(text, limits)
    with mock.patch.object(_reading, "_plainly_within", return_value=False):
        walked = _outcome(text, limits)
    assert repr(fast) == repr(walked)
