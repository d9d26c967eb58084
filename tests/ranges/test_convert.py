"""Exact conversions (issue 5, item 3): each conversion is exact or says exactly what it lost.

The properties read every converted value back with the *foreign* evaluator (univers for
``vers:``, packaging for specifiers and ``VersionRange``, the OSV walk and the CVE first-match
rule for those) and check that it differs from the source exactly by the conversion's
``missing`` and ``extra`` sets.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from univers.version_range import VersionRange as UniversRange
from univers.versions import PypiVersion

import psrt_core
from psrt_core.exceptions import InvalidInputError, InvalidRecordError
from psrt_core.ranges import (
    HAS_VERSION_RANGE,
    LINE,
    Conversion,
    catalog_set,
    from_cve_versions,
    from_osv_ranges,
    from_specifiers,
    from_vers,
    from_version_range,
    ranges_from_fixes,
    to_cve_versions,
    to_osv_ranges,
    to_specifiers,
    to_vers,
    to_version_range,
)
from psrt_core.testing import cpython_versions, version_sets, versions
from psrt_core.versions import VersionSet
from tests.ranges._fragments import cve_from_json, cve_json, osv_from_json, osv_json

CPYTHON = psrt_core.cpython_releases()
CATALOG = CPYTHON.versions(include_scheduled=True)
V = Version
AFFECTED = ranges_from_fixes(
    CPYTHON, ["3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2"]
).affected


def expected(conversion: Conversion[Any], source: VersionSet, version: Version) -> bool:
    """What the converted value must say about *version*, given what it admits to losing."""
    if version in conversion.missing:
        return False
    if version in conversion.extra:
        return True
    return version in source


def probe_versions(source: VersionSet, extra: list[Version]) -> list[Version]:
    """The set's boundaries and some more versions."""
    return sorted({*source.boundaries(), *extra})


catalog_sets = version_sets(elements=st.sampled_from(CATALOG) | cpython_versions())


# -- OSV ---------------------------------------------------------------------------------------


def test_osv_ranges_for_per_branch_fixes() -> None:
    """OSV schema › ranges: minimal sorted events; introduced "0" is the bottom."""
    conversion = to_osv_ranges(AFFECTED)
    assert conversion.exact
    assert conversion.scope == LINE
    assert osv_json(conversion.value) == (
        {
            "type": "ECOSYSTEM",
            "events": [
                {"introduced": "0"},
                {"fixed": "3.8.20"},
                {"introduced": "3.9.0a1"},
                {"fixed": "3.9.20"},
                {"introduced": "3.10.0a1"},
                {"fixed": "3.10.15"},
                {"introduced": "3.11.0a1"},
                {"fixed": "3.11.10"},
                {"introduced": "3.12.0a1"},
                {"fixed": "3.12.6"},
                {"introduced": "3.13.0a1"},
                {"fixed": "3.13.0rc2"},
            ],
        },
    )


def test_osv_inclusive_ends_need_a_last_affected_range_and_open_lower_ends_are_lost() -> None:
    """OSV schema: last_affected and fixed never share a range; introduced is inclusive only."""
    source = VersionSet.at_most(V("0.5")) | VersionSet.interval(
        V("1.0"), V("2.0"), lower_inclusive=False
    )
    conversion = to_osv_ranges(source)
    assert osv_json(conversion.value) == (
        {"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"fixed": "2.0"}]},
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "0.5"}]},
    )
    assert not conversion.exact
    assert conversion.extra == VersionSet.singleton(V("1.0"))
    assert conversion.missing.is_empty
    assert conversion.notes == (
        "OSV has no exclusive introduced: 1.0 is taken in",
        "also takes in {1.0}",
    )
    assert not conversion.exact_over([V("1.0")])
    assert conversion.exact_over([V("1.5"), V("2.0")])


def test_osv_empty_and_full_sets() -> None:
    """The empty set is no range at all; everything is introduced "0" alone."""
    assert to_osv_ranges(VersionSet.empty()).value == ()
    assert osv_json(to_osv_ranges(VersionSet.full()).value) == (
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}]},
    )
    literal = to_osv_ranges(VersionSet.singleton("0.7.10p1"))
    assert literal.value == ()
    assert literal.notes == ("non-PEP 440 strings cannot be expressed as a range and are left out",)


