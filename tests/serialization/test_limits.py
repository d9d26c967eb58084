"""Issue 14 items 1, 3 and 6 (loaders): every limit of `psrt_core.limits.Limits` holds on
hostile input and is a `PsrtError` naming the limit and the JSON path, quickly."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.advisories import JsonMap
from psrt_core.exceptions import (
    InvalidCatalogError,
    InvalidGovernanceDataError,
    InvalidInputError,
    InvalidRecordError,
)
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization import (
    activity_from_json,
    advisory_from_dict,
    catalog_from_dict,
    catalog_from_python_releases_toml,
    credit_facts_from_dict,
    dump_advisory,
    events_from_jsonl,
    load_advisory,
    load_commit_map,
    login_roster_from_csv,
    nomination_from_json,
    parse_advisory,
    policy_from_toml,
    roster_from_devguide_csv,
    roster_from_json,
)

RECORD = '{"id": "PSF-2024-1", "modified": "2024-01-01T00:00:00Z", "x_n": %s}'
LAUGHS = (
    "id: PSF-2024-1\nmodified: '2024-01-01T00:00:00Z'\nx_lol:\n"
    "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"  {name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
)
BIG = "9" * 5000
"""Python's int-to-str limit is 4,300 digits: int() of this raises ``ValueError``."""
DEEP = "[" * 100_000 + "]" * 100_000
TOO_DEEP = "nesting too deep (max_depth=64)"


