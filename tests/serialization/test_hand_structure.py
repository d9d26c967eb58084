"""The hand-made structurer of `advisory_from_dict` builds exactly what cattrs builds (issue 13).

`structure_record` is tried first and answers ``None`` for anything it does not handle, so it
is sound only if every record it does build is the cattrs converter's record, extras in the
same order (`repr` compares that too), and if `advisory_from_dict` raises the same problems,
paths and messages with or without it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.advisories import CveRecord, OsvRecord
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import (
    _advisory_io,
    _fast_structure,
    advisory_from_dict,
    advisory_to_dict,
)
from psrt_core.serialization._advisory_io import _converter, _is_cve
from psrt_core.serialization._fast_structure import structure_record
from psrt_core.testing import cve_records, osv_records
from tests.serialization.test_fast_path import _leaves, _replace

RECORDS = st.one_of(osv_records(), cve_records())
_ODD = [12345, 1.5, [1], {"x": 1}, True, None, "", "affected", ("a",), {"lang": "en"}]


def _outcome(document: object) -> str:
    try:
        return repr(advisory_from_dict(document).record)
    except InvalidRecordError as exc:
        return repr([(p.location, p.message, p.value) for p in exc.problems])


def _cattrs_outcome(document: object) -> str:
    with mock.patch.object(_advisory_io, "structure_record", return_value=None):
        return _outcome(document)


def _by_hand(document: dict[str, Any], cls: type, *, generated: bool) -> object:
    """`structure_record` with the generated builders or the interpreted ones."""
    try:
        return _fast_structure._builder(cls, generated=generated)(document)
    except Exception:  # noqa: BLE001 - as structure_record: anything unusual is cattrs'
        return None


def _same_as_cattrs(document: dict[str, Any], cls: type) -> None:
    found = structure_record(document, cls)
    interpreted = _by_hand(document, cls, generated=False)
    generated = _by_hand(document, cls, generated=True)
    assert repr(interpreted) == repr(generated) == repr(found)
    if found is not None:
        assert repr(found) == repr(_converter().structure(document, cls))
    assert _outcome(document) == _cattrs_outcome(document)


@given(RECORDS)
def test_a_valid_record_is_built_by_hand_as_cattrs_builds_it(record: OsvRecord | CveRecord) -> None:
    """OSV 1.7 and CVE JSON 5: the same objects, extras and remembered nulls included."""
    document = advisory_to_dict(record)
    built = structure_record(document, type(record))
    assert built is not None
    assert repr(built) == repr(_converter().structure(document, type(record)))


@given(RECORDS, st.data(), st.sampled_from(_ODD))
def test_a_corrupted_record_gives_the_same_record_or_the_same_problems(
    record: OsvRecord | CveRecord, data: st.DataObject, odd: object
) -> None:
    """One leaf or one object replaced by an odd value: the same answer as the cattrs path."""
    document = advisory_to_dict(record)
    paths = [path for path in _leaves(document) if path]
    paths += [path[:-1] for path in paths if len(path) > 1]
    corrupted = _replace(document, data.draw(st.sampled_from(paths)), odd)
    _same_as_cattrs(corrupted, type(record))


def _sample_documents(root: Path) -> list[dict[str, Any]]:
    documents = []
    for path in sorted(root.rglob("*")):
        if path.suffix == ".json":
            documents.append(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".yaml":
            documents.append(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    return documents


def test_real_records_are_built_by_hand_as_cattrs_builds_them(samples: Path) -> None:
    """Every shared real record (PSF and PyPA OSV, CVE JSON 5) takes the hand path, same objects."""
    documents = _sample_documents(samples)
    assert len(documents) >= 50
    for document in documents:
        cls = CveRecord if _is_cve(document) else OsvRecord
        assert structure_record(document, cls) is not None
        _same_as_cattrs(document, cls)


@pytest.mark.parametrize(
    ("document", "cls", "by_hand"),
    [
        (
            {"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "aliases": ("CVE-1",)},
            OsvRecord,
            False,
        ),
        ({"id": "PYSEC-1", "modified": None}, OsvRecord, False),
        ({"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "aliases": None}, OsvRecord, True),
        (
            {"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-1", 5]},
            OsvRecord,
            False,
        ),
        (
            {"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "database_specific": [1]},
            OsvRecord,
            False,
        ),
        (
            {
                "id": "PYSEC-1",
                "modified": "2024-01-01T00:00:00Z",
                "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": ["0"]}]}],
            },
            OsvRecord,
            False,
        ),
        (
            {
                "dataType": "CVE_RECORD",
                "dataVersion": "5.1",
                "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
                "containers": {"cna": {"credits": [{"lang": "en", "value": "A", "type": 5}]}},
            },
            CveRecord,
            False,
        ),
        (
            {
                "id": "PYSEC-1",
                "modified": "2024-01-01T00:00:00Z",
                "references": [{"type": "NOT-A-TYPE", "url": "https://example.invalid/"}],
            },
            OsvRecord,
            False,
        ),
    ],
)
def test_unusual_shapes_are_left_to_cattrs(
    document: dict[str, Any], cls: type, by_hand: bool
) -> None:
    """A tuple where JSON has arrays, a null in a required field, a number in an array of
    strings, an array for an object, a string for an event or a number for a CVE credit
    type: the cattrs path decides.
    A null in an optional field is ordinary JSON: the hand path keeps it (remembered in
    ``extra``, so it is written back), as cattrs does."""
    assert (structure_record(document, cls) is not None) is by_hand
    _same_as_cattrs(document, cls)


def test_a_field_type_the_hand_path_does_not_model_is_left_to_cattrs() -> None:
    """No model field has another type today; one added later (a number, say) is not
    guessed: its builder refuses every value, so `structure_record` answers ``None``."""
    build = _fast_structure._builder(int)
    with pytest.raises(_fast_structure._UnusualError):
        build(5)


def _made_by(cls: type) -> list[str]:
    return _fast_structure._construction(cls, {"a": "v0"}, {})


def test_a_class_whose_init_does_more_is_called_not_filled() -> None:
    """The hand path sets the slots itself only where attrs' ``__init__`` would do nothing
    else: a validator, a converter, a factory default, a post-init hook, a class without
    slots or one with a slot of attrs' own (a cached hash) is called with keywords."""
    import attrs

    @attrs.frozen
    class Checked:
        a: str = attrs.field(validator=attrs.validators.instance_of(str))

    @attrs.frozen
    class Converted:
        a: str = attrs.field(converter=str)

    @attrs.frozen
    class Made:
        a: str = "x"
        b: list[str] = attrs.Factory(list)

    @attrs.frozen
    class Hooked:
        a: str

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(slots=False)
    class Unslotted:
        a: str

    @attrs.frozen(cache_hash=True)
    class Hashed:
        a: str

    @attrs.frozen
    class Plain:
        a: str
        b: str | None = None

    @attrs.frozen(init=False)
    class OwnInit:
        a: str

        def __init__(self, a: str) -> None:
            self.__attrs_init__(a.strip())

    @attrs.frozen
    class OwnNew:
        a: str

        def __new__(cls, *args: object, **kwargs: object) -> OwnNew:
            return super().__new__(cls)

    for cls in (Checked, Converted, Hooked, Unslotted, Hashed, OwnInit, OwnNew):
        assert _made_by(cls) == ["    return cls(a=v0)"]
    assert _made_by(Made) == ["    return cls(a=v0)"]
    assert _made_by(Plain) == [
        "    made = new(cls)",
        "    set0(made, v0)",
        "    set1(made, default1)",
        "    return made",
    ]