def test_osv_walk_ties_follow_file_order() -> None:
    """range-semantics §1.7: pyspark (fixed 3.1.1 then introduced 3.1.1) leaves 3.1.1
    affected under a stable sort; apache-iotdb (introduced then fixed 0.13.0) does not."""
    pyspark = [{"events": [{"introduced": "0"}, {"fixed": "3.1.1"}, {"introduced": "3.1.1"}]}]
    assert V("3.1.1") in osv_from_json(pyspark)
    iotdb = [{"events": [{"introduced": "0.13.0"}, {"fixed": "0.13.0"}]}]
    assert osv_from_json(iotdb).is_empty


def test_osv_walk_collapses_overlaps_inside_one_range() -> None:
    """range-semantics §1.7 (wagtail/PYSEC-2021-114): overlapping pairs are walked, not united."""
    wagtail = [
        {
            "events": [
                {"introduced": "2.11"},
                {"fixed": "2.11.7"},
                {"introduced": "0"},
                {"fixed": "2.11.6"},
                {"introduced": "2.12"},
                {"fixed": "2.12.4"},
            ]
        }
    ]
    result = osv_from_json(wagtail)
    assert V("2.11.6") not in result
    assert str(result) == "(-inf, 2.11.6) | [2.12, 2.12.4)"


def test_osv_limits_and_last_affected() -> None:
    """OSV schema: limit narrows (several allowed, "*" is infinity); last_affected is inclusive."""
    ranges = [
        {"events": [{"introduced": "1.0"}, {"limit": "1.5"}, {"limit": "1.2"}]},
        {"events": [{"introduced": "3.0"}, {"last_affected": "3.4"}, {"limit": "*"}]},
    ]
    assert str(osv_from_json(ranges)) == "[1.0, 1.5) | [3.0, 3.4]"


def test_osv_problems_are_all_reported() -> None:
    """Every bad event is reported with its JSON path and value: shape problems by the
    serialization reader (as in a loaded record), evaluation problems by `from_osv_ranges`."""
    ranges: list[dict[str, Any]] = [
        {"events": [{"introduced": "1.0", "fixed": "2.0"}, {"introduced": "x!"}]},
        {"events": [{"broken": "1.0"}, {"fixed": 3}]},
    ]
    with pytest.raises(InvalidRecordError) as caught:
        osv_from_json(ranges, source="t.json")
    assert str(caught.value) == (
        "t.json: $.ranges[0].events[0]: an event needs exactly one of introduced, fixed, "
        "last_affected, limit (got {'introduced': '1.0', 'fixed': '2.0'}); "
        "$.ranges[1].events[0]: an event needs exactly one of introduced, fixed, "
        "last_affected, limit (got {'broken': '1.0'}); "
        "$.ranges[1].events[1]: fixed must be a string (got {'fixed': 3})"
    )
    evaluable: list[dict[str, Any]] = [
        {"events": [{"introduced": "1.0"}, {"introduced": "x!"}]},
        {"events": [{"fixed": "3"}]},
        {"type": "SEMVER", "events": [{"introduced": "0"}]},
    ]
    with pytest.raises(InvalidRecordError) as caught:
        osv_from_json(evaluable, source="t.json")
    assert str(caught.value) == (
        "t.json: $.ranges[0]: event version 'x!' is not PEP 440, so the range cannot be "
        "ordered; $.ranges[2]: SEMVER ranges are not evaluated on PEP 440 versions"
    )


@given(version_sets(literals=True), st.lists(versions(), max_size=10))
def test_osv_conversion_is_exact_or_reports_its_losses(
    source: VersionSet, extra: list[Version]
) -> None:
    """Issue 5: every conversion preserves the set or reports itself inexact (OSV walk)."""
    conversion = to_osv_ranges(source)
    back = from_osv_ranges(conversion.value)
    for version in probe_versions(source, extra):
        assert (version in back) == expected(conversion, source, version), version
    has_open_lower = any(
        item.lower is not None and not item.lower_inclusive for item in source.intervals()
    )
    assert conversion.exact == (not has_open_lower)


# -- CVE JSON 5 -----------------------------------------------------------------------------


def test_cve_versions_one_entry_per_branch_with_prereleases() -> None:
    """Issue 5 item 3: one entry per branch, covering the branch's pre-releases, in order."""
    source = ranges_from_fixes(CPYTHON, ["3.12.8", "3.14.0a3"], introduced="3.12.0").affected
    conversion = to_cve_versions(source, catalog=CPYTHON)
    assert conversion.exact
    assert cve_json(conversion.value) == (
        {"version": "3.12.0", "lessThan": "3.12.8", "status": "affected", "versionType": "python"},
        {
            "version": "3.13.0a1",
            "lessThan": "3.14.0a1",
            "status": "affected",
            "versionType": "python",
        },
        {
            "version": "3.14.0a1",
            "lessThan": "3.14.0a3",
            "status": "affected",
            "versionType": "python",
        },
    )
    without_catalog = to_cve_versions(source)
    assert [entry["version"] for entry in cve_json(without_catalog.value)] == ["3.12.0", "3.13.0a1"]


