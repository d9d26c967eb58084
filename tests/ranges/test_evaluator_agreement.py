"""`psrt_core.ranges` reads OSV and CVE ranges exactly as the advisory evaluator does.

Why a file of its own: the conversions are checked by reading their output back, so if
``from_*`` and `advisory_from_dict` disagreed, a conversion could call itself exact while a loaded
record says something else. Every test here compares the two directly.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core.advisories import Advisory, Status
from psrt_core.exceptions import InvalidRecordError
from psrt_core.ranges import to_cve_versions, to_osv_ranges
from psrt_core.serialization import advisory_from_dict
from psrt_core.testing import version_sets, versions
from psrt_core.versions import VersionSet
from tests.ranges._fragments import cve_from_json, cve_json, osv_from_json, osv_json
from tests.ranges.test_convert import expected, probe_versions

V = Version
CPYTHON = psrt_core.cpython_releases()
POOL = ["0", "*", "0.0", "0a1", "1.0", "1.0rc1", "1.0.post1", "1.5", "2.0", "2.1", "3.0"]
PROBES = [V(text) for text in POOL if text != "*"] + [V("0.dev0"), V("2.5"), V("10")]


def _osv(ranges: Any) -> Advisory:
    return advisory_from_dict(
        {
            "id": "PYSEC-2099-1",
            "modified": "2099-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "PyPI", "name": "example"}, "ranges": ranges}],
        }
    )


def _cve(entries: Any, default: str = "unaffected") -> Advisory:
    return advisory_from_dict(
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": {"cveId": "CVE-2099-0001", "state": "PUBLISHED"},
            "containers": {
                "cna": {
                    "affected": [
                        {
                            "vendor": "Example",
                            "product": "example",
                            "versions": entries,
                            "defaultStatus": default,
                        }
                    ]
                }
            },
        }
    )


def test_cve_pep440_version_types_and_series_bounds() -> None:
    """CVE JSON 5 › versions: ``pypi``/``Python`` are PEP 440 types like ``python`` (the
    evaluator compares them in lower case), and ``lessThanOrEqual: "2.*"`` is the whole 2.x
    series (range-semantics §2.3); `from_cve_versions` used to reject all three."""
    entries = [
        {"version": "1.0", "lessThanOrEqual": "2.*", "status": "affected", "versionType": "pypi"},
        {"version": "0", "lessThan": "0.5", "status": "affected", "versionType": "Python"},
    ]
    affected, unknown = cve_from_json(entries, default_status="unaffected")
    assert str(affected) == "(-inf, 0.5) | [1.0, 3.dev0)"
    assert unknown.is_empty
    record = _cve(entries)
    for probe in [*PROBES, V("2.9.9"), V("3.0a1")]:
        assert (probe in affected) == (record.status(probe) is Status.AFFECTED), probe


def test_osv_zero_and_star_mean_bottom_and_top_in_every_event() -> None:
    """range-semantics §8.3 / OSV schema 1.7 › Evaluation: ``"0"`` is the bottom and ``"*"``
    the top whatever the event, as in the evaluator: ``fixed: "0"`` clears every version (it
    used to read as Version("0")), ``introduced: "*"`` sets none."""
    cases = [
        [{"introduced": "0"}, {"fixed": "0"}],
        [{"introduced": "*"}, {"fixed": "1.0"}],
        [{"introduced": "0"}, {"last_affected": "*"}],
        [{"introduced": "1.0"}, {"limit": "0"}],
    ]
    results = [str(osv_from_json([{"type": "ECOSYSTEM", "events": events}])) for events in cases]
    assert results == ["{}", "{}", "(-inf, +inf)", "{}"]
    for events in cases:
        back = osv_from_json([{"type": "ECOSYSTEM", "events": events}])
        record = _osv([{"type": "ECOSYSTEM", "events": events}])
        assert [p in back for p in PROBES] == [record.status(p) is Status.AFFECTED for p in PROBES]


def test_an_upper_bound_at_version_zero_is_spelt_0_0() -> None:
    """range-semantics §8.3: ``fixed: "0"`` would be the bottom, so the version 0 as an upper
    bound is written ``0.0``; the conversion is exact and a loaded record agrees."""
    below_zero = VersionSet.less_than(V("0"))
    osv = to_osv_ranges(below_zero)
    assert osv_json(osv.value) == (
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.0"}]},
    )
    assert osv.exact
    record = _osv(list(osv_json(osv.value)))
    assert record.status("0a1") is Status.AFFECTED
    assert record.status("0") is Status.UNAFFECTED
    cve = to_cve_versions(below_zero)
    assert cve_json(cve.value) == (
        {"version": "0", "lessThan": "0.0", "status": "affected", "versionType": "python"},
    )
    assert cve.exact


def test_malformed_ranges_and_entries_are_problems() -> None:
    """Outside data: a range or entry that is not an object is a problem with its path and
    value (it used to raise AttributeError/TypeError); the serialization reader says so."""
    with pytest.raises(InvalidRecordError) as info:
        osv_from_json(["x", {"events": 5}])
    assert str(info.value) == (
        "$.ranges[0]: expected a JSON object (got 'x'); "
        "$.ranges[1].events: invalid value for type, expected tuple (got 5)"
    )
    with pytest.raises(InvalidRecordError) as info:
        cve_from_json(["x", {"version": 1, "status": "affected"}])
    assert str(info.value) == (
        "$.versions[0]: expected a JSON object (got 'x'); "
        "$.versions[1].version: expected a string (got 1)"
    )
    with pytest.raises(InvalidRecordError) as info:
        cve_from_json([{"version": "x!", "status": "affected"}])
    assert str(info.value) == "$.versions[0]: 'x!' is not a PEP 440 version"


@given(version_sets(), st.lists(versions(), max_size=8))
def test_osv_output_loads_with_the_sets_statuses(source: VersionSet, extra: list[Version]) -> None:
    """OSV schema 1.7 › Evaluation: `to_osv_ranges` output, put in a record and loaded with
    `advisory_from_dict`, gives every version the status the set (less what the conversion admits
    to losing) gives it."""
    conversion = to_osv_ranges(source)
    record = _osv(list(osv_json(conversion.value)))
    for probe in probe_versions(source, extra):
        assert (record.status(probe) is Status.AFFECTED) == expected(conversion, source, probe)


@given(version_sets(), st.lists(versions(), max_size=8))
def test_cve_output_loads_with_the_sets_statuses(source: VersionSet, extra: list[Version]) -> None:
    """CVE JSON 5 › versions: `to_cve_versions` output under ``defaultStatus: unaffected``,
    loaded with `advisory_from_dict`, gives every version the set's status (less admitted
    losses)."""
    conversion = to_cve_versions(source, catalog=CPYTHON)
    record = _cve(list(cve_json(conversion.value)))
    for probe in probe_versions(source, extra):
        assert (record.status(probe) is Status.AFFECTED) == expected(conversion, source, probe)


events = st.lists(
    st.dictionaries(
        st.sampled_from(["introduced", "fixed", "last_affected", "limit"]),
        st.sampled_from(POOL),
        min_size=1,
        max_size=1,
    ),
    max_size=5,
)


@given(st.lists(events, min_size=1, max_size=3))
def test_from_osv_ranges_agrees_with_the_evaluator(ranges: list[list[dict[str, str]]]) -> None:
    """OSV schema 1.7 › Evaluation: `from_osv_ranges` and a loaded record agree on every
    version, for generated events (ties, ``"0"``, ``"*"``, limits included)."""
    documents = [{"type": "ECOSYSTEM", "events": found} for found in ranges]
    back = osv_from_json(documents)
    record = _osv(documents)
    assert [p in back for p in PROBES] == [record.status(p) is Status.AFFECTED for p in PROBES]


bounds = st.sampled_from([text for text in POOL if text != "0"] + ["1.*", "2.*"])
cve_ranges = st.builds(
    lambda lower, key, upper, status, kind: {
        "version": lower,
        key: upper,
        "status": status,
        "versionType": kind,
    },
    st.sampled_from(["0", "0.0", "1.0", "1.5", "2.0"]),
    st.sampled_from(["lessThan", "lessThanOrEqual"]),
    bounds,
    st.sampled_from(["affected", "unaffected", "unknown"]),
    st.sampled_from(["python", "pypi", "Python"]),
)
cve_singles = st.fixed_dictionaries(
    {
        "version": st.sampled_from(["1.0", "1.5", "2.0"]),
        "status": st.sampled_from(["affected", "unaffected", "unknown"]),
    }
)
cve_entries = st.lists(cve_ranges | cve_singles, max_size=4)


@given(cve_entries, st.sampled_from(["affected", "unaffected", "unknown"]))
def test_from_cve_versions_agrees_with_the_evaluator(
    entries: list[dict[str, str]], default: str
) -> None:
    """CVE JSON 5 › versions: `from_cve_versions` and a loaded record give every version the
    same status (first match, ``"0"``, ``"*"``, series bounds, PEP 440 version types)."""
    affected, unknown = cve_from_json(entries, default_status=default)
    record = _cve(entries, default)
    for probe in [*PROBES, V("1.9"), V("2.9")]:
        status = Status.AFFECTED if probe in affected else Status.UNKNOWN
        if probe not in affected and probe not in unknown:
            status = Status.UNAFFECTED
        assert record.status(probe) is status, probe
