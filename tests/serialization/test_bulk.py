"""The bulk loaders: `parse_advisories` and `index_records` equal the one-record path.

They exist only to pause the cyclic garbage collector while many acyclic records are built
(issue 13), so everything they return or raise must be what `parse_advisory` and
`AffectedIndex.build` give record by record, and the collector's state must be restored.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psrt_core.advisories import CveRecord, OsvRecord
from psrt_core.exceptions import InvalidInputError, InvalidRecordError
from psrt_core.ranges import AffectedIndex
from psrt_core.serialization import (
    collector_paused,
    cpython_releases,
    dump_advisory,
    index_records,
    parse_advisories,
    parse_advisory,
)
from psrt_core.testing import cve_records, osv_records

RECORDS = st.lists(st.one_of(osv_records(), cve_records()), max_size=6)
GOOD = '{"id": "PSF-2099-1", "modified": "2099-01-01T00:00:00Z"}'
BAD = '{"id": "PSF-2099-2", "modified": "yesterday"}'


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    """Each test starts with the collector on and leaves it so, whatever it does."""
    gc.enable()
    yield
    gc.enable()


@given(RECORDS)
def test_parse_advisories_equals_parse_advisory_each(records: list[OsvRecord | CveRecord]) -> None:
    """Same advisories, in order, with the same evaluations (affected sets and causes)."""
    texts = [dump_advisory(record) for record in records]
    found = parse_advisories(texts)
    expected = tuple(parse_advisory(text) for text in texts)
    assert found == expected
    for mine, theirs in zip(found, expected, strict=True):
        assert mine.evaluate().affected == theirs.evaluate().affected
        assert mine.evaluate().causes == theirs.evaluate().causes


@settings(max_examples=25)
@given(RECORDS)
def test_index_records_equals_build_over_parsed_records(
    records: list[OsvRecord | CveRecord],
) -> None:
    """Same releases, ids, masks, rows and sets; or the same repeated-id error."""
    catalog = cpython_releases()
    texts = [dump_advisory(record) for record in records]
    ids = [a.id for a in map(parse_advisory, texts) if not a.withdrawn]  # build leaves those out
    if len(set(ids)) < len(ids):
        with pytest.raises(InvalidInputError) as theirs:
            AffectedIndex.build(catalog, [parse_advisory(text) for text in texts])
        with pytest.raises(InvalidInputError) as mine:
            index_records(catalog, texts)
        assert mine.value.problems == theirs.value.problems
        return
    expected = AffectedIndex.build(catalog, [parse_advisory(text) for text in texts])
    found = index_records(catalog, texts)
    assert found.releases == expected.releases
    assert found.advisory_ids == expected.advisory_ids
    assert found.rows() == expected.rows()
    for advisory_id in expected.advisory_ids:
        assert found.mask(advisory_id) == expected.mask(advisory_id)
        assert found.affected_set(advisory_id) == expected.affected_set(advisory_id)


def test_an_error_names_the_text_by_position() -> None:
    """The first bad text raises `parse_advisory`'s error, its source the text's index."""
    with pytest.raises(InvalidRecordError) as caught:
        parse_advisories([GOOD, BAD, BAD])
    assert caught.value.source == "texts[1]"
    assert str(caught.value) == (
        "texts[1]: $.modified: not an RFC 3339 timestamp (got 'yesterday')"
    )
    with pytest.raises(InvalidRecordError) as caught:
        parse_advisories(iter([BAD]), source="batch")
    assert caught.value.source == "batch[0]"


def test_an_error_names_the_text_by_its_mapping_key() -> None:
    """With a mapping of names to texts, the error's source is the bad text's name."""
    with pytest.raises(InvalidRecordError) as caught:
        index_records(cpython_releases(), {"a.json": GOOD, "b.json": BAD})
    assert caught.value.source == "b.json"
    assert [advisory.id for advisory in parse_advisories({"a.json": GOOD})] == ["PSF-2099-1"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_state_is_restored_even_on_error(enabled: bool) -> None:
    """On stays on, off stays off, after success and after an error; paused inside."""
    if not enabled:
        gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
    assert parse_advisories([GOOD])[0].id == "PSF-2099-1"
    assert gc.isenabled() is enabled
    with pytest.raises(InvalidRecordError):
        index_records(cpython_releases(), [BAD])
    assert gc.isenabled() is enabled


def test_no_texts_give_no_advisories_and_an_empty_index() -> None:
    """The empty corpus is not an error."""
    assert parse_advisories([]) == ()
    index = index_records(cpython_releases(), [])
    assert index.advisory_ids == ()
    assert len(index.releases) == len(cpython_releases().released())
