"""OSV JSON and YAML in and out: lossless round trips and every problem reported at once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

from psrt_core import load_advisory
from psrt_core.advisories import Advisory, EventKind, JsonMap, OsvRecord, RangeType
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    dump_advisory,
    parse_advisory,
)
from psrt_core.serialization._advisory_io import parse_advisory_with_syntax
from psrt_core.testing import osv_records

FIXTURES = Path(__file__).parents[1] / "advisories" / "fixtures"


def _stringify(value: Any) -> Any:
    """What PyYAML's BaseLoader makes of a JSON value: every scalar a string."""
    if isinstance(value, dict):
        return {key: _stringify(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stringify(item) for item in value]
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_json_round_trip_keeps_unknown_fields() -> None:
    """Lossless: load -> dump gives the same JSON value, unknown keys included."""
    text = (FIXTURES / "osv-cpython-git.json").read_text(encoding="utf-8")
    advisory = load_advisory(FIXTURES / "osv-cpython-git.json")
    assert advisory_to_dict(advisory) == json.loads(text)
    assert json.loads(dump_advisory(advisory)) == json.loads(text)
    record = advisory.record
    assert isinstance(record, OsvRecord)
    assert record.extra == JsonMap.of({"x_unknown_top": "kept as given"})
    assert record.database_specific is not None
    assert record.database_specific["x_note"] == JsonMap.of({"kept": [1, 2.5, True, None]})


def test_explicit_nulls_of_modelled_fields_survive_a_round_trip() -> None:
    """Lossless: ``"summary": null`` comes back as null, not as an absent key.

    OSV schema 1.7 › affected[].severity: the JSON Schema forces a per-package ``severity`` to
    null when the top level has one, so real records can carry explicit nulls.
    """
    document = {
        "id": "PYSEC-2024-1",
        "modified": "2024-01-01T00:00:00Z",
        "summary": None,
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [
            {"package": {"ecosystem": "PyPI", "name": "x"}, "severity": None, "versions": ["1"]}
        ],
    }
    advisory = advisory_from_dict(document)
    assert advisory_to_dict(advisory) == document
    assert isinstance(advisory.record, OsvRecord)
    assert advisory.record.summary is None


def test_a_remembered_null_never_hides_a_later_value() -> None:
    """A field set after loading is dumped with its value, not the null it was loaded with."""
    import attrs

    document = {"id": "PYSEC-2024-1", "modified": "2024-01-01T00:00:00Z", "summary": None}
    loaded = advisory_from_dict(document).record
    assert isinstance(loaded, OsvRecord)
    assert advisory_to_dict(attrs.evolve(loaded, summary="now known"))["summary"] == "now known"


def test_yaml_is_read_with_every_scalar_a_string() -> None:
    """pypa/advisory-database YAML: ``1.10`` must stay ``"1.10"``, so scalars are strings."""
    advisory, syntax = parse_advisory_with_syntax(
        "id: X-1\nmodified: '2024-01-01T00:00:00Z'\naffected:\n- versions: [1.10, 2.0]\n"
    )
    assert syntax == "yaml"
    assert isinstance(advisory.record, OsvRecord)
    assert advisory.record.affected is not None
    assert advisory.record.affected[0].versions == ("1.10", "2.0")


def test_yaml_round_trip_of_pypa_layout() -> None:
    """Lossless for YAML: the value read with BaseLoader survives dump and reload."""
    text = (FIXTURES / "osv-pip.yaml").read_text(encoding="utf-8")
    advisory = parse_advisory(text)
    original = yaml.load(text, Loader=yaml.BaseLoader)
    assert advisory_to_dict(advisory) == original
    dumped = dump_advisory(advisory, syntax="yaml")
    assert yaml.load(dumped, Loader=yaml.BaseLoader) == original
    assert "- '20.0'" in dumped  # a version that looks like a number stays quoted


def test_path_text_and_document_each_have_their_function() -> None:
    """Issue 8 item 7: `load_advisory` reads a path (str or PathLike), `parse_advisory` JSON or
    YAML text, `advisory_from_dict` a parsed document; all three give the same advisory."""
    path = FIXTURES / "osv-cpython-git.json"
    text = path.read_text(encoding="utf-8")
    expected = load_advisory(path)
    assert load_advisory(str(path)) == expected
    assert parse_advisory(text) == expected
    assert advisory_from_dict(json.loads(text)) == expected
    yaml_text = (FIXTURES / "osv-pip.yaml").read_text(encoding="utf-8")
    assert parse_advisory(yaml_text) == load_advisory(FIXTURES / "osv-pip.yaml")
    assert parse_advisory_with_syntax(yaml_text)[1] == "yaml"
    assert parse_advisory_with_syntax(text)[1] == "json"


def test_a_path_is_never_read_as_text(tmp_path: Path) -> None:
    """A file whose name looks like YAML (``id: X``) is still a file: nothing is guessed from a
    path, and a missing one is an OSError, not a record problem."""
    path = tmp_path / "id: X-1"
    path.write_text('{"id": "X-1", "modified": "2024-01-01T00:00:00Z"}', encoding="utf-8")
    assert load_advisory(str(path)).id == "X-1"
    with pytest.raises(FileNotFoundError):
        load_advisory(str(tmp_path / "id: X-2"))


@pytest.mark.parametrize(
    ("old", "instead"),
    [
        ('{"id": "X-1", "modified": "2024-01-01T00:00:00Z"}', "parse_advisory(text)"),
        ("id: X-1\nmodified: '2024-01-01T00:00:00Z'\n", "parse_advisory(text)"),
        ({"id": "X-1", "modified": "2024-01-01T00:00:00Z"}, "advisory_from_dict(document)"),
    ],
)
def test_text_and_mappings_in_load_advisory_are_deprecated(old: object, instead: str) -> None:
    """The documented 0.1 calls with text or a mapping keep working, with a warning that names
    the function to call instead (pointing at the caller's line)."""
    expected = re.escape(f"load_advisory is deprecated; call {instead} instead")
    with pytest.warns(DeprecationWarning, match=expected) as caught:
        advisory = load_advisory(old)  # type: ignore[arg-type]
    assert advisory.id == "X-1"
    assert caught[0].filename == __file__


def test_load_advisory_rejects_other_types() -> None:
    """Anything but a path (or a deprecated text or mapping) is a programming error."""
    with pytest.raises(TypeError, match=r"^load_advisory takes a path, not list; use parse_adv"):
        load_advisory([])  # type: ignore[arg-type]


def test_loaded_record_model() -> None:
    """The model holds events as kinds and values, in file order."""
    record = load_advisory(FIXTURES / "osv-cpython-git.json").record
    assert isinstance(record, OsvRecord)
    assert record.affected is not None
    assert record.affected[0].ranges is not None
    (item,) = record.affected[0].ranges
    assert item.type is RangeType.GIT
    assert [e.kind for e in item.events] == [EventKind.INTRODUCED, EventKind.FIXED, EventKind.FIXED]


def test_every_problem_is_reported_with_path_and_value() -> None:
    """Report every problem at once, each with its JSON path and the offending value."""
    document = {
        "id": 5,
        "modified": "yesterday",
        "aliases": "CVE-1",
        "affected": [
            {
                "ranges": [
                    {
                        "type": "GIT",
                        "events": [{"introduced": "0", "fixed": "x"}, {}, {"fixed": 3}],
                    },
                    {"type": "BOGUS", "events": []},
                ],
                "versions": [1],
            }
        ],
        "credits": [{"name": "x", "type": "HERO"}],
        "severity": [5],
        "database_specific": [],
    }
    with pytest.raises(InvalidRecordError) as info:
        advisory_from_dict(document, source="bad.json")
    assert [str(p) for p in info.value.problems] == [
        "$.id: expected a string (got 5)",
        "$.aliases: expected a list of strings (got 'CVE-1')",
        "$.severity[0]: expected a JSON object (got 5)",
        "$.affected[0].ranges[0].events[0]: an event needs exactly one of introduced, fixed, "
        "last_affected, limit (got {'introduced': '0', 'fixed': 'x'})",
        "$.affected[0].ranges[0].events[1]: an event needs exactly one of introduced, fixed, "
        "last_affected, limit (got {})",
        "$.affected[0].ranges[0].events[2]: fixed must be a string (got {'fixed': 3})",
        "$.affected[0].ranges[1].type: expected one of SEMVER, ECOSYSTEM, GIT (got 'BOGUS')",
        "$.affected[0].versions[0]: expected a string (got 1)",
        "$.credits[0].type: expected one of FINDER, REPORTER, ANALYST, COORDINATOR, "
        "REMEDIATION_DEVELOPER, REMEDIATION_REVIEWER, REMEDIATION_VERIFIER, TOOL, SPONSOR, "
        "OTHER (got 'HERO')",
        "$.database_specific: expected a JSON object (got [])",
        "$.modified: not an RFC 3339 timestamp (got 'yesterday')",
    ]
    assert str(info.value).startswith("bad.json: $.id: expected a string (got 5); ")


def test_missing_required_fields_and_non_objects() -> None:
    """OSV schema: ``id`` and ``modified`` are required; a record is a JSON object."""
    with pytest.raises(InvalidRecordError) as info:
        advisory_from_dict({"affected": [[]], "references": [{"type": "WEB"}]})
    assert [str(p) for p in info.value.problems] == [
        "$.id: required field missing",
        "$.modified: required field missing",
        "$.affected[0]: expected a JSON object (got [])",
        "$.references[0].url: required field missing",
    ]
    with pytest.raises(
        InvalidRecordError, match=r"^\$: a record must be a JSON object \(got \[\]\)$"
    ):
        advisory_from_dict([])
    with pytest.raises(
        InvalidRecordError,
        match=r"\$.affected\[0\].ranges\[0\].events\[0\]: expected a JSON object",
    ):
        advisory_from_dict(
            {
                "id": "x",
                "modified": "2024-01-01T00:00:00Z",
                "affected": [{"ranges": [{"type": "GIT", "events": ["0"]}]}],
            }
        )


def test_bad_json_and_yaml_text_name_the_line() -> None:
    """Unparseable text is one problem naming the line (and for YAML the column: issue 14
    item 6)."""
    with pytest.raises(InvalidRecordError) as info:
        parse_advisory('{"id": ', source="r.json")
    assert str(info.value) == "r.json: line 1: not valid JSON: Expecting value"
    with pytest.raises(InvalidRecordError) as info:
        parse_advisory("a: b\nc: [", source="r.yaml")
    assert str(info.value) == (
        "r.yaml: line 2 column 5: not valid YAML: expected the node content, "
        "but found '<stream end>'"
    )
    with pytest.raises(InvalidRecordError) as info:
        parse_advisory("a: b\n\tc: d\n")
    assert str(info.value).startswith("line 2 column 1: not valid YAML:")


def test_missing_file() -> None:
    """A path that does not exist is an OSError, which the CLI turns into one line."""
    with pytest.raises(FileNotFoundError):
        load_advisory("no-such-record.json")


def test_advisory_without_catalogs() -> None:
    """`load_advisory` binds no catalog: without one, only the record's own versions are used."""
    advisory = load_advisory(FIXTURES / "osv-pip.yaml")
    assert advisory.releases(None) == advisory.releases(None)
    assert [r.version for r in advisory.releases(None)] == list(advisory.named_versions())
    assert advisory.product_name == "pip"


@given(osv_records())
def test_generated_records_round_trip_through_json(record: OsvRecord) -> None:
    """Lossless: unstructure -> JSON -> structure gives the same record for generated records."""
    text = dump_advisory(record)
    assert parse_advisory(text).record == record
    assert advisory_to_dict(Advisory(record)) == json.loads(text)


@given(osv_records())
def test_generated_records_round_trip_through_yaml(record: OsvRecord) -> None:
    """Lossless for YAML: dumping and reading back gives the BaseLoader view of the value, and a
    record read that way (every scalar a string) is written back as the same YAML value."""
    dumped = dump_advisory(record, syntax="yaml")
    reread = yaml.load(dumped, Loader=yaml.BaseLoader)
    assert reread == _stringify(advisory_to_dict(record))
    rewritten = dump_advisory(advisory_from_dict(reread), syntax="yaml")
    assert yaml.load(rewritten, Loader=yaml.BaseLoader) == reread


def test_yaml_keeps_line_separator_characters() -> None:
    """Found by Hypothesis: PyYAML writes ``\\x85`` plain and reads it back as a space."""
    record = OsvRecord(id="X-1", modified="2024-01-01T00:00:00Z", details="a\x85b\u2028c\td\n")
    dumped = dump_advisory(record, syntax="yaml")
    assert 'details: "a\\Nb\\Lc\\td\\n"' in dumped
    assert parse_advisory(dumped).record == record