def message(call: object, *args: object, **kwargs: object) -> str:
    """The one-line error of *call*, which must be a `PsrtError` raised within a second."""
    start = time.process_time()
    with pytest.raises(InvalidInputError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    assert time.process_time() - start < 1.0
    return str(info.value)


def test_default_limits_are_documented_values() -> None:
    """docs/reference/limits.md lists these defaults."""
    assert attrs.asdict(DEFAULT_LIMITS) == {
        "max_bytes": 16 * 1024 * 1024,
        "max_depth": 64,
        "max_yaml_aliases": 0,
        "max_events": 100_000,
        "max_entries": 100_000,
        "max_items": 1_000_000,
        "max_integer_digits": 64,
        "max_version_length": 128,
    }
    with pytest.raises(
        ValueError, match=r"^max_depth must be a positive int \(1 or more\), got -1$"
    ):
        Limits(max_depth=-1)


@pytest.mark.parametrize(
    "name",
    [
        "max_bytes",
        "max_depth",
        "max_events",
        "max_entries",
        "max_items",
        "max_integer_digits",
        "max_version_length",
    ],
)
@pytest.mark.parametrize("value", [0, -1, True, 1.5])
def test_size_and_count_bounds_are_at_least_one(name: str, value: object) -> None:
    """Review G: a size or count bound is 1 or more, and the message says so (it said
    "non-negative" while the validator was named positive, and accepted 0)."""
    with pytest.raises(ValueError, match=rf"^{name} must be") as caught:
        Limits(**{name: value})  # type: ignore[arg-type]
    assert str(caught.value) == f"{name} must be a positive int (1 or more), got {value!r}"
    assert getattr(Limits(**{name: 1}), name) == 1


def test_yaml_alias_budget_may_be_zero() -> None:
    """Review G: ``max_yaml_aliases`` is a budget where 0 (the default) refuses aliases."""
    assert Limits(max_yaml_aliases=0).max_yaml_aliases == 0
    with pytest.raises(ValueError, match=r"^max_yaml_aliases must be") as caught:
        Limits(max_yaml_aliases=-1)
    assert str(caught.value) == "max_yaml_aliases must be a non-negative int (0 or more), got -1"


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    """A 1 KB YAML record whose aliases expand to 9**9 strings (issue 14 reproduction): no
    alias at all by default; with a budget, an alias of a node holding aliases is refused."""
    assert len(LAUGHS) < 1024
    assert message(parse_advisory, LAUGHS) == (
        "$.x_lol.b[0]: YAML alias *a beyond max_yaml_aliases=0"
    )
    assert message(parse_advisory, LAUGHS, limits=Limits(max_yaml_aliases=1000)) == (
        "$.x_lol.c[0]: YAML alias *b names a node holding aliases"
    )


def test_a_flat_alias_within_the_budget_is_read() -> None:
    text = "id: PSF-2024-1\nmodified: '2024-01-01T00:00:00Z'\nx_a: &v [1]\nx_b: *v\n"
    advisory = parse_advisory(text, limits=Limits(max_yaml_aliases=1))
    assert advisory.record.extra["x_b"] == ("1",)


def test_the_load_functions_pass_limits_on(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    assert message(load_advisory, path) == (
        f"{path}: $.x_lol.b[0]: YAML alias *a beyond max_yaml_aliases=0"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (BIG, "$.x_n: integer of 5000 digits exceeds max_integer_digits=64"),
        ("-" + "1" * 65, "$.x_n: integer of 65 digits exceeds max_integer_digits=64"),
        ("NaN", "$.x_n: NaN is not JSON (RFC 8259 › 6)"),
        ("Infinity", "$.x_n: Infinity is not JSON (RFC 8259 › 6)"),
        ("-Infinity", "$.x_n: -Infinity is not JSON (RFC 8259 › 6)"),
        ("1e400", "$.x_n: number 1e400 overflows a double"),
        ('"\\ud800"', "$.x_n: lone surrogate at character 0 (not Unicode text)"),
    ],
)
def test_strict_json_numbers_and_text_in_unknown_fields(value: str, expected: str) -> None:
    """RFC 8259 › 6 has no NaN or Infinity; an integer is refused before int() (issue 14)."""
    assert message(parse_advisory, RECORD % value) == expected


def test_sixty_four_digits_are_read() -> None:
    """The boundary: ``max_integer_digits`` digits are fine."""
    advisory = parse_advisory(RECORD % ("9" * 64))
    assert advisory.record.extra["x_n"] == int("9" * 64)


def test_duplicate_keys_are_an_error_with_their_path() -> None:
    """RFC 8259 › 4: two ``id`` keys used to keep the last one silently."""
    text = '{"id": "PSF-2024-1", "id": "PSF-2024-2", "modified": "2024-01-01T00:00:00Z"}'
    assert message(parse_advisory, text) == (
        "$.id: key given twice (RFC 8259 › 4: names should be unique)"
    )
    yaml_text = "id: PSF-2024-1\nid: PSF-2024-2\nmodified: '2024-01-01T00:00:00Z'\n"
    assert message(parse_advisory, yaml_text) == "$.id: key given twice"


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        ("=HYPERLINK(1)", "$.id: not a record id of the form PREFIX-ID (got '=HYPERLINK(1)')"),
        ("PSF-2024-1 x", "$.id: not a record id of the form PREFIX-ID (got 'PSF-2024-1 x')"),
        ("PSF-\x1b[2J", "$.id: not a record id of the form PREFIX-ID (got 'PSF-\\x1b[2J')"),
        ("PSF-\ud800", "$.id: lone surrogate at character 4 (not Unicode text)"),
    ],
)
def test_osv_ids_have_the_schema_shape(record_id: str, expected: str) -> None:
    """OSV schema › id: a prefix, a hyphen, then no whitespace (and no control character)."""
    document = {"id": record_id, "modified": "2024-01-01T00:00:00Z"}
    assert message(advisory_from_dict, document) == expected


def test_cve_ids_have_the_schema_shape() -> None:
    """CVE JSON 5 › cveId: ``^CVE-[0-9]{4}-[0-9]{4,19}$``."""
    document = {"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-2024-1"}}
    assert message(advisory_from_dict, document).endswith(
        "; $.cveMetadata.cveId: not a record id of the form CVE-YYYY-NNNN (got 'CVE-2024-1')"
    )


def test_events_entries_and_version_length_are_bounded() -> None:
    """`Limits.max_events` per OSV range, `max_entries` per CVE product, and
    `max_version_length` before any version is parsed."""
    events = [{"introduced": "0"}] + [{"fixed": f"1.{i}"} for i in range(10)]
    osv = {
        "id": "PSF-2024-1",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": events}]}],
    }
    assert message(advisory_from_dict, osv, limits=Limits(max_events=10)) == (
        "$.affected[0].ranges[0].events: 11 items exceed max_events=10"
    )
    assert advisory_from_dict(osv, limits=Limits(max_events=11)).id == "PSF-2024-1"
    events[1] = {"fixed": "3.12." + BIG}
    assert message(advisory_from_dict, osv) == (
        "$.affected[0].ranges[0].events[1].fixed: version string of 5005 characters exceeds "
        "max_version_length=128"
    )
    cve = {
        "dataType": "CVE_RECORD",
        "cveMetadata": {"cveId": "CVE-2024-0001"},
        "containers": {"cna": {"affected": [{"versions": [{"version": "1"}] * 3}]}},
    }
    assert message(advisory_from_dict, cve, limits=Limits(max_entries=2)) == (
        "$.containers.cna.affected[0].versions: 3 items exceed max_entries=2"
    )