@given(RECORDS)
def test_filled_slots_make_the_object_init_makes(record: OsvRecord | CveRecord) -> None:
    """An object whose slots the hand path filled is equal to, hashes as and prints as the
    one attrs' ``__init__`` makes from the same fields (every nested object too)."""

    built = structure_record(advisory_to_dict(record), type(record))
    assert built is not None
    remade = _reinit(built)
    assert built == remade
    assert hash(built) == hash(remade)
    assert repr(built) == repr(remade)


def _reinit(value: Any) -> Any:
    import attrs

    if isinstance(value, tuple):
        return tuple(_reinit(item) for item in value)
    if attrs.has(type(value)) and type(value).__name__ != "JsonMap":
        fields = {
            field.name: _reinit(getattr(value, field.name)) for field in attrs.fields(type(value))
        }
        return type(value)(**fields)
    return value


def _cve_with_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """The smallest CVE JSON 5 record around one ``versions[]`` entry (kept by reference)."""
    return {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
        "containers": {"cna": {"affected": [{"product": "CPython", "versions": [entry]}]}},
    }


def test_an_object_with_extras_and_a_wrong_type_is_left_to_cattrs() -> None:
    """A number where CVE JSON 5 has a string (``versions[].lessThan``) is refused beside an
    unknown key too (cattrs reports it); with a string there, the unknown key is kept."""
    entry: dict[str, Any] = {
        "version": "3.12.0",
        "lessThan": 3,
        "status": "affected",
        "x_note": "kept",
    }
    document = _cve_with_entry(entry)
    assert structure_record(document, CveRecord) is None
    _same_as_cattrs(document, CveRecord)
    entry["lessThan"] = "3.12.4"
    built = structure_record(document, CveRecord)
    assert isinstance(built, CveRecord)
    products = built.containers.cna.affected
    assert products is not None
    versions = products[0].versions
    assert versions is not None
    assert dict(versions[0].extra) == {"x_note": "kept"}