def test_cve_bottom_entry_stays_whole_and_other_forms() -> None:
    """The PSF convention: the range from "0" covers every older branch in one entry."""
    conversion = to_cve_versions(AFFECTED, catalog=CPYTHON)
    assert cve_json(conversion.value)[0] == {
        "version": "0",
        "lessThan": "3.8.20",
        "status": "affected",
        "versionType": "python",
    }
    assert len(conversion.value) == 6
    odd = VersionSet.singleton(V("1.0")) | VersionSet.interval(
        V("2.0"), V("3.0"), lower_inclusive=False, upper_inclusive=True
    )
    odd = odd | VersionSet.at_least(V("4.0"))
    result = to_cve_versions(odd)
    assert cve_json(result.value) == (
        {"version": "1.0", "status": "affected", "versionType": "python"},
        {
            "version": "2.0",
            "lessThanOrEqual": "3.0",
            "status": "affected",
            "versionType": "python",
        },
        {"version": "4.0", "lessThan": "*", "status": "affected", "versionType": "python"},
    )
    assert result.extra == VersionSet.singleton(V("2.0"))
    assert result.notes == (
        "CVE ranges have no exclusive lower end: 2.0 is taken in",
        "also takes in {2.0}",
    )


def test_cve_first_match_changes_and_default_status() -> None:
    """CVE JSON 5 › versions: first match wins; changes re-sorted; unmatched -> defaultStatus."""
    entries: list[dict[str, Any]] = [
        {"version": "1.0", "lessThan": "2.0", "status": "unaffected", "versionType": "python"},
        {
            "version": "0",
            "lessThan": "*",
            "status": "affected",
            "versionType": "python",
            "changes": [{"at": "5.0", "status": "unknown"}, {"at": "3.0", "status": "unaffected"}],
        },
        {"version": "1.5", "status": "affected"},
    ]
    affected, unknown = cve_from_json(entries)
    assert str(affected) == "(-inf, 1.0) | [2.0, 3.0)"
    assert str(unknown) == "[5.0, +inf)"
    partial, rest = cve_from_json(
        [
            {
                "version": "1.0",
                "lessThanOrEqual": "1.4",
                "status": "affected",
                "versionType": "python",
            }
        ]
    )
    assert str(partial) == "[1.0, 1.4]"
    assert str(rest) == "(-inf, 1.0) | (1.4, +inf)"


def test_cve_problems_are_all_reported() -> None:
    """CVE JSON 5: a range needs versionType (only python/pypi can be evaluated); every
    entry the evaluator cannot read is listed, then a bad defaultStatus."""
    entries: list[dict[str, Any]] = [
        {"version": "1.0", "lessThan": "2.0", "status": "affected", "versionType": "custom"},
        {"version": "x!", "lessThan": "2.0", "status": "affected", "versionType": "python"},
        {"version": "1.0", "lessThan": "y!", "status": "affected", "versionType": "python"},
        {"version": "x!", "status": "affected"},
        {
            "version": "1.0",
            "lessThan": "2.0",
            "status": "affected",
            "versionType": "python",
            "changes": [{"at": "z!", "status": "affected"}],
        },
    ]
    with pytest.raises(InvalidRecordError) as caught:
        cve_from_json(entries, default_status="nope")
    assert str(caught.value) == (
        "$.versions[0]: versionType 'custom' cannot be compared as PEP 440; "
        "$.versions[1]: 'x!' is not a PEP 440 version; "
        "$.versions[2]: 'y!' is not a PEP 440 version; "
        "$.versions[3]: 'x!' is not a PEP 440 version; "
        "$.versions[4].changes[0].at: is not a PEP 440 version (got 'z!'); "
        "defaultStatus: is not a CVE status (got 'nope')"
    )
    with pytest.raises(InvalidRecordError) as caught:
        cve_from_json([{"version": "1.0", "status": "maybe"}])
    assert str(caught.value) == (
        "$.versions[0].status: expected one of affected, unaffected, unknown (got 'maybe')"
    )