def test_bounds_hold_where_an_object_stands_for_an_array() -> None:
    """`Limits.max_events` is checked before the record is structured, even under an object
    where OSV has an array (``affected``): the size problem is what is reported, with the
    object's key in the path."""
    events = [{"introduced": "0"}] + [{"fixed": f"1.{i}"} for i in range(10)]
    osv = {
        "id": "PSF-2024-1",
        "modified": "2024-01-01T00:00:00Z",
        "affected": {"a": {"ranges": [{"type": "ECOSYSTEM", "events": events}]}},
    }
    assert message(advisory_from_dict, osv, limits=Limits(max_events=10)) == (
        "$.affected.a.ranges[0].events: 11 items exceed max_events=10"
    )


def test_size_is_bounded_in_bytes() -> None:
    text = RECORD % '"é"'
    size = len(text.encode("utf-8"))
    assert message(parse_advisory, text, limits=Limits(max_bytes=size - 1)) == (
        f"$: document larger than max_bytes={size - 1} bytes"
    )
    assert parse_advisory(text, limits=Limits(max_bytes=size)).id == "PSF-2024-1"


def test_deep_documents_everywhere() -> None:
    """Deep nesting in catalogs, nominations, activity, rosters, events and TOML policies
    (issue 14 reproductions) is one error, no RecursionError."""
    assert message(nomination_from_json, DEEP) == f"$: {TOO_DEEP}"
    assert message(activity_from_json, DEEP) == f"$: {TOO_DEEP}"
    assert message(roster_from_json, DEEP) == f"$: {TOO_DEEP}"
    assert message(events_from_jsonl, DEEP + "\n") == f"line 1 $: {TOO_DEEP}"
    assert message(policy_from_toml, "x = " + DEEP) == f"$: {TOO_DEEP}"
    deep: object = []
    for _ in range(70):
        deep = [deep]
    assert message(catalog_from_dict, {"product": "cpython", "x": deep}) == (
        f"$.x{'[0]' * 63}: {TOO_DEEP}"
    )


def test_giant_integers_everywhere(tmp_path: Path) -> None:
    """5,000-digit integers in catalogs, commit maps, policies, rosters and events."""
    assert message(catalog_from_dict, {"product": "cpython", "x": 10**5000}) == (
        "$.x: integer exceeds max_integer_digits=64"
    )
    assert message(
        catalog_from_dict, {"product": "cpython", "releases": [{"version": "3.12." + BIG}]}
    ) == ("$.releases[0].version: version string of 5005 characters exceeds max_version_length=128")
    assert message(policy_from_toml, "[nomination]\nx = " + BIG) == (
        "$: an integer exceeds max_integer_digits=64"
    )
    assert message(policy_from_toml, "[nomination]\nx = " + "9" * 65) == (
        "$.nomination.x: integer exceeds max_integer_digits=64"
    )
    assert message(roster_from_json, '{"format": ' + BIG + "}") == (
        "$.format: integer of 5000 digits exceeds max_integer_digits=64"
    )
    assert message(events_from_jsonl, '{"type": ' + BIG + "}\n") == (
        "line 1 $.type: integer of 5000 digits exceeds max_integer_digits=64"
    )
    path = tmp_path / "map.json"
    path.write_text('{"' + "a" * 40 + '": ["3.12.' + BIG + '"]}', encoding="utf-8")
    assert message(load_commit_map, path) == (
        f'{path}: $["{"a" * 40}"]: a version string exceeds max_version_length=128'
    )
    path.write_text("a" * 40 + "\n  v3.12." + BIG + "\n", encoding="utf-8")
    assert message(load_commit_map, path) == (
        f"{path}: line 2: a version string exceeds max_version_length=128"
    )