def test_an_object_missing_a_required_key_is_left_to_cattrs() -> None:
    """CVE JSON 5 requires ``versions[].version`` and ``.status``: without one the general
    builder cannot make the object either (nor with a number for ``lessThan``), and cattrs
    names what is wrong."""
    for entry in ({"version": "3.12.0"}, {"status": "affected", "lessThan": 3}):
        document = _cve_with_entry(entry)
        assert structure_record(document, CveRecord) is None
        _same_as_cattrs(document, CveRecord)


def test_the_first_records_are_built_without_generated_code() -> None:
    """A process that reads a few records (a CLI call) does not write the generated builders:
    `WARM_UP` records are built by the interpreted ones, every later one by generated code."""
    import itertools

    document = advisory_to_dict(
        advisory_from_dict(
            {"id": "PSF-2024-1", "modified": "2024-01-01T00:00:00Z", "schema_version": "1.7.0"}
        ).record
    )
    calls: list[bool] = []
    real = _fast_structure._builder

    def spy(type_: Any, *, generated: bool = True) -> Any:
        calls.append(generated)
        return real(type_, generated=generated)

    with (
        mock.patch.object(_fast_structure, "_records", itertools.count()),
        mock.patch.object(_fast_structure, "_builder", spy),
    ):
        for _ in range(_fast_structure.WARM_UP + 2):
            assert structure_record(document, OsvRecord) is not None
    assert calls == [False] * _fast_structure.WARM_UP + [True, True]


def test_a_private_field_is_passed_by_its_alias() -> None:
    """attrs takes a field ``_a`` as the argument ``a``: the keyword call uses that alias."""
    import attrs

    @attrs.frozen
    class Private:
        _a: str = attrs.field(validator=attrs.validators.instance_of(str))

    assert _fast_structure._construction(Private, {"_a": "v0"}, {}) == ["    return cls(a=v0)"]


def test_a_default_other_than_none_keeps_the_interpreted_builder() -> None:
    """The generated builder passes ``None`` for a missing key, right only for fields that
    default to ``None``; a class with another default (a value or a factory) is built by the
    interpreted builder, so a missing key still gets the field's own default."""
    import attrs

    from psrt_core.advisories import JsonMap

    @attrs.frozen
    class Defaults:
        name: str
        aliases: tuple[str, ...] = ()
        note: str = "none given"
        extra: JsonMap = attrs.field(factory=JsonMap)

    attrs.resolve_types(Defaults, globalns={"JsonMap": JsonMap})
    for generated in (False, True):
        built = _fast_structure._builder(Defaults, generated=generated)({"name": "x"})
        assert built == Defaults(name="x")
        assert built.aliases == ()
        assert built.note == "none given"


def test_an_event_keeps_its_extra_keys_on_both_paths() -> None:
    """OSV 1.7 › events: an event has one of four keys; anything else beside it is an
    unknown field, kept in document order and written back."""
    document = {
        "schema_version": "1.7.0",
        "id": "PSF-2024-1",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "pip"},
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [{"x_b": 1, "introduced": "0", "x_a": "y"}, {"fixed": "24.0"}],
                    }
                ],
            }
        ],
    }
    _same_as_cattrs(document, OsvRecord)
    advisory = advisory_from_dict(document)
    record = advisory.record
    assert isinstance(record, OsvRecord)
    assert record.affected is not None
    ranges = record.affected[0].ranges
    assert ranges is not None
    first, second = ranges[0].events
    assert list(first.extra.items()) == [("x_b", 1), ("x_a", "y")]
    assert dict(second.extra) == {}
    assert advisory_to_dict(advisory)["affected"][0]["ranges"][0]["events"] == [
        {"introduced": "0", "x_b": 1, "x_a": "y"},
        {"fixed": "24.0"},
    ]
