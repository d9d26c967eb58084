"""cattrs validation errors turned into `Problem` lists, and the shared converter's hooks."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.exceptions import InvalidCatalogError, Problem, UnknownMemberError
from psrt_core.serialization import make_converter
from psrt_core.serialization._converter import parse_date, parse_datetime, render_datetime
from psrt_core.serialization._errors import format_exception, problems_from_cattrs

UTC = datetime.timezone.utc


@attrs.frozen
class Entry:
    count: int
    version: Version
    at: datetime.datetime


@attrs.frozen
class Document:
    entries: dict[str, Entry]
    tags: list[int]


BAD: dict[str, Any] = {
    "entries": {
        "x": {"count": "q", "version": "1.0", "at": "2024-01-01T00:00:00Z", "extra": 1},
        "y": {"count": 1, "version": "1.0-final", "at": 5},
    },
    "tags": [1, "z"],
}


def failure(document: object, type_: type, *, forbid: bool = True) -> BaseException:
    converter = make_converter(forbid_extra_keys=forbid)
    with pytest.raises(Exception) as info:  # noqa: PT011 - the exact class is what we inspect
        converter.structure(document, type_)
    return info.value


class TestProblemsFromCattrs:
    def test_every_leaf_with_path_and_value(self) -> None:
        """cattrs detailed validation: one problem per leaf, JSON path with ``['key']`` for
        mapping keys and ``[i]`` for list items, and the value found there."""
        problems = problems_from_cattrs(failure(BAD, Document), BAD)
        assert [(p.location, p.message, p.value) for p in problems] == [
            ("$.entries['x'].count", "invalid value for type, expected int", "q"),
            ("$.entries['x']", "extra fields not allowed: extra", BAD["entries"]["x"]),
            ("$.entries['y'].version", "not a valid PEP 440 version", "1.0-final"),
            ("$.entries['y'].at", "invalid value for type, expected datetime", 5),
            ("$.tags[1]", "invalid value for type, expected int", "z"),
        ]

    def test_without_the_document_there_are_no_values(self) -> None:
        """Without the document the locations and messages stay; values are absent."""
        problems = problems_from_cattrs(failure(BAD, Document))
        assert [str(p) for p in problems] == [
            "$.entries['x'].count: invalid value for type, expected int",
            "$.entries['x']: extra fields not allowed: extra",
            "$.entries['y'].version: not a valid PEP 440 version",
            "$.entries['y'].at: invalid value for type, expected datetime",
            "$.tags[1]: invalid value for type, expected int",
        ]

    def test_root_prefix(self) -> None:
        """A sub-document is reported under the caller's root path."""
        items = [{"count": 1, "version": "1", "at": "2024-01-01"}, {"version": "2"}]
        problems = problems_from_cattrs(failure(items, list[Entry]), items, root="$.entries")
        assert [str(p) for p in problems] == [
            "$.entries[1].count: required field missing",
            "$.entries[1].at: required field missing",
        ]

    def test_missing_key_has_no_value(self) -> None:
        """A missing field has no value to show."""
        items = [{"version": "2"}]
        problems = problems_from_cattrs(failure(items, list[Entry]), items)
        assert problems[0].value is Problem.NO_VALUE

    def test_our_own_errors_keep_their_messages(self) -> None:
        """A hook that raises an `InvalidInputError` contributes its problems' messages."""
        converter = make_converter()

        def hook(value: object, _: type) -> complex:
            raise InvalidCatalogError([Problem("$.a", "bad a", 1), Problem("$.b", "bad b")])

        converter.register_structure_hook(complex, hook)

        @attrs.frozen
        class Holder:
            z: complex

        with pytest.raises(cattrs.ClassValidationError) as info:
            converter.structure({"z": 1}, Holder)
        assert problems_from_cattrs(info.value, {"z": 1}) == [Problem("$.z", "bad a; bad b", 1)]

    def test_plain_exception(self) -> None:
        """An error that is not a cattrs group is one problem at the root."""
        assert problems_from_cattrs(ValueError("plain"), {"a": 1}, root="$.x") == [
            Problem("$.x", "plain", {"a": 1})
        ]
        assert problems_from_cattrs(UnknownMemberError("bob")) == [
            Problem("$", "no member with GitHub handle 'bob'")
        ]

    def test_class_validator_message(self) -> None:
        """A class's own validator error (no field type known) keeps its message."""
        assert format_exception(ValueError("a branch name is numbers"), None) == (
            "a branch name is numbers"
        )

    def test_other_exceptions(self) -> None:
        """Anything else is shown with its class name."""
        assert format_exception(RuntimeError("boom"), int) == "RuntimeError: boom"

    def test_path_to_nowhere_has_no_value(self) -> None:
        """A location that does not resolve in the document yields no value."""
        from psrt_core.serialization._errors import _value_at

        assert _value_at({"a": [1]}, "$.a[3]", "$") is Problem.NO_VALUE
        assert _value_at({"a": [1]}, "other", "$") is Problem.NO_VALUE
        assert _value_at({"a": {"k": 2}}, "$.a['k']", "$") == 2