@given(catalog_sets, st.lists(versions(), max_size=10))
def test_cve_conversion_is_exact_or_reports_its_losses(
    source: VersionSet, extra: list[Version]
) -> None:
    """Issue 5: every conversion preserves the set or reports itself inexact (CVE first match)."""
    conversion = to_cve_versions(source, catalog=CPYTHON)
    back, unknown = from_cve_versions(conversion.value, default_status="unaffected")
    assert unknown.is_empty
    for version in probe_versions(source, extra):
        assert (version in back) == expected(conversion, source, version), version


# -- vers -------------------------------------------------------------------------------------


def test_vers_strings() -> None:
    """vers: comparators for every interval end; the empty set has no vers form."""
    assert to_vers(AFFECTED).value == (
        "vers:pypi/<3.8.20|>=3.9.0a1|<3.9.20|>=3.10.0a1|<3.10.15|>=3.11.0a1|<3.11.10"
        "|>=3.12.0a1|<3.12.6|>=3.13.0a1|<3.13.0rc2"
    )
    odd = VersionSet.singleton(V("1.0")) | VersionSet.interval(
        V("2.0"), V("3.0"), lower_inclusive=False, upper_inclusive=True
    )
    assert to_vers(odd).value == "vers:pypi/1.0|>2.0|<=3.0"
    assert to_vers(VersionSet.full()).value == "vers:pypi/*"
    empty = to_vers(VersionSet.empty())
    assert empty.value is None
    assert empty.notes == ("vers cannot write the empty set",)


def test_from_vers_reads_equalities_exclusions_and_errors() -> None:
    """vers: "=" and "!=" are checked first, then comparators pair up into intervals."""
    assert str(from_vers("vers:pypi/1.0|>=2.0")) == "{1.0} | [2.0, +inf)"
    assert str(from_vers("vers:pypi/!=1.5")) == "(-inf, 1.5) | (1.5, +inf)"
    assert str(from_vers("vers:pypi/>=1.0|<2.0|!=1.5")) == "[1.0, 1.5) | (1.5, 2.0)"
    assert from_vers("vers:pypi/*") == VersionSet.from_intervals(VersionSet.full().intervals())
    with pytest.raises(InvalidInputError) as scheme:
        from_vers("vers:npm/1.0")
    assert str(scheme.value) == "vers: is not a vers:pypi/ string (got 'vers:npm/1.0')"
    with pytest.raises(InvalidInputError) as bad:
        from_vers("vers:pypi/>=1.0|x!!")
    assert str(bad.value).startswith("vers: univers rejects it: 'x!!' is not a valid ")


@given(version_sets(literals=True))
def test_vers_round_trip_through_univers_is_exact(source: VersionSet) -> None:
    """vers has a comparator for every end, so to_vers then from_vers gives the set back."""
    conversion = to_vers(source)
    interval_part = VersionSet.from_intervals(source.intervals())
    if interval_part.is_empty:
        assert conversion.value is None
        return
    assert conversion.exact
    assert conversion.value is not None
    assert from_vers(conversion.value) == interval_part


@given(catalog_sets)
def test_vers_agrees_with_univers_membership(source: VersionSet) -> None:
    """univers' own containment test agrees with the set on every catalog release."""
    conversion = to_vers(source)
    if conversion.value is None:
        return
    parsed = UniversRange.from_string(conversion.value)  # type: ignore[no-untyped-call]
    for version in CATALOG[::7]:
        assert (PypiVersion(str(version)) in parsed) == (version in source), version


# -- PEP 440 specifiers -------------------------------------------------------------------------


def test_specifiers_use_natural_form_where_exact_over_the_catalog() -> None:
    """Issue 5 item 3: >=A,<B where PEP 440 reads it the same over the catalog."""
    conversion = to_specifiers(AFFECTED, CPYTHON)
    assert conversion.exact
    assert conversion.scope == "the 651 releases of the cpython catalog"
    assert [str(spec) for spec in conversion.value] == [
        "<3.8.20",
        "<3.9.20,>=3.9.0a1",
        "<3.10.15,>=3.10.0a1",
        "<3.11.10,>=3.11.0a1",
        "<3.12.6,>=3.12.0a1",
        "<3.13.0rc2,>=3.13.0a1",
    ]