def test_toml_nan_and_csv_fields() -> None:
    """TOML allows ``nan``; psrt-core documents are JSON-compatible and refuse it. A CSV
    field over the csv module's limit (131,072) is a problem with its line."""
    assert message(policy_from_toml, "x = nan") == "$.x: nan is not a JSON number (RFC 8259 › 6)"
    long_field = "a," + "b" * 200_000 + ",c\n"
    assert message(roster_from_devguide_csv, "x,y,\n" + long_field) == (
        "psrt.csv: line 2: not CSV: field larger than field limit (131072)"
    )
    assert message(login_roster_from_csv, long_field) == (
        "psrt.csv: line 1: not CSV: field larger than field limit (131072)"
    )


def test_every_loader_strips_one_byte_order_mark() -> None:
    """Issue 14 item 6: a leading U+FEFF is ignored the same way everywhere (RFC 8259 › 8.1)."""
    bom = "\ufeff"
    assert parse_advisory(bom + RECORD % "1").id == "PSF-2024-1"
    assert parse_advisory(bom + "id: PSF-2024-1\nmodified: '2024-01-01T00:00:00Z'\n").id == (
        "PSF-2024-1"
    )
    assert roster_from_json(bom + '{"format": "psrt-core/roster-1", "members": []}').members == ()
    assert policy_from_toml(bom + "[nomination]\n") == policy_from_toml("[nomination]\n")
    assert events_from_jsonl(bom) == ()
    assert activity_from_json(bom + "[]") == ()
    assert roster_from_devguide_csv(bom + "Ann,ann,\n").members[0].name == "Ann"
    assert login_roster_from_csv(bom + "Ann,ann,\n") == {"ann": "Ann"}
    assert message(catalog_from_python_releases_toml, bom.encode() + b"x = 1\n", source=None) == (
        "$.metadata: expected a table of branches (got None); "
        "$.release: expected a table of release lists (got None)"
    )  # read as TOML past the mark: only the tables are missing


def test_yaml_syntax_errors_name_line_and_column() -> None:
    assert message(parse_advisory, "id: PSF-2024-1\n  bad: [\n") == (
        "line 2 column 6: not valid YAML: mapping values are not allowed here"
    )


def test_output_json_is_strict() -> None:
    """RFC 8259 output: `dump_advisory` never writes NaN; a value it cannot write is an error."""
    advisory = parse_advisory(RECORD % "1.5")
    assert json.loads(dump_advisory(advisory), parse_constant=pytest.fail)["x_n"] == 1.5
    record = attrs.evolve(advisory.record, extra=JsonMap.of({"x_n": float("nan")}))
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        dump_advisory(record)


def test_catalog_errors_use_the_catalog_error() -> None:
    with pytest.raises(InvalidCatalogError):
        catalog_from_dict({"product": "cpython", "x": float("nan")})
    with pytest.raises(InvalidRecordError):
        advisory_from_dict({"id": "PSF-1", "x": float("inf")})
    with pytest.raises(InvalidGovernanceDataError):
        roster_from_json('{"a": 1, "a": 2}')


def test_too_many_items_in_one_array_is_refused_with_its_path() -> None:
    """``max_items`` bounds every array and object of a parsed document, at its JSON path."""
    assert message(
        credit_facts_from_dict, {"credits": [1, 2, 3]}, limits=Limits(max_items=2), source="f"
    ) == ("f: $.credits: 3 items exceed max_items=2")


def test_a_document_reports_at_most_twenty_problems() -> None:
    """Thirty bad numbers give twenty problems: the error stays readable on hostile input."""
    with pytest.raises(InvalidInputError) as info:
        credit_facts_from_dict({"credits": [float("nan")] * 30})
    problems = info.value.problems
    assert len(problems) == 20
    assert {p.message for p in problems} == {"nan is not a JSON number (RFC 8259 › 6)"}


def test_a_key_with_a_lone_surrogate_is_refused() -> None:
    """RFC 8259 › 8.2: a lone surrogate is not Unicode text, in a key as in a value."""
    assert message(credit_facts_from_dict, {"credits": [], "\udc80x": 1}, source="f") == (
        "f: $: a key holds a lone surrogate (not Unicode text) (got '\\udc80x')"
    )


def test_yaml_keys_that_are_not_scalars_are_refused() -> None:
    """A YAML mapping key that is a sequence has no JSON meaning: a syntax-style error."""
    with pytest.raises(InvalidRecordError) as info:
        parse_advisory("id: X\nmodified: '2024-01-01T00:00:00Z'\nx_a: {? [a, b] : c}\n", source="r")
    assert str(info.value) == "r: line 3 column 9: not valid YAML: found unhashable key"