class TestConverterHooks:
    def test_versions_round_trip_in_normal_form(self) -> None:
        """PEP 440 › Normalization: versions unstructure to their normal form."""
        converter = make_converter()
        assert converter.unstructure(Version("1.0-RC1")) == "1.0rc1"
        assert converter.structure("1.0-RC1", Version) == Version("1.0rc1")
        assert converter.structure(Version("2"), Version) == Version("2")

    @pytest.mark.parametrize("value", [3, None, "x.y"])
    def test_bad_versions(self, value: object) -> None:
        """Non-strings and non-PEP 440 strings are invalid versions."""
        from psrt_core.exceptions import InvalidVersionError

        with pytest.raises(InvalidVersionError) as info:
            make_converter().structure(value, Version)
        assert str(info.value) == f"version {value!r} is not a valid PEP 440 version"

    def test_parse_date(self) -> None:
        """ISO 8601 dates; TOML dates and datetimes pass through as dates."""
        assert parse_date("2024-10-07") == datetime.date(2024, 10, 7)
        assert parse_date(datetime.date(2024, 10, 7)) == datetime.date(2024, 10, 7)
        assert parse_date(datetime.datetime(2024, 10, 7, 23, 0)) == datetime.date(2024, 10, 7)
        with pytest.raises(ValueError, match=r"^not an ISO 8601 date: '2024-13-01'$"):
            parse_date("2024-13-01")
        with pytest.raises(TypeError, match=r"^expected an ISO 8601 date string, got int$"):
            parse_date(20241007)

    def test_parse_datetime(self) -> None:
        """RFC 3339: ``Z`` and offsets are understood; no offset means UTC."""
        expected = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert parse_datetime("2024-01-02T03:04:05Z") == expected
        assert parse_datetime("2024-01-02T03:04:05z") == expected
        assert parse_datetime("2024-01-01T22:04:05-05:00") == expected
        assert parse_datetime("2024-01-02T03:04:05") == expected
        assert parse_datetime(expected) is expected
        with pytest.raises(ValueError, match=r"^not an RFC 3339 timestamp: 'soon'$"):
            parse_datetime("soon")
        with pytest.raises(TypeError, match=r"^expected an RFC 3339 timestamp string, got int$"):
            parse_datetime(5)

    def test_render_datetime(self) -> None:
        """Timestamps are written in UTC with a ``Z`` suffix, as OSV writes them."""
        tz = datetime.timezone(datetime.timedelta(hours=2))
        moment = datetime.datetime(2024, 1, 2, 5, 4, 5, tzinfo=tz)
        assert render_datetime(moment) == "2024-01-02T03:04:05Z"

    def test_dates_through_the_converter(self) -> None:
        """The converter's date and datetime hooks are the functions above."""
        converter = make_converter()
        assert converter.structure("2024-10-07", datetime.date) == datetime.date(2024, 10, 7)
        assert converter.unstructure(datetime.date(2024, 10, 7)) == "2024-10-07"
        stamp = converter.structure("2024-01-02T03:04:05Z", datetime.datetime)
        assert converter.unstructure(stamp) == "2024-01-02T03:04:05Z"


@given(st.datetimes(timezones=st.just(UTC)))
def test_datetime_round_trip(moment: datetime.datetime) -> None:
    """parse_datetime(render_datetime(t)) == t for aware UTC timestamps."""
    assert parse_datetime(render_datetime(moment)) == moment


@given(st.dates())
def test_date_round_trip(day: datetime.date) -> None:
    """parse_date(day.isoformat()) == day."""
    assert parse_date(day.isoformat()) == day
