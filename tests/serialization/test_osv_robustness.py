"""Hostile input never escapes as anything but `InvalidRecordError` (CLI: one line, exit 2)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core import load_advisory
from psrt_core.advisories import Advisory, CommitMap
from psrt_core.cli import main
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import advisory_from_dict, load_commit_map, parse_advisory

# Deep enough to exhaust every supported Python's parsers: 3.13's C JSON scanner has its own,
# higher limit than the interpreter's recursion limit and still parses 2,000 levels.
DEEP = max(sys.getrecursionlimit() * 2, 100_000)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for the files the properties write (module-scoped, Hypothesis-safe)."""
    return tmp_path_factory.mktemp("robustness")


def test_non_utf8_record_and_commit_map(tmp_path: Path) -> None:
    """RFC 8259 › 8.1 (JSON text is UTF-8), YAML 1.1 › 5.2: other bytes are a problem, with
    the offset of the first bad byte (review reproducer ``bin.txt``)."""
    path = tmp_path / "bin.json"
    path.write_bytes(b'{"id": "\xff"}')
    with pytest.raises(InvalidRecordError) as info:
        load_advisory(path)
    assert str(info.value) == f"{path}: $: not UTF-8 text (invalid start byte at byte 8)"
    with pytest.raises(InvalidRecordError) as info:
        load_commit_map(path)
    assert str(info.value) == f"{path}: $: not UTF-8 text (invalid start byte at byte 8)"


TOO_DEEP = "nesting too deep (max_depth=64)"
DEEP_X = "$.x_" + "[0]" * 63
"""Where the walk stops: the 65th nested array (the document itself is depth 1)."""


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("deep.json", "[" * DEEP + "]" * DEEP, "$"),
        (
            "deep-extra.json",
            '{"id": "X", "modified": "2024-01-01T00:00:00Z", "x_": '
            + "[" * (DEEP // 4)
            + "]" * (DEEP // 4)
            + "}",
            "$",
        ),
        ("deep.yaml", "id: X\nx_: " + "[" * DEEP + "]" * DEEP + "\n", DEEP_X),
    ],
)
def test_deep_nesting_is_a_problem(tmp_path: Path, name: str, text: str, where: str) -> None:
    """Nesting deeper than `Limits.max_depth` is "nesting too deep", naming the limit, at ``$``
    when Python's JSON parser itself gives up, else where the walk stopped (no RecursionError
    traceback; review reproducers ``deep.json``, ``deep.yaml``; issue 14 item 1)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidRecordError) as info:
        load_advisory(path)
    assert str(info.value) == f"{path}: {where}: {TOO_DEEP}"
    with pytest.raises(InvalidRecordError) as info:
        parse_advisory(text)
    assert str(info.value) == f"{where}: {TOO_DEEP}"


@pytest.mark.parametrize("record_id", ["X", 1])
def test_deep_mapping_is_a_problem(record_id: object) -> None:
    """A deep document handed over as a mapping is reported the same way, before any other
    problem (limits are checked first: issue 14 item 1), and no traceback escapes."""
    message = "$.x_deep" + "[0]" * 63 + ": " + TOO_DEEP
    inner: Any = []
    for _ in range(DEEP):
        inner = [inner]
    with pytest.raises(InvalidRecordError) as info:
        advisory_from_dict({"id": record_id, "modified": "2024-01-01T00:00:00Z", "x_deep": inner})
    assert str(info.value) == message


def test_deep_commit_map_is_a_problem(tmp_path: Path) -> None:
    """A JSON commit map nested too deep is a problem, not a traceback."""
    path = tmp_path / "deep-map.json"
    path.write_text('{"a": ' + "[" * DEEP + "]" * DEEP + "}", encoding="utf-8")
    with pytest.raises(InvalidRecordError) as info:
        load_commit_map(path)
    assert str(info.value) == f"{path}: $: {TOO_DEEP}"


def test_cli_reports_deep_nesting_in_one_line(tmp_path: Path) -> None:
    """CLI contract: bad input is one line on stderr and exit status 2."""
    import io

    path = tmp_path / "deep.yaml"
    path.write_text("id: X\nx_: " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["lint", str(path)], stdout=out, stderr=err) == 2
    assert err.getvalue() == f"psrt-core: error: {path}: {DEEP_X}: {TOO_DEEP}\n"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "modified",
                    "affected",
                    "ranges",
                    "events",
                    "dataType",
                    "cveMetadata",
                    "containers",
                    "cna",
                    "versions",
                    "x",
                    "a" * 40,
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)

texts = st.one_of(
    st.binary(max_size=64),
    json_values.map(lambda value: json.dumps(value).encode()),
    json_values.map(lambda value: json.dumps({"id": "X", "modified": value}).encode()),
    st.text(max_size=40).map(lambda text: ("id: X\n" + text).encode("utf-8", "surrogatepass")),
)


def _outcome(call: Any, *args: Any) -> object:
    try:
        return call(*args)
    except InvalidRecordError:
        return None


@given(texts)
def test_any_file_loads_or_is_invalid(scratch: Path, data: bytes) -> None:
    """Any bytes at all: `load_advisory` and `load_commit_map` give a value or raise
    `InvalidRecordError`, never another exception."""
    path = scratch / "input"
    path.write_bytes(data)
    assert isinstance(_outcome(load_advisory, path), (Advisory, type(None)))
    assert isinstance(_outcome(load_commit_map, path), (CommitMap, type(None)))


@given(json_values)
def test_any_json_value_loads_or_is_invalid(value: object) -> None:
    """Any parsed JSON value handed over as a document: an advisory or `InvalidRecordError`."""
    assert isinstance(_outcome(advisory_from_dict, value), (Advisory, type(None)))
    assert isinstance(_outcome(parse_advisory, json.dumps(value, indent=1)), (Advisory, type(None)))