def test_yaml_nesting_past_raised_limits_is_still_an_error() -> None:
    """With ``max_depth`` raised, the interpreter's recursion limit answers as a depth error."""
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(InvalidRecordError) as info:
        parse_advisory(text, source="r.yaml", limits=Limits(max_depth=100_000))
    assert str(info.value) == "r.yaml: $: nesting too deep (max_depth=100000)"


class _ListSubclass(list):  # type: ignore[type-arg]
    """A caller's own list type: `advisory_from_dict` takes any mapping of any values."""


class _StrSubclass(str):
    """A caller's own string type."""


_VERSION_TEXTS = st.sampled_from(["0", "1.0", "3.12.6", "9" * 30])


@st.composite
def _sized_documents(draw: st.DrawFn) -> dict[str, Any]:
    """OSV or CVE documents whose event/entry lists and version strings may be builtins or
    subclasses, of lengths around small limits."""

    def text() -> object:
        value = draw(_VERSION_TEXTS)
        return _StrSubclass(value) if draw(st.booleans()) else value

    def sized(items: list[Any]) -> list[Any]:
        return _ListSubclass(items) if draw(st.booleans()) else items

    count = draw(st.integers(0, 5))
    if draw(st.booleans()):
        versions = [{"version": text(), "lessThan": text(), "status": "affected"}] * count
        return {
            "dataType": "CVE_RECORD",
            "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
            "containers": {"cna": {"affected": [{"product": "x", "versions": sized(versions)}]}},
        }
    events = [{"introduced": text()}, {"fixed": text()}] * count
    return {
        "id": "PYSEC-1",
        "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": sized(events)}]}],
    }


@given(
    document=_sized_documents(),
    most=st.integers(1, 6),
    longest=st.integers(3, 35),
)
def test_the_size_shortcut_never_passes_what_the_full_check_refuses(
    document: dict[str, Any], most: int, longest: int
) -> None:
    """Issue 14 (bounded work): `_within_sizes` is only a shortcut for `_check_sizes`; when it
    says "within limits" the full walk must find nothing, also for list and str subclasses."""
    from psrt_core.serialization import _advisory_io

    limits = Limits(max_events=most, max_entries=most, max_version_length=longest)
    if not _advisory_io._within_sizes(document, limits):
        return
    with mock.patch.object(_advisory_io, "_within_sizes", return_value=False):
        _advisory_io._check_sizes(document, limits, "doc")  # raises on any problem


def test_a_list_subclass_of_events_is_still_counted() -> None:
    """The reviewer's case: six events in a list subclass exceed ``max_events=4``."""
    events = _ListSubclass([{"introduced": "0"}, {"fixed": "1.0"}] * 3)
    document = {
        "id": "PYSEC-1",
        "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": events}]}],
    }
    with pytest.raises(InvalidRecordError) as info:
        advisory_from_dict(document, limits=Limits(max_events=4))
    assert [str(p) for p in info.value.problems] == [
        "$.affected[0].ranges[0].events: 6 items exceed max_events=4"
    ]


def test_a_versions_value_that_is_not_a_list_is_left_to_the_type_check() -> None:
    """Limits count entries of a ``versions`` array; a string there is no array, so the size
    shortcut lets it through and the record's own type check refuses it (CVE JSON 5 ›
    affected[].versions is an array)."""
    from psrt_core.serialization import _advisory_io

    document = {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
        "containers": {"cna": {"affected": [{"product": "CPython", "versions": "3.12.0"}]}},
    }
    assert _advisory_io._within_sizes(document, Limits()) is True
    with pytest.raises(InvalidRecordError) as caught:
        advisory_from_dict(document)
    assert [p.location for p in caught.value.problems] == ["$.containers.cna.affected[0].versions"]


def test_the_size_tables_name_limits_fields() -> None:
    """Issue 14 (bounded work): each format's size table names a real `Limits` field, read by
    name (a misspelt name would fail only on a hostile record)."""
    from psrt_core.serialization import _advisory_io

    names = {field.name for field in attrs.fields(Limits)}
    assert _advisory_io._CVE_SIZED[1] == "max_entries"
    assert _advisory_io._OSV_SIZED[1] == "max_events"
    assert {_advisory_io._CVE_SIZED[1], _advisory_io._OSV_SIZED[1]} <= names