def test_specifiers_move_ends_onto_releases_where_pep_440_excludes_prereleases() -> None:
    """PEP 440: <V excludes V's pre-releases, so "fixed in 3.13.0" becomes <=3.13.0rc3."""
    source = VersionSet.interval(V("3.13.0a1"), V("3.13.0"))
    conversion = to_specifiers(source, CPYTHON)
    assert conversion.exact
    assert [str(spec) for spec in conversion.value] == ["<=3.13.0rc3,>=3.13.0a1"]
    assert not SpecifierSet("<3.13.0", prereleases=True).contains("3.13.0rc3")
    single = to_specifiers(VersionSet.singleton(V("3.12.1")), CPYTHON)
    assert [str(spec) for spec in single.value] == ["==3.12.1"]
    assert [str(s) for s in to_specifiers(VersionSet.full(), CPYTHON).value] == [""]
    assert to_specifiers(VersionSet.empty(), CPYTHON).value == ()


def test_specifiers_over_a_plain_version_list() -> None:
    """A list of versions works as the catalog; exclusive ends use > where PEP 440 agrees."""
    pool = [V("1.0"), V("1.0.post1"), V("1.1"), V("2.0")]
    conversion = to_specifiers(VersionSet.greater_than(V("1.0")), pool)
    assert conversion.scope == "4 given versions"
    assert [str(spec) for spec in conversion.value] == [">=1.0.post1"]
    assert conversion.exact


def test_from_specifiers_parses_text_and_reports_bad_specifiers() -> None:
    """Specifier text is parsed with pre-releases admitted; every bad one is listed."""
    # PEP 440: <3.13.0 excludes every 3.13.0 pre-release, so the second set matches nothing.
    result = from_specifiers(["<3.8.0", ">=3.13.0a1,<3.13.0"], CPYTHON)
    assert str(result) == "[1.6.0a1, 3.7.17]"
    assert str(from_specifiers([">=3.13.0a1,<3.13.0rc2"], CPYTHON)) == "[3.13.0a1, 3.13.0rc1]"
    with pytest.raises(InvalidInputError) as caught:
        from_specifiers(["<3.8", "=>3", "~=1"], CPYTHON)
    assert str(caught.value) == (
        "specifiers: specifiers[1]: is not a PEP 440 specifier (got '=>3'); "
        "specifiers[2]: is not a PEP 440 specifier (got '~=1')"
    )


@given(catalog_sets)
def test_specifier_conversion_is_exact_over_the_catalog_by_packagings_reading(
    source: VersionSet,
) -> None:
    """Issue 5: specifiers are exact over the catalog or reported inexact; packaging decides."""
    conversion = to_specifiers(source, CPYTHON)
    assert conversion.exact
    for version in CATALOG:
        matched = any(spec.contains(version, prereleases=True) for spec in conversion.value)
        assert matched == (version in source), version


def test_catalog_set_writes_runs_with_catalog_ends() -> None:
    """catalog_set turns positions into closed runs between catalog releases."""
    pool = [V("1.0"), V("1.1"), V("1.2"), V("2.0")]
    assert str(catalog_set(pool, [0, 1, 3])) == "[1.0, 1.1] | {2.0}"
    assert catalog_set(pool, []).is_empty


# -- packaging.ranges.VersionRange ------------------------------------------------------------


@pytest.mark.skipif(not HAS_VERSION_RANGE, reason="packaging < 26.3 has no packaging.ranges")
def test_version_range_for_per_branch_fixes() -> None:
    """packaging.ranges: a VersionRange with pre-releases admitted, exact over the catalog."""
    conversion = to_version_range(AFFECTED, CPYTHON)
    assert conversion.exact
    assert "3.13.0rc1" in conversion.value
    assert "3.13.0rc2" not in conversion.value
    assert from_version_range(conversion.value, CPYTHON) == catalog_set(
        CATALOG, AFFECTED.select_sorted(CATALOG)
    )


@pytest.mark.skipif(not HAS_VERSION_RANGE, reason="packaging < 26.3 has no packaging.ranges")
@given(catalog_sets)
def test_version_range_conversion_is_exact_over_the_catalog(source: VersionSet) -> None:
    """Issue 5: to and from packaging.ranges.VersionRange, exact over the catalog."""
    conversion = to_version_range(source, CPYTHON)
    assert conversion.exact
    for version in CATALOG[::3]:
        assert (version in conversion.value) == (version in source), version


