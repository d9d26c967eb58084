"""Reading GHSA advisories, credit facts and login rosters: every bad input is a PsrtError
with its path (brief: bad outside data raises only `PsrtError` subclasses)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from psrt_core.advisories import CreditSource, CreditState, CreditType
from psrt_core.exceptions import InvalidInputError, InvalidRecordError
from psrt_core.limits import Limits
from psrt_core.serialization import (
    credit_facts_from_dict,
    ghsa_from_dict,
    load_credit_facts,
    load_ghsa,
    load_login_roster,
    login_roster_from_csv,
)

GHSA = {"ghsa_id": "GHSA-1", "state": "published", "summary": "s"}


def test_deep_nesting_past_raised_limits_is_a_record_error() -> None:
    """A caller may raise ``max_depth``; the interpreter's own recursion limit still answers
    with a record error, not a `RecursionError`."""
    nested: list[Any] = []
    for _ in range(5000):
        nested = [nested]
    with pytest.raises(InvalidRecordError) as caught:
        ghsa_from_dict({**GHSA, "deep": nested}, limits=Limits(max_depth=100_000))
    assert str(caught.value) == "$: nesting too deep"


def test_a_malformed_date_alone_is_reported_with_its_path() -> None:
    """GHSA timestamps are RFC 3339: a well-shaped advisory with a bad date is still refused."""
    with pytest.raises(InvalidRecordError) as caught:
        ghsa_from_dict({**GHSA, "published_at": "June"})
    assert str(caught.value) == "$.published_at: not an RFC 3339 timestamp (got 'June')"


def test_a_bare_advisory_file_is_read_as_is(tmp_path: Path) -> None:
    """Only an OpenAPI ``{"value": {...}}`` envelope is unwrapped; a bare advisory is not."""
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({**GHSA, "value": {"ghsa_id": "GHSA-2"}}), encoding="utf-8")
    assert load_ghsa(bare).ghsa_id == "GHSA-1"
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(InvalidRecordError) as caught:
        load_ghsa(listed)
    assert str(caught.value) == f"{listed}: $: an advisory must be a JSON object (got [])"


def test_credit_facts_report_every_bad_item() -> None:
    """Each credit fact is an object naming somebody, with a known role and state."""
    document = {
        "credits": [
            "Ann",
            {"role": "finder"},
            {"login": "ann", "role": "hero"},
            {"name": "Ann", "role": "finder", "state": "maybe"},
            {"login": "bob", "role": "remediation developer", "state": "pending"},
        ]
    }
    with pytest.raises(InvalidInputError) as caught:
        credit_facts_from_dict(document, source="facts.json")
    assert [str(p) for p in caught.value.problems] == [
        "$.credits[0]: must be an object with login or name, and role (got 'Ann')",
        "$.credits[1]: needs a login or a name (got {'role': 'finder'})",
        "$.credits[2].role: is not a credit role (got 'hero')",
        "$.credits[3].state: expected accepted, declined or pending (got 'maybe')",
    ]


def test_credit_facts_read_the_three_spellings() -> None:
    """A role spelt as GHSA, CVE or OSV spell it is one role; ``state`` defaults to accepted."""
    ledger = credit_facts_from_dict(
        {
            "credits": [
                {"login": "bob", "role": "remediation developer", "state": "pending"},
                {"name": "Ann", "role": "REPORTER"},
            ]
        }
    )
    assert [(e.login, e.name, e.role, e.state, e.source) for e in ledger.entries] == [
        ("bob", None, CreditType.REMEDIATION_DEVELOPER, CreditState.PENDING, CreditSource.FACTS),
        (None, "Ann", CreditType.REPORTER, CreditState.ACCEPTED, CreditSource.FACTS),
    ]


@pytest.mark.parametrize("document", [{"credits": {"login": "ann"}}, [], {}])
def test_credit_facts_need_a_list(document: object) -> None:
    """The document is ``{"credits": [...]}``: anything else is refused at ``$.credits``."""
    with pytest.raises(InvalidInputError) as caught:
        credit_facts_from_dict(document, source="facts.json")
    assert str(caught.value) == "facts.json: $.credits: expected a list of credits"


def test_credit_facts_file_json_and_toml(tmp_path: Path) -> None:
    """``.toml`` files are read as ``[[credits]]`` tables, anything else as JSON."""
    toml = tmp_path / "facts.toml"
    toml.write_text('[[credits]]\nname = "Ann"\nrole = "finder"\n', encoding="utf-8")
    as_json = tmp_path / "facts.json"
    as_json.write_text('{"credits": [{"name": "Ann", "role": "finder"}]}', encoding="utf-8")
    assert load_credit_facts(toml) == load_credit_facts(as_json)
    assert [e.name for e in load_credit_facts(toml).entries] == ["Ann"]


def test_devguide_csv_skips_blank_rows_and_incomplete_people() -> None:
    """The devguide CSV (``name,github,notes``): blank lines and rows without a login or a name
    give nobody; a one-column row is refused with its line number."""
    text = "Ann,ann,\n\n , \nNo Login,,\n,nameless\nBob,bob,notes\n"
    assert login_roster_from_csv(text) == {"ann": "Ann", "bob": "Bob"}
    with pytest.raises(InvalidInputError) as caught:
        login_roster_from_csv("Ann,ann\nAnn only\n", source="psrt.csv")
    assert str(caught.value) == "psrt.csv: line 2: expected name,github,notes (got 'Ann only')"


def test_login_roster_from_json(tmp_path: Path) -> None:
    """A ``.json`` roster is one object of login: name strings, nothing else."""
    good = tmp_path / "roster.json"
    good.write_text('{"ann": "Ann", "bob": "Bob"}', encoding="utf-8")
    assert load_login_roster(good) == {"ann": "Ann", "bob": "Bob"}
    for content in ('["ann"]', '{"ann": 1}'):
        bad = tmp_path / "bad.json"
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(InvalidInputError) as caught:
            load_login_roster(bad)
        assert str(caught.value) == f"{bad}: $: expected an object of login: name strings"