def test_the_version_zero_is_not_written_as_the_bottom() -> None:
    """range-semantics §8.3: "0" is the bottom, not Version("0"); the version 0 is spelt 0.0."""
    from_zero = VersionSet.at_least(V("0"))
    osv = to_osv_ranges(from_zero)
    assert osv_json(osv.value) == ({"type": "ECOSYSTEM", "events": [{"introduced": "0.0"}]},)
    assert osv.exact
    cve = to_cve_versions(from_zero)
    assert cve.value[0].version == "0.0"
    assert cve.exact
    assert V("0.dev0") not in from_osv_ranges(osv.value)


def test_a_specifier_that_cannot_be_exact_says_what_it_adds() -> None:
    """PEP 440: ==1.0 also matches 1.0+local; over versions holding both, that is reported."""
    pool = [V("1.0"), V("1.0+local")]
    conversion = to_specifiers(VersionSet.singleton(V("1.0")), pool)
    assert [str(spec) for spec in conversion.value] == ["==1.0"]
    assert not conversion.exact
    assert conversion.missing.is_empty
    assert V("1.0+local") in conversion.extra
    assert conversion.notes == ("also takes in (1.0, 1.0+local]",)


def test_check_reports_missing_members() -> None:
    """A value that leaves members out names them in `missing` and in the notes."""
    from psrt_core.ranges._convert import _check

    source = VersionSet.interval(V("1.0"), V("2.0"))
    conversion = _check("value", source, VersionSet.interval(V("1.0"), V("1.5")), LINE, [])
    assert conversion.missing == VersionSet.interval(V("1.5"), V("2.0"))
    assert conversion.notes == ("does not express [1.5, 2.0)",)
    assert not conversion.exact


def test_vers_consecutive_lower_bounds_keep_the_first() -> None:
    """vers: of two lower comparators in a row, the first opens the interval."""
    assert str(from_vers("vers:pypi/>=1.0|>=2.0|<3.0")) == "[1.0, 3.0)"


def test_cve_split_skips_branches_without_releases() -> None:
    """Only branches with a release start a new CVE entry."""
    from psrt_core.versions import Branch, BranchStatus, Catalog, Release

    catalog = Catalog(
        "toy",
        [Release("1.0.0"), Release("1.0.1"), Release("1.2.0")],
        [Branch(name, BranchStatus.SECURITY) for name in ("1.0", "1.1", "1.2")],
    )
    source = VersionSet.interval(V("1.0.0"), V("1.2.1"))
    versions = [e.version for e in to_cve_versions(source, catalog=catalog).value]
    assert versions == ["1.0.0", "1.2.0"]


def test_fragment_readers_need_a_list() -> None:
    """OSV ``ranges`` and CVE ``versions`` are JSON arrays: anything else is one problem at
    the list's own path, with the value, before any item is read."""
    from psrt_core.serialization import cve_versions_from_dicts, osv_ranges_from_dicts

    with pytest.raises(InvalidRecordError) as caught:
        osv_ranges_from_dicts({"type": "ECOSYSTEM"}, source="t.json")
    assert str(caught.value) == (
        "t.json: $.ranges: expected a list of objects (got {'type': 'ECOSYSTEM'})"
    )
    with pytest.raises(InvalidRecordError) as caught:
        cve_versions_from_dicts("0")
    assert str(caught.value) == "$.versions: expected a list of objects (got '0')"


def test_specifiers_of_an_interval_ending_on_a_local_version() -> None:
    """Issue 14: ``>=3.12.0,<3.12.8+local`` is no PEP 440 specifier (PEP 440 › Version
    specifiers: local labels are not permitted with ordered comparisons); the interval is
    written with catalog releases instead of letting ``InvalidSpecifier`` escape."""
    source = VersionSet.interval(Version("3.12.0"), Version("3.12.8+local"))
    conversion = to_specifiers(source, CPYTHON)
    assert [str(spec) for spec in conversion.value] == ["<=3.12.8,>=3.12.0"]
    assert conversion.exact


def test_a_run_starting_at_a_local_release_has_no_specifier() -> None:
    """PEP 440 › local versions: ``>=1.0+local`` is no valid specifier, so a run of the given
    versions that starts at ``1.0+local`` cannot be written at all and is refused."""
    given_versions = [Version("0.9"), Version("1.0+local"), Version("1.1"), Version("2.0")]
    source = VersionSet.interval(Version("1.0+local"), Version("1.1"), upper_inclusive=True)
    with pytest.raises(InvalidInputError) as caught:
        to_specifiers(source, given_versions)
    assert str(caught.value) == (
        "versions: a release cannot be written as a PEP 440 specifier (got '>=1.0+local,<=1.1')"
    )
